// The cutover run from the real window, on the bundled Summit runbook, with the
// window's clock seam (no real waiting): the gate, the Go/No-Go, the steps in order, final
// monitoring and Live; a failed step's timer, the rollback proposal and the rollback checklist;
// role and order refusals; the abort banner from a failing health check (the real
// HealthMonitor against a fake HTTP server answering 503) and from a critical alert.
#include "AttentionController.h"
#include "ChecklistModel.h"
#include "CutoverDialogs.h"
#include "CutoverHeader.h"
#include "CutoverMonitor.h"
#include "FakeHttpServer.h"
#include "HealthMonitor.h"
#include "MainWindow.h"
#include "OnRequestMain.h"
#include "RollbackView.h"
#include "RunFile.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "SloDashboardDock.h"
#include "SloMonitor.h"
#include "SloSource.h"
#include "Theme.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace golive;
using golive::test::FakeHttpServer;

namespace {

// Alerts on demand: the dock and the window see them as from Prometheus.
class AlertSource : public SloSource
{
public:
    using SloSource::SloSource;
    void refresh(const Dashboard&, const QDateTime&, const QDateTime&, int) override {}
    bool isDemo() const override { return false; }
    QString description() const override { return QStringLiteral("test alerts"); }
};

// Answers each refresh, from the event loop as a real source would, with the alerts set now.
class PolledAlertSource : public SloSource
{
public:
    using SloSource::SloSource;
    void refresh(const Dashboard&, const QDateTime&, const QDateTime&, int) override
    {
        ++refreshes;
        const QList<AlertInfo> answer = alerts;
        QTimer::singleShot(0, this, [this, answer] { emit alertsUpdated(answer, QString()); });
    }
    bool isDemo() const override { return false; }
    QString description() const override { return QStringLiteral("polled test alerts"); }

    int refreshes = 0;
    QList<AlertInfo> alerts;
};

} // namespace

class TestCutoverWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void wholeCutoverToLive();
    void failedStepTimerProposesRollbackAndRollbackRunsInOrder();
    void roleAndOrderRefusals();
    void abortBannerFromFailingCriticalHealthCheck();
    void abortBannerFromCriticalAlert();
    void abortBandWithSloDockClosedAndRefreshOff();
    void finalMonitoringSaysWhetherSlosStayedSteady();
    void aFailedStepReachesTheDesktopWhileTheWindowIsBehind();
    void screenshots();

private:
    QString newRun();
    void open(MainWindow& window, const QString& path);
    void as(MainWindow& window, const QString& name, const QString& role);
    QAction* action(MainWindow& window, const char* name);
    bool selectItem(MainWindow& window, const QString& id);
    // Signs `id` through the Sign action and its dialog: "" when recorded, else the refusal.
    QString sign(MainWindow& window, const QString& id);
    // Accepts the reason dialog with `text`; "" when recorded, else what it says.
    QString acceptReason(MainWindow& window, const QString& text);
    void closeBoxes(MainWindow& window);
    // Something was recorded and nothing waits for the ledger any more (the window records
    // observations of its own too: wait for all of them, not only the first).
    bool recordedAll(MainWindow& window, QSignalSpy& recorded);
    void fillStart(MainWindow& window, const QString& value);
    void advance(MainWindow& window, int minutes, int seconds = 0);
    // Pre-checks 4.1, 4.3, 4.4 signed, gate opened by the release captain, GO by the IC.
    void reachCutover(MainWindow& window);

    QTemporaryDir m_dir;
    int m_runs = 0;
    QDateTime m_now;
};

void TestCutoverWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_cutoverwindow"));
}

void TestCutoverWindow::init()
{
    m_now = QDateTime(QDate(2026, 5, 1), QTime(5, 0), Qt::UTC);
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Rae Okafor"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
}

QString TestCutoverWindow::newRun()
{
    return test::newSeedRun(m_dir, ++m_runs, QStringLiteral("cutover"));
}

