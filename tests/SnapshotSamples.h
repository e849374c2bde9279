// Snapshots of what golive could see at a decision, for the tests of the views that show them:
// one taken over a breach (a panel in breach, one with no data, a critical alert, a check down),
// with a panel whose title is markup and a table cell's end, which every view must show as text.
#pragma once

#include "decision/DecisionSnapshot.h"

#include <QDateTime>
#include <QString>

namespace golive::test {

// A panel title that is HTML and ends a Markdown cell: data, never markup.
inline const QString kHostilePanelTitle = QStringLiteral("| <b>x</b>");

// At `takenUtc`: prov-ledger p95 latency 452 ms against < 300 ms (BREACH), the hostile panel
// with no data (unknown), error rate 0.2 % against < 1 % (ok); ProvLedgerLatencyHigh
// (critical) and DiskSlow (warning) firing; gateway up, prov-ledger down (HTTP 503), postgres
// not probed. Real data from http://127.0.0.1:9090.
inline DecisionSnapshot breachSnapshot(const QDateTime& takenUtc)
{
    DecisionSnapshot s;
    s.takenUtc = takenUtc;
    s.dataTimeUtc = takenUtc.addSecs(-3);
    s.prometheus = QStringLiteral("http://127.0.0.1:9090");
    s.dashboardTitle = QStringLiteral("Summit");
    SnapshotPanel latency;
    latency.id = QStringLiteral("prov-ledger-p95");
    latency.title = QStringLiteral("prov-ledger p95 latency");
    latency.unit = QStringLiteral("s");
    latency.value = 0.452;
    latency.objective = 0.3;
    latency.state = QStringLiteral("breach");
    latency.valueTimeUtc = s.dataTimeUtc;
    SnapshotPanel hostile;
    hostile.id = QStringLiteral("hostile");
    hostile.title = kHostilePanelTitle;
    hostile.unit = QStringLiteral("ms");
    hostile.objective = 100;
    hostile.state = QStringLiteral("unknown");
    hostile.note = QStringLiteral("no data");
    SnapshotPanel errors;
    errors.id = QStringLiteral("errors");
    errors.title = QStringLiteral("error rate");
    errors.unit = QStringLiteral("ratio");
    errors.value = 0.002;
    errors.objective = 0.01;
    errors.state = QStringLiteral("ok");
    errors.valueTimeUtc = s.dataTimeUtc;
    s.panels = {latency, hostile, errors};
    SnapshotAlert critical;
    critical.name = QStringLiteral("ProvLedgerLatencyHigh");
    critical.severity = QStringLiteral("critical");
    critical.sinceUtc = takenUtc.addSecs(-120);
    SnapshotAlert warning;
    warning.name = QStringLiteral("DiskSlow");
    warning.severity = QStringLiteral("warning");
    s.alerts = {critical, warning};
    SnapshotHealth gateway;
    gateway.service = QStringLiteral("gateway");
    gateway.state = QStringLiteral("up");
    gateway.lastProbedUtc = takenUtc.addSecs(-5);
    SnapshotHealth ledger;
    ledger.service = QStringLiteral("prov-ledger");
    ledger.state = QStringLiteral("down");
    ledger.detail = QStringLiteral("HTTP 503");
    ledger.lastProbedUtc = takenUtc.addSecs(-5);
    SnapshotHealth postgres;
    postgres.service = QStringLiteral("postgres");
    postgres.state = QStringLiteral("not-probed");
    postgres.critical = false;
    s.health = {gateway, ledger, postgres};
    return s;
}

// The same moment with every panel ok, no alert firing and every check up.
inline DecisionSnapshot calmSnapshot(const QDateTime& takenUtc)
{
    DecisionSnapshot s = breachSnapshot(takenUtc);
    s.panels[0].value = 0.21;
    s.panels[0].state = QStringLiteral("ok");
    s.alerts.clear();
    s.health[1].state = QStringLiteral("up");
    s.health[1].detail.clear();
    return s;
}

} // namespace golive::test
