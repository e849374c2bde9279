// The run's decisions as vertical lines on an SLO chart; see DecisionMarkerOverlay.h.
#include "DecisionMarkerOverlay.h"

#include "Theme.h"

#include <QApplication>
#include <QBrush>
#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPalette>
#include <QPen>

#include <algorithm>
#include <iterator>
#include <limits>

namespace golive {
namespace {

// Above the grid and the axes, under the data lines (Qt Charts stacks its own items 2 to 5):
// the line marks a moment without hiding what the data did then. The labels go on top, on a
// backing of the window's colour, so that another marker's line does not cross their words.
constexpr qreal kLineZ = 3.5;
constexpr qreal kBackingZ = 5.5;
constexpr qreal kLabelZ = 6;
// The backing's share of opacity: the data under a label still shows faintly.
constexpr int kBackingAlpha = 215;
// Labels that would overlap step down a row; more than this many close together overlap.
constexpr int kLabelRows = 3;
constexpr qreal kLabelGap = 3;

} // namespace

DecisionMarkerOverlay::DecisionMarkerOverlay(QChart* chart) : QObject(chart), m_chart(chart)
{
    m_font = chart->font();
    m_font.setBold(true);
    connect(chart, &QChart::plotAreaChanged, this, &DecisionMarkerOverlay::relayout);
    connect(ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this,
            &DecisionMarkerOverlay::restyle);
}

// The items are the chart's children: it deletes them (before this, its QObject child).
DecisionMarkerOverlay::~DecisionMarkerOverlay() = default;

void DecisionMarkerOverlay::setMarkers(const QList<DecisionMarker>& markers)
{
    if (markers == m_markers)
        return;
    m_markers = markers;
    rebuildItems();
}

void DecisionMarkerOverlay::setRange(qint64 startMs, qint64 endMs)
{
    if (startMs == m_startMs && endMs == m_endMs)
        return;
    m_startMs = startMs;
    m_endMs = endMs;
    relayout();
}

void DecisionMarkerOverlay::setLabelFont(const QFont& font)
{
    m_font = font;
    for (const Item& item : std::as_const(m_items))
        item.label->setFont(m_font);
    relayout();
}

void DecisionMarkerOverlay::setLineWidth(qreal pixels)
{
    m_lineWidth = pixels;
    restyle();
}

void DecisionMarkerOverlay::rebuildItems()
{
    QChart* const chart = m_chart.data();
    for (const Item& item : std::as_const(m_items)) {
        delete item.line;
        delete item.backing;
        delete item.label;
    }
    m_items.clear();
    if (!chart)
        return;
    for (const DecisionMarker& m : std::as_const(m_markers)) {
        Item item;
        item.line = new QGraphicsLineItem(chart);
        item.line->setZValue(kLineZ);
        // The label is the runbook's step id or a fixed word, drawn as plain text.
        item.backing = new QGraphicsRectItem(chart);
        item.backing->setZValue(kBackingZ);
        item.backing->setPen(Qt::NoPen);
        // Taken over a breach: the label says so with a warning sign, the line is dashed.
        item.label = new QGraphicsSimpleTextItem(
            m.overBreach ? m.label + QStringLiteral(" \u26a0") : m.label, chart);
        item.label->setZValue(kLabelZ);
        item.label->setFont(m_font);
        const QString at = m.atUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        item.label->setToolTip(m.overBreach
                                   ? tr("%1 at %2 UTC, taken over a breach").arg(m.label, at)
                                   : tr("%1 at %2 UTC").arg(m.label, at));
        m_items.append(item);
    }
    restyle();
    relayout();
}

void DecisionMarkerOverlay::restyle()
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        const DecisionMarker& m = m_markers.at(i);
        const QColor colour = themeColour(
            m.isAlarm() || m.overBreach ? ThemeColour::ChartAlarmMarker : ThemeColour::ChartMarker);
        QPen pen(colour);
        pen.setWidthF(m_lineWidth);
        if (m.overBreach)
            pen.setStyle(Qt::DashLine);
        pen.setCosmetic(true);
        m_items.at(i).line->setPen(pen);
        m_items.at(i).label->setBrush(colour);
    }
    QColor backing = QApplication::palette().color(QPalette::Window);
    backing.setAlpha(kBackingAlpha);
    for (const Item& item : std::as_const(m_items))
        item.backing->setBrush(backing);
}

void DecisionMarkerOverlay::relayout()
{
    QChart* const chart = m_chart.data();
    const QRectF plot = chart ? chart->plotArea() : QRectF();
    const qint64 span = m_endMs - m_startMs;
    // Labels step down a row when the one before them on that row is in the way; in time order,
    // so the earlier decision keeps the top row.
    qreal rowEnds[kLabelRows];
    std::fill(std::begin(rowEnds), std::end(rowEnds), -std::numeric_limits<qreal>::infinity());
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        Item& item = m_items[i];
        const qint64 at = m_markers.at(i).atUtc.toMSecsSinceEpoch();
        const bool inside = m_markers.at(i).atUtc.isValid() && span > 0 && plot.width() > 0 &&
                            at >= m_startMs && at <= m_endMs;
        item.inside = inside;
        item.line->setVisible(inside);
        item.label->setVisible(inside);
        item.backing->setVisible(inside);
        if (!inside)
            continue;
        const qreal x = plot.left() + plot.width() * qreal(at - m_startMs) / qreal(span);
        item.line->setLine(x, plot.top(), x, plot.bottom());
        const QRectF box = item.label->boundingRect();
        // Right of its line; left of it where it would leave the plot.
        qreal left = x + kLabelGap;
        if (left + box.width() > plot.right())
            left = std::max(plot.left(), x - kLabelGap - box.width());
        int row = 0;
        while (row < kLabelRows - 1 && rowEnds[row] + kLabelGap > left)
            ++row;
        rowEnds[row] = std::max(rowEnds[row], left + box.width());
        item.label->setPos(left, plot.top() + row * box.height());
        item.backing->setRect(box.translated(item.label->pos()).adjusted(-2, 0, 2, 0));
    }
}

QList<DecisionMarkerOverlay::Shown> DecisionMarkerOverlay::shown() const
{
    QList<Shown> out;
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).inside)
            out.append(Shown{m_markers.at(i), m_items.at(i).line, m_items.at(i).label});
    }
    return out;
}

QStringList DecisionMarkerOverlay::shownLabels() const
{
    QStringList out;
    for (const Shown& s : shown())
        out << s.marker.label;
    return out;
}

} // namespace golive
