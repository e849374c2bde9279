// The run (a file or a server run) on a worker thread: sign-offs are committed there, so the UI
// never waits on disk or network; on a shared server run the worker also follows what other
// workstations record, keeps the connection, and says who has the run open.
#pragma once

#include "Dashboard.h"
#include "RunFile.h"
#include "Runbook.h"
#include "SignOffEvent.h"
#include "evidence/EvidencePreview.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

namespace golive {

// What the UI needs to show a run it does not own: it takes `runbook` (parsed on the ledger
// thread, so the UI never parses up to RunbookParser::MaxBytes itself) as its own Runbook and
// folds `events` into its own RunState.
struct RunSnapshot
{
    QString path;
    QString runId;
    bool readOnly = false;
    QString warning; // e.g. why a ReadWrite open fell back to read-only
    QByteArray runbookText;
    QString runbookName;
    Runbook runbook; // runbookText as RunFile parsed it
    QString runbookSha256;
    // The roster the run was made with (RunLedger::initialRoster()): its genesis anchors it.
    RunRoster initialRoster;
    // The roster in force after its events (RunLedger::roster()), judged off the UI thread.
    RunRoster roster;
    // The run's own dashboards, oldest first (RunFile::dashboardVersions()), each checked.
    QList<RunDashboardVersion> dashboards;
    // The last of them, parsed here off the UI thread; nullopt when the run has none, or when
    // it does not read in this golive (dashboardError says why).
    std::optional<Dashboard> dashboard;
    QString dashboardError;
    QList<SignOffEvent> events;
    ChainVerification verification;
    // A server run that several workstations write at once (RunLedger::isShared()), and its
    // server as people name it ("db.example.org:5432").
    bool shared = false;
    QString host;
};

class LedgerWorker;

class AsyncLedger : public QObject
{
    Q_OBJECT
public:
    explicit AsyncLedger(QObject* parent = nullptr);
    ~AsyncLedger() override; // lets queued appends finish, closes the file, stops the thread

    // Closes any open run first. -> opened(snapshot) or openFailed(error)
    void open(const QString& path, RunLedger::Access access);
    // Queued to the worker and committed in call order.
    // -> appended(event with seq, time, hashes) or appendFailed(event as given, error)
    // Once appends have been idle for CheckpointDelayMs (and on close) the worker copies the
    // write-ahead log into the .golive, so a copy of that file alone holds every event.
    void append(const SignOffEvent& event);
    static constexpr int CheckpointDelayMs = 2000;
    void close();

    // --- Evidence (RunLedger::appendWithBlob and the blob readers), in call order with
    // append(), on the worker: the UI thread never reads or hashes the bytes.
    // Stores the file at `path` (an attachment, or a command's kept output) and then appends
    // `event` naming it. -> blobProgress(event's itemId, bytes read) while it reads, then
    // appended(event with seq, fieldKey = SHA-256, size) or appendFailed(event, error).
    // With `removeAfter`, the file is removed once the event is recorded (a command's output
    // spool), and kept when it was not.
    void appendWithFile(const SignOffEvent& event, const QString& path, qint64 maxBytes,
                        bool removeAfter = false);
    // Reads at most `maxBytes` of the bytes stored under `sha256` (a preview).
    // -> blobRead(requestId, sha256, bytes, whole, error): `whole` when that was all of them
    // (and they matched their hash); error says what failed (missing, changed, unreadable).
    void readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes);
    // Writes the bytes stored under `sha256` to `path` in full: streamed into a temporary file
    // beside it, checked against the hash, synced, then renamed over `path` (the caller asked
    // the user before replacing a file). -> blobSaved(requestId, path, error); on a failure
    // nothing is left at `path` that was not there.
    void saveBlob(quint64 requestId, const QString& sha256, const QString& path);
    // Streams the bytes stored under `sha256` once for what a report shows of them
    // (readEvidencePreview(): head, tail, the whole of a small image with `wantWhole`, whether
    // they match). -> evidencePreviewRead(requestId, sha256, preview)
    void readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole);

    // --- A shared run (RunLedger::isShared()); a run file never emits the signals below but
    // verificationChanged().
    // Who this workstation is on the run (name and role on duty; host, OS user and since are
    // filled in by the worker): announced now and with every heartbeat while the run is open.
    void setPresence(const Presence& me);
    // How often the worker asks the server for what it may have missed (notifications are the
    // fast path), announces itself, and how long it waits before trying to connect again (the
    // first wait, doubled after every failure up to the last).
    static constexpr int PollMs = 5000;
    static constexpr int HeartbeatMs = 10000;
    static constexpr int FirstRetryMs = 1000;
    static constexpr int LastRetryMs = 30000;

signals:
    void opened(const golive::RunSnapshot& snapshot);
    void openFailed(const QString& error);
    void appended(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);
    void blobProgress(const QString& itemId, qint64 bytesRead);
    void blobRead(quint64 requestId, const QString& sha256, const QByteArray& bytes, bool whole,
                  const QString& error);
    void blobSaved(quint64 requestId, const QString& path, const QString& error);
    void evidencePreviewRead(quint64 requestId, const QString& sha256,
                             const golive::EvidencePreview& preview);
    // Events other workstations recorded, oldest first, already checked against the chain.
    void appendedElsewhere(const QList<golive::SignOffEvent>& events);
    // The server cannot be reached since `sinceUtc`; the worker tries again with backoff.
    void connectionLost(const QString& host, const QDateTime& sinceUtc, const QString& error);
    // Connected again, the chain verified again (`verification`) and caught up. When the run
    // was read again whole on reconnecting (it went backwards or changed), opened() comes
    // first with the run as it is now, to be shown afresh.
    void connectionRestored(const golive::ChainVerification& verification);
    // The chain's breaks as the worker sees them now, after fetching events or reconnecting;
    // and, for a run file too, the check of its chain right after opened() (whose snapshot's
    // verification is pending until then).
    void verificationChanged(const golive::ChainVerification& verification);
    // Who has the run open now (this workstation among them).
    void presenceChanged(const QList<golive::Presence>& present);

private:
    QThread m_thread;
    LedgerWorker* m_worker = nullptr; // lives in m_thread
};

} // namespace golive

Q_DECLARE_METATYPE(golive::RunSnapshot)
Q_DECLARE_METATYPE(golive::SignOffEvent)
Q_DECLARE_METATYPE(golive::ChainVerification)
Q_DECLARE_METATYPE(golive::Presence)
