// The control room's window: the frame that holds the features and opens and closes runs.
#include "MainWindow.h"

#include "decision/DecisionMarkers.h"
#include "evidence/Evidence.h"

#include "AttentionController.h"
#include "ChannelController.h"
#include "ChecklistController.h"
#include "ChecklistExport.h"
#include "CommandController.h"
#include "CutoverController.h"
#include "CutoverHeader.h"
#include "CutoverMonitor.h"
#include "EvidenceController.h"
#include "HelpOverlay.h"
#include "Logging.h"
#include "ObservationTracker.h"
#include "PresenceDock.h"
#include "PresentationView.h"
#include "RefusalBanner.h"
#include "RunLocation.h"
#include "RunSession.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SharedRunController.h"
#include "SloController.h"
#include "SloDashboardDock.h"
#include "SloMonitor.h"
#include "TimelineController.h"
#include "TimelineDock.h"
#include "UiText.h"
#include "decision/SnapshotBuilder.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScreen>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace golive {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_session(new RunSession(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("golive"));
    createControllers();

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 0);
    layout->setSpacing(6);
    // A shared run's server out of reach comes first: nothing below can be recorded then.
    m_shared->createBand(central, layout);
    m_checklist->createBanner(central, layout);
    m_sloController->createBanner(central, layout);
    m_cutover->createWidgets(central, layout);
    // Every refusal, in one place above the checklist (refuse()).
    m_refusalBanner = new RefusalBanner(central);
    layout->addWidget(m_refusalBanner);
    m_checklist->createWidgets(central, layout);
    m_evidence->createWidgets();
    m_commands->createWidgets();
    setCentralWidget(central);
    m_checklist->createStatusLabels(statusBar());
    m_channel->createStatusLabel(statusBar());

    // The docks are made before restoreState() below, which puts them back where the user left
    // them (floating on the second monitor, say); hidden until needed or the saved state shows
    // them.
    addDockWidget(Qt::RightDockWidgetArea, m_sloDock);
    m_sloDock->hide();
    m_timeline = new TimelineController(
        this, m_session, m_sloMonitor, [this](const SignOffEvent& event) { submit(event); },
        [this](const QString& message, int ms) { statusBar()->showMessage(message, ms); });
    // The wall-screen view (its own full-screen window, F11) and the shortcut overlay (F1, "?").
    m_presentation = new PresentationView(this);
    m_presentation->followMonitor(m_sloMonitor);
    m_presentation->setClock([this] { return now(); });
    m_cutover->setWallScreen(m_presentation);
    m_helpOverlay = new HelpOverlay(this);
    m_helpOverlay->setExtraEntries(
        {{tr("Checklist"), tr("Sign off the selected item"), tr("Enter")},
         {tr("Checklist"), tr("Go to section tab 1 … 9"), tr("Alt+1 … Alt+9")},
         {tr("Presentation mode"), tr("Back to the checklist"), tr("F11 or Esc")}});

    createActions();
    createMenus();

    // The checklist follows the session first (it connected when it was made); then the frame.
    connect(m_session, &RunSession::opened, this, &MainWindow::onOpened);
    connect(m_session, &RunSession::openFailed, this, &MainWindow::onOpenFailed);
    connect(m_session, &RunSession::breaksChanged, this, [this] {
        if (m_awaitingCheck && !m_session->isVerifying()) {
            m_awaitingCheck = false;
            qCInfo(lcUi) << "ledger checked:" << m_session->runPath();
            emit runOpened();
        }
    });
    connect(m_session, &RunSession::eventRecorded, this, &MainWindow::onAppended);
    connect(m_session, &RunSession::eventRecorded, m_channel, &ChannelController::eventRecorded);
    connect(m_session, &RunSession::appendFailed, this, &MainWindow::onAppendFailed);
    // What other workstations recorded: the timeline follows, as it does for this one's.
    connect(m_session, &RunSession::recordedElsewhere, this,
            [this](const QList<SignOffEvent>& events) {
                for (const SignOffEvent& e : events)
                    m_timeline->eventRecorded(e);
            });

    Settings* settings = Settings::instance();
    if (!restoreGeometry(settings->value(Settings::Key::MainWindowGeometry).toByteArray())) {
        // First start: most of the screen, since this is the room's one screen.
        const QRect available = screen()->availableGeometry();
        resize(available.size() * 0.92);
    }
    m_restoredLayout = restoreState(settings->value(Settings::Key::MainWindowState).toByteArray());
    m_checklist->restoreLayout();
    m_checklist->refresh();
}

