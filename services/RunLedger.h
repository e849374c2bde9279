// A go-live run wherever it is kept: the exact runbook text it was made from (with its SHA-256),
// the rules' state folded from its append-only, hash-chained ledger, and the one way to add to
// it. Two backends: a .golive SQLite file (RunFile) for one seat and rehearsals, and a run on a
// PostgreSQL server (ServerRun) that several workstations write at once. The window and the
// command line only ever hold a RunLedger and never know which one they have.
#pragma once

#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QIODevice;

namespace golive {

namespace runfile {
struct Row;
}

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
    // with another event at seq) than the run holds now. seq is then the count seen, and
    // contentHash the head seen, so its acknowledgement names exactly what was lost.
    bool wentBack = false;
};

struct ChainVerification
{
    // Never while the check is still to be done: a run not yet verified is not called intact.
    bool intact() const { return !pending && breaks.isEmpty(); }
    // The chain has not been checked yet (a run file opened with VerifyAt::Later, until
    // RunLedger::finishVerification()): breaks says nothing, eventCount and head are the stored
    // ones, unchecked, and every append is refused.
    bool pending = false;
    QList<ChainBreak> breaks;
    // Breaks that no later, itself intact, ChainBreakAcknowledged event names (by seq and
    // content hash) in its fieldKey.
    QList<ChainBreak> unacknowledged;
    qint64 eventCount = 0;
    QByteArray head; // hash of the last event (the run's genesis when it has none)

    QString summary() const; // one line for banners and the command line
    // The fieldKey of a ChainBreakAcknowledged event that accepts exactly the unacknowledged
    // breaks: "seq:contentHash" for each, ascending by seq, comma-separated ("7:ab12…,9:cd34…").
    // Empty when there is nothing to acknowledge. append() takes no other key.
    QString acknowledgementKey() const;
};

// A dashboard kept in a run: the exact JSON bytes it was given, their SHA-256 and the name
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

// Who signs a run's record with which key, as the run is made with it: the roster in OpenSSH's
// allowed_signers format, and whether every event must be signed.
struct RunRoster
{
    QString allowedSigners;
    bool signaturesRequired = false;
};

// `roster` as `event` leaves it: a roster-changed event gives the whole new roster, and
// require-signatures makes every later event need a signature; other events change nothing.
void applyRosterChange(RunRoster& roster, const SignOffEvent& event);

// The meta values a run keeps its roster in (allowed_signers, signatures_required); none for
// a run without one, whose genesis is what it always was.
QList<std::pair<QString, QVariant>> rosterMeta(const RunRoster& roster);

// One workstation that has a shared run open, as it announced itself.
struct Presence
{
    QString name; // the person on duty ("Ada Lovelace")
    Role role = Role::Observer;
    QString host; // the workstation
    QString osUser;
    QDateTime sinceUtc;    // when it opened the run
    QDateTime lastSeenUtc; // its last heartbeat
};

class RunLedger
{
public:
    enum class Access
    {
        ReadWrite, // for writers: refused while another golive holds a run file
        ReadOnly,
        // For the window: ReadWrite when possible; when another golive holds the file, it
        // cannot be written here, or the server grants no INSERT, opens it ReadOnly and says
        // why in *warning.
        PreferReadWrite
    };

    virtual ~RunLedger();
    RunLedger(const RunLedger&) = delete;
    RunLedger& operator=(const RunLedger&) = delete;

    // A PostgreSQL URI ("postgresql://USER@HOST:PORT/DB?run=NAME", also "postgres://"), as
    // opposed to a run file's path.
    static bool isServerLocation(const QString& location);
    // Opens the run at `location`: a run file's path (RunFile::open) or a server URI
    // (ServerRun::open). lockWaitMs applies to run files only.
    // When the chain is checked. Later: a run file's open folds its events and returns; the
    // chain is checked by finishVerification(), on the same thread, before anything is
    // appended (the window shows the run first and says it is verifying). A server run is
    // always checked at open.
    enum class VerifyAt
    {
        Open,
        Later
    };
    static std::unique_ptr<RunLedger> open(const QString& location, Access access, QString* error,
                                           QString* warning = nullptr, int lockWaitMs = 0,
                                           VerifyAt verifyAt = VerifyAt::Open);
    // Creates a new run at `location` (RunFile::create or ServerRun::create); never overwrites
    // an existing file or a server run of that name.
    // `roster` is kept in the run's meta values (allowed_signers, signatures_required) and
    // anchored in its genesis.
    static std::unique_ptr<RunLedger>
    create(const QString& location, const QByteArray& runbookText, const QString& runbookName,
           QString* error, const std::optional<RunDashboardVersion>& dashboard = std::nullopt,
           const RunRoster& roster = {});

