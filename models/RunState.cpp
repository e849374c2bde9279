// The rules of a run: which sign-off events are allowed, and how they fold into item states.
#include "RunState.h"

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
        return QStringLiteral("Open");
    case ItemStatus::Signed:
        return QStringLiteral("Signed");
    case ItemStatus::NotApplicable:
        return QStringLiteral("N/A");
    case ItemStatus::Blocked:
        return QStringLiteral("Blocked");
    case ItemStatus::CheckedInTemplate:
        return QStringLiteral("Checked in template");
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
    return QStringLiteral("%1 (%2) at %3").arg(s.by, roleName(s.role), timeText(s.at));
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
           kind == EventKind::NotApplicable || kind == EventKind::Blocked;
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
    if (!m_runbook)
        return;
    for (const RunbookItem* item : m_runbook->allItems()) {
        ItemState s;
        s.status = item->checkedInTemplate ? ItemStatus::CheckedInTemplate : ItemStatus::Open;
        m_items.insert(item->id, s);
    }
}

bool RunState::validate(const SignOffEvent& event, QString* error) const
{
    const QString kindText = eventKindName(event.kind);
    if (!m_runbook)
        return refuse(error, QStringLiteral("no runbook is loaded; open a run first"));
    if (event.actor.name.trimmed().isEmpty())
        return refuse(error, QStringLiteral("enter your name first: every sign-off records who "
                                            "made it, so nothing was recorded"));
    if (event.actor.role == Role::Observer)
        return refuse(error,
                      QStringLiteral("observers are read-only: choose the incident-commander,"
                                     " release-captain or engineer role to change items"));

    if (event.kind == EventKind::ChainBreakAcknowledged) {
        if (event.actor.role != Role::IncidentCommander && event.actor.role != Role::ReleaseCaptain)
            return refuse(error, QStringLiteral("only the incident-commander or the "
                                                "release-captain may acknowledge a ledger break; "
                                                "you are %1, so nothing was recorded")
                                     .arg(roleName(event.actor.role)));
        if (event.fieldKey.trimmed().isEmpty())
            return refuse(error, QStringLiteral("an acknowledgement must name the breaks it "
                                                "accepts (as \"seq:hash\" in its field key); "
                                                "nothing was recorded"));
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("say what you are acknowledging (which event "
                                                "and why it is accepted); nothing was recorded"));
        return true;
    }

    if (event.kind == EventKind::FieldFilled) {
        const RunbookField* field = m_runbook->findField(event.fieldKey);
        if (!field)
            return refuse(error, QStringLiteral("no field \"%1\" in this runbook; check the "
                                                "field name")
                                     .arg(event.fieldKey));
        if (!field->isPlaceholder)
            return refuse(error, QStringLiteral("field \"%1\" (%2) is fixed by the runbook text, "
                                                "not a placeholder; change the runbook instead")
                                     .arg(field->key, field->label));
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
            return refuse(error, QStringLiteral("%1 is blocked by %2 (%3): \"%4\"; revoke the "
                                                "block first")
                                     .arg(label, s.by, roleName(s.role), s.note));
        return true;
    case EventKind::Revoked:
        if (s.status == ItemStatus::Open || s.status == ItemStatus::CheckedInTemplate)
            return refuse(error, QStringLiteral("%1 is %2: there is nothing to revoke")
                                     .arg(label, itemStatusDisplayName(s.status).toLower()));
        if (event.text.trimmed().isEmpty())
            return refuse(error, QStringLiteral("give a reason for revoking %1; it stays %2")
                                     .arg(label, itemStatusDisplayName(s.status).toLower()));
        return true;
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
        return true;
    }
    case EventKind::FieldFilled:
    case EventKind::NoteAdded:
    case EventKind::ChainBreakAcknowledged:
        break;
    }
    return refuse(error, QStringLiteral("unknown event kind %1").arg(kindText));
}

void RunState::apply(const SignOffEvent& event)
{
    m_events.append(event);
    switch (event.kind) {
    case EventKind::FieldFilled:
        m_fields.insert(event.fieldKey, event.text);
        return;
    case EventKind::ChainBreakAcknowledged:
        return;
    default:
        break;
    }

    // An event for an item the runbook does not have is kept in the record but moves nothing.
    const auto it = m_items.find(event.itemId);
    if (it == m_items.end())
        return;
    ItemState& s = *it;
    s.eventSeqs.append(event.seq);
    switch (event.kind) {
    case EventKind::Signed:
    case EventKind::NotApplicable:
    case EventKind::Blocked:
        s.status = event.kind == EventKind::Signed          ? ItemStatus::Signed
                   : event.kind == EventKind::NotApplicable ? ItemStatus::NotApplicable
                                                            : ItemStatus::Blocked;
        s.by = event.actor.name;
        s.role = event.actor.role;
        s.at = event.timeUtc;
        s.note = event.text;
        break;
    case EventKind::Revoked: {
        const RunbookItem* item = m_runbook ? m_runbook->findItem(event.itemId) : nullptr;
        s.status =
            item && item->checkedInTemplate ? ItemStatus::CheckedInTemplate : ItemStatus::Open;
        s.by.clear();
        s.role = Role::Observer;
        s.at = QDateTime();
        s.note.clear();
        break;
    }
    case EventKind::NoteAdded:
        s.notes.append(event.text);
        break;
    case EventKind::FieldFilled:
    case EventKind::ChainBreakAcknowledged:
        break;
    }
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
