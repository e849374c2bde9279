// The outline of a runbook's tabs and groups (see RunbookOutline.h).
#include "RunbookOutline.h"

#include "CliText.h"
#include "SafeText.h"

#include <atomic>
#include <vector>

namespace golive {

namespace {

std::atomic<qint64> s_steps{0};

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

GroupOutline::Kind kindOf(const RunbookGroup& g, const SourceLines& source)
{
    if (g.continuation)
        return GroupOutline::Kind::Continuation;
    if (g.title.trimmed().isEmpty())
        return GroupOutline::Kind::Untitled;
    const QByteArray line = source.line(g.pos.line).trimmed();
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

SourceLines::SourceLines(const QByteArray& source) : m_source(source)
{
    m_starts << 0;
    for (qsizetype at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1))
        m_starts << at + 1;
    s_steps.fetch_add(m_starts.size(), std::memory_order_relaxed);
}

QByteArray SourceLines::line(int line) const
{
    if (line < 1 || line > m_starts.size() || m_starts[line - 1] > m_source.size())
        return {};
    const qsizetype start = m_starts[line - 1];
    const qsizetype end = line < m_starts.size() ? m_starts[line] - 1 : m_source.size();
    QByteArray text = m_source.mid(start, end - start);
    if (text.endsWith('\r'))
        text.chop(1);
    return text;
}

qint64 outlineSteps()
{
    return s_steps.load(std::memory_order_relaxed);
}

int checkableItems(const RunbookItem& item)
{
    int n = 1;
    for (const RunbookItem& child : item.children)
        n += checkableItems(child);
    return n;
}

QList<GroupOutline> outlineOf(const RunbookSection& section, const SourceLines& source)
{
    const QList<RunbookGroup>& groups = section.groups;
    const qsizetype n = groups.size();
    QList<GroupOutline> out;
    out.reserve(n);
    // before[i]: checkable items in the groups before group i, so a run of groups costs one
    // subtraction.
    std::vector<int> before(size_t(n) + 1, 0);
    for (qsizetype i = 0; i < n; ++i) {
        const RunbookGroup& g = groups.at(i);
        GroupOutline o;
        o.group = &g;
        o.kind = kindOf(g, source);
        int own = 0;
        for (const RunbookItem& item : g.items) {
            o.itemIds << item.id;
            own += checkableItems(item);
        }
        before[size_t(i) + 1] = before[size_t(i)] + own;
        out << o;
    }
    // A group's subtree: the deeper groups after it and its own continuations, up to the next
    // group at its depth or above that is not a continuation. `open` holds the groups whose
    // subtree has not ended yet (depths never fall going up it), each pushed and popped once.
    std::vector<qsizetype> open;
    qint64 steps = 0;
    const auto close = [&](qsizetype end) {
        const qsizetype g = open.back();
        open.pop_back();
        out[g].itemCount = before[size_t(end)] - before[size_t(g)];
        ++steps;
    };
    for (qsizetype j = 0; j < n; ++j) {
        const RunbookGroup& next = groups.at(j);
        while (!open.empty()) {
            const RunbookGroup& g = groups.at(open.back());
            if (!(next.depth < g.depth || (next.depth == g.depth && !next.continuation)))
                break;
            close(j);
        }
        open.push_back(j);
        ++steps;
    }
    while (!open.empty())
        close(n);
    s_steps.fetch_add(steps, std::memory_order_relaxed);
    for (GroupOutline& o : out) {
        o.readingMaterial = o.itemCount == 0 && (o.hasRow() || !o.group->notes.isEmpty() ||
                                                 !o.group->procedures.isEmpty());
    }
    return out;
}

QString outlineText(const Runbook& rb, const QByteArray& source)
{
    const auto text = [&rb](const QString& t) {
        return terminalSafe(renderPlain(t, rb, [](const QString&) { return QString(); }));
    };
    QString out = terminalSafe(rb.title) + QLatin1Char('\n');
    const SourceLines lines(source);
    for (const RunbookSection& s : rb.sections) {
        out += QStringLiteral("  %1. %2 (%3)\n")
                   .arg(terminalSafe(s.number), text(s.title),
                        cli::plural(s.checkableCount(), "item", "items"));
        for (const GroupOutline& g : outlineOf(s, lines)) {
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
