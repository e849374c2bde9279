// Read under pressure, in the real window on the Summit runbook with the fake clock: the wall
// screen during a failed step (a red STEP FAILED badge, no "Next:", the failure timer as large
// as the clock and still there after its deadline, the rollback proposal as one short red line),
// the wall read from the back of the room at 1920x1080 (no state text under 24 px, a breach
// fills its panel, nothing pushed off the screen), and the window at 1280x720 with nothing
// clipped (labels, section tabs, the SLO dock's toolbar, the details pane's history).
// GOLIVE_READABILITY_SCREENSHOTS=DIR also writes screenshots of both at both sizes.
#include "CutoverDialogs.h"
#include "CutoverHeader.h"
#include "Dashboard.h"
#include "HelpOverlay.h"
#include "ItemDetailsView.h"
#include "MainWindow.h"
#include "OnRequestMain.h"
#include "PresentationText.h"
#include "PresentationView.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "SloDashboardDock.h"
#include "SloPanelWidget.h"
#include "Theme.h"
#include "WindowTestSupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

using namespace golive;

class TestReadability : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void wallShowsAFailedStepAndItsTimer();
    void wallReadsFromTheBackOfTheRoom();
    void nothingClippedAt1280x720();
    void historyShowsOneEventPerLine();
    void altDigitOpensASectionTab();
    void screenshots();

private:
    void open(MainWindow& window, const QString& path, const QSize& size);
    void as(MainWindow& window, const QString& name, const QString& role);
    QAction* action(MainWindow& window, const char* name);
    QString sign(MainWindow& window, const QString& id);
    QString acceptReason(MainWindow& window, const QString& text);
    bool recordedAll(MainWindow& window, QSignalSpy& recorded);
    void advance(MainWindow& window, int minutes, int seconds = 0);
    // Start at 05:00, the demo dashboard, GO at 05:00; 4.5 signed, 4.6 failed at 05:03.
    void reachFailedStep(MainWindow& window);
    void showWall(MainWindow& window, const QSize& size);
    static Dashboard summit();

    QTemporaryDir m_dir;
    int m_runs = 0;
    QDateTime m_now;
};

void TestReadability::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_readability"));
}

void TestReadability::init()
{
    QSettings().clear();
    m_now = QDateTime(QDate(2026, 5, 1), QTime(5, 0), Qt::UTC);
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Rae Okafor"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
    applyStartupTheme(QString());
}

