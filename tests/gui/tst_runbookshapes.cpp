// Team runbook shapes in the window: a run opens on a tab with items, groups with nothing to
// sign read as notes, nested groups and nested details keep their nesting, links ask first,
// the runbook's front matter is shown read-only.
#include "ChecklistModel.h"
#include "ChecklistStyleProxy.h"
#include "ItemDetailsView.h"
#include "MainWindow.h"
#include "RunFile.h"
#include "RunMetadataLabel.h"
#include "RunState.h"
#include "RunbookBuilders.h"
#include "RunbookParser.h"
#include "Settings.h"
#include "WindowTestSupport.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFont>
#include <QHeaderView>
#include <QIcon>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSplitter>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <QTimer>
#include <QTreeView>

#include "OnRequestMain.h"

using namespace golive;
using golive::test::makeGroup;
using golive::test::makeItem;

namespace {

// A first "##" with nothing to check (the legacy rules make it a tab of its own), a "###" with
// only notes, an item with nested bullets, a link in the notes.
const char kShapes[] = R"(# Shapes

## 1. Background

Some text only.

## 2. Deploy

### Before

Read this before you start: see [the wiki](https://wiki.example.org/deploy).

- [ ] Drain traffic
  - first bullet
    - nested bullet
- [ ] Deploy

### Rollback

Notes only: restore the previous image.
)";

RunbookText text(const QString& plain, int depth = 0)
{
    return RunbookText{plain.toHtmlEscaped(), plain, {}, depth};
}

// What the new reading rules make of a team's runbook: "####" stages in a "###" phase, items
// resuming the phase after them, a plain bullet holding checkboxes, a section with no item
// folded in as notes, a link in a group's title.
Runbook nestedRunbook()
{
    Runbook rb;
    rb.title = QStringLiteral("Payments cutover");
    RunbookSection s;
    s.number = QStringLiteral("1");
    s.title = QStringLiteral("Cutover");
    RunbookGroup phase =
        makeGroup(QStringLiteral("Phase A: database"), 0,
                  {makeItem(QStringLiteral("1.1"), QStringLiteral("Announce freeze"))});
    phase.titleHtml =
        QStringLiteral("Phase A: <a href=\"https://wiki.example.org/db\">database</a>");
    phase.notes << text(QStringLiteral("Owner: DBA on call"));
    RunbookGroup stage =
        makeGroup(QStringLiteral("Stage 1: replicas"), 1,
                  {makeItem(QStringLiteral("1.2"), QStringLiteral("Drain replica")),
                   makeItem(QStringLiteral("1.3"), QStringLiteral("Promote replica"))});
    RunbookGroup plain = makeGroup(QStringLiteral("NoMock run"), 2,
                                   {makeItem(QStringLiteral("1.4"), QStringLiteral("Stage")),
                                    makeItem(QStringLiteral("1.5"), QStringLiteral("Prod"))});
    RunbookGroup resume =
        makeGroup({}, 0, {makeItem(QStringLiteral("1.6"), QStringLiteral("Verify writes"))}, true);
    resume.notes << text(QStringLiteral("Then tell the room"));
    RunbookGroup contacts = makeGroup(QStringLiteral("Contacts"), 0, {});
    contacts.notes << text(QStringLiteral("Bridge: +1 555 0100"))
                   << text(QStringLiteral("Pager: payments-oncall"), 1)
                   << text(QStringLiteral("<img src=x> stays text"), 2);
    s.groups = {
        makeGroup({}, 0, {makeItem(QStringLiteral("1.0"), QStringLiteral("Open the bridge"))}),
        phase,
        stage,
        plain,
        resume,
        contacts};
    rb.sections << s;
    RunbookMetadata labels;
    labels.key = QStringLiteral("labels");
    labels.value = QStringLiteral("release, <b>infra</b>");
    labels.pos.line = 3;
    RunbookMetadata name;
    name.key = QStringLiteral("name");
    name.value = QStringLiteral("Payments cutover");
    name.pos.line = 2;
    RunbookMetadata assignees;
    assignees.key = QStringLiteral("assignees");
    assignees.value = QStringLiteral("@ana");
    assignees.pos.line = 4;
    rb.metadata = {name, labels, assignees};
    return rb;
}

// The list indent of the block that holds `needle` in `doc`, or -1 when it is in no list.
int listIndentOf(const QTextDocument* doc, const QString& needle)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        if (b.text().contains(needle))
            return b.textList() ? b.textList()->format().indent() : -1;
    }
    return -2;
}

// The left margin of the block that holds `needle`, or -1 when no block does.
qreal leftMarginOf(const QTextDocument* doc, const QString& needle)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        if (b.text().contains(needle))
            return b.blockFormat().leftMargin();
    }
    return -1;
}

