// CredentialStore against a real Secret Service (gnome-keyring, unlocked, on a private session
// bus) and against a session bus with no keychain at all. CTest runs this twice through
// with-keyring.sh: tst_credentialstore (with the keyring) and tst_credentialstore_nokeychain
// (--no-keyring, GOLIVE_EXPECT_NO_KEYCHAIN=1); each run skips the other's cases. Both end by
// reading every file under the throwaway HOME for the secrets and finding none.
#include "CredentialStore.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <optional>

using namespace golive;

namespace {

using Status = CredentialStore::Status;

const QUrl kProm(QStringLiteral("http://prom.test:9090"));

// A secret that appears nowhere else: a fixed prefix (to recognise it) and 128 random bits.
QString freshSecret(const char* what)
{
    const quint64 a = QRandomGenerator::global()->generate64();
    const quint64 b = QRandomGenerator::global()->generate64();
    return QStringLiteral("golive-test-%1-%2%3")
        .arg(QLatin1String(what))
        .arg(a, 16, 16, QLatin1Char('0'))
        .arg(b, 16, 16, QLatin1Char('0'));
}

const char* statusName(Status s)
{
    switch (s) {
    case Status::Ok:
        return "Ok";
    case Status::NotFound:
        return "NotFound";
    case Status::NoKeychain:
        return "NoKeychain";
    case Status::Denied:
        return "Denied";
    case Status::Failed:
        return "Failed";
    }
    return "?";
}

QByteArray describe(const CredentialStore::Result& r)
{
    return QByteArray("status ") + statusName(r.status) + ", fromSession " +
           (r.fromSession ? "true" : "false") + ", message: " + r.message.toUtf8();
}

// Evaluates `result` once (QVERIFY2 evaluates its description even when the check holds).
#define EXPECT_STATUS(result, expected)                                                            \
    do {                                                                                           \
        const CredentialStore::Result result_ = (result);                                          \
        QVERIFY2(result_.status == (expected), describe(result_).constData());                     \
    } while (false)

// secret-tool ARGS...: its exit code and standard output (the Secret Service, not QtKeychain).
struct Tool
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Tool secretTool(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"), args);
    Tool t;
    if (!p.waitForStarted(5000)) {
        t.err = "secret-tool did not start (package libsecret-tools)";
        return t;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(1000);
        t.err = "secret-tool did not finish within 15 s";
        return t;
    }
    t.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    t.out = p.readAllStandardOutput();
    t.err = p.readAllStandardError();
    return t;
}

// The item QtKeychain's libsecret backend stores, looked up by its attributes: the schema
// "org.qt.keychain" with server = the service ("golive"), user = the key, type = "plaintext".
Tool lookupInSecretService(const QString& key)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("server"),
                       QLatin1String(CredentialStore::kService), QStringLiteral("user"), key});
}

// Every regular file under `root` (hidden ones, binary ones, the keyring's own) that holds
// one of the secrets, as UTF-8, UTF-16 or base64 (of the secret alone); "" when none does.
QString filesHoldingSecrets(const QString& root, const QStringList& secrets, int* examined)
{
    QStringList hits;
    *examined = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        if (!info.isFile() || info.isSymLink())
            continue; // sockets of the bus and the keyring's control
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            hits << QStringLiteral("%1 (cannot be read: %2)").arg(path, f.errorString());
            continue;
        }
        const QByteArray data = f.readAll();
        ++*examined;
        for (const QString& s : secrets) {
            const QByteArray utf16(reinterpret_cast<const char*>(s.utf16()),
                                   static_cast<qsizetype>(s.size() * 2));
            if (data.contains(s.toUtf8()) || data.contains(utf16) ||
                data.contains(s.toUtf8().toBase64()) || path.contains(s))
                hits << path;
        }
    }
    return hits.join(QStringLiteral(", "));
}

} // namespace