Dashboard TestReadability::summit()
{
    QString error;
    const auto d = Dashboard::fromFile(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"), &error);
    return d ? *d : Dashboard();
}

void TestReadability::open(MainWindow& window, const QString& path, const QSize& size)
{
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
    window.resize(size);
}

void TestReadability::as(MainWindow& window, const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
    window.refreshCutover();
}

QAction* TestReadability::action(MainWindow& window, const char* name)
{
    return window.findChild<QAction*>(QLatin1String(name));
}

void TestReadability::advance(MainWindow& window, int minutes, int seconds)
{
    m_now = m_now.addSecs(minutes * 60 + seconds);
    window.refreshCutover();
}

bool TestReadability::recordedAll(MainWindow& window, QSignalSpy& recorded)
{
    return QTest::qWaitFor([&] { return !recorded.isEmpty() && window.pendingEvents() == 0; },
                           5000);
}

QString TestReadability::sign(MainWindow& window, const QString& id)
{
    if (!test::selectItem(window, id))
        return QStringLiteral("(item %1 not found)").arg(id);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    action(window, "signAction")->trigger();
    SignOffDialog* dialog = test::waitForDialog<SignOffDialog>(window);
    if (!dialog)
        return QStringLiteral("(no sign-off dialog)");
    dialog->accept();
    return recordedAll(window, recorded) ? QString() : QStringLiteral("(nothing recorded)");
}

QString TestReadability::acceptReason(MainWindow& window, const QString& text)
{
    auto* dialog = test::waitForDialog<CutoverReasonDialog>(window);
    if (!dialog)
        return QStringLiteral("(no dialog)");
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->setText(text);
    dialog->accept();
    if (dialog->isVisible())
        return dialog->errorText();
    return recordedAll(window, recorded) ? QString() : QStringLiteral("(nothing recorded)");
}

void TestReadability::reachFailedStep(MainWindow& window)
{
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY(start);
    {
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        start->setText(QStringLiteral("2026-05-01 05:00 UTC"));
        emit start->editingFinished();
        QVERIFY(recordedAll(window, recorded));
    }
    window.useConfiguredSource(QString(), true, summit());
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    for (const char* id : {"4.3", "4.4"})
        QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());
    action(window, "gateAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("war room assembled")), QString());
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "goNoGoAction")->trigger();
    GoNoGoDialog* go = nullptr;
    QTRY_VERIFY((go = window.findChild<GoNoGoDialog*>()) && go->isVisible());
    {
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        go->setGo(true);
        go->accept();
        QVERIFY(recordedAll(window, recorded));
    }
    QCOMPARE(window.state().cutover().phase(), Phase::Cutover);
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    advance(window, 3);
    QCOMPARE(sign(window, QStringLiteral("4.5")), QString());
    QVERIFY(test::selectItem(window, QStringLiteral("4.6")));
    window.refreshCutover();
    action(window, "stepFailedAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("neo4j migration: lock timeout")), QString());
    QVERIFY(window.state().cutover().stepFailedAlarm());
}

void TestReadability::showWall(MainWindow& window, const QSize& size)
{
    PresentationView* view = window.presentationView();
    view->setPresenting(true);
    QTRY_VERIFY(view->isVisible());
    view->showNormal();
    view->resize(size);
    QTRY_COMPARE(view->size(), size);
    QTRY_VERIFY_WITH_TIMEOUT(!view->panels().isEmpty() &&
                                 std::all_of(view->panels().cbegin(), view->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    QApplication::processEvents();
}

namespace {

// Labels narrower than their text, unless they elide on purpose ("elidesOnPurpose", with the
// whole text in the tooltip); word-wrapped labels wrap instead of clipping.
QStringList clippedLabels(QWidget* root)
{
    QStringList out;
    for (QLabel* label : root->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(root) || label->text().isEmpty() || label->wordWrap()) {
            continue;
        }
        if (label->property("elidesOnPurpose").toBool() && !label->toolTip().isEmpty()) {
            continue;
        }
        const QSize hint = label->sizeHint();
        // Cut by what holds it (a scroll area narrower than its panels): part of its width
        // hidden. A label scrolled out of sight entirely is not cut.
        const QRect seen = label->visibleRegion().boundingRect();
        const bool cutAcross = !seen.isEmpty() && seen.width() < label->width();
        if (cutAcross || label->width() < hint.width() ||
            label->height() < label->minimumSizeHint().height()) {
            out << QStringLiteral("%1 \"%2\" (%3x%4 < %5x%6)")
                       .arg(label->objectName().isEmpty() ? QStringLiteral("(unnamed)")
                                                          : label->objectName(),
                            label->text().left(60))
                       .arg(label->width())
                       .arg(label->height())
                       .arg(hint.width())
                       .arg(hint.height());
        }
    }
    return out;
}

} // namespace

// 1, 2: the failed step on the wall screen.
void TestReadability::wallShowsAFailedStepAndItsTimer()
{
    MainWindow window;
    open(window, test::newSeedRun(m_dir, ++m_runs), QSize(1280, 720));
    reachFailedStep(window);
    showWall(window, QSize(1920, 1080));
    PresentationView* view = window.presentationView();
    auto* phase = view->findChild<QLabel*>(QStringLiteral("presentationPhase"));
    auto* timer = view->findChild<QLabel*>(QStringLiteral("presentationTimer"));
    auto* clock = view->findChild<QLabel*>(QStringLiteral("presentationClock"));
    auto* next = view->findChild<QLabel*>(QStringLiteral("presentationNext"));

    // The badge in red, with the words.
    QCOMPARE(view->phaseText(), QStringLiteral("Cutover · STEP FAILED"));
    QVERIFY(view->stepFailedAlarm());
    QVERIFY2(phase->styleSheet().contains(themeColour(ThemeColour::WallBreach).name()),
             qPrintable(phase->styleSheet()));
    // What failed, never a "Next:" line while it is open.
    QVERIFY2(!view->nextText().contains(QStringLiteral("Next:")), qPrintable(view->nextText()));
    QVERIFY2(view->nextText().contains(QStringLiteral("4.6")), qPrintable(view->nextText()));
    QVERIFY(next->isVisible());
    // The timer: the header's words, in red, at least as large as the clock.
    QVERIFY(timer->isVisible());
    QVERIFY(!view->timerText().isEmpty());
    QCOMPARE(view->timerText(), window.cutoverHeader()->countdownText());
    QVERIFY2(timer->styleSheet().contains(themeColour(ThemeColour::WallAlarmText).name()),
             qPrintable(timer->styleSheet()));
    QVERIFY2(QFontInfo(timer->font()).pixelSize() >= QFontInfo(clock->font()).pixelSize(),
             qPrintable(QStringLiteral("timer %1 px, clock %2 px")
                            .arg(QFontInfo(timer->font()).pixelSize())
                            .arg(QFontInfo(clock->font()).pixelSize())));
    auto* proposal = view->findChild<QLabel*>(QStringLiteral("presentationProposal"));
    QVERIFY(!proposal->isVisible());

    // Past the deadline the timer stays (counting up), the proposal comes below it.
    advance(window, 15, 30);
    QVERIFY(window.rollbackProposalVisible());
    QVERIFY(timer->isVisible());
    QCOMPARE(view->timerText(), window.cutoverHeader()->countdownText());
    QVERIFY(proposal->isVisible());
    QCOMPARE(proposal->text(), QStringLiteral("ROLLBACK PROPOSED"));
    auto* details = view->findChild<QLabel*>(QStringLiteral("presentationProposalDetails"));
    QVERIFY(details->isVisible());
    QVERIFY2(details->text().contains(QStringLiteral("4.6")), qPrintable(details->text()));
    QVERIFY(QFontInfo(details->font()).pixelSize() < QFontInfo(proposal->font()).pixelSize());
    // One short line: no wider than the view, one line high.
    QVERIFY(!proposal->wordWrap());
    QVERIFY(proposal->sizeHint().width() < view->width() / 2);

    // The rollback starts: the alarm is over, the proposal goes.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "rollbackAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("4.6 not resolved within 15 minutes")), QString());
    QCOMPARE(view->phaseText(), QStringLiteral("Rollback"));
    QVERIFY(!view->stepFailedAlarm());
    QVERIFY(!proposal->isVisible());
    QVERIFY(!phase->styleSheet().contains(themeColour(ThemeColour::WallBreach).name()) ||
            themeColour(ThemeColour::WallBreach) == themeColour(ThemeColour::WallPhaseRollback));
    view->setPresenting(false);
    window.close();
}

// 8: at 1920x1080 during a failed step past its deadline, every word that carries state is
// 24 px or more and on the screen; a panel in breach is filled.
void TestReadability::wallReadsFromTheBackOfTheRoom()
{
    MainWindow window;
    open(window, test::newSeedRun(m_dir, ++m_runs), QSize(1280, 720));
    reachFailedStep(window);
    advance(window, 15, 30);
    QVERIFY(window.rollbackProposalVisible());
    showWall(window, QSize(1920, 1080));
    PresentationView* view = window.presentationView();
    // The health lights come from the dashboard's checks, as the window feeds them.
    QTRY_VERIFY(!view->findChildren<QLabel*>(QStringLiteral("healthLight")).isEmpty());

    const int minimum = int(kWallMinimumTextPx);
    QStringList small;
    QStringList outside;
    const QRect screen = view->rect();
    for (QLabel* label : view->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(view) || label->text().isEmpty()) {
            continue;
        }
        const QString name =
            label->objectName().isEmpty() ? QStringLiteral("(unnamed)") : label->objectName();
        const int pixels = QFontInfo(label->font()).pixelSize();
        if (pixels < minimum) {
            small
                << QStringLiteral("%1 \"%2\" %3 px").arg(name, label->text().left(40)).arg(pixels);
        }
        const QRect r(label->mapTo(view, QPoint(0, 0)), label->size());
        if (!screen.contains(r)) {
            outside << QStringLiteral("%1 \"%2\"").arg(name, label->text().left(40));
        }
    }
    QVERIFY2(small.isEmpty(), qPrintable(small.join(QStringLiteral("; "))));
    QVERIFY2(outside.isEmpty(), qPrintable(outside.join(QStringLiteral("; "))));
    // Nothing clipped once the wall has laid itself out: a panel that got its value just now
    // lays out its label, then the grid, one posted event after the other.
    QTRY_VERIFY2(clippedLabels(view).isEmpty(),
                 qPrintable(clippedLabels(view).join(QStringLiteral("\n"))));

    // A panel in breach is filled with the breach colour, not only bordered.
    SloPanelWidget* panel = view->panels().constFirst();
    QVERIFY(panel->fillsOnBreach());
    PanelUpdate update;
    update.panelId = panel->definition().id;
    update.ok = true;
    update.state = SloState::Breach;
    update.currentValue = panel->definition().slo.objective * 3;
    update.fetchedAtUtc = m_now;
    update.demo = true;
    panel->applyUpdate(update);
    QCOMPARE(panel->state(), SloState::Breach);
    QApplication::processEvents();
    const QImage image = panel->grab().toImage();
    const QColor fill = themeColour(ThemeColour::WallBreachFill);
    QCOMPARE(image.pixelColor(6, image.height() / 2).name(), fill.name());
    QCOMPARE(image.pixelColor(image.width() - 6, image.height() / 2).name(), fill.name());
    view->setPresenting(false);
    window.close();
}

// 9 and the elision check: the real window at 1280x720, during a cutover with a failed step.
void TestReadability::nothingClippedAt1280x720()
{
    MainWindow window;
    open(window, test::newSeedRun(m_dir, ++m_runs), QSize(1280, 720));
    reachFailedStep(window);
    advance(window, 2);
    QTRY_VERIFY_WITH_TIMEOUT(!window.sloDock()->panels().isEmpty() &&
                                 window.sloDock()->panels().constFirst()->hasData(),
                             10000);
    QVERIFY(test::selectItem(window, QStringLiteral("4.6")));
    QApplication::processEvents();
    QCOMPARE(window.size(), QSize(1280, 720));

    const QStringList clipped = clippedLabels(&window);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("\n"))));

    // The section tabs fit the bar (or elide), each with its full title in the tooltip.
    QTabBar* tabs = window.tabs();
    QStringList tabProblems;
    for (int i = 0; i < tabs->count(); ++i) {
        if (!tabs->rect().contains(tabs->tabRect(i))) {
            tabProblems
                << QStringLiteral("tab %1 \"%2\" outside the bar").arg(i).arg(tabs->tabText(i));
        }
        const QString title = window.runbook().sections.at(i).title;
        if (!tabs->tabToolTip(i).contains(title.left(20))) {
            tabProblems << QStringLiteral("tab %1 tooltip \"%2\"").arg(i).arg(tabs->tabToolTip(i));
        }
    }
    QVERIFY2(tabProblems.isEmpty(), qPrintable(tabProblems.join(QStringLiteral("\n"))));

    // The SLO dock's toolbars keep every control whole: nothing in an overflow menu.
    const QList<QToolBar*> toolbars = window.sloDock()->findChildren<QToolBar*>();
    QVERIFY(!toolbars.isEmpty());
    QStringList toolbarProblems;
    for (QToolBar* toolbar : toolbars) {
        QVERIFY(toolbar->isVisible());
        if (auto* more = toolbar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
            more && more->isVisible()) {
            toolbarProblems
                << QStringLiteral("%1: overflow button shown").arg(toolbar->objectName());
        }
        for (QWidget* w : toolbar->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
            if (!w->isWindow() && w->isVisibleTo(toolbar) &&
                !toolbar->rect().contains(w->geometry())) {
                toolbarProblems
                    << QStringLiteral("%1 outside %2").arg(w->objectName(), toolbar->objectName());
            }
            if (auto* button = qobject_cast<QAbstractButton*>(w);
                button && button->isVisibleTo(toolbar) &&
                button->width() < button->sizeHint().width()) {
                toolbarProblems << QStringLiteral("button \"%1\" cut").arg(button->text());
            }
        }
    }
    QVERIFY2(toolbarProblems.isEmpty(), qPrintable(toolbarProblems.join(QStringLiteral("\n"))));
    window.close();
}

