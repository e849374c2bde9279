// golive's in-process SSHSIG check against the real ssh-keygen: signatures it makes verify,
// anything changed or malformed is refused in words, and security-key signatures built here
// with OpenSSL are judged the same way by golive and by ssh-keygen -Y verify.
#include "SigningTestUtil.h"
#include "SshKey.h"
#include "SshSignature.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

using namespace golive::signing;
using namespace golive::signing::test;

namespace {

const QByteArray kData("cutover step 7 signed off at 02:14 UTC\n");

// A signature's raw blob with its fields replaced: what a hostile or broken signer might send.
struct Fields
{
    quint32 version = 1;
    QByteArray key, nameSpace, reserved, hashAlg, sig;
};

std::optional<Fields> split(const QByteArray& raw)
{
    WireReader r(raw.mid(6));
    Fields f;
    if (!r.readU32(&f.version) || !r.readString(&f.key) || !r.readString(&f.nameSpace) ||
        !r.readString(&f.reserved) || !r.readString(&f.hashAlg) || !r.readString(&f.sig))
        return std::nullopt;
    return f;
}

QByteArray join(const Fields& f)
{
    QByteArray raw("SSHSIG");
    appendU32(&raw, f.version);
    appendString(&raw, f.key);
    appendString(&raw, f.nameSpace);
    appendString(&raw, f.reserved);
    appendString(&raw, f.hashAlg);
    appendString(&raw, f.sig);
    return raw;
}

QByteArray armor(const QByteArray& raw)
{
    SshSignature s;
    s.raw = raw;
    return s.armored();
}

// The SHA-256 field of `ssh-keygen -lf`: "256 SHA256:… comment (ED25519)".
QString keygenFingerprint(const QString& pubPath)
{
    const Result r = runKeygen({QStringLiteral("-lf"), pubPath});
    return QString::fromLatin1(r.out).section(QLatin1Char(' '), 1, 1);
}

struct PkeyFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

QByteArray evpSign(EVP_PKEY* key, const EVP_MD* md, const QByteArray& data)
{
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    size_t n = 0;
    const auto* d = reinterpret_cast<const unsigned char*>(data.constData());
    if (EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &n, d, size_t(data.size())) != 1)
        return {};
    QByteArray sig(qsizetype(n), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n, d,
                       size_t(data.size())) != 1)
        return {};
    sig.truncate(qsizetype(n));
    return sig;
}

// An SSH mpint of a big-endian magnitude: leading zeros dropped, a zero byte before a high bit.
QByteArray mpint(QByteArray m)
{
    while (!m.isEmpty() && m.at(0) == 0)
        m.remove(0, 1);
    if (!m.isEmpty() && (quint8(m.at(0)) & 0x80))
        m.prepend('\0');
    return m;
}

// A security key's signature, made here as the key would make it (no hardware): the SSHSIG
// blob over `message` for an sk-ssh-ed25519 or sk-ecdsa-sha2-nistp256 key with application
// "ssh:", the given flags and counter. The public key line goes to *pubLine.
QByteArray syntheticSkSignature(bool ecdsa, const QByteArray& message, quint8 flags,
                                QString* pubLine)
{
    const QByteArray application("ssh:");
    Pkey key(ecdsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key)
        return {};
    QByteArray blob;
    const QByteArray type =
        ecdsa ? "sk-ecdsa-sha2-nistp256@openssh.com" : "sk-ssh-ed25519@openssh.com";
    appendString(&blob, type);
    if (ecdsa) {
        unsigned char point[65];
        size_t n = 0;
        if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
                                            sizeof point, &n) != 1 ||
            n != 65)
            return {};
        appendString(&blob, "nistp256");
        appendString(&blob, QByteArray(reinterpret_cast<const char*>(point), 65));
    } else {
        unsigned char pk[32];
        size_t n = sizeof pk;
        if (EVP_PKEY_get_raw_public_key(key.get(), pk, &n) != 1)
            return {};
        appendString(&blob, QByteArray(reinterpret_cast<const char*>(pk), 32));
    }
    appendString(&blob, application);
    *pubLine = QString::fromLatin1(type + ' ' + blob.toBase64());

    QByteArray toSign("SSHSIG");
    appendString(&toSign, "golive");
    appendString(&toSign, {});
    appendString(&toSign, "sha512");
    appendString(&toSign, QCryptographicHash::hash(message, QCryptographicHash::Sha512));
    const quint32 counter = 42;
    QByteArray signedData = QCryptographicHash::hash(application, QCryptographicHash::Sha256);
    signedData.append(char(flags));
    appendU32(&signedData, counter);
    signedData.append(QCryptographicHash::hash(toSign, QCryptographicHash::Sha256));

    QByteArray sigBlob;
    appendString(&sigBlob, type);
    if (ecdsa) {
        const QByteArray der = evpSign(key.get(), EVP_sha256(), signedData);
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
        if (!es)
            return {};
        QByteArray r(32, '\0'), s(32, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(r.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(s.data()), 32);
        ECDSA_SIG_free(es);
        QByteArray inner;
        appendString(&inner, mpint(r));
        appendString(&inner, mpint(s));
        appendString(&sigBlob, inner);
    } else {
        appendString(&sigBlob, evpSign(key.get(), nullptr, signedData));
    }
    sigBlob.append(char(flags));
    appendU32(&sigBlob, counter);

    Fields f;
    f.key = blob;
    f.nameSpace = "golive";
    f.hashAlg = "sha512";
    f.sig = sigBlob;
    return join(f);
}

} // namespace

