// Where each group of a section stands in the tree that depth and continuation describe.
#include "RunbookTree.h"

#include <QHash>

#include <atomic>
#include <vector>

namespace golive {

namespace {

std::atomic<qint64> s_steps{0};

} // namespace

qint64 groupPlacesSteps()
{
    return s_steps.load(std::memory_order_relaxed);
}

QList<GroupPlace> groupPlaces(const RunbookSection& section)
{
    // One pass. `open` holds the groups that may still be the nearest one with a smaller depth
    // for a later group: each has a smaller depth than the one above it, and a group pops those
    // at its depth or deeper before it goes on top (each group is pushed and popped at most
    // once). `resumable` is, per depth, the last group at that depth that is not a continuation.
    const QList<RunbookGroup>& groups = section.groups;
    QList<GroupPlace> places(groups.size());
    std::vector<int> open;
    QHash<int, int> resumable;
    qint64 steps = 0;
    for (int g = 0; g < groups.size(); ++g) {
        const RunbookGroup& group = groups[g];
        GroupPlace& place = places[g];
        while (!open.empty() && groups[open.back()].depth >= group.depth) {
            open.pop_back();
            ++steps;
        }
        ++steps;
        if (group.continuation) {
            // Resumes the nearest group before it at its depth that is not a continuation.
            const int j = resumable.value(group.depth, -1);
            place.row = j < 0 ? -1 : places[j].row;
            place.parent = place.row;
        } else {
            place.parent = open.empty() ? -1 : places[open.back()].row;
            // An untitled group (what stands before any subheading) has no row: its items sit
            // directly in the row that holds it.
            place.row = group.title.isEmpty() ? place.parent : g;
            resumable.insert(group.depth, g);
        }
        open.push_back(g);
    }
    s_steps.fetch_add(steps, std::memory_order_relaxed);
    return places;
}

QStringList groupPath(const RunbookSection& section, const QList<GroupPlace>& places, int group)
{
    QStringList path;
    if (group < 0 || group >= places.size())
        return path;
    // Each step goes to a group before the current one, so the walk ends.
    for (int r = places[group].row; r >= 0; r = places[r].parent)
        path.prepend(section.groups[r].title);
    return path;
}

} // namespace golive
