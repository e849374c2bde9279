// The rules of a run: which sign-off events are allowed, and how they fold into item states.
#include "RunState.h"

#include <QCoreApplication>

#include "decision/ItemCheckRules.h"
#include "evidence/Evidence.h"

#include "RunEventRules.h"
#include "SafeText.h"
#include "SubItems.h"
#include "Wording.h"

#include <algorithm>

namespace golive {

QString itemStatusName(ItemStatus status)
{
    switch (status) {
    case ItemStatus::Open:
        return QStringLiteral("open");
    case ItemStatus::Signed:
        return QStringLiteral("signed");
    case ItemStatus::NotApplicable:
        return QStringLiteral("not-applicable");
    case ItemStatus::Blocked:
        return QStringLiteral("blocked");
    case ItemStatus::CheckedInTemplate:
        return QStringLiteral("checked-in-template");
    }
    return {};
}

QString itemStatusDisplayName(ItemStatus status)
{
    switch (status) {
    case ItemStatus::Open:
        return QCoreApplication::translate("golive::ItemStatus", "Open");
    case ItemStatus::Signed:
        return QCoreApplication::translate("golive::ItemStatus", "Signed");
    case ItemStatus::NotApplicable:
        return QCoreApplication::translate("golive::ItemStatus", "N/A");
    case ItemStatus::Blocked:
        return QCoreApplication::translate("golive::ItemStatus", "Blocked");
    case ItemStatus::CheckedInTemplate:
        return QCoreApplication::translate("golive::ItemStatus", "Checked in template");
    }
    return {};
}

bool ItemState::isDone() const
{
    return status == ItemStatus::Signed || status == ItemStatus::NotApplicable ||
           status == ItemStatus::CheckedInTemplate;
}

namespace {

// `1.2 "Data Stores Ready & Backed Up"`: how every message names an item.
QString itemLabel(const RunbookItem& item)
{
    return QStringLiteral("%1 \"%2\"").arg(item.id, item.title);
}

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("an unknown time");
}

// "Ana (release-captain) at 2026-05-01T10:00:00.000Z"
QString whoWhen(const ItemState& s)
{
    return QStringLiteral("%1 (%2) at %3")
        .arg(terminalSafe(s.by), roleName(s.role), timeText(s.at));
}

// Whether every text of `event` is data a person can read as it is: one shared rule
// (SafeText.h), so no way in (window, command line, ledger) records a control character or a
// text-direction control that could forge or hide a line where the text is shown later.
QString eventTextRefusal(const SignOffEvent& event)
{
    const struct
    {
        QString what;
        const QString& text;
        TextShape shape;
    } texts[] = {
        {QStringLiteral("the name"), event.actor.name, TextShape::OneLine},
        {QStringLiteral("the OS user name"), event.actor.osUser, TextShape::OneLine},
        {QStringLiteral("the host name"), event.actor.host, TextShape::OneLine},
        {QStringLiteral("the item id"), event.itemId, TextShape::OneLine},
        {QStringLiteral("the field key"), event.fieldKey, TextShape::OneLine},
        {event.kind == EventKind::FieldFilled ? QStringLiteral("the field value")
                                              : QStringLiteral("the note or reason"),
         event.text,
         event.kind == EventKind::FieldFilled ? TextShape::OneLine : TextShape::MultiLine},
    };
    for (const auto& t : texts) {
        const QString why = textRefusal(t.what, t.text, t.shape);
        if (!why.isEmpty())
            return why;
    }
    return {};
}

bool refuse(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

bool isStatusChange(EventKind kind)
{
    return kind == EventKind::Signed || kind == EventKind::Revoked ||
           kind == EventKind::NotApplicable || kind == EventKind::Blocked ||
           kind == EventKind::Decision || kind == EventKind::PhaseChanged;
}

// "12 min 30 s", "45 s", "2 min"
QString durationText(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    const qint64 minutes = seconds / 60;
    const qint64 rest = seconds % 60;
    if (minutes == 0)
        return QStringLiteral("%1 s").arg(rest);
    if (rest == 0)
        return QStringLiteral("%1 min").arg(minutes);
    return QStringLiteral("%1 min %2 s").arg(minutes).arg(rest);
}

void countItems(const QList<RunbookItem>& items, Progress& p, const QHash<QString, ItemState>& s)
{
    for (const RunbookItem& item : items) {
        ++p.total;
        const auto it = s.constFind(item.id);
        if (it == s.constEnd() ? item.checkedInTemplate : it->isDone())
            ++p.done;
        countItems(item.children, p, s);
    }
}

} // namespace

RunState::RunState(const Runbook* runbook)
{
    reset(runbook);
}

void RunState::reset(const Runbook* runbook)
{
    m_runbook = runbook;
    m_items.clear();
    m_fields.clear();
    m_events.clear();
    m_shared.clear();
    m_cutover = CutoverState();
    if (!m_runbook)
        return;
    const QList<const RunbookItem*> items = m_runbook->allItems();
    m_items.reserve(items.size());
    for (const RunbookItem* item : items) {
        ItemState s;
        s.status = item->checkedInTemplate ? ItemStatus::CheckedInTemplate : ItemStatus::Open;
        m_items.insert(item->id, s);
    }
    m_cutover = CutoverState(CutoverPlan::fromRunbook(*m_runbook));
    m_cutover.syncDone([this](const QString& id) { return isDone(id); });
}

QDateTime RunState::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

bool RunState::isDone(const QString& itemId) const
{
    const auto it = m_items.constFind(itemId);
    return it != m_items.constEnd() && it->isDone();
}

QString RunState::label(const QString& itemId) const
{
    const RunbookItem* item = m_runbook ? m_runbook->findItem(itemId) : nullptr;
    if (!item)
        return itemId;
    return QStringLiteral("%1 \"%2\"")
        .arg(item->id, renderPlain(item->title, *m_runbook,
                                   [this](const QString& key) { return fieldValue(key); }));
}

QDateTime RunState::windowStartUtc(QString* error) const
{
    const QString key = plan().startFieldKey;
    if (key.isEmpty()) {
        if (error)
            *error = QStringLiteral("this runbook has no Start field for the go-live window");
        return {};
    }
    return parseWindowStart(fieldValue(key), error);
}

bool RunState::validate(const SignOffEvent& event, QString* error) const
{
    const QString kindText = eventKindName(event.kind);
    if (!m_runbook)
        return refuse(error, QStringLiteral("no runbook is loaded; open a run first"));
    if (event.actor.name.trimmed().isEmpty())
        return refuse(error, QStringLiteral("enter your name first: every sign-off records who "
                                            "made it, so nothing was recorded"));
    if (const QString why = eventTextRefusal(event); !why.isEmpty())
        return refuse(error, why);
    if (event.kind == EventKind::Observed)
        return validateObservation(event, error);
    if (isEvidence(event.kind))
        return evidenceRefusal(*this, event, error);
    if (event.actor.role == Role::Observer)
        return refuse(error,
                      QStringLiteral("observers are read-only: choose the incident-commander,"
                                     " release-captain or engineer role to change items"));

    if (event.kind == EventKind::PhaseChanged || event.kind == EventKind::Decision ||
        event.kind == EventKind::StepFailed || event.kind == EventKind::RollbackStep)
        return validateCutoverEvent(event, error);

    if (event.kind == EventKind::ChainBreakAcknowledged)
        return validateAcknowledgement(event, error);
    if (event.kind == EventKind::DashboardSet)
        return dashboardSetRefusal(event, error);
    if (event.kind == EventKind::RosterChanged)
        return rosterChangeRefusal(event, error);

    if (event.kind == EventKind::FieldFilled) {
        if (!validateFieldFill(*m_runbook, event, error))
            return false;
        // The go-live window's start drives T-minus and the early-GO rule: a value golive
        // cannot read would silently switch both off.
        QString why;
        if (!plan().startFieldKey.isEmpty() && event.fieldKey == plan().startFieldKey &&
            !event.text.trimmed().isEmpty() && !parseWindowStart(event.text, &why).isValid())
            return refuse(error, QStringLiteral("%1; nothing was recorded").arg(why));
        // Once the Go/No-Go is open, T-minus and the early-GO rule stand on it: it may move,
        // not go.
        if (!plan().startFieldKey.isEmpty() && event.fieldKey == plan().startFieldKey &&
            event.text.trimmed().isEmpty() && cutover().phase() != Phase::Preparing &&
            !fieldValue(event.fieldKey).trimmed().isEmpty())
            return refuse(error, QStringLiteral("the go-live window's Start cannot be cleared "
                                                "once the Go/No-Go is open: T-minus and the "
                                                "early-GO rule depend on it; give the new start "
                                                "instead; nothing was recorded"));
        return true;
    }

    const RunbookItem* item = m_runbook->findItem(event.itemId);
    if (!item)
        return refuse(error, QStringLiteral("no item %1 in this runbook; check the item number")
                                 .arg(event.itemId.isEmpty() ? QStringLiteral("(none given)")
                                                             : event.itemId));
    const QString label = itemLabel(*item);
    const ItemState s = this->item(item->id);

    if (event.kind == EventKind::NoteAdded) {
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("write the note for %1 first; an empty note was "
                                                "not recorded")
                                     .arg(label));
        return true;
    }

