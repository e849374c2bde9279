// ChecklistModel: one tree model over a runbook and its run state (sections > groups > items).
#pragma once

#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace golive {

// Read-only: sign-offs go through the ledger and RunState, then eventApplied() tells the model.
// Qt Core only; colours and icons belong to the UI layer, which reads the roles below.
class ChecklistModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        ItemColumn,
        StatusColumn,
        SignedByColumn,
        RoleColumn,
        TimeColumn,
        NoteColumn,
        ColumnCount
    };
    enum class NodeKind
    {
        Section,
        Group,
        Item
    };
    enum Roles
    {
        ItemIdRole = Qt::UserRole + 1, // QString, empty for sections and groups
        NodeKindRole,                  // int(NodeKind)
        StatusRole,                    // int(ItemStatus), items only
        DoneRole,                      // bool; sections/groups: every item below is done
        ProgressRole,     // "3/5" for sections, groups and parent items; empty when nothing below
        SectionIndexRole, // int, the top-level row the node belongs to
        RequiredRoleRole, // QString role name ("incident-commander"), empty when any role may sign
        SearchTextRole,   // id + title + details as plain text, for filtering
        // bool, items only: a cutover step that failed and is not resolved yet (its Status
        // reads "FAILED · 14:50 left" while the cutover runs, its Note the failure's reason)
        StepFailedRole,
        NoteCountRole, // int, items only: notes added to the item (NoteAdded), 0 without
        // bool, group rows only: reading material, nothing to sign below it (its notes and
        // procedures are shown in the details pane)
        ReadingRole,
        // int, items only: evidence recorded for the item (files attached, commands run)
        EvidenceCountRole,
    };

    explicit ChecklistModel(QObject* parent = nullptr);
    ~ChecklistModel() override;

    // Resets the model. Pointers must outlive the model or be replaced by another setRun.
    // Either may be null: no runbook gives an empty model, no state shows the template as is.
    void setRun(const Runbook* runbook, const RunState* state);
    // Call after state->apply(event): emits dataChanged for the item's row (all columns) and,
    // when the item's done-ness changed, for every ancestor and sectionProgressChanged. For
    // FieldFilled, dataChanged for every row (titles may hold placeholders) and
    // sectionProgressChanged for sections whose title holds that placeholder.
    void eventApplied(const SignOffEvent& event);
    // An event for `itemId` is on its way to the ledger (being signed, then recorded): its
    // Status reads "Signing…" (signed) or "Recording…" until setPending(itemId, false).
    void setPending(const QString& itemId, bool pending, bool signing = false);
    // A command of `itemId` runs from this window: its Status reads "Running…" until
    // setRunning({}) (empty: none).
    void setRunning(const QString& itemId);
    // Call as the clock moves (every second while the window shows the run): a failed step's
    // time left is read from the run's clock, so its row is announced again (dataChanged).
    void clockTicked();

    QModelIndex sectionIndex(int section) const;
    QModelIndex indexForItem(const QString& itemId, int column = 0) const;
    QString itemId(const QModelIndex& index) const;    // empty for section/group rows
    NodeKind nodeKind(const QModelIndex& index) const; // Section for an invalid index
    // The runbook group a group row shows, or nullptr for any other row.
    const RunbookGroup* group(const QModelIndex& index) const;
    // Every group whose text a group row shows, in document order: the group itself, then the
    // continuations that resume it after a nested group. Empty for any other row.
    QList<const RunbookGroup*> groupParts(const QModelIndex& index) const;
    int sectionCount() const;
    // Title, two spaces, progress: "1. Production Readiness (Platform & Infra)  7/12".
    QString sectionTabTitle(int section) const;
    Progress sectionProgress(int section) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void sectionProgressChanged(int section);

private:
    // Nodes are stored breadth first so each node's children are contiguous: index() and
    // parent() are array lookups. Node 0 is the invisible root. done/total count the
    // checkable items strictly below the node, kept current by eventApplied().
    struct Node
    {
        int parent = -1;
        int row = 0;
        int firstChild = 0;
        int childCount = 0;
        int section = -1;
        NodeKind kind = NodeKind::Section;
        const RunbookGroup* group = nullptr;
        const RunbookItem* item = nullptr;
        int done = 0;
        int total = 0;
        bool selfDone = false; // items only
    };

    // What a row holds, in document order: a group's items, or a (nested) group's own row.
    struct ContainerEntry
    {
        int group = 0;    // index into the section's groups
        bool row = false; // true: the group's row; false: its items
    };
    // Per container (-1 = the section, else the index of the group that has the row): what
    // it holds. Groups are flat in the runbook; depth and continuation give this tree.
    using SectionTree = QHash<int, QList<ContainerEntry>>;
    static SectionTree sectionTree(const RunbookSection& section);

    void build();
    int nodeOf(const QModelIndex& index) const;
    ItemState stateOf(const Node& node) const;
    QString render(const QString& text) const;
    QString nodeTitle(const Node& node) const;
    QString statusText(const Node& node, const ItemState& st) const;
    QString toolTip(const Node& node) const;
    QString searchText(const Node& node) const;
    static QString progressText(const Node& node);
    QString noteText(const Node& node, const ItemState& st) const;
    QString noteToolTip(const Node& node, const ItemState& st) const;
    QString failureToolTip(const StepFailure& failure) const;
    QString notesByWho(const Node& node) const;
    // The item's unresolved failure, if it is a cutover step that failed; else nullptr.
    const StepFailure* failureOf(const Node& node) const;
    void emitRowChanged(int node);

    const Runbook* m_runbook = nullptr;
    const RunState* m_state = nullptr;
    std::vector<Node> m_nodes;
    QHash<QString, int> m_itemNodes; // item id -> node
    QHash<QString, bool> m_pending;  // item id -> being signed (else only recorded)
    QString m_running;               // the item whose command runs now
    // Per group with a row: the groups whose text the row shows (see groupParts()), found once
    // per setRun so a click on a row does not walk the section again.
    QHash<const RunbookGroup*, QList<const RunbookGroup*>> m_groupParts;
    std::function<QString(const QString&)> m_fieldValueOf; // built once, not per data() call
};

} // namespace golive