    // Where the run is, as people read it: the file's path, or the server URI without any
    // password (the run's name in its `run` parameter).
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
    QByteArray headHash() const { return m_verification.head; }
    // prev of this run's first event: SignOffEvent::genesisFor() of its id, runbook and the
    // roster it was made with.
    QByteArray genesisHash() const;
    // The roster the run was made with, and the one in force now (after its roster-changed
    // events): allowed_signers text, and whether every event must be signed.
    const RunRoster& initialRoster() const { return m_initialRoster; }
    const RunRoster& roster() const { return m_roster; }
    // The verification done at open (and kept up to date by append() and catchUp()); pending
    // until finishVerification() for a run opened with VerifyAt::Later.
    const ChainVerification& verification() const { return m_verification; }
    bool verificationPending() const { return m_verification.pending; }
    // Checks the chain of a run opened with VerifyAt::Later, exactly as the open would have
    // (the rows it read, against the head this computer had seen then); nothing to do when
    // it was checked at open.
    virtual void finishVerification() {}
    // Why the record of the head seen could not be written at the last open, append or
    // verify (empty when it was): a warning to show, never a reason to refuse anything.
    QString headRecordWarning() const { return m_headRecordWarning; }

    // Validates `event` with RunState::validate against the run as it is in its store (and
    // refuses while the chain has an unacknowledged break, except for the acknowledgement
    // itself), fills in seq, time (if null), prevHash and hash, and commits it durably.
    // Returns only after the commit is durable. A DashboardSet event needs `dashboardBytes`:
    // the JSON its fieldKey is the SHA-256 of, which must be a valid dashboard.
    virtual bool append(SignOffEvent& event, QString* error,
                        const QByteArray* dashboardBytes = nullptr) = 0;
    // Re-reads every event from the store and checks the chain, and compares it with the head
    // this computer saw last (HeadRecord): a run with fewer events than that is not intact.
    virtual ChainVerification verify() const = 0;
    // Every event row as the store holds it, in seq order, before any judgement: the stored
    // strings exactly, rows of an unknown kind or role and times golive would not write
    // included. What a verbatim copy writes. False with the words when it cannot be read.
    virtual bool storedRows(QList<runfile::Row>* rows, QString* error) const = 0;
    // Makes what was appended durable in the run's own file (a run file's write-ahead log into
    // the .golive); nothing to do on a server.
    virtual bool checkpoint(QString* error = nullptr) = 0;

    // --- Evidence: the bytes of attached files and of command output, kept in the run beside
    // the ledger, stored once per SHA-256 in chunks (never all in memory), never changed or
    // removed. Opening a run reads none of them. An evidence event (Evidence.h) names its
    // bytes by their SHA-256 in its fieldKey; append() refuses one whose bytes are not stored
    // here with the size the event gives.

    struct BlobInfo
    {
        QString sha256; // lower-case hex
        qint64 size = 0;
    };
    // Reads `source` to its end in chunks, hashing as it goes, and keeps the bytes (one
    // transaction: all of them or none). Refuses, keeping nothing, more than `maxBytes`
    // ("smoke.log is 30.2 MiB; the limit for an attachment is 25.0 MiB"), and a read error.
    // Bytes already stored are not stored twice. `progress` (optional) is called after each
    // chunk with the bytes read so far; returning false cancels. `what` names the source in
    // the words. False with the words; read-only runs refuse.
    // `beforeKeeping` (optional) is asked once every byte is read and hashed, before anything
    // is committed: false (with words in its second argument) keeps nothing, as a refusal.
    using BlobCheck = std::function<bool(const BlobInfo& info, QString* why)>;
    virtual bool putBlob(QIODevice* source, const QString& what, qint64 maxBytes, BlobInfo* info,
                         QString* error, const std::function<bool(qint64 bytesRead)>& progress = {},
                         const BlobCheck& beforeKeeping = {});
    // The size of the bytes stored under `sha256`; nullopt when none are (or, with words in
    // *error, when the run cannot be read).
    virtual std::optional<qint64> blobSize(const QString& sha256, QString* error) const;
    // Streams the bytes stored under `sha256` to `sink`, chunk by chunk, in order, and checks
    // them against the hash at the end: false with words when they are missing, cannot be
    // read, or do not match (the sink has then seen bytes that are not the evidence: the
    // caller discards them). `sink` returning false stops early (not an error).
    virtual bool readBlob(const QString& sha256,
                          const std::function<bool(const QByteArray& chunk)>& sink,
                          QString* error) const;
    // Every evidence event whose bytes are missing or do not match its SHA-256 (streamed, so
    // this reads every blob once): "event #12 (evidence attached to 4.2: smoke.log): its
    // stored bytes do not match their SHA-256". Empty when all are intact.
    QStringList verifyEvidence(QString* error) const;
    // An evidence event's bytes, stored first, then the event, for the window and the command
    // line alike: refuses the event before reading anything when the rules would (an observer,
    // no such item), then putBlob(), then fills in the event's fieldKey (the SHA-256) and the
    // size in its text (withBlob()), then append(). A file that changes while it is read
    // (its size or bytes differ from what was hashed) is refused with words.
    bool appendWithBlob(SignOffEvent& event, QIODevice* source, const QString& what,
                        qint64 maxBytes, QString* error,
                        const std::function<bool(qint64 bytesRead)>& progress = {});
    // Whether append() would take `event` as it stands now, judged exactly as append judges
    // it (read-only, an unacknowledged break, the rules, a signature the run requires, a key
    // not on the roster for its actor); nothing is written or signed. For refusing before
    // work that cannot be recorded is done (a command run). False with words.
    bool wouldAccept(const SignOffEvent& event, QString* error) const;

