// The snapshot of what golive could see, kept in its event's row (run file schema 5): written on
// append, read back on reopen (read-write and read-only), copied verbatim, covered by the chain
// (a changed, added or removed snapshot names its event), refused over its limit before anything
// is written, a schema-4 file read as it is and upgraded, and golive-audit.py agreeing with
// golive on all of it.
#include "RunFileTestFixture.h"

#include "decision/DecisionSnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace golive;
using namespace golive::test;

namespace {

// A snapshot as DecisionSnapshot::toJson writes one (compact JSON, sorted keys), with what
// needs escaping in JSON and in the payload around it: quotes, backslashes, an escaped newline,
// non-ASCII, "</script>".
QString decisionSnapshot()
{
    const QJsonObject panel{
        {QStringLiteral("id"), QStringLiteral("p95")},
        {QStringLiteral("title"), QStringLiteral("prov-ledger p95 latency \u6771\u4eac \u2713")},
        {QStringLiteral("unit"), QStringLiteral("ms")},
        {QStringLiteral("value"), 452.5},
        {QStringLiteral("objective"), 300},
        {QStringLiteral("state"), QStringLiteral("breach")},
    };
    const QJsonObject alert{
        {QStringLiteral("name"), QStringLiteral("ProvLedgerDown{instance=\"a\\b\"}")},
        {QStringLiteral("severity"), QStringLiteral("critical")},
        {QStringLiteral("summary"), QStringLiteral("Zo\u00eb's line\nnext </script>")},
    };
    const QJsonObject o{
        {QStringLiteral("takenUtc"), QStringLiteral("2026-05-01T18:00:00.000Z")},
        {QStringLiteral("demo"), false},
        {QStringLiteral("panels"), QJsonArray{panel}},
        {QStringLiteral("alerts"), QJsonArray{alert}},
    };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Text that is not JSON, with characters each JSON writer must escape the same way (control
// characters, DEL, a line separator): the snapshot is opaque to the ledger.
QString opaqueSnapshot()
{
    return QStringLiteral("not JSON: tab\there, \x01\x1f, del \x7f, ls \u2028, ps \u2029, "
                          "quote \" and backslash \\");
}

int columnCount(RawDb& raw, const QString& column)
{
    return raw
        .value(QStringLiteral("SELECT count(*) FROM pragma_table_info('events') WHERE name = '%1'")
                   .arg(column))
        .toInt();
}

} // namespace

class TestRunFileSnapshot : public QObject, public RunFileFixture
{
    Q_OBJECT

    // A run: items 1 and 2 signed without a snapshot, item 3 signed with `snapshot`, a note on
    // item 1 with none, and (when `opaque`) a note on item 2 with opaqueSnapshot().
    std::unique_ptr<RunFile> snapshotRun(const QString& path, const QString& snapshot,
                                         bool opaque = false)
    {
        auto run = makeRun(path, 2);
        if (!run)
            return nullptr;
        QString error;
        const QList<const RunbookItem*> items = run->runbook().allItems();
        SignOffEvent e = signEvent(run->state(), items.at(2));
        e.snapshot = snapshot;
        if (!run->append(e, &error)) {
            qWarning("append failed: %s", qPrintable(error));
            return nullptr;
        }
        SignOffEvent note = makeEvent(EventKind::NoteAdded, items.at(0)->id, QStringLiteral("Bo"),
                                      Role::Engineer, QStringLiteral("no snapshot here"));
        if (!run->append(note, &error)) {
            qWarning("append failed: %s", qPrintable(error));
            return nullptr;
        }
        if (opaque) {
            SignOffEvent other =
                makeEvent(EventKind::NoteAdded, items.at(1)->id, QStringLiteral("Bo"),
                          Role::Engineer, QStringLiteral("an opaque snapshot"));
            other.snapshot = opaqueSnapshot();
            if (!run->append(other, &error)) {
                qWarning("append failed: %s", qPrintable(error));
                return nullptr;
            }
        }
        return run;
    }

    // Makes the run file at `path` what golive of run file schema 4 left: no snapshot column.
    static bool toSchema4(const QString& path)
    {
        RawDb raw(path);
        QString why;
        if (!raw.exec(QStringLiteral("ALTER TABLE events DROP COLUMN snapshot"), &why) ||
            !raw.exec(QStringLiteral("PRAGMA user_version=4"), &why)) {
            qWarning("%s", qPrintable(why));
            return false;
        }
        return true;
    }

    struct Audit
    {
        int code = -1;
        QString out;
    };
    // packaging/golive-audit.py on `path`, as an auditor runs it.
    static Audit audit(const QString& path)
    {
        QProcess p;
        p.start(QStringLiteral("python3"), {QStringLiteral(GOLIVE_AUDIT_SCRIPT), path});
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return {-1, QStringLiteral("golive-audit.py did not finish: ") + p.errorString()};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QDir(HeadRecord::directory()).removeRecursively());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty(),
                 "python3 runs golive-audit.py");
    }

