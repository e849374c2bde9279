// The "SLOs" dock beside the checklist: the go-live's SLO panels, their alerts and a red
// banner for a critical alert; it floats to a second monitor for the war room's wall.
#pragma once

#include "Dashboard.h"
#include "SloSource.h"

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

class AlertsView;
class SloPanelWidget;

class SloDashboardDock : public QDockWidget
{
    Q_OBJECT
public:
    // objectName "sloDock", so QMainWindow::saveState() remembers where it was.
    explicit SloDashboardDock(QWidget* parent = nullptr);
    ~SloDashboardDock() override;

    // Shows `dashboard` from `source` (not owned; it may be deleted first: the dock then shows
    // its last data). nullptr clears the dock. Triggers a refresh once the dock is laid out.
    void setSource(SloSource* source, const Dashboard& dashboard);
    SloSource* source() const { return m_source; }
    const Dashboard& dashboard() const { return m_dashboard; }

    // Test seam: where "now" comes from for the refresh window and staleness.
    void setClock(std::function<QDateTime()> now);

    // The choices in the toolbar; the current ones are kept in Settings (SloRange, SloRefresh).
    static QList<int> rangeChoicesSeconds();   // 15 m, 1 h, 6 h, 24 h
    static QList<int> refreshChoicesSeconds(); // off (0), 5 s, 15 s, 30 s, 1 m
    int rangeSeconds() const { return m_rangeSeconds; }
    int refreshSeconds() const { return m_refreshSeconds; }
    void setRangeSeconds(int seconds);   // refreshes at once with the new span
    void setRefreshSeconds(int seconds); // 0 stops the timer

    QList<SloPanelWidget*> panels() const { return m_panels; }
    SloPanelWidget* panel(const QString& id) const;
    AlertsView* alertsView() const { return m_alerts; }
    int gridColumns() const { return m_columns; }
    bool criticalBannerVisible() const;
    QString criticalBannerText() const;
    QAction* refreshNowAction() const { return m_refreshNow; }

signals:
    // The critical alerts firing (issue 6: abort triggers), after every alerts answer without
    // an error (an answer with an error keeps the last list: unknown is not "all clear"), and
    // empty when the source changes. Oldest first.
    void criticalAlertsChanged(const QList<golive::AlertInfo>& firing);

public slots:
    // Asks the source for [now - range, now] at the charts' plot width. Never waits: the data
    // arrives through the source's signals.
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
    void onPanelUpdated(const PanelUpdate& update);
    void onAlertsUpdated(const QList<AlertInfo>& alerts, const QString& error);
    int chartColumns() const;

    QPointer<SloSource> m_source;
    QList<QMetaObject::Connection> m_sourceConnections;
    Dashboard m_dashboard;
    std::function<QDateTime()> m_now;
    int m_rangeSeconds = 3600;
    int m_refreshSeconds = 15;
    int m_columns = 0;

    QFrame* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QLabel* m_dashboardTitle = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QLabel* m_demoBadge = nullptr;
    QAction* m_demoBadgeAction = nullptr; // a toolbar widget is hidden through its action
    QActionGroup* m_rangeGroup = nullptr;
    QActionGroup* m_refreshGroup = nullptr;
    QAction* m_refreshNow = nullptr;
    QSplitter* m_splitter = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    QLabel* m_placeholder = nullptr;
    QList<SloPanelWidget*> m_panels;
    QHash<QString, SloPanelWidget*> m_panelById;
    AlertsView* m_alerts = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QTimer* m_staleTimer = nullptr;
};

} // namespace golive
