// SSHSIG signatures: read from ssh-keygen's armored text and checked with OpenSSL 3's EVP
// interface, field by field as OpenSSH's sshsig.c and ssh-*.c check them.
#include "SshSignature.h"

#include "SafeText.h"

#include <QCryptographicHash>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

namespace golive::signing {

namespace {

constexpr QLatin1String kBegin("-----BEGIN SSH SIGNATURE-----");
constexpr QLatin1String kEnd("-----END SSH SIGNATURE-----");
const QByteArray kMagic("SSHSIG");
constexpr quint32 kVersion = 1;
// A signature is a key and a few hundred bytes; the largest (RSA of 16384 bits) is under 5 KiB.
// Anything much larger is not a signature, and is not decoded whole.
constexpr qsizetype kMaxArmored = 64 * 1024;
// OpenSSH's own ceiling on an RSA modulus (SSH_RSA_MAXIMUM_MODULUS_SIZE), which also bounds the
// work a hostile key can ask for.
constexpr int kMaxRsaBits = 16384;
// A bignum longer than this (OpenSSH's SSHBUF_MAX_BIGNUM, plus a sign byte) is refused.
constexpr qsizetype kMaxMpintBytes = 16384 / 8 + 1;
// The security-key flag for "the user touched the key" (SSH_SK_USER_PRESENCE_REQD). golive
// requires it, as sshd does for logins unless told no-touch-required: a sign-off is a person's
// act. (ssh-keygen -Y verify of OpenSSH 9.2 does not look at it, so golive is the stricter.)
constexpr quint8 kSkUserPresent = 0x01;

bool fail(QString* why, const QString& words)
{
    if (why)
        *why = words;
    return false;
}

// A field from the signature, for the words of a refusal: short, controls made visible.
QString shown(const QByteArray& field)
{
    return visibleControls(QString::fromUtf8(field.left(64)));
}

struct PkeyFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BnFree
{
    void operator()(BIGNUM* p) const { BN_free(p); }
};
struct EcdsaSigFree
{
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
struct ParamBldFree
{
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree
{
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Bignum = std::unique_ptr<BIGNUM, BnFree>;

const unsigned char* bytes(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

// An SSH mpint as a positive BIGNUM, with OpenSSH's rules: no negative values, no more than
// kMaxMpintBytes, leading zero bytes ignored.
Bignum positiveMpint(const QByteArray& m)
{
    if (m.isEmpty() || m.size() > kMaxMpintBytes || (quint8(m.at(0)) & 0x80) != 0)
        return nullptr;
    return Bignum(BN_bin2bn(bytes(m), int(m.size()), nullptr));
}

// EVP_DigestVerify of `data` against `signature` under `key`; `md` is null for Ed25519, which
// hashes inside the algorithm.
bool evpVerify(EVP_PKEY* key, const EVP_MD* md, const QByteArray& data, const QByteArray& signature)
{
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()), bytes(data),
                            size_t(data.size())) == 1;
}

Pkey ed25519Key(const QByteArray& pk)
{
    if (pk.size() != 32)
        return nullptr;
    return Pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(pk), 32));
}

// A public key built from OpenSSL parameters. For EC, OpenSSL refuses a point that is not on
// the curve here (EC_POINT_oct2point checks it), and ecKey takes uncompressed points only, so
// the point at infinity cannot be given.
Pkey keyFromParams(const char* algorithm, OSSL_PARAM_BLD* bld)
{
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1)
        return nullptr;
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return nullptr;
    return Pkey(raw);
}

// OpenSSH's curve names, OpenSSL's for the same curves, and the hash each signs with.
struct Curve
{
    QByteArray sshName;
    const char* groupName;
    const EVP_MD* (*md)();
    qsizetype pointSize; // uncompressed: 0x04, X, Y
};

const Curve* curveNamed(const QByteArray& name)
{
    static const Curve kCurves[] = {
        {QByteArrayLiteral("nistp256"), "prime256v1", EVP_sha256, 1 + 2 * 32},
        {QByteArrayLiteral("nistp384"), "secp384r1", EVP_sha384, 1 + 2 * 48},
        {QByteArrayLiteral("nistp521"), "secp521r1", EVP_sha512, 1 + 2 * 66},
    };
    for (const auto& c : kCurves) {
        if (c.sshName == name)
            return &c;
    }
    return nullptr;
}

Pkey ecKey(const Curve& curve, const QByteArray& point)
{
    if (point.size() != curve.pointSize)
        return nullptr;
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.groupName,
                                        0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         size_t(point.size())) != 1)
        return nullptr;
    return keyFromParams("EC", bld.get());
}

