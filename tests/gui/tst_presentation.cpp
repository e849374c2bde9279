// In the real window: presentation mode (F11), the themes, and the
// keyboard help overlay (F1 or "?").
#include "ChecklistModel.h"
#include "Dashboard.h"
#include "DemoSource.h"
#include "HelpOverlay.h"
#include "MainWindow.h"
#include "OnRequestMain.h"
#include "PresentationView.h"
#include "RunFile.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SignOffDialog.h"
#include "SloDashboardDock.h"
#include "SloMonitor.h"
#include "SloPanelWidget.h"
#include "Theme.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace golive;

namespace {

const QDateTime kT0(QDate(2026, 5, 1), QTime(5, 30, 0), Qt::UTC);

bool isDark(const QColor& c)
{
    return c.lightness() < 80;
}

} // namespace

class TestPresentation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void f11ShowsTheRunAndEscLeaves();
    void presentationShowsTheDemoSlos();
    void healthAbortAndTimerAreShown();
    void themeIsDarkByDefaultAndRemembered();
    void helpOverlayListsTheShortcuts();
    void questionMarkInAFieldTypesIt();
    void screenshots();

private:
    QString newRun();
    void openAndWait(MainWindow& window, const QString& path);
    bool selectItem(MainWindow& window, const QString& id);
    bool signWithKeyboard(MainWindow& window, const QString& id);
    static Dashboard summit();

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestPresentation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_presentation"));
}

void TestPresentation::init()
{
    QSettings().clear();
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ana Lima"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
    // As main() does at start.
    applyStartupTheme(QString());
}

QString TestPresentation::newRun()
{
    return test::newSeedRun(m_dir, ++m_runs);
}

void TestPresentation::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

bool TestPresentation::selectItem(MainWindow& window, const QString& id)
{
    return test::selectItem(window, id);
}

bool TestPresentation::signWithKeyboard(MainWindow& window, const QString& id)
{
    if (!selectItem(window, id)) {
        return false;
    }
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    SignOffDialog* dialog = nullptr;
    if (!QTest::qWaitFor(
            [&] {
                dialog = window.findChild<SignOffDialog*>();
                return dialog && dialog->isVisible();
            },
            3000)) {
        return false;
    }
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->accept();
    const bool ok = recorded.wait(5000);
    const bool gone = QTest::qWaitFor([&] { return !window.findChild<SignOffDialog*>(); }, 3000);
    window.activateWindow();
    return ok && gone && QTest::qWaitForWindowActive(&window);
}

