// The "SLOs" dock: toolbar (range, auto-refresh, refresh now, source), a critical-alert banner,
// a scrollable grid of SLO panels and the firing alerts. Everything arrives by signal from the
// SloMonitor; the UI thread never waits for Prometheus.
#include "SloDashboardDock.h"

#include "ElidingLabel.h"

#include "SafeText.h"

#include "AlertsView.h"
#include "Settings.h"
#include "SloMonitor.h"
#include "SloPanelWidget.h"
#include "Theme.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace golive {
namespace {

// A panel narrower than this squeezes its time axis labels together.
constexpr int minPanelWidth = 460;
constexpr int maxColumns = 3;

QString rangeText(int seconds)
{
    return seconds < 3600 ? SloDashboardDock::tr("%1 m").arg(seconds / 60)
                          : SloDashboardDock::tr("%1 h").arg(seconds / 3600);
}

QString refreshText(int seconds)
{
    if (seconds == 0) {
        return SloDashboardDock::tr("Off");
    }
    return seconds < 60 ? SloDashboardDock::tr("%1 s").arg(seconds)
                        : SloDashboardDock::tr("%1 m").arg(seconds / 60);
}

int nearestChoice(const QList<int>& choices, int value, int fallback)
{
    return choices.contains(value) ? value : fallback;
}

} // namespace

QList<int> SloDashboardDock::rangeChoicesSeconds()
{
    return {15 * 60, 3600, 6 * 3600, 24 * 3600};
}

QList<int> SloDashboardDock::refreshChoicesSeconds()
{
    return {0, 5, 15, 30, 60};
}

