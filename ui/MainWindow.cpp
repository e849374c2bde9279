// The control room's window: release fields, one tab per runbook section, details, banners.
#include "MainWindow.h"

#include "AsyncLedger.h"
#include "ChecklistModel.h"
#include "ChecklistReport.h"
#include "ChecklistStyleProxy.h"
#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "CutoverDialogs.h" // Cutover command mode (issue 6)
#include "CutoverHeader.h"
#include "DemoSource.h"
#include "ExportTarget.h"
#include "HelpOverlay.h" // Presentation mode and keyboard help (issue 6)
#include "ItemDetailsView.h"
#include "Logging.h"
#include "ObservationTracker.h" // Timeline (issue 6, point 8)
#include "OperatorDialog.h"
#include "PresentationView.h" // Presentation mode and keyboard help (issue 6)
#include "PrometheusSource.h"
#include "RollbackView.h" // Cutover command mode (issue 6)
#include "RunFile.h"
#include "RunbookParser.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SignOffDialog.h"
#include "SloDashboardDock.h"
#include "SloPanelWidget.h" // Cutover command mode (issue 6)
#include "TimelineDock.h"   // Timeline (issue 6, point 8)
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
    : QMainWindow(parent), m_ledger(std::make_unique<AsyncLedger>()),
      m_model(new ChecklistModel(this)), m_proxy(new ChecklistStyleProxy(this)),
      m_credentials(new CredentialStore(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("golive"));
    m_proxy->setSourceModel(m_model);

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

    // The connection banner (issue 4): the SLO dashboard's source lacks its password or token,
    // or the keychain failed, or the address is wrong; with the way to Settings.
    m_connectionBanner = new QFrame(central);
    m_connectionBanner->setObjectName(QStringLiteral("connectionBanner"));
    m_connectionBanner->setStyleSheet(
        QStringLiteral("#connectionBanner { background: #8d6e00; border-radius: 4px; } "
                       "#connectionBanner QLabel { color: white; font-size: 11pt; }"));
    auto* connectionLayout = new QHBoxLayout(m_connectionBanner);
    m_connectionBannerText = new QLabel(m_connectionBanner);
    m_connectionBannerText->setObjectName(QStringLiteral("connectionBannerText"));
    m_connectionBannerText->setWordWrap(true);
    m_connectionBannerText->setTextFormat(Qt::PlainText);
    m_connectionBannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* connectionButton = new QPushButton(tr("Settings…"), m_connectionBanner);
    connectionButton->setObjectName(QStringLiteral("connectionBannerButton"));
    connect(connectionButton, &QPushButton::clicked, this, &MainWindow::showSettings);
    connectionLayout->addWidget(m_connectionBannerText, 1);
    connectionLayout->addWidget(connectionButton);
    m_connectionBanner->hide();
    layout->addWidget(m_connectionBanner);

    // Cutover command mode (issue 6): the header, the abort and rollback banners, the rollback.
    createCutoverWidgets(central, layout);

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

    // --- SLO dashboard dock (issue 3) ---
    // Made before restoreState() below, which puts it back where the user left it (floating on
    // the second monitor, say); hidden until there is a source or the saved state shows it.
    m_sloDock = new SloDashboardDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_sloDock);
    m_sloDock->hide();
    // --- end SLO dashboard dock ---

    // --- Timeline (issue 6, point 8) ---
    // Before restoreState(), like the SLO dock; below the checklist at first, hidden until
    // View > Timeline (Ctrl+T) or the saved layout shows it.
    m_observations = new ObservationTracker(this);
    m_observations->setObjectName(QStringLiteral("observations"));
    m_observations->setClock([this] { return now(); });
    m_timelineDock = new TimelineDock(this);
    m_timelineDock->setTracker(m_observations);
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    m_timelineDock->hide();
    connect(m_observations, &ObservationTracker::observed, this, [this] { recordObservations(); });
    // A new operator (Run > Change operator) records what waited; queued, so both the name
    // and the role are set by then.
    connect(
        Settings::instance(), &Settings::changed, this,
        [this](Settings::Key key) {
            if (key == Settings::Key::OperatorName || key == Settings::Key::OperatorRole)
                recordObservations();
        },
        Qt::QueuedConnection);
    // --- end timeline ---

    // --- Presentation mode and keyboard help (issue 6, points 9-10) ---
    // The wall-screen view (its own full-screen window, F11) and the shortcut overlay (F1, "?").
    m_presentation = new PresentationView(this);
    m_presentation->followDock(m_sloDock);
    m_presentation->setClock([this] { return now(); });
    m_helpOverlay = new HelpOverlay(this);
    m_helpOverlay->setExtraEntries(
        {{tr("Checklist"), tr("Sign off the selected item"), tr("Enter")},
         {tr("Checklist"), tr("Go to section tab 1 … 9"), tr("Alt+1 … Alt+9")},
         {tr("Presentation mode"), tr("Back to the checklist"), tr("F11 or Esc")}});
    // --- end presentation mode and keyboard help ---

    createActions();
    createMenus();

    connect(m_ledger.get(), &AsyncLedger::opened, this, &MainWindow::onOpened);
    connect(m_ledger.get(), &AsyncLedger::openFailed, this, &MainWindow::onOpenFailed);
    connect(m_ledger.get(), &AsyncLedger::appended, this, &MainWindow::onAppended);
    connect(m_ledger.get(), &AsyncLedger::appendFailed, this, &MainWindow::onAppendFailed);
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