// 9: the details pane's history, one event per line: a time stamp never broken in two.
void TestReadability::historyShowsOneEventPerLine()
{
    MainWindow window;
    open(window, test::newSeedRun(m_dir, ++m_runs), QSize(1280, 720));
    reachFailedStep(window);
    QVERIFY(test::selectItem(window, QStringLiteral("4.5")));
    QApplication::processEvents();
    auto* details = window.findChild<ItemDetailsView*>();
    QVERIFY(details && details->isVisible());
    QTextDocument* doc = details->document();
    doc->setTextWidth(details->viewport()->width());
    const QString stamp = QStringLiteral("2026-05-01");
    int found = 0;
    QStringList broken;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        const qsizetype at = block.text().indexOf(stamp);
        if (at < 0) {
            continue;
        }
        ++found;
        // The date and time of the event ("2026-05-01 05:03:00 UTC") on one line of the layout.
        const int length = int(QStringLiteral("2026-05-01 05:03:00 UTC").size());
        QTextLayout* layout = block.layout();
        const QTextLine first = layout->lineForTextPosition(int(at));
        const QTextLine last = layout->lineForTextPosition(int(at) + length - 1);
        if (!first.isValid() || !last.isValid() || first.lineNumber() != last.lineNumber()) {
            broken << block.text();
        }
    }
    QVERIFY2(found >= 1, qPrintable(doc->toPlainText()));
    QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QStringLiteral("\n"))));
    window.close();
}

