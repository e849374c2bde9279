// Shared by the tests that sign items requiring checks golive verifies (requires=health-green,
// slo-ok, previous-complete; decision/ItemCheckRules.h): snapshots of what golive could see, and
// the bundled runbook's checked pre-checks signed the way the window signs them.
#pragma once

#include "RunState.h"
#include "SubItems.h"
#include "decision/DecisionSnapshot.h"
#include "decision/ItemCheckRules.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>

namespace golive::test {

// The bundled runbook as golive shipped it before 4.3 and 4.4 named checks (requires=
// health-green, requires=previous-complete), from the runbook as shipped now: what runs made by
// earlier versions embed, and all a run read with the legacy rules (which know no checks) holds.
inline QByteArray seedBeforeChecks(QByteArray seed)
{
    seed.replace(" <!-- golive: requires=health-green -->", "");
    seed.replace(" <!-- golive: requires=previous-complete -->", "");
    return seed;
}
// Its SHA-256, as app/AppPaths.cpp knows it.
inline constexpr char kSeedBeforeChecksSha256[] =
    "64f9b3334f3f45b7880aca44514da7a3608d3c922ca0be9b5012a4b2d1ba4f2e";

// Real (not demo) data from a Prometheus, every SLO panel within its objective and every health
// check up, as golive records it with a sign-off.
inline DecisionSnapshot greenSnapshot(const QDateTime& atUtc = QDateTime(QDate(2026, 5, 1),
                                                                         QTime(5, 0), Qt::UTC))
{
    DecisionSnapshot s;
    s.takenUtc = atUtc;
    s.prometheus = QStringLiteral("http://prometheus.test:9090");
    s.dataTimeUtc = atUtc;
    s.dashboardTitle = QStringLiteral("Summit go-live");
    SnapshotPanel latency;
    latency.id = QStringLiteral("prov-ledger-p95");
    latency.title = QStringLiteral("prov-ledger p95 latency");
    latency.unit = QStringLiteral("s");
    latency.value = 0.21;
    latency.objective = 0.3;
    latency.state = QStringLiteral("ok");
    latency.valueTimeUtc = atUtc;
    SnapshotPanel errors = latency;
    errors.id = QStringLiteral("gateway-errors");
    errors.title = QStringLiteral("policy-lac error rate");
    errors.unit = QStringLiteral("%");
    errors.value = 0.1;
    errors.objective = 1;
    s.panels = {latency, errors};
    for (const char* service : {"prov-ledger", "policy-lac", "nl2cypher"}) {
        SnapshotHealth h;
        h.service = QLatin1String(service);
        h.state = QStringLiteral("up");
        h.detail = QStringLiteral("HTTP 200 OK");
        h.lastProbedUtc = atUtc;
        s.health.append(h);
    }
    return s;
}

// A sign-off of `id` that satisfies its checks where a sign-off can: a green snapshot when the
// item requires health-green or slo-ok. previous-complete is the run's to satisfy (or the
// incident commander's to override): it is left to the rules.
inline SignOffEvent checkedSignOff(const RunState& state, const QString& id, const Actor& who,
                                   const QString& text = {})
{
    SignOffEvent e;
    e.kind = EventKind::Signed;
    e.itemId = id;
    e.actor = who;
    e.text = text;
    const RunbookItem* item = state.runbook() ? state.runbook()->findItem(id) : nullptr;
    if (item && (item->requiredChecks.contains(QStringLiteral("health-green")) ||
                 item->requiredChecks.contains(QStringLiteral("slo-ok"))))
        e.snapshot = greenSnapshot().toJson();
    return e;
}

// `id` signed by `commander` (the incident commander) over its open checks, naming each as
// golive finds them with `snapshot` (the JSON the sign-off carries; none: as a sign-off without
// one finds them): the bundled runbook's 4.4 over the open items of sections 0 to 3, 4.3 over
// "no health checks recorded". How walks that leave those sections aside, or sign where no
// health checks are recorded (the command line), sign them.
inline SignOffEvent
signedOverOpenChecks(const RunState& state, const QString& id, const Actor& commander,
                     const QString& reason = QStringLiteral("confirmed on the bridge"),
                     const QString& snapshot = {})
{
    SignOffEvent e;
    e.kind = EventKind::Signed;
    e.itemId = id;
    e.actor = commander;
    e.snapshot = snapshot;
    const std::optional<DecisionSnapshot> seen =
        snapshot.isEmpty() ? std::nullopt : DecisionSnapshot::fromJson(snapshot);
    e.text = composeCheckOverride(reason, openItemChecks(state, id, seen ? &*seen : nullptr));
    return e;
}

// Every item of the sections before `itemId`'s that is not done, in the order a run signs them:
// sub-items before their parent, an item that requires a role by that role (else `who`). What
// a run has done by the time "All previous steps in this runbook are complete" is signed.
inline QList<SignOffEvent> earlierSectionsSignOffs(const RunState& state, const QString& itemId,
                                                   const Actor& who)
{
    QList<SignOffEvent> out;
    const Runbook* rb = state.runbook();
    const RunbookSection* own = rb ? rb->sectionOf(itemId) : nullptr;
    const std::function<void(const RunbookItem&)> walk = [&](const RunbookItem& item) {
        for (const RunbookItem& child : item.children)
            walk(child);
        if (state.item(item.id).isDone())
            return;
        Actor actor = who;
        if (const std::optional<Role> role = roleFromName(item.requiredRole))
            actor.role = *role;
        out.append(checkedSignOff(state, item.id, actor));
    };
    if (!rb)
        return out;
    for (const RunbookSection& section : rb->sections) {
        if (&section == own)
            break;
        for (const RunbookGroup& group : section.groups) {
            for (const RunbookItem& item : group.items)
                walk(item);
        }
    }
    return out;
}

} // namespace golive::test
