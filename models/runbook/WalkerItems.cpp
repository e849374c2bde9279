// The runbook walk's checklist items: title line, owner and due cells, annotations, children.
#include "runbook/Walker.h"

#include "runbook/MarkdownText.h"
#include "runbook/NodeKinds.h"

#include "decision/DecisionSnapshot.h"

#include <QRegularExpression>

#include <cmark-gfm-core-extensions.h>

#include <algorithm>
#include <utility>

namespace golive::runbook {

void Walker::applyAnnotation(const QString& html, SourcePos pos, RunbookItem* item, bool* field,
                             bool* run)
{
    const QRegularExpressionMatch m = annotationRe().match(html);
    if (!m.hasMatch())
        return;
    static const QRegularExpression separators(QStringLiteral(R"([\s;]+)"));
    // Words apart ("requires=engineer field"), each may be a comma list ("field,run"). Under the
    // current rules a list that starts with "requires=" goes on naming what the item requires:
    // "requires=incident-commander,health-green".
    struct Part
    {
        QString text;
        bool listed; // a further "requires=" value
    };
    const bool current = m_rules >= RunbookParser::CurrentRules;
    QList<Part> parts;
    for (const QString& word : m.captured(1).split(separators, Qt::SkipEmptyParts)) {
        const QStringList pieces = word.split(u',', Qt::SkipEmptyParts);
        const bool requiresList =
            current && !pieces.isEmpty() &&
            pieces.first().section(u'=', 0, 0).trimmed().toLower() == QLatin1String("requires");
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            const QString& piece = pieces.at(i);
            const bool plain = !piece.contains(u'=') &&
                               piece.compare(QLatin1String("field"), Qt::CaseInsensitive) != 0 &&
                               piece.compare(QLatin1String("run"), Qt::CaseInsensitive) != 0;
            parts.append(Part{piece, requiresList && i > 0 && plain});
        }
    }
    if (parts.isEmpty())
        diag(Severity::Warning, pos, QStringLiteral("empty golive annotation"));
    for (const Part& p : std::as_const(parts)) {
        const QString& part = p.text;
        const qsizetype eq = p.listed ? -1 : part.indexOf(u'=');
        const QString key =
            p.listed ? QStringLiteral("requires") : part.left(eq).trimmed().toLower();
        const QString value = p.listed ? part.trimmed()
                              : eq < 0 ? QString()
                                       : part.mid(eq + 1).trimmed();
        if (key == QLatin1String("field") && eq < 0) {
            *field = true;
            continue;
        }
        if (key == QLatin1String("run") && eq < 0) {
            if (run)
                *run = true;
            continue;
        }
        if (key != QLatin1String("requires")) {
            diag(Severity::Warning, pos,
                 current ? QStringLiteral("unknown golive annotation '%1'; expected "
                                          "requires=ROLE, requires=CHECK (%2), field or run")
                               .arg(part, itemCheckNames().join(QLatin1String(", ")))
                         : QStringLiteral("unknown golive annotation '%1'; expected "
                                          "requires=ROLE, field or run")
                               .arg(part));
            continue;
        }
        // A check golive verifies itself before the item is signed (the current rules only:
        // under the legacy rules every requires= names a role, as it always did).
        if (current && itemCheckFromName(value)) {
            if (!item->requiredChecks.contains(value))
                item->requiredChecks.append(value);
            continue;
        }
        const bool unknown = !RunbookParser::knownRoles().contains(value);
        if (unknown || value == QLatin1String("observer")) {
            if (!current)
                diag(Severity::Error, pos,
                     unusableRoleProblem(value, unknown, m_rules) +
                         (unknown ? QString()
                                  : QStringLiteral("; name the role that signs this item")));
            else // decided once the item's every annotation is read (resolveUnusableRoles)
                m_unusableRoles.append(UnusableRole{value, unknown, pos});
            continue;
        }
        item->requiredRole = value;
    }
}

QString Walker::unusableRoleProblem(const QString& value, bool unknown, int rules)
{
    if (unknown && rules >= RunbookParser::CurrentRules)
        return QStringLiteral("unknown role '%1' in golive annotation; expected one of %2, or a "
                              "check golive verifies: %3")
            .arg(value, RunbookParser::knownRoles().join(QLatin1String(", ")),
                 itemCheckNames().join(QLatin1String(", ")));
    if (unknown)
        return QStringLiteral("unknown role '%1' in golive annotation; expected one of %2")
            .arg(value, RunbookParser::knownRoles().join(QLatin1String(", ")));
    // Observers are read-only: an item only they may sign could never be signed.
    return QStringLiteral("requires=observer can never be satisfied: observers are read-only");
}

