// A server run when its server goes away: killed (SIGKILL of the postmaster) under open runs,
// down at start, and back again: writes refused naming the host, nothing queued, reconnect
// and catch-up once it is back.
#include "RunLedger.h"
#include "ServerTestSupport.h"
#include "server/ServerConnection.h"
#include "server/ServerLocation.h"
#include "server/ServerRun.h"

#include <QCoreApplication>
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

// Which computer the calls that follow run on: each computer keeps its own record of the heads
// it saw (HeadRecord, under the application's data folder), so two workstations in one test
// are two application names.
void onComputer(const char* name)
{
    QCoreApplication::setApplicationName(
        QStringLiteral("tst_serverrun_outage-%1").arg(QLatin1String(name)));
}

// How many event rows the server holds for the run, as its owner reads them.
qint64 eventRows(const QString& runId)
{
    AdminConnection admin;
    return admin
        .value(QStringLiteral("SELECT count(*) FROM golive_events WHERE run_id = '%1'").arg(runId))
        .toLongLong();
}

// The run as a restore from an older backup leaves it: only its first `keep` events, its head
// at the last of them, done behind golive's back (the triggers that refuse it are off for this
// session only).
QString restoreTo(const QString& runId, qint64 keep)
{
    AdminConnection admin;
    for (const QString& sql :
         {QStringLiteral("SET session_replication_role = replica"),
          QStringLiteral("DELETE FROM golive_events WHERE run_id = '%1' AND seq > %2")
              .arg(runId)
              .arg(keep),
          QStringLiteral("UPDATE golive_runs SET head_seq = %2, head_hash = (SELECT hash FROM "
                         "golive_events WHERE run_id = '%1' AND seq = %2) WHERE run_id = '%1'")
              .arg(runId)
              .arg(keep)}) {
        const QString words = admin.exec(sql);
        if (!words.isEmpty())
            return words;
    }
    return {};
}

SignOffEvent acknowledging(const QString& key, const Actor& who)
{
    SignOffEvent e;
    e.kind = EventKind::ChainBreakAcknowledged;
    e.fieldKey = key;
    e.text = QStringLiteral("the server was restored from last night's backup");
    e.actor = who;
    return e;
}

