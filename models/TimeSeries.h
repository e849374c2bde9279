// Time series from Prometheus (or the demo generator), their downsampling for charts, and the
// SLO judgement of a series.
#pragma once

#include "Dashboard.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

namespace golive {

struct TimeSeries
{
    QString label;              // e.g. "{job=\"summit-api\"}" or the panel title for one series
    std::vector<qint64> timeMs; // milliseconds since the epoch, ascending
    std::vector<double> values; // same length; NaN and +/-Inf are kept as they came

    bool isEmpty() const { return values.empty(); }
    // The last finite value, or NaN when there is none.
    double lastFiniteValue() const;
    // The last value that is a number: +Inf and -Inf count (a ratio over zero traffic, say),
    // only NaN is skipped. NaN when there is none.
    double lastValue() const;
};

// Reduces a series to at most two points per pixel column (the min and the max of each column,
// in time order) over [startMs, endMs], so a chart gets it in one replace(). Non-finite values
// are skipped (a gap is better than a spike to infinity).
QList<QPointF> downsampleMinMax(const TimeSeries& series, qint64 startMs, qint64 endMs,
                                int columns);

// What a chart `columns` pixels wide is given: the min and the max of each pair of pixel
// columns, so at most one point a column, every extreme kept (within a pixel of where it was).
// Qt Charts strokes the whole line again on every replace(), on the UI thread, at a cost in
// proportion to its points: two a column took twice that for nothing the eye can tell apart.
QList<QPointF> downsampleForChart(const TimeSeries& series, qint64 startMs, qint64 endMs,
                                  int columns);

enum class SloState
{
    Unknown,
    Ok,
    AtRisk,
    Breach
};
QString sloStateName(SloState state); // "unknown", "ok", "at risk", "breach"

// Judges one series against its SLO: the last value (Judge::LastValue), or the last
// `consecutive` points all past the objective (Judge::Consecutive) for a breach. NaN is no
// data and skipped; +Inf and -Inf are values: +Inf breaches an upper bound and meets a lower
// one, -Inf the other way round.
SloState evaluateSlo(const SloSpec& slo, const TimeSeries& series);
// The worst state over several series (Breach > AtRisk > Ok > Unknown).
SloState worstOf(SloState a, SloState b);

} // namespace golive
