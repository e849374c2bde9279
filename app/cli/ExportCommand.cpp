// export (see ExportCommand.h).
#include "ExportCommand.h"

#include "ChecklistReport.h"
#include "CliText.h"
#include "ExportTarget.h"
#include "Timeline.h"

#include <QPageSize>

#include <utility>

namespace golive::cli {

ExportCommand::ExportCommand(QString name, QString summary)
    : RunCommand(std::move(name), std::move(summary), RunLedger::Access::ReadOnly),
      m_pdfOption(QStringLiteral("pdf"),
                  QStringLiteral("Write the signed checklist as PDF to OUT.pdf."),
                  QStringLiteral("OUT.pdf")),
      m_mdOption(QStringLiteral("md"), QStringLiteral("Write the checklist as Markdown to OUT.md."),
                 QStringLiteral("OUT.md")),
      m_jsonOption(QStringLiteral("json"),
                   QStringLiteral("Write the whole ledger as JSON to OUT.json."),
                   QStringLiteral("OUT.json")),
      m_timelineOption(QStringLiteral("timeline"),
                       QStringLiteral("Write the timeline as Markdown to OUT.md."),
                       QStringLiteral("OUT.md")),
      m_paperOption(QStringLiteral("paper"),
                    QStringLiteral("The PDF's paper: a4 or letter (default: a4)."),
                    QStringLiteral("SIZE"), QStringLiteral("a4"))
{}

QString ExportCommand::description() const
{
    return QStringLiteral(
        "Exports a run. --pdf writes the signed checklist for the audit (every item with its "
        "status, signer, role, UTC time and note; a summary per section; the event history; "
        "signature blocks; on every page the title, Page N of M and the short ledger head; on "
        "the last page a QR code with the run id and the full head, which 'golive verify "
        "--digest' checks). --md writes the same as Markdown, --json the whole ledger. "
        "--timeline writes every event (sign-offs, the Go/No-Go and the decision, phase "
        "changes, failed steps, rollback steps, and what the window observed: alerts, SLO "
        "breaches, health changes) as a Markdown table for the postmortem. A run with evidence "
        "gets an evidence appendix (in the PDF with the first and last lines of each command's "
        "output and thumbnails of images; every blob is read and checked against its SHA-256). "
        "Needs no display. "
        "Opens the run read-only; each file is replaced as a whole, or not at all; never the run, "
        "a file SQLite or golive keeps beside it, or any other golive run (by its contents).");
}

QString ExportCommand::usage() const
{
    return QStringLiteral("golive export [--run RUN] [--pdf OUT.pdf [--paper a4|letter]] "
                          "[--md OUT.md] [--json OUT.json] [--timeline OUT.md]");
}

void ExportCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption(m_pdfOption);
    parser.addOption(m_mdOption);
    parser.addOption(m_jsonOption);
    parser.addOption(m_timelineOption);
    parser.addOption(m_paperOption);
    addRunOption(parser);
}

int ExportCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString usage = this->usage();
    if (!parser.isSet(m_pdfOption) && !parser.isSet(m_mdOption) && !parser.isSet(m_jsonOption) &&
        !parser.isSet(m_timelineOption)) {
        c.err << "golive export: say what to write with --pdf, --md, --json or --timeline; "
                 "nothing was written\nUsage: "
              << usage << Qt::endl;
        return ExitUsage;
    }
    const QString paper = parser.value(m_paperOption).trimmed().toLower();
    QPageSize::PageSizeId pageSize = QPageSize::A4;
    if (paper == QLatin1String("letter"))
        pageSize = QPageSize::Letter;
    else if (paper != QLatin1String("a4")) {
        c.err << "golive export: --paper '" << parser.value(m_paperOption)
              << "' is not a4 or letter; nothing was written\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }

    const auto runFile = openRun(c, parser);
    if (!runFile)
        return ExitFailure;
    const ChainVerification& v = runFile->verification();
    if (!v.intact()) {
        c.err << "golive export: warning: " << native(runFile->path()) << ": " << v.summary()
              << "; the export shows the record as it is, with the break named" << Qt::endl;
    }
    if (outputsRefused(c, parser, *runFile))
        return ExitFailure;
    return writeOutputs(c, parser, *runFile, pageSize);
}

bool ExportCommand::outputsRefused(Console& c, const QCommandLineParser& parser,
                                   const RunLedger& run) const
{
    // Every output is checked before anything is written: one that is the run (by any name),
    // a file beside it, or another golive run refuses the whole export.
    bool refusedAny = false;
    for (const QCommandLineOption* option :
         {&m_pdfOption, &m_mdOption, &m_jsonOption, &m_timelineOption}) {
        if (!parser.isSet(*option))
            continue;
        const QString why = exportRefusal(parser.value(*option), run.path());
        if (!why.isEmpty()) {
            c.err << "golive export: " << why << Qt::endl;
            refusedAny = true;
        }
    }
    return refusedAny;
}

int ExportCommand::writeOutputs(Console& c, const QCommandLineParser& parser, const RunLedger& run,
                                QPageSize::PageSizeId pageSize) const
{
    const RunLedger* const runFile = &run;
    const QCommandLineOption& pdfOpt = m_pdfOption;
    const QCommandLineOption& mdOpt = m_mdOption;
    const QCommandLineOption& jsonOpt = m_jsonOption;
    const QCommandLineOption& timelineOpt = m_timelineOption;
    const QString head = shortHash(runFile->headHash());
    const auto writeFile = [&](const QString& out, const QByteArray& bytes) {
        QString error;
        if (!writeExport(out, bytes, runFile->path(), &error)) {
            c.err << "golive export: " << error << Qt::endl;
            return false;
        }
        return true;
    };

    int result = ExitOk;
    const ReportInput report = ReportInput::fromRunFile(*runFile);
    if (parser.isSet(pdfOpt)) {
        const QString out = parser.value(pdfOpt);
        QString error;
        if (writePdf(report, out, pageSize, &error)) {
            c.out << "wrote the signed checklist of " << native(runFile->path()) << " ("
                  << plural(runFile->events().size(), "event", "events") << ", ledger head " << head
                  << ") to " << native(out) << "\n";
        } else {
            c.err << "golive export: " << naming(out, error) << Qt::endl;
            result = ExitFailure;
        }
    }
    if (parser.isSet(mdOpt)) {
        const QString out = parser.value(mdOpt);
        if (writeFile(out, toMarkdown(report)))
            c.out << "wrote the checklist as Markdown to " << native(out) << "\n";
        else
            result = ExitFailure;
    }
    if (parser.isSet(jsonOpt)) {
        const QString out = parser.value(jsonOpt);
        if (writeFile(out, toJson(report)))
            c.out << "wrote the whole ledger as JSON to " << native(out) << "\n";
        else
            result = ExitFailure;
    }
    if (parser.isSet(timelineOpt)) {
        const QString out = parser.value(timelineOpt);
        const QByteArray markdown =
            timelineMarkdown(runFile->state(), runFile->runId(), QDateTime::currentDateTimeUtc(),
                             runFile->headHash());
        if (writeFile(out, markdown))
            c.out << "wrote the timeline of " << native(runFile->path()) << " ("
                  << plural(buildTimeline(runFile->state()).size(), "entry", "entries") << ", "
                  << plural(runFile->events().size(), "event", "events") << ", ledger head " << head
                  << ") to " << native(out) << "\n";
        else
            result = ExitFailure;
    }
    return result;
}

} // namespace golive::cli
