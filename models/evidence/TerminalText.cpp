// A command's output as people see it: a byte-level terminal decoder that keeps text and SGR
// styles and drops every other escape sequence.
#include "evidence/TerminalText.h"

#include "SafeText.h"

#include <QList>

#include <array>

namespace golive {

namespace {

// An SGR style: colours as 0xRRGGBB, -1 for the terminal's own.
struct Style
{
    int fg = -1;
    int bg = -1;
    bool bold = false;
    bool underline = false;
    // The colours as SGR parameters ("31", "38;5;196", "38;2;1;2;3"), for a terminal.
    QByteArray fgSgr;
    QByteArray bgSgr;

    bool isDefault() const { return fg < 0 && bg < 0 && !bold && !underline; }
    bool operator==(const Style&) const = default;

    QString css() const
    {
        QStringList parts;
        if (fg >= 0)
            parts << QStringLiteral("color:#%1").arg(fg, 6, 16, QLatin1Char('0'));
        if (bg >= 0)
            parts << QStringLiteral("background-color:#%1").arg(bg, 6, 16, QLatin1Char('0'));
        if (bold)
            parts << QStringLiteral("font-weight:bold");
        if (underline)
            parts << QStringLiteral("text-decoration:underline");
        return parts.join(u';');
    }

    QString sgr() const
    {
        QByteArray p("0");
        if (bold)
            p += ";1";
        if (underline)
            p += ";4";
        if (!fgSgr.isEmpty())
            p += ';' + fgSgr;
        if (!bgSgr.isEmpty())
            p += ';' + bgSgr;
        return QStringLiteral("\x1b[") + QLatin1String(p) + u'm';
    }
};

// xterm's default palette for the 16 basic colours.
constexpr std::array<int, 16> Basic{0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
                                    0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
                                    0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff};

int colour256(int n)
{
    if (n < 16)
        return Basic[size_t(n)];
    if (n < 232) {
        const int i = n - 16;
        const auto level = [](int v) { return v == 0 ? 0 : 55 + v * 40; };
        return (level(i / 36) << 16) | (level((i / 6) % 6) << 8) | level(i % 6);
    }
    const int g = 8 + (n - 232) * 10;
    return (g << 16) | (g << 8) | g;
}

// Longest CSI parameter string kept; a longer one is still consumed to its end, then ignored.
constexpr qsizetype MaxParams = 64;

} // namespace

struct TerminalStream::State
{
    enum class Mode
    {
        Ground,
        Escape,       // after ESC
        EscapeInter,  // ESC and intermediates (0x20-0x2f), waiting for the final byte
        Csi,          // ESC [ parameters, intermediates, final
        Osc,          // ESC ] ... BEL or ST
        String,       // DCS, SOS, PM, APC: ... ST
        StringEscape, // ESC inside an OSC or string: '\' ends it
    };
    Mode mode = Mode::Ground;
    bool oscMode = false; // which string StringEscape returns to
    QByteArray params;
    bool paramsTooLong = false;
    QByteArray utf8;      // a character's first bytes, waiting for the rest
    int utf8Need = 0;     // continuation bytes still wanted
    bool afterCr = false; // a '\r' was just turned into '\n'
    Style style;

    // Text of the chunk being decoded, in runs of one style.
    struct Run
    {
        Style style;
        QString text;
    };
    QList<Run> runs;

    void put(QChar c)
    {
        if (runs.isEmpty() || !(runs.last().style == style))
            runs.append(Run{style, QString()});
        runs.last().text += c;
    }
    void emitCodePoint(char32_t cp)
    {
        if (cp > 0xffff) {
            const char32_t v = cp - 0x10000;
            put(QChar(char16_t(0xd800 + (v >> 10))));
            put(QChar(char16_t(0xdc00 + (v & 0x3ff))));
        } else {
            put(QChar(char16_t(cp)));
        }
    }
    void flushUtf8Invalid()
    {
        if (utf8Need > 0 || !utf8.isEmpty())
            put(QChar(QChar::ReplacementCharacter));
        utf8.clear();
        utf8Need = 0;
    }

