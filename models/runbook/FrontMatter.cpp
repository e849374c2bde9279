// YAML front matter at the top of a runbook ("---" ... "---"): found, read as text, blanked out.
#include "runbook/FrontMatter.h"

#include <QByteArrayView>
#include <QStringList>

namespace golive::runbook {

namespace {

constexpr QByteArrayView kBom("\xEF\xBB\xBF");

struct Line
{
    QByteArrayView text; // without its line end
    qsizetype next = 0;  // offset of the following line
};

// LF, CRLF and a lone CR end a line, as for cmark-gfm.
Line lineAt(QByteArrayView data, qsizetype from)
{
    qsizetype end = from;
    while (end < data.size() && data[end] != '\n' && data[end] != '\r')
        ++end;
    qsizetype next = end;
    if (next < data.size())
        next += (data[next] == '\r' && next + 1 < data.size() && data[next + 1] == '\n') ? 2 : 1;
    return Line{data.sliced(from, end - from), next};
}

bool isFence(QByteArrayView line, QByteArrayView fence)
{
    return line.startsWith(fence) && line.sliced(fence.size()).trimmed().isEmpty();
}

bool isIndented(QByteArrayView line)
{
    return line.startsWith(' ') || line.startsWith('\t');
}

// "key:" at the start of the line followed by a space or the line end: the offset of the colon.
qsizetype keyColon(QByteArrayView line)
{
    if (line.isEmpty() || isIndented(line) || line.startsWith('#') || line.startsWith('-'))
        return -1;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == ':' && (i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\t'))
            return i > 0 ? i : -1;
    }
    return -1;
}

// A YAML comment is "#" followed by a space, a tab or the line end; "## Prep" or "#tag" is not
// one (it is Markdown, or a plain scalar).
bool isComment(QByteArrayView trimmed)
{
    return trimmed.startsWith('#') &&
           (trimmed.size() == 1 || trimmed[1] == ' ' || trimmed[1] == '\t');
}

bool isListEntry(QByteArrayView line)
{
    return line == "-" || line.startsWith("- ");
}

QString unquoted(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && (value.front() == u'"' || value.front() == u'\'') &&
        value.back() == value.front())
        value = value.mid(1, value.size() - 2);
    // The private-use characters of placeholder tokens never come from a runbook.
    value.remove(QChar(0xE000));
    value.remove(QChar(0xE001));
    return value.trimmed();
}

// "[a, 'b']" -> "a, b"; anything else as written, unquoted.
QString valueText(const QString& raw)
{
    const QString value = raw.trimmed();
    if (value.size() >= 2 && value.front() == u'[' && value.back() == u']') {
        QStringList parts;
        for (const QString& part : value.mid(1, value.size() - 2).split(u','))
            if (const QString p = unquoted(part); !p.isEmpty())
                parts << p;
        return parts.join(QLatin1String(", "));
    }
    return unquoted(value);
}

// How deep the flow brackets ("[", "{") stand after `text`, from `depth`, quoted text aside;
// negative when a bracket closes that never opened.
int flowDepth(QByteArrayView text, int depth)
{
    char quote = 0;
    for (const char c : text) {
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth < 0)
                return -1;
        }
    }
    return depth;
}

// A value given on the lines below its key: "- x" entries joined by commas, folded text
// ("|" or ">" blocks, nested keys) joined by spaces.
void appendContinuation(RunbookMetadata& entry, QByteArrayView line, bool& listed)
{
    const QByteArrayView t = line.trimmed();
    if (t.isEmpty() || isComment(t))
        return;
    const bool entryLine = isListEntry(t);
    const QString text = valueText(QString::fromUtf8(entryLine ? t.sliced(1) : t));
    if (text.isEmpty())
        return;
    if (!entry.value.isEmpty())
        entry.value += (entryLine || listed) ? QLatin1String(", ") : QLatin1String(" ");
    listed = entryLine;
    entry.value += text;
}

} // namespace

FrontMatter readFrontMatter(const QByteArray& utf8)
{
    const QByteArrayView data(utf8);
    const qsizetype start = data.startsWith(kBom) ? kBom.size() : 0;
    Line line = lineAt(data, start);
    if (!isFence(line.text, "---") || line.next == start + line.text.size())
        return {}; // no opening line, or nothing after it
    FrontMatter out;
    int lineNo = 1;
    bool keyed = false;
    bool listed = false;
    bool valueBelow = false; // the last key has no value on its line: "- x" entries may follow
    int flow = 0;            // the last key's "[" or "{" value is still open, this deep
    QByteArray flowText;     // that value as written so far, its lines joined by spaces
    for (qsizetype at = line.next; at < data.size();) {
        line = lineAt(data, at);
        at = line.next;
        ++lineNo;
        if (flow > 0 && !isFence(line.text, "---") && !isFence(line.text, "...")) {
            // A flow value ("labels: [\n  a,\n  b\n]") runs over lines until it closes.
            flow = flowDepth(line.text, flow);
            if (flow < 0)
                return {};
            flowText += ' ' + line.text.trimmed().toByteArray();
            if (flow == 0)
                out.entries.last().value = valueText(QString::fromUtf8(flowText));
            continue;
        }
        if (isFence(line.text, "---") || isFence(line.text, "...")) {
            if (!keyed || flow > 0)
                return {};
            out.end = line.next;
            return out;
        }
        if (const qsizetype colon = keyColon(line.text); colon > 0) {
            keyed = true;
            listed = false;
            RunbookMetadata entry;
            entry.key = unquoted(QString::fromUtf8(line.text.first(colon)));
            const QString rest = QString::fromUtf8(line.text.sliced(colon + 1)).trimmed();
            // A block indicator ("|", ">-") announces the value on the lines below.
            if (!rest.startsWith(u'|') && !rest.startsWith(u'>'))
                entry.value = valueText(rest);
            valueBelow = rest.isEmpty();
            if (rest.startsWith(u'[') || rest.startsWith(u'{')) {
                const QByteArrayView raw = line.text.sliced(colon + 1).trimmed();
                flow = flowDepth(raw, 0);
                if (flow < 0)
                    return {};
                flowText = raw.toByteArray();
            }
            entry.pos = SourcePos{lineNo, 1};
            out.entries.append(std::move(entry));
            continue;
        }
        const QByteArrayView t = line.text.trimmed();
        if (t.isEmpty() || isComment(t))
            continue;
        // Only a key with nothing after its colon takes "- x" entries at the line start; a
        // "- [ ] task" after "Owner: Platform team" is a Markdown checklist, not YAML.
        if (!isIndented(line.text) && !(isListEntry(t) && valueBelow))
            return {}; // not YAML metadata: read the whole file as Markdown
        if (!out.entries.isEmpty())
            appendContinuation(out.entries.last(), line.text, listed);
    }
    return {}; // never closed: GitHub shows it as text, and so does golive
}

QByteArray withoutFrontMatter(const QByteArray& utf8, const FrontMatter& frontMatter)
{
    if (!frontMatter.found())
        return utf8;
    const QByteArrayView data(utf8);
    qsizetype lines = 0;
    for (qsizetype at = 0; at < frontMatter.end; at = lineAt(data, at).next)
        ++lines;
    QByteArray out;
    out.reserve(lines + utf8.size() - frontMatter.end);
    out.append(lines, '\n');
    out.append(data.sliced(frontMatter.end));
    return out;
}

} // namespace golive::runbook
