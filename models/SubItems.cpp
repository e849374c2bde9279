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
    const QRegularExpression re(QStringLiteral("(?:^|[^0-9.])") + QRegularExpression::escape(id) +
                                QStringLiteral("(?![0-9]|\\.[0-9])"));
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
    QStringList unnamed;
    for (const QString& id : open) {
        if (!textNamesItem(text, id))
            unnamed.append(id);
    }
    if (unnamed.isEmpty())
        return {};
    return QStringLiteral("%1 has %2; a sign-off over open sub-items must name each one, and "
                          "its text does not name %3; nothing was recorded")
        .arg(label, openSubItemsText(open), unnamed.join(QStringLiteral(", ")));
}

} // namespace golive
