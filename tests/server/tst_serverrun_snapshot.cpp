// Each event's snapshot of what golive could see on a server run (server schema 5), on the real
// PostgreSQL: written by every way an event reaches the server (the one-statement append, the
// locked transaction of a dashboard change, publish), read back on reopen and by another
// workstation's catch-up, copied into a run file verbatim, changed behind the triggers' back and
// named by verify, refused over its limit, and a schema-4 database migrated.
#include "RunLedger.h"
#include "ServerTestSupport.h"
#include "server/ServerRun.h"

#include "Dashboard.h"
#include "RunFile.h"
#include "decision/DecisionSnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;
using namespace golive::test;

namespace {

// Compact JSON as DecisionSnapshot::toJson writes it, with quotes, a backslash, an escaped
// newline and non-ASCII.
QString decisionSnapshot(const QString& state = QStringLiteral("breach"))
{
    const QJsonObject panel{
        {QStringLiteral("id"), QStringLiteral("p95")},
        {QStringLiteral("title"), QStringLiteral("prov-ledger p95 \u6771\u4eac")},
        {QStringLiteral("value"), 452.5},
        {QStringLiteral("state"), state},
    };
    const QJsonObject o{
        {QStringLiteral("takenUtc"), QStringLiteral("2026-05-01T18:00:00.000Z")},
        {QStringLiteral("panels"), QJsonArray{panel}},
        {QStringLiteral("alerts"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Down{i=\"a\\b\"}")},
                                {QStringLiteral("summary"), QStringLiteral("Zo\u00eb\nline")}}}},
    };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestServerRunSnapshot : public QObject
{
    Q_OBJECT

private:
    const Actor eng = person(QStringLiteral("Eli Novak"), Role::Engineer);
    const Actor ic = person(QStringLiteral("Ada"), Role::IncidentCommander);

    std::unique_ptr<ServerRun> newRun(const QString& name, const QString& database = {})
    {
        QString error;
        auto run = ServerRun::create(database.isEmpty() ? runUri(name) : runUri(name, database),
                                     seedRunbook(), QStringLiteral("summit.md"), &error);
        if (!run)
            qWarning().noquote() << error;
        return run;
    }

    // The stored snapshot of event `seq` of run `runId`, as the server holds it (NULL: null).
    static QVariant stored(const QString& runId, qint64 seq, const QString& database = {})
    {
        AdminConnection admin(database.isEmpty() ? QStringLiteral("golive") : database);
        return admin.value(
            QStringLiteral("SELECT snapshot FROM golive_events WHERE run_id = '%1' AND seq = %2")
                .arg(runId)
                .arg(seq));
    }

private slots:
    void initTestCase()
    {
        setUpServerTest();
        QString error, said;
        QVERIFY2(ServerRun::initSchema(adminUri(), &error, &said), qPrintable(error));
    }

    // The one-statement append writes it; reopening, another workstation's catch-up and a copy
    // into a run file read it back as it was; an event without one has NULL.
    void roundTripsThroughAppendCatchUpReopenAndCopy()
    {
        const QString name = uniqueName(QStringLiteral("snap"));
        auto run = newRun(name);
        QVERIFY(run);
        QString error;
        auto other = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(other, qPrintable(error));
        const QString snapshot = decisionSnapshot();
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        e.snapshot = snapshot;
        QVERIFY2(run->append(e, &error), qPrintable(error));
        QCOMPARE(e.snapshot, snapshot);
        QCOMPARE(e.computeHash(), e.hash);
        SignOffEvent plain = noteOn(QStringLiteral("4.1"), QStringLiteral("no snapshot"), eng);
        QVERIFY2(run->append(plain, &error), qPrintable(error));
        QCOMPARE(stored(run->runId(), 1).toString(), snapshot);
        QVERIFY(stored(run->runId(), 2).isNull());
        QVERIFY(run->verify().intact());

        QList<SignOffEvent> fresh;
        QVERIFY2(other->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 2);
        QCOMPARE(fresh.at(0).snapshot, snapshot);
        QVERIFY(fresh.at(1).snapshot.isEmpty());
        QCOMPARE(other->headHash(), run->headHash());
        QVERIFY(other->verification().intact());
        // The other workstation's own append after it carries its own.
        SignOffEvent next = signOf(QStringLiteral("1.3"), eng);
        next.snapshot = decisionSnapshot(QStringLiteral("ok"));
        QVERIFY2(other->append(next, &error), qPrintable(error));
        QCOMPARE(stored(run->runId(), 3).toString(), decisionSnapshot(QStringLiteral("ok")));
        run.reset();
        other.reset();

        auto again = RunLedger::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->events().size(), 3);
        QCOMPARE(again->events().at(0).snapshot, snapshot);
        QVERIFY(again->events().at(1).snapshot.isEmpty());
        QCOMPARE(again->events().at(2).snapshot, decisionSnapshot(QStringLiteral("ok")));
        QVERIFY(again->verification().intact());

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("archived.golive"));
        QVERIFY2(RunFile::createCopy(path, *again, &error), qPrintable(error));
        auto copy = RunFile::open(path, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(copy, qPrintable(error));
        QCOMPARE(copy->headHash(), again->headHash());
        QCOMPARE(copy->events().at(0).snapshot, snapshot);
        QVERIFY(copy->events().at(1).snapshot.isEmpty());
        QVERIFY(copy->verification().intact());
    }

    // A dashboard change is written in the locked transaction (insertEvent): its snapshot too.
    void aDashboardChangeKeepsItsSnapshot()
    {
        const QByteArray later = QByteArrayLiteral(
            R"({"title": "Other", "panels": [{"id": "q", "title": "Q", "query": "up",)"
            R"( "unit": "ratio", "slo": {"objective": 0.8, "good": "above"}}]})");
        const QString name = uniqueName(QStringLiteral("snapdash"));
        auto run = newRun(name);
        QVERIFY(run);
        SignOffEvent set;
        set.kind = EventKind::DashboardSet;
        set.text = QStringLiteral("other.json");
        set.fieldKey = RunDashboardVersion::of(later, set.text).sha256;
        set.actor = ic;
        set.snapshot = decisionSnapshot();
        QString error;
        QVERIFY2(run->append(set, &error, &later), qPrintable(error));
        QCOMPARE(stored(run->runId(), 1).toString(), decisionSnapshot());
        auto again = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->events().at(0).snapshot, decisionSnapshot());
        QVERIFY(again->verification().intact());
    }

    // Publishing a run file uploads each event's snapshot verbatim.
    void publishCarriesSnapshots()
    {
        QTemporaryDir dir;
        QString error;
        auto file = RunFile::create(dir.filePath(QStringLiteral("rehearsal.golive")), seedRunbook(),
                                    QStringLiteral("summit.md"), &error);
        QVERIFY2(file, qPrintable(error));
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        e.snapshot = decisionSnapshot();
        QVERIFY2(file->append(e, &error), qPrintable(error));
        SignOffEvent plain = signOf(QStringLiteral("1.3"), eng);
        QVERIFY2(file->append(plain, &error), qPrintable(error));
        const QString name = uniqueName(QStringLiteral("snappub"));
        QVERIFY2(ServerRun::publish(runUri(name), *file, &error), qPrintable(error));
        QCOMPARE(stored(file->runId(), 1).toString(), decisionSnapshot());
        QVERIFY(stored(file->runId(), 2).isNull());
        auto run = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->headHash(), file->headHash());
        QCOMPARE(run->events().at(0).snapshot, decisionSnapshot());
        QVERIFY(run->verification().intact());
    }

    // The triggers refuse changing it; changed behind their back (or removed, or added), verify
    // names the event, and the run refuses sign-offs until it is acknowledged.
    void aChangedSnapshotIsNamedBySeq_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<int>("seq");
        QTest::newRow("changed")
            << QStringLiteral("snapshot = replace(snapshot, '452.5', '252.5') WHERE seq = 2") << 2;
        QTest::newRow("removed") << QStringLiteral("snapshot = NULL WHERE seq = 2") << 2;
        QTest::newRow("added") << QStringLiteral("snapshot = '{}' WHERE seq = 3") << 3;
    }
    void aChangedSnapshotIsNamedBySeq()
    {
        QFETCH(QString, set);
        QFETCH(int, seq);
        const QString name = uniqueName(QStringLiteral("snaptamper"));
        auto run = newRun(name);
        QVERIFY(run);
        QString error;
        for (const char* id : {"4.1", "1.3", "1.4"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            if (qstrcmp(id, "1.3") == 0)
                e.snapshot = decisionSnapshot();
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        AdminConnection admin;
        const QString update =
            QStringLiteral("UPDATE golive_events SET %1 AND run_id = '%2'").arg(set, run->runId());
        QVERIFY2(admin.exec(update).contains(QStringLiteral("append-only")), qPrintable(update));
        QVERIFY(run->verify().intact());
        // A superuser turns the triggers off for the session and edits the row.
        QCOMPARE(admin.exec(QStringLiteral("SET session_replication_role = replica")), QString());
        QCOMPARE(admin.exec(update), QString());
        const ChainVerification v = run->verify();
        QCOMPARE(v.breaks.size(), 1);
        QCOMPARE(v.breaks.first().seq, seq);
        QCOMPARE(v.summary(), QStringLiteral("ledger broken at event #%1: its contents were "
                                             "changed after it was written")
                                  .arg(seq));
        auto again = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->verification().unacknowledged.size(), 1);
        QCOMPARE(again->verification().unacknowledged.first().seq, seq);
        SignOffEvent more = noteOn(QStringLiteral("4.1"), QStringLiteral("x"), eng);
        QVERIFY(!again->append(more, &error));
        QVERIFY2(error.contains(QStringLiteral("broken at event #%1").arg(seq)), qPrintable(error));
    }

    // Over the limit the server run refuses it before anything reaches the server.
    void aSnapshotOverItsLimitIsRefused()
    {
        const QString name = uniqueName(QStringLiteral("snaplimit"));
        auto run = newRun(name);
        QVERIFY(run);
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        e.snapshot = QString(DecisionSnapshot::kMaxBytes / 2 + 1, QChar(0xe9)); // 2 bytes each
        QString error;
        QVERIFY(!run->append(e, &error));
        QVERIFY2(error.contains(QStringLiteral("over the limit of 64 KiB (65536 bytes)")),
                 qPrintable(error));
        AdminConnection admin;
        QCOMPARE(admin
                     .value(QStringLiteral("SELECT count(*) FROM golive_events WHERE run_id = '%1'")
                                .arg(run->runId()))
                     .toInt(),
                 0);
        QCOMPARE(run->headHash(), run->genesisHash());
        e.snapshot = QString(DecisionSnapshot::kMaxBytes, QLatin1Char('y'));
        QVERIFY2(run->append(e, &error), qPrintable(error));
        QCOMPARE(stored(run->runId(), 1).toString().size(), qsizetype(DecisionSnapshot::kMaxBytes));
    }

    // A database of schema 4 with a run in it: nothing opens it until `server init` migrates it
    // to 5; its old events verify, and new ones keep their snapshots.
    void aVersion4SchemaIsMigrated()
    {
        const QString database = uniqueName(QStringLiteral("v4db")).toLower();
        {
            AdminConnection admin;
            QCOMPARE(admin.exec(QStringLiteral("CREATE DATABASE %1").arg(database)), QString());
        }
        QString error, said;
        QVERIFY2(ServerRun::initSchema(adminUri(database), &error, &said), qPrintable(error));
        const QString name = uniqueName(QStringLiteral("old"));
        QString runId;
        QByteArray head;
        {
            auto run = newRun(name, database);
            QVERIFY(run);
            runId = run->runId();
            for (const char* id : {"4.1", "1.3"}) {
                SignOffEvent e = signOf(QLatin1String(id), eng);
                QVERIFY2(run->append(e, &error), qPrintable(error));
            }
            head = run->headHash();
        }
        {
            AdminConnection admin(database);
            QCOMPARE(admin.exec(QStringLiteral("ALTER TABLE golive_events DROP COLUMN snapshot")),
                     QString());
            QCOMPARE(admin.exec(QStringLiteral("UPDATE golive_schema SET version = 4")), QString());
        }
        QVERIFY(!ServerRun::open(runUri(name, database), RunLedger::Access::ReadOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("version 4, older")), qPrintable(error));
        QVERIFY2(ServerRun::initSchema(adminUri(database), &error, &said), qPrintable(error));
        QVERIFY2(said.contains(QStringLiteral("migrated the golive schema from version 4 to 5")),
                 qPrintable(said));
        auto run = ServerRun::open(runUri(name, database), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->headHash(), head);
        QVERIFY(run->verification().intact());
        QVERIFY(stored(runId, 1, database).isNull());
        SignOffEvent e = signOf(QStringLiteral("1.4"), eng);
        e.snapshot = decisionSnapshot();
        QVERIFY2(run->append(e, &error), qPrintable(error));
        QCOMPARE(stored(runId, 3, database).toString(), decisionSnapshot());
        run.reset();
        auto again = ServerRun::open(runUri(name, database), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->events().at(2).snapshot, decisionSnapshot());
        QVERIFY(again->verification().intact());
        // The version 1 triggers guard the column version 5 added.
        AdminConnection admin(database);
        const QString refused = admin.exec(
            QStringLiteral("UPDATE golive_events SET snapshot = '{}' WHERE run_id = '%1'")
                .arg(runId));
        QVERIFY2(refused.contains(QStringLiteral("append-only")), qPrintable(refused));
    }
};

QTEST_GUILESS_MAIN(TestServerRunSnapshot)
#include "tst_serverrun_snapshot.moc"
