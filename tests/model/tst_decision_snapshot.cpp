// The snapshot a decision carries: its JSON round trip, its refusals, its cap, and its words.
#include "SignOffEvent.h"
#include "decision/DecisionSnapshot.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace golive;

namespace {

QDateTime at(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toUTC();
}

DecisionSnapshot sample()
{
    DecisionSnapshot s;
    s.takenUtc = at("2026-05-01T06:00:03.250Z");
    s.prometheus = QStringLiteral("http://127.0.0.1:9090");
    s.dataTimeUtc = at("2026-05-01T06:00:00.000Z");
    s.dashboardTitle = QStringLiteral("Summit");
    s.dashboardSha256 = QString(64, u'a');
    SnapshotPanel latency;
    latency.id = QStringLiteral("prov-ledger-p95");
    latency.title = QStringLiteral("prov-ledger p95 latency");
    latency.unit = QStringLiteral("s");
    latency.value = 0.452;
    latency.objective = 0.3;
    latency.state = QStringLiteral("breach");
    latency.valueTimeUtc = at("2026-05-01T06:00:00.000Z");
    SnapshotPanel errors;
    errors.id = QStringLiteral("errors");
    errors.title = QStringLiteral("error rate");
    errors.unit = QStringLiteral("ratio");
    errors.objective = 0.01;
    errors.state = QStringLiteral("unknown");
    errors.note = QStringLiteral("no data");
    s.panels = {latency, errors};
    SnapshotAlert alert;
    alert.name = QStringLiteral("ProvLedgerLatencyHigh");
    alert.severity = QStringLiteral("critical");
    alert.sinceUtc = at("2026-05-01T05:58:00.000Z");
    s.alerts = {alert};
    SnapshotHealth up;
    up.service = QStringLiteral("gateway");
    up.state = QStringLiteral("up");
    up.lastProbedUtc = at("2026-05-01T05:59:55.000Z");
    SnapshotHealth never;
    never.service = QStringLiteral("prov-ledger");
    never.state = QStringLiteral("unknown");
    SnapshotHealth manual;
    manual.service = QStringLiteral("postgres");
    manual.state = QStringLiteral("not-probed");
    manual.critical = false;
    s.health = {up, never, manual};
    return s;
}

} // namespace

