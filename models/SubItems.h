// Signing an item whose sub-items are still open: which are open, the text that names them, and
// the rule a sign-off over them obeys (RunState::validate() applies it; the window and the
// command line compose the text with composeOverOpenSubItems()).
#pragma once

#include <QString>
#include <QStringList>

namespace golive {

class RunState;
struct RunbookItem;

// The sub-items of `item`, at any depth, that are not done (open or blocked), in runbook order.
QStringList openSubItems(const RunState& state, const RunbookItem& item);

// A sign-off's text over open sub-items: names every one, then the reason, e.g.
//   "Signed over open sub-items 4.6.1, 4.6.2: DBA confirmed both by phone".
// An empty reason gives an empty text (so the rules ask for one); no open sub-items, the reason.
QString composeOverOpenSubItems(const QString& reason, const QStringList& openIds);

// "2 sub-items open: 4.6.1, 4.6.2": what the window asks and the rules say.
QString openSubItemsText(const QStringList& openIds);

// Whether `text` names item `id` as a whole ("4.1" in "4.1, 4.3:", not in "4.10" or "4.1.2").
bool textNamesItem(const QString& text, const QString& id);

// Why signing `item` with `text` is refused because of its open sub-items, or empty when it may
// be signed: with sub-items open the text must give a reason that names each of them.
// `label` names the item as the other refusals do.
QString openSubItemsRefusal(const RunState& state, const RunbookItem& item, const QString& label,
                            const QString& text);

} // namespace golive