// Clicks the Accept button of the next message box, keeping its text.
void acceptNextBox(QString* asked)
{
    QTimer::singleShot(0, [asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        *asked = box->text();
        for (QAbstractButton* b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::AcceptRole)
                b->click();
        }
    });
}

} // namespace

class TestRunbookShapes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void legacyRunOpensOnTheFirstTabWithItems();
    void groupWithNothingToSignReadsAsNotes();
    void detailsKeepTheNestingOfBullets();
    void linksInTheDetailsAskBeforeOpening();
    void groupDetailsShowTitleLinksAndWhatResumesIt();
    void sectionDetailsIndentNestedGroups();
    void frontMatterIsShownReadOnly();
    void longFrontMatterIsCutToTwoLines();
    void screenshots();

private:
    QString legacyRun();
    void openAndWait(MainWindow& window, const QString& path);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestRunbookShapes::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_runbookshapes"));
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ana Lima"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
}

// A run of kShapes as a run made before the reading rules were versioned (no runbook_rules:
// read with the legacy rules, its empty first section a tab of its own).
QString TestRunbookShapes::legacyRun()
{
    const QString path = m_dir.filePath(QStringLiteral("shapes%1.golive").arg(++m_runs));
    QString error;
    if (!RunFile::create(path, QByteArray(kShapes), QStringLiteral("shapes.md"), &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const QString connection = QStringLiteral("legacy%1").arg(m_runs);
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (!db.open())
            return {};
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'runbook_rules'")))
            return {};
    }
    QSqlDatabase::removeDatabase(connection);
    return path;
}

void TestRunbookShapes::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

void TestRunbookShapes::legacyRunOpensOnTheFirstTabWithItems()
{
    const QString path = legacyRun();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    openAndWait(window, path);
    QCOMPARE(window.runbook().rules, RunbookParser::LegacyRules);
    QCOMPARE(window.tabs()->count(), 2);
    QCOMPARE(window.runbook().sections.first().checkableCount(), 0);
    QCOMPARE(window.tabs()->currentIndex(), 1);
    QCOMPARE(window.currentTree()->objectName(), QStringLiteral("sectionTree1"));
    // The item-less tab is still there to read.
    window.tabs()->setCurrentIndex(0);
    auto* details = window.findChild<ItemDetailsView*>();
    QVERIFY(details->toPlainText().contains(QStringLiteral("Background")));
}

void TestRunbookShapes::groupWithNothingToSignReadsAsNotes()
{
    MainWindow window;
    openAndWait(window, legacyRun());
    window.tabs()->setCurrentIndex(1);
    QTreeView* tree = window.currentTree();
    QModelIndex rollback;
    for (int r = 0; r < tree->model()->rowCount(tree->rootIndex()); ++r) {
        const QModelIndex i = tree->model()->index(r, 0, tree->rootIndex());
        if (i.data().toString() == QStringLiteral("Rollback"))
            rollback = i;
    }
    QVERIFY(rollback.isValid());
    QVERIFY(rollback.data(ChecklistModel::ReadingRole).toBool());
    QVERIFY(!rollback.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(rollback.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!rollback.data(Qt::FontRole).value<QFont>().bold());
    const QModelIndex before = tree->model()->index(0, 0, tree->rootIndex());
    QCOMPARE(before.data().toString(), QStringLiteral("Before"));
    QVERIFY(!before.data(ChecklistModel::ReadingRole).toBool());
    QVERIFY(before.data(Qt::FontRole).value<QFont>().bold());

    tree->setCurrentIndex(rollback);
    auto* details = window.findChild<ItemDetailsView*>();
    QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("restore the previous image")));
    QVERIFY(details->toPlainText().startsWith(QStringLiteral("Rollback")));
    QVERIFY2(details->toPlainText().contains(QStringLiteral("nothing here to sign")),
             qPrintable(details->toPlainText()));
}

void TestRunbookShapes::detailsKeepTheNestingOfBullets()
{
    MainWindow window;
    openAndWait(window, legacyRun());
    QVERIFY(test::selectItem(window, QStringLiteral("2.1")));
    auto* details = window.findChild<ItemDetailsView*>();
    QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("Drain traffic")));
    const int first = listIndentOf(details->document(), QStringLiteral("first bullet"));
    const int nested = listIndentOf(details->document(), QStringLiteral("nested bullet"));
    QVERIFY2(first >= 1, qPrintable(details->toHtml()));
    QCOMPARE(nested, first + 1);
}

