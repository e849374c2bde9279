// The checklist in the window: the ledger banner, the run's title, progress and operator, the
// release fields, one tab of tree views per runbook section with the details pane, the run's
// status-bar labels, and the sign-off actions with their Item and Run menus. It follows the run
// session's signals and records through RunSession::submit().
#pragma once

#include "SignOffEvent.h"

#include <QList>
#include <QObject>

#include <functional>
#include <optional>

class QAction;
class QFrame;
class QGridLayout;
class QLabel;
class QMenuBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QStatusBar;
class QTabBar;
class QTreeView;
class QVBoxLayout;
class QWidget;

namespace golive {

class ChecklistModel;
class ChecklistStyleProxy;
class ItemDetailsView;
class RunMetadataLabel;
class RunSession;
class SignOffDialog;
struct RunSnapshot;
struct ItemState;
struct RunbookItem;
struct UndoAction;

class ChecklistController : public QObject
{
    Q_OBJECT
public:
    // What the controller asks of the window it lives in.
    struct Host
    {
        std::function<void(const QString&, int)> showMessage; // the status bar, for ms
        std::function<void(const QString&)> refuse; // a refusal, in the status bar and a box
        // A sign-off the rules refuse: the incident commander may be offered to override the
        // steps' order, or the refusal is shown.
        std::function<void(const SignOffEvent&, const QString&)> refuseOrOfferOverride;
        // A sign-off's dialog for item `itemId`, before it shows: the evidence it may name.
        std::function<void(SignOffDialog*, const QString& itemId)> offerEvidence;
    };

    // A child of `window` (the parent of its dialogs); `session` outlives it.
    ChecklistController(QWidget* window, RunSession* session, Host host);

    // The ledger banner (hidden until the ledger or the run needs attention), added to `layout`.
    void createBanner(QWidget* parent, QVBoxLayout* layout);
    // The run header (title, progress, operator, release fields), the section tabs across the
    // whole width and, below them, the checklist pages beside the details pane.
    void createWidgets(QWidget* parent, QVBoxLayout* layout);
    // The run's path, the pending events and the ledger head, on `bar`.
    void createStatusLabels(QStatusBar* bar);
    // The sign-off actions (Sign off works only while a checklist has focus).
    void createActions();
    // The Item and Run menus on `bar`.
    void createMenus(QMenuBar* bar);
    // The actions whose shortcuts work anywhere in the window (the window adds them to itself);
    // Sign off is not among them. Complete after createMenus().
    QList<QAction*> windowActions() const { return m_windowActions; }

    // The operator label, the actions and the status labels brought up to date (once the
    // widgets and actions are made).
    void refresh();
    // The details splitter as the user left it, and saved for the next start.
    void restoreLayout();
    void saveLayout() const;

    QTabBar* tabs() const { return m_tabs; }
    // Every section's checklist (remade when a run opens) and the details pane beside them:
    // features that add to them (evidence dropped on a row or the pane) find them here.
    QList<QTreeView*> trees() const { return m_trees; }
    ItemDetailsView* details() const { return m_details; }
    QTreeView* currentTree() const;
    // The item under the cursor in the current tab, or nullptr.
    const RunbookItem* currentItem() const;
    ChecklistModel* model() const { return m_model; }
    // Selects item `id` in its section's tab, scrolled into view, the keyboard on it.
    void showItem(const QString& id);
    // Shows section tab `index` (when there is one) and focuses its checklist.
    void showSection(int index);
    // The next (`by` 1) or previous (-1) section tab, wrapping.
    void stepSection(int by);
    void expandAll();
    // The clock moved: rows that read it (a failed step's time left) are redrawn.
    void clockTicked();

    // The status bar says a run is being opened.
    void showOpening(const QString& path);
    // Asks for the operator when none is set; false when the user cancels.
    bool ensureOperator();
    void chooseOperator();
    // Run > Roster: who signs with which key, and a commander's changes to it.
    void showRoster();
    // Records `event`, or shows the refusal (and puts a field's recorded value back).
    void submit(SignOffEvent event);
    // Records what is typed in a field but not entered yet.
    void flushFieldEdits();
    // The ledger-break acknowledgement (Run menu, the ledger banner, a refusal's fix).
    void acknowledgeBreak();
    // The name and role on duty, or nullopt before one is chosen.
    std::optional<Actor> operatorOnDuty() const;

signals:
    // The actions were enabled or disabled for the run, the selection or the operator.
    void actionsUpdated();
    // The run's progress changed (or the run went): views that copy the run follow.
    void progressChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createRunHeader(QWidget* parent, QVBoxLayout* layout);
    void onOpened(const RunSnapshot& snapshot);
    void onOpenFailed();
    void onAppended(const SignOffEvent& event);
    void onAppendFailed(const SignOffEvent& event);
    QTreeView* makeTree(int section);
    void rebuildTabs();
    void rebuildFields();
    void updateTabTitles();
    void updateBanners();
    void updateActions();
    void updateStatus();
    void updateOperatorLabel();
    void showSelectionDetails();
    void recordForCurrent(EventKind kind);
    void undoLastSignOff();
    // What Ctrl+Z would take back now, for the operator on duty.
    std::optional<UndoAction> undoable() const;
    // The event `kind` on `item` with `text` (a sign-off over open sub-items names them).
    SignOffEvent eventFor(EventKind kind, const RunbookItem& item, const QString& text,
                          const Actor& actor) const;
    // The rules refuse `kind` on `item` to the operator's role, but another role may.
    bool roleCannot(EventKind kind, const RunbookItem& item) const;
    // "the sign-off by Ana Lima (Release Captain) at 16:54 UTC"
    void fillField(const QString& key, const QString& value);
    void resetFieldEdit(const QString& key);
    void jumpToNextOpen();

    QWidget* m_window = nullptr;
    RunSession* m_session = nullptr;
    Host m_host;
    ChecklistModel* m_model = nullptr;
    ChecklistStyleProxy* m_proxy = nullptr;
    bool m_showsRun = false;   // the tabs and fields show a run
    bool m_rebuilding = false; // rebuildTabs() sets each new tree's current item

    QFrame* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_bannerButton = nullptr;
    QLabel* m_titleLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QLabel* m_operatorLabel = nullptr;
    RunMetadataLabel* m_metadataLabel = nullptr;
    QWidget* m_fieldsBox = nullptr;
    QGridLayout* m_fieldsLayout = nullptr;
    QSplitter* m_splitter = nullptr;
    QTabBar* m_tabs = nullptr;
    QStackedWidget* m_pages = nullptr;
    ItemDetailsView* m_details = nullptr;
    QList<QTreeView*> m_trees;
    QLabel* m_statusRun = nullptr;
    QLabel* m_statusHead = nullptr;
    QLabel* m_statusPending = nullptr;

    QList<QAction*> m_windowActions;
    QAction* m_signAction = nullptr;
    QAction* m_noteAction = nullptr;
    QAction* m_naAction = nullptr;
    QAction* m_blockAction = nullptr;
    QAction* m_revokeAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_ackAction = nullptr;
    QAction* m_nextOpenAction = nullptr;
};

} // namespace golive
