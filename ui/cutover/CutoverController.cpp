// The cutover in the window: its header, the abort and rollback banners, the rollback
// checklist, the Cutover menu's moves, and what the wall screen shows of them. Every rule is
// RunState::validate()'s, asked through RunSession::wouldRecord(); a refusal is shown in its
// words. The status (abort causes, rollback proposal, SLO note) comes from CutoverMonitor.
#include "CutoverController.h"

#include "CutoverDialogs.h"
#include "CutoverHeader.h"
#include "CutoverMonitor.h"
#include "GoNoGoInputs.h"
#include "OperatorOnDuty.h"
#include "PresentationView.h"
#include "RollbackView.h"
#include "RunSession.h"
#include "SubItems.h"
#include "Theme.h"
#include "UiText.h"

#include <QAction>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace golive {

CutoverController::CutoverController(QWidget* window, RunSession* session, CutoverMonitor* monitor,
                                     Host host)
    : QObject(window), m_window(window), m_session(session), m_cutoverMonitor(monitor),
      m_host(std::move(host))
{
    setObjectName(QStringLiteral("cutoverController"));
    // A critical alert firing or a critical health check failing is an abort trigger.
    connect(m_cutoverMonitor, &CutoverMonitor::inputsChanged, this, &CutoverController::refresh);
    // The rollback view redraws for the next run.
    connect(m_session, &RunSession::runReleased, this, [this] { m_rollbackShownFor = -1; });
}

void CutoverController::setWallScreen(PresentationView* view)
{
    m_wallScreen = view;
}

void CutoverController::createWidgets(QWidget* central, QVBoxLayout* layout)
{
    m_header = new CutoverHeader(central);
    m_header->hide();
    layout->addWidget(m_header);

    // Full-width bands the room cannot miss; never modal, so nobody loses the keyboard.
    const auto makeBanner = [&](const QString& name, const QString& colour, QLabel** text,
                                QPushButton** button) {
        auto* banner = new QFrame(central);
        banner->setObjectName(name);
        banner->setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border-radius: 4px; } "
                                             "QFrame#%1 QLabel { color: %3; }")
                                  .arg(name, colour, themeColour(ThemeColour::OnStateText).name()));
        auto* row = new QHBoxLayout(banner);
        row->setContentsMargins(12, 8, 12, 8);
        *text = new QLabel(banner);
        (*text)->setObjectName(name + QStringLiteral("Text"));
        (*text)->setWordWrap(true);
        (*text)->setTextFormat(Qt::PlainText);
        (*text)->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont f = (*text)->font();
        f.setPointSizeF(f.pointSizeF() * 1.4);
        f.setBold(true);
        (*text)->setFont(f);
        *button = new QPushButton(tr("Start rollback…"), banner);
        (*button)->setObjectName(name + QStringLiteral("Button"));
        QFont bf = (*button)->font();
        bf.setPointSizeF(bf.pointSizeF() * 1.2);
        bf.setBold(true);
        (*button)->setFont(bf);
        (*button)->setToolTip(tr("Start the rollback, with a reason (Ctrl+Shift+K)"));
        connect(*button, &QPushButton::clicked, this, [this] { startRollback(); });
        row->addWidget(*text, 1);
        row->addWidget(*button);
        banner->hide();
        layout->addWidget(banner);
        return banner;
    };
    m_abortBanner =
        makeBanner(QStringLiteral("abortBanner"), themeColour(ThemeColour::DangerBanner).name(),
                   &m_abortBannerText, &m_abortRollbackButton);
    m_proposalBanner = makeBanner(QStringLiteral("rollbackProposalBanner"),
                                  themeColour(ThemeColour::RollbackBanner).name(),
                                  &m_proposalBannerText, &m_proposalRollbackButton);

    m_rollbackView = new RollbackView(central);
    m_rollbackView->hide();
    connect(m_rollbackView, &RollbackView::signRequested, this,
            [this](int number) { signRollbackStep(number); });
    layout->addWidget(m_rollbackView);

    m_timer = new QTimer(this);
    m_timer->setObjectName(QStringLiteral("cutoverTimer"));
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &CutoverController::refresh);
    m_timer->start();
}

