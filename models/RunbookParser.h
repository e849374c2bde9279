// Reads a Markdown go-live runbook (cmark-gfm with its tasklist extension) into a Runbook.
#pragma once

#include "Runbook.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace golive {

struct Diagnostic
{
    enum class Severity
    {
        Error,
        Warning
    };
    Severity severity = Severity::Error;
    QString file;
    SourcePos pos;
    QString message;

    // "FILE:LINE:COL: error: message", the form compilers use, so editors can jump to it.
    QString toString() const;
};

struct RunbookParseResult
{
    Runbook runbook;
    QList<Diagnostic> diagnostics;
    bool ok() const; // no diagnostic of severity Error
};

// What it reads (besides the seed's shape):
// - "## N. Title" / "## N) Title" sections keep N; other "##" headings are numbered by position.
//   "###" starts a group; "####" and deeper are shown as bold notes.
// - Item ids: section number, then the position among checkable siblings (counted across the
//   section's groups), then the children's positions: "4.6.1". Task items under a plain bullet
//   or a procedure step count as siblings at that bullet's level, so no checkbox is lost.
// - "- [ ] ", "* [ ]", "+ [x]", "1. [ ]", "1) [X]": what GitHub renders as a checkbox (a bare
//   "- [ ]" with nothing after it was one under the legacy rules only). A leading "**Title:**"
//   is the title and the rest of the line its first detail; an empty title is a warning and
//   the item is named after the first line under it. Trailing "| **Owner:** X | **Due:** D"
//   cells (bold or not) fill owner/due. "<!-- golive: requires=ROLE -->" on the item line (or
//   on its own line inside the item) sets requiredRole; a role no one can hold (unknown, or
//   observer) is a warning and the release captain signs the item.
// - A placeholder ("[Owner Name]", "vX.Y.Z", and under the current rules "{name}") is a
//   release field to fill in only where a line is a field: in the header block before the
//   first "##", after a bold "**Label:**" on its line, or anywhere in an item marked
//   "<!-- golive: field -->" (its line and details, not its sub-items). Elsewhere it is shown
//   as the words it is. Under the current rules code and raw HTML never hold one (but a
//   one-word version value after a bold label does: "**Branch:** `release/vX.Y.Z`"), and a
//   plain "Label:" right before a placeholder names it ("Primary: [Name]", "Backup: [Name]").
// - Links stay links only for http, https and mailto targets.
// - A numbered list without checkboxes is a procedure, titled by the paragraph or bullet ending
//   in ':' just before it ("**Rollback Plan:**").
// Columns in diagnostics count bytes, like cmark-gfm's. File-level problems point at 1:1.
class RunbookParser
{
public:
    // Largest runbook golive reads; larger files are refused before parsing.
    static constexpr qint64 MaxBytes = 8 * 1024 * 1024;

    // Reading rules, by version. A run records the version it was made with and is always read
    // with it again, so a run's item ids and field keys never change under it.
    // 1: "##" sections only, YAML front matter read as Markdown, placeholders also inside code
    //    spans, sections with no item kept as tabs (runs made before the rules were versioned).
    // 2: the rules of GitHub-style team runbooks (front matter stripped, the top heading level
    //    that holds items makes the tabs, nested groups, empty sections folded, no fields from
    //    code).
    static constexpr int LegacyRules = 1;
    static constexpr int CurrentRules = 2;

    // `fileName` is used in diagnostics only.
    static RunbookParseResult parse(const QByteArray& utf8, const QString& fileName,
                                    int rules = CurrentRules);
    static RunbookParseResult parseFile(const QString& path, int rules = CurrentRules);

    // Roles a "<!-- golive: requires=ROLE -->" annotation may name.
    static QStringList knownRoles();
};

} // namespace golive
