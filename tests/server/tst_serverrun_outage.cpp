// A server run when its server goes away: killed (SIGKILL of the postmaster) under open runs,
// down at start, and back again: writes refused naming the host, nothing queued, reconnect
// and catch-up once it is back.
#include "RunLedger.h"
#include "ServerTestSupport.h"
#include "server/ServerConnection.h"
#include "server/ServerLocation.h"
#include "server/ServerRun.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>

#include <clocale>

#include <libpq-fe.h>

using namespace golive;
using namespace golive::test;

namespace {

bool pgctl(const QString& action)
{
    QProcess p;
    p.start(fixtureDir() + QStringLiteral("/pgctl"), {action});
    if (!p.waitForFinished(60000))
        return false;
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestServerRunOutage : public QObject
{
    Q_OBJECT

private:
    const Actor eng = person(QStringLiteral("Eli Novak"), Role::Engineer);

private slots:
    void initTestCase()
    {
        setUpServerTest();
        QString error;
        QVERIFY2(ServerRun::initSchema(adminUri(), &error), qPrintable(error));
    }

    void killedServerThenBackAgain()
    {
        const QString name = uniqueName(QStringLiteral("outage"));
        QString error;
        auto a =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        QVERIFY2(a, qPrintable(error));
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        int calls = 0;
        QVERIFY(a->watch([&calls] { ++calls; }));
        SignOffEvent first = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(a->append(first, &error), qPrintable(error));
        QVERIFY(a->isConnected());

        // Whatever fails below, the server is left running for the next test.
        auto restart = qScopeGuard([] { pgctl(QStringLiteral("start")); });
        QVERIFY(pgctl(QStringLiteral("kill")));
        const QString host = QStringLiteral("127.0.0.1:%1").arg(fixturePort());
        SignOffEvent during = signOf(QStringLiteral("4.3"), eng);
        QVERIFY(!a->append(during, &error));
        QVERIFY2(error.contains(host), qPrintable(error));
        // The append is one statement: with the connection gone under it, golive cannot know
        // whether the commit happened before the loss, and says so (the catch-up below shows
        // that it did not).
        QVERIFY2(error.contains(QStringLiteral("The server did not confirm the commit")),
                 qPrintable(error));
        QVERIFY(!a->isConnected());
        // Refused again at once, never queued.
        QVERIFY(!a->append(during, &error));
        QVERIFY2(error.contains(QStringLiteral("connection to %1 is lost").arg(host)),
                 qPrintable(error));
        QVERIFY(!a->reconnect(&error));
        QVERIFY2(error.contains(QStringLiteral("the server %1 is not reachable").arg(host)),
                 qPrintable(error));
        QList<SignOffEvent> fresh;
        QVERIFY(!a->catchUp(&fresh, &error));
        QVERIFY2(error.contains(host), qPrintable(error));
        // A new opener is told the same.
        QVERIFY(!RunLedger::open(runUri(name), RunLedger::Access::ReadOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("the server %1 is not reachable").arg(host)),
                 qPrintable(error));

        restart.dismiss();
        QVERIFY(pgctl(QStringLiteral("start")));
        QVERIFY2(a->reconnect(&error), qPrintable(error));
        QVERIFY(a->isConnected());
        QVERIFY(a->verification().intact());
        // b's connection was killed too: it learns so on its first write and reconnects.
        SignOffEvent fromB = signOf(QStringLiteral("4.3"), eng);
        if (!b->append(fromB, &error)) {
            QVERIFY(!b->isConnected());
            QVERIFY2(b->reconnect(&error), qPrintable(error));
            QVERIFY2(b->append(fromB, &error), qPrintable(error));
        }
        QTRY_VERIFY(calls >= 1); // a listens again after its reconnect
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().hash, fromB.hash);
        QCOMPARE(a->headHash(), b->headHash());
        SignOffEvent after = signOf(QStringLiteral("4.4"), eng);
        QVERIFY2(a->append(after, &error), qPrintable(error));
        QVERIFY(a->verify().intact());
        QCOMPARE(a->verify().eventCount, 3);
    }

    // A network that goes silent is noticed in seconds: the keepalive and tcp_user_timeout
    // defaults reach libpq through Qt's driver (read back from the connection itself).
    void silentNetworkIsNoticedInSeconds()
    {
        ServerLocation loc;
        QString error;
        QVERIFY2(ServerLocation::parse(runUri(QStringLiteral("x")), &loc, &error),
                 qPrintable(error));
        ServerConnection connection(loc);
        QVERIFY2(connection.open(&error), qPrintable(error));
        auto* conn = static_cast<PGconn*>(ServerConnection::nativeHandle(connection.db()));
        QVERIFY(conn);
        QHash<QByteArray, QByteArray> used;
        PQconninfoOption* options = PQconninfo(conn);
        QVERIFY(options);
        for (PQconninfoOption* o = options; o->keyword; ++o) {
            if (o->val)
                used.insert(o->keyword, o->val);
        }
        PQconninfoFree(options);
        QCOMPARE(used.value("keepalives"), QByteArray("1"));
        QCOMPARE(used.value("keepalives_idle"), QByteArray("5"));
        QCOMPARE(used.value("keepalives_interval"), QByteArray("2"));
        QCOMPARE(used.value("keepalives_count"), QByteArray("3"));
        QCOMPARE(used.value("tcp_user_timeout"), QByteArray("10000"));
        QCOMPARE(used.value("connect_timeout"), QByteArray("5"));
    }

    // libpq's words follow the locale: a server killed under a German session is still seen
    // as lost (libpq's state and SQLSTATE, not its English words).
    void lossSeenInAnyLanguage()
    {
        if (!QFile::exists(QStringLiteral("/usr/share/locale/de/LC_MESSAGES/libpq5-15.mo")))
            QSKIP("libpq's German translation (libpq5-15.mo) is not installed");
        const QByteArray savedLocale = setlocale(LC_MESSAGES, nullptr);
        const QByteArray savedLanguage = qgetenv("LANGUAGE");
        // gettext honours LANGUAGE whenever LC_MESSAGES is not "C".
        QVERIFY(setlocale(LC_MESSAGES, "C.UTF-8"));
        qputenv("LANGUAGE", "de");
        // Back to English before the server starts again: it inherits this environment.
        const auto backToEnglish = [&] {
            setlocale(LC_MESSAGES, savedLocale.constData());
            if (savedLanguage.isNull())
                qunsetenv("LANGUAGE");
            else
                qputenv("LANGUAGE", savedLanguage);
        };
        auto restoreLocale = qScopeGuard(backToEnglish);
        const QString name = uniqueName(QStringLiteral("german"));
        QString error;
        auto a =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        QVERIFY2(a, qPrintable(error));
        QVERIFY(a->isConnected());

        auto restart = qScopeGuard([&] {
            backToEnglish();
            pgctl(QStringLiteral("start"));
        });
        QVERIFY(pgctl(QStringLiteral("kill")));
        QList<SignOffEvent> fresh;
        QVERIFY(!a->catchUp(&fresh, &error));
        // The premise: libpq said it in German, so no English words were there to match.
        QVERIFY2(error.contains(QStringLiteral("Verbindung")) ||
                     error.contains(QStringLiteral("Fehler")),
                 qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("server closed the connection")) &&
                     !error.contains(QStringLiteral("SSL SYSCALL error")),
                 qPrintable(error));
        QVERIFY(!a->isConnected());
        // Noted as lost, not merely failed: the next catch-up is refused without the network.
        QVERIFY(!a->catchUp(&fresh, &error));
        QVERIFY2(error.contains(QStringLiteral("reconnect first")), qPrintable(error));
        restart.dismiss();
        backToEnglish();
        QVERIFY(pgctl(QStringLiteral("start")));
        QVERIFY2(a->reconnect(&error), qPrintable(error));
        QVERIFY(a->isConnected());
    }