// QSKIP returns from the test function, so these are macros, not helpers.
#define NEED_KEYRING()                                                                             \
    do {                                                                                           \
        if (m_noKeychain)                                                                          \
            QSKIP("needs the keyring: runs in tst_credentialstore");                               \
    } while (false)
#define NEED_NO_KEYCHAIN()                                                                         \
    do {                                                                                           \
        if (!m_noKeychain)                                                                         \
            QSKIP("needs a bus without a keychain: runs in tst_credentialstore_nokeychain");       \
    } while (false)

class TestCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // With the keyring (tst_credentialstore).
    void callbacksRunLater();
    void eachCallbackRunsOnce();
    void storeAndReadBack();
    void theSecretIsInTheSecretService();
    void replaceKeepsOneEntry();
    void removeThenReadIsNotFound();
    void removeWhenAbsent();
    void normalisedUrlsShareAnEntry();
    void differentUsersAreDistinct();
    void sessionSecretIsNotInTheKeychain();

    // Without a keychain (tst_credentialstore_nokeychain).
    void noKeychainFailsFast();
    void noKeychainSessionSecretStillWorks();

    // Both.
    void keyForIsReadable();
    void noSecretInAnyFile();

private:
    bool m_noKeychain = false;
    QString m_home;
    QStringList m_secrets; // every secret this run used, for the final search of HOME
};

void TestCredentialStore::initTestCase()
{
    // This test writes to the keychain of the session bus it finds: only ever a throwaway one.
    m_home = qEnvironmentVariable("GOLIVE_TEST_HOME");
    if (m_home.isEmpty() || m_home != QDir::homePath())
        QFAIL("run this test through tests/keychain/with-keyring.sh (GOLIVE_TEST_HOME must be "
              "the throwaway HOME), never against your own keychain");
    m_noKeychain = qEnvironmentVariableIntValue("GOLIVE_EXPECT_NO_KEYCHAIN") == 1;
    qInfo("mode: %s, HOME %s", m_noKeychain ? "no keychain" : "gnome-keyring", qPrintable(m_home));
}

void TestCredentialStore::callbacksRunLater()
{
    NEED_KEYRING();
    CredentialStore store;
    const QUrl url(QStringLiteral("http://later.test:9090"));
    store.setSessionSecret(url, QString(), freshSecret("later"));
    m_secrets << store.readBlocking(url, QString()).secret;

    // Both the session answer and the keychain's come from the event loop, never inside.
    bool sessionDone = false;
    store.read(url, QString(), [&](const CredentialStore::Result&) { sessionDone = true; });
    QVERIFY(!sessionDone);
    QTRY_VERIFY_WITH_TIMEOUT(sessionDone, 5000);

    std::optional<CredentialStore::Result> keychain;
    store.read(url, QStringLiteral("nobody"),
               [&](const CredentialStore::Result& r) { keychain = r; });
    QVERIFY(!keychain);
    QTRY_VERIFY_WITH_TIMEOUT(keychain.has_value(), 10000);
    EXPECT_STATUS(*keychain, Status::NotFound);
}

void TestCredentialStore::eachCallbackRunsOnce()
{
    NEED_KEYRING();
    CredentialStore store;
    const QUrl url(QStringLiteral("http://once.test:9090"));
    const QString first = freshSecret("once-first");
    const QString second = freshSecret("once-second");
    m_secrets << first << second;

    // Two writes, a read and a remove on one store, one after the other: every callback
    // runs exactly once (a second call would reach a caller that has gone).
    int writes1 = 0, writes2 = 0, reads = 0, removes = 0;
    QString readBack;
    store.write(url, QStringLiteral("ops"), first, [&](const CredentialStore::Result& r) {
        ++writes1;
        QVERIFY2(r.ok(), describe(r).constData());
        store.write(url, QStringLiteral("ops"), second, [&](const CredentialStore::Result& r2) {
            ++writes2;
            QVERIFY2(r2.ok(), describe(r2).constData());
            store.read(url, QStringLiteral("ops"), [&](const CredentialStore::Result& r3) {
                ++reads;
                readBack = r3.secret;
                store.remove(url, QStringLiteral("ops"),
                             [&](const CredentialStore::Result&) { ++removes; });
            });
        });
    });
    QTRY_COMPARE_WITH_TIMEOUT(removes, 1, 10000);
    QCOMPARE(readBack, second);
    // Give any late duplicate a chance to show.
    QTest::qWait(200);
    QCOMPARE(writes1, 1);
    QCOMPARE(writes2, 1);
    QCOMPARE(reads, 1);
    QCOMPARE(removes, 1);
}

