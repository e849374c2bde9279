// Tests for DemoSource: deterministic values, the deploy story (bump, one breach, recovery),
// asynchronous DEMO-marked updates, superseded refreshes and the demo alerts.
#include "Dashboard.h"
#include "DemoSource.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace golive;

namespace {

const QDateTime kStory = QDateTime::fromString(QStringLiteral("2025-06-01T12:00:00Z"), Qt::ISODate);

qint64 at(double minutes)
{
    return kStory.toMSecsSinceEpoch() + static_cast<qint64>(minutes * 60 * 1000);
}

QDateTime atTime(double minutes)
{
    return QDateTime::fromMSecsSinceEpoch(at(minutes), Qt::UTC);
}

Dashboard summit()
{
    QString error;
    const auto dashboard = Dashboard::fromFile(QStringLiteral(GOLIVE_SUMMIT_DASHBOARD), &error);
    if (!dashboard)
        qFatal("%s", qPrintable(error));
    return *dashboard;
}

// Every 15 s over [from, to] minutes of the story.
template <typename F> void forEachSample(double from, double to, F f)
{
    for (double m = from; m <= to + 1e-9; m += 0.25)
        f(m);
}

const PanelUpdate* updateFor(const QList<PanelUpdate>& updates, const QString& id)
{
    for (const PanelUpdate& update : updates) {
        if (update.panelId == id)
            return &update;
    }
    return nullptr;
}

const AlertInfo* alertNamed(const QList<AlertInfo>& alerts, const QString& name)
{
    for (const AlertInfo& alert : alerts) {
        if (alert.name == name)
            return &alert;
    }
    return nullptr;
}

} // namespace

class TestDemoSource : public QObject
{
    Q_OBJECT

private slots:
    void describesItself();
    void stepFollowsTheChartWidth();
    void valuesAreDeterministic();
    void latencyStory();
    void errorRateAndAvailabilityStory();
    void alertsFollowTheStory();
    void refreshDeliversDemoUpdatesAsynchronously();
    void newerRefreshSupersedesOlder();
    void emptyRangeIsAnError();
    void firstLatencyPanelBreachesWithoutNl2cypher();

private:
    // Runs one refresh of the Summit dashboard and collects what it delivers.
    struct Delivery
    {
        QList<PanelUpdate> updates;
        QList<QList<AlertInfo>> alerts;
        QStringList alertErrors;
    };
    static void refreshAndWait(DemoSource& source, const Dashboard& dashboard,
                               const QDateTime& start, const QDateTime& end, int columns,
                               Delivery* out);
};

void TestDemoSource::refreshAndWait(DemoSource& source, const Dashboard& dashboard,
                                    const QDateTime& start, const QDateTime& end, int columns,
                                    Delivery* out)
{
    Delivery& delivery = *out;
    const auto a = connect(&source, &SloSource::panelUpdated, &source,
                           [&](const PanelUpdate& update) { delivery.updates.append(update); });
    const auto b = connect(&source, &SloSource::alertsUpdated, &source,
                           [&](const QList<AlertInfo>& alerts, const QString& error) {
                               delivery.alerts.append(alerts);
                               delivery.alertErrors.append(error);
                           });
    source.refresh(dashboard, start, end, columns);
    // Asynchronous like Prometheus's answers: nothing arrives inside refresh().
    const bool synchronous = !delivery.updates.isEmpty() || !delivery.alerts.isEmpty();
    QTRY_COMPARE_WITH_TIMEOUT(delivery.alerts.size(), 1, 5000);
    disconnect(a);
    disconnect(b);
    QVERIFY2(!synchronous, "updates were delivered inside refresh()");
}

void TestDemoSource::describesItself()
{
    DemoSource source(nullptr, kStory);
    QVERIFY(source.isDemo());
    QCOMPARE(source.description(), QStringLiteral("DEMO data \u2014 not production"));
    QCOMPARE(source.storyStart(), kStory);
    // Default: the deploy is on screen in the last hour.
    DemoSource now;
    const qint64 ago = now.storyStart().secsTo(QDateTime::currentDateTimeUtc());
    QVERIFY(ago >= 45 * 60 && ago < 46 * 60);
}

