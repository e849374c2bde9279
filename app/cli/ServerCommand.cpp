// server (see ServerCommand.h).
#include "ServerCommand.h"

#include "CliText.h"
#include "RunLedger.h"
#include "SafeText.h"
#include "server/ServerRun.h"

#include <utility>

namespace golive::cli {

ServerCommand::ServerCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary))
{}

QString ServerCommand::description() const
{
    return QStringLiteral(
        "init: creates golive's schema (its tables, and the triggers that keep events "
        "append-only) in the PostgreSQL database the URI names, or migrates an older one "
        "forward, and prints the schema version. Safe to run again: a database that already "
        "has the current schema is not changed. A schema from a newer golive is refused. The "
        "role in the URI needs the right to create tables there (the database owner); "
        "docs/postgresql.md gives the GRANTs for the role the war room uses afterwards.");
}

QString ServerCommand::usage() const
{
    return QStringLiteral("golive server init postgresql://USER@HOST:PORT/DB");
}

void ServerCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("init"), QStringLiteral("What to do: init."));
    parser.addPositionalArgument(QStringLiteral("URI"),
                                 QStringLiteral("The database: postgresql://USER@HOST:PORT/DB "
                                                "(libpq's parameters such as sslmode allowed)."));
}

int ServerCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.at(0) != QLatin1String("init"))
        return usageError(c, QStringLiteral("'%1' is not something 'golive server' does (it does "
                                            "init); nothing was changed")
                                 .arg(terminalSafe(positional.at(0))));
    const QString uri = positional.at(1);
    if (!RunLedger::isServerLocation(uri))
        return usageError(c, QStringLiteral("%1 is not a PostgreSQL URI "
                                            "(postgresql://USER@HOST:PORT/DB); nothing was "
                                            "changed")
                                 .arg(quoted(uri)));
    QString said;
    QString error;
    if (!ServerRun::initSchema(uri, &error, &said)) {
        c.err << "golive server: "
              << withSafety(naming(uri, error), QStringLiteral("nothing was "
                                                               "changed"))
              << Qt::endl;
        return ExitFailure;
    }
    // The words name the server and database themselves ("HOST:PORT/DB: ...").
    c.out << terminalSafe(said) << "\n";
    return ExitOk;
}

} // namespace golive::cli