// The inner blob of an SSH ECDSA signature (mpint r, mpint s, nothing after) as the DER that
// OpenSSL verifies; empty when malformed.
QByteArray ecdsaDer(const QByteArray& inner)
{
    WireReader r(inner);
    QByteArray rBytes, sBytes;
    if (!r.readString(&rBytes) || !r.readString(&sBytes) || !r.atEnd())
        return {};
    Bignum rn = positiveMpint(rBytes);
    Bignum sn = positiveMpint(sBytes);
    std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
    if (!rn || !sn || !sig || ECDSA_SIG_set0(sig.get(), rn.get(), sn.get()) != 1)
        return {};
    // The signature owns r and s now.
    (void)rn.release();
    (void)sn.release();
    unsigned char* der = nullptr;
    const int n = i2d_ECDSA_SIG(sig.get(), &der);
    if (n <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char*>(der), n);
    OPENSSL_free(der);
    return out;
}

// The fields of a security key's signature after its inner signature: the flags and the
// counter, and the data the key actually signed over them.
QByteArray skSignedData(const QByteArray& application, quint8 flags, quint32 counter,
                        const QByteArray& message)
{
    QByteArray d = QCryptographicHash::hash(application, QCryptographicHash::Sha256);
    d.append(char(flags));
    appendU32(&d, counter);
    d.append(QCryptographicHash::hash(message, QCryptographicHash::Sha256));
    return d;
}

bool badSignature(QString* why)
{
    return fail(why, QStringLiteral("the signature does not match the data"));
}

