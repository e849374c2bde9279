// ChecklistModel: one tree model over a runbook and its run state (sections > groups > items).
#include "ChecklistModel.h"

#include "RunbookTree.h"

#include <QDateTime>
#include <utility>

namespace golive {

namespace {

constexpr int kRoot = 0;

QString roleLabel(const QString& name)
{
    if (const auto role = roleFromName(name))
        return roleDisplayName(*role);
    return name; // an annotation golive does not know: show it as written rather than hide it
}

// A time as a person reads it in a tooltip: "16:54 UTC", with the date when not on `today`.
QString utcText(const QDateTime& t, const QDateTime& today)
{
    const QDateTime u = t.toUTC();
    const bool sameDay = today.isValid() && today.toUTC().date() == u.date();
    return u.toString(sameDay ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm")) +
           QStringLiteral(" UTC");
}

} // namespace

ChecklistModel::ChecklistModel(QObject* parent)
    : QAbstractItemModel(parent), m_fieldValueOf([this](const QString& key) {
          return m_state ? m_state->fieldValue(key) : QString();
      })
{
    build();
}

ChecklistModel::~ChecklistModel() = default;

void ChecklistModel::setRun(const Runbook* runbook, const RunState* state)
{
    beginResetModel();
    m_runbook = runbook;
    m_state = state;
    m_pending.clear();
    m_running.clear();
    build();
    endResetModel();
    for (int s = 0; s < sectionCount(); ++s)
        emit sectionProgressChanged(s);
}

ChecklistModel::SectionTree ChecklistModel::sectionTree(const RunbookSection& section)
{
    const QList<GroupPlace> places = groupPlaces(section);
    SectionTree tree;
    for (int g = 0; g < places.size(); ++g) {
        if (places[g].row == g)
            tree[places[g].parent].append(ContainerEntry{g, true});
        tree[places[g].row].append(ContainerEntry{g, false});
    }
    return tree;
}

void ChecklistModel::build()
{
    m_nodes.clear();
    m_itemNodes.clear();
    m_groupParts.clear();
    m_nodes.push_back(Node{});
    if (!m_runbook)
        return;

    const int itemCount = m_runbook->checkableCount();
    m_nodes.reserve(size_t(1 + m_runbook->sections.size()) + size_t(itemCount) +
                    size_t(m_runbook->sections.size()) * 4);
    m_itemNodes.reserve(itemCount);

    auto addItems = [this](int parent, const QList<RunbookItem>& items) {
        for (const RunbookItem& item : items) {
            Node n;
            n.parent = parent;
            n.row = m_nodes[size_t(parent)].childCount++;
            n.section = m_nodes[size_t(parent)].section;
            n.kind = NodeKind::Item;
            n.item = &item;
            m_nodes.push_back(n);
        }
    };

    std::vector<SectionTree> trees;
    trees.reserve(size_t(m_runbook->sections.size()));
    for (const RunbookSection& section : m_runbook->sections) {
        trees.push_back(sectionTree(section));
        for (auto it = trees.back().cbegin(); it != trees.back().cend(); ++it) {
            if (it.key() < 0)
                continue;
            QList<const RunbookGroup*>& parts = m_groupParts[&section.groups[it.key()]];
            for (const ContainerEntry& entry : it.value()) {
                if (!entry.row)
                    parts << &section.groups[entry.group];
            }
        }
    }

    // Breadth first: the vector is its own queue, and each node's children land contiguously.
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const int self = int(i);
        m_nodes[i].firstChild = int(m_nodes.size());
        const Node node = m_nodes[i]; // copy: push_back below may reallocate
        if (self == kRoot) {
            for (int s = 0; s < m_runbook->sections.size(); ++s) {
                Node n;
                n.parent = kRoot;
                n.row = m_nodes[kRoot].childCount++;
                n.section = s;
                n.kind = NodeKind::Section;
                m_nodes.push_back(n);
            }
            continue;
        }
        if (node.kind == NodeKind::Item) {
            addItems(self, node.item->children);
            continue;
        }
        const QList<RunbookGroup>& groups = m_runbook->sections[node.section].groups;
        const int container =
            node.kind == NodeKind::Section ? -1 : int(node.group - groups.constData());
        for (const ContainerEntry& entry : trees[size_t(node.section)].value(container)) {
            if (!entry.row) {
                addItems(self, groups[entry.group].items);
                continue;
            }
            Node n;
            n.parent = self;
            n.row = m_nodes[i].childCount++;
            n.section = node.section;
            n.kind = NodeKind::Group;
            n.group = &groups[entry.group];
            m_nodes.push_back(n);
        }
    }