void TestRunbookShapes::linksInTheDetailsAskBeforeOpening()
{
    MainWindow window;
    openAndWait(window, legacyRun());
    window.tabs()->setCurrentIndex(1);
    QTreeView* tree = window.currentTree();
    tree->setCurrentIndex(tree->model()->index(0, 0, tree->rootIndex())); // "Before"
    auto* details = window.findChild<ItemDetailsView*>();
    QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("the wiki")));
    QVERIFY2(details->toHtml().contains(QStringLiteral("href=\"https://wiki.example.org/deploy\"")),
             qPrintable(details->toHtml()));

    QList<QUrl> opened;
    details->setUrlOpener([&opened](const QUrl& url) {
        opened << url;
        return true;
    });
    // A click on the link: the full address is shown first, and only then opened.
    QString asked;
    acceptNextBox(&asked);
    emit details->anchorClicked(QUrl(QStringLiteral("https://wiki.example.org/deploy")));
    QTRY_COMPARE(opened, QList<QUrl>{QUrl(QStringLiteral("https://wiki.example.org/deploy"))});
    QVERIFY2(asked.contains(QStringLiteral("https://wiki.example.org/deploy")), qPrintable(asked));
    // Anything but http, https and mailto is never opened, not even asked about.
    emit details->anchorClicked(QUrl(QStringLiteral("file:///etc/passwd")));
    QCOMPARE(opened.size(), 1);
}

void TestRunbookShapes::groupDetailsShowTitleLinksAndWhatResumesIt()
{
    const Runbook rb = nestedRunbook();
    RunState state(&rb);
    ChecklistModel model;
    model.setRun(&rb, &state);
    const QModelIndex phase = model.index(1, 0, model.sectionIndex(0));
    QCOMPARE(model.data(phase).toString(), QStringLiteral("Phase A: database"));
    ItemDetailsView details;
    details.showGroup(rb, state, rb.sections.first(), model.groupParts(phase));
    const QString html = details.toHtml();
    QVERIFY2(html.contains(QStringLiteral("href=\"https://wiki.example.org/db\"")),
             qPrintable(html));
    const QString plain = details.toPlainText();
    QVERIFY2(plain.startsWith(QStringLiteral("Phase A: database")), qPrintable(plain));
    // The group's own notes, then those of the items resuming it after its nested stages.
    QVERIFY(plain.indexOf(QStringLiteral("Owner: DBA on call")) > 0);
    QVERIFY(plain.indexOf(QStringLiteral("Then tell the room")) >
            plain.indexOf(QStringLiteral("Owner: DBA on call")));
}

void TestRunbookShapes::sectionDetailsIndentNestedGroups()
{
    Runbook rb = nestedRunbook();
    rb.sections[0].groups[2].notes << text(QStringLiteral("Replica lag under 1 s"));
    RunState state(&rb);
    ItemDetailsView details;
    details.showSection(rb, state, 0);
    const QTextDocument* doc = details.document();
    const qreal phase = leftMarginOf(doc, QStringLiteral("Phase A: database"));
    const qreal stage = leftMarginOf(doc, QStringLiteral("Stage 1: replicas"));
    QVERIFY2(phase >= 0 && stage > phase, qPrintable(details.toHtml()));
    // Notes only, indented by depth: bridge > pager > the line that looks like markup (text).
    const int bridge = listIndentOf(doc, QStringLiteral("Bridge:"));
    QCOMPARE(listIndentOf(doc, QStringLiteral("Pager:")), bridge + 1);
    QCOMPARE(listIndentOf(doc, QStringLiteral("<img src=x> stays text")), bridge + 2);
    QVERIFY(!details.toHtml().contains(QStringLiteral("<img")));
    // A continuation has no title of its own: its notes follow without a heading.
    QVERIFY(details.toPlainText().contains(QStringLiteral("Then tell the room")));
}

void TestRunbookShapes::frontMatterIsShownReadOnly()
{
    const Runbook rb = nestedRunbook();
    RunMetadataLabel label;
    label.setRunbook(rb);
    QVERIFY(!label.isHidden());
    QCOMPARE(label.textFormat(), Qt::PlainText);
    // name: became the run's title already; the rest as written, markup as its characters.
    QCOMPARE(label.text(), QStringLiteral("labels: release, <b>infra</b> \u00b7 assignees: @ana"));
    QVERIFY2(label.toolTip().contains(QStringLiteral("runbook line 3")),
             qPrintable(label.toolTip()));
    QVERIFY(!(label.textInteractionFlags() & Qt::TextEditable));

    Runbook none = rb;
    none.metadata.clear();
    label.setRunbook(none);
    QVERIFY(label.isHidden());
    QVERIFY(label.text().isEmpty());

    // In the window, under the run's title; the Summit runbook has no front matter.
    MainWindow window;
    openAndWait(window, test::newSeedRun(m_dir, ++m_runs));
    auto* shown = window.findChild<RunMetadataLabel*>(QStringLiteral("runMetadata"));
    QVERIFY(shown);
    QVERIFY(shown->isHidden());
}

