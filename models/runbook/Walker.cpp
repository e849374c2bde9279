// The walk over cmark-gfm's tree: the document's title, header block, sections and groups.
#include "runbook/Walker.h"

#include "runbook/MarkdownText.h"
#include "runbook/NodeKinds.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <charconv>

namespace golive::runbook {

QString nextId(Sink& sink)
{
    char digits[16];
    const char* const end = std::to_chars(digits, digits + sizeof digits, ++*sink.counter).ptr;
    const qsizetype prefix = sink.idPrefix.size();
    QString id(prefix + 1 + (end - digits), Qt::Uninitialized);
    QChar* out = id.data();
    std::copy_n(sink.idPrefix.constData(), prefix, out);
    out += prefix;
    *out++ = u'.';
    for (const char* d = digits; d != end; ++d)
        *out++ = QLatin1Char(*d);
    return id;
}

QString Walker::headingTitle(cmark_node* heading, QString* html)
{
    LineCtx ctx;
    Out out;
    Pieces ps = piecesOf(heading);
    trimPieces(ps);
    renderPieces(ps, out, &ctx);
    if (html)
        *html = out.html.trimmed();
    return simplifiedText(out.plain);
}

Sink Walker::groupSink()
{
    RunbookSection& section = m_rb.sections.last();
    RunbookGroup& group = section.groups.last();
    return Sink{&group.items, &group.notes, &group.procedures, section.number, &m_topCounter};
}

namespace {

// "3. Deploy" or "3) Deploy": the number a tab heading gives itself, and its title.
QRegularExpressionMatch numberedHeading(const QString& text)
{
    static const QRegularExpression numbered(QStringLiteral(R"(^(\d+)[.)](?:\s+(.*))?$)"),
                                             QRegularExpression::DotMatchesEverythingOption);
    return numbered.match(text);
}

} // namespace

// Appends a tab with its untitled first group and starts counting its items afresh.
void Walker::openSection(RunbookSection section)
{
    RunbookGroup first;
    first.pos = section.pos;
    section.groups.append(std::move(first));
    m_rb.sections.append(std::move(section));
    m_topCounter = 0;
    m_inBody = true;
    m_headingDepth = 0;
    m_resumePending = false;
}

void Walker::startSection(cmark_node* heading)
{
    RunbookSection section;
    section.pos = posOf(heading);
    const QString text = headingTitle(heading);
    QString given;
    if (const QRegularExpressionMatch m = numberedHeading(text); m.hasMatch()) {
        given = m.captured(1);
        section.title = m.captured(2).trimmed();
    } else {
        section.title = text;
    }
    if (m_rules >= RunbookParser::CurrentRules) {
        // A tab with no title or a number used twice can still be run: say so, number it so
        // that item ids stay unique, and read on.
        section.number = sectionNumber(given, section.pos);
        if (section.title.isEmpty())
            diag(Severity::Warning, section.pos,
                 QStringLiteral("section %1 has no title; its tab shows only its number")
                     .arg(section.number));
    } else {
        section.number = given.isEmpty() ? QString::number(m_rb.sections.size() + 1) : given;
        if (section.title.isEmpty())
            diag(Severity::Error, section.pos,
                 QStringLiteral("section %1 has no title; its tab would have no name")
                     .arg(section.number));
        if (const auto it = m_sectionNumbers.constFind(section.number);
            it != m_sectionNumbers.constEnd()) {
            diag(Severity::Error, section.pos,
                 QStringLiteral("section number %1 is used twice (first at line %2); item ids "
                                "would collide")
                     .arg(section.number)
                     .arg(it->line));
        } else {
            m_sectionNumbers.insert(section.number, section.pos);
        }
    }
    openSection(std::move(section));
}

// The number a tab gives ("## 3. Deploy"), unless a kept tab has it already; else the first
// number from its position among the kept tabs that no kept tab has.
QString Walker::sectionNumber(const QString& given, SourcePos pos)
{
    const auto taken =
        given.isEmpty() ? m_sectionNumbers.constEnd() : m_sectionNumbers.constFind(given);
    if (!given.isEmpty() && taken == m_sectionNumbers.constEnd())
        return given;
    int position = m_keptTabs + 1;
    while (m_sectionNumbers.contains(QString::number(position)))
        ++position;
    const QString number = QString::number(position);
    if (!given.isEmpty())
        diag(Severity::Warning, pos,
             QStringLiteral("section number %1 is used twice (first at line %2); this section "
                            "is numbered %3 so that item ids stay unique")
                 .arg(given)
                 .arg(taken->line)
                 .arg(number));
    return number;
}

// The number of the first tab that the items from `block` on open: the next free position,
// unless a tab heading after it gives that number itself ("## 1. Prep"); then 0 if no heading
// takes 0, so that the numbers the author wrote stay the tabs' numbers and their item ids.
QString Walker::implicitSectionNumber(cmark_node* block)
{
    const QString position = sectionNumber(QString(), posOf(block));
    bool positionGiven = false;
    bool zeroGiven = false;
    for (cmark_node* next = cmark_node_next(block); next; next = cmark_node_next(next)) {
        if (cmark_node_get_type(next) != CMARK_NODE_HEADING || next == m_titleHeading ||
            cmark_node_get_heading_level(next) > m_tabLevel)
            continue;
        const QRegularExpressionMatch m = numberedHeading(headingTitle(next));
        if (!m.hasMatch())
            continue;
        positionGiven = positionGiven || m.captured(1) == position;
        zeroGiven = zeroGiven || m.captured(1) == QLatin1StringView("0");
    }
    return positionGiven && !zeroGiven ? QStringLiteral("0") : position;
}

// Checklist items before the first tab heading (a runbook with no headings, an issue
// template): a first tab named after the runbook.
void Walker::startImplicitSection(cmark_node* block)
{
    const SourcePos pos = posOf(block);
    RunbookSection section;
    section.pos = pos;
    section.number = implicitSectionNumber(block);
    section.title = m_rb.title.isEmpty() ? QStringLiteral("Checklist") : m_rb.title;
    openSection(std::move(section));
}

namespace {

// A section with no checkable item, as reading material inside another tab: its text becomes
// a group titled by the section, its own subheadings groups inside that one.
QList<RunbookGroup> foldedGroups(RunbookSection&& section)
{
    QList<RunbookGroup> groups = std::move(section.groups);
    for (qsizetype i = 1; i < groups.size(); ++i)
        groups[i].depth += 1;
    groups[0].title = std::move(section.title);
    groups[0].pos = section.pos;
    return groups;
}

} // namespace

// Current rules: a section with an item is a tab (and takes its number for good); one with
// none is folded into the tab before it, or, before the first tab, into the first tab that
// has items, ahead of them.
void Walker::finishSection()
{
    if (m_rb.sections.isEmpty())
        return;
    RunbookSection& section = m_rb.sections.last();
    // A nested group that ended just before a heading or a thematic break resumes nothing.
    section.groups.removeIf([](const RunbookGroup& g) {
        return g.continuation && g.items.isEmpty() && g.notes.isEmpty() && g.procedures.isEmpty();
    });
    if (section.checkableCount() > 0) {
        m_sectionNumbers.insert(section.number, section.pos);
        ++m_keptTabs;
        if (!m_leadingReading.isEmpty()) {
            QList<RunbookGroup> groups;
            for (RunbookSection& leading : m_leadingReading)
                groups += foldedGroups(std::move(leading));
            m_leadingReading.clear();
            groups += std::move(section.groups);
            section.groups = std::move(groups);
        }
        return;
    }
    RunbookSection empty = m_rb.sections.takeLast();
    if (m_keptTabs == 0)
        m_leadingReading.append(std::move(empty));
    else
        m_rb.sections.last().groups += foldedGroups(std::move(empty));
}

void Walker::startGroup(cmark_node* heading, int depth)
{
    RunbookGroup group;
    group.pos = posOf(heading);
    if (m_rules >= RunbookParser::CurrentRules) {
        group.title = headingTitle(heading, &group.titleHtml);
        group.depth = depth;
        m_headingDepth = depth;
        m_resumePending = false;
    } else {
        group.title = headingTitle(heading);
    }
    m_rb.sections.last().groups.append(std::move(group));
}

// Before the first "##": "**Key:** value" lines are release fields, the rest is the intro.
void Walker::headerParagraph(cmark_node* para, bool fieldsOnly)
{
    const Pieces all = piecesOf(para);
    Out intro;
    SourcePos introPos;
    qsizetype start = 0;
    while (start <= all.size()) {
        qsizetype end = start;
        while (end < all.size() && !isLineBreak(all[end]))
            ++end;
        Pieces line = all.mid(start, end - start);
        start = end + 1;
        trimPieces(line);
        if (line.isEmpty())
            continue;
        const Piece& lead = line.first();
        if (lead.node && cmark_node_get_type(lead.node) == CMARK_NODE_STRONG) {
            QString label = rawPlain(piecesOf(lead.node)).simplified();
            Pieces rest = line.mid(1);
            bool colon = label.endsWith(u':');
            if (colon) {
                label.chop(1);
            } else if (!rest.isEmpty() && !rest.first().node &&
                       rest.first().text.startsWith(u':')) {
                colon = true;
                rest.first().text.remove(0, 1);
            }
            label = label.trimmed();
            if (colon && !label.isEmpty()) {
                trimPieces(rest);
                LineCtx ctx{label, 0};
                Out value;
                renderPieces(rest, value, &ctx);
                if (ctx.placeholders == 0) {
                    RunbookField field;
                    field.key = newKey(slug(label));
                    field.label = label;
                    field.templateValue = value.plain.simplified();
                    field.pos = lead.pos;
                    addField(std::move(field));
                }
                continue;
            }
        }
        if (fieldsOnly)
            continue;
        LineCtx ctx;
        if (!intro.html.isEmpty()) {
            intro.html += u' ';
            intro.plain += u' ';
        } else {
            introPos = lead.pos;
        }
        renderPieces(line, intro, &ctx);
    }
    if (!intro.plain.trimmed().isEmpty())
        m_rb.description.append(RunbookText{intro.html, intro.plain, introPos, 0});
}

void Walker::headerBlock(cmark_node* block)
{
    const cmark_node_type type = cmark_node_get_type(block);
    if (type == CMARK_NODE_PARAGRAPH) {
        headerParagraph(block, false);
        return;
    }
    if (type == CMARK_NODE_LIST) {
        for (cmark_node* item = cmark_node_first_child(block); item; item = cmark_node_next(item)) {
            if (isTaskItem(item, m_rules)) {
                diag(Severity::Error, posOf(item),
                     QStringLiteral("checklist item before the first '## ' section; it belongs "
                                    "to no tab and is ignored"));
                continue;
            }
            cmark_node* para = cmark_node_first_child(item);
            if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH &&
                !cmark_node_next(para)) {
                headerParagraph(para, false);
                continue;
            }
            m_rb.description.append(textOf(item, 0, 1));
        }
        return;
    }
    if (type == CMARK_NODE_THEMATIC_BREAK)
        return;
    if (type == CMARK_NODE_HEADING && m_rules < RunbookParser::CurrentRules)
        diag(Severity::Warning, posOf(block),
             QStringLiteral("subheading before the first '## ' section; shown as intro text"));
    RunbookText text = textOf(block, 0, 1);
    if (!text.plain.trimmed().isEmpty())
        m_rb.description.append(std::move(text));
}