    void sgr()
    {
        if (paramsTooLong)
            return;
        QList<int> p;
        for (const QByteArray& part : params.split(';')) {
            // "38:2::r:g:b" sub-parameters: read as the ';' form.
            for (const QByteArray& sub : part.split(':')) {
                bool ok = false;
                const int v = sub.toInt(&ok);
                p.append(ok ? v : 0);
            }
        }
        if (p.isEmpty())
            p.append(0);
        for (qsizetype i = 0; i < p.size(); ++i) {
            const int v = p[i];
            if (v == 0) {
                style = Style{};
            } else if (v == 1) {
                style.bold = true;
            } else if (v == 22) {
                style.bold = false;
            } else if (v == 4) {
                style.underline = true;
            } else if (v == 24) {
                style.underline = false;
            } else if (v >= 30 && v <= 37) {
                style.fg = Basic[size_t(v - 30)];
                style.fgSgr = QByteArray::number(v);
            } else if (v == 39) {
                style.fg = -1;
                style.fgSgr.clear();
            } else if (v >= 40 && v <= 47) {
                style.bg = Basic[size_t(v - 40)];
                style.bgSgr = QByteArray::number(v);
            } else if (v == 49) {
                style.bg = -1;
                style.bgSgr.clear();
            } else if (v >= 90 && v <= 97) {
                style.fg = Basic[size_t(v - 90 + 8)];
                style.fgSgr = QByteArray::number(v);
            } else if (v >= 100 && v <= 107) {
                style.bg = Basic[size_t(v - 100 + 8)];
                style.bgSgr = QByteArray::number(v);
            } else if (v == 38 || v == 48) {
                int colour = -1;
                if (i + 2 < p.size() && p[i + 1] == 5) {
                    colour = colour256(std::clamp(p[i + 2], 0, 255));
                    i += 2;
                } else if (i + 1 < p.size() && p[i + 1] == 2) {
                    // "38;2;r;g;b", or "38:2::r:g:b" with an empty colour-space id.
                    const qsizetype at =
                        i + 5 < p.size() && params.contains(":2::") ? i + 3 : i + 2;
                    if (at + 2 < p.size()) {
                        colour = (std::clamp(p[at], 0, 255) << 16) |
                                 (std::clamp(p[at + 1], 0, 255) << 8) |
                                 std::clamp(p[at + 2], 0, 255);
                        i = at + 2;
                    } else {
                        i = p.size();
                    }
                }
                (v == 38 ? style.fg : style.bg) = colour;
                QByteArray code;
                if (colour >= 0)
                    code = QByteArray::number(v) + ";2;" + QByteArray::number(colour >> 16) + ';' +
                           QByteArray::number((colour >> 8) & 0xff) + ';' +
                           QByteArray::number(colour & 0xff);
                (v == 38 ? style.fgSgr : style.bgSgr) = code;
            }
        }
    }

    void feed(const QByteArray& bytes)
    {
        for (const char ch : bytes)
            byte(uchar(ch));
    }

    void byte(uchar b)
    {
        switch (mode) {
        case Mode::Ground:
            break;
        case Mode::Escape:
            if (b == '[') {
                mode = Mode::Csi;
                params.clear();
                paramsTooLong = false;
            } else if (b == ']') {
                mode = Mode::Osc;
                oscMode = true;
            } else if (b == 'P' || b == 'X' || b == '^' || b == '_') {
                mode = Mode::String;
                oscMode = false;
            } else if (b >= 0x20 && b <= 0x2f) {
                mode = Mode::EscapeInter;
            } else if (b == 0x1b) {
                // ESC ESC: the first one ends as a lone escape; the second starts anew.
            } else if (b < 0x20) {
                mode = Mode::Ground;
                ground(b); // a control inside a broken escape is still shown
            } else {
                mode = Mode::Ground; // ESC 7, ESC c, ESC =, ...: dropped
            }
            return;
        case Mode::EscapeInter:
            if (b >= 0x30 && b <= 0x7e)
                mode = Mode::Ground;
            else if (b < 0x20 && b != 0x1b) {
                mode = Mode::Ground;
                ground(b);
            } else if (b == 0x1b)
                mode = Mode::Escape;
            return;
        case Mode::Csi:
            if (b >= 0x40 && b <= 0x7e) {
                mode = Mode::Ground;
                if (b == 'm')
                    sgr();
            } else if (b >= 0x20 && b <= 0x3f) {
                if (params.size() < MaxParams)
                    params.append(char(b));
                else
                    paramsTooLong = true;
            } else if (b == 0x1b) {
                mode = Mode::Escape; // a broken sequence, then a new one
            } else if (b == 0x18 || b == 0x1a) {
                mode = Mode::Ground; // CAN, SUB cancel
            } else if (b < 0x20) {
                ground(b); // controls act inside a CSI in a terminal; shown here
            } else {
                mode = Mode::Ground; // bytes no sequence holds: the sequence is void
            }
            return;
        case Mode::Osc:
        case Mode::String:
            if (b == 0x1b)
                mode = Mode::StringEscape;
            else if (b == 0x07 && mode == Mode::Osc)
                mode = Mode::Ground;
            else if (b == 0x18 || b == 0x1a)
                mode = Mode::Ground;
            return; // everything inside is dropped (titles, clipboard writes, links' targets)
        case Mode::StringEscape:
            if (b == '\\')
                mode = Mode::Ground;
            else if (b == 0x1b)
                mode = Mode::StringEscape;
            else
                mode = oscMode ? Mode::Osc : Mode::String;
            return;
        }
        ground(b);
    }

