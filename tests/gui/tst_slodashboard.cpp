// The SLO dock against the demo source and a recording fake: one panel per dashboard panel,
// charts filled in one replace(), errors and staleness kept honest, alerts, range changes.
#include "AlertsView.h"
#include "DemoSource.h"
#include "MainWindow.h"
#include "Settings.h"
#include "SloDashboardDock.h"
#include "SloPanelWidget.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QFile>
#include <QLineSeries>
#include <QMainWindow>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolTip>
#include <QTreeWidget>

#include <memory>

using namespace golive;

namespace {

// Records what the dock asks for; answers only when a test emits.
class RecordingSource : public SloSource
{
    Q_OBJECT
public:
    struct Call
    {
        QDateTime start;
        QDateTime end;
        int columns = 0;
        int panels = 0;
    };
    using SloSource::SloSource;

    void refresh(const Dashboard& dashboard, const QDateTime& startUtc, const QDateTime& endUtc,
                 int columns) override
    {
        calls.append({startUtc, endUtc, columns, int(dashboard.panels.size())});
    }
    bool isDemo() const override { return false; }
    QString description() const override
    {
        return QStringLiteral("Prometheus 2.42.0 at http://prometheus.test:9090");
    }

    QList<Call> calls;
};

PanelDefinition latencyPanel(const QString& id, const QString& service, double objective)
{
    PanelDefinition p;
    p.id = id;
    p.title = service + QStringLiteral(" p95 latency");
    p.query = QStringLiteral("histogram_quantile(0.95, ...)");
    p.unit = QStringLiteral("s");
    p.service = service;
    p.kind = QStringLiteral("latency");
    p.slo.objective = objective;
    p.slo.warning = objective * 0.8;
    return p;
}

// A small dashboard in code, so the test does not depend on the bundled one's contents.
Dashboard smallDashboard()
{
    Dashboard d;
    d.title = QStringLiteral("Test go-live");
    d.panels << latencyPanel(QStringLiteral("api-p95"), QStringLiteral("api"), 0.35)
             << latencyPanel(QStringLiteral("nl2cypher-p95"), QStringLiteral("nl2cypher"), 2.0);
    PanelDefinition errors;
    errors.id = QStringLiteral("api-errors");
    errors.title = QStringLiteral("api 5xx error rate");
    errors.unit = QStringLiteral("ratio");
    errors.kind = QStringLiteral("error-rate");
    errors.slo.objective = 0.01;
    errors.slo.warning = 0.002;
    PanelDefinition availability;
    availability.id = QStringLiteral("api-availability");
    availability.title = QStringLiteral("API availability");
    availability.unit = QStringLiteral("ratio");
    availability.kind = QStringLiteral("availability");
    availability.slo.objective = 0.999;
    availability.slo.good = SloSpec::Good::Above;
    d.panels << errors << availability;
    return d;
}

PanelUpdate goodUpdate(const QString& id, const QDateTime& at, const QList<QPointF>& points,
                       SloState state = SloState::Ok)
{
    PanelUpdate u;
    u.panelId = id;
    u.ok = true;
    u.series.append({QStringLiteral("series"), points});
    u.currentValue = points.isEmpty() ? qQNaN() : points.last().y();
    u.state = state;
    u.fetchedAtUtc = at;
    return u;
}

AlertInfo alert(const QString& name, const QString& severity, const QString& state)
{
    AlertInfo a;
    a.name = name;
    a.severity = severity;
    a.state = state;
    a.summary = name + QStringLiteral(" summary");
    a.activeAtUtc = QDateTime::currentDateTimeUtc().addSecs(-300);
    return a;
}

} // namespace

class TestSloDashboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void formatsUnitsForPeople();
    void demoFillsEveryPanel();
    void errorKeepsLastDataAndRecovers();
    void staleAfterTwoRefreshIntervals();
    void criticalAlertShowsBanner();
    void hiddenDockKeepsFetchingAlerts();
    void rangeChangeRefreshesWithNewSpan();
    void hoverNamesTheNearestPoint();
    void mainWindowHasTheDock();
    void screenshot();

