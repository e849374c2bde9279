// ObservationTracker: what the window sees becomes one observation per transition, judged
// against the run's ledger; errors are not recoveries; demo data is never handed out to record.
#include "Cutover.h"
#include "ObservationTracker.h"

#include <QSignalSpy>
#include <QTest>

using namespace golive;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 5, 1), QTime(6, 0), Qt::UTC);

AlertInfo alert(const QString& name, const QString& severity, const char* state = "firing",
                const QHash<QString, QString>& extra = {})
{
    AlertInfo a;
    a.name = name;
    a.severity = severity;
    a.state = QString::fromLatin1(state);
    a.summary = name == QLatin1String("ProvLedgerLatencyHigh")
                    ? QStringLiteral("prov-ledger p95 latency is above the 350 ms objective")
                    : QString();
    a.activeAtUtc = kT0.addSecs(-120);
    a.labels = extra;
    a.labels.insert(QStringLiteral("alertname"), name);
    a.labels.insert(QStringLiteral("severity"), severity);
    return a;
}

AlertInfo latencyHigh()
{
    return alert(QStringLiteral("ProvLedgerLatencyHigh"), QStringLiteral("critical"));
}

Dashboard dashboard()
{
    Dashboard d;
    PanelDefinition latency;
    latency.id = QStringLiteral("prov-ledger-p95");
    latency.title = QStringLiteral("prov-ledger p95 latency");
    latency.unit = QStringLiteral("s");
    latency.slo.objective = 0.35;
    latency.slo.good = SloSpec::Good::Below;
    PanelDefinition availability;
    availability.id = QStringLiteral("api-availability");
    availability.title = QStringLiteral("API availability");
    availability.unit = QStringLiteral("ratio");
    availability.slo.objective = 0.999;
    availability.slo.good = SloSpec::Good::Above;
    d.panels = {latency, availability};
    return d;
}

PanelUpdate panel(const QString& id, SloState state, double value, bool ok = true)
{
    PanelUpdate u;
    u.panelId = id;
    u.ok = ok;
    u.state = state;
    u.currentValue = value;
    if (!ok)
        u.error = QStringLiteral("Prometheus unreachable: connection refused");
    return u;
}

HealthResult health(const QString& service, HealthStatus status, const char* detail,
                    bool demo = false)
{
    HealthResult r;
    r.service = service;
    r.status = status;
    r.detail = QString::fromUtf8(detail);
    r.demo = demo;
    r.checkedAtUtc = kT0;
    return r;
}

using Obs = QList<QPair<QString, QString>>;
QPair<QString, QString> ob(const char* category, const char* text)
{
    return {QString::fromUtf8(category), QString::fromUtf8(text)};
}

// The observations handed out, as (category, text) pairs, in order.
QList<QPair<QString, QString>> take(ObservationTracker& t)
{
    QList<QPair<QString, QString>> out;
    for (const Observation& o : t.takeUnrecorded())
        out.append({o.category, o.text});
    return out;
}

// What a run's ledger holds after recording `observations` (seq and time as the ledger would).
QList<SignOffEvent> ledgerOf(const QList<QPair<QString, QString>>& observations,
                             QList<SignOffEvent> before = {})
{
    for (const auto& [category, text] : observations) {
        SignOffEvent e = makeObservedEvent(
            category, text, Actor::local(QStringLiteral("Ana Lima"), Role::Observer));
        e.seq = before.size() + 1;
        e.timeUtc = kT0.addSecs(e.seq * 10);
        before.append(e);
    }
    return before;
}

} // namespace

class TestObservationTracker : public QObject
{
    Q_OBJECT

private slots:
    void firingOnceThenResolvedOnce();
    void pendingAlertsDoNotCount();
    void instancesWithDifferentLabelsAreDistinct();
    void aListWithAnErrorResolvesNothing();
    void seedingDoesNotRecordTheSameFiringAgain();
    void seededFiringThatResolvedMeanwhileIsRecordedResolved();
    void seededResolvedAlertFiresAgain();
    void labelsWithQuotesAndBracesSurviveTheLedger();
    void sloBreachAndRecovery();
    void unknownPanelStatesAreNotRecoveries();
    void sloSeededFromTheLedger();
    void healthDownAndUp();
    void healthSeededDownComesUpOnTheNextRound();
    void demoIsShownButNeverHandedOut();
    void demoAndRealAreTrackedApart();
    void lateObservationsSayWhenTheyWereSeen();
    void refusedObservationsWaitAgain();
};