    void ground(uchar b)
    {
        if (utf8Need > 0) {
            if ((b & 0xc0) == 0x80) {
                utf8.append(char(b));
                if (--utf8Need == 0)
                    finishUtf8();
                return;
            }
            flushUtf8Invalid(); // the character was cut short; this byte starts anew
        }
        if (b == 0x1b) {
            mode = Mode::Escape;
            afterCr = false;
            return;
        }
        if (b == '\n') {
            if (!afterCr)
                put(u'\n');
            afterCr = false;
            return;
        }
        afterCr = false;
        if (b == '\r') {
            put(u'\n');
            afterCr = true;
            return;
        }
        if (b < 0x80) {
            put(QChar(char16_t(b))); // other controls are made visible when the run is shown
            return;
        }
        if (b >= 0xc2 && b <= 0xdf)
            utf8Need = 1;
        else if (b >= 0xe0 && b <= 0xef)
            utf8Need = 2;
        else if (b >= 0xf0 && b <= 0xf4)
            utf8Need = 3;
        else {
            put(QChar(QChar::ReplacementCharacter));
            return;
        }
        utf8 = QByteArray(1, char(b));
    }

    void finishUtf8()
    {
        const auto u = [this](int i) { return char32_t(uchar(utf8[i])); };
        char32_t cp = 0;
        if (utf8.size() == 2)
            cp = ((u(0) & 0x1f) << 6) | (u(1) & 0x3f);
        else if (utf8.size() == 3)
            cp = ((u(0) & 0x0f) << 12) | ((u(1) & 0x3f) << 6) | (u(2) & 0x3f);
        else
            cp = ((u(0) & 0x07) << 18) | ((u(1) & 0x3f) << 12) | ((u(2) & 0x3f) << 6) |
                 (u(3) & 0x3f);
        const bool overlong =
            (utf8.size() == 3 && cp < 0x800) || (utf8.size() == 4 && cp < 0x10000);
        const bool surrogate = cp >= 0xd800 && cp <= 0xdfff;
        utf8.clear();
        if (overlong || surrogate || cp > 0x10ffff)
            put(QChar(QChar::ReplacementCharacter));
        else
            emitCodePoint(cp);
    }

    // At the end of the whole output: a character cut short is U+FFFD, an escape cut short is
    // dropped.
    void finish()
    {
        flushUtf8Invalid();
        mode = Mode::Ground;
    }

    QString takePlain()
    {
        QString out;
        for (const Run& r : std::as_const(runs))
            out += r.text;
        runs.clear();
        return visibleControls(out, true);
    }

    QString takeAnsi()
    {
        QString out;
        bool styled = false;
        for (const Run& r : std::as_const(runs)) {
            if (!r.style.isDefault()) {
                out += r.style.sgr();
                styled = true;
            } else if (styled) {
                out += QStringLiteral("\x1b[0m");
                styled = false;
            }
            out += visibleControls(r.text, true);
        }
        if (styled)
            out += QStringLiteral("\x1b[0m");
        runs.clear();
        return out;
    }

    QString takeHtml()
    {
        QString out;
        for (const Run& r : std::as_const(runs)) {
            const QString text = visibleControls(r.text, true).toHtmlEscaped();
            if (r.style.isDefault())
                out += text;
            else
                out += QStringLiteral("<span style=\"%1\">%2</span>").arg(r.style.css(), text);
        }
        runs.clear();
        return out;
    }
};

TerminalStream::TerminalStream() : d(std::make_unique<State>()) {}
TerminalStream::~TerminalStream() = default;
TerminalStream::TerminalStream(TerminalStream&&) noexcept = default;
TerminalStream& TerminalStream::operator=(TerminalStream&&) noexcept = default;

QString TerminalStream::plainChunk(const QByteArray& chunk)
{
    d->feed(chunk);
    return d->takePlain();
}

QString TerminalStream::htmlChunk(const QByteArray& chunk)
{
    d->feed(chunk);
    return d->takeHtml();
}

QString TerminalStream::ansiChunk(const QByteArray& chunk)
{
    d->feed(chunk);
    return d->takeAnsi();
}

QString terminalPlainText(const QByteArray& output)
{
    TerminalStream::State s;
    s.feed(output);
    s.finish();
    return s.takePlain();
}

QString terminalHtml(const QByteArray& output)
{
    TerminalStream::State s;
    s.feed(output);
    s.finish();
    return s.takeHtml();
}

} // namespace golive
