// runs (see RunsCommand.h).
#include "RunsCommand.h"

#include "CliText.h"
#include "RunLedger.h"
#include "SafeText.h"
#include "server/ServerLocation.h"
#include "server/ServerRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

namespace golive::cli {

namespace {

using Summary = ServerRun::Summary;

QJsonValue timeOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject toJson(const Summary& r, const QString& location)
{
    QJsonObject o{
        {QStringLiteral("name"), r.name},
        {QStringLiteral("uri"), native(location)},
        {QStringLiteral("title"), r.title},
        {QStringLiteral("phase"), r.phase},
        {QStringLiteral("progress"), QJsonObject{{QStringLiteral("done"), r.progress.done},
                                                 {QStringLiteral("total"), r.progress.total}}},
        {QStringLiteral("events"), r.eventCount},
        {QStringLiteral("lastEvent"), timeOrNull(r.lastEventUtc)},
    };
    if (!r.problem.isEmpty())
        o.insert(QStringLiteral("problem"), r.problem);
    return o;
}

QStringList toRow(const Summary& r)
{
    const QString last =
        r.eventCount == 0
            ? QStringLiteral("none yet")
            : QStringLiteral("#%1 at %2").arg(r.eventCount).arg(displayTime(r.lastEventUtc));
    if (!r.problem.isEmpty())
        return {r.name, r.title, QStringLiteral("(cannot be read here: %1)").arg(r.problem),
                QString(), last};
    return {r.name, r.title, r.phase, r.progress.toString(), last};
}

// `uri` with its `run` parameter set to `name`, as it may be printed: no password (the user
// gives it again, or golive finds it where it found this one).
QString withRun(const QString& uri, const QString& name)
{
    ServerLocation loc;
    if (!ServerLocation::parse(uri, &loc, nullptr))
        return ServerLocation::shownUri(uri);
    return loc.withRun(name).shown();
}

} // namespace

RunsCommand::RunsCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_jsonOption(QStringLiteral("json"), QStringLiteral("Print the runs as JSON on stdout."))
{}

QString RunsCommand::description() const
{
    return QStringLiteral(
        "Lists the runs a PostgreSQL database holds, by name: the runbook's title, the phase, "
        "the progress (items done of all) and the last event. Open one with --run "
        "'postgresql://USER@HOST:PORT/DB?run=NAME'. Only reads.");
}

QString RunsCommand::usage() const
{
    return QStringLiteral("golive runs postgresql://USER@HOST:PORT/DB [--json]");
}

void RunsCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("URI"),
                                 QStringLiteral("The database: postgresql://USER@HOST:PORT/DB."));
    parser.addOption(m_jsonOption);
}

int RunsCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString uri = parser.positionalArguments().constFirst();
    if (!RunLedger::isServerLocation(uri))
        return usageError(c, QStringLiteral("%1 is not a PostgreSQL URI "
                                            "(postgresql://USER@HOST:PORT/DB); a run file is "
                                            "shown by 'golive status --run FILE'")
                                 .arg(quoted(uri)));
    QString error;
    const QList<Summary> runs = ServerRun::listRuns(uri, &error);
    if (!error.isEmpty()) {
        c.err << "golive runs: " << naming(uri, error) << Qt::endl;
        return ExitFailure;
    }
    if (parser.isSet(m_jsonOption)) {
        QJsonArray array;
        for (const Summary& r : runs)
            array.append(toJson(r, withRun(uri, r.name)));
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("database"), native(uri)},
                                           {QStringLiteral("runs"), array}})
                     .toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    if (runs.isEmpty()) {
        c.out << native(uri) << ": no runs yet; create one with 'golive new --runbook RUNBOOK "
              << "--out " << shellArgument(native(withRun(uri, QStringLiteral("NAME")))) << "'\n";
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("TITLE"),
                             QStringLiteral("PHASE"), QStringLiteral("PROGRESS"),
                             QStringLiteral("LAST EVENT")}};
    for (const Summary& r : runs)
        rows.append(toRow(r));
    c.out << native(uri) << ": " << plural(runs.size(), "run", "runs") << "\n" << table(rows);
    return ExitOk;
}

} // namespace golive::cli
