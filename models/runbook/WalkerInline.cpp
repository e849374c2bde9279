// The runbook walk's inline rendering: text, code, emphasis, links, and placeholder fields.
#include "runbook/Walker.h"

#include "SafeText.h"
#include "runbook/MarkdownText.h"
#include "runbook/NodeKinds.h"

#include <QRegularExpression>

#include <algorithm>

namespace golive::runbook {

namespace {

const QRegularExpression& legacyTextPlaceholderRe()
{
    static const QRegularExpression re(QStringLiteral(R"(\[([^\[\]\n]+)\]|\bv?X\.Y\.Z\b)"));
    return re;
}

// In code, brackets are everyday syntax ("a[i]", "[[ -f x ]]"): only "[Word ...]" counts.
const QRegularExpression& codePlaceholderRe()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\[[A-Za-z][^\[\]\n]*[^\[\]\s]\]|\bv?X\.Y\.Z\b)"));
    return re;
}

// The current rules also take "{name}" (not "{{ template }}", not "{}", not a shell or
// template variable such as "${HOME}", "%{level}" or "#{id}") for a placeholder.
const QRegularExpression& currentTextPlaceholderRe()
{
    static const QRegularExpression re(QStringLiteral(
        R"(\[([^\[\]\n]+)\]|\bv?X\.Y\.Z\b|(?<![{$%#])\{\s*[A-Za-z][\w.\- ]*\s*\}(?!\}))"));
    return re;
}

// "[y/N]", "[Y/n/a]", "[yes/no]": a prompt's choices, written as they are, never a field.
bool isPromptChoice(const QString& bracketed)
{
    static const QRegularExpression re(QStringLiteral(R"(^\[[A-Za-z]{1,3}(?:/[A-Za-z]{1,3})+\]$)"));
    return re.match(bracketed).hasMatch();
}

// A version token in code: the one placeholder the current rules still take from code, and
// only as a labelled one-word value ("**Branch Name:** `release/vX.Y.Z`").
const QRegularExpression& codeVersionRe()
{
    static const QRegularExpression re(QStringLiteral(R"(\bv?X\.Y\.Z\b)"));
    return re;
}

// "Primary: " just before a placeholder: one to four words and a colon, at the start of the
// text or after a separator (". ", "; ", ", ", "| ", "(", " - ", " / ", a dash). It names the
// placeholder that follows.
const QRegularExpression& plainLabelRe()
{
    static const QRegularExpression re(QStringLiteral(
        R"((?:^|[.;,|(]\s+|\s[-/\x{2013}\x{2014}]\s+)\s*)"
        R"(([\p{L}\p{N}][\p{L}\p{N}&/'._-]*(?: [\p{L}\p{N}&/'._-]+){0,3})\s*:\s*$)"));
    return re;
}

// How an inline HTML tag changes the depth of raw HTML elements: +1 for "<kbd>", -1 for
// "</kbd>", 0 for a void or self-closing tag ("<br>", "<img/>") and anything else.
int htmlDepthChange(QStringView html)
{
    static const QRegularExpression tag(
        QStringLiteral(R"(^<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>$)"));
    const QRegularExpressionMatch m = tag.match(html.trimmed());
    if (!m.hasMatch() || !m.capturedView(3).isEmpty())
        return 0;
    if (!m.capturedView(1).isEmpty())
        return -1;
    static const QStringList voidTags{QStringLiteral("br"),   QStringLiteral("img"),
                                      QStringLiteral("hr"),   QStringLiteral("input"),
                                      QStringLiteral("wbr"),  QStringLiteral("col"),
                                      QStringLiteral("area"), QStringLiteral("source")};
    return voidTags.contains(m.capturedView(2).toString(), Qt::CaseInsensitive) ? 0 : 1;
}