    // Written as given, read back the same by every way a run is read; NULL where there is none.
    void roundTripsThroughAppendReopenAndCopy()
    {
        const QString path = newPath(QStringLiteral("snap.golive"));
        const QString snapshot = decisionSnapshot();
        QByteArray hash;
        {
            auto run = snapshotRun(path, snapshot);
            QVERIFY(run);
            const SignOffEvent& e = run->events().at(2);
            QCOMPARE(e.snapshot, snapshot);
            // The hash covers it: the same event without it hashes otherwise.
            QCOMPARE(e.computeHash(), e.hash);
            SignOffEvent without = e;
            without.snapshot.clear();
            QVERIFY(without.computeHash() != e.hash);
            QVERIFY(e.canonicalPayload().contains("\"snapshot\":"));
            QVERIFY(!run->events().at(1).canonicalPayload().contains("snapshot"));
            hash = e.hash;
        }
        {
            RawDb raw(path);
            QCOMPARE(
                raw.value(QStringLiteral("SELECT snapshot FROM events WHERE seq = 3")).toString(),
                snapshot);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM events WHERE snapshot IS NULL"))
                         .toInt(),
                     3);
        }
        for (RunFile::Access access : {RunFile::Access::ReadWrite, RunFile::Access::ReadOnly}) {
            QString error;
            auto run = RunFile::open(path, access, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 4);
            QCOMPARE(run->events().at(2).snapshot, snapshot);
            QCOMPARE(run->events().at(2).hash, hash);
            QVERIFY(run->events().at(3).snapshot.isEmpty());
            QVERIFY(run->verification().intact());
            QVERIFY(run->verify().intact());
        }