void Walker::run(cmark_node* document)
{
    if (m_rules >= RunbookParser::CurrentRules)
        runCurrent(document);
    else
        runLegacy(document);
}

// Reading rules 1, as golive read every runbook before the rules were versioned: "##" tabs only.
void Walker::runLegacy(cmark_node* document)
{
    bool haveTitle = false;
    for (cmark_node* block = cmark_node_first_child(document); block;
         block = cmark_node_next(block)) {
        if (cmark_node_get_type(block) == CMARK_NODE_HEADING) {
            const int level = cmark_node_get_heading_level(block);
            if (level == 1 && !haveTitle) {
                Pieces ps = piecesOf(block);
                trimPieces(ps);
                m_rb.title = rawPlain(ps).simplified();
                haveTitle = true;
                continue;
            }
            if (level == 2) {
                startSection(block);
                continue;
            }
            if (level == 3 && !m_rb.sections.isEmpty()) {
                startGroup(block);
                continue;
            }
            if (level == 1)
                diag(Severity::Warning, posOf(block),
                     QStringLiteral("a second '# ' title; only the first one names the runbook"));
        }
        if (m_rb.sections.isEmpty()) {
            m_everyPlaceholderIsField = true; // the header block is the release's fields
            headerBlock(block);
            m_everyPlaceholderIsField = false;
            continue;
        }
        Sink sink = groupSink();
        blockInto(block, sink, 0, 1);
    }

    if (!haveTitle)
        diag(Severity::Warning, SourcePos{1, 1},
             QStringLiteral("the runbook has no '# ' title line"));
    if (m_rb.sections.isEmpty())
        diag(Severity::Error, SourcePos{1, 1},
             QStringLiteral("the runbook has no '## ' sections; each '## ' heading becomes a "
                            "tab of checklist items"));
    else if (m_rb.checkableCount() == 0)
        diag(Severity::Warning, SourcePos{1, 1},
             QStringLiteral("the runbook has no checklist items ('- [ ] ...')"));
}

} // namespace golive::runbook

