// Tests for TimeSeries: min/max downsampling against a brute-force reference, and SLO judgement.
#include "TimeSeries.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <map>
#include <utility>

using namespace golive;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TimeSeries makeSeries(std::vector<double> values, qint64 startMs = 0, qint64 stepMs = 1000)
{
    TimeSeries series;
    for (std::size_t i = 0; i < values.size(); ++i)
        series.timeMs.push_back(startMs + static_cast<qint64>(i) * stepMs);
    series.values = std::move(values);
    return series;
}

SloSpec below(double objective)
{
    SloSpec slo;
    slo.objective = objective;
    slo.good = SloSpec::Good::Below;
    return slo;
}

SloSpec above(double objective)
{
    SloSpec slo;
    slo.objective = objective;
    slo.good = SloSpec::Good::Above;
    return slo;
}

SloSpec consecutive(SloSpec slo, int points)
{
    slo.judge = SloSpec::Judge::Consecutive;
    slo.consecutive = points;
    return slo;
}

} // namespace

class TestTimeSeries : public QObject
{
    Q_OBJECT

private slots:
    void lastFiniteValue();
    void downsampleMatchesReference();
    void downsampleEdgeCases();
    void chartGetsOnePointAColumn();
    void evaluateBelow();
    void evaluateAbove();
    void evaluateConsecutive();
    void worstAndNames();
};

void TestTimeSeries::lastFiniteValue()
{
    QVERIFY(std::isnan(TimeSeries().lastFiniteValue()));
    QVERIFY(std::isnan(makeSeries({kNaN, kInf, -kInf}).lastFiniteValue()));
    QCOMPARE(makeSeries({1, 2, kNaN, kInf}).lastFiniteValue(), 2.0);
    QCOMPARE(makeSeries({1, 2, 3}).lastFiniteValue(), 3.0);
    // lastValue: +Inf and -Inf are values, only NaN is skipped.
    QVERIFY(std::isnan(TimeSeries().lastValue()));
    QVERIFY(std::isnan(makeSeries({kNaN, kNaN}).lastValue()));
    QCOMPARE(makeSeries({1, 2, kNaN, kInf}).lastValue(), kInf);
    QCOMPARE(makeSeries({1, -kInf, kNaN}).lastValue(), -kInf);
    QCOMPARE(makeSeries({kInf, 3}).lastValue(), 3.0);
}

void TestTimeSeries::downsampleMatchesReference()
{
    // 11,000 points (Prometheus's most per series) of a wave with one tall spike, one deep dip,
    // and NaN/Inf sprinkled in, some outside the drawn range.
    const qint64 t0 = 1'700'000'000'000;
    std::vector<double> values;
    for (int i = 0; i < 11000; ++i) {
        double v = std::sin(i / 50.0) + 0.001 * (i % 7);
        if (i == 7778)
            v = 1e6;
        if (i == 123)
            v = -1e6;
        if (i % 97 == 0)
            v = kNaN;
        if (i % 101 == 0)
            v = (i % 2) ? kInf : -kInf;
        values.push_back(v);
    }
    const TimeSeries series = makeSeries(values, t0, 15000);
    const qint64 start = t0 + 15000 * 50;  // the first 50 points are outside
    const qint64 end = t0 + 15000 * 10990; // and the last 9
    const int columns = 500;
    const QList<QPointF> points = downsampleMinMax(series, start, end, columns);

    QVERIFY(points.size() <= 2 * columns);
    QVERIFY(points.size() >= columns); // every column has data here
    // Reference: each column's finite min and max by brute force.
    std::map<int, std::pair<double, double>> expected;
    const auto columnOf = [&](double x) {
        return std::min(columns - 1,
                        static_cast<int>((x - start) / static_cast<double>(end - start) * columns));
    };
    for (std::size_t i = 0; i < series.values.size(); ++i) {
        const qint64 t = series.timeMs[i];
        const double v = series.values[i];
        if (t < start || t > end || !std::isfinite(v))
            continue;
        auto [it, inserted] = expected.try_emplace(columnOf(static_cast<double>(t)), v, v);
        if (!inserted) {
            it->second.first = std::min(it->second.first, v);
            it->second.second = std::max(it->second.second, v);
        }
    }
    std::map<int, std::vector<double>> got;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const QPointF& p = points.at(i);
        QVERIFY(std::isfinite(p.y()));
        QVERIFY(p.x() >= start && p.x() <= end);
        if (i > 0)
            QVERIFY2(points.at(i - 1).x() < p.x(), "points must be in time order");
        // Every point is an input point, unchanged.
        const auto index = static_cast<std::size_t>((static_cast<qint64>(p.x()) - t0) / 15000);
        QCOMPARE(p.y(), series.values[index]);
        got[columnOf(p.x())].push_back(p.y());
    }
    QCOMPARE(got.size(), expected.size());
    for (const auto& [column, minMax] : expected) {
        const std::vector<double>& ys = got[column];
        QVERIFY(ys.size() == 1 || ys.size() == 2);
        QCOMPARE(*std::min_element(ys.begin(), ys.end()), minMax.first);
        QCOMPARE(*std::max_element(ys.begin(), ys.end()), minMax.second);
    }
    // The spike and the dip survive.
    QVERIFY(points.contains(QPointF(static_cast<double>(t0 + 15000 * 7778), 1e6)));
    QVERIFY(points.contains(QPointF(static_cast<double>(t0 + 15000 * 123), -1e6)));
}