    // Children come after their parent, so walking backwards folds counts bottom-up.
    for (size_t i = m_nodes.size() - 1; i > 0; --i) {
        Node& n = m_nodes[i];
        if (n.kind == NodeKind::Item) {
            m_itemNodes.insert(n.item->id, int(i));
            n.selfDone = stateOf(n).isDone();
        }
        Node& p = m_nodes[size_t(n.parent)];
        const int self = n.kind == NodeKind::Item ? 1 : 0;
        p.total += n.total + self;
        p.done += n.done + (n.selfDone ? 1 : 0);
    }
}

void ChecklistModel::eventApplied(const SignOffEvent& event)
{
    if (!m_runbook)
        return;
    switch (event.kind) {
    case EventKind::Signed:
    case EventKind::Revoked:
    case EventKind::NotApplicable:
    case EventKind::Blocked:
    case EventKind::NoteAdded:
    // A GO signs the go-decision pre-check, declaring Live the final monitoring step, and a
    // failure is part of the step's record: each names its item (the others name none).
    case EventKind::Decision:
    case EventKind::PhaseChanged:
    case EventKind::StepFailed:
    case EventKind::RollbackStep:
    case EventKind::Observed:
    // Evidence shows on its item's row (how much it has).
    case EventKind::EvidenceAttached:
    case EventKind::CommandRun: {
        const int n = m_itemNodes.value(event.itemId, -1);
        if (n < 0)
            return; // the ledger may name items a later runbook revision dropped
        Node& node = m_nodes[size_t(n)];
        const bool nowDone = stateOf(node).isDone();
        const int delta = int(nowDone) - int(node.selfDone);
        node.selfDone = nowDone;
        const int section = node.section;
        // Counts first, signals after: a slot reading a tab title or a group's progress while
        // the item's row is announced must already see the new numbers.
        for (int a = node.parent; delta != 0 && a != kRoot; a = m_nodes[size_t(a)].parent)
            m_nodes[size_t(a)].done += delta;
        emitRowChanged(n);
        if (delta == 0)
            return;
        for (int a = m_nodes[size_t(n)].parent; a != kRoot; a = m_nodes[size_t(a)].parent)
            emitRowChanged(a);
        emit sectionProgressChanged(section);
        return;
    }
    case EventKind::FieldFilled: {
        for (size_t p = 0; p < m_nodes.size(); ++p) {
            const Node& parentNode = m_nodes[p];
            if (parentNode.childCount == 0)
                continue;
            const QModelIndex parentIndex =
                p == kRoot ? QModelIndex() : createIndex(parentNode.row, 0, quintptr(p));
            emit dataChanged(index(0, 0, parentIndex),
                             index(parentNode.childCount - 1, ColumnCount - 1, parentIndex));
        }
        const QString token = placeholderToken(event.fieldKey);
        for (int s = 0; s < sectionCount(); ++s) {
            if (m_runbook->sections[s].title.contains(token))
                emit sectionProgressChanged(s);
        }
        return;
    }
    case EventKind::ChainBreakAcknowledged:
    case EventKind::DashboardSet:
    case EventKind::RosterChanged:
        return;
    }
}

void ChecklistModel::setPending(const QString& itemId, bool pending, bool signing)
{
    if (pending)
        m_pending.insert(itemId, signing);
    else if (m_pending.remove(itemId) == 0)
        return;
    const QModelIndex at = indexForItem(itemId, StatusColumn);
    if (at.isValid())
        emit dataChanged(at, at);
}

void ChecklistModel::setRunning(const QString& itemId)
{
    if (itemId == m_running)
        return;
    const QString before = std::exchange(m_running, itemId);
    for (const QString& id : {before, itemId}) {
        const QModelIndex at = id.isEmpty() ? QModelIndex() : indexForItem(id, StatusColumn);
        if (at.isValid())
            emit dataChanged(at, at);
    }
}

void ChecklistModel::clockTicked()
{
    if (!m_state || !m_runbook)
        return;
    for (const StepFailure& f : m_state->cutover().openFailures()) {
        const int n = m_itemNodes.value(f.stepId, -1);
        if (n >= 0)
            emitRowChanged(n);
    }
}

void ChecklistModel::emitRowChanged(int node)
{
    const Node& n = m_nodes[size_t(node)];
    emit dataChanged(createIndex(n.row, 0, quintptr(node)),
                     createIndex(n.row, ColumnCount - 1, quintptr(node)));
}

QModelIndex ChecklistModel::sectionIndex(int section) const
{
    return index(section, 0);
}

QModelIndex ChecklistModel::indexForItem(const QString& itemId, int column) const
{
    const int n = m_itemNodes.value(itemId, -1);
    if (n < 0 || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(m_nodes[size_t(n)].row, column, quintptr(n));
}

QString ChecklistModel::itemId(const QModelIndex& index) const
{
    const int n = nodeOf(index);
    return n == kRoot || !m_nodes[size_t(n)].item ? QString() : m_nodes[size_t(n)].item->id;
}

ChecklistModel::NodeKind ChecklistModel::nodeKind(const QModelIndex& index) const
{
    return m_nodes[size_t(nodeOf(index))].kind;
}

const RunbookGroup* ChecklistModel::group(const QModelIndex& index) const
{
    const int n = nodeOf(index);
    return n == kRoot ? nullptr : m_nodes[size_t(n)].group;
}

QList<const RunbookGroup*> ChecklistModel::groupParts(const QModelIndex& index) const
{
    const RunbookGroup* g = group(index);
    return g ? m_groupParts.value(g) : QList<const RunbookGroup*>();
}

int ChecklistModel::sectionCount() const
{
    return m_nodes[kRoot].childCount;
}

Progress ChecklistModel::sectionProgress(int section) const
{
    if (section < 0 || section >= sectionCount())
        return {};
    const Node& n = m_nodes[size_t(m_nodes[kRoot].firstChild + section)];
    return Progress{n.done, n.total};
}

QString ChecklistModel::sectionTabTitle(int section) const
{
    if (section < 0 || section >= sectionCount())
        return {};
    const Node& n = m_nodes[size_t(m_nodes[kRoot].firstChild + section)];
    if (n.total == 0)
        return nodeTitle(n);
    return nodeTitle(n) + QLatin1String("  ") + progressText(n);
}

int ChecklistModel::nodeOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this)
        return kRoot;
    return int(index.internalId());
}

