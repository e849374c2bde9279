// Tests for ChecklistModel: tree shape, what each column shows, and how events update it.
#include "ChecklistModel.h"
#include "RunState.h"
#include "RunbookParser.h"
#include "RunbookTree.h"
#include "SubItems.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <cstring>
#include <memory>
#include <utility>
#include <vector>

using namespace golive;

namespace {

RunbookItem makeItem(const QString& id, const QString& title, QList<RunbookItem> children = {})
{
    RunbookItem item;
    item.id = id;
    item.title = title;
    item.titleHtml = title.toHtmlEscaped();
    item.children = std::move(children);
    return item;
}

RunbookGroup makeGroup(const QString& title, QList<RunbookItem> items)
{
    RunbookGroup group;
    group.title = title;
    group.items = std::move(items);
    return group;
}

RunbookSection makeSection(const QString& number, const QString& title, QList<RunbookGroup> groups)
{
    RunbookSection section;
    section.number = number;
    section.title = title;
    section.groups = std::move(groups);
    return section;
}

// A small runbook with every shape the model must handle: an untitled first group, titled
// groups (one without items), nested items, identical titles, a placeholder in a title, an
// item checked in the template and one that needs a role.
Runbook handRunbook()
{
    Runbook rb;
    rb.title = QStringLiteral("Hand Runbook");
    RunbookField owner;
    owner.key = QStringLiteral("owner");
    owner.label = QStringLiteral("Owner");
    owner.templateValue = QStringLiteral("[Release Captain Name]");
    owner.isPlaceholder = true;
    rb.fields.append(owner);

    RunbookItem window = makeItem(QStringLiteral("0.1"), QStringLiteral("Go-Live Window Defined"));
    window.owner = QStringLiteral("Ana");
    window.due = QStringLiteral("2026-05-01");
    window.requiredRole = QStringLiteral("incident-commander");
    window.details.append(
        RunbookText{QStringLiteral("<b>Start:</b> 10:00"), QStringLiteral("Start: 10:00"), {}});
    RunbookItem confirm =
        makeItem(QStringLiteral("0.2"),
                 QStringLiteral("Confirm owner ") + placeholderToken(QStringLiteral("owner")));
    rb.sections.append(makeSection(QStringLiteral("0"), QStringLiteral("Decision & Scope Lock"),
                                   {makeGroup({}, {window, confirm})}));

    RunbookItem stores =
        makeItem(QStringLiteral("1.1"), QStringLiteral("Data Stores Ready"),
                 {makeItem(QStringLiteral("1.1.1"), QStringLiteral("PostgreSQL (`postgres`)"),
                           {makeItem(QStringLiteral("1.1.1.1"), QStringLiteral("Backup complete")),
                            makeItem(QStringLiteral("1.1.1.2"), QStringLiteral("Restore drill"))}),
                  makeItem(QStringLiteral("1.1.2"), QStringLiteral("Neo4j")),
                  makeItem(QStringLiteral("1.1.3"), QStringLiteral("Redis"))});
    RunbookItem templ = makeItem(QStringLiteral("1.4"), QStringLiteral("Already done"));
    templ.checkedInTemplate = true;
    rb.sections.append(makeSection(
        QStringLiteral("1"), QStringLiteral("Production Readiness"),
        {makeGroup({}, {stores, makeItem(QStringLiteral("1.2"), QStringLiteral("Same title")),
                        makeItem(QStringLiteral("1.3"), QStringLiteral("Same title")), templ})}));

    RunbookGroup empty = makeGroup({}, {});
    empty.notes.append(RunbookText{QStringLiteral("Channel"), QStringLiteral("Channel"), {}});
    RunbookGroup rollback = makeGroup(QStringLiteral("Abort/Rollback Criteria"), {});
    RunbookProcedure plan;
    plan.title = QStringLiteral("Rollback Plan");
    rollback.procedures.append(plan);
    rb.sections.append(makeSection(
        QStringLiteral("2"), QStringLiteral("Cutover"),
        {empty,
         makeGroup(QStringLiteral("Pre-Checks"),
                   {makeItem(QStringLiteral("2.1"), QStringLiteral("Personnel present")),
                    makeItem(QStringLiteral("2.2"), QStringLiteral("Go decision"))}),
         makeGroup(QStringLiteral("Cutover Sequence"),
                   {makeItem(QStringLiteral("2.3"), QStringLiteral("Deploy migrations"),
                             {makeItem(QStringLiteral("2.3.1"), QStringLiteral("postgres")),
                              makeItem(QStringLiteral("2.3.2"), QStringLiteral("neo4j"))})}),
         rollback}));
    return rb;
}

RunbookGroup nestedGroup(const QString& title, int depth, QList<RunbookItem> items,
                         bool continuation = false)
{
    RunbookGroup group = makeGroup(title, std::move(items));
    group.depth = depth;
    group.continuation = continuation;
    return group;
}

// A section shaped like a team's runbook: "####" stages inside a "###" phase, a stage inside a
// stage, items that resume a group after its nested groups ended, a "###" with notes only, and
// a plain bullet that holds checkboxes. Groups are flat; depth and continuation give the tree.
Runbook nestedRunbook()
{
    Runbook rb;
    rb.title = QStringLiteral("Nested");
    RunbookGroup background = nestedGroup(QStringLiteral("Background"), 0, {});
    background.notes.append(
        RunbookText{QStringLiteral("Read first"), QStringLiteral("Read first"), {}});
    rb.sections.append(makeSection(
        QStringLiteral("3"), QStringLiteral("Deploy"),
        {nestedGroup({}, 0, {makeItem(QStringLiteral("3.1"), QStringLiteral("Freeze"))}),
         nestedGroup(QStringLiteral("Phase A"), 0,
                     {makeItem(QStringLiteral("3.2"), QStringLiteral("Announce"))}),
         nestedGroup(QStringLiteral("Stage"), 1,
                     {makeItem(QStringLiteral("3.3"), QStringLiteral("Drain")),
                      makeItem(QStringLiteral("3.4"), QStringLiteral("Deploy"))}),
         nestedGroup(QStringLiteral("Sub-stage"), 2,
                     {makeItem(QStringLiteral("3.5"), QStringLiteral("Canary"))}),
         nestedGroup({}, 1, {makeItem(QStringLiteral("3.6"), QStringLiteral("Undrain"))}, true),
         nestedGroup({}, 0, {makeItem(QStringLiteral("3.7"), QStringLiteral("Verify"))}, true),
         background,
         nestedGroup(QStringLiteral("Phase B"), 0,
                     {makeItem(QStringLiteral("3.8"), QStringLiteral("Smoke"))}),
         nestedGroup(QStringLiteral("NoMock Run"), 1,
                     {makeItem(QStringLiteral("3.9"), QStringLiteral("Stage"))})}));
    return rb;
}

SignOffEvent makeEvent(EventKind kind, const QString& itemId, const QString& text = {},
                       const QString& who = QStringLiteral("Ana Lima"),
                       Role role = Role::IncidentCommander)
{
    static qint64 seq = 0;
    SignOffEvent e;
    e.seq = ++seq;
    e.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0, 7, 250), QTimeZone::utc());
    e.kind = kind;
    e.itemId = itemId;
    e.text = text;
    e.actor.name = who;
    e.actor.role = role;
    return e;
}

