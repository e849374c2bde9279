// golive's entry point: a subcommand runs the command line, anything else opens the window.
#include "AppPaths.h"
#include "Cli.h"
#include "Dashboard.h"
#include "Logging.h"
#include "MainWindow.h"
#include "Settings.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStyleFactory>

#include <optional>

int main(int argc, char** argv)
{
    if (const int exitCode = golive::runCommandLine(argc, argv); exitCode >= 0) {
        return exitCode;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("golive"));
    QApplication::setOrganizationName(QStringLiteral("golive"));
    QApplication::setApplicationDisplayName(QStringLiteral("golive"));
    QApplication::setApplicationVersion(QStringLiteral(GOLIVE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("golive"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("golive: the go-live control room"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption runOption(QStringLiteral("run"),
                                       QStringLiteral("Open the run FILE instead of the default."),
                                       QStringLiteral("FILE"));
    parser.addOption(runOption);
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QStringLiteral("Show generated DEMO data on the SLO dashboard."));
    parser.addOption(demoOption);
    const QCommandLineOption prometheusOption(
        QStringLiteral("prometheus"),
        QStringLiteral("Read the SLO dashboard from Prometheus at URL."), QStringLiteral("URL"));
    parser.addOption(prometheusOption);
    const QCommandLineOption dashboardOption(QStringLiteral("dashboard"),
                                             QStringLiteral("Use the dashboard definition FILE."),
                                             QStringLiteral("FILE"));
    parser.addOption(dashboardOption);
    const QCommandLineOption themeOption(
        QStringLiteral("theme"),
        QStringLiteral("Use the dark or light THEME this time; default: the one "
                       "chosen in Settings, dark at first."),
        QStringLiteral("THEME"));
    parser.addOption(themeOption);
    parser.process(app);

    QString logError;
    const QString logDir =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/logs");
    golive::logging::init(logDir, golive::logging::StderrLevel::Info, &logError);
    if (!logError.isEmpty()) {
        qCWarning(lcApp).noquote() << logError;
    }
    qCInfo(lcApp) << "golive" << GOLIVE_VERSION << "starting";

    // The dark control-room theme unless Settings or --theme say otherwise.
    QString themeError;
    golive::applyStartupTheme(parser.value(themeOption), &themeError);
    if (!themeError.isEmpty()) {
        qCWarning(lcApp).noquote() << themeError;
    }

    QString runPath = parser.value(runOption);
    QString createError;
    if (runPath.isEmpty()) {
        // The default run is made once from the bundled runbook (small: one short commit before
        // the window shows). An existing one is opened only by the window's ledger worker.
        runPath = golive::defaultRunPath();
        if (!QFileInfo::exists(runPath)) {
            QString error;
            QString warning;
            if (!golive::openOrCreateDefaultRun(golive::RunFile::Access::ReadOnly, &error,
                                                &warning)) {
                qCCritical(lcApp).noquote() << error;
                createError = error;
            }
        }
    } else {
        runPath = QFileInfo(runPath).absoluteFilePath();
    }

    int result = 0;
    {
        // The window (and its ledger thread, which logs) is gone before logging shuts down.
        golive::MainWindow window;
        window.show();
        window.openRun(runPath);

        // The dashboard: --dashboard, else the setting, else the bundled one. A broken file is
        // named in a message and the bundled dashboard is shown instead.
        golive::Settings* settings = golive::Settings::instance();
        QString dashboardPath = parser.value(dashboardOption);
        if (dashboardPath.isEmpty()) {
            dashboardPath = settings->value(golive::Settings::Key::DashboardFile).toString();
        }
        QString dashboardError;
        std::optional<golive::Dashboard> dashboard;
        if (!dashboardPath.isEmpty()) {
            dashboard = golive::Dashboard::fromFile(dashboardPath, &dashboardError);
        }
        if (!dashboard) {
            dashboard =
                golive::Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), nullptr);
        }
        // The source: Prometheus (--prometheus, GOLIVE_PROMETHEUS_URL or the settings, with
        // the keychain's secret), else clearly marked demo data; the window chooses and owns it.
        QString url = parser.value(prometheusOption);
        if (url.isEmpty()) {
            url = qEnvironmentVariable("GOLIVE_PROMETHEUS_URL");
        }
        if (dashboard) {
            window.useConfiguredSource(url, parser.isSet(demoOption), *dashboard);
        }
        if (!dashboardError.isEmpty()) {
            qCWarning(lcApp).noquote() << dashboardError;
            QMessageBox::warning(&window, QObject::tr("Dashboard not loaded"),
                                 QObject::tr("%1\n\nShowing the bundled Summit dashboard instead; "
                                             "the file was not changed.")
                                     .arg(dashboardError));
        }
        if (!createError.isEmpty()) {
            QMessageBox::warning(&window, QObject::tr("Default run not created"), createError);
        }
        result = QApplication::exec();
    }
    golive::logging::shutdown();
    return result;
}
