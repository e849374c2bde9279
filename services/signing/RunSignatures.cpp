// Every signature of a run checked against the roster in force when it was made.
#include "RunSignatures.h"

#include "SshSignature.h"

#include <QStringList>
#include <QtConcurrent/QtConcurrentMap>

#include <numeric>
#include <utility>

namespace golive::signing {

namespace {

using Status = EventSignatureCheck::Status;

// A roster as the run had it from some event on: its text and its reading (nullopt when the
// text is empty or does not read, which allows nobody).
struct RosterInForce
{
    QString text;
    std::optional<AllowedSigners> signers;

    static RosterInForce of(const QString& text)
    {
        RosterInForce r;
        r.text = text;
        QString words;
        if (!text.trimmed().isEmpty())
            r.signers = AllowedSigners::parse(text, &words);
        return r;
    }
    bool allows(const QString& principal, const SshPublicKey& key) const
    {
        return signers && signers->allows(principal, key, kNamespace);
    }
    // As the writer judges it: the name, and the role the event claims (a line that names
    // roles signs only in those; a roster change needs a commander's role named).
    bool allowsAs(const SignOffEvent& e, const SshPublicKey& key) const
    {
        return signers && signers->allowsAs(e.actor.name, roleName(e.actor.role), key, kNamespace,
                                            e.kind == EventKind::RosterChanged);
    }
};

// One change of the run's roster: the event that made it, and the roster before and after.
struct RosterChange
{
    qint64 seq = 0;
    RosterInForce before;
    RosterInForce after;
};

bool mayChangeRoster(Role role)
{
    return role == Role::IncidentCommander || role == Role::ReleaseCaptain;
}

// Why a good signature by `key` does not count for `e`'s actor under `roster`, in words.
QString offRosterWords(const SignOffEvent& e, const SshPublicKey& key, const RosterInForce& roster,
                       const QList<RosterChange>& history, bool external)
{
    const QString fp = key.fingerprint();
    if (!roster.signers) {
        if (!roster.text.trimmed().isEmpty())
            return QStringLiteral("made with %1, but the roster in force does not read").arg(fp);
        return QStringLiteral("made with %1, but the run has no roster to check its key against")
            .arg(fp);
    }
    if (!external) {
        // The latest change that took the key away from this person says why.
        for (qsizetype i = history.size() - 1; i >= 0; --i) {
            const RosterChange& c = history.at(i);
            if (c.seq < e.seq && c.before.allows(e.actor.name, key) &&
                !c.after.allows(e.actor.name, key))
                return QStringLiteral("made with %1, which was removed from the roster at "
                                      "event #%2")
                    .arg(fp)
                    .arg(c.seq);
        }
    }
    QStringList others;
    for (const AllowedSigner& s : roster.signers->entriesFor(key))
        others += s.principals;
    const QString whose =
        external ? QStringLiteral("the roster given") : QStringLiteral("the roster in force");
    if (!others.isEmpty())
        return QStringLiteral("made with %1, which %2 gives to %3, not to %4")
            .arg(fp, whose, others.join(QStringLiteral(", ")), e.actor.name);
    return QStringLiteral("made with %1, which is not on %2").arg(fp, whose);
}

// The signature of `e` checked by itself: Unsigned, Bad (with words), or Good for now (the
// roster decides later). *key receives the key that signed when it checks.
EventSignatureCheck checkOne(const SignOffEvent& e, SshPublicKey* key)
{
    EventSignatureCheck c;
    c.seq = e.seq;
    const EventSignature& s = e.signature;
    c.fingerprint = s.keyFingerprint;
    c.keyType = s.keyType;
    if (s.keyFingerprint.isEmpty() && s.armored.isEmpty()) {
        c.status = Status::Unsigned;
        return c;
    }
    c.status = Status::Bad;
    if (s.keyFingerprint.isEmpty()) {
        c.problem = QStringLiteral("it carries a signature, but its payload names no key (the "
                                   "key was taken out of the record)");
        return c;
    }
    if (s.armored.isEmpty()) {
        c.problem = QStringLiteral("its payload names the key %1, but it carries no signature "
                                   "(the signature was removed)")
                        .arg(s.keyFingerprint);
        return c;
    }
    QString words;
    const auto sig = SshSignature::parseArmored(s.armored, &words);
    if (!sig) {
        c.problem = QStringLiteral("its signature does not read: %1").arg(words);
        return c;
    }
    if (sig->key.fingerprint() != s.keyFingerprint) {
        c.problem = QStringLiteral("it was signed with %1, not with the key its payload names "
                                   "(%2)")
                        .arg(sig->key.fingerprint(), s.keyFingerprint);
        return c;
    }
    if (sig->key.type != s.keyType) {
        c.problem =
            QStringLiteral("its key is recorded as %1, but the signature's key is %2")
                .arg(s.keyType.isEmpty() ? QStringLiteral("no type") : s.keyType, sig->key.type);
        return c;
    }
    if (!verify(*sig, e.canonicalPayload(), kNamespace, &words)) {
        c.problem = QStringLiteral("its signature does not check: %1").arg(words);
        return c;
    }
    c.status = Status::Good;
    *key = sig->key;
    return c;
}

} // namespace

QString statusName(EventSignatureCheck::Status status)
{
    switch (status) {
    case Status::Unsigned:
        return QStringLiteral("unsigned");
    case Status::Good:
        return QStringLiteral("good");
    case Status::NotOnRoster:
        return QStringLiteral("not-on-roster");
    case Status::Bad:
        return QStringLiteral("bad");
    }
    return {};
}

bool SignatureReport::passes() const
{
    return bad == 0 && unsignedWhileRequired == 0 && notOnRosterInForce == 0;
}

QString SignatureReport::summary() const
{
    QStringList parts;
    parts << QStringLiteral("%1 event%2 signed by roster keys")
                 .arg(good)
                 .arg(good == 1 ? QString() : QStringLiteral("s"));
    parts << QStringLiteral("%1 unsigned").arg(unsignedCount);
    if (unsignedWhileRequired > 0)
        parts.last() +=
            QStringLiteral(" (%1 while signatures were required)").arg(unsignedWhileRequired);
    parts << QStringLiteral("%1 by keys not on the roster").arg(notOnRoster);
    parts << (bad == 0 ? QStringLiteral("no bad signatures")
                       : QStringLiteral("%1 bad signature%2 (first at event #%3)")
                             .arg(bad)
                             .arg(bad == 1 ? QString() : QStringLiteral("s"))
                             .arg(firstBad));
    QString s = parts.join(QStringLiteral(", "));
    s += signaturesRequired ? QStringLiteral("; signatures required")
                            : QStringLiteral("; signatures optional");
    return s;
}

SignatureReport checkSignatures(const RunRoster& initial, const QList<SignOffEvent>& events,
                                const std::optional<AllowedSigners>& external)
{
    SignatureReport report;
    report.signaturesRequired = initial.signaturesRequired;
    report.hasRoster = external.has_value() || !initial.allowedSigners.trimmed().isEmpty();
    RosterInForce roster = RosterInForce::of(initial.allowedSigners);
    RosterInForce given;
    if (external)
        given.signers = external;
    QList<RosterChange> history;

    // Each signature checked by itself first, on every core: an Ed25519 check is tens of
    // microseconds, and a long run has thousands. The roster is then judged in order.
    struct Checked
    {
        EventSignatureCheck check;
        SshPublicKey key;
    };
    QList<qsizetype> order(events.size());
    std::iota(order.begin(), order.end(), qsizetype(0));
    const QList<Checked> checked =
        QtConcurrent::blockingMapped<QList<Checked>>(order, [&events](qsizetype i) {
            Checked c;
            c.check = checkOne(events.at(i), &c.key);
            return c;
        });

    for (qsizetype i = 0; i < events.size(); ++i) {
        const SignOffEvent& e = events.at(i);
        const SshPublicKey& key = checked.at(i).key;
        EventSignatureCheck c = checked.at(i).check;
        const bool rosterEvent = e.kind == EventKind::RosterChanged;
        if (c.status == Status::Good) {
            // The run's first roster is judged by itself: whoever brings it must be on it.
            // As rosterChangeCounts: only a run with no roster text at all takes its first
            // roster from the event; a roster in force that does not read allows nobody.
            const RosterInForce own = rosterEvent && !external && roster.text.trimmed().isEmpty()
                                          ? RosterInForce::of(e.text)
                                          : RosterInForce();
            const RosterInForce& judge = external ? given : (own.signers ? own : roster);
            if (!judge.allowsAs(e, key)) {
                c.status = Status::NotOnRoster;
                c.problem = judge.allows(e.actor.name, key)
                                ? QStringLiteral("made with %1, which the roster gives %2, but "
                                                 "not as %3%4")
                                      .arg(key.fingerprint(), e.actor.name, roleName(e.actor.role),
                                           rosterEvent ? QStringLiteral(" to change the roster")
                                                       : QString())
                                : offRosterWords(e, key, judge, history, external.has_value());
                // Only a roster in force can leave a key off it: a signed event in a run
                // that had none yet fails nothing when a roster comes later. A roster change
                // golive would not have written fails whatever roster there was, and so does
                // any event under a roster that is there but does not read.
                c.offRosterFails =
                    rosterEvent || external.has_value() || !judge.text.trimmed().isEmpty();
            }
        }
        // A roster change counts only when golive would have written it: signed by a key the
        // roster gives its actor, by a commander, with a roster that reads. Anything else in
        // the record is no change of roster, and is itself a bad event.
        if (rosterEvent && c.status != Status::Bad) {
            RosterInForce next = RosterInForce::of(e.text);
            if (c.status == Status::Unsigned) {
                c.status = Status::Bad;
                c.problem = QStringLiteral("it changes the roster unsigned; a roster change must "
                                           "be signed, so the change does not count");
            } else if (!mayChangeRoster(e.actor.role)) {
                c.status = Status::Bad;
                c.problem = QStringLiteral("it changes the roster as %1; only an incident "
                                           "commander or release captain may, so the change "
                                           "does not count")
                                .arg(roleName(e.actor.role));
            } else if (!next.signers || next.signers->isEmpty()) {
                c.status = Status::Bad;
                c.problem = next.signers ? QStringLiteral("the roster it sets has nobody on it, "
                                                          "so the change does not count")
                                         : QStringLiteral("the roster it sets does not read, so "
                                                          "the change does not count");
            } else if (!next.signers->hasCommander()) {
                c.status = Status::Bad;
                c.problem = QStringLiteral("the roster it sets leaves nobody who may change it "
                                           "(no line naming role:incident-commander or "
                                           "role:release-captain), so the change does not count");
            } else if (e.fieldKey == QLatin1String("require-signatures") && e.text != roster.text) {
                c.status = Status::Bad;
                c.problem = QStringLiteral("it requires signatures and changes the roster too, "
                                           "so the change does not count");
            } else if (c.status == Status::Good) {
                history.append({e.seq, roster, next});
                roster = std::move(next);
                report.hasRoster = true;
                if (e.fieldKey == QLatin1String("require-signatures"))
                    report.signaturesRequired = true;
            }
        }
        switch (c.status) {
        case Status::Unsigned:
            ++report.unsignedCount;
            if (report.signaturesRequired) {
                ++report.unsignedWhileRequired;
                c.problem = QStringLiteral("unsigned while the run required signatures");
            }
            break;
        case Status::Good:
            ++report.good;
            break;
        case Status::NotOnRoster:
            ++report.notOnRoster;
            if (c.offRosterFails)
                ++report.notOnRosterInForce;
            break;
        case Status::Bad:
            ++report.bad;
            if (report.firstBad == 0)
                report.firstBad = e.seq;
            break;
        }
        report.events.append(c);
    }
    report.finalRoster = roster.text;
    return report;
}

} // namespace golive::signing
