// The state of a run: a fold over its sign-off events, and the rules a new event must obey.
#pragma once

#include "Cutover.h"
#include "Runbook.h"
#include "SharedStrings.h"
#include "SignOffEvent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace golive {

enum class ItemStatus
{
    Open,
    Signed,
    NotApplicable,
    Blocked,
    CheckedInTemplate
};
QString itemStatusName(ItemStatus status);        // "open", "signed", "not-applicable", ...
QString itemStatusDisplayName(ItemStatus status); // "Open", "Signed", "N/A", ...

struct ItemState
{
    ItemStatus status = ItemStatus::Open;
    QString by; // who set the current status (empty for Open / CheckedInTemplate)
    Role role = Role::Observer;
    QDateTime at;            // when
    QString note;            // sign-off note or reason of the current status
    QStringList notes;       // notes added later (NoteAdded), oldest first
    QList<qint64> eventSeqs; // every event that touched the item, in order
    int evidence = 0;        // evidence recorded for it (EvidenceAttached, CommandRun)
    // The checks (names) its current sign-off was recorded over, open then (checksSignedOver()).
    QStringList checksSignedOver;

    bool isDone() const; // Signed, NotApplicable or CheckedInTemplate
};

struct Progress
{
    int done = 0;
    int total = 0;
    QString toString() const { return QStringLiteral("%1/%2").arg(done).arg(total); }
};

class RunState
{
public:
    explicit RunState(const Runbook* runbook = nullptr);
    void reset(const Runbook* runbook);

    // Whether `event` may be appended now; on refusal *error says why in words a person can
    // act on (names the item and who signed it, or the role needed). Same rules everywhere:
    // the window, the command line and the ledger itself call this. Rules that depend on the
    // time (Live after final monitoring) use the event's time when it has one, else now().
    // The cutover's rules (Cutover.h) apply when the runbook has a cutover plan: steps in
    // order and only after GO, the incident commander's decisions, the rollback plan in order.
    bool validate(const SignOffEvent& event, QString* error) const;
    // Folds one event in (already in the ledger, so it is applied even if validate() would
    // refuse it now: the record is what it is). Also folds the cutover (cutover()).
    void apply(const SignOffEvent& event);

    // The clock the rules read for an event without a time (the ledger stamps those when it
    // appends them). Default: QDateTime::currentDateTimeUtc. Tests and the window may set
    // their own; an empty function restores the default. reset() keeps it.
    using Clock = std::function<QDateTime()>;
    void setClock(Clock clock) { m_clock = std::move(clock); }
    QDateTime now() const;

    // The cutover plan found in the runbook, and the cutover folded so far.
    const CutoverPlan& plan() const { return m_cutover.plan(); }
    const CutoverState& cutover() const { return m_cutover; }
    // The go-live window's start: the plan's start field (the runbook's "Start") as filled in,
    // parsed by parseWindowStart(). Null, with the reason in *error, when the runbook has no
    // such field, it is not filled in, or it does not read as a date and time.
    QDateTime windowStartUtc(QString* error = nullptr) const;

    const Runbook* runbook() const { return m_runbook; }
    ItemState item(const QString& id) const;
    QString fieldValue(const QString& key) const; // empty when not filled
    QHash<QString, QString> fieldValues() const { return m_fields; }
    Progress sectionProgress(int sectionIndex) const;
    Progress itemChildrenProgress(const RunbookItem& item) const; // over all descendants
    Progress totalProgress() const;
    const QList<SignOffEvent>& events() const { return m_events; }
    QList<SignOffEvent> eventsFor(const QString& itemId) const;

    // What Undo revokes: the newest event by `actor` (same name, role and OS user), if it is
    // a sign-off that still stands; otherwise nothing (never an older sign-off).
    std::optional<SignOffEvent> lastUndoableSignOff(const Actor& actor) const;

private:
    template <typename Mine>
    std::optional<SignOffEvent> lastUndoableSignOffBy(const Mine& mine) const;
    bool validateCutoverEvent(const SignOffEvent& event, QString* error) const;
    // The cutover's rules, one per event kind, over what they all read (RunState.cpp).
    struct CutoverCheck;
    bool validatePhaseChange(const SignOffEvent& event, const CutoverCheck& k) const;
    bool validateGoLive(const SignOffEvent& event, const CutoverCheck& k) const;
    bool validateDecision(const SignOffEvent& event, const CutoverCheck& k) const;
    bool validateStepFailure(const SignOffEvent& event, const CutoverCheck& k) const;
    // Something under `itemId` (a sub-item, at any depth) is signed or marked N/A.
    bool anyChildRecorded(const QString& itemId) const;
    bool validateRollbackStep(const SignOffEvent& event, const CutoverCheck& k) const;
    bool validateCutoverItem(const SignOffEvent& event, const RunbookItem& item,
                             QString* error) const;
    bool isDone(const QString& itemId) const;
    QString label(const QString& itemId) const;

    const Runbook* m_runbook = nullptr;
    QHash<QString, ItemState> m_items;
    QHash<QString, QString> m_fields;
    QList<SignOffEvent> m_events;
    SharedStrings m_shared; // what m_events' events repeat, held once
    CutoverState m_cutover;
    Clock m_clock;
};

} // namespace golive
