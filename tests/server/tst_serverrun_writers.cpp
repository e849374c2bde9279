// Several writers on one server run: the GO race (exactly one GO, the other refused naming who
// and when) and many concurrent appends (every acknowledged event kept, the chain one line).
#include "AllowedSigners.h"
#include "Cutover.h"
#include "ItemCheckSupport.h"
#include "RunLedger.h"
#include "RunSignatures.h"
#include "ServerTestSupport.h"
#include "SshTestAgent.h"
#include "server/ServerRun.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QThread>

#include <memory>

using namespace golive;
using namespace golive::test;

namespace {

struct Outcome
{
    bool ok = false;
    QString error;
    SignOffEvent event;
};

// How long a writer thread may take to finish once nothing holds it back.
constexpr int kJoinMs = 60000;

// Opens the run on a thread of its own and appends `event` there.
std::unique_ptr<QThread> appendOnThread(const QString& uri, const SignOffEvent& event,
                                        Outcome* outcome)
{
    return std::unique_ptr<QThread>(QThread::create([uri, event, outcome] {
        QString error;
        auto run = ServerRun::open(uri, RunLedger::Access::ReadWrite, &error);
        if (!run) {
            outcome->error = error;
            return;
        }
        SignOffEvent e = event;
        outcome->ok = run->append(e, &outcome->error);
        outcome->event = e;
    }));
}

} // namespace

class TestServerRunWriters : public QObject
{
    Q_OBJECT

private:
    const Actor eng = person(QStringLiteral("Eli Novak"), Role::Engineer);
    const Actor rc = person(QStringLiteral("Rae Okafor"), Role::ReleaseCaptain);
    const Actor ada = person(QStringLiteral("Ada"), Role::IncidentCommander);
    const Actor bob = person(QStringLiteral("Bob"), Role::IncidentCommander);

    // A run at the Go/No-Go: pre-checks signed, the gate open.
    std::unique_ptr<ServerRun> runAtGoNoGo(const QString& name)
    {
        QString error;
        auto run =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        if (!run) {
            qWarning().noquote() << error;
            return nullptr;
        }
        // 4.3 (requires=health-green) and 4.4 (requires=previous-complete) by the incident
        // commander over their open checks: no health checks are recorded here.
        for (const char* id : {"4.1", "4.3", "4.4"}) {
            SignOffEvent e = QLatin1String(id) == QLatin1String("4.1")
                                 ? signOf(QLatin1String(id), eng)
                                 : signedOverOpenChecks(run->state(), QLatin1String(id), ada);
            if (!run->append(e, &error))
                qWarning().noquote() << error;
        }
        SignOffEvent gate = makeGateEvent(rc);
        if (!run->append(gate, &error))
            qWarning().noquote() << error;
        return run;
    }

    static SignOffEvent go(const ServerRun& run, const Actor& who)
    {
        return makeDecisionEvent(run.state().plan(), true, {}, {}, who);
    }

    static int goCount(const QString& uri)
    {
        QString error;
        auto run = ServerRun::open(uri, RunLedger::Access::ReadOnly, &error);
        if (!run)
            return -1;
        int n = 0;
        for (const SignOffEvent& e : run->events())
            n += e.kind == EventKind::Decision && e.fieldKey == QLatin1String("go");
        return n;
    }

private slots:
    void initTestCase()
    {
        setUpServerTest();
        QString error;
        QVERIFY2(ServerRun::initSchema(adminUri(), &error), qPrintable(error));
    }