private:
    struct Window
    {
        std::unique_ptr<QMainWindow> main;
        SloDashboardDock* dock = nullptr;
    };
    Window makeWindow(QSize size);

    QTemporaryDir m_dir;
    QDateTime m_now;
};

void TestSloDashboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("config")));
    QCoreApplication::setOrganizationName(QStringLiteral("golive-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_slodashboard"));
}

void TestSloDashboard::init()
{
    Settings::instance()->reset(Settings::Key::SloRange);
    Settings::instance()->reset(Settings::Key::SloRefresh);
    // Whole seconds, so "HH:mm:ss" texts compare exactly.
    m_now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
}

TestSloDashboard::Window TestSloDashboard::makeWindow(QSize size)
{
    Window w;
    w.main = std::make_unique<QMainWindow>();
    w.dock = new SloDashboardDock(w.main.get());
    w.dock->setClock([this] { return m_now; });
    w.main->addDockWidget(Qt::RightDockWidgetArea, w.dock);
    w.main->resize(size);
    w.main->show();
    if (!QTest::qWaitForWindowExposed(w.main.get())) {
        qWarning("window not exposed");
    }
    return w;
}

void TestSloDashboard::formatsUnitsForPeople()
{
    QCOMPARE(formatSloValue(0.234, QStringLiteral("s"), ValueStyle::Panel),
             QStringLiteral("234 ms"));
    QCOMPARE(formatSloValue(1.523, QStringLiteral("s"), ValueStyle::Panel),
             QStringLiteral("1.52 s"));
    QCOMPARE(formatSloValue(0.9995, QStringLiteral("ratio"), ValueStyle::Panel),
             QStringLiteral("99.95 %"));
    QCOMPARE(formatSloValue(0.0042, QStringLiteral("ratio"), ValueStyle::Panel),
             QStringLiteral("0.42 %"));
    QCOMPARE(formatSloValue(12.34, QStringLiteral("req/s"), ValueStyle::Panel),
             QStringLiteral("12.3 req/s"));
    QCOMPARE(formatSloValue(qQNaN(), QStringLiteral("s"), ValueStyle::Panel), QStringLiteral("–"));
    // +Inf and -Inf are values Prometheus answers (a ratio over zero traffic).
    const QString inf(QChar(0x221E));
    QCOMPARE(formatSloValue(qInf(), QStringLiteral("ratio"), ValueStyle::Panel), inf);
    QCOMPARE(formatSloValue(-qInf(), QStringLiteral("s"), ValueStyle::Panel),
             QStringLiteral("-") + inf);

    // And the panel's big number says so, not "–".
    PanelDefinition def = latencyPanel(QStringLiteral("p"), QStringLiteral("api"), 0.35);
    SloPanelWidget panel(def);
    PanelUpdate u =
        goodUpdate(QStringLiteral("p"), QDateTime::currentDateTimeUtc(),
                   {{double(QDateTime::currentMSecsSinceEpoch()), 0.2}}, SloState::Breach);
    u.currentValue = qInf();
    panel.applyUpdate(u);
    QCOMPARE(panel.valueText().trimmed(), inf);
    u.currentValue = -qInf();
    u.state = SloState::Ok;
    panel.applyUpdate(u);
    QCOMPARE(panel.valueText().trimmed(), QStringLiteral("-") + inf);
    u.currentValue = qQNaN();
    panel.applyUpdate(u);
    QCOMPARE(panel.valueText().trimmed(), QStringLiteral("–"));
}