    // The go-decision pre-check is recorded by the GO itself, whoever asks: no role signs it
    // directly, so no role is named as the way to sign it.
    const bool marks = event.kind == EventKind::Signed || event.kind == EventKind::NotApplicable;
    if (marks && plan().isValid() && item->id == plan().goDecisionItemId)
        return refuse(error, QStringLiteral("%1 is recorded by the GO decision, not signed "
                                            "directly: the incident commander records GO (or "
                                            "NO-GO with a reason) at the Go/No-Go; nothing was "
                                            "recorded")
                                 .arg(label));

    // Signing, revoking and marking an item that names a role are that role's decision.
    if (!item->requiredRole.isEmpty() && roleName(event.actor.role) != item->requiredRole)
        return refuse(error, QStringLiteral("%1 needs the %2 role; you are %3")
                                 .arg(label, item->requiredRole, roleName(event.actor.role)));

    switch (event.kind) {
    case EventKind::Signed:
        if (s.status == ItemStatus::Signed)
            return refuse(error,
                          QStringLiteral("%1 is already signed by %2").arg(label, whoWhen(s)));
        if (s.status == ItemStatus::NotApplicable)
            return refuse(error, QStringLiteral("%1 is marked N/A by %2; revoke that first to "
                                                "sign it")
                                     .arg(label, whoWhen(s)));
        if (s.status == ItemStatus::Blocked)
            return refuse(
                error, QStringLiteral("%1 is blocked by %2 (%3): \"%4\"; revoke the "
                                      "block first")
                           .arg(label, terminalSafe(s.by), roleName(s.role), terminalSafe(s.note)));
        if (!validateCutoverItem(event, *item, error) ||
            !evidenceReferenceRefusal(*this, event, error))
            return false;
        // Checks golive verifies itself (requires=health-green, ...): decision/ItemCheckRules.h.
        if (const QString why = itemChecksRefusal(*this, *item, event); !why.isEmpty())
            return refuse(error, why);
        // A parent signed over open sub-items says why, naming them (SubItems.h).
        if (const QString why = openSubItemsRefusal(*this, *item, label, event.text);
            !why.isEmpty())
            return refuse(error, why);
        return true;
    case EventKind::Revoked:
        if (s.status == ItemStatus::Open || s.status == ItemStatus::CheckedInTemplate)
            return refuse(error, QStringLiteral("%1 is %2: there is nothing to revoke")
                                     .arg(label, itemStatusDisplayName(s.status).toLower()));
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("give a reason for revoking %1; it stays %2")
                                     .arg(label, itemStatusDisplayName(s.status).toLower()));
        return validateCutoverItem(event, *item, error);
    case EventKind::NotApplicable:
    case EventKind::Blocked: {
        const bool na = event.kind == EventKind::NotApplicable;
        const QString what = na ? QStringLiteral("N/A") : QStringLiteral("blocked");
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("give a reason for marking %1 %2; it was not "
                                                "changed")
                                     .arg(label, what));
        if (s.status == ItemStatus::Signed)
            return refuse(error, QStringLiteral("%1 is signed by %2; revoke the sign-off first "
                                                "to mark it %3")
                                     .arg(label, whoWhen(s), what));
        if (s.status == ItemStatus::NotApplicable)
            return refuse(error, QStringLiteral("%1 is already marked N/A by %2; revoke that "
                                                "first to mark it %3")
                                     .arg(label, whoWhen(s), what));
        if (!na && s.status == ItemStatus::Blocked)
            return refuse(error, QStringLiteral("%1 is already blocked by %2; add a note "
                                                "instead")
                                     .arg(label, whoWhen(s)));
        if (const QString why = itemChecksRefusal(*this, *item, event); !why.isEmpty())
            return refuse(error, why); // N/A past open checks is the commander's call
        return validateCutoverItem(event, *item, error);
    }
    case EventKind::FieldFilled:
    case EventKind::NoteAdded:
    case EventKind::ChainBreakAcknowledged:
    case EventKind::PhaseChanged:
    case EventKind::Decision:
    case EventKind::StepFailed:
    case EventKind::RollbackStep:
    case EventKind::Observed:
    case EventKind::DashboardSet:
    case EventKind::RosterChanged:
    case EventKind::EvidenceAttached:
    case EventKind::CommandRun:
        break;
    }
    return refuse(error, QStringLiteral("unknown event kind %1").arg(kindText));
}

