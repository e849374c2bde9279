// The run's decisions on one SLO chart: a thin vertical line at each marker's time with its short
// label at the top of the plot ("GO", "4.6 failed"), only for markers inside the chart's time
// range. A handful of graphics items over the chart: made when the markers change, moved when
// the range or the plot area does, never per data point.
#pragma once

#include "decision/DecisionMarkers.h"

#include <QFont>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QChart;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace golive {

class DecisionMarkerOverlay : public QObject
{
    Q_OBJECT
public:
    // Draws on `chart` and is deleted with it (its items are the chart's children).
    explicit DecisionMarkerOverlay(QChart* chart);
    ~DecisionMarkerOverlay() override;

    // The markers to draw (those outside the range are left out); the same list again does
    // nothing.
    void setMarkers(const QList<DecisionMarker>& markers);
    const QList<DecisionMarker>& markers() const { return m_markers; }
    // The chart's time range, in ms since the epoch (its x axis).
    void setRange(qint64 startMs, qint64 endMs);
    // The labels' font (the wall screen's is larger) and the lines' width in pixels.
    void setLabelFont(const QFont& font);
    void setLineWidth(qreal pixels);

    // What is drawn now, oldest first: the markers inside the range with their line and label
    // (in the chart's coordinates). Read by tests.
    struct Shown
    {
        DecisionMarker marker;
        QGraphicsLineItem* line = nullptr;
        QGraphicsSimpleTextItem* label = nullptr;
    };
    QList<Shown> shown() const;
    QStringList shownLabels() const;

private:
    struct Item
    {
        QGraphicsLineItem* line = nullptr;
        QGraphicsRectItem* backing = nullptr; // under the label
        QGraphicsSimpleTextItem* label = nullptr;
        bool inside = false; // in the range and drawn
    };

    void rebuildItems();
    void restyle();
    void relayout();

    QPointer<QChart> m_chart;
    QList<DecisionMarker> m_markers;
    QList<Item> m_items; // one per marker, hidden while outside the range
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    QFont m_font;
    qreal m_lineWidth = 1.5;
};

} // namespace golive
