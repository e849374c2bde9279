// Checks of a runbook's raw bytes before cmark-gfm sees them: NUL, invalid UTF-8, blank input.
#pragma once

#include "Runbook.h"

#include <QByteArray>

namespace golive::runbook {

struct ByteProblem
{
    qsizetype offset = -1;
    bool nul = false;
};

// One pass over the bytes: the first NUL or the first byte that starts an invalid UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF included).
ByteProblem firstBadByte(const QByteArray& data);

// Line and byte column of `offset`, counting LF, CRLF and lone CR as line ends like cmark does.
SourcePos positionOf(const QByteArray& data, qsizetype offset);

// Nothing but whitespace (after an optional UTF-8 byte order mark).
bool isBlank(const QByteArray& data);

} // namespace golive::runbook
