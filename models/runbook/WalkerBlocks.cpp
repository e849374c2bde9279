// The runbook walk's blocks: paragraphs, quotes, tables, lists, procedures and their steps.
#include "runbook/Walker.h"

#include "runbook/MarkdownText.h"
#include "runbook/NodeKinds.h"

#include <cmark-gfm-core-extensions.h>

namespace golive::runbook {

bool Walker::tooDeep(int nesting, SourcePos pos)
{
    if (nesting <= MaxBlockNesting)
        return false;
    if (!m_reportedDepth) {
        m_reportedDepth = true;
        diag(Severity::Error, pos,
             QStringLiteral("lists or quotes nested too deeply (over %1 levels of blocks); "
                            "the deeper content is ignored")
                 .arg(MaxBlockNesting));
    }
    return true;
}

// Renders into m_scratch, whose capacity survives from block to block, and copies the trimmed
// result out once: growing fresh strings append by append reallocated several times per
// paragraph. Inline rendering never renders another block, so the buffer is not re-entered.
Out Walker::renderInlineBlock(cmark_node* node)
{
    LineCtx ctx;
    renderChildren(node, clearedScratch(), &ctx, 0);
    return Out{QStringView(m_scratch.html).trimmed().toString(),
               QStringView(m_scratch.plain).trimmed().toString()};
}

// Block content inside quotes and item bodies, as simple HTML QTextDocument understands.
void Walker::blockHtml(cmark_node* block, Out& out, int nesting)
{
    if (tooDeep(nesting, posOf(block)))
        return;
    const cmark_node_type type = cmark_node_get_type(block);
    auto children = [&](const char* open, const char* close) {
        out.html += QLatin1String(open);
        for (cmark_node* c = cmark_node_first_child(block); c; c = cmark_node_next(c)) {
            if (c != cmark_node_first_child(block) && !out.plain.endsWith(u'\n'))
                out.plain += u'\n';
            blockHtml(c, out, nesting + 1);
        }
        out.html += QLatin1String(close);
    };
    if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) {
        const Out o = renderInlineBlock(block);
        const bool heading = type == CMARK_NODE_HEADING;
        out.html += QLatin1String(heading ? "<p><b>" : "<p>") + o.html +
                    QLatin1String(heading ? "</b></p>" : "</p>");
        out.plain += o.plain;
    } else if (type == CMARK_NODE_CODE_BLOCK) {
        QString code = literalOf(block);
        code.remove(u'\r');
        if (code.endsWith(u'\n'))
            code.chop(1);
        LineCtx ctx;
        const QString withTokens = substitute(code, posOf(block), &ctx, true);
        out.html += QLatin1String("<pre>") + withTokens.toHtmlEscaped() + QLatin1String("</pre>");
        out.plain += withTokens;
    } else if (type == CMARK_NODE_BLOCK_QUOTE) {
        children("<blockquote>", "</blockquote>");
    } else if (type == CMARK_NODE_LIST) {
        const bool ordered = cmark_node_get_list_type(block) == CMARK_ORDERED_LIST;
        children(ordered ? "<ol>" : "<ul>", ordered ? "</ol>" : "</ul>");
    } else if (type == CMARK_NODE_ITEM) {
        if (isTaskItem(block, m_rules)) {
            diag(Severity::Warning, posOf(block),
                 QStringLiteral("a checklist item inside a block quote is shown as text, not "
                                "checkable"));
            const bool checked =
                isType(block, "tasklist") && cmark_gfm_extensions_get_tasklist_item_checked(block);
            out.html += checked ? QStringLiteral("<li>\u2611 ") : QStringLiteral("<li>\u2610 ");
            out.plain += checked ? QStringLiteral("\u2611 ") : QStringLiteral("\u2610 ");
            for (cmark_node* c = cmark_node_first_child(block); c; c = cmark_node_next(c))
                blockHtml(c, out, nesting + 1);
            out.html += QLatin1String("</li>");
        } else {
            out.plain += QStringLiteral("\u2022 ");
            children("<li>", "</li>");
        }
    } else if (isType(block, "table")) {
        out.html += QLatin1String("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">");
        for (cmark_node* row = cmark_node_first_child(block); row; row = cmark_node_next(row)) {
            const bool header = isType(row, "table_header");
            out.html += QLatin1String("<tr>");
            QStringList cells;
            for (cmark_node* cell = cmark_node_first_child(row); cell;
                 cell = cmark_node_next(cell)) {
                const Out o = renderInlineBlock(cell);
                out.html += QLatin1String(header ? "<th>" : "<td>") + o.html +
                            QLatin1String(header ? "</th>" : "</td>");
                cells << o.plain;
            }
            out.html += QLatin1String("</tr>");
            if (!out.plain.isEmpty() && !out.plain.endsWith(u'\n'))
                out.plain += u'\n';
            out.plain += cells.join(QLatin1String(" | "));
        }
        out.html += QLatin1String("</table>");
    } else if (type == CMARK_NODE_HTML_BLOCK) {
        const QString html = literalOf(block).trimmed();
        if (!isComment(html)) {
            out.html += QLatin1String("<p>") + html.toHtmlEscaped() + QLatin1String("</p>");
            out.plain += html;
        }
    }
    // Thematic breaks and anything unknown add nothing worth showing.
}

RunbookText Walker::textOf(cmark_node* block, int depth, int nesting)
{
    RunbookText text;
    text.pos = posOf(block);
    text.depth = depth;
    Out out;
    const cmark_node_type type = cmark_node_get_type(block);
    if (type == CMARK_NODE_PARAGRAPH) {
        out = renderInlineBlock(block); // a plain paragraph needs no <p> around it
    } else if (type == CMARK_NODE_HEADING) {
        out = renderInlineBlock(block);
        out.html = QLatin1String("<b>") + out.html + QLatin1String("</b>");
    } else {
        blockHtml(block, out, nesting);
    }
    text.html = out.html;
    text.plain = out.plain;
    return text;
}

bool Walker::introducesProcedure(cmark_node* para)
{
    if (!isPlainOrderedList(cmark_node_next(para), m_rules))
        return false;
    cmark_node* parent = cmark_node_parent(para);
    if (isTaskItem(parent, m_rules) && cmark_node_first_child(parent) == para)
        return false; // an item's own line stays its title
    return rawPlain(piecesOf(para)).trimmed().endsWith(u':');
}

void Walker::blockInto(cmark_node* block, Sink& sink, int depth, int nesting)
{
    if (tooDeep(nesting, posOf(block)))
        return;
    switch (cmark_node_get_type(block)) {
    case CMARK_NODE_LIST:
        listInto(block, sink, depth, nesting);
        return;
    case CMARK_NODE_PARAGRAPH:
        if (introducesProcedure(block))
            return; // becomes the title of the procedure that follows
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        return; // a visual separator only
    case CMARK_NODE_CODE_BLOCK:
        noteCommand(block); // also shown as a detail, as before
        break;
    case CMARK_NODE_HTML_BLOCK: {
        const QString html = literalOf(block);
        // "run" just before a code block under an item marks that block (noteCommand).
        cmark_node* next = cmark_node_next(block);
        const bool marksBlock = m_commands && annotationMarksRun(html) && next &&
                                cmark_node_get_type(next) == CMARK_NODE_CODE_BLOCK;
        if (!marksBlock && annotationRe().match(html).hasMatch())
            diag(Severity::Warning, posOf(block),
                 QStringLiteral("golive annotation ignored: it must stand on a checklist "
                                "item's line"));
        if (isComment(html))
            return;
        break;
    }
    default:
        break;
    }
    RunbookText text = textOf(block, depth, nesting);
    if (!text.plain.trimmed().isEmpty() || !text.html.isEmpty())
        sink.texts->append(std::move(text));
}

void Walker::listInto(cmark_node* list, Sink& sink, int depth, int nesting)
{
    if (isPlainOrderedList(list, m_rules)) {
        RunbookProcedure procedure;
        procedure.pos = posOf(list);
        cmark_node* prev = cmark_node_previous(list);
        if (prev && cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH &&
            introducesProcedure(prev)) {
            const Out o = renderInlineBlock(prev);
            procedure.title = o.plain.trimmed();
            procedure.title.chop(1); // the colon
            procedure.title = procedure.title.trimmed();
            procedure.pos = posOf(prev);
        }
        for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item))
            stepInto(item, procedure.steps, sink, 0, nesting + 1);
        sink.procedures->append(std::move(procedure));
        return;
    }
    // Room for all of the list's items at once when the sink has none yet (RunbookItem is
    // large to move); only then, so a sink fed by many small lists still grows geometrically.
    if (sink.items->isEmpty()) {
        qsizetype tasks = 0;
        for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item))
            tasks += isTaskItem(item, m_rules) ? 1 : 0;
        sink.items->reserve(tasks);
    }
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        if (isTaskItem(item, m_rules)) {
            const QString id = nextId(sink);
            sink.items->append(taskItem(item, id, nesting + 1));
        } else {
            plainItemInto(item, sink, depth, nesting + 1);
        }
    }
}

