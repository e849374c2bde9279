// A decision's snapshot built from what golive holds: nothing missing or stale is left out or
// dressed up, demo data is marked, and no credential reaches the record.
#include "decision/SnapshotBuilder.h"

#include <QTest>

using namespace golive;

namespace {

Dashboard dashboard()
{
    Dashboard d;
    d.title = QStringLiteral("Summit");
    PanelDefinition latency;
    latency.id = QStringLiteral("lat");
    latency.title = QStringLiteral("prov-ledger p95 latency");
    latency.unit = QStringLiteral("s");
    latency.slo.objective = 0.3;
    PanelDefinition errors;
    errors.id = QStringLiteral("err");
    errors.title = QStringLiteral("error rate");
    errors.unit = QStringLiteral("ratio");
    errors.slo.objective = 0.01;
    PanelDefinition never;
    never.id = QStringLiteral("never");
    never.title = QStringLiteral("never fetched");
    d.panels = {latency, errors, never};
    HealthCheckDefinition gateway;
    gateway.service = QStringLiteral("gateway");
    HealthCheckDefinition ledger;
    ledger.service = QStringLiteral("prov-ledger");
    HealthCheckDefinition db;
    db.service = QStringLiteral("postgres");
    db.kind = HealthCheckDefinition::Kind::Manual;
    db.critical = false;
    d.healthChecks = {gateway, ledger, db};
    return d;
}

const QDateTime kNow = QDateTime(QDate(2026, 5, 1), QTime(6, 0), Qt::UTC);

SnapshotInputs inputs(const Dashboard& d)
{
    SnapshotInputs in;
    in.dashboard = &d;
    in.nowUtc = kNow;
    in.prometheus = QStringLiteral("https://alice:s3cret@prom.example:9090/prom?token=abc");
    PanelUpdate lat;
    lat.panelId = QStringLiteral("lat");
    lat.ok = true;
    lat.currentValue = 0.452;
    lat.state = SloState::Breach;
    lat.fetchedAtUtc = kNow.addSecs(-10);
    PanelUpdate err;
    err.panelId = QStringLiteral("err");
    err.ok = false;
    err.error = QStringLiteral("connection refused");
    err.fetchedAtUtc = kNow.addSecs(-10);
    in.panels.insert(lat.panelId, lat);
    in.panels.insert(err.panelId, err);
    in.alertsAnswered = true;
    AlertInfo firing;
    firing.name = QStringLiteral("ProvLedgerLatencyHigh");
    firing.severity = QStringLiteral("critical");
    firing.state = QStringLiteral("firing");
    firing.labels = {{QStringLiteral("alertname"), firing.name},
                     {QStringLiteral("instance"), QStringLiteral("a")}};
    AlertInfo pending = firing;
    pending.state = QStringLiteral("pending");
    in.alerts = {firing, pending};
    in.healthWatched = true;
    HealthResult up;
    up.service = QStringLiteral("gateway");
    up.status = HealthStatus::Up;
    up.checkedAtUtc = kNow.addSecs(-5);
    in.health = {up}; // prov-ledger never reported
    return in;
}

} // namespace

class TestSnapshotBuilder : public QObject
{
    Q_OBJECT
private slots:
    void recordsWhatWasSeenAndWhatWasNot()
    {
        const Dashboard d = dashboard();
        const DecisionSnapshot s = buildSnapshot(inputs(d));
        QCOMPARE(s.panels.size(), 3);
        QCOMPARE(s.panels.at(0).state, QStringLiteral("breach"));
        QCOMPARE(*s.panels.at(0).value, 0.452);
        QCOMPARE(s.panels.at(1).state, QStringLiteral("unknown"));
        QCOMPARE(s.panels.at(1).note, QStringLiteral("connection refused"));
        QVERIFY(!s.panels.at(2).value);
        QVERIFY(s.panels.at(2).note.startsWith(QLatin1String("no data yet")));
        // Only firing alerts, named with the labels that tell instances apart.
        QCOMPARE(s.alerts.size(), 1);
        QCOMPARE(s.alerts.at(0).name, QStringLiteral("ProvLedgerLatencyHigh{instance=\"a\"}"));
        // A check never reported is unknown, not left out; a manual one is not probed.
        QCOMPARE(s.health.size(), 3);
        QCOMPARE(s.health.at(1).state, QStringLiteral("unknown"));
        QCOMPARE(s.health.at(2).state, QStringLiteral("not-probed"));
        QCOMPARE(s.criticalChecksNotUp(), QStringList{QStringLiteral("prov-ledger")});
        QVERIFY(s.takenOverBreach());
    }

    void neverRecordsCredentials()
    {
        const Dashboard d = dashboard();
        const DecisionSnapshot s = buildSnapshot(inputs(d));
        QCOMPARE(s.prometheus, QStringLiteral("https://prom.example:9090/prom"));
        const QString json = s.toJson();
        QVERIFY(!json.contains(QLatin1String("s3cret")));
        QVERIFY(!json.contains(QLatin1String("alice")));
        QVERIFY(!json.contains(QLatin1String("token")));
    }

    void staleDataSaysSo()
    {
        const Dashboard d = dashboard();
        SnapshotInputs in = inputs(d);
        in.panels[QStringLiteral("lat")].fetchedAtUtc = kNow.addSecs(-20 * 60);
        const DecisionSnapshot s = buildSnapshot(in);
        QVERIFY2(s.panels.at(0).note.contains(QLatin1String("stale: fetched 20m before")),
                 qPrintable(s.panels.at(0).note));
        QCOMPARE(s.panels.at(0).state, QStringLiteral("breach")); // judged as fetched, and said so
    }

    void unavailableDataIsRecordedAsSuch()
    {
        const Dashboard d = dashboard();
        SnapshotInputs in = inputs(d);
        in.sloUnavailable = QStringLiteral("Prometheus unreachable: connection refused");
        in.alertsAnswered = false;
        in.alertsError = QStringLiteral("connection refused");
        in.healthWatched = false;
        const DecisionSnapshot s = buildSnapshot(in);
        QVERIFY(s.panels.isEmpty());
        QVERIFY(s.summary().startsWith(
            QLatin1String("SLO data unavailable: Prometheus unreachable: connection refused")));
        QCOMPARE(s.alertsUnavailable, QStringLiteral("connection refused"));
        QVERIFY(!s.healthUnavailable.isEmpty());
        QVERIFY(!s.takenOverBreach());
    }

    void demoIsMarked()
    {
        const Dashboard d = dashboard();
        SnapshotInputs in = inputs(d);
        in.demo = true;
        const DecisionSnapshot s = buildSnapshot(in);
        QVERIFY(s.demo);
        QVERIFY(s.prometheus.isEmpty());
        QVERIFY(s.panels.at(0).demo);
        QVERIFY(s.health.at(0).demo);
        QVERIFY(!s.takenOverBreach()); // demo is never a real breach
        QVERIFY(s.summary().startsWith(QLatin1String("DEMO data: ")));
    }

    void noDashboard()
    {
        SnapshotInputs in;
        in.nowUtc = kNow;
        const DecisionSnapshot s = buildSnapshot(in);
        QCOMPARE(s.sloUnavailable, QStringLiteral("the run has no SLO dashboard"));
        QVERIFY(!s.healthUnavailable.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSnapshotBuilder)
#include "tst_snapshot_builder.moc"
