// Every signature of a run checked, event by event, against the roster in force when it was
// made: what `golive verify` reports, the JSON export carries and the printed checklist shows.
#pragma once

#include "AllowedSigners.h"
#include "RunLedger.h"
#include "SignOffEvent.h"

#include <QList>
#include <QString>

#include <optional>

namespace golive::signing {

struct EventSignatureCheck
{
    enum class Status
    {
        Unsigned,    // no signature (and its payload names no key)
        Good,        // a good signature by a key the roster in force gives to its actor
        NotOnRoster, // a good signature, but by a key the roster in force does not give its
                     // actor (never added, or removed before the event)
        Bad,         // does not check: other bytes, another namespace, a malformed or missing
                     // signature where the payload names a key, a key other than it names;
                     // or a roster change golive would refuse (unsigned, not by a commander,
                     // a roster that does not read), which then changes nothing
    };
    qint64 seq = 0;
    Status status = Status::Unsigned;
    QString fingerprint; // "SHA256:…" of the key that signed (empty when unsigned)
    QString keyType;
    QString problem; // for Bad and NotOnRoster: why, in words
    // NotOnRoster while a roster was in force (or an auditor's was given): verify fails on it.
    bool offRosterFails = false;
};

QString statusName(EventSignatureCheck::Status status); // "unsigned", "good", ...

struct SignatureReport
{
    QList<EventSignatureCheck> events; // one per event, in seq order
    int good = 0;
    int unsignedCount = 0;
    int unsignedWhileRequired = 0; // unsigned events made after the run required signatures
    int notOnRoster = 0;
    int notOnRosterInForce = 0; // of those, made while a roster was in force
    int bad = 0;
    qint64 firstBad = 0;             // seq of the first Bad event, 0 when none
    bool signaturesRequired = false; // at the end of the run
    bool hasRoster = false;          // the run had a roster at some point (or one was given)
    QString finalRoster;             // the roster in force after the last event

    // Whether verify passes on signatures: no Bad signature; no unsigned event made while the
    // run required signatures; no signature by a key off the roster in force when it was made.
    bool passes() const;
    QString summary() const; // one line: "12 events signed by roster keys, 1 unsigned, ..."
};

// Checks every event's signature. `initial` is the roster the run was made with; roster-changed
// events change it from then on, but only when they are themselves Good and made by an
// incident commander or release captain (a first roster is judged by itself). When `external`
// is given (an auditor's own allowed_signers), it is the only roster used: roster events in the
// run are then ignored for judging keys.
SignatureReport checkSignatures(const RunRoster& initial, const QList<SignOffEvent>& events,
                                const std::optional<AllowedSigners>& external = std::nullopt);

} // namespace golive::signing
