// Markdown runbook -> Runbook: walks the cmark-gfm tree and reports bad input as diagnostics.
#include "RunbookParser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

namespace golive {

namespace {

// Info by default: a debug line per parse is noise unless someone asks for it.
Q_LOGGING_CATEGORY(lcRunbook, "golive.runbook", QtInfoMsg)

// Our walk is recursive; cmark-gfm is not, so a hostile file (thousands of nested quotes)
// must not be able to exhaust the stack through us.
constexpr int MaxBlockNesting = 200;
constexpr int MaxInlineNesting = 100;

constexpr char16_t TokenOpen = 0xE000;
constexpr char16_t TokenClose = 0xE001;

using Severity = Diagnostic::Severity;

// ---- bytes ----

struct ByteProblem
{
    qsizetype offset = -1;
    bool nul = false;
};

// One pass over the bytes: the first NUL or the first byte that starts an invalid UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF included).
ByteProblem firstBadByte(const QByteArray& data)
{
    const auto* s = reinterpret_cast<const unsigned char*>(data.constData());
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return {i, true};
            ++i;
            continue;
        }
        int len = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c == 0xE0) {
            len = 3;
            lo = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            len = 3;
        } else if (c == 0xED) {
            len = 3;
            hi = 0x9F;
        } else if (c == 0xF0) {
            len = 4;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            len = 4;
        } else if (c == 0xF4) {
            len = 4;
            hi = 0x8F;
        } else {
            return {i, false};
        }
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
            return {i, false};
        for (int k = 2; k < len; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return {i, false};
        i += len;
    }
    return {};
}

// Line and byte column of `offset`, counting LF, CRLF and lone CR as line ends like cmark does.
SourcePos positionOf(const QByteArray& data, qsizetype offset)
{
    SourcePos pos{1, 1};
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        const char c = data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= data.size() || data[i + 1] != '\n'))) {
            ++pos.line;
            lineStart = i + 1;
        }
    }
    pos.column = int(offset - lineStart) + 1;
    return pos;
}

