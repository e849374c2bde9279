// The control room's window: release fields, one tab per runbook section, details, banners.
#pragma once

#include "ChecklistReport.h"
#include "Dashboard.h"
#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"
#include "SloSource.h"

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
class CredentialStore;
struct ConnectionSettings;
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

    // The SLO dashboard's source (issue 4), made and owned by the window: DEMO data when
    // `forceDemo` (--demo) or no address is configured; else Prometheus at `overrideUrl`
    // (--prometheus, GOLIVE_PROMETHEUS_URL) or the one in Settings, with the authentication,
    // CA file and timeout stored for that address. A password or token is read from the
    // keychain first (asynchronously; sloSourceChanged() follows); when none is stored or the
    // keychain fails, the source is made without it and the connection banner says what to
    // do. Accepting the Settings dialog makes the window use the settings from then on.
    void useConfiguredSource(const QString& overrideUrl, bool forceDemo,
                             const Dashboard& dashboard);
    // The current source (owned by the window), nullptr before useConfiguredSource().
    SloSource* sloSource() const { return m_ownedSource; }
    // The keychain (owned by the window); it also keeps the session-only secrets.
    CredentialStore* credentials() const { return m_credentials; }
    // What the connection banner says (no secret, no keychain, a bad address), or empty.
    QString connectionWarning() const;
    // Opens the Settings dialog (Ctrl+,) without blocking; raises it when it is open already.
    void showSettings();

signals:
    void runOpened();
    void openFailed(const QString& error);
    void eventRecorded(const golive::SignOffEvent& event);
    void eventRefused(const QString& error);
    // The SLO dock got its new source (after a keychain read, when there is one).
    void sloSourceChanged();

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

    // The signed checklist: Ctrl+P previews and prints it; File > Export writes PDF, Markdown
    // or the whole ledger as JSON (issue 5).
    enum class ExportFormat
    {
        Pdf,
        Markdown,
        Json
    };
    ReportInput currentReport() const;
    void printChecklist();
    void exportChecklist(ExportFormat format);
    void refuse(const QString& message);

    // Issue 4: the connection in effect (the override's, the settings'), and (re)applying it.
    ConnectionSettings effectiveConnection(QString* warning) const;
    void applyConnection();
    void installSource(SloSource* source, const QString& warning);
    void setConnectionWarning(const QString& warning);

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
    ReportInput m_reportBase; // the run as opened, for the report
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
    QAction* m_printAction = nullptr;
    QAction* m_exportPdfAction = nullptr;
    QAction* m_exportMdAction = nullptr;
    QAction* m_exportJsonAction = nullptr;
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

    // Issue 4: the connection and the keychain.
    CredentialStore* m_credentials = nullptr;
    QPointer<SloSource> m_ownedSource;
    Dashboard m_sloDashboard;
    QString m_overrideUrl;
    bool m_forceDemo = false;
    bool m_sourceConfigured = false;
    quint64 m_sourceGeneration = 0; // keychain reads superseded by a newer apply are dropped
    QFrame* m_connectionBanner = nullptr;
    QLabel* m_connectionBannerText = nullptr;
    QAction* m_settingsAction = nullptr;
};

} // namespace golive