MainWindow::~MainWindow()
{
    // The views read the model, which reads m_runbook and m_state: take the views down while
    // those members still exist (members die before QWidget's destructor deletes children).
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
    createCutoverActions(); // Cutover command mode (issue 6)
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
        file->addAction(tr("&Print signed checklist…"), this, &MainWindow::printChecklist);
    m_printAction->setShortcut(QKeySequence::Print);
    m_exportPdfAction =
        file->addAction(tr("&Export PDF…"), this, [this] { exportChecklist(ExportFormat::Pdf); });
    m_exportPdfAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportMdAction = file->addAction(tr("Export &Markdown…"), this,
                                       [this] { exportChecklist(ExportFormat::Markdown); });
    m_exportJsonAction = file->addAction(tr("Export ledger as &JSON…"), this,
                                         [this] { exportChecklist(ExportFormat::Json); });
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    m_allActions << newRun << open << m_printAction << m_exportPdfAction << m_exportMdAction
                 << m_exportJsonAction << quit;
    // Timeline (issue 6, point 8): the same Markdown as `golive export --timeline`.
    auto* exportTimelineAction = new QAction(tr("Export &timeline (Markdown)…"), this);
    exportTimelineAction->setObjectName(QStringLiteral("exportTimelineAction"));
    exportTimelineAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(exportTimelineAction, &QAction::triggered, this, &MainWindow::exportTimeline);
    // With the other exports, before the separator above Quit.
    const QList<QAction*> fileActions = file->actions();
    const qsizetype quitAt = fileActions.indexOf(quit);
    QAction* before = quit;
    if (quitAt > 0 && fileActions.at(quitAt - 1)->isSeparator()) {
        before = fileActions.at(quitAt - 1);
    }
    file->insertAction(before, exportTimelineAction);
    m_allActions << exportTimelineAction;

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

    createCutoverMenu(); // Cutover command mode (issue 6)

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
    // SLO dashboard dock (issue 3): show or hide it.
    QAction* slo = m_sloDock->toggleViewAction();
    slo->setText(tr("&SLO dashboard"));
    slo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    view->addSeparator();
    view->addAction(slo);
    m_allActions << slo;
    // Timeline (issue 6, point 8): show or hide it.
    QAction* timeline = m_timelineDock->toggleViewAction();
    timeline->setText(tr("&Timeline"));
    timeline->setObjectName(QStringLiteral("timelineAction"));
    timeline->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    view->addAction(timeline);
    m_allActions << timeline;
    // Presentation mode (issue 6): the run on a wall screen, F11 in and out (Esc out too).
    m_presentationAction = view->addAction(tr("&Presentation mode"));
    m_presentationAction->setObjectName(QStringLiteral("presentationAction"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F11));
    connect(m_presentationAction, &QAction::toggled, m_presentation,
            &PresentationView::setPresenting);
    connect(m_presentation, &PresentationView::presentingChanged, m_presentationAction,
            &QAction::setChecked);
    m_allActions << m_presentationAction;

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_settingsAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    auto* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    // The keyboard help overlay (issue 6): F1 or "?" ("?" typed into a field stays a "?").
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

// SLO dashboard dock (issue 3).
void MainWindow::setSloSource(SloSource* source, const Dashboard& dashboard)
{
    m_sloDock->setSource(source, dashboard);
    watchSloForCutover(source); // Cutover command mode (issue 6)
    // Timeline (issue 6, point 8): what this source shows becomes observations.
    for (const QMetaObject::Connection& c : std::as_const(m_observationFeeds)) {
        disconnect(c);
    }
    m_observationFeeds.clear();
    m_observations->setDashboard(dashboard);
    if (source) {
        m_observationFeeds << connect(source, &SloSource::panelUpdated, m_observations,
                                      &ObservationTracker::panelUpdated);
        m_observationFeeds << connect(
            source, &SloSource::alertsUpdated, m_observations,
            [this, source](const QList<AlertInfo>& alerts, const QString& error) {
                m_observations->alertsUpdated(alerts, error, source->isDemo());
            });
    }
    if (source) {
        m_sloDock->show();
        // First start: the checklist keeps most of the screen; later the user's layout wins.
        if (!m_restoredLayout && !m_sloDock->isFloating()) {
            resizeDocks({m_sloDock}, {width() * 2 / 5}, Qt::Horizontal);
        }
    }
}

// --- The SLO source and the connection (issue 4) ---

void MainWindow::useConfiguredSource(const QString& overrideUrl, bool forceDemo,
                                     const Dashboard& dashboard)
{
    m_overrideUrl = overrideUrl.trimmed();
    m_forceDemo = forceDemo;
    m_sloDashboard = dashboard;
    m_sourceConfigured = true;
    applyConnection();
}

ConnectionSettings MainWindow::effectiveConnection(QString* warning) const
{
    ConnectionSettings c = ConnectionSettings::load();
    if (m_overrideUrl.isEmpty()) {
        return c;
    }
    // --prometheus or GOLIVE_PROMETHEUS_URL: "prom:9090" is accepted as before (as http).
    QString error;
    QUrl url = ConnectionSettings::parseUrl(m_overrideUrl, &error);
    if (!url.isValid()) {
        const QUrl guessed = QUrl::fromUserInput(m_overrideUrl);
        url = ConnectionSettings::parseUrl(guessed.toString(), nullptr);
        if (!url.isValid()) {
            // The panels will say the address is wrong; credentials never leave in the URL.
            url = guessed.adjusted(QUrl::RemoveUserInfo);
            if (warning) {
                *warning = tr("The Prometheus address from the command line or "
                              "GOLIVE_PROMETHEUS_URL is not usable: %1")
                               .arg(error);
            }
        }
    }
    const QUrl configured = ConnectionSettings::parseUrl(c.url, nullptr);
    if (configured.isValid() &&
        CredentialStore::normalizedUrl(configured) == CredentialStore::normalizedUrl(url)) {
        return c; // the configured Prometheus: its authentication and CA file apply
    }
    ConnectionSettings o;
    o.url = url.toString();
    o.timeoutSeconds = c.timeoutSeconds;
    o.refreshSeconds = c.refreshSeconds;
    // What `golive login URL` recorded for this address (never the secret).
    if (const std::optional<ConnectionSettings> login = ConnectionSettings::loginFor(url)) {
        o.user = login->user;
        o.auth = login->auth;
        o.caFile = login->caFile;
    }
    return o;
}

void MainWindow::applyConnection()
{
    const quint64 generation = ++m_sourceGeneration;
    QString warning;
    const ConnectionSettings c = effectiveConnection(&warning);
    if (m_forceDemo || c.url.isEmpty()) {
        // Cutover command mode (issue 6): made-up lights only with --demo; with no Prometheus
        // configured the HTTP checks are still probed (PromQL ones say why they cannot be).
        configureHealth(nullptr, m_forceDemo);
        installSource(new DemoSource(this), QString());
        return;
    }
    PrometheusConfig config = c.toConfig();
    if (!config.baseUrl.isValid()) {
        config.baseUrl = QUrl(c.url); // the client words what is wrong with it, in every panel
    }
    config.minStepSeconds = m_sloDashboard.minStepSeconds;
    if (c.auth == PrometheusConfig::Auth::None || !config.baseUrl.isValid()) {
        configureHealth(&config, false); // Cutover command mode (issue 6)
        installSource(new PrometheusSource(config, this), warning);
        return;
    }
    const QString noun = c.auth == PrometheusConfig::Auth::Bearer ? tr("token") : tr("password");
    const QString where = CredentialStore::normalizedUrl(config.baseUrl);
    const QString who = c.keychainUser().isEmpty() ? where : tr("%1 as %2").arg(where, c.user);
    statusBar()->showMessage(tr("Reading the %1 for %2 from the keychain…").arg(noun, who));
    // The callback runs from the event loop, never after the store (the window's child) is
    // gone; a newer apply supersedes it.
    m_credentials->read(
        config.baseUrl, c.keychainUser(),
        [this, generation, config, noun, who, warning](const CredentialStore::Result& r) mutable {
            if (generation != m_sourceGeneration) {
                return;
            }
            statusBar()->clearMessage();
            QString problem = warning;
            if (r.ok()) {
                config.secret = r.secret;
            } else {
                const QString words =
                    r.status == CredentialStore::Status::NotFound
                        ? tr("No %1 stored for %2: open Settings (Ctrl+,) to enter it.")
                              .arg(noun, who)
                        : tr("The keychain did not give the SLO dashboard its %1: %2 Open "
                             "Settings (Ctrl+,) to enter it; if the keychain still cannot "
                             "take it, it can be used for this session only.")
                              .arg(noun, r.message);
                problem = problem.isEmpty() ? words : problem + QLatin1Char('\n') + words;
            }
            configureHealth(&config, false); // Cutover command mode (issue 6)
            installSource(new PrometheusSource(config, this), problem);
        });
}

void MainWindow::installSource(SloSource* source, const QString& warning)
{
    // The dock lets go of the old source before it goes; it dies from the event loop, after
    // any of its deliveries already queued to this thread.
    SloSource* old = m_ownedSource;
    m_ownedSource = source;
    setSloSource(source, m_sloDashboard);
    if (old) {
        old->deleteLater();
    }
    setConnectionWarning(warning);
    emit sloSourceChanged();
}

void MainWindow::setConnectionWarning(const QString& warning)
{
    m_connectionBannerText->setTextFormat(Qt::PlainText);
    m_connectionBannerText->setText(displaySafeLines(warning));
    m_connectionBanner->setVisible(!warning.isEmpty());
    if (!warning.isEmpty()) {
        qCWarning(lcUi).noquote() << warning;
    }
}

QString MainWindow::connectionWarning() const
{
    return m_connectionBanner->isHidden() ? QString() : m_connectionBannerText->text();
}

void MainWindow::showSettings()
{
    for (SettingsDialog* existing : findChildren<SettingsDialog*>(Qt::FindDirectChildrenOnly)) {
        if (existing->isVisible()) {
            existing->raise();
            existing->activateWindow();
            return;
        }
    }
    auto* dialog = new SettingsDialog(m_credentials, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_forceDemo) {
        dialog->setNote(tr("This window was started with --demo: OK switches it to the "
                           "connection set here."));
    } else if (!m_overrideUrl.isEmpty()) {
        dialog->setNote(tr("This window was started with %1 (from --prometheus or "
                           "GOLIVE_PROMETHEUS_URL): OK switches it to the connection set here.")
                            .arg(m_overrideUrl));
    }
    connect(dialog, &QDialog::accepted, this, [this] {
        const ConnectionSettings saved = ConnectionSettings::load();
        m_sloDock->setRefreshSeconds(saved.refreshSeconds);
        m_overrideUrl.clear();
        m_forceDemo = false;
        if (m_sourceConfigured) {
            applyConnection();
        }
    });
    dialog->open();
}

// --- Cutover command mode (issue 6) ---
// The window shows the cutover and offers its moves; every rule is RunState::validate()'s: the
// moves are built with the make*Event builders and validated, a refusal is shown in its words.

void MainWindow::createCutoverWidgets(QWidget* central, QVBoxLayout* layout)
{
    m_cutoverHeader = new CutoverHeader(central);
    m_cutoverHeader->hide();
    layout->addWidget(m_cutoverHeader);

    // Full-width bands the room cannot miss; never modal, so nobody loses the keyboard.
    const auto makeBanner = [&](const QString& name, const QString& colour, QLabel** text,
                                QPushButton** button) {
        auto* banner = new QFrame(central);
        banner->setObjectName(name);
        banner->setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border-radius: 4px; } "
                                             "QFrame#%1 QLabel { color: white; }")
                                  .arg(name, colour));
        auto* row = new QHBoxLayout(banner);
        row->setContentsMargins(12, 8, 12, 8);
        *text = new QLabel(banner);
        (*text)->setObjectName(name + QStringLiteral("Text"));
        (*text)->setWordWrap(true);
        (*text)->setTextFormat(Qt::PlainText);
        (*text)->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont f = (*text)->font();
        f.setPointSizeF(f.pointSizeF() * 1.4);
        f.setBold(true);
        (*text)->setFont(f);
        *button = new QPushButton(tr("Start rollback…"), banner);
        (*button)->setObjectName(name + QStringLiteral("Button"));
        QFont bf = (*button)->font();
        bf.setPointSizeF(bf.pointSizeF() * 1.2);
        bf.setBold(true);
        (*button)->setFont(bf);
        (*button)->setToolTip(tr("Start the rollback, with a reason (Ctrl+Shift+K)"));
        connect(*button, &QPushButton::clicked, this, [this] { startRollback(); });
        row->addWidget(*text, 1);
        row->addWidget(*button);
        banner->hide();
        layout->addWidget(banner);
        return banner;
    };
    m_abortBanner = makeBanner(QStringLiteral("abortBanner"), QStringLiteral("#b71c1c"),
                               &m_abortBannerText, &m_abortRollbackButton);
    m_proposalBanner =
        makeBanner(QStringLiteral("rollbackProposalBanner"), QStringLiteral("#bf360c"),
                   &m_proposalBannerText, &m_proposalRollbackButton);

    m_rollbackView = new RollbackView(central);
    m_rollbackView->hide();
    connect(m_rollbackView, &RollbackView::signRequested, this,
            [this](int number) { signRollbackStep(number); });
    layout->addWidget(m_rollbackView);

    m_cutoverTimer = new QTimer(this);
    m_cutoverTimer->setObjectName(QStringLiteral("cutoverTimer"));
    m_cutoverTimer->setInterval(1000);
    connect(m_cutoverTimer, &QTimer::timeout, this, &MainWindow::refreshCutover);
    m_cutoverTimer->start();
}