SignOffEvent fieldEvent(const QString& key, const QString& value)
{
    SignOffEvent e = makeEvent(EventKind::FieldFilled, {}, value);
    e.fieldKey = key;
    return e;
}

QString show(const QAbstractItemModel& m, const QModelIndex& idx, int column,
             int role = Qt::DisplayRole)
{
    return m.data(idx.siblingAtColumn(column), role).toString();
}

// The row an item shows, column by column, as a user reads it.
QStringList rowText(const ChecklistModel& m, const QString& id)
{
    const QModelIndex idx = m.indexForItem(id);
    QStringList out;
    for (int c = 0; c < ChecklistModel::ColumnCount; ++c)
        out << show(m, idx, c);
    return out;
}

bool spyHasRow(const QSignalSpy& spy, const QModelIndex& row)
{
    for (const QList<QVariant>& args : spy) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        if (tl.parent() == row.parent() && tl.row() <= row.row() && row.row() <= br.row() &&
            tl.column() == 0 && br.column() == ChecklistModel::ColumnCount - 1)
            return true;
    }
    return false;
}

} // namespace

class TestChecklistModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void sectionsAndTabTitles();
    void untitledGroupItemsSitUnderSection();
    void headersAndFlags();
    void roles();
    void toolTip();
    void signOffUpdatesRowAndProgress();
    void revokeReturnsToOpen();
    void blockedIsNotDone();
    void notesAreJoined();
    void fieldFillRendersPlaceholder();
    void identicalTitlesAreDistinctRows();
    void unknownItems();
    void stateWithEventsBeforeSetRun();
    void secondSetRun();
    void noStateShowsTemplate();

    void nestedGroupsFollowDepthAndContinuation();
    void itemlessGroupIsReading();

    void seedSectionsAndTabs();
    void seedCutoverGroups();
    void seedIndexForItemRoundTrip();
    void seedSignOffProgress();

    void largeRunbookIsFast();

private:
    // Validates like the app does, so a test cannot feed the model an event the app refuses.
    // A parent signed while its sub-items are open says why, naming them, as the rules ask.
    void apply(SignOffEvent e)
    {
        if (e.kind == EventKind::Signed && e.text.isEmpty()) {
            const RunbookItem* item = m_state->runbook()->findItem(e.itemId);
            if (const QStringList open = item ? openSubItems(*m_state, *item) : QStringList();
                !open.isEmpty())
                e.text = composeOverOpenSubItems(QStringLiteral("checked off-list"), open);
        }
        QString error;
        QVERIFY2(m_state->validate(e, &error), qPrintable(error));
        m_state->apply(e);
        m_model->eventApplied(e);
    }

    Runbook m_runbook;
    std::unique_ptr<RunState> m_state;
    std::unique_ptr<ChecklistModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestChecklistModel::init()
{
    m_runbook = handRunbook();
    m_state = std::make_unique<RunState>(&m_runbook);
    m_model = std::make_unique<ChecklistModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setRun(&m_runbook, m_state.get());
}

void TestChecklistModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_state.reset();
}

void TestChecklistModel::sectionsAndTabTitles()
{
    ChecklistModel& m = *m_model;
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.sectionCount(), 3);
    QCOMPARE(show(m, m.sectionIndex(0), ChecklistModel::ItemColumn),
             QStringLiteral("0. Decision & Scope Lock"));
    QCOMPARE(show(m, m.sectionIndex(0), ChecklistModel::StatusColumn), QStringLiteral("0/2"));
    QCOMPARE(m.sectionTabTitle(0), QStringLiteral("0. Decision & Scope Lock  0/2"));
    // The item checked in the template counts as done from the start.
    QCOMPARE(m.sectionTabTitle(1), QStringLiteral("1. Production Readiness  1/9"));
    QCOMPARE(m.sectionTabTitle(2), QStringLiteral("2. Cutover  0/5"));
    QCOMPARE(m.sectionTabTitle(3), QString());
    QCOMPARE(m.nodeKind(m.sectionIndex(2)), ChecklistModel::NodeKind::Section);
    QVERIFY(!m.sectionIndex(3).isValid());
    for (int s = 0; s < m.sectionCount(); ++s) {
        const Progress p = m_state->sectionProgress(s);
        QCOMPARE(m.sectionProgress(s).done, p.done);
        QCOMPARE(m.sectionProgress(s).total, p.total);
    }
}

