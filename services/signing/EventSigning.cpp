// Signing an event with its actor's key and checking it against the run's roster.
#include "EventSigning.h"

#include "AllowedSigners.h"
#include "SshSignature.h"
#include "SshSigner.h"

#include "RunLedger.h"

namespace golive::signing {

namespace {

bool refuse(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

} // namespace

QString signaturesRequiredWords()
{
    return QStringLiteral("this run requires signed sign-offs; choose a key with Ctrl+Shift+O "
                          "(on the command line: --key FILE or GOLIVE_SIGNING_KEY). Nothing was "
                          "recorded.");
}

bool prepareSignature(SignOffEvent& event, QString* error)
{
    event.signature = {};
    if (event.actor.signingKey.isEmpty())
        return true;
    QString words;
    const auto key = SigningKey::fromFile(event.actor.signingKey, &words);
    if (!key)
        return refuse(error, QStringLiteral("cannot sign with %1: %2. Nothing was recorded.")
                                 .arg(event.actor.signingKey, words));
    event.signature.keyFingerprint = key->key.fingerprint();
    event.signature.keyType = key->key.type;
    return true;
}

bool signChained(SignOffEvent& event, QString* error)
{
    if (!event.signature.isSigned())
        return true;
    QString words;
    const auto key = SigningKey::fromFile(event.actor.signingKey, &words);
    if (!key || key->key.fingerprint() != event.signature.keyFingerprint)
        return refuse(error, QStringLiteral("cannot sign with %1: %2. Nothing was recorded.")
                                 .arg(event.actor.signingKey,
                                      key ? QStringLiteral("the key file changed") : words));
    const QByteArray payload = event.canonicalPayload();
    const auto armored = SshSigner::sign(*key, payload, &words);
    if (!armored)
        return refuse(error,
                      QStringLiteral("could not sign with %1 (%2): %3. Nothing was "
                                     "recorded.")
                          .arg(event.actor.signingKey, event.signature.keyFingerprint, words));
    // What ssh-keygen gave back is checked like any signature in the record.
    const auto sig = SshSignature::parseArmored(*armored, &words);
    if (!sig || !(sig->key == key->key) || !verify(*sig, payload, kNamespace, &words))
        return refuse(error, QStringLiteral("the signature ssh-keygen made with %1 does not "
                                            "check: %2. Nothing was recorded.")
                                 .arg(event.signature.keyFingerprint,
                                      sig && !(sig->key == key->key)
                                          ? QStringLiteral("it was made with another key")
                                          : words));
    event.signature.armored = sig->armored();
    return true;
}

bool rosterChangeCounts(const RunRoster& before, const SignOffEvent& e, QString* why)
{
    if (e.kind != EventKind::RosterChanged)
        return refuse(why, QStringLiteral("it is not a roster change"));
    // What costs nothing first: a row anyone could insert is turned away before its text,
    // which may be large, is read.
    if (e.actor.role != Role::IncidentCommander && e.actor.role != Role::ReleaseCaptain)
        return refuse(why, QStringLiteral("it is not by a commander"));
    if (!e.signature.isSigned() || e.signature.armored.isEmpty())
        return refuse(why, QStringLiteral("it is not signed"));
    if (e.fieldKey == QLatin1String("require-signatures") && e.text != before.allowedSigners)
        return refuse(why, QStringLiteral("it requires signatures and changes the roster too"));
    QString words;
    const auto sig = SshSignature::parseArmored(e.signature.armored, &words);
    if (!sig || sig->key.fingerprint() != e.signature.keyFingerprint ||
        sig->key.type != e.signature.keyType ||
        !verify(*sig, e.canonicalPayload(), kNamespace, &words))
        return refuse(why, QStringLiteral("its signature does not check"));
    // The roster in force judges it; a run's first roster is judged by itself.
    const bool first = before.allowedSigners.trimmed().isEmpty();
    if (!first) {
        const auto judge = AllowedSigners::parse(before.allowedSigners, &words);
        if (!judge ||
            !judge->allowsAs(e.actor.name, roleName(e.actor.role), sig->key, kNamespace, true))
            return refuse(why, QStringLiteral("its key is not one the roster gives %1 as a "
                                              "commander")
                                   .arg(e.actor.name));
    }
    const auto next = AllowedSigners::parse(e.text, &words);
    if (!next || next->isEmpty())
        return refuse(why, QStringLiteral("the roster it sets %1")
                               .arg(next ? QStringLiteral("has nobody on it")
                                         : QStringLiteral("does not read: ") + words));
    if (!next->hasCommander())
        return refuse(why, QStringLiteral("the roster it sets leaves nobody who may change it"));
    if (first && !next->allowsAs(e.actor.name, roleName(e.actor.role), sig->key, kNamespace, true))
        return refuse(why, QStringLiteral("its key is not one the roster it sets gives %1 as a "
                                          "commander")
                               .arg(e.actor.name));
    return true;
}

bool rosterAllows(const QString& roster, const SignOffEvent& event, QString* error)
{
    QString words;
    const auto signers = AllowedSigners::parse(roster, &words);
    if (!signers)
        return refuse(error, QStringLiteral("the run's roster does not read: %1. Nothing was "
                                            "recorded.")
                                 .arg(words));
    const auto key = SigningKey::fromFile(event.actor.signingKey, &words);
    if (!key)
        return refuse(error, QStringLiteral("cannot sign with %1: %2. Nothing was recorded.")
                                 .arg(event.actor.signingKey, words));
    const bool rosterChange = event.kind == EventKind::RosterChanged;
    const QString role = roleName(event.actor.role);
    if (signers->allowsAs(event.actor.name, role, key->key, kNamespace, rosterChange))
        return true;
    if (signers->allows(event.actor.name, key->key, kNamespace))
        return refuse(error,
                      rosterChange
                          ? QStringLiteral("the key %1 is on this run's roster for %2, but not "
                                           "to change the roster: that takes a line naming "
                                           "role:incident-commander or role:release-captain, "
                                           "and that role. Nothing was recorded.")
                                .arg(key->key.fingerprint(), event.actor.name)
                          : QStringLiteral("the key %1 is on this run's roster for %2, but not "
                                           "as %3 (its line names the roles it signs in). "
                                           "Nothing was recorded.")
                                .arg(key->key.fingerprint(), event.actor.name, role));
    QStringList others;
    for (const AllowedSigner& s : signers->entriesFor(key->key))
        others += s.principals;
    return refuse(error,
                  others.isEmpty()
                      ? QStringLiteral("the key %1 is not on this run's roster; an incident "
                                       "commander or release captain adds it (Run > Roster, or "
                                       "golive roster add). Nothing was recorded.")
                            .arg(key->key.fingerprint())
                      : QStringLiteral("the key %1 is on this run's roster for %2, not for %3. "
                                       "Nothing was recorded.")
                            .arg(key->key.fingerprint(), others.join(QStringLiteral(", ")),
                                 event.actor.name));
}

} // namespace golive::signing
