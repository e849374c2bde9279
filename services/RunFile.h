// A go-live run on disk: one SQLite file (.golive) holding the exact runbook text it was made
// from (with its SHA-256) and the append-only, hash-chained sign-off ledger.
#pragma once

#include "HeadRecord.h"
#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

class QLockFile;
class QSqlDatabase;
class QSqlQuery;

namespace golive {

struct ChainBreak
{
    qint64 seq = 0;  // the event that does not verify
    QString problem; // "its contents were changed after it was written", ...
    // Hex SHA-256 that the event's stored contents compute to now (equal to its stored hash
    // when only its link to the previous event is broken): what an acknowledgement names, so
    // changing the event again makes it a new, unacknowledged break.
    QByteArray contentHash;
    qint64 acknowledgedBy = 0; // seq of the ChainBreakAcknowledged event naming it, or 0
    // Not a bad event but a run that went backwards: this computer saw it with more events (or
    // with another event at seq) than the file holds now. seq is then the count seen, and
    // contentHash the head seen, so its acknowledgement names exactly what was lost.
    bool wentBack = false;
};

struct ChainVerification
{
    bool intact() const { return breaks.isEmpty(); }
    QList<ChainBreak> breaks;
    // Breaks that no later, itself intact, ChainBreakAcknowledged event names (by seq and
    // content hash) in its fieldKey.
    QList<ChainBreak> unacknowledged;
    qint64 eventCount = 0;
    QByteArray head; // hash of the last event (the run's genesis when it has none)

    QString summary() const; // one line for banners and the command line
    // The fieldKey of a ChainBreakAcknowledged event that accepts exactly the unacknowledged
    // breaks: "seq:contentHash" for each, ascending by seq, comma-separated ("7:ab12…,9:cd34…").
    // Empty when there is nothing to acknowledge. RunFile::append() takes no other key.
    QString acknowledgementKey() const;
};

// A dashboard kept in a run file: the exact JSON bytes it was given, their SHA-256 and the name
// of the file they were read from.
struct RunDashboardVersion
{
    QByteArray bytes;
    QString sha256; // lower-case hex, of bytes
    QString name;   // "summit.json"
    qint64 seq = 0; // the dashboard-set event that made it the run's; 0: embedded at creation

    // bytes and name as given, sha256 computed.
    static RunDashboardVersion of(const QByteArray& bytes, const QString& name);
};

class RunFile
{
public:
    enum class Access
    {
        ReadWrite, // for writers: refused while another golive holds the file
        ReadOnly,
        // For the window: ReadWrite when possible; when another golive holds the file, or it
        // cannot be written here, opens it ReadOnly and says why in *warning.
        PreferReadWrite
    };
    // 1: meta + events tables. 2: append-only triggers on events, index on item_id.
    static constexpr int SchemaVersion = 2;
    // PRAGMA application_id of every golive run file ("GoLv"), so another program's SQLite
    // file is refused instead of being read as a run.
    static constexpr int ApplicationId = 0x476f4c76;
    static constexpr const char* Extension = "golive";

    ~RunFile();
    RunFile(const RunFile&) = delete;
    RunFile& operator=(const RunFile&) = delete;

    // Creates a new run file from runbook text; refuses to overwrite an existing file.
    // The runbook must parse without errors. `dashboard` (optional): the dashboard JSON to
    // embed as the run's (exact bytes, with their SHA-256); it must be a valid dashboard.
    static std::unique_ptr<RunFile>
    create(const QString& path, const QByteArray& runbookText, const QString& runbookName,
           QString* error, const std::optional<RunDashboardVersion>& dashboard = std::nullopt);
    // Opens an existing run. Checks, before anything is written: the file exists, is SQLite,
    // (ReadWrite) is not held by another golive, waiting up to lockWaitMs for it to be
    // released, and then, under that lock, is intact (quick_check) and not from a newer schema.
    // A lock that no living process holds (its owner was killed) is taken over; one that
    // cannot be judged is explained with the way out. Older schemas are
    // migrated forward (ReadWrite only; a .bak-vN copy is made first, and a failed migration
    // leaves the file as it was). Opening ReadWrite a file the user cannot write falls back to
    // ReadOnly and says so in *warning; PreferReadWrite also does so for a file held elsewhere.
    static std::unique_ptr<RunFile> open(const QString& path, Access access, QString* error,
                                         QString* warning = nullptr, int lockWaitMs = 0);