ItemState ChecklistModel::stateOf(const Node& node) const
{
    if (!node.item)
        return {};
    if (m_state)
        return m_state->item(node.item->id);
    ItemState st;
    if (node.item->checkedInTemplate)
        st.status = ItemStatus::CheckedInTemplate;
    return st;
}

QString ChecklistModel::render(const QString& text) const
{
    return renderPlain(text, *m_runbook, m_fieldValueOf);
}

QString ChecklistModel::nodeTitle(const Node& node) const
{
    switch (node.kind) {
    case NodeKind::Section: {
        const RunbookSection& s = m_runbook->sections[node.section];
        const QString number = s.number.isEmpty() ? QString::number(node.section + 1) : s.number;
        return number + QLatin1String(". ") + render(s.title);
    }
    case NodeKind::Group:
        return render(node.group->title);
    case NodeKind::Item:
        return node.item->id + QLatin1String("  ") + render(node.item->title);
    }
    return {};
}

QString ChecklistModel::progressText(const Node& node)
{
    if (node.total == 0)
        return {}; // "0/0" on a group that only holds notes or a procedure reads as unfinished
    return Progress{node.done, node.total}.toString();
}

const StepFailure* ChecklistModel::failureOf(const Node& node) const
{
    if (!m_state || !node.item)
        return nullptr;
    return m_state->cutover().failureOf(node.item->id);
}

QString ChecklistModel::statusText(const Node& node, const ItemState& st) const
{
    if (node.kind != NodeKind::Item)
        return progressText(node);
    // A failed step reads as failed, with its time left while the cutover runs; its progress
    // is in the tooltip.
    if (const StepFailure* f = failureOf(node)) {
        if (!m_state->cutover().stepFailedAlarm())
            return tr("FAILED");
        return tr("FAILED") + QStringLiteral(" \u00b7 ") + failureTimeLeftText(*f, m_state->now());
    }
    const QString status = itemStatusDisplayName(st.status);
    if (node.total == 0)
        return status;
    return status + QStringLiteral(" \u00b7 ") + progressText(node);
}

QString ChecklistModel::noteText(const Node& node, const ItemState& st) const
{
    QString text;
    if (const StepFailure* f = failureOf(node))
        text = tr("FAILED: %1").arg(f->what);
    for (const QString& note : QStringList{st.note} + st.notes) {
        if (note.isEmpty())
            continue;
        if (!text.isEmpty())
            text += QStringLiteral(" \u00b7 ");
        text += note;
    }
    return text;
}