// A row appended behind golive's back, chained to the run's head as golive would chain it:
// what any role that may INSERT can write.
QString insertChained(const QString& runId, SignOffEvent e)
{
    AdminConnection admin;
    const qint64 head = admin
                            .value(QStringLiteral("SELECT head_seq FROM golive_runs WHERE "
                                                  "run_id = '%1'")
                                       .arg(runId))
                            .toLongLong();
    e.seq = head + 1;
    e.prevHash = admin
                     .value(QStringLiteral("SELECT head_hash FROM golive_runs WHERE "
                                           "run_id = '%1'")
                                .arg(runId))
                     .toString()
                     .toLatin1();
    e.timeUtc = QDateTime::currentDateTimeUtc();
    e.hash = e.computeHash();
    QSqlQuery q(admin.db());
    q.prepare(QStringLiteral("INSERT INTO golive_events(run_id, seq, time_utc, kind, item_id,"
                             " field_key, text, actor, role, os_user, host, prev_hash, hash)"
                             " VALUES(?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(runId);
    q.addBindValue(e.seq);
    q.addBindValue(e.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
    q.addBindValue(eventKindName(e.kind));
    q.addBindValue(e.fieldKey);
    q.addBindValue(e.text);
    q.addBindValue(e.actor.name);
    q.addBindValue(roleName(e.actor.role));
    q.addBindValue(e.actor.osUser);
    q.addBindValue(e.actor.host);
    q.addBindValue(QString::fromLatin1(e.prevHash));
    q.addBindValue(QString::fromLatin1(e.hash));
    if (!q.exec())
        return q.lastError().text();
    return admin.exec(QStringLiteral("UPDATE golive_runs SET head_seq = %2, head_hash = '%3' "
                                     "WHERE run_id = '%1'")
                          .arg(runId)
                          .arg(e.seq)
                          .arg(QString::fromLatin1(e.hash)));
}

} // namespace

class TestServerRunOutage : public QObject
{
    Q_OBJECT

private:
    const Actor eng = person(QStringLiteral("Eli Novak"), Role::Engineer);
    const Actor captain = person(QStringLiteral("Ana Lima"), Role::ReleaseCaptain);

    // A new run named `name` with 4.1 and 1.3 signed in it, or null and *error.
    std::unique_ptr<ServerRun> runWithTwoSignOffs(const QString& name, QString* error) const
    {
        auto run =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), error);
        for (const char* id : {"4.1", "1.3"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            if (run && !run->append(e, error))
                return nullptr;
        }
        return run;
    }

private slots:
    void initTestCase()
    {
        setUpServerTest();
        QString error;
        QVERIFY2(ServerRun::initSchema(adminUri(), &error), qPrintable(error));
    }

    void init() { onComputer("a"); }

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
        SignOffEvent during = signOf(QStringLiteral("1.3"), eng);
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
        SignOffEvent fromB = signOf(QStringLiteral("1.3"), eng);
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
        SignOffEvent after = signOf(QStringLiteral("1.4"), eng);
        QVERIFY2(a->append(after, &error), qPrintable(error));
        QVERIFY(a->verify().intact());
        QCOMPARE(a->verify().eventCount, 3);
    }

    // After a restore, workstation A had seen 5 events and B 3. B's acknowledgement of what B
    // lost accepts B's break only: A's stays until A names the 2 further events it lost, A's
    // record of the head stays at 5 until then, and A's own acknowledgement chains from the
    // server's real last event.
    void anAcknowledgementAcceptsOnlyTheBreaksItNames()
    {
        const QString name = uniqueName(QStringLiteral("ackothers"));
        QString error;
        auto a =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        QVERIFY2(a, qPrintable(error));
        for (int i = 0; i < 3; ++i) {
            SignOffEvent e = noteOn(QStringLiteral("4.1"), QStringLiteral("note %1").arg(i), eng);
            QVERIFY2(a->append(e, &error), qPrintable(error));
        }
        onComputer("b");
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        onComputer("a");
        for (int i = 3; i < 5; ++i) {
            SignOffEvent e = noteOn(QStringLiteral("4.1"), QStringLiteral("note %1").arg(i), eng);
            QVERIFY2(a->append(e, &error), qPrintable(error));
        }
        const QByteArray seenByA = a->headHash();
        const QByteArray seenByB = b->headHash();
        QCOMPARE(restoreTo(a->runId(), 2), QString());

        QVERIFY2(a->reconnect(&error), qPrintable(error));
        QCOMPARE(a->verification().unacknowledged.size(), 1);
        QVERIFY(a->verification().unacknowledged.first().wentBack);
        QCOMPARE(a->verification().acknowledgementKey(),
                 QStringLiteral("5:") + QString::fromLatin1(seenByA));
        onComputer("b");
        QVERIFY2(b->reconnect(&error), qPrintable(error));
        QCOMPARE(b->verification().acknowledgementKey(),
                 QStringLiteral("3:") + QString::fromLatin1(seenByB));
        SignOffEvent byB = acknowledging(b->verification().acknowledgementKey(), captain);
        QVERIFY2(b->append(byB, &error), qPrintable(error));
        QVERIFY(b->verification().unacknowledged.isEmpty());

        onComputer("a");
        QList<SignOffEvent> fresh;
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().hash, byB.hash);
        QCOMPARE(a->verification().acknowledgementKey(),
                 QStringLiteral("5:") + QString::fromLatin1(seenByA));
        SignOffEvent note = noteOn(QStringLiteral("4.1"), QStringLiteral("after"), eng);
        QVERIFY(!a->append(note, &error));
        QVERIFY2(error.contains(QStringLiteral("went backwards")), qPrintable(error));
        // This computer's record was not moved to the run as it is now.
        {
            auto again = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
            QVERIFY2(again, qPrintable(error));
            QCOMPARE(again->verification().acknowledgementKey(),
                     QStringLiteral("5:") + QString::fromLatin1(seenByA));
        }

        SignOffEvent byA = acknowledging(a->verification().acknowledgementKey(), captain);
        QVERIFY2(a->append(byA, &error), qPrintable(error));
        QCOMPARE(byA.prevHash, byB.hash);
        QCOMPARE(byA.seq, 4);
        QVERIFY(a->verification().unacknowledged.isEmpty());
        QVERIFY2(a->append(note, &error), qPrintable(error));
        QVERIFY(a->verify().unacknowledged.isEmpty());
        onComputer("b");
        QVERIFY2(b->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 2);
        QVERIFY(b->verification().unacknowledged.isEmpty());
        QVERIFY(b->verify().unacknowledged.isEmpty());
        QCOMPARE(b->headHash(), a->headHash());
    }

    // A ChainBreakAcknowledged row anyone who may INSERT can add: chained correctly but
    // naming another break, it accepts nothing; naming this workstation's break but not
    // verifying in the chain, it accepts nothing either.
    void aStrayAcknowledgementAcceptsNothing()
    {
        const QString name = uniqueName(QStringLiteral("ackjunk"));
        QString error;
        auto a = runWithTwoSignOffs(name, &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(restoreTo(a->runId(), 1), QString());
        QVERIFY2(a->reconnect(&error), qPrintable(error));
        const QString mine = a->verification().acknowledgementKey();
        QVERIFY(mine.startsWith(QStringLiteral("2:")));

        QCOMPARE(insertChained(a->runId(), acknowledging(QStringLiteral("7:%1").arg(
                                                             QString(64, QLatin1Char('e'))),
                                                         captain)),
                 QString());
        QList<SignOffEvent> fresh;
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(a->verification().acknowledgementKey(), mine);

        // Names this break exactly, but its time is not golive's: its row does not verify.
        SignOffEvent forged = acknowledging(mine, captain);
        QCOMPARE(insertChained(a->runId(), forged), QString());
        {
            AdminConnection admin;
            QCOMPARE(admin.exec(QStringLiteral("SET session_replication_role = replica")),
                     QString());
            QCOMPARE(admin.exec(QStringLiteral("UPDATE golive_events SET time_utc = "
                                               "'2026-01-01T00:00:00Z' WHERE run_id = '%1' AND "
                                               "seq = 3")
                                    .arg(a->runId())),
                     QString());
        }
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        bool stillMine = false;
        for (const ChainBreak& b : a->verification().unacknowledged)
            stillMine = stillMine || b.wentBack;
        QVERIFY2(stillMine, qPrintable(a->verification().acknowledgementKey()));
        SignOffEvent e = signOf(QStringLiteral("1.4"), eng);
        QVERIFY(!a->append(e, &error));
    }

    // The server went back while A was away and B, who opened the run after the restore, wrote
    // on to the very seq A had held. A reconnects: it holds what the server holds (B's events,
    // not its own lost ones), signing waits for the acknowledgement, and that chains from B's
    // last event, so no workstation sees a new break.
    void reconnectAfterTheRunWentBackReadsItAgain()
    {
        const QString name = uniqueName(QStringLiteral("backreload"));
        QString error;
        auto a =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        QVERIFY2(a, qPrintable(error));
        for (const char* id : {"4.1", "1.3", "1.4"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            QVERIFY2(a->append(e, &error), qPrintable(error));
        }
        QCOMPARE(a->state().item(QStringLiteral("1.3")).status, ItemStatus::Signed);
        QCOMPARE(restoreTo(a->runId(), 1), QString());
        onComputer("b");
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        QVERIFY(b->verification().intact());
        QList<SignOffEvent> byB;
        for (int i = 0; i < 2; ++i) {
            SignOffEvent e = noteOn(QStringLiteral("4.1"), QStringLiteral("note %1").arg(i), eng);
            QVERIFY2(b->append(e, &error), qPrintable(error));
            byB << e;
        }

        onComputer("a");
        const int reloads = a->reloads();
        QVERIFY2(a->reconnect(&error), qPrintable(error));
        QCOMPARE(a->events().size(), 3);
        QCOMPARE(a->headHash(), b->headHash());
        QCOMPARE(a->state().item(QStringLiteral("1.3")).status, ItemStatus::Open);
        QCOMPARE(a->reloads(), reloads + 1);
        QVERIFY(!a->verification().unacknowledged.isEmpty());
        QVERIFY(a->verification().unacknowledged.first().wentBack);
        SignOffEvent again = signOf(QStringLiteral("1.3"), eng);
        QVERIFY(!a->append(again, &error));
        QVERIFY2(error.contains(QStringLiteral("went backwards")), qPrintable(error));
        QList<SignOffEvent> fresh;
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QVERIFY(fresh.isEmpty()); // the reload holds B's events already

        SignOffEvent ack = acknowledging(a->verification().acknowledgementKey(), captain);
        QVERIFY2(a->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 4);
        QCOMPARE(ack.prevHash, byB.constLast().hash);
        QVERIFY2(a->append(again, &error), qPrintable(error));
        QCOMPARE(a->state().item(QStringLiteral("1.3")).status, ItemStatus::Signed);
        QVERIFY(a->verify().intact());

        onComputer("b");
        QVERIFY2(b->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 2);
        QVERIFY2(b->verification().intact(), qPrintable(b->verification().summary()));
        QCOMPARE(b->headHash(), a->headHash());
    }

    // A run found at open to have gone backwards (this computer's record says it saw more)
    // stays blocked across a reconnect that finds the server unchanged.
    void aBreakFoundAtOpenSurvivesAReconnect()
    {
        const QString name = uniqueName(QStringLiteral("backopen"));
        QString error;
        QString runId;
        {
            auto a =
                ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
            QVERIFY2(a, qPrintable(error));
            for (const char* id : {"4.1", "1.3"}) {
                SignOffEvent e = signOf(QLatin1String(id), eng);
                QVERIFY2(a->append(e, &error), qPrintable(error));
            }
            runId = a->runId();
        } // closed: this computer's record holds both events
        QCOMPARE(restoreTo(runId, 1), QString());
        auto a = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(a, qPrintable(error));
        const QString key = a->verification().acknowledgementKey();
        QVERIFY(key.startsWith(QStringLiteral("2:")));

        QVERIFY2(a->reconnect(&error), qPrintable(error));
        QCOMPARE(a->verification().acknowledgementKey(), key);
        SignOffEvent e = signOf(QStringLiteral("1.4"), eng);
        QVERIFY(!a->append(e, &error));
        QVERIFY2(error.contains(QStringLiteral("went backwards")), qPrintable(error));
    }

    // A run restored behind a workstation that stayed connected: a dashboard-set event, which
    // takes the head row's lock rather than the one-statement append, is refused too instead
    // of leaving a gap and a link to an event the server no longer has.
    void aDashboardSetBehindARestoredHeadIsRefused()
    {
        const QString name = uniqueName(QStringLiteral("backdash"));
        QString error;
        auto a = runWithTwoSignOffs(name, &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(restoreTo(a->runId(), 1), QString());
        const QByteArray json = QByteArrayLiteral(
            R"({"title": "Other", "panels": [{"id": "q", "title": "Q", "query": "up",)"
            R"( "unit": "ratio", "slo": {"objective": 0.8, "good": "above"}}]})");
        SignOffEvent set;
        set.kind = EventKind::DashboardSet;
        set.text = QStringLiteral("other.json");
        set.fieldKey = RunDashboardVersion::of(json, set.text).sha256;
        set.actor = person(QStringLiteral("Ada"), Role::IncidentCommander);
        QVERIFY(!a->append(set, &error, &json));
        QVERIFY2(error.contains(QStringLiteral("changed on the server outside golive")),
                 qPrintable(error));
        QCOMPARE(eventRows(a->runId()), 1);
    }

    // The run restored to an earlier state while A stayed connected, and B then signed up to
    // the seq A held: the head's seq is where A expects it, but its event is not A's. A's
    // next sign-off must not chain onto the event the server lost.
    void aSignOffAfterARestoreToTheSameSeqIsRefused()
    {
        const QString name = uniqueName(QStringLiteral("sameseq"));
        QString error;
        auto a = runWithTwoSignOffs(name, &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(restoreTo(a->runId(), 1), QString());
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        SignOffEvent fromB = signOf(QStringLiteral("1.4"), eng);
        QVERIFY2(b->append(fromB, &error), qPrintable(error));
        QCOMPARE(fromB.seq, a->events().constLast().seq);
        QVERIFY(fromB.hash != a->headHash());

        SignOffEvent fromA = signOf(QStringLiteral("1.1"), eng);
        QVERIFY(!a->append(fromA, &error));
        QVERIFY2(error.contains(QStringLiteral("changed on the server outside golive")),
                 qPrintable(error));
        QCOMPARE(eventRows(a->runId()), 2);
        QVERIFY(b->verify().intact());
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
        auto a = runWithTwoSignOffs(name, &error);
        QVERIFY2(a, qPrintable(error));
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
        SignOffEvent e = signOf(QStringLiteral("1.4"), eng);
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