// A plain bullet: its text is shown (a detail or note); task items below it still count as
// checkable siblings at the bullet's level, so no checkbox is ever lost.
void Walker::plainItemInto(cmark_node* item, Sink& sink, int depth, int nesting)
{
    if (tooDeep(nesting, posOf(item)))
        return;
    for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c))
        blockInto(c, sink, cmark_node_get_type(c) == CMARK_NODE_LIST ? depth + 1 : depth,
                  nesting + 1);
}

void Walker::stepInto(cmark_node* item, QList<RunbookText>& steps, Sink& sink, int depth,
                      int nesting)
{
    if (tooDeep(nesting, posOf(item)))
        return;
    RunbookText step;
    step.pos = posOf(item);
    step.depth = depth;
    bool first = true;
    for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
        const cmark_node_type type = cmark_node_get_type(c);
        if (type == CMARK_NODE_LIST) {
            for (cmark_node* sub = cmark_node_first_child(c); sub; sub = cmark_node_next(sub)) {
                if (isTaskItem(sub, m_rules)) {
                    const QString id = nextId(sink);
                    sink.items->append(taskItem(sub, id, nesting + 1));
                } else {
                    stepInto(sub, steps, sink, depth + 1, nesting + 1);
                }
            }
            continue;
        }
        if (type == CMARK_NODE_CODE_BLOCK)
            noteCommand(c); // a step's command is still the item's to run
        const RunbookText part = textOf(c, depth, nesting + 1);
        if (first) {
            step.html = part.html;
            step.plain = part.plain;
            steps.append(step);
            first = false;
        } else {
            steps.last().html += QLatin1String("<br>") + part.html;
            steps.last().plain += u'\n' + part.plain;
        }
    }
    if (first)
        steps.append(step); // an empty "1." still holds its place in the order
}

} // namespace golive::runbook

