// YAML front matter at the top of a runbook ("---" ... "---"): found, read as text, blanked out.
#pragma once

#include "Runbook.h"

#include <QByteArray>
#include <QList>

namespace golive::runbook {

struct FrontMatter
{
    // Byte offset just past the closing "---" or "..." line (its line end included); -1 when
    // the runbook has no front matter.
    qsizetype end = -1;
    QList<RunbookMetadata> entries;

    bool found() const { return end >= 0; }
};

// Front matter as GitHub strips it: "---" on the first line (after an optional byte order mark)
// up to the next "---" or "..." line, even when text follows that line directly. Only text that
// reads as YAML metadata counts (at least one "key:" line; otherwise only keys, "- " list
// entries, indented continuations and "#" comments), so a runbook that merely opens with a
// thematic break and has another one further down is not swallowed. Reads no further than the
// closing line: a runbook without front matter costs one look at its first line.
// Entries are the top-level "key: value" lines, quotes stripped; a list ("[a, b]" or "- x"
// lines) or a block of indented lines is joined into one text.
FrontMatter readFrontMatter(const QByteArray& utf8);

// `utf8` with the front matter replaced by as many empty lines, so cmark-gfm reads the rest
// with every line number (and column) where it was.
QByteArray withoutFrontMatter(const QByteArray& utf8, const FrontMatter& frontMatter);

} // namespace golive::runbook
