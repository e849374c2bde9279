// The wall screen's SLO panels: made from the SLO monitor's dashboard when the view is shown,
// fed with its answers, and sized to be read from the back of the room. Part of
// PresentationView (see PresentationView.h); the run, the clock and the timers are in
// PresentationView.cpp.
#include "PresentationView.h"

#include "DecisionMarkerOverlay.h"
#include "PresentationText.h"
#include "SloMonitor.h"
#include "SloPanelWidget.h"
#include "Theme.h"
#include "UiText.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QTimer>

#include <algorithm>

namespace golive {

// --- SLO panels ---

void PresentationView::followMonitor(SloMonitor* monitor)
{
    for (const QMetaObject::Connection& c : std::as_const(m_monitorConnections)) {
        disconnect(c);
    }
    m_monitorConnections.clear();
    m_monitor = monitor;
    if (monitor) {
        m_monitorConnections << connect(monitor, &SloMonitor::sourceChanged, this,
                                        &PresentationView::syncFromMonitor);
        m_monitorConnections << connect(monitor, &SloMonitor::settingsChanged, this,
                                        &PresentationView::syncFromMonitor);
        m_monitorConnections << connect(monitor, &SloMonitor::panelUpdated, this,
                                        &PresentationView::onPanelUpdated);
    }
    syncFromMonitor();
}

void PresentationView::syncFromMonitor()
{
    // One read of the guarded pointers: GCC cannot see that two reads agree.
    const SloMonitor* const monitor = m_monitor.data();
    SloSource* const source = monitor ? monitor->source() : nullptr;
    const Dashboard dashboard = source && monitor ? monitor->dashboard() : Dashboard();
    const auto ids = [](const Dashboard& d) {
        QStringList list;
        for (const PanelDefinition& p : d.panels) {
            list << p.id;
        }
        return list;
    };
    const bool sourceChanged = source != m_source.data();
    const bool dashboardChanged =
        dashboard.title != m_dashboard.title || ids(dashboard) != ids(m_dashboard);
    m_source = source;
    if (sourceChanged || dashboardChanged) {
        m_dashboard = dashboard;
        rebuildPanels();
        if (source && isVisible()) {
            askRefresh();
        }
    }
    m_demoBadge->setVisible(source && source->isDemo());
    if (monitor) {
        for (SloPanelWidget* p : std::as_const(m_panels)) {
            p->setStaleAfterMs(qint64(monitor->effectiveRefreshSeconds()) * 2 * 1000);
        }
    }
}

void PresentationView::setDecisionMarkers(const QList<DecisionMarker>& markers)
{
    if (markers == m_markers)
        return;
    m_markers = markers;
    for (SloPanelWidget* p : std::as_const(m_panels))
        p->setDecisionMarkers(m_markers);
}

void PresentationView::askRefresh()
{
    if (SloMonitor* const monitor = m_monitor.data()) {
        monitor->refreshNow();
    }
}

void PresentationView::scheduleRebuild()
{
    // Never from inside a resize or a theme change: those can come from a panel's own event
    // handling (a layout growing the window), and the panel must not die under it.
    if (m_rebuildScheduled) {
        return;
    }
    m_rebuildScheduled = true;
    QTimer::singleShot(0, this, [this] {
        if (m_rebuildScheduled) {
            rebuildPanels();
        }
    });
}

void PresentationView::rebuildPanels()
{
    m_rebuildScheduled = false;
    qDeleteAll(m_panels);
    m_panels.clear();
    m_panelById.clear();
    // Nine charts nobody sees would cost the window its first frame: a hidden wall screen
    // builds its panels when it is shown, from the monitor's latest answers.
    m_panelsPending = !isVisible();
    if (m_panelsPending) {
        m_sloPlaceholder->setVisible(m_dashboard.panels.isEmpty());
        return;
    }
    m_panelPointSize = m_sloBox->font().pointSizeF();
    const qsizetype n = m_dashboard.panels.size();
    const int columns = n <= 1 ? 1 : n <= 4 ? 2 : 3;
    for (qsizetype i = 0; i < n; ++i) {
        const PanelDefinition& def = m_dashboard.panels.at(i);
        // Made under m_sloBox, whose font is the wall's: the panel's titles and value scale
        // from it.
        auto* panel = new SloPanelWidget(def, m_sloBox);
        fitPanelForWall(panel);
        panel->setClock(m_now);
        panel->setDecisionMarkers(m_markers);
        const SloMonitor* const monitor = m_monitor.data();
        if (monitor) {
            panel->setStaleAfterMs(qint64(monitor->effectiveRefreshSeconds()) * 2 * 1000);
        }
        m_sloGrid->addWidget(panel, int(i / columns), int(i % columns));
        if (m_sloBox->isVisible()) {
            panel->show();
        }
        m_panels << panel;
        m_panelById.insert(def.id, panel);
        if (monitor && monitor->hasUpdate(def.id)) {
            applyToPanel(panel, monitor->latestUpdate(def.id));
        }
    }
    for (int c = 0; c < 3; ++c) {
        m_sloGrid->setColumnStretch(c, c < columns ? 1 : 0);
    }
    m_sloPlaceholder->setVisible(m_panels.isEmpty());
}

void PresentationView::fitPanelForWall(SloPanelWidget* panel) const
{
    // The panel's own words are sized for a desk; on the wall the title, the value and the
    // state must read from the back of the room, and the chart takes what is left.
    panel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    panel->setMinimumWidth(0);
    panel->chartView()->setMinimumHeight(px(60));
    const auto sized = [panel](const char* name, int pixels, bool bold) {
        if (auto* label = panel->findChild<QLabel*>(QLatin1String(name))) {
            setPixelFont(label, pixels, bold);
            return label;
        }
        return static_cast<QLabel*>(nullptr);
    };
    if (QLabel* title = sized("panelTitle", px(24), true)) {
        // The objective is written under the value: the title's "(… SLO: 350 ms)" is left out.
        const QString text = panel->definition().title;
        const qsizetype paren = text.indexOf(QStringLiteral(" ("));
        title->setText(paren > 0 ? text.left(paren) : text);
        title->setToolTip(plainToolTip(text));
    }
    if (QLabel* value = sized("panelValue", px(56), true)) {
        value->setMinimumHeight(value->sizeHint().height()); // the chart gives way, not the value
    }
    // Nothing that says a state is smaller than the wall's minimum: the objective, the DEMO
    // mark and the status line read from the back of the room too.
    sized("panelState", px(kWallMinimumTextPx), true);
    sized("panelDemo", px(kWallMinimumTextPx), true);
    if (QLabel* objective = sized("panelObjective", px(kWallMinimumTextPx), false)) {
        // The objective alone: the state badge says when it is at risk (the level is in the
        // tooltip), and one line leaves the chart its room.
        const QString text = objective->text();
        objective->setText(text.section(QLatin1Char('\n'), 0, 0));
        objective->setToolTip(plainToolTip(text));
    }
    sized("panelStatus", px(kWallMinimumTextPx), false);
    // A breach fills the panel (Grafana's kiosk does so): a border alone is missed from afar.
    // The chart lets the fill through.
    panel->setFillOnBreach(true);
    panel->chartView()->setStyleSheet(QStringLiteral("QChartView { background: transparent; }"));
    // A sparkline against the objective: axis labels would be too small to read from afar.
    for (QAbstractAxis* axis : panel->chart()->axes()) {
        axis->setLabelsVisible(false);
    }
    // The decisions' labels carry state: the wall's minimum size, and lines seen from afar.
    QFont markerFont = panel->font();
    markerFont.setPixelSize(std::max(8, px(kWallMinimumTextPx)));
    markerFont.setBold(true);
    panel->decisionMarkers()->setLabelFont(markerFont);
    panel->decisionMarkers()->setLineWidth(std::max(2, px(3)));
}

void PresentationView::onPanelUpdated(const PanelUpdate& update)
{
    if (!isVisible()) {
        return; // applied when shown
    }
    if (SloPanelWidget* panel = m_panelById.value(update.panelId)) {
        applyToPanel(panel, update);
    }
}

void PresentationView::applyToPanel(SloPanelWidget* panel, const PanelUpdate& update)
{
    const QDateTime end = update.fetchedAtUtc.isValid() ? update.fetchedAtUtc : m_now();
    const SloMonitor* const monitor = m_monitor.data();
    const int range = monitor ? monitor->rangeSeconds() : 3600;
    panel->setRange(end.addSecs(-range), end);
    panel->applyUpdate(update);
    restylePanelSeries(panel);
}

void PresentationView::restylePanelSeries(SloPanelWidget* panel) const
{
    if (panel->isStale()) {
        return; // grey, as the panel drew it
    }
    const QList<QLineSeries*>& series = panel->dataSeries();
    for (qsizetype i = 0; i < series.size(); ++i) {
        QPen pen = series.at(i)->pen();
        if (currentTheme() == Theme::Dark) {
            pen.setColor(themeSeriesColour(SeriesPalette::Wall, int(i)));
        }
        pen.setWidthF(std::max(2.0, 3.0 * m_scale));
        series.at(i)->setPen(pen);
    }
}

} // namespace golive
