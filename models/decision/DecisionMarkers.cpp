// The run's decisions and failed steps as chart markers; see DecisionMarkers.h.
#include "DecisionMarkers.h"

#include "decision/DecisionSnapshot.h"

#include <QHash>

#include <algorithm>

namespace golive {

QList<DecisionMarker> decisionMarkers(const CutoverState& cutover,
                                      const QList<SignOffEvent>& events)
{
    QList<DecisionMarker> markers;
    // The fold moves nothing for a runbook without a cutover plan; neither do the markers.
    if (!cutover.plan().isValid())
        return markers;

    const auto add = [&markers](DecisionMarker::Kind kind, const QString& label,
                                const QDateTime& atUtc, qint64 seq) {
        DecisionMarker m;
        m.kind = kind;
        m.label = label;
        m.atUtc = atUtc;
        m.seq = seq;
        markers.append(m);
    };

    // The moves a phase-changed event records. Cutover after a GO, Final monitoring and Rolled
    // back follow from other events, which have markers of their own (or none: a step signed).
    for (const PhaseChange& change : cutover.history()) {
        switch (change.phase) {
        case Phase::GoNoGo:
            add(DecisionMarker::Kind::Gate, QStringLiteral("Gate"), change.atUtc, change.seq);
            break;
        case Phase::Rollback:
            add(DecisionMarker::Kind::Rollback, QStringLiteral("Rollback"), change.atUtc,
                change.seq);
            break;
        case Phase::Live:
            add(DecisionMarker::Kind::Live, QStringLiteral("Live"), change.atUtc, change.seq);
            break;
        default:
            break;
        }
    }

    // Every decision, as the fold reads each (a decision that is not "go" counts as NO-GO).
    for (const SignOffEvent& e : events) {
        if (e.kind != EventKind::Decision)
            continue;
        const bool go = e.fieldKey == kDecisionGo;
        add(go ? DecisionMarker::Kind::Go : DecisionMarker::Kind::NoGo,
            go ? QStringLiteral("GO") : QStringLiteral("NO-GO"), e.timeUtc, e.seq);
    }

    for (const StepFailure& f : cutover.failureHistory())
        add(DecisionMarker::Kind::StepFailed, QStringLiteral("%1 failed").arg(f.stepId), f.atUtc,
            f.seq);

    std::stable_sort(
        markers.begin(), markers.end(),
        [](const DecisionMarker& a, const DecisionMarker& b) { return a.seq < b.seq; });

    // Taken over a breach: what the marker's own event recorded (real data only, never demo).
    QHash<qint64, const SignOffEvent*> bySeq;
    for (const SignOffEvent& e : events)
        bySeq.insert(e.seq, &e);
    for (DecisionMarker& m : markers) {
        const SignOffEvent* e = bySeq.value(m.seq);
        if (!e || e->snapshot.isEmpty())
            continue;
        const std::optional<DecisionSnapshot> seen = DecisionSnapshot::fromJson(e->snapshot);
        m.overBreach = seen && seen->takenOverBreach();
    }
    return markers;
}

QList<DecisionMarker> decisionMarkers(const RunState& state)
{
    return decisionMarkers(state.cutover(), state.events());
}

} // namespace golive
