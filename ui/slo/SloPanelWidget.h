// One SLO panel of the dashboard dock: a line chart of the panel's series against its objective,
// the current value in large type, and the panel's state in colour *and* words.
#pragma once

#include "Dashboard.h"
#include "SloSource.h"
#include "TimeSeries.h"
#include "Wording.h"
#include "decision/DecisionMarkers.h"

#include <QDateTime>
#include <QFrame>
#include <QList>

#include <functional>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;
class QVBoxLayout;

namespace golive {

class DecisionMarkerOverlay;

class SloPanelWidget : public QFrame
{
    Q_OBJECT
public:
    // The narrowest a panel gets in the dock: its title, value, objective and badges whole.
    static constexpr int kMinimumWidth = 280;

    explicit SloPanelWidget(const PanelDefinition& panel, QWidget* parent = nullptr);
    ~SloPanelWidget() override;

    const PanelDefinition& definition() const { return m_panel; }

    // The time span the chart shows; the objective and warning lines are drawn across it.
    void setRange(const QDateTime& startUtc, const QDateTime& endUtc);
    // Data older than this counts as stale (two refresh intervals); 0: never by age alone.
    void setStaleAfterMs(qint64 ms);
    // Test seam: where "now" comes from (default QDateTime::currentDateTimeUtc).
    void setClock(std::function<QDateTime()> now);
    // Re-judges staleness against the clock; the dock calls it every second.
    void checkStale();
    // A panel in breach filled with the breach colour, not only bordered (the wall screen:
    // the room sees it from the back). Off by default.
    void setFillOnBreach(bool on);
    bool fillsOnBreach() const { return m_fillOnBreach; }

    // The run's decisions and failed steps, drawn as thin vertical lines with their labels where
    // they fall inside the range (setRange()); the same list again does nothing.
    void setDecisionMarkers(const QList<DecisionMarker>& markers);
    DecisionMarkerOverlay* decisionMarkers() const { return m_markers; }

    // The width of the chart's plot area in pixels: the columns to ask the source for.
    int plotWidth() const;

    // Read by tests and by the dock.
    SloState state() const { return m_state; }
    bool isStale() const { return m_stale; }
    bool hasData() const { return m_hasGood; }
    QString stateText() const;
    QString statusText() const;
    QString valueText() const;
    bool demoBadgeVisible() const;
    QChart* chart() const { return m_chart; }
    QChartView* chartView() const { return m_view; }
    const QList<QLineSeries*>& dataSeries() const { return m_series; }
    QLineSeries* objectiveSeries() const { return m_objectiveLine; }
    QLineSeries* warningSeries() const { return m_warningLine; }
    // The factor between the panel's unit and the chart's y values (1000 for s shown as ms).
    double displayScale() const { return m_display.scale; }

public slots:
    // A good update replaces the chart; a failed one keeps the last good data, marked stale,
    // and says what went wrong until the next good update.
    void applyUpdate(const golive::PanelUpdate& update);

private:
    void createHeader(QVBoxLayout* layout);
    void createValueRow(QVBoxLayout* layout);
    void createChart();
    void redraw();
    void updateThresholdLines();
    void updateYAxis();
    void updateHeader();
    void updateStatus();
    // The panel's name (its title) and its state in words, for a screen reader.
    void updateAccessible();
    void applySeriesColours();
    void showHover(QLineSeries* series, const QPointF& point, bool state);

    PanelDefinition m_panel;
    std::function<QDateTime()> m_now;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    qint64 m_staleAfterMs = 0;
    bool m_fillOnBreach = false;

    PanelUpdate m_lastGood; // raw, in the panel's unit
    bool m_hasGood = false;
    QDateTime m_lastGoodAt; // when the last good data was fetched
    QString m_error;        // of the latest update, empty when it was good
    bool m_stale = false;
    SloState m_state = SloState::Unknown;
    DisplayUnit m_display;

    QLabel* m_title = nullptr;
    QLabel* m_demoBadge = nullptr;
    QLabel* m_stateBadge = nullptr;
    QLabel* m_value = nullptr;
    QLabel* m_valueUnit = nullptr;
    QLabel* m_objective = nullptr;
    QLabel* m_status = nullptr;
    QChartView* m_view = nullptr;
    QChart* m_chart = nullptr;
    QDateTimeAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QList<QLineSeries*> m_series;
    QLineSeries* m_objectiveLine = nullptr;
    QLineSeries* m_warningLine = nullptr;
    DecisionMarkerOverlay* m_markers = nullptr; // the chart's child
};

} // namespace golive
