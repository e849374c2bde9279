// HealthMonitor against a real Prometheus 2.42 (the CTest fixture of start-prometheus.sh),
// which scrapes itself as the job "prometheus" (up 1) and, as the job "nl2cypher", a loopback
// port nobody listens on (up 0): the PromQL checks judge a real `up`, the HTTP checks real
// sockets.
#include "Dashboard.h"
#include "HealthMonitor.h"

#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace golive;

static void initResources()
{
    Q_INIT_RESOURCE(golive_resources);
}

namespace {

HealthCheckDefinition check(const QString& service, HealthCheckDefinition::Kind kind,
                            const QString& target, bool critical = true)
{
    HealthCheckDefinition c;
    c.service = service;
    c.kind = kind;
    c.critical = critical;
    if (kind == HealthCheckDefinition::Kind::Http)
        c.url = target;
    else if (kind == HealthCheckDefinition::Kind::PromQL)
        c.query = target;
    else
        c.how = target;
    return c;
}

int readPort(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return QString::fromLatin1(file.readAll()).trimmed().toInt();
}

} // namespace

class TestRealHealth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void realUpAndRealSockets();

private:
    QUrl m_base;
    int m_deadPort = 0;
};

void TestRealHealth::initTestCase()
{
    initResources();
    const QString dir = qEnvironmentVariable("GOLIVE_PROMETHEUS_FIXTURE");
    QVERIFY2(!dir.isEmpty(), "GOLIVE_PROMETHEUS_FIXTURE is not set (run through CTest)");
    const int port = readPort(dir + QStringLiteral("/port"));
    QVERIFY2(port > 0, "no port in the fixture's folder; did the fixture run?");
    m_base = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    m_deadPort = readPort(dir + QStringLiteral("/dead-port"));
    QVERIFY2(m_deadPort > 0, "no dead-port in the fixture's folder (an older fixture?)");
}

void TestRealHealth::realUpAndRealSockets()
{
    using Kind = HealthCheckDefinition::Kind;
    // The bundled dashboard's own nl2cypher check, exactly as shipped.
    QString error;
    const auto bundled = Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), &error);
    QVERIFY2(bundled, qPrintable(error));
    std::optional<HealthCheckDefinition> nl2cypher;
    for (const HealthCheckDefinition& c : bundled->healthChecks) {
        if (c.service == QLatin1String("nl2cypher"))
            nl2cypher = c;
    }
    QVERIFY(nl2cypher);
    QCOMPARE(nl2cypher->kind, Kind::PromQL);

    HealthMonitor monitor;
    PrometheusConfig config;
    config.baseUrl = m_base;
    monitor.setPrometheus(config);
    monitor.setChecks({
        check(QStringLiteral("prometheus"), Kind::PromQL,
              QStringLiteral("up{job=\"prometheus\"} == 1")),
        *nl2cypher,
        check(QStringLiteral("prometheus-http"), Kind::Http,
              m_base.toString() + QStringLiteral("/-/healthy")),
        check(QStringLiteral("dead-http"), Kind::Http,
              QStringLiteral("http://127.0.0.1:%1/health").arg(m_deadPort), false),
        check(QStringLiteral("typo"), Kind::PromQL, QStringLiteral("up{job=")),
        check(QStringLiteral("postgres"), Kind::Manual, QStringLiteral("pg_isready")),
    });
    QList<std::pair<QString, HealthStatus>> transitions;
    connect(&monitor, &HealthMonitor::statusChanged, this,
            [&](const HealthResult& r, HealthStatus) {
                transitions.append({r.service, r.status});
            });
    QSignalSpy round(&monitor, &HealthMonitor::resultsChanged);
    monitor.start();
    QVERIFY(round.wait(20000));

    const QList<HealthResult>& r = monitor.results();
    QCOMPARE(r.size(), 6);
    QCOMPARE(r.at(0).status, HealthStatus::Up);
    QCOMPARE(r.at(0).detail, QStringLiteral("up{job=\"prometheus\"} == 1 returned 1"));
    QCOMPARE(r.at(1).status, HealthStatus::Down);
    QCOMPARE(r.at(1).detail, QStringLiteral("up{job=\"nl2cypher\"} == 1 returned no sample"));
    QCOMPARE(r.at(2).status, HealthStatus::Up);
    QVERIFY2(r.at(2).detail.startsWith(QLatin1String("HTTP 200 in ")), qPrintable(r.at(2).detail));
    QCOMPARE(r.at(3).status, HealthStatus::Down);
    QCOMPARE(r.at(3).detail, QStringLiteral("connection refused"));
    // A PromQL error is Prometheus's, in its words; golive cannot tell the service's health.
    QCOMPARE(r.at(4).status, HealthStatus::Unknown);
    QVERIFY2(r.at(4).detail.contains(QLatin1String("bad_data")) &&
                 r.at(4).detail.contains(QLatin1String("parse error")),
             qPrintable(r.at(4).detail));
    QCOMPARE(r.at(5).status, HealthStatus::NotProbed);
    for (const HealthResult& result : r)
        QVERIFY(!result.demo);

    // Only the critical one that is down raises the banner (dead-http is not critical).
    const QList<HealthResult> failing = monitor.failingCritical();
    QCOMPARE(failing.size(), 1);
    QCOMPARE(failing.at(0).service, QStringLiteral("nl2cypher"));

    // The first judgements, in dashboard order; the unknown and manual ones are not announced.
    const QList<std::pair<QString, HealthStatus>> expected{
        {QStringLiteral("prometheus"), HealthStatus::Up},
        {QStringLiteral("nl2cypher"), HealthStatus::Down},
        {QStringLiteral("prometheus-http"), HealthStatus::Up},
        {QStringLiteral("dead-http"), HealthStatus::Down}};
    QCOMPARE(transitions, expected);
}

QTEST_GUILESS_MAIN(TestRealHealth)
#include "tst_realhealth.moc"
