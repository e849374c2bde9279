// Which dashboard a run shows and which one a new run gets (see RunDashboard.h).
#include "RunDashboard.h"

#include "Runbook.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace golive {

namespace {

// No dashboard is anywhere near this; a larger file is not read into memory.
constexpr qint64 kMaxDashboardBytes = 4 * 1024 * 1024;

} // namespace

std::optional<RunDashboardVersion> dashboardOfRun(const std::optional<RunDashboardVersion>& own,
                                                  const QString& runbookSha256,
                                                  const BundledDashboard& bundled)
{
    if (own)
        return own;
    if (bundled.isBundledRunbook(runbookSha256))
        return bundled.dashboard;
    return std::nullopt;
}

std::optional<RunDashboardVersion> readDashboardFile(const QString& path, QString* error)
{
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    QString why;
    QByteArray bytes;
    if (!info.exists()) {
        why = QStringLiteral("there is no dashboard file %1").arg(shown);
    } else if (!info.isFile()) {
        why = QStringLiteral("%1 is not a dashboard file (it is a folder)").arg(shown);
    } else if (info.size() > kMaxDashboardBytes) {
        why = QStringLiteral("%1 is too large for a dashboard (%2 bytes; at most %3)")
                  .arg(shown)
                  .arg(info.size())
                  .arg(kMaxDashboardBytes);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            why = QStringLiteral("%1 cannot be read: %2").arg(shown, file.errorString());
        else
            bytes = file.readAll();
    }
    if (why.isEmpty()) {
        QString invalid;
        if (!Dashboard::fromJson(bytes, info.fileName(), &invalid))
            why = QStringLiteral("%1 is not a valid dashboard: %2")
                      .arg(shown, invalid.isEmpty() ? QStringLiteral("it does not read") : invalid);
    }
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return RunDashboardVersion::of(bytes, info.fileName());
}

std::optional<RunDashboardVersion>
dashboardForNewRun(const QString& given, const Runbook& runbook, const QString& runbookPath,
                   const QString& runbookSha256, const BundledDashboard& bundled, QString* error)
{
    if (error)
        error->clear();
    if (!given.isEmpty())
        return readDashboardFile(given, error);
    const QString named = runbook.metadataValue(kDashboardFrontMatterKey).trimmed();
    if (!named.isEmpty()) {
        const QString base =
            runbookPath.isEmpty() ? QDir::currentPath() : QFileInfo(runbookPath).absolutePath();
        const QString path = QDir(base).filePath(named);
        QString why;
        std::optional<RunDashboardVersion> read = readDashboardFile(path, &why);
        if (!read && error)
            *error = QStringLiteral("the runbook's front matter names the dashboard \"%1\": %2")
                         .arg(named, why);
        return read;
    }
    if (bundled.isBundledRunbook(runbookSha256))
        return bundled.dashboard;
    return std::nullopt;
}

std::optional<Dashboard> parseRunDashboard(const RunDashboardVersion& version, QString* error)
{
    return Dashboard::fromJson(version.bytes, version.name, error);
}

} // namespace golive
