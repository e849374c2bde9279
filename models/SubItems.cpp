// The rule for signing an item over its open sub-items (see SubItems.h).
#include "SubItems.h"

#include "RunState.h"

#include <QRegularExpression>

#include <functional>

namespace golive {

QStringList openSubItems(const RunState& state, const RunbookItem& item)
{
    QStringList open;
    const std::function<void(const RunbookItem&)> walk = [&](const RunbookItem& parent) {
        for (const RunbookItem& child : parent.children) {
            if (!state.item(child.id).isDone())
                open.append(child.id);
            walk(child);
        }
    };
    walk(item);
    return open;
}

QString composeOverOpenSubItems(const QString& reason, const QStringList& openIds)
{
    const QString why = reason.trimmed();
    if (openIds.isEmpty() || why.isEmpty())
        return why; // an empty reason stays empty, so the rules can ask for one
    return QStringLiteral("Signed over open sub-items %1: %2")
        .arg(openIds.join(QStringLiteral(", ")), why);
}

QString openSubItemsText(const QStringList& openIds)
{
    return openIds.size() == 1 ? QStringLiteral("1 sub-item open: %1").arg(openIds.constFirst())
                               : QStringLiteral("%1 sub-items open: %2")
                                     .arg(openIds.size())
                                     .arg(openIds.join(QStringLiteral(", ")));
}

bool textNamesItem(const QString& text, const QString& id)
{
    // A whole word: "4.1" in "4.1, 4.3:" but not in "4.10", "4.1.2", "a4.1" or "4.1x".
    const QRegularExpression re(QStringLiteral("(?:^|[^0-9A-Za-z.])") +
                                QRegularExpression::escape(id) +
                                QStringLiteral("(?![0-9A-Za-z]|\\.[0-9A-Za-z])"));
    return re.match(text).hasMatch();
}

QString openSubItemsRefusal(const RunState& state, const RunbookItem& item, const QString& label,
                            const QString& text)
{
    const QStringList open = openSubItems(state, item);
    if (open.isEmpty())
        return {};
    if (text.trimmed().isEmpty())
        return QStringLiteral("%1 has %2; signing it over them needs a reason, which the "
                              "ledger keeps; nothing was recorded")
            .arg(label, openSubItemsText(open));
    // The text is the composed one (composeOverOpenSubItems): the ids in its head, then the
    // reason. Words that merely mention the ids ("4.6.1 will be checked later") are not it, so
    // the record always says plainly that the sign-off went over open sub-items.
    const QString head = QStringLiteral("Signed over open sub-items ");
    const qsizetype colon = text.indexOf(QStringLiteral(": "), head.size());
    const QString ids =
        text.startsWith(head) && colon > 0 ? text.mid(head.size(), colon - head.size()) : QString();
    const QString reason = colon > 0 ? text.mid(colon + 2).trimmed() : QString();
    QStringList unnamed;
    for (const QString& id : open) {
        if (!textNamesItem(ids, id))
            unnamed.append(id);
    }
    if (unnamed.isEmpty() && !reason.isEmpty())
        return {};
    if (unnamed.isEmpty())
        return QStringLiteral("%1 has %2; signing it over them needs a reason, which the "
                              "ledger keeps; nothing was recorded")
            .arg(label, openSubItemsText(open));
    return QStringLiteral("%1 has %2; a sign-off over open sub-items names each one (\"Signed "
                          "over open sub-items %3: REASON\"), and its text does not name %4; "
                          "nothing was recorded")
        .arg(label, openSubItemsText(open), open.join(QStringLiteral(", ")),
             unnamed.join(QStringLiteral(", ")));
}

} // namespace golive
