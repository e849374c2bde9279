// Logging: spdlog to a rotating file and stderr, with Qt's own messages routed into it.
#pragma once

#include <QLoggingCategory>
#include <QString>

// One category per component; code logs with qCInfo(lcLedger) etc., never bare qDebug.
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcRunFile)

namespace golive::logging {

enum class StderrLevel
{
    Debug,
    Info,
    Warning,
    Error,
    Off
};

// Starts logging to `logDir`/golive.log (rotating: 5 files of 5 MiB) and to stderr at
// `stderrLevel`, and installs a Qt message handler so qCInfo/qWarning/... land in both.
// Returns the log file's path, or an empty string when the file could not be opened (then
// only stderr is used and *error says why).
QString init(const QString& logDir, StderrLevel stderrLevel, QString* error = nullptr);

// Flushes and detaches; Qt's default handler is restored.
void shutdown();

} // namespace golive::logging