void TestObservationTracker::firingOnceThenResolvedOnce()
{
    ObservationTracker t;
    QSignalSpy observed(&t, &ObservationTracker::observed);
    t.alertsUpdated({latencyHigh()}, QString(), false);
    t.alertsUpdated({latencyHigh()}, QString(), false);
    t.alertsUpdated({latencyHigh()}, QString(), false);
    QCOMPARE(observed.size(), 1);
    QCOMPARE(take(t), (Obs{ob("alert-firing", "ProvLedgerLatencyHigh (critical): prov-ledger p95 "
                                              "latency is above the 350 ms objective")}));

    t.alertsUpdated({}, QString(), false);
    t.alertsUpdated({}, QString(), false);
    const auto resolved = take(t);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).first, QStringLiteral("alert-resolved"));
    QCOMPARE(resolved.at(0).second,
             QStringLiteral("ProvLedgerLatencyHigh (critical): no longer firing (active since "
                            "2026-05-01 05:58:00 UTC)"));
    QCOMPARE(observed.size(), 2);
}

void TestObservationTracker::pendingAlertsDoNotCount()
{
    ObservationTracker t;
    AlertInfo pending = latencyHigh();
    pending.state = QStringLiteral("pending");
    t.alertsUpdated({pending}, QString(), false);
    QVERIFY(t.unrecorded().isEmpty());
    t.alertsUpdated({latencyHigh()}, QString(), false);
    QCOMPARE(take(t).size(), 1);
    // Back to pending: it is no longer firing.
    t.alertsUpdated({pending}, QString(), false);
    const auto back = take(t);
    QCOMPARE(back.size(), 1);
    QCOMPARE(back.at(0).first, QStringLiteral("alert-resolved"));
}

void TestObservationTracker::instancesWithDifferentLabelsAreDistinct()
{
    ObservationTracker t;
    const AlertInfo a = alert(QStringLiteral("TargetDown"), QStringLiteral("critical"), "firing",
                              {{QStringLiteral("instance"), QStringLiteral("ledger-a:8080")},
                               {QStringLiteral("job"), QStringLiteral("prov-ledger")}});
    const AlertInfo b = alert(QStringLiteral("TargetDown"), QStringLiteral("critical"), "firing",
                              {{QStringLiteral("instance"), QStringLiteral("ledger-b:8080")},
                               {QStringLiteral("job"), QStringLiteral("prov-ledger")}});
    t.alertsUpdated({a, b}, QString(), false);
    const auto firing = take(t);
    QCOMPARE(firing.size(), 2);
    QCOMPARE(
        firing.at(0).second,
        QStringLiteral("TargetDown{instance=\"ledger-a:8080\", job=\"prov-ledger\"} (critical)"));
    QCOMPARE(
        firing.at(1).second,
        QStringLiteral("TargetDown{instance=\"ledger-b:8080\", job=\"prov-ledger\"} (critical)"));

    t.alertsUpdated({b}, QString(), false);
    const auto resolved = take(t);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).first, QStringLiteral("alert-resolved"));
    QVERIFY2(resolved.at(0).second.startsWith(
                 QStringLiteral("TargetDown{instance=\"ledger-a:8080\", job=\"prov-ledger\"} "
                                "(critical): no longer firing")),
             qPrintable(resolved.at(0).second));

    // The same name at another severity is another alert too.
    t.alertsUpdated(
        {b, alert(QStringLiteral("TargetDown"), QStringLiteral("warning"), "firing", b.labels)},
        QString(), false);
    QCOMPARE(take(t).size(), 1);
}

void TestObservationTracker::aListWithAnErrorResolvesNothing()
{
    ObservationTracker t;
    t.alertsUpdated({latencyHigh()}, QString(), false);
    QCOMPARE(take(t).size(), 1);
    // Prometheus unreachable: the list is empty because nothing could be read.
    t.alertsUpdated({}, QStringLiteral("Prometheus unreachable: connection refused"), false);
    QVERIFY(t.unrecorded().isEmpty());
    // Nor is it news when it comes back still firing.
    t.alertsUpdated({latencyHigh()}, QString(), false);
    QVERIFY(t.unrecorded().isEmpty());
    t.alertsUpdated({}, QString(), false);
    const auto resolved = take(t);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).first, QStringLiteral("alert-resolved"));
}