void TestCutoverWindow::open(MainWindow& window, const QString& path)
{
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

void TestCutoverWindow::as(MainWindow& window, const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
    window.refreshCutover();
}

QAction* TestCutoverWindow::action(MainWindow& window, const char* name)
{
    return window.findChild<QAction*>(QLatin1String(name));
}

void TestCutoverWindow::advance(MainWindow& window, int minutes, int seconds)
{
    m_now = m_now.addSecs(minutes * 60 + seconds);
    window.refreshCutover();
}

bool TestCutoverWindow::selectItem(MainWindow& window, const QString& id)
{
    return test::selectItem(window, id);
}

QString TestCutoverWindow::sign(MainWindow& window, const QString& id)
{
    if (!selectItem(window, id))
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
    // A step whose sub-items are open asks first and needs the reason.
    if (dialog->textRequired())
        dialog->setText(QStringLiteral("sub-items checked on the bridge call"));
    dialog->accept();
    if (dialog->isVisible())
        return dialog->problemText().isEmpty() ? QStringLiteral("(dialog stayed open)")
                                               : dialog->problemText();
    if (!recordedAll(window, recorded) && refused.isEmpty())
        return QStringLiteral("(nothing recorded)");
    if (!refused.isEmpty()) {
        closeBoxes(window);
        return refused.first().first().toString();
    }
    return {};
}

QString TestCutoverWindow::acceptReason(MainWindow& window, const QString& text)
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

bool TestCutoverWindow::recordedAll(MainWindow& window, QSignalSpy& recorded)
{
    return QTest::qWaitFor([&] { return !recorded.isEmpty() && window.pendingEvents() == 0; },
                           5000);
}

void TestCutoverWindow::closeBoxes(MainWindow& window)
{
    for (QMessageBox* box : window.findChildren<QMessageBox*>()) {
        box->close();
    }
    QTRY_VERIFY(window.findChildren<QMessageBox*>().isEmpty());
}

void TestCutoverWindow::fillStart(MainWindow& window, const QString& value)
{
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY(start);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    start->setText(value);
    emit start->editingFinished();
    QVERIFY(recordedAll(window, recorded));
}

void TestCutoverWindow::reachCutover(MainWindow& window)
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

// (a) From Preparing to Live through the window's actions and dialogs, with the fake clock.
void TestCutoverWindow::wholeCutoverToLive()
{
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    CutoverHeader* header = window.cutoverHeader();
    QVERIFY(header->isVisible());
    QCOMPARE(header->phaseText(), QStringLiteral("Preparing"));
    QCOMPARE(header->clockText(), QStringLiteral("05:00:00 UTC"));
    QVERIFY2(header->tMinusLabelText().contains(QStringLiteral("Start not set")),
             qPrintable(header->tMinusLabelText()));
    fillStart(window, QStringLiteral("2026-05-01 06:00 UTC"));
    QVERIFY2(header->tMinusLabelText().startsWith(QStringLiteral("T-01:00:00")),
             qPrintable(header->tMinusLabelText()));
    advance(window, 0, 5);
    QCOMPARE(header->clockText(), QStringLiteral("05:00:05 UTC"));

    // The release captain: the pre-checks, but not 4.4 yet; then the gate.
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    QCOMPARE(test::signOverOpenChecks(window, QStringLiteral("4.3")), QString());
    QVERIFY(!action(window, "goNoGoAction")->isEnabled());
    QVERIFY(action(window, "gateAction")->isEnabled());
    QCOMPARE(action(window, "gateAction")->shortcut(),
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    action(window, "gateAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("T-60, war room assembled")), QString());
    QCOMPARE(window.state().cutover().phase(), Phase::GoNoGo);
    QCOMPARE(header->phaseText(), QStringLiteral("Go/No-Go"));
    QVERIFY(!action(window, "gateAction")->isEnabled());

    // The incident commander's Go/No-Go: 4.4 open and highlighted; GO over it needs a reason.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QVERIFY(action(window, "goNoGoAction")->isEnabled());
    action(window, "goNoGoAction")->trigger();
    auto* gate = test::waitForDialog<GoNoGoDialog>(window);
    QVERIFY(gate);
    QCOMPARE(gate->openPreChecks(), QStringList{QStringLiteral("4.4")});
    gate->setGo(true);
    QVERIFY2(gate->hintText().contains(QStringLiteral("4.4")), qPrintable(gate->hintText()));
    gate->accept();
    QVERIFY2(gate->isVisible(), "a GO over an open pre-check without a reason is refused");
    QVERIFY2(gate->errorText().contains(QStringLiteral("4.4")), qPrintable(gate->errorText()));
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    gate->setReason(QStringLiteral("previous steps confirmed by phone"));
    gate->accept();
    QVERIFY(recordedAll(window, recorded));
    SignOffEvent go;
    for (const QList<QVariant>& args : std::as_const(recorded)) {
        if (args.first().value<SignOffEvent>().kind == EventKind::Decision)
            go = args.first().value<SignOffEvent>();
    }
    QCOMPARE(go.kind, EventKind::Decision);
    QVERIFY2(go.text.contains(QStringLiteral("4.4")) &&
                 go.text.contains(QStringLiteral("previous steps confirmed by phone")),
             qPrintable(go.text));
    QCOMPARE(go.timeUtc, m_now);
    QCOMPARE(window.state().cutover().phase(), Phase::Cutover);
    QCOMPARE(header->phaseText(), QStringLiteral("Cutover"));
    QCOMPARE(header->countdownText(), QStringLiteral("Next step 4.5"));

    // The engineer signs the steps in order, a minute apart, through the Sign action.
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    const CutoverPlan& plan = window.state().plan();
    for (const QString& step : plan.stepIds) {
        if (step == plan.finalMonitoringStepId)
            break;
        advance(window, 1);
        QCOMPARE(sign(window, step), QString());
    }
    QCOMPARE(window.state().cutover().phase(), Phase::FinalMonitoring);
    window.refreshCutover();
    QCOMPARE(header->phaseText(), QStringLiteral("Final monitoring"));
    QCOMPARE(header->countdownText(), QStringLiteral("Final monitoring  15:00"));
    advance(window, 5, 30);
    QCOMPARE(header->countdownText(), QStringLiteral("Final monitoring  09:30"));

    // Live: the engineer may not; the IC not before the 15 minutes; then yes.
    QVERIFY(!action(window, "liveAction")->isEnabled());
    QVERIFY2(action(window, "liveAction")->toolTip().contains(QStringLiteral("incident-commander")),
             qPrintable(action(window, "liveAction")->toolTip()));
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QVERIFY(!action(window, "liveAction")->isEnabled());
    QVERIFY2(action(window, "liveAction")->toolTip().contains(QStringLiteral("final monitoring")),
             qPrintable(action(window, "liveAction")->toolTip()));
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    window.declareLive();
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("to go")),
             qPrintable(refused.first().first().toString()));
    QVERIFY(!test::waitForDialog<CutoverReasonDialog>(window, 200));
    closeBoxes(window);
    QCOMPARE(window.state().cutover().phase(), Phase::FinalMonitoring);

    advance(window, 9, 30);
    QCOMPARE(header->countdownText(), QStringLiteral("Final monitoring  00:00"));
    QVERIFY(action(window, "liveAction")->isEnabled());
    QCOMPARE(action(window, "liveAction")->shortcut(),
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    action(window, "liveAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("SLOs steady")), QString());
    QCOMPARE(window.state().cutover().phase(), Phase::Live);
    QCOMPARE(header->phaseText(), QStringLiteral("Live"));
    QCOMPARE(window.state().item(plan.finalMonitoringStepId).status, ItemStatus::Signed);
    QVERIFY(!window.abortBannerVisible());
    QVERIFY(!window.rollbackProposalVisible());

    // Every cutover move is in the Cutover menu with its shortcut, none taken twice.
    auto* menu = window.findChild<QMenu*>(QStringLiteral("cutoverMenu"));
    QVERIFY(menu);
    QSet<QKeySequence> keys;
    for (QAction* a : window.actions()) {
        if (!a->shortcut().isEmpty()) {
            QVERIFY2(!keys.contains(a->shortcut()), qPrintable(a->shortcut().toString()));
            keys.insert(a->shortcut());
        }
    }
    for (const char* name : {"gateAction", "goNoGoAction", "stepFailedAction", "rollbackAction",
                             "rollbackStepAction", "liveAction", "overrideOrderAction"}) {
        QAction* a = action(window, name);
        QVERIFY2(a && !a->shortcut().isEmpty(), name);
        QVERIFY2(menu->actions().contains(a), name);
        QVERIFY2(window.actions().contains(a), name); // works wherever the focus is
    }
    window.close();
}

// (b) A failed step's 15 minutes run out; the IC starts the rollback; it is done in order.
void TestCutoverWindow::failedStepTimerProposesRollbackAndRollbackRunsInOrder()
{
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    reachCutover(window);
    CutoverHeader* header = window.cutoverHeader();
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QCOMPARE(sign(window, QStringLiteral("4.5")), QString());

    // 4.6 fails: the header's timer starts at 15:00 and counts down with the clock.
    QVERIFY(selectItem(window, QStringLiteral("4.6")));
    window.refreshCutover();
    QAction* failed = action(window, "stepFailedAction");
    QVERIFY(failed->isEnabled());
    QVERIFY2(failed->text().contains(QStringLiteral("4.6")), qPrintable(failed->text()));
    failed->trigger();
    QCOMPARE(acceptReason(window, QString()).isEmpty(), false); // what failed is required
    QCOMPARE(acceptReason(window, QStringLiteral("neo4j migration: lock timeout")), QString());
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · 15:00 left"));
    advance(window, 4, 30);
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · 10:30 left"));
    QVERIFY(!window.rollbackProposalVisible());
    advance(window, 10, 29);
    QCOMPARE(header->countdownText(), QStringLiteral("4.6 FAILED · 00:01 left"));
    QVERIFY(!window.rollbackProposalVisible());
    advance(window, 0, 1);
    QVERIFY(window.rollbackProposalVisible());
    QVERIFY2(window.rollbackProposalText().contains(QStringLiteral("4.6")),
             qPrintable(window.rollbackProposalText()));
    // The engineer sees who must start it, and cannot.
    QVERIFY2(window.rollbackProposalText().contains(QStringLiteral("incident commander")),
             qPrintable(window.rollbackProposalText()));
    auto* proposalButton =
        window.findChild<QPushButton*>(QStringLiteral("rollbackProposalBannerButton"));
    QVERIFY(proposalButton);
    QVERIFY(!proposalButton->isVisible());
    QVERIFY(!action(window, "rollbackAction")->isEnabled());

    // The incident commander starts it from the banner, with a reason.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QVERIFY(proposalButton->isVisible());
    QVERIFY(!window.rollbackProposalText().contains(QStringLiteral("Only the incident")));
    proposalButton->click();
    auto* dialog = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(dialog);
    QVERIFY2(dialog->text().contains(QStringLiteral("4.6")), qPrintable(dialog->text()));
    QVERIFY(!acceptReason(window, QString()).isEmpty()); // a reason is required
    QCOMPARE(acceptReason(window, QStringLiteral("4.6 not resolved in 15 minutes")), QString());
    QCOMPARE(window.state().cutover().phase(), Phase::Rollback);
    QCOMPARE(header->phaseText(), QStringLiteral("Rollback"));
    QVERIFY(!window.rollbackProposalVisible());

    // The rollback plan as its own checklist, in order.
    RollbackView* view = window.rollbackView();
    QVERIFY(view->isVisible());
    QCOMPARE(view->stepCount(), 5);
    QCOMPARE(view->stepText(1), QStringLiteral("Re-enable maintenance mode."));
    QCOMPARE(view->stepText(5), QStringLiteral("Disable maintenance mode."));
    QCOMPARE(view->stepStatus(1), QStringLiteral("Next"));
    QCOMPARE(view->stepStatus(2), QStringLiteral("Waiting"));
    // Signing a step is refused during the rollback; a later rollback step too.
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QVERIFY(!sign(window, QStringLiteral("4.6")).isEmpty());
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    window.signRollbackStep(3);
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("comes after step 1")),
             qPrintable(refused.first().first().toString()));
    closeBoxes(window);

    QVERIFY(view->signButton()->isEnabled());
    view->signButton()->click();
    QCOMPARE(acceptReason(window, QStringLiteral("maintenance page up")), QString());
    QCOMPARE(view->stepStatus(1), QStringLiteral("Done"));
    QVERIFY2(view->stepBy(1).contains(QStringLiteral("Eli Novak")), qPrintable(view->stepBy(1)));
    QCOMPARE(view->stepStatus(2), QStringLiteral("Next"));
    for (int n = 2; n <= 5; ++n) {
        advance(window, 2);
        QVERIFY(action(window, "rollbackStepAction")->isEnabled());
        action(window, "rollbackStepAction")->trigger();
        QCOMPARE(acceptReason(window, QString()), QString());
    }
    QCOMPARE(window.state().cutover().phase(), Phase::RolledBack);
    QCOMPARE(header->phaseText(), QStringLiteral("Rolled back"));
    QVERIFY2(view->titleText().contains(QStringLiteral("ROLLED BACK")),
             qPrintable(view->titleText()));
    QCOMPARE(view->stepStatus(5), QStringLiteral("Done"));
    QVERIFY(!action(window, "rollbackStepAction")->isEnabled());
    window.close();
}

// (c) The roles and the order, refused in the window with the rules' words.
void TestCutoverWindow::roleAndOrderRefusals()
{
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    as(window, QStringLiteral("Rae Okafor"), QStringLiteral("release-captain"));
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    for (const char* id : {"4.3", "4.4"})
        QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());
    // An engineer cannot open the gate.
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QVERIFY(!action(window, "gateAction")->isEnabled());
    as(window, QStringLiteral("Rae Okafor"), QStringLiteral("release-captain"));
    action(window, "gateAction")->trigger();
    QCOMPARE(acceptReason(window, QString()), QString());

    // An engineer recording GO: refused before any dialog, naming the role.
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QAction* goNoGo = action(window, "goNoGoAction");
    QVERIFY(!goNoGo->isEnabled());
    QVERIFY2(goNoGo->toolTip().contains(QStringLiteral("incident-commander")),
             qPrintable(goNoGo->toolTip()));
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    window.recordGoNoGo();
    QCOMPARE(refused.size(), 1);
    QString message = refused.takeFirst().first().toString();
    QVERIFY2(message.contains(QStringLiteral("incident-commander")) &&
                 message.contains(QStringLiteral("engineer")),
             qPrintable(message));
    QVERIFY(!test::waitForDialog<GoNoGoDialog>(window, 200));
    closeBoxes(window);

    // NO-GO needs a reason, in the dialog; then a GO.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    goNoGo->trigger();
    auto* dialog = test::waitForDialog<GoNoGoDialog>(window);
    QVERIFY(dialog);
    dialog->setGo(false);
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QStringLiteral("reason")),
             qPrintable(dialog->errorText()));
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->setReason(QStringLiteral("DBA not reachable"));
    dialog->accept();
    QVERIFY(recordedAll(window, recorded));
    QCOMPARE(window.state().cutover().phase(), Phase::GoNoGo);
    QVERIFY(window.state().cutover().decision() && !window.state().cutover().decision()->go);
    goNoGo->trigger();
    dialog = test::waitForDialog<GoNoGoDialog>(window);
    QVERIFY(dialog);
    QVERIFY(dialog->openPreChecks().isEmpty());
    dialog->setGo(true);
    dialog->accept();
    QVERIFY(recordedAll(window, recorded));
    QCOMPARE(window.state().cutover().phase(), Phase::Cutover);

    // Step 4.6 before 4.5: refused for the engineer, who is offered no override.
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    message = sign(window, QStringLiteral("4.6"));
    QVERIFY2(message.contains(QStringLiteral("4.5")), qPrintable(message));
    QVERIFY(!window.findChild<QPushButton*>(QStringLiteral("overrideOrderButton")));
    QCOMPARE(window.state().item(QStringLiteral("4.6")).status, ItemStatus::Open);
    QVERIFY(selectItem(window, QStringLiteral("4.6")));
    window.refreshCutover();
    QVERIFY(!action(window, "overrideOrderAction")->isEnabled());
    // Nor may the engineer start a rollback.
    QVERIFY(!action(window, "rollbackAction")->isEnabled());
    refused.clear();
    window.startRollback();
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("incident-commander")),
             qPrintable(refused.first().first().toString()));
    QVERIFY(!test::waitForDialog<CutoverReasonDialog>(window, 200));
    closeBoxes(window);

    // The incident commander: refused too, but offered the override, with a reason.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QVERIFY(selectItem(window, QStringLiteral("4.6")));
    refused.clear();
    action(window, "signAction")->trigger();
    QCOMPARE(refused.size(), 1);
    QVERIFY2(window.refusalText().contains(QStringLiteral("comes after 4.5")),
             qPrintable(window.refusalText()));
    auto* override =
        window.refusalBanner()->findChild<QPushButton*>(QStringLiteral("overrideOrderButton"));
    QVERIFY2(override && override->isVisible(),
             "the IC is offered the override where the refusal is");
    override->click();
    auto* reason = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(reason);
    QVERIFY(!acceptReason(window, QString()).isEmpty()); // a reason is required
    QCOMPARE(acceptReason(window, QStringLiteral("4.5 done by hand, console down")), QString());
    const ItemState s = window.state().item(QStringLiteral("4.6"));
    QCOMPARE(s.status, ItemStatus::Signed);
    QCOMPARE(s.by, QStringLiteral("Inès Duarte"));
    QCOMPARE(window.state().eventsFor(QStringLiteral("4.6")).last().fieldKey,
             QString(kOrderOverrideKey));
    // 4.6's sub-items were open: the override's text names them before the reason.
    QCOMPARE(s.note, QStringLiteral("Signed over open sub-items 4.6.1, 4.6.2: 4.5 done by hand, "
                                    "console down"));
    QVERIFY2(window.refusalText().isEmpty(), "the banner closes once its fix is taken");
    window.close();
}

