// The cutover status from alerts, health and breach history: the rules of the abort band and
// of the rollback proposal, kept apart from the widgets that show them.
#include "CutoverMonitor.h"

#include "RunState.h"
#include "SloMonitor.h"

#include <algorithm>

namespace golive {

CutoverMonitor::CutoverMonitor(SloMonitor* slo, QObject* parent) : QObject(parent), m_slo(slo)
{
    // A critical alert firing is an abort trigger.
    connect(slo, &SloMonitor::criticalAlertsChanged, this, [this](const QList<AlertInfo>& firing) {
        m_criticalAlerts = firing;
        emit inputsChanged();
    });
}

void CutoverMonitor::setHealthMonitor(HealthMonitor* health)
{
    disconnect(m_healthConnection);
    m_health = health;
    if (!health) {
        return;
    }
    m_healthConnection = connect(health, &HealthMonitor::resultsChanged, this,
                                 [this](const QList<HealthResult>& results) {
                                     m_healthResults = results;
                                     m_failingHealth = m_health->failingCritical();
                                     emit inputsChanged();
                                 });
}

QStringList CutoverMonitor::abortCauses() const
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

QStringList CutoverMonitor::abortCauseKeys() const
{
    QStringList keys;
    for (const AlertInfo& a : m_criticalAlerts) {
        QStringList labels;
        for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
            labels << it.key() + QLatin1Char('=') + it.value();
        labels.sort();
        keys << QStringLiteral("alert:") + a.name + QLatin1Char('{') +
                    labels.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    for (const HealthResult& h : m_failingHealth)
        keys << QStringLiteral("health:") + h.service;
    return keys;
}

QList<CutoverMonitor::PanelNow> CutoverMonitor::panelStates() const
{
    QList<PanelNow> out;
    if (const SloMonitor* const slo = m_slo.data()) {
        for (const PanelDefinition& p : slo->dashboard().panels) {
            out.append({p.title, slo->panelState(p.id)});
        }
    }
    return out;
}

QList<AlertInfo> CutoverMonitor::firingAlerts(QString* error, bool* demo) const
{
    const SloMonitor* const slo = m_slo.data();
    *error = slo ? slo->alertsError() : QString();
    const SloSource* const source = slo ? slo->source() : nullptr;
    *demo = source != nullptr && source->isDemo();
    QList<AlertInfo> firing;
    if (!slo) {
        return firing;
    }
    for (const AlertInfo& a : slo->alerts()) {
        if (a.state.compare(QLatin1String("firing"), Qt::CaseInsensitive) == 0) {
            firing.append(a);
        }
    }
    const QString critical = criticalSeverity();
    std::stable_sort(firing.begin(), firing.end(), [&](const AlertInfo& a, const AlertInfo& b) {
        const bool ca = isCriticalFiring(a, critical);
        const bool cb = isCriticalFiring(b, critical);
        return ca != cb ? ca : a.activeAtUtc < b.activeAtUtc;
    });
    return firing;
}

QString CutoverMonitor::criticalSeverity() const
{
    const SloMonitor* const slo = m_slo.data();
    return slo ? slo->dashboard().criticalSeverity : QStringLiteral("critical");
}

QString CutoverMonitor::finalMonitoringSloNote(const RunState& state, bool* warning) const
{
    *warning = false;
    const QDateTime start = state.cutover().finalMonitoringStartUtc();
    const SloMonitor* const slo = m_slo.data();
    if (!start.isValid() || !slo || slo->dashboard().panels.isEmpty()) {
        return {};
    }
    QStringList now;
    QStringList seen;
    // A breach recorded in the ledger counts too: this window may have opened the run after it.
    const auto recorded = [&state, &start](const QString& title) {
        for (const SignOffEvent& e : state.events()) {
            if (e.kind == EventKind::Observed && e.fieldKey == QLatin1String("slo-breach") &&
                e.timeUtc >= start && e.text.startsWith(title)) {
                return true;
            }
        }
        return false;
    };
    const QHash<QString, QDateTime> breachSeen = slo->breachSeen();
    for (const PanelDefinition& p : slo->dashboard().panels) {
        if (slo->panelState(p.id) == SloState::Breach) {
            now << p.title;
        } else if (breachSeen.value(p.id) >= start || recorded(p.title)) {
            seen << p.title;
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

const CutoverStatus& CutoverMonitor::evaluate(const RunState* state, const QDateTime& nowUtc)
{
    CutoverStatus s;
    s.planned = state && state->plan().isValid();
    s.abortCauses = abortCauses();
    s.abortCauseKeys = abortCauseKeys();
    {
        const SloMonitor* const slo = m_slo.data();
        const bool hasAlerts = slo != nullptr && slo->source() != nullptr;
        const bool hasHealth = !m_healthResults.isEmpty();
        const bool healthIn = std::all_of(
            m_healthResults.cbegin(), m_healthResults.cend(), [](const HealthResult& h) {
                return h.checkedAtUtc.isValid() || h.status == HealthStatus::NotProbed;
            });
        s.causesObserved =
            (hasAlerts || hasHealth) && (!hasAlerts || slo->alertsAnswered()) && healthIn;
    }
    if (s.planned) {
        const CutoverState& cut = state->cutover();
        s.phase = cut.phase();
        s.running = s.phase == Phase::Cutover || s.phase == Phase::FinalMonitoring ||
                    s.phase == Phase::Live;
        s.abortRaised = !s.abortCauses.isEmpty() && (s.running || s.phase == Phase::GoNoGo);
        if (cut.rollbackDeadlineExpired(nowUtc)) {
            const StepFailure* first = &cut.openFailures().constFirst();
            for (const StepFailure& f : cut.openFailures()) {
                if (f.deadlineUtc < first->deadlineUtc) {
                    first = &f;
                }
            }
            s.rollbackProposedFor = *first;
        }
        s.sloNote = finalMonitoringSloNote(*state, &s.sloWarning);
    }
    if (SloMonitor* const slo = m_slo.data()) {
        // Past GO the SLOs are watched whatever the dock's refresh says: during the cutover,
        // final monitoring and Live, and through a rollback and after it.
        const bool pastGo = s.planned && s.phase != Phase::Preparing && s.phase != Phase::GoNoGo;
        slo->setKeepPolling(pastGo);
    }
    m_status = s;
    return m_status;
}

} // namespace golive