void MainWindow::createControllers()
{
    // The SLO watch and the cutover status built from it: no view drives them.
    m_sloMonitor = new SloMonitor(this);
    m_sloMonitor->setObjectName(QStringLiteral("sloMonitor"));
    m_sloMonitor->setRunClock([session = m_session] { return session->now(); });
    m_cutoverMonitor = new CutoverMonitor(m_sloMonitor, this);
    m_cutoverMonitor->setObjectName(QStringLiteral("cutoverMonitor"));
    m_sloDock = new SloDashboardDock(this, m_sloMonitor);
    SloController::Host slo;
    slo.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    slo.install = [this](SloSource* source, const Dashboard& dashboard) {
        setSloSource(source, dashboard);
    };
    slo.healthCreated = [this](HealthMonitor* health) {
        connect(health, &HealthMonitor::resultsChanged, m_cutover->header(),
                &CutoverHeader::setHealth);
        m_cutoverMonitor->setHealthMonitor(health); // refreshes the cutover on each result
        // Checks going down and up become observations.
        connect(health, &HealthMonitor::statusChanged, m_timeline,
                &TimelineController::recordHealthChange);
        connect(health, &HealthMonitor::resultsChanged, m_timeline->observations(),
                &ObservationTracker::healthResults);
    };
    // Settings offers the open run's war-room channel too (a setting of the run, not of this
    // computer; Tools > War-room channel… is the same dialog).
    slo.settingsShown = [this](SettingsDialog* dialog) {
        if (m_session->hasRun())
            dialog->addRunSetting(tr("War-room channel:"), tr("Set the &channel…"),
                                  QStringLiteral("channelButton"),
                                  [this](QWidget* parent) { m_channel->showDialog(parent); });
    };
    m_sloController = new SloController(this, m_sloDock, std::move(slo));
    // Every decision records what the window sees at that moment: panels, alerts, lights.
    m_session->setSnapshotProvider([this] {
        return buildSnapshot(windowSnapshotInputs(*m_sloMonitor, m_sloController->healthMonitor(),
                                                  m_sloController->prometheusAddress(),
                                                  m_shownDashboardSha256, m_session->now()));
    });
    m_export = new ChecklistExport(
        this, m_session, [this] { m_checklist->flushFieldEdits(); },
        [this](const QString& message, int ms) { statusBar()->showMessage(message, ms); });
    connect(m_sloController, &SloController::sourceChanged, this, &MainWindow::sloSourceChanged);

    // The cutover: the header, the abort and rollback banners, the rollback checklist.
    CutoverController::Host host;
    host.currentItem = [this] { return m_checklist->currentItem(); };
    host.ensureOperator = [this] { return m_checklist->ensureOperator(); };
    host.submit = [this](const SignOffEvent& event) { m_checklist->submit(event); };
    host.refuse = [this](const QString& message) { refuse(message); };
    host.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    host.refused = [this](const QString& message) { emit eventRefused(message); };
    host.refuseWithFix = [this](const QString& message, const QString& fixText,
                                const QString& objectName, const std::function<void()>& fix) {
        refuse(message, {{fixText, fix, objectName}});
    };
    m_cutover = new CutoverController(this, m_session, m_cutoverMonitor, std::move(host));
    // What must not pass unseen while the window is behind another: a desktop notification.
    m_attention = new AttentionController(this, m_session);
    connect(m_cutover, &CutoverController::evaluated, m_attention, &AttentionController::follow);
    // The war-room channel: the moments this window records, and abort triggers, posted.
    ChannelController::Host channel;
    channel.submit = [this](const SignOffEvent& event) { submit(event); };
    channel.operatorOnDuty = [this] { return m_checklist->operatorOnDuty(); };
    channel.sloStates = [this] {
        return channelSloStates(buildSnapshot(windowSnapshotInputs(
            *m_sloMonitor, m_sloController->healthMonitor(), m_sloController->prometheusAddress(),
            m_shownDashboardSha256, m_session->now())));
    };
    channel.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    m_channel = new ChannelController(this, m_session, credentials(), std::move(channel));
    connect(m_cutover, &CutoverController::evaluated, m_channel, &ChannelController::follow);

    // A run several workstations share: the connection band, who is here, this workstation's
    // presence. Made before the checklist, so that it follows the session's signals first.
    SharedRunController::Host shared;
    shared.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    shared.openRun = [this](const QString& location) { openRun(location); };
    shared.operatorOnDuty = [this] { return m_checklist->operatorOnDuty(); };
    m_shared = new SharedRunController(this, m_session, std::move(shared));

    // The checklist: its widgets, sign-off actions and menus. It follows the session's signals
    // after the cutover and before the window.
    ChecklistController::Host checklist;
    checklist.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    checklist.refuse = [this](const QString& message) { refuse(message); };
    checklist.refuseOrOfferOverride = [this](const SignOffEvent& event, const QString& error) {
        m_cutover->refuseOrOfferOverride(event, error);
    };
    checklist.offerEvidence = [this](SignOffDialog* dialog, const QString& itemId) {
        m_evidence->offerEvidence(dialog, itemId);
    };
    m_checklist = new ChecklistController(this, m_session, std::move(checklist));
    // Evidence follows the session after the checklist (its trees are remade first).
    EvidenceController::Host evidence;
    evidence.refuse = [this](const QString& message) { refuse(message); };
    evidence.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    m_evidence = new EvidenceController(this, m_session, m_checklist, std::move(evidence));
    // Commands from the runbook: after the evidence (their pane goes in its column).
    CommandController::Host commands;
    commands.refuse = [this](const QString& message) { refuse(message); };
    commands.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    commands.signOff = [this](const QString& itemId) {
        m_checklist->showItem(itemId);
        if (auto* sign = findChild<QAction*>(QStringLiteral("signAction")))
            sign->trigger();
    };
    m_commands = new CommandController(this, m_session, m_checklist, std::move(commands));
    // A failed step's row counts its time left with the header.
    connect(m_cutover, &CutoverController::refreshed, m_checklist,
            &ChecklistController::clockTicked);
    connect(m_checklist, &ChecklistController::actionsUpdated, this, [this] {
        m_shared->operatorMayHaveChanged();
        for (QAction* a :
             {m_printAction, m_exportPdfAction, m_exportMdAction, m_exportJsonAction}) {
            if (a)
                a->setEnabled(m_session->hasRun() && !m_session->isVerifying());
        }
        refreshCutover();
    });
    connect(m_checklist, &ChecklistController::progressChanged, this, [this] {
        // The wall screen copies the run; it keeps no pointer into it. The SLO charts, in the
        // dock and on the wall, mark the run's decisions and failed steps.
        QList<DecisionMarker> markers;
        if (m_session->hasRun()) {
            m_presentation->setRun(m_session->runbook(), m_session->state());
            markers = decisionMarkers(m_session->state());
        } else {
            m_presentation->clearRun();
        }
        m_sloDock->setDecisionMarkers(markers);
        m_presentation->setDecisionMarkers(markers);
    });
}