void TestChecklistModel::untitledGroupItemsSitUnderSection()
{
    ChecklistModel& m = *m_model;
    const QModelIndex s0 = m.sectionIndex(0);
    QCOMPARE(m.rowCount(s0), 2);
    QCOMPARE(show(m, m.index(0, 0, s0), 0), QStringLiteral("0.1  Go-Live Window Defined"));
    QCOMPARE(m.nodeKind(m.index(0, 0, s0)), ChecklistModel::NodeKind::Item);

    // Section 2: the untitled group has no items, so only the three titled groups are rows,
    // including the one that holds only a procedure.
    const QModelIndex s2 = m.sectionIndex(2);
    QCOMPARE(m.rowCount(s2), 3);
    QStringList groups;
    for (int r = 0; r < 3; ++r) {
        QCOMPARE(m.nodeKind(m.index(r, 0, s2)), ChecklistModel::NodeKind::Group);
        QCOMPARE(m.itemId(m.index(r, 0, s2)), QString());
        groups << show(m, m.index(r, 0, s2), 0) + QLatin1Char('|') +
                      show(m, m.index(r, 0, s2), ChecklistModel::StatusColumn);
    }
    QCOMPARE(groups,
             (QStringList{QStringLiteral("Pre-Checks|0/2"), QStringLiteral("Cutover Sequence|0/3"),
                          QStringLiteral("Abort/Rollback Criteria|")}));
    QCOMPARE(m.rowCount(m.index(2, 0, s2)), 0);
    const QModelIndex seq = m.index(1, 0, s2);
    QCOMPARE(m.rowCount(seq), 1);
    QCOMPARE(m.itemId(m.index(0, 0, seq)), QStringLiteral("2.3"));
    QCOMPARE(m.rowCount(m.index(0, 0, seq)), 2);
    QCOMPARE(m.indexForItem(QStringLiteral("2.3.2")).parent(), m.index(0, 0, seq));
    QCOMPARE(m.indexForItem(QStringLiteral("2.3")).parent().parent(), s2);
}

void TestChecklistModel::headersAndFlags()
{
    ChecklistModel& m = *m_model;
    QStringList headers;
    for (int c = 0; c < m.columnCount(); ++c)
        headers << m.headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers, (QStringList{QStringLiteral("Item"), QStringLiteral("Status"),
                                   QStringLiteral("Signed by"), QStringLiteral("Role"),
                                   QStringLiteral("Time (UTC)"), QStringLiteral("Note")}));
    const QModelIndex item = m.indexForItem(QStringLiteral("1.1"), ChecklistModel::StatusColumn);
    QVERIFY(m.flags(item) & Qt::ItemIsEnabled);
    QVERIFY(m.flags(item) & Qt::ItemIsSelectable);
    QVERIFY(!(m.flags(item) & Qt::ItemIsEditable));
    QVERIFY(!(m.flags(item) & Qt::ItemNeverHasChildren));
    QVERIFY(m.flags(m.indexForItem(QStringLiteral("1.2"))) & Qt::ItemNeverHasChildren);
    QVERIFY(!(m.flags(m.sectionIndex(0)) & Qt::ItemIsEditable));
    QVERIFY(!m.setData(item, QStringLiteral("Signed")));
}

void TestChecklistModel::roles()
{
    ChecklistModel& m = *m_model;
    const QModelIndex item = m.indexForItem(QStringLiteral("0.1"));
    QCOMPARE(m.data(item, ChecklistModel::ItemIdRole).toString(), QStringLiteral("0.1"));
    QCOMPARE(m.data(item, ChecklistModel::NodeKindRole).toInt(),
             int(ChecklistModel::NodeKind::Item));
    QCOMPARE(m.data(item, ChecklistModel::StatusRole).toInt(), int(ItemStatus::Open));
    QCOMPARE(m.data(item, ChecklistModel::DoneRole).toBool(), false);
    QCOMPARE(m.data(item, ChecklistModel::ProgressRole).toString(), QString());
    QCOMPARE(m.data(item, ChecklistModel::SectionIndexRole).toInt(), 0);
    QCOMPARE(m.data(item, ChecklistModel::RequiredRoleRole).toString(),
             QStringLiteral("incident-commander"));
    QCOMPARE(m.data(item, ChecklistModel::SearchTextRole).toString(),
             QStringLiteral("0.1 Go-Live Window Defined\nStart: 10:00"));

    const QModelIndex parentItem = m.indexForItem(QStringLiteral("1.1"));
    QCOMPARE(m.data(parentItem, ChecklistModel::ProgressRole).toString(), QStringLiteral("0/5"));
    QCOMPARE(m.data(m.indexForItem(QStringLiteral("1.4")), ChecklistModel::StatusRole).toInt(),
             int(ItemStatus::CheckedInTemplate));
    QCOMPARE(m.data(m.indexForItem(QStringLiteral("1.4")), ChecklistModel::DoneRole).toBool(),
             true);

    const QModelIndex group = m.index(0, 0, m.sectionIndex(2));
    QCOMPARE(m.data(group, ChecklistModel::NodeKindRole).toInt(),
             int(ChecklistModel::NodeKind::Group));
    QCOMPARE(m.data(group, ChecklistModel::ItemIdRole).toString(), QString());
    QVERIFY(!m.data(group, ChecklistModel::StatusRole).isValid());
    QCOMPARE(m.data(group, ChecklistModel::ProgressRole).toString(), QStringLiteral("0/2"));
    QCOMPARE(m.data(group, ChecklistModel::SectionIndexRole).toInt(), 2);
    QCOMPARE(m.data(m.sectionIndex(1), ChecklistModel::ProgressRole).toString(),
             QStringLiteral("1/9"));
    QCOMPARE(m.data(m.sectionIndex(1), ChecklistModel::NodeKindRole).toInt(),
             int(ChecklistModel::NodeKind::Section));
    QVERIFY(m.roleNames().contains(ChecklistModel::SearchTextRole));
}

void TestChecklistModel::toolTip()
{
    ChecklistModel& m = *m_model;
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("0.1")), 0, Qt::ToolTipRole),
             QStringLiteral("0.1  Go-Live Window Defined\nOwner: Ana\nDue: 2026-05-01\n"
                            "Needs Incident Commander to sign"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.2")), 0, Qt::ToolTipRole),
             QStringLiteral("1.2  Same title"));
    QCOMPARE(show(m, m.sectionIndex(1), 0, Qt::ToolTipRole),
             QStringLiteral("1. Production Readiness\n1 of 9 items done"));
}

