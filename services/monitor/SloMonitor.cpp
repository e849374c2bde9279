// The SLO and alert watch: one timer for the whole application, the latest answers kept.
#include "SloMonitor.h"

#include <QTimer>

#include <algorithm>

namespace golive {

SloMonitor::SloMonitor(QObject* parent)
    : QObject(parent), m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer = new QTimer(this);
    m_timer->setObjectName(QStringLiteral("sloPollTimer"));
    // Runs whatever views are open: a critical alert is an abort trigger and the timeline's
    // observations come from these answers.
    connect(m_timer, &QTimer::timeout, this, &SloMonitor::refreshNow);
}

SloMonitor::~SloMonitor() = default;

void SloMonitor::setSource(SloSource* source, const Dashboard& dashboard)
{
    for (const QMetaObject::Connection& c : std::as_const(m_sourceConnections)) {
        disconnect(c);
    }
    m_sourceConnections.clear();
    m_source = source;
    m_dashboard = source ? dashboard : Dashboard();
    m_latest.clear();
    m_goodState.clear();
    m_alerts.clear();
    m_alertsError.clear();
    m_alertsAnswered = false;
    m_critical.clear();
    if (source) {
        m_sourceConnections << connect(source, &SloSource::panelUpdated, this,
                                       &SloMonitor::onPanelUpdated);
        m_sourceConnections << connect(source, &SloSource::alertsUpdated, this,
                                       &SloMonitor::onAlertsUpdated);
    }
    emit sourceChanged();
    emit criticalAlertsChanged({});
    m_timerSeconds = -1; // restart at the interval in effect
    updateTimer();
    if (source) {
        // Queued: the first refresh should see the views laid out at their real width.
        QMetaObject::invokeMethod(this, &SloMonitor::refreshNow, Qt::QueuedConnection);
    }
}

void SloMonitor::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
}

void SloMonitor::setRunClock(std::function<QDateTime()> now)
{
    m_runNow = std::move(now);
}

void SloMonitor::setRangeSeconds(int seconds)
{
    if (seconds <= 0 || seconds == m_rangeSeconds) {
        return;
    }
    m_rangeSeconds = seconds;
    emit settingsChanged();
    refreshNow();
}

void SloMonitor::setRefreshSeconds(int seconds)
{
    if (seconds < 0 || seconds == m_refreshSeconds) {
        return;
    }
    m_refreshSeconds = seconds;
    updateTimer();
    emit settingsChanged();
}

void SloMonitor::setKeepPolling(bool on)
{
    if (on == m_keepPolling) {
        return;
    }
    m_keepPolling = on;
    const int before = m_timerSeconds;
    updateTimer();
    if (m_timerSeconds != before) {
        emit settingsChanged();
    }
}

int SloMonitor::effectiveRefreshSeconds() const
{
    if (m_refreshSeconds > 0) {
        return m_refreshSeconds;
    }
    return m_keepPolling ? cutoverFallbackSeconds : 0;
}

SloState SloMonitor::panelState(const QString& panelId) const
{
    return m_goodState.value(panelId, SloState::Unknown);
}

void SloMonitor::refreshNow()
{
    if (!m_source || m_dashboard.panels.isEmpty()) {
        return;
    }
    const QDateTime end = m_now();
    const QDateTime start = end.addSecs(-m_rangeSeconds);
    emit refreshing(start, end);
    // The views' slots may have run anything: read the guarded pointer once more.
    if (SloSource* const source = m_source.data()) {
        source->refresh(m_dashboard, start, end, m_columns > 0 ? m_columns : fallbackColumns);
    }
}

void SloMonitor::updateTimer()
{
    const int seconds = m_source ? effectiveRefreshSeconds() : 0;
    // Started again only when the interval in effect changes, so a running period is kept.
    if (seconds == m_timerSeconds && (seconds == 0 || m_timer->isActive())) {
        return;
    }
    m_timerSeconds = seconds;
    if (seconds > 0) {
        m_timer->start(seconds * 1000);
    } else {
        m_timer->stop();
    }
}

void SloMonitor::onPanelUpdated(const PanelUpdate& update)
{
    m_latest.insert(update.panelId, update);
    if (update.ok) {
        m_goodState.insert(update.panelId, update.state);
        if (update.state == SloState::Breach) {
            // Breaches seen, for final monitoring's "SLOs steady" (the panels show the present).
            // Stamped on the run's clock, the one final monitoring's start is on.
            m_breachSeen.insert(update.panelId, m_runNow ? m_runNow() : m_now());
        }
    }
    emit panelUpdated(update);
}

void SloMonitor::onAlertsUpdated(const QList<AlertInfo>& alerts, const QString& error)
{
    m_alerts = alerts;
    m_alertsError = error;
    m_alertsAnswered = true;
    emit alertsUpdated(alerts, error);
    if (!error.isEmpty()) {
        // Unknown is not "all clear": the critical alerts already firing stay.
        return;
    }
    QList<AlertInfo> critical;
    for (const AlertInfo& a : alerts) {
        if (isCriticalFiring(a, m_dashboard.criticalSeverity)) {
            critical.append(a);
        }
    }
    std::sort(critical.begin(), critical.end(),
              [](const AlertInfo& a, const AlertInfo& b) { return a.activeAtUtc < b.activeAtUtc; });
    m_critical = critical;
    emit criticalAlertsChanged(critical);
}

} // namespace golive
