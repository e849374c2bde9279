// Where each group of a section stands in the tree that depth and continuation describe.
#include "RunbookTree.h"

namespace golive {

QList<GroupPlace> groupPlaces(const RunbookSection& section)
{
    const QList<RunbookGroup>& groups = section.groups;
    QList<GroupPlace> places(groups.size());
    for (int g = 0; g < groups.size(); ++g) {
        const RunbookGroup& group = groups[g];
        GroupPlace& place = places[g];
        if (group.continuation) {
            // Resumes the nearest group before it at its depth that is not a continuation.
            for (int j = g - 1; j >= 0; --j) {
                if (groups[j].depth == group.depth && !groups[j].continuation) {
                    place.row = places[j].row;
                    break;
                }
            }
            place.parent = place.row;
            continue;
        }
        for (int j = g - 1; j >= 0; --j) { // the nearest group before it with a smaller depth
            if (groups[j].depth < group.depth) {
                place.parent = places[j].row;
                break;
            }
        }
        // An untitled group (what stands before any subheading) has no row: its items sit
        // directly in the row that holds it.
        place.row = group.title.isEmpty() ? place.parent : g;
    }
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
