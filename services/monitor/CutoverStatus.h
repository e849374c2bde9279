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
    // The abort band is up: a cause while the Go/No-Go, the cutover, final monitoring or Live runs.
    bool abortRaised = false;
    // A failed step's resolution time ran out: the earliest such failure.
    std::optional<StepFailure> rollbackProposedFor;
    // During final monitoring: whether the SLOs stayed steady (empty without SLO panels).
    QString sloNote;
    bool sloWarning = false;
};

} // namespace golive
