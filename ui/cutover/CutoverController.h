// The cutover in the window: header, abort and rollback banners, rollback checklist, the
// Cutover menu and its moves, fed by the run session and the cutover monitor.
#pragma once

#include "CutoverStatus.h"
#include "SignOffEvent.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QFrame;
class QLabel;
class QMenuBar;
class QPushButton;
class QTimer;
class QVBoxLayout;
class QWidget;

namespace golive {

class CutoverHeader;
class GoNoGoDialog;
class CutoverMonitor;
class PresentationView;
class RollbackView;
class RunSession;
struct RunbookItem;

class CutoverController : public QObject
{
    Q_OBJECT
public:
    // What the controller asks of the window it lives in.
    struct Host
    {
        std::function<const RunbookItem*()> currentItem; // under the cursor, or nullptr
        std::function<bool()> ensureOperator; // asks for the operator; false when cancelled
        std::function<void(const SignOffEvent&)> submit; // records it, or shows the refusal
        std::function<void(const QString&)> refuse;      // a refusal, in the status bar and a box
        std::function<void(const QString&, int)> showMessage; // the status bar, for ms
        std::function<void(const QString&)> refused; // a refusal was shown here (eventRefused)
        // A refusal with the move that fixes it: its button text, object name and action.
        std::function<void(const QString&, const QString&, const QString&,
                           const std::function<void()>&)>
            refuseWithFix;
    };

    // A child of `window`; `session` and `monitor` outlive it.
    CutoverController(QWidget* window, RunSession* session, CutoverMonitor* monitor, Host host);

    // The header, the banners and the rollback view, added to `layout` under `parent`; and the
    // 1 s timer that refreshes them against the clock.
    void createWidgets(QWidget* parent, QVBoxLayout* layout);
    // The moves as actions (children of this controller, named for tests: "gateAction", ...);
    // the window adds them to itself so their shortcuts work anywhere in it.
    void createActions();
    QList<QAction*> actions() const { return m_actions; }
    // The Cutover menu on `bar`.
    void createMenu(QMenuBar* bar);
    // The wall screen is fed the health, the abort cause and the timer line (not owned).
    void setWallScreen(PresentationView* view);

    // Refreshes the header, the banners, the rollback view and the actions against the clock.
    void refresh();
    CutoverHeader* header() const { return m_header; }
    RollbackView* rollbackView() const { return m_rollbackView; }
    bool abortBannerVisible() const;
    QString abortBannerText() const;
    bool rollbackProposalVisible() const;
    QString rollbackProposalText() const;

    // The moves (each refuses with RunState::validate()'s words; the dialogs are non-modal).
    void openGate();
    void recordGoNoGo();
    void markStepFailed();
    void startRollback();
    void signRollbackStep(int number);
    void signNextRollbackStep();
    void declareLive();
    void overrideOrderForCurrent();
    void overrideOrder(const QString& itemId);
    // A refused sign-off: the incident commander is offered to take it out of order.
    void refuseOrOfferOverride(const SignOffEvent& event, const QString& error);

signals:
    // refresh() read the clock anew (every second, and whenever asked): views that show a
    // time follow it.
    void refreshed();
    // What refresh() found: the abort causes, the phase (AttentionController follows it).
    void evaluated(const golive::CutoverStatus& status);

private:
    void updateBanners(const CutoverStatus& status);
    void updateActions();
    QString failTargetStep() const;
    // Whether `me` may record a Go/No-Go decision now (opening the gate with it when needed).
    bool wouldDecide(const Actor& me, QString* why) const;
    void awaitLedger(GoNoGoDialog* dialog, const SignOffEvent& expected,
                     const std::function<void()>& done,
                     const std::function<void(const QString&)>& failed);
    QString overrideProbeText(const QString& itemId) const;
    QString rollbackWhoMust() const;
    void askReason(const QString& title, const QString& message, const QString& prompt,
                   const QString& okText, const QString& warning, const QString& prefill,
                   std::function<SignOffEvent(const QString&)> make);

    QWidget* m_window = nullptr;
    RunSession* m_session = nullptr;
    CutoverMonitor* m_cutoverMonitor = nullptr;
    Host m_host;
    QPointer<PresentationView> m_wallScreen;
    QList<QAction*> m_actions;
    CutoverHeader* m_header = nullptr;
    QFrame* m_abortBanner = nullptr;
    QLabel* m_abortBannerText = nullptr;
    QPushButton* m_abortRollbackButton = nullptr;
    QFrame* m_proposalBanner = nullptr;
    QLabel* m_proposalBannerText = nullptr;
    QPushButton* m_proposalRollbackButton = nullptr;
    RollbackView* m_rollbackView = nullptr;
    qsizetype m_rollbackShownFor = -1; // events shown in the rollback view
    QTimer* m_timer = nullptr;
    QAction* m_gateAction = nullptr;
    QAction* m_goNoGoAction = nullptr;
    QAction* m_stepFailedAction = nullptr;
    QAction* m_overrideOrderAction = nullptr;
    QAction* m_rollbackAction = nullptr;
    QAction* m_rollbackStepAction = nullptr;
    QAction* m_liveAction = nullptr;
};

} // namespace golive