class TestSshSig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void goodSignaturesVerify_data();
    void goodSignaturesVerify();
    void sha256HashedMessageVerifies();
    void wrongNamespaceRefused();
    void malformedArmorRefused();
    void everyTruncationRefused();
    void everyFlippedByteRefused_data();
    void everyFlippedByteRefused();
    void swappedKeyRefused();
    void offCurvePointRefused();
    void rsa1024Refused();
    void rsaOverOpenSshCeilingRefused();
    void rsaSha1Refused();
    void genuineSha1SignatureRefused();
    void securityKeySignatures_data();
    void securityKeySignatures();

private:
    // A key of each kind, made once, and ssh-keygen's signature of kData with it.
    struct Made
    {
        QString keyPath;
        QByteArray armored;
    };
    Made made(const QString& name) const { return m_made.value(name); }
    QTemporaryDir m_dir;
    QString m_dataPath;
    QHash<QString, Made> m_made;
};

void TestSshSig::initTestCase()
{
    // These tests compare golive with OpenSSH itself: without it they would prove nothing, so
    // its absence fails them rather than skipping them.
    QVERIFY2(QFile::exists(kSshKeygen),
             qPrintable(kSshKeygen + QStringLiteral(" is missing: these tests need ssh-keygen "
                                                    "(Debian package openssh-client)")));
    QVERIFY(m_dir.isValid());
    m_dataPath = m_dir.filePath(QStringLiteral("data"));
    QVERIFY(writeAll(m_dataPath, kData));
    const struct
    {
        const char* name;
        const char* type;
        int bits;
    } kinds[] = {{"ed25519", "ed25519", 0},  {"ecdsa256", "ecdsa", 256}, {"ecdsa384", "ecdsa", 384},
                 {"ecdsa521", "ecdsa", 521}, {"rsa3072", "rsa", 3072},   {"rsa1024", "rsa", 1024},
                 {"ed25519b", "ed25519", 0}, {"ecdsa256b", "ecdsa", 256}};
    for (const auto& k : kinds) {
        const QString name = QString::fromLatin1(k.name);
        QVERIFY2(makeKey(m_dir.path(), name, QString::fromLatin1(k.type), k.bits), k.name);
        Made m;
        m.keyPath = m_dir.filePath(name);
        m.armored = sshSign(m.keyPath, m_dataPath, kNamespace);
        QVERIFY2(!m.armored.isEmpty(), k.name);
        m_made.insert(name, m);
    }
}

void TestSshSig::goodSignaturesVerify_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("sigAlg");
    QTest::newRow("ed25519") << "ed25519"
                             << "ssh-ed25519"
                             << "ssh-ed25519";
    QTest::newRow("ecdsa-256") << "ecdsa256"
                               << "ecdsa-sha2-nistp256"
                               << "ecdsa-sha2-nistp256";
    QTest::newRow("ecdsa-384") << "ecdsa384"
                               << "ecdsa-sha2-nistp384"
                               << "ecdsa-sha2-nistp384";
    QTest::newRow("ecdsa-521") << "ecdsa521"
                               << "ecdsa-sha2-nistp521"
                               << "ecdsa-sha2-nistp521";
    QTest::newRow("rsa-3072") << "rsa3072"
                              << "ssh-rsa"
                              << "rsa-sha2-512";
}

