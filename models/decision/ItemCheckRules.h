// Checks golive verifies itself before an item is signed (ItemCheck, written in the runbook as
// "<!-- golive: requires=health-green -->"): what is open of them now, the text a sign-off over
// them records, and the rule RunState::validate() applies. The window (the Go/No-Go and the
// sign-off dialogs) and the command line read the same functions, so they say what the rules do.
//
// - previous-complete: every item of the sections before the item's own (children too) is done
//   (signed, N/A or checked in the template); an open or blocked one keeps it open.
// - health-green: the sign-off carries a snapshot (SignOffEvent::snapshot) of real health checks
//   in which no critical check is down or unknown; none recorded, none defined, health that
//   could not be read, checks the record left out and demo data are not green.
// - slo-ok: the same for the SLO panels: none in breach, the SLO data fetched and not demo, no
//   panel left out of the record.
// A sign-off (Signed) is checked; marking the item N/A while a check is open is the incident
// commander's alone; blocking or revoking it needs none.
// The incident commander may sign over open checks with a reason; the text then is exactly
// composeCheckOverride(reason, openItemChecks(...)), naming every open check and item, so the
// record says plainly what was skipped.
#pragma once

#include <QString>
#include <QStringList>

namespace golive {

class RunState;
struct DecisionSnapshot;
struct RunbookItem;
struct SignOffEvent;
struct SnapshotCheck;

// The items of the sections before `itemId`'s section, at any depth, that are not done (open or
// blocked), in runbook order. Empty for an item of the first section, or not in the runbook.
QStringList earlierOpenItems(const RunState& state, const QString& itemId);

// The checks item `itemId` requires that do not hold now, one entry each in the order the
// runbook names them, each the check's name and why, naming everything open:
//   "previous-complete (open: 0.1, 0.2, 1.3)"
//   "health-green (no health checks recorded)"        no snapshot (pass nullptr)
//   "health-green (demo data is not a health check)"
//   "health-green (health unavailable: REASON)", "health-green (no health checks defined)"
//   "health-green (not up: prov-ledger, postgres)", "health-green (3 not recorded)"
//   "slo-ok (no SLO data recorded)", "slo-ok (demo data is not an SLO measurement)",
//   "slo-ok (SLO data unavailable: REASON)", "slo-ok (no SLO panels defined)",
//   "slo-ok (breach: prov-ledger p95 latency)", "slo-ok (12 not recorded)"
// `snapshot` is what the sign-off would carry (what golive sees now); only health-green and
// slo-ok read it. Empty when every check holds (or the item requires none).
QStringList openItemChecks(const RunState& state, const QString& itemId,
                           const DecisionSnapshot* snapshot);

// A sign-off's text over open checks: names every one, then the reason, e.g.
//   "Signed over open checks: previous-complete (open: 0.1, 0.2): bridge confirmed by phone",
//   "Signed over open checks: previous-complete (open: 0.1); health-green (not up: postgres): …".
// An empty reason gives an empty text (so the rules ask for one); no open checks, the reason.
// Over open sub-items as well, it goes inside composeOverOpenSubItems():
//   composeOverOpenSubItems(composeCheckOverride(reason, checks), openSubItems).
QString composeCheckOverride(const QString& reason, const QStringList& openChecks);

// Why `event` (a sign-off of `item`, or its N/A) is refused by the item's checks, or empty
// when it may be recorded. Reads the event's snapshot (DecisionSnapshot::fromJson) for health-green
// and slo-ok.
QString itemChecksRefusal(const RunState& state, const RunbookItem& item,
                          const SignOffEvent& event);

// The checks (names, "health-green") that sign-off `event` is recorded over: those open as it
// is applied to `state`, when its text is an override composed as above; else none. The fold
// keeps them (ItemState::checksSignedOver): the reason's words never count.
QStringList checksSignedOver(const RunState& state, const SignOffEvent& event);
// Whether item `itemId` stands signed over its check `check` ("health-green").
bool signedOverCheck(const RunState& state, const QString& itemId, const QString& check);

// Every check the runbook's items require, judged now against `snapshot` (what a decision
// records), in runbook order: met or not and why not, and "signed over open checks" for a
// check its item was signed over. Items already done are judged too: the record says whether
// what was signed still holds at the decision.
QList<SnapshotCheck> itemChecksAt(const RunState& state, const DecisionSnapshot& snapshot);

// A GO and Live record the runbook's checks in their snapshot (itemChecksAt), so their record
// says which were overridden, and which held for the item each signs; other events' snapshots
// are left as they are.
void addDecisionChecks(DecisionSnapshot& snapshot, const SignOffEvent& event,
                       const RunState& state);

} // namespace golive