bool isBlank(const QByteArray& data)
{
    qsizetype i = data.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    for (; i < data.size(); ++i) {
        const char c = data[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

// ---- work bounds for cmark-gfm ----

// cmark-gfm's table extension splits every row into a linked list it appends to from the head,
// so a row costs the square of its cells, and every cell is a node: a 2 MB table of 5,000
// columns took 20 s and an 8 MB one 2 GB. Runbook tables are small; these bounds leave room for
// any real one. A table past them is handed to cmark-gfm as plain text.
constexpr qsizetype MaxTableColumns = 100;
constexpr qsizetype MaxTableCells = 20'000;     // one table: columns x rows
constexpr qsizetype MaxDocumentCells = 100'000; // every table of the runbook together

struct LineInfo
{
    qsizetype start = 0; // offset of the line's first byte
    qsizetype end = 0;   // offset of its line end (or of the end of the data)
    qsizetype cells = 0; // cells a table row parse makes of it (by its unescaped '|')
    bool blank = false;  // nothing but spaces, tabs and block-quote markers
    bool delimiter = false;
};

// What matters to the table extension about each line. Deliberately generous: container
// prefixes ('>' and indentation) are skipped, and fenced code is not told apart, so that no
// line cmark-gfm could read as part of a table is left out of the count.
QList<LineInfo> tableLines(const QByteArray& data)
{
    QList<LineInfo> lines;
    const char* s = data.constData();
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n) {
        LineInfo line;
        line.start = i;
        qsizetype pipes = 0;
        bool content = false;  // anything but spaces, tabs and '>'
        bool onlyMarks = true; // content is only '-', ':', '|', spaces and tabs
        bool dash = false;
        bool escaped = false;
        bool leadingPipe = false;
        bool trailingPipe = false;
        for (; i < n && s[i] != '\n' && s[i] != '\r'; ++i) {
            const char c = s[i];
            const bool pipe = c == '|' && !escaped;
            pipes += pipe ? 1 : 0;
            escaped = c == '\\' && !escaped;
            if (c == ' ' || c == '\t' || (c == '>' && !content))
                continue;
            leadingPipe = content ? leadingPipe : pipe;
            trailingPipe = pipe;
            content = true;
            dash = dash || c == '-';
            onlyMarks = onlyMarks && (c == '-' || c == ':' || c == '|');
        }
        line.end = i;
        // "|a|b|" and "a|b" are two cells each; a lone "|" is one.
        line.cells = std::max<qsizetype>(1, pipes + 1 - (leadingPipe ? 1 : 0) -
                                                (trailingPipe && pipes > 1 ? 1 : 0));
        line.blank = !content;
        line.delimiter = content && onlyMarks && dash;
        if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            ++i;
        if (i < n)
            ++i;
        lines.append(line);
    }
    return lines;
}

// Turns every table past the bounds above into plain text by blanking the dashes of its
// delimiter row (same length, so every line and column stays where it was), with a warning
// naming the table. A table runs from its delimiter row to the next blank line; its header is
// counted from the start of the paragraph above, since cmark-gfm parses all of that as a row.
// Returns the data to hand to cmark-gfm: `utf8` itself unless a table was changed.
QByteArray boundTables(const QByteArray& utf8, const QString& fileName,
                       QList<Diagnostic>& diagnostics)
{
    if (!utf8.contains('|') && !utf8.contains('-'))
        return utf8;
    const QList<LineInfo> lines = tableLines(utf8);
    QByteArray out = utf8;
    bool changed = false;
    qsizetype documentCells = 0;
    qsizetype runStart = 0;
    while (runStart < lines.size()) {
        if (lines[runStart].blank) {
            ++runStart;
            continue;
        }
        qsizetype runEnd = runStart;
        while (runEnd < lines.size() && !lines[runEnd].blank)
            ++runEnd;
        // Widest line from each line to the end of the run, for the rows of a table there.
        QList<qsizetype> widestAfter(runEnd - runStart + 1, 0);
        for (qsizetype k = runEnd - 1; k >= runStart; --k)
            widestAfter[k - runStart] = std::max(widestAfter[k - runStart + 1], lines[k].cells);
        qsizetype headerCells = 0; // cells of the run's lines above the current one
        for (qsizetype k = runStart; k < runEnd; ++k) {
            const LineInfo& line = lines[k];
            if (!line.delimiter || k == runStart) {
                headerCells += line.cells;
                continue;
            }
            const qsizetype rows = runEnd - k - 1;
            const qsizetype columns =
                std::max({line.cells, lines[k - 1].cells, widestAfter[k + 1 - runStart]});
            if (columns == 1) {
                // No '|' anywhere: a setext underline or a rule, and even as a table no worse
                // than the paragraph it would otherwise be.
                headerCells += line.cells;
                continue;
            }
            const qsizetype cells = columns * (rows + 1);
            const bool tooWide = columns > MaxTableColumns || headerCells > MaxTableColumns;
            const bool tooLarge = cells > MaxTableCells || documentCells + cells > MaxDocumentCells;
            if (!tooWide && !tooLarge) {
                documentCells += cells;
                break; // the rest of the run is this table's rows
            }
            for (qsizetype b = line.start; b < line.end; ++b)
                if (out[b] == '-')
                    out[b] = ' ';
            changed = true;
            const QString why =
                tooWide ? QStringLiteral("it has more than %1 columns").arg(MaxTableColumns)
                : cells > MaxTableCells
                    ? QStringLiteral("it has more than %1 cells").arg(MaxTableCells)
                    : QStringLiteral("the runbook's tables together have more than %1 cells")
                          .arg(MaxDocumentCells);
            diagnostics.append(Diagnostic{
                Diagnostic::Severity::Warning, fileName, SourcePos{int(k), 1},
                QStringLiteral("table too large to lay out (%1); it is shown as plain text. "
                               "Split it or link to it")
                    .arg(why)});
            headerCells += line.cells;
        }
        runStart = runEnd;
    }
    return changed ? out : utf8;
}

// cmark-gfm makes a node for nearly every line and every markup character ('[' of an unmatched
// bracket, each '>' of a nested quote, each '*' of a broken emphasis), a few hundred bytes
// each: a file of 8 MB of brackets took 1.9 GB. 'w' is markup too: the autolink extension
// looks for "www." at each one, and a run of them became a node per letter (8 MB: 1.5 GB). Counting
// those bytes bounds its memory and time whatever their arrangement. A long real runbook has a few
// thousand. '|' is left out: outside a table it is plain text, and tables are bounded on their own
// (boundTables).
constexpr qsizetype MaxMarkup = 400'000;

qsizetype markupCount(const QByteArray& data)
{
    static constexpr auto special = [] {
        std::array<bool, 256> table{};
        for (const unsigned char c : std::string_view("\n\r[]()*_`<>!&-+#~:\\=.\tw"))
            table[c] = true;
        return table;
    }();
    qsizetype count = 0;
    for (const char c : data)
        count += special[static_cast<unsigned char>(c)] ? 1 : 0;
    return count;
}

// ---- small string helpers ----

QString literalOf(cmark_node* node)
{
    const char* s = cmark_node_get_literal(node);
    QString text = QString::fromUtf8(s ? s : "");
    // Our placeholder tokens use these private-use characters (UTF-8 lead byte 0xEE); input
    // must not fake them.
    if (s && std::strchr(s, '\xEE') &&
        (text.contains(QChar(TokenOpen)) || text.contains(QChar(TokenClose)))) {
        text.remove(QChar(TokenOpen));
        text.remove(QChar(TokenClose));
    }
    return text;
}

SourcePos posOf(cmark_node* node)
{
    return {cmark_node_get_start_line(node), cmark_node_get_start_column(node)};
}

bool isType(cmark_node* node, const char* typeString)
{
    return node && std::strcmp(cmark_node_get_type_string(node), typeString) == 0;
}

QString slug(QStringView text)
{
    QString out;
    bool gap = false;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            if (gap && !out.isEmpty())
                out += u'-';
            gap = false;
            out += c.toLower();
        } else {
            gap = true;
        }
    }
    return out.isEmpty() ? QStringLiteral("field") : out;
}