namespace golive::runbook {

namespace {

// What the walk needs to know before it starts: which heading level makes the tabs and which
// heading, if any, titles the runbook.
struct DocumentShape
{
    int tabLevel = 0; // 0: no heading starts a tab
    cmark_node* titleHeading = nullptr;
    cmark_node* firstHeading = nullptr;
};

// Tabs come from the shallowest heading level that holds checklist items (directly or under
// deeper headings). The first "#" is the runbook's title, not a tab, unless it is the only
// level that holds items ("# Release" alone) or several "#" headings hold items (phases). A "#"
// after another heading or after checklist items titles nothing: it is a heading like any
// other, and the tab level stays deep enough that the items before it keep their own heading.
DocumentShape shapeOf(cmark_node* document)
{
    DocumentShape shape;
    bool open[7] = {};
    unsigned held = 0;             // bit L: a level-L heading holds items
    unsigned present = 0;          // bit L: a level-L heading other than the first "#" exists
    cmark_node* firstH1 = nullptr; // the title candidate: a "#" before any heading or item
    bool sawH1 = false;
    cmark_node* openH1 = nullptr;
    bool firstH1Holds = false;
    bool otherH1Holds = false;
    int outermost = 0; // the deepest level at which a list's outermost open heading sits
    for (cmark_node* block = cmark_node_first_child(document); block;
         block = cmark_node_next(block)) {
        if (cmark_node_get_type(block) == CMARK_NODE_HEADING) {
            const int level = std::clamp(cmark_node_get_heading_level(block), 1, 6);
            std::fill(open + level, open + 7, false);
            open[level] = true;
            if (level == 1 && !sawH1 && !shape.firstHeading && held == 0)
                firstH1 = block;
            else
                present |= 1u << level;
            sawH1 = sawH1 || level == 1;
            if (!shape.firstHeading)
                shape.firstHeading = block;
            if (level == 1)
                openH1 = block;
            continue;
        }
        if (cmark_node_get_type(block) != CMARK_NODE_LIST || !listHoldsTasks(block, 1))
            continue;
        held |= 1u; // bit 0: a list with items exists, whether or not under a heading
        for (int level = 1; level <= 6; ++level)
            held |= open[level] ? 1u << level : 0u;
        if (open[1])
            (openH1 == firstH1 ? firstH1Holds : otherH1Holds) = true;
        const int top =
            int(std::find(open + (open[1] && openH1 == firstH1 ? 2 : 1), open + 7, true) - open);
        if (top < 7)
            outermost = std::max(outermost, top);
    }
    const auto lowest = [](unsigned bits) {
        for (int level = 1; level <= 6; ++level)
            if (bits & (1u << level))
                return level;
        return 0;
    };
    const int deeper = lowest(held & ~1u & ~2u);
    const bool titled = firstH1 && !otherH1Holds && (deeper > 0 || !firstH1Holds);
    shape.titleHeading = titled ? firstH1 : nullptr;
    if (firstH1Holds || otherH1Holds)
        shape.tabLevel = titled ? deeper : 1;
    else
        shape.tabLevel = deeper > 0 ? deeper : lowest(present | (firstH1 && !titled ? 2u : 0u));
    if (sawH1 && !firstH1 && shape.tabLevel > 0)
        shape.tabLevel = std::max(shape.tabLevel, outermost);
    return shape;
}

// "**Onboarding:**", "**Onboarding**" or "**Onboarding**:" alone on its line: the bold node.
cmark_node* boldLine(cmark_node* para)
{
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
        return nullptr;
    cmark_node* strong = cmark_node_first_child(para);
    if (!strong || cmark_node_get_type(strong) != CMARK_NODE_STRONG)
        return nullptr;
    if (cmark_node* after = cmark_node_next(strong)) {
        if (cmark_node_next(after) || cmark_node_get_type(after) != CMARK_NODE_TEXT)
            return nullptr;
        const char* literal = cmark_node_get_literal(after);
        if (QLatin1StringView(literal ? literal : "").trimmed() != QLatin1StringView(":"))
            return nullptr;
    }
    return strong;
}

bool isTaskList(cmark_node* node)
{
    return node && cmark_node_get_type(node) == CMARK_NODE_LIST && listHoldsTasks(node, 1);
}

} // namespace

cmark_node* boldGroupLine(cmark_node* para)
{
    cmark_node* strong = boldLine(para);
    return strong && isTaskList(cmark_node_next(para)) ? strong : nullptr;
}

bool listHoldsTasks(cmark_node* list, int nesting)
{
    if (nesting > MaxBlockNesting)
        return false;
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        if (isTaskItem(item, RunbookParser::CurrentRules))
            return true;
        for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c))
            if (cmark_node_get_type(c) == CMARK_NODE_LIST && listHoldsTasks(c, nesting + 1))
                return true;
    }
    return false;
}