void MainWindow::createCutoverActions()
{
    const auto make = [this](const QString& text, const char* name, const QKeySequence& key,
                             auto slot) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        m_allActions << action;
        return action;
    };
    m_gateAction = make(tr("Open the Go/No-Go &gate…"), "gateAction",
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), [this] { openGate(); });
    m_goNoGoAction = make(tr("&Record Go/No-Go…"), "goNoGoAction",
                          QKeySequence(Qt::CTRL | Qt::Key_G), [this] { recordGoNoGo(); });
    m_overrideOrderAction =
        make(tr("Sign out of &order (override)…"), "overrideOrderAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), [this] { overrideOrderForCurrent(); });
    m_stepFailedAction =
        make(tr("Mark step &failed…"), "stepFailedAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), [this] { markStepFailed(); });
    m_rollbackAction =
        make(tr("Start roll&back…"), "rollbackAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), [this] { startRollback(); });
    m_rollbackStepAction =
        make(tr("Sign &next rollback step…"), "rollbackStepAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J), [this] { signNextRollbackStep(); });
    m_liveAction = make(tr("Declare &Live…"), "liveAction",
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] { declareLive(); });
    // A critical alert firing is an abort trigger.
    connect(m_sloDock, &SloDashboardDock::criticalAlertsChanged, this,
            [this](const QList<AlertInfo>& firing) {
                m_criticalAlerts = firing;
                refreshCutover();
            });
}

void MainWindow::createCutoverMenu()
{
    QMenu* cutover = menuBar()->addMenu(tr("&Cutover"));
    cutover->setObjectName(QStringLiteral("cutoverMenu"));
    // A move that is not possible now says why in its tooltip.
    cutover->setToolTipsVisible(true);
    cutover->addAction(m_gateAction);
    cutover->addAction(m_goNoGoAction);
    cutover->addSeparator();
    cutover->addAction(m_overrideOrderAction);
    cutover->addAction(m_stepFailedAction);
    cutover->addSeparator();
    cutover->addAction(m_rollbackAction);
    cutover->addAction(m_rollbackStepAction);
    cutover->addSeparator();
    cutover->addAction(m_liveAction);
}

void MainWindow::setClock(RunState::Clock clock)
{
    m_clock = std::move(clock);
    m_state.setClock(m_clock);
    refreshCutover();
}

QDateTime MainWindow::now() const
{
    return (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toUTC();
}

std::optional<Actor> MainWindow::operatorActor() const
{
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString());
    if (name.isEmpty() || !role) {
        return std::nullopt;
    }
    return Actor::local(name, *role);
}

bool MainWindow::cutoverAllows(SignOffEvent event, QString* why) const
{
    if (!m_hasRun) {
        *why = tr("open a run first");
        return false;
    }
    if (m_readOnly) {
        *why = tr("this run is open read-only");
        return false;
    }
    if (!m_unacknowledgedBreaks.isEmpty()) {
        *why = tr("the ledger is broken (%1); acknowledge it first")
                   .arg(m_unacknowledgedBreaks.first());
        return false;
    }
    if (!event.timeUtc.isValid()) {
        event.timeUtc = now();
    }
    return m_state.validate(event, why);
}

QString MainWindow::itemLabel(const QString& itemId) const
{
    const RunbookItem* item = m_runbook.findItem(itemId);
    if (!item) {
        return itemId;
    }
    return tr("%1 “%2”").arg(itemId, renderPlain(item->title, m_runbook, [this](const QString& k) {
                                 return m_state.fieldValue(k);
                             }));
}

QString MainWindow::failTargetStep() const
{
    // The step under the cursor (or the one above a sub-item) when it is not done, else the
    // next step of the sequence.
    const CutoverPlan& plan = m_state.plan();
    if (const RunbookItem* item = currentItem()) {
        const QString step = plan.stepOf(item->id);
        if (!step.isEmpty() && !m_state.cutover().isDone(step) &&
            !m_state.cutover().failureOf(step)) {
            return step;
        }
    }
    return m_state.cutover().nextStepId();
}

QString MainWindow::rollbackWhoMust() const
{
    const auto& d = m_state.cutover().decision();
    if (d && d->role == Role::IncidentCommander) {
        return tr("Only the incident commander can start the rollback (%1 gave the %2).")
            .arg(d->by, d->go ? tr("GO") : tr("NO-GO"));
    }
    return tr("Only the incident commander can start the rollback.");
}

QStringList MainWindow::abortCauses() const
{
    QStringList causes;
    for (const AlertInfo& a : m_criticalAlerts) {
        causes << (a.summary.isEmpty()
                       ? tr("critical alert %1 firing").arg(a.name)
                       : tr("critical alert %1 firing — %2").arg(a.name, a.summary));
    }
    for (const HealthResult& h : m_failingHealth) {
        causes << (h.detail.isEmpty()
                       ? tr("critical health check %1 failing").arg(h.service)
                       : tr("critical health check %1 failing — %2").arg(h.service, h.detail));
    }
    return causes;
}

QString MainWindow::finalMonitoringSloNote(bool* warning) const
{
    *warning = false;
    const QDateTime start = m_state.cutover().finalMonitoringStartUtc();
    if (!start.isValid() || m_sloDock->panels().isEmpty()) {
        return {};
    }
    QStringList now;
    QStringList seen;
    // A breach recorded in the ledger counts too: this window may have opened the run after it.
    const auto recorded = [this, &start](const QString& title) {
        for (const SignOffEvent& e : m_state.events()) {
            if (e.kind == EventKind::Observed && e.fieldKey == QLatin1String("slo-breach") &&
                e.timeUtc >= start && e.text.startsWith(title)) {
                return true;
            }
        }
        return false;
    };
    for (SloPanelWidget* p : m_sloDock->panels()) {
        if (p->state() == SloState::Breach) {
            now << p->definition().title;
        } else if (m_sloBreachSeen.value(p->definition().id) >= start ||
                   recorded(p->definition().title)) {
            seen << p->definition().title;
        }
    }
    if (!now.isEmpty()) {
        *warning = true;
        return tr("SLO breaching now: %1").arg(now.join(QStringLiteral(", ")));
    }
    if (!seen.isEmpty()) {
        *warning = true;
        return tr("SLO breach seen during final monitoring: %1")
            .arg(seen.join(QStringLiteral(", ")));
    }
    return tr("SLOs steady: no breach seen");
}

void MainWindow::watchSloForCutover(SloSource* source)
{
    if (!source) {
        return;
    }
    // Breaches seen, for final monitoring's "SLOs steady" (the dock keeps only the present).
    connect(source, &SloSource::panelUpdated, this, [this](const PanelUpdate& update) {
        if (update.ok && update.state == SloState::Breach) {
            m_sloBreachSeen.insert(update.panelId, now());
        }
    });
}

void MainWindow::configureHealth(const PrometheusConfig* prometheus, bool demo)
{
    if (!m_health) {
        m_health = new HealthMonitor(this);
        m_health->setObjectName(QStringLiteral("healthMonitor"));
        connect(m_health, &HealthMonitor::resultsChanged, this,
                [this](const QList<HealthResult>& results) {
                    m_healthResults = results;
                    m_failingHealth = m_health->failingCritical();
                    m_cutoverHeader->setHealth(results);
                    refreshCutover();
                });
        // Timeline (issue 6, point 8): checks going down and up become observations.
        connect(m_health, &HealthMonitor::statusChanged, this, &MainWindow::recordHealthChange);
        connect(m_health, &HealthMonitor::resultsChanged, m_observations,
                &ObservationTracker::healthResults);
    }
    m_health->stop();
    m_health->setDemo(demo);
    if (prometheus) {
        m_health->setPrometheus(*prometheus);
    } else {
        m_health->clearPrometheus();
    }
    m_health->setIntervalMs(m_sloDashboard.healthIntervalSeconds * 1000);
    m_health->setChecks(m_sloDashboard.healthChecks);
    if (!m_sloDashboard.healthChecks.isEmpty()) {
        m_health->start();
    }
}

void MainWindow::refreshCutover()
{
    if (!m_cutoverHeader || !m_gateAction) {
        return; // still being built
    }
    const QDateTime nowUtc = now();
    const bool planned = m_hasRun && m_state.plan().isValid();
    bool sloWarning = false;
    const QString sloNote = planned ? finalMonitoringSloNote(&sloWarning) : QString();
    m_cutoverHeader->setSloNote(sloNote, sloWarning);
    if (m_hasRun) {
        m_cutoverHeader->showState(m_state, nowUtc);
    } else {
        m_cutoverHeader->showNoRun(nowUtc);
    }
    m_cutoverHeader->setVisible(planned || !m_healthResults.isEmpty());
    updateCutoverBanners(nowUtc);

    const bool rollback = planned && m_state.cutover().rollback().has_value();
    if (rollback && m_rollbackShownFor != m_state.events().size()) {
        m_rollbackView->showState(m_state);
        m_rollbackShownFor = m_state.events().size();
    }
    if (!rollback) {
        m_rollbackShownFor = -1;
    }
    m_rollbackView->setVisible(rollback);
    updateCutoverActions();

    // The wall screen shows what the header and the banners show (presentation mode).
    if (m_presentation) {
        m_presentation->setHealth(m_healthResults);
        m_presentation->setAbortCause(
            abortBannerVisible() ? abortCauses().join(QStringLiteral(" · ")) : QString());
        QString timer = m_cutoverHeader->countdownText();
        if (rollbackProposalVisible()) {
            timer = rollbackProposalText().section(QLatin1Char('\n'), 0, 0);
        }
        m_presentation->setTimerText(timer);
    }
}

void MainWindow::updateCutoverBanners(const QDateTime& nowUtc)
{
    const CutoverState& cut = m_state.cutover();
    const Phase phase = cut.phase();
    const bool planned = m_hasRun && m_state.plan().isValid();
    const auto me = operatorActor();
    QString why;
    // The button is there for whoever the rules let start the rollback now.
    const bool canRollBack = me && cutoverAllows(makeRollbackEvent(QStringLiteral("-"), *me), &why);
    const bool running =
        phase == Phase::Cutover || phase == Phase::FinalMonitoring || phase == Phase::Live;
    // Why the operator on duty cannot start it: the role for others, the rules' words for the
    // incident commander (a read-only run, a ledger break to acknowledge...).
    const QString blocked = me && me->role == Role::IncidentCommander
                                ? tr("The rollback cannot be started here: %1").arg(why)
                                : rollbackWhoMust();

    const QStringList causes = abortCauses();
    const bool showAbort = planned && !causes.isEmpty() && (running || phase == Phase::GoNoGo);
    if (showAbort) {
        QString text = tr("ABORT TRIGGER: %1").arg(causes.join(QStringLiteral("\n")));
        if (phase == Phase::GoNoGo) {
            text += QLatin1Char('\n') + tr("During the Go/No-Go: a reason for NO-GO.");
        } else if (!canRollBack) {
            text += QLatin1Char('\n') + blocked;
        }
        m_abortBannerText->setText(displaySafeLines(text));
    }
    m_abortRollbackButton->setVisible(running && canRollBack);
    m_abortBanner->setVisible(showAbort);

    const bool expired = planned && cut.rollbackDeadlineExpired(nowUtc);
    if (expired) {
        const StepFailure* first = &cut.openFailures().constFirst();
        for (const StepFailure& f : cut.openFailures()) {
            if (f.deadlineUtc < first->deadlineUtc) {
                first = &f;
            }
        }
        QString text = tr("ROLLBACK PROPOSED: step %1 failed at %2 UTC (%3) and was not "
                          "resolved within %4 minutes.")
                           .arg(itemLabel(first->stepId),
                                first->atUtc.toUTC().toString(QStringLiteral("HH:mm")), first->what)
                           .arg(m_state.plan().resolutionMinutes);
        if (!canRollBack) {
            text += QLatin1Char('\n') + blocked;
        }
        m_proposalBannerText->setText(displaySafeLines(text));
    }
    m_proposalRollbackButton->setVisible(canRollBack);
    m_proposalBanner->setVisible(expired);
}

void MainWindow::updateCutoverActions()
{
    const auto me = operatorActor();
    const auto set = [&](QAction* action, const std::function<SignOffEvent(const Actor&)>& probe,
                         const QString& tip) {
        QString why;
        bool ok = false;
        if (me) {
            ok = cutoverAllows(probe(*me), &why);
        } else {
            // Nobody on duty yet: the move asks who it is first, and the rules decide with the
            // role then chosen. Until then it is offered when the phase allows it to anyone.
            ok = cutoverAllows(
                probe(Actor::local(QStringLiteral("(on duty)"), Role::IncidentCommander)), &why);
        }
        action->setEnabled(ok);
        const QString text = ok ? tip : tr("Not now: %1").arg(why);
        action->setToolTip(plainToolTip(text));
        action->setStatusTip(text);
    };
    const CutoverPlan& plan = m_state.plan();
    const QString dash = QStringLiteral("-");
    set(
        m_gateAction, [](const Actor& a) { return makeGateEvent(a); },
        tr("Open the Go/No-Go: the T-60 pre-checks become the gate"));
    set(
        m_goNoGoAction, [&](const Actor& a) { return makeDecisionEvent(plan, false, dash, {}, a); },
        tr("Record GO or NO-GO, with a reason"));
    const QString target = failTargetStep();
    m_stepFailedAction->setText(target.isEmpty() ? tr("Mark step &failed…")
                                                 : tr("Mark step %1 &failed…").arg(target));
    set(
        m_stepFailedAction, [&](const Actor& a) { return makeStepFailedEvent(target, dash, a); },
        tr("Starts the step's %1-minute resolution timer").arg(plan.resolutionMinutes));
    set(
        m_rollbackAction, [&](const Actor& a) { return makeRollbackEvent(dash, a); },
        tr("Start the rollback plan, with a reason"));
    const int next = qMax(1, m_state.cutover().nextRollbackStep());
    set(
        m_rollbackStepAction, [&](const Actor& a) { return makeRollbackStepEvent(next, {}, a); },
        tr("Record rollback step %1 as done").arg(next));
    set(
        m_liveAction, [&](const Actor& a) { return makeLiveEvent(plan, {}, a); },
        tr("Declare the go-live Live (signs the final monitoring step)"));
    // Out of order: only when signing the current item in order is refused and the override
    // would be recorded.
    const RunbookItem* item = currentItem();
    bool inOrder = false;
    if (item && me) {
        SignOffEvent sign;
        sign.kind = EventKind::Signed;
        sign.itemId = item->id;
        sign.text = dash;
        sign.actor = *me;
        QString ignored;
        inOrder = cutoverAllows(sign, &ignored);
    }
    if (inOrder) {
        const QString text = tr("Not now: %1 can be signed in order (Space)").arg(item->id);
        m_overrideOrderAction->setEnabled(false);
        m_overrideOrderAction->setToolTip(text);
        m_overrideOrderAction->setStatusTip(text);
    } else {
        set(
            m_overrideOrderAction,
            [&](const Actor& a) {
                return makeOrderOverrideEvent(item ? item->id : QString(), dash, a);
            },
            tr("Sign the selected step out of order, with a reason"));
    }
    if (m_rollbackView) {
        m_rollbackView->setCanSign(m_rollbackStepAction->isEnabled(),
                                   m_rollbackStepAction->toolTip());
    }
}

void MainWindow::askCutoverReason(const QString& title, const QString& message,
                                  const QString& prompt, const QString& okText,
                                  const QString& warning, const QString& prefill,
                                  std::function<SignOffEvent(const QString&)> make)
{
    auto* dialog = new CutoverReasonDialog(title, message, prompt, okText, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWarning(warning);
    dialog->setText(prefill);
    dialog->setCheck([this, make](const QString& text) {
        QString error;
        return cutoverAllows(make(text), &error) ? QString() : error;
    });
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, make] { submit(make(dialog->text())); });
    dialog->open();
}

void MainWindow::openGate()
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    QString error;
    if (!cutoverAllows(makeGateEvent(me, QStringLiteral("-")), &error)) {
        refuse(error);
        return;
    }
    const QStringList open = m_state.cutover().openPreChecks();
    askCutoverReason(
        tr("Open the Go/No-Go"),
        tr("<b>Open the Go/No-Go gate?</b> The T-60 pre-checks become the gate; the incident "
           "commander then records GO or NO-GO.<br>Open pre-checks: %1")
            .arg(open.isEmpty() ? tr("none") : open.join(QStringLiteral(", ")).toHtmlEscaped()),
        tr("&Note (optional):"), tr("Open the gate"), QString(), QString(),
        [this, me](const QString& text) { return makeGateEvent(me, text); });
}