namespace golive::runbook {

// Current rules: a block of a section's heading group. A list may hold plain bullets that
// group checkboxes, and a bold line may title the list after it; both become nested groups.
// Returns the last block read (the list after a bold line).
cmark_node* Walker::groupBlock(cmark_node* block)
{
    const cmark_node_type type = cmark_node_get_type(block);
    if (type == CMARK_NODE_THEMATIC_BREAK)
        return block; // a visual separator only
    if (type == CMARK_NODE_LIST && !isPlainOrderedList(block, m_rules)) {
        groupListInto(block, m_headingDepth, 1);
        return block;
    }
    if (cmark_node* strong = boldGroupLine(block)) {
        Pieces ps = piecesOf(strong);
        trimPieces(ps);
        if (!ps.isEmpty() && !ps.last().node && ps.last().text.endsWith(u':')) {
            ps.last().text.chop(1);
            trimPieces(ps);
        }
        LineCtx ctx;
        Out title;
        renderPieces(ps, title, &ctx);
        openNestedGroup(title, posOf(block), m_headingDepth + 1);
        cmark_node* list = cmark_node_next(block);
        if (isPlainOrderedList(list, m_rules)) {
            Sink sink = contentSink(posOf(list));
            blockInto(list, sink, 0, 1);
        } else {
            groupListInto(list, m_headingDepth + 1, 1);
        }
        m_resumePending = true;
        m_resumeDepth = m_headingDepth;
        return list;
    }
    Sink sink = contentSink(posOf(block));
    blockInto(block, sink, 0, 1);
    return block;
}

// A list directly in a group of depth `depth`: its checkboxes are the group's items, its plain
// bullets that hold checkboxes are groups one deeper, its other bullets the group's notes.
// Item ids are numbered as if the nested groups were not there (see Walker::listInto).
void Walker::groupListInto(cmark_node* list, int depth, int nesting)
{
    if (tooDeep(nesting, posOf(list)))
        return;
    if (!m_resumePending) {
        // Room for all of the list's items at once, as listInto does.
        Sink sink = groupSink();
        if (sink.items->isEmpty()) {
            qsizetype tasks = 0;
            for (cmark_node* item = cmark_node_first_child(list); item;
                 item = cmark_node_next(item))
                tasks += isTaskItem(item, m_rules) ? 1 : 0;
            sink.items->reserve(tasks);
        }
    }
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        if (isTaskItem(item, m_rules)) {
            Sink sink = contentSink(posOf(item));
            const QString id = nextId(sink);
            sink.items->append(taskItem(item, id, nesting + 1));
            continue;
        }
        bool holds = false;
        for (cmark_node* c = cmark_node_first_child(item); c && !holds; c = cmark_node_next(c))
            holds = cmark_node_get_type(c) == CMARK_NODE_LIST && listHoldsTasks(c, nesting + 1);
        if (holds) {
            bulletGroup(item, depth + 1, nesting + 1);
        } else {
            Sink sink = contentSink(posOf(item));
            plainItemInto(item, sink, 0, nesting + 1);
        }
    }
}

