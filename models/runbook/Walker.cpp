// The walk over cmark-gfm's tree: the document's title, header block, sections and groups.
#include "runbook/Walker.h"

#include "runbook/MarkdownText.h"
#include "runbook/NodeKinds.h"

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

void Walker::startSection(cmark_node* heading)
{
    static const QRegularExpression numbered(QStringLiteral(R"(^(\d+)[.)](?:\s+(.*))?$)"),
                                             QRegularExpression::DotMatchesEverythingOption);
    RunbookSection section;
    section.pos = posOf(heading);
    const QString text = headingTitle(heading);
    if (const QRegularExpressionMatch m = numbered.match(text); m.hasMatch()) {
        section.number = m.captured(1);
        section.title = m.captured(2).trimmed();
    } else {
        section.number = QString::number(m_rb.sections.size() + 1);
        section.title = text;
    }
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
    RunbookGroup first;
    first.pos = section.pos;
    section.groups.append(std::move(first));
    m_rb.sections.append(std::move(section));
    m_topCounter = 0;
}

void Walker::startGroup(cmark_node* heading)
{
    RunbookGroup group;
    group.pos = posOf(heading);
    group.title = headingTitle(heading, &group.titleHtml);
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
    if (type == CMARK_NODE_HEADING)
        diag(Severity::Warning, posOf(block),
             QStringLiteral("subheading before the first '## ' section; shown as intro text"));
    RunbookText text = textOf(block, 0, 1);
    if (!text.plain.trimmed().isEmpty())
        m_rb.description.append(std::move(text));
}

void Walker::run(cmark_node* document)
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