void TestCredentialStore::storeAndReadBack()
{
    NEED_KEYRING();
    CredentialStore store;
    const QString secret = freshSecret("store");
    m_secrets << secret;

    const auto written = store.writeBlocking(kProm, QStringLiteral("ops"), secret);
    EXPECT_STATUS(written, Status::Ok);
    QVERIFY(!written.message.contains(secret));

    // A second store (a second golive) reads what the first wrote: it is in the keychain.
    CredentialStore other;
    const auto read = other.readBlocking(kProm, QStringLiteral("ops"));
    EXPECT_STATUS(read, Status::Ok);
    QCOMPARE(read.secret, secret);
    QVERIFY(!read.fromSession);
    QVERIFY(!other.hasSessionSecret(kProm, QStringLiteral("ops")));
}

void TestCredentialStore::theSecretIsInTheSecretService()
{
    NEED_KEYRING();
    CredentialStore store;
    const QString secret = freshSecret("independent");
    m_secrets << secret;
    const QUrl url(QStringLiteral("https://independent.test:9443"));
    const QString key = CredentialStore::keyFor(url, QStringLiteral("ops"));
    EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("ops"), secret), Status::Ok);

    // Without QtKeychain: the Secret Service itself has the item, under golive's key.
    const Tool lookup = lookupInSecretService(key);
    QVERIFY2(lookup.code == 0, lookup.err.constData());
    QCOMPARE(QString::fromUtf8(lookup.out), secret);

    const Tool search =
        secretTool({QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                    QLatin1String(CredentialStore::kService)});
    QVERIFY2(search.code == 0, search.err.constData());
    // secret-tool prints the attributes on stderr and label and secret on stdout.
    const QByteArray all = QByteArray(search.out + search.err);
    QVERIFY2(all.contains(QByteArray("attribute.user = " + key.toUtf8())), all.constData());
    QVERIFY2(all.contains("attribute.server = golive"), all.constData());
    QVERIFY2(all.contains(QByteArray("secret = " + secret.toUtf8())), all.constData());

    // And removing it through golive removes it from the Secret Service.
    EXPECT_STATUS(store.removeBlocking(url, QStringLiteral("ops")), Status::Ok);
    const Tool gone = lookupInSecretService(key);
    QVERIFY2(gone.code != 0 && gone.out.isEmpty(), gone.out.constData());
}

void TestCredentialStore::replaceKeepsOneEntry()
{
    NEED_KEYRING();
    CredentialStore store;
    const QUrl url(QStringLiteral("http://replace.test:9090"));
    const QString first = freshSecret("first");
    const QString second = freshSecret("second");
    m_secrets << first << second;

    EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("ops"), first), Status::Ok);
    EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("ops"), second), Status::Ok);
    const auto read = store.readBlocking(url, QStringLiteral("ops"));
    EXPECT_STATUS(read, Status::Ok);
    QCOMPARE(read.secret, second);

    // One item in the Secret Service for that key, holding the new secret.
    const QString key = CredentialStore::keyFor(url, QStringLiteral("ops"));
    const Tool search =
        secretTool({QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"),
                    QLatin1String(CredentialStore::kService), QStringLiteral("user"), key});
    QVERIFY2(search.code == 0, search.err.constData());
    QCOMPARE(QByteArray(search.out + search.err).count("secret = "), 1);
    QVERIFY(!search.out.contains(first.toUtf8()));
    QVERIFY(search.out.contains(second.toUtf8()));
}

