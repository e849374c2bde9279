// A failed cutover step in the real window, with the window's clock seam (no real waiting): its
// checklist row (FAILED, the time left, the reason, the failure colour), the red phase badge,
// the header's timer counting down and then up past the deadline (and the wall screen's line
// with it), "Mark step failed" aimed at the current step whatever row is selected, the T-minus
// and since-GO clocks, a header that keeps its height after the GO, and the note mark.
#include "ChecklistModel.h"
#include "CutoverDialogs.h"
#include "CutoverHeader.h"
#include "ItemDetailsView.h"
#include "MainWindow.h"
#include "OnRequestMain.h"
#include "PresentationView.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "Theme.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QApplication>
#include <QBrush>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace golive;

class TestFailedStep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void failedRowAndBadgeAreUnmissable();
    void headerTimerCountsDownThenUp();
    void markFailedTargetsTheCurrentStep();
    void reopenedDuringTheCutoverStartsAtTheStep();
    void failingBeforeTheCutoverIsRefusedInWords();
    void tMinusAndSinceGoReadAsTimers();
    void headerKeepsItsHeightAfterGo();
    void noteMarkSaysWhoAndWhen();
    void screenshots();

private:
    QString newRun();
    void open(MainWindow& window, const QString& path, const QSize& size = QSize(1600, 1000));
    void as(MainWindow& window, const QString& name, const QString& role);
    QAction* action(MainWindow& window, const char* name);
    // Signs `id` through the Sign action and its dialog: "" when recorded, else the refusal.
    QString sign(MainWindow& window, const QString& id);
    // Accepts the reason dialog with `text`; "" when recorded, else what it says.
    QString acceptReason(MainWindow& window, const QString& text);
    void closeBoxes(MainWindow& window);
    bool recordedAll(MainWindow& window, QSignalSpy& recorded);
    void fillStart(MainWindow& window, const QString& value);
    void advance(MainWindow& window, int minutes, int seconds = 0);
    // Pre-checks 4.1, 4.3, 4.4 signed, gate opened by the release captain, GO by the IC.
    void reachCutover(MainWindow& window);
    // 4.5 signed by the engineer, then 4.6 marked failed at the current time ("lock timeout").
    void failStep46(MainWindow& window);
    // The row of `id` in the checklist as the tree shows it (the style proxy), at `column`.
    QModelIndex row(MainWindow& window, const QString& id, int column);

    QTemporaryDir m_dir;
    int m_runs = 0;
    QDateTime m_now;
};

void TestFailedStep::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_failedstep"));
}

void TestFailedStep::init()
{
    m_now = QDateTime(QDate(2026, 5, 1), QTime(5, 0), Qt::UTC);
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Rae Okafor"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
}

QString TestFailedStep::newRun()
{
    return test::newSeedRun(m_dir, ++m_runs, QStringLiteral("failed"));
}

void TestFailedStep::open(MainWindow& window, const QString& path, const QSize& size)
{
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

void TestFailedStep::as(MainWindow& window, const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
    window.refreshCutover();
}

QAction* TestFailedStep::action(MainWindow& window, const char* name)
{
    return window.findChild<QAction*>(QLatin1String(name));
}

void TestFailedStep::advance(MainWindow& window, int minutes, int seconds)
{
    m_now = m_now.addSecs(minutes * 60 + seconds);
    window.refreshCutover();
}

QString TestFailedStep::sign(MainWindow& window, const QString& id)
{
    if (!test::selectItem(window, id))
        return QStringLiteral("(item %1 not found in the tree)").arg(id);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    action(window, "signAction")->trigger();
    SignOffDialog* dialog = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            if (!refused.isEmpty())
                return true;
            for (SignOffDialog* d : window.findChildren<SignOffDialog*>()) {
                if (d->isVisible())
                    dialog = d;
            }
            return dialog != nullptr;
        },
        3000);
    if (!refused.isEmpty()) {
        closeBoxes(window);
        return refused.first().first().toString();
    }
    if (!dialog)
        return QStringLiteral("(no sign-off dialog)");
    dialog->accept();
    if (!recordedAll(window, recorded) && refused.isEmpty())
        return QStringLiteral("(nothing recorded)");
    if (!refused.isEmpty()) {
        closeBoxes(window);
        return refused.first().first().toString();
    }
    return {};
}

