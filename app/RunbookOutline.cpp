// The outline of a runbook's tabs and groups (see RunbookOutline.h).
#include "RunbookOutline.h"

#include "CliText.h"
#include "SafeText.h"

namespace golive {

namespace {

// Line `line` (1-based) of `source`, without its line break; empty when there is none.
QByteArray sourceLine(const QByteArray& source, int line)
{
    if (line < 1)
        return {};
    qsizetype start = 0;
    for (int n = 1; n < line; ++n) {
        start = source.indexOf('\n', start);
        if (start < 0)
            return {};
        ++start;
    }
    qsizetype end = source.indexOf('\n', start);
    if (end < 0)
        end = source.size();
    QByteArray text = source.mid(start, end - start);
    if (text.endsWith('\r'))
        text.chop(1);
    return text;
}

bool startsWithListMarker(const QByteArray& text)
{
    if (text.startsWith("- ") || text.startsWith("* ") || text.startsWith("+ "))
        return true;
    qsizetype digits = 0;
    while (digits < text.size() && digits < 9 && text.at(digits) >= '0' && text.at(digits) <= '9')
        ++digits;
    return digits > 0 && digits + 1 < text.size() &&
           (text.at(digits) == '.' || text.at(digits) == ')') && text.at(digits + 1) == ' ';
}

GroupOutline::Kind kindOf(const RunbookGroup& g, const QByteArray& source)
{
    if (g.continuation)
        return GroupOutline::Kind::Continuation;
    if (g.title.trimmed().isEmpty())
        return GroupOutline::Kind::Untitled;
    const QByteArray line = sourceLine(source, g.pos.line).trimmed();
    // A line that is not the group's (another text, other positions) says nothing about it.
    const QByteArray firstWord = g.title.trimmed().section(QLatin1Char(' '), 0, 0).toUtf8();
    if (line.isEmpty() || !line.contains(firstWord))
        return GroupOutline::Kind::Heading;
    if (startsWithListMarker(line))
        return GroupOutline::Kind::Bullet;
    if (line.startsWith("**") || line.startsWith("__"))
        return GroupOutline::Kind::BoldLine;
    return GroupOutline::Kind::Heading;
}

} // namespace

int checkableItems(const RunbookItem& item)
{
    int n = 1;
    for (const RunbookItem& child : item.children)
        n += checkableItems(child);
    return n;
}

QList<GroupOutline> outlineOf(const RunbookSection& section, const QByteArray& source)
{
    const QList<RunbookGroup>& groups = section.groups;
    QList<GroupOutline> out;
    out.reserve(groups.size());
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const RunbookGroup& g = groups.at(i);
        GroupOutline o;
        o.group = &g;
        o.kind = kindOf(g, source);
        for (const RunbookItem& item : g.items) {
            o.itemIds << item.id;
            o.itemCount += checkableItems(item);
        }
        // Its subtree: the deeper groups after it and its own continuations, up to the next
        // group at its depth or above that is not a continuation.
        for (qsizetype j = i + 1; j < groups.size(); ++j) {
            const RunbookGroup& next = groups.at(j);
            if (next.depth < g.depth || (next.depth == g.depth && !next.continuation))
                break;
            for (const RunbookItem& item : next.items)
                o.itemCount += checkableItems(item);
        }
        o.readingMaterial =
            o.itemCount == 0 && (o.hasRow() || !g.notes.isEmpty() || !g.procedures.isEmpty());
        out << o;
    }
    return out;
}

QString outlineText(const Runbook& rb, const QByteArray& source)
{
    const auto text = [&rb](const QString& t) {
        return terminalSafe(renderPlain(t, rb, [](const QString&) { return QString(); }));
    };
    QString out = terminalSafe(rb.title) + QLatin1Char('\n');
    for (const RunbookSection& s : rb.sections) {
        out += QStringLiteral("  %1. %2 (%3)\n")
                   .arg(terminalSafe(s.number), text(s.title),
                        cli::plural(s.checkableCount(), "item", "items"));
        for (const GroupOutline& g : outlineOf(s, source)) {
            if (!g.hasRow())
                continue;
            QString what = g.readingMaterial ? QStringLiteral("reading material")
                                             : cli::plural(g.itemCount, "item", "items");
            if (g.nonCheckableParent())
                what += QStringLiteral("; ") + groupKindName(g.kind) +
                        QStringLiteral(", not checkable");
            out += QString(4 + 2 * g.group->depth, QLatin1Char(' ')) + text(g.group->title) +
                   QStringLiteral(" (") + what + QStringLiteral(")\n");
        }
    }
    return out;
}

QString groupKindName(GroupOutline::Kind kind)
{
    switch (kind) {
    case GroupOutline::Kind::Untitled:
        return QStringLiteral("untitled");
    case GroupOutline::Kind::Continuation:
        return QStringLiteral("continuation");
    case GroupOutline::Kind::Heading:
        return QStringLiteral("heading");
    case GroupOutline::Kind::Bullet:
        return QStringLiteral("bullet");
    case GroupOutline::Kind::BoldLine:
        return QStringLiteral("bold line");
    }
    return QString();
}

} // namespace golive
