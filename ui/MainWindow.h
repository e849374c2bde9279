// The control room's window, a frame: menus, docks, status bar, opening runs and closing; the
// checklist, the SLOs, the cutover, the timeline and the wall screen live in their own folders.
#pragma once

#include "ChecklistExport.h"
#include "CutoverController.h"
#include "Dashboard.h"
#include "HealthMonitor.h"
#include "RefusalBanner.h"
#include "RunDashboard.h"
#include "RunState.h"
#include "Runbook.h"
#include "SignOffEvent.h"
#include "SloSource.h"
#include "TimelineController.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>

#include <memory>

class QAction;
class QMenu;
class QPrinter;
class QTabBar;
class QTreeView;

namespace golive {

class RunSession;
class ChecklistController;
class CommandController;
class EvidenceController;
class SharedRunController;
class CredentialStore;
struct ConnectionSettings;
class CutoverMonitor;
struct CutoverStatus;
class SloMonitor;
class SloDashboardDock;
class SloSource;
struct Dashboard;
struct RunSnapshot;
// Presentation mode and keyboard help
class HelpOverlay;
class PresentationView;
// Cutover command mode
class AttentionController;
class ChannelController;
class CutoverController;
class SloController;
class CutoverHeader;
class RollbackView;
// Timeline
class ObservationTracker;
class TimelineDock;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a run file on the ledger's worker thread; runShown() then runOpened(), or
    // openFailed(), follows.
    void openRun(const QString& path);

    // The open run (owned by the window); the accessors below read it.
    RunSession* session() const { return m_session; }
    bool hasRun() const;
    QString runPath() const;
    const Runbook& runbook() const;
    const RunState& state() const;
    // The checklist's widgets, sign-off actions and menus (owned by the window); the section
    // tabs and the current section's tree are its.
    ChecklistController* checklist() const { return m_checklist; }
    // Evidence: Item > Attach…, drops on rows and the details, the evidence pane.
    EvidenceController* evidence() const { return m_evidence; }
    // Commands from the runbook: Run, the output pane, Stop, their records.
    CommandController* commands() const { return m_commands; }
    QTreeView* currentTree() const;
    QTabBar* tabs() const;
    int pendingEvents() const;

    // SLO dashboard dock: shows `dashboard` from `source` (not owned; keep it alive,
    // e.g. parented to the window) in the "SLOs" dock and shows the dock. nullptr clears it.
    void setSloSource(SloSource* source, const Dashboard& dashboard);
    SloDashboardDock* sloDock() const { return m_sloDock; }
    // The SLO watch (polls the source whatever views are open) and the cutover status built
    // from it and the health checks; both owned by the window.
    SloMonitor* sloMonitor() const { return m_sloMonitor; }
    CutoverMonitor* cutoverMonitor() const { return m_cutoverMonitor; }

    // The SLO dashboard's source, made and owned by the window: DEMO data when
    // `forceDemo` (--demo) or no address is configured; else Prometheus at `overrideUrl`
    // (--prometheus, GOLIVE_PROMETHEUS_URL) or the one in Settings, with the authentication,
    // CA file and timeout stored for that address. A password or token is read from the
    // keychain first (asynchronously; sloSourceChanged() follows); when none is stored or the
    // keychain fails, the source is made without it and the connection banner says what to
    // do. Accepting the Settings dialog makes the window use the settings from then on.
    // The SLO controller (ui/slo) does it.
    // The dashboard shown is the open run's own (RunFile::dashboard()); `fallback` (--dashboard)
    // only for a run that has none; without either the dock says how to give the run one and
    // there are no health lights.
    void useConfiguredSource(const QString& overrideUrl, bool forceDemo,
                             const std::optional<Dashboard>& fallback = std::nullopt);
    // The dashboard the program carries for its bundled runbook: a run whose runbook is that
    // runbook (by SHA-256) and that keeps no dashboard of its own (made before runs kept them)
    // shows it.
    // A run made here from that runbook gets it too.
    void setBundledDashboard(const BundledDashboard& bundled);
    // The current source (owned by the window), nullptr before useConfiguredSource().
    SloSource* sloSource() const;
    // The keychain (owned by the window); it also keeps the session-only secrets.
    CredentialStore* credentials() const;
    // What the connection banner says (no secret, no keychain, a bad address), or empty.
    QString connectionWarning() const;
    // Opens the Settings dialog (Ctrl+,) without blocking; raises it when it is open already.
    void showSettings();
    SloController* sloController() const { return m_sloController; }