void MainWindow::recordGoNoGo()
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    const CutoverPlan& plan = m_state.plan();
    QString error;
    // Refuse before the dialog: nobody should weigh pre-checks for a decision not theirs.
    if (!cutoverAllows(makeDecisionEvent(plan, false, QStringLiteral("-"), {}, me), &error)) {
        refuse(error);
        return;
    }
    QList<GoNoGoDialog::PreCheck> rows;
    for (const QString& id : plan.preCheckIds) {
        GoNoGoDialog::PreCheck row;
        row.id = id;
        const RunbookItem* item = m_runbook.findItem(id);
        row.title = item ? renderPlain(item->title, m_runbook,
                                       [this](const QString& k) { return m_state.fieldValue(k); })
                         : id;
        const ItemState s = m_state.item(id);
        row.isGoDecision = id == plan.goDecisionItemId;
        row.open = !m_state.cutover().isDone(id);
        if (row.isGoDecision && row.open) {
            row.status = tr("signed when GO is recorded");
        } else if (s.by.isEmpty()) {
            row.status = itemStatusDisplayName(s.status);
        } else {
            row.status = tr("%1 by %2 at %3 UTC")
                             .arg(itemStatusDisplayName(s.status), s.by,
                                  s.at.toUTC().toString(QStringLiteral("HH:mm")));
        }
        rows << row;
    }
    const QStringList causes = abortCauses();
    const QString hint = causes.isEmpty() ? QString()
                                          : tr("Abort trigger present now (a reason for NO-GO): %1")
                                                .arg(causes.join(QStringLiteral("; ")));
    auto* dialog = new GoNoGoDialog(
        rows, me.name + QStringLiteral(" · ") + roleDisplayName(me.role), hint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const auto decision = [this, me](bool go, const QString& reason) {
        return makeDecisionEvent(m_state.plan(), go, reason, m_state.cutover().openPreChecks(), me);
    };
    dialog->setCheck([this, decision](bool go, const QString& reason) {
        QString refusal;
        return cutoverAllows(decision(go, reason), &refusal) ? QString() : refusal;
    });
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, decision] { submit(decision(dialog->isGo(), dialog->reason())); });
    dialog->open();
}

