// Bounds on the work cmark-gfm may do for one runbook: markup characters and table sizes.
#pragma once

#include "RunbookParser.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace golive::runbook {

// cmark-gfm makes a node for nearly every line and every markup character ('[' of an unmatched
// bracket, each '>' of a nested quote, each '*' of a broken emphasis), a few hundred bytes
// each: a file of 8 MB of brackets took 1.9 GB. 'w' is markup too: the autolink extension
// looks for "www." at each one, and a run of them became a node per letter (8 MB: 1.5 GB). Counting
// those bytes bounds its memory and time whatever their arrangement. A long real runbook has a few
// thousand. '|' is left out: outside a table it is plain text, and tables are bounded on their own
// (boundTables).
constexpr qsizetype MaxMarkup = 400'000;

// Lines and markup characters of `data`, to compare with MaxMarkup.
qsizetype markupCount(const QByteArray& data);

// Turns every table past the table bounds (see WorkBounds.cpp) into plain text by blanking the
// dashes of its delimiter row (same length, so every line and column stays where it was), with
// a warning naming the table. A table runs from its delimiter row to the next blank line; its
// header is counted from the start of the paragraph above, since cmark-gfm parses all of that
// as a row. Returns the data to hand to cmark-gfm: `utf8` itself unless a table was changed.
QByteArray boundTables(const QByteArray& utf8, const QString& fileName,
                       QList<Diagnostic>& diagnostics);

} // namespace golive::runbook