SloDashboardDock::SloDashboardDock(QWidget* parent, SloMonitor* monitor)
    : QDockWidget(tr("SLOs"), parent), m_monitor(monitor ? monitor : new SloMonitor(this)),
      m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("sloDock"));
    setAllowedAreas(Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea | Qt::LeftDockWidgetArea);
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                QDockWidget::DockWidgetFloatable);

    Settings* settings = Settings::instance();
    m_monitor->setRangeSeconds(nearestChoice(
        rangeChoicesSeconds(), settings->value(Settings::Key::SloRange).toInt(), 3600));
    m_monitor->setRefreshSeconds(nearestChoice(
        refreshChoicesSeconds(), settings->value(Settings::Key::SloRefresh).toInt(), 15));

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(6);

    // A critical alert must not be missable: a full-width red band above everything else.
    m_banner = new QFrame(content);
    m_banner->setObjectName(QStringLiteral("sloCriticalBanner"));
    m_banner->setStyleSheet(
        QStringLiteral("QFrame#sloCriticalBanner { background: %1; border-radius: 4px; }"
                       "QLabel { color: %2; }")
            .arg(themeColour(ThemeColour::DangerBanner).name(),
                 themeColour(ThemeColour::OnStateText).name()));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 8, 12, 8);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("sloCriticalBannerText"));
    m_bannerText->setTextFormat(Qt::PlainText); // alert names and summaries are Prometheus's text
    m_bannerText->setWordWrap(true);
    QFont bannerFont = m_bannerText->font();
    bannerFont.setPointSizeF(bannerFont.pointSizeF() * 1.5);
    bannerFont.setBold(true);
    m_bannerText->setFont(bannerFont);
    bannerLayout->addWidget(m_bannerText, 1);
    m_banner->hide();
    layout->addWidget(m_banner);

    layout->addWidget(createToolbar());

    m_splitter = new QSplitter(Qt::Vertical, content);
    m_splitter->setObjectName(QStringLiteral("sloSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_scroll = new QScrollArea(m_splitter);
    m_scroll->setObjectName(QStringLiteral("sloPanels"));
    m_scroll->setAccessibleName(tr("SLO panels"));
    m_scroll->verticalScrollBar()->setAccessibleName(tr("Scroll the SLO panels"));
    m_scroll->horizontalScrollBar()->setAccessibleName(tr("Scroll the SLO panels sideways"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid = new QWidget;
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(8);
    m_placeholder = new QLabel(m_grid);
    m_placeholder->setObjectName(QStringLiteral("sloPlaceholder"));
    m_placeholder->setTextFormat(Qt::PlainText);                       // it names a run's path
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse); // the command, to copy
    setPlaceholderText(QString());
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_scroll->setWidget(m_grid);
    // A panel and the scroll bar always fit across: a narrower dock cut the OK/BREACH badges.
    m_scroll->setMinimumWidth(SloPanelWidget::kMinimumWidth +
                              m_scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2);
    m_scroll->viewport()->installEventFilter(this);
    m_alerts = new AlertsView(m_splitter);
    m_splitter->addWidget(m_scroll);
    m_splitter->addWidget(m_alerts);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    // The panels are the point; the alerts get a strip (the splitter scales these to fit).
    m_splitter->setSizes({850, 150});
    layout->addWidget(m_splitter, 1);
    setWidget(content);

    m_staleTimer = new QTimer(this);
    m_staleTimer->setInterval(1000);
    connect(m_staleTimer, &QTimer::timeout, this, &SloDashboardDock::checkStale);

    connect(m_monitor, &SloMonitor::sourceChanged, this, &SloDashboardDock::onSourceChanged);
    connect(m_monitor, &SloMonitor::refreshing, this, &SloDashboardDock::onRefreshing);
    connect(m_monitor, &SloMonitor::panelUpdated, this, &SloDashboardDock::onPanelUpdated);
    connect(m_monitor, &SloMonitor::alertsUpdated, m_alerts, &AlertsView::setAlerts);
    connect(m_monitor, &SloMonitor::criticalAlertsChanged, this,
            &SloDashboardDock::onCriticalAlerts);
    connect(m_monitor, &SloMonitor::settingsChanged, this, &SloDashboardDock::updateTimers);

    m_alerts->setCriticalSeverity(m_monitor->dashboard().criticalSeverity);
    rebuildPanels();
    updateSourceLabel();
    updateTimers();
}

SloDashboardDock::~SloDashboardDock() = default;

SloSource* SloDashboardDock::source() const
{
    return m_monitor->source();
}

const Dashboard& SloDashboardDock::dashboard() const
{
    return m_monitor->dashboard();
}

int SloDashboardDock::rangeSeconds() const
{
    return m_monitor->rangeSeconds();
}

int SloDashboardDock::refreshSeconds() const
{
    return m_monitor->refreshSeconds();
}

QWidget* SloDashboardDock::createToolbar()
{
    // Three short rows rather than one long bar: in a narrow dock (a 1280x720 screen) a single
    // toolbar hid its last controls in an overflow menu. The dashboard and its source; the
    // range and Refresh now; the auto-refresh.
    auto* box = new QWidget(this);
    box->setObjectName(QStringLiteral("sloToolbars"));
    auto* rows = new QVBoxLayout(box);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(0);
    const auto makeBar = [this, rows](const QString& name) {
        auto* bar = new QToolBar(this);
        bar->setObjectName(name);
        bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
        bar->setFloatable(false);
        bar->setMovable(false);
        // Checked choices look pressed and coloured: the current range is readable from afar.
        bar->setStyleSheet(
            QStringLiteral(
                "QToolButton { padding: 3px 5px; border: 1px solid %1; border-radius: 3px; }"
                "QToolButton:checked { background: %2; color: %3; border-color: %2; }")
                .arg(themeColour(ThemeColour::ChoiceBorder).name(),
                     themeColour(ThemeColour::ChoiceChecked).name(),
                     themeColour(ThemeColour::OnStateText).name()));
        rows->addWidget(bar);
        return bar;
    };
    // The first row is a plain row, not a toolbar: the dashboard's title and the source's words
    // are cut with "…" (whole in their tooltips) so that Refresh now and DEMO stay whole.
    auto* head = new QWidget(box);
    head->setObjectName(QStringLiteral("sloHeadRow"));
    auto* headLayout = new QHBoxLayout(head);
    headLayout->setContentsMargins(6, 4, 6, 4);
    m_dashboardTitle = new ElidingLabel(head);
    m_dashboardTitle->setObjectName(QStringLiteral("sloDashboardTitle"));
    QFont titleFont = m_dashboardTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_dashboardTitle->setFont(titleFont);
    headLayout->addWidget(m_dashboardTitle, 2);
    m_sourceLabel = new ElidingLabel(head);
    m_sourceLabel->setObjectName(QStringLiteral("sloSourceLabel"));
    headLayout->addWidget(m_sourceLabel, 1);
    m_refreshNow = new QAction(tr("Refresh now"), this);
    auto* refreshButton = new QToolButton(head);
    refreshButton->setObjectName(QStringLiteral("sloRefreshNowButton"));
    refreshButton->setDefaultAction(m_refreshNow);
    headLayout->addWidget(refreshButton);
    m_demoBadge = new QLabel(tr("DEMO"), head);
    m_demoBadge->setObjectName(QStringLiteral("sloDemoBadge"));
    m_demoBadge->setToolTip(tr("Generated demo data, not from Prometheus"));
    QFont demoFont = m_demoBadge->font();
    demoFont.setBold(true);
    demoFont.setPointSizeF(demoFont.pointSizeF() * 1.5);
    m_demoBadge->setFont(demoFont);
    m_demoBadge->setStyleSheet(
        QStringLiteral(
            "QLabel { background: %1; color: %2; border-radius: 4px; padding: 2px 12px; }")
            .arg(themeColour(ThemeColour::DemoBadge).name(),
                 themeColour(ThemeColour::OnStateText).name()));
    headLayout->addWidget(m_demoBadge);
    rows->addWidget(head);

    QToolBar* bar = makeBar(QStringLiteral("sloToolbar"));
    bar->addWidget(new QLabel(tr("Range "), bar));
    m_rangeGroup = new QActionGroup(this);
    m_rangeGroup->setExclusive(true);
    for (int seconds : rangeChoicesSeconds()) {
        QAction* a = bar->addAction(rangeText(seconds));
        a->setObjectName(QStringLiteral("sloRange%1").arg(seconds));
        a->setToolTip(tr("Show the last %1").arg(rangeText(seconds)));
        a->setCheckable(true);
        a->setChecked(seconds == rangeSeconds());
        a->setData(seconds);
        m_rangeGroup->addAction(a);
    }
    connect(m_rangeGroup, &QActionGroup::triggered, this,
            [this](QAction* a) { setRangeSeconds(a->data().toInt()); });

    bar = makeBar(QStringLiteral("sloRefreshBar"));
    bar->addWidget(new QLabel(tr("Refresh "), bar));
    m_refreshGroup = new QActionGroup(this);
    m_refreshGroup->setExclusive(true);
    for (int seconds : refreshChoicesSeconds()) {
        QAction* a = bar->addAction(refreshText(seconds));
        a->setObjectName(QStringLiteral("sloRefresh%1").arg(seconds));
        a->setCheckable(true);
        a->setChecked(seconds == refreshSeconds());
        a->setData(seconds);
        m_refreshGroup->addAction(a);
    }
    connect(m_refreshGroup, &QActionGroup::triggered, this,
            [this](QAction* a) { setRefreshSeconds(a->data().toInt()); });

    m_refreshNow->setObjectName(QStringLiteral("sloRefreshNow"));
    m_refreshNow->setShortcut(QKeySequence(Qt::Key_F5));
    // Works in whichever window holds the dock: the main window, or its own when floating.
    m_refreshNow->setShortcutContext(Qt::WindowShortcut);
    m_refreshNow->setToolTip(tr("Refresh now (F5)"));
    connect(m_refreshNow, &QAction::triggered, this, &SloDashboardDock::refreshNow);
    addAction(m_refreshNow);
    // The dock is never narrower than its widest row: no control goes to an overflow menu.
    int widest = 0;
    for (QToolBar* row : box->findChildren<QToolBar*>()) {
        widest = std::max(widest, row->sizeHint().width());
    }
    widest = std::max(widest, head->minimumSizeHint().width());
    box->setMinimumWidth(widest);
    return box;
}

void SloDashboardDock::setPlaceholderText(const QString& text)
{
    m_placeholderGiven = text;
    showPlaceholderText();
}

void SloDashboardDock::showPlaceholderText()
{
    if (!m_placeholderGiven.isEmpty())
        m_placeholder->setText(m_placeholderGiven);
    else if (!m_monitor->source()) // the window chooses it once the run is on screen
        m_placeholder->setText(tr("The SLO charts are loading\u2026"));
    else
        m_placeholder->setText(tr("No SLO dashboard. Start golive with --demo, or with "
                                  "--dashboard FILE and a Prometheus URL."));
}

QString SloDashboardDock::placeholderText() const
{
    return m_placeholder->text();
}

void SloDashboardDock::setSource(SloSource* source, const Dashboard& dashboard)
{
    m_monitor->setSource(source, dashboard);
}

void SloDashboardDock::onSourceChanged()
{
    m_alerts->setCriticalSeverity(m_monitor->dashboard().criticalSeverity);
    m_banner->hide();
    m_alerts->setAlerts({}, QString());
    showPlaceholderText();
    rebuildPanels();
    updateSourceLabel();
    updateTimers();
}

void SloDashboardDock::setClock(std::function<QDateTime()> now)
{
    m_now = now;
    m_monitor->setClock(now);
    for (SloPanelWidget* p : std::as_const(m_panels)) {
        p->setClock(now);
    }
}

void SloDashboardDock::setRangeSeconds(int seconds)
{
    if (!rangeChoicesSeconds().contains(seconds)) {
        return;
    }
    for (QAction* a : m_rangeGroup->actions()) {
        a->setChecked(a->data().toInt() == seconds);
    }
    if (seconds == rangeSeconds()) {
        return;
    }
    Settings::instance()->setValue(Settings::Key::SloRange, seconds);
    m_monitor->setRangeSeconds(seconds); // refreshes with the new span
}

void SloDashboardDock::setRefreshSeconds(int seconds)
{
    if (!refreshChoicesSeconds().contains(seconds)) {
        return;
    }
    for (QAction* a : m_refreshGroup->actions()) {
        a->setChecked(a->data().toInt() == seconds);
    }
    if (seconds == refreshSeconds()) {
        return;
    }
    Settings::instance()->setValue(Settings::Key::SloRefresh, seconds);
    m_monitor->setRefreshSeconds(seconds);
}

void SloDashboardDock::setDecisionMarkers(const QList<DecisionMarker>& markers)
{
    if (markers == m_markers)
        return;
    m_markers = markers;
    for (SloPanelWidget* p : std::as_const(m_panels))
        p->setDecisionMarkers(m_markers);
}

SloPanelWidget* SloDashboardDock::panel(const QString& id) const
{
    return m_panelById.value(id);
}

bool SloDashboardDock::criticalBannerVisible() const
{
    return !m_banner->isHidden();
}

QString SloDashboardDock::criticalBannerText() const
{
    return m_bannerText->text();
}

void SloDashboardDock::refreshNow()
{
    m_monitor->refreshNow();
}

void SloDashboardDock::onRefreshing(const QDateTime& startUtc, const QDateTime& endUtc)
{
    for (SloPanelWidget* p : std::as_const(m_panels)) {
        p->setRange(startUtc, endUtc);
    }
    m_monitor->setColumns(chartColumns());
}

void SloDashboardDock::checkStale()
{
    for (SloPanelWidget* p : std::as_const(m_panels)) {
        p->checkStale();
    }
}

int SloDashboardDock::chartColumns() const
{
    // One pixel column per data column: more points than pixels are drawn over each other.
    int widest = 0;
    for (const SloPanelWidget* p : m_panels) {
        widest = std::max(widest, p->plotWidth());
    }
    return widest > 0 ? widest : SloMonitor::fallbackColumns;
}

void SloDashboardDock::showEvent(QShowEvent* event)
{
    QDockWidget::showEvent(event);
    if (m_monitor->source()) {
        QMetaObject::invokeMethod(this, &SloDashboardDock::refreshNow, Qt::QueuedConnection);
    }
}

bool SloDashboardDock::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize) {
        layoutPanels();
    }
    return QDockWidget::eventFilter(watched, event);
}