void RunState::apply(const SignOffEvent& event)
{
    m_events.append(event);
    m_shared.share(m_events.last(),
                   m_events.size() > 1 ? &m_events.at(m_events.size() - 2) : nullptr);
    if (event.kind == EventKind::FieldFilled)
        m_fields.insert(event.fieldKey, event.text);

    // An event for an item the runbook does not have is kept in the record but moves nothing.
    const auto it = event.itemId.isEmpty() ? m_items.end() : m_items.find(event.itemId);
    if (it != m_items.end()) {
        ItemState& s = *it;
        s.eventSeqs.append(event.seq);
        const auto setStatus = [this, &s, &event](ItemStatus status) {
            s.checksSignedOver =
                status == ItemStatus::Signed ? checksSignedOver(*this, event) : QStringList();
            s.status = status;
            s.by = event.actor.name;
            s.role = event.actor.role;
            s.at = event.timeUtc;
            s.note = event.text;
        };
        switch (event.kind) {
        case EventKind::Signed:
            setStatus(ItemStatus::Signed);
            break;
        case EventKind::NotApplicable:
            setStatus(ItemStatus::NotApplicable);
            break;
        case EventKind::Blocked:
            setStatus(ItemStatus::Blocked);
            break;
        case EventKind::Revoked: {
            const RunbookItem* item = m_runbook ? m_runbook->findItem(event.itemId) : nullptr;
            s.status =
                item && item->checkedInTemplate ? ItemStatus::CheckedInTemplate : ItemStatus::Open;
            s.by.clear();
            s.role = Role::Observer;
            s.at = QDateTime();
            s.note.clear();
            s.checksSignedOver.clear();
            break;
        }
        case EventKind::NoteAdded:
            s.notes.append(event.text);
            break;
        case EventKind::Decision:
            // A GO signs the go-decision pre-check ...
            if (event.fieldKey == kDecisionGo && event.itemId == plan().goDecisionItemId &&
                !s.isDone())
                setStatus(ItemStatus::Signed);
            break;
        case EventKind::PhaseChanged:
            // ... and declaring Live signs the final monitoring step.
            if (event.fieldKey == phaseName(Phase::Live) &&
                event.itemId == plan().finalMonitoringStepId && !s.isDone())
                setStatus(ItemStatus::Signed);
            break;
        case EventKind::EvidenceAttached:
        case EventKind::CommandRun:
            ++s.evidence; // kept whatever the item's status: the record never forgets it
            break;
        case EventKind::FieldFilled:
        case EventKind::ChainBreakAcknowledged:
        case EventKind::StepFailed:
        case EventKind::RollbackStep:
        case EventKind::Observed:
        case EventKind::DashboardSet:
        case EventKind::RosterChanged:
            break;
        }
    }
    m_cutover.apply(event, [this](const QString& id) { return isDone(id); });
}