void TestChecklistModel::signOffUpdatesRowAndProgress()
{
    ChecklistModel& m = *m_model;
    apply(makeEvent(EventKind::Signed, QStringLiteral("1.1.1.1"), QStringLiteral("dump ok")));
    apply(makeEvent(EventKind::Signed, QStringLiteral("1.1.1.2"), {}, QStringLiteral("Bo Chen"),
                    Role::Engineer));

    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy progress(&m, &ChecklistModel::sectionProgressChanged);
    QCOMPARE(rowText(m, QStringLiteral("1.1.2")),
             (QStringList{QStringLiteral("1.1.2  Neo4j"), QStringLiteral("Open"), {}, {}, {}, {}}));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.1")), ChecklistModel::StatusColumn),
             QStringLiteral("Open \u00b7 2/5"));

    apply(makeEvent(EventKind::Signed, QStringLiteral("1.1.2"), QStringLiteral("replica in sync"),
                    QStringLiteral("Chris Diaz"), Role::ReleaseCaptain));

    QCOMPARE(rowText(m, QStringLiteral("1.1.2")),
             (QStringList{QStringLiteral("1.1.2  Neo4j"), QStringLiteral("Signed"),
                          QStringLiteral("Chris Diaz"), QStringLiteral("Release Captain"),
                          QStringLiteral("2026-05-01 10:00:07 UTC"),
                          QStringLiteral("replica in sync")}));
    QCOMPARE(m.data(m.indexForItem(QStringLiteral("1.1.2")), ChecklistModel::DoneRole).toBool(),
             true);
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.1")), ChecklistModel::StatusColumn),
             QStringLiteral("Open \u00b7 3/5"));
    QCOMPARE(m.data(m.indexForItem(QStringLiteral("1.1")), ChecklistModel::ProgressRole).toString(),
             QStringLiteral("3/5"));
    QCOMPARE(m.sectionTabTitle(1), QStringLiteral("1. Production Readiness  4/9"));
    QCOMPARE(show(m, m.sectionIndex(1), ChecklistModel::StatusColumn), QStringLiteral("4/9"));
    QCOMPARE(m_state->sectionProgress(1).toString(), QStringLiteral("4/9"));

    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.at(0).at(0).toInt(), 1);
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("1.1.2"))));
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("1.1"))));
    QVERIFY(spyHasRow(changed, m.sectionIndex(1)));
    QVERIFY(!spyHasRow(changed, m.indexForItem(QStringLiteral("1.1.1"))));
    QVERIFY(!spyHasRow(changed, m.sectionIndex(0)));

    // Sign the parent too: its own status and its children's progress read together.
    apply(makeEvent(EventKind::Signed, QStringLiteral("1.1")));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.1")), ChecklistModel::StatusColumn),
             QStringLiteral("Signed \u00b7 3/5"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.1")), ChecklistModel::RoleColumn),
             QStringLiteral("Incident Commander"));
    QCOMPARE(m.sectionTabTitle(1), QStringLiteral("1. Production Readiness  5/9"));
}

void TestChecklistModel::revokeReturnsToOpen()
{
    ChecklistModel& m = *m_model;
    // Cutover steps are signed only after the GO, which also signs the "Go decision" pre-check.
    Actor ic;
    ic.name = QStringLiteral("Ana Lima");
    ic.role = Role::IncidentCommander;
    apply(makeGateEvent(ic));
    apply(makeDecisionEvent(m_state->plan(), true, QStringLiteral("confirmed by phone"),
                            m_state->cutover().openPreChecks(), ic));
    apply(makeEvent(EventKind::Signed, QStringLiteral("2.3.1"), QStringLiteral("applied")));
    const QModelIndex group = m.index(1, 0, m.sectionIndex(2));
    QCOMPARE(show(m, group, ChecklistModel::StatusColumn), QStringLiteral("1/3"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("2.3")), ChecklistModel::StatusColumn),
             QStringLiteral("Open \u00b7 1/2"));
    QCOMPARE(m.sectionTabTitle(2), QStringLiteral("2. Cutover  2/5"));

    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy progress(&m, &ChecklistModel::sectionProgressChanged);
    apply(makeEvent(EventKind::Revoked, QStringLiteral("2.3.1"), QStringLiteral("wrong env")));

    QCOMPARE(
        rowText(m, QStringLiteral("2.3.1")),
        (QStringList{QStringLiteral("2.3.1  postgres"), QStringLiteral("Open"), {}, {}, {}, {}}));
    QCOMPARE(show(m, group, ChecklistModel::StatusColumn), QStringLiteral("0/3"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("2.3")), ChecklistModel::StatusColumn),
             QStringLiteral("Open \u00b7 0/2"));
    QCOMPARE(m.sectionTabTitle(2), QStringLiteral("2. Cutover  1/5"));
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.at(0).at(0).toInt(), 2);
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("2.3.1"))));
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("2.3"))));
    QVERIFY(spyHasRow(changed, group));
    QVERIFY(spyHasRow(changed, m.sectionIndex(2)));

    // N/A counts as done, like a sign-off.
    apply(makeEvent(EventKind::NotApplicable, QStringLiteral("2.1"), QStringLiteral("remote")));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("2.1")), ChecklistModel::StatusColumn),
             QStringLiteral("N/A"));
    QCOMPARE(m.sectionTabTitle(2), QStringLiteral("2. Cutover  2/5"));
}

void TestChecklistModel::blockedIsNotDone()
{
    ChecklistModel& m = *m_model;
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy progress(&m, &ChecklistModel::sectionProgressChanged);
    apply(makeEvent(EventKind::Blocked, QStringLiteral("2.2"), QStringLiteral("VP unreachable")));
    QCOMPARE(
        rowText(m, QStringLiteral("2.2")),
        (QStringList{QStringLiteral("2.2  Go decision"), QStringLiteral("Blocked"),
                     QStringLiteral("Ana Lima"), QStringLiteral("Incident Commander"),
                     QStringLiteral("2026-05-01 10:00:07 UTC"), QStringLiteral("VP unreachable")}));
    QCOMPARE(m.data(m.indexForItem(QStringLiteral("2.2")), ChecklistModel::StatusRole).toInt(),
             int(ItemStatus::Blocked));
    QCOMPARE(m.sectionTabTitle(2), QStringLiteral("2. Cutover  0/5"));
    QCOMPARE(progress.count(), 0);
    QCOMPARE(changed.count(), 1);
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("2.2"))));
}