void TestRunbookShapes::longFrontMatterIsCutToTwoLines()
{
    // A `description: |` block of many lines, and more keys than fit: the header above the
    // checklist stays two lines, each value cut with an ellipsis; the tooltip keeps every word.
    Runbook rb = nestedRunbook();
    QString description;
    for (int i = 0; i < 40; ++i)
        description += QStringLiteral("Line %1 of the rollout notes.\n").arg(i);
    description += QStringLiteral("THE END");
    RunbookMetadata about;
    about.key = QStringLiteral("description");
    about.value = description;
    about.pos = SourcePos{5, 1};
    rb.metadata << about;
    for (int i = 0; i < 12; ++i) {
        RunbookMetadata extra;
        extra.key = QStringLiteral("key%1").arg(i);
        extra.value = QStringLiteral("value number %1 of many").arg(i);
        rb.metadata << extra;
    }
    RunMetadataLabel label;
    label.setRunbook(rb);
    const QString full = description.simplified();
    const QString cut = full.left(RunMetadataLabel::kMaxValueChars - 1) + QChar(0x2026);
    QVERIFY2(
        label.text().contains(QStringLiteral("description: ") + cut + QStringLiteral(" \u00b7")),
        qPrintable(label.text()));
    QVERIFY(!label.text().contains(QStringLiteral("THE END")));
    QVERIFY2(label.toolTip().contains(full), qPrintable(label.toolTip()));
    QVERIFY(label.toolTip().contains(QStringLiteral("THE END")));

    // Two lines at most, however narrow the window, with the text from the top.
    label.resize(320, 400);
    label.show();
    QVERIFY(QTest::qWaitForWindowExposed(&label));
    const int lines = label.height() / label.fontMetrics().lineSpacing();
    QVERIFY2(lines <= RunMetadataLabel::kMaxLines,
             qPrintable(QStringLiteral("%1 px, %2 lines").arg(label.height()).arg(lines)));
    QVERIFY(label.heightForWidth(320) > label.height()); // it would wrap to more if allowed
    QVERIFY(label.alignment() & Qt::AlignTop);
}

// With GOLIVE_SHAPES_SCREENSHOTS=DIR: the checklist tree and the details pane over a runbook
// with nested groups, a plain parent, a continuation and notes-only groups.
void TestRunbookShapes::screenshots()
{
    const QString dir = qEnvironmentVariable("GOLIVE_SHAPES_SCREENSHOTS");
    if (dir.isEmpty())
        QSKIP("set GOLIVE_SHAPES_SCREENSHOTS=DIR to write the screenshots");
    const Runbook rb = nestedRunbook();
    RunState state(&rb);
    ChecklistModel model;
    model.setRun(&rb, &state);
    ChecklistStyleProxy proxy;
    proxy.setSourceModel(&model);
    QSplitter splitter;
    auto* tree = new QTreeView(&splitter);
    tree->setModel(&proxy);
    tree->setRootIndex(proxy.mapFromSource(model.sectionIndex(0)));
    tree->setColumnWidth(0, 380);
    tree->expandAll();
    auto* details = new ItemDetailsView(&splitter);
    RunMetadataLabel meta;
    meta.setRunbook(rb);
    splitter.resize(1100, 520);
    splitter.show();
    QVERIFY(QTest::qWaitForWindowExposed(&splitter));
    const QModelIndex contacts = model.index(2, 0, model.sectionIndex(0));
    QVERIFY(contacts.data(ChecklistModel::ReadingRole).toBool());
    tree->setCurrentIndex(proxy.mapFromSource(contacts));
    details->showGroup(rb, state, rb.sections.first(), model.groupParts(contacts));
    QApplication::processEvents();
    QVERIFY(splitter.grab().save(QDir(dir).filePath(QStringLiteral("shapes-reading.png"))));
    details->showSection(rb, state, 0);
    QApplication::processEvents();
    QVERIFY(splitter.grab().save(QDir(dir).filePath(QStringLiteral("shapes-section.png"))));
    meta.resize(600, 40);
    meta.show();
    QVERIFY(meta.grab().save(QDir(dir).filePath(QStringLiteral("shapes-metadata.png"))));
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestRunbookShapes, "screenshots", "GOLIVE_SHAPES_SCREENSHOTS")
#include "tst_runbookshapes.moc"
