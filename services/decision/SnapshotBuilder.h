// Turns what golive sees (the panels' latest updates, the alerts, the health lights) into the
// snapshot a decision records (decision/DecisionSnapshot.h). The window and the command line
// build it the same way, so the record reads alike whichever recorded it.
#pragma once

#include "Dashboard.h"
#include "HealthMonitor.h"
#include "SloSource.h"
#include "decision/DecisionSnapshot.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace golive {

class SloMonitor;

struct SnapshotInputs
{
    const Dashboard* dashboard = nullptr; // nullptr: no dashboard (no SLO data, no checks)
    QString dashboardSha256;
    bool demo = false;
    QString prometheus;                 // the address; user and password are stripped when recorded
    QDateTime dataTimeUtc;              // the end of the range the panels were asked for
    QString sloUnavailable;             // why there is no SLO data at all ("" when it was asked)
    QHash<QString, PanelUpdate> panels; // panel id -> its newest update; missing: none yet
    bool alertsAnswered = false;
    QString alertsError;        // the alerts could not be read: why
    QList<AlertInfo> alerts;    // every alert of the answer; only firing ones are recorded
    bool healthWatched = false; // the health checks were probed (by the window or the CLI)
    QString healthUnavailable;  // why not, when not
    QList<HealthResult> health;
    QDateTime nowUtc;
    // A panel whose newest value is older than this is recorded as stale (in its note).
    qint64 staleAfterMs = 5 * 60 * 1000;
};

DecisionSnapshot buildSnapshot(const SnapshotInputs& in);

// An address as a record may show it: scheme, host, port and path; never a user or password.
QString addressWithoutCredentials(const QString& url);

// What the window sees now: the monitor's latest panels and alerts, and the health lights
// (`health` may be nullptr when no check is watched).
// `prometheus` is the address the source asks (empty for demo data or no source).
SnapshotInputs windowSnapshotInputs(const SloMonitor& monitor, const HealthMonitor* health,
                                    const QString& prometheus, const QString& dashboardSha256,
                                    const QDateTime& nowUtc);

} // namespace golive