void TestChecklistModel::notesAreJoined()
{
    ChecklistModel& m = *m_model;
    apply(makeEvent(EventKind::Signed, QStringLiteral("1.2"), QStringLiteral("checked")));
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    apply(makeEvent(EventKind::NoteAdded, QStringLiteral("1.2"), QStringLiteral("rechecked")));
    apply(makeEvent(EventKind::NoteAdded, QStringLiteral("1.2"), QStringLiteral("fine")));
    const QModelIndex row = m.indexForItem(QStringLiteral("1.2"));
    QCOMPARE(show(m, row, ChecklistModel::NoteColumn),
             QStringLiteral("checked \u00b7 rechecked \u00b7 fine"));
    // The tooltip says who added each note and when.
    QCOMPARE(show(m, row, ChecklistModel::NoteColumn, Qt::ToolTipRole),
             QStringLiteral("checked\n"
                            "Note by Ana Lima (Incident Commander) at 2026-05-01 10:00 UTC: "
                            "rechecked\n"
                            "Note by Ana Lima (Incident Commander) at 2026-05-01 10:00 UTC: fine"));
    QCOMPARE(m.data(row, ChecklistModel::NoteCountRole).toInt(), 2);
    QVERIFY2(show(m, row, ChecklistModel::ItemColumn, Qt::ToolTipRole)
                 .endsWith(QStringLiteral("at 2026-05-01 10:00 UTC: fine")),
             qPrintable(show(m, row, ChecklistModel::ItemColumn, Qt::ToolTipRole)));
    QCOMPARE(m.data(m.indexForItem(QStringLiteral("1.1")), ChecklistModel::NoteCountRole).toInt(),
             0);
    QCOMPARE(changed.count(), 2);
    QVERIFY(spyHasRow(changed, row));

    // A note on an open item has no sign-off note in front of it.
    apply(makeEvent(EventKind::NoteAdded, QStringLiteral("1.3"), QStringLiteral("waiting")));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.3")), ChecklistModel::NoteColumn),
             QStringLiteral("waiting"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.3")), ChecklistModel::StatusColumn),
             QStringLiteral("Open"));
}

void TestChecklistModel::fieldFillRendersPlaceholder()
{
    ChecklistModel& m = *m_model;
    const QModelIndex row = m.indexForItem(QStringLiteral("0.2"));
    const QString before = show(m, row, 0);
    QVERIFY2(before.startsWith(QStringLiteral("0.2  Confirm owner ")), qPrintable(before));
    QVERIFY2(before.contains(QStringLiteral("Release Captain Name")), qPrintable(before));
    QVERIFY2(!before.contains(placeholderToken(QStringLiteral("owner"))), qPrintable(before));

    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    apply(fieldEvent(QStringLiteral("owner"), QStringLiteral("Ana Lima")));
    QCOMPARE(show(m, row, 0), QStringLiteral("0.2  Confirm owner Ana Lima"));
    QVERIFY(show(m, row, 0, ChecklistModel::SearchTextRole).contains(QStringLiteral("Ana Lima")));
    QVERIFY(show(m, row, 0, Qt::ToolTipRole).contains(QStringLiteral("Ana Lima")));
    bool covered = false;
    for (const QList<QVariant>& args : changed) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        if (tl.parent() == row.parent() && tl.row() <= row.row() && row.row() <= br.row() &&
            tl.column() == 0)
            covered = true;
    }
    QVERIFY(covered);
    // Every row may show a placeholder, so every row of every level is announced.
    QVERIFY(spyHasRow(changed, m.sectionIndex(2)));
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("2.3.2"))));
    QVERIFY(spyHasRow(changed, m.indexForItem(QStringLiteral("1.1.1.2"))));
    QCOMPARE(m.sectionTabTitle(0), QStringLiteral("0. Decision & Scope Lock  0/2"));
}

void TestChecklistModel::identicalTitlesAreDistinctRows()
{
    ChecklistModel& m = *m_model;
    const QModelIndex a = m.indexForItem(QStringLiteral("1.2"));
    const QModelIndex b = m.indexForItem(QStringLiteral("1.3"));
    QVERIFY(a.isValid() && b.isValid());
    QVERIFY(a != b);
    QCOMPARE(a.parent(), b.parent());
    QCOMPARE(b.row(), a.row() + 1);
    QCOMPARE(show(m, a, 0), QStringLiteral("1.2  Same title"));
    QCOMPARE(show(m, b, 0), QStringLiteral("1.3  Same title"));
    QCOMPARE(m.itemId(a), QStringLiteral("1.2"));
    QCOMPARE(m.itemId(b), QStringLiteral("1.3"));

    apply(makeEvent(EventKind::Signed, QStringLiteral("1.3")));
    QCOMPARE(show(m, a, ChecklistModel::StatusColumn), QStringLiteral("Open"));
    QCOMPARE(show(m, b, ChecklistModel::StatusColumn), QStringLiteral("Signed"));
    QCOMPARE(show(m, a, ChecklistModel::SignedByColumn), QString());
    QCOMPARE(show(m, b, ChecklistModel::SignedByColumn), QStringLiteral("Ana Lima"));
}

void TestChecklistModel::unknownItems()
{
    ChecklistModel& m = *m_model;
    QVERIFY(!m.indexForItem(QStringLiteral("9.9")).isValid());
    QVERIFY(!m.indexForItem(QStringLiteral("1.2"), ChecklistModel::ColumnCount).isValid());
    QCOMPARE(m.indexForItem(QStringLiteral("1.2"), ChecklistModel::NoteColumn).column(),
             int(ChecklistModel::NoteColumn));
    QCOMPARE(m.itemId({}), QString());

    // The ledger may hold events for items a later runbook revision dropped: no signal, no crash.
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    QSignalSpy progress(&m, &ChecklistModel::sectionProgressChanged);
    const SignOffEvent ghost = makeEvent(EventKind::Signed, QStringLiteral("9.9"));
    m_state->apply(ghost);
    m.eventApplied(ghost);
    const SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("ok"));
    m_state->apply(ack);
    m.eventApplied(ack);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(progress.count(), 0);
}