void TestDemoSource::stepFollowsTheChartWidth()
{
    QCOMPARE(DemoSource::stepSecondsFor(3600, 500, 15), 15);
    QCOMPARE(DemoSource::stepSecondsFor(86400, 500, 15), 173);
    QCOMPARE(DemoSource::stepSecondsFor(86400, 0, 15), 86400);
    QCOMPARE(DemoSource::stepSecondsFor(0, 500, 15), 15);
    QCOMPARE(DemoSource::stepSecondsFor(600, 1000, 1), 1);
    // Never more than 11,000 points, whatever the width.
    QCOMPARE(DemoSource::stepSecondsFor(110000, 1000000, 1), 10);
}

void TestDemoSource::valuesAreDeterministic()
{
    const Dashboard dashboard = summit();
    DemoSource a(nullptr, kStory);
    DemoSource b(nullptr, kStory);
    for (const PanelDefinition& panel : dashboard.panels) {
        forEachSample(-30, 90, [&](double m) {
            const double value = a.valueAt(panel, at(m));
            QVERIFY(std::isfinite(value));
            QCOMPARE(b.valueAt(panel, at(m)), value);
            QCOMPARE(a.valueAt(panel, at(m)), value);
        });
    }
    // The noise differs between panels and over time (it is noise, not a constant).
    const PanelDefinition& first = dashboard.panels.at(0);
    const PanelDefinition* same = dashboard.findPanel(QStringLiteral("report-studio-p95"));
    QVERIFY(same);
    QVERIFY(a.valueAt(first, at(5)) / first.slo.objective !=
            a.valueAt(*same, at(5)) / same->slo.objective);
    QVERIFY(a.valueAt(first, at(5)) != a.valueAt(first, at(7)));
}

void TestDemoSource::latencyStory()
{
    const Dashboard dashboard = summit();
    DemoSource source(nullptr, kStory);
    QCOMPARE(DemoSource::breachingPanelId(dashboard), QStringLiteral("nl2cypher-p95"));
    int latencyPanels = 0;
    for (const PanelDefinition& panel : dashboard.panels) {
        if (panel.kind != QLatin1String("latency"))
            continue;
        ++latencyPanels;
        const double objective = panel.slo.objective;
        const bool breaches = panel.id == QLatin1String("nl2cypher-p95");
        const auto fraction = [&](double m) { return source.valueAt(panel, at(m)) / objective; };
        // Calm before and after the deploy: ~45-60% of the objective.
        const auto calm = [&](double m) {
            QVERIFY2(fraction(m) >= 0.44 && fraction(m) <= 0.61,
                     qPrintable(panel.id + QStringLiteral(" at minute ") + QString::number(m)));
        };
        forEachSample(-20, 19.75, calm);
        forEachSample(32.25, 90, calm);
        // During the deploy: at risk (past the warning level, under the objective)...
        forEachSample(22, 30, [&](double m) {
            if (breaches && m >= 22.5 && m <= 29.5)
                return;
            const double value = source.valueAt(panel, at(m));
            QVERIFY2(value > panel.slo.warningLevel() && value < objective,
                     qPrintable(panel.id + QStringLiteral(" at minute ") + QString::number(m)));
        });
        // ...and only nl2cypher past the objective, for about six minutes.
        int minutesPast = 0;
        forEachSample(0, 90, [&](double m) {
            if (fraction(m) > 1)
                ++minutesPast; // counted in 15 s samples
        });
        if (breaches) {
            forEachSample(23, 29, [&](double m) { QVERIFY(fraction(m) > 1.1); });
            QVERIFY2(minutesPast >= 6 * 4 && minutesPast <= 7 * 4,
                     qPrintable(QString::number(minutesPast)));
        } else {
            QCOMPARE(minutesPast, 0);
        }
    }
    QCOMPARE(latencyPanels, 4);
}

void TestDemoSource::errorRateAndAvailabilityStory()
{
    const Dashboard dashboard = summit();
    DemoSource source(nullptr, kStory);
    for (const PanelDefinition& panel : dashboard.panels) {
        if (panel.kind == QLatin1String("error-rate")) {
            double peak = 0;
            forEachSample(-20, 90, [&](double m) {
                const double value = source.valueAt(panel, at(m));
                QVERIFY(value >= 0);
                if (m < 24 || m > 26.5)
                    QVERIFY2(value < panel.slo.warningLevel(), qPrintable(panel.id));
                peak = std::max(peak, value);
            });
            QVERIFY2(peak > 1.4 * panel.slo.objective && peak < 1.6 * panel.slo.objective,
                     qPrintable(panel.id));
        } else if (panel.kind == QLatin1String("availability")) {
            double lowest = 1;
            forEachSample(-20, 90, [&](double m) {
                const double value = source.valueAt(panel, at(m));
                QVERIFY(value <= 1);
                if (m < 24 || m > 26.5)
                    QVERIFY(value > panel.slo.warningLevel());
                lowest = std::min(lowest, value);
            });
            QVERIFY(lowest < panel.slo.objective);
        }
    }
}

