// Logging: spdlog to a rotating file and stderr, with Qt's own messages routed into it.
#include "Logging.h"

#include <QDir>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

Q_LOGGING_CATEGORY(lcApp, "golive.app")
Q_LOGGING_CATEGORY(lcUi, "golive.ui")
Q_LOGGING_CATEGORY(lcRunFile, "golive.runfile")

namespace golive::logging {
namespace {

std::shared_ptr<spdlog::logger> g_logger;
QtMessageHandler g_previousHandler = nullptr;

spdlog::level::level_enum toSpdlog(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return spdlog::level::debug;
    case QtInfoMsg:
        return spdlog::level::info;
    case QtWarningMsg:
        return spdlog::level::warn;
    case QtCriticalMsg:
        return spdlog::level::err;
    case QtFatalMsg:
        return spdlog::level::critical;
    }
    return spdlog::level::info;
}

spdlog::level::level_enum toSpdlog(StderrLevel level)
{
    switch (level) {
    case StderrLevel::Debug:
        return spdlog::level::debug;
    case StderrLevel::Info:
        return spdlog::level::info;
    case StderrLevel::Warning:
        return spdlog::level::warn;
    case StderrLevel::Error:
        return spdlog::level::err;
    case StderrLevel::Off:
        return spdlog::level::off;
    }
    return spdlog::level::info;
}

void handleQtMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (!g_logger) {
        return;
    }
    const char* category = context.category ? context.category : "default";
    g_logger->log(toSpdlog(type), "[{}] {}", category, message.toStdString());
    if (type == QtFatalMsg) {
        g_logger->flush();
        std::abort();
    }
}

} // namespace

QString init(const QString& logDir, StderrLevel stderrLevel, QString* error)
{
    std::vector<spdlog::sink_ptr> sinks;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(toSpdlog(stderrLevel));
    sinks.push_back(console);

    QString logFile;
    if (QDir().mkpath(logDir)) {
        logFile = QDir(logDir).filePath(QStringLiteral("golive.log"));
        try {
            auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                logFile.toStdString(), 5 * 1024 * 1024, 5);
            file->set_level(spdlog::level::debug);
            sinks.push_back(file);
        } catch (const spdlog::spdlog_ex& ex) {
            if (error) {
                *error = QStringLiteral("cannot write the log file %1: %2")
                             .arg(logFile, QString::fromUtf8(ex.what()));
            }
            logFile.clear();
        }
    } else if (error) {
        *error = QStringLiteral("cannot create the log folder %1").arg(logDir);
    }

    g_logger = std::make_shared<spdlog::logger>("golive", sinks.begin(), sinks.end());
    g_logger->set_level(spdlog::level::debug);
    g_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
    g_logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(g_logger);
    g_previousHandler = qInstallMessageHandler(handleQtMessage);
    return logFile;
}

void shutdown()
{
    if (!g_logger) {
        return;
    }
    qInstallMessageHandler(g_previousHandler);
    g_logger->flush();
    spdlog::drop_all();
    g_logger.reset();
}

} // namespace golive::logging
