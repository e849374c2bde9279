// golive's entry point: a subcommand runs the command line, anything else opens the window.
#include "AfterNextFrame.h"
#include "AppPaths.h"
#include "Cli.h"
#include "Dashboard.h"
#include "FirstFrameProbe.h"
#include "Logging.h"
#include "MainWindow.h"
#include "RunLedger.h"
#include "Settings.h"
#include "SloController.h"
#include "Theme.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

namespace {

// What the window takes from its command line.
struct WindowOptions
{
    QString run;
    bool demo = false;
    QString prometheus;
    QString dashboard;
    QString theme;
};

WindowOptions parseWindowOptions(const QApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("golive: the go-live control room"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption runOption(
        QStringLiteral("run"),
        QStringLiteral("Open the run at LOCATION (a run file, or a server run's postgresql:// URI) "
                       "instead of the default."),
        QStringLiteral("LOCATION"));
    parser.addOption(runOption);
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QStringLiteral("Show generated DEMO data on the SLO dashboard."));
    parser.addOption(demoOption);
    const QCommandLineOption prometheusOption(
        QStringLiteral("prometheus"),
        QStringLiteral("Read the SLO dashboard from Prometheus at URL."), QStringLiteral("URL"));
    parser.addOption(prometheusOption);
    const QCommandLineOption dashboardOption(
        QStringLiteral("dashboard"),
        QStringLiteral("Show the dashboard FILE for a run that has none of "
                       "its own."),
        QStringLiteral("FILE"));
    parser.addOption(dashboardOption);
    const QCommandLineOption themeOption(
        QStringLiteral("theme"),
        QStringLiteral("Use the dark or light THEME this time; default: the one "
                       "chosen in Settings, dark at first."),
        QStringLiteral("THEME"));
    parser.addOption(themeOption);
    // A file manager opens a run as `golive FILE`.
    parser.addPositionalArgument(QStringLiteral("RUN"),
                                 QStringLiteral("The run file to open (the same as --run)."),
                                 QStringLiteral("[RUN]"));
    parser.process(app);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (!positional.isEmpty() && parser.isSet(runOption))) {
        std::fputs(qPrintable(QStringLiteral("golive: give one run to open, as --run FILE or "
                                             "FILE\n")),
                   stderr);
        std::exit(2);
    }
    const QString run = positional.isEmpty() ? parser.value(runOption) : positional.constFirst();
    return {run, parser.isSet(demoOption), parser.value(prometheusOption),
            parser.value(dashboardOption), parser.value(themeOption)};
}

// The run to open: `given`, else the default run, made once from the bundled runbook (small:
// one short commit before the window shows). It is opened only by the window's ledger worker. A
// default run that cannot be made is said in *createError.
QString runToOpen(const QString& given, QString* createError)
{
    if (!given.isEmpty()) {
        // A server run's URI is no path: it is handed on as it was given.
        if (golive::RunLedger::isServerLocation(given))
            return given;
        return QFileInfo(given).absoluteFilePath();
    }
    // Made here and closed: the window's ledger worker opens it, once.
    const QString runPath = golive::defaultRunPath();
    QString error;
    if (!golive::makeDefaultRunIfMissing(&error)) {
        qCCritical(lcApp).noquote() << error;
        *createError = error;
    }
    return runPath;
}

// The dashboard for a run that has none of its own: `given` (--dashboard), else the setting,
// else none. A run's own dashboard always wins (MainWindow::useConfiguredSource). A broken file
// is said in *error, and then none is used.
std::optional<golive::Dashboard> fallbackDashboard(const QString& given, QString* error)
{
    QString dashboardPath = given;
    if (dashboardPath.isEmpty()) {
        dashboardPath =
            golive::Settings::instance()->value(golive::Settings::Key::DashboardFile).toString();
    }
    if (dashboardPath.isEmpty())
        return std::nullopt;
    return golive::Dashboard::fromFile(dashboardPath, error);
}

} // namespace

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
    // The desktop file and icon are named by golive's AppStream id.
    QApplication::setDesktopFileName(QStringLiteral("io.github.golive.golive"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    golive::installTranslations(app);
    const WindowOptions options = parseWindowOptions(app);

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
    golive::applyStartupTheme(options.theme, &themeError);
    if (!themeError.isEmpty()) {
        qCWarning(lcApp).noquote() << themeError;
    }

    QString createError;
    const QString runPath = runToOpen(options.run, &createError);

    int result = 0;
    {
        // The window (and its ledger thread, which logs) is gone before logging shuts down.
        golive::MainWindow window;
        // A run made from the bundled runbook before runs kept their dashboard shows the
        // bundled one.
        window.setBundledDashboard(golive::bundledDashboard());
        QString dashboardError;
        const std::optional<golive::Dashboard> fallback =
            fallbackDashboard(options.dashboard, &dashboardError);
        window.sloController()->setFallbackDashboard(fallback);
        // The source: Prometheus (--prometheus, GOLIVE_PROMETHEUS_URL or the settings, with
        // the keychain's secret), else clearly marked demo data; the window chooses and owns it.
        QString url = options.prometheus;
        if (url.isEmpty()) {
            url = qEnvironmentVariable("GOLIVE_PROMETHEUS_URL");
        }
        // Chosen once the run is open, or cannot be: a run's own dashboard wins, so choosing
        // before would build every chart twice. After the frame that shows the run, so that
        // frame does not wait for the charts. A run slow to open (a long one, a slow disk, a
        // server) does not hold the charts, the health lights and the alerts back: after a
        // second they come with the fallback, and the run's own dashboard replaces it.
        auto chosen = std::make_shared<bool>(false);
        const auto chooseSource = [&window, url, demo = options.demo, fallback, chosen] {
            if (std::exchange(*chosen, true))
                return;
            golive::AfterNextFrame::run(&window, [&window, url, demo, fallback] {
                window.useConfiguredSource(url, demo, fallback);
            });
        };
        QObject::connect(&window, &golive::MainWindow::runShown, &window, chooseSource);
        QObject::connect(&window, &golive::MainWindow::openFailed, &window, chooseSource);
        QTimer::singleShot(1000, &window, chooseSource);
        // Start-up measurement only (GOLIVE_FIRST_FRAME_PROBE): the first frame that shows
        // the run, opened or refused.
        if (auto* probe = golive::FirstFrameProbe::installIfAsked(&window)) {
            QObject::connect(&window, &golive::MainWindow::runShown, probe,
                             &golive::FirstFrameProbe::contentReady);
            QObject::connect(&window, &golive::MainWindow::openFailed, probe,
                             &golive::FirstFrameProbe::contentReady);
        }
        window.show();
        window.openRun(runPath);

        if (!dashboardError.isEmpty()) {
            qCWarning(lcApp).noquote() << dashboardError;
            QMessageBox::warning(&window, QObject::tr("Dashboard not loaded"),
                                 QObject::tr("%1\n\nA run with a dashboard of its own shows "
                                             "that one; a run with none shows none. The file "
                                             "was not changed.")
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