void TestCredentialStore::removeThenReadIsNotFound()
{
    NEED_KEYRING();
    CredentialStore store;
    const QUrl url(QStringLiteral("http://remove.test:9090"));
    const QString secret = freshSecret("remove");
    m_secrets << secret;

    EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("ops"), secret), Status::Ok);
    const auto removed = store.removeBlocking(url, QStringLiteral("ops"));
    EXPECT_STATUS(removed, Status::Ok);
    QVERIFY(!removed.message.contains(secret));

    const auto read = store.readBlocking(url, QStringLiteral("ops"));
    EXPECT_STATUS(read, Status::NotFound);
    QVERIFY(read.secret.isEmpty());
    QVERIFY2(read.message.contains(QLatin1String("no password or token is stored")),
             describe(read).constData());
    QVERIFY2(read.message.contains(QLatin1String("http://remove.test:9090 as ops")),
             describe(read).constData());
}

void TestCredentialStore::removeWhenAbsent()
{
    NEED_KEYRING();
    CredentialStore store;
    const QUrl url(QStringLiteral("http://never-stored.test:9090"));
    // Nothing was ever stored: NotFound, not a failure, and nothing else is touched. (The
    // Secret Service reports success for deleting an absent item, so CredentialStore reads
    // first: `golive logout` must tell "removed" from "nothing was stored".)
    const auto removed = store.removeBlocking(url, QStringLiteral("ops"));
    EXPECT_STATUS(removed, Status::NotFound);
    QVERIFY2(removed.message.contains(QLatin1String("no password or token is stored")),
             describe(removed).constData());
    EXPECT_STATUS(store.readBlocking(url, QStringLiteral("ops")), Status::NotFound);
}

void TestCredentialStore::normalisedUrlsShareAnEntry()
{
    NEED_KEYRING();
    const QUrl upper(QStringLiteral("http://Prom.Norm.TEST:9090/"));
    const QUrl lower(QStringLiteral("http://prom.norm.test:9090"));
    QCOMPARE(CredentialStore::keyFor(upper, QStringLiteral("ops")),
             CredentialStore::keyFor(lower, QStringLiteral("ops")));
    QCOMPARE(CredentialStore::normalizedUrl(QUrl(QStringLiteral("HTTPS://prom.norm.test/"))),
             QStringLiteral("https://prom.norm.test:443"));

    CredentialStore store;
    const QString secret = freshSecret("normalised");
    m_secrets << secret;
    EXPECT_STATUS(store.writeBlocking(upper, QStringLiteral("ops"), secret), Status::Ok);
    const auto read = store.readBlocking(lower, QStringLiteral("ops"));
    EXPECT_STATUS(read, Status::Ok);
    QCOMPARE(read.secret, secret);
    // User info in the URL is not part of the key either.
    const auto withUserInfo = store.readBlocking(
        QUrl(QStringLiteral("http://someone@prom.norm.test:9090")), QStringLiteral("ops"));
    EXPECT_STATUS(withUserInfo, Status::Ok);
    QCOMPARE(withUserInfo.secret, secret);

    // Another port is another Prometheus.
    EXPECT_STATUS(store.readBlocking(QUrl(QStringLiteral("http://prom.norm.test:9091")),
                                     QStringLiteral("ops")),
                  Status::NotFound);
    EXPECT_STATUS(store.removeBlocking(lower, QStringLiteral("ops")), Status::Ok);
    EXPECT_STATUS(store.readBlocking(upper, QStringLiteral("ops")), Status::NotFound);
}