// toHtmlEscaped() without its temporary string: this runs for every word of the runbook.
// Also takes Latin-1 views, so ASCII literals from cmark need no QString of their own.
template <typename View> void appendEscapedImpl(QString& out, View text)
{
    qsizetype run = 0; // start of the pending run of characters that need no escaping
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = QChar(text[i]).unicode();
        if (c != u'<' && c != u'>' && c != u'&' && c != u'"')
            continue;
        out += text.mid(run, i - run);
        out += c == u'<'   ? QLatin1String("&lt;")
               : c == u'>' ? QLatin1String("&gt;")
               : c == u'&' ? QLatin1String("&amp;")
                           : QLatin1String("&quot;");
        run = i + 1;
    }
    out += text.mid(run);
}

void appendEscaped(QString& out, QStringView text)
{
    appendEscapedImpl(out, text);
}

void appendEscaped(QString& out, QLatin1StringView text)
{
    appendEscapedImpl(out, text);
}

// Same answer as "contains '[' or 'X.Y.Z'", but the single-character searches are vectorised
// and most text has neither character, so the substring search rarely runs.
bool mayHoldPlaceholder(QStringView text)
{
    return text.contains(u'[') || (text.contains(u'X') && text.contains(u"X.Y.Z"));
}

// The literal as Latin-1 when it is plain ASCII without '[' or 'X': such text can hold no
// placeholder and no (stripped) token character, so it is rendered as is, without decoding it
// into a QString first. Nullopt means "take the general path".
std::optional<QLatin1StringView> plainAscii(const char* s)
{
    if (!s)
        return QLatin1StringView("");
    const char* p = s;
    for (; *p; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x80 || c == '[' || c == 'X')
            return std::nullopt;
    }
    return QLatin1StringView(s, p - s);
}

// toHtmlEscaped() of a UTF-8 string, without temporaries for the usual ASCII case.
void appendEscapedUtf8(QString& out, const char* s)
{
    const char* p = s ? s : "";
    qsizetype n = 0;
    bool ascii = true;
    for (; p[n]; ++n)
        ascii = ascii && static_cast<unsigned char>(p[n]) < 0x80;
    if (ascii)
        appendEscaped(out, QLatin1StringView(p, n));
    else
        appendEscaped(out, QStringView(QString::fromUtf8(p, n)));
}