QString ChecklistModel::failureToolTip(const StepFailure& f) const
{
    const QDateTime now = m_state->now();
    QString tip = tr("FAILED at %1 by %2 (%3): %4")
                      .arg(utcText(f.atUtc, now), f.by, roleDisplayName(f.role), f.what);
    if (m_state->cutover().stepFailedAlarm()) {
        tip += QLatin1Char('\n') + (f.expired(now) ? tr("%1: golive proposes the rollback")
                                                   : tr("%1, then golive proposes the rollback"))
                                       .arg(failureTimerText(f, now));
    }
    return tip;
}

// Every note added to the item, with who added it and when, oldest first.
QString ChecklistModel::notesByWho(const Node& node) const
{
    if (!m_state || !node.item || m_state->item(node.item->id).notes.isEmpty())
        return {};
    const QDateTime now = m_state->now();
    QStringList lines;
    for (const SignOffEvent& e : m_state->eventsFor(node.item->id)) {
        if (e.kind == EventKind::NoteAdded) {
            lines << tr("Note by %1 (%2) at %3: %4")
                         .arg(e.actor.name, roleDisplayName(e.actor.role), utcText(e.timeUtc, now),
                              e.text);
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString ChecklistModel::noteToolTip(const Node& node, const ItemState& st) const
{
    QStringList lines;
    if (const StepFailure* f = failureOf(node))
        lines << failureToolTip(*f);
    if (!st.note.isEmpty())
        lines << st.note;
    const QString notes = notesByWho(node);
    if (!notes.isEmpty())
        lines << notes;
    return lines.join(QLatin1Char('\n'));
}

QString ChecklistModel::toolTip(const Node& node) const
{
    if (node.kind != NodeKind::Item) {
        if (node.kind == NodeKind::Group && node.total == 0)
            return nodeTitle(node) + QLatin1Char('\n') +
                   tr("Notes to read, nothing to sign: the details pane shows them");
        if (node.total == 0)
            return nodeTitle(node);
        return nodeTitle(node) + QLatin1Char('\n') +
               tr("%1 of %2 items done").arg(node.done).arg(node.total);
    }
    const RunbookItem& item = *node.item;
    QString tip = nodeTitle(node);
    if (const StepFailure* f = failureOf(node)) {
        tip += QLatin1Char('\n') + failureToolTip(*f);
        if (node.total > 0)
            tip += QLatin1Char('\n') + tr("%1 of %2 items done").arg(node.done).arg(node.total);
    }
    if (!item.owner.isEmpty())
        tip += QLatin1Char('\n') + tr("Owner: %1").arg(render(item.owner));
    if (!item.due.isEmpty())
        tip += QLatin1Char('\n') + tr("Due: %1").arg(render(item.due));
    // The go-decision pre-check is recorded by the GO, not signed by a role.
    if (m_state && item.id == m_state->plan().goDecisionItemId)
        tip += QLatin1Char('\n') + tr("Recorded by the GO decision (Ctrl+G)");
    else if (!item.requiredRole.isEmpty())
        tip += QLatin1Char('\n') + tr("Needs %1 to sign").arg(roleLabel(item.requiredRole));
    const QString notes = notesByWho(node);
    if (!notes.isEmpty())
        tip += QLatin1Char('\n') + notes;
    if (const int n = stateOf(node).evidence; n > 0)
        tip += QLatin1Char('\n') + (n == 1 ? tr("Evidence: 1 file on the record")
                                           : tr("Evidence: %1 files on the record").arg(n));
    return tip;
}

QString ChecklistModel::searchText(const Node& node) const
{
    if (node.kind != NodeKind::Item)
        return nodeTitle(node);
    QString text = node.item->id + QLatin1Char(' ') + render(node.item->title);
    for (const RunbookText& detail : node.item->details)
        text += QLatin1Char('\n') + render(detail.plain);
    return text;
}

QModelIndex ChecklistModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || parent.column() > 0)
        return {};
    const Node& p = m_nodes[size_t(nodeOf(parent))];
    if (row >= p.childCount)
        return {};
    return createIndex(row, column, quintptr(p.firstChild + row));
}

QModelIndex ChecklistModel::parent(const QModelIndex& child) const
{
    const int n = nodeOf(child);
    if (n == kRoot)
        return {};
    const int p = m_nodes[size_t(n)].parent;
    if (p == kRoot)
        return {};
    return createIndex(m_nodes[size_t(p)].row, 0, quintptr(p));
}

int ChecklistModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return m_nodes[size_t(nodeOf(parent))].childCount;
}