// 9: Alt+1 opens the first section tab (Alt+1..9 the first nine), and the help says so.
void TestReadability::altDigitOpensASectionTab()
{
    MainWindow window;
    open(window, test::newSeedRun(m_dir, ++m_runs), QSize(1280, 720));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(test::selectItem(window, QStringLiteral("4.5")));
    QVERIFY(window.tabs()->currentIndex() != 0);
    QTest::keyClick(window.currentTree(), Qt::Key_1, Qt::AltModifier);
    QCOMPARE(window.tabs()->currentIndex(), 0);
    QCOMPARE(QApplication::focusWidget(), window.currentTree());
    QTest::keyClick(window.currentTree(), Qt::Key_3, Qt::AltModifier);
    QCOMPARE(window.tabs()->currentIndex(), 2);

    window.currentTree()->setFocus();
    QTest::keyClick(window.currentTree(), Qt::Key_F1);
    QTRY_VERIFY(window.helpOverlay()->isVisible());
    bool said = false;
    for (const HelpOverlay::Entry& e : window.helpOverlay()->entries()) {
        said = said || (e.keys.contains(QStringLiteral("Alt+1")) &&
                        e.keys.contains(QStringLiteral("Alt+9")));
    }
    QVERIFY(said);
    QTest::keyClick(window.helpOverlay(), Qt::Key_Escape);
    window.close();
}