// ---- the cutover's rules (Cutover.h) ----

// What every cutover rule reads: the plan, the cutover folded so far, the actor's role, the
// phase in words, and where a refusal's words go.
struct RunState::CutoverCheck
{
    const CutoverPlan& p;
    const CutoverState& c;
    Phase phase;
    QString role;
    bool ic;
    QString inPhase;
    QString* error;

    bool needsIc(const QString& what) const
    {
        return refuse(error, QStringLiteral("%1 needs the incident-commander role; you are %2; "
                                            "nothing was recorded")
                                 .arg(what, role));
    }
    QString goText() const
    {
        const std::optional<CutoverDecision>& d = c.decision();
        return d && d->go ? QStringLiteral("the GO was given by %1 (%2) at %3")
                                .arg(terminalSafe(d->by), roleName(d->role), timeText(d->atUtc))
                          : QStringLiteral("there was no GO");
    }
    QString rollbackText() const
    {
        const std::optional<RollbackStart>& r = c.rollback();
        return r ? QStringLiteral("a rollback was started by %1 (%2) at %3: \"%4\"")
                       .arg(terminalSafe(r->by), roleName(r->role), timeText(r->atUtc),
                            terminalSafe(r->reason))
                 : QStringLiteral("a rollback was started");
    }
};

bool RunState::validateCutoverEvent(const SignOffEvent& event, QString* error) const
{
    const CutoverPlan& p = plan();
    const QString kind = eventKindName(event.kind);
    if (!p.isValid())
        return refuse(error, QStringLiteral("this runbook has no cutover plan (a \"Pre-Checks\" "
                                            "group and a \"Cutover Sequence\" group), so there "
                                            "is no %1 to record; nothing was recorded")
                                 .arg(kind));
    const CutoverState& c = m_cutover;
    const Phase phase = c.phase();
    const QString role = roleName(event.actor.role);
    const bool ic = event.actor.role == Role::IncidentCommander;
    const QString inPhase = c.phaseSinceUtc().isValid()
                                ? QStringLiteral("the run is in %1 since %2")
                                      .arg(phaseDisplayName(phase), timeText(c.phaseSinceUtc()))
                                : QStringLiteral("the run is in %1").arg(phaseDisplayName(phase));
    const CutoverCheck k{p, c, phase, role, ic, inPhase, error};
    switch (event.kind) {
    case EventKind::PhaseChanged:
        return validatePhaseChange(event, k);
    case EventKind::Decision:
        return validateDecision(event, k);
    case EventKind::StepFailed:
        return validateStepFailure(event, k);
    case EventKind::RollbackStep:
        return validateRollbackStep(event, k);
    default:
        break;
    }
    return refuse(error, QStringLiteral("unknown event kind %1").arg(kind));
}

// Opening the Go/No-Go, starting a rollback, declaring Live; other phases are not recorded.
bool RunState::validatePhaseChange(const SignOffEvent& event, const CutoverCheck& k) const
{
    const Phase phase = k.phase;
    const QString& role = k.role;
    const bool ic = k.ic;
    const QString& inPhase = k.inPhase;
    QString* error = k.error;
    const std::optional<Phase> target = phaseFromName(event.fieldKey);
    if (target == Phase::GoNoGo) {
        if (!ic && event.actor.role != Role::ReleaseCaptain)
            return refuse(error, QStringLiteral("opening the Go/No-Go needs the "
                                                "incident-commander or release-captain role; "
                                                "you are %1; nothing was recorded")
                                     .arg(role));
        if (phase != Phase::Preparing)
            return refuse(error, QStringLiteral("the Go/No-Go is already open or behind: %1; "
                                                "nothing was recorded")
                                     .arg(inPhase));
        return true;
    }
    if (target == Phase::Rollback) {
        if (!ic)
            return k.needsIc(QStringLiteral("starting a rollback"));
        if (phase == Phase::Rollback || phase == Phase::RolledBack)
            return refuse(error, QStringLiteral("%1; nothing was recorded").arg(k.rollbackText()));
        if (phase == Phase::Preparing || phase == Phase::GoNoGo)
            return refuse(error, QStringLiteral("there is nothing to roll back: the cutover "
                                                "has not started (%1); record a NO-GO "
                                                "instead; nothing was recorded")
                                     .arg(inPhase));
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("give the reason for the rollback (what failed "
                                                "or was seen); nothing was recorded"));
        return true;
    }
    if (target == Phase::Live)
        return validateGoLive(event, k);
    return refuse(error, target
                             ? QStringLiteral("the %1 phase follows from the run's events and is "
                                              "not recorded directly; nothing was recorded")
                                   .arg(phaseDisplayName(*target))
                             : QStringLiteral("\"%1\" is not a phase golive records: record "
                                              "go-no-go, rollback or live; nothing was recorded")
                                   .arg(event.fieldKey));
}

