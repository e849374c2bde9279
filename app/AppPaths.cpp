// Where golive keeps its files: the default run in the app data folder, the bundled runbook.
#include "AppPaths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

// Q_INIT_RESOURCE declares the initialiser where it is used, so it must run outside any
// namespace. Calling it makes a missing resource object a link error instead of an empty
// runbook at run time (the resources live in a static library).
static void initBundledResources()
{
    Q_INIT_RESOURCE(golive_resources);
}

namespace golive {

namespace {
const QLatin1String kBundledRunbook(":/runbooks/summit-go-live-runbook.md");
const QLatin1String kBundledDashboardFile(":/dashboards/summit.json");
// The bundled runbook as earlier versions of golive shipped it (hex SHA-256 of its bytes), so a
// Summit run made from one before runs kept their dashboard still shows the Summit dashboard.
// When resources/runbooks/summit-go-live-runbook.md changes, its old SHA-256 goes here.
const char* const kEarlierBundledRunbooks[] = {
    // before 4.3 and 4.4 named the checks golive verifies (requires=health-green, ...)
    "64f9b3334f3f45b7880aca44514da7a3608d3c922ca0be9b5012a4b2d1ba4f2e",
};
} // namespace

QString defaultRunPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/summit-go-live.golive");
}

QByteArray bundledRunbookText()
{
    initBundledResources();
    QFile file(kBundledRunbook);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString bundledRunbookName()
{
    return QFileInfo(kBundledRunbook).fileName();
}

BundledDashboard bundledDashboard()
{
    initBundledResources();
    BundledDashboard bundled;
    QFile file(kBundledDashboardFile);
    const QByteArray runbook = bundledRunbookText();
    if (runbook.isEmpty() || !file.open(QIODevice::ReadOnly))
        return bundled;
    bundled.runbookSha256 =
        QString::fromLatin1(QCryptographicHash::hash(runbook, QCryptographicHash::Sha256).toHex());
    for (const char* earlier : kEarlierBundledRunbooks)
        bundled.earlierRunbookSha256.append(QLatin1String(earlier));
    bundled.dashboard =
        RunDashboardVersion::of(file.readAll(), QFileInfo(kBundledDashboardFile).fileName());
    return bundled;
}

std::optional<RunDashboardVersion> dashboardOfRun(const RunLedger& run)
{
    return golive::dashboardOfRun(run.dashboard(), run.runbookSha256(), bundledDashboard());
}

bool makeDefaultRunIfMissing(QString* error, std::unique_ptr<RunLedger>* made, bool* created)
{
    if (created)
        *created = false;
    const QString path = defaultRunPath();
    if (QFileInfo::exists(path))
        return true;
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1 for the default run; "
                                    "nothing was written")
                         .arg(QDir::toNativeSeparators(dir));
        return false;
    }
    const QByteArray text = bundledRunbookText();
    if (text.isEmpty()) {
        if (error)
            *error = QStringLiteral("this build of golive lacks its bundled runbook (%1), "
                                    "so the default run %2 cannot be made; nothing was "
                                    "written")
                         .arg(kBundledRunbook, QDir::toNativeSeparators(path));
        return false;
    }
    QString createError;
    const BundledDashboard bundled = bundledDashboard();
    std::optional<RunDashboardVersion> dashboard;
    if (!bundled.isEmpty())
        dashboard = bundled.dashboard;
    auto run = RunLedger::create(path, text, bundledRunbookName(), &createError, dashboard);
    if (run) {
        if (created)
            *created = true;
        if (made)
            *made = std::move(run);
        return true;
    }
    // Another golive made it between our check and create(): theirs is the default run.
    if (QFileInfo::exists(path))
        return true;
    if (error)
        *error = createError;
    return false;
}

std::unique_ptr<RunLedger> openOrCreateDefaultRun(RunLedger::Access access, QString* error,
                                                  QString* warning, bool* created)
{
    std::unique_ptr<RunLedger> made;
    if (!makeDefaultRunIfMissing(error, &made, created))
        return nullptr;
    if (made && access == RunLedger::Access::ReadWrite)
        return made;
    // Reopen as asked so a read-only caller does not hold the write lock.
    made.reset();
    return RunLedger::open(defaultRunPath(), access, error, warning);
}

} // namespace golive