// (d) A failing critical health check raises the abort banner, with the service and the cause.
void TestCutoverWindow::abortBannerFromFailingCriticalHealthCheck()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.route("/healthz", FakeHttpServer::json("{\"status\":\"down\"}", 503));
    Dashboard dashboard;
    dashboard.title = QStringLiteral("health only");
    HealthCheckDefinition http;
    http.service = QStringLiteral("prov-ledger");
    http.kind = HealthCheckDefinition::Kind::Http;
    http.url = server.baseUrl().toString() + QStringLiteral("/healthz");
    HealthCheckDefinition manual;
    manual.service = QStringLiteral("postgres");
    manual.kind = HealthCheckDefinition::Kind::Manual;
    manual.how = QStringLiteral("pg_isready -h db");
    dashboard.healthChecks = {http, manual};

    const QString path = newRun();
    MainWindow window;
    open(window, path);
    window.useConfiguredSource(server.baseUrl().toString(), false, dashboard);
    QVERIFY(window.healthMonitor());
    QVERIFY(!window.healthMonitor()->isDemo());
    QTRY_VERIFY_WITH_TIMEOUT(!window.healthMonitor()->failingCritical().isEmpty(), 10000);
    // Preparing: no banner yet; the lights show it.
    QVERIFY(!window.abortBannerVisible());
    const QList<HealthLight*> lights = window.cutoverHeader()->lights();
    QCOMPARE(lights.size(), 2);
    QCOMPARE(lights.at(0)->result().status, HealthStatus::Down);
    QCOMPARE(lights.at(1)->result().status, HealthStatus::NotProbed);
    QVERIFY2(lights.at(0)->toolTip().contains(QStringLiteral("503")),
             qPrintable(lights.at(0)->toolTip()));

    reachCutover(window);
    window.refreshCutover();
    QVERIFY(window.abortBannerVisible());
    const QString text = window.abortBannerText();
    QVERIFY2(text.contains(QStringLiteral("prov-ledger")) && text.contains(QStringLiteral("503")),
             qPrintable(text));
    auto* button = window.findChild<QPushButton*>(QStringLiteral("abortBannerButton"));
    QVERIFY(button && button->isVisible()); // the IC is on duty
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QVERIFY(!button->isVisible());
    QVERIFY2(window.abortBannerText().contains(QStringLiteral("Only the incident commander")),
             qPrintable(window.abortBannerText()));

    // The service recovers: the banner goes.
    server.route("/healthz", FakeHttpServer::json("{\"status\":\"ok\"}", 200));
    window.healthMonitor()->probeNow();
    QTRY_VERIFY_WITH_TIMEOUT(!window.abortBannerVisible(), 10000);
    QCOMPARE(window.cutoverHeader()->lights().at(0)->result().status, HealthStatus::Up);
    window.close();
}

