// The pair of streams a command writes to: results on `out` (scripts keep them), everything
// addressed to the person on `err`.
#pragma once

#include <QTextStream>

namespace golive::cli {

struct Console
{
    QTextStream& out;
    QTextStream& err;
};

} // namespace golive::cli