void TestCredentialStore::differentUsersAreDistinct()
{
    NEED_KEYRING();
    CredentialStore store;
    const QUrl url(QStringLiteral("http://users.test:9090"));
    const QString alice = freshSecret("alice");
    const QString bob = freshSecret("bob");
    const QString token = freshSecret("token");
    m_secrets << alice << bob << token;

    EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("alice"), alice), Status::Ok);
    EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("bob"), bob), Status::Ok);
    EXPECT_STATUS(store.writeBlocking(url, QString(), token), Status::Ok); // a bearer token

    QCOMPARE(store.readBlocking(url, QStringLiteral("alice")).secret, alice);
    QCOMPARE(store.readBlocking(url, QStringLiteral("bob")).secret, bob);
    QCOMPARE(store.readBlocking(url, QString()).secret, token);
    EXPECT_STATUS(store.readBlocking(url, QStringLiteral("carol")), Status::NotFound);

    EXPECT_STATUS(store.removeBlocking(url, QStringLiteral("alice")), Status::Ok);
    EXPECT_STATUS(store.readBlocking(url, QStringLiteral("alice")), Status::NotFound);
    QCOMPARE(store.readBlocking(url, QStringLiteral("bob")).secret, bob);
    QCOMPARE(store.readBlocking(url, QString()).secret, token);
    EXPECT_STATUS(store.removeBlocking(url, QString()), Status::Ok);
    // bob stays in the keychain to the end, so the final search of HOME covers a keyring
    // file that holds a secret.
}

void TestCredentialStore::sessionSecretIsNotInTheKeychain()
{
    NEED_KEYRING();
    const QUrl url(QStringLiteral("http://session.test:9090"));
    const QString secret = freshSecret("session");
    m_secrets << secret;
    {
        CredentialStore store;
        store.setSessionSecret(url, QStringLiteral("ops"), secret);
        QVERIFY(store.hasSessionSecret(url, QStringLiteral("ops")));
        const auto read = store.readBlocking(url, QStringLiteral("ops"));
        EXPECT_STATUS(read, Status::Ok);
        QCOMPARE(read.secret, secret);
        QVERIFY(read.fromSession);

        // Not in the keychain: another store does not find it, nor does the Secret Service.
        CredentialStore other;
        EXPECT_STATUS(other.readBlocking(url, QStringLiteral("ops")), Status::NotFound);
        const Tool lookup =
            lookupInSecretService(CredentialStore::keyFor(url, QStringLiteral("ops")));
        QVERIFY2(lookup.code != 0 && lookup.out.isEmpty(), lookup.out.constData());

        store.clearSessionSecret(url, QStringLiteral("ops"));
        QVERIFY(!store.hasSessionSecret(url, QStringLiteral("ops")));
        EXPECT_STATUS(store.readBlocking(url, QStringLiteral("ops")), Status::NotFound);

        // Storing in the keychain replaces the session-only copy.
        store.setSessionSecret(url, QStringLiteral("ops"), secret);
        const QString kept = freshSecret("kept");
        m_secrets << kept;
        EXPECT_STATUS(store.writeBlocking(url, QStringLiteral("ops"), kept), Status::Ok);
        QVERIFY(!store.hasSessionSecret(url, QStringLiteral("ops")));
        const auto now = store.readBlocking(url, QStringLiteral("ops"));
        QCOMPARE(now.secret, kept);
        QVERIFY(!now.fromSession);
        EXPECT_STATUS(store.removeBlocking(url, QStringLiteral("ops")), Status::Ok);
    }
    // Gone with the object.
    CredentialStore later;
    QVERIFY(!later.hasSessionSecret(url, QStringLiteral("ops")));
}