void MainWindow::markStepFailed()
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    const QString step = failTargetStep();
    QString error;
    if (!cutoverAllows(makeStepFailedEvent(step, QStringLiteral("-"), me), &error)) {
        refuse(error);
        return;
    }
    askCutoverReason(
        tr("Mark step %1 failed").arg(step),
        tr("<b>Step %1 failed?</b> This starts a %2-minute resolution timer the whole room sees. "
           "Signing the step (or marking it N/A) resolves it; when the time runs out, golive "
           "proposes the rollback.")
            .arg(itemLabel(step).toHtmlEscaped())
            .arg(m_state.plan().resolutionMinutes),
        tr("&What failed (required):"), tr("Mark failed"), QString(), QString(),
        [me, step](const QString& text) { return makeStepFailedEvent(step, text, me); });
}

void MainWindow::startRollback()
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    QString error;
    if (!cutoverAllows(makeRollbackEvent(QStringLiteral("-"), me), &error)) {
        refuse(error);
        return;
    }
    QString steps;
    const QStringList& plan = m_state.plan().rollbackSteps;
    for (int n = 1; n <= plan.size(); ++n) {
        steps += QStringLiteral("<li>%1</li>")
                     .arg(renderPlain(plan.at(n - 1), m_runbook, [this](const QString& k) {
                              return m_state.fieldValue(k);
                          }).toHtmlEscaped());
    }
    // The cause the room sees is the likely reason; the incident commander edits it.
    QString prefill;
    const QStringList causes = abortCauses();
    if (!causes.isEmpty()) {
        prefill = causes.first();
    } else if (m_state.cutover().rollbackDeadlineExpired(now())) {
        const StepFailure& f = m_state.cutover().openFailures().constFirst();
        prefill = tr("step %1 not resolved within %2 minutes: %3")
                      .arg(f.stepId)
                      .arg(m_state.plan().resolutionMinutes)
                      .arg(f.what);
    }
    askCutoverReason(tr("Start the rollback"),
                     tr("<b>Start the rollback?</b> The cutover stops; the rollback plan "
                        "becomes the checklist, done in order:<ol>%1</ol>")
                         .arg(steps),
                     tr("&Reason for the rollback (required):"), tr("Start rollback"), QString(),
                     prefill, [me](const QString& text) { return makeRollbackEvent(text, me); });
}

void MainWindow::signRollbackStep(int number)
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    QString error;
    if (!cutoverAllows(makeRollbackStepEvent(number, {}, me), &error)) {
        refuse(error);
        return;
    }
    const QStringList& plan = m_state.plan().rollbackSteps;
    const QString text = renderPlain(plan.value(number - 1), m_runbook,
                                     [this](const QString& k) { return m_state.fieldValue(k); });
    askCutoverReason(
        tr("Rollback step %1").arg(number),
        tr("<b>Rollback step %1 of %2 done?</b><br>%3")
            .arg(number)
            .arg(plan.size())
            .arg(text.toHtmlEscaped()),
        tr("&Note (optional):"), tr("Step %1 done").arg(number), QString(), QString(),
        [me, number](const QString& note) { return makeRollbackStepEvent(number, note, me); });
}

void MainWindow::signNextRollbackStep()
{
    signRollbackStep(qMax(1, m_state.cutover().nextRollbackStep()));
}

