// The SLO monitor and the cutover monitor without any widget: polling at the chosen interval,
// "Off" meaning off before GO and a fallback interval past GO, the latest update per panel,
// the critical alerts (an error is not "all clear"), the breaches seen, and the cutover status.
#include "CutoverMonitor.h"
#include "RunState.h"
#include "SloMonitor.h"
#include "SloSource.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace golive;

namespace {

// Counts refreshes; answers only when a test emits.
class CountingSource : public SloSource
{
public:
    using SloSource::SloSource;
    void refresh(const Dashboard&, const QDateTime& startUtc, const QDateTime& endUtc,
                 int columns) override
    {
        ++refreshes;
        lastSpanSeconds = startUtc.secsTo(endUtc);
        lastColumns = columns;
    }
    bool isDemo() const override { return false; }
    QString description() const override { return QStringLiteral("counting"); }

    int refreshes = 0;
    qint64 lastSpanSeconds = 0;
    int lastColumns = 0;
};

Dashboard onePanel()
{
    Dashboard d;
    d.title = QStringLiteral("one");
    PanelDefinition p;
    p.id = QStringLiteral("p95");
    p.title = QStringLiteral("p95 latency");
    p.query = QStringLiteral("x");
    p.unit = QStringLiteral("s");
    p.slo.objective = 0.4;
    d.panels = {p};
    return d;
}

AlertInfo alert(const QString& name, const QString& severity)
{
    AlertInfo a;
    a.name = name;
    a.severity = severity;
    a.state = QStringLiteral("firing");
    return a;
}

QTimer* pollTimer(SloMonitor& monitor)
{
    return monitor.findChild<QTimer*>(QStringLiteral("sloPollTimer"));
}

} // namespace

class TestSloMonitor : public QObject
{
    Q_OBJECT

private slots:
    void pollsAtTheChosenIntervalWithoutAnyView();
    void offStopsPollingUntilPastGo();
    void keepsLatestUpdatesAlertsAndBreaches();
};

void TestSloMonitor::pollsAtTheChosenIntervalWithoutAnyView()
{
    SloMonitor monitor;
    CountingSource source;
    monitor.setRangeSeconds(900);
    monitor.setSource(&source, onePanel());
    QTRY_COMPARE(source.refreshes, 1); // the first, from the event loop
    QCOMPARE(source.lastSpanSeconds, 900);
    QCOMPARE(source.lastColumns, SloMonitor::fallbackColumns);
    QTimer* poll = pollTimer(monitor);
    QVERIFY(poll && poll->isActive());
    QCOMPARE(poll->interval(), monitor.refreshSeconds() * 1000);
    poll->setInterval(10);
    QTRY_VERIFY(source.refreshes >= 3);

    // A view tells its width while a request goes out.
    connect(&monitor, &SloMonitor::refreshing, &monitor, [&monitor] { monitor.setColumns(321); });
    monitor.refreshNow();
    QCOMPARE(source.lastColumns, 321);

    monitor.setSource(nullptr, Dashboard());
    QVERIFY(!poll->isActive());
}

void TestSloMonitor::offStopsPollingUntilPastGo()
{
    SloMonitor monitor;
    CountingSource source;
    monitor.setSource(&source, onePanel());
    QSignalSpy changed(&monitor, &SloMonitor::settingsChanged);
    monitor.setRefreshSeconds(0);
    QCOMPARE(changed.size(), 1);
    QTimer* poll = pollTimer(monitor);
    QVERIFY(!poll->isActive());
    QCOMPARE(monitor.effectiveRefreshSeconds(), 0);

    monitor.setKeepPolling(true); // the cutover is past GO
    QCOMPARE(monitor.effectiveRefreshSeconds(), SloMonitor::cutoverFallbackSeconds);
    QVERIFY(poll->isActive());
    QCOMPARE(poll->interval(), SloMonitor::cutoverFallbackSeconds * 1000);
    // Told again every second: the running period is kept, not restarted.
    poll->setInterval(10);
    monitor.setKeepPolling(true);
    QCOMPARE(poll->interval(), 10);
    const int before = source.refreshes;
    QTRY_VERIFY(source.refreshes > before);

    // A chosen interval wins; back before GO (a rollback, say), "Off" is off again.
    monitor.setRefreshSeconds(30);
    QCOMPARE(poll->interval(), 30000);
    monitor.setRefreshSeconds(0);
    monitor.setKeepPolling(false);
    QVERIFY(!poll->isActive());
}

void TestSloMonitor::keepsLatestUpdatesAlertsAndBreaches()
{
    SloMonitor monitor;
    CountingSource source;
    const Dashboard dashboard = onePanel();
    monitor.setSource(&source, dashboard);
    CutoverMonitor cutover(&monitor);
    QSignalSpy inputs(&cutover, &CutoverMonitor::inputsChanged);

    // A breach is stamped on the run's clock (the one final monitoring's start is on), not on
    // the wall-clock time the answer was fetched.
    const QDateTime seen = QDateTime(QDate(2026, 5, 1), QTime(5, 10), Qt::UTC);
    monitor.setRunClock([seen] { return seen; });
    PanelUpdate breach;
    breach.panelId = QStringLiteral("p95");
    breach.ok = true;
    breach.state = SloState::Breach;
    breach.fetchedAtUtc = seen.addSecs(-3600);
    emit source.panelUpdated(breach);
    PanelUpdate failed;
    failed.panelId = QStringLiteral("p95");
    failed.error = QStringLiteral("timeout");
    emit source.panelUpdated(failed);
    QCOMPARE(monitor.latestUpdate(QStringLiteral("p95")).error, QStringLiteral("timeout"));
    QCOMPARE(monitor.panelState(QStringLiteral("p95")), SloState::Breach); // the last good one
    QCOMPARE(monitor.breachSeen().value(QStringLiteral("p95")), seen);

    emit source.alertsUpdated({alert(QStringLiteral("Warn"), QStringLiteral("warning")),
                               alert(QStringLiteral("Down"), QStringLiteral("critical"))},
                              QString());
    QCOMPARE(monitor.criticalAlerts().size(), 1);
    QCOMPARE(inputs.size(), 1);
    QVERIFY(cutover.abortCauses().join(QLatin1Char(' ')).contains(QStringLiteral("Down")));
    // An error keeps the critical list: unknown is not "all clear".
    emit source.alertsUpdated({}, QStringLiteral("unreachable"));
    QCOMPARE(monitor.criticalAlerts().size(), 1);
    QCOMPARE(monitor.alertsError(), QStringLiteral("unreachable"));
    emit source.alertsUpdated({}, QString());
    QVERIFY(monitor.criticalAlerts().isEmpty());
    QVERIFY(cutover.abortCauses().isEmpty());

    // No run: nothing planned, nothing raised, and polling follows the choice alone.
    const CutoverStatus& status = cutover.evaluate(nullptr, seen);
    QVERIFY(!status.planned);
    QVERIFY(!status.abortRaised);
    QVERIFY(!monitor.keepPolling());
}

QTEST_GUILESS_MAIN(TestSloMonitor)
#include "tst_slomonitor.moc"
