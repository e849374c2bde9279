// What Ctrl+Z takes back (see Undo.h).
#include "Undo.h"

#include "Cutover.h"
#include "RunState.h"

namespace golive {
namespace {

bool changesStatus(EventKind kind)
{
    return kind == EventKind::Signed || kind == EventKind::Revoked ||
           kind == EventKind::NotApplicable || kind == EventKind::Blocked ||
           kind == EventKind::Decision || kind == EventKind::PhaseChanged;
}

bool sameSeat(const Actor& a, const Actor& b)
{
    return a.name == b.name && a.role == b.role && a.osUser == b.osUser;
}

} // namespace

QString UndoAction::menuText() const
{
    QString what;
    switch (undone.kind) {
    case EventKind::Signed:
        what = QStringLiteral("sign-off");
        break;
    case EventKind::Revoked:
        what = QStringLiteral("revoke");
        break;
    case EventKind::NotApplicable:
        what = QStringLiteral("N/A");
        break;
    case EventKind::Blocked:
        what = QStringLiteral("block");
        break;
    default:
        what = eventKindName(undone.kind);
        break;
    }
    return QStringLiteral("Undo %1 of %2").arg(what, undone.itemId);
}

std::optional<UndoAction> lastUndoableAction(const RunState& state, const Actor& actor,
                                             const QString& undoReason)
{
    const QList<SignOffEvent>& events = state.events();
    for (qsizetype i = events.size() - 1; i >= 0; --i) {
        const SignOffEvent& mine = events.at(i);
        if (!sameSeat(mine.actor, actor))
            continue;
        const bool undoable = mine.kind == EventKind::Signed || mine.kind == EventKind::Revoked ||
                              mine.kind == EventKind::NotApplicable ||
                              mine.kind == EventKind::Blocked;
        if (!undoable || mine.itemId.isEmpty())
            return std::nullopt;
        // Still standing: nothing happened to the item since but notes. A step marked failed
        // after it counts too: re-signing would quietly resolve that failure.
        for (qsizetype later = i + 1; later < events.size(); ++later) {
            if (events.at(later).itemId == mine.itemId &&
                events.at(later).kind != EventKind::NoteAdded)
                return std::nullopt;
        }
        // A sign-off or N/A that resolved a failed step is not taken back with a keystroke:
        // the step would be open again with its failure no longer showing. Revoking it stays
        // possible, with a reason.
        for (const StepFailure& f : state.cutover().failureHistory()) {
            if (f.resolved && f.resolvedSeq == mine.seq)
                return std::nullopt;
        }
        UndoAction action;
        action.undone = mine;
        action.undo.itemId = mine.itemId;
        if (mine.kind != EventKind::Revoked) {
            action.undo.kind = EventKind::Revoked;
            action.undo.text = undoReason;
            return action;
        }
        // A revocation is undone by recording again what it revoked, with its own words.
        for (qsizetype before = i - 1; before >= 0; --before) {
            const SignOffEvent& e = events.at(before);
            if (e.itemId != mine.itemId || !changesStatus(e.kind))
                continue;
            if (e.kind != EventKind::Signed && e.kind != EventKind::NotApplicable &&
                e.kind != EventKind::Blocked)
                return std::nullopt; // signed by a decision or Live: not the operator's to redo
            // Only one's own: redoing another person's sign-off would put their words under
            // this operator's name.
            if (!sameSeat(e.actor, actor))
                return std::nullopt;
            action.undo.kind = e.kind;
            action.undo.text = e.text;
            action.undo.fieldKey = e.fieldKey;
            return action;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace golive