void CutoverController::createActions()
{
    const auto make = [this](const QString& text, const char* name, const QKeySequence& key,
                             auto slot) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        m_actions << action;
        return action;
    };
    m_gateAction = make(tr("Open the Go/No-Go &gate…"), "gateAction",
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), [this] { openGate(); });
    m_goNoGoAction = make(tr("&Go/No-Go…"), "goNoGoAction", QKeySequence(Qt::CTRL | Qt::Key_G),
                          [this] { recordGoNoGo(); });
    m_overrideOrderAction =
        make(tr("Sign out of &order (override)…"), "overrideOrderAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), [this] { overrideOrderForCurrent(); });
    m_stepFailedAction =
        make(tr("Mark step &failed…"), "stepFailedAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), [this] { markStepFailed(); });
    m_rollbackAction =
        make(tr("Start roll&back…"), "rollbackAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), [this] { startRollback(); });
    m_rollbackStepAction =
        make(tr("Sign &next rollback step…"), "rollbackStepAction",
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J), [this] { signNextRollbackStep(); });
    m_liveAction = make(tr("Declare &Live…"), "liveAction",
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] { declareLive(); });
}

void CutoverController::createMenu(QMenuBar* bar)
{
    QMenu* cutover = bar->addMenu(tr("&Cutover"));
    cutover->setObjectName(QStringLiteral("cutoverMenu"));
    // A move that is not possible now says why in its tooltip.
    cutover->setToolTipsVisible(true);
    cutover->addAction(m_gateAction);
    cutover->addAction(m_goNoGoAction);
    cutover->addSeparator();
    cutover->addAction(m_overrideOrderAction);
    cutover->addAction(m_stepFailedAction);
    cutover->addSeparator();
    cutover->addAction(m_rollbackAction);
    cutover->addAction(m_rollbackStepAction);
    cutover->addSeparator();
    cutover->addAction(m_liveAction);
}

QString CutoverController::failTargetStep() const
{
    // The current step, the one the header names, whatever row is selected: under pressure the
    // cursor is often somewhere else.
    return m_session->state().cutover().nextStepId();
}

QString CutoverController::rollbackWhoMust() const
{
    const auto& d = m_session->state().cutover().decision();
    if (d && d->role == Role::IncidentCommander) {
        return tr("Only the incident commander can start the rollback (%1 gave the %2).")
            .arg(d->by, d->go ? tr("GO") : tr("NO-GO"));
    }
    return tr("Only the incident commander can start the rollback.");
}

void CutoverController::refresh()
{
    if (!m_header || !m_gateAction) {
        return; // still being built
    }
    const QDateTime nowUtc = m_session->now();
    const CutoverStatus& status =
        m_cutoverMonitor->evaluate(m_session->hasRun() ? &m_session->state() : nullptr, nowUtc);
    const bool planned = status.planned;
    m_header->setSloNote(status.sloNote, status.sloWarning);
    if (m_session->hasRun()) {
        m_header->showState(m_session->state(), nowUtc);
    } else {
        m_header->showNoRun(nowUtc);
    }
    const QList<HealthResult> health = m_cutoverMonitor->healthResults();
    m_header->setVisible(planned || !health.isEmpty());
    updateBanners(status);

    const bool rollback = planned && m_session->state().cutover().rollback().has_value();
    if (rollback && m_rollbackShownFor != m_session->state().events().size()) {
        m_rollbackView->showState(m_session->state());
        m_rollbackShownFor = m_session->state().events().size();
    }
    if (!rollback) {
        m_rollbackShownFor = -1;
    }
    m_rollbackView->setVisible(rollback);
    updateActions();

    // The wall screen shows what the header and the banners show (presentation mode).
    if (m_wallScreen) {
        m_wallScreen->setHealth(health);
        m_wallScreen->setAbortCause(
            abortBannerVisible() ? status.abortCauses.join(QStringLiteral(" · ")) : QString());
        // The failure timer stays once the deadline has passed (it counts up); the proposal
        // comes below it, in words the wall can show in two sizes.
        m_wallScreen->setTimerText(m_header->countdownText());
        QString proposal;
        if (rollbackProposalVisible() && status.rollbackProposedFor) {
            const StepFailure& f = *status.rollbackProposedFor;
            proposal = tr("%1 failed at %2 UTC (%3), not resolved within %4 minutes. The incident "
                          "commander decides.")
                           .arg(f.stepId, f.atUtc.toUTC().toString(QStringLiteral("HH:mm")), f.what)
                           .arg(m_session->state().plan().resolutionMinutes);
        }
        // By when the failed step must be resolved, beside its timer on the wall.
        QString deadline;
        if (const StepFailure* f = m_session->state().cutover().urgentFailure();
            f && m_session->state().cutover().stepFailedAlarm()) {
            const QString due = f->deadlineUtc.toUTC().toString(QStringLiteral("HH:mm"));
            deadline = f->expired(m_session->now()) ? tr("was due %1 UTC").arg(due)
                                                    : tr("resolve by %1 UTC").arg(due);
        }
        m_wallScreen->setTimerDeadline(deadline);
        m_wallScreen->setRollbackProposal(proposal);
    }
    emit evaluated(status);
    emit refreshed();
}