    // Both commanders see the run before GO; the second GO is judged against the server's
    // state inside its transaction, so it is refused with who gave the GO and when.
    void theSecondGoIsRefusedNamingWhoAndWhen()
    {
        const QString name = uniqueName(QStringLiteral("gorace"));
        auto a = runAtGoNoGo(name);
        QVERIFY(a);
        QCOMPARE(a->state().cutover().phase(), Phase::GoNoGo);
        QString error;
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        QCOMPARE(b->state().cutover().phase(), Phase::GoNoGo);

        SignOffEvent first = go(*a, ada);
        first.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(6, 0, 3), Qt::UTC);
        QVERIFY2(a->append(first, &error), qPrintable(error));
        SignOffEvent second = go(*b, bob);
        second.timeUtc = first.timeUtc; // the same second
        QVERIFY(!b->append(second, &error));
        QVERIFY2(error.startsWith(QStringLiteral("GO already recorded by Ada (incident-commander) "
                                                 "at 06:00:03 UTC")),
                 qPrintable(error));
        QCOMPARE(goCount(runUri(name)), 1);
        // b now shows the GO it lost to.
        QList<SignOffEvent> fresh;
        QVERIFY2(b->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().actor.name, QStringLiteral("Ada"));
    }

    // The same two GOs at the same moment from two threads: both are held back until both
    // are in their transactions, then let go together. Exactly one GO is recorded.
    void twoGosAtOnceRecordExactlyOne()
    {
        const QString name = uniqueName(QStringLiteral("gosame"));
        auto run = runAtGoNoGo(name);
        QVERIFY(run);
        AdminConnection admin, watcher;
        QSqlDatabase db = admin.db();
        QVERIFY(db.transaction());
        // Holds every INSERT into the events back (and, with the head row locked first, the
        // second writer's lock on that row) until the commit below.
        QCOMPARE(admin.exec(QStringLiteral("LOCK TABLE golive_events IN SHARE MODE")), QString());
        Outcome oa, ob;
        auto ta = appendOnThread(runUri(name), go(*run, ada), &oa);
        auto tb = appendOnThread(runUri(name), go(*run, bob), &ob);
        // Whatever happens below, the writers are let go and joined before their threads and
        // outcomes are destroyed: a failed check must neither hang them nor destroy a thread
        // that is still running (which aborts the whole test).
        bool released = false;
        auto join = qScopeGuard([&] {
            if (!released)
                db.commit();
            for (QThread* t : {ta.get(), tb.get()}) {
                if (!t->wait(QDeadlineTimer(kJoinMs)))
                    qFatal("a writer thread was still running %d ms after the events table was "
                           "unlocked",
                           kJoinMs);
            }
        });
        ta->start();
        tb->start();
        // Read on a connection of its own: a transaction sees one snapshot of the statistics.
        QTRY_COMPARE(watcher
                         .value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                               "wait_event_type = 'Lock' AND datname = "
                                               "current_database()"))
                         .toInt(),
                     2);
        released = true;
        QVERIFY(db.commit());
        QVERIFY(ta->wait(QDeadlineTimer(kJoinMs)));
        QVERIFY(tb->wait(QDeadlineTimer(kJoinMs)));
        QCOMPARE(int(oa.ok) + int(ob.ok), 1);
        const Outcome& lost = oa.ok ? ob : oa;
        const Outcome& won = oa.ok ? oa : ob;
        QVERIFY2(
            lost.error.contains(QStringLiteral("GO already recorded by %1 (incident-commander) at")
                                    .arg(won.event.actor.name)),
            qPrintable(lost.error));
        QCOMPARE(goCount(runUri(name)), 1);
    }

    // 4 writers x 250 appends on one run, each writer on its own thread and connection.
    // Signed sign-offs on a server run that requires them: a writer that loses the race folds
    // in the other's event and signs its own again over the new seq and prev, so both
    // signatures check, as stored on the server, against the roster the run was made with.
    void aSignedAppendThatLosesTheRaceIsSignedAgain()
    {
        QTemporaryDir keys;
        QVERIFY(keys.isValid());
        const QString eliKey = keys.filePath(QStringLiteral("eli"));
        const QString raeKey = keys.filePath(QStringLiteral("rae"));
        QVERIFY(makeKey(eliKey, QStringLiteral("ed25519"), QStringLiteral("eli@host")));
        QVERIFY(makeKey(raeKey, QStringLiteral("ecdsa"), QStringLiteral("rae@host")));
        QString error;
        QString roster;
        for (const auto& [who, key] : {std::pair{eng.name, eliKey}, std::pair{rc.name, raeKey}}) {
            const auto pub = signing::SshPublicKey::fromFile(key + QStringLiteral(".pub"), &error);
            QVERIFY2(pub, qPrintable(error));
            roster += signing::AllowedSigners::lineFor(who, *pub, &error) + QLatin1Char('\n');
        }
        const QString name = uniqueName(QStringLiteral("signedrace"));
        auto a = ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error,
                                   std::nullopt, RunRoster{roster, true});
        QVERIFY2(a, qPrintable(error));
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        QCOMPARE(b->roster().allowedSigners, roster);

        // Unsigned: refused, in the words the window and the command line show.
        SignOffEvent bare = noteOn(QStringLiteral("1.1"), QStringLiteral("unsigned"), eng);
        QVERIFY(!a->append(bare, &error));
        QVERIFY2(error.startsWith(QStringLiteral("this run requires signed sign-offs")),
                 qPrintable(error));

        SignOffEvent first = noteOn(QStringLiteral("1.1"), QStringLiteral("first"), eng);
        first.actor.signingKey = eliKey;
        QVERIFY2(a->append(first, &error), qPrintable(error));
        // b has not seen it: its first try misses the head, and it signs again as event 2.
        SignOffEvent second = noteOn(QStringLiteral("1.2"), QStringLiteral("second"), rc);
        second.actor.signingKey = raeKey;
        QVERIFY2(b->append(second, &error), qPrintable(error));
        QCOMPARE(second.seq, 2);
        QCOMPARE(second.prevHash, first.hash);

        auto fresh = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(fresh, qPrintable(error));
        QVERIFY(fresh->verification().intact());
        QCOMPARE(fresh->events().size(), 2);
        QCOMPARE(fresh->events().at(1).signature.armored, second.signature.armored);
        const signing::SignatureReport report =
            signing::checkSignatures(fresh->initialRoster(), fresh->events());
        QVERIFY2(report.passes() && report.good == 2, qPrintable(report.summary()));
    }

    void manyWritersKeepEveryAcknowledgedEventAndOneChain()
    {
        const QString name = uniqueName(QStringLiteral("writers"));
        QString error;
        QVERIFY2(
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error),
            qPrintable(error));
        constexpr int kWriters = 4;
        constexpr int kAppends = 250;
        QMutex mutex;
        QList<SignOffEvent> acknowledged;
        QStringList failures;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int w = 0; w < kWriters; ++w) {
            threads.emplace_back(QThread::create([&, w] {
                QString words;
                auto run = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &words);
                if (!run) {
                    QMutexLocker lock(&mutex);
                    failures.append(words);
                    return;
                }
                const Actor who = person(QStringLiteral("Writer %1").arg(w), Role::Engineer);
                for (int i = 0; i < kAppends; ++i) {
                    SignOffEvent e = noteOn(QStringLiteral("4.1"),
                                            QStringLiteral("writer %1 note %2").arg(w).arg(i), who);
                    const bool ok = run->append(e, &words);
                    QMutexLocker lock(&mutex);
                    if (ok)
                        acknowledged.append(e);
                    else
                        failures.append(words);
                }
            }));
            threads.back()->start();
        }
        for (auto& t : threads)
            QVERIFY(t->wait());
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(acknowledged.size(), kWriters * kAppends);

        auto run = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const ChainVerification v = run->verify();
        QVERIFY2(v.intact(), qPrintable(v.summary()));
        QCOMPARE(v.eventCount, kWriters * kAppends);
        QHash<qint64, QByteArray> bySeq;
        for (const SignOffEvent& e : run->events())
            bySeq.insert(e.seq, e.hash);
        for (const SignOffEvent& e : std::as_const(acknowledged))
            QCOMPARE(bySeq.value(e.seq), e.hash);
    }
};

QTEST_GUILESS_MAIN(TestServerRunWriters)
#include "tst_serverrun_writers.moc"