        // A copy holds it verbatim, and NULL stays NULL.
        const QString copyPath = newPath(QStringLiteral("snap-copy.golive"));
        {
            QString error;
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QVERIFY2(RunFile::createCopy(copyPath, *run, &error), qPrintable(error));
        }
        {
            RawDb raw(copyPath);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 5);
            QCOMPARE(
                raw.value(QStringLiteral("SELECT snapshot FROM events WHERE seq = 3")).toString(),
                snapshot);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM events WHERE snapshot IS NULL"))
                         .toInt(),
                     3);
        }
        QString error;
        auto copy = RunFile::open(copyPath, RunFile::Access::ReadWrite, &error);
        QVERIFY2(copy, qPrintable(error));
        QCOMPARE(copy->events().at(2).snapshot, snapshot);
        QVERIFY(copy->verification().intact());
        // And it goes on from there with snapshots of its own.
        SignOffEvent next = signEvent(copy->state(), copy->runbook().allItems().at(3));
        next.snapshot = QStringLiteral("{\"demo\":true}");
        QVERIFY2(copy->append(next, &error), qPrintable(error));
        copy.reset();
        auto again = RunFile::open(copyPath, RunFile::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->events().at(4).snapshot, QStringLiteral("{\"demo\":true}"));
        QVERIFY(again->verification().intact());
    }

    // The append-only triggers cover the new column: it cannot be changed in place.
    void theTriggersRefuseChangingASnapshot()
    {
        const QString path = newPath(QStringLiteral("snap-trigger.golive"));
        QVERIFY(snapshotRun(path, decisionSnapshot()));
        RawDb raw(path);
        QString error;
        QVERIFY(
            !raw.exec(QStringLiteral("UPDATE events SET snapshot = '{}' WHERE seq = 3"), &error));
        QVERIFY2(error.contains(QStringLiteral("golive ledger is append-only")), qPrintable(error));
        QVERIFY(
            !raw.exec(QStringLiteral("UPDATE events SET snapshot = '{}' WHERE seq = 2"), &error));
        QVERIFY2(error.contains(QStringLiteral("golive ledger is append-only")), qPrintable(error));
    }

    // A snapshot changed, removed or added behind the triggers' back is named by its event.
    void aChangedSnapshotIsNamedByVerify_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("seq");
        // One character of a value: what a tamperer would change to make the charts say
        // otherwise.
        QTest::newRow("changed")
            << QStringLiteral(
                   "UPDATE events SET snapshot = replace(snapshot, '452.5', '252.5') WHERE seq = 3")
            << 3;
        QTest::newRow("removed") << QStringLiteral(
                                        "UPDATE events SET snapshot = NULL WHERE seq = 3")
                                 << 3;
        QTest::newRow("emptied") << QStringLiteral("UPDATE events SET snapshot = '' WHERE seq = 3")
                                 << 3;
        QTest::newRow("added")
            << QStringLiteral("UPDATE events SET snapshot = '{\"demo\":false}' WHERE seq = 4") << 4;
    }
    void aChangedSnapshotIsNamedByVerify()
    {
        QFETCH(QString, sql);
        QFETCH(int, seq);
        const QString path = newPath(QStringLiteral("snap-tamper-%1.golive")
                                         .arg(QString::fromLatin1(QTest::currentDataTag())));
        QVERIFY(snapshotRun(path, decisionSnapshot()));
        QVERIFY(tamper(path, sql));
        QString error;
        for (RunFile::Access access : {RunFile::Access::ReadWrite, RunFile::Access::ReadOnly}) {
            auto run = RunFile::open(path, access, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->verification().breaks.size(), 1);
            QCOMPARE(run->verification().breaks.at(0).seq, seq);
            QCOMPARE(run->verification().summary(),
                     QStringLiteral("ledger broken at event #%1: its contents were changed after "
                                    "it was written")
                         .arg(seq));
        }
        const Audit a = audit(path);
        QVERIFY2(a.code == 1, qPrintable(a.out));
        QVERIFY2(a.out.contains(
                     QStringLiteral("broken at event #%1: its contents were changed").arg(seq)),
                 qPrintable(a.out));
    }

    // A file golive of schema 4 wrote: read as it is without upgrading it, and upgraded (a copy
    // first) when opened for writing; its old events verify either way, and new ones keep
    // their snapshots.
    void aSchema4FileIsReadAndUpgraded()
    {
        const QString path = newPath(QStringLiteral("v4.golive"));
        QByteArray head;
        {
            auto run = makeRun(path, 3);
            QVERIFY(run);
            head = run->headHash();
        }
        QVERIFY(toSchema4(path));
        {
            RawDb raw(path);
            QCOMPARE(columnCount(raw, QStringLiteral("snapshot")), 0);
        }
        const Fingerprint before = fingerprint(path);
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 3);
            QCOMPARE(run->headHash(), head);
            QVERIFY(run->verification().intact());
            QVERIFY(run->verify().intact());
        }
        QVERIFY2(fingerprint(path) == before, "a read-only open changed a schema-4 file");
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".bak-v4")));
        // The auditor reads it as it is too.
        Audit a = audit(path);
        QVERIFY2(a.code == 0, qPrintable(a.out));
        QVERIFY2(
            a.out.contains(
                QStringLiteral("chain intact, 3 events, head %1").arg(QString::fromLatin1(head))),
            qPrintable(a.out));

        const QString snapshot = decisionSnapshot();
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->pragma(QStringLiteral("user_version")), QStringLiteral("5"));
            QCOMPARE(run->headHash(), head);
            QVERIFY(run->verification().intact());
            SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(3));
            e.snapshot = snapshot;
            QVERIFY2(run->append(e, &error), qPrintable(error));
            QCOMPARE(e.prevHash, head);
        }
        {
            RawDb raw(path);
            QCOMPARE(columnCount(raw, QStringLiteral("snapshot")), 1);
            QCOMPARE(
                raw.value(QStringLiteral("SELECT snapshot FROM events WHERE seq = 4")).toString(),
                snapshot);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM events WHERE snapshot IS NULL"))
                         .toInt(),
                     3);
            // The old triggers guard the new column.
            QString why;
            QVERIFY(
                !raw.exec(QStringLiteral("UPDATE events SET snapshot = 'x' WHERE seq = 1"), &why));
            QVERIFY2(why.contains(QStringLiteral("append-only")), qPrintable(why));
        }
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 4);
            QCOMPARE(run->events().at(3).snapshot, snapshot);
            QVERIFY(run->verification().intact());
        }
        RawDb backup(path + QStringLiteral(".bak-v4"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 4);
        QCOMPARE(columnCount(backup, QStringLiteral("snapshot")), 0);
        QCOMPARE(backup.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 3);
        a = audit(path);
        QVERIFY2(a.code == 0, qPrintable(a.out));
        QVERIFY2(a.out.contains(QStringLiteral("chain intact, 4 events")), qPrintable(a.out));
    }

    // Over DecisionSnapshot::kMaxBytes (in UTF-8 bytes, not characters) the event is refused
    // before anything is written, in words that name the limit; at the limit it is kept whole.
    void aSnapshotOverItsLimitIsRefused()
    {
        const QString path = newPath(QStringLiteral("snap-limit.golive"));
        auto run = makeRun(path, 1);
        QVERIFY(run);
        const QByteArray head = run->headHash();
        const RunbookItem* item = run->runbook().allItems().at(1);
        const int limit = DecisionSnapshot::kMaxBytes;
        QCOMPARE(limit, 64 * 1024);
        // Fewer characters than the limit, more bytes: "é" is two bytes in UTF-8.
        const QList<std::pair<QString, qsizetype>> overs{
            {QString(limit + 1, QLatin1Char('x')), limit + 1},
            {QString(limit / 2 + 1, QChar(0xe9)), limit + 2},
        };
        for (const auto& [over, bytes] : overs) {
            QCOMPARE(over.toUtf8().size(), bytes);
            SignOffEvent e = signEvent(run->state(), item);
            e.snapshot = over;
            QString error;
            QVERIFY(!run->append(e, &error));
            QVERIFY2(error.contains(QStringLiteral("over the limit of 64 KiB (65536 bytes)")),
                     qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("Nothing was recorded")), qPrintable(error));
            QVERIFY(!run->wouldAccept(e, &error));
            QCOMPARE(run->events().size(), 1);
            QCOMPARE(run->headHash(), head);
        }
        {
            RawDb raw(path);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 1);
        }
        // Exactly at the limit (a two-byte character last), it is kept whole.
        SignOffEvent e = signEvent(run->state(), item);
        e.snapshot = QString(limit - 2, QLatin1Char('y')) + QChar(0xe9);
        QCOMPARE(e.snapshot.toUtf8().size(), qsizetype(limit));
        QString error;
        QVERIFY2(run->append(e, &error), qPrintable(error));
        run.reset();
        auto again = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->events().at(1).snapshot.toUtf8().size(), qsizetype(limit));
        QVERIFY(again->verification().intact());
    }

    // golive-audit.py recomputes the payload with the snapshot exactly as golive does: a run
    // golive wrote with snapshots (JSON and opaque text alike) audits intact, with the same head.
    void theAuditScriptAgreesOnSnapshots()
    {
        const QString path = newPath(QStringLiteral("snap-audit.golive"));
        QByteArray head;
        {
            auto run = snapshotRun(path, decisionSnapshot(), true);
            QVERIFY(run);
            QCOMPARE(run->events().size(), 5);
            QCOMPARE(run->events().at(4).snapshot, opaqueSnapshot());
            head = run->headHash();
        }
        const Audit a = audit(path);
        QVERIFY2(a.code == 0, qPrintable(a.out));
        QVERIFY2(
            a.out.contains(
                QStringLiteral("chain intact, 5 events, head %1").arg(QString::fromLatin1(head))),
            qPrintable(a.out));
        // And only because it includes the snapshot: without it, the auditor would name #3.
        const QString copy = newPath(QStringLiteral("snap-audit-opaque.golive"));
        QVERIFY(QFile::copy(path, copy));
        QVERIFY(tamper(copy, QStringLiteral("UPDATE events SET snapshot = snapshot || ' ' "
                                            "WHERE seq = 5")));
        const Audit changed = audit(copy);
        QVERIFY2(changed.code == 1, qPrintable(changed.out));
        QVERIFY2(changed.out.contains(QStringLiteral("broken at event #5")),
                 qPrintable(changed.out));
    }
};

QTEST_GUILESS_MAIN(TestRunFileSnapshot)
#include "tst_runfile_snapshot.moc"