void TestObservationTracker::seedingDoesNotRecordTheSameFiringAgain()
{
    ObservationTracker first;
    first.alertsUpdated({latencyHigh()}, QString(), false);
    const QList<SignOffEvent> ledger = ledgerOf(take(first));
    QCOMPARE(ledger.size(), 1);

    // golive restarted (or the run reopened): the ledger says it is firing.
    ObservationTracker second;
    second.seed(ledger);
    second.alertsUpdated({latencyHigh()}, QString(), false);
    QVERIFY2(second.unrecorded().isEmpty(), "the same firing alert is not recorded twice");
    second.alertsUpdated({}, QString(), false);
    const auto resolved = take(second);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).first, QStringLiteral("alert-resolved"));
    // It was seen firing by this session, so it says when it became active.
    QVERIFY2(resolved.at(0).second.contains(QStringLiteral("active since")),
             qPrintable(resolved.at(0).second));

    // Seeding again from a ledger of events that are not observations changes nothing.
    ObservationTracker third;
    SignOffEvent signedOff;
    signedOff.kind = EventKind::Signed;
    signedOff.itemId = QStringLiteral("ProvLedgerLatencyHigh (critical)");
    third.seed({signedOff});
    third.alertsUpdated({latencyHigh()}, QString(), false);
    QCOMPARE(take(third).size(), 1);
}

void TestObservationTracker::seededFiringThatResolvedMeanwhileIsRecordedResolved()
{
    ObservationTracker first;
    first.alertsUpdated({latencyHigh()}, QString(), false);
    const QList<SignOffEvent> ledger = ledgerOf(take(first));

    ObservationTracker second;
    second.seed(ledger);
    // The source is unreachable at first: nothing is concluded.
    second.alertsUpdated({}, QStringLiteral("timed out"), false);
    QVERIFY(second.unrecorded().isEmpty());
    // The first good list does not have it: it resolved while golive was closed.
    second.alertsUpdated({alert(QStringLiteral("Other"), QStringLiteral("warning"), "pending")},
                         QString(), false);
    const auto resolved = take(second);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).first, QStringLiteral("alert-resolved"));
    QCOMPARE(resolved.at(0).second,
             QStringLiteral("ProvLedgerLatencyHigh (critical): no longer firing; it resolved "
                            "while golive was not watching (recorded firing at 2026-05-01 "
                            "06:00:10 UTC)"));
    second.alertsUpdated({}, QString(), false);
    QVERIFY(second.unrecorded().isEmpty());
}

void TestObservationTracker::seededResolvedAlertFiresAgain()
{
    ObservationTracker first;
    first.alertsUpdated({latencyHigh()}, QString(), false);
    first.alertsUpdated({}, QString(), false);
    const QList<SignOffEvent> ledger = ledgerOf(take(first));
    QCOMPARE(ledger.size(), 2);

    ObservationTracker second;
    second.seed(ledger);
    second.alertsUpdated({}, QString(), false);
    QVERIFY2(second.unrecorded().isEmpty(), "resolved in the ledger: not resolved again");
    second.alertsUpdated({latencyHigh()}, QString(), false);
    const auto again = take(second);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.at(0).first, QStringLiteral("alert-firing"));
}

void TestObservationTracker::labelsWithQuotesAndBracesSurviveTheLedger()
{
    const AlertInfo odd =
        alert(QStringLiteral("PathError"), QStringLiteral("critical"), "firing",
              {{QStringLiteral("path"), QStringLiteral("/api/{id} \"x\": (y)\\")}});
    const AlertInfo other =
        alert(QStringLiteral("PathError"), QStringLiteral("critical"), "firing",
              {{QStringLiteral("path"), QStringLiteral("/api/{id} \"x\": (z)\\")}});
    ObservationTracker first;
    first.alertsUpdated({odd}, QString(), false);
    const QList<SignOffEvent> ledger = ledgerOf(take(first));

    ObservationTracker second;
    second.seed(ledger);
    second.alertsUpdated({odd, other}, QString(), false);
    const auto firing = take(second);
    QCOMPARE(firing.size(), 1); // only the other instance is new
    QVERIFY2(firing.at(0).second.contains(QStringLiteral("(z)")), qPrintable(firing.at(0).second));
}

void TestObservationTracker::sloBreachAndRecovery()
{
    ObservationTracker t;
    t.setDashboard(dashboard());
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Ok, 0.21));
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::AtRisk, 0.31));
    QVERIFY2(t.unrecorded().isEmpty(), "ok and at risk are not breaches");
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.45));
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.52));
    QCOMPARE(take(t),
             (Obs{ob("slo-breach", "prov-ledger p95 latency: 450 ms, objective below 350 ms")}));
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::AtRisk, 0.32));
    QCOMPARE(take(t), (Obs{ob("slo-recovered", "prov-ledger p95 latency: 320 ms, within the "
                                               "objective again (below 350 ms); still at risk")}));

    t.panelUpdated(panel(QStringLiteral("api-availability"), SloState::Breach, 0.9952));
    QCOMPARE(take(t), (Obs{ob("slo-breach", "API availability: 99.52 %, objective above 99.9 %")}));
}