    // A run that lost events while a workstation was away (a failover to a replica that was
    // behind, a restore) is a break when that workstation reconnects.
    void aRunThatWentBackWhileAwayIsABreak()
    {
        const QString name = uniqueName(QStringLiteral("back"));
        QString error;
        auto a =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        QVERIFY2(a, qPrintable(error));
        for (const char* id : {"4.1", "4.3"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            QVERIFY2(a->append(e, &error), qPrintable(error));
        }
        {
            AdminConnection admin;
            QCOMPARE(admin.exec(QStringLiteral("SET session_replication_role = replica")),
                     QString());
            QCOMPARE(admin.exec(QStringLiteral("DELETE FROM golive_events WHERE run_id = '%1' "
                                               "AND seq = 2")
                                    .arg(a->runId())),
                     QString());
            QCOMPARE(admin.exec(QStringLiteral("UPDATE golive_runs SET head_seq = 1 WHERE run_id "
                                               "= '%1'")
                                    .arg(a->runId())),
                     QString());
        }
        QVERIFY2(a->reconnect(&error), qPrintable(error));
        QVERIFY(!a->verification().intact());
        QVERIFY(a->verification().unacknowledged.first().wentBack);
        SignOffEvent e = signOf(QStringLiteral("4.4"), eng);
        QVERIFY(!a->append(e, &error));
        QVERIFY2(error.contains(QStringLiteral("went backwards")), qPrintable(error));

        // Opened afresh, this computer's record of the head (written when a run closes, at the
        // latest) says the same, in a server's words.
        a.reset();
        auto again = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QVERIFY(!again->verification().intact());
        const QString summary = again->verification().summary();
        QVERIFY2(summary.contains(QStringLiteral("the server holds only 1 now")),
                 qPrintable(summary));
    }
};

QTEST_GUILESS_MAIN(TestServerRunOutage)
#include "tst_serverrun_outage.moc"
