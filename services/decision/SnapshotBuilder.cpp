// Building a decision's snapshot from the panels, alerts and health lights golive holds.
#include "decision/SnapshotBuilder.h"

#include "monitor/SloMonitor.h"
#include "policy/Wording.h"

#include <QUrl>

#include <algorithm>
#include <cmath>

namespace golive {

namespace {

QString stateName(SloState state)
{
    switch (state) {
    case SloState::Ok:
        return QStringLiteral("ok");
    case SloState::AtRisk:
        return QStringLiteral("at-risk");
    case SloState::Breach:
        return QStringLiteral("breach");
    case SloState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString healthState(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Up:
        return QStringLiteral("up");
    case HealthStatus::Down:
        return QStringLiteral("down");
    case HealthStatus::NotProbed:
        return QStringLiteral("not-probed");
    case HealthStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

// An alert as the record names it: its name, with the labels that tell two instances apart
// (alertname and severity aside), sorted so the same alert always reads the same.
QString alertIdentity(const AlertInfo& alert)
{
    QStringList labels;
    for (auto it = alert.labels.cbegin(); it != alert.labels.cend(); ++it) {
        if (it.key() == QLatin1String("alertname") || it.key() == QLatin1String("severity"))
            continue;
        labels.append(QStringLiteral("%1=\"%2\"").arg(it.key(), it.value()));
    }
    labels.sort();
    return labels.isEmpty()
               ? alert.name
               : alert.name + QLatin1Char('{') + labels.join(QLatin1Char(',')) + QLatin1Char('}');
}

SnapshotPanel panelOf(const PanelDefinition& def, const PanelUpdate* update,
                      const SnapshotInputs& in)
{
    SnapshotPanel p;
    p.id = def.id;
    p.title = def.title;
    p.unit = def.unit;
    p.objective = def.slo.objective;
    p.goodBelow = def.slo.good == SloSpec::Good::Below;
    p.state = QStringLiteral("unknown");
    p.demo = in.demo;
    if (!update) {
        p.note = QStringLiteral("no data yet: not fetched since the run was opened");
        return p;
    }
    p.demo = in.demo || update->demo;
    p.valueTimeUtc = update->fetchedAtUtc.toUTC();
    if (!update->ok) {
        p.note = update->error.isEmpty() ? QStringLiteral("the query failed") : update->error;
        return p;
    }
    p.state = stateName(update->state);
    if (!std::isnan(update->currentValue))
        p.value = update->currentValue;
    else
        p.note = QStringLiteral("no data");
    if (update->fetchedAtUtc.isValid() && in.nowUtc.isValid() &&
        update->fetchedAtUtc.msecsTo(in.nowUtc) > in.staleAfterMs) {
        const QString stale = QStringLiteral("stale: fetched %1 before")
                                  .arg(describeSeconds(update->fetchedAtUtc.secsTo(in.nowUtc)));
        p.note = p.note.isEmpty() ? stale : p.note + QStringLiteral("; ") + stale;
    }
    return p;
}

} // namespace

QString addressWithoutCredentials(const QString& url)
{
    if (url.isEmpty())
        return {};
    QUrl u(url);
    if (!u.isValid())
        return QStringLiteral("(an address that is not a URL)");
    return u.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

DecisionSnapshot buildSnapshot(const SnapshotInputs& in)
{
    DecisionSnapshot s;
    s.takenUtc = in.nowUtc.toUTC();
    s.demo = in.demo;
    s.prometheus = in.demo ? QString() : addressWithoutCredentials(in.prometheus);
    s.dataTimeUtc = in.dataTimeUtc.toUTC();
    s.dashboardSha256 = in.dashboardSha256;
    s.sloUnavailable = in.sloUnavailable;
    if (!in.dashboard) {
        if (s.sloUnavailable.isEmpty())
            s.sloUnavailable = QStringLiteral("the run has no SLO dashboard");
        s.healthUnavailable = QStringLiteral("the run has no health checks");
        s.alertsUnavailable = QStringLiteral("the run has no SLO dashboard");
        return s;
    }
    const Dashboard& d = *in.dashboard;
    s.dashboardTitle = d.title;
    s.criticalSeverity = d.criticalSeverity;
    if (s.sloUnavailable.isEmpty()) {
        if (d.panels.isEmpty())
            s.sloUnavailable = QStringLiteral("the dashboard has no panels");
        for (const PanelDefinition& def : d.panels) {
            const auto it = in.panels.constFind(def.id);
            s.panels.append(panelOf(def, it == in.panels.cend() ? nullptr : &*it, in));
        }
    }
    if (!in.alertsAnswered)
        s.alertsUnavailable =
            in.alertsError.isEmpty() ? QStringLiteral("not read yet") : in.alertsError;
    else if (!in.alertsError.isEmpty())
        s.alertsUnavailable = in.alertsError;
    else
        for (const AlertInfo& a : in.alerts) {
            if (a.state.compare(QLatin1String("firing"), Qt::CaseInsensitive) != 0)
                continue;
            SnapshotAlert alert;
            alert.name = alertIdentity(a);
            alert.severity = a.severity;
            alert.sinceUtc = a.activeAtUtc.toUTC();
            alert.summary = a.summary;
            s.alerts.append(alert);
        }
    if (d.healthChecks.isEmpty())
        s.healthUnavailable = QStringLiteral("the dashboard defines no health checks");
    else if (!in.healthWatched)
        s.healthUnavailable = in.healthUnavailable.isEmpty()
                                  ? QStringLiteral("the health checks were not probed")
                                  : in.healthUnavailable;
    else
        for (const HealthCheckDefinition& def : d.healthChecks) {
            const auto it =
                std::find_if(in.health.cbegin(), in.health.cend(),
                             [&](const HealthResult& r) { return r.service == def.service; });
            SnapshotHealth h;
            h.service = def.service;
            h.critical = def.critical;
            if (it == in.health.cend()) {
                // Defined but never reported: recorded as unknown, never left out.
                h.state = def.kind == HealthCheckDefinition::Kind::Manual
                              ? QStringLiteral("not-probed")
                              : QStringLiteral("unknown");
                h.detail = QStringLiteral("never probed");
                h.demo = in.demo;
            } else {
                h.state = healthState(it->status);
                h.detail = it->detail;
                h.lastProbedUtc = it->checkedAtUtc.toUTC();
                h.demo = in.demo || it->demo;
                if (!h.lastProbedUtc.isValid() && h.state == QLatin1String("unknown") &&
                    h.detail.isEmpty())
                    h.detail = QStringLiteral("never probed");
            }
            s.health.append(h);
        }
    return s;
}

SnapshotInputs windowSnapshotInputs(const SloMonitor& monitor, const HealthMonitor* health,
                                    const QString& prometheus, const QString& dashboardSha256,
                                    const QDateTime& nowUtc)
{
    SnapshotInputs in;
    const Dashboard& d = monitor.dashboard();
    const bool hasDashboard = !d.panels.isEmpty() || !d.healthChecks.isEmpty();
    in.dashboard = hasDashboard ? &d : nullptr;
    in.dashboardSha256 = dashboardSha256;
    in.nowUtc = nowUtc;
    const SloSource* source = monitor.source();
    in.demo = source && source->isDemo();
    in.prometheus = in.demo ? QString() : prometheus;
    if (!source)
        in.sloUnavailable = QStringLiteral("no SLO source is connected");
    QDateTime newest;
    for (const PanelDefinition& def : d.panels)
        if (monitor.hasUpdate(def.id)) {
            const PanelUpdate u = monitor.latestUpdate(def.id);
            in.panels.insert(def.id, u);
            if (u.fetchedAtUtc.isValid() && (!newest.isValid() || u.fetchedAtUtc > newest))
                newest = u.fetchedAtUtc;
        }
    in.dataTimeUtc = newest;
    in.alertsAnswered = source && monitor.alertsAnswered();
    in.alertsError = monitor.alertsError();
    in.alerts = monitor.alerts();
    if (health && !health->results().isEmpty()) {
        in.healthWatched = true;
        in.health = health->results();
    } else {
        in.healthUnavailable = QStringLiteral("the health checks are not watched in this window");
    }
    return in;
}

} // namespace golive
