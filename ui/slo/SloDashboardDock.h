// The "SLOs" dock beside the checklist: the go-live's SLO panels, their alerts and a red
// banner for a critical alert, as the SLO monitor delivers them; it floats to a second monitor
// for the war room's wall. The monitor polls, whether the dock is shown or not.
#pragma once

#include "Dashboard.h"
#include "SloSource.h"
#include "decision/DecisionMarkers.h"

#include <QDateTime>
#include <QDockWidget>
#include <QHash>
#include <QPointer>

#include <functional>

class QAction;
class QActionGroup;
class QFrame;
class QGridLayout;
class QLabel;
class QScrollArea;
class QSplitter;
class QTimer;

namespace golive {

class ElidingLabel;
class AlertsView;
class SloMonitor;
class SloPanelWidget;

class SloDashboardDock : public QDockWidget
{
    Q_OBJECT
public:
    // objectName "sloDock", so QMainWindow::saveState() remembers where it was. Shows what
    // `monitor` (not owned; it outlives the dock) delivers; without one the dock makes its own.
    // The dock's range and auto-refresh choices are the monitor's settings.
    explicit SloDashboardDock(QWidget* parent = nullptr, SloMonitor* monitor = nullptr);
    ~SloDashboardDock() override;

    // Shows `dashboard` from `source` through the monitor (see SloMonitor::setSource).
    void setSource(SloSource* source, const Dashboard& dashboard);
    SloSource* source() const;
    const Dashboard& dashboard() const;
    SloMonitor* monitor() const { return m_monitor; }

    // Test seam: where "now" comes from for the refresh window (the monitor's) and staleness.
    void setClock(std::function<QDateTime()> now);

    // The choices in the toolbar; the current ones are kept in Settings (SloRange, SloRefresh).
    static QList<int> rangeChoicesSeconds();   // 15 m, 1 h, 6 h, 24 h
    static QList<int> refreshChoicesSeconds(); // off (0), 5 s, 15 s, 30 s, 1 m
    int rangeSeconds() const;
    int refreshSeconds() const;
    void setRangeSeconds(int seconds);   // refreshes at once with the new span
    void setRefreshSeconds(int seconds); // 0: "Off" (the monitor still polls past GO)

    // The open run's decisions and failed steps (decisionMarkers()), drawn on every panel's
    // chart where they fall in its range; kept for panels made later. Empty: no run.
    void setDecisionMarkers(const QList<DecisionMarker>& markers);
    const QList<DecisionMarker>& decisionMarkers() const { return m_markers; }

    QList<SloPanelWidget*> panels() const { return m_panels; }
    SloPanelWidget* panel(const QString& id) const;
    AlertsView* alertsView() const { return m_alerts; }
    int gridColumns() const { return m_columns; }
    bool criticalBannerVisible() const;
    QString criticalBannerText() const;
    QAction* refreshNowAction() const { return m_refreshNow; }
    // What the dock says while it has no panels; empty: the general words (the charts are
    // loading while no source is set yet, else no dashboard was given).
    void setPlaceholderText(const QString& text);
    QString placeholderText() const;

public slots:
    // Asks the monitor to refresh now (the F5 action). Never waits: the data arrives by signal.
    void refreshNow();
    // Re-judges every panel's staleness against the clock (a timer calls it every second).
    void checkStale();

protected:
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* createToolbar();
    void rebuildPanels();
    void layoutPanels();
    void updateSourceLabel();
    void updateTimers();
    void onSourceChanged();
    void onRefreshing(const QDateTime& startUtc, const QDateTime& endUtc);
    void onPanelUpdated(const PanelUpdate& update);
    void onCriticalAlerts(const QList<AlertInfo>& critical);
    int chartColumns() const;

    SloMonitor* m_monitor = nullptr;
    std::function<QDateTime()> m_now;
    int m_columns = 0;

    QFrame* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    ElidingLabel* m_dashboardTitle = nullptr;
    ElidingLabel* m_sourceLabel = nullptr;
    QLabel* m_demoBadge = nullptr;
    QActionGroup* m_rangeGroup = nullptr;
    QActionGroup* m_refreshGroup = nullptr;
    QAction* m_refreshNow = nullptr;
    QSplitter* m_splitter = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    QLabel* m_placeholder = nullptr;
    QString m_placeholderGiven; // setPlaceholderText()'s, empty for the general words
    void showPlaceholderText();
    QList<SloPanelWidget*> m_panels;
    QHash<QString, SloPanelWidget*> m_panelById;
    QList<DecisionMarker> m_markers;
    AlertsView* m_alerts = nullptr;
    QTimer* m_staleTimer = nullptr;
};

} // namespace golive
