// The demo generator: a deterministic go-live story (calm, a bump and one breach during the
// deploy, recovery) so the dashboard can be shown and tested with no Prometheus.
#include "DemoSource.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace golive {

namespace {

// Also done by the Prometheus source; registering twice is harmless. Queued connections to
// receivers on other threads need the types registered by name.
void registerSloMetaTypes()
{
    qRegisterMetaType<golive::PanelUpdate>();
    qRegisterMetaType<golive::AlertInfo>();
    qRegisterMetaType<QList<golive::AlertInfo>>();
}
[[maybe_unused]] const bool s_metaTypesRegistered = (registerSloMetaTypes(), true);

// The story, in minutes after the story start.
constexpr double kDeployStart = 20;     // latency climbs towards "at risk"
constexpr double kDeployEnd = 32;       // everything is back to calm
constexpr double kBreachStart = 23;     // the breaching panel is past its objective...
constexpr double kBreachEnd = 29;       // ...for six minutes
constexpr double kErrorSpikeStart = 24; // errors and availability: a brief spike
constexpr double kErrorSpikeEnd = 26.5;
constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kMaxPoints = 11000; // Prometheus refuses more points per series

enum class Shape
{
    Latency,
    ErrorRate,
    Availability,
    Floor
};

Shape shapeOf(const PanelDefinition& panel)
{
    if (panel.kind == QLatin1String("latency"))
        return Shape::Latency;
    if (panel.kind == QLatin1String("error-rate"))
        return Shape::ErrorRate;
    if (panel.kind == QLatin1String("availability"))
        return Shape::Availability;
    if (panel.slo.good == SloSpec::Good::Above)
        return panel.slo.objective <= 1 ? Shape::Availability : Shape::Floor;
    if (panel.unit == QLatin1String("ratio") || panel.unit == QLatin1String("%"))
        return Shape::ErrorRate;
    return Shape::Latency;
}

// splitmix64's finaliser: a well-mixed 64-bit hash with no state.
quint64 mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// FNV-1a over the UTF-16 code units: unlike qHash, the same on every run and platform.
quint64 hashOf(const QString& text)
{
    quint64 h = 0xCBF29CE484222325ull;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 0x100000001B3ull;
    }
    return h;
}

// [0, 1) from a seed and a bucket.
double unit01(quint64 seed, qint64 bucket)
{
    return static_cast<double>(mix(seed ^ mix(static_cast<quint64>(bucket))) >> 11) * 0x1.0p-53;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

double smoothstep(double x)
{
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3 - 2 * x);
}

// Gentle noise in [-1, 1]: values per `periodMs` bucket, eased between buckets so the line
// wanders instead of jumping.
double smoothNoise(quint64 seed, qint64 timeMs, qint64 periodMs)
{
    const qint64 bucket = floorDiv(timeMs, periodMs);
    const double frac =
        static_cast<double>(timeMs - bucket * periodMs) / static_cast<double>(periodMs);
    const double a = unit01(seed, bucket);
    const double b = unit01(seed, bucket + 1);
    return 2 * (a + (b - a) * smoothstep(frac)) - 1;
}

// 0 outside [start - ramp, end + ramp], 1 inside [start, end], eased in between.
double envelope(double minute, double start, double end, double ramp)
{
    if (minute < start)
        return smoothstep((minute - (start - ramp)) / ramp);
    if (minute > end)
        return 1 - smoothstep((minute - end) / ramp);
    return 1;
}

double lerp(double a, double b, double t)
{
    return a + (b - a) * t;
}

} // namespace

DemoSource::DemoSource(QObject* parent, QDateTime storyStartUtc)
    : SloSource(parent),
      m_storyStart(storyStartUtc.isValid() ? storyStartUtc.toUTC()
                                           : QDateTime::currentDateTimeUtc().addSecs(-45 * 60))
{
    registerSloMetaTypes();
}

QString DemoSource::description() const
{
    return QStringLiteral("DEMO data \u2014 not production");
}

