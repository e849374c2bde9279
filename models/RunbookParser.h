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

// What it reads (besides the seed's shape), with the current rules (RunbookParser::CurrentRules):
// - YAML front matter ("---" on line 1 up to the next "---" or "..." line) is not Markdown, as on
//   GitHub: it fills Runbook::metadata ("key: value" lines, lists joined) and nothing else.
// - Tabs are the headings of the shallowest level that holds checklist items. The first "#" is
//   the title when deeper headings hold items (the seed: "# Title", "##" tabs); when only "#"
//   headings hold items, they are the tabs. Items before the first tab heading (a runbook with
//   no headings, an issue template) make a first tab named after the runbook (or "Checklist").
// - "N. Title" / "N) Title" tab headings keep N; others are numbered by position among the tabs
//   kept. A number used twice takes the next free one (a warning), so ids stay unique.
// - A section with no checklist item is no tab: it is folded into the tab before it (or, before
//   the first tab, into the first tab with items, ahead of them) as a group with notes only.
// - Headings one level below the tabs start groups; deeper ones nested groups (RunbookGroup::
//   depth). A plain bullet holding checkboxes, or a line that is only "**Bold:**" before a list
//   holding checkboxes, is a group one deeper than the one it stands in; what follows it in that
//   group is a continuation group. Inside a checklist item, bullets stay its details.
// - Title: the "#" title, else front matter's title: or name:, else the first heading, else the
//   file name without ".md", else "Checklist". Only a runbook with nothing to check off (no
//   item), a binary or oversized file, or bad annotations are errors.
// With the legacy rules (LegacyRules), "##" headings are the only tabs ("###" groups, "####"
// and deeper bold notes, items before the first "##" an error), front matter is read as
// Markdown, and sections with no item stay tabs.
// Under both:
// - Item ids: section number, then the position among checkable siblings (counted across the
//   section's groups), then the children's positions: "4.6.1". Task items under a plain bullet
//   or a procedure step count as siblings at that bullet's level (a bullet group does not
//   change them), so no checkbox is lost.
// - "- [ ] ", "* [ ]", "+ [x]", "1. [ ]", "1) [X]": what GitHub renders as a checkbox (a bare
//   "- [ ]" with nothing after it was one under the legacy rules only). A leading "**Title:**"
//   is the title and the rest of the line its first detail; an empty title is a warning and
//   the item is named after the first line under it. Trailing "| **Owner:** X | **Due:** D"
//   cells (bold or not) fill owner/due. "<!-- golive: requires=ROLE -->" on the item line (or
//   on its own line inside the item) sets requiredRole; a role no one can hold (unknown, or
//   observer) is a warning and the release captain signs the item. Under the current rules
//   "requires=previous-complete", "requires=health-green" and "requires=slo-ok" name checks
//   golive verifies itself before the item is signed (requiredChecks) instead of a role; a
//   role and checks may stand together ("requires=incident-commander,health-green").
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
