// Where golive keeps its files: the default run in the app data folder, the bundled runbook.
#pragma once

#include "RunDashboard.h"
#include "RunFile.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace golive {

// <AppDataLocation>/summit-go-live.golive (e.g. ~/.local/share/golive/golive/...).
QString defaultRunPath();
// The runbook compiled into the program (":/runbooks/summit-go-live-runbook.md"); empty if
// this build lacks it.
QByteArray bundledRunbookText();
QString bundledRunbookName(); // "summit-go-live-runbook.md"
// The bundled runbook's SHA-256 and its dashboard (":/dashboards/summit.json"): what a run made
// from the bundled runbook gets, and what such a run made before runs kept their own shows.
BundledDashboard bundledDashboard();
// The dashboard `run` shows: dashboardOfRun() with the bundled one.
std::optional<RunDashboardVersion> dashboardOfRun(const RunLedger& run);
// Makes the default run from the bundled runbook when it does not exist yet (its folder too);
// true when it exists now. *made (optional) takes the run just made, open read-write; without
// it the run is closed again. *created (optional) says whether it was just made.
bool makeDefaultRunIfMissing(QString* error, std::unique_ptr<RunLedger>* made = nullptr,
                             bool* created = nullptr);
// Opens the default run, first creating its folder and the run itself from the bundled
// runbook when it does not exist yet. *created (optional) says whether it was just made.
std::unique_ptr<RunLedger> openOrCreateDefaultRun(RunLedger::Access access, QString* error,
                                                  QString* warning, bool* created = nullptr);

} // namespace golive
