// Evidence on the record: files attached to an item and the output of commands run from the
// runbook. The bytes themselves are kept in the run beside the ledger, content-addressed by
// SHA-256 (RunLedger::putBlob); the event that records them names that hash, so the chain
// covers the evidence.
#pragma once

#include "SignOffEvent.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace golive {

class RunState;

// What an evidence-attached event records: itemId = the item, fieldKey = the lower-case hex
// SHA-256 of the file's bytes, text = compact JSON {"name","size","type"} (attachmentEventText).
struct AttachmentRecord
{
    QString name;      // the file's name as attached (no folder), e.g. "smoke.log"
    qint64 size = 0;   // bytes
    QString mediaType; // "text/plain", "image/png", "application/octet-stream", ...
    QString sha256;    // lower-case hex; the event's fieldKey
};

// How a command run from the runbook ended.
enum class CommandOutcome
{
    Exited,   // it exited by itself; exitCode is its status (127: the shell found no such command)
    TimedOut, // it ran past its timeout and was killed (with everything it started)
    Stopped,  // someone pressed Stop (or Ctrl+C at `golive exec`); it was killed
    FailedToStart, // the shell itself could not be started
    Crashed,       // it died of a signal nobody sent from golive
    Interrupted,   // golive itself ended while it ran; recorded from the journal on next start
};
QString commandOutcomeName(CommandOutcome outcome); // "exited", "timed-out", "stopped", ...
std::optional<CommandOutcome> commandOutcomeFromName(const QString& name);

// What a command-run event records: itemId = the item, fieldKey = the lower-case hex SHA-256 of
// the output kept (stdout and stderr merged, in order, after redaction and the cap), text =
// compact JSON of the rest (commandEventText).
struct CommandRecord
{
    QString command;    // exactly as run (the runbook's text, or what `golive exec` was given)
    QString workingDir; // absolute
    QString shell;      // the program that ran it: "/bin/bash" (run as SHELL -c COMMAND)
    int block = 0;      // which of the item's commands (1-based, RunbookItem::commands); 0: none
    CommandOutcome outcome = CommandOutcome::Exited;
    int exitCode = 0; // when outcome is Exited; -1 otherwise
    QDateTime startUtc;
    QDateTime endUtc;
    qint64 durationMs = 0;
    qint64 outputBytes = 0; // bytes the command wrote in all (before the cap)
    qint64 keptBytes = 0;   // bytes kept (the blob's size): at most the cap plus the cut note
    bool truncated = false; // output was cut (the kept text says where)
    int redactions = 0;     // secrets replaced by "[REDACTED]" before it was stored
    QString outputSha256;   // lower-case hex; the event's fieldKey
};

// The JSON an evidence event's text holds, compact with sorted keys; and back. The parse
// refuses (nullopt, with words in *error) anything golive would not write: unknown or
// missing keys, wrong types, a negative size.
QString attachmentEventText(const AttachmentRecord& record);
std::optional<AttachmentRecord> attachmentFromEvent(const SignOffEvent& event,
                                                    QString* error = nullptr);
QString commandEventText(const CommandRecord& record);
std::optional<CommandRecord> commandFromEvent(const SignOffEvent& event, QString* error = nullptr);

// `event` (EvidenceAttached or CommandRun) naming the bytes stored for it: fieldKey = sha256,
// and the size in its text (an attachment's size; a command's keptBytes) set to `size`.
SignOffEvent withBlob(SignOffEvent event, const QString& sha256, qint64 size);

// The events that carry evidence: EvidenceAttached and CommandRun.
bool isEvidence(EventKind kind);

// One line naming a piece of evidence, for the timeline, a list and a PDF row:
//   "smoke.log (12.4 KiB, SHA-256 3f2a9c01b7de…)"
//   "`make smoke` exited 0 after 1 min 02 s"  ("timed out after 15 min", "stopped after 8 s")
// Text from the record is shown as data: displaySafe() is the caller's (this is plain text).
QString evidenceSummary(const SignOffEvent& event);
// "12.4 KiB", "25.0 MiB", "512 B".
QString byteSize(qint64 bytes);
// How long a command ran: "0.4 s", "42 s", "3 min 07 s", "1 h 05 min".
QString durationWords(qint64 ms);

// The evidence a sign-off names: a Signed event's fieldKey "evidence:12,15" (seqs ascending,
// no repeats). Empty for an event naming none. (A cutover step signed out of order keeps its
// fieldKey for the override, so it names no evidence.)
QList<qint64> evidenceReferences(const SignOffEvent& event);
QString evidenceReferenceKey(QList<qint64> seqs); // "evidence:12,15"; empty for none

// The rules (RunState::validate asks them):
// - an evidence event: not by an observer, on an item of the runbook, its text what golive
//   writes, its fieldKey a SHA-256; the store checks the bytes are there.
// - a sign-off's references: each an evidence event of the same item already recorded.
bool evidenceRefusal(const RunState& state, const SignOffEvent& event, QString* error);
bool evidenceReferenceRefusal(const RunState& state, const SignOffEvent& event, QString* error);

// Limits, each overridable (Settings, the command line's options).
inline constexpr qint64 DefaultMaxAttachmentBytes = 25LL * 1024 * 1024;
inline constexpr qint64 DefaultMaxOutputBytes = 5LL * 1024 * 1024;
inline constexpr int DefaultCommandTimeoutSeconds = 15 * 60;

} // namespace golive
