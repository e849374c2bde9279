// new (see NewCommand.h); the run itself is made by RunCreation, as in the window.
#include "NewCommand.h"

#include "AppPaths.h"
#include "CliText.h"
#include "RunCreation.h"
#include "SafeText.h"

#include <QFileInfo>

#include <algorithm>
#include <utility>

namespace golive::cli {

NewCommand::NewCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_runbookOption(QStringLiteral("runbook"),
                      QStringLiteral("The Markdown runbook to run (default: the bundled %1).")
                          .arg(bundledRunbookName()),
                      QStringLiteral("RUNBOOK")),
      m_outOption(QStringLiteral("out"),
                  QStringLiteral("Where to create the run: a file (should end in .golive), or a "
                                 "run on a PostgreSQL server as "
                                 "postgresql://USER@HOST:PORT/DB?run=NAME."),
                  QStringLiteral("RUN")),
      m_dashboardOption(QStringLiteral("dashboard"),
                        QStringLiteral("The SLO dashboard (JSON) the run shows, embedded in it "
                                       "(default: the runbook's front matter 'golive-dashboard:', "
                                       "the bundled one for the bundled runbook, else none)."),
                        QStringLiteral("FILE")),
      m_allowedSignersOption(
          QStringLiteral("allowed-signers"),
          QStringLiteral("The run's roster: who signs with which SSH key, in OpenSSH's "
                         "allowed_signers format (the file 'ssh-keygen -Y verify -f' reads). "
                         "Kept in the run and anchored in its ledger; 'golive roster' changes "
                         "it later."),
          QStringLiteral("FILE")),
      m_requireSignaturesOption(
          QStringLiteral("require-signatures"),
          QStringLiteral("Every event of the run must be signed by a key on the roster "
                         "(needs --allowed-signers)."))
{}

QString NewCommand::description() const
{
    return QStringLiteral("Creates a run: one .golive file (or a run on a PostgreSQL server, "
                          "whose schema 'golive server init' made) holding the exact runbook "
                          "text (with its SHA-256), its SLO dashboard if it has one (also with "
                          "its SHA-256) and an empty sign-off ledger. Never overwrites a file or "
                          "a server run of that name; a runbook with lint errors or a dashboard "
                          "that does not read makes no run.");
}

QString NewCommand::usage() const
{
    return QStringLiteral(
        "golive new [--runbook RUNBOOK] [--dashboard FILE] [--allowed-signers FILE "
        "[--require-signatures]] --out RUN");
}

void NewCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption(m_runbookOption);
    parser.addOption(m_outOption);
    parser.addOption(m_dashboardOption);
    parser.addOption(m_allowedSignersOption);
    parser.addOption(m_requireSignaturesOption);
}

int NewCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString out = parser.value(m_outOption);
    if (out.isEmpty()) {
        c.err << "golive new: say where to create the run with --out FILE or --out "
                 "postgresql://USER@HOST:PORT/DB?run=NAME; nothing was written\n"
              << "Usage: " << usage() << Qt::endl;
        return ExitUsage;
    }
    // The target first: a run that cannot go there is refused before the runbook is read.
    if (const RunCreation::Result target = RunCreation::checkTarget(out);
        target.outcome == RunCreation::Outcome::TargetExists) {
        c.err << "golive new: " << native(out)
              << " exists; golive never overwrites a run; nothing was written" << Qt::endl;
        return ExitFailure;
    } else if (target.outcome == RunCreation::Outcome::TargetRefused) {
        c.err << "golive new: " << target.error << Qt::endl;
        return ExitFailure;
    }

    QString runbookPath = parser.value(m_runbookOption);
    const QString runbookFile = runbookPath;
    QString runbookName;
    LoadedRunbook loaded;
    if (runbookPath.isEmpty()) {
        runbookName = bundledRunbookName();
        runbookPath = QStringLiteral("the bundled ") + runbookName;
        loaded = LoadedRunbook::fromText(bundledRunbookText(), runbookName);
    } else {
        runbookName = QFileInfo(runbookPath).fileName();
        loaded = LoadedRunbook::fromFile(runbookPath);
    }
    printDiagnostics(c, loaded.result.diagnostics);
    if (!loaded.usable()) {
        c.err << "golive new: " << native(runbookPath) << " has "
              << plural(std::max<qsizetype>(loaded.errorCount(), 1), "error", "errors")
              << "; no run was created and nothing was written" << Qt::endl;
        return ExitFailure;
    }
    if (!RunLedger::isServerLocation(out) &&
        QFileInfo(out).suffix() != QLatin1String(RunFile::Extension)) {
        c.err << "golive new: warning: " << native(out)
              << " does not end in .golive; the window's Open dialog looks for .golive files"
              << Qt::endl;
    }

    QString dashboardError;
    const std::optional<RunDashboardVersion> dashboard =
        dashboardForNewRun(parser.value(m_dashboardOption), loaded.result.runbook, runbookFile,
                           loaded.sha256, bundledDashboard(), &dashboardError);
    if (!dashboardError.isEmpty()) {
        c.err << "golive new: " << terminalSafe(dashboardError)
              << "; no run was created and nothing was written" << Qt::endl;
        return ExitFailure;
    }

    RunRoster roster;
    roster.signaturesRequired = parser.isSet(m_requireSignaturesOption);
    if (parser.isSet(m_allowedSignersOption)) {
        QString rosterError;
        const std::optional<RunRoster> read = readRosterFile(
            parser.value(m_allowedSignersOption), roster.signaturesRequired, &rosterError);
        if (!read) {
            c.err << "golive new: " << terminalSafe(rosterError)
                  << "; no run was created and nothing was written" << Qt::endl;
            return ExitFailure;
        }
        roster = *read;
    }

    const RunCreation::Result created =
        RunCreation::create(out, loaded, runbookName, dashboard, roster);
    if (!created.run) {
        const QString error =
            created.error.isEmpty() ? QStringLiteral("cannot create the run") : created.error;
        c.err << "golive new: "
              << withSafety(naming(out, error), QStringLiteral("no run was created")) << Qt::endl;
        return ExitFailure;
    }
    const RunLedger& run = *created.run;
    const Runbook& rb = run.runbook();
    c.out << "created run " << native(out) << " from " << native(runbookPath) << ": "
          << quoted(rb.title) << ", " << plural(rb.sections.size(), "section", "sections") << ", "
          << plural(rb.checkableCount(), "item", "items") << "; run id " << run.runId()
          << "; runbook sha256 " << run.runbookSha256() << "\n";
    if (const std::optional<RunDashboardVersion> d = run.dashboard())
        c.out << "dashboard " << terminalSafe(d->name) << " embedded; sha256 " << d->sha256 << "\n";
    else
        c.out << "no SLO dashboard: add one with 'golive dashboard set --run "
              << shellArgument(native(out)) << " FILE'\n";
    if (!run.roster().allowedSigners.trimmed().isEmpty())
        c.out << "roster from " << terminalSafe(parser.value(m_allowedSignersOption))
              << " kept; signatures " << (run.roster().signaturesRequired ? "required" : "optional")
              << " ('golive roster' lists it)\n";
    return ExitOk;
}

} // namespace golive::cli
