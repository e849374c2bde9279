// One entry of the append-only sign-off ledger, and the roles that may write it.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive {

enum class Role
{
    IncidentCommander,
    ReleaseCaptain,
    Engineer,
    Observer
};

QString roleName(Role role);        // "incident-commander", ...
QString roleDisplayName(Role role); // "Incident Commander", ...
std::optional<Role> roleFromName(const QString& name);
QStringList roleNames();

enum class EventKind
{
    Signed,        // itemId, text = optional note
    Revoked,       // itemId, text = reason (required)
    NotApplicable, // itemId, text = reason (required)
    Blocked,       // itemId, text = reason (required)
    FieldFilled,   // fieldKey, text = value
    NoteAdded,     // itemId, text = note (required)
    // text = why the breaks are accepted; fieldKey = exactly which breaks it accepts, as
    // ChainVerification::acknowledgementKey() writes it: "seq:hash" for each, comma-separated,
    // ascending by seq, where hash is the hex SHA-256 that event's stored contents compute to
    // (its stored hash when only its link to the previous event is broken). Only the incident
    // commander or the release captain may acknowledge.
    ChainBreakAcknowledged,

    // The cutover (see Cutover.h for the rules; RunState::validate enforces them).
    // fieldKey = the phase entered, by name (phaseName(): "go-no-go", "rollback", "live");
    // text = the reason (required for "rollback"). For "live", itemId is the final monitoring
    // step, which the event also signs.
    PhaseChanged,
    // fieldKey = "go" or "no-go"; text = the reason (required for "no-go", and for "go" while
    // pre-checks are open, when it must also name them: see composeGoReason()). A "go" carries
    // itemId = the go-decision pre-check, which the event also signs.
    Decision,
    // itemId = a cutover step; text = what failed (required). Starts the step's resolution
    // timer (CutoverPlan::resolutionMinutes); signing the step or marking it N/A ends it.
    StepFailed,
    // fieldKey = the rollback plan's step number, 1-based, in order; text = an optional note.
    RollbackStep,
    // Something seen while the cutover runs, recorded for the timeline; changes no item, so
    // any named actor may record it (observers too). fieldKey = the category
    // (observationCategories(): "alert-firing", "slo-breach", ...); text = what was seen.
    Observed,
    // The run's SLO dashboard from now on: fieldKey = the lower-case hex SHA-256 of its JSON,
    // text = the file name it was read from. The bytes are kept in the run file beside every
    // earlier one (RunFile::dashboardVersions()). Only the incident commander or the release
    // captain may set it.
    DashboardSet,
    // The run's roster (who signs with which SSH key) from now on: text = the whole roster
    // afterwards, in OpenSSH's allowed_signers format; fieldKey = what changed: "add",
    // "remove" or "require-signatures" (from now on every event must be signed; a run never
    // goes back to optional). Only the incident commander or the release captain may change
    // it, and the event itself must be signed.
    RosterChanged,
    // Evidence on an item (evidence/Evidence.h): changes no item's status; not by observers.
    // itemId = the item; fieldKey = the lower-case hex SHA-256 of the bytes the run keeps for
    // it (RunLedger::putBlob); text = compact JSON: a file's name, size and media type
    // (EvidenceAttached), or a command's text, folder, outcome, exit code, times, output size
    // and redactions (CommandRun). A sign-off may name evidence of its item in its fieldKey
    // ("evidence:12,15").
    EvidenceAttached,
    CommandRun,
};

QString eventKindName(EventKind kind); // "signed", "revoked", "not-applicable", ...
std::optional<EventKind> eventKindFromName(const QString& name);

// Who acted: the operator on duty, and where they were.
struct Actor
{
    QString name;
    Role role = Role::Observer;
    QString osUser;
    QString host;
    // The SSH key the actor signs with (a public key whose private half is in ssh-agent, or a
    // private key file): where ssh-keygen finds it, for the append to sign with. Never stored
    // and not part of the event; the event keeps the key's fingerprint and the signature.
    QString signingKey;

    // The logged-in OS user and this machine's host name.
    static Actor local(const QString& name, Role role);
};

// An event's signature in OpenSSH's SSHSIG format, made with the actor's key over the event's
// canonical payload in namespace "golive" (`ssh-keygen -Y sign -n golive`).
struct EventSignature
{
    // "SHA256:…" of the signing key, as ssh-keygen -l prints it. Set before the event is
    // chained: the payload names the key ("key"), so the chain itself says the event was
    // signed, and by which key, and a stripped signature shows.
    QString keyFingerprint;
    QString keyType;    // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ...
    QByteArray armored; // "-----BEGIN SSH SIGNATURE-----" …, as ssh-keygen writes it

    bool isSigned() const { return !keyFingerprint.isEmpty(); }
};

// The first 12 characters of an "SHA256:…" fingerprint after its prefix: what the window, a
// checklist line and the command line name a key by (the roster shows it whole).
QString shortFingerprint(const QString& fingerprint);

struct SignOffEvent
{
    qint64 seq = 0;    // 1-based position in the ledger; 0 until appended
    QDateTime timeUtc; // UTC, millisecond precision
    EventKind kind = EventKind::Signed;
    QString itemId;
    QString fieldKey;
    QString text;
    Actor actor;
    QByteArray prevHash;      // hex SHA-256 of the previous event (genesisFor() for the first)
    QByteArray hash;          // hex SHA-256 over prevHash + canonicalPayload()
    EventSignature signature; // empty for an unsigned event
    // What golive could see when the event was recorded (decision/DecisionSnapshot.h): compact
    // JSON, empty on events that carry none. Covered by the hash (and so by a signature): the
    // payload has "snapshot" only when it is not empty, so older events' bytes are unchanged.
    QString snapshot;

    // Deterministic bytes the hash covers, and a signature signs: compact JSON with sorted
    // keys of every field above except hash and the signature itself, plus "key" (the signing
    // key's fingerprint) on a signed event only, and "snapshot" on an event that carries one, so
    // an unsigned event without a snapshot has the bytes it always had. Documented in the README so
    // an auditor can recompute it.
    QByteArray canonicalPayload() const;
    QByteArray computeHash() const;

    // The `prev` of a run's first event: the hex SHA-256 of the UTF-8 bytes of
    //   "golive-run\n" + runId + "\n" + runbookSha256
    // (runId as in meta.run_id, runbookSha256 the lower-case hex SHA-256 of meta.runbook_text).
    // It anchors the chain to the run and the exact runbook it was made from: replacing the
    // embedded runbook (and its recorded SHA-256) or the run id breaks event #1.
    // A run made with a roster (who signs with which key) anchors it too, and whether it
    // requires signatures: the anchor then goes on with
    //   "\nallowed-signers " + hex SHA-256 of the roster's UTF-8 text
    //   + "\nsignatures " + ("required" or "optional")
    // so the roster a run started with cannot be swapped without breaking event #1.
    static QByteArray genesisFor(const QString& runId, const QString& runbookSha256,
                                 const QString& allowedSigners = QString(),
                                 bool signaturesRequired = false);
};

} // namespace golive