// QString::simplified() always allocates; most titles are simple already.
QString simplifiedText(const QString& text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c.isSpace() && (c != u' ' || i == 0 || i == n - 1 || text[i + 1].isSpace()))
            return text.simplified();
    }
    return text;
}

int utf8Length(QStringView text)
{
    return int(text.toUtf8().size());
}

// ---- inline pieces ----

// A paragraph's inline content as a flat list: runs of text (adjacent text nodes merged, and
// splittable at '|' for metadata) and other inline nodes kept whole.
struct Piece
{
    cmark_node* node = nullptr; // null for a text run
    QString text;
    SourcePos pos;
};
using Pieces = QList<Piece>;

Pieces piecesOf(cmark_node* parent)
{
    Pieces out;
    qsizetype count = 0;
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
        ++count;
    out.reserve(count);
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
            if (!out.isEmpty() && !out.last().node)
                out.last().text += literalOf(n);
            else
                out.append(Piece{nullptr, literalOf(n), posOf(n)});
        } else {
            out.append(Piece{n, QString(), posOf(n)});
        }
    }
    return out;
}

bool isLineBreak(const Piece& p)
{
    if (!p.node)
        return false;
    const cmark_node_type t = cmark_node_get_type(p.node);
    return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

bool isBlankPiece(const Piece& p)
{
    return isLineBreak(p) || (!p.node && QStringView(p.text).trimmed().isEmpty());
}

// Drops leading and trailing whitespace (and empty text runs) of a piece list.
void trimPieces(Pieces& ps)
{
    while (!ps.isEmpty() && isBlankPiece(ps.first()))
        ps.removeFirst();
    while (!ps.isEmpty() && isBlankPiece(ps.last()))
        ps.removeLast();
    if (!ps.isEmpty() && !ps.first().node) {
        QString& t = ps.first().text;
        qsizetype lead = 0;
        while (lead < t.size() && t[lead].isSpace())
            ++lead;
        ps.first().pos.column += utf8Length(QStringView(t).left(lead));
        t.remove(0, lead);
    }
    if (!ps.isEmpty() && !ps.last().node) {
        QString& t = ps.last().text;
        qsizetype end = t.size();
        while (end > 0 && t[end - 1].isSpace())
            --end;
        t.truncate(end);
    }
}

// Pieces from (piece a, char ca) up to but excluding (piece b, char cb).
Pieces slicePieces(const Pieces& ps, qsizetype a, qsizetype ca, qsizetype b, qsizetype cb)
{
    Pieces out;
    for (qsizetype i = a; i <= b && i < ps.size(); ++i) {
        Piece p = ps[i];
        if (!p.node) {
            const qsizetype from = i == a ? ca : 0;
            const qsizetype to = i == b ? cb : p.text.size();
            p.pos.column += utf8Length(QStringView(p.text).left(from));
            p.text = p.text.mid(from, to - from);
            if (p.text.isEmpty())
                continue;
        } else if (i == b) {
            break;
        }
        out.append(p);
    }
    return out;
}

struct Out
{
    QString html;
    QString plain;
};

// Per line of text: the last "**Label:**" seen names the placeholders that follow it.
struct LineCtx
{
    QString label;
    int placeholders = 0;
};

// An HTML comment "<!-- golive: key=value ... -->", the invisible per-item annotation.
const QRegularExpression& annotationRe()
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*<!--\s*golive\s*:(.*?)-->\s*$)"),
                                       QRegularExpression::DotMatchesEverythingOption |
                                           QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool isComment(const QString& html)
{
    const QString t = html.trimmed();
    return t.startsWith(QLatin1String("<!--")) && t.endsWith(QLatin1String("-->"));
}

// Inline tags a Markdown viewer would render and QTextDocument understands; anything else is
// shown as the text it is.
bool isSimpleTag(const QString& html)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^</?(b|i|em|strong|code|s|del|u|sub|sup|kbd|br)\s*/?>$)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(html.trimmed()).hasMatch();
}

