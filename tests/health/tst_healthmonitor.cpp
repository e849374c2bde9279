// Tests for HealthMonitor against FakeHttpServer: HTTP checks (2xx, errors, silence, refused,
// redirects, huge bodies), PromQL checks against a fake Prometheus, rounds that supersede each
// other, the transitions the abort banner reacts to, and the demo mode that makes no request.
#include "FakeHttpServer.h"
#include "HealthMonitor.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

using namespace golive;
using golive::test::FakeHttpServer;
using Kind = FakeHttpServer::Response::Kind;
using CheckKind = HealthCheckDefinition::Kind;

namespace {

HealthCheckDefinition http(const QString& service, const QUrl& url, bool critical = true)
{
    HealthCheckDefinition check;
    check.service = service;
    check.kind = CheckKind::Http;
    check.url = url.toString();
    check.critical = critical;
    return check;
}

HealthCheckDefinition promqlCheck(const QString& service, const QString& query)
{
    HealthCheckDefinition check;
    check.service = service;
    check.kind = CheckKind::PromQL;
    check.query = query;
    return check;
}

HealthCheckDefinition manual(const QString& service, const QString& how)
{
    HealthCheckDefinition check;
    check.service = service;
    check.kind = CheckKind::Manual;
    check.how = how;
    return check;
}

FakeHttpServer::Response status(int code, const QByteArray& reason = {})
{
    FakeHttpServer::Response r;
    r.status = code;
    r.reason = reason;
    r.body = "ok";
    return r;
}

// A Prometheus instant-vector answer with one sample per value.
QByteArray vector(const QList<const char*>& values)
{
    QByteArray samples;
    int n = 0;
    for (const char* value : values) {
        if (!samples.isEmpty())
            samples += ',';
        samples += R"({"metric":{"__name__":"up","job":"nl2cypher","instance":"10.0.0.)" +
                   QByteArray::number(++n) + R"(:4020"},"value":[1700000000.5,")" + value +
                   R"("]})";
    }
    return R"({"status":"success","data":{"resultType":"vector","result":[)" + samples + "]}}";
}

// A loopback port nobody listens on (bound, then released).
quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

// Runs one round (start() or probeNow()) and waits for its results.
bool runRound(HealthMonitor& monitor, bool start = false)
{
    QSignalSpy round(&monitor, &HealthMonitor::resultsChanged);
    if (start)
        monitor.start();
    else
        monitor.probeNow();
    return round.wait(10000) && round.size() == 1;
}

struct Transition
{
    QString service;
    HealthStatus previous;
    HealthStatus now;
};

} // namespace

class TestHealthMonitor : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
    }
    void cleanup() { m_server.reset(); }

    void statusNames();
    void setChecksShowsUnknownAndManual();
    void http2xxIsUp();
    void httpErrorIsDown();
    void redirectIsDownNotFollowed();
    void silenceTimesOut();
    void refusedPortIsDown();
    void hugeBodyIsNotRead();
    void hugeBodyIsNotReadWhileTheUiThreadIsBusy();
    void transitionsOnlyOnChange();
    void supersededRoundIsDropped();
    void intervalStartsNextRound();
    void demoMakesNoRequest();
    void failingCriticalListsCriticalDownOnly();
    void promql_data();
    void promql();
    void promqlWithoutPrometheus();
    void promqlPrometheusUnreachable();
    void downStaysFailingWhilePrometheusIsUnreachable();
    void promqlRedirectToAnotherOriginIsNotFollowed();
    void httpRedirectToAnotherOriginIsNotFollowed();

private:
    QUrl url(const char* path) const
    {
        QUrl u = m_server->baseUrl();
        u.setPath(QString::fromLatin1(path));
        return u;
    }

    std::unique_ptr<FakeHttpServer> m_server;
};

