// The timeline in the window: the observation tracker fed by the SLO monitor and the health
// checks, the "Timeline" dock, and the recording of observations as Observed events when an
// operator, a writable run and an intact ledger allow it (never a dialog for an observation).
#include "TimelineController.h"

#include "HealthMonitor.h"
#include "ObservationTracker.h"
#include "OperatorOnDuty.h"
#include "RunSession.h"
#include "Settings.h"
#include "SloMonitor.h"
#include "TimelineDock.h"

#include <QMainWindow>

namespace golive {

TimelineController::TimelineController(QMainWindow* window, RunSession* session,
                                       SloMonitor* monitor,
                                       std::function<void(const SignOffEvent&)> submit,
                                       std::function<void(const QString&, int)> showMessage)
    : QObject(window), m_session(session), m_sloMonitor(monitor), m_submit(std::move(submit)),
      m_showMessage(std::move(showMessage))
{
    setObjectName(QStringLiteral("timelineController"));
    // Before restoreState(), like the SLO dock; below the checklist at first, hidden until
    // View > Timeline (Ctrl+T) or the saved layout shows it.
    m_observations = new ObservationTracker(this);
    m_observations->setObjectName(QStringLiteral("observations"));
    m_observations->setClock([this] { return m_session->now(); });
    m_dock = new TimelineDock(window);
    m_dock->setTracker(m_observations);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_dock->hide();
    connect(m_observations, &ObservationTracker::observed, this, [this] { recordObservations(); });
    // What waited for the ledger's check (or a break's acknowledgement) is recorded once it
    // allows.
    connect(m_session, &RunSession::breaksChanged, this, [this] {
        holdExportWhileVerifying();
        recordObservations();
    });
    // What the SLO monitor hears becomes observations (demo ones are shown, never recorded).
    connect(m_sloMonitor, &SloMonitor::panelUpdated, m_observations,
            &ObservationTracker::panelUpdated);
    connect(m_sloMonitor, &SloMonitor::alertsUpdated, m_observations,
            [this](const QList<AlertInfo>& alerts, const QString& error) {
                const SloSource* const source = m_sloMonitor->source();
                m_observations->alertsUpdated(alerts, error, source && source->isDemo());
            });
    // A new operator (Run > Change operator) records what waited; queued, so both the name
    // and the role are set by then.
    connect(
        Settings::instance(), &Settings::changed, this,
        [this](Settings::Key key) {
            if (key == Settings::Key::OperatorName || key == Settings::Key::OperatorRole)
                recordObservations();
        },
        Qt::QueuedConnection);
}

void TimelineController::recordHealthChange(const HealthResult& result, HealthStatus previous)
{
    m_observations->healthChanged(result, previous);
}

QString TimelineController::holdReason() const
{
    if (!m_session->hasRun()) {
        return tr("no run open");
    }
    if (m_session->isReadOnly()) {
        return tr("the run is open read-only");
    }
    if (m_session->isVerifying()) {
        return tr("the ledger is still being verified");
    }
    if (!m_session->unacknowledgedBreaks().isEmpty()) {
        return tr("the ledger break is not acknowledged yet");
    }
    if (!operatorOnDuty()) {
        return tr("no operator on duty");
    }
    return QString();
}

void TimelineController::recordObservations()
{
    const QString why = holdReason();
    m_dock->setHoldReason(
        why, m_session->hasRun() && !m_session->isReadOnly() && !m_session->isVerifying() &&
                     m_session->unacknowledgedBreaks().isEmpty() && !operatorOnDuty()
                 ? tr("choose one with Run > Change operator (Ctrl+Shift+O) and they are recorded")
                 : QString());
    if (!why.isEmpty() || m_observations->unrecorded().isEmpty()) {
        return;
    }
    const Actor me = *operatorOnDuty();
    for (const Observation& o : m_observations->takeUnrecorded()) {
        // Checked above: named operator, writable run, intact ledger; the session will not refuse.
        m_submit(makeObservedEvent(o.category, o.text, me));
    }
}

void TimelineController::exportTimeline()
{
    if (!m_session->hasRun()) {
        m_showMessage(tr("Open a run to export its timeline."), 5000);
        return;
    }
    m_dock->exportWithDialog();
}

void TimelineController::holdExportWhileVerifying()
{
    m_dock->setExportHold(m_session->isVerifying() ? tr("the ledger is still being verified; "
                                                        "export the timeline once it is checked")
                                                   : QString());
}

void TimelineController::runOpened()
{
    holdExportWhileVerifying();
    // What this run's ledger recorded is what observations are judged against from now on.
    m_observations->seed(m_session->state().events());
    m_dock->setRun(&m_session->state(), m_session->runId(), m_session->head(),
                   m_session->runPath());
    recordObservations();
}

void TimelineController::runClosed()
{
    m_dock->setRun(nullptr, QString(), QByteArray());
}

void TimelineController::eventRecorded(const SignOffEvent& event)
{
    // The new row, and what waited for this moment.
    m_observations->recorded(event);
    m_dock->setRun(&m_session->state(), m_session->runId(), m_session->head(),
                   m_session->runPath());
    recordObservations();
}

} // namespace golive