// With GOLIVE_READABILITY_SCREENSHOTS=DIR: the window and the wall screen during a failed step,
// after its deadline and during the rollback, at 1280x720 and 1920x1080.
void TestReadability::screenshots()
{
    const QString dir = qEnvironmentVariable("GOLIVE_READABILITY_SCREENSHOTS");
    if (dir.isEmpty()) {
        QSKIP("set GOLIVE_READABILITY_SCREENSHOTS=DIR to write the screenshots");
    }
    const QList<QSize> sizes{QSize(1280, 720), QSize(1920, 1080)};
    for (const QSize& size : sizes) {
        MainWindow window;
        open(window, test::newSeedRun(m_dir, ++m_runs), size);
        reachFailedStep(window);
        const auto shoot = [&](const QString& moment) {
            window.presentationView()->setPresenting(false);
            QTRY_VERIFY(!window.presentationView()->isVisible());
            window.resize(size);
            QApplication::processEvents();
            const QString suffix =
                QStringLiteral("%1-%2x%3.png").arg(moment).arg(size.width()).arg(size.height());
            QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("window-") + suffix)));
            showWall(window, size);
            QTest::qWait(200);
            QVERIFY(window.presentationView()->grab().save(
                QDir(dir).filePath(QStringLiteral("wall-") + suffix)));
        };
        advance(window, 3, 10);
        shoot(QStringLiteral("failed"));
        advance(window, 12, 52);
        shoot(QStringLiteral("expired"));
        window.presentationView()->setPresenting(false);
        as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
        action(window, "rollbackAction")->trigger();
        QCOMPARE(acceptReason(window, QStringLiteral("4.6 not resolved within 15 minutes")),
                 QString());
        advance(window, 2);
        shoot(QStringLiteral("rollback"));
        window.presentationView()->setPresenting(false);
        window.close();
    }
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestReadability, "screenshots", "GOLIVE_READABILITY_SCREENSHOTS")
#include "tst_readability.moc"