// Live: only in final monitoring, once it has lasted its minutes, and not over a block.
bool RunState::validateGoLive(const SignOffEvent& event, const CutoverCheck& k) const
{
    const CutoverPlan& p = k.p;
    const CutoverState& c = k.c;
    const Phase phase = k.phase;
    const bool ic = k.ic;
    const QString& inPhase = k.inPhase;
    QString* error = k.error;
    if (!ic)
        return k.needsIc(QStringLiteral("declaring the go-live Live"));
    if (phase == Phase::Live)
        return refuse(error, QStringLiteral("the go-live is already Live (%1); nothing "
                                            "was recorded")
                                 .arg(inPhase));
    if (phase == Phase::Rollback || phase == Phase::RolledBack)
        return refuse(error, QStringLiteral("%1; the go-live cannot be declared Live; "
                                            "nothing was recorded")
                                 .arg(k.rollbackText()));
    if (phase != Phase::FinalMonitoring) {
        const QString next = c.nextStepId();
        return refuse(error,
                      QStringLiteral("the go-live can be declared Live only in Final "
                                     "monitoring, once every cutover step before %1 is "
                                     "done%2; %3; nothing was recorded")
                          .arg(p.finalMonitoringStepId.isEmpty() ? QStringLiteral("the last")
                                                                 : label(p.finalMonitoringStepId),
                               phase == Phase::Cutover && !next.isEmpty()
                                   ? QStringLiteral(" (next: %1)").arg(label(next))
                                   : QString(),
                               inPhase));
    }
    const QDateTime at = event.timeUtc.isValid() ? event.timeUtc.toUTC() : now();
    const qint64 needed = qint64(p.finalMonitoringMinutes) * 60;
    const qint64 elapsed = c.finalMonitoringStartUtc().secsTo(at);
    if (elapsed < needed)
        return refuse(
            error, QStringLiteral("final monitoring started at %1 and lasts %2 "
                                  "minutes: %3 to go (until %4) before the go-live can "
                                  "be declared Live; nothing was recorded")
                       .arg(timeText(c.finalMonitoringStartUtc()))
                       .arg(p.finalMonitoringMinutes)
                       .arg(durationText(needed - elapsed), timeText(c.finalMonitoringEndsUtc())));
    if (!event.itemId.isEmpty() && event.itemId != p.finalMonitoringStepId)
        return refuse(error, QStringLiteral("declaring Live signs the final monitoring "
                                            "step %1, not %2; nothing was recorded")
                                 .arg(p.finalMonitoringStepId, event.itemId));
    if (!p.finalMonitoringStepId.isEmpty()) {
        const ItemState fm = item(p.finalMonitoringStepId);
        if (fm.status == ItemStatus::Blocked)
            return refuse(
                error, QStringLiteral("%1 is blocked by %2 (%3): \"%4\"; revoke "
                                      "the block first; nothing was recorded")
                           .arg(label(p.finalMonitoringStepId), fm.by, roleName(fm.role), fm.note));
    }
    return true;
}