// Reading rules 2: GitHub-style team runbooks (see RunbookParser.h).
void Walker::runCurrent(cmark_node* document)
{
    const DocumentShape shape = shapeOf(document);
    m_tabLevel = shape.tabLevel;
    m_titleHeading = shape.titleHeading;
    if (m_titleHeading) {
        Pieces ps = piecesOf(m_titleHeading);
        trimPieces(ps);
        m_rb.title = rawPlain(ps).simplified();
    } else {
        m_rb.title = m_rb.metadataValue(QStringLiteral("title")).simplified();
        if (m_rb.title.isEmpty())
            m_rb.title = m_rb.metadataValue(QStringLiteral("name")).simplified();
    }
    for (cmark_node* block = cmark_node_first_child(document); block;
         block = cmark_node_next(block)) {
        if (cmark_node_get_type(block) == CMARK_NODE_HEADING) {
            if (block == m_titleHeading)
                continue;
            const int level = cmark_node_get_heading_level(block);
            if (level <= m_tabLevel) {
                finishSection();
                startSection(block);
                continue;
            }
            if (m_inBody) {
                startGroup(block, level - m_tabLevel - 1);
                continue;
            }
        }
        if (!m_inBody) {
            if (!isTaskList(block) && !boldGroupLine(block)) {
                m_everyPlaceholderIsField = true; // the header block is the release's fields
                headerBlock(block);
                m_everyPlaceholderIsField = false;
                continue;
            }
            startImplicitSection(block);
        }
        block = groupBlock(block);
    }
    finishSection();
    if (m_keptTabs == 0 && !m_leadingReading.isEmpty())
        m_rb.sections = std::move(m_leadingReading); // nothing to fold them into
    settleTitle(shape.firstHeading);
    if (m_rb.checkableCount() == 0)
        diag(Severity::Error, SourcePos{1, 1},
             QStringLiteral("the runbook has no checklist items ('- [ ] ...'); there is nothing "
                            "to check off"));
}