void TestDemoSource::alertsFollowTheStory()
{
    const Dashboard dashboard = summit();
    DemoSource source(nullptr, kStory);
    QVERIFY(source.alertsAt(dashboard, at(10)).isEmpty());
    QVERIFY(source.alertsAt(dashboard, at(45)).isEmpty());

    const QList<AlertInfo> bump = source.alertsAt(dashboard, at(21));
    QCOMPARE(bump.size(), 1);
    QCOMPARE(bump.at(0).severity, QStringLiteral("warning"));
    QCOMPARE(bump.at(0).state, QStringLiteral("firing"));

    const QList<AlertInfo> breach = source.alertsAt(dashboard, at(26));
    const AlertInfo* critical = alertNamed(breach, QStringLiteral("NLQLatencySLOBurn"));
    QVERIFY(critical);
    QCOMPARE(critical->severity, QStringLiteral("critical"));
    QCOMPARE(critical->state, QStringLiteral("firing"));
    QCOMPARE(critical->activeAtUtc, atTime(23));
    QCOMPARE(critical->labels.value(QStringLiteral("alertname")),
             QStringLiteral("NLQLatencySLOBurn"));
    QCOMPARE(critical->labels.value(QStringLiteral("service")), QStringLiteral("nl2cypher"));
    QVERIFY(critical->summary.startsWith(QLatin1String("DEMO: nl2cypher")));

    // Cleared after the breach, while the deploy's warning is still on.
    const QList<AlertInfo> after = source.alertsAt(dashboard, at(30));
    QVERIFY(!alertNamed(after, QStringLiteral("NLQLatencySLOBurn")));
    QCOMPARE(after.size(), 1);

    // The P0 severity is the dashboard's.
    Dashboard paging = dashboard;
    paging.criticalSeverity = QStringLiteral("page");
    QCOMPARE(
        alertNamed(source.alertsAt(paging, at(26)), QStringLiteral("NLQLatencySLOBurn"))->severity,
        QStringLiteral("page"));
}

void TestDemoSource::refreshDeliversDemoUpdatesAsynchronously()
{
    const Dashboard dashboard = summit();
    DemoSource source(nullptr, kStory);
    QSignalSpy spy(&source, &SloSource::panelUpdated);
    // The view's right edge in the middle of the breach.
    Delivery during;
    refreshAndWait(source, dashboard, atTime(-34), atTime(26), 500, &during);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(spy.count(), dashboard.panels.size());
    QCOMPARE(during.updates.size(), dashboard.panels.size());
    for (const PanelUpdate& update : during.updates) {
        QVERIFY(update.demo);
        QVERIFY(update.ok);
        QVERIFY(update.error.isEmpty());
        QVERIFY(update.fetchedAtUtc.isValid());
        QVERIFY(dashboard.findPanel(update.panelId));
        QCOMPARE(update.series.size(), 1);
        const QList<QPointF>& points = update.series.at(0).points;
        QVERIFY(!points.isEmpty() && points.size() <= 1000);
        // On multiples of the 15 s step, inside the range.
        for (const QPointF& p : points) {
            QCOMPARE(static_cast<qint64>(p.x()) % 15000, qint64{0});
            QVERIFY(p.x() >= at(-34) && p.x() <= at(26));
        }
        QVERIFY(std::isfinite(update.currentValue));
    }
    QCOMPARE(updateFor(during.updates, QStringLiteral("nl2cypher-p95"))->state, SloState::Breach);
    for (const char* id : {"prov-ledger-p95", "policy-lac-p95", "report-studio-p95"})
        QCOMPARE(updateFor(during.updates, QLatin1String(id))->state, SloState::AtRisk);
    QVERIFY(updateFor(during.updates, QStringLiteral("nl2cypher-p95"))->currentValue > 2);
    QCOMPARE(during.alertErrors, QStringList{QString()});
    const AlertInfo* critical =
        alertNamed(during.alerts.at(0), QStringLiteral("NLQLatencySLOBurn"));
    QVERIFY(critical);
    QCOMPARE(critical->severity, dashboard.criticalSeverity);

    // The last hour seen 20 minutes after the deploy: all recovered, no alerts.
    Delivery later;
    refreshAndWait(source, dashboard, atTime(-8), atTime(52), 500, &later);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(later.updates.size(), dashboard.panels.size());
    for (const PanelUpdate& update : later.updates) {
        QVERIFY(update.demo);
        QCOMPARE(update.state, SloState::Ok);
    }
    QVERIFY(later.alerts.at(0).isEmpty());
    // The breach is still on screen as history: the chart's maximum is past the objective.
    double peak = 0;
    for (const QPointF& p :
         updateFor(later.updates, QStringLiteral("nl2cypher-p95"))->series.at(0).points)
        peak = std::max(peak, p.y());
    QVERIFY(peak > 2);
}

