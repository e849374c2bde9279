// Making a run from a runbook (see RunCreation.h).
#include "RunCreation.h"

#include "ExportTarget.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace golive {

namespace {

qsizetype countSeverity(const QList<Diagnostic>& diagnostics, Diagnostic::Severity severity)
{
    return std::count_if(diagnostics.cbegin(), diagnostics.cend(),
                         [severity](const Diagnostic& d) { return d.severity == severity; });
}

} // namespace

LoadedRunbook LoadedRunbook::fromFile(const QString& path)
{
    LoadedRunbook loaded;
    const QFileInfo info(path);
    if (info.isFile() && info.size() <= RunbookParser::MaxBytes) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            loaded.bytes = file.readAll();
            loaded.sha256 = QString::fromLatin1(
                QCryptographicHash::hash(loaded.bytes, QCryptographicHash::Sha256).toHex());
            loaded.result = RunbookParser::parse(loaded.bytes, path);
            return loaded;
        }
    }
    // Missing, unreadable, a folder or too large: the parser says which in its own words.
    loaded.result = RunbookParser::parseFile(path);
    if (loaded.result.ok()) {
        Diagnostic d;
        d.file = path;
        d.pos = {1, 1};
        d.message = QStringLiteral("cannot read this file");
        loaded.result.diagnostics.append(d);
    }
    return loaded;
}

LoadedRunbook LoadedRunbook::fromText(const QByteArray& bytes, const QString& name)
{
    LoadedRunbook loaded;
    loaded.bytes = bytes;
    loaded.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    loaded.result = RunbookParser::parse(bytes, name);
    return loaded;
}

qsizetype LoadedRunbook::errorCount() const
{
    return countSeverity(result.diagnostics, Diagnostic::Severity::Error);
}

qsizetype LoadedRunbook::warningCount() const
{
    return countSeverity(result.diagnostics, Diagnostic::Severity::Warning);
}

RunCreation::Result RunCreation::checkTarget(const QString& out)
{
    Result r;
    r.outcome = Outcome::Created;
    // A server run is no file: the server itself refuses a name that is taken, in the same
    // transaction that would create it.
    if (RunLedger::isServerLocation(out))
        return r;
    if (QFileInfo::exists(out)) {
        r.outcome = Outcome::TargetExists;
    } else if (const QString why = newRunRefusal(out); !why.isEmpty()) {
        r.outcome = Outcome::TargetRefused;
        r.error = why;
    }
    return r;
}

RunCreation::Result RunCreation::create(const QString& out, const LoadedRunbook& runbook,
                                        const QString& runbookName,
                                        const std::optional<RunDashboardVersion>& dashboard)
{
    Result r = checkTarget(out);
    if (r.outcome != Outcome::Created)
        return r;
    if (!runbook.usable()) {
        r.outcome = Outcome::RunbookErrors;
        return r;
    }
    r.run = RunLedger::create(out, runbook.bytes, runbookName, &r.error, dashboard);
    r.outcome = r.run ? Outcome::Created : Outcome::CreateFailed;
    return r;
}

} // namespace golive