// The "#" title, else front matter's title: or name:, else the first heading, else the file
// name, else "Checklist": a run always has a readable title.
void Walker::settleTitle(cmark_node* firstHeading)
{
    if (!m_rb.title.isEmpty())
        return;
    if (firstHeading) {
        Pieces ps = piecesOf(firstHeading);
        trimPieces(ps);
        m_rb.title = rawPlain(ps).simplified();
        // A tab's own number ("1. Prep") does not name the whole runbook.
        if (const QRegularExpressionMatch m = numberedHeading(m_rb.title);
            m.hasMatch() && !m.captured(2).trimmed().isEmpty())
            m_rb.title = m.captured(2).trimmed();
        if (!m_rb.title.isEmpty())
            return;
    }
    QString name = QFileInfo(m_file).fileName();
    for (const QLatin1StringView suffix :
         {QLatin1StringView(".md"), QLatin1StringView(".markdown")})
        if (name.endsWith(suffix, Qt::CaseInsensitive))
            name.chop(suffix.size());
    m_rb.title = name.trimmed().isEmpty() ? QStringLiteral("Checklist") : name.trimmed();
    diag(Severity::Warning, SourcePos{1, 1},
         QStringLiteral("the runbook has no title (a '# ' line, a front matter 'title:' or any "
                        "heading); it is called \"%1\"")
             .arg(m_rb.title));
}

} // namespace golive::runbook
