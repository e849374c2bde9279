// The base of the commands that open a run (see RunCommand.h).
#include "RunCommand.h"

#include "AppPaths.h"
#include "CliText.h"

#include <QFileInfo>

#include <utility>

namespace golive::cli {

RunCommand::RunCommand(QString name, QString summary, RunLedger::Access access)
    : Command(std::move(name), std::move(summary)), m_access(access),
      m_runOption(QStringLiteral("run"),
                  QStringLiteral("The run: a .golive file, or a run on a PostgreSQL server as "
                                 "postgresql://USER@HOST:PORT/DB?run=NAME (default: %1).")
                      .arg(native(defaultRunPath())),
                  QStringLiteral("RUN")),
      m_waitOption(QStringLiteral("wait"),
                   QStringLiteral("While another golive has the run file open, wait up to "
                                  "SECONDS for it to be closed (default 10; 0 does not wait). A "
                                  "server run takes every writer at once and never waits."),
                   QStringLiteral("SECONDS"), QStringLiteral("10"))
{}

std::optional<int> RunCommand::waitMilliseconds(Console& c, const QCommandLineParser& parser,
                                                int* milliseconds) const
{
    bool ok = false;
    const double seconds = parser.value(m_waitOption).toDouble(&ok);
    if (!ok || seconds < 0 || seconds > 24 * 3600)
        return usageError(c, QStringLiteral("--wait '%1' is not a number of seconds from 0 to "
                                            "86400; nothing was written")
                                 .arg(parser.value(m_waitOption)));
    *milliseconds = int(seconds * 1000);
    return std::nullopt;
}

std::unique_ptr<RunLedger> RunCommand::openRun(Console& c, const QCommandLineParser& parser,
                                               int lockWaitMs,
                                               std::optional<RunLedger::Access> access) const
{
    const RunLedger::Access mode = access.value_or(m_access);
    const bool writes = mode == RunLedger::Access::ReadWrite;
    const QString safe =
        writes ? QStringLiteral("nothing was written") : QStringLiteral("nothing was changed");
    QString error;
    QString warning;
    std::unique_ptr<RunLedger> run;
    QString path = parser.value(m_runOption);
    if (path.isEmpty() && !QFileInfo::exists(defaultRunPath())) {
        path = defaultRunPath();
        bool created = false;
        run = openOrCreateDefaultRun(mode, &error, &warning, &created);
        if (created) {
            c.err << "golive " << name() << ": created the default run " << native(path)
                  << " from the bundled runbook" << Qt::endl;
        }
    } else {
        if (path.isEmpty())
            path = defaultRunPath();
        run = RunLedger::open(path, mode, &error, &warning, lockWaitMs);
    }
    if (!warning.isEmpty())
        c.err << "golive " << name() << ": warning: " << naming(path, warning) << Qt::endl;
    if (!run) {
        if (error.isEmpty())
            error = QStringLiteral("cannot open this run");
        c.err << "golive " << name() << ": " << withSafety(naming(path, error), safe) << Qt::endl;
        return nullptr;
    }
    printHeadRecordWarning(c, *run);
    if (writes && run->isReadOnly()) {
        c.err << "golive " << name() << ": " << native(run->path())
              << " can only be read here; nothing was written" << Qt::endl;
        return nullptr;
    }
    return run;
}

void RunCommand::printHeadRecordWarning(Console& c, const RunLedger& run) const
{
    if (!run.headRecordWarning().isEmpty())
        c.err << "golive " << name() << ": warning: " << run.headRecordWarning()
              << " (the run itself is unaffected)" << Qt::endl;
}

} // namespace golive::cli
