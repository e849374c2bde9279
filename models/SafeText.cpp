#include "SafeText.h"

#include <QRegularExpression>
#include <QStringView>

namespace golive {

namespace {

QString codePoint(char32_t c)
{
    return QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')).toUpper();
}

// What a person calls the character, for refusals.
QString characterName(char32_t c)
{
    switch (c) {
    case 0x0A:
        return QStringLiteral("a line break");
    case 0x0D:
        return QStringLiteral("a carriage return (CR)");
    case 0x09:
        return QStringLiteral("a tab");
    case 0x1B:
        return QStringLiteral("an escape character (ESC)");
    case 0x00:
        return QStringLiteral("a NUL character");
    case 0x2028:
    case 0x2029:
        return QStringLiteral("a Unicode line separator (%1)").arg(codePoint(c));
    default:
        break;
    }
    if (isBidiControl(c))
        return QStringLiteral("a text-direction control (%1)").arg(codePoint(c));
    return QStringLiteral("a control character (%1)").arg(codePoint(c));
}

bool isRightToLeft(char32_t c)
{
    switch (QChar::direction(c)) {
    case QChar::DirR:
    case QChar::DirAL:
        return true;
    default:
        return false;
    }
}

} // namespace

bool isControlCharacter(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

bool isBidiControl(char32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

bool hasControlCharacters(const QString& text, bool allowLineBreaks)
{
    for (const char32_t c : QStringView(text).toUcs4()) {
        if (allowLineBreaks && (c == u'\n' || c == u'\t'))
            continue;
        if (isControlCharacter(c))
            return true;
    }
    return false;
}

bool hasBidiControls(const QString& text)
{
    for (const QChar c : text) {
        if (isBidiControl(c.unicode()))
            return true;
    }
    return false;
}

QString textRefusal(const QString& what, const QString& text, TextShape shape)
{
    const bool multiLine = shape == TextShape::MultiLine;
    const QList<uint> ucs4 = text.toUcs4();
    for (qsizetype i = 0; i < ucs4.size(); ++i) {
        const char32_t c = ucs4.at(i);
        if (multiLine && (c == u'\n' || c == u'\t'))
            continue;
        // Invisible characters make one name look like another ("A\u200bna" reads "Ana"): one
        // line of text (names, roles, values) may not hold them. The joiners U+200C/U+200D stay:
        // Persian and Indic names, and emoji, need them.
        const bool invisible =
            !multiLine && (c == 0x00AD || c == 0x200B || c == 0x2060 || c == 0xFEFF || c == 0x180E);
        if (invisible)
            return QStringLiteral("%1 contains an invisible character (%2) at character %3; it "
                                  "would make one name look like another, so nothing was "
                                  "recorded")
                .arg(what, codePoint(c))
                .arg(i + 1);
        if (!isControlCharacter(c) && !isBidiControl(c))
            continue;
        const QString rule =
            multiLine ? QStringLiteral("it may have line breaks, but no other control or "
                                       "text-direction characters")
                      : QStringLiteral("it must be one line of plain text, without control or "
                                       "text-direction characters");
        return QStringLiteral("%1 contains %2 at character %3; %4, so nothing was recorded")
            .arg(what, characterName(c))
            .arg(i + 1)
            .arg(rule);
    }
    return {};
}

QString visibleControls(const QString& text, bool keepLineBreaks)
{
    bool clean = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((isControlCharacter(u) && !(keepLineBreaks && (u == u'\n' || u == u'\t'))) ||
            isBidiControl(u)) {
            clean = false;
            break;
        }
    }
    if (clean)
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = isControlCharacter(u) || isBidiControl(u);
        if (!control || (keepLineBreaks && (u == u'\n' || u == u'\t'))) {
            out += c;
        } else if (u == u'\n') {
            out += QStringLiteral("\\n");
        } else if (u == u'\r') {
            out += QStringLiteral("\\r");
        } else if (u == u'\t') {
            out += QStringLiteral("\\t");
        } else if (u < 0x20) {
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        }
    }
    return out;
}

QString terminalSafe(const QString& text)
{
    return visibleControls(text);
}

QString terminalSafeLines(const QString& text, const QString& indent)
{
    QString out = visibleControls(text, true);
    out.replace(QLatin1Char('\n'), QLatin1Char('\n') + indent);
    return out;
}

QString isolated(const QString& text)
{
    for (const char32_t c : QStringView(text).toUcs4()) {
        if (isRightToLeft(c))
            return QChar(0x2068) + text + QChar(0x2069);
    }
    return text;
}

QString displaySafe(const QString& text)
{
    return isolated(visibleControls(text));
}

QString displaySafeLines(const QString& text)
{
    return isolated(visibleControls(text, true));
}

QString htmlSafe(const QString& text)
{
    QString out = displaySafeLines(text).toHtmlEscaped();
    out.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return out;
}

QString markdownEscaped(const QString& text)
{
    const QString shown = isolated(visibleControls(text, true));
    QString out;
    out.reserve(shown.size() + 8);
    for (const QChar c : shown) {
        if (c == u'\n') {
            out += QStringLiteral("<br>");
            continue;
        }
        if (c == u'\t') {
            out += QLatin1Char(' ');
            continue;
        }
        if (QStringView(u"\\`*_[]<>|#!~&").contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString cappedMessage(const QString& text, qsizetype maxChars)
{
    QString out = visibleControls(text.trimmed());
    if (maxChars > 0 && out.size() > maxChars) {
        qsizetype cut = maxChars - 1;
        if (cut > 0 && out.at(cut - 1).isHighSurrogate())
            --cut;
        out = out.left(cut) + QStringLiteral("…");
    }
    return out;
}

bool isFollowableLink(const QUrl& url)
{
    if (!url.isValid())
        return false;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("mailto"))
        return !url.path().isEmpty();
    return (scheme == QLatin1String("http") || scheme == QLatin1String("https")) &&
           !url.host().isEmpty();
}

QString withoutUnsafeLinks(const QString& html)
{
    if (!html.contains(QLatin1String("<a ")))
        return html;
    // The parser writes every link as <a href="ESCAPED">TEXT</a>, never nested.
    static const QRegularExpression anchor(QStringLiteral(R"re(<a href="([^"]*)">(.*?)</a>)re"),
                                           QRegularExpression::DotMatchesEverythingOption);
    QString out;
    qsizetype from = 0;
    auto it = anchor.globalMatch(html);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(html).mid(from, m.capturedStart() - from);
        from = m.capturedEnd();
        QString address = m.captured(1);
        address.replace(QLatin1String("&quot;"), QLatin1String("\""))
            .replace(QLatin1String("&lt;"), QLatin1String("<"))
            .replace(QLatin1String("&gt;"), QLatin1String(">"))
            .replace(QLatin1String("&#39;"), QLatin1String("'"))
            .replace(QLatin1String("&amp;"), QLatin1String("&"));
        if (isFollowableLink(QUrl(address, QUrl::StrictMode))) {
            out += m.captured(0);
            continue;
        }
        const QString text = m.captured(2);
        out += text;
        if (text != m.captured(1))
            out += QStringLiteral(" (%1)").arg(htmlSafe(address));
    }
    out += QStringView(html).mid(from);
    return out;
}

} // namespace golive
