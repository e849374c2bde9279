// A decision's snapshot as the rows and lines every view shows: a breach, no data, SLO data
// unavailable, demo data, alerts and checks beyond the cap; and in the timeline of a run: the
// decision's line marked when taken over a breach, the Markdown's "Snapshots" with every cell
// escaped, and the marks the wall screen shows.
#include "CutoverTestFixture.h"
#include "decision/SnapshotTable.h"

#include "../SnapshotSamples.h"

using namespace golive;
using namespace golive::test;

namespace {

QStringList cells(const SnapshotRow& r)
{
    return {r.panel, r.value, r.objective, r.state};
}

QStringList plainLines(const SnapshotTable& t)
{
    QStringList out;
    for (const SnapshotLine& l : t.lines)
        out << l.plain();
    return out;
}

} // namespace

class TestSnapshotTable : public QObject, public CutoverFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(seed().ok()); }

    void init()
    {
        m_state.reset(&seed().runbook);
        m_state.setClock({});
        m_seq = 0;
        m_now = utc(5, 0);
    }

    void breachRowsAndLines()
    {
        const SnapshotTable t = snapshotTable(breachSnapshot(utc(6, 0, 3)).toJson());
        QVERIFY(t.readable);
        QCOMPARE(t.rows.size(), 3);
        QCOMPARE(cells(t.rows.at(0)),
                 (QStringList{QStringLiteral("prov-ledger p95 latency"), QStringLiteral("452 ms"),
                              QStringLiteral("< 300 ms"), QStringLiteral("BREACH")}));
        QVERIFY(t.rows.at(0).breach());
        // No data stays "no data", never 0, and its note is not said twice.
        QCOMPARE(cells(t.rows.at(1)),
                 (QStringList{kHostilePanelTitle, QStringLiteral("no data"),
                              QStringLiteral("< 100 ms"), QStringLiteral("unknown")}));
        QCOMPARE(cells(t.rows.at(2)),
                 (QStringList{QStringLiteral("error rate"), QStringLiteral("0.2%"),
                              QStringLiteral("< 1%"), QStringLiteral("ok")}));
        QCOMPARE(plainLines(t),
                 (QStringList{
                     QStringLiteral("Alerts: 2 firing: ProvLedgerLatencyHigh (critical), "
                                    "DiskSlow (warning)"),
                     QStringLiteral("Health: gateway up \u00b7 prov-ledger DOWN (HTTP 503) "
                                    "\u00b7 postgres not probed"),
                     QStringLiteral("Data: as of 2026-05-01 06:00:00 UTC \u00b7 Prometheus "
                                    "http://127.0.0.1:9090 \u00b7 dashboard Summit \u00b7 taken "
                                    "2026-05-01 06:00:03 UTC")}));
        QVERIFY(t.lines.at(0).alarm); // a critical alert firing
        QVERIFY(t.lines.at(1).alarm); // a critical check down
        QVERIFY(!t.lines.at(2).alarm);
        QVERIFY(t.overBreach);
        QCOMPARE(t.overBreachText,
                 QStringLiteral("taken over a breach: prov-ledger p95 latency, alert "
                                "ProvLedgerLatencyHigh"));
        QCOMPARE(t.rows.at(0).line(), QStringLiteral("prov-ledger p95 latency \u00b7 452 ms "
                                                     "\u00b7 objective < 300 ms \u00b7 BREACH"));
    }

    void noDataWithItsNote()
    {
        DecisionSnapshot s = breachSnapshot(utc(6, 0));
        s.panels[1].note = QStringLiteral("query timed out after 10 s");
        s.panels[2].note = QStringLiteral("stale: 12 minutes old");
        const SnapshotTable t = snapshotTable(s);
        QCOMPARE(t.rows.at(1).value, QStringLiteral("no data (query timed out after 10 s)"));
        QCOMPARE(t.rows.at(2).value, QStringLiteral("0.2% (stale: 12 minutes old)"));
        // An at-risk panel and a never-probed critical check.
        s.panels[0].state = QStringLiteral("at-risk");
        s.health[1].state = QStringLiteral("unknown");
        s.health[1].detail.clear();
        s.alerts.clear();
        const SnapshotTable calm = snapshotTable(s);
        QCOMPARE(calm.rows.at(0).state, QStringLiteral("at risk"));
        QCOMPARE(plainLines(calm).at(0), QStringLiteral("Alerts: none firing"));
        QCOMPARE(plainLines(calm).at(1),
                 QStringLiteral("Health: gateway up \u00b7 prov-ledger unknown \u00b7 postgres "
                                "not probed"));
        QVERIFY(!calm.overBreach);
        QVERIFY(calm.overBreachText.isEmpty());
    }

    void unavailableAndLeftOut()
    {
        DecisionSnapshot s = breachSnapshot(utc(6, 0));
        s.panels.clear();
        s.sloUnavailable = QStringLiteral("connection refused");
        s.alertsLeftOut = 3;
        s.healthLeftOut = 2;
        s.health[1].critical = false;
        const SnapshotTable t = snapshotTable(s);
        QVERIFY(t.rows.isEmpty());
        QCOMPARE(t.lines.at(0).plain(), QStringLiteral("SLO data unavailable: connection refused"));
        QVERIFY(t.lines.at(0).alarm);
        QCOMPARE(t.lines.at(1).plain(),
                 QStringLiteral("Alerts: 5 firing: ProvLedgerLatencyHigh (critical), DiskSlow "
                                "(warning), +3 not recorded"));
        QCOMPARE(t.lines.at(2).plain(),
                 QStringLiteral("Health: gateway up \u00b7 prov-ledger DOWN (HTTP 503; not "
                                "critical) \u00b7 postgres not probed \u00b7 +2 not recorded"));
        QVERIFY(!t.lines.at(2).alarm); // a check that is not critical is no alarm
        s.alertsUnavailable = QStringLiteral("HTTP 500");
        s.panelsLeftOut = 4;
        s.sloUnavailable.clear();
        const QStringList lines = plainLines(snapshotTable(s));
        QVERIFY2(lines.contains(QStringLiteral("+4 SLO panels not recorded")),
                 qPrintable(lines.join(u'\n')));
        QVERIFY2(lines.contains(QStringLiteral("Alerts: could not be read: HTTP 500")),
                 qPrintable(lines.join(u'\n')));
    }

    void demoIsMarkedAndNeverABreach()
    {
        DecisionSnapshot s = breachSnapshot(utc(6, 0));
        s.demo = true;
        s.prometheus.clear();
        const SnapshotTable t = snapshotTable(s);
        QVERIFY(t.demo);
        QVERIFY(t.lines.at(0).plain().startsWith(QStringLiteral("DEMO data")));
        QCOMPARE(t.rows.at(0).state, QStringLiteral("BREACH")); // shown as it was
        QVERIFY(!t.overBreach);                                 // but not counted as real
        QVERIFY(!t.lines.at(1).alarm);
        QVERIFY(t.lines.constLast().text.contains(QStringLiteral("no Prometheus (demo)")));
        // One demo panel among real ones says so on its own row.
        DecisionSnapshot mixed = breachSnapshot(utc(6, 0));
        mixed.panels[2].demo = true;
        QCOMPARE(snapshotTable(mixed).rows.at(2).panel, QStringLiteral("error rate (DEMO)"));
    }

    void unreadableSaysWhy()
    {
        const SnapshotTable t = snapshotTable(QStringLiteral("{\"demo\":\"yes\"}"));
        QVERIFY(!t.readable);
        QVERIFY(t.rows.isEmpty());
        QCOMPARE(t.lines.size(), 1);
        QVERIFY(t.lines.at(0).alarm);
        QVERIFY2(t.lines.at(0).text.startsWith(QStringLiteral("The snapshot does not read: ")),
                 qPrintable(t.lines.at(0).text));
    }

    void markdownEscapesEveryCell()
    {
        const QString md = snapshotMarkdown(snapshotTable(breachSnapshot(utc(6, 0))));
        QVERIFY2(md.contains(QStringLiteral("| SLO panel | Value | Objective | State |\n")),
                 qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("| prov-ledger p95 latency | 452 ms | \\< 300 ms | "
                                            "**BREACH** |\n")),
                 qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("| \\| \\<b\\>x\\</b\\> | no data |")), qPrintable(md));
        QVERIFY2(!md.contains(QStringLiteral("<b>x")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("- **Alerts:** 2 firing:")), qPrintable(md));
    }

    // The GO carries a snapshot taken over a breach; the gate's shows a calm moment.
    void timelineOfARun()
    {
        signPreChecks();
        SignOffEvent gate = makeGateEvent(rc);
        gate.snapshot = calmSnapshot(m_now).toJson();
        QCOMPARE(record(gate), QString());
        advance(55);
        SignOffEvent go =
            makeDecisionEvent(m_state.plan(), true, QStringLiteral("bridge ready early"), {}, ic,
                              earlyGoText(m_state.windowStartUtc(), m_now));
        go.snapshot = breachSnapshot(m_now).toJson();
        QCOMPARE(record(go), QString());
        const qint64 goSeq = m_seq;

        const QList<TimelineEntry> entries = buildTimeline(m_state);
        const auto entry = [&](qint64 seq) {
            for (const TimelineEntry& e : entries)
                if (e.seq == seq && !e.isDerived())
                    return e;
            return TimelineEntry();
        };
        QVERIFY2(entry(goSeq).text.endsWith(overBreachMark()), qPrintable(entry(goSeq).text));
        QCOMPARE(entry(goSeq).snapshot, go.snapshot);
        QVERIFY(!entry(goSeq - 1).text.endsWith(overBreachMark())); // the gate: calm
        QVERIFY(!entry(goSeq - 1).snapshot.isEmpty());
        QVERIFY(entry(1).snapshot.isEmpty());

        const QString md = QString::fromUtf8(timelineMarkdown(m_state, QStringLiteral("run-1")));
        const qsizetype table = md.indexOf(QStringLiteral("| Time (UTC) |"));
        const qsizetype snapshots = md.indexOf(QStringLiteral("\n## Snapshots\n"));
        QVERIFY2(table > 0 && snapshots > table, qPrintable(md));
        const qsizetype goHeading =
            md.indexOf(QStringLiteral("\n### #%1 GO, 2026-05-01 05:55:00 UTC (taken over a "
                                      "breach: prov-ledger p95 latency, alert "
                                      "ProvLedgerLatencyHigh)\n")
                           .arg(goSeq));
        QVERIFY2(goHeading > snapshots, qPrintable(md));
        QVERIFY2(md.indexOf(QStringLiteral("\n### #%1 Go/No-Go opened, ").arg(goSeq - 1)) >
                     snapshots,
                 qPrintable(md));
        QVERIFY2(md.indexOf(QStringLiteral("| prov-ledger p95 latency | 452 ms | \\< 300 ms | "
                                           "**BREACH** |"),
                            goHeading) > goHeading,
                 qPrintable(md));
        // The panel title is data in the export too.
        QVERIFY2(md.contains(QStringLiteral("| \\| \\<b\\>x\\</b\\> |")), qPrintable(md));
        QVERIFY2(!md.contains(QStringLiteral("<b>x</b>")), qPrintable(md));

        // The wall's mark: the GO in force, taken over a breach.
        QCOMPARE(decisionBreachMarks(m_state),
                 QStringList{QStringLiteral("GO \u00b7 taken over a breach: prov-ledger p95 "
                                            "latency, alert ProvLedgerLatencyHigh")});
    }

    void noSnapshotsNoSection()
    {
        reachCutover();
        const QString md = QString::fromUtf8(timelineMarkdown(m_state, QStringLiteral("run-1")));
        QVERIFY2(!md.contains(QStringLiteral("## Snapshots")), qPrintable(md));
        QVERIFY(decisionBreachMarks(m_state).isEmpty());
    }

    // A rollback started over a breach is marked; a calm Live after a GO over a breach leaves
    // the GO's mark alone.
    void marksOfTheRollback()
    {
        reachCutover();
        advance(2);
        SignOffEvent rollback = makeRollbackEvent(QStringLiteral("latency"), ic);
        rollback.snapshot = breachSnapshot(m_now).toJson();
        QCOMPARE(record(rollback), QString());
        const QStringList marks = decisionBreachMarks(m_state);
        QCOMPARE(marks.size(), 1);
        QVERIFY2(marks.at(0).startsWith(QStringLiteral("Rollback started \u00b7 taken over a "
                                                       "breach: prov-ledger p95 latency")),
                 qPrintable(marks.at(0)));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotTable)
#include "tst_snapshot_table.moc"