void TestSshSig::goodSignaturesVerify()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(QString, sigAlg);
    const Made m = made(name);
    QString error;
    const auto sig = SshSignature::parseArmored(m.armored, &error);
    QVERIFY2(sig, qPrintable(error));
    QCOMPARE(sig->key.type, type);
    QCOMPARE(sig->sigAlgorithm, sigAlg);
    QCOMPARE(sig->nameSpace, kNamespace);
    QCOMPARE(sig->hashAlgorithm, QStringLiteral("sha512"));
    // The key the signature carries is the key file's, and its fingerprint ssh-keygen's.
    const auto pub = SshPublicKey::fromFile(m.keyPath + QStringLiteral(".pub"), &error);
    QVERIFY2(pub, qPrintable(error));
    QVERIFY(sig->key == *pub);
    QCOMPARE(pub->fingerprint(), keygenFingerprint(m.keyPath + QStringLiteral(".pub")));
    QVERIFY(pub->fingerprint().startsWith(QStringLiteral("SHA256:")));
    // Written back byte for byte as ssh-keygen wrote it.
    QCOMPARE(sig->armored(), m.armored);

    QString why;
    QVERIFY2(verify(*sig, kData, kNamespace, &why), qPrintable(why));

    // One byte of the data changed, one byte more, one byte less: refused, in words.
    QByteArray changed = kData;
    changed[5] = char(changed.at(5) ^ 0x01);
    for (const QByteArray& other : {changed, QByteArray(kData + 'x'), kData.chopped(1)}) {
        why.clear();
        QVERIFY(!verify(*sig, other, kNamespace, &why));
        QCOMPARE(why, QStringLiteral("the signature does not match the data"));
    }
}

void TestSshSig::sha256HashedMessageVerifies()
{
    const QByteArray armored =
        sshSign(made(QStringLiteral("ed25519")).keyPath, m_dataPath, kNamespace,
                {QStringLiteral("-O"), QStringLiteral("hashalg=sha256")});
    QVERIFY(!armored.isEmpty());
    QString error;
    const auto sig = SshSignature::parseArmored(armored, &error);
    QVERIFY2(sig, qPrintable(error));
    QCOMPARE(sig->hashAlgorithm, QStringLiteral("sha256"));
    QVERIFY2(verify(*sig, kData, kNamespace, &error), qPrintable(error));

    // A hash OpenSSH does not sign with is refused by name, even over the right bytes.
    auto f = split(sig->raw);
    QVERIFY(f);
    f->hashAlg = "md5";
    const auto md5 = SshSignature::parseRaw(join(*f), &error);
    QVERIFY2(md5, qPrintable(error));
    QVERIFY(!verify(*md5, kData, kNamespace, &error));
    QVERIFY2(error.contains(QStringLiteral("md5")), qPrintable(error));
}

void TestSshSig::wrongNamespaceRefused()
{
    const QByteArray armored =
        sshSign(made(QStringLiteral("ed25519")).keyPath, m_dataPath, QStringLiteral("git"));
    QVERIFY(!armored.isEmpty());
    QString why;
    const auto sig = SshSignature::parseArmored(armored, &why);
    QVERIFY2(sig, qPrintable(why));
    QVERIFY(!verify(*sig, kData, kNamespace, &why));
    QCOMPARE(why, QStringLiteral("signed in namespace \"git\", not \"golive\""));

    // A signature made in "git" but relabelled "golive" does not match either: the namespace is
    // part of what was signed.
    auto f = split(sig->raw);
    QVERIFY(f);
    f->nameSpace = "golive";
    const auto relabelled = SshSignature::parseRaw(join(*f), &why);
    QVERIFY2(relabelled, qPrintable(why));
    QVERIFY(!verify(*relabelled, kData, kNamespace, &why));
    QCOMPARE(why, QStringLiteral("the signature does not match the data"));
}

