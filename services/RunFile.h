// A go-live run on disk: one SQLite file (.golive) holding the exact runbook text it was made
// from (with its SHA-256) and the append-only, hash-chained sign-off ledger.
#pragma once

#include "HeadRecord.h"
#include "RunLedger.h"

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

class RunFile : public RunLedger
{
public:
    // 1: meta + events tables. 2: append-only triggers on events, index on item_id.
    // 3: each event's signature. 4: evidence (blobs, blob_chunks). 5: each event's snapshot of
    // what golive could see.
    static constexpr int SchemaVersion = 5;
    // PRAGMA application_id of every golive run file ("GoLv"), so another program's SQLite
    // file is refused instead of being read as a run.
    static constexpr int ApplicationId = 0x476f4c76;
    static constexpr const char* Extension = "golive";

    ~RunFile() override;

    // Creates a new run file from runbook text; refuses to overwrite an existing file.
    // The runbook must parse without errors. `dashboard` (optional): the dashboard JSON to
    // embed as the run's (exact bytes, with their SHA-256); it must be a valid dashboard.
    static std::unique_ptr<RunFile>
    create(const QString& path, const QByteArray& runbookText, const QString& runbookName,
           QString* error, const std::optional<RunDashboardVersion>& dashboard = std::nullopt,
           const RunRoster& roster = {});
    // Opens an existing run. Checks, before anything is written: the file exists, is SQLite,
    // (ReadWrite) is not held by another golive, waiting up to lockWaitMs for it to be
    // released, and then, under that lock, is intact (quick_check) and not from a newer schema.
    // A lock that no living process holds (its owner was killed) is taken over; one that
    // cannot be judged is explained with the way out. Older schemas are
    // migrated forward (ReadWrite only; a .bak-vN copy is made first, and a failed migration
    // leaves the file as it was). Opening ReadWrite a file the user cannot write falls back to
    // ReadOnly and says so in *warning; PreferReadWrite also does so for a file held elsewhere.
    // With VerifyAt::Later the chain is checked by finishVerification() instead, on the rows
    // this open read.
    static std::unique_ptr<RunFile> open(const QString& path, Access access, QString* error,
                                         QString* warning = nullptr, int lockWaitMs = 0,
                                         VerifyAt verifyAt = VerifyAt::Open);
    // Writes `source` (a server run, or another run file) into a new, self-contained run file
    // at `path`: the same run id, runbook, meta, dashboards and events, verbatim, so its chain
    // ends on the same head. Never overwrites: the copy is written under a temporary name in
    // the same folder, synced, read back and checked, then linked in under `path` only if
    // nothing is there. The schema is the one create() makes. False with the words to show;
    // nothing is left behind then.
    static bool createCopy(const QString& path, const RunLedger& source, QString* error);

    // Validates `event` with RunState::validate (and refuses while the chain has an
    // unacknowledged break, except for the acknowledgement itself), fills in seq, time
    // (if null), prevHash and hash, and commits it durably (WAL, synchronous=FULL).
    // Returns only after the commit is on disk. A DashboardSet event needs `dashboardBytes`:
    // the JSON its fieldKey is the SHA-256 of, which must be a valid dashboard; they are kept
    // in the same commit as the event, beside every earlier dashboard (none is overwritten).
    bool append(SignOffEvent& event, QString* error,
                const QByteArray* dashboardBytes = nullptr) override;

    // Re-reads every row from disk and checks the chain, and compares it with the head this
    // computer saw last (HeadRecord): a run with fewer events than that is not intact.
    ChainVerification verify() const override;
    void finishVerification() override;
    bool storedRows(QList<runfile::Row>* rows, QString* error) const override;
    // Copies what the write-ahead log holds into the .golive itself (PRAGMA
    // wal_checkpoint(PASSIVE): never waits, never blocks readers), so a copy of the file
    // alone holds every event. No-op when read-only.
    bool checkpoint(QString* error = nullptr) override;
    // Evidence bytes in the file's blobs and blob_chunks tables (schema 4).
    bool putBlob(QIODevice* source, const QString& what, qint64 maxBytes, BlobInfo* info,
                 QString* error, const std::function<bool(qint64 bytesRead)>& progress,
                 const BlobCheck& beforeKeeping) override;
    std::optional<qint64> blobSize(const QString& sha256, QString* error) const override;
    bool readBlob(const QString& sha256, const std::function<bool(const QByteArray& chunk)>& sink,
                  QString* error) const override;

    // The value of `PRAGMA name` on this file's connection ("synchronous" -> "2"), for tests
    // and diagnostics; empty for a name that is not a plain pragma name.
    QString pragma(const QString& name) const;

private:
    RunFile(); // in RunFile.cpp, where DeferredCheck is complete
    bool load(QString* error);
    // Reads and checks the embedded dashboard and those the ledger's dashboard-set events name.
    bool loadDashboards(const QHash<QString, QVariant>& meta, const QList<SignOffEvent>& events,
                        QString* error);
    // Keeps the bytes of a dashboard-set event (same transaction as the event); false with
    // SQLite's or the checks' words.
    bool storeDashboard(const SignOffEvent& event, const QByteArray* bytes, QString* words);
    // Verifies `rows` (what load() read) and compares them with `seen`, into m_verification.
    void checkChain(const QList<runfile::Row>& rows, const std::optional<SeenHead>& seen);
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

    // The chain check of an open with VerifyAt::Later, until finishVerification(): the rows
    // the open folded and the head this computer had seen then.
    struct DeferredCheck;
    bool m_verifyLater = false;
    std::unique_ptr<DeferredCheck> m_deferred;

    QString m_connection;
    // Prepared once at open: an append reuses them, so a sign-off costs one commit and no
    // statement compilation.
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_begin;
    std::unique_ptr<QSqlQuery> m_commit;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace golive