// A plain bullet holding checkboxes: a group row titled by the bullet's text.
void Walker::bulletGroup(cmark_node* item, int depth, int nesting)
{
    cmark_node* first = cmark_node_first_child(item);
    cmark_node* rest = first;
    Out title;
    if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
        title = renderInlineBlock(first);
        rest = cmark_node_next(first);
    }
    openNestedGroup(title, posOf(item), depth);
    for (cmark_node* c = rest; c; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) == CMARK_NODE_LIST && !isPlainOrderedList(c, m_rules)) {
            groupListInto(c, depth, nesting + 1);
        } else {
            Sink sink = contentSink(posOf(c));
            blockInto(c, sink, 0, nesting + 1);
        }
    }
    m_resumePending = true;
    m_resumeDepth = depth - 1;
}

void Walker::openNestedGroup(const Out& title, SourcePos pos, int depth)
{
    RunbookGroup group;
    group.title = simplifiedText(title.plain);
    group.titleHtml = title.html.trimmed();
    group.pos = pos;
    group.depth = depth;
    m_rb.sections.last().groups.append(std::move(group));
    m_resumePending = false;
}

Sink Walker::contentSink(SourcePos pos)
{
    if (m_resumePending) {
        m_resumePending = false;
        RunbookGroup group;
        group.pos = pos;
        group.depth = m_resumeDepth;
        group.continuation = true;
        m_rb.sections.last().groups.append(std::move(group));
    }
    return groupSink();
}

} // namespace golive::runbook