void SloDashboardDock::rebuildPanels()
{
    qDeleteAll(m_panels);
    m_panels.clear();
    m_panelById.clear();
    const Dashboard& dashboard = m_monitor->dashboard();
    for (const PanelDefinition& def : dashboard.panels) {
        auto* p = new SloPanelWidget(def, m_grid);
        p->setClock(m_now);
        p->setDecisionMarkers(m_markers);
        m_panels.append(p);
        m_panelById.insert(def.id, p);
    }
    m_dashboardTitle->setFullText(dashboard.title);
    m_columns = 0;
    layoutPanels();
}

void SloDashboardDock::layoutPanels()
{
    const int width = m_scroll->viewport()->width();
    const int columns = std::clamp(width / minPanelWidth, 1, maxColumns);
    if (columns == m_columns && m_gridLayout->count() > 0) {
        return;
    }
    m_columns = columns;
    while (m_gridLayout->count() > 0) {
        delete m_gridLayout->takeAt(0);
    }
    for (int c = 0; c < maxColumns; ++c) {
        m_gridLayout->setColumnStretch(c, c < columns ? 1 : 0);
    }
    if (m_panels.isEmpty()) {
        m_placeholder->show();
        m_gridLayout->addWidget(m_placeholder, 0, 0, 1, columns);
        m_gridLayout->setRowStretch(0, 1);
        return;
    }
    m_placeholder->hide();
    int row = 0;
    for (qsizetype i = 0; i < m_panels.size(); ++i) {
        row = int(i) / columns;
        m_gridLayout->addWidget(m_panels.at(i), row, int(i) % columns);
        m_gridLayout->setRowStretch(row, 0);
    }
    // Spare height goes below the panels, not into stretched charts.
    m_gridLayout->setRowStretch(row + 1, 1);
}