void TestSshSig::malformedArmorRefused()
{
    const QByteArray good = made(QStringLiteral("ed25519")).armored;
    QString error;
    QVERIFY(SshSignature::parseArmored(good, &error));
    // Surrounding whitespace and CRLF line ends are taken.
    QByteArray crlf = good;
    crlf.replace("\n", "\r\n");
    QVERIFY2(SshSignature::parseArmored("\n  " + crlf + "\n\n", &error), qPrintable(error));

    const auto raw = SshSignature::parseArmored(good, &error)->raw;
    auto refused = [](const QByteArray& text, const QString& words) {
        QString why;
        const bool parsed = SshSignature::parseArmored(text, &why).has_value();
        if (parsed || !why.contains(words))
            qWarning("parsed: %d, words: %s", int(parsed), qPrintable(why));
        return !parsed && why.contains(words);
    };
    // Cut short: the END line gone, or half the text gone.
    QVERIFY(refused(good.left(good.size() / 2), QStringLiteral("does not end with")));
    // Cut inside the base64, with the armor kept: a field is truncated.
    const QList<QByteArray> lines = good.split('\n');
    QVERIFY(lines.size() >= 4);
    QVERIFY(refused(lines.at(0) + '\n' + lines.at(1) + '\n' + lines.last() + "\n" +
                        "-----END SSH SIGNATURE-----\n",
                    QStringLiteral("cut short")));
    QVERIFY(refused(good.mid(1), QStringLiteral("does not begin with")));
    QVERIFY(refused(QByteArray(), QStringLiteral("does not begin with")));
    QVERIFY(refused(good + "more text\n", QStringLiteral("does not end with")));
    // Bad base64: a character outside the alphabet.
    QByteArray bad = good;
    bad[40] = '!';
    QVERIFY(refused(bad, QStringLiteral("base64")));
    // A blob that is not SSHSIG.
    QVERIFY(refused(armor("SSHSIX" + raw.mid(6)), QStringLiteral("no SSHSIG")));
    QVERIFY(refused(armor(QByteArray("hello")), QStringLiteral("no SSHSIG")));
    // Version 2.
    auto f = split(raw);
    QVERIFY(f);
    f->version = 2;
    QVERIFY(refused(armor(join(*f)), QStringLiteral("version 2")));
    // Trailing bytes after the last field.
    QVERIFY(refused(armor(raw + '\0'), QStringLiteral("1 bytes after")));
    // A key type golive does not know, and a certificate.
    f->version = 1;
    QByteArray dss;
    appendString(&dss, "ssh-dss");
    f->key = dss;
    QVERIFY(refused(armor(join(*f)), QStringLiteral("ssh-dss is not one golive accepts")));
    // A length field claiming more than there is.
    QByteArray huge("SSHSIG");
    appendU32(&huge, 1);
    appendU32(&huge, 0xffffffffu);
    QVERIFY(refused(armor(huge), QStringLiteral("cut short")));
    // Far more text than a signature.
    QVERIFY(refused(QByteArray(100 * 1024, 'A'), QStringLiteral("far more")));
}

void TestSshSig::everyTruncationRefused()
{
    for (const QString& name :
         {QStringLiteral("ed25519"), QStringLiteral("ecdsa521"), QStringLiteral("rsa3072")}) {
        QString error;
        const QByteArray raw = SshSignature::parseArmored(made(name).armored, &error)->raw;
        for (qsizetype n = 0; n < raw.size(); ++n) {
            QString words;
            QVERIFY2(!SshSignature::parseRaw(raw.left(n), &words), qPrintable(name));
            QVERIFY(!words.isEmpty());
        }
    }
}

void TestSshSig::everyFlippedByteRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("ed25519") << "ed25519";
    QTest::newRow("ecdsa-256") << "ecdsa256";
    QTest::newRow("ecdsa-521") << "ecdsa521";
    QTest::newRow("rsa-3072") << "rsa3072";
}

void TestSshSig::everyFlippedByteRefused()
{
    // Every byte of the blob is either framing (which then fails to parse) or signed or the
    // signature itself: changing any one must never yield a good signature, nor a crash.
    QFETCH(QString, name);
    QString error;
    const QByteArray raw = SshSignature::parseArmored(made(name).armored, &error)->raw;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        for (const char mask : {char(0x01), char(0x80)}) {
            QByteArray bad = raw;
            bad[i] = char(bad.at(i) ^ mask);
            QString why;
            const auto sig = SshSignature::parseRaw(bad, &why);
            if (sig) {
                QVERIFY2(!verify(*sig, kData, kNamespace, &why),
                         qPrintable(QStringLiteral("byte %1 mask %2").arg(i).arg(int(mask))));
            }
            QVERIFY(!why.isEmpty());
        }
    }
}

