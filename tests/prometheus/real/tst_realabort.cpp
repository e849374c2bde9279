// The abort banner from the real thing: a run in its cutover, the window pointed at a real
// Prometheus 2.42 (the CTest fixture of start-prometheus.sh) whose rule ProvLedgerLatencyHigh
// (severity critical) fires, and whose real `up{job="nl2cypher"}` is 0 (the bundled dashboard's
// critical nl2cypher health check). Both triggers must raise the banner with their cause, and
// the firing alert must land in the ledger as an observation for the timeline.
#include "AlertsView.h"
#include "Cutover.h"
#include "Dashboard.h"
#include "ItemCheckSupport.h"
#include "MainWindow.h"
#include "RunFile.h"
#include "Settings.h"
#include "SloDashboardDock.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace golive;

static void initResources()
{
    Q_INIT_RESOURCE(golive_resources);
}

class TestRealAbort : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void firingCriticalAlertAndDownServiceRaiseTheAbortBanner();

private:
    QTemporaryDir m_dir;
    QString m_url;
};

void TestRealAbort::initTestCase()
{
    initResources();
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("config")));
    QCoreApplication::setOrganizationName(QStringLiteral("golive-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_realabort"));

    const QString fixture = qEnvironmentVariable("GOLIVE_PROMETHEUS_FIXTURE");
    QVERIFY2(!fixture.isEmpty(), "GOLIVE_PROMETHEUS_FIXTURE is not set (run through CTest)");
    QFile url(fixture + QStringLiteral("/url"));
    QVERIFY2(url.open(QIODevice::ReadOnly), "no url in the fixture's folder; did it run?");
    m_url = QString::fromLatin1(url.readAll()).trimmed();
}

void TestRealAbort::firingCriticalAlertAndDownServiceRaiseTheAbortBanner()
{
    // A run past its GO: the gate, the pre-checks and the incident commander's GO.
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    const QString path = m_dir.filePath(QStringLiteral("abort.golive"));
    QString error;
    {
        auto run = RunFile::create(path, seed.readAll(),
                                   QStringLiteral("summit-go-live-runbook.md"), &error);
        QVERIFY2(run, qPrintable(error));
        const Actor rc = Actor::local(QStringLiteral("Rae Okafor"), Role::ReleaseCaptain);
        const Actor ic = Actor::local(QStringLiteral("Ines Duarte"), Role::IncidentCommander);
        SignOffEvent gate = makeGateEvent(rc, QStringLiteral("war room ready"));
        QVERIFY2(run->append(gate, &error), qPrintable(error));
        SignOffEvent sign;
        sign.kind = EventKind::Signed;
        sign.itemId = QStringLiteral("4.1");
        sign.actor = rc;
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        // 4.3 (requires=health-green) and 4.4 (requires=previous-complete): the incident
        // commander over their open checks, as a run that records no health checks signs them.
        for (const char* id : {"4.3", "4.4"}) {
            SignOffEvent over = test::signedOverOpenChecks(run->state(), QLatin1String(id), ic);
            QVERIFY2(run->append(over, &error), qPrintable(error));
        }
        const CutoverPlan plan = CutoverPlan::fromRunbook(run->runbook());
        SignOffEvent go = makeDecisionEvent(plan, true, QStringLiteral("all green"), {}, ic);
        QVERIFY2(run->append(go, &error), qPrintable(error));
    }

    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ines Duarte"));
    Settings::instance()->setValue(Settings::Key::OperatorRole,
                                   QStringLiteral("incident-commander"));
    const auto dashboard = Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), &error);
    QVERIFY2(dashboard, qPrintable(error));

    MainWindow window;
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QCOMPARE(window.state().cutover().phase(), Phase::Cutover);
    QVERIFY(!window.abortBannerVisible());

    window.useConfiguredSource(m_url, false, *dashboard);
    QVERIFY(window.sloSource());
    QVERIFY(!window.sloSource()->isDemo());
    QTRY_VERIFY2_WITH_TIMEOUT(
        window.abortBannerText().contains(QStringLiteral("ProvLedgerLatencyHigh")),
        qPrintable(QStringLiteral("banner: %1 | SLO dock: %2 | alerts: %3 firing, error %4")
                       .arg(window.abortBannerText(), window.sloDock()->criticalBannerText())
                       .arg(window.sloDock()->alertsView()->firingCount())
                       .arg(window.sloDock()->alertsView()->errorText())),
        20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.abortBannerText().contains(QStringLiteral("nl2cypher")), 20000);
    const QString banner = window.abortBannerText();
    QVERIFY2(banner.contains(QStringLiteral("critical alert")), qPrintable(banner));
    QVERIFY2(banner.contains(QStringLiteral("350 ms")), qPrintable(banner)); // its summary
    QVERIFY2(banner.contains(QStringLiteral("health check")), qPrintable(banner));
    // The warning-level alert of the fixture is no abort trigger.
    QVERIFY2(!banner.contains(QStringLiteral("PolicyLacErrorsElevated")), qPrintable(banner));

    // What the room saw is in the ledger, for the postmortem's timeline.
    auto observed = [&window](const QString& category, const QString& words) {
        for (const SignOffEvent& e : window.state().events()) {
            if (e.kind == EventKind::Observed && e.fieldKey == category && e.text.contains(words)) {
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        observed(QStringLiteral("alert-firing"), QStringLiteral("ProvLedgerLatencyHigh")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(observed(QStringLiteral("health-down"), QStringLiteral("nl2cypher")),
                             20000);
    window.close();
}

QTEST_MAIN(TestRealAbort)
#include "tst_realabort.moc"