void MainWindow::declareLive()
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    const CutoverPlan& plan = m_state.plan();
    QString error;
    if (!cutoverAllows(makeLiveEvent(plan, {}, me), &error)) {
        refuse(error);
        return;
    }
    bool warning = false;
    QString slo = finalMonitoringSloNote(&warning);
    if (slo.isEmpty()) {
        slo = tr("no SLO dashboard is shown: check the SLOs before declaring Live");
        warning = true;
    }
    const CutoverState& cut = m_state.cutover();
    askCutoverReason(
        tr("Declare Live"),
        tr("<b>Declare the go-live Live?</b> Final monitoring ran from %1 UTC to %2 UTC. "
           "This signs %3.")
            .arg(cut.finalMonitoringStartUtc().toUTC().toString(QStringLiteral("HH:mm")),
                 cut.finalMonitoringEndsUtc().toUTC().toString(QStringLiteral("HH:mm")),
                 itemLabel(plan.finalMonitoringStepId).toHtmlEscaped()),
        tr("&Note (optional):"), tr("Declare Live"), warning ? slo : QString(),
        warning ? QString() : slo,
        [this, me](const QString& note) { return makeLiveEvent(m_state.plan(), note, me); });
}

void MainWindow::overrideOrderForCurrent()
{
    const RunbookItem* item = currentItem();
    if (!item) {
        statusBar()->showMessage(tr("Select the step to sign out of order first."), 6000);
        return;
    }
    overrideOrder(item->id);
}

void MainWindow::overrideOrder(const QString& itemId)
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
        return;
    }
    const Actor me = *operatorActor();
    QString error;
    if (!cutoverAllows(makeOrderOverrideEvent(itemId, QStringLiteral("-"), me), &error)) {
        refuse(error);
        return;
    }
    // What the order rule says, so the override is given knowingly.
    SignOffEvent inOrder;
    inOrder.kind = EventKind::Signed;
    inOrder.itemId = itemId;
    inOrder.text = QStringLiteral("-");
    inOrder.actor = me;
    QString order;
    cutoverAllows(inOrder, &order);
    askCutoverReason(
        tr("Sign %1 out of order").arg(itemId),
        tr("<b>Sign %1 out of order?</b><br>%2<br>The ledger records the override "
           "and its reason.")
            .arg(itemLabel(itemId).toHtmlEscaped(), order.toHtmlEscaped()),
        tr("&Reason for the override (required):"), tr("Sign out of order"), QString(), QString(),
        [me, itemId](const QString& reason) { return makeOrderOverrideEvent(itemId, reason, me); });
}

void MainWindow::refuseOrOfferOverride(const SignOffEvent& event, const QString& error)
{
    const auto me = operatorActor();
    QString ignored;
    if (event.kind != EventKind::Signed || !me ||
        !cutoverAllows(makeOrderOverrideEvent(event.itemId, QStringLiteral("-"), *me), &ignored)) {
        refuse(error);
        return;
    }
    // The incident commander may take the step out of order: say so where the refusal is.
    statusBar()->showMessage(error, 10000);
    emit eventRefused(error);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Not recorded"),
                                tr("%1\n\nAs the incident commander you may take it out of "
                                   "order, with a reason the ledger keeps.")
                                    .arg(error),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("orderRefusalBox"));
    box->setTextFormat(Qt::PlainText); // the refusal names items and people: their text
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* override = box->addButton(tr("Override the order…"), QMessageBox::AcceptRole);
    override->setObjectName(QStringLiteral("overrideOrderButton"));
    const QString id = event.itemId;
    connect(override, &QPushButton::clicked, this, [this, id] { overrideOrder(id); });
    box->open();
}

bool MainWindow::abortBannerVisible() const
{
    return !m_abortBanner->isHidden();
}

QString MainWindow::abortBannerText() const
{
    return abortBannerVisible() ? m_abortBannerText->text() : QString();
}

bool MainWindow::rollbackProposalVisible() const
{
    return !m_proposalBanner->isHidden();
}

QString MainWindow::rollbackProposalText() const
{
    return rollbackProposalVisible() ? m_proposalBannerText->text() : QString();
}

// --- end cutover command mode ---

QTreeView* MainWindow::currentTree() const
{
    const int i = m_tabs->currentIndex();
    return i >= 0 && i < m_trees.size() ? m_trees.at(i) : nullptr;
}

