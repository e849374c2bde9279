// Making a run from a runbook, as `golive new` and the window's New run both do it: the target
// is checked first, a runbook with errors makes no run, and nothing is ever overwritten.
#pragma once

#include "RunFile.h"
#include "RunbookParser.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace golive {

// A runbook as read for a run: its exact bytes, their SHA-256 and what the parser made of them.
struct LoadedRunbook
{
    QByteArray bytes;
    QString sha256; // hex; empty when the file could not be read
    RunbookParseResult result;

    // Reads and parses the file; a missing, unreadable, too large file or a folder comes back
    // with a diagnostic saying so in the parser's words.
    static LoadedRunbook fromFile(const QString& path);
    // Parses runbook text that is not a file (the bundled runbook); `name` names it in
    // diagnostics.
    static LoadedRunbook fromText(const QByteArray& bytes, const QString& name);

    qsizetype errorCount() const;
    qsizetype warningCount() const;
    // Whether a run may be made from it: it parsed, with no error.
    bool usable() const { return result.ok() && errorCount() == 0; }
};

// A roster for a new run read from an allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS),
// as `golive new --allowed-signers FILE` gives it: at most kMaxRosterBytes of UTF-8 text.
// nullopt with words (missing, a folder, too large, not UTF-8, unreadable); whether the lines
// read as keys is judged by RunLedger::create, which makes no run of a roster that does not.
constexpr qint64 kMaxRosterBytes = 256 * 1024;
std::optional<RunRoster> readRosterFile(const QString& path, bool signaturesRequired,
                                        QString* error);

class RunCreation
{
public:
    enum class Outcome
    {
        Created,
        TargetExists,  // golive never overwrites a run
        TargetRefused, // newRunRefusal(): not a place a run may go (error says why)
        RunbookErrors, // the runbook has errors (its diagnostics say which)
        CreateFailed   // the run file could not be made (error says why)
    };

    struct Result
    {
        Outcome outcome = Outcome::CreateFailed;
        QString error; // TargetRefused and CreateFailed: in words, possibly empty for the latter
        std::unique_ptr<RunLedger> run; // Created only
    };

    // Whether a run may be made at `out`: Created when it may (nothing is made), else
    // TargetExists or TargetRefused.
    static Result checkTarget(const QString& out);
    // Creates the run `out` from `runbook` (named `runbookName` in the run), checking, in this
    // order, that `out` does not exist, that a run may go there, and that the runbook is usable.
    // `dashboard` (dashboardForNewRun()) is embedded in the run when given; `roster`
    // (readRosterFile()) is the run's, anchored in its genesis (RunLedger::create refuses one
    // that does not read, and signatures required without one).
    static Result create(const QString& out, const LoadedRunbook& runbook,
                         const QString& runbookName,
                         const std::optional<RunDashboardVersion>& dashboard = std::nullopt,
                         const RunRoster& roster = {});
};

} // namespace golive