bool isTaskItem(cmark_node* item);

bool isPlainOrderedList(cmark_node* node)
{
    if (!node || cmark_node_get_type(node) != CMARK_NODE_LIST ||
        cmark_node_get_list_type(node) != CMARK_ORDERED_LIST)
        return false;
    for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item))
        if (isTaskItem(item))
            return false;
    return true;
}

// "- [ ]" with nothing after it is not a task item for cmark-gfm (the marker needs a
// following space), yet the author clearly meant a checkbox.
bool isBareCheckbox(cmark_node* item)
{
    cmark_node* para = cmark_node_first_child(item);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
        return false;
    cmark_node* text = cmark_node_first_child(para);
    if (!text || cmark_node_next(text) || cmark_node_get_type(text) != CMARK_NODE_TEXT)
        return false;
    const char* literal = cmark_node_get_literal(text);
    const QLatin1String t = QLatin1String(literal ? literal : "").trimmed();
    return t == QLatin1String("[ ]") || t == QLatin1String("[x]") || t == QLatin1String("[X]");
}

bool isTaskItem(cmark_node* item)
{
    return isType(item, "tasklist") || isBareCheckbox(item);
}

// ---- the walk ----

struct Sink
{
    QList<RunbookItem>* items;
    QList<RunbookText>* texts;
    QList<RunbookProcedure>* procedures;
    QString idPrefix;
    int* counter;
};

// "PREFIX.N" for the sink's next checkable item, built in one allocation (no temporary from
// QString::number): there is one per item.
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

class Walker
{
public:
    Walker(RunbookParseResult& result, const QString& fileName)
        : m_result(result), m_rb(result.runbook), m_file(fileName)
    {
        // Allocated up front so the buffers are never null, hence never shared with a string
        // appended to them, and keep their capacity from block to block.
        m_scratch.html.reserve(512);
        m_scratch.plain.reserve(256);
    }

    void run(cmark_node* document);

private:
    void diag(Severity severity, SourcePos pos, const QString& message)
    {
        m_result.diagnostics.append(Diagnostic{severity, m_file, pos, message});
    }

    // inline rendering; a null ctx renders the literal text without registering placeholders
    void renderPieces(const Pieces& ps, Out& out, LineCtx* ctx, int depth = 0);
    void renderChildren(cmark_node* parent, Out& out, LineCtx* ctx, int depth);
    void noteLabel(QStringView boldText, bool colonAfter, LineCtx* ctx);
    void renderNode(cmark_node* node, Out& out, LineCtx* ctx, int depth);
    void renderText(const QString& text, SourcePos pos, Out& out, LineCtx* ctx);
    void renderLiteral(cmark_node* textNode, Out& out, LineCtx* ctx);
    void renderCode(cmark_node* node, Out& out, LineCtx* ctx);
    QString substitute(const QString& text, SourcePos pos, LineCtx* ctx, bool code);
    QString rawPlain(const Pieces& ps)
    {
        Out o;
        renderPieces(ps, o, nullptr);
        return o.plain;
    }
    QString registerPlaceholder(const QString& label, const QString& templ, SourcePos pos);
    QString newKey(const QString& base);
    void addField(RunbookField field);

    // blocks
    Out renderInlineBlock(cmark_node* node);
    RunbookText textOf(cmark_node* block, int depth, int nesting);
    void blockHtml(cmark_node* block, Out& out, int nesting);
    void blockInto(cmark_node* block, Sink& sink, int depth, int nesting);
    void listInto(cmark_node* list, Sink& sink, int depth, int nesting);
    void plainItemInto(cmark_node* item, Sink& sink, int depth, int nesting);
    void stepInto(cmark_node* item, QList<RunbookText>& steps, Sink& sink, int depth, int nesting);
    RunbookItem taskItem(cmark_node* node, const QString& id, int nesting);
    void titleLine(cmark_node* para, RunbookItem& item);
    void stripMetadata(Pieces& ps, RunbookItem& item);
    void applyAnnotation(const QString& html, SourcePos pos, RunbookItem* item, bool* field);
    bool introducesProcedure(cmark_node* para);
    bool tooDeep(int nesting, SourcePos pos);