void TestHealthMonitor::statusNames()
{
    QCOMPARE(healthStatusName(HealthStatus::Unknown), QStringLiteral("unknown"));
    QCOMPARE(healthStatusName(HealthStatus::Up), QStringLiteral("up"));
    QCOMPARE(healthStatusName(HealthStatus::Down), QStringLiteral("down"));
    QCOMPARE(healthStatusName(HealthStatus::NotProbed), QStringLiteral("not probed"));
}

void TestHealthMonitor::setChecksShowsUnknownAndManual()
{
    HealthMonitor monitor;
    QSignalSpy spy(&monitor, &HealthMonitor::resultsChanged);
    monitor.setChecks({http(QStringLiteral("api"), url("/h")),
                       manual(QStringLiteral("postgres"), QStringLiteral("pg_isready -h db"))});
    // At once, before any probe (the lights appear grey, the manual one says how).
    QCOMPARE(spy.size(), 1);
    const auto results = spy.at(0).at(0).value<QList<HealthResult>>();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.at(0).service, QStringLiteral("api"));
    QCOMPARE(results.at(0).status, HealthStatus::Unknown);
    QVERIFY(results.at(0).checkedAtUtc.isNull());
    QCOMPARE(results.at(1).status, HealthStatus::NotProbed);
    QCOMPARE(results.at(1).detail, QStringLiteral("checked by hand: pg_isready -h db"));
    QCOMPARE(results.at(1).kind, CheckKind::Manual);

    // A round probes the http check and never the manual one.
    m_server->route("/h", status(200));
    QVERIFY(runRound(monitor, true));
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Up);
    QCOMPARE(monitor.results().at(1).status, HealthStatus::NotProbed);
    QVERIFY(monitor.results().at(1).checkedAtUtc.isNull());
    QVERIFY(monitor.failingCritical().isEmpty());
}

void TestHealthMonitor::http2xxIsUp()
{
    m_server->route("/a", status(200));
    m_server->route("/b", status(204, "No Content"));
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("a"), url("/a")), http(QStringLiteral("b"), url("/b"))});
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY(runRound(monitor, true));
    for (const HealthResult& r : monitor.results()) {
        QCOMPARE(r.status, HealthStatus::Up);
        QVERIFY(!r.demo);
        QVERIFY(r.checkedAtUtc >= before);
    }
    QVERIFY2(monitor.results().at(0).detail.startsWith(QLatin1String("HTTP 200 in ")),
             qPrintable(monitor.results().at(0).detail));
    QVERIFY(monitor.results().at(0).detail.endsWith(QLatin1String(" ms")));
    QVERIFY2(monitor.results().at(1).detail.startsWith(QLatin1String("HTTP 204 in ")),
             qPrintable(monitor.results().at(1).detail));
    // A GET of exactly the configured path.
    QCOMPARE(m_server->requests().size(), 2);
    for (const auto& request : m_server->requests())
        QCOMPARE(request.method, QByteArray("GET"));
}

void TestHealthMonitor::httpErrorIsDown()
{
    m_server->route("/h", status(503));
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("prov-ledger"), url("/h"))});
    QVERIFY(runRound(monitor, true));
    const HealthResult& r = monitor.results().at(0);
    QCOMPARE(r.status, HealthStatus::Down);
    QCOMPARE(r.detail, QStringLiteral("HTTP 503 Service Unavailable"));

    m_server->route("/h", status(404));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QCOMPARE(monitor.results().at(0).detail, QStringLiteral("HTTP 404 Not Found"));

    // A dropped connection without an answer is down too.
    m_server->route("/h", FakeHttpServer::of(Kind::Close));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QVERIFY(!monitor.results().at(0).detail.isEmpty());
}

