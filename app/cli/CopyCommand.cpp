// copy (see CopyCommand.h).
#include "CopyCommand.h"

#include "CliText.h"
#include "RunFile.h"

#include <QFileInfo>

#include <utility>

namespace golive::cli {

CopyCommand::CopyCommand(QString name, QString summary)
    : RunCommand(std::move(name), std::move(summary), RunLedger::Access::ReadOnly),
      m_outOption(QStringLiteral("out"),
                  QStringLiteral("The run file to write (should end in .golive; never "
                                 "overwritten)."),
                  QStringLiteral("FILE"))
{}

QString CopyCommand::description() const
{
    return QStringLiteral(
        "Writes a run (a server run, or another run file) into a new, self-contained .golive "
        "file: the same run id, runbook, dashboards and events, verbatim, so its chain ends on "
        "the same head and 'golive verify --run FILE' checks it with no server. For auditors "
        "and archives. The run is only read; the file is written under a temporary name, "
        "checked, and only then given its name, and never replaces an existing file.");
}

QString CopyCommand::usage() const
{
    return QStringLiteral("golive copy --run postgresql://USER@HOST:PORT/DB?run=NAME --out "
                          "FILE.golive");
}

void CopyCommand::addOptions(QCommandLineParser& parser)
{
    addRunOption(parser);
    parser.addOption(m_outOption);
}

int CopyCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString out = parser.value(m_outOption);
    if (out.isEmpty())
        return usageError(c, QStringLiteral("say where to write the copy with --out FILE; "
                                            "nothing was written"));
    if (RunLedger::isServerLocation(out))
        return usageError(c, QStringLiteral("--out %1 is a server run; to upload a run file "
                                            "there, use 'golive publish'; nothing was written")
                                 .arg(native(out)));
    const auto source = openRun(c, parser);
    if (!source)
        return ExitFailure;
    const ChainVerification v = source->verify();
    QString error;
    if (!RunFile::createCopy(out, *source, &error)) {
        c.err << "golive copy: " << withSafety(error, QStringLiteral("nothing was written"))
              << Qt::endl;
        return ExitFailure;
    }
    c.out << "copied " << native(source->path()) << " to " << native(out) << ": run id "
          << source->runId() << ", " << plural(v.eventCount, "event", "events") << ", head "
          << QString::fromLatin1(source->headHash()) << "\n";
    if (QFileInfo(out).suffix() != QLatin1String(RunFile::Extension))
        c.err << "golive copy: warning: " << native(out)
              << " does not end in .golive; the window's Open dialog looks for .golive files"
              << Qt::endl;
    // A broken record is copied as it is (an archive keeps the evidence), and said.
    if (!v.intact()) {
        c.err << "golive copy: warning: " << native(source->path()) << ": " << v.summary()
              << "; the copy holds the same break, and 'golive verify' will name it" << Qt::endl;
    }
    return ExitOk;
}

} // namespace golive::cli