// A role no one on duty can hold loads under the current rules (the legacy rules refuse the
// runbook), but the item is not left open to any role: an author who named a role wanted a
// named person accountable, so unless the item also names a known role, the release captain
// (who answers for the runbook) signs it.
void Walker::resolveUnusableRoles(RunbookItem& item)
{
    if (m_unusableRoles.isEmpty())
        return;
    const bool fallBack = item.requiredRole.isEmpty();
    if (fallBack)
        item.requiredRole = QString::fromLatin1(FallbackSigningRole);
    for (const UnusableRole& r : std::as_const(m_unusableRoles))
        diag(Severity::Warning, r.pos,
             unusableRoleProblem(r.value, r.unknown, m_rules) +
                 (fallBack ? QStringLiteral("; until the runbook names a known role, only the %1 "
                                            "may sign, mark or revoke this item")
                           : QStringLiteral("; ignored, as the item also requires the %1"))
                     .arg(item.requiredRole));
    m_unusableRoles.clear();
}

// Trailing "| **Owner:** X | **Due:** DATE" cells on the item line.
void Walker::stripMetadata(Pieces& ps, RunbookItem& item)
{
    struct Bar
    {
        qsizetype piece;
        qsizetype at;
    };
    QList<Bar> bars;
    for (qsizetype i = 0; i < ps.size(); ++i)
        if (!ps[i].node)
            for (qsizetype j = ps[i].text.indexOf(u'|'); j >= 0;
                 j = ps[i].text.indexOf(u'|', j + 1))
                bars.append({i, j});
    if (bars.isEmpty())
        return;
    static const QRegularExpression metaRe(QStringLiteral(R"(^(owner|due)\s*:\s*(.*)$)"),
                                           QRegularExpression::CaseInsensitiveOption);
    qsizetype cut = bars.size();
    for (qsizetype k = bars.size() - 1; k >= 0; --k) {
        const Bar end = k + 1 < bars.size() ? bars[k + 1] : Bar{ps.size(), 0};
        const Pieces segment = slicePieces(ps, bars[k].piece, bars[k].at + 1, end.piece, end.at);
        const QRegularExpressionMatch m = metaRe.match(rawPlain(segment).simplified());
        if (!m.hasMatch())
            break;
        QString& target = m.captured(1).toLower() == QLatin1String("owner") ? item.owner : item.due;
        if (target.isEmpty())
            target = m.captured(2).trimmed();
        cut = k;
    }
    if (cut < bars.size())
        ps = slicePieces(ps, 0, 0, bars[cut].piece, bars[cut].at);
}

void Walker::titleLine(cmark_node* para, RunbookItem& item)
{
    // The usual sub-step title: one ASCII text node with no '|' (no metadata cells) and nothing
    // to substitute. What the general path below makes of it is just the trimmed text.
    cmark_node* only = cmark_node_first_child(para);
    if (only && !cmark_node_next(only) && cmark_node_get_type(only) == CMARK_NODE_TEXT) {
        const auto ascii = plainAscii(cmark_node_get_literal(only));
        if (ascii && !ascii->contains(u'|')) {
            const QLatin1StringView text = ascii->trimmed();
            item.title = simplifiedText(QString(text));
            appendEscaped(item.titleHtml, text);
            return;
        }
    }

    Pieces ps = piecesOf(para);
    // HTML comments are invisible in Markdown, so never part of the title. Most lines have
    // none: only then is the list rebuilt.
    const auto isInlineHtml = [](const Piece& p) {
        return p.node && cmark_node_get_type(p.node) == CMARK_NODE_HTML_INLINE;
    };
    if (std::any_of(ps.cbegin(), ps.cend(), isInlineHtml)) {
        Pieces kept;
        kept.reserve(ps.size());
        for (const Piece& p : std::as_const(ps)) {
            if (isInlineHtml(p)) {
                const QString html = literalOf(p.node);
                if (isComment(html)) {
                    applyAnnotation(html, p.pos, &item, &m_everyPlaceholderIsField, &m_runLine);
                    continue;
                }
            }
            kept.append(p);
        }
        ps = std::move(kept);
    }
    stripMetadata(ps, item);
    trimPieces(ps);

    LineCtx ctx;
    const bool boldLead = !ps.isEmpty() && ps.first().node &&
                          cmark_node_get_type(ps.first().node) == CMARK_NODE_STRONG;
    if (boldLead) {
        Pieces lead = piecesOf(ps.first().node);
        trimPieces(lead);
        bool colon = !lead.isEmpty() && !lead.last().node && lead.last().text.endsWith(u':');
        Pieces rest = ps.mid(1);
        if (colon) {
            lead.last().text.chop(1);
            trimPieces(lead);
        } else if (!rest.isEmpty() && !rest.first().node && rest.first().text.startsWith(u':')) {
            colon = true;
            rest.first().text.remove(0, 1);
            rest.first().pos.column += 1;
        }
        if (colon) {
            // Built append by append: the scratch buffers spare the reallocations (see
            // renderInlineBlock), and the results are exact-size copies.
            Out& title = clearedScratch();
            renderPieces(lead, title, &ctx);
            item.title = simplifiedText(QStringView(title.plain).toString());
            item.titleHtml = QStringView(title.html).trimmed().toString();
            ctx.label = item.title;
            trimPieces(rest);
            if (!rest.isEmpty()) {
                // The words after "**Title:**" describe the item: they lead its details.
                Out detail;
                renderPieces(rest, detail, &ctx);
                item.details.append(RunbookText{detail.html.trimmed(), detail.plain.trimmed(),
                                                rest.first().pos, 0});
            }
            return;
        }
    }
    Out title;
    renderPieces(ps, title, &ctx);
    item.title = simplifiedText(title.plain);
    item.titleHtml = title.html.trimmed();
}