void TestObservationTracker::unknownPanelStatesAreNotRecoveries()
{
    ObservationTracker t;
    t.setDashboard(dashboard());
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.45));
    QCOMPARE(take(t).size(), 1);
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Unknown, qQNaN()));
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Ok, 0.2, /*ok=*/false));
    QVERIFY2(t.unrecorded().isEmpty(), "a fetch error is not a recovery");
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.45));
    QVERIFY(t.unrecorded().isEmpty());
    t.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Ok, 0.2));
    QCOMPARE(take(t).value(0).first, QStringLiteral("slo-recovered"));
}

void TestObservationTracker::sloSeededFromTheLedger()
{
    ObservationTracker first;
    first.setDashboard(dashboard());
    first.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.45));
    const QList<SignOffEvent> ledger = ledgerOf(take(first));

    // Reopened (the dashboard may come after the ledger): still in breach, nothing new.
    ObservationTracker second;
    second.seed(ledger);
    second.setDashboard(dashboard());
    second.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.47));
    QVERIFY(second.unrecorded().isEmpty());
    // A panel the ledger says nothing of starts good.
    second.panelUpdated(panel(QStringLiteral("api-availability"), SloState::Ok, 0.9999));
    QVERIFY(second.unrecorded().isEmpty());

    // Reopened while it recovered: the first good value is a recovery.
    ObservationTracker third;
    third.setDashboard(dashboard());
    third.seed(ledger);
    third.panelUpdated(panel(QStringLiteral("prov-ledger-p95"), SloState::Ok, 0.2));
    QCOMPARE(take(third).value(0).first, QStringLiteral("slo-recovered"));
}

void TestObservationTracker::healthDownAndUp()
{
    ObservationTracker t;
    t.healthChanged(health(QStringLiteral("prov-ledger"), HealthStatus::Up, "HTTP 200 in 35 ms"),
                    HealthStatus::Unknown);
    QVERIFY2(t.unrecorded().isEmpty(), "a first Up is not news");
    t.healthChanged(
        health(QStringLiteral("prov-ledger"), HealthStatus::Down, "HTTP 503 Service Unavailable"),
        HealthStatus::Up);
    t.healthResults({health(QStringLiteral("prov-ledger"), HealthStatus::Down, "no answer")});
    t.healthChanged(health(QStringLiteral("prov-ledger"), HealthStatus::Unknown, "?"),
                    HealthStatus::Down);
    QCOMPARE(take(t),
             (Obs{ob("health-down", "prov-ledger: HTTP 503 Service Unavailable (a critical "
                                    "check: abort trigger)")}));
    HealthResult manual = health(QStringLiteral("db"), HealthStatus::NotProbed, "by hand");
    t.healthResults(
        {manual, health(QStringLiteral("prov-ledger"), HealthStatus::Up, "HTTP 200 in 40 ms")});
    QCOMPARE(take(t), (Obs{ob("health-up", "prov-ledger: HTTP 200 in 40 ms")}));
}

void TestObservationTracker::healthSeededDownComesUpOnTheNextRound()
{
    ObservationTracker first;
    HealthResult down =
        health(QStringLiteral("nl2cypher"), HealthStatus::Down, "connection refused");
    down.critical = false;
    first.healthChanged(down, HealthStatus::Unknown);
    const auto recorded = take(first);
    QCOMPARE(recorded, (Obs{ob("health-down", "nl2cypher: connection refused")}));

    ObservationTracker second;
    // Seen Up before the run was opened; seeding forgets that, and the next round judges it
    // against the ledger, which has it down.
    second.healthResults({health(QStringLiteral("nl2cypher"), HealthStatus::Up, "HTTP 200")});
    QVERIFY(second.unrecorded().isEmpty());
    second.seed(ledgerOf(recorded));
    second.healthResults({health(QStringLiteral("nl2cypher"), HealthStatus::Up, "HTTP 200")});
    QCOMPARE(take(second), (Obs{ob("health-up", "nl2cypher: HTTP 200")}));
}