// (d) A critical alert firing raises it too, from the Go/No-Go on (a reason for NO-GO).
void TestCutoverWindow::abortBannerFromCriticalAlert()
{
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    AlertSource source;
    Dashboard dashboard;
    dashboard.title = QStringLiteral("alerts only");
    window.setSloSource(&source, dashboard);
    AlertInfo alert;
    alert.name = QStringLiteral("ProvLedgerLatencyHigh");
    alert.severity = QStringLiteral("critical");
    alert.state = QStringLiteral("firing");
    alert.summary = QStringLiteral("prov-ledger p95 above 400 ms for 5 minutes");
    AlertInfo warning = alert;
    warning.name = QStringLiteral("DiskFilling");
    warning.severity = QStringLiteral("warning");
    emit source.alertsUpdated({alert, warning}, QString());
    QVERIFY(window.sloDock()->criticalBannerVisible());
    QVERIFY(!window.abortBannerVisible()); // Preparing

    as(window, QStringLiteral("Rae Okafor"), QStringLiteral("release-captain"));
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    for (const char* id : {"4.3", "4.4"})
        QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());
    action(window, "gateAction")->trigger();
    QCOMPARE(acceptReason(window, QString()), QString());
    QVERIFY(window.abortBannerVisible());
    QVERIFY2(window.abortBannerText().contains(QStringLiteral("NO-GO")),
             qPrintable(window.abortBannerText()));

    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "goNoGoAction")->trigger();
    auto* dialog = test::waitForDialog<GoNoGoDialog>(window);
    QVERIFY(dialog);
    auto* hint = dialog->findChild<QLabel*>(QStringLiteral("goNoGoAbortHint"));
    QVERIFY2(hint && hint->text().contains(QStringLiteral("ProvLedgerLatencyHigh")),
             "the Go/No-Go shows the abort trigger");
    dialog->setGo(true);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->accept();
    QVERIFY(recordedAll(window, recorded));

    const QString text = window.abortBannerText();
    QVERIFY2(text.contains(QStringLiteral("ProvLedgerLatencyHigh")) &&
                 text.contains(QStringLiteral("p95 above 400 ms")) &&
                 !text.contains(QStringLiteral("DiskFilling")),
             qPrintable(text));
    auto* button = window.findChild<QPushButton*>(QStringLiteral("abortBannerButton"));
    QVERIFY(button && button->isVisible());
    button->click();
    auto* reason = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(reason);
    QVERIFY2(reason->text().contains(QStringLiteral("ProvLedgerLatencyHigh")),
             qPrintable(reason->text()));
    reason->reject();

    // An answer with an error is not "all clear"; a good empty answer is.
    emit source.alertsUpdated({}, QStringLiteral("Prometheus unreachable"));
    QVERIFY(window.abortBannerVisible());
    emit source.alertsUpdated({}, QString());
    QVERIFY(!window.abortBannerVisible());
    window.setSloSource(nullptr, Dashboard());
    window.close();
}

