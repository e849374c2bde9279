// PrometheusClient and PrometheusSource against a real Prometheus 2.42 (the CTest fixture of
// start-prometheus.sh) serving the backfilled scenario of scenario.py: prov-ledger's p95 rises
// from 0.12 s to 0.45 s at riseAt, and ProvLedgerLatencyHigh (critical) fires.
#include "Dashboard.h"
#include "PrometheusClient.h"
#include "PrometheusSource.h"
#include "TimeSeries.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <functional>
#include <optional>

using namespace golive;

static void initResources()
{
    Q_INIT_RESOURCE(golive_resources);
}

namespace {

constexpr int kWaitMs = 15000;

// Runs the event loop until done() holds or the time is up; returns done().
bool waitFor(const std::function<bool()>& done, int timeoutMs = kWaitMs)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(10);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!done())
        loop.exec();
    return done();
}

struct Answer
{
    bool answered = false;
    QByteArray body;
    QString error;
};

PrometheusClient::Callback into(Answer* answer)
{
    return [answer](const QByteArray& body, const QString& error) {
        answer->answered = true;
        answer->body = body;
        answer->error = error;
    };
}

struct Refreshed
{
    QHash<QString, PanelUpdate> panels;
    bool alertsAnswered = false;
    QList<AlertInfo> alerts;
    QString alertsError;
};

} // namespace

class TestRealPrometheus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void buildInfoIsTheRealOne();
    void rangeQueryMatchesTheScenario();
    void bundledDashboardIsJudged();
    void firingCriticalAlertIsReported();
    void rejectedPromqlGivesPrometheusWords();

private:
    PrometheusConfig config() const;
    Refreshed refresh(const Dashboard& dashboard);
    QList<TimeSeries> rangeQuery(const QString& promql, qint64 startS, qint64 endS, int step);

    QUrl m_base;
    QJsonObject m_scenario;
    Dashboard m_bundled;
    std::optional<Refreshed> m_bundledResult;
};

void TestRealPrometheus::initTestCase()
{
    initResources();
    const QString dir = qEnvironmentVariable("GOLIVE_PROMETHEUS_FIXTURE");
    QVERIFY2(!dir.isEmpty(), "GOLIVE_PROMETHEUS_FIXTURE is not set (run through CTest)");
    QFile portFile(dir + QStringLiteral("/port"));
    QVERIFY2(portFile.open(QIODevice::ReadOnly),
             qPrintable(portFile.fileName() + QStringLiteral(": no port; did the fixture run?")));
    const int port = QString::fromLatin1(portFile.readAll()).trimmed().toInt();
    QVERIFY(port > 0);
    m_base = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));

    QFile scenario(dir + QStringLiteral("/scenario.json"));
    QVERIFY(scenario.open(QIODevice::ReadOnly));
    m_scenario = QJsonDocument::fromJson(scenario.readAll()).object();
    QVERIFY(m_scenario.contains(QLatin1String("riseAt")));

    QString error;
    const auto bundled = Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), &error);
    QVERIFY2(bundled, qPrintable(error));
    m_bundled = *bundled;
}

PrometheusConfig TestRealPrometheus::config() const
{
    PrometheusConfig c;
    c.baseUrl = m_base;
    c.timeoutMs = 10000;
    return c;
}

Refreshed TestRealPrometheus::refresh(const Dashboard& dashboard)
{
    Refreshed r;
    PrometheusSource source(config());
    connect(&source, &SloSource::panelUpdated, this,
            [&r](const PanelUpdate& u) { r.panels.insert(u.panelId, u); });
    connect(&source, &SloSource::alertsUpdated, this,
            [&r](const QList<AlertInfo>& alerts, const QString& error) {
                r.alertsAnswered = true;
                r.alerts = alerts;
                r.alertsError = error;
            });
    const QDateTime end = QDateTime::currentDateTimeUtc();
    source.refresh(dashboard, end.addSecs(-15 * 60), end, 300);
    const qsizetype expected = dashboard.panels.size();
    waitFor([&] { return r.alertsAnswered && r.panels.size() == expected; });
    return r;
}

QList<TimeSeries> TestRealPrometheus::rangeQuery(const QString& promql, qint64 startS, qint64 endS,
                                                 int step)
{
    PrometheusClient client(config());
    Answer a;
    client.queryRange(QStringLiteral("q"), promql, QDateTime::fromSecsSinceEpoch(startS, Qt::UTC),
                      QDateTime::fromSecsSinceEpoch(endS, Qt::UTC), step, into(&a));
    if (!waitFor([&] { return a.answered; })) {
        qWarning("query_range did not answer: %s", qPrintable(promql));
        return {};
    }
    if (!a.error.isEmpty()) {
        qWarning("query_range failed: %s", qPrintable(a.error));
        return {};
    }
    QList<TimeSeries> series;
    QString error;
    if (!PrometheusSource::parseMatrix(a.body, &series, &error))
        qWarning("parseMatrix: %s", qPrintable(error));
    return series;
}