void CutoverController::updateBanners(const CutoverStatus& status)
{
    const Phase phase = status.phase;
    const auto me = operatorOnDuty();
    QString why;
    // The button is there for whoever the rules let start the rollback now.
    const bool canRollBack =
        me && m_session->wouldRecord(makeRollbackEvent(QStringLiteral("-"), *me), &why);
    const bool running = status.running;
    // Why the operator on duty cannot start it: the role for others, the rules' words for the
    // incident commander (a read-only run, a ledger break to acknowledge...).
    const QString blocked = me && me->role == Role::IncidentCommander
                                ? tr("The rollback cannot be started here: %1").arg(why)
                                : rollbackWhoMust();

    const QStringList& causes = status.abortCauses;
    const bool showAbort = status.abortRaised;
    if (showAbort) {
        QString text = tr("ABORT TRIGGER: %1").arg(causes.join(QStringLiteral("\n")));
        if (phase == Phase::GoNoGo) {
            text += QLatin1Char('\n') + tr("During the Go/No-Go: a reason for NO-GO.");
        } else if (!canRollBack) {
            text += QLatin1Char('\n') + blocked;
        }
        m_abortBannerText->setText(displaySafeLines(text));
    }
    m_abortRollbackButton->setVisible(running && canRollBack);
    m_abortBanner->setVisible(showAbort);

    const bool expired = status.rollbackProposedFor.has_value();
    if (expired) {
        const StepFailure* first = &*status.rollbackProposedFor;
        QString text = tr("ROLLBACK PROPOSED: step %1 failed at %2 UTC (%3) and was not "
                          "resolved within %4 minutes.")
                           .arg(m_session->itemLabel(first->stepId),
                                first->atUtc.toUTC().toString(QStringLiteral("HH:mm")), first->what)
                           .arg(m_session->state().plan().resolutionMinutes);
        if (!canRollBack) {
            text += QLatin1Char('\n') + blocked;
        }
        m_proposalBannerText->setText(displaySafeLines(text));
    }
    m_proposalRollbackButton->setVisible(canRollBack);
    m_proposalBanner->setVisible(expired);
}

