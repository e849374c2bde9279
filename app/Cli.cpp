// The command line's entry point: finds the subcommand among the arguments, makes the
// application object it needs, runs the command against the terminal, and checks that its
// results reached standard output.
#include "Cli.h"

#include "CommandRegistry.h"
#include "PrometheusClient.h"
#include "TerminalDevice.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cerrno>
#include <cstdio>
#include <memory>

namespace golive {

namespace {

using cli::ExitFailure;
using cli::ExitOk;
using cli::ExitUsage;

// Results go to stdout, so they can be piped; everything addressed to the person to stderr.
// Both pass through TerminalDevice, so no control character reaches the terminal raw.
struct TerminalConsole
{
    cli::TerminalDevice outDevice{stdout};
    cli::TerminalDevice errDevice{stderr};
    QTextStream out{&outDevice};
    QTextStream err{&errDevice};
    cli::Console console{out, err};
};

// Options of the window and of Qt itself that take a value as the next argument, so that
// value is not mistaken for a subcommand.
bool takesValue(QString option)
{
    if (option.contains(QLatin1Char('=')))
        return false;
    if (option.startsWith(QLatin1String("--")))
        option.remove(0, 1);
    static const QStringList withValue{
        QStringLiteral("-run"),
        QStringLiteral("-dashboard"),
        QStringLiteral("-prometheus"),
        QStringLiteral("-theme"),
        QStringLiteral("-platform"),
        QStringLiteral("-platformpluginpath"),
        QStringLiteral("-platformtheme"),
        QStringLiteral("-plugin"),
        QStringLiteral("-qwindowgeometry"),
        QStringLiteral("-qwindowicon"),
        QStringLiteral("-qwindowtitle"),
        QStringLiteral("-style"),
        QStringLiteral("-stylesheet"),
        QStringLiteral("-session"),
        QStringLiteral("-display"),
        QStringLiteral("-geometry"),
        QStringLiteral("-title"),
        QStringLiteral("-name"),
    };
    return withValue.contains(option);
}

// The index of the subcommand: the first argument that is neither an option nor an option's
// value; -1 when there is none. Notes whether help or the version was asked for.
qsizetype commandIndexOf(const QStringList& args, bool* wantsHelp, bool* wantsVersion)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--"))
            break;
        if (a.startsWith(QLatin1Char('-'))) {
            if (a == QLatin1String("-h") || a == QLatin1String("--help") ||
                a == QLatin1String("-?") || a == QLatin1String("--help-all"))
                *wantsHelp = true;
            else if (a == QLatin1String("--version") || a == QLatin1String("-v"))
                *wantsVersion = true;
            else if (takesValue(a))
                ++i;
            continue;
        }
        return i;
    }
    return -1;
}

// Results on stdout are what scripts keep (status --json > file): a full disk or a closed
// pipe there is a failure, not silence. Returns the exit code to give.
int checkedOutput(cli::Console& c, const QString& command, int code)
{
    c.out.flush();
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int flushErrno = errno;
    if (!flushed || std::ferror(stdout) || c.out.status() != QTextStream::Ok) {
        QString why = flushErrno != 0 ? qt_error_string(flushErrno) : QString();
        if (why.isEmpty() && c.out.device())
            why = c.out.device()->errorString();
        c.err << "golive " << command << ": cannot write the output to standard output ("
              << (why.isEmpty() ? QStringLiteral("the write failed") : why)
              << "); what was printed is incomplete"
              << (code == ExitOk ? "; the command itself finished" : "") << Qt::endl;
        return code == ExitOk ? ExitFailure : code;
    }
    return code;
}

} // namespace

int runCommandLine(int argc, char** argv)
{
    // First, before anything can touch TLS (check, health, login and the window alike): no
    // OpenSSL cleanup at exit racing Qt's network threads (a crash on exit otherwise).
    PrometheusClient::disableTlsCleanupAtExit();

    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    if (args.isEmpty())
        args.append(QStringLiteral("golive"));

    bool wantsHelp = false;
    bool wantsVersion = false;
    const qsizetype commandIndex = commandIndexOf(args, &wantsHelp, &wantsVersion);
    if (commandIndex < 0 && !wantsHelp && !wantsVersion)
        return -1;
    // `golive RUN.golive` (a file manager's "Open with") opens the run in the window; decided
    // before anything here sets the application up for the command line.
    if (commandIndex >= 0 && !wantsHelp &&
        args.at(commandIndex).endsWith(QLatin1String(".golive"), Qt::CaseInsensitive))
        return -1;

    // `export` lays out pages, which needs fonts: a QGuiApplication, offscreen unless told
    // otherwise, so it runs on a build machine with no display.
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance()) {
        if (commandIndex >= 0 && args.at(commandIndex) == QLatin1String("export")) {
            if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            app = std::make_unique<QCoreApplication>(argc, argv);
        }
    }
    QCoreApplication::setApplicationName(QStringLiteral("golive"));
    QCoreApplication::setOrganizationName(QStringLiteral("golive"));
    QCoreApplication::setApplicationVersion(QLatin1String(GOLIVE_VERSION));
    // Every failure is reported once, in the command's words; the services' log lines would
    // repeat them. QT_LOGGING_RULES still overrides this for debugging.
    QLoggingCategory::setFilterRules(
        QStringLiteral("golive.*.debug=false\ngolive.*.info=false\ngolive.*.warning=false"));

    TerminalConsole terminal;
    cli::Console& c = terminal.console;
    cli::CommandRegistry commands;
    if (commandIndex < 0) {
        if (wantsHelp)
            c.out << commands.topLevelHelp();
        else
            c.out << "golive " << GOLIVE_VERSION << "\n";
        return ExitOk;
    }
    const QString name = args.at(commandIndex);
    cli::Command* command = commands.find(name);
    if (!command) {
        c.err << "golive: unknown command '" << name << "'; commands are "
              << commands.names().join(QStringLiteral(", "))
              << "\nTo open a run in the window: golive --run FILE. See 'golive --help'."
              << Qt::endl;
        return ExitUsage;
    }
    QStringList rest = args;
    rest.removeAt(commandIndex);
    return checkedOutput(c, command->name(), command->execute(c, rest));
}

} // namespace golive