bool acceptBracket(QStringView inner)
{
    inner = inner.trimmed();
    if (inner.size() < 2 || inner.startsWith(u'^'))
        return false;
    return std::any_of(inner.begin(), inner.end(), [](QChar c) { return c.isLetter(); });
}

} // namespace

// ---- placeholders and fields ----

QString Walker::newKey(const QString& base)
{
    int& next = m_nextSuffix[base];
    QString key;
    do {
        key = next == 0 ? base : base + u'-' + QString::number(next + 1);
        ++next;
    } while (m_fieldIndex.contains(key));
    return key;
}

void Walker::addField(RunbookField field)
{
    m_fieldIndex.insert(field.key, m_rb.fields.size());
    m_rb.fields.append(std::move(field));
}

QString Walker::registerPlaceholder(const QString& label, const QString& templ, SourcePos pos)
{
    QString name = label;
    if (name.isEmpty()) {
        name = templ;
        if ((name.startsWith(u'[') && name.endsWith(u']')) ||
            (name.startsWith(u'{') && name.endsWith(u'}')))
            name = name.mid(1, name.size() - 2).trimmed();
    }
    const QString base = slug(name);
    // The same label with the same placeholder is one field; anything else gets its own key.
    const QString reuseKey = base + QChar(0) + templ;
    if (const auto it = m_reuse.constFind(reuseKey); it != m_reuse.constEnd())
        return *it;
    RunbookField field;
    field.key = newKey(base);
    field.label = name;
    field.templateValue = templ;
    field.isPlaceholder = true;
    field.pos = pos;
    m_reuse.insert(reuseKey, field.key);
    const QString key = field.key;
    addField(std::move(field));
    return key;
}