MainWindow::~MainWindow()
{
    // The views read the checklist's model, which reads m_session->runbook() and
    // m_session->state(): take the views down while the session and the model still exist
    // (QWidget's destructor deletes the children in the order they were made).
    delete takeCentralWidget();
}

void MainWindow::createActions()
{
    m_checklist->createActions();
    m_settingsAction = new QAction(tr("&Settings…"), this);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settingsAction, &QAction::triggered, this, [this] { showSettings(); });
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_allActions << m_settingsAction;
    m_cutover->createActions();
    m_allActions << m_cutover->actions();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    auto* newRun =
        file->addAction(tr("&New run from a runbook…"), this, &MainWindow::newRunFromRunbook);
    newRun->setShortcut(QKeySequence::New);
    auto* open = file->addAction(tr("&Open run…"), this, &MainWindow::openRunDialog);
    open->setShortcut(QKeySequence::Open);
    auto* openServer = file->addAction(tr("Open &server run…"), m_shared,
                                       &SharedRunController::openServerRunDialog);
    openServer->setObjectName(QStringLiteral("openServerRunAction"));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addSeparator();
    m_printAction =
        file->addAction(tr("&Print signed checklist…"), m_export, &ChecklistExport::print);
    m_printAction->setShortcut(QKeySequence::Print);
    m_exportPdfAction = file->addAction(tr("&Export PDF…"), this,
                                        [this] { m_export->exportWithDialog(ExportFormat::Pdf); });
    m_exportPdfAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportMdAction = file->addAction(tr("Export &Markdown…"), this, [this] {
        m_export->exportWithDialog(ExportFormat::Markdown);
    });
    m_exportJsonAction = file->addAction(tr("Export ledger as &JSON…"), this, [this] {
        m_export->exportWithDialog(ExportFormat::Json);
    });
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    m_allActions << newRun << open << openServer << m_printAction << m_exportPdfAction
                 << m_exportMdAction << m_exportJsonAction << quit;
    // Timeline: the same Markdown as `golive export --timeline`.
    auto* exportTimelineAction = new QAction(tr("Export &timeline (Markdown)…"), this);
    exportTimelineAction->setObjectName(QStringLiteral("exportTimelineAction"));
    exportTimelineAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(exportTimelineAction, &QAction::triggered, m_timeline,
            &TimelineController::exportTimeline);
    // With the other exports, before the separator above Quit.
    const QList<QAction*> fileActions = file->actions();
    const qsizetype quitAt = fileActions.indexOf(quit);
    QAction* before = quit;
    if (quitAt > 0 && fileActions.at(quitAt - 1)->isSeparator()) {
        before = fileActions.at(quitAt - 1);
    }
    file->insertAction(before, exportTimelineAction);
    m_allActions << exportTimelineAction;

    m_checklist->createMenus(menuBar());
    m_evidence->createActions(menuBar());
    m_allActions << m_evidence->attachAction();
    m_cutover->createMenu(menuBar());
    createViewMenu();

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_settingsAction);
    tools->addSeparator();
    const QList<QAction*> channelActions = m_channel->createActions();
    tools->addActions(channelActions);
    m_allActions << channelActions;

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    auto* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    // The keyboard help overlay: F1 or "?" ("?" typed into a field stays a "?").
    keys->setShortcuts({QKeySequence(QKeySequence::HelpContents), QKeySequence(Qt::Key_Question)});
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    help->addAction(tr("&About golive"), this, &MainWindow::showAbout);
    m_allActions << keys;

    // Shortcuts must work wherever focus is in the window, not only through the menu bar
    // (Sign off only while a checklist has focus: the checklist keeps it to itself).
    m_allActions = m_checklist->windowActions() + m_allActions;
    for (QAction* action : std::as_const(m_allActions)) {
        addAction(action);
    }
}

