// Min/max downsampling of a series for charting, and judging a series against its SLO.
#include "TimeSeries.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace golive {

namespace {

// True when `value` is on the bad side of `level` (worse than it).
bool isPast(const SloSpec& slo, double value, double level)
{
    return slo.good == SloSpec::Good::Below ? value > level : value < level;
}

int rank(SloState state)
{
    switch (state) {
    case SloState::Unknown:
        return 0;
    case SloState::Ok:
        return 1;
    case SloState::AtRisk:
        return 2;
    case SloState::Breach:
        return 3;
    }
    return 0;
}

} // namespace

double TimeSeries::lastFiniteValue() const
{
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
        if (std::isfinite(*it))
            return *it;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double TimeSeries::lastValue() const
{
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
        if (!std::isnan(*it))
            return *it;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

QList<QPointF> downsampleMinMax(const TimeSeries& series, qint64 startMs, qint64 endMs, int columns)
{
    QList<QPointF> out;
    if (endMs < startMs)
        return out;
    columns = std::max(columns, 1);
    const std::size_t count = std::min(series.timeMs.size(), series.values.size());
    out.reserve(static_cast<qsizetype>(std::min<std::size_t>(count, 2 * std::size_t(columns))));
    // Unsigned difference: exact even for a range spanning most of qint64.
    const double span =
        static_cast<double>(static_cast<quint64>(endMs) - static_cast<quint64>(startMs));

    int column = -1;
    std::size_t minIndex = 0;
    std::size_t maxIndex = 0;
    const auto flush = [&] {
        if (column < 0)
            return;
        const std::size_t first = std::min(minIndex, maxIndex);
        const std::size_t second = std::max(minIndex, maxIndex);
        out.append(QPointF(static_cast<double>(series.timeMs[first]), series.values[first]));
        if (second != first)
            out.append(QPointF(static_cast<double>(series.timeMs[second]), series.values[second]));
    };
    // One pass: the series is in time order, so each column's points are contiguous.
    for (std::size_t i = 0; i < count; ++i) {
        const qint64 t = series.timeMs[i];
        const double v = series.values[i];
        if (t < startMs || t > endMs || !std::isfinite(v))
            continue;
        const double offset =
            static_cast<double>(static_cast<quint64>(t) - static_cast<quint64>(startMs));
        const int c =
            span > 0 ? std::min(columns - 1, static_cast<int>(offset / span * columns)) : 0;
        if (c != column) {
            flush();
            column = c;
            minIndex = i;
            maxIndex = i;
        } else if (v < series.values[minIndex]) {
            minIndex = i;
        } else if (v > series.values[maxIndex]) {
            maxIndex = i;
        }
    }
    flush();
    return out;
}

QList<QPointF> downsampleForChart(const TimeSeries& series, qint64 startMs, qint64 endMs,
                                  int columns)
{
    return downsampleMinMax(series, startMs, endMs, std::max(columns / 2, 1));
}

QString sloStateName(SloState state)
{
    switch (state) {
    case SloState::Unknown:
        return QStringLiteral("unknown");
    case SloState::Ok:
        return QStringLiteral("ok");
    case SloState::AtRisk:
        return QStringLiteral("at risk");
    case SloState::Breach:
        return QStringLiteral("breach");
    }
    return QStringLiteral("unknown");
}

SloState evaluateSlo(const SloSpec& slo, const TimeSeries& series)
{
    const double last = series.lastValue();
    if (std::isnan(last))
        return SloState::Unknown;
    const bool lastPast = isPast(slo, last, slo.objective);
    if (slo.judge == SloSpec::Judge::LastValue) {
        if (lastPast)
            return SloState::Breach;
    } else {
        // A breach needs the last N finite points all past the objective: one slow scrape
        // is "at risk", not a page. Fewer than N points that are numbers cannot prove a breach.
        const int needed = std::max(1, slo.consecutive);
        int run = 0;
        for (auto it = series.values.rbegin(); it != series.values.rend() && run < needed; ++it) {
            if (std::isnan(*it))
                continue;
            if (!isPast(slo, *it, slo.objective))
                break;
            ++run;
        }
        if (run >= needed)
            return SloState::Breach;
        if (lastPast)
            return SloState::AtRisk;
    }
    return isPast(slo, last, slo.warningLevel()) ? SloState::AtRisk : SloState::Ok;
}

SloState worstOf(SloState a, SloState b)
{
    return rank(a) >= rank(b) ? a : b;
}

} // namespace golive
