// The rules of the events about the run rather than an item (acknowledging a ledger break,
// setting the dashboard), beside RunState's other rules: RunState::validate asks them.
#pragma once

#include "Runbook.h"
#include "SignOffEvent.h"

#include <QString>

namespace golive {

// Whether `event` (EventKind::DashboardSet) may be recorded: set by the incident commander or
// the release captain, naming the dashboard by its lower-case hex SHA-256 (fieldKey) and its
// file name on one line (text). False with the refusal in *error otherwise.
bool dashboardSetRefusal(const SignOffEvent& event, QString* error);

// Whether `event` (EventKind::ChainBreakAcknowledged) may be recorded: by the incident
// commander or the release captain, naming the breaks and saying why. The breaks named are
// checked against the ledger by RunFile::append().
bool validateAcknowledgement(const SignOffEvent& event, QString* error);

// Whether `event` (EventKind::RosterChanged) may be recorded: by the incident commander or the
// release captain, signed (the key is on the event before it is chained), saying what changed
// ("add", "remove", "require-signatures"). That the roster text reads and that the key is on
// the roster are checked by RunLedger, which can read keys.
bool rosterChangeRefusal(const SignOffEvent& event, QString* error);

// An observation changes no item: anyone on duty may record what they saw, observers too;
// it names one of observationCategories() and says what was seen.
bool validateObservation(const SignOffEvent& event, QString* error);

// Only a placeholder field of the runbook is filled in.
bool validateFieldFill(const Runbook& runbook, const SignOffEvent& event, QString* error);

} // namespace golive
