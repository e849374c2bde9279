// Bounds on the work cmark-gfm may do for one runbook: markup characters and table sizes.
#include "runbook/WorkBounds.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace golive::runbook {

namespace {

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

} // namespace

QByteArray boundTables(const QByteArray& utf8, const QString& fileName,
                       QList<Diagnostic>& diagnostics)
{
    // Without a '|' every line is one cell, and a one-column "table" is left as it is below:
    // nothing to bound, so the scan of every line is skipped.
    if (!utf8.contains('|'))
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

} // namespace golive::runbook