QString TestFailedStep::acceptReason(MainWindow& window, const QString& text)
{
    auto* dialog = test::waitForDialog<CutoverReasonDialog>(window);
    if (!dialog)
        return QStringLiteral("(no dialog)");
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    dialog->setText(text);
    dialog->accept();
    if (dialog->isVisible()) {
        const QString error = dialog->errorText();
        return error.isEmpty() ? QStringLiteral("(dialog stayed open)") : error;
    }
    if (!recordedAll(window, recorded))
        return refused.isEmpty() ? QStringLiteral("(nothing recorded)")
                                 : refused.first().first().toString();
    return {};
}

void TestFailedStep::closeBoxes(MainWindow& window)
{
    for (QMessageBox* box : window.findChildren<QMessageBox*>()) {
        box->close();
    }
    QTRY_VERIFY(window.findChildren<QMessageBox*>().isEmpty());
}

bool TestFailedStep::recordedAll(MainWindow& window, QSignalSpy& recorded)
{
    return QTest::qWaitFor([&] { return !recorded.isEmpty() && window.pendingEvents() == 0; },
                           5000);
}

void TestFailedStep::fillStart(MainWindow& window, const QString& value)
{
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY(start);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    start->setText(value);
    emit start->editingFinished();
    QVERIFY(recordedAll(window, recorded));
}

void TestFailedStep::reachCutover(MainWindow& window)
{
    as(window, QStringLiteral("Rae Okafor"), QStringLiteral("release-captain"));
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    for (const char* id : {"4.3", "4.4"})
        QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());
    action(window, "gateAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("war room assembled")), QString());
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "goNoGoAction")->trigger();
    auto* dialog = test::waitForDialog<GoNoGoDialog>(window);
    QVERIFY(dialog);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->setGo(true);
    dialog->accept();
    QVERIFY(recordedAll(window, recorded));
    QCOMPARE(window.state().cutover().phase(), Phase::Cutover);
}

