// The war-room channel from the real binary, in a throwaway HOME with its own keyring
// (tests/keychain/with-keyring.sh): `channel set` keeps the URL from standard input in the
// keychain, `gate` then posts to the fake receiver; with GOLIVE_CHANNEL_WEBHOOK, `channel set`
// records only the format and `go` posts the GO as a Teams card; a receiver answering 500 is a
// warning, recorded as such, never the command's failure; test, clear; and afterwards the
// secret is in no file golive wrote (settings, logs, the run, every export).
#include "../CliProcess.h"
#include "FakeHttpServer.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using golive::test::CliResult;
using golive::test::FakeHttpServer;

namespace {

// Three secrets, one per receiver: none may be found in a file golive wrote.
const QByteArray kKeychainSecret = "KeYcHaInSeCrEt7731";
const QByteArray kEnvSecret = "EnVsEcReT5512";
const QByteArray kFailSecret = "FaIlSeCrEt0092";

QByteArray hookPath(const QByteArray& secret)
{
    return QByteArrayLiteral("/services/T01/") + secret;
}

QString hookUrl(const FakeHttpServer& server, const QByteArray& secret)
{
    return server.baseUrl().toString() + QString::fromLatin1(hookPath(secret));
}

} // namespace

class TestChannelCli : public QObject
{
    Q_OBJECT

    QString m_home;
    QString m_run;
    QString m_exports;