QString DemoSource::breachingPanelId(const Dashboard& dashboard)
{
    const PanelDefinition* firstLatency = nullptr;
    for (const PanelDefinition& panel : dashboard.panels) {
        if (shapeOf(panel) != Shape::Latency)
            continue;
        if (panel.service == QLatin1String("nl2cypher") ||
            panel.id.contains(QLatin1String("nl2cypher")))
            return panel.id;
        if (!firstLatency)
            firstLatency = &panel;
    }
    return firstLatency ? firstLatency->id : QString();
}

int DemoSource::stepSecondsFor(qint64 rangeSeconds, int columns, int minStepSeconds)
{
    const qint64 range = std::max<qint64>(rangeSeconds, 0);
    const qint64 perColumn = (range + std::max(columns, 1) - 1) / std::max(columns, 1);
    const qint64 perLimit = (range + kMaxPoints - 1) / kMaxPoints;
    const qint64 step =
        std::max({static_cast<qint64>(minStepSeconds), perColumn, perLimit, qint64{1}});
    return static_cast<int>(std::min<qint64>(step, std::numeric_limits<int>::max()));
}

double DemoSource::valueAt(const PanelDefinition& panel, qint64 timeMs) const
{
    const bool nl2cypher = panel.service == QLatin1String("nl2cypher") ||
                           panel.id.contains(QLatin1String("nl2cypher"));
    return valueAt(panel, timeMs, nl2cypher && shapeOf(panel) == Shape::Latency);
}

double DemoSource::valueAt(const PanelDefinition& panel, qint64 timeMs, bool breaches) const
{
    const quint64 seed = hashOf(panel.id);
    const double minute = static_cast<double>(timeMs - m_storyStart.toMSecsSinceEpoch()) /
                          static_cast<double>(kMinuteMs);
    const double noise = 0.7 * smoothNoise(seed, timeMs, 2 * kMinuteMs) +
                         0.3 * smoothNoise(seed ^ 0x5A5Aull, timeMs, 15 * 1000);
    const double bump = envelope(minute, kDeployStart + 2, kDeployEnd - 2, 2);
    const double spike = envelope(minute, kErrorSpikeStart + 0.5, kErrorSpikeEnd - 0.5, 0.5);
    const double objective = panel.slo.objective;

    switch (shapeOf(panel)) {
    case Shape::Latency: {
        // Calm at ~45-60% of the objective; the deploy lifts it to ~87-96% (past any sensible
        // warning level, so "at risk") and the chosen panel past the objective, to ~120%.
        double fraction = 0.525 + 0.06 * noise;
        const double peak = 0.88 + 0.07 * unit01(seed, -1);
        fraction = lerp(fraction, peak + 0.015 * noise, bump);
        if (breaches)
            fraction =
                lerp(fraction, 1.2 + 0.03 * noise, envelope(minute, kBreachStart, kBreachEnd, 0.5));
        return objective * fraction;
    }
    case Shape::ErrorRate: {
        // Calm well under the warning level; a brief spike to ~1.5x the objective.
        const double calm = panel.slo.warningLevel() * (0.35 + 0.1 * noise);
        return std::max(0.0, lerp(calm, objective * (1.5 + 0.05 * noise), spike));
    }
    case Shape::Availability: {
        // Badness (1 - availability) calm at ~20% of the budget, briefly ~1.6x it.
        const double budget = std::max(1 - objective, 1e-6);
        const double badness = lerp(budget * (0.2 + 0.05 * noise), budget * 1.6, spike);
        return std::clamp(1 - badness, 0.0, 1.0);
    }
    case Shape::Floor:
        // A floor such as throughput: comfortably above it, briefly under during the deploy.
        return objective * lerp(1.5 + 0.1 * noise, 0.9, spike);
    }
    return objective;
}