    // document structure
    void headerBlock(cmark_node* block);
    void headerParagraph(cmark_node* para, bool fieldsOnly);
    void startSection(cmark_node* heading);
    void startGroup(cmark_node* heading);
    Sink groupSink();
    QString headingTitle(cmark_node* heading);

    RunbookParseResult& m_result;
    Runbook& m_rb;
    QString m_file;
    QHash<QString, qsizetype> m_fieldIndex;     // key -> index in m_rb.fields
    QHash<QString, QString> m_reuse;            // label key + template -> key
    QHash<QString, int> m_nextSuffix;           // slug -> next suffix to try
    QHash<QString, SourcePos> m_sectionNumbers; // number -> heading position
    int m_topCounter = 0;
    bool m_reportedDepth = false;
    // Placeholders become release fields only on lines that are fields: in the header block,
    // after a bold "**Label:**", or in an item marked "<!-- golive: field -->". Elsewhere
    // "[Owner Name]" is just words in a detail.
    bool m_everyPlaceholderIsField = false;
    bool makesField(const LineCtx* ctx) const
    {
        return ctx && (m_everyPlaceholderIsField || !ctx->label.isEmpty());
    }
    Out m_scratch; // reused output buffers for inline rendering (see renderInlineBlock)
    Out& clearedScratch()
    {
        m_scratch.html.truncate(0); // keeps the capacity, unlike clear()
        m_scratch.plain.truncate(0);
        return m_scratch;
    }
};

// ---- placeholders and fields ----

const QRegularExpression& textPlaceholderRe()
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