void TestCredentialStore::noKeychainFailsFast()
{
    NEED_NO_KEYCHAIN();
    CredentialStore store;
    const QString secret = freshSecret("nokeychain");
    m_secrets << secret;

    const auto check = [&](const CredentialStore::Result& r, const char* op) {
        QVERIFY2(r.status == Status::NoKeychain, QByteArray(op + (": " + describe(r))).constData());
        QVERIFY2(r.message.contains(QLatin1String("no keychain is available")),
                 describe(r).constData());
        // Only a secret being stored can be kept for the session instead.
        if (qstrcmp(op, "write") == 0)
            QVERIFY2(r.message.contains(QLatin1String("session only")), describe(r).constData());
        QVERIFY2(r.message.contains(QLatin1String("http://prom.test:9090 as ops")),
                 describe(r).constData());
        QVERIFY2(!r.message.contains(secret), describe(r).constData());
        QVERIFY(r.secret.isEmpty());
    };

    QElapsedTimer timer;
    timer.start();
    const auto written = store.writeBlocking(kProm, QStringLiteral("ops"), secret);
    check(written, "write");
    if (QTest::currentTestFailed())
        return;
    check(store.readBlocking(kProm, QStringLiteral("ops")), "read");
    if (QTest::currentTestFailed())
        return;
    check(store.removeBlocking(kProm, QStringLiteral("ops")), "remove");
    if (QTest::currentTestFailed())
        return;
    // Fast: no D-Bus timeout (25 s) was waited for.
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    // A failed write leaves no session copy behind by itself.
    QVERIFY(!store.hasSessionSecret(kProm, QStringLiteral("ops")));
}

void TestCredentialStore::noKeychainSessionSecretStillWorks()
{
    NEED_NO_KEYCHAIN();
    CredentialStore store;
    const QString secret = freshSecret("nokeychain-session");
    m_secrets << secret;
    store.setSessionSecret(kProm, QStringLiteral("ops"), secret);
    const auto read = store.readBlocking(kProm, QStringLiteral("ops"));
    EXPECT_STATUS(read, Status::Ok);
    QCOMPARE(read.secret, secret);
    QVERIFY(read.fromSession);
    // Another user still has nothing, and says there is no keychain.
    EXPECT_STATUS(store.readBlocking(kProm, QStringLiteral("other")), Status::NoKeychain);
    // Removing clears the session copy even though the keychain cannot be reached.
    const auto removed = store.removeBlocking(kProm, QStringLiteral("ops"));
    QVERIFY2(!removed.message.contains(secret), describe(removed).constData());
    QVERIFY(!store.hasSessionSecret(kProm, QStringLiteral("ops")));
}

void TestCredentialStore::keyForIsReadable()
{
    QCOMPARE(CredentialStore::keyFor(QUrl(QStringLiteral("https://Prom.Example/")),
                                     QStringLiteral("ops")),
             QStringLiteral("prometheus https://prom.example:443 user=ops"));
    QCOMPARE(CredentialStore::keyFor(QUrl(QStringLiteral("http://prom:9090/?x=1#f")), QString()),
             QStringLiteral("prometheus http://prom:9090 user="));
}

void TestCredentialStore::noSecretInAnyFile()
{
    QVERIFY2(!m_secrets.isEmpty(), "no case ran");
    if (!m_noKeychain) {
        // The keyring file exists and holds bob's secret (encrypted): it is searched too.
        const QString keyrings = m_home + QStringLiteral("/.local/share/keyrings");
        QVERIFY2(QFileInfo(keyrings + QStringLiteral("/login.keyring")).size() > 0,
                 "gnome-keyring wrote no login.keyring");
    }
    int examined = 0;
    // The search itself finds a secret where there is one (binary, deep in a hidden folder).
    const QString canary = freshSecret("canary");
    const QString canaryPath = m_home + QStringLiteral("/.cache/canary/deep.bin");
    QVERIFY(QDir().mkpath(QFileInfo(canaryPath).path()));
    {
        QFile f(canaryPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\0\1binary\0", 9) + canary.toUtf8() + QByteArray("\0", 1));
    }
    QCOMPARE(filesHoldingSecrets(m_home, {canary}, &examined), canaryPath);
    QVERIFY(QFile::remove(canaryPath));

    const QString hits = filesHoldingSecrets(m_home, m_secrets, &examined);
    QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("a secret is in: ") + hits));
    qInfo("searched %d files under %s for %d secrets: none found", examined, qPrintable(m_home),
          static_cast<int>(m_secrets.size()));
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
