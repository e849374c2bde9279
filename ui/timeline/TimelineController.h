// The timeline in the window: observations from the SLO monitor and the health checks, the
// "Timeline" dock, and their recording as Observed events when the run allows it.
#pragma once

#include "HealthMonitor.h"
#include "SignOffEvent.h"

#include <QObject>

#include <functional>

class QMainWindow;

namespace golive {

class ObservationTracker;
class RunSession;
class SloMonitor;
class TimelineDock;

class TimelineController : public QObject
{
    Q_OBJECT
public:
    // A child of `window`, whose bottom dock area gets the (hidden) Timeline dock. `submit`
    // records an event; `showMessage` writes to the status bar for a number of ms.
    TimelineController(QMainWindow* window, RunSession* session, SloMonitor* monitor,
                       std::function<void(const SignOffEvent&)> submit,
                       std::function<void(const QString&, int)> showMessage);

    TimelineDock* dock() const { return m_dock; }
    ObservationTracker* observations() const { return m_observations; }

    // The session opened a run / let it go / recorded an event: the dock and the tracker follow.
    void runOpened();
    void runClosed();
    void eventRecorded(const SignOffEvent& event);

    // A health check changed (HealthMonitor::statusChanged).
    void recordHealthChange(const HealthResult& result, HealthStatus previous);
    // Records what waits when an operator, a writable run and an intact ledger allow it; tells
    // the dock why not otherwise.
    void recordObservations();
    // Why observations are not recorded now, or empty.
    QString holdReason() const;
    // File > Export > Timeline: the same Markdown as `golive export --timeline`.
    void exportTimeline();

private:
    // Export waits while the open run's ledger is being verified.
    void holdExportWhileVerifying();

    RunSession* m_session = nullptr;
    SloMonitor* m_sloMonitor = nullptr;
    std::function<void(const SignOffEvent&)> m_submit;
    std::function<void(const QString&, int)> m_showMessage;
    ObservationTracker* m_observations = nullptr;
    TimelineDock* m_dock = nullptr;
};

} // namespace golive