    // Chunk size blobs are stored and streamed in.
    static constexpr qint64 BlobChunkBytes = 1024 * 1024;

    // --- Runs that several workstations write at once (a server run). A run file has one
    // writer at a time: isShared() is false and the rest are no-ops.
    virtual bool isShared() const { return false; }
    // The server as people name it ("db.example.org:5432"); empty for a run file.
    virtual QString host() const { return {}; }
    // Fetches what others appended since the last event held, checks it against the chain and
    // folds it in; the new events, oldest first, in *fresh. False with the driver's words when
    // the server cannot be reached (nothing is folded in then).
    virtual bool catchUp(QList<SignOffEvent>* fresh, QString* error);
    // Calls `changed` (on this thread, from its event loop) whenever another writer may have
    // appended or another workstation came or went; the caller then catchUp()s. False when
    // this backend cannot tell: the caller polls.
    virtual bool watch(std::function<void()> changed);
    // Whether the connection is up now (a run file: always).
    virtual bool isConnected() const { return true; }
    // Connects again after the connection was lost, re-subscribes watch() and verifies the
    // chain again; the caller then catchUp()s. False with the driver's words. When the run
    // no longer holds what was held (it went backwards, or changed), it is read again whole
    // and reloads() counts up: what was shown of it before is stale.
    virtual bool reconnect(QString* error);
    // How many times the run was read again whole since it was opened.
    int reloads() const { return m_reloads; }
    // Says (and keeps saying, with each call as a heartbeat) that this workstation has the run
    // open as `me`; forget() says it has let the run go.
    virtual bool announce(const Presence& me, QString* error);
    virtual void forget() {}
    // Who has the run open now, as they announced themselves (heartbeats not too old).
    virtual QList<Presence> present(QString* error) const;

protected:
    RunLedger() = default;

    // Reads the run's meta values (run_id, runbook_text, runbook_sha256, runbook_name,
    // created_utc, runbook_rules): checks the runbook against its SHA-256 and parses it with
    // the rules it was made with; resets the state. False with the words to show.
    bool loadRunbook(const QHash<QString, QVariant>& meta, QString* error);
    // What every backend refuses before it writes: read-only, an unacknowledged break (unless
    // this is its acknowledgement), the rules, an acknowledgement that does not name exactly
    // the breaks there are. `where` names the run in the words.
    bool checkAppend(const SignOffEvent& event, QString* error) const;
    // An evidence event's part of append(), in the backend's transaction: the bytes its
    // fieldKey names are stored here with the size its text gives. False with words.
    bool checkEvidenceBytes(const SignOffEvent& event, QString* error) const;
    // The signature's part of checkAppend: a run that requires signatures refuses an unsigned
    // event; a signed one's key must be on the roster for its actor; a roster change must
    // read.
    bool checkSignature(const SignOffEvent& event, QString* error) const;
    // Before anything is judged: an event whose actor has a signing key gets the key's
    // fingerprint (signing::prepareSignature). False with words.
    static bool prepare(SignOffEvent& event, QString* error);
    // `event` as the next one: time stamped (UTC), seq after m_lastSeq, prevHash the head,
    // signed when it names a key (through ssh-keygen: this blocks while a hardware key waits
    // for a touch), its hash computed. nullopt with words when it could not be signed.
    std::optional<SignOffEvent> chained(const SignOffEvent& event, QString* error) const;
    // Folds a committed event in: state, dashboards, seq, head, and the breaks an
    // acknowledgement accepts: those whose acknowledgementEntry its fieldKey names, and only
    // when it is `verified` (its row checked against the chain). True when it named this
    // computer's own record of a run that went backwards (this computer then follows the run
    // from here: the caller rebases its HeadRecord).
    bool fold(const SignOffEvent& committed, const QByteArray* dashboardBytes,
              bool verified = true);

    QString m_path;
    bool m_readOnly = false;
    QString m_runId;
    QString m_runbookName;
    QByteArray m_runbookText;
    QString m_runbookSha256;
    QDateTime m_created;
    Runbook m_runbook;
    QList<RunDashboardVersion> m_dashboards;
    RunRoster m_initialRoster;
    RunRoster m_roster;
    RunState m_state;
    ChainVerification m_verification;
    qint64 m_lastSeq = 0; // seq of the last event held (not the count: rows may be missing)
    int m_reloads = 0;
    mutable QString m_headRecordWarning;
};

} // namespace golive