// Polling belongs to the SLO monitor, not to the dock: with the dock closed and its
// auto-refresh Off, the source is still asked past GO, and a critical alert in its answer
// raises the abort band (the window's banner and the cutover status) without the dock.
void TestCutoverWindow::abortBandWithSloDockClosedAndRefreshOff()
{
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    PolledAlertSource source;
    Dashboard dashboard;
    dashboard.title = QStringLiteral("polled alerts");
    PanelDefinition panel;
    panel.id = QStringLiteral("prov-ledger-p95");
    panel.title = QStringLiteral("prov-ledger p95 latency");
    panel.query = QStringLiteral("x");
    panel.unit = QStringLiteral("ms");
    panel.slo.objective = 400;
    dashboard.panels = {panel};
    window.setSloSource(&source, dashboard);
    QTRY_VERIFY(source.refreshes > 0); // the first refresh, from the event loop

    // The room closes the dock (View > SLO dashboard) and sets its auto-refresh to Off.
    QAction* sloView = window.sloDock()->toggleViewAction();
    QVERIFY(sloView->isChecked());
    sloView->trigger();
    QVERIFY(window.sloDock()->isHidden());
    auto* off = window.findChild<QAction*>(QStringLiteral("sloRefresh0"));
    QVERIFY(off);
    off->trigger();
    SloMonitor* monitor = window.sloMonitor();
    QCOMPARE(monitor->refreshSeconds(), 0);
    auto* poll = monitor->findChild<QTimer*>(QStringLiteral("sloPollTimer"));
    QVERIFY(poll);
    QVERIFY2(!poll->isActive(), "Off means off before GO");

    reachCutover(window);
    window.refreshCutover();
    QVERIFY(window.sloDock()->isHidden());
    QCOMPARE(monitor->refreshSeconds(), 0);
    QVERIFY(!window.abortBannerVisible());

    // The next answer carries a critical alert; the poll is made fast, no real waiting.
    AlertInfo alert;
    alert.name = QStringLiteral("ProvLedgerLatencyHigh");
    alert.severity = QStringLiteral("critical");
    alert.state = QStringLiteral("firing");
    alert.summary = QStringLiteral("prov-ledger p95 above 400 ms for 5 minutes");
    source.alerts = {alert};
    const int before = source.refreshes;
    poll->setInterval(20); // restarts it when it runs, and only then
    QTRY_VERIFY(window.abortBannerVisible());
    QVERIFY(source.refreshes > before);
    QVERIFY2(poll->isActive(), "past GO the monitor polls whatever the dock's choice");
    QCOMPARE(monitor->effectiveRefreshSeconds(), SloMonitor::cutoverFallbackSeconds);
    QVERIFY2(window.abortBannerText().contains(QStringLiteral("ProvLedgerLatencyHigh")),
             qPrintable(window.abortBannerText()));
    const CutoverStatus& status = window.cutoverMonitor()->status();
    QVERIFY(status.running);
    QVERIFY(status.abortRaised);
    QVERIFY2(
        status.abortCauses.join(QLatin1Char('\n')).contains(QStringLiteral("p95 above 400 ms")),
        qPrintable(status.abortCauses.join(QLatin1Char('\n'))));

    // A rollback is past GO too: the SLOs stay watched while it runs.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "rollbackAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("critical alert: rolling back")), QString());
    QCOMPARE(window.state().cutover().phase(), Phase::Rollback);
    window.refreshCutover();
    QVERIFY2(poll->isActive(), "a rollback keeps the SLOs watched whatever the dock's choice");
    QCOMPARE(monitor->effectiveRefreshSeconds(), SloMonitor::cutoverFallbackSeconds);
    QVERIFY(window.sloDock()->isHidden());
    window.setSloSource(nullptr, Dashboard());
    window.close();
}