RunbookItem Walker::taskItem(cmark_node* node, const QString& id, int nesting)
{
    RunbookItem item;
    item.id = id;
    item.pos = posOf(node);
    const bool bare = !isType(node, "tasklist");
    if (bare) {
        const QString marker = literalOf(cmark_node_first_child(cmark_node_first_child(node)));
        item.checkedInTemplate = marker.contains(u'x', Qt::CaseInsensitive);
    } else {
        item.checkedInTemplate = cmark_gfm_extensions_get_tasklist_item_checked(node);
    }
    if (tooDeep(nesting, item.pos))
        return item;

    cmark_node* first = cmark_node_first_child(node);
    cmark_node* rest = first;
    if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH)
        rest = cmark_node_next(first);
    const auto isOwnLineComment = [](cmark_node* c) {
        return cmark_node_get_type(c) == CMARK_NODE_HTML_BLOCK && isComment(literalOf(c));
    };
    // "field" covers this item's line and details, wherever in the item it is written; the
    // item's checklist children decide for themselves.
    const bool outerFields = m_everyPlaceholderIsField;
    m_everyPlaceholderIsField = false;
    // The item's commands are its own; a checklist item under it collects its own.
    QList<RunbookCommand>* const outerCommands = m_commands;
    const bool outerRunLine = m_runLine;
    m_commands = &item.commands;
    m_runLine = false;
    SourcePos runPos;
    for (cmark_node* c = rest; c; c = cmark_node_next(c)) {
        if (!isOwnLineComment(c)) // an annotation on its own line inside the item
            continue;
        bool run = false;
        applyAnnotation(literalOf(c), posOf(c), &item, &m_everyPlaceholderIsField, &run);
        // Just before a code block it marks that block (noteCommand); elsewhere the item's line.
        cmark_node* next = cmark_node_next(c);
        if (run && !(next && cmark_node_get_type(next) == CMARK_NODE_CODE_BLOCK)) {
            m_runLine = true;
            runPos = posOf(c);
        }
    }
    // Checks in the order written: the item's line comes before the lines under it.
    const QStringList checksBelow = std::exchange(item.requiredChecks, {});
    if (rest != first && !bare)
        titleLine(first, item);
    for (const QString& check : checksBelow) {
        if (!item.requiredChecks.contains(check))
            item.requiredChecks.append(check);
    }
    if (m_runLine) {
        if (runPos.line == 0)
            runPos = item.pos;
        if (rest != first && !bare)
            lineCommands(first, item);
        if (item.commands.isEmpty())
            diag(Severity::Warning, runPos,
                 QStringLiteral("golive annotation 'run' marks nothing to run: put it on a line "
                                "with a `code span`, or on its own line just before a code "
                                "block"));
    }
    resolveUnusableRoles(item);
    const bool untitled = item.title.isEmpty();
    if (untitled && m_rules < RunbookParser::CurrentRules)
        diag(Severity::Error, item.pos,
             QStringLiteral("checklist item %1 has no title; write what must be done after "
                            "the checkbox")
                 .arg(id));

    int childCounter = 0;
    Sink sink{&item.children, &item.details, &item.procedures, id, &childCounter};
    for (cmark_node* c = rest; c; c = cmark_node_next(c))
        if (!isOwnLineComment(c))
            blockInto(c, sink, 0, nesting + 1);
    m_everyPlaceholderIsField = outerFields;
    m_commands = outerCommands;
    m_runLine = outerRunLine;
    if (untitled && m_rules >= RunbookParser::CurrentRules)
        fallBackTitle(item);
    return item;
}

