// Text from a runbook, a run, Prometheus or a person is data, never markup or terminal control.
// One rule for what may be recorded (the window, the command line and the ledger all ask
// textRefusal() through RunState::validate), and one escaper for each place text is shown.
#pragma once

#include <QString>
#include <QUrl>

namespace golive {

// C0 controls (ESC, CR, NUL, ...), DEL, C1 controls, and U+2028/U+2029 (which some viewers
// take as line breaks). Bidi controls are counted separately (isBidiControl).
bool isControlCharacter(char32_t c);
// U+202A..U+202E (embeddings and overrides), U+2066..U+2069 (isolates), U+200E/U+200F (marks)
// and U+061C (Arabic letter mark): they reorder how the text around them reads.
bool isBidiControl(char32_t c);

// Whether `text` holds a control character; with `allowLineBreaks`, '\n' and '\t' do not count
// (multi-line notes and reasons keep them).
bool hasControlCharacters(const QString& text, bool allowLineBreaks = false);
bool hasBidiControls(const QString& text);

// The shared input rule. Empty when `text` may be recorded as `what` ("the name", "the note");
// otherwise why not, naming the character and where it is, in words a person can act on.
// One-line text (names, roles, field values): no control characters and no bidi controls.
// Multi-line text (notes, reasons): line breaks and tabs are kept, other controls refused;
// bidi controls are refused too, so no recorded text can make another read differently.
enum class TextShape
{
    OneLine,
    MultiLine
};
QString textRefusal(const QString& what, const QString& text, TextShape shape);

// Every control and bidi control made visible, the way the terminal shows them: "\n", "\r",
// "\t", "\x1b" (other C0 controls) and "\u007f", "\u0085", "\u202e" (DEL, C1 controls, bidi
// controls, line separators), the form JSON uses too, so a --json line passing the terminal
// backstop reads the same. With `keepLineBreaks`, '\n' and '\t' stay.
QString visibleControls(const QString& text, bool keepLineBreaks = false);

// One line for a terminal: visibleControls(text).
QString terminalSafe(const QString& text);
// Multi-line text for a terminal: line breaks kept, each following line starts with `indent`
// (so a note can never begin a line of its own that looks like golive's output).
QString terminalSafeLines(const QString& text, const QString& indent);

// Wraps `text` in U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE when it holds
// right-to-left characters, so it cannot reorder the text around it; unchanged otherwise.
QString isolated(const QString& text);

// One line for a window label, a table or a PDF cell: isolated(visibleControls(text)).
QString displaySafe(const QString& text);
// Multi-line: line breaks and tabs kept, every other control and bidi control made visible.
QString displaySafeLines(const QString& text);

// For rich text (QTextDocument, rich labels): displaySafeLines() HTML-escaped, line breaks as
// <br>.
QString htmlSafe(const QString& text);

// For Markdown (a table cell, a list item, a heading): controls made visible, Markdown
// metacharacters backslash-escaped (\ ` * _ [ ] < > | # ! ~ &), line breaks as <br>.
QString markdownEscaped(const QString& text);

// A message from elsewhere (a Prometheus error text) for one line of display: controls made
// visible, at most `maxChars` characters, cut with "…".
QString cappedMessage(const QString& text, qsizetype maxChars = 300);

// Only http, https and mailto links are followed; everything else (file:, javascript:, data:,
// relative paths) is shown as text.
bool isFollowableLink(const QUrl& url);

// Rich text made by the runbook parser with every <a href="..."> whose address is not
// followable turned into plain text followed by the address in parentheses.
QString withoutUnsafeLinks(const QString& html);

} // namespace golive