void TestChecklistModel::stateWithEventsBeforeSetRun()
{
    RunState state(&m_runbook);
    for (const QString& id :
         {QStringLiteral("2.1"), QStringLiteral("2.3.1"), QStringLiteral("2.3.2")})
        state.apply(makeEvent(EventKind::Signed, id));
    state.apply(fieldEvent(QStringLiteral("owner"), QStringLiteral("Dee")));
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&m_runbook, &state);
    QCOMPARE(m.sectionTabTitle(2), QStringLiteral("2. Cutover  3/5"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("2.3")), ChecklistModel::StatusColumn),
             QStringLiteral("Open \u00b7 2/2"));
    QCOMPARE(show(m, m.index(1, 0, m.sectionIndex(2)), ChecklistModel::StatusColumn),
             QStringLiteral("2/3"));
    QCOMPARE(m.data(m.index(0, 0, m.sectionIndex(2)), ChecklistModel::DoneRole).toBool(), false);
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("0.2")), 0),
             QStringLiteral("0.2  Confirm owner Dee"));

    // A group whose items are all done reads as done, so the UI can colour it.
    state.apply(makeEvent(EventKind::Signed, QStringLiteral("2.2")));
    m.eventApplied(state.events().constLast());
    QCOMPARE(m.data(m.index(0, 0, m.sectionIndex(2)), ChecklistModel::DoneRole).toBool(), true);
}

void TestChecklistModel::secondSetRun()
{
    ChecklistModel& m = *m_model;
    apply(makeEvent(EventKind::Signed, QStringLiteral("0.1")));

    Runbook other;
    other.sections.append(makeSection(
        {}, QStringLiteral("Only"),
        {makeGroup(QStringLiteral("G"), {makeItem(QStringLiteral("1.1"), QStringLiteral("X"))})}));
    other.sections.append(makeSection({}, QStringLiteral("Notes only"), {makeGroup({}, {})}));
    RunState otherState(&other);
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    QSignalSpy progress(&m, &ChecklistModel::sectionProgressChanged);
    m.setRun(&other, &otherState);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(progress.count(), 2);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.sectionTabTitle(1), QStringLiteral("2. Notes only"));
    QCOMPARE(m.rowCount(m.sectionIndex(1)), 0);
    // No number in the runbook: the section's position stands in.
    QCOMPARE(m.sectionTabTitle(0), QStringLiteral("1. Only  0/1"));
    QVERIFY(!m.indexForItem(QStringLiteral("0.1")).isValid());
    QCOMPARE(m.indexForItem(QStringLiteral("1.1")).parent().parent(), m.sectionIndex(0));

    // Old pointers may now go away: the model holds only the new ones.
    m_state.reset(new RunState(&m_runbook));
    m.setRun(nullptr, nullptr);
    QCOMPARE(m.rowCount(), 0);
    QCOMPARE(m.sectionCount(), 0);
    QVERIFY(!m.sectionIndex(0).isValid());
    m.eventApplied(makeEvent(EventKind::Signed, QStringLiteral("1.1")));
    m.setRun(&m_runbook, m_state.get());
    QCOMPARE(m.sectionTabTitle(0), QStringLiteral("0. Decision & Scope Lock  0/2"));
}

void TestChecklistModel::noStateShowsTemplate()
{
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&m_runbook, nullptr);
    QCOMPARE(m.sectionTabTitle(1), QStringLiteral("1. Production Readiness  1/9"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.4")), ChecklistModel::StatusColumn),
             QStringLiteral("Checked in template"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("1.3")), ChecklistModel::StatusColumn),
             QStringLiteral("Open"));
}

// ---- the bundled seed runbook, parsed as the app parses it ----