void SloDashboardDock::updateSourceLabel()
{
    // One read of the guarded pointer: the source may be deleted between two reads.
    const SloSource* source = m_monitor->source();
    m_sourceLabel->setFullText(source != nullptr ? source->description() : tr("no data source"));
    m_demoBadge->setVisible(source != nullptr && source->isDemo());
}

void SloDashboardDock::updateTimers()
{
    // The choices may have changed elsewhere (another view of the same monitor).
    for (QAction* a : m_rangeGroup->actions()) {
        a->setChecked(a->data().toInt() == rangeSeconds());
    }
    for (QAction* a : m_refreshGroup->actions()) {
        a->setChecked(a->data().toInt() == refreshSeconds());
    }
    // Two missed refreshes make data stale; with auto-refresh off, age alone does not.
    const qint64 staleAfter = qint64(m_monitor->effectiveRefreshSeconds()) * 2 * 1000;
    for (SloPanelWidget* p : std::as_const(m_panels)) {
        p->setStaleAfterMs(staleAfter);
    }
    if (m_monitor->source()) {
        m_staleTimer->start();
    } else {
        m_staleTimer->stop();
    }
}

void SloDashboardDock::onPanelUpdated(const PanelUpdate& update)
{
    if (SloPanelWidget* p = m_panelById.value(update.panelId)) {
        p->applyUpdate(update);
    }
}

void SloDashboardDock::onCriticalAlerts(const QList<AlertInfo>& critical)
{
    // Comes only after an answer without an error: unknown is not "all clear", so a banner
    // already up stays up until the alerts say otherwise.
    if (critical.isEmpty()) {
        m_banner->hide();
        return;
    }
    QString text;
    if (critical.size() == 1) {
        const AlertInfo& a = critical.first();
        text = tr("CRITICAL ALERT FIRING: %1").arg(a.name);
        if (a.activeAtUtc.isValid()) {
            text += tr(" (since %1)")
                        .arg(a.activeAtUtc.toLocalTime().toString(QStringLiteral("HH:mm")));
        }
        if (!a.summary.isEmpty()) {
            text += QStringLiteral(" — ") + cappedMessage(a.summary);
        }
    } else {
        QStringList names;
        for (const AlertInfo& a : std::as_const(critical)) {
            names << a.name;
        }
        text = tr("%1 CRITICAL ALERTS FIRING: %2")
                   .arg(critical.size())
                   .arg(names.join(QStringLiteral(", ")));
    }
    m_bannerText->setText(displaySafeLines(text));
    m_banner->show();
}

} // namespace golive