void MainWindow::createViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < 9; ++i) {
        auto* tab = new QAction(tr("Section tab %1").arg(i + 1), this);
        tab->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(tab, &QAction::triggered, this, [this, i] { m_checklist->showSection(i); });
        addAction(tab);
        if (i == 0) {
            view->addAction(tab);
        }
    }
    // Next / previous section tab, wrapping, wherever focus is (the tree would page instead).
    const auto stepTab = [this](int by) { m_checklist->stepSection(by); };
    auto* nextTab = view->addAction(tr("&Next section tab"), this, [stepTab] { stepTab(1); });
    nextTab->setObjectName(QStringLiteral("nextTabAction"));
    nextTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    nextTab->setShortcutContext(Qt::WindowShortcut);
    auto* previousTab =
        view->addAction(tr("&Previous section tab"), this, [stepTab] { stepTab(-1); });
    previousTab->setObjectName(QStringLiteral("previousTabAction"));
    previousTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    previousTab->setShortcutContext(Qt::WindowShortcut);
    addAction(nextTab);
    addAction(previousTab);
    m_allActions << nextTab << previousTab;
    auto* expand = view->addAction(tr("&Expand all"), this, [this] { m_checklist->expandAll(); });
    expand->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_allActions << expand;
    // SLO dashboard dock: show or hide it.
    QAction* slo = m_sloDock->toggleViewAction();
    slo->setText(tr("&SLO dashboard"));
    slo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    view->addSeparator();
    view->addAction(slo);
    m_allActions << slo;
    // Timeline: show or hide it.
    QAction* timeline = m_timeline->dock()->toggleViewAction();
    timeline->setText(tr("&Timeline"));
    timeline->setObjectName(QStringLiteral("timelineAction"));
    timeline->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    view->addAction(timeline);
    m_allActions << timeline;
    // Who is here: the workstations on a shared run.
    QAction* present = m_shared->presenceDock()->toggleViewAction();
    present->setText(tr("&Who is here"));
    present->setObjectName(QStringLiteral("whoIsHereAction"));
    view->addAction(present);
    m_allActions << present;
    // Presentation mode: the run on a wall screen, F11 in and out (Esc out too).
    m_presentationAction = view->addAction(tr("&Presentation mode"));
    m_presentationAction->setObjectName(QStringLiteral("presentationAction"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F11));
    connect(m_presentationAction, &QAction::toggled, m_presentation,
            &PresentationView::setPresenting);
    connect(m_presentation, &PresentationView::presentingChanged, m_presentationAction,
            &QAction::setChecked);
    m_allActions << m_presentationAction;
}