// GO or NO-GO: the incident commander's, at the Go/No-Go; a GO over open pre-checks names them.
bool RunState::validateDecision(const SignOffEvent& event, const CutoverCheck& k) const
{
    const CutoverPlan& p = k.p;
    const CutoverState& c = k.c;
    const Phase phase = k.phase;
    const bool ic = k.ic;
    const QString& inPhase = k.inPhase;
    QString* error = k.error;
    const bool go = event.fieldKey == kDecisionGo;
    if (!go && event.fieldKey != kDecisionNoGo)
        return refuse(error, QStringLiteral("a decision is \"go\" or \"no-go\", not \"%1\"; "
                                            "nothing was recorded")
                                 .arg(event.fieldKey));
    if (!ic)
        return k.needsIc(go ? QStringLiteral("the GO decision")
                            : QStringLiteral("the NO-GO decision"));
    if (phase == Phase::Preparing)
        return refuse(error, QStringLiteral("open the Go/No-Go first: the T-60 pre-checks are "
                                            "the gate; %1; nothing was recorded")
                                 .arg(inPhase));
    // A second GO (two commanders pressing it in the same second, or a stale screen) is told
    // who recorded the first and when, in the room's clock: the one thing the loser needs.
    if (phase != Phase::GoNoGo && c.decision() && c.decision()->go)
        return refuse(error, QStringLiteral("GO already recorded by %1 (%2) at %3; a decision "
                                            "is taken once, at the Go/No-Go (%4); nothing was "
                                            "recorded")
                                 .arg(terminalSafe(c.decision()->by), roleName(c.decision()->role),
                                      clockText(c.decision()->atUtc,
                                                event.timeUtc.isValid() ? event.timeUtc : now()),
                                      inPhase));
    if (phase != Phase::GoNoGo)
        return refuse(error, QStringLiteral("%1 and the cutover is under way (%2); a "
                                            "decision is taken only at the Go/No-Go; nothing "
                                            "was recorded")
                                 .arg(k.goText(), inPhase));
    if (!go) {
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("give the reason for the NO-GO; nothing was "
                                                "recorded"));
        return true;
    }
    if (!event.itemId.isEmpty() && event.itemId != p.goDecisionItemId)
        return refuse(error, QStringLiteral("a GO signs the go-decision pre-check %1, not %2; "
                                            "nothing was recorded")
                                 .arg(p.goDecisionItemId.isEmpty()
                                          ? QStringLiteral("(none in this runbook)")
                                          : p.goDecisionItemId,
                                      event.itemId));
    if (!p.goDecisionItemId.isEmpty()) {
        const ItemState gs = item(p.goDecisionItemId);
        if (gs.status == ItemStatus::Blocked)
            return refuse(error,
                          QStringLiteral("%1 is blocked by %2 (%3): \"%4\"; revoke the "
                                         "block first; nothing was recorded")
                              .arg(label(p.goDecisionItemId), gs.by, roleName(gs.role), gs.note));
    }
    // A GO before the planned start says how early and why: a deliberate choice on record.
    const QString early =
        earlyGoText(windowStartUtc(), event.timeUtc.isValid() ? event.timeUtc.toUTC() : now());
    const QStringList open = c.openPreChecks();
    QStringList labels;
    for (const QString& id : open)
        labels.append(label(id));
    if (event.text.trimmed().isEmpty() && !open.isEmpty())
        return refuse(error, QStringLiteral("pre-checks are open: %1; a GO over them needs "
                                            "a reason, which the ledger keeps%2; nothing was "
                                            "recorded")
                                 .arg(labels.join(QStringLiteral(", ")),
                                      early.isEmpty()
                                          ? QString()
                                          : QStringLiteral(" (and this GO is %1)").arg(early)));
    if (!early.isEmpty() && event.text.trimmed().isEmpty())
        return refuse(error, QStringLiteral("this GO is %1: a GO before the planned start needs "
                                            "a reason, which the ledger keeps; nothing was "
                                            "recorded")
                                 .arg(early));
    if (!early.isEmpty() && !event.text.contains(kEarlyGoWords))
        return refuse(error, QStringLiteral("this GO is %1, and its text does not say it is "
                                            "\"%2\"; nothing was recorded")
                                 .arg(early, kEarlyGoWords));
    if (open.isEmpty())
        return true;
    QStringList unnamed;
    for (const QString& id : open) {
        if (!textNamesItem(event.text, id))
            unnamed.append(id);
    }
    if (!unnamed.isEmpty())
        return refuse(error, QStringLiteral("a GO over open pre-checks must name each one it "
                                            "overrides; its text does not name %1; nothing "
                                            "was recorded")
                                 .arg(unnamed.join(QStringLiteral(", "))));
    return true;
}

// A cutover step (not a sub-item) fails while the cutover runs, once, with what failed.
bool RunState::validateStepFailure(const SignOffEvent& event, const CutoverCheck& k) const
{
    const CutoverPlan& p = k.p;
    const CutoverState& c = k.c;
    const Phase phase = k.phase;
    const QString& inPhase = k.inPhase;
    QString* error = k.error;
    const QString& id = event.itemId;
    if (!p.isStep(id)) {
        const QString step = p.stepOf(id);
        if (!step.isEmpty())
            return refuse(error, QStringLiteral("%1 is part of step %2; report the step as "
                                                "failed; nothing was recorded")
                                     .arg(label(id), label(step)));
        return refuse(error, QStringLiteral("%1 is not a cutover step (the steps are %2 to "
                                            "%3); nothing was recorded")
                                 .arg(id.isEmpty() ? QStringLiteral("(no item given)") : label(id),
                                      p.stepIds.constFirst(), p.stepIds.constLast()));
    }
    if (event.text.trimmed().isEmpty())
        return refuse(error,
                      QStringLiteral("say what failed at %1; nothing was recorded").arg(label(id)));
    if (phase != Phase::Cutover && phase != Phase::FinalMonitoring)
        return refuse(error, QStringLiteral("a step fails only while the cutover runs (after "
                                            "the GO, before Live or a rollback); %1; nothing "
                                            "was recorded")
                                 .arg(inPhase));
    const ItemState s = item(id);
    if (s.isDone())
        return refuse(error,
                      QStringLiteral("%1 is %2 by %3; revoke that first if it failed "
                                     "after all; nothing was recorded")
                          .arg(label(id), itemStatusDisplayName(s.status).toLower(), whoWhen(s)));
    if (const StepFailure* f = c.failureOf(id))
        return refuse(error,
                      QStringLiteral("%1 already failed at %2 (\"%3\"); it must be "
                                     "resolved by %4; add a note instead; nothing was "
                                     "recorded")
                          .arg(label(id), timeText(f->atUtc), f->what, timeText(f->deadlineUtc)));
    // Only a step that has started can fail: the current one (every step before it done), or
    // one taken out of order (something under it already recorded).
    const QString previous = p.previousStepId(id);
    if (!previous.isEmpty() && !c.isDone(previous) && !anyChildRecorded(id))
        return refuse(error, QStringLiteral("%1 has not started: the current step is %2; mark "
                                            "that one failed if it is the one that failed; "
                                            "nothing was recorded")
                                 .arg(label(id), label(c.nextStepId())));
    return true;
}