void TestSloDashboard::demoFillsEveryPanel()
{
    Window w = makeWindow(QSize(1500, 1100));
    const Dashboard dashboard = smallDashboard();
    // The story's breach (minutes 23 to 29) is at the right edge of the view.
    DemoSource demo(nullptr, m_now.addSecs(-26 * 60));
    w.dock->setSource(&demo, dashboard);

    QCOMPARE(w.dock->panels().size(), dashboard.panels.size());
    QTRY_VERIFY(std::all_of(w.dock->panels().cbegin(), w.dock->panels().cend(),
                            [](const SloPanelWidget* p) { return p->hasData(); }));
    QVERIFY(w.dock->gridColumns() >= 2);

    int widest = 0;
    for (const SloPanelWidget* p : w.dock->panels()) {
        widest = std::max(widest, p->plotWidth());
    }
    QVERIFY(widest > 100);
    for (const SloPanelWidget* p : w.dock->panels()) {
        QVERIFY2(!p->dataSeries().isEmpty(), qPrintable(p->definition().id));
        const qsizetype points = p->dataSeries().first()->count();
        QVERIFY2(points > 0, qPrintable(p->definition().id));
        // Min-max downsampling: at most two points per pixel column, plus the edges.
        QVERIFY2(points <= 2 * widest + 4, qPrintable(QStringLiteral("%1: %2 points for %3 px")
                                                          .arg(p->definition().id)
                                                          .arg(points)
                                                          .arg(widest)));
        QVERIFY(p->demoBadgeVisible());
        QVERIFY(!p->isStale());
    }

    const QString breachId = DemoSource::breachingPanelId(dashboard);
    SloPanelWidget* breaching = w.dock->panel(breachId);
    QVERIFY(breaching);
    QCOMPARE(breaching->stateText(), QStringLiteral("BREACH"));
    const double objective = dashboard.findPanel(breachId)->slo.objective;
    QLineSeries* line = breaching->objectiveSeries();
    QCOMPARE(line->count(), 2);
    QCOMPARE(line->at(0).y(), objective * breaching->displayScale());
    QCOMPARE(line->at(1).y(), objective * breaching->displayScale());
    QCOMPARE(qint64(line->at(1).x()), m_now.toMSecsSinceEpoch());
    QCOMPARE(qint64(line->at(0).x()), m_now.addSecs(-3600).toMSecsSinceEpoch());

    // A latency under one second reads in milliseconds, on the axis and the objective line.
    SloPanelWidget* api = w.dock->panel(QStringLiteral("api-p95"));
    QCOMPARE(api->displayScale(), 1000.0);
    QCOMPARE(api->objectiveSeries()->at(0).y(), 350.0);
    QVERIFY(api->valueText().endsWith(QStringLiteral(" ms")));

    // The demo story's critical alert is firing at this moment.
    QTRY_VERIFY(w.dock->criticalBannerVisible());
    QVERIFY(w.dock->criticalBannerText().contains(QStringLiteral("NLQLatencySLOBurn")));
}