void TestTimeSeries::downsampleEdgeCases()
{
    const TimeSeries series = makeSeries({5, 1, 9, 3, kNaN, 4}, 0, 10);
    // No columns (a chart not laid out yet) counts as one: its min then max, in time order.
    for (int columns : {0, -3, 1}) {
        const QList<QPointF> points = downsampleMinMax(series, 0, 50, columns);
        QCOMPARE(points, (QList<QPointF>{{10, 1}, {20, 9}}));
    }
    // Max before min keeps time order.
    QCOMPARE(downsampleMinMax(makeSeries({9, 1}, 0, 10), 0, 10, 1),
             (QList<QPointF>{{0, 9}, {10, 1}}));
    // Points outside the range are dropped; one point per column stays one point.
    QCOMPARE(downsampleMinMax(series, 10, 30, 100), (QList<QPointF>{{10, 1}, {20, 9}, {30, 3}}));
    // A flat column gives one point.
    QCOMPARE(downsampleMinMax(makeSeries({2, 2, 2}, 0, 10), 0, 20, 1), (QList<QPointF>{{0, 2}}));
    // A zero-width range keeps the point at that instant; a reversed range gives nothing.
    QCOMPARE(downsampleMinMax(series, 20, 20, 10), (QList<QPointF>{{20, 9}}));
    QVERIFY(downsampleMinMax(series, 30, 20, 10).isEmpty());
    QVERIFY(downsampleMinMax(TimeSeries(), 0, 100, 10).isEmpty());
    QVERIFY(downsampleMinMax(makeSeries({kNaN, kInf, -kInf}), 0, 10000, 10).isEmpty());
    // Mismatched lengths: only the pairs that exist.
    TimeSeries ragged = makeSeries({1, 2, 3}, 0, 10);
    ragged.values.pop_back();
    QCOMPARE(downsampleMinMax(ragged, 0, 100, 100), (QList<QPointF>{{0, 1}, {10, 2}}));
    // A range spanning nearly all of qint64 does not overflow.
    const qint64 lo = std::numeric_limits<qint64>::min() + 1;
    const qint64 hi = std::numeric_limits<qint64>::max();
    TimeSeries wide;
    wide.timeMs = {lo, 0, hi};
    wide.values = {1, 2, 3};
    QCOMPARE(downsampleMinMax(wide, lo, hi, 3).size(), 3);
}

void TestTimeSeries::chartGetsOnePointAColumn()
{
    // 11,000 noisy points for a chart 1,000 pixels wide, a spike and a dip among them.
    std::vector<double> values;
    for (int i = 0; i < 11000; ++i)
        values.push_back(0.2 + 0.05 * ((i * 7919) % 1000) / 1000.0);
    values[4321] = 9.0;
    values[8765] = -9.0;
    const TimeSeries series = makeSeries(values, 0, 8000);
    const qint64 end = 8000LL * 10999;
    for (int columns : {1000, 999, 1}) {
        const QList<QPointF> points = downsampleForChart(series, 0, end, columns);
        // One column still gets its min and its max.
        QVERIFY2(
            points.size() <= std::max(columns, 2),
            qPrintable(QStringLiteral("%1 points for %2 columns").arg(points.size()).arg(columns)));
        // Every extreme is still drawn, at its own time.
        QVERIFY(points.contains(QPointF(8000.0 * 4321, 9.0)));
        QVERIFY(points.contains(QPointF(8000.0 * 8765, -9.0)));
    }
    QVERIFY(downsampleForChart(series, 0, end, 1000).size() >= 400); // not thinned further
}

