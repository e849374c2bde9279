// The outline of a runbook's tabs and groups as an author checks it before a go-live (`golive
// lint` prints it and its --json carries it): what each group row is, how many items it holds,
// which rows no one signs and which groups are only reading material.
#pragma once

#include "Runbook.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace golive {

struct GroupOutline
{
    // What the group's row stands for in the runbook's text.
    enum class Kind
    {
        Untitled,     // the items of a tab before any subheading: no row of its own
        Continuation, // items resuming a group after a nested group ended: no row of its own
        Heading,      // a "###" or deeper heading
        Bullet,       // a plain bullet that holds checkboxes
        BoldLine,     // a bold line ("**Onboarding:**") that holds checkboxes
    };

    const RunbookGroup* group = nullptr;
    Kind kind = Kind::Untitled;
    int itemCount = 0;   // checkable items in it, in its continuations and in nested groups
    QStringList itemIds; // ids of the items directly in it (not of their sub-items)
    bool readingMaterial = false; // a row or notes with no item in it or below it

    // A bullet or bold line with checkboxes below it: a row with progress that no one signs.
    bool nonCheckableParent() const
    {
        return (kind == Kind::Bullet || kind == Kind::BoldLine) && itemCount > 0;
    }
    bool hasRow() const { return kind != Kind::Untitled && kind != Kind::Continuation; }
};

// The runbook's text by line number: where each line starts, found in one pass, so reading the
// line of every group costs no rescan from the top of the file.
class SourceLines
{
public:
    SourceLines() = default;
    explicit SourceLines(const QByteArray& source);
    // Line `line` (1-based) without its line break; empty when there is none.
    QByteArray line(int line) const;

private:
    QByteArray m_source;
    QList<qsizetype> m_starts;
};

// The section's groups in document order, each with what it is and what it holds. `source` is
// the runbook's text: a group row's kind is read from how its line begins ("#", a bullet
// marker, "**"); without it (or when the line is not the group's) a titled row is a Heading.
QList<GroupOutline> outlineOf(const RunbookSection& section, const SourceLines& source = {});

// For tests: the lines and groups stepped over by SourceLines and outlineOf() so far in this
// process, so a test can tell one pass from a rescan per group without timing anything.
qint64 outlineSteps();

QString groupKindName(GroupOutline::Kind kind);

// The outline as `golive lint` prints it: the title, then each tab ("  1. Title (N items)")
// and its group rows indented two spaces per depth, a bullet or bold line marked as not
// checkable, a group with no item as reading material. Every text is terminal-safe: one line
// each, controls shown as escapes.
QString outlineText(const Runbook& runbook, const QByteArray& source = {});

// Checkable items in `item` and below it.
int checkableItems(const RunbookItem& item);

} // namespace golive