    CliResult golive(const QStringList& args, const QByteArray& stdinBytes = {},
                     const QString& webhook = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("GOLIVE_CHANNEL_WEBHOOK"));
        env.remove(QStringLiteral("GOLIVE_PROMETHEUS_URL"));
        if (!webhook.isEmpty())
            env.insert(QStringLiteral("GOLIVE_CHANNEL_WEBHOOK"), webhook);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return golive::test::runGolive(args, env, 120000, &stdinBytes);
    }

    QStringList as(const QString& name, const QString& role) const
    {
        return {QStringLiteral("--run"),  m_run, QStringLiteral("--as"), name,
                QStringLiteral("--role"), role};
    }

    QString timeline()
    {
        const QString out = m_exports + QStringLiteral("/timeline.md");
        QFile::remove(out);
        const CliResult r = golive({QStringLiteral("export"), QStringLiteral("--run"), m_run,
                                    QStringLiteral("--timeline"), out});
        [&] { QVERIFY2(r.code == 0, r.describe().constData()); }();
        QFile f(out);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private slots:
    void initTestCase()
    {
        if (!qEnvironmentVariableIsSet("GOLIVE_TEST_HOME"))
            QSKIP("needs tests/keychain/with-keyring.sh: a throwaway HOME with its own keyring");
        m_home = qEnvironmentVariable("GOLIVE_TEST_HOME");
        QVERIFY(QDir().mkpath(m_home + QStringLiteral("/runs")));
        QVERIFY(QDir().mkpath(m_home + QStringLiteral("/exports")));
        m_run = m_home + QStringLiteral("/runs/summit.golive");
        m_exports = m_home + QStringLiteral("/exports");
        const CliResult r =
            golive({QStringLiteral("new"), QStringLiteral("--runbook"),
                    QStringLiteral(GOLIVE_SEED_RUNBOOK), QStringLiteral("--out"), m_run});
        QVERIFY2(r.code == 0, r.describe().constData());
    }

    void setKeepsTheUrlInTheKeychainAndGatePosts()
    {
        FakeHttpServer room;
        QVERIFY(room.listen());
        room.route(hookPath(kKeychainSecret), FakeHttpServer::json("ok"));

        CliResult r = golive({QStringLiteral("channel"), QStringLiteral("set"),
                              QStringLiteral("--run"), m_run, QStringLiteral("--moments"),
                              QStringLiteral("gate,decision,step-failed")},
                             hookUrl(room, kKeychainSecret).toUtf8() + '\n');
        QVERIFY2(r.code == 0, r.describe().constData());
        QVERIFY2(r.out.contains(QStringLiteral("slack, posting gate, decision, step-failed")),
                 r.describe().constData());
        QVERIFY2(r.out.contains(room.baseUrl().toString() + QStringLiteral("/\u2022\u2022\u2022")),
                 r.describe().constData());
        QVERIFY(!r.rawOut.contains(kKeychainSecret) && !r.rawErr.contains(kKeychainSecret));
        // Standard input empty and no GOLIVE_CHANNEL_WEBHOOK: nothing to keep.
        r = golive(
            {QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("--run"), m_run});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no webhook URL on standard input")),
                 r.describe().constData());
        // Not a URL: refused, and its words are not echoed.
        r = golive(
            {QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("--run"), m_run},
            "ftp://nope/" + kKeychainSecret + '\n');
        QCOMPARE(r.code, 2);
        QVERIFY(!r.rawErr.contains(kKeychainSecret));

        // A copy of the run keeps its id, never its channel: it says where the channel is.
        const QString copy = m_home + QStringLiteral("/runs/copy.golive");
        QVERIFY(QFile::copy(m_run, copy));
        r = golive(
            {QStringLiteral("channel"), QStringLiteral("show"), QStringLiteral("--run"), copy});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not for it here (moved or copied?)")) &&
                     r.err.contains(QFileInfo(m_run).canonicalFilePath()),
                 r.describe().constData());
        QVERIFY(QFile::remove(copy));
        r = golive(
            {QStringLiteral("channel"), QStringLiteral("show"), QStringLiteral("--run"), m_run});
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("(from the keychain)")),
                 r.describe().constData());

        r = golive(QStringList{QStringLiteral("gate")} +
                   as(QStringLiteral("Rae Okafor"), QStringLiteral("release-captain")));
        QVERIFY2(r.code == 0, r.describe().constData());
        QVERIFY2(r.out.contains(
                     QStringLiteral("channel: posted \u201CGo/No-Go gate opened by Rae Okafor")),
                 r.describe().constData());
        QCOMPARE(room.requests().size(), 1);
        const QJsonObject body = QJsonDocument::fromJson(room.requests().first().body).object();
        QVERIFY2(body.value(QLatin1String("text"))
                     .toString()
                     .startsWith(QStringLiteral(
                         "Go/No-Go gate opened by Rae Okafor (Release Captain)\nRun: Summit")),
                 room.requests().first().body.constData());
        QVERIFY(body.value(QLatin1String("text"))
                    .toString()
                    .contains(QStringLiteral("Phase: Go/No-Go")));

        // The timeline says what the channel was told, the URL masked.
        const QString md = timeline();
        QVERIFY2(md.contains(QStringLiteral("posted to the channel")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("Go/No-Go gate opened by Rae Okafor")), qPrintable(md));

        // A test message, on request; recorded too.
        r = golive(QStringList{QStringLiteral("channel"), QStringLiteral("test")} +
                   as(QStringLiteral("Rae Okafor"), QStringLiteral("release-captain")));
        QVERIFY2(r.code == 0, r.describe().constData());
        QCOMPARE(room.requests().size(), 2);
        // Recorded by golive itself, never typed in.
        r = golive(QStringList{QStringLiteral("observe"), QStringLiteral("channel-posted"),
                               QStringLiteral("--reason"), QStringLiteral("fake")} +
                   as(QStringLiteral("Rae Okafor"), QStringLiteral("release-captain")));
        QCOMPARE(r.code, 2);
    }

    void environmentWebhookPostsTheGoAsATeamsCard()
    {
        FakeHttpServer teams;
        QVERIFY(teams.listen());
        teams.route(hookPath(kEnvSecret), FakeHttpServer::json("", 202));
        const QString url = hookUrl(teams, kEnvSecret);
        // With the variable set and nothing on standard input: the format only.
        CliResult r =
            golive({QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("--run"),
                    m_run, QStringLiteral("--format"), QStringLiteral("teams")},
                   {}, url);
        QVERIFY2(r.code == 0, r.describe().constData());
        QVERIFY2(r.out.contains(QStringLiteral("webhook: from GOLIVE_CHANNEL_WEBHOOK")),
                 r.describe().constData());
        r = golive(QStringList{QStringLiteral("go"), QStringLiteral("--reason"),
                               QStringLiteral("bridge ready")} +
                       as(QStringLiteral("Dana Reyes"), QStringLiteral("incident-commander")),
                   {}, url);
        QVERIFY2(r.code == 0, r.describe().constData());
        QCOMPARE(teams.requests().size(), 1);
        const QJsonObject body = QJsonDocument::fromJson(teams.requests().first().body).object();
        QCOMPARE(body.value(QLatin1String("type")).toString(), QStringLiteral("message"));
        const QJsonObject card = body.value(QLatin1String("attachments"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QLatin1String("content"))
                                     .toObject();
        QCOMPARE(card.value(QLatin1String("type")).toString(), QStringLiteral("AdaptiveCard"));
        const QString first = card.value(QLatin1String("body"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QLatin1String("inlines"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QLatin1String("text"))
                                  .toString();
        QCOMPARE(first, QStringLiteral("GO by Dana Reyes (Incident Commander)"));
        QVERIFY(teams.requests().first().body.contains("bridge ready"));
    }

    void failingChannelIsAWarningAndRecorded()
    {
        FakeHttpServer broken;
        QVERIFY(broken.listen());
        broken.route(hookPath(kFailSecret), FakeHttpServer::json("{}", 500));
        const CliResult r = golive(QStringList{QStringLiteral("fail"), QStringLiteral("4.5"),
                                               QStringLiteral("--reason"),
                                               QStringLiteral("maintenance page missing")} +
                                       as(QStringLiteral("Eli Novak"), QStringLiteral("engineer")),
                                   {}, hookUrl(broken, kFailSecret));
        QVERIFY2(r.code == 0, r.describe().constData()); // the failure itself is recorded
        QVERIFY2(r.err.contains(
                     QStringLiteral("warning: channel: could not post \u201CStep FAILED: 4.5")),
                 r.describe().constData());
        QVERIFY2(r.err.contains(QStringLiteral("HTTP 500")), r.describe().constData());
        QCOMPARE(broken.requests().size(), 3); // retried
        const QString md = timeline();
        QVERIFY2(md.contains(QStringLiteral("channel post failed")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("HTTP 500")), qPrintable(md));
    }

    // The command lets go of the run before it waits on the channel: another golive writes
    // meanwhile. What it prints last is the ledger's head after the channel's record.
    void theRunIsNotHeldWhileTheChannelAnswers()
    {
        // The receiver holds the first attempt unanswered (golive gives up on it after 10 s
        // and tries again 2 s later) until the other command is done, then answers.
        FakeHttpServer slow;
        QVERIFY(slow.listen());
        slow.route(hookPath(kEnvSecret), FakeHttpServer::of(FakeHttpServer::Response::Kind::Hang));
        // Every moment from now on (the first test chose three).
        const CliResult all =
            golive({QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("--run"),
                    m_run, QStringLiteral("--moments"), QStringLiteral("all")},
                   {}, hookUrl(slow, kEnvSecret));
        QVERIFY2(all.code == 0, all.describe().constData());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("GOLIVE_PROMETHEUS_URL"));
        env.insert(QStringLiteral("GOLIVE_CHANNEL_WEBHOOK"), hookUrl(slow, kEnvSecret));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QProcess first;
        first.setProcessEnvironment(env);
        first.setStandardInputFile(QProcess::nullDevice());
        first.start(QStringLiteral(GOLIVE_BINARY),
                    QStringList{QStringLiteral("sign"), QStringLiteral("4.5"),
                                QStringLiteral("--note"),
                                QStringLiteral("maintenance page up after all")} +
                        as(QStringLiteral("Eli Novak"), QStringLiteral("engineer")));
        QVERIFY(first.waitForStarted());
        QSignalSpy finished(&first, &QProcess::finished);
        QVERIFY2(QTest::qWaitFor([&] { return slow.requests().size() == 1 || !finished.isEmpty(); },
                                 20000),
                 "no post");
        QVERIFY2(
            finished.isEmpty(),
            QByteArray(first.readAllStandardOutput() + first.readAllStandardError()).constData());
        // Posting now: the run is free for the next command, which does not wait for it.
        const CliResult meanwhile =
            golive(QStringList{QStringLiteral("note"), QStringLiteral("4.5"),
                               QStringLiteral("--text"), QStringLiteral("DBA on it"),
                               QStringLiteral("--wait"), QStringLiteral("0")} +
                   as(QStringLiteral("Eli Novak"), QStringLiteral("engineer")));
        QVERIFY2(meanwhile.code == 0, meanwhile.describe().constData());
        QCOMPARE(slow.requests().size(), 1); // the first command was still waiting
        slow.route(hookPath(kEnvSecret), FakeHttpServer::json("ok"));
        QVERIFY(!finished.isEmpty() || finished.wait(60000));
        QCOMPARE(first.exitCode(), 0);
        const QString out = QString::fromUtf8(first.readAllStandardOutput());
        const qsizetype at = out.indexOf(QStringLiteral("ledger head now "));
        QVERIFY2(at > 0, qPrintable(out));
        const QString head = out.mid(at + 16).section(QLatin1Char('\n'), 0, 0);
        const CliResult verify = golive({QStringLiteral("verify"), QStringLiteral("--run"), m_run});
        QVERIFY2(verify.code == 0 && verify.out.contains(QStringLiteral("head ") + head),
                 QByteArray(out.toUtf8() + verify.describe()).constData());
    }

    void clearRemovesIt()
    {
        CliResult r = golive(
            {QStringLiteral("channel"), QStringLiteral("clear"), QStringLiteral("--run"), m_run});
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("no longer in the keychain")),
                 r.describe().constData());
        r = golive(
            {QStringLiteral("channel"), QStringLiteral("show"), QStringLiteral("--run"), m_run});
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("has no channel here")),
                 r.describe().constData());
        r = golive(QStringList{QStringLiteral("channel"), QStringLiteral("test")} +
                   as(QStringLiteral("Rae Okafor"), QStringLiteral("release-captain")));
        QCOMPARE(r.code, 1);
    }

    // Last: every file golive wrote (settings, logs, the run, the exports), and nothing of a
    // secret in any of them.
    void noSecretInAnyFileGoliveWrote()
    {
        for (const QString& flag :
             {QStringLiteral("--pdf"), QStringLiteral("--md"), QStringLiteral("--json")}) {
            const QString out =
                m_exports + QStringLiteral("/run") + flag.mid(2).prepend(QLatin1Char('.'));
            const CliResult r =
                golive({QStringLiteral("export"), QStringLiteral("--run"), m_run, flag, out});
            QVERIFY2(r.code == 0, r.describe().constData());
        }
        int files = 0;
        QDirIterator it(m_home, QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue; // a socket
            const QByteArray bytes = f.readAll();
            ++files;
            for (const QByteArray& secret : {kKeychainSecret, kEnvSecret, kFailSecret})
                QVERIFY2(!bytes.contains(secret), qPrintable(path));
        }
        qInfo("searched %d files under the test's HOME", files);
        QVERIFY(files >= 6); // the run, the settings, the log, the exports at least
        QVERIFY(QFileInfo::exists(m_exports + QStringLiteral("/run.pdf")));
    }
};

QTEST_GUILESS_MAIN(TestChannelCli)
#include "tst_channel_cli.moc"
