// Where nested groups stand (groupPlaces) on a runbook far wider than any a team writes: the
// one-pass reading agrees with the rescanning one and takes a bounded number of steps, and the
// checklist model finds what a group row shows once per setRun.
#include "ChecklistModel.h"
#include "RunState.h"
#include "RunbookBuilders.h"
#include "RunbookTree.h"

#include <QTest>

using namespace golive;
using golive::test::makeGroup;
using golive::test::makeItem;

namespace {

RunbookSection makeSection(const QString& number, const QString& title, QList<RunbookGroup> groups)
{
    RunbookSection section;
    section.number = number;
    section.title = title;
    section.groups = std::move(groups);
    return section;
}

// The reading of depth and continuation as the comment on RunbookGroup words it, looking back
// through every earlier group: the reference the one-pass groupPlaces() must agree with.
QList<GroupPlace> naivePlaces(const QList<RunbookGroup>& groups)
{
    QList<GroupPlace> places(groups.size());
    for (int g = 0; g < groups.size(); ++g) {
        GroupPlace& place = places[g];
        if (groups[g].continuation) {
            for (int j = g - 1; j >= 0; --j) {
                if (groups[j].depth == groups[g].depth && !groups[j].continuation) {
                    place.row = places[j].row;
                    break;
                }
            }
            place.parent = place.row;
            continue;
        }
        for (int j = g - 1; j >= 0; --j) {
            if (groups[j].depth < groups[g].depth) {
                place.parent = places[j].row;
                break;
            }
        }
        place.row = groups[g].title.isEmpty() ? place.parent : g;
    }
    return places;
}

} // namespace

class TstRunbookTree : public QObject
{
    Q_OBJECT

private slots:
    void wideNestingTakesOnePass();
};

void TstRunbookTree::wideNestingTakesOnePass()
{
    // A phase holding 5,000 nested bullets, each followed by items that resume the phase: every
    // continuation's group is 2 positions back, but a rescan from each group would look at
    // tens of millions. Depths also jump and fall back to cover every branch.
    constexpr int kGroups = 5000;
    QList<RunbookGroup> groups{
        makeGroup({}, 0, {makeItem(QStringLiteral("0"), QStringLiteral("First"))}),
        makeGroup(QStringLiteral("Phase"), 0,
                  {makeItem(QStringLiteral("1"), QStringLiteral("A"))})};
    for (int g = 0; g < kGroups; ++g) {
        const QString id = QString::number(g + 2);
        const int depth = g % 7 == 3 ? 3 : 1;
        groups << makeGroup(QStringLiteral("g%1").arg(g), depth,
                            {makeItem(id + QStringLiteral(".a"), QStringLiteral("x"))});
        groups << makeGroup({}, g % 11 == 5 ? depth : 0,
                            {makeItem(id + QStringLiteral(".b"), QStringLiteral("y"))}, true);
        if (g % 13 == 0)
            groups << makeGroup({}, 2, {makeItem(id + QStringLiteral(".c"), QStringLiteral("z"))});
    }
    Runbook rb;
    rb.sections.append(makeSection(QStringLiteral("1"), QStringLiteral("Wide"), groups));
    const RunbookSection& sec = rb.sections[0];

    const qint64 before = groupPlacesSteps();
    const QList<GroupPlace> places = groupPlaces(sec);
    const qint64 steps = groupPlacesSteps() - before;
    QVERIFY2(steps < 3 * sec.groups.size(), qPrintable(QString::number(steps)));
    const QList<GroupPlace> reference = naivePlaces(sec.groups);
    for (int g = 0; g < places.size(); ++g) {
        QVERIFY2(places[g].row == reference[g].row && places[g].parent == reference[g].parent,
                 qPrintable(QString::number(g)));
    }

    // The model finds what a click on a group row shows once, when it is built, not per click.
    RunState state(&rb);
    ChecklistModel m;
    m.setRun(&rb, &state);
    const QModelIndex phase = m.index(1, 0, m.sectionIndex(0));
    QCOMPARE(m.data(phase).toString(), QStringLiteral("Phase"));
    const qint64 built = groupPlacesSteps();
    const QList<const RunbookGroup*> parts = m.groupParts(phase);
    QCOMPARE(groupPlacesSteps(), built);
    QList<const RunbookGroup*> expected;
    for (int g = 0; g < reference.size(); ++g) {
        if (reference[g].row == 1)
            expected << &sec.groups[g];
    }
    QVERIFY(expected.size() > kGroups / 2);
    QCOMPARE(parts, expected);
}

QTEST_GUILESS_MAIN(TstRunbookTree)
#include "tst_runbooktree.moc"