bool RunState::anyChildRecorded(const QString& itemId) const
{
    const RunbookItem* parent = m_runbook ? m_runbook->findItem(itemId) : nullptr;
    if (!parent)
        return false;
    std::function<bool(const RunbookItem&)> recorded = [&](const RunbookItem& it) {
        for (const RunbookItem& child : it.children) {
            if (item(child.id).isDone() || recorded(child))
                return true;
        }
        return false;
    };
    return recorded(*parent);
}

// The rollback plan's steps, in order, while a rollback runs.
bool RunState::validateRollbackStep(const SignOffEvent& event, const CutoverCheck& k) const
{
    const CutoverPlan& p = k.p;
    const CutoverState& c = k.c;
    const Phase phase = k.phase;
    const QString& inPhase = k.inPhase;
    QString* error = k.error;
    if (phase == Phase::RolledBack)
        return refuse(error, QStringLiteral("the rollback is complete: every step of the "
                                            "rollback plan is done; nothing was recorded"));
    if (phase != Phase::Rollback)
        return refuse(error, QStringLiteral("no rollback has been started (the incident "
                                            "commander starts it, with a reason); %1; "
                                            "nothing was recorded")
                                 .arg(inPhase));
    const int count = int(p.rollbackSteps.size());
    if (count == 0)
        return refuse(error, QStringLiteral("this runbook has no rollback plan to follow "
                                            "step by step; nothing was recorded"));
    bool ok = false;
    const int number = event.fieldKey.toInt(&ok);
    if (!ok || number < 1 || number > count)
        return refuse(error, QStringLiteral("\"%1\" is not a step of the rollback plan: its "
                                            "steps are 1 to %2; nothing was recorded")
                                 .arg(event.fieldKey)
                                 .arg(count));
    const auto stepText = [&](int n) {
        return QStringLiteral("%1 \"%2\"")
            .arg(n)
            .arg(renderPlain(p.rollbackSteps.at(n - 1), *m_runbook,
                             [this](const QString& key) { return fieldValue(key); }));
    };
    const int next = c.nextRollbackStep();
    if (number < next) {
        const RollbackStepRecord& done = c.rollbackStepsDone().at(number - 1);
        return refuse(
            error, QStringLiteral("rollback step %1 was done by %2 (%3) at %4; "
                                  "nothing was recorded")
                       .arg(stepText(number), done.by, roleName(done.role), timeText(done.atUtc)));
    }
    if (number > next)
        return refuse(error, QStringLiteral("rollback step %1 comes after step %2, which is "
                                            "not done: the rollback plan goes in order; "
                                            "nothing was recorded")
                                 .arg(stepText(number), stepText(next)));
    return true;
}