void TestSloDashboard::errorKeepsLastDataAndRecovers()
{
    PanelDefinition def = latencyPanel(QStringLiteral("p"), QStringLiteral("api"), 0.35);
    SloPanelWidget panel(def);
    panel.setClock([this] { return m_now; });
    panel.setStaleAfterMs(30 * 1000);
    panel.setRange(m_now.addSecs(-900), m_now);
    const double t = double(m_now.toMSecsSinceEpoch());
    panel.applyUpdate(
        goodUpdate(QStringLiteral("p"), m_now, {{t - 60000, 0.2}, {t - 30000, 0.25}, {t, 0.3}}));
    QCOMPARE(panel.dataSeries().first()->count(), 3);
    QVERIFY(!panel.isStale());
    QVERIFY(!panel.statusText().contains(QStringLiteral("stale")));
    QCOMPARE(panel.valueText(), QStringLiteral("300 ms"));

    m_now = m_now.addSecs(5);
    PanelUpdate failed;
    failed.panelId = QStringLiteral("p");
    failed.error = QStringLiteral("parse error at char 5: unexpected character");
    failed.fetchedAtUtc = m_now;
    panel.applyUpdate(failed);
    QCOMPARE(panel.dataSeries().first()->count(), 3);
    QCOMPARE(panel.dataSeries().first()->at(2).y(), 300.0);
    QVERIFY(panel.isStale());
    QVERIFY(panel.statusText().contains(QStringLiteral("parse error at char 5")));
    QVERIFY(panel.statusText().contains(QStringLiteral("stale")));
    QVERIFY(panel.statusText().contains(
        m_now.addSecs(-5).toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    QCOMPARE(panel.valueText(), QStringLiteral("300 ms"));

    m_now = m_now.addSecs(5);
    const double t2 = double(m_now.toMSecsSinceEpoch());
    panel.applyUpdate(
        goodUpdate(QStringLiteral("p"), m_now, {{t2 - 30000, 0.4}, {t2, 0.45}}, SloState::Breach));
    QVERIFY(!panel.isStale());
    QVERIFY(!panel.statusText().contains(QStringLiteral("parse error")));
    QVERIFY(!panel.statusText().contains(QStringLiteral("stale")));
    QCOMPARE(panel.dataSeries().first()->count(), 2);
    QCOMPARE(panel.stateText(), QStringLiteral("BREACH"));
    QCOMPARE(panel.valueText(), QStringLiteral("450 ms"));
}

void TestSloDashboard::staleAfterTwoRefreshIntervals()
{
    Window w = makeWindow(QSize(1000, 800));
    RecordingSource source;
    w.dock->setSource(&source, smallDashboard());
    w.dock->setRefreshSeconds(15);
    SloPanelWidget* panel = w.dock->panel(QStringLiteral("api-p95"));
    const double t = double(m_now.toMSecsSinceEpoch());
    panel->applyUpdate(goodUpdate(QStringLiteral("api-p95"), m_now, {{t - 1000, 0.1}, {t, 0.1}}));

    m_now = m_now.addSecs(30); // exactly two intervals: not yet stale
    w.dock->checkStale();
    QVERIFY(!panel->isStale());
    m_now = m_now.addSecs(1);
    w.dock->checkStale();
    QVERIFY(panel->isStale());
    QVERIFY(panel->statusText().contains(
        QStringLiteral("stale — last data ") +
        m_now.addSecs(-31).toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    QCOMPARE(panel->dataSeries().first()->count(), 2);

    // Fresh data clears it.
    panel->applyUpdate(goodUpdate(QStringLiteral("api-p95"), m_now, {{t, 0.1}}));
    QVERIFY(!panel->isStale());
    QVERIFY(!panel->statusText().contains(QStringLiteral("stale")));

    // With auto-refresh off, age alone does not make data stale.
    w.dock->setRefreshSeconds(0);
    m_now = m_now.addSecs(3600);
    w.dock->checkStale();
    QVERIFY(!panel->isStale());
}

void TestSloDashboard::criticalAlertShowsBanner()
{
    Window w = makeWindow(QSize(1000, 800));
    RecordingSource source;
    w.dock->setSource(&source, smallDashboard());
    QVERIFY(!w.dock->criticalBannerVisible());

    emit source.alertsUpdated(
        {alert(QStringLiteral("DiskFilling"), QStringLiteral("warning"), QStringLiteral("firing"))},
        QString());
    QVERIFY(!w.dock->criticalBannerVisible());
    QCOMPARE(w.dock->alertsView()->firingCount(), 1);

    emit source.alertsUpdated(
        {alert(QStringLiteral("DiskFilling"), QStringLiteral("warning"), QStringLiteral("firing")),
         alert(QStringLiteral("LedgerWritesFailing"), QStringLiteral("critical"),
               QStringLiteral("firing")),
         alert(QStringLiteral("SoonBad"), QStringLiteral("critical"), QStringLiteral("pending"))},
        QString());
    QVERIFY(w.dock->criticalBannerVisible());
    QVERIFY(w.dock->criticalBannerText().contains(QStringLiteral("LedgerWritesFailing")));
    QVERIFY(!w.dock->criticalBannerText().contains(QStringLiteral("SoonBad")));
    // Firing only, critical first.
    QCOMPARE(w.dock->alertsView()->firingCount(), 2);
    QCOMPARE(w.dock->alertsView()->list()->topLevelItem(0)->text(0),
             QStringLiteral("LedgerWritesFailing"));

    // An error says so in words and does not lower the banner: unknown is not all clear.
    emit source.alertsUpdated({}, QStringLiteral("connection refused"));
    QVERIFY(w.dock->alertsView()->errorText().contains(QStringLiteral("connection refused")));
    QVERIFY(w.dock->criticalBannerVisible());

    emit source.alertsUpdated({}, QString());
    QVERIFY(!w.dock->criticalBannerVisible());
    QVERIFY(w.dock->alertsView()->errorText().isEmpty());
    QCOMPARE(w.dock->alertsView()->firingCount(), 0);
}

// A closed dock still fetches at its interval: its alerts are the cutover's abort trigger and
// the timeline's observations, which must not stop because someone pressed Ctrl+D.
void TestSloDashboard::hiddenDockKeepsFetchingAlerts()
{
    Window w = makeWindow(QSize(1000, 800));
    RecordingSource source;
    w.dock->setSource(&source, smallDashboard());
    QTRY_VERIFY(!source.calls.isEmpty()); // the first refresh on setSource
    w.dock->hide();
    QVERIFY(w.dock->isHidden());
    source.calls.clear();
    // The auto-refresh timer (interval = the refresh setting), made fast: no real waiting.
    QTimer* refresh = nullptr;
    for (QTimer* t : w.dock->findChildren<QTimer*>()) {
        if (t->interval() == w.dock->refreshSeconds() * 1000 && t->isActive()) {
            refresh = t;
        }
    }
    QVERIFY2(refresh, "the dock's auto-refresh timer runs while the dock is hidden");
    refresh->setInterval(20);
    QTRY_VERIFY(!source.calls.isEmpty());
}

void TestSloDashboard::rangeChangeRefreshesWithNewSpan()
{
    Window w = makeWindow(QSize(1000, 800));
    RecordingSource source;
    w.dock->setSource(&source, smallDashboard());
    QTRY_VERIFY(!source.calls.isEmpty()); // the first refresh, once laid out
    QCOMPARE(source.calls.last().start.secsTo(source.calls.last().end), 3600);
    QCOMPARE(source.calls.last().end, m_now);
    QCOMPARE(source.calls.last().panels, 4);
    QVERIFY(source.calls.last().columns > 100);
    QVERIFY(source.calls.last().columns < 1000);
    source.calls.clear();

    auto* sixHours = w.dock->findChild<QAction*>(QStringLiteral("sloRange21600"));
    QVERIFY(sixHours);
    sixHours->trigger();
    QCOMPARE(source.calls.size(), 1);
    QCOMPARE(source.calls.last().start.secsTo(source.calls.last().end), 6 * 3600);
    QCOMPARE(w.dock->rangeSeconds(), 6 * 3600);
    QCOMPARE(Settings::instance()->value(Settings::Key::SloRange).toInt(), 6 * 3600);
    QVERIFY(sixHours->isChecked());

    // F5's action refreshes with the same span, at the clock's now.
    m_now = m_now.addSecs(10);
    w.dock->refreshNowAction()->trigger();
    QCOMPARE(source.calls.size(), 2);
    QCOMPARE(source.calls.last().end, m_now);
    QCOMPARE(w.dock->refreshNowAction()->shortcut(), QKeySequence(Qt::Key_F5));

    // The remembered range comes back in a new dock.
    SloDashboardDock again;
    QCOMPARE(again.rangeSeconds(), 6 * 3600);
}

void TestSloDashboard::hoverNamesTheNearestPoint()
{
    SloPanelWidget panel(latencyPanel(QStringLiteral("p"), QStringLiteral("api"), 0.35));
    panel.resize(500, 320);
    panel.show();
    const QDateTime t0 = QDateTime(QDate(2024, 5, 1), QTime(14, 0), Qt::LocalTime).toUTC();
    const double t = double(t0.toMSecsSinceEpoch());
    panel.applyUpdate(
        goodUpdate(QStringLiteral("p"), m_now, {{t, 0.2}, {t + 60000, 0.25}, {t + 120000, 0.3}}));
    QLineSeries* series = panel.dataSeries().first();
    // The cursor meets the line a little after the second point: that point is named.
    emit series->hovered(QPointF(t + 70000, 260), true);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("14:01:00")), qPrintable(QToolTip::text()));
    QVERIFY2(QToolTip::text().contains(QStringLiteral("250 ms")), qPrintable(QToolTip::text()));
    emit series->hovered(QPointF(t + 70000, 260), false);
    QTRY_VERIFY(!QToolTip::isVisible());
}

void TestSloDashboard::mainWindowHasTheDock()
{
    // Where the user left the dock (floating, on the wall screen) comes back next start.
    QByteArray saved;
    {
        MainWindow window;
        SloDashboardDock* dock = window.sloDock();
        QVERIFY(dock);
        QCOMPARE(dock->objectName(), QStringLiteral("sloDock"));
        QVERIFY(dock->isHidden()); // no source yet
        // Until the window chooses a source, the charts are coming: no advice on how to start.
        QCOMPARE(dock->placeholderText(), QStringLiteral("The SLO charts are loading\u2026"));
        RecordingSource source;
        window.setSloSource(&source, Dashboard());
        QVERIFY2(dock->placeholderText().startsWith(QStringLiteral("No SLO dashboard.")),
                 qPrintable(dock->placeholderText()));
        window.setSloSource(&source, smallDashboard());
        QVERIFY(!dock->isHidden());
        QCOMPARE(dock->panels().size(), 4);
        QCOMPARE(dock->toggleViewAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
        dock->setFloating(true);
        saved = window.saveState();
        window.setSloSource(nullptr, Dashboard());
    }
    Settings::instance()->setValue(Settings::Key::MainWindowState, saved);
    MainWindow again;
    QVERIFY(again.sloDock()->isFloating());
    Settings::instance()->reset(Settings::Key::MainWindowState);
}

void TestSloDashboard::screenshot()
{
    Window w = makeWindow(QSize(1500, 1150));
    Dashboard dashboard = smallDashboard();
    QString error;
    const QString bundled = QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json");
    if (QFile::exists(bundled)) {
        const std::optional<Dashboard> loaded = Dashboard::fromFile(bundled, &error);
        QVERIFY2(loaded, qPrintable(error));
        dashboard = *loaded;
    }
    DemoSource demo(nullptr, m_now.addSecs(-26 * 60));
    w.dock->setSource(&demo, dashboard);
    QTRY_VERIFY(std::all_of(w.dock->panels().cbegin(), w.dock->panels().cend(),
                            [](const SloPanelWidget* p) { return p->hasData(); }));
    // One panel failing, to show what that looks like.
    if (SloPanelWidget* p = w.dock->panels().value(3)) {
        PanelUpdate failed;
        failed.panelId = p->definition().id;
        failed.demo = true;
        failed.error = QStringLiteral("Prometheus: query timed out in expression evaluation");
        p->applyUpdate(failed);
    }
    QTest::qWait(50);
    const QString path = QStringLiteral("/tmp/slo-dock.png");
    QVERIFY(w.dock->grab().save(path));
}

QTEST_MAIN(TestSloDashboard)
#include "tst_slodashboard.moc"