void TestFailedStep::failStep46(MainWindow& window)
{
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QCOMPARE(sign(window, QStringLiteral("4.5")), QString());
    action(window, "stepFailedAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("neo4j migration: lock timeout")), QString());
    QVERIFY(window.state().cutover().failureOf(QStringLiteral("4.6")));
}

QModelIndex TestFailedStep::row(MainWindow& window, const QString& id, int column)
{
    if (!test::selectItem(window, id))
        return {};
    return window.currentTree()->currentIndex().siblingAtColumn(column);
}

// The failed step's row reads FAILED with its time left and reason, in the failure colour,
// and the phase badge says STEP FAILED in red; both go back once the step is signed.
void TestFailedStep::failedRowAndBadgeAreUnmissable()
{
    MainWindow window;
    open(window, newRun());
    reachCutover(window);
    CutoverHeader* header = window.cutoverHeader();
    QCOMPARE(header->phaseText(), QStringLiteral("Cutover"));
    QCOMPARE(row(window, QStringLiteral("4.6"), ChecklistModel::StatusColumn).data().toString(),
             QStringLiteral("Open · 0/2"));
    failStep46(window);
    advance(window, 0, 10);

    QCOMPARE(header->phaseText(), QStringLiteral("Cutover · STEP FAILED"));
    QCOMPARE(header->badgeColor(), themeColour(ThemeColour::DangerBanner));
    // Whole, even at 1280 wide: the badge is never narrower than its words and padding.
    window.resize(1280, 720);
    auto* badge = header->findChild<QLabel*>(QStringLiteral("cutoverPhase"));
    const int needed = badge->fontMetrics().horizontalAdvance(badge->text()) + 2 * 16;
    // However little room the window leaves the header, the layout may not squeeze it below.
    QVERIFY2(badge->minimumWidth() >= needed,
             qPrintable(QStringLiteral("%1 < %2").arg(badge->minimumWidth()).arg(needed)));
    QTRY_VERIFY2(badge->width() >= needed,
                 qPrintable(QStringLiteral("%1 < %2").arg(badge->width()).arg(needed)));
    QVERIFY(header->badgeColor() != CutoverHeader::phaseColor(Phase::Cutover));

    const QModelIndex status = row(window, QStringLiteral("4.6"), ChecklistModel::StatusColumn);
    QCOMPARE(status.data().toString(), QStringLiteral("FAILED · 14:50 left"));
    QCOMPARE(status.data(Qt::ForegroundRole).value<QBrush>().color(),
             themeColour(ThemeColour::ErrorText));
    QVERIFY(status.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(status.data(Qt::BackgroundRole).value<QBrush>().color(),
             themeColour(ThemeColour::FailedRow));
    QVERIFY(status.data(ChecklistModel::StepFailedRole).toBool());
    const QString tip = status.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("FAILED at 05:00 UTC by Eli Novak")) &&
                 tip.contains(QStringLiteral("neo4j migration: lock timeout")) &&
                 tip.contains(QStringLiteral("14:50 left · resolve by 05:15 UTC")),
             qPrintable(tip));
    const QModelIndex note = status.siblingAtColumn(ChecklistModel::NoteColumn);
    QCOMPARE(note.data().toString(), QStringLiteral("FAILED: neo4j migration: lock timeout"));
    // The whole row is filled, the title too, and its mark is not the open ring.
    const QModelIndex title = status.siblingAtColumn(ChecklistModel::ItemColumn);
    QCOMPARE(title.data(Qt::BackgroundRole).value<QBrush>().color(),
             themeColour(ThemeColour::FailedRow));
    const QModelIndex open = row(window, QStringLiteral("4.7"), ChecklistModel::ItemColumn);
    QVERIFY(title.data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage() !=
            open.data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage());
    QVERIFY(!open.data(Qt::BackgroundRole).isValid());
    QVERIFY(!open.data(ChecklistModel::StepFailedRole).toBool());

    // The row counts with the clock (the view is told, every tick), and up past the deadline.
    QSignalSpy changed(status.model(), &QAbstractItemModel::dataChanged);
    advance(window, 0, 1);
    bool told = false;
    for (const QList<QVariant>& args : std::as_const(changed)) {
        const QModelIndex from = args.at(0).toModelIndex();
        const QModelIndex to = args.at(1).toModelIndex();
        told = told || (from.parent() == status.parent() && from.row() <= status.row() &&
                        to.row() >= status.row() && from.column() <= status.column() &&
                        to.column() >= status.column());
    }
    QVERIFY2(told, "the failed step's row is redrawn as the clock moves");
    QCOMPARE(status.data().toString(), QStringLiteral("FAILED · 14:49 left"));
    advance(window, 14, 59);
    QCOMPARE(row(window, QStringLiteral("4.6"), ChecklistModel::StatusColumn).data().toString(),
             QStringLiteral("FAILED · +00:10 over"));

    // Resolved: signed (its sub-items first), the row and the badge are calm again.
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    for (const char* id : {"4.6.1", "4.6.2", "4.6"})
        QCOMPARE(sign(window, QLatin1String(id)), QString());
    QCOMPARE(header->phaseText(), QStringLiteral("Cutover"));
    QCOMPARE(header->badgeColor(), CutoverHeader::phaseColor(Phase::Cutover));
    const QModelIndex signedRow = row(window, QStringLiteral("4.6"), ChecklistModel::StatusColumn);
    QCOMPARE(signedRow.data().toString(), QStringLiteral("Signed · 2/2"));
    QVERIFY(!signedRow.data(Qt::BackgroundRole).isValid());
    window.close();
}

