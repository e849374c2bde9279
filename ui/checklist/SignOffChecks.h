// Signing, from the window, an item whose checks golive verifies itself (requires=health-green,
// ...; ItemCheckRules.h): the sign-off records the snapshot golive takes as it is composed, and
// over open checks its text names each one as that same snapshot shows them, so the record and
// the rules read the same moment. While the dialog is open it shows the open checks live.
#pragma once

#include "SignOffEvent.h"

#include <QString>
#include <QStringList>

namespace golive {

class RunSession;
class SignOffDialog;
struct RunbookItem;

// The checks of item `itemId` that do not hold as golive sees them now; empty when all hold or
// it requires none.
QStringList openChecksNow(const RunSession& session, const QString& itemId);

// A sign-off of `item` by `actor`: takes its snapshot now (when the item takes one); with
// `overChecks` the text names the open checks before `reason` (composeCheckOverride(): just the
// reason when all hold); over open sub-items it names them (composeOverOpenSubItems()).
SignOffEvent composeSignOff(const RunSession& session, const RunbookItem& item,
                            const QString& reason, const Actor& actor, bool overChecks);

// Why `signOff` (composed as the person records) may not be recorded from `dialog`: the open
// checks it names are not the ones the dialog showed (they changed since its last look), so
// the person would sign over checks they did not see. Shows the new ones; empty when the same.
QString openChecksChanged(SignOffDialog* dialog, const RunSession& session,
                          const SignOffEvent& signOff);

// Shows item `itemId`'s open checks in `dialog` now and every second while it is open.
void watchOpenChecks(SignOffDialog* dialog, const RunSession* session, const QString& itemId);

} // namespace golive