void CutoverController::updateActions()
{
    const auto me = operatorOnDuty();
    const auto set = [&](QAction* action, const std::function<SignOffEvent(const Actor&)>& probe,
                         const QString& tip) {
        QString why;
        bool ok = false;
        if (me) {
            ok = m_session->wouldRecord(probe(*me), &why);
        } else {
            // Nobody on duty yet: the move asks who it is first, and the rules decide with the
            // role then chosen. Until then it is offered when the phase allows it to anyone.
            ok = m_session->wouldRecord(
                probe(Actor::local(QStringLiteral("(on duty)"), Role::IncidentCommander)), &why);
        }
        action->setEnabled(ok);
        const QString text = ok ? tip : tr("Not now: %1").arg(withReadableTimes(why));
        action->setToolTip(plainToolTip(text));
        action->setStatusTip(text);
    };
    const CutoverPlan& plan = m_session->state().plan();
    const QString dash = QStringLiteral("-");
    set(
        m_gateAction, [](const Actor& a) { return makeGateEvent(a); },
        tr("Open the Go/No-Go: the T-60 pre-checks become the gate"));
    {
        // The decision opens the gate too when it is not open: judged as one move.
        QString why;
        const bool ok = wouldDecide(
            me ? *me : Actor::local(QStringLiteral("(on duty)"), Role::IncidentCommander), &why);
        const QString text = ok ? tr("Go/No-Go on one screen: the pre-checks, health, SLOs and "
                                     "alerts; record GO or NO-GO (opens the gate if needed)")
                                : tr("Not now: %1").arg(why);
        m_goNoGoAction->setEnabled(ok);
        m_goNoGoAction->setToolTip(plainToolTip(text));
        m_goNoGoAction->setStatusTip(text);
    }
    const QString target = failTargetStep();
    m_stepFailedAction->setText(target.isEmpty() ? tr("Mark step &failed…")
                                                 : tr("Mark step %1 &failed…").arg(target));
    set(
        m_stepFailedAction, [&](const Actor& a) { return makeStepFailedEvent(target, dash, a); },
        tr("Starts the step's %1-minute resolution timer").arg(plan.resolutionMinutes));
    set(
        m_rollbackAction, [&](const Actor& a) { return makeRollbackEvent(dash, a); },
        tr("Start the rollback plan, with a reason"));
    const int next = qMax(1, m_session->state().cutover().nextRollbackStep());
    set(
        m_rollbackStepAction, [&](const Actor& a) { return makeRollbackStepEvent(next, {}, a); },
        tr("Record rollback step %1 as done").arg(next));
    set(
        m_liveAction, [&](const Actor& a) { return makeLiveEvent(plan, {}, a); },
        tr("Declare the go-live Live (signs the final monitoring step)"));
    // Out of order: only when signing the current item in order is refused and the override
    // would be recorded.
    const RunbookItem* item = m_host.currentItem();
    bool inOrder = false;
    if (item && me) {
        SignOffEvent sign;
        sign.kind = EventKind::Signed;
        sign.itemId = item->id;
        // Over open sub-items a sign-off names them: that is not the order's refusal.
        sign.text = composeOverOpenSubItems(dash, openSubItems(m_session->state(), *item));
        sign.actor = *me;
        QString ignored;
        inOrder = m_session->wouldRecord(sign, &ignored);
    }
    if (inOrder) {
        const QString text = tr("Not now: %1 can be signed in order (Space)").arg(item->id);
        m_overrideOrderAction->setEnabled(false);
        m_overrideOrderAction->setToolTip(text);
        m_overrideOrderAction->setStatusTip(text);
    } else {
        set(
            m_overrideOrderAction,
            [&](const Actor& a) {
                return makeOrderOverrideEvent(item ? item->id : QString(),
                                              item ? overrideProbeText(item->id) : dash, a);
            },
            tr("Sign the selected step out of order, with a reason"));
    }
    if (m_rollbackView) {
        m_rollbackView->setCanSign(m_rollbackStepAction->isEnabled(),
                                   m_rollbackStepAction->toolTip());
    }
}

void CutoverController::askReason(const QString& title, const QString& message,
                                  const QString& prompt, const QString& okText,
                                  const QString& warning, const QString& prefill,
                                  std::function<SignOffEvent(const QString&)> make)
{
    auto* dialog = new CutoverReasonDialog(title, message, prompt, okText, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWarning(warning);
    dialog->setText(prefill);
    dialog->setCheck([this, make](const QString& text) {
        QString error;
        return m_session->wouldRecord(make(text), &error) ? QString() : error;
    });
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, make] { m_host.submit(make(dialog->text())); });
    dialog->open();
}

void CutoverController::openGate()
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    QString error;
    if (!m_session->wouldRecord(makeGateEvent(me, QStringLiteral("-")), &error)) {
        m_host.refuse(error);
        return;
    }
    const QStringList open = m_session->state().cutover().openPreChecks();
    askReason(
        tr("Open the Go/No-Go"),
        tr("<b>Open the Go/No-Go gate?</b> The T-60 pre-checks become the gate; the incident "
           "commander then records GO or NO-GO.<br>Open pre-checks: %1")
            .arg(open.isEmpty() ? tr("none") : open.join(QStringLiteral(", ")).toHtmlEscaped()),
        tr("&Note (optional):"), tr("Open the gate"), QString(), QString(),
        [me](const QString& text) { return makeGateEvent(me, text); });
}

bool CutoverController::wouldDecide(const Actor& me, QString* why) const
{
    // Before the gate is open the decision opens it: judge the decision as after the gate.
    const SignOffEvent probe =
        makeDecisionEvent(m_session->state().plan(), false, QStringLiteral("-"), {}, me);
    if (m_session->state().cutover().phase() == Phase::Preparing) {
        return m_session->wouldRecordAfter(makeGateEvent(me), probe, why);
    }
    return m_session->wouldRecord(probe, why);
}