// The header's timer: time left, then time over (it counts up and never rests at 00:00); the
// wall screen's line keeps it, with the rollback proposal under it.
void TestFailedStep::headerTimerCountsDownThenUp()
{
    MainWindow window;
    open(window, newRun());
    reachCutover(window);
    failStep46(window);
    CutoverHeader* header = window.cutoverHeader();
    auto* wall = window.findChild<PresentationView*>(QStringLiteral("presentationView"));
    QVERIFY(wall);
    auto* wallTimer = wall->findChild<QLabel*>(QStringLiteral("presentationTimer"));
    QVERIFY(wallTimer);

    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · 15:00 left"));
    advance(window, 0, 10);
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · 14:50 left"));
    QVERIFY2(header->detailText().startsWith(
                 QStringLiteral("resolve by 05:15 UTC, then golive proposes the rollback\n")),
             qPrintable(header->detailText()));
    QVERIFY2(header->detailText().contains(
                 QStringLiteral("failed at 05:00 UTC (Eli Novak): neo4j migration: lock timeout")),
             qPrintable(header->detailText()));
    QCOMPARE(header->timerLine(), QStringLiteral("4.6 FAILED · 14:50 left · resolve by 05:15 UTC"));
    // The wall shows the header's countdown, short enough for its large type.
    QCOMPARE(wallTimer->text(), header->countdownText());
    QCOMPARE(wall->timerDeadlineText(), QStringLiteral("resolve by 05:15 UTC"));
    const QString red = themeColour(ThemeColour::ErrorText).name();
    auto* countdown = header->findChild<QLabel*>(QStringLiteral("cutoverCountdown"));
    QVERIFY2(countdown->styleSheet().contains(red), qPrintable(countdown->styleSheet()));

    advance(window, 14, 49);
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · 00:01 left"));
    QVERIFY(!window.rollbackProposalVisible());

    // Past the deadline it counts up: two readings, a minute apart.
    advance(window, 0, 53);
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · +00:52 over"));
    QVERIFY2(header->detailText().startsWith(
                 QStringLiteral("was due 05:15 UTC: the rollback is proposed\n")),
             qPrintable(header->detailText()));
    QCOMPARE(header->timerLine(), QStringLiteral("4.6 FAILED · +00:52 over · was due 05:15 UTC"));
    QVERIFY(window.rollbackProposalVisible());
    // The wall keeps the timer, counting up, with the proposal beside it and why below.
    QCOMPARE(wallTimer->text(), header->countdownText());
    auto* wallProposal = wall->findChild<QLabel*>(QStringLiteral("presentationProposal"));
    QVERIFY(wallProposal && !wallProposal->isHidden());
    QCOMPARE(wallProposal->text(), QStringLiteral("ROLLBACK PROPOSED"));
    QCOMPARE(wall->timerDeadlineText(), QString()); // the proposal takes its place
    auto* wallWhy = wall->findChild<QLabel*>(QStringLiteral("presentationProposalDetails"));
    QVERIFY2(wallWhy->text().contains(QStringLiteral("not resolved within 15 minutes")),
             qPrintable(wallWhy->text()));
    advance(window, 1);
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · +01:52 over"));
    QCOMPARE(wallTimer->text(), QStringLiteral("4.6 FAILED · +01:52 over"));
    QVERIFY2(countdown->styleSheet().contains(red), qPrintable(countdown->styleSheet()));
    window.close();
}