class TestDecisionSnapshot : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip()
    {
        const DecisionSnapshot s = sample();
        const QString json = s.toJson();
        QString error;
        const auto back = DecisionSnapshot::fromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toJson(), json); // stable: what is read writes the same bytes
        QCOMPARE(back->panels.size(), 2);
        QCOMPARE(*back->panels.at(0).value, 0.452);
        QVERIFY(!back->panels.at(1).value); // no data stays no data, never 0
        QCOMPARE(back->panels.at(1).note, QStringLiteral("no data"));
        QCOMPARE(back->health.at(1).state, QStringLiteral("unknown"));
        QVERIFY(!back->health.at(1).lastProbedUtc.isValid());
        QCOMPARE(back->takenUtc, s.takenUtc);
        // Sorted keys, compact: the bytes depend only on the values.
        QVERIFY(json.startsWith(QLatin1String("{\"alerts\":[")));
        QVERIFY(!json.contains(QLatin1Char(' ') + QLatin1String("\"")));
    }

    void checksRoundTripAndAreNamed()
    {
        DecisionSnapshot s = sample();
        s.checks = {{QStringLiteral("4.3"), QStringLiteral("health-green"), false,
                     QStringLiteral("prov-ledger unknown")},
                    {QStringLiteral("4.4"), QStringLiteral("previous-complete"), true, {}}};
        const auto back = DecisionSnapshot::fromJson(s.toJson());
        QVERIFY(back);
        QCOMPARE(back->checks.size(), 2);
        QVERIFY(!back->checks.at(0).met);
        QVERIFY(back->checks.at(1).met);
        QCOMPARE(back->checksNotMet(),
                 QStringList{QStringLiteral("4.3 health-green (prov-ledger unknown)")});
        QVERIFY(back->summary().endsWith(
            QLatin1String("checks not met: 4.3 health-green (prov-ledger unknown)")));
    }

    void notFiniteValuesAreKeptAsText()
    {
        DecisionSnapshot s = sample();
        s.panels[0].value = qInf();
        const auto back = DecisionSnapshot::fromJson(s.toJson());
        QVERIFY(back);
        QVERIFY(back->panels.at(0).value && qIsInf(*back->panels.at(0).value));
    }

    void refusesWhatItDidNotWrite_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("words");
        QTest::newRow("not json") << "{"
                                  << "not a JSON object";
        QTest::newRow("array") << "[]"
                               << "not a JSON object";
        QTest::newRow("demo as text") << R"({"demo":"yes"})"
                                      << "\"demo\" is not true or false";
        QTest::newRow("panel state") << R"({"panels":[{"id":"a","title":"a","objective":1,)"
                                        R"("good":"below","state":"fine"}]})"
                                     << "unknown state \"fine\"";
        QTest::newRow("value as text") << R"({"panels":[{"id":"a","title":"a","objective":1,)"
                                          R"("good":"below","state":"ok","value":"1"}]})"
                                       << "\"value\" is not a number";
        QTest::newRow("check state") << R"({"health":[{"service":"a","state":"green"}]})"
                                     << "unknown state \"green\"";
        QTest::newRow("bad time") << R"({"taken":"yesterday"})"
                                  << "\"taken\" is not a time";
        QTest::newRow("negative count") << R"({"alerts_left_out":-1})"
                                        << "is not a count";
    }
    void refusesWhatItDidNotWrite()
    {
        QFETCH(QString, json);
        QFETCH(QString, words);
        QString error;
        QVERIFY(!DecisionSnapshot::fromJson(json, &error));
        QVERIFY2(error.contains(words), qPrintable(error));
    }

    void capsAlertsAndCountsWhatIsLeftOut()
    {
        DecisionSnapshot s = sample();
        s.alerts.clear();
        for (int i = 0; i < 80; ++i) {
            SnapshotAlert a;
            a.name = QStringLiteral("Warn%1").arg(i, 2, 10, QLatin1Char('0'));
            a.severity = QStringLiteral("warning");
            s.alerts.append(a);
        }
        SnapshotAlert critical;
        critical.name = QStringLiteral("ZZLast");
        critical.severity = QStringLiteral("critical");
        s.alerts.append(critical);
        const auto back = DecisionSnapshot::fromJson(s.toJson());
        QVERIFY(back);
        QCOMPARE(back->alerts.size(), DecisionSnapshot::kMaxAlerts);
        QCOMPARE(back->alertsLeftOut, 81 - DecisionSnapshot::kMaxAlerts);
        // The critical alert is kept first, whatever its name.
        QCOMPARE(back->alerts.first().name, QStringLiteral("ZZLast"));
        QVERIFY(back->summary().contains(QLatin1String("alerts: 81 firing")));
    }

    void staysUnderTheByteCap()
    {
        DecisionSnapshot s = sample();
        s.alerts.clear();
        for (int i = 0; i < 40; ++i) {
            SnapshotAlert a;
            a.name = QStringLiteral("Alert%1").arg(i);
            a.severity = QStringLiteral("critical");
            a.summary = QString(5000, u'x'); // 40 x 5 KB of summaries: over 64 KiB
            s.alerts.append(a);
        }
        for (int i = 0; i < 2000; ++i) { // a dashboard far bigger than any real one
            SnapshotPanel p = s.panels.at(0);
            p.id = QStringLiteral("p%1").arg(i);
            p.title = QString(100, u't');
            s.panels.append(p);
        }
        const QString json = s.toJson();
        QVERIFY(json.toUtf8().size() <= DecisionSnapshot::kMaxBytes);
        const auto back = DecisionSnapshot::fromJson(json);
        QVERIFY(back);
        // Whatever was left out is counted, never silently dropped.
        QCOMPARE(back->alerts.size() + back->alertsLeftOut, 40);
        QCOMPARE(back->panels.size() + back->panelsLeftOut, s.panels.size());
        QVERIFY(back->panelsLeftOut > 0);
        QVERIFY(back->summary().contains(QLatin1String("not recorded")));
        for (const SnapshotAlert& a : back->alerts)
            QVERIFY(a.summary.size() <= 200);
        // Over the cap is refused when read.
        QString error;
        QVERIFY(
            !DecisionSnapshot::fromJson(QString(DecisionSnapshot::kMaxBytes + 1, u' '), &error));
        QVERIFY(error.contains(QLatin1String("limit")));
    }

    void whatADecisionWasTakenOver()
    {
        DecisionSnapshot s = sample();
        QCOMPARE(s.breachedPanels(), QStringList{QStringLiteral("prov-ledger p95 latency")});
        QCOMPARE(s.criticalChecksNotUp(), QStringList{QStringLiteral("prov-ledger")});
        QVERIFY(s.takenOverBreach());
        s.panels[0].state = QStringLiteral("ok");
        QVERIFY(s.takenOverBreach()); // the critical alert still fires
        s.alerts.clear();
        QVERIFY(!s.takenOverBreach());
        // Demo data is never taken for a real breach.
        DecisionSnapshot demo = sample();
        demo.demo = true;
        QVERIFY(!demo.takenOverBreach());
        QVERIFY(demo.summary().startsWith(QLatin1String("DEMO data: ")));
    }

    void summaryWords()
    {
        const DecisionSnapshot s = sample();
        QCOMPARE(s.summary(),
                 QStringLiteral("SLO: 1 breach (prov-ledger p95 latency 452 ms, objective < 300 "
                                "ms), 1 unknown; alerts: 1 firing; health: 1 up, prov-ledger "
                                "unknown, not probed (manual): postgres"));
        DecisionSnapshot down;
        down.sloUnavailable = QStringLiteral("connection refused");
        down.alertsUnavailable = QStringLiteral("connection refused");
        QCOMPARE(down.summary(), QStringLiteral("SLO data unavailable: connection refused; "
                                                "alerts unavailable: connection refused"));
    }

    void whichEventsTakeOne()
    {
        Runbook runbook;
        RunbookSection section;
        RunbookGroup group;
        RunbookItem plain;
        plain.id = QStringLiteral("1.1");
        RunbookItem checked;
        checked.id = QStringLiteral("1.2");
        checked.requiredChecks = {QStringLiteral("health-green")};
        group.items = {plain, checked};
        section.groups = {group};
        runbook.sections = {section};
        SignOffEvent e;
        e.kind = EventKind::Decision;
        QVERIFY(eventTakesSnapshot(e, runbook));
        e.kind = EventKind::PhaseChanged;
        QVERIFY(eventTakesSnapshot(e, runbook));
        e.kind = EventKind::StepFailed;
        QVERIFY(eventTakesSnapshot(e, runbook));
        e.kind = EventKind::Observed;
        e.fieldKey = QStringLiteral("health-down");
        QVERIFY(eventTakesSnapshot(e, runbook));
        e.fieldKey = QStringLiteral("health-up");
        QVERIFY(!eventTakesSnapshot(e, runbook));
        e.kind = EventKind::Signed;
        e.itemId = QStringLiteral("1.1");
        QVERIFY(!eventTakesSnapshot(e, runbook));
        e.itemId = QStringLiteral("1.2");
        QVERIFY(eventTakesSnapshot(e, runbook));
        e.kind = EventKind::NoteAdded;
        QVERIFY(!eventTakesSnapshot(e, runbook));
    }

    void theHashCoversIt()
    {
        SignOffEvent e;
        e.seq = 1;
        e.kind = EventKind::Decision;
        e.fieldKey = QStringLiteral("go");
        const QByteArray without = e.canonicalPayload();
        QVERIFY(!without.contains("snapshot")); // older events hash as they always did
        e.snapshot = sample().toJson();
        const QByteArray hash = e.computeHash();
        QVERIFY(e.canonicalPayload().contains("\"snapshot\":"));
        e.snapshot.replace(QLatin1String("0.452"), QLatin1String("0.252"));
        QVERIFY(e.computeHash() != hash);
    }
};

QTEST_GUILESS_MAIN(TestDecisionSnapshot)
#include "tst_decision_snapshot.moc"
