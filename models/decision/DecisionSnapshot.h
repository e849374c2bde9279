// What golive could see when a decision was taken: every SLO panel's value, objective and state,
// the firing alerts, every health check's state, and where and when the data came from. It is
// recorded in the decision's own event (SignOffEvent::snapshot), so the hash chain and the
// event's signature cover it, and a postmortem reads it from the run, not from Prometheus.
//
// Missing or stale data is recorded as such (a panel with no value says why; SLO data that could
// not be fetched says "SLO data unavailable: <reason>"); nothing is silently left out. Demo data
// is marked DEMO at the top and on every panel and check, and never counts as real.
#pragma once

#include "Runbook.h"
#include "SignOffEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive {

struct SnapshotPanel
{
    QString id;                  // the dashboard's panel id
    QString title;               // "prov-ledger p95 latency"
    QString unit;                // "s", "ms", "%", ...
    std::optional<double> value; // the judged value; nullopt when there was none
    double objective = 0;
    bool goodBelow = true;  // latency and error rate: below the objective is good
    QString state;          // "ok", "at-risk", "breach", "unknown"
    QDateTime valueTimeUtc; // when the value was fetched; null without one
    QString note;           // why there is no value, or why it is stale ("no data", an error)
    bool demo = false;
};

struct SnapshotAlert
{
    QString name;     // alertname, with its identifying labels ("X{instance=\"a\"}")
    QString severity; // "critical", "warning", ...
    QDateTime sinceUtc;
    QString summary;
};

struct SnapshotHealth
{
    QString service; // the light's label
    QString state;   // "up", "down", "unknown" (never probed yet), "not-probed" (manual)
    bool critical = true;
    QString detail;          // "HTTP 503 Service Unavailable", "connection refused", ...
    QDateTime lastProbedUtc; // null when never probed
    bool demo = false;
};

// A check the runbook asks golive to verify (ItemCheck), as it stood when the snapshot was
// taken: what a GO records of the pre-checks it went over.
struct SnapshotCheck
{
    QString itemId; // the item that carries it ("4.3")
    QString check;  // itemCheckName(): "health-green"
    bool met = false;
    QString detail; // what was not met: "prov-ledger down", "open: 0.1, 0.2 (and 26 more)"

    // The item was signed over this check (a GO records it: itemChecksAt()); the detail then
    // starts with signedOverWords().
    bool signedOver() const { return detail.startsWith(signedOverWords()); }
    static QString signedOverWords() { return QStringLiteral("signed over open checks"); }
};

struct DecisionSnapshot
{
    // At most this many alerts are kept (critical ones first, then by name); the rest are
    // counted in alertsLeftOut. The whole JSON is kept under kMaxBytes (long texts are cut
    // with "…" first, then alerts left out).
    static constexpr int kMaxAlerts = 50;
    static constexpr int kMaxBytes = 64 * 1024;

    QDateTime takenUtc;    // when golive took it
    bool demo = false;     // the SLO data and health lights were demo data
    QString prometheus;    // the Prometheus address, without credentials; "" for demo/none
    QDateTime dataTimeUtc; // the time the SLO data is of (the end of the range asked)
    QString dashboardTitle;
    QString dashboardSha256; // of the dashboard JSON the panels were judged by; may be ""
    QString criticalSeverity = QStringLiteral("critical"); // the dashboard's P0 alert severity
    QString sloUnavailable; // why there is no SLO data at all; "" when it was fetched
    QList<SnapshotPanel> panels;
    QString alertsUnavailable; // why the alerts could not be read; "" when they were
    QList<SnapshotAlert> alerts;
    int alertsLeftOut = 0;     // firing alerts not kept (over kMaxAlerts or kMaxBytes)
    QString healthUnavailable; // why no health check was probed (none defined, ...); "" if any
    QList<SnapshotHealth> health;
    // Panels and checks not kept when even without alerts the JSON would exceed kMaxBytes (a
    // dashboard of hundreds of panels): counted, never silently dropped.
    int panelsLeftOut = 0;
    int healthLeftOut = 0;
    // The runbook's checks (requires=...) of the items the decision concerns, as they stood:
    // for a GO, every pre-check's; a check not met is one the decision went over.
    QList<SnapshotCheck> checks;

    // Compact JSON with sorted keys (QJsonDocument::Compact), capped to kMaxBytes as above.
    // Times as "yyyy-MM-ddTHH:mm:ss.zzzZ"; a missing value is absent, never 0.
    QString toJson() const;
    // Reads what toJson() wrote. nullopt with *error on anything else (not JSON, not an object,
    // a field of the wrong type, more than kMaxBytes).
    static std::optional<DecisionSnapshot> fromJson(const QString& json, QString* error = nullptr);

    // Titles of panels in breach, in dashboard order (demo ones too; the words say DEMO).
    QStringList breachedPanels() const;
    // Services of critical checks that are down or unknown (never probed counts as unknown).
    QStringList criticalChecksNotUp() const;
    // Real (not demo) data showed a panel in breach or a critical alert firing: the decision was
    // taken over a breach (the wall screen marks it).
    bool takenOverBreach() const;
    // "4.3 health-green (prov-ledger down)", one per check not met.
    QStringList checksNotMet() const;
    // One line for the timeline and the terminal: "SLO: 2 ok, 1 breach (prov-ledger p95
    // latency 452 ms > 300 ms); alerts: 1 firing; health: 3 up, prov-ledger down" or
    // "SLO data unavailable: connection refused; ..."; starts with "DEMO data: " for demo.
    QString summary() const;
};

// Runbook annotations a runbook author writes on an item ("<!-- golive: requires=health-green
// -->"): checks golive verifies itself before the item may be signed.
enum class ItemCheck
{
    PreviousComplete, // "previous-complete": every item of the earlier sections is done
    HealthGreen,      // "health-green": no critical health check is down or unknown
    SloOk,            // "slo-ok": no SLO panel is in breach
};
QString itemCheckName(ItemCheck check); // "previous-complete", "health-green", "slo-ok"
std::optional<ItemCheck> itemCheckFromName(const QString& name);
QStringList itemCheckNames();

// Whether an event records a snapshot of what golive could see: the gate opened, GO and NO-GO,
// a step failed, the rollback started, Live, something bad observed (an abort trigger: an alert
// firing, an SLO breach, a check down), and a sign-off (or N/A) of an item that carries an
// ItemCheck (RunbookItem::requiredChecks).
bool eventTakesSnapshot(const SignOffEvent& event, const Runbook& runbook);

} // namespace golive