void TestHealthMonitor::redirectIsDownNotFollowed()
{
    FakeHttpServer::Response redirect = status(302, "Found");
    redirect.headers.append(
        std::pair<QByteArray, QByteArray>("Location", "https://sso.example/login"));
    m_server->route("/h", redirect);
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("ui"), url("/h"))});
    QVERIFY(runRound(monitor, true));
    const HealthResult& r = monitor.results().at(0);
    QCOMPARE(r.status, HealthStatus::Down);
    QVERIFY2(r.detail.startsWith(
                 QLatin1String("HTTP 302 Found: redirected to https://sso.example/login")),
             qPrintable(r.detail));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestHealthMonitor::silenceTimesOut()
{
    m_server->route("/h", FakeHttpServer::of(Kind::Hang));
    HealthMonitor monitor;
    monitor.setTimeoutMs(200);
    QCOMPARE(monitor.timeoutMs(), 200);
    monitor.setChecks({http(QStringLiteral("api"), url("/h"))});
    QVERIFY(runRound(monitor, true));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QCOMPARE(monitor.results().at(0).detail, QStringLiteral("no answer within 0.2 s"));
    // The abandoned connection is closed, not left open on the server.
    QTRY_COMPARE(m_server->openConnections(), 0);
}

void TestHealthMonitor::refusedPortIsDown()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("policy-lac"),
                            QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port)))});
    QVERIFY(runRound(monitor, true));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QCOMPARE(monitor.results().at(0).detail, QStringLiteral("connection refused"));
}

void TestHealthMonitor::hugeBodyIsNotRead()
{
    m_server->route("/h", FakeHttpServer::of(Kind::Huge)); // 200 and 100 MB
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("api"), url("/h"))});
    QVERIFY(runRound(monitor, true));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Up);
    // Only the status line mattered: the client hung up long before the end.
    QTRY_VERIFY(m_server->hugePeerAborted());
    QVERIFY2(m_server->hugeBytesSent() < (50ll << 20),
             qPrintable(QString::number(m_server->hugeBytesSent())));
}

// The same, with the server on its own thread and the UI thread busy for half a second just
// after the request goes out: QNetworkAccessManager's HTTP thread keeps reading meanwhile, and
// only the reply's small read buffer stops it from pulling the endless body into memory. What
// the server gets out is then bounded by the kernel's socket buffers (a few MB on loopback).
void TestHealthMonitor::hugeBodyIsNotReadWhileTheUiThreadIsBusy()
{
    QThread serverThread;
    auto* server = new FakeHttpServer; // lives and dies on serverThread
    server->route("/h", FakeHttpServer::of(Kind::Huge));
    server->moveToThread(&serverThread);
    connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    const auto onServer = [server](auto f) {
        QMetaObject::invokeMethod(server, f, Qt::BlockingQueuedConnection);
    };
    bool listening = false;
    onServer([&] { listening = server->listen(); });
    QVERIFY(listening);
    QUrl target = server->baseUrl();
    target.setPath(QStringLiteral("/h"));

    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("api"), target)});
    QTimer::singleShot(0, this, [] { QThread::msleep(500); }); // a UI thread busy drawing
    const bool concluded = runRound(monitor, true);
    bool aborted = false;
    for (int i = 0; i < 100 && !aborted; ++i) { // bounded: at most 5 s
        onServer([&] { aborted = server->hugePeerAborted(); });
        if (!aborted)
            QTest::qWait(50);
    }
    qint64 sent = 0;
    onServer([&] { sent = server->hugeBytesSent(); });
    serverThread.quit();
    serverThread.wait();

    QVERIFY(concluded);
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Up);
    QVERIFY2(sent < (24ll << 20), qPrintable(QString::number(sent)));
    QVERIFY(aborted);
}

