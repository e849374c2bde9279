// golive's entry point: a subcommand runs the command line, anything else opens the window.
#include "AppPaths.h"
#include "Cli.h"
#include "Logging.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStyleFactory>

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
    parser.process(app);

    QString logError;
    const QString logDir =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/logs");
    golive::logging::init(logDir, golive::logging::StderrLevel::Info, &logError);
    if (!logError.isEmpty()) {
        qCWarning(lcApp).noquote() << logError;
    }
    qCInfo(lcApp) << "golive" << GOLIVE_VERSION << "starting";

    QString runPath = parser.value(runOption);
    if (runPath.isEmpty()) {
        // The default run is made once from the bundled runbook; it is small, so creating it
        // here before the window shows costs one short commit.
        QString error;
        QString warning;
        auto run =
            golive::openOrCreateDefaultRun(golive::RunFile::Access::ReadOnly, &error, &warning);
        if (!run) {
            qCCritical(lcApp).noquote() << error;
        }
        runPath = golive::defaultRunPath();
    } else {
        runPath = QFileInfo(runPath).absoluteFilePath();
    }

    golive::MainWindow window;
    window.show();
    window.openRun(runPath);
    const int result = QApplication::exec();
    golive::logging::shutdown();
    return result;
}
