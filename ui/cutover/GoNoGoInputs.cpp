// The Go/No-Go's inputs (see GoNoGoInputs.h): words only, every rule stays in RunState.
#include "GoNoGoInputs.h"

#include "CutoverMonitor.h"
#include "RunSession.h"
#include "decision/DecisionSnapshot.h"

#include <QCoreApplication>

namespace golive {
namespace {

QList<GoNoGoDialog::PreCheck> preCheckRows(const RunSession& session)
{
    const RunState& state = session.state();
    const CutoverPlan& plan = state.plan();
    QList<GoNoGoDialog::PreCheck> rows;
    for (const QString& id : plan.preCheckIds) {
        GoNoGoDialog::PreCheck row;
        row.id = id;
        const RunbookItem* item = session.runbook().findItem(id);
        row.title = item ? renderPlain(item->title, session.runbook(),
                                       [&state](const QString& k) { return state.fieldValue(k); })
                         : id;
        const ItemState s = state.item(id);
        row.isGoDecision = id == plan.goDecisionItemId;
        row.open = !state.cutover().isDone(id);
        if (row.isGoDecision && row.open) {
            row.status = QCoreApplication::translate("GoNoGoDialog", "signed when GO is recorded");
        } else if (s.by.isEmpty()) {
            row.status = itemStatusDisplayName(s.status);
        } else {
            row.status = QCoreApplication::translate("GoNoGoDialog", "%1 by %2 at %3 UTC")
                             .arg(itemStatusDisplayName(s.status), s.by,
                                  s.at.toUTC().toString(QStringLiteral("HH:mm")));
        }
        rows << row;
    }
    return rows;
}

QList<GoNoGoDialog::Signal> healthSignals(const QList<HealthResult>& results)
{
    using Light = GoNoGoDialog::Light;
    QList<GoNoGoDialog::Signal> out;
    for (const HealthResult& h : results) {
        GoNoGoDialog::Signal s;
        s.name = h.service;
        s.detail = h.detail;
        switch (h.status) {
        case HealthStatus::Up:
            s.state = QCoreApplication::translate("GoNoGoDialog", "UP");
            s.light = Light::Good;
            break;
        case HealthStatus::Down:
            s.state = h.critical ? QCoreApplication::translate("GoNoGoDialog", "DOWN (critical)")
                                 : QCoreApplication::translate("GoNoGoDialog", "DOWN");
            s.light = h.critical ? Light::Bad : Light::Warning;
            break;
        case HealthStatus::Unknown:
        case HealthStatus::NotProbed:
            s.state = healthStatusName(h.status);
            s.light = Light::Unknown;
            break;
        }
        if (h.demo && !s.detail.contains(QStringLiteral("DEMO"))) {
            s.detail += s.detail.isEmpty() ? QCoreApplication::translate("GoNoGoDialog", "DEMO")
                                           : QCoreApplication::translate("GoNoGoDialog", " (DEMO)");
        }
        out << s;
    }
    return out;
}

QList<GoNoGoDialog::Signal> sloSignals(const QList<CutoverMonitor::PanelNow>& panels)
{
    using Light = GoNoGoDialog::Light;
    QList<GoNoGoDialog::Signal> out;
    for (const CutoverMonitor::PanelNow& p : panels) {
        GoNoGoDialog::Signal s;
        s.name = p.title;
        switch (p.state) {
        case SloState::Ok:
            s.state = QCoreApplication::translate("GoNoGoDialog", "OK");
            s.light = Light::Good;
            break;
        case SloState::AtRisk:
            s.state = QCoreApplication::translate("GoNoGoDialog", "AT RISK");
            s.light = Light::Warning;
            break;
        case SloState::Breach:
            s.state = QCoreApplication::translate("GoNoGoDialog", "BREACH");
            s.light = Light::Bad;
            break;
        case SloState::Unknown:
            s.state = QCoreApplication::translate("GoNoGoDialog", "no data yet");
            s.light = Light::Unknown;
            break;
        }
        out << s;
    }
    return out;
}

} // namespace

void goNoGoTiming(const RunSession& session, QString* timing, QString* early)
{
    const QDateTime now = session.now();
    QString why;
    const QDateTime start = session.state().windowStartUtc(&why);
    *timing =
        start.isValid()
            ? QCoreApplication::translate("GoNoGoDialog", "%1 \u00b7 planned start %2 UTC")
                  .arg(tMinusText(start.secsTo(now)), start.toString(QStringLiteral("HH:mm")))
            : QCoreApplication::translate("GoNoGoDialog", "Planned start not known: %1").arg(why);
    *early = earlyGoText(start, now);
}

QList<GoNoGoDialog::Signal> goNoGoChecks(const RunSession& session)
{
    using Light = GoNoGoDialog::Light;
    // What a GO would record now: the session takes the snapshot and judges the checks.
    SignOffEvent go;
    go.kind = EventKind::Decision;
    go.fieldKey = kDecisionGo;
    go = session.withSnapshot(go);
    const std::optional<DecisionSnapshot> seen = DecisionSnapshot::fromJson(go.snapshot);
    QList<GoNoGoDialog::Signal> out;
    if (!seen)
        return out;
    for (const SnapshotCheck& c : seen->checks) {
        GoNoGoDialog::Signal s;
        s.name = c.itemId + QLatin1Char(' ') + c.check;
        s.detail = c.detail;
        if (c.signedOver()) {
            s.state = c.met ? QCoreApplication::translate("GoNoGoDialog", "signed over, holds now")
                            : QCoreApplication::translate("GoNoGoDialog", "SIGNED OVER");
            s.light = Light::Warning;
        } else {
            s.state = c.met ? QCoreApplication::translate("GoNoGoDialog", "holds")
                            : QCoreApplication::translate("GoNoGoDialog", "OPEN");
            s.light = c.met ? Light::Good : Light::Bad;
        }
        out << s;
    }
    return out;
}

GoNoGoDialog::Inputs goNoGoInputs(const RunSession& session, const CutoverMonitor& monitor,
                                  const Actor& me)
{
    const RunState& state = session.state();
    const QDateTime now = session.now();
    GoNoGoDialog::Inputs in;
    in.who = me.name + QStringLiteral(" \u00b7 ") + roleDisplayName(me.role);
    goNoGoTiming(session, &in.timing, &in.early);
    in.gateOpen = state.cutover().phase() != Phase::Preparing;
    in.preChecks = preCheckRows(session);
    in.checks = goNoGoChecks(session);

    in.health = healthSignals(monitor.healthResults());
    in.healthNote =
        in.health.isEmpty()
            ? QCoreApplication::translate("GoNoGoDialog", "no health checks in the dashboard")
            : QString();
    in.slos = sloSignals(monitor.panelStates());
    QString alertsError;
    bool demo = false;
    const QList<AlertInfo> firing = monitor.firingAlerts(&alertsError, &demo);
    in.sloNote = in.slos.isEmpty() ? QCoreApplication::translate("GoNoGoDialog", "no SLO dashboard")
                 : demo ? QCoreApplication::translate("GoNoGoDialog", "DEMO data, not Prometheus")
                        : QString();
    const QString critical = monitor.criticalSeverity();
    for (const AlertInfo& a : firing) {
        GoNoGoDialog::Signal s;
        s.name = a.name;
        s.state = a.severity.isEmpty() ? QCoreApplication::translate("GoNoGoDialog", "firing")
                                       : a.severity;
        s.detail = a.summary;
        s.light =
            isCriticalFiring(a, critical) ? GoNoGoDialog::Light::Bad : GoNoGoDialog::Light::Warning;
        in.alerts << s;
    }
    if (!alertsError.isEmpty()) {
        in.alertsNote =
            QCoreApplication::translate("GoNoGoDialog", "unknown, the last answer failed: %1")
                .arg(alertsError);
    } else if (in.alerts.isEmpty()) {
        in.alertsNote = QCoreApplication::translate("GoNoGoDialog", "none firing");
    } else if (demo) {
        in.alertsNote = QCoreApplication::translate("GoNoGoDialog", "DEMO data");
    }
    const QStringList causes = monitor.abortCauses();
    if (!causes.isEmpty()) {
        in.abortHint = QCoreApplication::translate(
                           "GoNoGoDialog", "Abort trigger present now (a reason for NO-GO): %1")
                           .arg(causes.join(QStringLiteral("; ")));
    }
    return in;
}

} // namespace golive