bool acceptBracket(QStringView inner)
{
    inner = inner.trimmed();
    if (inner.size() < 2 || inner.startsWith(u'^'))
        return false;
    return std::any_of(inner.begin(), inner.end(), [](QChar c) { return c.isLetter(); });
}

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
        if (name.startsWith(u'[') && name.endsWith(u']'))
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
    const QRegularExpression& re = code ? codePlaceholderRe() : textPlaceholderRe();
    QString out;
    qsizetype from = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString whole = m.captured(0);
        if (whole.startsWith(u'[') && !acceptBracket(QStringView(whole).mid(1, whole.size() - 2)))
            continue;
        out += QStringView(text).mid(from, m.capturedStart() - from);
        SourcePos at = pos;
        at.column += utf8Length(QStringView(text).left(m.capturedStart()));
        out += placeholderToken(registerPlaceholder(ctx->label, whole, at));
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
    // Plain ASCII without '[' or 'X' holds no placeholder: the code is shown as it is.
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
    // as a whole: the value replaces the branch name, not just its version part.
    if (makesField(ctx) && mayHoldPlaceholder(code) &&
        !std::any_of(code.begin(), code.end(), [](QChar c) { return c.isSpace(); }) &&
        codePlaceholderRe().match(code).hasMatch()) {
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
        out.html += QLatin1String("<a href=\"");
        appendEscapedUtf8(out.html, cmark_node_get_url(node));
        out.html += QLatin1String("\">");
        // Brackets in link text are the link's own syntax, not placeholders.
        renderChildren(node, out, nullptr, depth + 1);
        out.html += QLatin1String("</a>");
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

// ---- blocks ----

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
        if (isTaskItem(block)) {
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
    if (!isPlainOrderedList(cmark_node_next(para)))
        return false;
    cmark_node* parent = cmark_node_parent(para);
    if (isTaskItem(parent) && cmark_node_first_child(parent) == para)
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
    case CMARK_NODE_HTML_BLOCK: {
        const QString html = literalOf(block);
        if (annotationRe().match(html).hasMatch())
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
    if (isPlainOrderedList(list)) {
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
            tasks += isTaskItem(item) ? 1 : 0;
        sink.items->reserve(tasks);
    }
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        if (isTaskItem(item)) {
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
                if (isTaskItem(sub)) {
                    const QString id = nextId(sink);
                    sink.items->append(taskItem(sub, id, nesting + 1));
                } else {
                    stepInto(sub, steps, sink, depth + 1, nesting + 1);
                }
            }
            continue;
        }
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

void Walker::applyAnnotation(const QString& html, SourcePos pos, RunbookItem* item, bool* field)
{
    const QRegularExpressionMatch m = annotationRe().match(html);
    if (!m.hasMatch())
        return;
    static const QRegularExpression separators(QStringLiteral(R"([\s,;]+)"));
    const QStringList parts = m.captured(1).split(separators, Qt::SkipEmptyParts);
    if (parts.isEmpty())
        diag(Severity::Warning, pos, QStringLiteral("empty golive annotation"));
    for (const QString& part : parts) {
        const qsizetype eq = part.indexOf(u'=');
        const QString key = part.left(eq).trimmed().toLower();
        const QString value = eq < 0 ? QString() : part.mid(eq + 1).trimmed();
        if (key == QLatin1String("field") && eq < 0) {
            *field = true;
            continue;
        }
        if (key != QLatin1String("requires")) {
            diag(Severity::Warning, pos,
                 QStringLiteral("unknown golive annotation '%1'; expected requires=ROLE or field")
                     .arg(part));
            continue;
        }
        if (!RunbookParser::knownRoles().contains(value)) {
            diag(Severity::Error, pos,
                 QStringLiteral("unknown role '%1' in golive annotation; expected one of %2")
                     .arg(value, RunbookParser::knownRoles().join(QLatin1String(", "))));
            continue;
        }
        if (value == QLatin1String("observer")) {
            // Observers are read-only: an item only they may sign could never be signed.
            diag(Severity::Error, pos,
                 QStringLiteral("requires=observer can never be satisfied: observers are "
                                "read-only; name the role that signs this item"));
            continue;
        }
        item->requiredRole = value;
    }
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
                    applyAnnotation(html, p.pos, &item, &m_everyPlaceholderIsField);
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
    for (cmark_node* c = rest; c; c = cmark_node_next(c))
        if (isOwnLineComment(c)) // an annotation on its own line inside the item
            applyAnnotation(literalOf(c), posOf(c), &item, &m_everyPlaceholderIsField);
    if (rest != first && !bare)
        titleLine(first, item);
    if (item.title.isEmpty())
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
    return item;
}

// ---- document structure ----

QString Walker::headingTitle(cmark_node* heading)
{
    LineCtx ctx;
    Out out;
    Pieces ps = piecesOf(heading);
    trimPieces(ps);
    renderPieces(ps, out, &ctx);
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
    group.title = headingTitle(heading);
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
            if (isTaskItem(item)) {
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

} // namespace

// ---- public API ----

QString Diagnostic::toString() const
{
    const QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    const QString kind =
        severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
    if (pos.line <= 0)
        return where + QLatin1String(": ") + kind + QLatin1String(": ") + message;
    return QStringLiteral("%1:%2:%3: %4: %5")
        .arg(where)
        .arg(pos.line)
        .arg(std::max(pos.column, 1))
        .arg(kind, message);
}

bool RunbookParseResult::ok() const
{
    return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

QStringList RunbookParser::knownRoles()
{
    return {QStringLiteral("incident-commander"), QStringLiteral("release-captain"),
            QStringLiteral("engineer"), QStringLiteral("observer")};
}

namespace {

QString sizeText(qint64 bytes)
{
    return QStringLiteral("%1 bytes (%2 MiB)")
        .arg(bytes)
        .arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

Diagnostic fileError(const QString& file, const QString& message)
{
    return Diagnostic{Severity::Error, file, SourcePos{1, 1}, message};
}

Diagnostic tooLarge(const QString& file, qint64 size)
{
    return fileError(file, QStringLiteral("the runbook is %1; golive reads at most %2")
                               .arg(sizeText(size), sizeText(RunbookParser::MaxBytes)));
}

} // namespace

RunbookParseResult RunbookParser::parse(const QByteArray& utf8, const QString& fileName)
{
    QElapsedTimer timer;
    timer.start();
    RunbookParseResult result;
    result.runbook.fileName = fileName;
    if (utf8.size() > MaxBytes) {
        result.diagnostics.append(tooLarge(fileName, utf8.size()));
        return result;
    }
    if (isBlank(utf8)) {
        result.diagnostics.append(fileError(fileName, QStringLiteral("the runbook is empty")));
        return result;
    }
    if (const qsizetype markup = markupCount(utf8); markup > MaxMarkup) {
        result.diagnostics.append(
            fileError(fileName, QStringLiteral("the runbook has %1 lines and markup characters "
                                               "(brackets, '*', '>'...); golive reads at most %2. "
                                               "Split it into smaller runbooks")
                                    .arg(markup)
                                    .arg(MaxMarkup)));
        return result;
    }
    int options = CMARK_OPT_SOURCEPOS;
    if (const ByteProblem bad = firstBadByte(utf8); bad.offset >= 0) {
        const SourcePos pos = positionOf(utf8, bad.offset);
        if (bad.nul) {
            result.diagnostics.append(Diagnostic{
                Severity::Error, fileName, pos,
                QStringLiteral("the file contains a NUL byte; it looks like a binary file, not "
                               "a Markdown runbook")});
            return result;
        }
        // Still read the rest: a stray Latin-1 byte should not hide every other problem.
        result.diagnostics.append(
            Diagnostic{Severity::Error, fileName, pos,
                       QStringLiteral("invalid UTF-8 (byte 0x%1); save the runbook as UTF-8")
                           .arg(QString::number(static_cast<unsigned char>(utf8[bad.offset]), 16)
                                    .toUpper()
                                    .rightJustified(2, u'0'))});
        options |= CMARK_OPT_VALIDATE_UTF8;
    }

    static const bool registered = [] {
        cmark_gfm_core_extensions_ensure_registered();
        return true;
    }();
    Q_UNUSED(registered);
    const std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
        cmark_parser_new(options), &cmark_parser_free);
    for (const char* name : {"tasklist", "table", "strikethrough", "autolink"}) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
        else
            qCWarning(lcRunbook) << "cmark-gfm extension missing:" << name;
    }
    const QByteArray bounded = boundTables(utf8, fileName, result.diagnostics);
    cmark_parser_feed(parser.get(), bounded.constData(), size_t(bounded.size()));
    const std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
        cmark_parser_finish(parser.get()), &cmark_node_free);

    Walker(result, fileName).run(document.get());
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return a.pos.line != b.pos.line ? a.pos.line < b.pos.line
                                                         : a.pos.column < b.pos.column;
                     });
    qCDebug(lcRunbook) << "parsed" << fileName << result.runbook.checkableCount() << "items in"
                       << result.runbook.sections.size() << "sections," << result.diagnostics.size()
                       << "diagnostics," << timer.nsecsElapsed() / 1000 << "us";
    return result;
}

RunbookParseResult RunbookParser::parseFile(const QString& path)
{
    RunbookParseResult result;
    result.runbook.fileName = path;
    const QFileInfo info(path);
    if (info.isDir()) {
        result.diagnostics.append(fileError(
            path, QStringLiteral("cannot read the runbook '%1': it is a directory").arg(path)));
        return result;
    }
    // Refuse before reading: a huge file must not be pulled into memory first.
    if (info.exists() && info.size() > MaxBytes) {
        result.diagnostics.append(tooLarge(path, info.size()));
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.diagnostics.append(fileError(
            path,
            QStringLiteral("cannot open the runbook '%1': %2").arg(path, file.errorString())));
        return result;
    }
    // Pipes and devices report no size: read one byte past the limit to notice them.
    const QByteArray data = file.read(MaxBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        result.diagnostics.append(fileError(
            path,
            QStringLiteral("cannot read the runbook '%1': %2").arg(path, file.errorString())));
        return result;
    }
    if (data.size() > MaxBytes) {
        result.diagnostics.append(
            fileError(path, QStringLiteral("the runbook is larger than %1; golive reads at most "
                                           "that much")
                                .arg(sizeText(MaxBytes))));
        return result;
    }
    return parse(data, path);
}

} // namespace golive