// "Mark step failed" marks the step the header names, wherever the cursor is; the dialog says
// so when another step's row is selected.
// A window opened in the middle of a cutover shows the step that matters, not the first tab:
// the failed one while it is open, then the current one.
void TestFailedStep::reopenedDuringTheCutoverStartsAtTheStep()
{
    const QString path = newRun();
    const auto currentId = [](MainWindow& w) {
        return w.currentTree()->currentIndex().data(ChecklistModel::ItemIdRole).toString();
    };
    {
        MainWindow window;
        open(window, path);
        QCOMPARE(currentId(window), QStringLiteral("0.1")); // before the GO: the first tab
        reachCutover(window);
        failStep46(window);
        QTRY_COMPARE(window.pendingEvents(), 0);
        window.close();
    }
    {
        MainWindow window;
        open(window, path);
        QCOMPARE(currentId(window), QStringLiteral("4.6"));
        QVERIFY(window.currentTree()->hasFocus());
        // Its details say it failed, by whom, what and by when, before anything else.
        const QString details = window.findChild<ItemDetailsView*>()->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("FAILED at 05:00 UTC by Eli Novak (Engineer): "
                                                 "neo4j migration: lock timeout · due 05:15 UTC")),
                 qPrintable(details));
        // Resolved (its sub-items signed, then the step): the next one is where it starts.
        QCOMPARE(sign(window, QStringLiteral("4.6.1")), QString());
        QCOMPARE(sign(window, QStringLiteral("4.6.2")), QString());
        QCOMPARE(sign(window, QStringLiteral("4.6")), QString());
        QTRY_COMPARE(window.pendingEvents(), 0);
        window.close();
    }
    MainWindow window;
    open(window, path);
    QCOMPARE(currentId(window), QStringLiteral("4.7"));
    window.close();
}

void TestFailedStep::markFailedTargetsTheCurrentStep()
{
    MainWindow window;
    open(window, newRun());
    reachCutover(window);
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QCOMPARE(sign(window, QStringLiteral("4.5")), QString());
    QCOMPARE(window.cutoverHeader()->countdownText(), QStringLiteral("Next step 4.6"));

    // A later step's sub-item under the cursor: the current step is still the one marked.
    QVERIFY(test::selectItem(window, QStringLiteral("4.8.1")));
    window.refreshCutover();
    QAction* failed = action(window, "stepFailedAction");
    QVERIFY(failed->isEnabled());
    QVERIFY2(failed->text().contains(QStringLiteral("4.6")), qPrintable(failed->text()));
    failed->trigger();
    auto* dialog = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(dialog);
    QVERIFY2(dialog->windowTitle().contains(QStringLiteral("4.6")),
             qPrintable(dialog->windowTitle()));
    QVERIFY2(dialog->warningText().contains(QStringLiteral("4.8.1 is selected")) &&
                 dialog->warningText().contains(QStringLiteral("current step, 4.6")),
             qPrintable(dialog->warningText()));
    QCOMPARE(acceptReason(window, QStringLiteral("schema lock")), QString());
    const CutoverState& cut = window.state().cutover();
    QVERIFY(cut.failureOf(QStringLiteral("4.6")));
    QVERIFY(!cut.failureOf(QStringLiteral("4.8")));
    QCOMPARE(window.state().events().constLast().itemId, QStringLiteral("4.6"));

    // The current step's own row selected: no warning.
    QCOMPARE(sign(window, QStringLiteral("4.6.1")), QString());
    QCOMPARE(sign(window, QStringLiteral("4.6.2")), QString());
    QCOMPARE(sign(window, QStringLiteral("4.6")), QString());
    QVERIFY(test::selectItem(window, QStringLiteral("4.7")));
    window.refreshCutover();
    failed->trigger();
    dialog = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(dialog);
    QVERIFY2(dialog->windowTitle().contains(QStringLiteral("4.7")),
             qPrintable(dialog->windowTitle()));
    QCOMPARE(dialog->warningText(), QString());
    dialog->reject();
    window.close();
}