namespace {

const RunbookParseResult& seedResult()
{
    static const RunbookParseResult result =
        RunbookParser::parseFile(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return result;
}

QString diagnosticsText(const RunbookParseResult& result)
{
    QStringList lines;
    for (const Diagnostic& d : result.diagnostics)
        lines << d.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

// Each child row of `parent` as "title|status".
static QStringList childRows(const ChecklistModel& m, const QModelIndex& parent)
{
    QStringList rows;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        rows << show(m, i, 0) + QLatin1Char('|') + show(m, i, ChecklistModel::StatusColumn);
    }
    return rows;
}

void TestChecklistModel::nestedGroupsFollowDepthAndContinuation()
{
    const Runbook rb = nestedRunbook();
    RunState state(&rb);
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&rb, &state);
    const QModelIndex section = m.sectionIndex(0);
    QCOMPARE(childRows(m, section),
             (QStringList{QStringLiteral("3.1  Freeze|Open"), QStringLiteral("Phase A|0/6"),
                          QStringLiteral("Background|"), QStringLiteral("Phase B|0/2")}));
    // A continuation's items come after the nested group's row, under the group they resume.
    const QModelIndex phaseA = m.index(1, 0, section);
    QCOMPARE(childRows(m, phaseA),
             (QStringList{QStringLiteral("3.2  Announce|Open"), QStringLiteral("Stage|0/4"),
                          QStringLiteral("3.7  Verify|Open")}));
    const QModelIndex stage = m.index(1, 0, phaseA);
    QCOMPARE(childRows(m, stage),
             (QStringList{QStringLiteral("3.3  Drain|Open"), QStringLiteral("3.4  Deploy|Open"),
                          QStringLiteral("Sub-stage|0/1"), QStringLiteral("3.6  Undrain|Open")}));
    QCOMPARE(m.nodeKind(stage), ChecklistModel::NodeKind::Group);
    QCOMPARE(m.itemId(stage), QString());
    QCOMPARE(m.indexForItem(QStringLiteral("3.5")).parent(), m.index(2, 0, stage));
    const QModelIndex plainParent = m.index(1, 0, m.index(3, 0, section));
    QCOMPARE(show(m, plainParent, 0), QStringLiteral("NoMock Run"));
    QCOMPARE(m.nodeKind(plainParent), ChecklistModel::NodeKind::Group);
    QCOMPARE(m.indexForItem(QStringLiteral("3.9")).parent(), plainParent);

    // The row of a group shows its own text and that of the continuations resuming it.
    QCOMPARE(m.groupParts(stage),
             (QList<const RunbookGroup*>{&rb.sections[0].groups[2], &rb.sections[0].groups[4]}));
    QCOMPARE(m.groupParts(phaseA),
             (QList<const RunbookGroup*>{&rb.sections[0].groups[1], &rb.sections[0].groups[5]}));
    QCOMPARE(m.group(stage), &rb.sections[0].groups[2]);
    QVERIFY(m.groupParts(m.indexForItem(QStringLiteral("3.5"))).isEmpty());

    // Progress folds up through every nesting level.
    SignOffEvent e = makeEvent(EventKind::Signed, QStringLiteral("3.5"));
    QString error;
    QVERIFY2(state.validate(e, &error), qPrintable(error));
    state.apply(e);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.eventApplied(e);
    QCOMPARE(show(m, m.index(2, 0, stage), ChecklistModel::StatusColumn), QStringLiteral("1/1"));
    QVERIFY(m.data(m.index(2, 0, stage), ChecklistModel::DoneRole).toBool());
    QCOMPARE(show(m, stage, ChecklistModel::StatusColumn), QStringLiteral("1/4"));
    QCOMPARE(show(m, phaseA, ChecklistModel::StatusColumn), QStringLiteral("1/6"));
    QCOMPARE(m.sectionTabTitle(0), QStringLiteral("3. Deploy  1/9"));
    QVERIFY(spyHasRow(changed, stage));
    QVERIFY(spyHasRow(changed, phaseA));

    // The same tree as the reports name it: the titles down to the row holding a group's items.
    const RunbookSection& sec = rb.sections[0];
    const QList<GroupPlace> places = groupPlaces(sec);
    QCOMPARE(groupPath(sec, places, 3),
             (QStringList{QStringLiteral("Phase A"), QStringLiteral("Stage"),
                          QStringLiteral("Sub-stage")}));
    QCOMPARE(groupPath(sec, places, 4),
             (QStringList{QStringLiteral("Phase A"), QStringLiteral("Stage")}));
    QCOMPARE(groupPath(sec, places, 5), QStringList{QStringLiteral("Phase A")});
    QCOMPARE(groupPath(sec, places, 0), QStringList());
    QCOMPARE(groupPath(sec, places, 8),
             (QStringList{QStringLiteral("Phase B"), QStringLiteral("NoMock Run")}));
}

void TestChecklistModel::itemlessGroupIsReading()
{
    const Runbook rb = nestedRunbook();
    RunState state(&rb);
    ChecklistModel m;
    m.setRun(&rb, &state);
    const QModelIndex section = m.sectionIndex(0);
    const QModelIndex background = m.index(2, 0, section);
    QCOMPARE(show(m, background, 0), QStringLiteral("Background"));
    QVERIFY(m.data(background, ChecklistModel::ReadingRole).toBool());
    QVERIFY(!m.data(background, ChecklistModel::DoneRole).toBool());
    QCOMPARE(show(m, background, 0, Qt::ToolTipRole),
             QStringLiteral("Background\nNotes to read, nothing to sign: the details pane shows "
                            "them"));
    QVERIFY(!m.data(m.index(1, 0, section), ChecklistModel::ReadingRole).toBool());
    QVERIFY(!m.data(section, ChecklistModel::ReadingRole).toBool());
    QVERIFY(!m.data(m.indexForItem(QStringLiteral("3.1")), ChecklistModel::ReadingRole).toBool());
    QVERIFY(m.roleNames().contains(ChecklistModel::ReadingRole));
}

void TestChecklistModel::seedSectionsAndTabs()
{
    QVERIFY2(seedResult().ok(), qPrintable(diagnosticsText(seedResult())));
    const Runbook& rb = seedResult().runbook;
    RunState state(&rb);
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&rb, &state);
    QStringList tabs;
    for (int s = 0; s < m.sectionCount(); ++s)
        tabs << m.sectionTabTitle(s);
    QCOMPARE(
        tabs,
        (QStringList{QStringLiteral("0. Decision & Scope Lock  0/2"),
                     QStringLiteral("1. Production Readiness (Platform & Infra)  0/12"),
                     QStringLiteral("2. Safety Nets: Observability, Rollback, and Guardrails  0/8"),
                     QStringLiteral("3. Security, Governance, and Compliance  0/6"),
                     QStringLiteral("4. Cutover Plan & Runbook  0/17"),
                     QStringLiteral("5. Post-Go-Live Hypercare & Feedback  0/3")}));
    const QModelIndex postgres = m.index(0, 0, m.index(1, 0, m.sectionIndex(1)));
    QCOMPARE(show(m, postgres, 0), QStringLiteral("1.2.1  PostgreSQL (postgres)"));
    QCOMPARE(show(m, postgres, ChecklistModel::StatusColumn), QStringLiteral("Open \u00b7 0/2"));
}

void TestChecklistModel::seedCutoverGroups()
{
    QVERIFY2(seedResult().ok(), qPrintable(diagnosticsText(seedResult())));
    const Runbook& rb = seedResult().runbook;
    RunState state(&rb);
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&rb, &state);
    const QModelIndex cutover = m.sectionIndex(4);
    QStringList rows;
    for (int r = 0; r < m.rowCount(cutover); ++r) {
        const QModelIndex g = m.index(r, 0, cutover);
        QCOMPARE(m.nodeKind(g), ChecklistModel::NodeKind::Group);
        rows << show(m, g, 0) + QLatin1Char('|') + show(m, g, ChecklistModel::StatusColumn) +
                    QLatin1Char('|') + QString::number(m.rowCount(g));
    }
    QCOMPARE(rows, (QStringList{QStringLiteral("Pre-Checks (T-60 minutes)|0/4|4"),
                                QStringLiteral("Cutover Sequence (T-0)|0/13|7"),
                                QStringLiteral("Abort/Rollback Criteria||0")}));
    const QModelIndex sequence = m.index(1, 0, cutover);
    const QModelIndex migrations = m.index(1, 0, sequence);
    QVERIFY2(show(m, migrations, 0).endsWith(QStringLiteral("  Deploy Database Migrations")),
             qPrintable(show(m, migrations, 0)));
    QCOMPARE(show(m, migrations, ChecklistModel::StatusColumn), QStringLiteral("Open \u00b7 0/2"));
    QVERIFY(show(m, m.index(0, 0, m.index(0, 0, cutover)), 0)
                .endsWith(QStringLiteral("  All key personnel are present and accounted for in "
                                         "the war room.")));
}

