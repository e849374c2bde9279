// SHA-256 through OpenSSL's EVP interface.
#include "evidence/Sha256.h"

#include <openssl/evp.h>

namespace golive {

struct Sha256::Context
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : d(std::make_unique<Context>())
{
    // A context that cannot be made or set up is a broken OpenSSL: nothing can be hashed, so
    // nothing can be kept; abort rather than record evidence under a wrong hash.
    if (!d->ctx || EVP_DigestInit_ex(d->ctx, EVP_sha256(), nullptr) != 1)
        qFatal("OpenSSL cannot compute SHA-256");
}

Sha256::~Sha256() = default;

QByteArray Sha256::hexOf(const QByteArray& bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.constData(), size_t(bytes.size()), digest, &length, EVP_sha256(),
                   nullptr) != 1)
        qFatal("OpenSSL cannot compute SHA-256");
    return QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex();
}

void Sha256::addData(const QByteArray& bytes)
{
    if (EVP_DigestUpdate(d->ctx, bytes.constData(), size_t(bytes.size())) != 1)
        qFatal("OpenSSL cannot compute SHA-256");
}

QString Sha256::hexResult()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(d->ctx, digest, &length) != 1)
        qFatal("OpenSSL cannot compute SHA-256");
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
}

} // namespace golive