void TestDemoSource::newerRefreshSupersedesOlder()
{
    const Dashboard dashboard = summit();
    DemoSource source(nullptr, kStory);
    QList<PanelUpdate> updates;
    QList<QList<AlertInfo>> alerts;
    bool refreshedFromSlot = false;
    connect(&source, &SloSource::panelUpdated, &source, [&](const PanelUpdate& update) {
        updates.append(update);
        // A slot that refreshes (a zoom while updates arrive) makes the rest stale at once.
        if (!refreshedFromSlot && updates.size() == 1) {
            refreshedFromSlot = true;
            source.refresh(dashboard, atTime(-10), atTime(50), 300);
        }
    });
    connect(&source, &SloSource::alertsUpdated, &source,
            [&](const QList<AlertInfo>& list, const QString&) { alerts.append(list); });

    source.refresh(dashboard, atTime(-34), atTime(26), 500); // stale before delivery
    source.refresh(dashboard, atTime(-34), atTime(26), 400);
    QTRY_COMPARE(alerts.size(), 1);
    QTest::qWait(50);
    // One update of the second refresh, then all of the one made from the slot.
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(updates.size(), 1 + dashboard.panels.size());
    QVERIFY(alerts.at(0).isEmpty()); // minute 50: nothing firing
    QCOMPARE(updates.last().state, SloState::Ok);
}

void TestDemoSource::emptyRangeIsAnError()
{
    const Dashboard dashboard = summit();
    DemoSource source(nullptr, kStory);
    Delivery delivery;
    refreshAndWait(source, dashboard, atTime(10), atTime(10), 500, &delivery);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(delivery.updates.size(), dashboard.panels.size());
    for (const PanelUpdate& update : delivery.updates) {
        QVERIFY(update.demo);
        QVERIFY(!update.ok);
        QCOMPARE(update.error, QStringLiteral("the time range is empty"));
    }
    QCOMPARE(delivery.alertErrors, QStringList{QStringLiteral("the time range is empty")});
}

void TestDemoSource::firstLatencyPanelBreachesWithoutNl2cypher()
{
    Dashboard dashboard = summit();
    dashboard.panels.removeIf(
        [](const PanelDefinition& panel) { return panel.service == QLatin1String("nl2cypher"); });
    QCOMPARE(DemoSource::breachingPanelId(dashboard), QStringLiteral("prov-ledger-p95"));
    DemoSource source(nullptr, kStory);
    Delivery delivery;
    refreshAndWait(source, dashboard, atTime(-34), atTime(26), 500, &delivery);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(updateFor(delivery.updates, QStringLiteral("prov-ledger-p95"))->state,
             SloState::Breach);
    QVERIFY(alertNamed(delivery.alerts.at(0), QStringLiteral("NLQLatencySLOBurn")));

    Dashboard noLatency = dashboard;
    noLatency.panels.removeIf(
        [](const PanelDefinition& panel) { return panel.kind == QLatin1String("latency"); });
    QVERIFY(DemoSource::breachingPanelId(noLatency).isEmpty());
    QVERIFY(!alertNamed(source.alertsAt(noLatency, at(26)), QStringLiteral("NLQLatencySLOBurn")));
}

QTEST_GUILESS_MAIN(TestDemoSource)
#include "tst_demosource.moc"
