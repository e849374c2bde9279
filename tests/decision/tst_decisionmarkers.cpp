// The run's decisions and failed steps as chart markers (models/decision/DecisionMarkers), and
// the step a window opened on the run starts at (CutoverState::stepInFocus()), on runs folded
// from events through the rules as the cutover tests build them.
#include "SnapshotSamples.h"
#include "decision/DecisionMarkers.h"
#include "model/CutoverTestFixture.h"

using namespace golive;
using namespace golive::test;

using Kind = DecisionMarker::Kind;

namespace {

QStringList labels(const QList<DecisionMarker>& markers)
{
    QStringList out;
    for (const DecisionMarker& m : markers)
        out << m.label;
    return out;
}

} // namespace

class TestDecisionMarkers : public QObject, public CutoverFixture
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

    // Gate, a NO-GO, then GO, a failed step and the rollback: one marker each, at the event's
    // time and position, oldest first, with the room's words.
    void gateNoGoGoFailureRollback()
    {
        QVERIFY(decisionMarkers(m_state).isEmpty());
        signPreChecks();
        advance(2); // 05:02
        QCOMPARE(record(makeGateEvent(rc)), QString());
        const qint64 gateSeq = m_seq;
        advance(3); // 05:05
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), false,
                                          QStringLiteral("bridge not staffed"), {}, ic)),
                 QString());
        const qint64 noGoSeq = m_seq;
        advance(5); // 05:10
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        const qint64 goSeq = m_seq;
        QCOMPARE(m_state.cutover().phase(), Phase::Cutover);
        advance(1); // 05:11
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        advance(2); // 05:13
        QCOMPARE(record(makeStepFailedEvent(QStringLiteral("4.6"),
                                            QStringLiteral("neo4j migration 0042 timed out"), eng)),
                 QString());
        const qint64 failSeq = m_seq;
        advance(0, 30); // 05:13:30: observations and notes are not markers
        QCOMPARE(record(makeObservedEvent(QStringLiteral("slo-breach"),
                                          QStringLiteral("p95 over 350 ms"), obs)),
                 QString());
        advance(20); // 05:33:30
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("4.6 unresolved"), ic)), QString());
        const qint64 rollbackSeq = m_seq;

        const QList<DecisionMarker> markers = decisionMarkers(m_state);
        QCOMPARE(labels(markers),
                 (QStringList{QStringLiteral("Gate"), QStringLiteral("NO-GO"), QStringLiteral("GO"),
                              QStringLiteral("4.6 failed"), QStringLiteral("Rollback")}));
        const QList<Kind> kinds{Kind::Gate, Kind::NoGo, Kind::Go, Kind::StepFailed, Kind::Rollback};
        const QList<QDateTime> times{utc(5, 2), utc(5, 5), utc(5, 10), utc(5, 13), utc(5, 33, 30)};
        const QList<qint64> seqs{gateSeq, noGoSeq, goSeq, failSeq, rollbackSeq};
        for (qsizetype i = 0; i < markers.size(); ++i) {
            QCOMPARE(markers.at(i).kind, kinds.at(i));
            QCOMPARE(markers.at(i).atUtc, times.at(i));
            QCOMPARE(markers.at(i).seq, seqs.at(i));
            QVERIFY(!markers.at(i).overBreach); // no snapshot recorded: none over a breach
        }
        // NO-GO, a failed step and the rollback are alarms; the gate and the GO are not.
        QCOMPARE(markers.at(0).isAlarm(), false);
        QCOMPARE(markers.at(1).isAlarm(), true);
        QCOMPARE(markers.at(2).isAlarm(), false);
        QCOMPARE(markers.at(3).isAlarm(), true);
        QCOMPARE(markers.at(4).isAlarm(), true);

        // Rolled back is derived from the last rollback step: no marker of its own.
        for (int n = 1; n <= m_state.plan().rollbackSteps.size(); ++n) {
            advance(1);
            QCOMPARE(record(makeRollbackStepEvent(n, {}, eng)), QString());
        }
        QCOMPARE(m_state.cutover().phase(), Phase::RolledBack);
        QCOMPARE(decisionMarkers(m_state), markers);
    }

    // A decision whose own snapshot shows real data in breach is marked as taken over it; a
    // calm one, a demo breach or no snapshot is not.
    void decisionOverABreachIsMarked()
    {
        signPreChecks();
        advance(2);
        SignOffEvent gate = makeGateEvent(rc);
        gate.snapshot = test::calmSnapshot(m_now).toJson();
        QCOMPARE(record(gate), QString());
        advance(3);
        SignOffEvent noGo =
            makeDecisionEvent(m_state.plan(), false, QStringLiteral("demo breach"), {}, ic);
        DecisionSnapshot demo = test::breachSnapshot(m_now);
        demo.demo = true;
        noGo.snapshot = demo.toJson();
        QCOMPARE(record(noGo), QString());
        advance(3);
        SignOffEvent go = makeDecisionEvent(m_state.plan(), true, {}, {}, ic);
        go.snapshot = test::breachSnapshot(m_now).toJson();
        QCOMPARE(record(go), QString());
        const QList<DecisionMarker> markers = decisionMarkers(m_state);
        QCOMPARE(labels(markers), (QStringList{QStringLiteral("Gate"), QStringLiteral("NO-GO"),
                                               QStringLiteral("GO")}));
        QVERIFY(!markers.at(0).overBreach);
        QVERIFY(!markers.at(1).overBreach);
        QVERIFY(markers.at(2).overBreach);
    }

    // Every decision is a marker, not only the newest the cutover keeps.
    void everyDecisionNotOnlyTheNewest()
    {
        signPreChecks();
        QCOMPARE(record(makeGateEvent(ic)), QString());
        for (int i = 0; i < 3; ++i) {
            advance(4);
            QCOMPARE(record(makeDecisionEvent(m_state.plan(), false,
                                              QStringLiteral("NO-GO %1").arg(i + 1), {}, ic)),
                     QString());
        }
        advance(4);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        QVERIFY(m_state.cutover().decision()->go);
        const QList<DecisionMarker> markers = decisionMarkers(m_state);
        QCOMPARE(labels(markers), (QStringList{QStringLiteral("Gate"), QStringLiteral("NO-GO"),
                                               QStringLiteral("NO-GO"), QStringLiteral("NO-GO"),
                                               QStringLiteral("GO")}));
        QCOMPARE(markers.at(1).atUtc, utc(5, 4));
        QCOMPARE(markers.at(3).atUtc, utc(5, 12));
        QCOMPARE(markers.at(4).atUtc, utc(5, 16));
    }

    // A failure resolved later stays a marker; the derived Final monitoring is none; Live is.
    void resolvedFailureAndLive()
    {
        reachCutover();
        advance(1);
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        advance(1);
        QCOMPARE(record(makeStepFailedEvent(QStringLiteral("4.6"), QStringLiteral("lock"), eng)),
                 QString());
        advance(5);
        QCOMPARE(sign(QStringLiteral("4.6")), QString());
        QVERIFY(m_state.cutover().openFailures().isEmpty());
        for (const QString& id : m_state.plan().stepIds) {
            if (id == m_state.plan().finalMonitoringStepId)
                break;
            if (m_state.cutover().isDone(id))
                continue;
            advance(1);
            QCOMPARE(sign(id), QString());
        }
        QCOMPARE(m_state.cutover().phase(), Phase::FinalMonitoring);
        advance(15);
        QCOMPARE(record(makeLiveEvent(m_state.plan(), {}, ic)), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::Live);
        const QList<DecisionMarker> markers = decisionMarkers(m_state);
        QCOMPARE(labels(markers),
                 (QStringList{QStringLiteral("Gate"), QStringLiteral("GO"),
                              QStringLiteral("4.6 failed"), QStringLiteral("Live")}));
        QCOMPARE(markers.at(2).atUtc, utc(5, 2));
        QCOMPARE(markers.last().kind, Kind::Live);
        QCOMPARE(markers.last().atUtc, m_now);
    }

    // A runbook without a cutover plan: its events move no phase, and no marker is drawn.
    void noCutoverPlanNoMarkers()
    {
        const QByteArray text = "# Small change\n\n## 1. Do it\n\n- [ ] Deploy.\n- [ ] Check.\n";
        const RunbookParseResult parsed = RunbookParser::parse(text, QStringLiteral("small.md"));
        QVERIFY(parsed.ok());
        RunState state(&parsed.runbook);
        QVERIFY(!state.plan().isValid());
        SignOffEvent gate = makeGateEvent(ic);
        gate.seq = 1;
        gate.timeUtc = utc(5, 0);
        state.apply(gate); // in the ledger, whatever the rules say now
        SignOffEvent go = makeDecisionEvent(state.plan(), true, {}, {}, ic);
        go.seq = 2;
        go.timeUtc = utc(5, 1);
        state.apply(go);
        QVERIFY(decisionMarkers(state).isEmpty());
    }

    // Where a window opened on the run starts: nothing before the GO; the current step; the
    // failed one while it is open, also during and after the rollback; the final step once Live.
    void stepInFocusFollowsTheRoom()
    {
        QCOMPARE(m_state.cutover().stepInFocus(), QString());
        signPreChecks();
        QCOMPARE(record(makeGateEvent(rc)), QString());
        QCOMPARE(m_state.cutover().stepInFocus(), QString());
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.5"));
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.6"));
        QCOMPARE(sign(QStringLiteral("4.6")), QString());
        QCOMPARE(record(makeStepFailedEvent(QStringLiteral("4.7"), QStringLiteral("x"), eng)),
                 QString());
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.7"));
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("4.7 unresolved"), ic)), QString());
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.7"));
        for (int n = 1; n <= m_state.plan().rollbackSteps.size(); ++n)
            QCOMPARE(record(makeRollbackStepEvent(n, {}, eng)), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::RolledBack);
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.7"));
    }

    void stepInFocusOnceLive()
    {
        reachCutover();
        signStepsBeforeFinal();
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.11"));
        advance(15);
        QCOMPARE(record(makeLiveEvent(m_state.plan(), {}, ic)), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::Live);
        QVERIFY(m_state.cutover().nextStepId().isEmpty()); // every step done, 4.11 by Live
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.11"));
        // A rollback from Live, with every step done: the last step.
        advance(1);
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("data corruption found"), ic)), QString());
        QCOMPARE(m_state.cutover().stepInFocus(), QStringLiteral("4.11"));
    }
};

QTEST_GUILESS_MAIN(TestDecisionMarkers)
#include "tst_decisionmarkers.moc"