// SLO dashboard dock.
void MainWindow::setSloSource(SloSource* source, const Dashboard& dashboard)
{
    // The monitor polls it; the dock, the wall screen, the cutover and the timeline follow it.
    m_timeline->observations()->setDashboard(dashboard);
    m_sloMonitor->setSource(source, dashboard);
    if (source) {
        m_sloDock->show();
        // First start: the checklist keeps most of the screen; later the user's layout wins.
        if (!m_restoredLayout && !m_sloDock->isFloating()) {
            resizeDocks({m_sloDock}, {width() * 2 / 5}, Qt::Horizontal);
        }
    }
}

// --- The SLO source and the connection ---

// --- Cutover command mode ---
// The window shows the cutover and offers its moves; every rule is RunState::validate()'s: the
// moves are built with the make*Event builders and validated, a refusal is shown in its words.

void MainWindow::setClock(RunState::Clock clock)
{
    m_session->setClock(std::move(clock));
    refreshCutover();
}

QDateTime MainWindow::now() const
{
    return m_session->now();
}

// --- end cutover command mode ---

void MainWindow::refreshCutover()
{
    if (m_cutover) {
        m_cutover->refresh();
    }
}

CutoverHeader* MainWindow::cutoverHeader() const
{
    return m_cutover->header();
}

RollbackView* MainWindow::rollbackView() const
{
    return m_cutover->rollbackView();
}

bool MainWindow::abortBannerVisible() const
{
    return m_cutover->abortBannerVisible();
}

QString MainWindow::abortBannerText() const
{
    return m_cutover->abortBannerText();
}

bool MainWindow::rollbackProposalVisible() const
{
    return m_cutover->rollbackProposalVisible();
}

QString MainWindow::rollbackProposalText() const
{
    return m_cutover->rollbackProposalText();
}

void MainWindow::useConfiguredSource(const QString& overrideUrl, bool forceDemo,
                                     const std::optional<Dashboard>& fallback)
{
    m_sloController->useConfiguredSource(overrideUrl, forceDemo, fallback);
    showRunDashboardHelp();
}

void MainWindow::setBundledDashboard(const BundledDashboard& bundled)
{
    m_bundled = bundled;
    m_bundledDashboard.reset();
    if (!bundled.isEmpty())
        m_bundledDashboard = parseRunDashboard(bundled.dashboard, nullptr); // small, ours
}

void MainWindow::applyRunDashboard(const RunSnapshot& snapshot)
{
    std::optional<Dashboard> own = snapshot.dashboard;
    m_shownDashboardSha256 = own ? snapshot.dashboards.constLast().sha256 : QString();
    m_runDashboardProblem = snapshot.dashboardError;
    // A run made from the bundled runbook before runs kept their dashboard keeps the bundled one.
    if (!own && snapshot.dashboards.isEmpty() &&
        m_bundled.isBundledRunbook(snapshot.runbookSha256)) {
        own = m_bundledDashboard;
        m_shownDashboardSha256 = own ? m_bundled.dashboard.sha256 : QString();
    }
    m_sloController->setRunDashboard(own);
    showRunDashboardHelp();
}

void MainWindow::showRunDashboardHelp()
{
    if (m_sloController->showsDashboard() || !m_session->hasRun()) {
        m_sloDock->setPlaceholderText(QString());
        return;
    }
    // Said to someone under pressure: what is missing, what it means, and the one way to fix it.
    QString text = tr("This run has no SLO dashboard, so there are no SLO charts and no health "
                      "lights.");
    if (!m_runDashboardProblem.isEmpty())
        text = tr("This run's SLO dashboard does not read in this golive (%1), so there are no "
                  "SLO charts and no health lights.")
                   .arg(m_runDashboardProblem);
    text += QLatin1String("\n\n") +
            tr("To give this run a dashboard, the incident commander or the release captain "
               "runs:\n\ngolive dashboard set --run \"%1\" --as NAME --role ROLE FILE.json\n\n"
               "and opens the run again. It is recorded in the run's ledger.")
                .arg(QDir::toNativeSeparators(m_session->runPath()));
    m_sloDock->setPlaceholderText(displaySafeLines(text));
}

SloSource* MainWindow::sloSource() const
{
    return m_sloController->source();
}

CredentialStore* MainWindow::credentials() const
{
    return m_sloController->credentials();
}

QString MainWindow::connectionWarning() const
{
    return m_sloController->connectionWarning();
}

void MainWindow::showSettings()
{
    m_sloController->showSettings();
}

HealthMonitor* MainWindow::healthMonitor() const
{
    return m_sloController->healthMonitor();
}

bool MainWindow::hasRun() const
{
    return m_session->hasRun();
}