void TestHealthMonitor::transitionsOnlyOnChange()
{
    HealthMonitor monitor;
    QList<Transition> transitions;
    connect(&monitor, &HealthMonitor::statusChanged, this,
            [&](const HealthResult& r, HealthStatus previous) {
                transitions.append({r.service, previous, r.status});
            });
    monitor.setChecks({http(QStringLiteral("api"), url("/h"))});

    m_server->route("/h", status(200));
    QVERIFY(runRound(monitor, true));
    QCOMPARE(transitions.size(), 1); // the first judgement: Unknown -> Up
    QCOMPARE(transitions.at(0).previous, HealthStatus::Unknown);
    QCOMPARE(transitions.at(0).now, HealthStatus::Up);
    const QDateTime upSince = monitor.results().at(0).sinceUtc;
    QCOMPARE(upSince, monitor.results().at(0).checkedAtUtc);

    QTest::qWait(5);
    QVERIFY(runRound(monitor)); // still up: nothing to announce, and up since the first
    QCOMPARE(transitions.size(), 1);
    QCOMPARE(monitor.results().at(0).sinceUtc, upSince);
    QVERIFY(monitor.results().at(0).checkedAtUtc > upSince);

    m_server->route("/h", status(503));
    QVERIFY(runRound(monitor));
    QCOMPARE(transitions.size(), 2);
    // Down since this probe.
    QCOMPARE(monitor.results().at(0).sinceUtc, monitor.results().at(0).checkedAtUtc);
    QCOMPARE(transitions.at(1).service, QStringLiteral("api"));
    QCOMPARE(transitions.at(1).previous, HealthStatus::Up);
    QCOMPARE(transitions.at(1).now, HealthStatus::Down);

    QVERIFY(runRound(monitor)); // still down
    QCOMPARE(transitions.size(), 2);

    m_server->route("/h", status(200));
    QVERIFY(runRound(monitor));
    QCOMPARE(transitions.size(), 3);
    QCOMPARE(transitions.at(2).previous, HealthStatus::Down);
    QCOMPARE(transitions.at(2).now, HealthStatus::Up);

    // New checks start over: the first judgement is announced again.
    monitor.setChecks({http(QStringLiteral("api"), url("/h"))});
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Unknown);
    QVERIFY(runRound(monitor));
    QCOMPARE(transitions.size(), 4);
    QCOMPARE(transitions.at(3).previous, HealthStatus::Unknown);
}

void TestHealthMonitor::supersededRoundIsDropped()
{
    HealthMonitor monitor;
    monitor.setTimeoutMs(5000);
    QList<Transition> transitions;
    connect(&monitor, &HealthMonitor::statusChanged, this,
            [&](const HealthResult& r, HealthStatus previous) {
                transitions.append({r.service, previous, r.status});
            });
    monitor.setChecks({http(QStringLiteral("api"), url("/h"))});
    QSignalSpy rounds(&monitor, &HealthMonitor::resultsChanged);

    // Round 1 is slow and will say 503.
    FakeHttpServer::Response slowDown = status(503);
    slowDown.delayMs = 300;
    m_server->route("/h", slowDown);
    monitor.start();
    QTRY_COMPARE(m_server->requests().size(), 1);

    // Round 2 supersedes it and says 200 at once.
    m_server->route("/h", status(200));
    monitor.probeNow();
    QTRY_COMPARE(rounds.size(), 1);
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Up);

    // Round 3 is as slow as round 1 and started later, so round 1's answer, were it delivered,
    // would come before round 3's.
    m_server->route("/h", slowDown);
    monitor.probeNow();
    QTRY_COMPARE(rounds.size(), 2);
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QCOMPARE(m_server->requests().size(), 3);

    // Up (round 2) then Down (round 3); round 1's late 503 never showed.
    QCOMPARE(transitions.size(), 2);
    QCOMPARE(transitions.at(0).previous, HealthStatus::Unknown);
    QCOMPARE(transitions.at(0).now, HealthStatus::Up);
    QCOMPARE(transitions.at(1).previous, HealthStatus::Up);
    QCOMPARE(transitions.at(1).now, HealthStatus::Down);
    QCOMPARE(rounds.size(), 2);
}

