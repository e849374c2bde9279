// SshSigner against OpenSSH itself: keys made by ssh-keygen, a private ssh-agent started for
// the test, signatures checked with `ssh-keygen -Y check-novalidate`. The developer's own
// agent and askpass are set aside for the whole run.
#include "SshSigner.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <sys/stat.h>

using namespace golive::signing;

namespace {

struct Ran
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs an OpenSSH tool to completion (bounded), `input` on its stdin.
Ran run(const QString& program, const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    Ran r;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "did not finish within 30 s";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

const QByteArray kMessage("golive run 7f3a: item 4 signed by ada\n");

ino_t inodeOf(const QString& path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_ino;
}

// The file's permission bits, as ls shows them (0600).
int modeOf(const QString& path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace

class TestSshSigner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_agent;
    QHash<QByteArray, QByteArray> m_savedEnv;
    qint64 m_askpassPid = 0;

    QString file(const QString& name) const { return m_dir.filePath(name); }

    void makeKey(const QString& name, const QStringList& typeArgs, const QString& passphrase)
    {
        const Ran r =
            run(QStringLiteral("ssh-keygen"),
                QStringList{QStringLiteral("-q")} + typeArgs +
                    QStringList{QStringLiteral("-N"), passphrase, QStringLiteral("-C"),
                                name + QStringLiteral("@test"), QStringLiteral("-f"), file(name)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void writeScript(const QString& path, const QByteArray& body)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("#!/bin/sh\n" + body);
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                 QFileDevice::ExeOwner));
    }

    // A private ssh-agent on a socket in the test's folder; SSH_AUTH_SOCK names it.
    void startAgent()
    {
        const QString sock = file(QStringLiteral("agent.sock"));
        QFile::remove(sock);
        m_agent = std::make_unique<QProcess>();
        m_agent->start(QStringLiteral("ssh-agent"),
                       {QStringLiteral("-a"), sock, QStringLiteral("-D")});
        QVERIFY2(m_agent->waitForStarted(10000), qPrintable(m_agent->errorString()));
        qputenv("SSH_AUTH_SOCK", QFile::encodeName(sock));
        // Listening, not only bound: ssh-add -l says 0 (keys) or 1 (none), never 2 (no agent).
        int listed = 2;
        for (int i = 0; i < 200 && listed == 2; ++i) {
            if (QFileInfo::exists(sock))
                listed = run(QStringLiteral("ssh-add"), {QStringLiteral("-l")}).exitCode;
            if (listed == 2)
                QThread::msleep(50);
        }
        QVERIFY2(listed != 2, "ssh-agent did not answer on its socket within 10 s");
    }

    void stopAgent()
    {
        if (!m_agent)
            return;
        m_agent->terminate();
        if (!m_agent->waitForFinished(5000)) {
            m_agent->kill();
            m_agent->waitForFinished(5000);
        }
        m_agent.reset();
    }

    void addToAgent(const QString& name)
    {
        const Ran r = run(QStringLiteral("ssh-add"), {file(name)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    // Whether OpenSSH accepts `sig` as a golive signature over `data`.
    bool opensshAccepts(const QByteArray& sig, const QByteArray& data)
    {
        const QString sigFile = file(QStringLiteral("check.sig"));
        QFile f(sigFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(sig) != sig.size())
            return false;
        f.close();
        return run(QStringLiteral("ssh-keygen"),
                   {QStringLiteral("-Y"), QStringLiteral("check-novalidate"), QStringLiteral("-n"),
                    QStringLiteral("golive"), QStringLiteral("-s"), sigFile},
                   data)
                   .exitCode == 0;
    }

    SigningKey keyFile(const QString& path)
    {
        QString error;
        auto key = SigningKey::fromFile(path, &error);
        if (!key)
            qWarning("%s", qPrintable(error));
        return key.value_or(SigningKey{});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("ssh-keygen")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("ssh-agent")).isEmpty())
            QFAIL("OpenSSH's client tools (ssh-keygen, ssh-agent, ssh-add) are needed");
        for (const char* name :
             {"SSH_AUTH_SOCK", "SSH_ASKPASS", "SSH_ASKPASS_REQUIRE", "DISPLAY", "PATH"})
            m_savedEnv.insert(name, qgetenv(name));
        makeKey(QStringLiteral("ed"), {QStringLiteral("-t"), QStringLiteral("ed25519")}, {});
        makeKey(QStringLiteral("ec"), {QStringLiteral("-t"), QStringLiteral("ecdsa")}, {});
        makeKey(QStringLiteral("pp"), {QStringLiteral("-t"), QStringLiteral("ed25519")},
                QStringLiteral("correct horse"));
        makeKey(QStringLiteral("rsa1024"),
                {QStringLiteral("-t"), QStringLiteral("rsa"), QStringLiteral("-b"),
                 QStringLiteral("1024")},
                {});
        // Public halves alone, away from their private keys: signable only through the agent.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("pubonly")));
        for (const QString& name : {QStringLiteral("ed"), QStringLiteral("ec")})
            QVERIFY(QFile::copy(file(name + QStringLiteral(".pub")),
                                file(QStringLiteral("pubonly/") + name + QStringLiteral(".pub"))));
    }

    // Each test starts with no agent, no askpass and no display: it sets what it needs.
    void init()
    {
        qunsetenv("SSH_AUTH_SOCK");
        qunsetenv("SSH_ASKPASS");
        qunsetenv("SSH_ASKPASS_REQUIRE");
        qunsetenv("DISPLAY");
        qputenv("PATH", m_savedEnv.value("PATH"));
        // A child left running when the signer returns: the timeout did not end it.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Destroyed while process")));
    }

    void cleanup()
    {
        stopAgent();
        if (m_askpassPid > 0) {
            ::kill(pid_t(m_askpassPid), SIGKILL);
            m_askpassPid = 0;
        }
    }

    void cleanupTestCase()
    {
        for (auto it = m_savedEnv.cbegin(); it != m_savedEnv.cend(); ++it) {
            if (it.value().isNull())
                qunsetenv(it.key().constData());
            else
                qputenv(it.key().constData(), it.value());
        }
    }

    void signsWithPrivateKeyFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("ed25519") << QStringLiteral("ed");
        QTest::newRow("ecdsa") << QStringLiteral("ec");
    }

    void signsWithPrivateKeyFile()
    {
        QFETCH(QString, name);
        const SigningKey key = keyFile(file(name));
        QCOMPARE(key.path, file(name)); // the path as the user gave it
        QCOMPARE(key.key, SshPublicKey::fromFile(file(name + QStringLiteral(".pub")), nullptr));
        QString error;
        const auto sig = SshSigner::sign(key, kMessage, &error);
        QVERIFY2(sig, qPrintable(error));
        QVERIFY(sig->startsWith("-----BEGIN SSH SIGNATURE-----"));
        QVERIFY(opensshAccepts(*sig, kMessage));
        QVERIFY(!opensshAccepts(*sig, kMessage + "tampered"));
    }

    void signsWithPublicKeyInAgent()
    {
        startAgent();
        addToAgent(QStringLiteral("ed"));
        const SigningKey key = keyFile(file(QStringLiteral("pubonly/ed.pub")));
        QString error;
        const auto sig = SshSigner::sign(key, kMessage, &error);
        QVERIFY2(sig, qPrintable(error));
        QVERIFY(opensshAccepts(*sig, kMessage));
    }

    void agentKeysListsTheAddedKeys()
    {
        startAgent();
        QString error = QStringLiteral("stale");
        QVERIFY(SshSigner::agentKeys(&error).isEmpty());
        QVERIFY2(error.isEmpty(), qPrintable(error)); // an empty agent is no error

        addToAgent(QStringLiteral("ed"));
        addToAgent(QStringLiteral("ec"));
        const QList<SshPublicKey> keys = SshSigner::agentKeys(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(keys.size(), 2);
        const auto ed = SshPublicKey::fromFile(file(QStringLiteral("ed.pub")), nullptr);
        const auto ec = SshPublicKey::fromFile(file(QStringLiteral("ec.pub")), nullptr);
        QVERIFY(ed && ec);
        QVERIFY(keys.contains(*ed));
        QVERIFY(keys.contains(*ec));
        for (const SshPublicKey& k : keys)
            QVERIFY2(k.comment.endsWith(QLatin1String("@test")), qPrintable(k.comment));
    }

    // A certificate in the agent is not a key golive signs with: left out of the list.
    void agentCertificatesAreLeftOut()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("certified")));
        makeKey(QStringLiteral("certified/ca"), {QStringLiteral("-t"), QStringLiteral("ed25519")},
                {});
        makeKey(QStringLiteral("certified/ck"), {QStringLiteral("-t"), QStringLiteral("ed25519")},
                {});
        const Ran signedCert =
            run(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-q"), QStringLiteral("-s"), file(QStringLiteral("certified/ca")),
                 QStringLiteral("-I"), QStringLiteral("tester"), QStringLiteral("-n"),
                 QStringLiteral("tester"), file(QStringLiteral("certified/ck.pub"))});
        QVERIFY2(signedCert.exitCode == 0, signedCert.err.constData());
        startAgent();
        addToAgent(QStringLiteral("certified/ck")); // the key and, beside it, its certificate
        const Ran listed = run(QStringLiteral("ssh-add"), {QStringLiteral("-L")});
        QVERIFY2(listed.out.contains("-cert-v01@openssh.com"), listed.out.constData());
        QString error;
        const QList<SshPublicKey> keys = SshSigner::agentKeys(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.first(),
                 SshPublicKey::fromFile(file(QStringLiteral("certified/ck.pub")), nullptr));
    }

    void agentGoneIsSaidInWords()
    {
        startAgent();
        addToAgent(QStringLiteral("ed"));
        const QString sock = qEnvironmentVariable("SSH_AUTH_SOCK");
        stopAgent(); // SSH_AUTH_SOCK still names it

        const SigningKey key = keyFile(file(QStringLiteral("pubonly/ed.pub")));
        QString error;
        QVERIFY(!SshSigner::sign(key, kMessage, &error));
        QVERIFY2(error.contains(QStringLiteral("the agent at %1 is not running").arg(sock)),
                 qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("ssh-add")), qPrintable(error));

        QVERIFY(SshSigner::agentKeys(&error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("the agent at %1 is not running").arg(sock)),
                 qPrintable(error));

        qunsetenv("SSH_AUTH_SOCK");
        QVERIFY(!SshSigner::sign(key, kMessage, &error));
        QVERIFY2(error.contains(QLatin1String("SSH_AUTH_SOCK is not set")), qPrintable(error));
        QVERIFY(SshSigner::agentKeys(&error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("SSH_AUTH_SOCK is not set")), qPrintable(error));
    }

    void keyMissingFromRunningAgent()
    {
        startAgent();
        addToAgent(QStringLiteral("ec"));
        QString error;
        // More than a pipe holds: ssh-keygen gives up before reading it, and the unread rest
        // must not end golive (SIGPIPE).
        const QByteArray large(4 * 1024 * 1024, 'x');
        QVERIFY(!SshSigner::sign(keyFile(file(QStringLiteral("pubonly/ed.pub"))), large, &error));
        QVERIFY2(error.contains(QLatin1String("does not hold")), qPrintable(error));
    }

    void notAKeyIsRefused()
    {
        QFile f(file(QStringLiteral("notakey")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello, I am a shopping list\n");
        f.close();
        QString error;
        QVERIFY(!SigningKey::fromFile(f.fileName(), &error));
        QVERIFY2(error.contains(QLatin1String("not a key file")), qPrintable(error));
        QVERIFY(!SigningKey::fromFile(file(QStringLiteral("missing")), &error));
        QVERIFY2(error.contains(QLatin1String("cannot read key file")), qPrintable(error));
    }

    void shortRsaIsRefused()
    {
        QString error;
        QVERIFY(SshPublicKey::fromFile(file(QStringLiteral("rsa1024")), nullptr)); // a key...
        QVERIFY(!SigningKey::fromFile(file(QStringLiteral("rsa1024")), &error));   // ...refused
        QVERIFY2(error.contains(QLatin1String("1024 bits")), qPrintable(error));
    }

    void passphraseWithNoWayToAsk_data()
    {
        QTest::addColumn<QByteArray>("askpass");
        QTest::addColumn<QByteArray>("require");
        // The askpass program ssh-keygen is told to use cannot run.
        QTest::newRow("askpass missing")
            << QByteArray("/nonexistent/askpass") << QByteArray("force");
        // No askpass allowed and no terminal: ssh-keygen has nowhere to ask.
        QTest::newRow("no askpass, no terminal") << QByteArray() << QByteArray("never");
    }

    void passphraseWithNoWayToAsk()
    {
        QFETCH(QByteArray, askpass);
        QFETCH(QByteArray, require);
        if (askpass.isEmpty()) {
            QFile tty(QStringLiteral("/dev/tty"));
            if (tty.open(QIODevice::ReadWrite))
                QSKIP("this run has a terminal, where ssh-keygen would ask for the passphrase");
        } else {
            qputenv("SSH_ASKPASS", askpass);
        }
        qputenv("SSH_ASKPASS_REQUIRE", require);
        const SigningKey key = keyFile(file(QStringLiteral("pp")));
        QString error;
        QVERIFY(!SshSigner::sign(key, kMessage, &error, 20000));
        QVERIFY2(error.contains(QStringLiteral("add it to your agent with ssh-add %1")
                                    .arg(file(QStringLiteral("pp")))),
                 qPrintable(error));
    }

    // What those words advise works: the passphrase key, once in the agent, signs.
    void passphraseKeyInAgentSigns()
    {
        startAgent();
        const QString askpass = file(QStringLiteral("askpass-answers.sh"));
        writeScript(askpass, "echo 'correct horse'\n");
        qputenv("SSH_ASKPASS", QFile::encodeName(askpass));
        qputenv("SSH_ASKPASS_REQUIRE", "force");
        addToAgent(QStringLiteral("pp"));
        qputenv("SSH_ASKPASS", "/nonexistent/askpass"); // signing itself asks nothing
        QString error;
        const auto sig = SshSigner::sign(keyFile(file(QStringLiteral("pp"))), kMessage, &error);
        QVERIFY2(sig, qPrintable(error));
        QVERIFY(opensshAccepts(*sig, kMessage));
    }

    // A prompt nobody answers: ssh-keygen is killed at the timeout and the call returns.
    void timeoutKillsAndSaysSo()
    {
        const QString pidFile = file(QStringLiteral("askpass.pid"));
        QFile::remove(pidFile);
        const QString askpass = file(QStringLiteral("askpass-sleeps.sh"));
        writeScript(askpass, "echo $$ > '" + QFile::encodeName(pidFile) + "'\nexec sleep 60\n");
        qputenv("SSH_ASKPASS", QFile::encodeName(askpass));
        qputenv("SSH_ASKPASS_REQUIRE", "force");
        QString error;
        QVERIFY(!SshSigner::sign(keyFile(file(QStringLiteral("pp"))), kMessage, &error, 1000));
        QVERIFY2(error.contains(QLatin1String("no signature within 1 s: a hardware key waits for "
                                              "a touch")),
                 qPrintable(error));
        // The orphaned askpass is this test's to end.
        QFile pid(pidFile);
        if (pid.open(QIODevice::ReadOnly))
            m_askpassPid = pid.readAll().trimmed().toLongLong();
    }

    void sshKeygenMissing()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("emptybin")));
        qputenv("PATH", QFile::encodeName(file(QStringLiteral("emptybin"))));
        QString error;
        QVERIFY(!SshSigner::sign(keyFile(file(QStringLiteral("ed"))), kMessage, &error));
        QVERIFY2(error.contains(QLatin1String("ssh-keygen not found")), qPrintable(error));
        qputenv("SSH_AUTH_SOCK", "/nonexistent/agent.sock");
        QVERIFY(SshSigner::agentKeys(&error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("ssh-add not found")), qPrintable(error));
    }

    // An ssh-keygen on PATH that is not OpenSSH's: what it writes is checked, its words are data.
    void whatSshKeygenWritesIsChecked()
    {
        // A real signature by another key, to be passed off as ed's.
        const Ran other =
            run(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-Y"), QStringLiteral("sign"), QStringLiteral("-f"),
                 file(QStringLiteral("ec")), QStringLiteral("-n"), QStringLiteral("golive")},
                kMessage);
        QCOMPARE(other.exitCode, 0);
        QFile otherSig(file(QStringLiteral("other.sig")));
        QVERIFY(otherSig.open(QIODevice::WriteOnly));
        otherSig.write(other.out);
        otherSig.close();

        const SigningKey key = keyFile(file(QStringLiteral("ed")));
        const QString bin = file(QStringLiteral("fakebin"));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("fakebin")));
        qputenv("PATH", QFile::encodeName(bin));
        const QString fake = bin + QStringLiteral("/ssh-keygen");
        QString error;

        writeScript(fake, "/bin/cat > /dev/null\necho 'all good, trust me'\nexit 0\n");
        QVERIFY(!SshSigner::sign(key, kMessage, &error));
        QVERIFY2(error.contains(QLatin1String("did not write an SSH signature")),
                 qPrintable(error));

        // The armor, but not at the start.
        writeScript(fake, "/bin/cat > /dev/null\necho 'note:'\n/bin/cat '" +
                              QFile::encodeName(otherSig.fileName()) + "'\nexit 0\n");
        QVERIFY(!SshSigner::sign(key, kMessage, &error));
        QVERIFY2(error.contains(QLatin1String("did not write an SSH signature")),
                 qPrintable(error));

        writeScript(fake, "/bin/cat > /dev/null\n/bin/cat '" +
                              QFile::encodeName(otherSig.fileName()) + "'\nexit 0\n");
        QVERIFY(!SshSigner::sign(key, kMessage, &error));
        QVERIFY2(error.contains(QLatin1String("signed with SHA256:")), qPrintable(error));
        QVERIFY2(error.contains(key.key.fingerprint()), qPrintable(error));

        writeScript(fake,
                    "/bin/cat > /dev/null\nprintf 'bad \\033[2J\\033]0;owned\\007 key\\n' >&2\n"
                    "exit 255\n");
        QVERIFY(!SshSigner::sign(key, kMessage, &error));
        QVERIFY2(error.startsWith(QLatin1String("ssh-keygen: bad \\x1b[2J\\x1b]0;owned\\x07 key")),
                 qPrintable(error));
        QVERIFY(!error.contains(QChar(0x1b)));
    }

    void agentKeyAsFile()
    {
        startAgent();
        addToAgent(QStringLiteral("ed"));
        QString error;
        const QList<SshPublicKey> keys = SshSigner::agentKeys(&error);
        QCOMPARE(keys.size(), 1);
        const QString dir = file(QStringLiteral("agentkeys"));
        const auto key = SshSigner::fromAgentKey(keys.first(), dir, &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->key, keys.first());
        const QFileInfo info(key->path);
        QCOMPARE(info.absolutePath(), QDir(dir).absolutePath());
        QVERIFY2(QRegularExpression(QStringLiteral("^agent-[A-Za-z0-9_-]+\\.pub$"))
                     .match(info.fileName())
                     .hasMatch(),
                 qPrintable(info.fileName()));
        QCOMPARE(modeOf(key->path), 0600);
        QCOMPARE(SshPublicKey::fromFile(key->path, nullptr), keys.first());

        // ssh-keygen takes the file, and the agent signs.
        const auto sig = SshSigner::sign(*key, kMessage, &error);
        QVERIFY2(sig, qPrintable(error));
        QVERIFY(opensshAccepts(*sig, kMessage));

        // Asked again: the same file, not written anew.
        const ino_t inode = inodeOf(key->path);
        const auto again = SshSigner::fromAgentKey(keys.first(), dir, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->path, key->path);
        QCOMPARE(inodeOf(key->path), inode);

        // A file there with something else in it is replaced, privately.
        QFile f(key->path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(SshPublicKey::fromFile(file(QStringLiteral("ec.pub")), nullptr)->line().toUtf8());
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                 QFileDevice::ReadOther));
        const auto replaced = SshSigner::fromAgentKey(keys.first(), dir, &error);
        QVERIFY2(replaced, qPrintable(error));
        QCOMPARE(SshPublicKey::fromFile(key->path, nullptr), keys.first());
        QCOMPARE(modeOf(key->path), 0600);

        // The agent's comment is data: its controls are made visible in the file.
        SshPublicKey odd = keys.first();
        odd.comment = QStringLiteral("x\x1b[2Jy");
        const auto withOdd = SshSigner::fromAgentKey(odd, dir, &error);
        QVERIFY2(withOdd, qPrintable(error));
        QFile g(withOdd->path);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray content = g.readAll();
        QVERIFY2(content.endsWith(" x\\x1b[2Jy\n"), content.constData());

        // A key golive does not sign with gets no file.
        const auto rsa = SshPublicKey::fromFile(file(QStringLiteral("rsa1024.pub")), nullptr);
        QVERIFY(rsa);
        QVERIFY(!SshSigner::fromAgentKey(*rsa, dir, &error));
        QVERIFY2(error.contains(QLatin1String("1024 bits")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSshSigner)
#include "tst_sshsigner.moc"