// Final monitoring: the header and the Live confirmation say whether the SLOs stayed steady.
void TestCutoverWindow::finalMonitoringSaysWhetherSlosStayedSteady()
{
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    AlertSource source;
    Dashboard dashboard;
    PanelDefinition panel;
    panel.id = QStringLiteral("prov-ledger-p95");
    panel.title = QStringLiteral("prov-ledger p95 latency");
    panel.query = QStringLiteral("x");
    panel.unit = QStringLiteral("ms");
    panel.slo.objective = 400;
    dashboard.panels = {panel};
    window.setSloSource(&source, dashboard);
    const auto deliver = [&](SloState state, double value) {
        PanelUpdate u;
        u.panelId = panel.id;
        u.ok = true;
        u.state = state;
        u.currentValue = value;
        u.fetchedAtUtc = m_now;
        u.series = {SeriesPoints{QStringLiteral("p95"),
                                 {QPointF(double(m_now.toMSecsSinceEpoch()), value)}}};
        emit source.panelUpdated(u);
    };
    // A breach before final monitoring does not count against it.
    deliver(SloState::Breach, 520);
    deliver(SloState::Ok, 210);
    reachCutover(window);
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    const CutoverPlan& plan = window.state().plan();
    for (const QString& step : plan.stepIds) {
        if (step == plan.finalMonitoringStepId)
            break;
        advance(window, 1);
        QCOMPARE(sign(window, step), QString());
    }
    QCOMPARE(window.state().cutover().phase(), Phase::FinalMonitoring);
    window.refreshCutover();
    QVERIFY2(window.cutoverHeader()->detailText().contains(QStringLiteral("SLOs steady")),
             qPrintable(window.cutoverHeader()->detailText()));

    advance(window, 4);
    deliver(SloState::Breach, 480);
    window.refreshCutover();
    QVERIFY2(window.cutoverHeader()->detailText().contains(
                 QStringLiteral("breaching now: prov-ledger p95 latency")),
             qPrintable(window.cutoverHeader()->detailText()));
    advance(window, 2);
    deliver(SloState::Ok, 230);
    advance(window, 9);
    QVERIFY2(window.cutoverHeader()->detailText().contains(
                 QStringLiteral("breach seen during final monitoring")),
             qPrintable(window.cutoverHeader()->detailText()));
    // The IC may still declare Live, warned in the confirmation.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    action(window, "liveAction")->trigger();
    auto* dialog = test::waitForDialog<CutoverReasonDialog>(window);
    QVERIFY(dialog);
    QVERIFY2(dialog->warningText().contains(QStringLiteral("prov-ledger p95 latency")),
             qPrintable(dialog->warningText()));
    dialog->reject();
    window.setSloSource(nullptr, Dashboard());
    window.close();
}