void MainWindow::openRun(const QString& path)
{
    m_openError.clear();
    m_runPath = path;
    m_statusRun->setText(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    qCInfo(lcUi) << "opening run" << path;
    // A run another golive holds (or one the user cannot write) opens read-only, with a banner
    // that says why, rather than not at all.
    m_ledger->open(path, RunFile::Access::PreferReadWrite);
}

void MainWindow::onOpened(const RunSnapshot& snapshot)
{
    // The model points into m_runbook: detach it before the runbook is replaced. The worker
    // parsed the runbook already, so the UI thread never parses a file of untrusted size.
    m_model->setRun(nullptr, nullptr);
    m_rollbackShownFor = -1; // the rollback view redraws for the new run
    m_runbook = snapshot.runbook;
    m_reportBase = ReportInput::fromSnapshot(snapshot);
    m_state.reset(&m_runbook);
    for (const SignOffEvent& e : snapshot.events) {
        m_state.apply(e);
    }
    m_hasRun = true;
    m_runPath = snapshot.path;
    m_runId = snapshot.runId;
    m_readOnly = snapshot.readOnly;
    m_openWarning = snapshot.warning;
    m_head = snapshot.verification.head;
    m_unacknowledgedBreaks.clear();
    m_acknowledgementKey = snapshot.verification.acknowledgementKey();
    m_wentBack = false;
    for (const ChainBreak& b : snapshot.verification.unacknowledged) {
        if (b.wentBack) {
            // First: it is what the room must hear before any single bad event.
            m_unacknowledgedBreaks.prepend(b.problem);
            m_wentBack = true;
        } else {
            m_unacknowledgedBreaks << tr("event #%1: %2").arg(b.seq).arg(b.problem);
        }
    }
    m_model->setRun(&m_runbook, &m_state);
    m_titleLabel->setText(displaySafe(m_runbook.title));
    rebuildTabs();
    rebuildFields();
    Settings::instance()->addRecentRun(m_runPath);
    setWindowTitle(tr("%1 — %2%3 — golive")
                       .arg(m_runbook.title, QFileInfo(m_runPath).fileName(),
                            m_readOnly ? tr(" [read-only]") : QString()));
    updateBanners();
    updateActions();
    updateStatus();
    // Timeline (issue 6, point 8): what this run's ledger recorded is what observations are
    // judged against from now on.
    m_observations->seed(m_state.events());
    m_timelineDock->setRun(&m_state, m_runId, m_head, m_runPath);
    recordObservations();
    qCInfo(lcUi) << "opened run" << m_runPath << "with" << snapshot.events.size() << "events";
    emit runOpened();
}

void MainWindow::onOpenFailed(const QString& error)
{
    qCWarning(lcUi) << "could not open run:" << error;
    m_openError = error;
    // The ledger closed the previous run before trying this one: showing it as if it were
    // still open would invite sign-offs that cannot be recorded.
    if (m_hasRun) {
        m_hasRun = false;
        m_model->setRun(nullptr, nullptr);
        rebuildTabs();
        rebuildFields();
        m_runbook = Runbook();
        m_state.reset(nullptr);
        m_titleLabel->setText(tr("No run open"));
        m_progressLabel->clear();
        m_timelineDock->setRun(nullptr, QString(), QByteArray()); // Timeline (issue 6.8)
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
    for (const RunbookField& field : m_runbook.fields) {
        auto* label = new QLabel(m_fieldsBox);
        setPlainLabel(label, field.label + QLatin1Char(':'));
        QWidget* value = nullptr;
        if (field.isPlaceholder) {
            auto* edit = new QLineEdit(m_fieldsBox);
            edit->setObjectName(QStringLiteral("field-") + field.key);
            edit->setMinimumWidth(150);
            edit->setPlaceholderText(field.templateValue);
            edit->setText(m_state.fieldValue(field.key));
            edit->setReadOnly(m_readOnly);
            edit->setToolTip(
                tr("Runbook line %1. Enter records the value in the ledger.").arg(field.pos.line));
            const QString key = field.key;
            connect(edit, &QLineEdit::editingFinished, this, [this, edit, key] {
                if (edit->text().trimmed() != m_state.fieldValue(key)) {
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
    for (int s = 0; s < m_tabs->count() && s < m_runbook.sections.size(); ++s) {
        const RunbookSection& section = m_runbook.sections.at(s);
        const Progress p = m_state.sectionProgress(s);
        // Tabs carry the short title ("Safety Nets", not "Safety Nets: Observability, …") so
        // all of them fit across the screen; the full title is in the tooltip and the details.
        QString shortTitle = renderPlain(
            section.title, m_runbook, [this](const QString& k) { return m_state.fieldValue(k); });
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
    if (m_hasRun) {
        const Progress total = m_state.totalProgress();
        m_progressLabel->setText(tr("%1 of %2 items done · %3")
                                     .arg(total.done)
                                     .arg(total.total)
                                     .arg(m_runbook.fileName));
    }
    // Presentation mode (issue 6): the view copies the run; it keeps no pointer into it.
    if (m_hasRun) {
        m_presentation->setRun(m_runbook, m_state);
    } else {
        m_presentation->clearRun();
    }
}

void MainWindow::updateBanners()
{
    QString text;
    QString style;
    bool ackButton = false;
    if (!m_openError.isEmpty()) {
        text = tr("<b>This run could not be opened.</b> %1").arg(htmlSafe(m_openError));
        style = QStringLiteral("#b71c1c");
    } else if (!m_unacknowledgedBreaks.isEmpty() && m_wentBack) {
        text = tr("<b>This run went backwards:</b> %1. New sign-offs are blocked until an "
                  "incident commander or release captain acknowledges this.")
                   .arg(m_unacknowledgedBreaks.first().toHtmlEscaped());
        style = QStringLiteral("#b71c1c");
        ackButton = !m_readOnly;
    } else if (!m_unacknowledgedBreaks.isEmpty()) {
        text = tr("<b>The sign-off ledger has been altered outside golive</b> (first bad %1). "
                  "New sign-offs are blocked until someone acknowledges this.")
                   .arg(m_unacknowledgedBreaks.first().toHtmlEscaped());
        style = QStringLiteral("#b71c1c");
        ackButton = !m_readOnly;
    } else if (m_readOnly) {
        text = m_openWarning.isEmpty() ? tr("This run is open read-only; sign-offs are disabled.")
                                       : htmlSafe(m_openWarning);
        style = QStringLiteral("#8d6e00");
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
    const bool writable = m_hasRun && !m_readOnly;
    const bool intact = m_unacknowledgedBreaks.isEmpty();
    const bool onItem = currentItem() != nullptr;
    for (QAction* a : {m_signAction, m_noteAction, m_naAction, m_blockAction, m_revokeAction}) {
        a->setEnabled(writable && intact && onItem);
    }
    m_undoAction->setEnabled(writable && intact);
    m_ackAction->setEnabled(writable && !intact);
    m_nextOpenAction->setEnabled(m_hasRun);
    for (QAction* a : {m_printAction, m_exportPdfAction, m_exportMdAction, m_exportJsonAction}) {
        if (a)
            a->setEnabled(m_hasRun);
    }
    refreshCutover(); // Cutover command mode (issue 6)
}

void MainWindow::updateStatus()
{
    if (m_hasRun) {
        m_statusRun->setText(QDir::toNativeSeparators(m_runPath));
        m_statusHead->setText(
            tr("ledger %1 events · head %2").arg(m_state.events().size()).arg(shortHash(m_head)));
    } else if (!m_openError.isEmpty()) {
        m_statusRun->setText(tr("No run open"));
    }
    m_statusPending->setText(m_pending > 0 ? tr("Recording %n event(s)…", nullptr, m_pending)
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
    if (!tree || !m_hasRun) {
        return nullptr;
    }
    const QString id = m_model->itemId(m_proxy->mapToSource(tree->currentIndex()));
    return id.isEmpty() ? nullptr : m_runbook.findItem(id);
}

void MainWindow::showSelectionDetails()
{
    QTreeView* tree = currentTree();
    if (!tree || !m_hasRun) {
        m_details->clear();
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(tree->currentIndex());
    const int section = m_tabs->currentIndex();
    if (const RunbookItem* item = currentItem()) {
        m_details->showItem(m_runbook, m_state, *item);
        return;
    }
    if (source.isValid() && m_model->nodeKind(source) == ChecklistModel::NodeKind::Group) {
        const RunbookSection& sec = m_runbook.sections.at(section);
        const QString title = source.siblingAtColumn(0).data().toString();
        for (const RunbookGroup& group : sec.groups) {
            if (group.title == title) {
                m_details->showGroup(m_runbook, m_state, sec, group);
                return;
            }
        }
    }
    m_details->showSection(m_runbook, m_state, section);
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
        updateActions(); // Cutover command mode (issue 6): the moves depend on the role
    }
}

void MainWindow::recordForCurrent(EventKind kind)
{
    const RunbookItem* item = currentItem();
    if (!item || !m_hasRun || m_readOnly || !ensureOperator()) {
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
    probe.timeUtc = now(); // Cutover command mode (issue 6): the window's clock
    if (!m_state.validate(probe, &error)) {
        refuseOrOfferOverride(event, error); // issue 6: the IC may override the steps' order
        return;
    }
    const QString label = item->id + QStringLiteral("  ") +
                          renderPlain(item->title, m_runbook,
                                      [this](const QString& k) { return m_state.fieldValue(k); });
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
    // Cutover command mode (issue 6): the window's clock stamps the event; the ledger keeps it.
    if (!event.timeUtc.isValid()) {
        event.timeUtc = now();
    }
    QString error;
    if (!m_unacknowledgedBreaks.isEmpty() && event.kind != EventKind::ChainBreakAcknowledged) {
        if (event.kind == EventKind::FieldFilled) {
            resetFieldEdit(event.fieldKey);
        }
        refuse(tr("The ledger is broken (%1); acknowledge it first.")
                   .arg(m_unacknowledgedBreaks.first()));
        return;
    }
    if (!m_state.validate(event, &error)) {
        if (event.kind == EventKind::FieldFilled) {
            resetFieldEdit(event.fieldKey);
        }
        refuse(error);
        return;
    }
    ++m_pending;
    updateStatus();
    m_ledger->append(event);
}

void MainWindow::onAppended(const SignOffEvent& event)
{
    m_pending = qMax(0, m_pending - 1);
    m_state.apply(event);
    m_head = event.hash;
    if (event.kind == EventKind::ChainBreakAcknowledged) {
        m_unacknowledgedBreaks.clear();
        m_acknowledgementKey.clear();
        m_wentBack = false;
    }
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
    // Timeline (issue 6, point 8): the new row, and what waited for this moment.
    m_observations->recorded(event);
    m_timelineDock->setRun(&m_state, m_runId, m_head, m_runPath);
    recordObservations();
    statusBar()->showMessage(tr("Recorded: %1 %2 by %3")
                                 .arg(eventKindName(event.kind),
                                      event.itemId.isEmpty() ? event.fieldKey : event.itemId,
                                      event.actor.name),
                             5000);
    emit eventRecorded(event);
}

void MainWindow::onAppendFailed(const SignOffEvent& event, const QString& error)
{
    m_pending = qMax(0, m_pending - 1);
    m_failedWhileClosing = true;
    // Timeline (issue 6, point 8): never a dialog for an observation; it waits again, shown in
    // the dock with the ledger's words, and is tried again with the next event.
    if (event.kind == EventKind::Observed) {
        m_observations->notRecorded(event, error);
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
    if (!m_hasRun || !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const Actor me =
        Actor::local(name, *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    // Only the operator's own newest event is undoable, never an older sign-off behind it.
    const auto last = m_state.lastUndoableSignOff(me);
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
    if (m_unacknowledgedBreaks.isEmpty() || m_readOnly || !ensureOperator()) {
        return;
    }
    Settings* s = Settings::instance();
    SignOffDialog dialog(EventKind::ChainBreakAcknowledged, m_unacknowledgedBreaks.first(),
                         s->value(Settings::Key::OperatorName).toString(), this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    SignOffEvent event;
    event.kind = EventKind::ChainBreakAcknowledged;
    // The acknowledgement names exactly the breaks seen, so a later break is not covered by it.
    event.fieldKey = m_acknowledgementKey;
    event.text = tr("%1 — %2").arg(m_unacknowledgedBreaks.first(), dialog.text());
    event.actor = Actor::local(s->value(Settings::Key::OperatorName).toString(),
                               *roleFromName(s->value(Settings::Key::OperatorRole).toString()));
    submit(event);
}

void MainWindow::fillField(const QString& key, const QString& value)
{
    if (!m_hasRun || m_readOnly || !ensureOperator()) {
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
        edit->setText(m_state.fieldValue(key));
    }
}

void MainWindow::flushFieldEdits()
{
    if (!m_hasRun || m_readOnly) {
        return;
    }
    for (const RunbookField& field : std::as_const(m_runbook.fields)) {
        auto* edit = m_fieldsBox->findChild<QLineEdit*>(QStringLiteral("field-") + field.key);
        if (edit && edit->text().trimmed() != m_state.fieldValue(field.key)) {
            fillField(field.key, edit->text().trimmed());
        }
    }
}

void MainWindow::jumpToNextOpen()
{
    if (!m_hasRun) {
        return;
    }
    const QList<const RunbookItem*> items = m_runbook.allItems();
    const RunbookItem* current = currentItem();
    int start = 0;
    for (int i = 0; current && i < items.size(); ++i) {
        if (items.at(i) == current) {
            start = i + 1;
        }
    }
    for (int n = 0; n < items.size(); ++n) {
        const RunbookItem* item = items.at((start + n) % items.size());
        if (!m_state.item(item->id).isDone()) {
            const QModelIndex source = m_model->indexForItem(item->id);
            const RunbookSection* section = m_runbook.sectionOf(item->id);
            const int tab =
                section ? static_cast<int>(section - m_runbook.sections.constData()) : 0;
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
    watcher->setFuture(QtConcurrent::run([runbook, out]() -> QString {
        const RunbookParseResult parsed = RunbookParser::parseFile(runbook);
        if (!parsed.ok()) {
            QStringList lines;
            for (const Diagnostic& d : parsed.diagnostics) {
                lines << d.toString();
            }
            return tr("The runbook has errors; nothing was created.\n\n%1")
                .arg(lines.join(QLatin1Char('\n')));
        }
        QFile file(runbook);
        if (!file.open(QIODevice::ReadOnly)) {
            return tr("Cannot read %1: %2").arg(runbook, file.errorString());
        }
        if (const QString why = newRunRefusal(out); !why.isEmpty()) {
            return why;
        }
        QString error;
        if (!RunFile::create(out, file.readAll(), QFileInfo(runbook).fileName(), &error)) {
            return error;
        }
        return QString();
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
        m_recentMenu->addAction(QDir::toNativeSeparators(run), this, [this, run] { openRun(run); });
    }
}

// The keyboard help overlay (issue 6): every menu action with a shortcut, read from the menus
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
    if (m_pending > 0) {
        m_failedWhileClosing = false;
        QEventLoop loop;
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        const auto check = [this, &loop] {
            if (m_pending == 0) {
                loop.quit();
            }
        };
        connect(this, &MainWindow::eventRecorded, &loop, check);
        connect(this, &MainWindow::eventRefused, &loop, check);
        statusBar()->showMessage(tr("Recording %n event(s) before closing…", nullptr, m_pending));
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        if (m_pending > 0 || m_failedWhileClosing) {
            event->ignore();
            return;
        }
    }
    m_ledger->close();
    QMainWindow::closeEvent(event);
}

// The signed checklist as the window holds it now: the run as opened plus every event since.
ReportInput MainWindow::currentReport() const
{
    ReportInput input = m_reportBase;
    input.events = m_state.events();
    input.head = m_head;
    input.generatedAtUtc = QDateTime::currentDateTimeUtc();
    return input;
}

void MainWindow::printChecklist()
{
    if (!m_hasRun)
        return;
    flushFieldEdits();
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageSize(QPageSize(QLocale().measurementSystem() == QLocale::ImperialUSSystem
                                      ? QPageSize::Letter
                                      : QPageSize::A4));
    printer.setDocName(tr("%1 — signed checklist").arg(m_runbook.title));
    QPrintPreviewDialog preview(&printer, this);
    preview.setWindowTitle(tr("Print the signed checklist"));
    QString error;
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, [&](QPrinter* p) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        if (!printChecklistTo(p, &error))
            qCWarning(lcUi).noquote() << "printing failed:" << error;
        QApplication::restoreOverrideCursor();
    });
    preview.exec();
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Printing failed"),
                             tr("The checklist could not be printed: %1").arg(error));
}

bool MainWindow::printChecklistTo(QPrinter* printer, QString* error)
{
    if (!printer) {
        if (error)
            *error = tr("no printer");
        return false;
    }
    const ReportInput input = currentReport();
    // The preview draws into pictures (its engine is a Picture engine). Printing to a file
    // would let the printer open and truncate that file itself, unchecked, even when it is the
    // run: the file goes through writePdf() instead, and the printer draws nothing.
    const QPaintEngine* engine = printer->paintEngine();
    const bool preview = engine && engine->type() == QPaintEngine::Picture;
    QString why;
    if (!preview && !printer->outputFileName().isEmpty()) {
        if (writePdf(input, printer->outputFileName(), printer->pageLayout(), &why))
            return true;
    } else if (renderPdf(input, printer, &why)) {
        return true;
    }
    if (error)
        *error = why;
    return false;
}

void MainWindow::exportChecklist(ExportFormat format)
{
    if (!m_hasRun)
        return;
    flushFieldEdits();
    const QString base = QFileInfo(m_runPath).completeBaseName();
    const QString suffix = format == ExportFormat::Pdf        ? QStringLiteral("pdf")
                           : format == ExportFormat::Markdown ? QStringLiteral("md")
                                                              : QStringLiteral("json");
    const QString filter = format == ExportFormat::Pdf        ? tr("PDF (*.pdf)")
                           : format == ExportFormat::Markdown ? tr("Markdown (*.md)")
                                                              : tr("JSON (*.json)");
    const QString dir = QFileInfo(m_runPath).absolutePath();
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export the signed checklist"),
                                     QDir(dir).filePath(base + QLatin1Char('.') + suffix), filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    const bool ok = exportChecklistTo(format, path, &error);
    QApplication::restoreOverrideCursor();
    if (ok) {
        statusBar()->showMessage(
            tr("Exported the signed checklist (ledger head %1) to %2")
                .arg(QString::fromLatin1(m_head.left(12)), QDir::toNativeSeparators(path)),
            10000);
    } else {
        QMessageBox::warning(this, tr("Export failed"), error);
    }
}

bool MainWindow::exportChecklistTo(ExportFormat format, const QString& path, QString* error)
{
    if (!m_hasRun) {
        if (error)
            *error =
                tr("no run is open; nothing was written to %1").arg(QDir::toNativeSeparators(path));
        return false;
    }
    const ReportInput input = currentReport();
    if (format == ExportFormat::Pdf) {
        return writePdf(input, path,
                        QLocale().measurementSystem() == QLocale::ImperialUSSystem
                            ? QPageSize::Letter
                            : QPageSize::A4,
                        error);
    }
    const QByteArray bytes = format == ExportFormat::Markdown ? toMarkdown(input) : toJson(input);
    return writeExport(path, bytes, m_runPath, error);
}

// --- Timeline (issue 6, point 8) ---

void MainWindow::recordHealthChange(const HealthResult& result, HealthStatus previous)
{
    m_observations->healthChanged(result, previous);
}

QString MainWindow::observationHoldReason() const
{
    if (!m_hasRun) {
        return tr("no run open");
    }
    if (m_readOnly) {
        return tr("the run is open read-only");
    }
    if (!m_unacknowledgedBreaks.isEmpty()) {
        return tr("the ledger break is not acknowledged yet");
    }
    if (!operatorActor()) {
        return tr("no operator on duty");
    }
    return QString();
}

void MainWindow::recordObservations()
{
    const QString why = observationHoldReason();
    m_timelineDock->setHoldReason(
        why, m_hasRun && !m_readOnly && m_unacknowledgedBreaks.isEmpty() && !operatorActor()
                 ? tr("choose one with Run > Change operator (Ctrl+Shift+O) and they are recorded")
                 : QString());
    if (!why.isEmpty() || m_observations->unrecorded().isEmpty()) {
        return;
    }
    const Actor me = *operatorActor();
    for (const Observation& o : m_observations->takeUnrecorded()) {
        // Checked above: named operator, writable run, intact ledger; submit() will not refuse.
        submit(makeObservedEvent(o.category, o.text, me));
    }
}

void MainWindow::exportTimeline()
{
    if (!m_hasRun) {
        statusBar()->showMessage(tr("Open a run to export its timeline."), 5000);
        return;
    }
    m_timelineDock->exportWithDialog();
}

// --- end timeline ---

} // namespace golive