QString MainWindow::runPath() const
{
    return m_session->runPath();
}

const Runbook& MainWindow::runbook() const
{
    return m_session->runbook();
}

const RunState& MainWindow::state() const
{
    return m_session->state();
}

int MainWindow::pendingEvents() const
{
    return m_session->pendingEvents();
}

QTabBar* MainWindow::tabs() const
{
    return m_checklist->tabs();
}

QTreeView* MainWindow::currentTree() const
{
    return m_checklist->currentTree();
}

void MainWindow::openRun(const QString& path)
{
    // A command running in the run open now is stopped and recorded first, or waited for.
    if (!m_commands->mayLeave(tr("open the other run"), tr("Open anyway")))
        return;
    // A password typed into a server URI goes to the driver only: never on screen or in logs.
    m_checklist->showOpening(locationWithoutPassword(path));
    qCInfo(lcUi) << "opening run" << locationWithoutPassword(path);
    m_session->open(path);
}

void MainWindow::onOpened(const RunSnapshot& snapshot)
{
    // The checklist shows the run already (it follows the session before the window).
    m_showsRun = true;
    Settings::instance()->addRecentRun(locationWithoutPassword(m_session->runPath()));
    setWindowTitle(tr("%1 — %2%3 — golive")
                       .arg(m_session->runbook().title, locationShortName(m_session->runPath()),
                            m_session->isReadOnly() ? tr(" [read-only]") : QString()));
    m_timeline->runOpened();
    m_channel->runOpened();
    applyRunDashboard(snapshot);
    // Opened past the GO (the cutover, final monitoring, Live, a rollback), the window starts
    // where the room is: on the cutover's tab at the failed step, else the current one, the final
    // step once Live (not at the first tab). Before the GO the checklist's own choice stands.
    const QString focus = m_session->state().cutover().stepInFocus();
    if (!focus.isEmpty())
        m_checklist->showItem(focus);
    qCInfo(lcUi) << "opened run" << m_session->runPath() << "with" << snapshot.events.size()
                 << "events";
    m_awaitingCheck = m_session->isVerifying();
    emit runShown();
    if (!m_awaitingCheck)
        emit runOpened();
}

void MainWindow::onOpenFailed(const QString& error)
{
    qCWarning(lcUi) << "could not open run:" << error;
    m_awaitingCheck = false;
    // The session let the previous run go (runReleased): nothing of it stays on screen.
    if (m_showsRun) {
        m_showsRun = false;
        m_timeline->runClosed();
        setWindowTitle(QStringLiteral("golive"));
    }
    emit openFailed(error);
}

void MainWindow::submit(const SignOffEvent& event)
{
    m_checklist->submit(event);
}

void MainWindow::onAppended(const SignOffEvent& event)
{
    // The checklist shows the event already (it follows the session before the window).
    m_timeline->eventRecorded(event);
    statusBar()->showMessage(recordedText(event), 5000);
    emit eventRecorded(event);
}

QString MainWindow::recordedText(const SignOffEvent& event) const
{
    // Plain words, as a person says it: never the ledger's kind names.
    const QString id = event.itemId;
    QString what;
    switch (event.kind) {
    case EventKind::Signed:
        what = tr("%1 signed off").arg(id);
        break;
    case EventKind::Revoked:
        what = tr("%1 revoked: open again").arg(id);
        break;
    case EventKind::NotApplicable:
        what = tr("%1 marked not applicable").arg(id);
        break;
    case EventKind::Blocked:
        what = tr("%1 marked blocked").arg(id);
        break;
    case EventKind::NoteAdded:
        what = tr("Note added to %1").arg(id);
        break;
    case EventKind::FieldFilled: {
        const RunbookField* field =
            m_session->hasRun() ? m_session->runbook().findField(event.fieldKey) : nullptr;
        const QString label = field ? field->label : event.fieldKey;
        what = event.text.isEmpty() ? tr("%1 cleared").arg(label)
                                    : tr("%1 set to %2").arg(label, event.text);
        break;
    }
    case EventKind::ChainBreakAcknowledged:
        what = tr("Ledger break acknowledged");
        break;
    case EventKind::PhaseChanged:
        what = event.fieldKey == phaseName(Phase::Live)       ? tr("Go-live declared Live")
               : event.fieldKey == phaseName(Phase::Rollback) ? tr("Rollback started")
                                                              : tr("Go/No-Go opened");
        break;
    case EventKind::Decision:
        what = event.fieldKey == kDecisionGo ? tr("GO recorded: the cutover starts")
                                             : tr("NO-GO recorded");
        break;
    case EventKind::StepFailed:
        what = tr("Step %1 marked failed").arg(id);
        break;
    case EventKind::RollbackStep:
        what = tr("Rollback step %1 done").arg(event.fieldKey);
        break;
    case EventKind::Observed:
        // What the channel was told is golive's own report, not something seen.
        what = event.fieldKey.startsWith(QLatin1String("channel-"))
                   ? tr("War-room channel: %1").arg(observationDisplayName(event.fieldKey))
                   : tr("Seen: %1").arg(observationDisplayName(event.fieldKey));
        break;
    case EventKind::EvidenceAttached:
        what = tr("Evidence attached to %1: %2").arg(id, evidenceSummary(event));
        break;
    case EventKind::CommandRun:
        what = tr("Command output recorded for %1: %2").arg(id, evidenceSummary(event));
        break;
    case EventKind::DashboardSet:
        what = tr("Dashboard of this run set to %1").arg(event.text);
        break;
    case EventKind::RosterChanged:
        what = event.fieldKey == QLatin1String("require-signatures")
                   ? tr("Signed sign-offs required from now on")
                   : tr("Roster changed (%1)").arg(event.fieldKey);
        break;
    }
    // Signed: the key that signed, as the roster shows it.
    if (event.signature.isSigned())
        what = tr("%1, signed with key %2")
                   .arg(what, shortFingerprint(event.signature.keyFingerprint));
    return displaySafe(tr("%1 (by %2)").arg(what, event.actor.name));
}

