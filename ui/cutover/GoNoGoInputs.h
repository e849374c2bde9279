// What the Go/No-Go dialog shows, gathered from the run (pre-checks, the planned start) and the
// cutover monitor (health lights, SLO states, firing alerts, abort causes).
#pragma once

#include "GoNoGoDialog.h"

namespace golive {

class CutoverMonitor;
class RunSession;
struct Actor;

GoNoGoDialog::Inputs goNoGoInputs(const RunSession& session, const CutoverMonitor& monitor,
                                  const Actor& me);

} // namespace golive