void CutoverController::recordGoNoGo()
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    QString error;
    // Refuse before the dialog: nobody should weigh pre-checks for a decision not theirs.
    if (!wouldDecide(me, &error)) {
        m_host.refuse(error);
        return;
    }
    auto* dialog = new GoNoGoDialog(goNoGoInputs(*m_session, *m_cutoverMonitor, me), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // T-minus keeps counting while the room weighs the decision, and the hint says when a GO
    // has become early (or no longer is).
    connect(this, &CutoverController::refreshed, dialog, [this, dialog] {
        QString timing;
        QString early;
        goNoGoTiming(*m_session, &timing, &early);
        dialog->setTiming(timing, early);
        dialog->setChecks(goNoGoChecks(*m_session)); // as a GO now would record them
    });
    // Composed when recorded: the open pre-checks and how early it is, as of then.
    const auto decision = [this, me](bool go, const QString& reason) {
        const RunState& s = m_session->state();
        return makeDecisionEvent(s.plan(), go, reason, s.cutover().openPreChecks(), me,
                                 earlyGoText(s.windowStartUtc(), m_session->now()));
    };
    const auto gateNeeded = [this] {
        return m_session->state().cutover().phase() == Phase::Preparing;
    };
    dialog->setCheck([this, me, decision, gateNeeded](bool go, const QString& reason) {
        QString refusal;
        const bool ok = gateNeeded() ? m_session->wouldRecordAfter(makeGateEvent(me),
                                                                   decision(go, reason), &refusal)
                                     : m_session->wouldRecord(decision(go, reason), &refusal);
        return ok ? QString() : refusal;
    });
    // Records the decision and closes the dialog only once the ledger holds it; a refusal or a
    // failed write leaves the dialog open with the choice and the reason as typed.
    const auto recordDecision = [this, dialog, decision](bool go, const QString& reason) {
        QString refusal;
        const SignOffEvent d = decision(go, reason);
        if (!m_session->wouldRecord(d, &refusal)) {
            dialog->refused(refusal, true);
            return;
        }
        awaitLedger(
            dialog, d, [dialog] { dialog->recorded(); },
            [dialog](const QString& failure) {
                dialog->refused(tr("The decision was not recorded: %1").arg(failure), true);
            });
        if (!m_session->submit(d, &refusal))
            dialog->refused(refusal, true); // its waits end with the dialog's next answer
    };
    connect(dialog, &GoNoGoDialog::recordRequested, this,
            [this, dialog, me, gateNeeded, recordDecision](bool go, const QString& reason) {
                if (!gateNeeded()) {
                    recordDecision(go, reason);
                    return;
                }
                // The decision follows once the ledger holds the gate, judged again then.
                const SignOffEvent gate = makeGateEvent(me);
                awaitLedger(
                    dialog, gate, [recordDecision, go, reason] { recordDecision(go, reason); },
                    [dialog](const QString& failure) {
                        dialog->refused(tr("The Go/No-Go was not opened, so nothing was "
                                           "decided: %1")
                                            .arg(failure),
                                        false);
                    });
                QString why;
                if (!m_session->submit(gate, &why))
                    dialog->refused(why, false);
            });
    dialog->open();
}

// Calls `done` when the ledger records the next event like `expected` (its kind and field),
// or `failed` with the reason when writing it fails; whichever comes first, once. The links die
// with `dialog`, and any answer the dialog gets (a refusal before the write) also ends the wait.
void CutoverController::awaitLedger(GoNoGoDialog* dialog, const SignOffEvent& expected,
                                    const std::function<void()>& done,
                                    const std::function<void(const QString&)>& failed)
{
    const auto same = [kind = expected.kind, field = expected.fieldKey](const SignOffEvent& e) {
        return e.kind == kind && e.fieldKey == field;
    };
    auto links = std::make_shared<QList<QMetaObject::Connection>>();
    const auto unlink = [links] {
        for (const QMetaObject::Connection& c : std::as_const(*links)) {
            disconnect(c);
        }
    };
    *links << connect(m_session, &RunSession::eventRecorded, dialog,
                      [same, done, unlink](const SignOffEvent& e) {
                          if (!same(e)) {
                              return;
                          }
                          unlink();
                          done();
                      });
    *links << connect(m_session, &RunSession::appendFailed, dialog,
                      [same, failed, unlink](const SignOffEvent& e, const QString& failure) {
                          if (!same(e)) {
                              return;
                          }
                          unlink();
                          failed(failure);
                      });
    *links << connect(dialog, &GoNoGoDialog::answered, dialog, [unlink] { unlink(); });
}