// Before the GO no step has started: the window refuses in the rules' words, and opens no
// dialog.
void TestFailedStep::failingBeforeTheCutoverIsRefusedInWords()
{
    MainWindow window;
    open(window, newRun());
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QVERIFY(test::selectItem(window, QStringLiteral("4.6")));
    window.refreshCutover();
    QAction* failed = action(window, "stepFailedAction");
    QVERIFY(!failed->isEnabled());
    QVERIFY2(failed->toolTip().contains(QStringLiteral("only while the cutover runs")),
             qPrintable(failed->toolTip()));
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    window.markStepFailed();
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(
                 QStringLiteral("a step fails only while the cutover runs")),
             qPrintable(refused.first().first().toString()));
    QVERIFY(!test::waitForDialog<CutoverReasonDialog>(window, 200));
    closeBoxes(window);
    QVERIFY(window.state().cutover().openFailures().isEmpty());
    window.close();
}

// T-minus in hours, minutes and seconds; after the GO the time since it and how late it was;
// in a rollback, the time since it started.
void TestFailedStep::tMinusAndSinceGoReadAsTimers()
{
    MainWindow window;
    open(window, newRun());
    CutoverHeader* header = window.cutoverHeader();
    fillStart(window, QStringLiteral("2026-05-01 05:48 UTC"));
    QCOMPARE(header->tMinusLabelText(), QStringLiteral("T-00:48:00 · start 05:48 UTC"));
    advance(window, 0, 30);
    QCOMPARE(header->tMinusLabelText(), QStringLiteral("T-00:47:30 · start 05:48 UTC"));
    advance(window, 50); // 05:50:30, the GO two minutes after the planned start
    reachCutover(window);
    QCOMPARE(header->tMinusLabelText(), QStringLiteral("GO +00:00:00 · 2 min late"));
    advance(window, 12, 30);
    QCOMPARE(header->tMinusLabelText(), QStringLiteral("GO +00:12:30 · 2 min late"));
    QVERIFY2(header->findChild<QLabel*>(QStringLiteral("cutoverTMinus"))
                 ->toolTip()
                 .contains(QStringLiteral("2026-05-01 05:48 UTC")),
             "the tooltip names the planned start");

    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "rollbackAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("payments down")), QString());
    advance(window, 4, 10);
    QCOMPARE(header->tMinusLabelText(), QStringLiteral("Rollback +00:04:10"));
    window.close();
}

// The header keeps its height when the cutover starts and when a step fails: the checklist
// below it does not move.
void TestFailedStep::headerKeepsItsHeightAfterGo()
{
    MainWindow window;
    open(window, newRun(), QSize(1280, 720));
    fillStart(window, QStringLiteral("2026-05-01 05:00 UTC"));
    QApplication::processEvents();
    // The section tabs sit right above the checklist: where they are, the checklist starts.
    const auto treeTop = [&] {
        QApplication::processEvents();
        return window.tabs()->mapTo(&window, QPoint(0, 0)).y() + window.tabs()->height();
    };
    const int before = treeTop();
    const int headerBefore = window.cutoverHeader()->height();
    // The countdown and its two note lines hold their room while empty.
    auto* note = window.cutoverHeader()->findChild<QLabel*>(QStringLiteral("cutoverCountdownNote"));
    auto* countdown =
        window.cutoverHeader()->findChild<QLabel*>(QStringLiteral("cutoverCountdown"));
    QVERIFY(note && countdown);
    QCOMPARE(window.cutoverHeader()->countdownText(), QString());
    const QRect noteBefore = note->geometry();
    const QRect countdownBefore = countdown->geometry();
    QVERIFY(noteBefore.height() >= 2 * note->fontMetrics().lineSpacing());
    reachCutover(window);
    QCOMPARE(window.cutoverHeader()->height(), headerBefore);
    QCOMPARE(treeTop(), before);
    QCOMPARE(countdown->geometry().top(), countdownBefore.top());
    QCOMPARE(note->geometry().top(), noteBefore.top());
    failStep46(window);
    advance(window, 0, 10);
    QCOMPARE(window.cutoverHeader()->height(), headerBefore);
    QCOMPARE(treeTop(), before);
    window.close();
}