void TestRealPrometheus::buildInfoIsTheRealOne()
{
    PrometheusClient client(config());
    Answer a;
    client.buildInfo(into(&a));
    QVERIFY(waitFor([&] { return a.answered; }));
    QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    const QJsonObject data =
        QJsonDocument::fromJson(a.body).object().value(QLatin1String("data")).toObject();
    const QString version = data.value(QLatin1String("version")).toString();
    QVERIFY2(version.startsWith(QLatin1String("2.42")), qPrintable(version));
}

void TestRealPrometheus::rangeQueryMatchesTheScenario()
{
    const qint64 start = m_scenario.value(QLatin1String("start")).toInteger();
    const qint64 end = m_scenario.value(QLatin1String("end")).toInteger();
    const qint64 riseAt = m_scenario.value(QLatin1String("riseAt")).toInteger();
    const QJsonObject p95 = m_scenario.value(QLatin1String("p95"))
                                .toObject()
                                .value(QLatin1String("prov-ledger"))
                                .toObject();
    const double before = p95.value(QLatin1String("before")).toDouble();
    const double after = p95.value(QLatin1String("after")).toDouble();
    QCOMPARE(before, 0.12);
    QVERIFY(after > 0.35);

    const PanelDefinition* panel = m_bundled.findPanel(QStringLiteral("prov-ledger-p95"));
    QVERIFY(panel);
    const QList<TimeSeries> series = rangeQuery(panel->query, start + 600, end, 60);
    QCOMPARE(series.size(), 1);
    const TimeSeries& s = series.constFirst();
    QCOMPARE(s.timeMs.size(), s.values.size());

    // rate(...[5m]) sees only one side of riseAt at least 5 minutes (plus a step) away from it.
    int beforeCount = 0;
    int afterCount = 0;
    for (size_t i = 0; i < s.values.size(); ++i) {
        const qint64 t = s.timeMs[i] / 1000;
        const double v = s.values[i];
        if (t < riseAt - 15) {
            ++beforeCount;
            QVERIFY2(
                std::abs(v - before) < 0.002,
                qPrintable(QStringLiteral("p95 at %1 is %2, not ~%3").arg(t).arg(v).arg(before)));
        } else if (t >= riseAt + 300 + 15) {
            ++afterCount;
            QVERIFY2(
                v > 0.35 && std::abs(v - after) < 0.002,
                qPrintable(QStringLiteral("p95 at %1 is %2, not ~%3").arg(t).arg(v).arg(after)));
        }
    }
    QVERIFY2(beforeCount >= 60, qPrintable(QString::number(beforeCount)));
    QVERIFY2(afterCount >= 20, qPrintable(QString::number(afterCount)));

    // The error rate is the scenario's, all along.
    const PanelDefinition* errors = m_bundled.findPanel(QStringLiteral("prov-ledger-errors"));
    QVERIFY(errors);
    const QList<TimeSeries> rate = rangeQuery(errors->query, start + 600, end, 300);
    QCOMPARE(rate.size(), 1);
    QVERIFY(!rate.constFirst().values.empty());
    const double expected = m_scenario.value(QLatin1String("errorRate"))
                                .toObject()
                                .value(QLatin1String("prov-ledger"))
                                .toDouble();
    for (double v : rate.constFirst().values)
        QVERIFY2(std::abs(v - expected) < 1e-6, qPrintable(QString::number(v)));
}

