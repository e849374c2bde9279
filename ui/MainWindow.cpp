// The control room's window: release fields, one tab per runbook section, details, banners.
#include "MainWindow.h"

#include "AsyncLedger.h"
#include "ChecklistExport.h"
#include "ChecklistModel.h"
#include "ChecklistReport.h"
#include "ChecklistStyleProxy.h"
#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "CutoverController.h"
#include "CutoverHeader.h"
#include "CutoverMonitor.h"
#include "DemoSource.h"
#include "ExportTarget.h"
#include "HelpOverlay.h"
#include "ItemDetailsView.h"
#include "Logging.h"
#include "ObservationTracker.h"
#include "OperatorDialog.h"
#include "OperatorOnDuty.h"
#include "PresentationView.h"
#include "PrometheusSource.h"
#include "RunFile.h"
#include "RunSession.h"
#include "RunbookParser.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SignOffDialog.h"
#include "SloController.h"
#include "SloDashboardDock.h"
#include "SloMonitor.h"
#include "SloPanelWidget.h"
#include "Theme.h"
#include "TimelineController.h"
#include "TimelineDock.h"
#include "UiText.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPaintEngine>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace golive {
namespace {

QString shortHash(const QByteArray& hash)
{
    return QString::fromLatin1(hash.left(12));
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_session(new RunSession(this)), m_model(new ChecklistModel(this)),
      m_proxy(new ChecklistStyleProxy(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("golive"));
    m_proxy->setSourceModel(m_model);
    createControllers();

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 0);
    layout->setSpacing(6);
    // The banner stays hidden until something needs the room's attention (a broken ledger,
    // a run that cannot be opened, a read-only file).
    m_banner = new QFrame(central);
    m_banner->setObjectName(QStringLiteral("banner"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("bannerText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerButton = new QPushButton(tr("Acknowledge…"), m_banner);
    m_bannerButton->setObjectName(QStringLiteral("bannerButton"));
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerButton);
    m_banner->hide();
    connect(m_bannerButton, &QPushButton::clicked, this, &MainWindow::acknowledgeBreak);
    layout->addWidget(m_banner);

    m_sloController->createBanner(central, layout);
    m_cutover->createWidgets(central, layout);
    createRunHeader(central, layout);
    // The section tabs span the whole window so every section's title and progress is
    // readable at once; the checklist and the details pane share the space below them.
    m_tabs = new QTabBar(central);
    m_tabs->setObjectName(QStringLiteral("sectionTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setElideMode(Qt::ElideNone);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setExpanding(false);
    m_tabs->setDrawBase(true);
    layout->addWidget(m_tabs);
    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setObjectName(QStringLiteral("detailsSplitter"));
    m_pages = new QStackedWidget(m_splitter);
    m_details = new ItemDetailsView(m_splitter);
    m_splitter->addWidget(m_pages);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        m_pages->setCurrentIndex(index);
        showSelectionDetails();
        updateActions();
    });
    setCentralWidget(central);
    m_statusRun = new QLabel(this);
    m_statusHead = new QLabel(this);
    m_statusHead->setObjectName(QStringLiteral("ledgerHead"));
    m_statusPending = new QLabel(this);
    // A run's path is a file name, not markup.
    for (QLabel* label : {m_statusRun, m_statusHead, m_statusPending}) {
        label->setTextFormat(Qt::PlainText);
    }
    statusBar()->addWidget(m_statusRun, 1);
    statusBar()->addPermanentWidget(m_statusPending);
    statusBar()->addPermanentWidget(m_statusHead);

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

    connect(m_session, &RunSession::runReleased, this, [this] {
        // The model points into the session's runbook and state: it lets go first.
        m_model->setRun(nullptr, nullptr);
    });
    connect(m_session, &RunSession::opened, this, &MainWindow::onOpened);
    connect(m_session, &RunSession::openFailed, this, &MainWindow::onOpenFailed);
    connect(m_session, &RunSession::eventRecorded, this, &MainWindow::onAppended);
    connect(m_session, &RunSession::appendFailed, this, &MainWindow::onAppendFailed);
    connect(m_session, &RunSession::pendingChanged, this, [this] { updateStatus(); });
    connect(m_model, &ChecklistModel::sectionProgressChanged, this, [this] { updateTabTitles(); });

    Settings* settings = Settings::instance();
    if (!restoreGeometry(settings->value(Settings::Key::MainWindowGeometry).toByteArray())) {
        // First start: most of the screen, since this is the room's one screen.
        const QRect available = screen()->availableGeometry();
        resize(available.size() * 0.92);
    }
    m_restoredLayout = restoreState(settings->value(Settings::Key::MainWindowState).toByteArray());
    if (!m_splitter->restoreState(
            settings->value(Settings::Key::DetailsSplitterState).toByteArray())) {
        m_splitter->setSizes({940, 340});
    }
    updateOperatorLabel();
    updateActions();
    updateStatus();
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
    m_sloController = new SloController(this, m_sloDock, std::move(slo));
    m_export = new ChecklistExport(
        this, m_session, [this] { flushFieldEdits(); },
        [this](const QString& message, int ms) { statusBar()->showMessage(message, ms); });
    connect(m_sloController, &SloController::sourceChanged, this, &MainWindow::sloSourceChanged);

    // The cutover: the header, the abort and rollback banners, the rollback checklist.
    CutoverController::Host host;
    host.currentItem = [this] { return currentItem(); };
    host.ensureOperator = [this] { return ensureOperator(); };
    host.submit = [this](const SignOffEvent& event) { submit(event); };
    host.refuse = [this](const QString& message) { refuse(message); };
    host.showMessage = [this](const QString& message, int ms) {
        statusBar()->showMessage(message, ms);
    };
    host.refused = [this](const QString& message) { emit eventRefused(message); };
    m_cutover = new CutoverController(this, m_session, m_cutoverMonitor, std::move(host));
}

void MainWindow::createRunHeader(QWidget* central, QVBoxLayout* layout)
{
    auto* header = new QWidget(central);
    auto* headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    auto* titleBox = new QVBoxLayout;
    m_titleLabel = new QLabel(header);
    m_titleLabel->setObjectName(QStringLiteral("runTitle"));
    // The runbook's title is its text, never markup (an <img> would be loaded).
    m_titleLabel->setTextFormat(Qt::PlainText);
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_progressLabel = new QLabel(header);
    m_progressLabel->setObjectName(QStringLiteral("runProgress"));
    m_progressLabel->setTextFormat(Qt::PlainText);
    m_operatorLabel = new QLabel(header);
    m_operatorLabel->setObjectName(QStringLiteral("operatorLabel"));
    m_operatorLabel->setTextFormat(Qt::RichText);
    connect(m_operatorLabel, &QLabel::linkActivated, this, [this] { chooseOperator(); });
    titleBox->addWidget(m_titleLabel);
    titleBox->addWidget(m_progressLabel);
    titleBox->addWidget(m_operatorLabel);
    titleBox->addStretch();
    headerLayout->addLayout(titleBox, 2);
    m_fieldsBox = new QWidget(header);
    m_fieldsBox->setObjectName(QStringLiteral("releaseFields"));
    m_fieldsLayout = new QGridLayout(m_fieldsBox);
    m_fieldsLayout->setContentsMargins(0, 0, 0, 0);
    m_fieldsLayout->setVerticalSpacing(2);
    headerLayout->addWidget(m_fieldsBox, 3);
    layout->addWidget(header);
}

MainWindow::~MainWindow()
{
    // The views read the model, which reads m_session->runbook() and m_session->state(): take the
    // views down while those members still exist (members die before QWidget's destructor deletes
    // children).
    m_trees.clear();
    delete takeCentralWidget();
}

void MainWindow::createActions()
{
    auto make = [this](const QString& text, const QKeySequence& key, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        m_allActions << action;
        return action;
    };
    m_signAction = make(tr("&Sign off…"), QKeySequence(Qt::Key_Space),
                        [this] { recordForCurrent(EventKind::Signed); });
    m_signAction->setObjectName(QStringLiteral("signAction"));
    // Space must sign only while a checklist has focus, never while typing in a field.
    m_signAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pages->addAction(m_signAction);
    m_noteAction = make(tr("Add &note…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
                        [this] { recordForCurrent(EventKind::NoteAdded); });
    m_naAction = make(tr("Mark not &applicable…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                      [this] { recordForCurrent(EventKind::NotApplicable); });
    m_blockAction = make(tr("Mark &blocked…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
                         [this] { recordForCurrent(EventKind::Blocked); });
    m_revokeAction = make(tr("&Revoke…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                          [this] { recordForCurrent(EventKind::Revoked); });
    m_undoAction =
        make(tr("&Undo my last sign-off"), QKeySequence::Undo, [this] { undoLastSignOff(); });
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_ackAction =
        make(tr("Ac&knowledge ledger break…"), QKeySequence(), [this] { acknowledgeBreak(); });
    m_nextOpenAction =
        make(tr("Next &open item"), QKeySequence(Qt::Key_F8), [this] { jumpToNextOpen(); });
    m_settingsAction =
        make(tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), [this] { showSettings(); });
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
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
    m_allActions << newRun << open << m_printAction << m_exportPdfAction << m_exportMdAction
                 << m_exportJsonAction << quit;
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

    createItemAndRunMenus();
    m_cutover->createMenu(menuBar());
    createViewMenu();

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_settingsAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    auto* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    // The keyboard help overlay: F1 or "?" ("?" typed into a field stays a "?").
    keys->setShortcuts({QKeySequence(QKeySequence::HelpContents), QKeySequence(Qt::Key_Question)});
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    help->addAction(tr("&About golive"), this, &MainWindow::showAbout);
    m_allActions << keys;

    // Shortcuts must work wherever focus is in the window, not only through the menu bar.
    for (QAction* action : std::as_const(m_allActions)) {
        if (action != m_signAction) {
            addAction(action);
        }
    }
}

void MainWindow::createItemAndRunMenus()
{
    QMenu* item = menuBar()->addMenu(tr("&Item"));
    item->addAction(m_signAction);
    item->addAction(m_noteAction);
    item->addSeparator();
    item->addAction(m_naAction);
    item->addAction(m_blockAction);
    item->addAction(m_revokeAction);
    item->addSeparator();
    item->addAction(m_nextOpenAction);

    QMenu* edit = menuBar()->addMenu(tr("&Run"));
    edit->addAction(m_undoAction);
    edit->addSeparator();
    auto* op = edit->addAction(tr("Change &operator…"), this, &MainWindow::chooseOperator);
    op->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_allActions << op;
    edit->addAction(m_ackAction);
}

void MainWindow::createViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < 9; ++i) {
        auto* tab = new QAction(tr("Section tab %1").arg(i + 1), this);
        tab->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(tab, &QAction::triggered, this, [this, i] {
            if (i < m_tabs->count()) {
                m_tabs->setCurrentIndex(i);
                if (QTreeView* tree = currentTree()) {
                    tree->setFocus();
                }
            }
        });
        addAction(tab);
        if (i == 0) {
            view->addAction(tab);
        }
    }
    // Next / previous section tab, wrapping, wherever focus is (the tree would page instead).
    const auto stepTab = [this](int by) {
        if (m_tabs->count() > 0) {
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + by + m_tabs->count()) %
                                    m_tabs->count());
            if (QTreeView* tree = currentTree()) {
                tree->setFocus();
            }
        }
    };
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
    auto* expand = view->addAction(tr("&Expand all"), this, [this] {
        if (QTreeView* tree = currentTree()) {
            tree->expandAll();
        }
    });
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
                                     const Dashboard& dashboard)
{
    m_sloController->useConfiguredSource(overrideUrl, forceDemo, dashboard);
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

QTreeView* MainWindow::currentTree() const
{
    const int i = m_tabs->currentIndex();
    return i >= 0 && i < m_trees.size() ? m_trees.at(i) : nullptr;
}

void MainWindow::openRun(const QString& path)
{
    m_statusRun->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    qCInfo(lcUi) << "opening run" << path;
    m_session->open(path);
}

void MainWindow::onOpened(const RunSnapshot& snapshot)
{
    // The session folded the run (the store parsed the runbook off the UI thread).
    m_showsRun = true;
    m_model->setRun(&m_session->runbook(), &m_session->state());
    m_titleLabel->setText(displaySafe(m_session->runbook().title));
    rebuildTabs();
    rebuildFields();
    Settings::instance()->addRecentRun(m_session->runPath());
    setWindowTitle(tr("%1 — %2%3 — golive")
                       .arg(m_session->runbook().title, QFileInfo(m_session->runPath()).fileName(),
                            m_session->isReadOnly() ? tr(" [read-only]") : QString()));
    updateBanners();
    updateActions();
    updateStatus();
    m_timeline->runOpened();
    qCInfo(lcUi) << "opened run" << m_session->runPath() << "with" << snapshot.events.size()
                 << "events";
    emit runOpened();
}

void MainWindow::onOpenFailed(const QString& error)
{
    qCWarning(lcUi) << "could not open run:" << error;
    // The session let the previous run go (runReleased): nothing of it stays on screen.
    if (m_showsRun) {
        m_showsRun = false;
        rebuildTabs();
        rebuildFields();
        m_titleLabel->setText(tr("No run open"));
        m_progressLabel->clear();
        m_timeline->runClosed();
        setWindowTitle(QStringLiteral("golive"));
    }
    updateBanners();
    updateActions();
    updateStatus();
    emit openFailed(error);
}

void MainWindow::rebuildTabs()
{
    const int current = m_tabs->currentIndex();
    const QSignalBlocker blocker(m_tabs);
    while (m_tabs->count() > 0) {
        m_tabs->removeTab(0);
    }
    while (m_pages->count() > 0) {
        QWidget* page = m_pages->widget(0);
        m_pages->removeWidget(page);
        delete page;
    }
    m_trees.clear();
    for (int s = 0; s < m_model->sectionCount(); ++s) {
        auto* tree = new QTreeView;
        tree->setObjectName(QStringLiteral("sectionTree%1").arg(s));
        tree->setModel(m_proxy);
        tree->setRootIndex(m_proxy->mapFromSource(m_model->sectionIndex(s)));
        tree->setUniformRowHeights(true);
        tree->setAlternatingRowColors(true);
        tree->setSelectionMode(QAbstractItemView::SingleSelection);
        tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
        tree->setExpandsOnDoubleClick(false);
        tree->header()->setStretchLastSection(true);
        tree->header()->setSectionResizeMode(ChecklistModel::ItemColumn, QHeaderView::Interactive);
        tree->setColumnWidth(ChecklistModel::ItemColumn, 500);
        for (int c = ChecklistModel::StatusColumn; c < ChecklistModel::NoteColumn; ++c) {
            tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        }
        tree->expandAll();
        tree->installEventFilter(this);
        connect(tree, &QTreeView::doubleClicked, this, [this](const QModelIndex& index) {
            if (m_model->nodeKind(m_proxy->mapToSource(index)) == ChecklistModel::NodeKind::Item) {
                recordForCurrent(EventKind::Signed);
            } else if (QTreeView* t = currentTree()) {
                t->setExpanded(index, !t->isExpanded(index));
            }
        });
        connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
            showSelectionDetails();
            updateActions();
        });
        m_trees << tree;
        m_pages->addWidget(tree);
        m_tabs->addTab(QString());
        if (tree->model()->rowCount(tree->rootIndex()) > 0) {
            tree->setCurrentIndex(tree->model()->index(0, 0, tree->rootIndex()));
        }
    }
    const int show = current >= 0 && current < m_tabs->count() ? current : 0;
    m_tabs->setCurrentIndex(show);
    m_pages->setCurrentIndex(show);
    updateTabTitles();
    showSelectionDetails();
}

void MainWindow::rebuildFields()
{
    while (QLayoutItem* child = m_fieldsLayout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    int row = 0;
    int col = 0;
    for (const RunbookField& field : m_session->runbook().fields) {
        auto* label = new QLabel(m_fieldsBox);
        setPlainLabel(label, field.label + QLatin1Char(':'));
        QWidget* value = nullptr;
        if (field.isPlaceholder) {
            auto* edit = new QLineEdit(m_fieldsBox);
            edit->setObjectName(QStringLiteral("field-") + field.key);
            edit->setMinimumWidth(150);
            edit->setPlaceholderText(field.templateValue);
            edit->setText(m_session->state().fieldValue(field.key));
            edit->setReadOnly(m_session->isReadOnly());
            edit->setToolTip(
                tr("Runbook line %1. Enter records the value in the ledger.").arg(field.pos.line));
            const QString key = field.key;
            connect(edit, &QLineEdit::editingFinished, this, [this, edit, key] {
                if (edit->text().trimmed() != m_session->state().fieldValue(key)) {
                    fillField(key, edit->text().trimmed());
                }
            });
            value = edit;
        } else {
            auto* fixed = new QLabel(m_fieldsBox);
            setPlainLabel(fixed, field.templateValue);
            fixed->setTextInteractionFlags(Qt::TextSelectableByMouse);
            value = fixed;
        }
        label->setBuddy(value);
        m_fieldsLayout->addWidget(label, row, col * 2, Qt::AlignRight);
        m_fieldsLayout->addWidget(value, row, col * 2 + 1);
        if (++col == 2) {
            col = 0;
            ++row;
        }
    }
}

void MainWindow::updateTabTitles()
{
    for (int s = 0; s < m_tabs->count() && s < m_session->runbook().sections.size(); ++s) {
        const RunbookSection& section = m_session->runbook().sections.at(s);
        const Progress p = m_session->state().sectionProgress(s);
        // Tabs carry the short title ("Safety Nets", not "Safety Nets: Observability, …") so
        // all of them fit across the screen; the full title is in the tooltip and the details.
        QString shortTitle =
            renderPlain(section.title, m_session->runbook(),
                        [this](const QString& k) { return m_session->state().fieldValue(k); });
        const qsizetype cut = shortTitle.indexOf(QRegularExpression(QStringLiteral("[:(]")));
        if (cut > 0) {
            shortTitle = shortTitle.left(cut).trimmed();
        }
        QString text = displaySafe(section.number + QStringLiteral(". ") + shortTitle);
        if (p.total > 0) {
            text += QStringLiteral("  ") + p.toString();
        }
        // A literal '&' in a section title ("Decision & Scope Lock") is not a mnemonic.
        m_tabs->setTabText(s, text.replace(QLatin1Char('&'), QStringLiteral("&&")));
        m_tabs->setTabToolTip(s, plainToolTip(tr("%1\n%2 of %3 items done")
                                                  .arg(m_model->sectionTabTitle(s))
                                                  .arg(p.done)
                                                  .arg(p.total)));
    }
    if (m_session->hasRun()) {
        const Progress total = m_session->state().totalProgress();
        m_progressLabel->setText(tr("%1 of %2 items done · %3")
                                     .arg(total.done)
                                     .arg(total.total)
                                     .arg(m_session->runbook().fileName));
    }
    // Presentation mode: the view copies the run; it keeps no pointer into it.
    if (m_session->hasRun()) {
        m_presentation->setRun(m_session->runbook(), m_session->state());
    } else {
        m_presentation->clearRun();
    }
}

void MainWindow::updateBanners()
{
    QString text;
    QString style;
    bool ackButton = false;
    if (!m_session->openError().isEmpty()) {
        text = tr("<b>This run could not be opened.</b> %1").arg(htmlSafe(m_session->openError()));
        style = themeColour(ThemeColour::DangerBanner).name();
    } else if (!m_session->unacknowledgedBreaks().isEmpty() && m_session->wentBack()) {
        text = tr("<b>This run went backwards:</b> %1. New sign-offs are blocked until an "
                  "incident commander or release captain acknowledges this.")
                   .arg(m_session->unacknowledgedBreaks().first().toHtmlEscaped());
        style = themeColour(ThemeColour::DangerBanner).name();
        ackButton = !m_session->isReadOnly();
    } else if (!m_session->unacknowledgedBreaks().isEmpty()) {
        text = tr("<b>The sign-off ledger has been altered outside golive</b> (first bad %1). "
                  "New sign-offs are blocked until someone acknowledges this.")
                   .arg(m_session->unacknowledgedBreaks().first().toHtmlEscaped());
        style = themeColour(ThemeColour::DangerBanner).name();
        ackButton = !m_session->isReadOnly();
    } else if (m_session->isReadOnly()) {
        text = m_session->openWarning().isEmpty()
                   ? tr("This run is open read-only; sign-offs are disabled.")
                   : htmlSafe(m_session->openWarning());
        style = themeColour(ThemeColour::WarningBanner).name();
    }
    m_banner->setVisible(!text.isEmpty());
    m_bannerText->setText(text);
    m_bannerButton->setVisible(ackButton);
    m_banner->setStyleSheet(
        QStringLiteral("#banner { background: %1; border-radius: 4px; } #banner QLabel { color: "
                       "white; font-size: 11pt; }")
            .arg(style));
}

void MainWindow::updateActions()
{
    const bool writable = m_session->hasRun() && !m_session->isReadOnly();
    const bool intact = m_session->unacknowledgedBreaks().isEmpty();
    const bool onItem = currentItem() != nullptr;
    for (QAction* a : {m_signAction, m_noteAction, m_naAction, m_blockAction, m_revokeAction}) {
        a->setEnabled(writable && intact && onItem);
    }
    m_undoAction->setEnabled(writable && intact);
    m_ackAction->setEnabled(writable && !intact);
    m_nextOpenAction->setEnabled(m_session->hasRun());
    for (QAction* a : {m_printAction, m_exportPdfAction, m_exportMdAction, m_exportJsonAction}) {
        if (a)
            a->setEnabled(m_session->hasRun());
    }
    refreshCutover(); // Cutover command mode
}

void MainWindow::updateStatus()
{
    if (m_session->hasRun()) {
        m_statusRun->setText(QDir::toNativeSeparators(m_session->runPath()));
        m_statusHead->setText(tr("ledger %1 events · head %2")
                                  .arg(m_session->state().events().size())
                                  .arg(shortHash(m_session->head())));
    } else if (!m_session->openError().isEmpty()) {
        m_statusRun->setText(tr("No run open"));
    }
    m_statusPending->setText(m_session->pendingEvents() > 0
                                 ? tr("Recording %n event(s)…", nullptr, m_session->pendingEvents())
                                 : QString());
}

void MainWindow::updateOperatorLabel()
{
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString());
    if (name.isEmpty() || !role) {
        m_operatorLabel->setText(tr("On duty: <i>nobody yet</i> — <a href='#'>choose…</a>"));
    } else {
        m_operatorLabel->setText(tr("On duty: <b>%1</b> · %2 — <a href='#'>change…</a>")
                                     .arg(htmlSafe(name), roleDisplayName(*role)));
    }
}

const RunbookItem* MainWindow::currentItem() const
{
    QTreeView* tree = currentTree();
    if (!tree || !m_session->hasRun()) {
        return nullptr;
    }
    const QString id = m_model->itemId(m_proxy->mapToSource(tree->currentIndex()));
    return id.isEmpty() ? nullptr : m_session->runbook().findItem(id);
}

void MainWindow::showSelectionDetails()
{
    QTreeView* tree = currentTree();
    if (!tree || !m_session->hasRun()) {
        m_details->clear();
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(tree->currentIndex());
    const int section = m_tabs->currentIndex();
    if (const RunbookItem* item = currentItem()) {
        m_details->showItem(m_session->runbook(), m_session->state(), *item);
        return;
    }
    if (source.isValid() && m_model->nodeKind(source) == ChecklistModel::NodeKind::Group) {
        const RunbookSection& sec = m_session->runbook().sections.at(section);
        const QString title = source.siblingAtColumn(0).data().toString();
        for (const RunbookGroup& group : sec.groups) {
            if (group.title == title) {
                m_details->showGroup(m_session->runbook(), m_session->state(), sec, group);
                return;
            }
        }
    }
    m_details->showSection(m_session->runbook(), m_session->state(), section);
}

bool MainWindow::ensureOperator()
{
    Settings* s = Settings::instance();
    if (!s->value(Settings::Key::OperatorName).toString().isEmpty() &&
        roleFromName(s->value(Settings::Key::OperatorRole).toString())) {
        return true;
    }
    chooseOperator();
    return !s->value(Settings::Key::OperatorName).toString().isEmpty();
}

void MainWindow::chooseOperator()
{
    Settings* s = Settings::instance();
    OperatorDialog dialog(this);
    if (const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString())) {
        dialog.setOperator(s->value(Settings::Key::OperatorName).toString(), *role);
    }
    if (dialog.exec() == QDialog::Accepted) {
        s->setValue(Settings::Key::OperatorName, dialog.name());
        s->setValue(Settings::Key::OperatorRole, roleName(dialog.role()));
        qCInfo(lcUi) << "operator on duty:" << dialog.name() << roleName(dialog.role());
        updateOperatorLabel();
        updateActions(); // Cutover command mode: the moves depend on the role
    }
}

void MainWindow::recordForCurrent(EventKind kind)
{
    const RunbookItem* item = currentItem();
    if (!item || !m_session->hasRun() || m_session->isReadOnly() || !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    SignOffEvent event;
    event.kind = kind;
    event.itemId = item->id;
    event.actor = Actor::local(s->value(Settings::Key::OperatorName).toString(),
                               *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    // Refuse before asking for a note: under pressure nobody wants to type a note for nothing.
    QString error;
    SignOffEvent probe = event;
    probe.text = QStringLiteral("-");
    probe.timeUtc = now(); // Cutover command mode: the window's clock
    if (!m_session->state().validate(probe, &error)) {
        m_cutover->refuseOrOfferOverride(event, error); // the IC may override the steps' order
        return;
    }
    const QString label = item->id + QStringLiteral("  ") +
                          renderPlain(item->title, m_session->runbook(), [this](const QString& k) {
                              return m_session->state().fieldValue(k);
                          });
    const QString who =
        event.actor.name + QStringLiteral(" · ") + roleDisplayName(event.actor.role);
    auto* dialog = new SignOffDialog(kind, label, who, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, event]() mutable {
        event.text = dialog->text();
        submit(event);
    });
    dialog->open();
}

void MainWindow::submit(SignOffEvent event)
{
    QString error;
    if (!m_session->submit(event, &error)) {
        if (event.kind == EventKind::FieldFilled) {
            resetFieldEdit(event.fieldKey);
        }
        refuse(error);
    }
}

void MainWindow::onAppended(const SignOffEvent& event)
{
    m_model->eventApplied(event);
    if (event.kind == EventKind::FieldFilled) {
        if (auto* edit =
                m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + event.fieldKey)) {
            edit->setText(event.text);
        }
    }
    updateTabTitles();
    updateBanners();
    updateActions();
    updateStatus();
    showSelectionDetails();
    m_timeline->eventRecorded(event);
    statusBar()->showMessage(tr("Recorded: %1 %2 by %3")
                                 .arg(eventKindName(event.kind),
                                      event.itemId.isEmpty() ? event.fieldKey : event.itemId,
                                      event.actor.name),
                             5000);
    emit eventRecorded(event);
}

void MainWindow::onAppendFailed(const SignOffEvent& event, const QString& error)
{
    m_failedWhileClosing = true;
    // Timeline: never a dialog for an observation; it waits again, shown in
    // the dock with the ledger's words, and is tried again with the next event.
    if (event.kind == EventKind::Observed) {
        m_timeline->observations()->notRecorded(event, error);
        updateStatus();
        qCWarning(lcUi) << "observation not recorded:" << event.fieldKey << error;
        statusBar()->showMessage(tr("Observation not recorded: %1").arg(error), 10000);
        return;
    }
    if (event.kind == EventKind::FieldFilled) {
        resetFieldEdit(event.fieldKey);
    }
    updateStatus();
    qCWarning(lcUi) << "event refused by the ledger:" << eventKindName(event.kind) << event.itemId
                    << error;
    refuse(tr("Not recorded: %1").arg(error));
}

void MainWindow::refuse(const QString& message)
{
    statusBar()->showMessage(message, 10000);
    emit eventRefused(message);
    // A refusal must be seen, but a modal box would steal the keyboard in the middle of a
    // cutover: show it in the status bar and a non-modal message box.
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Not recorded"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("refusalBox"));
    box->setTextFormat(Qt::PlainText); // the refusal names items and people: their text
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::undoLastSignOff()
{
    if (!m_session->hasRun() || !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const Actor me =
        Actor::local(name, *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    // Only the operator's own newest event is undoable, never an older sign-off behind it.
    const auto last = m_session->state().lastUndoableSignOff(me);
    if (!last) {
        statusBar()->showMessage(
            tr("Nothing to undo: your last action as %1 is not a sign-off that still stands.")
                .arg(name),
            6000);
        return;
    }
    SignOffEvent event;
    event.kind = EventKind::Revoked;
    event.itemId = last->itemId;
    event.text = tr("undone by %1 (Ctrl+Z)").arg(name);
    event.actor =
        Actor::local(name, *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    submit(event);
}

void MainWindow::acknowledgeBreak()
{
    if (m_session->unacknowledgedBreaks().isEmpty() || m_session->isReadOnly() ||
        !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    SignOffDialog dialog(EventKind::ChainBreakAcknowledged,
                         m_session->unacknowledgedBreaks().first(),
                         s->value(Settings::Key::OperatorName).toString(), this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    SignOffEvent event;
    event.kind = EventKind::ChainBreakAcknowledged;
    // The acknowledgement names exactly the breaks seen, so a later break is not covered by it.
    event.fieldKey = m_session->acknowledgementKey();
    event.text = tr("%1 — %2").arg(m_session->unacknowledgedBreaks().first(), dialog.text());
    event.actor = Actor::local(s->value(Settings::Key::OperatorName).toString(),
                               *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    submit(event);
}

void MainWindow::fillField(const QString& key, const QString& value)
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    SignOffEvent event;
    event.kind = EventKind::FieldFilled;
    event.fieldKey = key;
    event.text = value;
    event.actor = Actor::local(s->value(Settings::Key::OperatorName).toString(),
                               *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    submit(event);
}

void MainWindow::resetFieldEdit(const QString& key)
{
    // A value that was not recorded must not stay on screen looking as if it were.
    if (auto* edit = m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + key)) {
        edit->setText(m_session->state().fieldValue(key));
    }
}

void MainWindow::flushFieldEdits()
{
    if (!m_session->hasRun() || m_session->isReadOnly()) {
        return;
    }
    for (const RunbookField& field : std::as_const(m_session->runbook().fields)) {
        auto* edit = m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + field.key);
        if (edit && edit->text().trimmed() != m_session->state().fieldValue(field.key)) {
            fillField(field.key, edit->text().trimmed());
        }
    }
}

void MainWindow::jumpToNextOpen()
{
    if (!m_session->hasRun()) {
        return;
    }
    const QList<const RunbookItem*> items = m_session->runbook().allItems();
    const RunbookItem* current = currentItem();
    int start = 0;
    for (int i = 0; current && i < items.size(); ++i) {
        if (items.at(i) == current) {
            start = i + 1;
        }
    }
    for (int n = 0; n < items.size(); ++n) {
        const RunbookItem* item = items.at((start + n) % items.size());
        if (!m_session->state().item(item->id).isDone()) {
            const QModelIndex source = m_model->indexForItem(item->id);
            const RunbookSection* section = m_session->runbook().sectionOf(item->id);
            const int tab =
                section ? static_cast<int>(section - m_session->runbook().sections.constData()) : 0;
            m_tabs->setCurrentIndex(tab);
            if (QTreeView* tree = currentTree()) {
                tree->setCurrentIndex(m_proxy->mapFromSource(source));
                tree->scrollTo(tree->currentIndex());
                tree->setFocus();
            }
            return;
        }
    }
    statusBar()->showMessage(tr("Every item is done."), 5000);
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
    watcher->setFuture(QtConcurrent::run(
        [runbook, out] { return RunSession::createRunFromRunbook(runbook, out); }));
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
        m_recentMenu->addAction(QDir::toNativeSeparators(run), this, [this, run] { openRun(run); });
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

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // Enter on an item signs it too: on a war-room keyboard it is the key people reach for.
    if (event->type() == QEvent::KeyPress && m_trees.contains(qobject_cast<QTreeView*>(watched))) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers() == Qt::NoModifier && currentItem()) {
            recordForCurrent(EventKind::Signed);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    Settings* s = Settings::instance();
    s->setValue(Settings::Key::MainWindowGeometry, saveGeometry());
    s->setValue(Settings::Key::MainWindowState, saveState());
    s->setValue(Settings::Key::DetailsSplitterState, m_splitter->saveState());
    // A value typed into a field but not yet entered is still the user's: record it, then wait
    // until every queued event is committed. If one fails, the window stays open and says so.
    flushFieldEdits();
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

// --- end timeline ---

} // namespace golive
