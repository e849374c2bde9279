// publish (see PublishCommand.h).
#include "PublishCommand.h"

#include "CliText.h"
#include "RunFile.h"
#include "server/ServerRun.h"

#include <utility>

namespace golive::cli {

PublishCommand::PublishCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_toOption(QStringLiteral("to"),
                 QStringLiteral("The server run to create: "
                                "postgresql://USER@HOST:PORT/DB?run=NAME (a name not taken)."),
                 QStringLiteral("URI"))
{}

QString PublishCommand::description() const
{
    return QStringLiteral(
        "Uploads a run file to a PostgreSQL server as a new server run: the same run id, "
        "runbook, dashboards and events, so its chain ends on the same head. The file is opened "
        "read-only and its chain verified first: a run with an unacknowledged break is not "
        "published. Never replaces a server run; the file is not changed. The database needs "
        "golive's schema ('golive server init').");
}

QString PublishCommand::usage() const
{
    return QStringLiteral(
        "golive publish FILE.golive --to postgresql://USER@HOST:PORT/DB?run=NAME");
}

void PublishCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The run file."));
    parser.addOption(m_toOption);
}

int PublishCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString file = parser.positionalArguments().constFirst();
    const QString to = parser.value(m_toOption);
    const QString safe = QStringLiteral("nothing was published");
    if (to.isEmpty())
        return usageError(c, QStringLiteral("say where to publish the run with --to "
                                            "postgresql://USER@HOST:PORT/DB?run=NAME; %1")
                                 .arg(safe));
    if (!RunLedger::isServerLocation(to))
        return usageError(c, QStringLiteral("--to %1 is not a PostgreSQL URI; to copy a run into "
                                            "a file, use 'golive copy'; %2")
                                 .arg(quoted(to), safe));
    if (RunLedger::isServerLocation(file))
        return usageError(c, QStringLiteral("%1 is a server run; publish takes a run file (to "
                                            "archive a server run into a file, use 'golive "
                                            "copy'); %2")
                                 .arg(native(file), safe));

    QString error;
    QString warning;
    const std::unique_ptr<RunFile> source =
        RunFile::open(file, RunLedger::Access::ReadOnly, &error, &warning);
    if (!warning.isEmpty())
        c.err << "golive publish: warning: " << naming(file, warning) << Qt::endl;
    if (!source) {
        c.err << "golive publish: " << withSafety(naming(file, error), safe) << Qt::endl;
        return ExitFailure;
    }
    // What goes to the server is what `golive verify` vouches for, or nothing.
    const ChainVerification v = source->verify();
    if (!v.unacknowledged.isEmpty()) {
        const ChainBreak& first = v.unacknowledged.constFirst();
        c.err << "golive publish: " << native(file) << ": "
              << (first.wentBack ? QString() : QStringLiteral("the ledger's chain is broken at "))
              << describeBreak(first, v, source->events())
              << "; a broken run is not published ('golive verify --run "
              << shellArgument(native(file)) << "' says more); " << safe << Qt::endl;
        return ExitFailure;
    }

    if (!ServerRun::publish(to, *source, &error)) {
        c.err << "golive publish: " << withSafety(naming(to, error), safe) << Qt::endl;
        return ExitFailure;
    }
    // Read back as every workstation will read it: what is printed is the server's run.
    const std::unique_ptr<RunLedger> published =
        RunLedger::open(to, RunLedger::Access::ReadOnly, &error);
    if (!published) {
        c.err << "golive publish: " << native(file) << " was published to " << native(to)
              << ", but it cannot be read back: " << error
              << "; check it with 'golive verify --run " << shellArgument(native(to)) << "'"
              << Qt::endl;
        return ExitFailure;
    }
    const ChainVerification there = published->verify();
    c.out << "published " << native(file) << " to " << native(published->path()) << ": run id "
          << published->runId() << ", " << plural(there.eventCount, "event", "events") << ", head "
          << QString::fromLatin1(there.head) << "\n";
    if (there.head != v.head || published->runId() != source->runId()) {
        // The server's run must end where the file does; say so loudly if it does not.
        c.err << "golive publish: " << native(published->path()) << " ends on head "
              << QString::fromLatin1(there.head) << ", the file on " << QString::fromLatin1(v.head)
              << "; compare them with 'golive verify' before anyone signs there" << Qt::endl;
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace golive::cli