// Checks `sigBlob` (the wire-format signature) over `toVerify` (the SSHSIG blob to sign) with
// `keyBlob`, whose type `type` fromBlob has vetted.
bool verifyWithKey(const QString& type, const QByteArray& keyBlob, const QByteArray& sigBlob,
                   const QByteArray& toVerify, QString* why)
{
    WireReader key(keyBlob);
    QByteArray keyType;
    key.readString(&keyType);

    WireReader sig(sigBlob);
    QByteArray sigAlg;
    if (!sig.readString(&sigAlg))
        return fail(why, QStringLiteral("the signature field is malformed"));

    if (type == QLatin1String("ssh-rsa")) {
        if (sigAlg == "ssh-rsa")
            return fail(why, QStringLiteral("the RSA signature uses SHA-1 (ssh-rsa); golive "
                                            "accepts rsa-sha2-256 and rsa-sha2-512"));
        const EVP_MD* md = sigAlg == "rsa-sha2-256"   ? EVP_sha256()
                           : sigAlg == "rsa-sha2-512" ? EVP_sha512()
                                                      : nullptr;
        if (!md)
            return fail(why, QStringLiteral("the signature's algorithm %1 does not fit an %2 key")
                                 .arg(shown(sigAlg), type));
        QByteArray e, n, s;
        key.readString(&e);
        key.readString(&n);
        if (!sig.readString(&s) || !sig.atEnd())
            return fail(why, QStringLiteral("the RSA signature is malformed"));
        Bignum en = positiveMpint(e);
        Bignum nn = positiveMpint(n);
        if (!en || !nn)
            return fail(why, QStringLiteral("the RSA key is malformed"));
        // The lower bound is acceptableForSigning's, checked in verify().
        const int bits = BN_num_bits(nn.get());
        if (bits > kMaxRsaBits)
            return fail(why, QStringLiteral("the RSA key has %1 bits; the most OpenSSH accepts "
                                            "is %2")
                                 .arg(bits)
                                 .arg(kMaxRsaBits));
        // As OpenSSH does: a signature shorter than the modulus is left-padded with zeros.
        const qsizetype modBytes = BN_num_bytes(nn.get());
        if (s.isEmpty() || s.size() > modBytes)
            return fail(why, QStringLiteral("the RSA signature is malformed"));
        s.prepend(QByteArray(modBytes - s.size(), '\0'));
        std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
        if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, nn.get()) != 1 ||
            OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, en.get()) != 1)
            return fail(why, QStringLiteral("OpenSSL could not take the RSA key"));
        Pkey pkey = keyFromParams("RSA", bld.get());
        if (!pkey)
            return fail(why, QStringLiteral("the RSA key is malformed"));
        return evpVerify(pkey.get(), md, toVerify, s) || badSignature(why);
    }

    // Every other type signs with an algorithm of its own name.
    if (QLatin1String(sigAlg) != type)
        return fail(why, QStringLiteral("the signature's algorithm %1 does not fit an %2 key")
                             .arg(shown(sigAlg), type));

    if (type == QLatin1String("ssh-ed25519")) {
        QByteArray pk, s;
        key.readString(&pk);
        if (!sig.readString(&s) || s.size() != 64 || !sig.atEnd())
            return fail(why, QStringLiteral("the Ed25519 signature is malformed"));
        Pkey pkey = ed25519Key(pk);
        if (!pkey)
            return fail(why, QStringLiteral("OpenSSL could not take the Ed25519 key"));
        return evpVerify(pkey.get(), nullptr, toVerify, s) || badSignature(why);
    }

    if (type == QLatin1String("sk-ssh-ed25519@openssh.com")) {
        QByteArray pk, application, s;
        quint8 flags = 0;
        quint32 counter = 0;
        key.readString(&pk);
        key.readString(&application);
        if (!sig.readString(&s) || s.size() != 64 || !sig.readU8(&flags) ||
            !sig.readU32(&counter) || !sig.atEnd())
            return fail(why, QStringLiteral("the security key's Ed25519 signature is malformed"));
        if ((flags & kSkUserPresent) == 0)
            return fail(why, QStringLiteral("the security key signed without the user's touch "
                                            "(user presence flag not set)"));
        Pkey pkey = ed25519Key(pk);
        if (!pkey)
            return fail(why, QStringLiteral("OpenSSL could not take the Ed25519 key"));
        return evpVerify(pkey.get(), nullptr, skSignedData(application, flags, counter, toVerify),
                         s) ||
               badSignature(why);
    }

    // ECDSA, plain or on a security key.
    const bool sk = type == QLatin1String("sk-ecdsa-sha2-nistp256@openssh.com");
    QByteArray curveName, point, application, inner;
    key.readString(&curveName);
    key.readString(&point);
    if (sk)
        key.readString(&application);
    const Curve* curve = curveNamed(curveName);
    if (!curve)
        return fail(why, QStringLiteral("the ECDSA key's curve %1 is not one golive knows")
                             .arg(shown(curveName)));
    quint8 flags = 0;
    quint32 counter = 0;
    if (!sig.readString(&inner) || (sk && (!sig.readU8(&flags) || !sig.readU32(&counter))) ||
        !sig.atEnd())
        return fail(why, QStringLiteral("the ECDSA signature is malformed"));
    if (sk && (flags & kSkUserPresent) == 0)
        return fail(why, QStringLiteral("the security key signed without the user's touch "
                                        "(user presence flag not set)"));
    const QByteArray der = ecdsaDer(inner);
    if (der.isEmpty())
        return fail(why, QStringLiteral("the ECDSA signature is malformed"));
    Pkey pkey = ecKey(*curve, point);
    if (!pkey)
        return fail(why, QStringLiteral("the ECDSA key is not a point on its curve"));
    const QByteArray data = sk ? skSignedData(application, flags, counter, toVerify) : toVerify;
    return evpVerify(pkey.get(), curve->md(), data, der) || badSignature(why);
}

} // namespace

QByteArray SshSignature::armored() const
{
    QByteArray out = QByteArray(kBegin.data(), kBegin.size()) + '\n';
    const QByteArray b64 = raw.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 70)
        out += b64.mid(i, 70) + '\n';
    out += QByteArray(kEnd.data(), kEnd.size()) + '\n';
    return out;
}

std::optional<SshSignature> SshSignature::parseArmored(const QByteArray& armored, QString* error)
{
    if (armored.size() > kMaxArmored) {
        fail(error, QStringLiteral("not an SSH signature (%1 bytes is far more than one)")
                        .arg(armored.size()));
        return std::nullopt;
    }
    const QByteArray text = armored.trimmed();
    if (!text.startsWith(QByteArray(kBegin.data(), kBegin.size()))) {
        fail(error,
             QStringLiteral("not an SSH signature: it does not begin with \"%1\"").arg(kBegin));
        return std::nullopt;
    }
    if (!text.endsWith(QByteArray(kEnd.data(), kEnd.size()))) {
        fail(error, QStringLiteral("the SSH signature is cut short or has text after it: it "
                                   "does not end with \"%1\"")
                        .arg(kEnd));
        return std::nullopt;
    }
    QByteArray body = text.mid(kBegin.size(), text.size() - kBegin.size() - kEnd.size());
    body = body.simplified().replace(' ', QByteArray());
    const auto decoded =
        QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        fail(error, QStringLiteral("the SSH signature's base64 does not decode"));
        return std::nullopt;
    }
    return parseRaw(decoded.decoded, error);
}

