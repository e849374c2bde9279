// Tests for PrometheusSource: parsing query_range and alerts answers (fast and exact), and
// whole refreshes against FakeHttpServer, where every fault reaches the panel in words, stale
// answers are dropped and refresh() never waits.
#include "FakeHttpServer.h"
#include "PrometheusSource.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

using namespace golive;
using golive::test::FakeHttpServer;
using Kind = FakeHttpServer::Response::Kind;

Q_DECLARE_METATYPE(golive::test::FakeHttpServer::Response)

namespace {

QByteArray matrix(const QByteArray& result)
{
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":" + result +
           "}}";
}

// n series of `points` points each, as Prometheus writes them (labels, a step of 15 s).
QByteArray bigMatrix(int seriesCount, int points, const QByteArray& job = "summit-api")
{
    QByteArray out = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
    out.reserve(seriesCount * points * 30 + 1024);
    for (int s = 0; s < seriesCount; ++s) {
        if (s)
            out += ',';
        out += "{\"metric\":{\"__name__\":\"http_request_duration_seconds\",\"instance\":\"api-" +
               QByteArray::number(s) + ":9090\",\"job\":\"" + job + "\"},\"values\":[";
        for (int i = 0; i < points; ++i) {
            if (i)
                out += ',';
            const qint64 ms = 1700000000000 + qint64(i) * 15000 + (i % 7) * 111;
            out += '[' + QByteArray::number(ms / 1000) + '.' +
                   QByteArray::number(ms % 1000).rightJustified(3, '0') + ",\"";
            if (i % 997 == 5)
                out += "NaN";
            else
                out += QByteArray::number(0.05 + 0.01 * std::sin(i * 0.01 + s), 'g', 17);
            out += "\"]";
        }
        out += "]}";
    }
    out += "]}}";
    return out;
}

PanelDefinition panel(const QString& id, const QString& title, double objective = 0.5)
{
    PanelDefinition p;
    p.id = id;
    p.title = title;
    p.query = QStringLiteral("query_for_") + id;
    p.unit = QStringLiteral("s");
    p.slo.objective = objective;
    p.slo.good = SloSpec::Good::Below;
    return p;
}

PrometheusConfig configFor(const QUrl& url, int timeoutMs = 3000)
{
    PrometheusConfig config;
    config.baseUrl = url;
    config.timeoutMs = timeoutMs;
    return config;
}

const QByteArray kNoAlerts = "{\"status\":\"success\",\"data\":{\"alerts\":[]}}";

QHash<QString, PanelUpdate> byPanel(const QSignalSpy& spy)
{
    QHash<QString, PanelUpdate> out;
    for (const QList<QVariant>& args : spy) {
        const auto update = args.at(0).value<PanelUpdate>();
        out.insert(update.panelId, update);
    }
    return out;
}

} // namespace