void TestSshSig::swappedKeyRefused()
{
    QString error;
    const auto sig = SshSignature::parseArmored(made(QStringLiteral("ed25519")).armored, &error);
    QVERIFY(sig);
    // Another key of the same type: the signature does not match it.
    const auto other = SshPublicKey::fromFile(
        made(QStringLiteral("ed25519b")).keyPath + QStringLiteral(".pub"), &error);
    QVERIFY2(other, qPrintable(error));
    auto f = split(sig->raw);
    QVERIFY(f);
    f->key = other->blob;
    auto swapped = SshSignature::parseRaw(join(*f), &error);
    QVERIFY2(swapped, qPrintable(error));
    QVERIFY(!verify(*swapped, kData, kNamespace, &error));
    QCOMPARE(error, QStringLiteral("the signature does not match the data"));

    // The same for ECDSA.
    const auto ec = SshSignature::parseArmored(made(QStringLiteral("ecdsa256")).armored, &error);
    const auto otherEc = SshPublicKey::fromFile(
        made(QStringLiteral("ecdsa256b")).keyPath + QStringLiteral(".pub"), &error);
    QVERIFY(ec && otherEc);
    auto g = split(ec->raw);
    g->key = otherEc->blob;
    swapped = SshSignature::parseRaw(join(*g), &error);
    QVERIFY2(swapped, qPrintable(error));
    QVERIFY(!verify(*swapped, kData, kNamespace, &error));
    QCOMPARE(error, QStringLiteral("the signature does not match the data"));

    // A key of another type: the signature's algorithm does not fit it.
    const auto p384 = SshPublicKey::fromFile(
        made(QStringLiteral("ecdsa384")).keyPath + QStringLiteral(".pub"), &error);
    QVERIFY(p384);
    g->key = p384->blob;
    swapped = SshSignature::parseRaw(join(*g), &error);
    QVERIFY2(swapped, qPrintable(error));
    QVERIFY(!verify(*swapped, kData, kNamespace, &error));
    QVERIFY2(error.contains(QStringLiteral("does not fit")), qPrintable(error));
    f->key = p384->blob;
    swapped = SshSignature::parseRaw(join(*f), &error);
    QVERIFY(!verify(*swapped, kData, kNamespace, &error));
    QVERIFY2(error.contains(QStringLiteral("does not fit")), qPrintable(error));
}

void TestSshSig::offCurvePointRefused()
{
    // An ECDSA key whose point is not on its curve: well formed to the wire reader, refused by
    // name before any signature arithmetic.
    QString error;
    const auto sig = SshSignature::parseArmored(made(QStringLiteral("ecdsa256")).armored, &error);
    QVERIFY(sig);
    auto f = split(sig->raw);
    QVERIFY(f);
    f->key[f->key.size() - 1] = char(f->key.at(f->key.size() - 1) ^ 0x01);
    const auto bad = SshSignature::parseRaw(join(*f), &error);
    QVERIFY2(bad, qPrintable(error));
    QVERIFY(!verify(*bad, kData, kNamespace, &error));
    QCOMPARE(error, QStringLiteral("the ECDSA key is not a point on its curve"));
}

void TestSshSig::rsa1024Refused()
{
    QString error;
    const auto sig = SshSignature::parseArmored(made(QStringLiteral("rsa1024")).armored, &error);
    QVERIFY2(sig, qPrintable(error));
    QCOMPARE(sig->key.rsaBits(), 1024);
    QVERIFY(!verify(*sig, kData, kNamespace, &error));
    QVERIFY2(error.contains(QStringLiteral("1024 bits")), qPrintable(error));
}

