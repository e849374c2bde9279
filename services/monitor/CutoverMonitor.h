// Turns the SLO monitor's alerts and breaches and the health checks into one cutover status,
// the one the window's banners, its header and the wall screen show.
#pragma once

#include "CutoverStatus.h"
#include "HealthMonitor.h"
#include "SloSource.h"
#include "TimeSeries.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

namespace golive {

class RunState;
class SloMonitor;

class CutoverMonitor : public QObject
{
    Q_OBJECT
public:
    // Follows `slo` (not owned; it must outlive this monitor or be its parent's sibling).
    explicit CutoverMonitor(SloMonitor* slo, QObject* parent = nullptr);

    // Follows `health` (not owned; nullptr stops following).
    void setHealthMonitor(HealthMonitor* health);
    QList<HealthResult> healthResults() const { return m_healthResults; }

    // Critical alerts firing and critical health checks failing, in words.
    QStringList abortCauses() const;
    // Their identities (CutoverStatus::abortCauseKeys), in the same order.
    QStringList abortCauseKeys() const;

    // What the Go/No-Go shows of the SLOs and alerts now. Each SLO panel of the dashboard, in
    // its order, with its state (SloMonitor::panelState); empty without a dashboard.
    struct PanelNow
    {
        QString title;
        SloState state = SloState::Unknown;
    };
    QList<PanelNow> panelStates() const;
    // The alerts firing as of the last answer, critical ones first (then oldest first); the
    // last answer's error in *error (unknown is not "all clear"). *demo: generated data.
    QList<AlertInfo> firingAlerts(QString* error, bool* demo) const;
    // The dashboard's critical severity ("critical").
    QString criticalSeverity() const;
    // During final monitoring of `state`: "SLOs steady", or which SLO breached (now or since
    // it began, in this window or as recorded in the ledger). Empty without SLO panels.
    QString finalMonitoringSloNote(const RunState& state, bool* warning) const;

    // Judges `state` (nullptr: no run open) at `nowUtc`; keeps and returns the result. Past
    // GO the SLO monitor is told to keep polling whatever its interval choice.
    const CutoverStatus& evaluate(const RunState* state, const QDateTime& nowUtc);
    // The last evaluate()'s result.
    const CutoverStatus& status() const { return m_status; }

signals:
    // An alert or a health check changed what evaluate() would say.
    void inputsChanged();

private:
    QPointer<SloMonitor> m_slo;
    QPointer<HealthMonitor> m_health;
    QMetaObject::Connection m_healthConnection;
    QList<HealthResult> m_healthResults;
    QList<HealthResult> m_failingHealth;
    QList<AlertInfo> m_criticalAlerts;
    CutoverStatus m_status;
};

} // namespace golive
