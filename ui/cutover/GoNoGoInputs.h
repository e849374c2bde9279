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

// The dialog's clock line ("T-00:45:00 · planned start 05:45 UTC") and how early a GO now
// would be (earlyGoText()), as of the session's clock: refreshed while the dialog is open.
void goNoGoTiming(const RunSession& session, QString* timing, QString* early);

// The checks the runbook's items require as a GO now would record them (the session's
// snapshot, judged by itemChecksAt()): refreshed while the dialog is open.
QList<GoNoGoDialog::Signal> goNoGoChecks(const RunSession& session);

} // namespace golive