void TestTimeSeries::evaluateBelow()
{
    const SloSpec slo = below(1.0); // at risk above 0.8
    QCOMPARE(evaluateSlo(slo, TimeSeries()), SloState::Unknown);
    QCOMPARE(evaluateSlo(slo, makeSeries({kNaN, kNaN})), SloState::Unknown);
    // +Inf is past any upper bound (a ratio over zero traffic); -Inf meets it.
    QCOMPARE(evaluateSlo(slo, makeSeries({kNaN, kInf})), SloState::Breach);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.5, kInf, kNaN})), SloState::Breach);
    QCOMPARE(evaluateSlo(slo, makeSeries({-kInf})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.5})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.8})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.81})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(slo, makeSeries({1.0})), SloState::AtRisk); // "<= objective" is met
    QCOMPARE(evaluateSlo(slo, makeSeries({1.01})), SloState::Breach);
    // The last finite value decides, not the worst one.
    QCOMPARE(evaluateSlo(slo, makeSeries({5, 0.5})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.5, 1.5, kNaN})), SloState::Breach);

    SloSpec warned = below(0.3);
    warned.warning = 0.25;
    QCOMPARE(evaluateSlo(warned, makeSeries({0.24})), SloState::Ok);
    QCOMPARE(evaluateSlo(warned, makeSeries({0.26})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(warned, makeSeries({0.31})), SloState::Breach);
}

void TestTimeSeries::evaluateAbove()
{
    const SloSpec slo = above(0.999); // at risk below 0.9995
    QCOMPARE(evaluateSlo(slo, makeSeries({0.9999})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.9992})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.999})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.998})), SloState::Breach);
    // The other way round for a lower bound.
    QCOMPARE(evaluateSlo(slo, makeSeries({kInf})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.9999, -kInf, kNaN})), SloState::Breach);
    QCOMPARE(evaluateSlo(slo, makeSeries({kNaN})), SloState::Unknown);
    SloSpec warned = above(0.99);
    warned.warning = 0.995;
    QCOMPARE(evaluateSlo(warned, makeSeries({0.996})), SloState::Ok);
    QCOMPARE(evaluateSlo(warned, makeSeries({0.994})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(warned, makeSeries({0.98})), SloState::Breach);
}

void TestTimeSeries::evaluateConsecutive()
{
    const SloSpec slo = consecutive(below(1.0), 3);
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, 1.5, 1.5})), SloState::Breach);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.5, 1.5, 1.5, 1.5})), SloState::Breach);
    // Two past the objective: at risk, not yet a breach.
    QCOMPARE(evaluateSlo(slo, makeSeries({0.5, 1.5, 1.5})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, 1.5})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, 0.5, 1.5, 1.5})), SloState::AtRisk);
    // Gaps (NaN) do not break a run; +Inf is past the objective.
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, kNaN, 1.5, kInf, 1.5, kNaN})), SloState::Breach);
    QCOMPARE(evaluateSlo(slo, makeSeries({0.5, kInf, kNaN, kInf, kInf})), SloState::Breach);
    // -Inf is within it: the run is broken.
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, 1.5, -kInf, 1.5})), SloState::AtRisk);
    // Recovered: judged by the last value's warning level.
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, 1.5, 1.5, 0.5})), SloState::Ok);
    QCOMPARE(evaluateSlo(slo, makeSeries({1.5, 1.5, 1.5, 0.9})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(slo, makeSeries({kNaN})), SloState::Unknown);
    // One point is the same as judging the last value.
    QCOMPARE(evaluateSlo(consecutive(below(1.0), 1), makeSeries({0.5, 1.5})), SloState::Breach);

    const SloSpec up = consecutive(above(0.999), 2);
    QCOMPARE(evaluateSlo(up, makeSeries({0.998, 0.997})), SloState::Breach);
    QCOMPARE(evaluateSlo(up, makeSeries({0.9999, 0.997})), SloState::AtRisk);
    QCOMPARE(evaluateSlo(up, makeSeries({0.997, 0.9999})), SloState::Ok);
}

void TestTimeSeries::worstAndNames()
{
    const SloState all[] = {SloState::Unknown, SloState::Ok, SloState::AtRisk, SloState::Breach};
    for (int a = 0; a < 4; ++a) {
        for (int b = 0; b < 4; ++b) {
            QCOMPARE(worstOf(all[a], all[b]), all[std::max(a, b)]);
        }
    }
    QCOMPARE(sloStateName(SloState::Unknown), QStringLiteral("unknown"));
    QCOMPARE(sloStateName(SloState::Ok), QStringLiteral("ok"));
    QCOMPARE(sloStateName(SloState::AtRisk), QStringLiteral("at risk"));
    QCOMPARE(sloStateName(SloState::Breach), QStringLiteral("breach"));
}

QTEST_GUILESS_MAIN(TestTimeSeries)
#include "tst_timeseries.moc"
