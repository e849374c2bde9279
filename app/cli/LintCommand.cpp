// lint (see LintCommand.h).
#include "LintCommand.h"

#include "CliText.h"
#include "RunCreation.h"
#include "RunbookJson.h"
#include "RunbookOutline.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <utility>

namespace golive::cli {

LintCommand::LintCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_jsonOption(
          QStringLiteral("json"),
          QStringLiteral("Print the runbook as golive understands it (fields, sections, nested "
                         "items, diagnostics) as JSON on stdout."))
{}

QString LintCommand::description() const
{
    return QStringLiteral(
        "Checks a Markdown go-live runbook the way golive reads it. Problems are "
        "printed on stderr as FILE:LINE:COL: error|warning: message.\nWithout "
        "--json a one-line summary and an outline go to stdout: the title, each tab with its "
        "item count, and its groups indented by depth (a bullet or bold line "
        "that holds checkboxes is marked as not checkable; a group with no item "
        "as reading material).");
}

QString LintCommand::usage() const
{
    return QStringLiteral("golive lint [--json] RUNBOOK");
}

void LintCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("RUNBOOK"),
                                 QStringLiteral("The Markdown runbook to check."));
    parser.addOption(m_jsonOption);
}

int LintCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString path = parser.positionalArguments().constFirst();
    const LoadedRunbook loaded = LoadedRunbook::fromFile(path);
    const RunbookParseResult& result = loaded.result;
    printDiagnostics(c, result.diagnostics);
    const qsizetype errors = loaded.errorCount();
    const qsizetype warnings = loaded.warningCount();
    const bool ok = loaded.usable();

    if (parser.isSet(m_jsonOption)) {
        QJsonObject o = runbookToJson(result.runbook, {}, loaded.bytes);
        o.insert(QStringLiteral("file"), path);
        o.insert(QStringLiteral("sha256"),
                 loaded.sha256.isEmpty() ? QJsonValue() : QJsonValue(loaded.sha256));
        o.insert(QStringLiteral("ok"), ok);
        o.insert(QStringLiteral("diagnostics"), diagnosticsToJson(result.diagnostics));
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (ok) {
        const Runbook& rb = result.runbook;
        const qsizetype placeholders =
            std::count_if(rb.fields.cbegin(), rb.fields.cend(),
                          [](const RunbookField& f) { return f.isPlaceholder; });
        c.out << native(path) << ": ok: " << quoted(rb.title) << ", "
              << plural(rb.sections.size(), "section", "sections") << ", "
              << plural(rb.checkableCount(), "item", "items") << ", "
              << plural(rb.fields.size(), "field", "fields") << " (" << placeholders
              << " to fill), " << plural(warnings, "warning", "warnings") << "\n";
        c.out << "\n" << outlineText(rb, loaded.bytes);
    }
    if (!ok) {
        c.err << native(path) << ": " << plural(errors, "error", "errors") << ", "
              << plural(warnings, "warning", "warnings")
              << "; golive cannot make a run from it until the errors are fixed" << Qt::endl;
    }
    return ok ? ExitOk : ExitFailure;
}

} // namespace golive::cli
