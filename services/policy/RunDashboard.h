// Which dashboard a run shows and which one a new run gets, as the window and the command line
// both decide it: the run's own, the Summit dashboard for a Summit run made before runs had
// their own, else none.
#pragma once

#include "Dashboard.h"
#include "RunFile.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive {

class Runbook;

// The dashboard the program carries for its bundled runbook (app/AppPaths: the Summit one).
// Empty in a build without them: then no run is given it.
struct BundledDashboard
{
    QString runbookSha256; // hex SHA-256 of the bundled runbook's bytes
    // Hex SHA-256 of the bundled runbook as earlier versions of golive shipped it: a run made
    // from one of them is a run of the bundled runbook too.
    QStringList earlierRunbookSha256;
    RunDashboardVersion dashboard;

    bool isEmpty() const { return runbookSha256.isEmpty() || dashboard.bytes.isEmpty(); }
    // `sha256` is the bundled runbook's, as shipped now or before.
    bool isBundledRunbook(const QString& sha256) const
    {
        return !isEmpty() && !sha256.isEmpty() &&
               (sha256 == runbookSha256 || earlierRunbookSha256.contains(sha256));
    }
};

// The front matter key naming a runbook's dashboard, a path relative to the runbook's folder.
inline const QLatin1String kDashboardFrontMatterKey("golive-dashboard");

// The dashboard a run shows: its own (embedded at creation or set since), else, when its
// runbook is byte for byte the bundled one (as shipped now or before), the bundled dashboard (a
// run made before runs kept their dashboard); else none.
std::optional<RunDashboardVersion> dashboardOfRun(const std::optional<RunDashboardVersion>& own,
                                                  const QString& runbookSha256,
                                                  const BundledDashboard& bundled);

// Reads a dashboard file for a run (exact bytes, named by the file's name) and checks that it
// is a valid dashboard; nullopt with the reason, naming the file, otherwise.
std::optional<RunDashboardVersion> readDashboardFile(const QString& path, QString* error);

// The dashboard a new run gets: `given` (a path, e.g. `golive new --dashboard`), else the
// runbook's front matter `golive-dashboard:` (relative to `runbookPath`'s folder), else the
// bundled dashboard when the runbook is the bundled one (as shipped now or before), else none.
// *error (and nullopt) when the file named cannot be read or is not a valid dashboard: then no
// run is to be made.
std::optional<RunDashboardVersion>
dashboardForNewRun(const QString& given, const Runbook& runbook, const QString& runbookPath,
                   const QString& runbookSha256, const BundledDashboard& bundled, QString* error);

// The parsed form of a run's dashboard; nullopt with the reason when it does not read in this
// golive (a newer golive's dashboard).
std::optional<Dashboard> parseRunDashboard(const RunDashboardVersion& version, QString* error);

} // namespace golive