void MainWindow::onAppendFailed(const SignOffEvent& event, const QString& error)
{
    m_failedWhileClosing = true;
    // Never a dialog for an observation; it waits again, shown in the Timeline dock with the
    // ledger's words, and is tried again with the next event.
    if (event.kind == EventKind::Observed) {
        m_timeline->observations()->notRecorded(event, error);
        qCWarning(lcUi) << "observation not recorded:" << event.fieldKey << error;
        statusBar()->showMessage(tr("Observation not recorded: %1").arg(error), 10000);
        return;
    }
    qCWarning(lcUi) << "event refused by the ledger:" << eventKindName(event.kind) << event.itemId
                    << error;
    refuse(tr("Not recorded: %1").arg(error));
}

namespace {

enum class RefusalWayOut
{
    None,
    ChangeOperator,
    Acknowledge,
    GoNoGo,
};

// Which way out a refusal's words point to. The rules' own words sit at the start or the end
// of their messages; item titles, names and notes sit in the middle, so only the ends are read
// (a note saying "; you are not to sign" must not offer to change the operator).
RefusalWayOut refusalWayOut(QString message)
{
    message.remove(QRegularExpression(QStringLiteral("^Not recorded: ")));
    static const QRegularExpression role(
        QStringLiteral("; you are (incident-commander|release-captain|engineer|observer)"
                       "(, so nothing was recorded|; nothing was recorded)?$"));
    static const QRegularExpression acknowledge(
        QStringLiteral("acknowledge it first(\\.| \\(in the window: Run > Acknowledge ledger "
                       "break\u2026\\)\\. Nothing was recorded\\.)?$"));
    if (role.match(message).hasMatch() ||
        message.startsWith(QLatin1String("observers are read-only")) ||
        message.startsWith(QLatin1String("enter your name first")) ||
        // The signing key is chosen in the operator dialog.
        message.contains(QLatin1String("Ctrl+Shift+O"))) {
        return RefusalWayOut::ChangeOperator;
    }
    if (acknowledge.match(message).hasMatch()) {
        return RefusalWayOut::Acknowledge;
    }
    if (message.endsWith(QLatin1String("the incident commander records GO (or NO-GO with a "
                                       "reason) at the Go/No-Go; nothing was recorded"))) {
        return RefusalWayOut::GoNoGo;
    }
    return RefusalWayOut::None;
}

} // namespace