// The text with every placeholder in it replaced by its token (registering the field).
QString Walker::substitute(const QString& text, SourcePos pos, LineCtx* ctx, bool code)
{
    // Cheap test first: nearly all text has no placeholder, and regex matching costs.
    if (!makesField(ctx) || !mayHoldPlaceholder(text))
        return text;
    const bool current = m_rules >= RunbookParser::CurrentRules;
    if (code && current)
        return text; // "[arguments]", "[y/N]", "{version}" in code are the command's own words
    const QRegularExpression& re = code      ? codePlaceholderRe()
                                   : current ? currentTextPlaceholderRe()
                                             : legacyTextPlaceholderRe();
    QString out;
    qsizetype from = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString whole = m.captured(0);
        if ((whole.startsWith(u'[') || whole.startsWith(u'{')) &&
            !acceptBracket(QStringView(whole).mid(1, whole.size() - 2)))
            continue;
        if (current && isPromptChoice(whole))
            continue;
        const QStringView before = QStringView(text).mid(from, m.capturedStart() - from);
        out += before;
        SourcePos at = pos;
        at.column += utf8Length(QStringView(text).left(m.capturedStart()));
        // "Primary: [Name, Phone]" and "Backup: [Name, Phone]" are two people, not one field.
        // Under "**Escalation:**", "Primary: [Name]" is the escalation's primary, not the
        // header's "Primary: [Name]": both labels name it.
        QString label = ctx->label;
        if (current)
            if (const QRegularExpressionMatch l = plainLabelRe().match(before); l.hasMatch())
                label = label.isEmpty() || label.compare(l.captured(1), Qt::CaseInsensitive) == 0
                            ? l.captured(1)
                            : label + u' ' + l.captured(1);
        out += placeholderToken(registerPlaceholder(label, whole, at));
        ++ctx->placeholders;
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

// ---- inline rendering ----

void Walker::renderText(const QString& text, SourcePos pos, Out& out, LineCtx* ctx)
{
    const QString withTokens = substitute(text, pos, ctx, false);
    out.plain += withTokens;
    appendEscaped(out.html, withTokens);
}

// renderText(literalOf(textNode), ...), minus the QString when the literal is plain ASCII:
// most of a runbook's words take this path.
void Walker::renderLiteral(cmark_node* textNode, Out& out, LineCtx* ctx)
{
    if (const auto ascii = plainAscii(cmark_node_get_literal(textNode))) {
        out.plain += *ascii;
        appendEscaped(out.html, *ascii);
        return;
    }
    renderText(literalOf(textNode), posOf(textNode), out, ctx);
}

void Walker::renderCode(cmark_node* node, Out& out, LineCtx* ctx)
{
    // Plain ASCII without '[', '{' or 'X' holds no placeholder: the code is shown as it is.
    if (const auto ascii = plainAscii(cmark_node_get_literal(node))) {
        out.plain += *ascii;
        out.html += QLatin1String("<code>");
        appendEscaped(out.html, *ascii);
        out.html += QLatin1String("</code>");
        return;
    }
    const QString code = literalOf(node);
    QString withTokens;
    // A code span that is one word containing a placeholder ("release/vX.Y.Z") is filled in
    // as a whole: the value replaces the branch name, not just its version part. The current
    // rules take only that from code, and only as the value of a "**Label:**".
    const bool current = m_rules >= RunbookParser::CurrentRules;
    if (makesField(ctx) && (!current || !ctx->label.isEmpty()) && mayHoldPlaceholder(code) &&
        !std::any_of(code.begin(), code.end(), [](QChar c) { return c.isSpace(); }) &&
        (current ? codeVersionRe() : codePlaceholderRe()).match(code).hasMatch()) {
        withTokens = placeholderToken(registerPlaceholder(ctx->label, code, posOf(node)));
        ++ctx->placeholders;
    } else {
        withTokens = substitute(code, posOf(node), ctx, true);
    }
    out.plain += withTokens;
    out.html += QLatin1String("<code>");
    appendEscaped(out.html, withTokens);
    out.html += QLatin1String("</code>");
}

// "**Label:**" or "**Label**:" names the placeholders that follow on the line.
void Walker::noteLabel(QStringView boldText, bool colonAfter, LineCtx* ctx)
{
    boldText = boldText.trimmed();
    const bool colonInside = boldText.endsWith(u':');
    if (colonInside)
        boldText.chop(1);
    boldText = boldText.trimmed();
    if ((colonInside || colonAfter) && !boldText.isEmpty())
        ctx->label = boldText.toString();
}

void Walker::renderPieces(const Pieces& ps, Out& out, LineCtx* ctx, int depth)
{
    for (qsizetype i = 0; i < ps.size(); ++i) {
        const Piece& p = ps[i];
        if (!p.node) {
            renderText(p.text, p.pos, out, ctx);
            continue;
        }
        const qsizetype mark = out.plain.size();
        renderNode(p.node, out, ctx, depth);
        if (ctx && cmark_node_get_type(p.node) == CMARK_NODE_STRONG)
            noteLabel(QStringView(out.plain).mid(mark),
                      i + 1 < ps.size() && !ps[i + 1].node && ps[i + 1].text.startsWith(u':'), ctx);
    }
}

// Like renderPieces over piecesOf(parent), without building the list: cmark-gfm has already
// merged adjacent text nodes.
void Walker::renderChildren(cmark_node* parent, Out& out, LineCtx* ctx, int depth)
{
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        const cmark_node_type type = cmark_node_get_type(n);
        if (type == CMARK_NODE_TEXT) {
            renderLiteral(n, out, ctx);
            continue;
        }
        const qsizetype mark = out.plain.size();
        renderNode(n, out, ctx, depth);
        if (ctx && type == CMARK_NODE_STRONG) {
            cmark_node* next = cmark_node_next(n);
            const char* lit = next && cmark_node_get_type(next) == CMARK_NODE_TEXT
                                  ? cmark_node_get_literal(next)
                                  : nullptr;
            noteLabel(QStringView(out.plain).mid(mark), lit && lit[0] == ':', ctx);
        }
    }
}

