// A secret read from standard input: the first line, typed without echo on a terminal.
#pragma once

#include "Console.h"

#include <QString>

namespace golive::cli {

// The first line of standard input, trimmed; on a terminal, `prompt` is shown on c.err and
// the typing is not echoed. Empty when there is none. *fromTerminal: whether stdin is one.
QString readSecretLine(Console& c, const QString& prompt, bool* fromTerminal = nullptr);
// Whether standard input is a terminal (nothing piped in).
bool stdinIsTerminal();

} // namespace golive::cli