void TestChecklistModel::seedIndexForItemRoundTrip()
{
    QVERIFY2(seedResult().ok(), qPrintable(diagnosticsText(seedResult())));
    const Runbook& rb = seedResult().runbook;
    RunState state(&rb);
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&rb, &state);
    const QList<const RunbookItem*> items = rb.allItems();
    QCOMPARE(items.size(), 48);
    QSet<QModelIndex> seen;
    for (const RunbookItem* item : items) {
        for (int c = 0; c < ChecklistModel::ColumnCount; ++c) {
            const QModelIndex idx = m.indexForItem(item->id, c);
            QVERIFY2(idx.isValid(), qPrintable(item->id));
            QCOMPARE(idx.column(), c);
            QCOMPARE(m.itemId(idx), item->id);
            QCOMPARE(m.index(idx.row(), c, idx.parent()), idx);
        }
        const QModelIndex idx = m.indexForItem(item->id);
        QVERIFY2(!seen.contains(idx), qPrintable(item->id));
        seen.insert(idx);
        QCOMPARE(m.data(idx, ChecklistModel::ItemIdRole).toString(), item->id);
        QCOMPARE(show(m, idx, 0), item->id + QStringLiteral("  ") + item->title);
        QModelIndex top = idx;
        while (top.parent().isValid())
            top = top.parent();
        QCOMPARE(&rb.sections.at(top.row()), rb.sectionOf(item->id));
        QCOMPARE(m.data(idx, ChecklistModel::SectionIndexRole).toInt(), top.row());
    }
}

void TestChecklistModel::seedSignOffProgress()
{
    QVERIFY2(seedResult().ok(), qPrintable(diagnosticsText(seedResult())));
    const Runbook& rb = seedResult().runbook;
    RunState state(&rb);
    ChecklistModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRun(&rb, &state);
    const QModelIndex stores = m.index(1, 0, m.sectionIndex(1)); // "Data Stores Ready & Backed Up"
    const QModelIndex postgres = m.index(0, 0, stores);
    QSignalSpy progress(&m, &ChecklistModel::sectionProgressChanged);
    for (int r = 0; r < m.rowCount(postgres); ++r) {
        const SignOffEvent e = makeEvent(EventKind::Signed, m.itemId(m.index(r, 0, postgres)));
        state.apply(e);
        m.eventApplied(e);
    }
    const SignOffEvent e = makeEvent(EventKind::Signed, m.itemId(postgres));
    state.apply(e);
    m.eventApplied(e);
    QCOMPARE(progress.count(), 3);
    QCOMPARE(show(m, postgres, ChecklistModel::StatusColumn), QStringLiteral("Signed \u00b7 2/2"));
    QCOMPARE(show(m, stores, ChecklistModel::StatusColumn), QStringLiteral("Open \u00b7 3/8"));
    QCOMPARE(m.sectionTabTitle(1),
             QStringLiteral("1. Production Readiness (Platform & Infra)  3/12"));
    for (int s = 0; s < m.sectionCount(); ++s)
        QCOMPARE(m.sectionProgress(s).toString(), state.sectionProgress(s).toString());
}

void TestChecklistModel::largeRunbookIsFast()
{
    // 10,000 items: 10 sections x 10 groups x 20 items x (1 + 4 children).
    Runbook rb;
    for (int s = 0; s < 10; ++s) {
        QList<RunbookGroup> groups;
        for (int g = 0; g < 10; ++g) {
            QList<RunbookItem> items;
            for (int i = 0; i < 20; ++i) {
                const QString id = QStringLiteral("%1.%2").arg(s).arg(g * 20 + i + 1);
                QList<RunbookItem> children;
                for (int c = 1; c <= 4; ++c)
                    children.append(makeItem(id + QLatin1Char('.') + QString::number(c),
                                             QStringLiteral("Child step")));
                items.append(makeItem(id, QStringLiteral("Step"), children));
            }
            groups.append(makeGroup(g == 0 ? QString() : QStringLiteral("Group %1").arg(g), items));
        }
        rb.sections.append(makeSection(QString::number(s), QStringLiteral("Section"), groups));
    }
    QCOMPARE(rb.checkableCount(), 10000);
    RunState state(&rb);
    ChecklistModel m;
    QElapsedTimer timer;
    timer.start();
    m.setRun(&rb, &state);
    const qint64 buildMs = timer.elapsed();
    qInfo("setRun with 10,000 items: %lld ms", buildMs);
    // Generous so a sanitizer build on a busy machine passes; a regression to O(n^2) does not.
    QVERIFY2(buildMs < 500, qPrintable(QString::number(buildMs)));
    QCOMPARE(m.sectionTabTitle(9), QStringLiteral("9. Section  0/1000"));

    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    const SignOffEvent e = makeEvent(EventKind::Signed, QStringLiteral("9.200.4"));
    state.apply(e);
    m.eventApplied(e);
    QCOMPARE(changed.count(), 4); // the item, its parent item, its group, its section
    QCOMPARE(m.sectionTabTitle(9), QStringLiteral("9. Section  1/1000"));
    QCOMPARE(show(m, m.indexForItem(QStringLiteral("9.200")), ChecklistModel::StatusColumn),
             QStringLiteral("Open \u00b7 1/4"));
}

QTEST_GUILESS_MAIN(TestChecklistModel)

#include "tst_checklistmodel.moc"
