// The SLO and alert watch of a go-live: polls the source on its own timer, whatever views are
// open, and keeps what the views and the cutover read (latest panels, firing critical alerts,
// breaches seen).
#pragma once

#include "Dashboard.h"
#include "SloSource.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QTimer;

namespace golive {

class SloMonitor : public QObject
{
    Q_OBJECT
public:
    // Past GO an interval of "Off" polls at this interval instead: the alerts are abort triggers.
    static constexpr int cutoverFallbackSeconds = 15;
    // The chart width asked for when no view has told one yet.
    static constexpr int fallbackColumns = 600;

    explicit SloMonitor(QObject* parent = nullptr);
    ~SloMonitor() override;

    // Watches `dashboard` from `source` (not owned; it may be deleted first: the monitor then
    // keeps its last data). nullptr stops watching. Forgets what the previous source said and
    // asks the new one from the event loop.
    void setSource(SloSource* source, const Dashboard& dashboard);
    SloSource* source() const { return m_source.data(); }
    const Dashboard& dashboard() const { return m_dashboard; }

    // Where "now" comes from for the refresh window. Default: the wall clock.
    void setClock(std::function<QDateTime()> now);
    QDateTime now() const { return m_now(); }
    // Where "now" comes from for the breaches seen: the run's clock, the one the cutover's
    // phases are stamped on (the window gives its own). Default: the refresh window's clock.
    void setRunClock(std::function<QDateTime()> now);

    // The span asked for, [now - range, now], in seconds.
    int rangeSeconds() const { return m_rangeSeconds; }
    void setRangeSeconds(int seconds); // refreshes at once when it changes
    // The chosen auto-refresh interval; 0 is "Off".
    int refreshSeconds() const { return m_refreshSeconds; }
    void setRefreshSeconds(int seconds);
    // While a cutover is past GO, polling never stops: "Off" falls back to
    // cutoverFallbackSeconds. Set by whoever follows the cutover's phase.
    void setKeepPolling(bool on);
    bool keepPolling() const { return m_keepPolling; }
    // The interval the timer runs at now; 0 when it does not run.
    int effectiveRefreshSeconds() const;
    // One data column per pixel of the widest chart showing the panels.
    void setColumns(int columns) { m_columns = columns; }

    // The newest update of each panel (good or not), and the state of its newest good one.
    PanelUpdate latestUpdate(const QString& panelId) const { return m_latest.value(panelId); }
    bool hasUpdate(const QString& panelId) const { return m_latest.contains(panelId); }
    SloState panelState(const QString& panelId) const;
    // The last alerts answer and its error, and the critical alerts firing (oldest first) as of
    // the last answer without an error: unknown is not "all clear".
    QList<AlertInfo> alerts() const { return m_alerts; }
    QString alertsError() const { return m_alertsError; }
    // The source has answered about the alerts since it was set (with or without an error).
    bool alertsAnswered() const { return m_alertsAnswered; }
    QList<AlertInfo> criticalAlerts() const { return m_critical; }
    // Panel id -> the last time it was seen in breach (the update's fetch time).
    QHash<QString, QDateTime> breachSeen() const { return m_breachSeen; }

public slots:
    // Asks the source for [now - range, now]. Never waits: the data arrives by signal.
    void refreshNow();

signals:
    // Another source or dashboard (or none): what was shown of the previous one is void.
    void sourceChanged();
    // A request is about to go out for [start, end]: a view may tell its width (setColumns).
    void refreshing(const QDateTime& startUtc, const QDateTime& endUtc);
    void panelUpdated(const golive::PanelUpdate& update);
    void alertsUpdated(const QList<golive::AlertInfo>& alerts, const QString& error);
    // After every alerts answer without an error, and empty when the source changes.
    void criticalAlertsChanged(const QList<golive::AlertInfo>& firing);
    // The range, the chosen interval or the interval in effect changed.
    void settingsChanged();

private:
    void onPanelUpdated(const PanelUpdate& update);
    void onAlertsUpdated(const QList<AlertInfo>& alerts, const QString& error);
    void updateTimer();

    QPointer<SloSource> m_source;
    QList<QMetaObject::Connection> m_sourceConnections;
    Dashboard m_dashboard;
    std::function<QDateTime()> m_now;
    std::function<QDateTime()> m_runNow;
    int m_rangeSeconds = 3600;
    int m_refreshSeconds = 15;
    bool m_keepPolling = false;
    int m_columns = 0;
    int m_timerSeconds = 0; // the interval the timer was last started with
    QTimer* m_timer = nullptr;
    QHash<QString, PanelUpdate> m_latest;
    QHash<QString, SloState> m_goodState;
    QList<AlertInfo> m_alerts;
    QString m_alertsError;
    bool m_alertsAnswered = false;
    QList<AlertInfo> m_critical;
    QHash<QString, QDateTime> m_breachSeen;
};

} // namespace golive