void CutoverController::markStepFailed()
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    const QString step = failTargetStep();
    QString error;
    if (!m_session->wouldRecord(makeStepFailedEvent(step, QStringLiteral("-"), me), &error)) {
        m_host.refuse(error);
        return;
    }
    // Another row selected: say which step this marks, so nobody fails the wrong one.
    QString warning;
    const RunbookItem* selected = m_host.currentItem();
    const QString selectedStep =
        selected ? m_session->state().plan().stepOf(selected->id) : QString();
    if (!selectedStep.isEmpty() && selectedStep != step) {
        warning = tr("%1 is selected, but this marks the current step, %2: the one the header "
                     "names.")
                      .arg(selected->id, step);
    }
    askReason(
        tr("Mark step %1 failed").arg(step),
        tr("<b>Step %1 failed?</b> This starts a %2-minute resolution timer the whole room sees. "
           "Signing the step (or marking it N/A) resolves it; when the time runs out, golive "
           "proposes the rollback.")
            .arg(m_session->itemLabel(step).toHtmlEscaped())
            .arg(m_session->state().plan().resolutionMinutes),
        tr("&What failed (required):"), tr("Mark failed"), warning, QString(),
        [me, step](const QString& text) { return makeStepFailedEvent(step, text, me); });
}

void CutoverController::startRollback()
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    QString error;
    if (!m_session->wouldRecord(makeRollbackEvent(QStringLiteral("-"), me), &error)) {
        m_host.refuse(error);
        return;
    }
    QString steps;
    const QStringList& plan = m_session->state().plan().rollbackSteps;
    for (int n = 1; n <= plan.size(); ++n) {
        steps +=
            QStringLiteral("<li>%1</li>")
                .arg(renderPlain(plan.at(n - 1), m_session->runbook(), [this](const QString& k) {
                         return m_session->state().fieldValue(k);
                     }).toHtmlEscaped());
    }
    // The cause the room sees is the likely reason; the incident commander edits it.
    QString prefill;
    const QStringList causes = m_cutoverMonitor->abortCauses();
    if (!causes.isEmpty()) {
        prefill = causes.first();
    } else if (m_session->state().cutover().rollbackDeadlineExpired(m_session->now())) {
        const StepFailure& f = m_session->state().cutover().openFailures().constFirst();
        prefill = tr("step %1 not resolved within %2 minutes: %3")
                      .arg(f.stepId)
                      .arg(m_session->state().plan().resolutionMinutes)
                      .arg(f.what);
    }
    askReason(tr("Start the rollback"),
              tr("<b>Start the rollback?</b> The cutover stops; the rollback plan "
                 "becomes the checklist, done in order:<ol>%1</ol>")
                  .arg(steps),
              tr("&Reason for the rollback (required):"), tr("Start rollback"), QString(), prefill,
              [me](const QString& text) { return makeRollbackEvent(text, me); });
}

void CutoverController::signRollbackStep(int number)
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    QString error;
    if (!m_session->wouldRecord(makeRollbackStepEvent(number, {}, me), &error)) {
        m_host.refuse(error);
        return;
    }
    const QStringList& plan = m_session->state().plan().rollbackSteps;
    const QString text =
        renderPlain(plan.value(number - 1), m_session->runbook(),
                    [this](const QString& k) { return m_session->state().fieldValue(k); });
    askReason(
        tr("Rollback step %1").arg(number),
        tr("<b>Rollback step %1 of %2 done?</b><br>%3")
            .arg(number)
            .arg(plan.size())
            .arg(text.toHtmlEscaped()),
        tr("&Note (optional):"), tr("Step %1 done").arg(number), QString(), QString(),
        [me, number](const QString& note) { return makeRollbackStepEvent(number, note, me); });
}

void CutoverController::signNextRollbackStep()
{
    signRollbackStep(qMax(1, m_session->state().cutover().nextRollbackStep()));
}