// A row with a note carries a mark; its tooltip says who added the note and when.
void TestFailedStep::noteMarkSaysWhoAndWhen()
{
    MainWindow window;
    open(window, newRun());
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    const QString plain =
        row(window, QStringLiteral("1.1"), ChecklistModel::ItemColumn).data().toString();
    QVERIFY(!plain.contains(QChar(0x270e)));
    // Add note (Ctrl+Shift+M) on the selected row, as a person would.
    QAction* addNote = nullptr;
    for (QAction* a : window.actions()) {
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M))
            addNote = a;
    }
    QVERIFY(addNote);
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    addNote->trigger();
    auto* dialog = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(dialog);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->setText(QStringLiteral("waiting for the DBA"));
    dialog->accept();
    QVERIFY(recordedAll(window, recorded));
    QCOMPARE(window.state().events().constLast().kind, EventKind::NoteAdded);
    const QModelIndex title = row(window, QStringLiteral("1.1"), ChecklistModel::ItemColumn);
    QCOMPARE(title.data().toString(), plain + QStringLiteral("  ✎"));
    QCOMPARE(title.data(ChecklistModel::NoteCountRole).toInt(), 1);
    const QString tip = title.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(
                 QStringLiteral("Note by Eli Novak (Engineer) at 05:00 UTC: waiting for the DBA")),
             qPrintable(tip));
    const QString noteTip =
        title.siblingAtColumn(ChecklistModel::NoteColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(noteTip.contains(QStringLiteral("Note by Eli Novak (Engineer) at 05:00 UTC")),
             qPrintable(noteTip));
    // Other rows carry no mark.
    QVERIFY(!row(window, QStringLiteral("1.2"), ChecklistModel::ItemColumn)
                 .data()
                 .toString()
                 .contains(QChar(0x270e)));
    window.close();
}

// Offscreen screenshots for the review: a failed step before and after its deadline, at the
// two window sizes the room uses most.
void TestFailedStep::screenshots()
{
    const QString out = qEnvironmentVariable("GOLIVE_CUTOVER_SCREENSHOTS");
    if (out.isEmpty())
        QSKIP("set GOLIVE_CUTOVER_SCREENSHOTS=DIR to write the screenshots");
    applyTheme(qEnvironmentVariable("GOLIVE_CUTOVER_THEME") == QLatin1String("light")
                   ? Theme::Light
                   : Theme::Dark);
    for (const QSize& size : {QSize(1280, 720), QSize(1472, 920), QSize(1920, 1080)}) {
        init();
        MainWindow window;
        open(window, newRun(), size);
        fillStart(window, QStringLiteral("2026-05-01 04:55 UTC"));
        const QString tag = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
        QApplication::processEvents();
        QVERIFY(window.grab().save(QDir(out).filePath(tag + QStringLiteral("-a-preparing.png"))));
        reachCutover(window);
        advance(window, 3);
        failStep46(window);
        advance(window, 3, 25);
        QVERIFY(test::selectItem(window, QStringLiteral("4.8")));
        QApplication::processEvents();
        QVERIFY(window.grab().save(QDir(out).filePath(tag + QStringLiteral("-b-failed.png"))));
        advance(window, 12, 27);
        as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
        QApplication::processEvents();
        QVERIFY(window.grab().save(QDir(out).filePath(tag + QStringLiteral("-c-expired.png"))));
        action(window, "rollbackAction")->trigger();
        QCOMPARE(acceptReason(window, QStringLiteral("4.6 not resolved within 15 minutes")),
                 QString());
        advance(window, 4, 10);
        QApplication::processEvents();
        QVERIFY(window.grab().save(QDir(out).filePath(tag + QStringLiteral("-d-rollback.png"))));
        window.close();
    }
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestFailedStep, "screenshots", "GOLIVE_CUTOVER_SCREENSHOTS")
#include "tst_failedstep.moc"