QList<AlertInfo> DemoSource::alertsAt(const Dashboard& dashboard, qint64 timeMs) const
{
    QList<AlertInfo> alerts;
    const qint64 story = m_storyStart.toMSecsSinceEpoch();
    const double minute = static_cast<double>(timeMs - story) / static_cast<double>(kMinuteMs);
    const auto at = [&](double m) {
        return QDateTime::fromMSecsSinceEpoch(
            story + static_cast<qint64>(m * static_cast<double>(kMinuteMs)), Qt::UTC);
    };
    if (minute >= kDeployStart && minute < kDeployEnd) {
        AlertInfo alert;
        alert.name = QStringLiteral("APILatencySLOViolation");
        alert.severity = QStringLiteral("warning");
        alert.state = QStringLiteral("firing");
        alert.summary = QStringLiteral("DEMO: p95 latency near its objective during the deploy");
        alert.activeAtUtc = at(kDeployStart);
        alerts.append(alert);
    }
    // Fires as the breach starts and clears half a minute after it, as a rule with a
    // short `for:` and resolve delay would.
    const PanelDefinition* panel = dashboard.findPanel(breachingPanelId(dashboard));
    if (panel && minute >= kBreachStart && minute < kBreachEnd + 0.5) {
        AlertInfo alert;
        alert.name = QStringLiteral("NLQLatencySLOBurn");
        alert.severity = dashboard.criticalSeverity;
        alert.state = QStringLiteral("firing");
        alert.summary =
            QStringLiteral("DEMO: ") + panel->title + QStringLiteral(" is past its objective");
        alert.activeAtUtc = at(kBreachStart);
        if (!panel->service.isEmpty())
            alert.labels.insert(QStringLiteral("service"), panel->service);
        alerts.append(alert);
    }
    for (AlertInfo& alert : alerts) {
        alert.labels.insert(QStringLiteral("alertname"), alert.name);
        alert.labels.insert(QStringLiteral("severity"), alert.severity);
        alert.labels.insert(QStringLiteral("demo"), QStringLiteral("true"));
    }
    return alerts;
}

void DemoSource::refresh(const Dashboard& dashboard, const QDateTime& startUtc,
                         const QDateTime& endUtc, int columns)
{
    const quint64 generation = ++m_generation;
    const QDateTime fetchedAt = QDateTime::currentDateTimeUtc();
    QList<PanelUpdate> updates;
    QList<AlertInfo> alerts;
    const bool validRange = startUtc.isValid() && endUtc.isValid() && startUtc < endUtc;
    const qint64 startMs = validRange ? startUtc.toMSecsSinceEpoch() : 0;
    const qint64 endMs = validRange ? endUtc.toMSecsSinceEpoch() : 0;
    columns = std::max(columns, 1);
    const qint64 stepMs =
        qint64{stepSecondsFor((endMs - startMs) / 1000, columns, dashboard.minStepSeconds)} * 1000;
    const QString breachId = breachingPanelId(dashboard);

    for (const PanelDefinition& panel : dashboard.panels) {
        PanelUpdate update;
        update.panelId = panel.id;
        update.fetchedAtUtc = fetchedAt;
        update.demo = true;
        if (!validRange) {
            update.error = QStringLiteral("the time range is empty");
            updates.append(std::move(update));
            continue;
        }
        TimeSeries series;
        series.label = panel.title;
        // Samples on multiples of the step, as Prometheus aligns them, so a refresh a few
        // seconds later draws the same points instead of shifting every one of them.
        for (qint64 t = floorDiv(startMs + stepMs - 1, stepMs) * stepMs; t <= endMs; t += stepMs) {
            series.timeMs.push_back(t);
            series.values.push_back(valueAt(panel, t, panel.id == breachId));
        }
        update.ok = true;
        update.series.append({series.label, downsampleForChart(series, startMs, endMs, columns)});
        update.currentValue = series.lastValue();
        update.state = evaluateSlo(panel.slo, series);
        updates.append(std::move(update));
    }
    if (validRange)
        alerts = alertsAt(dashboard, endMs);

    // Delivered from the event loop like real answers, so the UI has only one code path; a
    // newer refresh (even one made from a slot below) makes the rest of this one stale.
    QMetaObject::invokeMethod(
        this,
        [this, generation, updates = std::move(updates), alerts = std::move(alerts), validRange] {
            for (const PanelUpdate& update : updates) {
                if (generation != m_generation)
                    return;
                emit panelUpdated(update);
            }
            if (generation == m_generation)
                emit alertsUpdated(alerts, validRange ? QString()
                                                      : QStringLiteral("the time range is empty"));
        },
        Qt::QueuedConnection);
}

} // namespace golive