void TestHealthMonitor::intervalStartsNextRound()
{
    m_server->route("/h", status(200));
    HealthMonitor monitor;
    monitor.setIntervalMs(20);
    QCOMPARE(monitor.intervalMs(), 20);
    monitor.setChecks({http(QStringLiteral("api"), url("/h"))});
    QSignalSpy rounds(&monitor, &HealthMonitor::resultsChanged);
    QVERIFY(!monitor.isStarted());
    monitor.start();
    QVERIFY(monitor.isStarted());
    QTRY_VERIFY(rounds.size() >= 3);
    QVERIFY(m_server->requests().size() >= 3);

    // Stopped: the round in flight is abandoned and no new one starts.
    monitor.stop();
    QVERIFY(!monitor.isStarted());
    const qsizetype after = rounds.size();
    // Time for several of its intervals: another monitor with the same interval runs 5 rounds.
    HealthMonitor other;
    other.setIntervalMs(20);
    other.setChecks({http(QStringLiteral("other"), url("/h"))});
    QSignalSpy otherRounds(&other, &HealthMonitor::resultsChanged);
    other.start();
    QTRY_VERIFY(otherRounds.size() >= 5);
    QCOMPARE(rounds.size(), after);
}

void TestHealthMonitor::demoMakesNoRequest()
{
    m_server->setDefault(status(503));
    HealthMonitor monitor;
    PrometheusConfig config;
    config.baseUrl = m_server->baseUrl();
    monitor.setPrometheus(config);
    monitor.setDemo(true);
    QVERIFY(monitor.isDemo());
    monitor.setChecks({http(QStringLiteral("api"), url("/h")),
                       promqlCheck(QStringLiteral("nl2cypher"), QStringLiteral("up == 1")),
                       manual(QStringLiteral("redis"), QStringLiteral("redis-cli PING"))});
    QVERIFY(runRound(monitor, true));
    QVERIFY(runRound(monitor));
    QCOMPARE(m_server->requests().size(), 0);
    const QList<HealthResult>& r = monitor.results();
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(r.at(i).status, HealthStatus::Up);
        QCOMPARE(r.at(i).detail, QStringLiteral("DEMO"));
        QVERIFY(r.at(i).demo);
    }
    QCOMPARE(r.at(2).status, HealthStatus::NotProbed);
    QVERIFY(!r.at(2).demo);

    // Leaving demo probes for real at once.
    QSignalSpy round(&monitor, &HealthMonitor::resultsChanged);
    monitor.setDemo(false);
    QVERIFY(round.wait(10000));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QVERIFY(!monitor.results().at(0).demo);
    QCOMPARE(m_server->requests().size(), 2);
}

void TestHealthMonitor::failingCriticalListsCriticalDownOnly()
{
    m_server->route("/down", status(503));
    m_server->route("/up", status(200));
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("ui"), url("/down"), false),
                       http(QStringLiteral("ledger"), url("/down"), true),
                       http(QStringLiteral("policy"), url("/up"), true),
                       manual(QStringLiteral("postgres"), QStringLiteral("pg_isready")),
                       http(QStringLiteral("gateway"), url("/down"), true)});
    QVERIFY(monitor.failingCritical().isEmpty()); // unknown is not failing
    QVERIFY(runRound(monitor, true));
    const QList<HealthResult> failing = monitor.failingCritical();
    QCOMPARE(failing.size(), 2);
    QCOMPARE(failing.at(0).service, QStringLiteral("ledger"));
    QCOMPARE(failing.at(1).service, QStringLiteral("gateway"));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down); // down, but not critical
}