// The code spans of an item's line, in order, each a command the runbook marked to run.
void Walker::lineCommands(cmark_node* para, RunbookItem& item)
{
    cmark_iter* iter = cmark_iter_new(para);
    for (cmark_event_type ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE;
         ev = cmark_iter_next(iter)) {
        cmark_node* node = cmark_iter_get_node(iter);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_CODE)
            continue;
        const QString text = literalOf(node).trimmed();
        if (!text.isEmpty())
            item.commands.append(RunbookCommand{text, QString(), true, posOf(node)});
    }
    cmark_iter_free(iter);
}

// A code block under an item: a command when it is a shell's (fenced with no language or a
// shell's, or indented) or marked to run by an annotation on the line before it. A console
// session's commands are its "$ " lines (the prompt stripped, a line ending in '\\' continued
// by the next); the lines between them are output, not commands.
void Walker::noteCommand(cmark_node* block)
{
    if (!m_commands)
        return;
    int fenceLength = 0, fenceOffset = 0;
    char fenceChar = 0;
    const bool fenced = cmark_node_get_fenced(block, &fenceLength, &fenceOffset, &fenceChar) != 0;
    const QString info = fenced ? QString::fromUtf8(cmark_node_get_fence_info(block)) : QString();
    const QString language = info.trimmed().section(QRegularExpression(QStringLiteral(R"(\s+)")), 0,
                                                    0, QString::SectionSkipEmpty);
    const QString lower = language.toLower();
    static const QStringList shells{QStringLiteral("sh"), QStringLiteral("bash"),
                                    QStringLiteral("shell"), QStringLiteral("console"),
                                    QStringLiteral("zsh")};
    const bool marked = isRunMarker(cmark_node_previous(block));
    if (!marked && !language.isEmpty() && !shells.contains(lower))
        return;
    QString text = literalOf(block);
    text.remove(u'\r');
    if (text.endsWith(u'\n'))
        text.chop(1);
    if (lower == QLatin1String("console")) {
        QStringList commands;
        bool continued = false;
        for (const QString& line : text.split(u'\n')) {
            if (continued || line.startsWith(QLatin1String("$ "))) {
                commands << (continued ? line : line.mid(2));
                continued = line.endsWith(u'\\');
            }
        }
        text = commands.join(u'\n');
    }
    if (text.trimmed().isEmpty())
        return;
    m_commands->append(RunbookCommand{text, language, marked, posOf(block)});
}

// An item GitHub shows as an empty checkbox still loads: it is named after the first thing
// written under it (often the command to run), so the room can tell it from its neighbours.
void Walker::fallBackTitle(RunbookItem& item)
{
    constexpr qsizetype MaxChars = 80;
    QString title;
    const auto firstLine = [](const QList<RunbookText>& texts) {
        for (const RunbookText& t : texts)
            for (QStringView line : QStringView(t.plain).split(u'\n'))
                if (!line.trimmed().isEmpty())
                    return line.toString().simplified();
        return QString();
    };
    title = firstLine(item.details);
    for (qsizetype i = 0; title.isEmpty() && i < item.procedures.size(); ++i)
        title = firstLine(item.procedures[i].steps);
    if (title.size() > MaxChars) {
        qsizetype cut = MaxChars;
        // Never cut a placeholder token in two: end before it instead.
        const qsizetype open = title.lastIndexOf(QChar(PlaceholderTokenOpen), cut - 1);
        if (open >= 0 && title.indexOf(QChar(PlaceholderTokenClose), open) >= cut)
            cut = open;
        title = title.left(cut).trimmed() + QChar(0x2026);
    }
    const bool named = !title.isEmpty();
    if (!named)
        title = QStringLiteral("(untitled item)");
    item.title = title;
    item.titleHtml.clear();
    appendEscaped(item.titleHtml, QStringView(title));
    const QString shown = renderPlain(title, m_rb, nullptr);
    diag(Severity::Warning, item.pos,
         named ? QStringLiteral("checklist item %1 has no title; it is shown as \"%2\", the first "
                                "line under it. Write what must be done after the checkbox")
                     .arg(item.id, shown)
               : QStringLiteral("checklist item %1 has no title and nothing under it; it is "
                                "shown as \"(untitled item)\". Write what must be done after "
                                "the checkbox")
                     .arg(item.id));
}

} // namespace golive::runbook