void TestObservationTracker::demoIsShownButNeverHandedOut()
{
    ObservationTracker t;
    t.setDashboard(dashboard());
    QSignalSpy observed(&t, &ObservationTracker::observed);
    t.alertsUpdated({latencyHigh()}, QString(), /*demo=*/true);
    PanelUpdate demoPanel = panel(QStringLiteral("prov-ledger-p95"), SloState::Breach, 0.45);
    demoPanel.demo = true;
    t.panelUpdated(demoPanel);
    t.healthChanged(health(QStringLiteral("prov-ledger"), HealthStatus::Down, "DEMO", true),
                    HealthStatus::Unknown);
    QCOMPARE(observed.size(), 3);
    for (const QList<QVariant>& args : std::as_const(observed))
        QVERIFY(args.at(0).value<Observation>().demo);
    QCOMPARE(t.demoObservations().size(), 3);
    QVERIFY(t.unrecorded().isEmpty());
    QVERIFY(t.takeUnrecorded().isEmpty());
    QCOMPARE(t.demoObservations().at(0).category, QStringLiteral("alert-firing"));

    // Demo observations are never seeded back either: a ledger is not read for them.
    for (int i = 0; i < ObservationTracker::kMaxDemoObservations; ++i)
        t.alertsUpdated(i % 2 ? QList<AlertInfo>{latencyHigh()} : QList<AlertInfo>{}, QString(),
                        true);
    QCOMPARE(t.demoObservations().size(), ObservationTracker::kMaxDemoObservations);
    QVERIFY(t.unrecorded().isEmpty());
}

void TestObservationTracker::demoAndRealAreTrackedApart()
{
    ObservationTracker t;
    t.alertsUpdated({latencyHigh()}, QString(), /*demo=*/true);
    // Switched to Prometheus: its first list does not "resolve" the demo alert.
    t.alertsUpdated({}, QString(), false);
    QVERIFY(t.unrecorded().isEmpty());
    // And a real firing alert of the same name is news, recorded.
    t.alertsUpdated({latencyHigh()}, QString(), false);
    QCOMPARE(take(t).size(), 1);
    QCOMPARE(t.demoObservations().size(), 1);
}

void TestObservationTracker::lateObservationsSayWhenTheyWereSeen()
{
    ObservationTracker t;
    QDateTime now = kT0;
    t.setClock([&now] { return now; });
    t.alertsUpdated({latencyHigh()}, QString(), false);
    QCOMPARE(t.unrecorded().at(0).seenAtUtc, kT0);
    now = kT0.addSecs(ObservationTracker::kLateSeconds);
    QCOMPARE(take(t).at(0).second,
             QStringLiteral("ProvLedgerLatencyHigh (critical): prov-ledger p95 latency is above "
                            "the 350 ms objective"));

    t.alertsUpdated({}, QString(), false);
    now = now.addSecs(15 * 60); // nobody was on duty for a quarter of an hour
    const QList<Observation> late = t.takeUnrecorded();
    QCOMPARE(late.size(), 1);
    QVERIFY2(late.at(0).text.endsWith(QStringLiteral(" (seen at 2026-05-01 06:00:30 UTC)")),
             qPrintable(late.at(0).text));
    QCOMPARE(late.at(0).description + QStringLiteral(" (seen at 2026-05-01 06:00:30 UTC)"),
             late.at(0).text);
}

void TestObservationTracker::refusedObservationsWaitAgain()
{
    ObservationTracker t;
    QDateTime now = kT0;
    t.setClock([&now] { return now; });
    t.alertsUpdated({latencyHigh()}, QString(), false);
    now = now.addSecs(5);
    t.alertsUpdated({}, QString(), false);
    const QList<Observation> out = t.takeUnrecorded();
    QCOMPARE(out.size(), 2);
    QCOMPARE(t.inFlight(), 2);
    QVERIFY(t.unrecorded().isEmpty());

    const Actor me = Actor::local(QStringLiteral("Ana Lima"), Role::Engineer);
    t.recorded(makeObservedEvent(out.at(1).category, out.at(1).text, me));
    QCOMPARE(t.inFlight(), 1);
    QSignalSpy changed(&t, &ObservationTracker::changed);
    t.notRecorded(makeObservedEvent(out.at(0).category, out.at(0).text, me),
                  QStringLiteral("disk full"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(t.inFlight(), 0);
    QCOMPARE(t.lastError(), QStringLiteral("disk full"));
    QCOMPARE(t.unrecorded().size(), 1);
    QCOMPARE(t.unrecorded().at(0).category, QStringLiteral("alert-firing"));
    QCOMPARE(t.unrecorded().at(0).seenAtUtc, kT0); // when it was seen, not when it was refused

    // Handed out again later, it says when it was seen, once.
    now = now.addSecs(120);
    const QList<Observation> again = t.takeUnrecorded();
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.at(0).text.count(QStringLiteral("(seen at")), 1);
}

QTEST_GUILESS_MAIN(TestObservationTracker)
#include "tst_observationtracker.moc"