void TestHealthMonitor::promql_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<HealthStatus>("expected");
    QTest::addColumn<QString>("detail");

    const QString q = QStringLiteral("up{job=\"nl2cypher\"} == 1");
    QTest::newRow("one sample, 1")
        << vector({"1"}) << 200 << HealthStatus::Up << q + QStringLiteral(" returned 1");
    QTest::newRow("two samples") << vector({"1", "1"}) << 200 << HealthStatus::Up
                                 << q + QStringLiteral(" returned 2 samples, none 0");
    QTest::newRow("empty result") << vector({}) << 200 << HealthStatus::Down
                                  << q + QStringLiteral(" returned no sample");
    QTest::newRow("value 0") << vector({"1", "0"}) << 200 << HealthStatus::Down
                             << q + QStringLiteral(" returned 0 for {__name__=\"up\","
                                                   "instance=\"10.0.0.2:4020\",job=\"nl2cypher\"}");
    QTest::newRow("scalar 1") << QByteArray(R"({"status":"success","data":{"resultType":"scalar",)"
                                            R"("result":[1700000000,"1"]}})")
                              << 200 << HealthStatus::Up << q + QStringLiteral(" returned 1");
    QTest::newRow("bad PromQL (400)")
        << QByteArray(R"({"status":"error","errorType":"bad_data",)"
                      R"("error":"1:19: parse error: unexpected \"=\""})")
        << 400 << HealthStatus::Unknown << QStringLiteral("1:19: parse error: unexpected \"=\"");
    QTest::newRow("error in a 200")
        << QByteArray(R"({"status":"error","errorType":"timeout","error":"query timed out"})")
        << 200 << HealthStatus::Unknown
        << QStringLiteral("Prometheus could not answer: timeout: query timed out");
    QTest::newRow("not Prometheus")
        << QByteArray(R"({"hello":"world"})") << 200 << HealthStatus::Unknown
        << q + QStringLiteral(" is not a Prometheus query result");
}

void TestHealthMonitor::promql()
{
    QFETCH(QByteArray, body);
    QFETCH(int, httpStatus);
    QFETCH(HealthStatus, expected);
    QFETCH(QString, detail);

    m_server->route("/api/v1/query", FakeHttpServer::json(body, httpStatus));
    HealthMonitor monitor;
    PrometheusConfig config;
    config.baseUrl = m_server->baseUrl();
    monitor.setPrometheus(config);
    const QString query = QStringLiteral("up{job=\"nl2cypher\"} == 1");
    monitor.setChecks({promqlCheck(QStringLiteral("nl2cypher"), query)});
    QVERIFY(runRound(monitor, true));
    const HealthResult& r = monitor.results().at(0);
    QCOMPARE(r.kind, CheckKind::PromQL);
    QCOMPARE(r.status, expected);
    QVERIFY2(r.detail.endsWith(detail), qPrintable(r.detail));
    if (expected == HealthStatus::Unknown)
        QVERIFY(monitor.failingCritical().isEmpty()); // golive cannot tell: no abort banner
    else
        QCOMPARE(monitor.failingCritical().size(), expected == HealthStatus::Down ? 1 : 0);

    // The expression was asked as written, at the present.
    QCOMPARE(m_server->requests().size(), 1);
    const QUrlQuery sent(m_server->requests().at(0).url());
    QCOMPARE(sent.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), query);
    QVERIFY(!sent.hasQueryItem(QStringLiteral("time")));
}

void TestHealthMonitor::promqlWithoutPrometheus()
{
    HealthMonitor monitor;
    monitor.setChecks({promqlCheck(QStringLiteral("nl2cypher"), QStringLiteral("up == 1"))});
    QVERIFY(runRound(monitor, true));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Unknown);
    QCOMPARE(monitor.results().at(0).detail,
             QStringLiteral("no Prometheus configured to ask up == 1"));
}

void TestHealthMonitor::promqlPrometheusUnreachable()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    HealthMonitor monitor;
    PrometheusConfig config;
    config.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    monitor.setPrometheus(config);
    monitor.setChecks({promqlCheck(QStringLiteral("nl2cypher"), QStringLiteral("up == 1"))});
    QVERIFY(runRound(monitor, true));
    // Not Down: the service may be fine, golive cannot tell.
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Unknown);
    QVERIFY2(monitor.results().at(0).detail.startsWith(
                 QStringLiteral("cannot reach Prometheus at http://127.0.0.1:%1").arg(port)),
             qPrintable(monitor.results().at(0).detail));
    QVERIFY(monitor.failingCritical().isEmpty());

    // A silent Prometheus is bounded by the monitor's timeout.
    m_server->route("/api/v1/query", FakeHttpServer::of(Kind::Hang));
    config.baseUrl = m_server->baseUrl();
    monitor.setTimeoutMs(200);
    QSignalSpy round(&monitor, &HealthMonitor::resultsChanged);
    monitor.setPrometheus(config); // started: probes again at once
    QVERIFY(round.wait(10000));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Unknown);
    QVERIFY2(monitor.results().at(0).detail.contains(QLatin1String("did not answer within 0.2 s")),
             qPrintable(monitor.results().at(0).detail));
}

