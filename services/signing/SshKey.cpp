// OpenSSH public keys: the wire format, fingerprints, .pub lines and key files.
#include "SshKey.h"

#include "SafeText.h"
#include "SignOffEvent.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <array>

namespace golive::signing {

bool WireReader::readU32(quint32* v)
{
    if (m_data.size() - m_pos < 4)
        return false;
    const auto* p = reinterpret_cast<const unsigned char*>(m_data.constData() + m_pos);
    *v = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    m_pos += 4;
    return true;
}

bool WireReader::readU8(quint8* v)
{
    if (m_data.size() - m_pos < 1)
        return false;
    *v = quint8(m_data.at(m_pos));
    ++m_pos;
    return true;
}

bool WireReader::readString(QByteArray* s)
{
    quint32 n = 0;
    if (!readU32(&n) || quint64(n) > quint64(m_data.size() - m_pos))
        return false;
    *s = m_data.mid(m_pos, qsizetype(n));
    m_pos += qsizetype(n);
    return true;
}

void appendU32(QByteArray* out, quint32 v)
{
    out->append(char((v >> 24) & 0xff));
    out->append(char((v >> 16) & 0xff));
    out->append(char((v >> 8) & 0xff));
    out->append(char(v & 0xff));
}

void appendString(QByteArray* out, const QByteArray& s)
{
    appendU32(out, quint32(s.size()));
    out->append(s);
}

namespace {

// What follows the type string in each key type's blob, field by field.
enum class Shape
{
    Ed25519,   // string pk (32 bytes)
    Ecdsa,     // string curve, string Q
    Rsa,       // mpint e, mpint n
    SkEd25519, // string pk, string application
    SkEcdsa,   // string curve, string Q, string application
};

struct KnownType
{
    QLatin1String name;
    Shape shape;
    QLatin1String curve; // for ECDSA: the curve name the blob must repeat
};

constexpr std::array<KnownType, 7> kTypes{{
    {QLatin1String("ssh-ed25519"), Shape::Ed25519, QLatin1String()},
    {QLatin1String("ecdsa-sha2-nistp256"), Shape::Ecdsa, QLatin1String("nistp256")},
    {QLatin1String("ecdsa-sha2-nistp384"), Shape::Ecdsa, QLatin1String("nistp384")},
    {QLatin1String("ecdsa-sha2-nistp521"), Shape::Ecdsa, QLatin1String("nistp521")},
    {QLatin1String("ssh-rsa"), Shape::Rsa, QLatin1String()},
    {QLatin1String("sk-ssh-ed25519@openssh.com"), Shape::SkEd25519, QLatin1String()},
    {QLatin1String("sk-ecdsa-sha2-nistp256@openssh.com"), Shape::SkEcdsa,
     QLatin1String("nistp256")},
}};

const KnownType* knownType(const QByteArray& name)
{
    for (const auto& t : kTypes) {
        if (QLatin1String(name) == t.name)
            return &t;
    }
    return nullptr;
}

// The bits of a positive mpint: its length less leading zero bytes and bits.
int mpintBits(const QByteArray& m)
{
    qsizetype i = 0;
    while (i < m.size() && m.at(i) == 0)
        ++i;
    if (i == m.size())
        return 0;
    int bits = int(m.size() - i - 1) * 8;
    for (auto top = quint8(m.at(i)); top != 0; top >>= 1)
        ++bits;
    return bits;
}

bool fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

} // namespace

QString SshPublicKey::fingerprint() const
{
    QByteArray b64 = QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toBase64();
    while (b64.endsWith('='))
        b64.chop(1);
    return QStringLiteral("SHA256:") + QString::fromLatin1(b64);
}

QString SshPublicKey::shortFingerprint() const
{
    return golive::shortFingerprint(fingerprint());
}

QString SshPublicKey::line() const
{
    QString l = type + QLatin1Char(' ') + QString::fromLatin1(blob.toBase64());
    if (!comment.isEmpty())
        l += QLatin1Char(' ') + comment;
    return l;
}

int SshPublicKey::rsaBits() const
{
    if (type != QLatin1String("ssh-rsa"))
        return 0;
    WireReader r(blob);
    QByteArray t, e, n;
    if (!r.readString(&t) || !r.readString(&e) || !r.readString(&n))
        return 0;
    return mpintBits(n);
}

std::optional<SshPublicKey> SshPublicKey::fromBlob(const QByteArray& blob, QString* error)
{
    WireReader r(blob);
    QByteArray typeName;
    if (!r.readString(&typeName)) {
        fail(error, QStringLiteral("not an OpenSSH public key (too short)"));
        return std::nullopt;
    }
    const KnownType* t = knownType(typeName);
    if (!t) {
        const QString shown = visibleControls(QString::fromLatin1(typeName.left(64)));
        fail(error,
             typeName.contains("-cert-v01@")
                 ? QStringLiteral("%1 is a certificate; golive signs with plain keys").arg(shown)
                 : QStringLiteral("key type %1 is not one golive accepts (ssh-ed25519, "
                                  "ecdsa-sha2-nistp256/384/521, ssh-rsa, and their "
                                  "security-key forms)")
                       .arg(shown));
        return std::nullopt;
    }
    QByteArray a, b, c;
    bool ok = false;
    switch (t->shape) {
    case Shape::Ed25519:
        ok = r.readString(&a) && a.size() == 32;
        break;
    case Shape::SkEd25519:
        ok = r.readString(&a) && a.size() == 32 && r.readString(&b);
        break;
    case Shape::Ecdsa:
        ok = r.readString(&a) && a == QByteArray(t->curve.data(), t->curve.size()) &&
             r.readString(&b) && !b.isEmpty() && b.at(0) == 0x04;
        break;
    case Shape::SkEcdsa:
        ok = r.readString(&a) && a == QByteArray(t->curve.data(), t->curve.size()) &&
             r.readString(&b) && !b.isEmpty() && b.at(0) == 0x04 && r.readString(&c);
        break;
    case Shape::Rsa:
        ok = r.readString(&a) && !a.isEmpty() && r.readString(&b) && mpintBits(b) > 0;
        break;
    }
    if (!ok || !r.atEnd()) {
        fail(error, QStringLiteral("the %1 key is malformed").arg(t->name));
        return std::nullopt;
    }
    SshPublicKey key;
    key.type = t->name;
    key.blob = blob;
    return key;
}

std::optional<SshPublicKey> SshPublicKey::parseLine(const QString& line, QString* error)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList parts = line.trimmed().split(space);
    if (parts.size() < 2) {
        fail(error, QStringLiteral("not a public key line (expected \"TYPE BASE64 [COMMENT]\")"));
        return std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(parts.at(1).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    // Exactly as it encodes (padding included): OpenSSH and Python refuse any other spelling,
    // and a roster golive reads must be the roster they read.
    if (!decoded || decoded.decoded.isEmpty() ||
        decoded.decoded.toBase64() != parts.at(1).toLatin1()) {
        fail(error, QStringLiteral("the key's base64 does not decode as OpenSSH writes it"));
        return std::nullopt;
    }
    auto key = fromBlob(decoded.decoded, error);
    if (!key)
        return std::nullopt;
    if (key->type != parts.at(0)) {
        fail(error, QStringLiteral("the line says %1 but the key inside is %2")
                        .arg(visibleControls(parts.at(0).left(64)), key->type));
        return std::nullopt;
    }
    key->comment = parts.mid(2).join(QLatin1Char(' '));
    return key;
}

std::optional<SshPublicKey> SshPublicKey::fromFile(const QString& path, QString* error)
{
    // A key file is small; anything larger is not one (and is not read whole).
    constexpr qint64 kMaxKeyFile = 64 * 1024;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        fail(error, QStringLiteral("cannot read key file %1: %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    if (f.size() > kMaxKeyFile) {
        fail(error, QStringLiteral("%1 is not a key file (%2 bytes)").arg(path).arg(f.size()));
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    const QString text = QString::fromUtf8(bytes).trimmed();
    constexpr QLatin1String kBegin("-----BEGIN OPENSSH PRIVATE KEY-----");
    constexpr QLatin1String kEnd("-----END OPENSSH PRIVATE KEY-----");
    if (text.startsWith(kBegin)) {
        // openssh-key-v1: magic, cipher, kdf, kdf options, key count, then the public keys,
        // unencrypted, before the (maybe encrypted) private part.
        const qsizetype end = text.indexOf(kEnd);
        const QByteArray b64 =
            text.mid(kBegin.size(), end < 0 ? -1 : end - kBegin.size()).toLatin1();
        const QByteArray raw = QByteArray::fromBase64(b64);
        const QByteArray magic("openssh-key-v1", 15); // with its terminating NUL
        QByteArray cipher, kdf, kdfOptions, pub;
        quint32 count = 0;
        WireReader r(raw.mid(magic.size()));
        if (raw.startsWith(magic) && r.readString(&cipher) && r.readString(&kdf) &&
            r.readString(&kdfOptions) && r.readU32(&count) && count == 1 && r.readString(&pub)) {
            QString words;
            if (auto key = fromBlob(pub, &words))
                return key;
            fail(error, QStringLiteral("%1: %2").arg(path, words));
            return std::nullopt;
        }
        fail(error, QStringLiteral("%1 is not a readable OpenSSH private key").arg(path));
        return std::nullopt;
    }
    if (text.startsWith(QLatin1String("-----BEGIN "))) {
        // An older PEM private key keeps no public half in the clear: its .pub beside it.
        if (QFileInfo::exists(path + QLatin1String(".pub")))
            return fromFile(path + QLatin1String(".pub"), error);
        fail(error, QStringLiteral("%1 is a PEM private key without %1.pub beside it: give the "
                                   "public key file, with the private half in ssh-agent")
                        .arg(path));
        return std::nullopt;
    }
    QString words;
    if (auto key = parseLine(text.section(QLatin1Char('\n'), 0, 0), &words))
        return key;
    fail(error, QStringLiteral("%1 is not a key file: %2").arg(path, words));
    return std::nullopt;
}

bool acceptableForSigning(const SshPublicKey& key, QString* why)
{
    if (key.type == QLatin1String("ssh-rsa") && key.rsaBits() < kMinRsaBits) {
        return fail(why, QStringLiteral("the RSA key %1 has %2 bits; golive accepts RSA keys of "
                                        "%3 bits or more")
                             .arg(key.fingerprint())
                             .arg(key.rsaBits())
                             .arg(kMinRsaBits));
    }
    return true;
}

} // namespace golive::signing