    // --- Presentation mode and keyboard help ---
    // The wall-screen view (F11, View > Presentation mode) and the shortcut overlay (F1 or "?",
    // Help > Keyboard shortcuts); both owned by the window. The view follows the SLO dock and
    // the window's clock; feed it setHealth(), setAbortCause() and setTimerText().
    PresentationView* presentationView() const { return m_presentation; }
    HelpOverlay* helpOverlay() const { return m_helpOverlay; }

    // --- Cutover command mode ---
    // The clock for everything time-dependent in the window: the header's clock, T-minus and
    // countdowns, the rules' time (RunState::setClock) and the time stamped on every event the
    // window records. An empty function restores the wall clock.
    void setClock(RunState::Clock clock);
    QDateTime now() const;
    // Refreshes the header, the banners, the rollback view and the cutover actions against the
    // clock (a 1 s timer calls it; tests call it after moving their clock).
    void refreshCutover();
    CutoverHeader* cutoverHeader() const;
    RollbackView* rollbackView() const;
    // The cutover's widgets, actions and moves (owned by the window).
    CutoverController* cutover() const { return m_cutover; }
    AttentionController* attention() const { return m_attention; }
    // The health checks of the dashboard, probed while a source is configured (owned; nullptr
    // before useConfiguredSource()).
    HealthMonitor* healthMonitor() const;
    // The abort banner: a critical alert firing or a critical health check failing while the
    // Go/No-Go, the cutover, final monitoring or Live runs; its text names each cause.
    bool abortBannerVisible() const;
    QString abortBannerText() const;
    // The rollback proposal: a failed step's resolution time ran out.
    bool rollbackProposalVisible() const;
    QString rollbackProposalText() const;
    // The moves, as the Cutover menu triggers them (they refuse, with RunState::validate()'s
    // words, what the rules refuse; the dialogs they open are non-modal).
    void openGate() { m_cutover->openGate(); }
    void recordGoNoGo() { m_cutover->recordGoNoGo(); }
    void markStepFailed() { m_cutover->markStepFailed(); }
    void startRollback() { m_cutover->startRollback(); }
    void signRollbackStep(int number) { m_cutover->signRollbackStep(number); }
    void signNextRollbackStep() { m_cutover->signNextRollbackStep(); }
    void declareLive() { m_cutover->declareLive(); }
    void overrideOrderForCurrent() { m_cutover->overrideOrderForCurrent(); }

    // --- Timeline ---
    // The "Timeline" dock (View > Timeline, Ctrl+T; File > Export > Timeline, Ctrl+Shift+T)
    // and the observations fed to it: alerts and panels from the SLO source shown in the SLO
    // dock, health from healthMonitor(). Real observations are recorded as Observed events by
    // the operator on duty (any role); without one, or while the run is read-only or its
    // ledger break is not acknowledged, they wait (shown greyed in the dock, with why) and are
    // recorded, saying when they were seen, once it is possible. Opening a run re-reads its
    // ledger and drops what waited (the next lists record again what differs from it). Demo
    // observations are shown, never recorded. Never a dialog for an observation.
    TimelineDock* timelineDock() const { return m_timeline->dock(); }
    ObservationTracker* observations() const { return m_timeline->observations(); }
    // A health check changed; HealthMonitor::statusChanged of healthMonitor() is connected.
    void recordHealthChange(const HealthResult& result, HealthStatus previous)
    {
        m_timeline->recordHealthChange(result, previous);
    }
    // Records what waits when an operator, a writable run and an intact ledger allow it; tells
    // the dock why not otherwise. Called on every observation, operator change and event.
    void recordObservations() { m_timeline->recordObservations(); }
    // The reason observations are not recorded now, or empty.
    QString observationHoldReason() const { return m_timeline->holdReason(); }
    // --- end timeline ---

