// Presentation mode (F11): the run for a wall screen, readable from five
// metres. The run's title, the cutover phase in colour, the UTC clock and T-minus/T-plus,
// progress per runbook section, the SLO panels, the health lights, the active timer and a red
// band for an abort cause. A full-screen window of its own (on another screen when there is
// one); F11 or Esc leaves it.
//
// It keeps no pointer into the run: setRun() copies what it shows, so reopening a run (which
// replaces the window's runbook and state) cannot leave it dangling. The SLO panels show what
// the SLO monitor delivers (followMonitor()); the view draws them only while shown.
#pragma once

#include "Cutover.h"
#include "Dashboard.h"
#include "HealthMonitor.h"
#include "RunState.h"
#include "SloSource.h"
#include "decision/DecisionMarkers.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QWidget>

#include <functional>

class QFrame;
class QGridLayout;
class QLabel;
class QProgressBar;
class QTimer;
class QVBoxLayout;

namespace golive {

class ElidingLabel;
class SloMonitor;
class SloPanelWidget;

class PresentationView : public QWidget
{
    Q_OBJECT
public:
    // A window of its own (Qt::Window), deleted with `parent`. objectName "presentationView".
    explicit PresentationView(QWidget* parent = nullptr);
    ~PresentationView() override;

    // Copies what the view shows from the run: call it on every change (the window does, with
    // each recorded event and each open). Keeps no pointer to either.
    void setRun(const Runbook& runbook, const RunState& state);
    // No run open: says so.
    void clearRun();

    // The SLO panels show the monitor's dashboard and its latest updates (not owned; it
    // outlives the view). The monitor polls; the view only asks for a refresh when it is shown.
    // nullptr: no SLO panels.
    void followMonitor(SloMonitor* monitor);

    // The run's decisions and failed steps (decisionMarkers()), drawn on the SLO panels' charts
    // where they fall in their range, in the wall's sizes; kept for panels made later.
    void setDecisionMarkers(const QList<DecisionMarker>& markers);
    const QList<DecisionMarker>& decisionMarkers() const { return m_markers; }

    // Fed by the window: the health lights (HealthMonitor::resultsChanged), the abort cause (a
    // red band; empty hides it) and the active timer in words ("3.2 failed: rollback in 12:30").
    void setHealth(const QList<HealthResult>& results);
    void setAbortCause(const QString& cause);
    void setTimerText(const QString& text);
    // The rollback golive proposes once a failed step's time is up: one short red line
    // ("ROLLBACK PROPOSED") with `details` smaller below; empty hides both.
    void setRollbackProposal(const QString& details);
    // Beside a failed step's timer, by when it must be resolved ("resolve by 05:18 UTC"), as
    // long as no rollback is proposed (the proposal takes its place); empty hides it.
    void setTimerDeadline(const QString& words);
    QString timerDeadlineText() const; // as shown, or empty

    // Test seam: where "now" comes from (default QDateTime::currentDateTimeUtc); refreshes.
    void setClock(std::function<QDateTime()> now);

    // Shows the view full screen (true) or hides it (false); presentingChanged() follows.
    void setPresenting(bool on);
    bool isPresenting() const { return isVisible(); }

    // What the view says, for tests and the window.
    QString phaseText() const;
    QString clockText() const;
    QString countdownText() const; // "T-00:45:00", or empty without a go-live start
    QString nextText() const;      // "Next: 4.6 …", what failed, or empty
    QString timerText() const;     // as set by setTimerText()
    // The standing decisions taken over a breach, one a line ("GO · taken over a breach:
    // prov-ledger p95 latency"; decisionBreachMarks()), or empty.
    QString decisionMarkText() const;
    // A failed step is unresolved: the phase badge, the failure line and the timer in red.
    bool stepFailedAlarm() const { return m_stepFailed; }
    int sectionRowCount() const { return m_sectionRows.size(); }
    Progress sectionProgress(int row) const; // as shown in the row's bar and count
    QList<SloPanelWidget*> panels() const { return m_panels; }
    bool demoBadgeVisible() const;

public slots:
    // Redraws the clock and countdown and re-judges the panels' staleness; a 1 s timer calls
    // it while the view is shown.
    void tick();

signals:
    void presentingChanged(bool presenting);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct SectionRow
    {
        QString title;
        Progress progress;
        int blocked = 0;
    };
    struct SectionWidgets
    {
        QWidget* row = nullptr;
        ElidingLabel* title = nullptr;
        QLabel* count = nullptr;
        QProgressBar* bar = nullptr;
    };

    void createAlarmRows(QVBoxLayout* layout);
    void applyScale();
    void updateRunWidgets();
    void rebuildSectionWidgets();
    void updateSectionWidgets();
    void updatePhaseStyle();
    void updateAlarmStyle();
    void fitTopLine();
    void syncFromMonitor();
    void rebuildPanels();
    void scheduleRebuild();
    void restylePanelSeries(SloPanelWidget* panel) const;
    void fitPanelForWall(SloPanelWidget* panel) const;
    void onPanelUpdated(const PanelUpdate& update);
    void applyToPanel(SloPanelWidget* panel, const PanelUpdate& update);
    void askRefresh();
    void updateHealthWidgets();
    int px(double atFullHd) const; // a size given for 1080 lines, at the view's height

    std::function<QDateTime()> m_now;
    QTimer* m_timer = nullptr;

    // The run as last given (copies).
    bool m_hasRun = false;
    QString m_title;
    Phase m_phase = Phase::Preparing;
    bool m_hasCutover = false;
    QDateTime m_startUtc;
    QString m_startProblem;
    QString m_nextLine;
    QString m_decisionMark;
    QString m_badgeText;
    bool m_stepFailed = false;
    Progress m_total;
    QList<SectionRow> m_sectionRows;

    // The SLO panels.
    QPointer<SloMonitor> m_monitor;
    QList<QMetaObject::Connection> m_monitorConnections;
    QPointer<SloSource> m_source;
    Dashboard m_dashboard;
    QList<SloPanelWidget*> m_panels;
    QHash<QString, SloPanelWidget*> m_panelById;
    QList<DecisionMarker> m_markers;
    double m_panelPointSize = 0;
    bool m_rebuildScheduled = false;
    bool m_panelsPending = false; // hidden when the dashboard changed: built when shown

    QList<HealthResult> m_health;
    QString m_abortCause;
    QString m_timerText;
    QString m_proposal;
    double m_scale = 1;

    QLabel* m_titleLabel = nullptr;
    QLabel* m_phaseLabel = nullptr;
    QLabel* m_demoBadge = nullptr;
    QLabel* m_clockLabel = nullptr;
    QLabel* m_countdownLabel = nullptr;
    QLabel* m_startLabel = nullptr;
    QLabel* m_abortBand = nullptr;
    QLabel* m_timerLabel = nullptr;
    QLabel* m_proposalLabel = nullptr;
    QLabel* m_deadlineLabel = nullptr;
    QLabel* m_proposalDetails = nullptr;
    QLabel* m_nextLabel = nullptr;
    QLabel* m_decisionLabel = nullptr;
    QWidget* m_healthBox = nullptr;
    QList<QLabel*> m_healthLights;
    QLabel* m_progressHeading = nullptr;
    QVBoxLayout* m_sectionsLayout = nullptr;
    QList<SectionWidgets> m_sectionWidgets;
    QWidget* m_sloBox = nullptr;
    QGridLayout* m_sloGrid = nullptr;
    QLabel* m_sloPlaceholder = nullptr;
    QLabel* m_footer = nullptr;
};

} // namespace golive
