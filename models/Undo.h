// What Ctrl+Z takes back: the operator's own newest action, when it still stands, and the event
// that takes it back (the record keeps both; nothing is erased).
#pragma once

#include "SignOffEvent.h"

#include <optional>

namespace golive {

class RunState;

struct UndoAction
{
    SignOffEvent undone; // the operator's action as recorded
    // The event that takes it back, without actor or time: a revocation of a sign-off, N/A or
    // block; for a revocation, the status it revoked again, with its original note or reason.
    SignOffEvent undo;
    // "Undo sign-off of 2.1.3", "Undo revoke of 2.1.3", "Undo N/A of 2.1.3", "Undo block of 2.1.3"
    QString menuText() const;
};

// The newest event by `actor` (same name, role and OS user), if it is a sign-off, N/A, block or
// revocation of an item nothing has happened to since but notes (a step failure counts), that
// did not resolve a failed step, and,
// for a revocation, of `actor`'s own sign-off, N/A or block; otherwise nothing (never an older
// one).
// `undoReason` is the text of a revocation that undoes a sign-off, N/A or block.
std::optional<UndoAction> lastUndoableAction(const RunState& state, const Actor& actor,
                                             const QString& undoReason);

} // namespace golive
