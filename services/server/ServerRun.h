// A run on a PostgreSQL server, shared by every workstation of a war room: the same runbook,
// rules and hash chain as a run file, with appends serialised by the database on the run's
// head row: an append moves the head from the event its rules were judged against, in the same
// transaction as its event row and its NOTIFY on the run's channel, or it is judged again
// against what the others recorded first.
#pragma once

#include "RunLedger.h"

#include <QElapsedTimer>
#include <QSet>

#include <memory>

class QSqlDatabase;
class QSqlError;

namespace golive {

namespace runfile {
struct Row;
}

class ServerRun : public RunLedger
{
public:
    // The schema this golive makes and reads (ServerSchema.h).
    static const int SchemaVersion;
    // How long a workstation's heartbeat counts for present().
    static constexpr int PresenceWindowS = 30;

    ~ServerRun() override;

    // Opens the run named by the URI's `run` parameter. Refused in words: server down, wrong
    // password, no schema (run `golive server init`), a schema from a newer golive, no such
    // run (the runs there are listed). A role without INSERT opens read-only (PreferReadWrite,
    // ReadOnly) or is refused (ReadWrite), in words.
    static std::unique_ptr<ServerRun> open(const QString& uri, Access access, QString* error,
                                           QString* warning = nullptr);
    // Creates the run named by the URI's `run` parameter (unique in the database; its run id a
    // new UUID). Refuses a name that is taken. A run that was committed but then cannot be
    // opened to record in (the role may create runs but not move their head) is there: the
    // words then say it was created, under which name, and why it could not be opened.
    static std::unique_ptr<ServerRun>
    create(const QString& uri, const QByteArray& runbookText, const QString& runbookName,
           QString* error, const std::optional<RunDashboardVersion>& dashboard = std::nullopt,
           const RunRoster& roster = {});

    // Creates golive's schema in the URI's database, or migrates it forward (the URI's run, if
    // any, is ignored). Idempotent: a second call changes nothing, and *said says the schema
    // is already that version. Refuses a schema from a newer golive.
    static bool initSchema(const QString& uri, QString* error, QString* said = nullptr);

    // One run of a database, as `golive runs` lists it.
    struct Summary
    {
        QString name;  // the run's name (its URI's `run`)
        QString title; // the runbook's title
        QString phase; // phaseDisplayName(): "Preparing", "Go/No-Go", ...
        Progress progress;
        qint64 eventCount = 0;
        QDateTime lastEventUtc; // null when it has no event
        // Why the run could not be read (its runbook does not read here, ...); the rest is then
        // only name, title and last event.
        QString problem;
    };
    // Every run of the URI's database, by name. On failure: empty, and *error says why (*error
    // is cleared on success).
    static QList<Summary> listRuns(const QString& uri, QString* error);

    // Uploads `source` (a run file, verified first, with no break in its chain) to the run named
    // by the URI's `run`, verbatim: the same run id, events (seq, time, hashes), meta,
    // dashboards and head, in one transaction. Refuses a taken name, or a run id already there.
    static bool publish(const QString& uri, const RunLedger& source, QString* error);

    // The statements that let `role` (an existing role) open, create and write runs, listen and
    // say who is here, in the database of the connection that runs them (CONNECT on the
    // database is PUBLIC's by default): SELECT everywhere, INSERT on the runs, their
    // meta values and events, UPDATE of a run's head columns only, and its own presence rows.
    // Nothing can UPDATE or DELETE an event or a meta value (the triggers refuse it anyway).
    static QStringList writerGrants(const QString& role);
    // The same for a role that only reads (a wall screen, an auditor): it opens runs read-only.
    static QStringList readerGrants(const QString& role);

    // The run's name on its server.
    QString runName() const;
    // The LISTEN/NOTIFY channel of the run: "golive_" and its id's hex digits.
    QString channel() const;

    bool append(SignOffEvent& event, QString* error,
                const QByteArray* dashboardBytes = nullptr) override;
    ChainVerification verify() const override;
    bool storedRows(QList<runfile::Row>* rows, QString* error) const override;
    bool checkpoint(QString* error = nullptr) override;

    // Evidence in golive_blobs and golive_blob_chunks (schema 4), per run: written in one
    // transaction, chunk by chunk as it is read; read back one chunk at a time.
    bool putBlob(QIODevice* source, const QString& what, qint64 maxBytes, BlobInfo* info,
                 QString* error, const std::function<bool(qint64 bytesRead)>& progress = {},
                 const BlobCheck& beforeKeeping = {}) override;
    std::optional<qint64> blobSize(const QString& sha256, QString* error) const override;
    bool readBlob(const QString& sha256, const std::function<bool(const QByteArray& chunk)>& sink,
                  QString* error) const override;

    bool isShared() const override { return true; }
    QString host() const override;
    bool catchUp(QList<SignOffEvent>* fresh, QString* error) override;
    bool watch(std::function<void()> changed) override;
    bool isConnected() const override;
    bool reconnect(QString* error) override;
    bool announce(const Presence& me, QString* error) override;
    void forget() override;
    QList<Presence> present(QString* error) const override;

private:
    ServerRun();
    // Reads the run `name` (meta, every event, the chain) through `db`; `compareSeen` also
    // compares it with the head this computer saw last. With `expectedRunId`, refuses (and
    // changes nothing) when the run of that name has another id. *acknowledged (optional)
    // receives every break entry an intact acknowledgement names.
    bool load(QSqlDatabase& db, const QString& name, bool compareSeen, QString* error,
              const QString& expectedRunId = {}, QSet<QString>* acknowledged = nullptr);
    bool loadDashboards(const QHash<QString, QVariant>& meta, QString* error);
    bool chooseAccess(QSqlDatabase& db, Access access, QString* warning, QString* error);
    // Checks each row against the chain from the last event held and folds it in.
    void foldFetched(QSqlDatabase& db, const QList<runfile::Row>& rows,
                     QList<SignOffEvent>* folded);
    bool fetchSince(QSqlDatabase& db, qint64 after, QList<runfile::Row>* rows,
                    QString* words) const;
    // One append as a single statement in its own transaction: the head row moves from the
    // head this workstation holds to the new event, the event is inserted and the channel
    // notified, all or nothing. Committed, refused by the rules, failed, or Behind: another
    // writer moved the head first (nothing was written; catch up and judge again).
    enum class Swap
    {
        Committed,
        Refused,
        Failed,
        Behind
    };
    Swap appendSwap(QSqlDatabase& db, SignOffEvent& event, SignOffEvent* committed, QString* words);
    // The statements of one append, inside its transaction; false with the driver's words.
    bool appendLocked(QSqlDatabase& db, SignOffEvent& event, const QByteArray* dashboardBytes,
                      SignOffEvent* committed, QString* words, bool* refused);
    bool subscribe(QString* error);
    // Notes a failure: a lost connection makes isConnected() false until reconnect().
    QString failed(const QString& what, const QSqlError& e);
    // Writes this computer's record of the head now; noteHead() at most once a second (the
    // rest when the run closes).
    void recordHead(bool rebase);
    void noteHead(bool rebase);
    // The key of this computer's record of the run's head (HeadRecord).
    QString seenKey() const;

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace golive
