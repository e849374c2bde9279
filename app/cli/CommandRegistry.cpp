// Every golive subcommand and the top-level help (see CommandRegistry.h).
#include "CommandRegistry.h"

#include "ActionCommand.h"
#include "AppPaths.h"
#include "AttachCommand.h"
#include "ChannelCommand.h"
#include "CheckCommand.h"
#include "CliText.h"
#include "CopyCommand.h"
#include "CutoverCommand.h"
#include "DashboardCommand.h"
#include "ExecCommand.h"
#include "ExportCommand.h"
#include "HealthCommand.h"
#include "HelpCommand.h"
#include "LintCommand.h"
#include "LoginCommand.h"
#include "LogoutCommand.h"
#include "NewCommand.h"
#include "PublishCommand.h"
#include "RosterCommand.h"
#include "RunsCommand.h"
#include "ServerCommand.h"
#include "StatusCommand.h"
#include "VerifyCommand.h"

namespace golive::cli {

CommandRegistry::CommandRegistry()
{
    using Verb = CutoverCommand::Verb;
    const auto add = [this](auto* command) { m_commands.emplace_back(command); };
    const auto action = [&](const char* name, const char* summary, EventKind kind) {
        add(new ActionCommand(QLatin1String(name), QLatin1String(summary), kind));
    };
    const auto cutover = [&](const char* name, const char* summary, Verb verb) {
        add(new CutoverCommand(QLatin1String(name), QLatin1String(summary), verb));
    };
    add(new LintCommand(QStringLiteral("lint"),
                        QStringLiteral("check a runbook; --json prints its structure")));
    add(new NewCommand(QStringLiteral("new"),
                       QStringLiteral("create a run (.golive) from a runbook")));
    add(new ServerCommand(QStringLiteral("server"),
                          QStringLiteral("server init URI: make a PostgreSQL database hold runs")));
    add(new RunsCommand(QStringLiteral("runs"),
                        QStringLiteral("list the runs on a PostgreSQL server: phase, progress")));
    add(new PublishCommand(QStringLiteral("publish"),
                           QStringLiteral("upload a run file to a server (same id, same head)")));
    add(new CopyCommand(QStringLiteral("copy"),
                        QStringLiteral("archive a server run into a self-contained run file")));
    add(new StatusCommand(QStringLiteral("status"),
                          QStringLiteral("show a run: fields, progress, every item, ledger")));
    action("sign", "sign an item off", EventKind::Signed);
    action("revoke", "revoke an item's sign-off (with a reason)", EventKind::Revoked);
    action("na", "mark an item not applicable (with a reason)", EventKind::NotApplicable);
    action("block", "mark an item blocked (with a reason)", EventKind::Blocked);
    action("note", "add a note to an item", EventKind::NoteAdded);
    action("fill", "fill a field (a placeholder of the runbook)", EventKind::FieldFilled);
    add(new ExecCommand(QStringLiteral("exec"),
                        QStringLiteral("run an item's command; its output becomes evidence")));
    cutover("gate", "open the Go/No-Go (the T-60 pre-checks are the gate)", Verb::Gate);
    cutover("go", "the incident commander's GO: the cutover starts", Verb::Go);
    cutover("nogo", "the incident commander's NO-GO (with a reason)", Verb::NoGo);
    cutover("fail", "a cutover step failed: 15 minutes to resolve it, then rollback", Verb::Fail);
    cutover("rollback", "start the rollback (incident commander, with a reason)", Verb::Rollback);
    cutover("rollback-step", "a step of the rollback plan is done, in order", Verb::RollbackStep);
    cutover("live", "declare the go-live Live after 15 minutes of final monitoring", Verb::Live);
    cutover("observe", "record an alert, SLO breach or health change for the timeline",
            Verb::Observe);
    add(new ExportCommand(QStringLiteral("export"),
                          QStringLiteral("the signed checklist as PDF, Markdown or JSON; the "
                                         "timeline")));
    add(new VerifyCommand(QStringLiteral("verify"),
                          QStringLiteral("check the ledger's hash chain")));
    add(new AttachCommand(QStringLiteral("attach"),
                          QStringLiteral("keep files as evidence on an item, in the run")));
    add(new AttachmentsCommand(QStringLiteral("attachments"),
                               QStringLiteral("list a run's evidence; --extract writes it out "
                                              "with SHA256SUMS")));
    add(new RosterCommand(QStringLiteral("roster"),
                          QStringLiteral("who signs the run with which SSH key: list, add, "
                                         "remove, require-signatures")));
    add(new CheckCommand(
        QStringLiteral("check"),
        QStringLiteral("the SLO gate: judge every dashboard panel in Prometheus")));
    add(new HealthCommand(QStringLiteral("health"),
                          QStringLiteral("probe the dashboard's health checks once; 1 if a "
                                         "critical one is down")));
    add(new DashboardCommand(QStringLiteral("dashboard"),
                             QStringLiteral("the run's SLO dashboard: set FILE (recorded), list, "
                                            "show")));
    add(new ChannelCommand(QStringLiteral("channel"),
                           QStringLiteral("the run's war-room channel (Slack, Teams): set, test, "
                                          "summary, show, clear")));
    add(new LoginCommand(
        QStringLiteral("login"),
        QStringLiteral("store a Prometheus or PostgreSQL password in the OS keychain")));
    add(new LogoutCommand(QStringLiteral("logout"), QStringLiteral("remove it from the keychain")));
    add(new HelpCommand(QStringLiteral("help"),
                        QStringLiteral("show this help, or a command's: golive help COMMAND"),
                        *this));
}

CommandRegistry::~CommandRegistry() = default;

Command* CommandRegistry::find(const QString& name) const
{
    for (const std::unique_ptr<Command>& command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

QStringList CommandRegistry::names() const
{
    QStringList names;
    for (const std::unique_ptr<Command>& command : m_commands)
        names.append(command->name());
    return names;
}

QString CommandRegistry::topLevelHelp() const
{
    QString text =
        QStringLiteral(
            "Usage: golive [--run FILE] [--demo | --prometheus URL] [--dashboard FILE] [--theme "
            "THEME]\n"
            "                                       open the window\n"
            "       golive COMMAND [options]        use the command line\n"
            "\n"
            "golive %1: a go-live control room. It turns a Markdown runbook into tabs of "
            "checklist\n"
            "items that people sign off in a tamper-evident ledger (a .golive run file).\n"
            "\n"
            "Window options:\n"
            "  --run FILE        Open this run (default: %2).\n"
            "  --demo            Show generated DEMO data on the SLO dashboard (the default\n"
            "                    when no Prometheus is configured).\n"
            "  --prometheus URL  Read the SLO dashboard from this Prometheus (default: the\n"
            "                    GOLIVE_PROMETHEUS_URL environment variable, else the setting).\n"
            "  --dashboard FILE  Show this dashboard for a run that has none of its own (default:\n"
            "                    the setting); a run's own dashboard always wins.\n"
            "  --theme THEME     Use the dark or light theme this time (default: the one chosen\n"
            "                    in Settings, dark at first).\n"
            "  -h, --help        Show this help and exit.\n"
            "  --version         Show the version and exit.\n"
            "  RUN               A run file whose name ends in .golive, to open: the same as\n"
            "                    --run RUN (how a file manager opens one).\n"
            "\n"
            "Commands:\n")
            .arg(QLatin1String(GOLIVE_VERSION), native(defaultRunPath()));
    for (const std::unique_ptr<Command>& command : m_commands)
        text +=
            QStringLiteral("  %1%2\n").arg(command->name().leftJustified(15), command->summary());
    text += QStringLiteral(
        "\n"
        "Run 'golive COMMAND --help' for a command's options. Without --run, commands use the\n"
        "default run, creating it from the bundled runbook the first time. A run shared by a\n"
        "war room lives on PostgreSQL: --run 'postgresql://USER@HOST:PORT/DB?run=NAME' (see\n"
        "'golive server init', 'golive runs', 'golive login').\n"
        "Commands that record an event sign it with your own SSH key when given --key FILE\n"
        "(a .pub whose key is in ssh-agent, or a private key file) or GOLIVE_SIGNING_KEY;\n"
        "'golive roster' shows who signs with which key.\n"
        "Exit codes: 0 ok, 1 a failure you must act on, 2 a usage error.\n");
    return text;
}

} // namespace golive::cli