// A critical check last judged Down stays an abort trigger when Prometheus then cannot be
// reached (unknown is not all clear), until a probe says Up again.
void TestHealthMonitor::downStaysFailingWhilePrometheusIsUnreachable()
{
    m_server->route("/api/v1/query", FakeHttpServer::json(vector({}), 200));
    HealthMonitor monitor;
    PrometheusConfig config;
    config.baseUrl = m_server->baseUrl();
    monitor.setPrometheus(config);
    monitor.setChecks({promqlCheck(QStringLiteral("nl2cypher"), QStringLiteral("up == 1"))});
    QVERIFY(runRound(monitor, true));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QCOMPARE(monitor.failingCritical().size(), 1);

    m_server->route("/api/v1/query", FakeHttpServer::json("<html>bad gateway</html>", 502));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Unknown);
    const QList<HealthResult> failing = monitor.failingCritical();
    QCOMPARE(failing.size(), 1);
    QCOMPARE(failing.at(0).status, HealthStatus::Down);
    QVERIFY2(failing.at(0).detail.startsWith(QStringLiteral("down when last probed")),
             qPrintable(failing.at(0).detail));

    m_server->route("/api/v1/query", FakeHttpServer::json(vector({"1"}), 200));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Up);
    QVERIFY(monitor.failingCritical().isEmpty());
}

// The PromQL checks go through PrometheusClient with the dashboard's credentials: a
// Prometheus that redirects to another address (another port is another origin) gets the
// check Unknown, in words, and the other address gets nothing.
void TestHealthMonitor::promqlRedirectToAnotherOriginIsNotFollowed()
{
    FakeHttpServer other;
    QVERIFY(other.listen());
    other.setDefault(FakeHttpServer::json(vector({"1"})));
    m_server->setDefault(FakeHttpServer::redirect(other.baseUrl(), 302));
    HealthMonitor monitor;
    PrometheusConfig config;
    config.baseUrl = m_server->baseUrl();
    config.auth = PrometheusConfig::Auth::Bearer;
    config.secret = QStringLiteral("s3cret");
    monitor.setPrometheus(config);
    monitor.setChecks({promqlCheck(QStringLiteral("nl2cypher"), QStringLiteral("up == 1"))});
    QVERIFY(runRound(monitor, true));
    const HealthResult& r = monitor.results().at(0);
    QCOMPARE(r.status, HealthStatus::Unknown);
    QVERIFY2(r.detail.contains(
                 QStringLiteral("redirected to %1/api/v1/query?").arg(other.baseUrl().toString())),
             qPrintable(r.detail));
    QVERIFY2(
        r.detail.contains(QStringLiteral("golive does not follow redirects to another address")),
        qPrintable(r.detail));
    QCOMPARE(m_server->requests().size(), 1);
    QTest::qWait(100);
    QCOMPARE(other.requests().size(), 0);
}

// An HTTP probe is never redirected either, not even to another loopback port.
void TestHealthMonitor::httpRedirectToAnotherOriginIsNotFollowed()
{
    FakeHttpServer other;
    QVERIFY(other.listen());
    other.setDefault(status(200));
    m_server->setDefault(FakeHttpServer::redirect(other.baseUrl(), 307));
    HealthMonitor monitor;
    monitor.setChecks({http(QStringLiteral("api"), url("/health"))});
    QVERIFY(runRound(monitor, true));
    QCOMPARE(monitor.results().at(0).status, HealthStatus::Down);
    QVERIFY2(monitor.results().at(0).detail.contains(QStringLiteral("not followed")),
             qPrintable(monitor.results().at(0).detail));
    QTest::qWait(100);
    QCOMPARE(other.requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestHealthMonitor)
#include "tst_healthmonitor.moc"
