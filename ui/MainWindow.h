// The control room's window: release fields, one tab per runbook section, details, banners.
#pragma once

#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QFrame;
class QGridLayout;
class QLabel;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabBar;
class QTreeView;

namespace golive {

class AsyncLedger;
class ChecklistModel;
class ChecklistStyleProxy;
class ItemDetailsView;
class SloDashboardDock;
class SloSource;
struct Dashboard;
struct RunSnapshot;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a run file on the ledger's worker thread; runOpened() or openFailed() follows.
    void openRun(const QString& path);

    bool hasRun() const { return m_hasRun; }
    QString runPath() const { return m_runPath; }
    const Runbook& runbook() const { return m_runbook; }
    const RunState& state() const { return m_state; }
    QTreeView* currentTree() const;
    QTabBar* tabs() const { return m_tabs; }
    int pendingEvents() const { return m_pending; }

    // SLO dashboard dock (issue 3): shows `dashboard` from `source` (not owned; keep it alive,
    // e.g. parented to the window) in the "SLOs" dock and shows the dock. nullptr clears it.
    void setSloSource(SloSource* source, const Dashboard& dashboard);
    SloDashboardDock* sloDock() const { return m_sloDock; }

signals:
    void runOpened();
    void openFailed(const QString& error);
    void eventRecorded(const golive::SignOffEvent& event);
    void eventRefused(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createActions();
    void createMenus();
    void onOpened(const RunSnapshot& snapshot);
    void onOpenFailed(const QString& error);
    void onAppended(const SignOffEvent& event);
    void onAppendFailed(const SignOffEvent& event, const QString& error);
    void rebuildTabs();
    void rebuildFields();
    void updateTabTitles();
    void updateBanners();
    void updateActions();
    void updateStatus();
    void updateOperatorLabel();
    void showSelectionDetails();

    // The item under the cursor in the current tab, or nullptr.
    const RunbookItem* currentItem() const;
    // Asks for the operator when none is set; false when the user cancels.
    bool ensureOperator();
    void chooseOperator();
    void recordForCurrent(EventKind kind);
    void submit(SignOffEvent event);
    void undoLastSignOff();
    void acknowledgeBreak();
    void fillField(const QString& key, const QString& value);
    void jumpToNextOpen();
    void resetFieldEdit(const QString& key);
    void flushFieldEdits();

    void newRunFromRunbook();
    void openRunDialog();
    void rebuildRecentMenu();
    void showShortcuts();
    void showAbout();
    void refuse(const QString& message);

    std::unique_ptr<AsyncLedger> m_ledger;
    ChecklistModel* m_model = nullptr;
    ChecklistStyleProxy* m_proxy = nullptr;
    Runbook m_runbook;
    RunState m_state;
    bool m_hasRun = false;
    bool m_readOnly = false;
    QString m_runPath;
    QString m_runId;
    QString m_openWarning;
    QString m_openError;
    QByteArray m_head;
    QList<QString> m_unacknowledgedBreaks;
    QString m_acknowledgementKey;
    int m_pending = 0;
    bool m_failedWhileClosing = false;
    bool m_restoredLayout = false;

    QFrame* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_bannerButton = nullptr;
    QLabel* m_titleLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QLabel* m_operatorLabel = nullptr;
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

    QMenu* m_recentMenu = nullptr;
    QAction* m_signAction = nullptr;
    QAction* m_noteAction = nullptr;
    QAction* m_naAction = nullptr;
    QAction* m_blockAction = nullptr;
    QAction* m_revokeAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_ackAction = nullptr;
    QAction* m_nextOpenAction = nullptr;
    QList<QAction*> m_allActions;
    SloDashboardDock* m_sloDock = nullptr; // SLO dashboard dock (issue 3)
};

} // namespace golive
