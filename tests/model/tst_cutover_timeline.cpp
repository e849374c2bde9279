// Observations anyone on duty may record, a runbook without a cutover plan, and the timeline
// of a walk. Times come from the events (the clock seam), never from the wall clock.
#include "CutoverTestFixture.h"

using namespace golive;
using namespace golive::test;

class TestCutoverTimeline : public QObject, public CutoverFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(seed().ok());
        QVERIFY(seed().diagnostics.isEmpty());
    }

    void init()
    {
        m_state.reset(&seed().runbook);
        m_state.setClock({});
        m_seq = 0;
        m_now = utc(5, 0);
    }

    // ---- the runbook ----

    void observationsFromAnyone()
    {
        const Progress before = m_state.totalProgress();
        SignOffEvent seen = makeObservedEvent(
            QStringLiteral("slo-breach"), QStringLiteral("prov-ledger p95 420 ms > 350 ms"), obs);
        QCOMPARE(record(seen), QString());
        QCOMPARE(record(makeObservedEvent(QStringLiteral("alert-firing"),
                                          QStringLiteral("PolicyLacDown"), eng)),
                 QString());
        QCOMPARE(m_state.totalProgress().done, before.done);
        QCOMPARE(m_state.cutover().phase(), Phase::Preparing);
        QVERIFY(refusal(makeObservedEvent(QStringLiteral("rumour"), QStringLiteral("x"), obs))
                    .contains(QStringLiteral("use one of alert-firing, alert-resolved")));
        QCOMPARE(refusal(makeObservedEvent(QStringLiteral("health-down"), QString(), obs)),
                 QStringLiteral("describe what was observed (health check down); nothing was "
                                "recorded"));
        Actor anonymous = obs;
        anonymous.name = QStringLiteral("  ");
        QVERIFY(
            refusal(makeObservedEvent(QStringLiteral("health-up"), QStringLiteral("x"), anonymous))
                .startsWith(QStringLiteral("enter your name first")));
        // Observers still change nothing else.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("1.1"), obs))
                    .startsWith(QStringLiteral("observers are read-only")));
    }

    void runbookWithoutACutoverPlan()
    {
        const RunbookParseResult r = RunbookParser::parse(
            "# T\n\n## 1. Deploy\n\n- [ ] First\n- [ ] Second\n", QStringLiteral("t.md"));
        QVERIFY(r.ok());
        RunState state(&r.runbook);
        QVERIFY(!state.plan().isValid());
        QString error;
        // Items sign in any order, as before.
        QVERIFY(state.validate(itemEvent(EventKind::Signed, QStringLiteral("1.2"), eng), &error));
        QVERIFY(!state.validate(makeGateEvent(ic), &error));
        QVERIFY2(error.contains(QStringLiteral("has no cutover plan")), qPrintable(error));
        QVERIFY(state.validate(
            makeObservedEvent(QStringLiteral("alert-firing"), QStringLiteral("x"), obs), &error));
        QVERIFY(!state.validate(
            makeOrderOverrideEvent(QStringLiteral("1.2"), QStringLiteral("x"), ic), &error));
        QVERIFY(!state.windowStartUtc(&error).isValid());
        QVERIFY2(error.contains(QStringLiteral("no Start field")), qPrintable(error));
    }

    // ---- the timeline ----

    void timelineOfAWalk()
    {
        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("start");
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        fill.actor = rc;
        QCOMPARE(record(fill), QString());
        reachCutover();
        m_now = utc(6, 0);
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        advance(4);
        QCOMPARE(
            record(makeObservedEvent(QStringLiteral("alert-firing"),
                                     QStringLiteral("Neo4jMigrationSlow | severity=page"), obs)),
            QString());
        advance(1);
        QCOMPARE(
            record(makeStepFailedEvent(QStringLiteral("4.6"),
                                       QStringLiteral("migration 0042 timed out\nsee log"), eng)),
            QString());
        advance(16);
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("4.6 unresolved"), ic)), QString());
        for (int n = 1; n <= 5; ++n) {
            advance(1);
            QCOMPARE(record(makeRollbackStepEvent(n, {}, eng)), QString());
        }

        QStringList earlierItems;
        for (const RunbookItem* item : m_state.runbook()->allItems()) {
            if (item->id.section(u'.', 0, 0).toInt() < 4)
                earlierItems << item->id;
        }
        const QList<TimelineEntry> t = buildTimeline(m_state);
        QStringList lines;
        for (const TimelineEntry& e : t)
            lines << QStringLiteral("%1 #%2 %3 %4: %5")
                         .arg(e.timeUtc.toString(QStringLiteral("HH:mm")))
                         .arg(e.seq)
                         .arg(e.category, e.isDerived() ? QStringLiteral("-") : e.actor, e.text);
        const QStringList expected{
            QStringLiteral("05:00 #1 field Rae Okafor: Filled Start = \"2026-05-01 06:00 UTC\""),
            QStringLiteral("05:00 #2 sign-off Eli Novak: Signed 4.1 \"All key personnel are "
                           "present and accounted for in the war room.\""),
            // Over what golive could not check: no health checks recorded, sections 0 to 3
            // left open. The record names each.
            QStringLiteral("05:00 #3 sign-off Inès Duarte: Signed 4.3 \"Production health checks "
                           "are all green.\": Signed over open checks: health-green (no health "
                           "checks recorded): confirmed on the bridge"),
            QStringLiteral("05:00 #4 sign-off Inès Duarte: Signed 4.4 \"All previous steps in "
                           "this runbook are complete.\": Signed over open checks: "
                           "previous-complete (open: %1): confirmed on the bridge")
                .arg(earlierItems.join(QStringLiteral(", "))),
            QStringLiteral("05:00 #5 phase Rae Okafor: Opened the Go/No-Go"),
            QStringLiteral("05:00 #6 decision Inès Duarte: GO 1 hour before the planned start "
                           "(06:00 UTC): bridge ready early"),
            QStringLiteral("05:00 #6 phase -: Phase: Cutover (after the GO)"),
            QStringLiteral("06:00 #7 sign-off Eli Novak: Signed 4.5 \"Enable Maintenance Mode\""),
            QStringLiteral("06:04 #8 alert-firing Oda Berg: Observed alert firing: "
                           "Neo4jMigrationSlow | severity=page"),
            QStringLiteral("06:05 #9 step-failed Eli Novak: Step 4.6 \"Deploy Database "
                           "Migrations\" failed: migration 0042 timed out\nsee log; to be "
                           "resolved by 2026-05-01 06:20:00 UTC or rolled back"),
            QStringLiteral("06:21 #10 phase Inès Duarte: Started the rollback: 4.6 unresolved"),
            QStringLiteral("06:22 #11 rollback-step Eli Novak: Rollback step 1 of 5 "
                           "\"Re-enable maintenance mode.\" done"),
        };
        QCOMPARE(lines.mid(0, expected.size()), expected);
        QCOMPARE(lines.size(), expected.size() + 4 + 1);
        QCOMPARE(lines.constLast(),
                 QStringLiteral("06:26 #15 phase -: Phase: Rolled back (every step of the "
                                "rollback plan is done)"));

        const QString md = QString::fromUtf8(
            timelineMarkdown(m_state, QStringLiteral("run-42"), utc(7, 0), "abc123"));
        QVERIFY2(md.startsWith(QStringLiteral("# Timeline: Summit Platform: Go-Live Runbook\n")),
                 qPrintable(md));
        for (const QString& needle :
             {QStringLiteral("- Run: `run-42`\n"),
              QStringLiteral("- Ledger head: `abc123` after 15 events\n"),
              QStringLiteral("- Go-live window start: 2026-05-01 06:00:00 UTC\n"),
              QStringLiteral("- Phase: Rolled back since 2026-05-01 06:26:00 UTC\n"),
              QStringLiteral("- Decision: GO by Inès Duarte (incident-commander) at 2026-05-01 "
                             "05:00:00 UTC: GO 1 hour before the planned start (06:00 UTC): "
                             "bridge ready early\n"),
              QStringLiteral("- Rollback: started by Inès Duarte (incident-commander) at "
                             "2026-05-01 06:21:00 UTC: 4.6 unresolved; 5 of 5 steps done\n"),
              QStringLiteral("- Exported: 2026-05-01 07:00:00 UTC\n"),
              QStringLiteral("| Time (UTC) | T-/T+ | # | Category | Who | What |\n"
                             "|---|---|---|---|---|---|\n"),
              QStringLiteral("| 2026-05-01 05:00:00 | T-01:00:00 | 5 | phase | Rae Okafor "
                             "(release-captain) | Opened the Go/No-Go |\n"),
              QStringLiteral("| 2026-05-01 05:00:00 | T-01:00:00 | 6 | phase | golive | Phase: "
                             "Cutover (after the GO) |\n"),
              // A '|' in a note cannot break the table, a newline becomes <br>.
              QStringLiteral("Neo4jMigrationSlow \\| severity=page |"),
              QStringLiteral("migration 0042 timed out<br>see log"),
              QStringLiteral("| 2026-05-01 06:26:00 | T+00:26:00 | 15 | rollback-step |")}) {
            QVERIFY2(md.contains(needle),
                     qPrintable(QStringLiteral("missing %1 in:\n%2").arg(needle, md)));
        }
        // Every table row has exactly the six cells.
        for (const QString& line : md.split(u'\n')) {
            if (!line.startsWith(u'|'))
                continue;
            const QString unescaped = QString(line).remove(QStringLiteral("\\|"));
            QCOMPARE(unescaped.count(u'|'), 7);
        }

        // Nothing recorded yet: still a valid document.
        RunState empty(&seed().runbook);
        const QString none = QString::fromUtf8(timelineMarkdown(empty, QStringLiteral("r")));
        QVERIFY(none.contains(QStringLiteral("nothing recorded yet")));
        QVERIFY(none.contains(QStringLiteral("- Ledger head: (none) after 0 events")));
        QVERIFY(none.contains(QStringLiteral("- Go-live window start: the go-live window's Start "
                                             "is not filled in")));
    }
};

QTEST_GUILESS_MAIN(TestCutoverTimeline)
#include "tst_cutover_timeline.moc"
