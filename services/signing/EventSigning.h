// Signing a ledger event with its actor's SSH key, and what a run's roster allows: the part
// of an append that is about keys, for both backends alike.
#pragma once

#include "SignOffEvent.h"

namespace golive {
struct RunRoster;
}

#include <QString>

namespace golive::signing {

// The words every refusal of an unsigned event in a run that requires signatures says.
QString signaturesRequiredWords();

// For an event whose actor has a signing key (Actor::signingKey): reads the key's public half
// and puts its fingerprint and type on the event, so the rules see a signed event and the
// payload names the key. Nothing to do without a key. False with words (the key file missing,
// not a key, RSA too short).
bool prepareSignature(SignOffEvent& event, QString* error);

// Signs a chained event (seq, time and prev set; its payload names the key) with its actor's
// key through ssh-keygen, and checks the signature that came back before keeping it: made by
// that key, over these bytes, in namespace golive. Blocks while a hardware key waits for a
// touch: never on the UI thread. False with words.
bool signChained(SignOffEvent& event, QString* error);

// Whether `roster` (allowed_signers text) lets event's actor sign with event's key: the key
// on a line whose principals match the actor's name, for namespace golive. An empty roster
// allows nothing. False with words naming the key and the person.
bool rosterAllows(const QString& roster, const SignOffEvent& event, QString* error);

// Whether roster-changed event `e` changes the roster from `before`: signed with a good
// signature (checked here) by a key the roster in force gives its actor as an incident
// commander or release captain (a run's first roster: by the one it sets), setting a roster
// that reads and has someone on it. What the writer, the window, the report and verify all
// follow: a row that does not count changes nobody's roster. False with why, in words.
bool rosterChangeCounts(const RunRoster& before, const SignOffEvent& e, QString* why);

} // namespace golive::signing