void TestSshSig::rsaOverOpenSshCeilingRefused()
{
    // Keys past OpenSSH's 16384-bit ceiling are refused before any arithmetic: a modulus of
    // 16385 bits (2049 bytes), and one whose mpint is longer than OpenSSH reads at all.
    QString error;
    const auto good = SshSignature::parseArmored(made(QStringLiteral("rsa3072")).armored, &error);
    QVERIFY(good);
    for (const qsizetype size : {qsizetype(2049), qsizetype(2050)}) {
        QByteArray n(size, char(0xff));
        n[0] = 0x01;
        QByteArray blob;
        appendString(&blob, "ssh-rsa");
        appendString(&blob, QByteArray::fromHex("010001"));
        appendString(&blob, n);
        QByteArray sigBlob;
        appendString(&sigBlob, "rsa-sha2-512");
        appendString(&sigBlob, QByteArray(size, char(0x42)));
        auto f = split(good->raw);
        f->key = blob;
        f->sig = sigBlob;
        const auto sig = SshSignature::parseRaw(join(*f), &error);
        QVERIFY2(sig, qPrintable(error));
        QVERIFY(!verify(*sig, kData, kNamespace, &error));
        QVERIFY2(error.contains(size == 2049 ? QStringLiteral("the most OpenSSH accepts")
                                             : QStringLiteral("the RSA key is malformed")),
                 qPrintable(error));
    }
}

void TestSshSig::rsaSha1Refused()
{
    // ssh-keygen signs with rsa-sha2-512; the same signature bytes relabelled "ssh-rsa" (SHA-1)
    // are refused for what they claim, before any check of the bytes.
    QString error;
    const auto sig = SshSignature::parseArmored(made(QStringLiteral("rsa3072")).armored, &error);
    QVERIFY(sig);
    WireReader r(sig->signatureBlob);
    QByteArray alg, bytes;
    QVERIFY(r.readString(&alg) && r.readString(&bytes) && r.atEnd());
    QCOMPARE(alg, QByteArray("rsa-sha2-512"));
    for (const QByteArray& relabel :
         {QByteArray("ssh-rsa"), QByteArray("rsa-sha2-256"), QByteArray("ssh-ed25519")}) {
        QByteArray sigBlob;
        appendString(&sigBlob, relabel);
        appendString(&sigBlob, bytes);
        auto f = split(sig->raw);
        f->sig = sigBlob;
        const auto edited = SshSignature::parseRaw(join(*f), &error);
        QVERIFY2(edited, qPrintable(error));
        QCOMPARE(edited->sigAlgorithm, QString::fromLatin1(relabel));
        QVERIFY(!verify(*edited, kData, kNamespace, &error));
        if (relabel == "ssh-rsa")
            QVERIFY2(error.contains(QStringLiteral("SHA-1")), qPrintable(error));
        else if (relabel == "rsa-sha2-256")
            QCOMPARE(error, QStringLiteral("the signature does not match the data"));
        else
            QVERIFY2(error.contains(QStringLiteral("does not fit")), qPrintable(error));
    }
}

