// A command's output as people see it: never raw escapes. SGR colours are rendered (HTML for the
// window's output pane) or dropped (plain text for the PDF, the details preview, a terminal
// that is not one); every other escape sequence and control character is removed or made
// visible; bytes that are not UTF-8 become U+FFFD.
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace golive {

// Plain text: escape sequences removed, other controls except '\n' and '\t' made visible
// (displaySafeLines), invalid UTF-8 as U+FFFD, "\r\n" as "\n", a lone '\r' as a line break.
QString terminalPlainText(const QByteArray& output);
// HTML for a rich-text pane: terminalPlainText's text, HTML-escaped, with SGR foreground and
// background colours (the 8 + 8 bright, 256-colour and true-colour forms), bold, underline as
// <span style>; every span closed at the end.
QString terminalHtml(const QByteArray& output);

// Feeds a stream chunk by chunk: an escape sequence or UTF-8 character split between chunks is
// kept until it is whole (at most 64 bytes held back; a longer sequence, such as an OSC 52
// clipboard write, is still dropped to its end, however many chunks it spans). The SGR style in
// force carries over from chunk to chunk. Use one of plainChunk/htmlChunk per stream.
class TerminalStream
{
public:
    TerminalStream();
    ~TerminalStream();
    TerminalStream(TerminalStream&&) noexcept;
    TerminalStream& operator=(TerminalStream&&) noexcept;

    QString plainChunk(const QByteArray& chunk); // as terminalPlainText
    QString htmlChunk(const QByteArray& chunk);  // as terminalHtml (spans closed per chunk)
    // For a terminal that is one: plainChunk's text with the SGR colours, bold and underline
    // written again as SGR sequences golive makes itself (the only escapes in it), the style
    // reset at the end of the chunk.
    QString ansiChunk(const QByteArray& chunk);

    struct State;

private:
    std::unique_ptr<State> d;
};

} // namespace golive
