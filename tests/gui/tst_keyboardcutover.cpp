// The incident commander's cutover from the keyboard alone: the gate (Ctrl+Shift+G, a reason,
// Enter), the GO (Ctrl+G, Space on GO, Enter), every step found by typing its id in the
// checklist and signed with Space and Enter (a reason typed where sub-items are open), then
// Live (Ctrl+Shift+L, a reason, Enter). No mouse, no action triggered by the test itself; the
// pre-checks before it are signed by the test's helpers.
#include "ChecklistController.h"
#include "CutoverDialogs.h"
#include "GoNoGoDialog.h"
#include "MainWindow.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "WindowTestSupport.h"

#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTreeView>

using namespace golive;

class TestKeyboardCutover : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aWholeCutoverFromTheKeyboard();

private:
    void as(MainWindow& window, const char* name, const char* role);
    // Presses `key` where the keyboard is now (the focused widget, else the active window).
    void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void type(const QString& text);
    // A dialog that opened takes the keyboard, as the window manager gives it (offscreen has
    // none to).
    static bool activate(QWidget* dialog);
    bool recorded(MainWindow& window, QSignalSpy& spy);

    QTemporaryDir m_dir;
    QWidget* m_window = nullptr;
    QDateTime m_now = QDateTime(QDate(2026, 5, 1), QTime(5, 0), QTimeZone::utc());
};

void TestKeyboardCutover::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_keyboardcutover"));
}

void TestKeyboardCutover::as(MainWindow& window, const char* name, const char* role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, QString::fromUtf8(name));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QLatin1String(role));
    window.refreshCutover();
}

void TestKeyboardCutover::press(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    // A dialog that closed gives the keyboard back to the window, as a window manager does.
    if (!QApplication::activeWindow() && m_window)
        QVERIFY(activate(m_window));
    QWidget* target = QApplication::focusWidget();
    if (!target)
        target = QApplication::activeWindow();
    QVERIFY(target);
    QTest::keyClick(target, key, modifiers);
}

void TestKeyboardCutover::type(const QString& text)
{
    QWidget* target = QApplication::focusWidget();
    QVERIFY(target);
    QTest::keyClicks(target, text);
}

bool TestKeyboardCutover::activate(QWidget* dialog)
{
    if (!dialog)
        return false;
    dialog->activateWindow();
    // The platform's window first, then the application's idea of it (the keyboard's target).
    return QTest::qWaitForWindowActive(dialog) &&
           QTest::qWaitFor([dialog] { return QApplication::activeWindow() == dialog; }, 3000);
}

bool TestKeyboardCutover::recorded(MainWindow& window, QSignalSpy& spy)
{
    return QTest::qWaitFor([&] { return !spy.isEmpty() && window.pendingEvents() == 0; }, 5000);
}

void TestKeyboardCutover::aWholeCutoverFromTheKeyboard()
{
    MainWindow window;
    m_window = &window;
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(test::newSeedRun(m_dir, 1, QStringLiteral("keyboard")));
    QVERIFY(opened.wait(5000));
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // Before the cutover, by the helpers: the pre-checks.
    as(window, "Rae Okafor", "release-captain");
    QVERIFY(test::selectItem(window, QStringLiteral("4.1")));
    for (const char* id : {"4.1", "4.3", "4.4"})
        QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());

    // The gate: the release captain.
    QSignalSpy events(&window, &MainWindow::eventRecorded);
    press(Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
    auto* gate = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(activate(gate));
    type(QStringLiteral("war room assembled"));
    press(Qt::Key_Return);
    QVERIFY(recorded(window, events));
    QCOMPARE(window.state().cutover().phase(), Phase::GoNoGo);

    // The GO: the incident commander.
    as(window, "Inès Duarte", "incident-commander");
    events.clear();
    press(Qt::Key_G, Qt::ControlModifier);
    QVERIFY(activate(test::waitForDialog<GoNoGoDialog>(window)));
    QTRY_VERIFY(QApplication::focusWidget() &&
                QApplication::focusWidget()->objectName() == QLatin1String("goButton"));
    press(Qt::Key_Space);
    press(Qt::Key_Return);
    QVERIFY(recorded(window, events));
    QCOMPARE(window.state().cutover().phase(), Phase::Cutover);

    // The steps, in order: each found by typing its id in the checklist, Space, Enter.
    as(window, "Eli Novak", "engineer");
    const CutoverPlan& plan = window.state().plan();
    for (const QString& step : plan.stepIds) {
        if (step == plan.finalMonitoringStepId)
            break;
        m_now = m_now.addSecs(60);
        window.refreshCutover();
        QTreeView* tree = window.currentTree();
        tree->setFocus(); // where the checklist's keys go; F6 would bring it there too
        // As a person types: a new search, not the last one's continuation.
        QTest::qWait(QApplication::keyboardInputInterval() + 50);
        QTest::keyClicks(tree, step);
        const RunbookItem* selected = window.checklist()->currentItem();
        QVERIFY2(selected && selected->id == step, qPrintable(step));
        events.clear();
        press(Qt::Key_Space);
        auto* dialog = test::waitForDialog<SignOffDialog>(window);
        QVERIFY2(activate(dialog), qPrintable(step));
        if (dialog->textRequired())
            type(QStringLiteral("sub-items checked on the bridge"));
        press(Qt::Key_Return);
        QVERIFY2(recorded(window, events), qPrintable(step));
        QTRY_VERIFY(!test::waitForDialog<SignOffDialog>(window, 50));
    }
    QCOMPARE(window.state().cutover().phase(), Phase::FinalMonitoring);

    // Live, after the final monitoring's 15 minutes: the incident commander.
    m_now = m_now.addSecs(15 * 60);
    as(window, "Inès Duarte", "incident-commander");
    events.clear();
    press(Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(activate(test::waitForDialog<CutoverReasonDialog>(window)));
    type(QStringLiteral("SLOs steady"));
    press(Qt::Key_Return);
    QVERIFY(recorded(window, events));
    QCOMPARE(window.state().cutover().phase(), Phase::Live);
    window.close();
    m_window = nullptr;
}

QTEST_MAIN(TestKeyboardCutover)
#include "tst_keyboardcutover.moc"