    // The signed checklist as File > Export writes it, and as Print sends it to a printer
    // (ui/checklist/ChecklistExport, owned by the window).
    using ExportFormat = ChecklistExport::Format;
    ChecklistExport* checklistExport() const { return m_export; }
    bool exportChecklistTo(ExportFormat format, const QString& path, QString* error)
    {
        return m_export->exportTo(format, path, error);
    }
    bool printChecklistTo(QPrinter* printer, QString* error)
    {
        return m_export->printTo(printer, error);
    }

    // The refusal banner above the checklist: the words it shows, or empty while closed.
    RefusalBanner* refusalBanner() const { return m_refusalBanner; }
    QString refusalText() const;

    // A run several workstations share (a server run): the connection band above the
    // checklist, the "Who is here" dock, File > Open server run (owned by the window).
    SharedRunController* sharedRun() const { return m_shared; }

signals:
    // The run is on screen; its ledger may still be being verified (the banner says so and
    // nothing is recorded until it is).
    void runShown();
    // The run is on screen and its ledger checked: sign-offs can start, or the banner shows
    // the break the check found.
    void runOpened();
    void openFailed(const QString& error);
    void eventRecorded(const golive::SignOffEvent& event);
    void eventRefused(const QString& error);
    // The SLO dock got its new source (after a keychain read, when there is one).
    void sloSourceChanged();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createControllers();
    void createActions();
    void createMenus();
    void createViewMenu();
    void onOpened(const RunSnapshot& snapshot);
    // The opened run's dashboard to the SLO side (see useConfiguredSource()).
    void applyRunDashboard(const RunSnapshot& snapshot);
    // The SLO dock's words when the run shows no dashboard: how to give it one.
    void showRunDashboardHelp();
    void onOpenFailed(const QString& error);
    void onAppended(const SignOffEvent& event);
    void onAppendFailed(const SignOffEvent& event, const QString& error);
    // "Start set to 2026-05-01 17:40 UTC (by Ana Lima)": what the status bar says was recorded.
    QString recordedText(const SignOffEvent& event) const;
    // Records it through the checklist, or shows the refusal.
    void submit(const SignOffEvent& event);
    // A refusal: the banner above the checklist with its words and the fixes (when none are
    // given, the one its words point to: change the operator, acknowledge, the Go/No-Go), the
    // status bar, and eventRefused().
    void refuse(const QString& message, QList<RefusalBanner::Fix> fixes = {});

    void newRunFromRunbook();
    void openRunDialog();
    void rebuildRecentMenu();
    void showShortcuts();
    void showAbout();

    RunSession* m_session = nullptr;
    bool m_showsRun = false;      // the window title and the timeline show a run
    bool m_awaitingCheck = false; // runShown() was emitted, runOpened() waits for the check
    bool m_failedWhileClosing = false;
    bool m_restoredLayout = false;

    ChecklistController* m_checklist = nullptr;
    EvidenceController* m_evidence = nullptr;
    CommandController* m_commands = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_printAction = nullptr;
    QAction* m_exportPdfAction = nullptr;
    QAction* m_exportMdAction = nullptr;
    QAction* m_exportJsonAction = nullptr;
    QList<QAction*> m_allActions;
    SloMonitor* m_sloMonitor = nullptr;
    CutoverMonitor* m_cutoverMonitor = nullptr;
    SloDashboardDock* m_sloDock = nullptr;

    SloController* m_sloController = nullptr;
    BundledDashboard m_bundled;
    std::optional<Dashboard> m_bundledDashboard; // m_bundled's, parsed
    // The SHA-256 of the run's dashboard the charts show (a snapshot records the dashboard its
    // panels were judged by): "" while they show a fallback, not the run's own.
    QString m_shownDashboardSha256;
    QString m_runDashboardProblem; // why the run's own dashboard does not read, if it does not
    QAction* m_settingsAction = nullptr;

    // Presentation mode and keyboard help.
    PresentationView* m_presentation = nullptr;
    HelpOverlay* m_helpOverlay = nullptr;
    QAction* m_presentationAction = nullptr;

    CutoverController* m_cutover = nullptr;

    AttentionController* m_attention = nullptr;
    ChannelController* m_channel = nullptr;
    ChecklistExport* m_export = nullptr;
    RefusalBanner* m_refusalBanner = nullptr;
    TimelineController* m_timeline = nullptr;
    SharedRunController* m_shared = nullptr;
};

} // namespace golive