void CutoverController::declareLive()
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    const CutoverPlan& plan = m_session->state().plan();
    QString error;
    if (!m_session->wouldRecord(makeLiveEvent(plan, {}, me), &error)) {
        m_host.refuse(error);
        return;
    }
    bool warning = false;
    QString slo = m_cutoverMonitor->finalMonitoringSloNote(m_session->state(), &warning);
    if (slo.isEmpty()) {
        slo = tr("no SLO dashboard is shown: check the SLOs before declaring Live");
        warning = true;
    }
    const CutoverState& cut = m_session->state().cutover();
    askReason(tr("Declare Live"),
              tr("<b>Declare the go-live Live?</b> Final monitoring ran from %1 UTC to %2 UTC. "
                 "This signs %3.")
                  .arg(cut.finalMonitoringStartUtc().toUTC().toString(QStringLiteral("HH:mm")),
                       cut.finalMonitoringEndsUtc().toUTC().toString(QStringLiteral("HH:mm")),
                       m_session->itemLabel(plan.finalMonitoringStepId).toHtmlEscaped()),
              tr("&Note (optional):"), tr("Declare Live"), warning ? slo : QString(),
              warning ? QString() : slo, [this, me](const QString& note) {
                  return makeLiveEvent(m_session->state().plan(), note, me);
              });
}

void CutoverController::overrideOrderForCurrent()
{
    const RunbookItem* item = m_host.currentItem();
    if (!item) {
        m_host.showMessage(tr("Select the step to sign out of order first."), 6000);
        return;
    }
    overrideOrder(item->id);
}

void CutoverController::overrideOrder(const QString& itemId)
{
    if (!m_session->hasRun() || m_session->isReadOnly() || !m_host.ensureOperator()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    QString error;
    if (!m_session->wouldRecord(makeOrderOverrideEvent(itemId, overrideProbeText(itemId), me),
                                &error)) {
        m_host.refuse(error);
        return;
    }
    // What the order rule says, so the override is given knowingly.
    SignOffEvent inOrder;
    inOrder.kind = EventKind::Signed;
    inOrder.itemId = itemId;
    inOrder.text = QStringLiteral("-");
    inOrder.actor = me;
    QString order;
    m_session->wouldRecord(inOrder, &order);
    // Its key names the override, so it cannot name evidence too: said before it is signed.
    const QString evidence =
        m_session->state().item(itemId).evidence > 0
            ? tr("<br>The step's evidence stays on the record, but this sign-off cannot "
                 "reference it: an out-of-order sign-off names the override instead.")
            : QString();
    askReason(
        tr("Sign %1 out of order").arg(itemId),
        tr("<b>Sign %1 out of order?</b><br>%2<br>The ledger records the override "
           "and its reason.%3")
            .arg(m_session->itemLabel(itemId).toHtmlEscaped(), order.toHtmlEscaped(), evidence),
        tr("&Reason for the override (required):"), tr("Sign out of order"), QString(), QString(),
        [this, me, itemId](const QString& reason) {
            // Over open sub-items the override's reason names them too (SubItems.h).
            const RunbookItem* item = m_session->runbook().findItem(itemId);
            return makeOrderOverrideEvent(
                itemId,
                item ? composeOverOpenSubItems(reason, openSubItems(m_session->state(), *item))
                     : reason,
                me);
        });
}

QString CutoverController::overrideProbeText(const QString& itemId) const
{
    // An override over open sub-items names them (SubItems.h): probe with such a text.
    const RunbookItem* item = m_session->runbook().findItem(itemId);
    return item ? composeOverOpenSubItems(QStringLiteral("-"),
                                          openSubItems(m_session->state(), *item))
                : QStringLiteral("-");
}

void CutoverController::refuseOrOfferOverride(const SignOffEvent& event, const QString& error)
{
    const auto me = operatorOnDuty();
    QString ignored;
    if (event.kind != EventKind::Signed || !me ||
        !m_session->wouldRecord(
            makeOrderOverrideEvent(event.itemId, overrideProbeText(event.itemId), *me), &ignored)) {
        m_host.refuse(error);
        return;
    }
    // The incident commander may take the step out of order: say so where the refusal is.
    const QString id = event.itemId;
    m_host.refuseWithFix(tr("%1. As the incident commander you may take it out of order, with a "
                            "reason the ledger keeps.")
                             .arg(error),
                         tr("Override the order…"), QStringLiteral("overrideOrderButton"),
                         [this, id] { overrideOrder(id); });
}

bool CutoverController::abortBannerVisible() const
{
    return !m_abortBanner->isHidden();
}

QString CutoverController::abortBannerText() const
{
    return abortBannerVisible() ? m_abortBannerText->text() : QString();
}

bool CutoverController::rollbackProposalVisible() const
{
    return !m_proposalBanner->isHidden();
}

QString CutoverController::rollbackProposalText() const
{
    return rollbackProposalVisible() ? m_proposalBannerText->text() : QString();
}

} // namespace golive