Dashboard TestPresentation::summit()
{
    QString error;
    const auto d = Dashboard::fromFile(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"), &error);
    if (!d) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return *d;
}

// ---------------------------------------------------------------------------------------------

void TestPresentation::f11ShowsTheRunAndEscLeaves()
{
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    openAndWait(window, path);
    PresentationView* view = window.presentationView();
    QVERIFY(view);
    QDateTime now = kT0;
    view->setClock([&now] { return now; });

    // The go-live's start, typed in the release fields as an operator would.
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY(start);
    start->setFocus();
    start->selectAll();
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QTest::keyClicks(start, QStringLiteral("2026-05-01 06:00 UTC"));
    QTest::keyClick(start, Qt::Key_Return);
    QVERIFY(recorded.wait(5000));

    auto* action = window.findChild<QAction*>(QStringLiteral("presentationAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::Key_F11));
    QVERIFY(action->isCheckable());
    QVERIFY(window.currentTree());
    window.currentTree()->setFocus();
    QTest::keyClick(window.currentTree(), Qt::Key_F11);
    QTRY_VERIFY(view->isVisible());
    QVERIFY(view->isWindow());
    QVERIFY(view->windowState() & Qt::WindowFullScreen);
    QVERIFY(action->isChecked());
    QCOMPARE(view->geometry(), view->screen()->geometry());

    // The phase, in words and large.
    QCOMPARE(view->phaseText(), QStringLiteral("Preparing"));
    auto* phase = view->findChild<QLabel*>(QStringLiteral("presentationPhase"));
    QVERIFY(phase && phase->isVisible());
    QCOMPARE(phase->text(), QStringLiteral("Preparing"));
    auto* title = view->findChild<QLabel*>(QStringLiteral("presentationTitle"));
    QCOMPARE(title->text(), window.runbook().title);

    // The clock and the countdown follow the clock, second by second.
    QCOMPARE(view->clockText(), QStringLiteral("05:30:00 UTC"));
    QCOMPARE(view->countdownText(), QStringLiteral("T-00:30:00"));
    now = kT0.addSecs(65);
    view->tick();
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("presentationClock"))->text(),
             QStringLiteral("05:31:05 UTC"));
    now = kT0.addSecs(45 * 60);
    view->tick();
    QCOMPARE(view->countdownText(), QStringLiteral("T+00:15:00"));

    // One bar per runbook section, with the numbers the tabs show.
    const int sections = int(window.runbook().sections.size());
    QCOMPARE(sections, 6);
    QCOMPARE(view->sectionRowCount(), sections);
    QCOMPARE(view->findChildren<QProgressBar*>(QStringLiteral("sectionBar")).size(), sections);
    auto* row0 = view->findChild<QWidget*>(QStringLiteral("presentationSection0"));
    QVERIFY(row0 && row0->isVisible());
    auto* count0 = row0->findChild<QLabel*>(QStringLiteral("sectionCount"));
    auto* bar0 = row0->findChild<QProgressBar*>(QStringLiteral("sectionBar"));
    QCOMPARE(count0->text(), QStringLiteral("0/2"));
    QCOMPARE(bar0->value(), 0);
    QCOMPARE(bar0->maximum(), 2);
    // The whole title (the row cuts a long one with "…" and keeps it whole in the tooltip).
    QVERIFY(row0->findChild<QLabel*>(QStringLiteral("sectionTitle"))
                ->property("fullText")
                .toString()
                .startsWith(QStringLiteral("0. Decision & Scope Lock")));

    // Esc leaves it, and the menu's check follows.
    QTest::keyClick(view, Qt::Key_Escape);
    QTRY_VERIFY(!view->isVisible());
    QVERIFY(!action->isChecked());
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // A sign-off in the window moves the bar.
    QVERIFY(signWithKeyboard(window, QStringLiteral("0.1")));
    QCOMPARE(count0->text(), QStringLiteral("1/2"));
    QCOMPARE(bar0->value(), 1);
    QCOMPARE(view->sectionProgress(0).done, 1);

    // F11 again shows it, F11 in it leaves it.
    window.currentTree()->setFocus();
    QTest::keyClick(window.currentTree(), Qt::Key_F11);
    QTRY_VERIFY(view->isVisible());
    QCOMPARE(count0->text(), QStringLiteral("1/2"));
    QTest::keyClick(view, Qt::Key_F11);
    QTRY_VERIFY(!view->isVisible());
    QVERIFY(!action->isChecked());

    // Reopening the run (the window's runbook and state are replaced) leaves nothing dangling.
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    view->setPresenting(true);
    QTRY_VERIFY(view->isVisible());
    QCOMPARE(view->sectionRowCount(), sections);
    row0 = view->findChild<QWidget*>(QStringLiteral("presentationSection0"));
    QVERIFY(row0 && row0->isVisible());
    QCOMPARE(row0->findChild<QLabel*>(QStringLiteral("sectionCount"))->text(),
             QStringLiteral("1/2"));
    view->setPresenting(false);
    window.close();
}

void TestPresentation::presentationShowsTheDemoSlos()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    const Dashboard dashboard = summit();
    QVERIFY(!dashboard.panels.isEmpty());
    window.useConfiguredSource(QString(), true, dashboard);
    const SloSource* source = window.sloSource();
    QVERIFY(source);
    QVERIFY(source->isDemo());

    PresentationView* view = window.presentationView();
    // Hidden, the wall screen builds no charts: they would cost the window its first frame.
    QVERIFY(!view->isVisible());
    QVERIFY(view->panels().isEmpty());
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(view->isVisible());
    QCOMPARE(view->panels().size(), dashboard.panels.size());
    QVERIFY(view->demoBadgeVisible());
    QVERIFY(view->findChild<QLabel*>(QStringLiteral("presentationDemo"))->isVisible());
    // The demo source's data reaches the view's own panels (not only the dock's).
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(view->panels().cbegin(), view->panels().cend(),
                                         [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    for (SloPanelWidget* p : view->panels()) {
        QVERIFY(p->isVisible());
        QVERIFY(p->demoBadgeVisible());
        QVERIFY2(p->valueText() != QStringLiteral("– "), qPrintable(p->definition().id));
        // Large: the value is far bigger than the window's body text.
        const int body = QFontInfo(window.font()).pixelSize();
        auto* value = p->findChild<QLabel*>(QStringLiteral("panelValue"));
        QVERIFY2(QFontInfo(value->font()).pixelSize() >= 2 * body,
                 qPrintable(QString::number(QFontInfo(value->font()).pixelSize())));
    }
    // The breaching panel reads BREACH in the view as in the dock, once the story is there.
    const QString breaching = DemoSource::breachingPanelId(dashboard);
    QVERIFY(!breaching.isEmpty());
    QVERIFY(window.sloDock()->panel(breaching));
    qsizetype index = -1;
    for (qsizetype i = 0; i < dashboard.panels.size(); ++i) {
        index = dashboard.panels.at(i).id == breaching ? i : index;
    }
    QVERIFY(index >= 0);
    QCOMPARE(view->panels().at(index)->definition().id, breaching);
    QTRY_COMPARE(view->panels().at(index)->state(), window.sloDock()->panel(breaching)->state());

    // A new source (Settings, a reconnect) is followed: new panels, fed again.
    window.useConfiguredSource(QString(), true, dashboard);
    QTRY_VERIFY_WITH_TIMEOUT(!view->panels().isEmpty() &&
                                 std::all_of(view->panels().cbegin(), view->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    // A source changed while the wall screen is hidden is built when it is shown, with the
    // latest answers already in.
    view->setPresenting(false);
    window.useConfiguredSource(QString(), true, dashboard);
    QVERIFY(view->panels().isEmpty());
    QTRY_VERIFY(window.sloMonitor()->hasUpdate(dashboard.panels.constFirst().id));
    view->setPresenting(true);
    QTRY_VERIFY(view->isVisible());
    QCOMPARE(view->panels().size(), dashboard.panels.size());
    QVERIFY(view->panels().constFirst()->hasData());
    view->setPresenting(false);
    window.close();
}

void TestPresentation::healthAbortAndTimerAreShown()
{
    PresentationView view;
    view.resize(1920, 1080);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* abort = view.findChild<QLabel*>(QStringLiteral("presentationAbort"));
    auto* timer = view.findChild<QLabel*>(QStringLiteral("presentationTimer"));
    QVERIFY(!abort->isVisible());
    QVERIFY(!timer->isVisible());

    HealthResult up;
    up.service = QStringLiteral("prov-ledger");
    up.status = HealthStatus::Up;
    HealthResult down;
    down.service = QStringLiteral("nl2cypher");
    down.status = HealthStatus::Down;
    down.detail = QStringLiteral("HTTP 503 Service Unavailable");
    view.setHealth({up, down});
    const QList<QLabel*> lights = view.findChildren<QLabel*>(QStringLiteral("healthLight"));
    QCOMPARE(lights.size(), 2);
    QVERIFY(lights.at(0)->isVisible());
    QVERIFY(lights.at(0)->text().contains(QStringLiteral("prov-ledger")));
    // Up says it with its green dot alone (a wall of "up" words hides the one that is not).
    QVERIFY(!lights.at(0)->text().contains(QStringLiteral("up")));
    QVERIFY(lights.at(0)->toolTip().startsWith(QStringLiteral("up")));
    QVERIFY(lights.at(1)->text().contains(QStringLiteral("DOWN")));
    QVERIFY(lights.at(1)->toolTip().contains(down.detail));
    view.setHealth({up});
    QCOMPARE(view.findChildren<QLabel*>(QStringLiteral("healthLight")).size(), 1);

    view.setAbortCause(QStringLiteral("nl2cypher down for 3 minutes"));
    QVERIFY(abort->isVisible());
    QCOMPARE(abort->text(), QStringLiteral("ABORT: nl2cypher down for 3 minutes"));
    view.setTimerText(QStringLiteral("4.3 failed: rollback proposed in 12:30"));
    QVERIFY(timer->isVisible());
    QCOMPARE(timer->text(), QStringLiteral("4.3 failed: rollback proposed in 12:30"));
    view.setAbortCause(QString());
    view.setTimerText(QString());
    QVERIFY(!abort->isVisible());
    QVERIFY(!timer->isVisible());

    // Readable from five metres on a 1080p wall: the phase and the clock about 70 px high.
    auto* clock = view.findChild<QLabel*>(QStringLiteral("presentationClock"));
    auto* phase = view.findChild<QLabel*>(QStringLiteral("presentationPhase"));
    QVERIFY(QFontInfo(clock->font()).pixelSize() >= 60);
    QVERIFY(QFontInfo(phase->font()).pixelSize() >= 60);
    QVERIFY(clock->sizeHint().height() >= 60);
    QVERIFY(clock->width() >= clock->sizeHint().width()); // not cut
}

void TestPresentation::themeIsDarkByDefaultAndRemembered()
{
    // init() applied the start-up theme from empty settings: the control room's dark one.
    QCOMPARE(currentTheme(), Theme::Dark);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(isDark(window.palette().color(QPalette::Window)));
    QVERIFY(!isDark(window.palette().color(QPalette::WindowText)));
    QVERIFY(isDark(window.currentTree() ? window.currentTree()->palette().color(QPalette::Base)
                                        : QApplication::palette().color(QPalette::Base)));

    // Settings > Theme: Light, applied on OK and remembered.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog*>()) && dialog->isVisible());
    auto* theme = dialog->findChild<QComboBox*>(QStringLiteral("theme"));
    QVERIFY(theme);
    QCOMPARE(theme->currentData().toString(), QStringLiteral("dark"));
    theme->setCurrentIndex(theme->findData(QStringLiteral("light")));
    QSignalSpy themeChanged(ThemeNotifier::instance(), &ThemeNotifier::themeChanged);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttons"))
                          ->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QTRY_VERIFY(!window.findChild<SettingsDialog*>());
    QCOMPARE(currentTheme(), Theme::Light);
    QCOMPARE(themeChanged.size(), 1);
    QVERIFY(!isDark(window.palette().color(QPalette::Window)));
    QVERIFY(isDark(window.palette().color(QPalette::WindowText)));
    QSettings().sync();
    QCOMPARE(QSettings().value(QStringLiteral("appearance/theme")).toString(),
             QStringLiteral("light"));

    // The next start takes it; --theme=dark overrides it for one session only; a wrong value
    // is named and the saved theme used.
    QCOMPARE(applyStartupTheme(QString()), Theme::Light);
    QCOMPARE(applyStartupTheme(QStringLiteral("dark")), Theme::Dark);
    QVERIFY(isDark(window.palette().color(QPalette::Window)));
    QCOMPARE(savedTheme(), Theme::Light);
    QString error;
    QCOMPARE(applyStartupTheme(QStringLiteral("blue"), &error), Theme::Light);
    QVERIFY2(error.contains(QStringLiteral("--theme")) && error.contains(QStringLiteral("blue")),
             qPrintable(error));
    window.close();
}

void TestPresentation::helpOverlayListsTheShortcuts()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    HelpOverlay* overlay = window.helpOverlay();
    QVERIFY(overlay);
    QVERIFY(!overlay->isVisible());

    // F1 opens it over the whole window.
    window.currentTree()->setFocus();
    QTest::keyClick(window.currentTree(), Qt::Key_F1);
    QTRY_VERIFY(overlay->isVisible());
    QCOMPARE(overlay->parentWidget(), &window);
    QCOMPARE(overlay->geometry(), window.rect());
    QVERIFY(!overlay->isWindow());

    const auto has = [overlay](const QString& text, const QString& keys) {
        for (const HelpOverlay::Entry& e : overlay->entries()) {
            if (e.text == text && e.keys == keys) {
                return true;
            }
        }
        return false;
    };
    QVERIFY(has(QStringLiteral("Sign off"), QStringLiteral("Space")));
    QVERIFY(has(QStringLiteral("Presentation mode"), QStringLiteral("F11")));
    QVERIFY(has(QStringLiteral("Keyboard shortcuts"), QStringLiteral("F1 or ?")));
    QVERIFY(has(QStringLiteral("Settings"), QStringLiteral("Ctrl+,")));
    // Every action with a shortcut in the menus is listed, whoever added it.
    for (const HelpOverlay::Entry& e : HelpOverlay::entriesOf(&window)) {
        QVERIFY2(has(e.text, e.keys), qPrintable(e.text));
    }
    // And shown in words on the overlay.
    QStringList shown;
    for (QLabel* l : overlay->findChildren<QLabel*>()) {
        if (l->isVisible()) {
            shown << l->text();
        }
    }
    QVERIFY(shown.contains(QStringLiteral("Sign off")));
    QVERIFY(shown.contains(QStringLiteral("Space")));
    QVERIFY(shown.contains(QStringLiteral("Presentation mode")));
    QVERIFY(shown.contains(QStringLiteral("F11")));
    QVERIFY(shown.contains(QStringLiteral("Item")));

    // Esc closes it and the focus goes back to the checklist.
    QTest::keyClick(overlay, Qt::Key_Escape);
    QVERIFY(!overlay->isVisible());
    QCOMPARE(QApplication::focusWidget(), window.currentTree());

    // "?" over the tree opens it, "?" closes it; F1 closes it too; so does a click.
    QTest::keyClick(window.currentTree(), Qt::Key_Question);
    QTRY_VERIFY(overlay->isVisible());
    QTest::keyClick(overlay, Qt::Key_Question);
    QVERIFY(!overlay->isVisible());
    QTest::keyClick(window.currentTree(), Qt::Key_F1);
    QTRY_VERIFY(overlay->isVisible());
    QTest::keyClick(overlay, Qt::Key_F1);
    QVERIFY(!overlay->isVisible());
    QTest::keyClick(window.currentTree(), Qt::Key_F1);
    QTRY_VERIFY(overlay->isVisible());
    QTest::mouseClick(overlay, Qt::LeftButton, {}, overlay->rect().center());
    QVERIFY(!overlay->isVisible());

    // Space under the overlay signs nothing.
    QTest::keyClick(window.currentTree(), Qt::Key_F1);
    QTRY_VERIFY(overlay->isVisible());
    QTest::keyClick(overlay, Qt::Key_Space);
    QVERIFY(!window.findChild<SignOffDialog*>());
    QTest::keyClick(overlay, Qt::Key_Escape);
    window.close();
}

void TestPresentation::questionMarkInAFieldTypesIt()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    auto* owner = window.findChild<QLineEdit*>(QStringLiteral("field-owner"));
    QVERIFY(owner);
    owner->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), owner);
    owner->clear();
    QTest::keyClicks(owner, QStringLiteral("who?"));
    QCOMPARE(owner->text(), QStringLiteral("who?"));
    QVERIFY(!window.helpOverlay()->isVisible());
    // F1 still opens it from a field.
    QTest::keyClick(owner, Qt::Key_F1);
    QTRY_VERIFY(window.helpOverlay()->isVisible());
    QTest::keyClick(window.helpOverlay(), Qt::Key_Escape);
    QCOMPARE(QApplication::focusWidget(), owner);
    owner->setText(window.state().fieldValue(QStringLiteral("owner")));
    window.close();
}

