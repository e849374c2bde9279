// What the room must see of a cutover now: abort causes, a rollback proposal, the SLO note.
#pragma once

#include "Cutover.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace golive {

struct CutoverStatus
{
    // A run with a cutover plan is open.
    bool planned = false;
    Phase phase = Phase::Preparing;
    // The cutover runs (cutover, final monitoring or Live): past GO.
    bool running = false;
    // Critical alerts firing and critical health checks failing, in words.
    QStringList abortCauses;
    // Each cause's identity, in the same order: the alert's name and labels, the check's
    // service. The words change while the cause stays (an alert's summary with its value).
    QStringList abortCauseKeys;
    // Whatever can raise a cause has answered once: the alerts of the SLO source (when one is
    // set) and the health checks (when there are any). Before that, no cause is known yet.
    bool causesObserved = false;
    // The abort band is up: a cause while the Go/No-Go, the cutover, final monitoring or Live runs.
    bool abortRaised = false;
    // A failed step's resolution time ran out: the earliest such failure.
    std::optional<StepFailure> rollbackProposedFor;
    // During final monitoring: whether the SLOs stayed steady (empty without SLO panels).
    QString sloNote;
    bool sloWarning = false;
};

} // namespace golive
