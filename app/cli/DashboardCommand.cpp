// dashboard set | list | show (see DashboardCommand.h).
#include "DashboardCommand.h"

#include "AppPaths.h"
#include "CliText.h"
#include "RunDashboard.h"
#include "SafeText.h"

#include <utility>

namespace golive::cli {

DashboardCommand::DashboardCommand(QString name, QString summary)
    : EventCommand(std::move(name), std::move(summary)),
      m_versionOption(QStringLiteral("version"),
                      QStringLiteral("With show: the version N that 'list' numbers (default: the "
                                     "run's dashboard now)."),
                      QStringLiteral("N"))
{}

QString DashboardCommand::description() const
{
    return QStringLiteral(
        "The run's SLO dashboard: the panels and health checks the window, 'golive check --run' "
        "and 'golive health --run' use.\n"
        "set FILE: makes FILE the run's dashboard from now on. FILE must be a valid dashboard; "
        "its exact bytes are kept in the run with their SHA-256, and the ledger records who set "
        "it (the incident-commander or the release-captain only). The earlier dashboards stay in "
        "the run, readable.\n"
        "list: every dashboard the run has had, oldest first, the current one marked.\n"
        "show: prints the run's dashboard (or version N) exactly as it was kept.");
}

QString DashboardCommand::usage() const
{
    return QStringLiteral(
        "golive dashboard set [--run RUN] --as NAME --role ROLE [--key FILE] FILE | "
        "golive dashboard list [--run RUN] | "
        "golive dashboard show [--run RUN] [--version N]");
}

void DashboardCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("set|list|show"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("With set: the dashboard JSON."));
    addRunOption(parser);
    addActorOptions(parser);
    addWaitOption(parser);
    parser.addOption(m_versionOption);
}

int DashboardCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QStringList args = parser.positionalArguments();
    const QString verb = args.value(0);
    if (verb == QLatin1String("set")) {
        if (args.size() != 2)
            return usageError(c, QStringLiteral("say which dashboard file to set: golive "
                                                "dashboard set --run RUN FILE; nothing was "
                                                "written"));
        return set(c, parser, args.at(1));
    }
    if (args.size() != 1)
        return usageError(c, QStringLiteral("'%1' takes no file").arg(terminalSafe(verb)));
    if (verb == QLatin1String("list"))
        return list(c, parser);
    if (verb == QLatin1String("show"))
        return show(c, parser);
    return usageError(
        c, QStringLiteral("unknown action '%1'; use set, list or show").arg(terminalSafe(verb)));
}

int DashboardCommand::set(Console& c, const QCommandLineParser& parser, const QString& file) const
{
    Actor actor;
    if (const auto code = readActor(c, parser, &actor))
        return *code;
    int waitMs = 0;
    if (const auto code = waitMilliseconds(c, parser, &waitMs))
        return *code;
    // The file is judged before the run is touched: one that does not read changes nothing.
    QString why;
    const std::optional<RunDashboardVersion> dashboard = readDashboardFile(file, &why);
    if (!dashboard) {
        c.err << "golive dashboard: " << terminalSafe(why) << "; nothing was written" << Qt::endl;
        return ExitFailure;
    }
    const auto runFile = openRun(c, parser, waitMs);
    if (!runFile)
        return ExitFailure;
    SignOffEvent event;
    event.kind = EventKind::DashboardSet;
    event.fieldKey = dashboard->sha256;
    event.text = dashboard->name;
    event.actor = actor;
    if (const auto code =
            submit(c, *runFile, event,
                   QStringLiteral("the incident-commander or the release-captain sets the run's "
                                  "dashboard"),
                   {}, &dashboard->bytes))
        return *code;
    c.out << "event #" << event.seq << ": " << terminalSafe(event.actor.name)
          << " set the dashboard of " << native(runFile->path()) << " to "
          << terminalSafe(dashboard->name) << " (sha256 " << dashboard->sha256 << "); "
          << plural(runFile->dashboardVersions().size() - 1, "earlier dashboard",
                    "earlier dashboards")
          << " kept\n";
    return ExitOk;
}

int DashboardCommand::list(Console& c, const QCommandLineParser& parser) const
{
    const auto runFile = openRun(c, parser, 0, RunLedger::Access::ReadOnly);
    if (!runFile)
        return ExitFailure;
    const QList<RunDashboardVersion>& versions = runFile->dashboardVersions();
    if (versions.isEmpty()) {
        if (const std::optional<RunDashboardVersion> shown = dashboardOfRun(*runFile))
            c.out << "the run keeps no dashboard of its own; it shows the bundled "
                  << terminalSafe(shown->name) << " (made from the bundled runbook)\n";
        else
            c.out << "the run has no SLO dashboard; add one with 'golive dashboard set --run "
                  << shellArgument(native(runFile->path())) << " FILE'\n";
        return ExitOk;
    }
    for (qsizetype i = 0; i < versions.size(); ++i) {
        const RunDashboardVersion& v = versions.at(i);
        QString how = QStringLiteral("embedded when the run was made");
        for (const SignOffEvent& e : runFile->events()) {
            if (v.seq != 0 && e.seq == v.seq)
                how = QStringLiteral("set by %1 (%2) at %3, event #%4")
                          .arg(terminalSafe(e.actor.name), roleName(e.actor.role),
                               e.timeUtc.toString(Qt::ISODate))
                          .arg(e.seq);
        }
        c.out << (i + 1) << (i + 1 == versions.size() ? " (current) " : " ") << terminalSafe(v.name)
              << " sha256 " << v.sha256 << ": " << how << "\n";
    }
    return ExitOk;
}

int DashboardCommand::show(Console& c, const QCommandLineParser& parser) const
{
    const auto runFile = openRun(c, parser, 0, RunLedger::Access::ReadOnly);
    if (!runFile)
        return ExitFailure;
    const QList<RunDashboardVersion>& versions = runFile->dashboardVersions();
    std::optional<RunDashboardVersion> chosen;
    if (parser.isSet(m_versionOption)) {
        bool ok = false;
        const int n = parser.value(m_versionOption).toInt(&ok);
        if (!ok || n < 1 || n > versions.size())
            return usageError(c, QStringLiteral("--version '%1' is not a version 'golive "
                                                "dashboard list' shows (1 to %2)")
                                     .arg(terminalSafe(parser.value(m_versionOption)))
                                     .arg(versions.size()));
        chosen = versions.at(n - 1);
    } else {
        chosen = dashboardOfRun(*runFile);
    }
    if (!chosen) {
        c.err << "golive dashboard: " << native(runFile->path())
              << " has no SLO dashboard; add one with 'golive dashboard set --run "
              << shellArgument(native(runFile->path())) << " FILE'" << Qt::endl;
        return ExitFailure;
    }
    // Checked against its SHA-256 at open, and a valid dashboard (JSON: no control bytes).
    c.out << QString::fromUtf8(chosen->bytes);
    c.out.flush();
    return ExitOk;
}

} // namespace golive::cli
