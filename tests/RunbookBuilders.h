// Hand-built runbook pieces for tests that need a shape without going through the parser.
#pragma once

#include "Runbook.h"

#include <QList>
#include <QString>

#include <utility>

namespace golive::test {

inline RunbookItem makeItem(const QString& id, const QString& title,
                            QList<RunbookItem> children = {}, bool checked = false,
                            const QString& requiredRole = {})
{
    RunbookItem item;
    item.id = id;
    item.title = title;
    item.titleHtml = title.toHtmlEscaped();
    item.checkedInTemplate = checked;
    item.requiredRole = requiredRole;
    item.children = std::move(children);
    return item;
}

// A group as the parser leaves it: flat, placed in the tree by depth and continuation.
inline RunbookGroup makeGroup(const QString& title, int depth, QList<RunbookItem> items,
                              bool continuation = false)
{
    RunbookGroup group;
    group.title = title;
    group.depth = depth;
    group.continuation = continuation;
    group.items = std::move(items);
    return group;
}

} // namespace golive::test
