// Small text helpers of the runbook walk: cmark-gfm literals, HTML escaping, slugs.
#include "runbook/MarkdownText.h"

#include <cstring>

namespace golive::runbook {

namespace {

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

} // namespace

QString literalOf(cmark_node* node)
{
    const char* s = cmark_node_get_literal(node);
    QString text = QString::fromUtf8(s ? s : "");
    // Our placeholder tokens use these private-use characters (UTF-8 lead byte 0xEE); input
    // must not fake them.
    if (s && std::strchr(s, '\xEE') &&
        (text.contains(QChar(PlaceholderTokenOpen)) ||
         text.contains(QChar(PlaceholderTokenClose)))) {
        text.remove(QChar(PlaceholderTokenOpen));
        text.remove(QChar(PlaceholderTokenClose));
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

void appendEscaped(QString& out, QStringView text)
{
    appendEscapedImpl(out, text);
}

void appendEscaped(QString& out, QLatin1StringView text)
{
    appendEscapedImpl(out, text);
}

bool mayHoldPlaceholder(QStringView text)
{
    return text.contains(u'[') || text.contains(u'{') ||
           (text.contains(u'X') && text.contains(u"X.Y.Z"));
}

bool isWebOrMailUrl(const char* url)
{
    if (!url)
        return false;
    for (const char* scheme : {"http://", "https://", "mailto:"}) {
        const size_t n = std::strlen(scheme);
        if (qstrnicmp(url, scheme, n) == 0 && url[n] != '\0')
            return true;
    }
    return false;
}

std::optional<QLatin1StringView> plainAscii(const char* s)
{
    if (!s)
        return QLatin1StringView("");
    const char* p = s;
    for (; *p; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x80 || c == '[' || c == '{' || c == 'X')
            return std::nullopt;
    }
    return QLatin1StringView(s, p - s);
}

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

} // namespace golive::runbook