void TestRealPrometheus::bundledDashboardIsJudged()
{
    if (!m_bundledResult)
        m_bundledResult = refresh(m_bundled);
    const Refreshed& r = *m_bundledResult;
    QCOMPARE(r.panels.size(), m_bundled.panels.size());

    // Every panel has data and the state the scenario was built for.
    const QJsonObject expectedStates = m_scenario.value(QLatin1String("expectedStates")).toObject();
    QCOMPARE(expectedStates.size(), m_bundled.panels.size());
    for (const PanelDefinition& p : std::as_const(m_bundled.panels)) {
        const PanelUpdate u = r.panels.value(p.id);
        QVERIFY2(u.ok, qPrintable(p.id + QStringLiteral(": ") + u.error));
        QVERIFY2(std::isfinite(u.currentValue), qPrintable(p.id + QStringLiteral(": no data")));
        QVERIFY2(!u.series.isEmpty(), qPrintable(p.id));
        QCOMPARE(sloStateName(u.state), expectedStates.value(p.id).toString());
    }

    const PanelUpdate latency = r.panels.value(QStringLiteral("prov-ledger-p95"));
    QCOMPARE(latency.state, SloState::Breach);
    QVERIFY2(std::abs(latency.currentValue - 0.45) < 0.002,
             qPrintable(QString::number(latency.currentValue)));
    // The whole 15-minute window is after the rise: every drawn point is above the objective.
    for (const SeriesPoints& s : latency.series) {
        QVERIFY(!s.points.isEmpty());
        for (const QPointF& pt : s.points)
            QVERIFY2(pt.y() > 0.35, qPrintable(QString::number(pt.y())));
    }

    const PanelUpdate errors = r.panels.value(QStringLiteral("prov-ledger-errors"));
    QCOMPARE(errors.state, SloState::Ok);
    QVERIFY2(std::abs(errors.currentValue - 0.001) < 1e-6,
             qPrintable(QString::number(errors.currentValue)));

    const PanelUpdate risky = r.panels.value(QStringLiteral("policy-lac-errors"));
    QCOMPARE(risky.state, SloState::AtRisk);
    QVERIFY2(std::abs(risky.currentValue - 0.005) < 1e-6,
             qPrintable(QString::number(risky.currentValue)));

    const PanelUpdate none = r.panels.value(QStringLiteral("nl2cypher-errors"));
    QCOMPARE(none.state, SloState::Ok);
    QCOMPARE(none.currentValue, 0.0);

    const PanelUpdate availability = r.panels.value(QStringLiteral("api-availability"));
    QCOMPARE(availability.state, SloState::Ok);
    QVERIFY(std::abs(availability.currentValue - 0.9997) < 1e-9);
}

void TestRealPrometheus::firingCriticalAlertIsReported()
{
    if (!m_bundledResult)
        m_bundledResult = refresh(m_bundled);
    const Refreshed& r = *m_bundledResult;
    QVERIFY(r.alertsAnswered);
    QVERIFY2(r.alertsError.isEmpty(), qPrintable(r.alertsError));

    const AlertInfo* critical = nullptr;
    const AlertInfo* warning = nullptr;
    for (const AlertInfo& a : r.alerts) {
        QVERIFY2(a.name != QLatin1String("Nl2CypherDown"), "an alert whose rule is false");
        if (a.name == QLatin1String("ProvLedgerLatencyHigh"))
            critical = &a;
        else if (a.name == QLatin1String("PolicyLacErrorsElevated"))
            warning = &a;
    }
    QVERIFY(critical);
    QCOMPARE(critical->severity, m_bundled.criticalSeverity);
    QCOMPARE(critical->state, QStringLiteral("firing"));
    QVERIFY2(critical->summary.contains(QLatin1String("350 ms")), qPrintable(critical->summary));
    QCOMPARE(critical->labels.value(QStringLiteral("service")), QStringLiteral("prov-ledger"));
    QVERIFY(critical->activeAtUtc.isValid());
    QVERIFY(critical->activeAtUtc <= QDateTime::currentDateTimeUtc().addSecs(5));
    QVERIFY(warning);
    QCOMPARE(warning->severity, QStringLiteral("warning"));
}

void TestRealPrometheus::rejectedPromqlGivesPrometheusWords()
{
    const QByteArray json = R"({"title": "broken", "panels": [
        {"id": "bad", "title": "unclosed", "query": "rate(x[5m]", "unit": "s",
         "slo": {"objective": 1, "good": "below"}},
        {"id": "good", "title": "fine", "query": "slo:api_availability:ratio_rate5m",
         "unit": "ratio", "slo": {"objective": 0.999, "good": "above"}}]})";
    QString error;
    const auto dashboard = Dashboard::fromJson(json, QStringLiteral("broken.json"), &error);
    QVERIFY2(dashboard, qPrintable(error));

    const Refreshed r = refresh(*dashboard);
    QCOMPARE(r.panels.size(), 2);
    const PanelUpdate bad = r.panels.value(QStringLiteral("bad"));
    QVERIFY(!bad.ok);
    QCOMPARE(bad.state, SloState::Unknown);
    // Prometheus 2.42 says: "1:11: parse error: unclosed left parenthesis".
    QVERIFY2(bad.error.contains(QLatin1String("parse error")), qPrintable(bad.error));
    QVERIFY2(bad.error.contains(QLatin1String("unclosed left parenthesis")), qPrintable(bad.error));
    // One bad query does not spoil the others.
    const PanelUpdate good = r.panels.value(QStringLiteral("good"));
    QVERIFY2(good.ok, qPrintable(good.error));
    QCOMPARE(good.state, SloState::Ok);
}

QTEST_GUILESS_MAIN(TestRealPrometheus)
#include "tst_realprometheus.moc"