int ChecklistModel::columnCount(const QModelIndex& /*parent*/) const
{
    return ColumnCount;
}

QVariant ChecklistModel::data(const QModelIndex& index, int role) const
{
    const int id = nodeOf(index);
    if (id == kRoot)
        return {};
    const Node& node = m_nodes[size_t(id)];
    const bool isItem = node.kind == NodeKind::Item;

    switch (role) {
    case Qt::DisplayRole: {
        if (index.column() == ItemColumn)
            return nodeTitle(node);
        if (index.column() == StatusColumn) {
            if (isItem && m_pending.contains(node.item->id))
                return m_pending.value(node.item->id) ? QStringLiteral("Signing\u2026")
                                                      : QStringLiteral("Recording\u2026");
            if (isItem && node.item->id == m_running)
                return QStringLiteral("Running\u2026");
            return statusText(node, stateOf(node));
        }
        if (!isItem)
            return {};
        const ItemState st = stateOf(node);
        switch (index.column()) {
        case SignedByColumn:
            return st.by;
        case RoleColumn:
            return st.by.isEmpty() ? QString() : roleDisplayName(st.role);
        case TimeColumn:
            return st.at.isValid()
                       ? st.at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QString();
        case NoteColumn:
            return noteText(node, st);
        }
        return {};
    }
    case Qt::ToolTipRole:
        if (index.column() == ItemColumn)
            return toolTip(node);
        if (index.column() == NoteColumn && isItem) {
            const QString tip = noteToolTip(node, stateOf(node));
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        }
        if (index.column() == StatusColumn && isItem) {
            if (const StepFailure* f = failureOf(node))
                return failureToolTip(*f);
        }
        return {};
    case ItemIdRole:
        return isItem ? node.item->id : QString();
    case NodeKindRole:
        return int(node.kind);
    case StatusRole:
        return isItem ? QVariant(int(stateOf(node).status)) : QVariant();
    case DoneRole:
        return isItem ? node.selfDone : (node.total > 0 && node.done == node.total);
    case ProgressRole:
        return progressText(node);
    case SectionIndexRole:
        return node.section;
    case RequiredRoleRole:
        return isItem ? node.item->requiredRole : QString();
    case SearchTextRole:
        return searchText(node);
    case StepFailedRole:
        return isItem && failureOf(node) != nullptr;
    case NoteCountRole:
        return isItem ? int(stateOf(node).notes.size()) : 0;
    case ReadingRole:
        return node.kind == NodeKind::Group && node.total == 0;
    case EvidenceCountRole:
        return isItem ? stateOf(node).evidence : 0;
    }
    return {};
}

QVariant ChecklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ItemColumn:
        return tr("Item");
    case StatusColumn:
        return tr("Status");
    case SignedByColumn:
        return tr("Signed by");
    case RoleColumn:
        return tr("Role");
    case TimeColumn:
        return tr("Time (UTC)");
    case NoteColumn:
        return tr("Note");
    }
    return {};
}

Qt::ItemFlags ChecklistModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    // Only items are fixed leaves; a group may be empty yet is still a container.
    const Node& node = m_nodes[size_t(nodeOf(index))];
    if (node.kind == NodeKind::Item && node.childCount == 0)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QHash<int, QByteArray> ChecklistModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(ItemIdRole, QByteArrayLiteral("itemId"));
    names.insert(NodeKindRole, QByteArrayLiteral("nodeKind"));
    names.insert(StatusRole, QByteArrayLiteral("status"));
    names.insert(DoneRole, QByteArrayLiteral("done"));
    names.insert(ProgressRole, QByteArrayLiteral("progress"));
    names.insert(SectionIndexRole, QByteArrayLiteral("sectionIndex"));
    names.insert(RequiredRoleRole, QByteArrayLiteral("requiredRole"));
    names.insert(SearchTextRole, QByteArrayLiteral("searchText"));
    names.insert(StepFailedRole, QByteArrayLiteral("stepFailed"));
    names.insert(NoteCountRole, QByteArrayLiteral("noteCount"));
    names.insert(ReadingRole, QByteArrayLiteral("reading"));
    names.insert(EvidenceCountRole, QByteArrayLiteral("evidenceCount"));
    return names;
}

} // namespace golive