class TestPrometheusSource : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        m_server->route("/api/v1/alerts", FakeHttpServer::json(kNoAlerts));
    }
    void cleanup() { m_server.reset(); }

    // --- parseMatrix ---------------------------------------------------------------------

    void parseMatrixSeriesAndSpecialValues()
    {
        const QByteArray body = matrix(
            "[{\"metric\":{\"__name__\":\"up\",\"job\":\"api\",\"path\":\"/"
            "a\\\"b\\u00e9\\ud83d\\ude00\"},"
            "\"values\":[[1700000000,\"1\"],[1700000015.5,\"NaN\"],[1700000030.123,\"+Inf\"],"
            "[1700000045.12,\"-Inf\"],[1700000060.9999,\"1e-05\"],[1700000075,\"-0.25\"]]},"
            "{\"metric\":{},\"values\":[]},"
            "{\"metric\":{\"job\":\"b\"},\"values\":[ [ 1700000000.001 , \"42\" ] ]}]");
        QList<TimeSeries> series;
        QString error;
        QVERIFY2(PrometheusSource::parseMatrix(body, &series, &error), qPrintable(error));
        QCOMPARE(series.size(), 3);
        const TimeSeries& a = series.at(0);
        QCOMPARE(a.label, QStringLiteral("up{job=\"api\",path=\"/a\"b\u00e9\U0001F600\"}"));
        QCOMPARE(a.timeMs, (std::vector<qint64>{1700000000000, 1700000015500, 1700000030123,
                                                1700000045120, 1700000060999, 1700000075000}));
        QCOMPARE(a.values.size(), std::size_t(6));
        QCOMPARE(a.values[0], 1.0);
        QVERIFY(std::isnan(a.values[1]));
        QVERIFY(std::isinf(a.values[2]) && a.values[2] > 0);
        QVERIFY(std::isinf(a.values[3]) && a.values[3] < 0);
        QCOMPARE(a.values[4], 1e-05);
        QCOMPARE(a.values[5], -0.25);
        QCOMPARE(series.at(1).label, QStringLiteral("{}"));
        QVERIFY(series.at(1).isEmpty());
        QCOMPARE(series.at(2).label, QStringLiteral("{job=\"b\"}"));
        QCOMPARE(series.at(2).timeMs.front(), 1700000000001);
        QCOMPARE(series.at(2).values.front(), 42.0);
    }

    void parseMatrixAnyKeyOrderAndExtraKeys()
    {
        // data before status, warnings/infos, a native-histogram series, pretty-printed.
        const QByteArray body =
            "{\n  \"data\": {\n    \"result\": [\n      {\"values\": [[1700000000, \"2\"]],\n"
            "       \"metric\": {\"job\": \"x\"}, \"histograms\": [[1700000000, {\"count\": \"1\", "
            "\"buckets\": [[0, \"1\", \"2\", \"3\"]]}]]}\n    ],\n    \"resultType\": \"matrix\"\n"
            "  },\n  \"warnings\": [\"PromQL info: metric might not be a counter\"],\n"
            "  \"infos\": null, \"status\": \"success\"\n}\n";
        QList<TimeSeries> series;
        QString error;
        QVERIFY2(PrometheusSource::parseMatrix(body, &series, &error), qPrintable(error));
        QCOMPARE(series.size(), 1);
        QCOMPARE(series.first().label, QStringLiteral("{job=\"x\"}"));
        QCOMPARE(series.first().values, std::vector<double>{2.0});
    }

    void parseMatrixEmptyResult()
    {
        QList<TimeSeries> series{TimeSeries{}};
        QString error;
        QVERIFY(PrometheusSource::parseMatrix(matrix("[]"), &series, &error));
        QVERIFY(series.isEmpty());
    }

    void parseMatrixRefuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected"); // a prefix of the error
        QTest::newRow("wrong resultType")
            << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                          "\"result\":[]}}")
            << QStringLiteral("Prometheus answered a \"vector\" result, not the \"matrix\" of a "
                              "range query");
        QTest::newRow("prometheus error")
            << QByteArray("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse "
                          "error at char 5: unclosed left parenthesis\"}")
            << QStringLiteral("bad_data: parse error at char 5: unclosed left parenthesis");
        QTest::newRow("html") << QByteArray("  <!doctype html><html></html>")
                              << QStringLiteral("Prometheus answered with HTML, not the JSON of "
                                                "its API — is this the right address?");
        QTest::newRow("truncated")
            << matrix("[{\"metric\":{},\"values\":[[1700000000,\"1\"]]}]").left(60)
            << QStringLiteral("Prometheus's answer is cut short: invalid JSON");
        QTest::newRow("not json") << QByteArray("hello")
                                  << QStringLiteral("Prometheus's answer is not valid JSON");
        QTest::newRow("empty") << QByteArray()
                               << QStringLiteral("Prometheus answered with an empty body");
        QTest::newRow("no result")
            << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\"}}")
            << QStringLiteral("Prometheus's answer has no data.result list");
        QTest::newRow("value not a number")
            << matrix("[{\"metric\":{},\"values\":[[1700000000,\"abc\"]]}]")
            << QStringLiteral("a sample value \"abc\" is not a number");
        QTest::newRow("point not a pair")
            << matrix("[{\"metric\":{},\"values\":[[1700000000]]}]")
            << QStringLiteral("Prometheus's answer has a point that is not [time, \"value\"]");
        QTest::newRow("trailing garbage")
            << matrix("[]") + "x" << QStringLiteral("Prometheus's answer is");
    }
    void parseMatrixRefuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QList<TimeSeries> series;
        QString error;
        QVERIFY(!PrometheusSource::parseMatrix(body, &series, &error));
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    }

    // An answer the fast scanner gives up on goes to QJsonDocument for its words only while
    // it is small: QJsonDocument's tree takes many times the JSON's size in memory. A large
    // one is refused as it is. (A point of three elements: valid JSON, not a range query's.)
    void largeOddAnswerIsNotHandedToQJsonDocument()
    {
        QByteArray values = "[1700000000,\"0.1\",3]";
        while (values.size() < (9 << 20))
            values += ",[1700000000,\"0.1\"]";
        const QByteArray big = matrix("[{\"metric\":{},\"values\":[" + values + "]}]");
        QList<TimeSeries> series;
        QString error;
        QVERIFY(!PrometheusSource::parseMatrix(big, &series, &error));
        QCOMPARE(error,
                 QStringLiteral("Prometheus's answer (%1 MB) is not the JSON of a range query")
                     .arg(QString::number(double(big.size()) / 1e6, 'f', 1)));
        // The same shape, small: QJsonDocument says what is wrong with it.
        QVERIFY(!PrometheusSource::parseMatrix(
            matrix("[{\"metric\":{},\"values\":[[1700000000,\"0.1\",3]]}]"), &series, &error));
        QVERIFY2(error.contains(QStringLiteral("not [time, \"value\"]")), qPrintable(error));
    }

    // The scanner reads exactly what QJsonDocument reads (the reference), point for point.
    void parseMatrixAgreesWithQJsonDocument()
    {
        const QByteArray body = bigMatrix(3, 5000);
        QList<TimeSeries> series;
        QString error;
        QVERIFY2(PrometheusSource::parseMatrix(body, &series, &error), qPrintable(error));
        const QJsonArray result = QJsonDocument::fromJson(body)
                                      .object()
                                      .value(QLatin1String("data"))
                                      .toObject()
                                      .value(QLatin1String("result"))
                                      .toArray();
        QCOMPARE(series.size(), result.size());
        for (qsizetype s = 0; s < series.size(); ++s) {
            const QJsonArray values =
                result.at(s).toObject().value(QLatin1String("values")).toArray();
            QCOMPARE(series.at(s).values.size(), std::size_t(values.size()));
            for (qsizetype i = 0; i < values.size(); ++i) {
                const QJsonArray p = values.at(i).toArray();
                const auto expectedMs = qint64(std::llround(p.at(0).toDouble() * 1000));
                QCOMPARE(series.at(s).timeMs[std::size_t(i)], expectedMs);
                const QString text = p.at(1).toString();
                const double v = series.at(s).values[std::size_t(i)];
                if (text == QLatin1String("NaN"))
                    QVERIFY(std::isnan(v));
                else
                    QCOMPARE(v, text.toDouble()); // exact: same shortest round-trip digits
            }
        }
    }

    // 12 series x 11,000 points (~3.5 MB): what a 24 h dashboard at full width asks for.
    void parseMatrixSpeed()
    {
        const QByteArray body = bigMatrix(12, 11000);
        qint64 bestScan = std::numeric_limits<qint64>::max();
        qint64 bestQJson = std::numeric_limits<qint64>::max();
        for (int round = 0; round < 5; ++round) {
            QElapsedTimer t;
            t.start();
            QList<TimeSeries> series;
            QString error;
            QVERIFY(PrometheusSource::parseMatrix(body, &series, &error));
            bestScan = std::min(bestScan, t.nsecsElapsed());
            QCOMPARE(series.size(), 12);
            QCOMPARE(series.last().values.size(), std::size_t(11000));
            t.restart();
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            bestQJson = std::min(bestQJson, t.nsecsElapsed());
            QVERIFY(doc.isObject());
        }
        qInfo("parseMatrix: %.1f ms for %.1f MB (QJsonDocument::fromJson alone: %.1f ms)",
              double(bestScan) / 1e6, double(body.size()) / 1e6, double(bestQJson) / 1e6);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
        // Optimised builds only: in Debug the scanner is unoptimised while Qt is not.
        QVERIFY2(bestScan < bestQJson / 2, "the scanner should be well under QJsonDocument");
#endif
    }

    // --- parseAlerts ---------------------------------------------------------------------

    void parseAlerts()
    {
        const QByteArray body =
            "{\"status\":\"success\",\"data\":{\"alerts\":["
            "{\"labels\":{\"alertname\":\"DiskFilling\",\"severity\":\"warning\"},"
            "\"annotations\":{\"description\":\"disk 91% full\"},\"state\":\"firing\","
            "\"activeAt\":\"2026-03-01T10:00:00.123456789Z\",\"value\":\"9.1e-01\"},"
            "{\"labels\":{\"alertname\":\"ApiDown\",\"severity\":\"critical\",\"job\":\"api\"},"
            "\"annotations\":{\"summary\":\"API is down\",\"description\":\"long\"},"
            "\"state\":\"firing\",\"activeAt\":\"2026-03-01T10:05:00Z\",\"value\":\"0\"},"
            "{\"labels\":{\"alertname\":\"Slow\",\"severity\":\"critical\"},\"annotations\":{},"
            "\"state\":\"pending\",\"activeAt\":\"2026-03-01T09:00:00+01:00\",\"value\":\"1\"}"
            "]}}";
        QList<AlertInfo> alerts;
        QString error;
        QVERIFY2(PrometheusSource::parseAlerts(body, &alerts, &error), qPrintable(error));
        QCOMPARE(alerts.size(), 3);
        // Firing before pending; critical first among the firing.
        QCOMPARE(alerts.at(0).name, QStringLiteral("ApiDown"));
        QCOMPARE(alerts.at(0).severity, QStringLiteral("critical"));
        QCOMPARE(alerts.at(0).summary, QStringLiteral("API is down"));
        QCOMPARE(alerts.at(0).labels.value(QStringLiteral("job")), QStringLiteral("api"));
        QCOMPARE(alerts.at(0).state, QStringLiteral("firing"));
        QCOMPARE(alerts.at(1).name, QStringLiteral("DiskFilling"));
        QCOMPARE(alerts.at(1).summary, QStringLiteral("disk 91% full")); // description fallback
        QCOMPARE(alerts.at(1).activeAtUtc,
                 QDateTime(QDate(2026, 3, 1), QTime(10, 0, 0, 123), Qt::UTC));
        QCOMPARE(alerts.at(2).name, QStringLiteral("Slow"));
        QCOMPARE(alerts.at(2).state, QStringLiteral("pending"));
        QCOMPARE(alerts.at(2).activeAtUtc, QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC));
        QCOMPARE(alerts.at(2).summary, QString());
    }

    void parseAlertsRefuses()
    {
        QList<AlertInfo> alerts;
        QString error;
        QVERIFY(!PrometheusSource::parseAlerts("<html/>", &alerts, &error));
        QVERIFY2(error.contains(QLatin1String("HTML")), qPrintable(error));
        QVERIFY(!PrometheusSource::parseAlerts(
            "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"rule manager down\"}",
            &alerts, &error));
        QCOMPARE(error, QStringLiteral("unavailable: rule manager down"));
        QVERIFY(!PrometheusSource::parseAlerts("{\"status\":\"success\",\"data\":{}}", &alerts,
                                               &error));
        QCOMPARE(error, QStringLiteral("Prometheus's answer has no data.alerts list"));
    }

    // --- refresh() against the fake server -----------------------------------------------

    void refreshDeliversJudgedDownsampledPanels()
    {
        const qint64 end = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
        const qint64 start = end - 3600 * 1000;
        // Two series: one fine (0.1), one past the 0.5 objective (0.9): the panel shows the
        // breach and the breaching series' value. 241 points, drawn 100 columns wide.
        QByteArray a = "[", b = "[";
        for (int i = 0; i <= 240; ++i) {
            const QByteArray t = QByteArray::number((start + i * 15000) / 1000);
            a += (i ? "," : "") + ("[" + t + ",\"0.1\"]");
            b += (i ? "," : "") + ("[" + t + ",\"0.9\"]");
        }
        m_server->route("/api/v1/query_range",
                        FakeHttpServer::json(matrix("[{\"metric\":{\"job\":\"a\"},\"values\":" + a +
                                                    "]},{\"metric\":{\"job\":\"b\"},"
                                                    "\"values\":" +
                                                    b + "]}]")));
        m_server->route("/api/v1/alerts",
                        FakeHttpServer::json("{\"status\":\"success\",\"data\":{\"alerts\":[{"
                                             "\"labels\":{\"alertname\":\"X\",\"severity\":"
                                             "\"critical\"},\"state\":\"firing\"}]}}"));
        PrometheusSource source(configFor(m_server->baseUrl()));
        QCOMPARE(source.description(),
                 QStringLiteral("Prometheus at ") + m_server->baseUrl().toString());
        QVERIFY(!source.isDemo());
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        QSignalSpy alerts(&source, &SloSource::alertsUpdated);
        QThread* deliveredOn = nullptr;
        connect(&source, &SloSource::panelUpdated, this,
                [&deliveredOn] { deliveredOn = QThread::currentThread(); });

        Dashboard dashboard;
        dashboard.minStepSeconds = 15;
        dashboard.panels = {panel(QStringLiteral("lat"), QStringLiteral("API p95 latency"))};
        source.refresh(dashboard, QDateTime::fromMSecsSinceEpoch(start, Qt::UTC),
                       QDateTime::fromMSecsSinceEpoch(end, Qt::UTC), 100);
        QTRY_COMPARE(panels.size(), 1);
        QTRY_COMPARE(alerts.size(), 1);
        QCOMPARE(deliveredOn, QThread::currentThread()); // the UI thread gets finished work

        const auto update = panels.first().at(0).value<PanelUpdate>();
        QCOMPARE(update.panelId, QStringLiteral("lat"));
        QVERIFY2(update.ok, qPrintable(update.error));
        QCOMPARE(update.error, QString());
        QCOMPARE(update.state, SloState::Breach);
        QCOMPARE(update.currentValue, 0.9);
        QCOMPARE(update.series.size(), 2);
        QCOMPARE(update.series.at(0).label, QStringLiteral("{job=\"a\"}"));
        QVERIFY(update.series.at(0).points.size() <= 200); // at most 2 per column
        QVERIFY(!update.series.at(0).points.isEmpty());
        QVERIFY(update.fetchedAtUtc.isValid());

        // The step asked for: one hour over 100 columns = 36 s.
        bool sawRange = false;
        for (const auto& r : m_server->requests()) {
            if (!r.target.startsWith("/api/v1/query_range"))
                continue;
            sawRange = true;
            const QUrlQuery q(r.url());
            QCOMPARE(q.queryItemValue(QStringLiteral("step")), QStringLiteral("36"));
            QCOMPARE(q.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
                     QStringLiteral("query_for_lat"));
        }
        QVERIFY(sawRange);

        const auto alertList = alerts.first().at(0).value<QList<AlertInfo>>();
        QCOMPARE(alerts.first().at(1).toString(), QString());
        QCOMPARE(alertList.size(), 1);
        QCOMPARE(alertList.first().name, QStringLiteral("X"));
    }

    // A query that returns several series (one per instance): the panel shows the worst of
    // them, by the objective's direction, whatever order Prometheus lists them in. Taking the
    // last (or the first) series would show a breach on one instance as ok.
    void severalSeriesShowTheWorst_data()
    {
        QTest::addColumn<bool>("upperBound"); // good below the objective (latency)
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<QByteArray>("second");
        QTest::addColumn<int>("state");
        QTest::addColumn<double>("value");
        // Objective 0.5 below (warning at 0.4), or 0.99 above (warning at 0.992).
        QTest::newRow("below: breach, then ok")
            << true << QByteArray("0.9") << QByteArray("0.1") << int(SloState::Breach) << 0.9;
        QTest::newRow("below: ok, then breach")
            << true << QByteArray("0.1") << QByteArray("0.9") << int(SloState::Breach) << 0.9;
        QTest::newRow("below: at risk, then ok")
            << true << QByteArray("0.45") << QByteArray("0.1") << int(SloState::AtRisk) << 0.45;
        QTest::newRow("below: two breaches, worse first")
            << true << QByteArray("0.9") << QByteArray("0.7") << int(SloState::Breach) << 0.9;
        QTest::newRow("below: two breaches, worse last")
            << true << QByteArray("0.7") << QByteArray("0.9") << int(SloState::Breach) << 0.9;
        QTest::newRow("below: two ok, higher first")
            << true << QByteArray("0.3") << QByteArray("0.1") << int(SloState::Ok) << 0.3;
        QTest::newRow("above: breach, then ok")
            << false << QByteArray("0.95") << QByteArray("0.999") << int(SloState::Breach) << 0.95;
        QTest::newRow("above: ok, then breach")
            << false << QByteArray("0.999") << QByteArray("0.95") << int(SloState::Breach) << 0.95;
        QTest::newRow("above: two breaches, worse first")
            << false << QByteArray("0.5") << QByteArray("0.95") << int(SloState::Breach) << 0.5;
        QTest::newRow("above: two ok, lower last")
            << false << QByteArray("0.9999") << QByteArray("0.995") << int(SloState::Ok) << 0.995;
        QTest::newRow("below: +Inf on one instance")
            << true << QByteArray("+Inf") << QByteArray("0.1") << int(SloState::Breach)
            << std::numeric_limits<double>::infinity();
        QTest::newRow("below: no data on one instance")
            << true << QByteArray("0.9") << QByteArray("NaN") << int(SloState::Breach) << 0.9;
    }
    void severalSeriesShowTheWorst()
    {
        QFETCH(bool, upperBound);
        QFETCH(QByteArray, first);
        QFETCH(QByteArray, second);
        QFETCH(int, state);
        QFETCH(double, value);
        m_server->route("/api/v1/query_range",
                        FakeHttpServer::json(matrix(
                            "[{\"metric\":{\"instance\":\"a\"},\"values\":[[1700000000,\"0.2\"],"
                            "[1700000015,\"" +
                            first +
                            "\"]]},"
                            "{\"metric\":{\"instance\":\"b\"},\"values\":[[1700000000,\"0.2\"],"
                            "[1700000015,\"" +
                            second + "\"]]}]")));
        PrometheusSource source(configFor(m_server->baseUrl()));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        Dashboard dashboard;
        PanelDefinition p = panel(QStringLiteral("p"), QStringLiteral("Per instance"));
        if (upperBound) {
            p.slo.objective = 0.5;
            p.slo.warning = 0.4;
        } else {
            p.unit = QStringLiteral("ratio");
            p.slo.good = SloSpec::Good::Above;
            p.slo.objective = 0.99;
            p.slo.warning = 0.992;
        }
        dashboard.panels = {p};
        source.refresh(dashboard, QDateTime::fromSecsSinceEpoch(1699999000, Qt::UTC),
                       QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC), 50);
        QTRY_COMPARE(panels.size(), 1);
        const auto update = panels.first().at(0).value<PanelUpdate>();
        QVERIFY2(update.ok, qPrintable(update.error));
        QCOMPARE(update.series.size(), 2);
        QCOMPARE(sloStateName(update.state), sloStateName(SloState(state)));
        QCOMPARE(update.currentValue, value);
    }

    // Prometheus writes +Inf, -Inf and NaN as strings. +Inf and -Inf are values (a ratio over
    // zero traffic, vector(1)/0): past an upper bound, or a lower one; NaN is no data.
    void infinitiesAreValues_data()
    {
        QTest::addColumn<QByteArray>("sample");
        QTest::addColumn<bool>("upperBound");
        QTest::addColumn<int>("state");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::addColumn<double>("value");
        QTest::newRow("+Inf, upper bound")
            << QByteArray("+Inf") << true << int(SloState::Breach) << inf;
        QTest::newRow("+Inf, lower bound")
            << QByteArray("+Inf") << false << int(SloState::Ok) << inf;
        QTest::newRow("-Inf, upper bound")
            << QByteArray("-Inf") << true << int(SloState::Ok) << -inf;
        QTest::newRow("-Inf, lower bound")
            << QByteArray("-Inf") << false << int(SloState::Breach) << -inf;
        QTest::newRow("NaN, upper bound")
            << QByteArray("NaN") << true << int(SloState::Unknown) << std::nan("");
        QTest::newRow("NaN, lower bound")
            << QByteArray("NaN") << false << int(SloState::Unknown) << std::nan("");
    }
    void infinitiesAreValues()
    {
        QFETCH(QByteArray, sample);
        QFETCH(bool, upperBound);
        QFETCH(int, state);
        QFETCH(double, value);
        m_server->route("/api/v1/query_range",
                        FakeHttpServer::json(matrix("[{\"metric\":{},\"values\":[[1700000000,\"" +
                                                    sample + "\"]]}]")));
        PrometheusSource source(configFor(m_server->baseUrl()));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        Dashboard dashboard;
        PanelDefinition p = panel(QStringLiteral("p"), QStringLiteral("Error ratio"));
        if (!upperBound) {
            p.slo.good = SloSpec::Good::Above;
            p.slo.objective = 0.99;
        }
        dashboard.panels = {p};
        source.refresh(dashboard, QDateTime::fromSecsSinceEpoch(1699999000, Qt::UTC),
                       QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC), 50);
        QTRY_COMPARE(panels.size(), 1);
        const auto update = panels.first().at(0).value<PanelUpdate>();
        QVERIFY2(update.ok, qPrintable(update.error));
        QCOMPARE(sloStateName(update.state), sloStateName(SloState(state)));
        if (std::isnan(value))
            QVERIFY(std::isnan(update.currentValue));
        else
            QCOMPARE(update.currentValue, value);
    }

    void oneSeriesIsLabelledWithThePanelTitle()
    {
        m_server->route(
            "/api/v1/query_range",
            FakeHttpServer::json(matrix("[{\"metric\":{},\"values\":[[1700000000,\"0.1\"]]}]")));
        PrometheusSource source(configFor(m_server->baseUrl()));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        Dashboard dashboard;
        dashboard.panels = {panel(QStringLiteral("p"), QStringLiteral("Error rate"))};
        source.refresh(dashboard, QDateTime::fromSecsSinceEpoch(1699999000, Qt::UTC),
                       QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC), 50);
        QTRY_COMPARE(panels.size(), 1);
        const auto update = panels.first().at(0).value<PanelUpdate>();
        QVERIFY(update.ok);
        QCOMPARE(update.series.size(), 1);
        QCOMPARE(update.series.first().label, QStringLiteral("Error rate"));
        QCOMPARE(update.state, SloState::Ok);
        QCOMPARE(update.currentValue, 0.1);
    }

    void emptyResultIsNoData()
    {
        m_server->route("/api/v1/query_range", FakeHttpServer::json(matrix("[]")));
        PrometheusSource source(configFor(m_server->baseUrl()));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        Dashboard dashboard;
        dashboard.panels = {panel(QStringLiteral("p"), QStringLiteral("Nothing here"))};
        source.refresh(dashboard, QDateTime::currentDateTimeUtc().addSecs(-600),
                       QDateTime::currentDateTimeUtc(), 200);
        QTRY_COMPARE(panels.size(), 1);
        const auto update = panels.first().at(0).value<PanelUpdate>();
        QVERIFY(update.ok);
        QCOMPARE(update.state, SloState::Unknown);
        QCOMPARE(update.error, QStringLiteral("no data for this query"));
        QVERIFY(update.series.isEmpty());
        QVERIFY(std::isnan(update.currentValue));
    }

    void faultsReachThePanelInWords_data()
    {
        QTest::addColumn<FakeHttpServer::Response>("response");
        QTest::addColumn<QString>("expected"); // %1: base URL

        QTest::newRow("bad PromQL")
            << FakeHttpServer::json("{\"status\":\"error\",\"errorType\":\"bad_data\","
                                    "\"error\":\"parse error at char 5: unexpected <EOF>\"}",
                                    400)
            << QStringLiteral("panel \"Checkout p95\": Prometheus at %1 answered HTTP 400 Bad "
                              "Request: bad_data: parse error at char 5: unexpected <EOF>");
        QTest::newRow("503")
            << FakeHttpServer::json("{\"status\":\"error\",\"errorType\":\"unavailable\","
                                    "\"error\":\"TSDB not ready\"}",
                                    503)
            << QStringLiteral("panel \"Checkout p95\": Prometheus at %1 answered HTTP 503 Service "
                              "Unavailable: unavailable: TSDB not ready");
        FakeHttpServer::Response html;
        html.body = "<html><title>Grafana</title></html>";
        QTest::newRow("html") << html
                              << QStringLiteral(
                                     "panel \"Checkout p95\": Prometheus at %1 answered with "
                                     "HTML, not the JSON of its API — is this the right address?");
        QTest::newRow("hang") << FakeHttpServer::of(Kind::Hang)
                              << QStringLiteral("panel \"Checkout p95\": Prometheus at %1 did not "
                                                "answer within 0.3 s");
        QTest::newRow("close")
            << FakeHttpServer::of(Kind::Close)
            << QStringLiteral("panel \"Checkout p95\": Prometheus at %1 closed the connection "
                              "without a complete answer");
        QTest::newRow("truncated JSON, complete HTTP")
            << FakeHttpServer::json(
                   matrix("[{\"metric\":{},\"values\":[[1700000000,\"1\"]]}]").left(50))
            << QStringLiteral("panel \"Checkout p95\": Prometheus's answer is cut short: invalid "
                              "JSON");
        QTest::newRow("vector instead of matrix")
            << FakeHttpServer::json("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                                    "\"result\":[]}}")
            << QStringLiteral("panel \"Checkout p95\": Prometheus answered a \"vector\" result");
    }
    void faultsReachThePanelInWords()
    {
        QFETCH(FakeHttpServer::Response, response);
        QFETCH(QString, expected);
        m_server->route("/api/v1/query_range", response);
        PrometheusSource source(configFor(m_server->baseUrl(), 300));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        Dashboard dashboard;
        dashboard.panels = {panel(QStringLiteral("co"), QStringLiteral("Checkout p95"))};
        source.refresh(dashboard, QDateTime::currentDateTimeUtc().addSecs(-600),
                       QDateTime::currentDateTimeUtc(), 200);
        QTRY_COMPARE_WITH_TIMEOUT(panels.size(), 1, 5000);
        const auto update = panels.first().at(0).value<PanelUpdate>();
        QCOMPARE(update.panelId, QStringLiteral("co"));
        QVERIFY(!update.ok);
        QCOMPARE(update.state, SloState::Unknown);
        if (expected.contains(QLatin1String("%1")))
            expected = expected.arg(m_server->baseUrl().toString());
        QVERIFY2(update.error.startsWith(expected), qPrintable(update.error));
    }

    void connectionRefusedAndAlertErrors()
    {
        quint16 port = m_server->port();
        m_server.reset(); // nobody listens there any more
        PrometheusSource source(configFor(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        QSignalSpy alerts(&source, &SloSource::alertsUpdated);
        Dashboard dashboard;
        dashboard.panels = {panel(QStringLiteral("a"), QStringLiteral("A")),
                            panel(QStringLiteral("b"), QStringLiteral("B"))};
        source.refresh(dashboard, QDateTime::currentDateTimeUtc().addSecs(-600),
                       QDateTime::currentDateTimeUtc(), 200);
        QTRY_COMPARE(panels.size(), 2);
        QTRY_COMPARE(alerts.size(), 1);
        const auto updates = byPanel(panels);
        QCOMPARE(updates.value(QStringLiteral("b")).error,
                 QStringLiteral("panel \"B\": cannot reach Prometheus at http://127.0.0.1:%1: "
                                "Connection refused")
                     .arg(port));
        QCOMPARE(alerts.first().at(1).toString(),
                 QStringLiteral("alerts: cannot reach Prometheus at http://127.0.0.1:%1: "
                                "Connection refused")
                     .arg(port));
    }

    // refresh() only sends requests: against a server that never answers it returns at once
    // and the event loop keeps turning until the deadline speaks.
    void refreshNeverWaits()
    {
        m_server->setDefault(FakeHttpServer::of(Kind::Hang));
        PrometheusSource source(configFor(m_server->baseUrl(), 1500));
        QSignalSpy panels(&source, &SloSource::panelUpdated);
        Dashboard dashboard;
        for (int i = 0; i < 8; ++i)
            dashboard.panels.append(panel(QString::number(i), QStringLiteral("P%1").arg(i)));
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(20);
        QElapsedTimer clock;
        clock.start();
        source.refresh(dashboard, QDateTime::currentDateTimeUtc().addSecs(-600),
                       QDateTime::currentDateTimeUtc(), 200);
        QVERIFY2(clock.elapsed() < 300, // waiting would take the 1.5 s deadline
                 qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(panels.size(), 0);
        QTest::qWait(300);
        QVERIFY2(ticks >= 5, qPrintable(QString::number(ticks))); // the loop kept turning
        QCOMPARE(panels.size(), 0);
        QTRY_COMPARE(panels.size(), 8);
        for (const auto& u : byPanel(panels))
            QVERIFY2(u.error.contains(QLatin1String("did not answer within 1.5 s")),
                     qPrintable(u.error));
    }

    // A refresh supersedes the one before: its answers, in flight on the network or on a
    // worker thread, are never delivered. Every refresh is tagged (panel titles and queries
    // "<id>@<n>", and the answers echo the tag of the query they answer), so each update says
    // which refresh it belongs to. An update may arrive before the next refresh is issued (a
    // loaded machine stretches the waits below), but never once a newer refresh exists.
    void staleRefreshesAreDropped()
    {
        FakeHttpServer::Response slow =
            FakeHttpServer::json(matrix("[{\"metric\":{},\"values\":[[1700000000,\"0.1\"]]}]"));
        slow.delayMs = 200;
        m_server->route("/api/v1/query_range", slow);
        FakeHttpServer::Response slowAlerts = FakeHttpServer::json(kNoAlerts);
        slowAlerts.delayMs = 200;
        m_server->route("/api/v1/alerts", slowAlerts);
        // A generous deadline: a timeout would be an untagged error, not the answer under test.
        PrometheusSource source(configFor(m_server->baseUrl(), 60000));

        struct Delivery
        {
            PanelUpdate update;
            int latestRefresh; // the newest refresh issued when the update arrived
        };
        int latest = 0;
        QList<Delivery> deliveries;
        connect(&source, &SloSource::panelUpdated, this, [&](const PanelUpdate& u) {
            deliveries.append({u, latest});
        });
        QSignalSpy alerts(&source, &SloSource::alertsUpdated);
        const auto tagged = [](std::initializer_list<const char*> ids, int refresh) {
            Dashboard d;
            for (const char* id : ids) {
                PanelDefinition p =
                    panel(QString::fromLatin1(id),
                          QString::fromLatin1(id) + QLatin1Char('@') + QString::number(refresh));
                p.query = QStringLiteral("query_for_") + p.title;
                d.panels.append(p);
            }
            return d;
        };
        // The refresh an update answers: the "@n" its (first) series label ends with.
        const auto refreshOf = [](const PanelUpdate& u) {
            if (u.series.isEmpty())
                return -1;
            const QString& label = u.series.first().label;
            qsizetype i = label.lastIndexOf(QLatin1Char('@'));
            if (i < 0)
                return -1;
            int n = -1;
            for (++i; i < label.size() && label.at(i).isDigit(); ++i)
                n = std::max(n, 0) * 10 + label.at(i).digitValue();
            return n;
        };
        const auto deliveredFrom = [&](int refresh, const QString& id) {
            int n = 0;
            for (const Delivery& d : deliveries)
                n += d.update.panelId == id && refreshOf(d.update) == refresh ? 1 : 0;
            return n;
        };
        const auto checkDeliveries = [&](const QStringList& lastIds) {
            for (const Delivery& d : deliveries) {
                const QString what = d.update.panelId + QStringLiteral(" from refresh ") +
                                     QString::number(refreshOf(d.update)) +
                                     QStringLiteral(" while refresh ") +
                                     QString::number(d.latestRefresh) +
                                     QStringLiteral(" was the newest: ") + d.update.error;
                QVERIFY2(d.update.ok, qPrintable(what));
                QVERIFY2(refreshOf(d.update) == d.latestRefresh, qPrintable(what)); // not stale
                QVERIFY2(deliveredFrom(d.latestRefresh, d.update.panelId) == 1,
                         qPrintable(what)); // not twice
            }
            for (const QString& id : lastIds)
                QCOMPARE(deliveredFrom(latest, id), 1);
        };

        const QDateTime end = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        latest = 1;
        source.refresh(tagged({"old", "same"}, 1), end.addSecs(-600), end, 200);
        QTRY_COMPARE(m_server->requests().size(), 3); // two panels and the alerts
        latest = 2;
        source.refresh(tagged({"same", "new"}, 2), end.addSecs(-600), end, 200);
        QTRY_VERIFY(deliveredFrom(2, QStringLiteral("same")) == 1 &&
                    deliveredFrom(2, QStringLiteral("new")) == 1);
        QTest::qWait(500);
        checkDeliveries({QStringLiteral("same"), QStringLiteral("new")});
        QCOMPARE(alerts.size(), 1);

        // Superseded while parsing on a worker: answer at once, refresh again right away. The
        // answer's job label carries the tag of the query it answers.
        QHash<QByteArray, QByteArray> bodies; // by tag
        connect(m_server.get(), &FakeHttpServer::requestReceived, this,
                [&](const QByteArray& target) {
                    const QString query =
                        QUrlQuery(
                            QUrl(QStringLiteral("http://127.0.0.1") + QString::fromLatin1(target)))
                            .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
                    const qsizetype at = query.lastIndexOf(QLatin1Char('@'));
                    if (!target.startsWith("/api/v1/query_range") || at < 0)
                        return;
                    const QByteArray tag = query.mid(at).toLatin1();
                    if (!bodies.contains(tag))
                        bodies.insert(tag, bigMatrix(12, 11000, "summit-api" + tag));
                    m_server->route("/api/v1/query_range", FakeHttpServer::json(bodies.value(tag)));
                });
        for (int refresh = 3; refresh <= 6; ++refresh) // built here, not on the clock below
            bodies.insert('@' + QByteArray::number(refresh),
                          bigMatrix(12, 11000, "summit-api@" + QByteArray::number(refresh)));
        deliveries.clear();
        alerts.clear();
        latest = 3;
        source.refresh(tagged({"same", "new"}, 3), end.addSecs(-86400), end, 1000);
        QTRY_VERIFY_WITH_TIMEOUT(deliveredFrom(3, QStringLiteral("same")) == 1 &&
                                     deliveredFrom(3, QStringLiteral("new")) == 1,
                                 10000);
        for (int refresh = 4; refresh <= 6; ++refresh) {
            latest = refresh;
            source.refresh(tagged({"same", "new"}, refresh), end.addSecs(-86400), end, 1000);
            // Supersede it while its answers are parsed on a worker, when that can be caught.
            QElapsedTimer waited;
            waited.start();
            while (QThreadPool::globalInstance()->activeThreadCount() == 0 &&
                   deliveredFrom(refresh, QStringLiteral("same")) +
                           deliveredFrom(refresh, QStringLiteral("new")) ==
                       0 &&
                   waited.elapsed() < 2000)
                QTest::qWait(1);
        }
        QTRY_VERIFY_WITH_TIMEOUT(deliveredFrom(6, QStringLiteral("same")) == 1 &&
                                     deliveredFrom(6, QStringLiteral("new")) == 1,
                                 10000);
        QTest::qWait(500);
        checkDeliveries({QStringLiteral("same"), QStringLiteral("new")});
    }

    // Destroying the source with requests on the network and answers parsing on workers: no
    // update is delivered afterwards (not even to a receiver that outlives it), nothing
    // crashes (ASan/UBSan builds watch the workers finishing into nothing), and every
    // connection to the server is closed, the one that never answers included.
    void destroyedWithWorkInFlight()
    {
        m_server->route("/api/v1/query_range", FakeHttpServer::json(bigMatrix(12, 11000)));
        m_server->route("/api/v1/alerts", FakeHttpServer::of(Kind::Hang));
        int afterDestruction = 0;
        int requestsBefore = 0;
        for (int round = 0; round < 3; ++round) {
            auto source = std::make_unique<PrometheusSource>(configFor(m_server->baseUrl()));
            bool destroyed = false;
            // The receiver is the test: the connection would survive a source that lived on.
            connect(source.get(), &SloSource::panelUpdated, this,
                    [&afterDestruction, &destroyed] { afterDestruction += destroyed ? 1 : 0; });
            connect(source.get(), &SloSource::alertsUpdated, this,
                    [&afterDestruction, &destroyed] { afterDestruction += destroyed ? 1 : 0; });
            Dashboard dashboard;
            dashboard.panels = {panel(QStringLiteral("a"), QStringLiteral("A")),
                                panel(QStringLiteral("b"), QStringLiteral("B"))};
            source->refresh(dashboard, QDateTime::currentDateTimeUtc().addSecs(-86400),
                            QDateTime::currentDateTimeUtc(), 1000);
            // Both panels and the alerts reached the server: the alerts will never answer.
            QTRY_COMPARE(m_server->requests().size(), requestsBefore + 3);
            requestsBefore = int(m_server->requests().size());
            QTest::qWait(round * 60); // in flight, or parsing on a worker
            QPointer<QObject> alive(source.get());
            source.reset();
            destroyed = true;
            QVERIFY(alive.isNull());
            // The hanging alerts request was aborted, not left open until a timeout.
            QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 2000);
            QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
            QTest::qWait(100); // anything queued from a worker would be delivered by now
            QCOMPARE(afterDestruction, 0);
        }
    }

private:
    std::unique_ptr<FakeHttpServer> m_server;
};

QTEST_GUILESS_MAIN(TestPrometheusSource)
#include "tst_prometheussource.moc"
