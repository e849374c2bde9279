// Making a run from a runbook (see RunCreation.h).
#include "RunCreation.h"

#include "ExportTarget.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>

namespace golive {

namespace {

qsizetype countSeverity(const QList<Diagnostic>& diagnostics, Diagnostic::Severity severity)
{
    return std::count_if(diagnostics.cbegin(), diagnostics.cend(),
                         [severity](const Diagnostic& d) { return d.severity == severity; });
}

} // namespace

std::optional<RunRoster> readRosterFile(const QString& path, bool signaturesRequired,
                                        QString* error)
{
    const auto fail = [&](const QString& why) -> std::optional<RunRoster> {
        if (error)
            *error = QStringLiteral("the roster %1 %2").arg(path, why);
        return std::nullopt;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("does not exist"));
    if (!info.isFile())
        return fail(QStringLiteral("is not a file"));
    if (info.size() > kMaxRosterBytes)
        return fail(QStringLiteral("is larger than %1 KiB; an allowed_signers file is a few "
                                   "lines per person")
                        .arg(kMaxRosterBytes / 1024));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot be read: %1").arg(file.errorString()));
    // Read one byte past the limit, so a file that grew since it was measured is refused too.
    const QByteArray bytes = file.read(kMaxRosterBytes + 1);
    if (bytes.size() > kMaxRosterBytes)
        return fail(QStringLiteral("is larger than %1 KiB").arg(kMaxRosterBytes / 1024));
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(bytes);
    if (utf8.hasError())
        return fail(QStringLiteral("is not UTF-8 text"));
    RunRoster roster;
    roster.allowedSigners = text;
    roster.signaturesRequired = signaturesRequired;
    return roster;
}

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
                                        const std::optional<RunDashboardVersion>& dashboard,
                                        const RunRoster& roster)
{
    Result r = checkTarget(out);
    if (r.outcome != Outcome::Created)
        return r;
    if (!runbook.usable()) {
        r.outcome = Outcome::RunbookErrors;
        return r;
    }
    r.run = RunLedger::create(out, runbook.bytes, runbookName, &r.error, dashboard, roster);
    r.outcome = r.run ? Outcome::Created : Outcome::CreateFailed;
    return r;
}

} // namespace golive