    QString path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    QString runId() const { return m_runId; }
    QString runbookName() const { return m_runbookName; }
    QByteArray runbookText() const { return m_runbookText; }
    QString runbookSha256() const { return m_runbookSha256; }
    QDateTime createdUtc() const { return m_created; }

    // Every dashboard this run has had, oldest first: the one embedded at creation (if any),
    // then one per dashboard-set event. Each was checked against its SHA-256 at open.
    const QList<RunDashboardVersion>& dashboardVersions() const { return m_dashboards; }
    // The run's dashboard now (the last of dashboardVersions()); nullopt when it has none.
    std::optional<RunDashboardVersion> dashboard() const;

    const Runbook& runbook() const { return m_runbook; }
    const RunState& state() const { return m_state; }
    const QList<SignOffEvent>& events() const { return m_state.events(); }
    QByteArray headHash() const;
    // prev of this run's first event: SignOffEvent::genesisFor(runId(), runbookSha256()).
    QByteArray genesisHash() const;

    // Validates `event` with RunState::validate (and refuses while the chain has an
    // unacknowledged break, except for the acknowledgement itself), fills in seq, time
    // (if null), prevHash and hash, and commits it durably (WAL, synchronous=FULL).
    // Returns only after the commit is on disk. A DashboardSet event needs `dashboardBytes`:
    // the JSON its fieldKey is the SHA-256 of, which must be a valid dashboard; they are kept
    // in the same commit as the event, beside every earlier dashboard (none is overwritten).
    bool append(SignOffEvent& event, QString* error, const QByteArray* dashboardBytes = nullptr);

    // Re-reads every row from disk and checks the chain, and compares it with the head this
    // computer saw last (HeadRecord): a run with fewer events than that is not intact.
    ChainVerification verify() const;
    // Why the record of the head seen could not be written at the last open, append or
    // verify (empty when it was): a warning to show, never a reason to refuse anything.
    QString headRecordWarning() const { return m_headRecordWarning; }
    // The verification done at open (and kept up to date by append()).
    const ChainVerification& verification() const { return m_verification; }

    // Copies what the write-ahead log holds into the .golive itself (PRAGMA
    // wal_checkpoint(PASSIVE): never waits, never blocks readers), so a copy of the file
    // alone holds every event. No-op when read-only.
    bool checkpoint(QString* error = nullptr);
    // The value of `PRAGMA name` on this file's connection ("synchronous" -> "2"), for tests
    // and diagnostics; empty for a name that is not a plain pragma name.
    QString pragma(const QString& name) const;

private:
    RunFile() = default;
    bool load(QString* error);
    // Reads and checks the embedded dashboard and those the ledger's dashboard-set events name.
    bool loadDashboards(const QHash<QString, QVariant>& meta, const QList<SignOffEvent>& events,
                        QString* error);
    // Keeps the bytes of a dashboard-set event (same transaction as the event); false with
    // SQLite's or the checks' words.
    bool storeDashboard(const SignOffEvent& event, const QByteArray* bytes, QString* words);
    void recordHead(bool rebase);
    // This computer's record of the head is written at most this often by append().
    static constexpr qint64 kRecordIntervalMs = 1000;
    QElapsedTimer m_recorded;     // since the record was last written
    bool m_recordPending = false; // an append's head is not yet in the record

    // Steps of open(): read-only or the lock, then the writer's connection.
    bool chooseAccess(const QString& real, Access access, QString* warning, int lockWaitMs,
                      QString* error);
    bool openForWriting(QSqlDatabase& db, const QString& real, qint64 version, QString* error);
    bool backUp(int fromVersion, QString* backup, QString* error);
    bool migrate(int fromVersion, const QString& backup, QString* error);
    bool prepareWriting(QString* error);

    QString m_path;
    QString m_connection;
    // Prepared once at open: an append reuses them, so a sign-off costs one commit and no
    // statement compilation.
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_begin;
    std::unique_ptr<QSqlQuery> m_commit;
    qint64 m_lastSeq = 0; // seq of the last row on disk (not the count: rows may be missing)
    bool m_readOnly = false;
    std::unique_ptr<QLockFile> m_lock;
    QString m_runId;
    QString m_runbookName;
    QByteArray m_runbookText;
    QString m_runbookSha256;
    QDateTime m_created;
    Runbook m_runbook;
    QList<RunDashboardVersion> m_dashboards;
    RunState m_state;
    ChainVerification m_verification;
    mutable QString m_headRecordWarning;
};

} // namespace golive