// With GOLIVE_SCREENSHOT_DIR set: the window (dark), the presentation view at 1920x1080 with
// demo data and the help overlay, as PNG files there, for people to look at.
void TestPresentation::screenshots()
{
    const QString dir = qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR");
    if (dir.isEmpty()) {
        QSKIP("set GOLIVE_SCREENSHOT_DIR to write screenshots");
    }
    const QString theme = qEnvironmentVariable("GOLIVE_SCREENSHOT_THEME", QStringLiteral("dark"));
    applyTheme(themeFromName(theme).value_or(Theme::Dark));
    const QString path = newRun();
    MainWindow window;
    window.resize(1600, 1000);
    openAndWait(window, path);
    window.resize(1600, 1000);
    window.useConfiguredSource(QString(), true, summit());
    QVERIFY(signWithKeyboard(window, QStringLiteral("0.1")));
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    start->setText(QStringLiteral("2026-05-01 06:00 UTC"));
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    start->setFocus();
    QTest::keyClick(start, Qt::Key_Return);
    QVERIFY(recorded.wait(5000));
    QVERIFY(selectItem(window, QStringLiteral("1.2")));
    QTRY_VERIFY_WITH_TIMEOUT(!window.sloDock()->panels().isEmpty() &&
                                 window.sloDock()->panels().constFirst()->hasData(),
                             10000);
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("c-window-%1.png").arg(theme))));

    PresentationView* view = window.presentationView();
    view->setClock([] { return kT0.addSecs(17 * 60 + 42); });
    view->setHealth({
        HealthResult{QStringLiteral("prov-ledger"), HealthCheckDefinition::Kind::Http, true,
                     HealthStatus::Up, QStringLiteral("HTTP 200 in 35 ms"), kT0, true},
        HealthResult{QStringLiteral("nl2cypher"), HealthCheckDefinition::Kind::PromQL, true,
                     HealthStatus::Down, QStringLiteral("HTTP 503"), kT0, false},
        HealthResult{QStringLiteral("postgres"), HealthCheckDefinition::Kind::Manual, true,
                     HealthStatus::NotProbed, QStringLiteral("pg_isready"), kT0, false},
    });
    view->setTimerText(QStringLiteral("4.3 failed: rollback proposed in 12:30"));
    view->setAbortCause(QStringLiteral("nl2cypher health check DOWN (critical)"));
    view->resize(1920, 1080);
    view->show();
    QTRY_VERIFY_WITH_TIMEOUT(!view->panels().isEmpty() &&
                                 std::all_of(view->panels().cbegin(), view->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    QTest::qWait(300);
    QVERIFY(
        view->grab().save(QDir(dir).filePath(QStringLiteral("c-presentation-%1.png").arg(theme))));
    view->setPresenting(false);
    QTRY_COMPARE(QApplication::activeWindow(), &window);
    window.currentTree()->setFocus();
    QTest::keyClick(window.currentTree(), Qt::Key_F1);
    QTRY_VERIFY(window.helpOverlay()->isVisible());
    QTest::qWait(100);
    QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("c-help-%1.png").arg(theme))));
    QTest::keyClick(window.helpOverlay(), Qt::Key_Escape);
    window.close();
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestPresentation, "screenshots", "GOLIVE_SCREENSHOT_DIR")
#include "tst_presentation.moc"
