// The moments of a run the room should see on the SLO charts: the Go/No-Go opened, every GO and
// NO-GO, each failed step, the rollback started and Live declared. Each is drawn as a thin
// vertical line with a short label at its time, so a chart shows what the latency did around
// the decision. Built from the folded run (RunState), never from the charts' data.
#pragma once

#include "RunState.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace golive {

struct DecisionMarker
{
    enum class Kind
    {
        Gate,       // the Go/No-Go opened
        Go,         // a GO
        NoGo,       // a NO-GO
        StepFailed, // a cutover step marked failed
        Rollback,   // the rollback started
        Live,       // the go-live declared Live
    };

    QDateTime atUtc; // the event's time
    QString label;   // "Gate", "GO", "NO-GO", "4.6 failed", "Rollback", "Live"
    Kind kind = Kind::Gate;
    qint64 seq = 0; // the event's position in the ledger
    // The decision was taken while real data showed a breach (DecisionSnapshot::takenOverBreach
    // of the snapshot its event recorded); false without one, or over demo data.
    bool overBreach = false;

    // A NO-GO, a failed step and the rollback are drawn in the alarm colour.
    bool isAlarm() const
    {
        return kind == Kind::NoGo || kind == Kind::StepFailed || kind == Kind::Rollback;
    }

    bool operator==(const DecisionMarker& other) const
    {
        return atUtc == other.atUtc && label == other.label && kind == other.kind &&
               seq == other.seq && overBreach == other.overBreach;
    }
    bool operator!=(const DecisionMarker& other) const { return !(*this == other); }
};

// The markers of a run, oldest first (by ledger position): the Go/No-Go opened and the rollback
// and Live as the cutover recorded them (CutoverState::history(), derived moves left out), every
// GO and NO-GO (walking the events: CutoverState::decision() keeps only the newest), and every
// failed step (CutoverState::failureHistory(), resolved ones too). A runbook without a cutover
// plan has none: its events move no phase.
QList<DecisionMarker> decisionMarkers(const CutoverState& cutover,
                                      const QList<SignOffEvent>& events);
QList<DecisionMarker> decisionMarkers(const RunState& state);

} // namespace golive