bool RunState::validateCutoverItem(const SignOffEvent& event, const RunbookItem& item,
                                   QString* error) const
{
    const CutoverPlan& p = plan();
    const bool marks = event.kind == EventKind::Signed || event.kind == EventKind::NotApplicable;
    const bool overriding = marks && event.fieldKey == kOrderOverrideKey;
    const QString step = p.isValid() ? p.stepOf(item.id) : QString();
    const QString what = label(item.id);
    if (overriding) {
        if (step.isEmpty())
            return refuse(error, QStringLiteral("%1 is not a cutover step: an order override "
                                                "applies only to the cutover sequence; nothing "
                                                "was recorded")
                                     .arg(what));
        if (event.actor.role != Role::IncidentCommander)
            return refuse(error, QStringLiteral("overriding the cutover order at %1 needs the "
                                                "incident-commander role; you are %2; nothing "
                                                "was recorded")
                                     .arg(what, roleName(event.actor.role)));
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("give the reason for overriding the cutover "
                                                "order at %1; nothing was recorded")
                                     .arg(what));
    }
    if (!p.isValid())
        return true;
    const CutoverState& c = m_cutover;
    const Phase phase = c.phase();

    // The go-decision pre-check follows the decision: the GO signs it. It may be blocked
    // (and unblocked) like any item, which holds the GO back.
    if (!p.goDecisionItemId.isEmpty() && item.id == p.goDecisionItemId) {
        const std::optional<CutoverDecision>& d = c.decision();
        if (event.kind == EventKind::Revoked && this->item(item.id).status == ItemStatus::Signed)
            return refuse(
                error, d && d->go ? QStringLiteral("%1 was signed by the GO of %2 (%3) at %4; a "
                                                   "decision stands once taken (the incident "
                                                   "commander may start a rollback); nothing was "
                                                   "recorded")
                                        .arg(what, d->by, roleName(d->role), timeText(d->atUtc))
                                  : QStringLiteral("%1 follows the GO decision and is not revoked "
                                                   "directly; nothing was recorded")
                                        .arg(what));
        return true; // signing or marking it N/A is refused in validate(), before the roles
    }
    if (!p.finalMonitoringStepId.isEmpty() && item.id == p.finalMonitoringStepId) {
        if (event.kind == EventKind::Revoked && phase == Phase::Live)
            return refuse(error, QStringLiteral("%1 was signed when the go-live was declared Live "
                                                "at %2; that stands (the incident commander may "
                                                "start a rollback); nothing was recorded")
                                     .arg(what, timeText(c.phaseSinceUtc())));
        if (marks)
            return refuse(error, QStringLiteral("%1 is signed by declaring the go-live Live: the "
                                                "incident commander does that once final "
                                                "monitoring has run %2 minutes; nothing was "
                                                "recorded")
                                     .arg(what)
                                     .arg(p.finalMonitoringMinutes));
    }
    if (step.isEmpty() || !marks)
        return true;

    const QString subject =
        step == item.id ? what : QStringLiteral("%1 (part of step %2)").arg(what, step);
    if (phase == Phase::Preparing || phase == Phase::GoNoGo)
        return refuse(error, QStringLiteral("%1 is a cutover step: steps are signed only after "
                                            "the incident commander's GO; the run is in %2; "
                                            "nothing was recorded")
                                 .arg(subject, phaseDisplayName(phase)));
    if (phase == Phase::Rollback || phase == Phase::RolledBack) {
        const std::optional<RollbackStart>& r = c.rollback();
        return refuse(error, QStringLiteral("%1 is a cutover step, and a rollback was started by "
                                            "%2 at %3: record the rollback plan's steps instead; "
                                            "nothing was recorded")
                                 .arg(subject, r ? r->by : QStringLiteral("the incident commander"),
                                      r ? timeText(r->atUtc) : timeText({})));
    }
    const QString previous = p.previousStepId(step);
    if (!overriding && !previous.isEmpty() && !isDone(previous)) {
        const ItemState ps = this->item(previous);
        return refuse(error, QStringLiteral("%1 comes after %2, which is %3: the cutover steps "
                                            "go in order; finish %4 first, or the "
                                            "incident-commander may override the order with a "
                                            "reason; nothing was recorded")
                                 .arg(subject, label(previous),
                                      itemStatusDisplayName(ps.status).toLower(), previous));
    }
    return true;
}

ItemState RunState::item(const QString& id) const
{
    return m_items.value(id);
}

QString RunState::fieldValue(const QString& key) const
{
    return m_fields.value(key);
}

Progress RunState::sectionProgress(int sectionIndex) const
{
    Progress p;
    if (!m_runbook || sectionIndex < 0 || sectionIndex >= m_runbook->sections.size())
        return p;
    for (const RunbookGroup& group : m_runbook->sections.at(sectionIndex).groups)
        countItems(group.items, p, m_items);
    return p;
}

Progress RunState::itemChildrenProgress(const RunbookItem& item) const
{
    Progress p;
    countItems(item.children, p, m_items);
    return p;
}

Progress RunState::totalProgress() const
{
    Progress p;
    if (!m_runbook)
        return p;
    for (const RunbookSection& section : m_runbook->sections) {
        for (const RunbookGroup& group : section.groups)
            countItems(group.items, p, m_items);
    }
    return p;
}

QList<SignOffEvent> RunState::eventsFor(const QString& itemId) const
{
    QList<SignOffEvent> out;
    for (const SignOffEvent& e : m_events) {
        if (e.itemId == itemId && !itemId.isEmpty())
            out.append(e);
    }
    return out;
}

template <typename Mine>
std::optional<SignOffEvent> RunState::lastUndoableSignOffBy(const Mine& mine) const
{
    // Only the operator's own newest event counts: if it is a sign-off that still stands, Undo
    // revokes it; anything else there means nothing to undo. Never an older sign-off: Undo
    // must not reach past what the operator just did.
    for (auto it = m_events.crbegin(); it != m_events.crend(); ++it) {
        if (!mine(it->actor))
            continue;
        if (it->kind != EventKind::Signed)
            return std::nullopt;
        // Still standing: no later status change of the same item, by anyone.
        for (auto later = it.base(); later != m_events.cend(); ++later) {
            if (isStatusChange(later->kind) && later->itemId == it->itemId)
                return std::nullopt;
        }
        if (item(it->itemId).status != ItemStatus::Signed)
            return std::nullopt;
        return *it;
    }
    return std::nullopt;
}

std::optional<SignOffEvent> RunState::lastUndoableSignOff(const Actor& actor) const
{
    // The same person at the same seat: name, role and OS user.
    return lastUndoableSignOffBy([&actor](const Actor& a) {
        return a.name == actor.name && a.role == actor.role && a.osUser == actor.osUser;
    });
}

} // namespace golive
