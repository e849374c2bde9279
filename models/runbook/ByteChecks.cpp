// Checks of a runbook's raw bytes before cmark-gfm sees them: NUL, invalid UTF-8, blank input.
#include "runbook/ByteChecks.h"

namespace golive::runbook {

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

} // namespace golive::runbook
