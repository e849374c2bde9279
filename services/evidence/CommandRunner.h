// Runs one command from the runbook the way a war room needs it: in the user's shell, in its
// own session and process group (so Stop and the timeout end everything it started, and it has
// no controlling terminal to stop on), output streamed as it comes, secrets redacted and the
// kept output capped before anything is stored, and a journal on disk from the first byte so
// golive ending mid-run loses nothing (CommandJournal).
//
// The runner does its reading and redaction on its own thread; its signals arrive on the
// thread that made it. The window and `golive exec` both use it.
#pragma once

#include "evidence/Evidence.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace golive {

struct CommandSpec
{
    QString itemId;
    int block = 0;      // RunbookItem::commands index, 1-based; 0: given on the command line
    QString command;    // run as SHELL -c COMMAND
    QString workingDir; // must exist
    QString shell;      // empty: $SHELL, else /bin/sh
    int timeoutSeconds = DefaultCommandTimeoutSeconds; // 0: none
    qint64 maxOutputBytes = DefaultMaxOutputBytes;     // what is kept: the first 80 % and the
                                                       // last 20 %, with a note where cut
    QStringList redactionPatterns; // Redactor::fromPatterns; empty: Redactor::defaultPatterns()
    // The journal's folder (CommandJournal::defaultFolder() unless a test gives its own), and
    // what the journal says about the run and the actor, for recording an interrupted run
    // later.
    QString journalFolder;
    QString runId;
    QString runLocation;
    Actor actor;
};

class CommandRunner : public QObject
{
    Q_OBJECT
public:
    explicit CommandRunner(QObject* parent = nullptr);
    // Kills a command still running (its whole group, at once). No finished() follows: its
    // journal stays, so it is recorded as interrupted, with its output, on the next start.
    ~CommandRunner() override;

    // Starts `spec`; false with words when it cannot (a runner already running, no such
    // folder, patterns that do not compile, the journal cannot be written).
    bool start(const CommandSpec& spec, QString* error);
    bool isRunning() const;
    // The lock on the last command's journal, handed over: the runner holds it no longer.
    // Whoever records the journal keeps it until its event is recorded or given up, so no
    // other golive takes the journal for left over meanwhile; dropping it lets one do so (the
    // next open of the run, here or elsewhere). Null when there is none.
    std::shared_ptr<const int> takeJournalLock();
    // Kills the command's whole process group (SIGTERM, then SIGKILL after 3 s). finished()
    // follows with CommandOutcome::Stopped.
    void stop();

signals:
    // Output as it comes, redacted, at most about ten times a second: the raw bytes (for a
    // terminal that renders them) and how many bytes were written so far in all. When output
    // floods faster than a pane can show, only the newest part of each batch comes (at most
    // 64 KiB per signal) and `skipped` says how many bytes were left out of the live view
    // (never out of what is kept).
    void output(const QByteArray& bytes, qint64 skipped);
    // The command ended: `record` filled in except outputSha256 and keptBytes (the store fills
    // those in when it keeps `spoolPath`, the kept output). The journal stays until the caller
    // calls CommandJournal::remove() after the event is recorded.
    void finished(const golive::CommandRecord& record, const QString& spoolPath,
                  const QString& journalPath);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// The journal of a command while it runs: <folder>/<uuid>.json (the spec and the start time)
// and <folder>/<uuid>.out (the kept output so far). What is left of one after golive ended is
// recorded on the next start as an Interrupted command-run event, with its output.
struct JournalEntry
{
    QString jsonPath;
    QString spoolPath;
    CommandSpec spec;
    CommandRecord record; // outcome Interrupted, endUtc = the spool's last write
    // The journal's lock (flock on <uuid>.lock), held while this entry or a copy lives: no
    // other golive takes up the same journal meanwhile. Remove the journal before letting go.
    std::shared_ptr<const int> lock;
};

namespace CommandJournal {
// <AppDataLocation>/running
QString defaultFolder();
// Journals left for the run `runId`, oldest first; unreadable ones are named in *problems.
// A journal another golive holds the lock of (its command still runs, or its event is being
// recorded) is not left over, and is not named.
QList<JournalEntry> leftOver(const QString& folder, const QString& runId, QStringList* problems);
// Removes a journal once its event is recorded. False with words.
bool remove(const QString& jsonPath, QString* error);
} // namespace CommandJournal

} // namespace golive

Q_DECLARE_METATYPE(golive::CommandRecord)