// A failed step's last 5 minutes and last minute reach the desktop while another program is in
// front, and only then; with notifications off in Settings, the moment is flagged, not sent.
void TestCutoverWindow::aFailedStepReachesTheDesktopWhileTheWindowIsBehind()
{
    QWidget other;
    other.show();
    for (const bool notify : {true, false}) {
        Settings::instance()->setValue(Settings::Key::NotifyDesktop, notify);
        const QString path = newRun();
        MainWindow window;
        open(window, path);
        fillStart(window, QStringLiteral("2026-05-01 05:00 UTC"));
        reachCutover(window);
        as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
        QCOMPARE(sign(window, QStringLiteral("4.5")), QString());
        QVERIFY(selectItem(window, QStringLiteral("4.6")));
        action(window, "stepFailedAction")->trigger();
        QCOMPARE(acceptReason(window, QStringLiteral("neo4j migration: lock timeout")), QString());
        QSignalSpy told(window.attention(), &AttentionController::told);

        // In front, or one of golive's own windows (a dialog, the wall screen) in front: the
        // window itself shows it.
        QApplication::setActiveWindow(&other);
        QTRY_VERIFY(other.isActiveWindow());
        advance(window, 10);
        QCOMPARE(told.size(), 0);

        // Another program in front (no golive window active): the last minute is told, once.
        QApplication::setActiveWindow(nullptr);
        QTRY_VERIFY(!QApplication::activeWindow());
        advance(window, 4);
        QCOMPARE(told.size(), 1);
        QCOMPARE(told.constFirst().constFirst().value<AttentionMoment>().summary,
                 QStringLiteral("4.6 failed: 1 minute left to resolve it"));
        QCOMPARE(told.constFirst().at(1).toBool(), notify);
        advance(window, 0, 30);
        QCOMPARE(told.size(), 1);
        window.close();
    }
    Settings::instance()->setValue(Settings::Key::NotifyDesktop, true);
}