std::optional<SshSignature> SshSignature::parseRaw(const QByteArray& raw, QString* error)
{
    if (!raw.startsWith(kMagic)) {
        fail(error, QStringLiteral("not an SSH signature (no SSHSIG at its start)"));
        return std::nullopt;
    }
    WireReader r(raw.mid(kMagic.size()));
    quint32 version = 0;
    if (!r.readU32(&version)) {
        fail(error, QStringLiteral("the SSH signature is cut short (no version)"));
        return std::nullopt;
    }
    if (version != kVersion) {
        fail(error, QStringLiteral("the SSH signature has version %1; golive reads version %2")
                        .arg(version)
                        .arg(kVersion));
        return std::nullopt;
    }
    QByteArray keyBlob, nameSpace, reserved, hashAlg, sigBlob;
    if (!r.readString(&keyBlob) || !r.readString(&nameSpace) || !r.readString(&reserved) ||
        !r.readString(&hashAlg) || !r.readString(&sigBlob)) {
        fail(error, QStringLiteral("the SSH signature is cut short (a field is truncated)"));
        return std::nullopt;
    }
    if (!r.atEnd()) {
        fail(error, QStringLiteral("the SSH signature has %1 bytes after its last field")
                        .arg(r.rest().size()));
        return std::nullopt;
    }
    QString words;
    auto key = SshPublicKey::fromBlob(keyBlob, &words);
    if (!key) {
        fail(error, QStringLiteral("the SSH signature's public key: %1").arg(words));
        return std::nullopt;
    }
    WireReader sigReader(sigBlob);
    QByteArray sigAlg;
    if (!sigReader.readString(&sigAlg) || sigAlg.isEmpty()) {
        fail(error, QStringLiteral("the SSH signature's signature field is malformed"));
        return std::nullopt;
    }
    SshSignature sig;
    sig.key = *key;
    sig.nameSpace = QString::fromUtf8(nameSpace);
    sig.hashAlgorithm = QString::fromUtf8(hashAlg);
    sig.sigAlgorithm = QString::fromUtf8(sigAlg);
    sig.signatureBlob = sigBlob;
    sig.raw = raw;
    return sig;
}

bool verify(const SshSignature& sig, const QByteArray& message, const QString& ns, QString* why)
{
    if (sig.nameSpace != ns)
        return fail(why, QStringLiteral("signed in namespace \"%1\", not \"%2\"")
                             .arg(visibleControls(sig.nameSpace.left(64)), ns));
    QCryptographicHash::Algorithm hash;
    if (sig.hashAlgorithm == QLatin1String("sha512"))
        hash = QCryptographicHash::Sha512;
    else if (sig.hashAlgorithm == QLatin1String("sha256"))
        hash = QCryptographicHash::Sha256;
    else
        return fail(why, QStringLiteral("the message was hashed with %1; OpenSSH signs with "
                                        "sha512 or sha256")
                             .arg(visibleControls(sig.hashAlgorithm.left(64))));
    // The key is read again from its blob: the type is taken from the bytes that are checked.
    QString words;
    const auto key = SshPublicKey::fromBlob(sig.key.blob, &words);
    if (!key)
        return fail(why, QStringLiteral("the signature's public key: %1").arg(words));
    if (!acceptableForSigning(*key, why))
        return false;

    // What the signer signed (PROTOCOL.sshsig): the magic, the namespace, an empty reserved
    // field, the hash's name and the message's hash. Built from what is expected, so a
    // signature made for anything else cannot match.
    QByteArray toVerify = kMagic;
    appendString(&toVerify, ns.toUtf8());
    appendString(&toVerify, QByteArray());
    appendString(&toVerify, sig.hashAlgorithm.toLatin1());
    appendString(&toVerify, QCryptographicHash::hash(message, hash));
    return verifyWithKey(key->type, key->blob, sig.signatureBlob, toVerify, why);
}

} // namespace golive::signing