void MainWindow::refuse(const QString& message, QList<RefusalBanner::Fix> fixes)
{
    statusBar()->showMessage(message, 10000);
    emit eventRefused(message);
    // The way out the rule's words point to, when the window has one. The rules word these
    // refusals the same way everywhere (RunState::validate, RunFile::append).
    if (fixes.isEmpty()) {
        switch (refusalWayOut(message)) {
        case RefusalWayOut::ChangeOperator:
            fixes.append({tr("Change operator…"), [this] { m_checklist->chooseOperator(); },
                          QStringLiteral("changeOperatorButton")});
            break;
        case RefusalWayOut::Acknowledge:
            fixes.append({tr("Acknowledge…"), [this] { m_checklist->acknowledgeBreak(); },
                          QStringLiteral("acknowledgeButton")});
            break;
        case RefusalWayOut::GoNoGo:
            fixes.append({tr("Go/No-Go… (Ctrl+G)"), [this] { m_cutover->recordGoNoGo(); },
                          QStringLiteral("goNoGoButton")});
            break;
        case RefusalWayOut::None:
            break;
        }
    }
    // Never a box that steals the keyboard in the middle of a cutover: the banner above the
    // checklist, until closed or the next refusal.
    m_refusalBanner->showRefusal(message, fixes);
}

QString MainWindow::refusalText() const
{
    return m_refusalBanner->text();
}

void MainWindow::newRunFromRunbook()
{
    Settings* s = Settings::instance();
    const QString runbook = QFileDialog::getOpenFileName(
        this, tr("New run from a runbook"), s->value(Settings::Key::LastRunbookDir).toString(),
        tr("Markdown runbooks (*.md *.markdown);;All files (*)"));
    if (runbook.isEmpty()) {
        return;
    }
    s->setValue(Settings::Key::LastRunbookDir, QFileInfo(runbook).absolutePath());
    const QString suggested =
        QDir(s->value(Settings::Key::LastRunDir).toString())
            .filePath(QFileInfo(runbook).completeBaseName() + QStringLiteral(".golive"));
    const QString out = QFileDialog::getSaveFileName(this, tr("Save the new run as"), suggested,
                                                     tr("golive runs (*.golive)"));
    if (out.isEmpty()) {
        return;
    }
    s->setValue(Settings::Key::LastRunDir, QFileInfo(out).absolutePath());
    // Reading and parsing a runbook of untrusted size happens off the UI thread.
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, out] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            QMessageBox::warning(this, tr("No run created"), error);
            return;
        }
        openRun(out);
    });
    watcher->setFuture(QtConcurrent::run([runbook, out, bundled = m_bundled] {
        return RunSession::createRunFromRunbook(runbook, out, bundled);
    }));
}

void MainWindow::openRunDialog()
{
    Settings* s = Settings::instance();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a run"), s->value(Settings::Key::LastRunDir).toString(),
        tr("golive runs (*.golive);;All files (*)"));
    if (!path.isEmpty()) {
        s->setValue(Settings::Key::LastRunDir, QFileInfo(path).absolutePath());
        openRun(path);
    }
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList runs = Settings::instance()->recentRuns();
    if (runs.isEmpty()) {
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
        return;
    }
    for (const QString& run : runs) {
        const QString shown = RunLedger::isServerLocation(run) ? locationWithoutPassword(run)
                                                               : QDir::toNativeSeparators(run);
        m_recentMenu->addAction(shown, this, [this, run] { openRun(run); });
    }
}

// The keyboard help overlay: every menu action with a shortcut, read from the menus
// when it opens.
void MainWindow::showShortcuts()
{
    m_helpOverlay->toggle();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About golive"),
                       tr("<b>golive %1</b><p>The control room for software go-lives: runbook "
                          "checklists with a tamper-evident sign-off ledger.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // A command running: stop and record it, keep waiting, or quit (it is recorded as
    // interrupted from its journal when the run is opened next).
    if (!m_commands->mayLeave(tr("quit"), tr("Quit anyway"))) {
        event->ignore();
        return;
    }
    Settings* s = Settings::instance();
    s->setValue(Settings::Key::MainWindowGeometry, saveGeometry());
    s->setValue(Settings::Key::MainWindowState, saveState());
    m_checklist->saveLayout();
    // A value typed into a field but not yet entered is still the user's: record it, then wait
    // until every queued event is committed. If one fails, the window stays open and says so.
    m_checklist->flushFieldEdits();
    if (m_session->pendingEvents() > 0) {
        m_failedWhileClosing = false;
        QEventLoop loop;
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        const auto check = [this, &loop] {
            if (m_session->pendingEvents() == 0) {
                loop.quit();
            }
        };
        connect(this, &MainWindow::eventRecorded, &loop, check);
        connect(this, &MainWindow::eventRefused, &loop, check);
        statusBar()->showMessage(
            tr("Recording %n event(s) before closing…", nullptr, m_session->pendingEvents()));
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        if (m_session->pendingEvents() > 0 || m_failedWhileClosing) {
            event->ignore();
            return;
        }
    }
    m_session->close();
    QMainWindow::closeEvent(event);
}

} // namespace golive