// Offscreen screenshots for the review: a failed step's timer in the cutover, and the rollback.
void TestCutoverWindow::screenshots()
{
    const QString out = qEnvironmentVariable("GOLIVE_CUTOVER_SCREENSHOTS");
    if (out.isEmpty())
        QSKIP("set GOLIVE_CUTOVER_SCREENSHOTS=DIR to write the screenshots");
    // The control room's dark theme (the default), unless GOLIVE_CUTOVER_THEME=light.
    applyTheme(qEnvironmentVariable("GOLIVE_CUTOVER_THEME") == QLatin1String("light")
                   ? Theme::Light
                   : Theme::Dark);
    const QString path = newRun();
    MainWindow window;
    open(window, path);
    fillStart(window, QStringLiteral("2026-05-01 05:00 UTC"));
    Dashboard dashboard;
    HealthCheckDefinition check;
    for (const char* service : {"prov-ledger", "policy-lac", "nl2cypher", "report-studio"}) {
        check.service = QLatin1String(service);
        check.kind = HealthCheckDefinition::Kind::Http;
        check.url = QStringLiteral("http://example.invalid/health");
        dashboard.healthChecks << check;
    }
    check.service = QStringLiteral("postgres");
    check.kind = HealthCheckDefinition::Kind::Manual;
    check.how = QStringLiteral("pg_isready -h db");
    dashboard.healthChecks << check;
    window.useConfiguredSource(QString(), true, dashboard);
    QTRY_VERIFY(!window.cutoverHeader()->lights().isEmpty());
    reachCutover(window);
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    advance(window, 3);
    QCOMPARE(sign(window, QStringLiteral("4.5")), QString());
    QVERIFY(selectItem(window, QStringLiteral("4.6")));
    window.refreshCutover();
    action(window, "stepFailedAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("neo4j migration: lock timeout")), QString());
    advance(window, 3, 25);
    QApplication::processEvents();
    QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("b-cutover.png"))));
    advance(window, 12);
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QApplication::processEvents();
    QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("b-proposal.png"))));
    action(window, "rollbackAction")->trigger();
    QCOMPARE(acceptReason(window, QStringLiteral("4.6 not resolved within 15 minutes")), QString());
    as(window, QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    for (int n = 1; n <= 2; ++n) {
        advance(window, 2);
        action(window, "rollbackStepAction")->trigger();
        QCOMPARE(acceptReason(window, QStringLiteral("done")), QString());
    }
    QApplication::processEvents();
    QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("b-rollback.png"))));
    window.close();
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestCutoverWindow, "screenshots", "GOLIVE_CUTOVER_SCREENSHOTS")
#include "tst_cutoverwindow.moc"
