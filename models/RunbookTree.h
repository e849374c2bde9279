// Where each group of a section stands in the tree that RunbookGroup::depth and ::continuation
// describe: one reading for the checklist, the reports and anything else that shows groups.
#pragma once

#include "Runbook.h"

#include <QList>
#include <QStringList>

namespace golive {

// Indexes into a section's groups; -1 stands for the section itself.
struct GroupPlace
{
    // The group whose row holds this group's items: itself when it has a row of its own (a
    // title, not a continuation); the group it resumes for a continuation; for an untitled
    // group, the row it sits in.
    int row = -1;
    // For a group with a row of its own, the row that holds that row; else the same as `row`.
    int parent = -1;
};

// One place per group of `section`, in its order; one pass over the groups.
QList<GroupPlace> groupPlaces(const RunbookSection& section);

// For tests: the groups looked at by every groupPlaces() call so far in this process (a call
// over n groups looks at fewer than 3n), so a test can tell a single pass from a rescan.
qint64 groupPlacesSteps();

// The titles from the outermost group down to the row that holds group `group`'s items
// ("Phase A", "Stage 1"); empty when its items sit directly under the section.
QStringList groupPath(const RunbookSection& section, const QList<GroupPlace>& places, int group);

} // namespace golive