void Walker::renderNode(cmark_node* node, Out& out, LineCtx* ctx, int depth)
{
    if (depth > MaxInlineNesting) {
        // Absurdly nested emphasis or links: keep the words, drop the markup.
        cmark_iter* iter = cmark_iter_new(node);
        for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
            cmark_node* n = cmark_iter_get_node(iter);
            if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
                                            cmark_node_get_type(n) == CMARK_NODE_CODE)) {
                const QString t = literalOf(n);
                out.plain += t;
                out.html += t.toHtmlEscaped();
            }
        }
        cmark_iter_free(iter);
        return;
    }
    auto wrap = [&](const char* open, const char* close, LineCtx* innerCtx) {
        out.html += QLatin1String(open);
        renderChildren(node, out, innerCtx, depth + 1);
        out.html += QLatin1String(close);
    };
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
        renderLiteral(node, out, ctx);
        return;
    case CMARK_NODE_SOFTBREAK:
        out.html += u' ';
        out.plain += u' ';
        if (ctx)
            ctx->label.clear();
        return;
    case CMARK_NODE_LINEBREAK:
        out.html += QLatin1String("<br>");
        out.plain += u'\n';
        if (ctx)
            ctx->label.clear();
        return;
    case CMARK_NODE_CODE:
        renderCode(node, out, ctx);
        return;
    case CMARK_NODE_EMPH:
        wrap("<i>", "</i>", ctx);
        return;
    case CMARK_NODE_STRONG:
        wrap("<b>", "</b>", ctx);
        return;
    case CMARK_NODE_LINK: {
        // Only web and mail links stay links: a runbook must not hand the room a
        // "javascript:", "file:" or relative target to click. The others keep their words and
        // show the address after them, as withoutUnsafeLinks() does for the views.
        const char* url = cmark_node_get_url(node);
        const bool link = isWebOrMailUrl(url);
        if (link) {
            out.html += QLatin1String("<a href=\"");
            appendEscapedUtf8(out.html, url);
            out.html += QLatin1String("\">");
        }
        const qsizetype mark = out.plain.size();
        // Brackets in link text are the link's own syntax, not placeholders.
        renderChildren(node, out, nullptr, depth + 1);
        if (link) {
            out.html += QLatin1String("</a>");
        } else if (url && *url) {
            const QString address = QString::fromUtf8(url);
            if (QStringView(out.plain).mid(mark) != address)
                out.html += QLatin1String(" (") + htmlSafe(address) + u')';
        }
        return;
    }
    case CMARK_NODE_IMAGE: {
        // Only the alt text: a runbook must not make the viewer fetch images.
        Out alt;
        renderChildren(node, alt, nullptr, depth + 1);
        out.plain += alt.plain;
        out.html += alt.plain.toHtmlEscaped();
        return;
    }
    case CMARK_NODE_HTML_INLINE: {
        const QString html = literalOf(node);
        // Text between raw HTML tags ("<kbd>[y/N]</kbd>") is the tag's, never a field.
        if (ctx && m_rules >= RunbookParser::CurrentRules)
            ctx->inHtml = std::max(0, ctx->inHtml + htmlDepthChange(html));
        if (isComment(html)) {
            if (ctx && annotationRe().match(html).hasMatch())
                diag(Severity::Warning, posOf(node),
                     QStringLiteral("golive annotation ignored: it must stand on a checklist "
                                    "item's line"));
            return;
        }
        if (isSimpleTag(html)) {
            out.html += html;
            if (html.trimmed().startsWith(QLatin1String("<br"), Qt::CaseInsensitive))
                out.plain += u'\n';
            return;
        }
        out.html += html.toHtmlEscaped();
        out.plain += html;
        return;
    }
    default:
        if (isType(node, "strikethrough")) {
            wrap("<s>", "</s>", ctx);
            return;
        }
        renderChildren(node, out, ctx, depth + 1);
        return;
    }
}

} // namespace golive::runbook