void TestSshSig::genuineSha1SignatureRefused()
{
    // A real SHA-1 ("ssh-rsa") signature, made with the RSA key's private half through OpenSSL:
    // good bytes, refused for the hash alone, by golive and by ssh-keygen alike. The same key
    // signing the same blob with SHA-256 shows the construction is right.
    const QString pemPath = m_dir.filePath(QStringLiteral("rsa3072.pem"));
    QFile::remove(pemPath);
    QVERIFY(QFile::copy(made(QStringLiteral("rsa3072")).keyPath, pemPath));
    QFile::setPermissions(pemPath, QFile::ReadOwner | QFile::WriteOwner);
    const Result converted =
        runKeygen({QStringLiteral("-q"), QStringLiteral("-p"), QStringLiteral("-m"),
                   QStringLiteral("PEM"), QStringLiteral("-P"), QString(), QStringLiteral("-N"),
                   QString(), QStringLiteral("-f"), pemPath});
    QVERIFY2(converted.exitCode == 0, converted.err.constData());
    FILE* f = fopen(QFile::encodeName(pemPath).constData(), "r");
    QVERIFY(f);
    Pkey key(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
    fclose(f);
    QVERIFY(key);

    QString error;
    const auto good = SshSignature::parseArmored(made(QStringLiteral("rsa3072")).armored, &error);
    QVERIFY(good);
    QByteArray toSign("SSHSIG");
    appendString(&toSign, kNamespace.toUtf8());
    appendString(&toSign, {});
    appendString(&toSign, "sha512");
    appendString(&toSign, QCryptographicHash::hash(kData, QCryptographicHash::Sha512));

    struct
    {
        QByteArray alg;
        const EVP_MD* md;
        bool accepted;
    } cases[] = {{"rsa-sha2-256", EVP_sha256(), true}, {"ssh-rsa", EVP_sha1(), false}};
    for (const auto& c : cases) {
        const QByteArray bytes = evpSign(key.get(), c.md, toSign);
        QVERIFY(!bytes.isEmpty());
        QByteArray sigBlob;
        appendString(&sigBlob, c.alg);
        appendString(&sigBlob, bytes);
        auto fields = split(good->raw);
        QVERIFY(fields);
        fields->sig = sigBlob;
        const auto sig = SshSignature::parseRaw(join(*fields), &error);
        QVERIFY2(sig, qPrintable(error));
        QString why;
        QCOMPARE(verify(*sig, kData, kNamespace, &why), c.accepted);
        if (!c.accepted)
            QVERIFY2(why.contains(QStringLiteral("SHA-1")), qPrintable(why));

        const QString sigPath = m_dir.filePath(QStringLiteral("rsa.sig"));
        const QString allowedPath = m_dir.filePath(QStringLiteral("rsa_allowed"));
        QVERIFY(writeAll(sigPath, sig->armored()));
        QVERIFY(writeAll(allowedPath, "tester " + sig->key.line().toLatin1() + '\n'));
        QCOMPARE(sshVerify(allowedPath, QStringLiteral("tester"), kNamespace, sigPath, kData),
                 c.accepted);
    }
}

void TestSshSig::securityKeySignatures_data()
{
    QTest::addColumn<bool>("ecdsa");
    QTest::addColumn<int>("flags");
    QTest::addColumn<bool>("good");
    QTest::newRow("sk-ed25519 touched") << false << 0x01 << true;
    QTest::newRow("sk-ed25519 touched+verified") << false << 0x05 << true;
    QTest::newRow("sk-ed25519 untouched") << false << 0x00 << false;
    QTest::newRow("sk-ed25519 verified, untouched") << false << 0x04 << false;
    QTest::newRow("sk-ecdsa touched") << true << 0x01 << true;
    QTest::newRow("sk-ecdsa untouched") << true << 0x00 << false;
}

void TestSshSig::securityKeySignatures()
{
    QFETCH(bool, ecdsa);
    QFETCH(int, flags);
    QFETCH(bool, good);
    QString pubLine;
    const QByteArray raw = syntheticSkSignature(ecdsa, kData, quint8(flags), &pubLine);
    QVERIFY(!raw.isEmpty());
    QString error;
    const auto sig = SshSignature::parseRaw(raw, &error);
    QVERIFY2(sig, qPrintable(error));

    // ssh-keygen's judgement of the same signature, through an allowed_signers file. It takes
    // every one of them, touched or not: OpenSSH 9.2's `-Y verify` does not look at the
    // user-presence flag (sshd does, for logins). So the untouched signatures are sound bytes,
    // and golive's refusal of them below is its own rule, not a broken signature.
    const QString sigPath = m_dir.filePath(QStringLiteral("sk.sig"));
    const QString allowedPath = m_dir.filePath(QStringLiteral("sk_allowed"));
    QVERIFY(writeAll(sigPath, sig->armored()));
    QVERIFY(writeAll(allowedPath, "tester " + pubLine.toLatin1() + '\n'));
    const Result keygen =
        runKeygen({QStringLiteral("-Y"), QStringLiteral("verify"), QStringLiteral("-f"),
                   allowedPath, QStringLiteral("-I"), QStringLiteral("tester"),
                   QStringLiteral("-n"), kNamespace, QStringLiteral("-s"), sigPath},
                  kData);
    QVERIFY2(keygen.exitCode == 0, keygen.err.constData());
    QVERIFY2(keygen.out.startsWith("Good \"golive\" signature for tester with "),
             keygen.out.constData());

    QString why;
    QCOMPARE(verify(*sig, kData, kNamespace, &why), good);
    if (!good)
        QVERIFY2(why.contains(QStringLiteral("user presence")), qPrintable(why));
    else
        QVERIFY2(why.isEmpty(), qPrintable(why));
    // And neither accepts other data.
    QVERIFY(!verify(*sig, kData + 'x', kNamespace, &why));
    QVERIFY(!sshVerify(allowedPath, QStringLiteral("tester"), kNamespace, sigPath, kData + 'x'));
}

QTEST_GUILESS_MAIN(TestSshSig)
#include "tst_sshsig.moc"
