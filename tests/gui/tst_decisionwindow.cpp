// The run's decisions on the SLO charts, and where a window opened on a run past the GO starts.
// An SLO panel draws a thin line and a label in the theme's marker colour at each marker inside
// its range (its pixels checked at the expected x) and nothing for those outside; the marker
// colours stay legible in both themes. In the real window, with demo data, the dock's and the
// wall's panels mark the decisions of a run made in a real run file, follow the range, and
// follow the ledger. A run opened past the GO opens on the cutover's tab at the step the room is
// at; before the GO the checklist's own choice stands.
// GOLIVE_SCREENSHOT_DIR=DIR also writes screenshot-decision-markers.png (the dock with markers)
// and screenshot-wall-decision-markers.png (the wall screen with them).
#include "ChecklistModel.h"
#include "DecisionMarkerOverlay.h"
#include "MainWindow.h"
#include "OnRequestMain.h"
#include "PresentationView.h"
#include "RunFile.h"
#include "RunSession.h"
#include "Settings.h"
#include "SloDashboardDock.h"
#include "SloPanelWidget.h"
#include "SnapshotSamples.h"
#include "SubItems.h"
#include "Theme.h"
#include "WindowTestSupport.h"
#include "decision/DecisionMarkers.h"
#include "decision/DecisionSnapshot.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFontMetrics>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace golive;

namespace {

const Actor& ic()
{
    static const Actor a = Actor::local(QStringLiteral("Inès Duarte"), Role::IncidentCommander);
    return a;
}
const Actor& rc()
{
    static const Actor a = Actor::local(QStringLiteral("Rae Okafor"), Role::ReleaseCaptain);
    return a;
}
const Actor& eng()
{
    static const Actor a = Actor::local(QStringLiteral("Eli Novak"), Role::Engineer);
    return a;
}

DecisionMarker marker(DecisionMarker::Kind kind, const QString& label, const QDateTime& at,
                      qint64 seq)
{
    DecisionMarker m;
    m.kind = kind;
    m.label = label;
    m.atUtc = at;
    m.seq = seq;
    return m;
}

// The WCAG contrast ratio of two colours (1 to 21).
double contrast(const QColor& a, const QColor& b)
{
    const auto luminance = [](const QColor& c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// A pixel is the marker's colour: each channel within `tolerance` (the line's antialiased edge).
bool near(QRgb pixel, const QColor& colour, int tolerance = 32)
{
    return std::abs(qRed(pixel) - colour.red()) <= tolerance &&
           std::abs(qGreen(pixel) - colour.green()) <= tolerance &&
           std::abs(qBlue(pixel) - colour.blue()) <= tolerance;
}

// Records events into a real run file at times the test chooses, through the rules.
class RunWriter
{
public:
    explicit RunWriter(const QString& path)
    {
        QString error;
        m_run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        if (!m_run)
            qWarning("%s", qPrintable(error));
    }
    bool isOpen() const { return m_run != nullptr; }
    const RunState& state() const { return m_run->state(); }

    // "" when recorded at `at`, else the refusal.
    // "" when appended, else the refusal; `dashboard` for a DashboardSet.
    QString append(SignOffEvent e, const QByteArray* dashboard = nullptr)
    {
        QString error;
        return m_run->append(e, &error, dashboard) ? QString() : error;
    }
    QString record(SignOffEvent e, const QDateTime& at)
    {
        e.timeUtc = at;
        QString error;
        return m_run->append(e, &error) ? QString() : error;
    }
    // Signs `id` (over its open sub-items, naming them, as the rules ask).
    QString sign(const QString& id, const Actor& who, const QDateTime& at)
    {
        const RunbookItem* item = state().runbook()->findItem(id);
        if (!item)
            return QStringLiteral("no item ") + id;
        SignOffEvent e;
        e.kind = EventKind::Signed;
        e.itemId = id;
        e.actor = who;
        const QStringList open = openSubItems(state(), *item);
        if (!open.isEmpty())
            e.text = composeOverOpenSubItems(QStringLiteral("checked off-list"), open);
        return record(e, at);
    }
    // The pre-checks signed at `at`: 4.1 by the engineer; 4.3 (requires=health-green) and 4.4
    // (requires=previous-complete) by the incident commander over their open checks, as a run
    // that records no health checks and leaves sections 0 to 3 aside signs them.
    QString signPreChecks(const QDateTime& at)
    {
        if (const QString e = sign(QStringLiteral("4.1"), eng(), at); !e.isEmpty())
            return e;
        for (const char* id : {"4.3", "4.4"}) {
            if (const QString e =
                    record(test::signedOverOpenChecks(state(), QLatin1String(id), ic()), at);
                !e.isEmpty())
                return e;
        }
        return {};
    }
    // Pre-checks signed at `at`, the gate a minute later, GO two minutes later.
    QString reachCutover(const QDateTime& at)
    {
        if (const QString e = signPreChecks(at); !e.isEmpty())
            return e;
        if (const QString e = record(makeGateEvent(rc()), at.addSecs(60)); !e.isEmpty())
            return e;
        return record(makeDecisionEvent(state().plan(), true, {}, {}, ic()), at.addSecs(120));
    }

private:
    std::unique_ptr<RunFile> m_run;
};

} // namespace

class TestDecisionWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void markerColoursStayLegibleInBothThemes();
    void panelDrawsMarkersInsideItsRangeOnly();
    void panelLabelsStayInsideAndApart();
    void dockAndWallMarkTheRunsDecisions();
    void opensPastGoOnTheCutoverStep_data();
    void opensPastGoOnTheCutoverStep();
    void beforeGoTheChecklistChoosesAsBefore();
    void snapshotNamesTheDashboardItsPanelsCameFrom();
    void screenshots();

private:
    QString newRun();
    void open(MainWindow& window, const QString& path);
    static Dashboard summit();
    static QString currentId(MainWindow& window);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestDecisionWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_decisionwindow"));
}

void TestDecisionWindow::init()
{
    applyTheme(Theme::Dark);
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Inès Duarte"));
    Settings::instance()->setValue(Settings::Key::OperatorRole,
                                   QStringLiteral("incident-commander"));
    Settings::instance()->setValue(Settings::Key::SloRange, 3600);
}

QString TestDecisionWindow::newRun()
{
    return test::newSeedRun(m_dir, ++m_runs, QStringLiteral("decisions"));
}

void TestDecisionWindow::open(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

Dashboard TestDecisionWindow::summit()
{
    QString error;
    const auto d = Dashboard::fromFile(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"), &error);
    if (!d)
        qWarning("%s", qPrintable(error));
    return d.value_or(Dashboard());
}

QString TestDecisionWindow::currentId(MainWindow& window)
{
    return window.currentTree()->currentIndex().data(ChecklistModel::ItemIdRole).toString();
}

// The lines and labels are read against the chart's background in the dock, and over a panel
// filled for a breach on the wall, in both themes: at least 3:1 (WCAG's for graphics).
void TestDecisionWindow::markerColoursStayLegibleInBothThemes()
{
    for (const Theme theme : {Theme::Dark, Theme::Light}) {
        applyTheme(theme);
        const QPalette palette = QApplication::palette();
        for (const ThemeColour role : {ThemeColour::ChartMarker, ThemeColour::ChartAlarmMarker}) {
            const QColor c = themeColour(role, theme);
            for (const QColor& background :
                 {palette.color(QPalette::Window), palette.color(QPalette::Base),
                  themeColour(ThemeColour::WallBreachFill, theme)}) {
                QVERIFY2(contrast(c, background) >= 3.0,
                         qPrintable(QStringLiteral("%1 on %2 in the %3 theme: %4:1")
                                        .arg(c.name(), background.name(), themeName(theme))
                                        .arg(contrast(c, background), 0, 'f', 2)));
            }
        }
        // An alarm reads apart from a decision, and from the objective's red line.
        QVERIFY(themeColour(ThemeColour::ChartMarker, theme) !=
                themeColour(ThemeColour::ChartAlarmMarker, theme));
    }
}

// Given markers inside its range and outside it, a panel draws lines (in the marker colours, at
// the markers' x) and labels for those inside only.
void TestDecisionWindow::panelDrawsMarkersInsideItsRangeOnly()
{
    const Dashboard dashboard = summit();
    QVERIFY(!dashboard.panels.isEmpty());
    SloPanelWidget panel(dashboard.panels.constFirst());
    panel.resize(720, 380);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QDateTime start(QDate(2026, 5, 1), QTime(10, 0), Qt::UTC);
    const QDateTime end = start.addSecs(3600);
    panel.setClock([end] { return end; });
    panel.setRange(start, end);
    PanelUpdate update;
    update.panelId = dashboard.panels.constFirst().id;
    update.ok = true;
    update.state = SloState::Ok;
    update.fetchedAtUtc = end;
    SeriesPoints series;
    for (int m = 0; m <= 60; m += 2)
        series.points << QPointF(double(start.addSecs(m * 60).toMSecsSinceEpoch()),
                                 0.2 + 0.02 * std::sin(m / 5.0));
    update.series << series;
    update.currentValue = series.points.constLast().y();
    panel.applyUpdate(update);

    const DecisionMarker gate = marker(DecisionMarker::Kind::Gate, QStringLiteral("Gate"),
                                       start.addSecs(-30 * 60), 3); // before the range
    const DecisionMarker go =
        marker(DecisionMarker::Kind::Go, QStringLiteral("GO"), start.addSecs(15 * 60), 4);
    const DecisionMarker failed = marker(DecisionMarker::Kind::StepFailed,
                                         QStringLiteral("4.6 failed"), start.addSecs(40 * 60), 6);
    const DecisionMarker live = marker(DecisionMarker::Kind::Live, QStringLiteral("Live"),
                                       end.addSecs(10 * 60), 9); // after it
    panel.setDecisionMarkers({gate, go, failed, live});
    QTest::qWait(50);

    DecisionMarkerOverlay* overlay = panel.decisionMarkers();
    QVERIFY(overlay);
    QCOMPARE(overlay->shownLabels(),
             (QStringList{QStringLiteral("GO"), QStringLiteral("4.6 failed")}));
    const QRectF plot = panel.chart()->plotArea();
    QVERIFY(plot.width() > 100);
    const QList<DecisionMarkerOverlay::Shown> shown = overlay->shown();
    QCOMPARE(shown.size(), 2);
    QCOMPARE(shown.at(0).line->line().x1(), plot.left() + plot.width() * 0.25);
    QCOMPARE(shown.at(1).line->line().x1(), plot.left() + plot.width() * (40.0 / 60.0));
    QCOMPARE(shown.at(0).line->line().y1(), plot.top());
    QCOMPARE(shown.at(0).line->line().y2(), plot.bottom());
    QCOMPARE(shown.at(0).label->text(), QStringLiteral("GO"));

    // On screen: a column of the marker's colour at each marker's x, in the lower half of the
    // plot (under the labels); nowhere else on that row.
    const auto image = [&panel] {
        QImage img = panel.chartView()->grab().toImage();
        return img.convertToFormat(QImage::Format_RGB32);
    };
    const auto toView = [&panel](const QPointF& chartPoint) {
        return panel.chartView()->mapFromScene(panel.chart()->mapToScene(chartPoint));
    };
    const QColor normal = themeColour(ThemeColour::ChartMarker);
    const QColor alarm = themeColour(ThemeColour::ChartAlarmMarker);
    // The columns of the plot, on the given rows, where a pixel is `colour`.
    const auto columnsOf = [&](const QImage& img, const QColor& colour) {
        QList<int> columns;
        const int left = toView(plot.topLeft()).x() + 1;
        const int right = toView(plot.topRight()).x() - 1;
        const int top = toView(QPointF(plot.left(), plot.top() + plot.height() * 0.55)).y();
        const int bottom = toView(QPointF(plot.left(), plot.bottom() - 3)).y();
        for (int x = left; x <= right; ++x) {
            int hits = 0;
            for (int y = top; y <= bottom; ++y)
                hits += near(img.pixel(x, y), colour) ? 1 : 0;
            if (hits > (bottom - top) / 2)
                columns << x;
        }
        return columns;
    };
    const QImage drawn = image();
    const int goX = toView(QPointF(shown.at(0).line->line().x1(), plot.center().y())).x();
    const int failedX = toView(QPointF(shown.at(1).line->line().x1(), plot.center().y())).x();
    const QList<int> normalColumns = columnsOf(drawn, normal);
    const QList<int> alarmColumns = columnsOf(drawn, alarm);
    const auto listed = [](const QList<int>& xs) {
        QStringList out;
        for (int x : xs)
            out << QString::number(x);
        return out.join(QLatin1Char(','));
    };
    QVERIFY2(!normalColumns.isEmpty() &&
                 std::all_of(normalColumns.cbegin(), normalColumns.cend(),
                             [goX](int x) { return std::abs(x - goX) <= 1; }),
             qPrintable(QStringLiteral("GO at x=%1; columns in its colour: %2")
                            .arg(goX)
                            .arg(listed(normalColumns))));
    QVERIFY2(!alarmColumns.isEmpty() &&
                 std::all_of(alarmColumns.cbegin(), alarmColumns.cend(),
                             [failedX](int x) { return std::abs(x - failedX) <= 1; }),
             qPrintable(QStringLiteral("4.6 failed at x=%1; columns in its colour: %2")
                            .arg(failedX)
                            .arg(listed(alarmColumns))));

    // Only markers outside the range: nothing drawn, no label shown.
    panel.setDecisionMarkers({gate, live});
    QTest::qWait(50);
    QVERIFY(overlay->shownLabels().isEmpty());
    const QImage empty = image();
    QVERIFY(columnsOf(empty, normal).isEmpty());
    QVERIFY(columnsOf(empty, alarm).isEmpty());

    // The range moves on (the dock's next refresh): the gate comes in, the GO stays.
    panel.setDecisionMarkers({gate, go, failed, live});
    panel.setRange(start.addSecs(-45 * 60), end.addSecs(-45 * 60));
    QCOMPARE(overlay->shownLabels(), (QStringList{QStringLiteral("Gate"), QStringLiteral("GO")}));

    // A theme change recolours them (init() puts the dark theme back).
    applyTheme(Theme::Light);
    const QColor light = themeColour(ThemeColour::ChartMarker, Theme::Light);
    QVERIFY(light != normal);
    for (const DecisionMarkerOverlay::Shown& s : overlay->shown()) {
        QCOMPARE(s.line->pen().color(), light);
        QCOMPARE(s.label->brush().color(), light);
    }
}

// Two decisions a minute apart do not write over each other; a label at the end of the range
// stays inside the plot (left of its line).
void TestDecisionWindow::panelLabelsStayInsideAndApart()
{
    const Dashboard dashboard = summit();
    SloPanelWidget panel(dashboard.panels.constFirst());
    panel.resize(600, 360);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QDateTime start(QDate(2026, 5, 1), QTime(10, 0), Qt::UTC);
    panel.setRange(start, start.addSecs(3600));
    panel.setDecisionMarkers(
        {marker(DecisionMarker::Kind::Gate, QStringLiteral("Gate"), start.addSecs(20 * 60), 1),
         marker(DecisionMarker::Kind::Go, QStringLiteral("GO"), start.addSecs(21 * 60), 2),
         marker(DecisionMarker::Kind::StepFailed, QStringLiteral("4.6 failed"),
                start.addSecs(22 * 60), 3),
         marker(DecisionMarker::Kind::Live, QStringLiteral("Live"), start.addSecs(3599), 4)});
    QTest::qWait(50);
    const QList<DecisionMarkerOverlay::Shown> shown = panel.decisionMarkers()->shown();
    QCOMPARE(shown.size(), 4);
    for (int i = 0; i < 3; ++i) {
        for (int j = i + 1; j < 3; ++j) {
            QVERIFY2(!shown.at(i).label->sceneBoundingRect().intersects(
                         shown.at(j).label->sceneBoundingRect()),
                     qPrintable(shown.at(i).marker.label + QStringLiteral(" over ") +
                                shown.at(j).marker.label));
        }
    }
    const QRectF plot = panel.chart()->plotArea();
    const QGraphicsSimpleTextItem* liveLabel = shown.at(3).label;
    QVERIFY(liveLabel->pos().x() + liveLabel->boundingRect().width() <= plot.right() + 0.5);
    QVERIFY(liveLabel->pos().x() < shown.at(3).line->line().x1());
}

// In the real window: a run in a real run file with a gate and a NO-GO three hours ago, a GO
// and a failed step within the hour. The dock's panels (last hour) show the GO and the failure;
// the 6 h range shows all four; a rollback recorded in the window appears on the dock and the
// wall.
void TestDecisionWindow::dockAndWallMarkTheRunsDecisions()
{
    const QString path = newRun();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    {
        RunWriter run(path);
        QVERIFY(run.isOpen());
        const QDateTime early = now.addSecs(-3 * 3600);
        QCOMPARE(run.signPreChecks(early), QString());
        QCOMPARE(run.record(makeGateEvent(rc()), early.addSecs(60)), QString());
        QCOMPARE(run.record(makeDecisionEvent(run.state().plan(), false,
                                              QStringLiteral("bridge not staffed"), {}, ic()),
                            early.addSecs(120)),
                 QString());
        // The GO was taken over a breach (its snapshot says so): the charts mark it.
        SignOffEvent go = makeDecisionEvent(run.state().plan(), true, {}, {}, ic());
        go.snapshot = test::breachSnapshot(now.addSecs(-50 * 60)).toJson();
        QCOMPARE(run.record(go, now.addSecs(-50 * 60)), QString());
        QCOMPARE(run.sign(QStringLiteral("4.5"), eng(), now.addSecs(-45 * 60)), QString());
        QCOMPARE(
            run.record(makeStepFailedEvent(QStringLiteral("4.6"), QStringLiteral("lock"), eng()),
                       now.addSecs(-40 * 60)),
            QString());
    }
    MainWindow window;
    open(window, path);
    window.useConfiguredSource(QString(), true, summit());
    SloDashboardDock* dock = window.sloDock();
    QTRY_VERIFY_WITH_TIMEOUT(!dock->panels().isEmpty() &&
                                 std::all_of(dock->panels().cbegin(), dock->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    const QStringList all{QStringLiteral("Gate"), QStringLiteral("NO-GO"), QStringLiteral("GO"),
                          QStringLiteral("4.6 failed")};
    QStringList labels;
    for (const DecisionMarker& m : dock->decisionMarkers())
        labels << m.label;
    QCOMPARE(labels, all);
    for (SloPanelWidget* p : dock->panels()) {
        QCOMPARE(p->decisionMarkers()->shownLabels(),
                 (QStringList{QStringLiteral("GO"), QStringLiteral("4.6 failed")}));
        // Over a breach: a warning sign after the label and a dashed line; the others plain.
        const auto shown = p->decisionMarkers()->shown();
        QCOMPARE(shown.at(0).label->text(), QStringLiteral("GO \u26a0"));
        QCOMPARE(shown.at(0).line->pen().style(), Qt::DashLine);
        QVERIFY(shown.at(0).label->toolTip().endsWith(QStringLiteral("taken over a breach")));
        QCOMPARE(shown.at(1).label->text(), QStringLiteral("4.6 failed"));
        QCOMPARE(shown.at(1).line->pen().style(), Qt::SolidLine);
    }

    dock->setRangeSeconds(6 * 3600);
    QTRY_VERIFY_WITH_TIMEOUT(dock->panels().constFirst()->decisionMarkers()->shownLabels() == all,
                             5000);
    for (SloPanelWidget* p : dock->panels())
        QCOMPARE(p->decisionMarkers()->shownLabels(), all);

    // The ledger changes: the rollback is on the charts after the next refresh.
    QString why;
    QVERIFY2(
        window.session()->submit(makeRollbackEvent(QStringLiteral("4.6 unresolved"), ic()), &why),
        qPrintable(why));
    QTRY_COMPARE(dock->decisionMarkers().size(), 5);
    QCOMPARE(dock->decisionMarkers().constLast().label, QStringLiteral("Rollback"));
    dock->refreshNow();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(dock->panels().cbegin(), dock->panels().cend(),
                                         [](const SloPanelWidget* p) {
                                             return p->decisionMarkers()->shownLabels().contains(
                                                 QStringLiteral("Rollback"));
                                         }),
                             5000);

    // The wall screen's panels carry the same markers, in its sizes.
    PresentationView* wall = window.presentationView();
    QCOMPARE(wall->decisionMarkers(), dock->decisionMarkers());
    wall->setPresenting(true);
    QTRY_VERIFY_WITH_TIMEOUT(!wall->panels().isEmpty() &&
                                 std::all_of(wall->panels().cbegin(), wall->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(wall->panels().cbegin(), wall->panels().cend(),
                                         [&all](const SloPanelWidget* p) {
                                             return p->decisionMarkers()->shownLabels() ==
                                                    all + QStringList{QStringLiteral("Rollback")};
                                         }),
                             5000);
    const SloPanelWidget* wallPanel = wall->panels().constFirst();
    const SloPanelWidget* dockPanel = dock->panels().constFirst();
    const auto labelHeight = [](const SloPanelWidget* p) {
        return QFontMetrics(p->decisionMarkers()->shown().constFirst().label->font()).height();
    };
    QVERIFY2(labelHeight(wallPanel) > labelHeight(dockPanel),
             qPrintable(QStringLiteral("wall %1 px, dock %2 px")
                            .arg(labelHeight(wallPanel))
                            .arg(labelHeight(dockPanel))));
    wall->setPresenting(false);
    dock->setRangeSeconds(3600);
    window.close();
}

void TestDecisionWindow::opensPastGoOnTheCutoverStep_data()
{
    QTest::addColumn<QString>("phase");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cutover") << QStringLiteral("cutover") << QStringLiteral("4.6");
    QTest::newRow("step failed") << QStringLiteral("cutover-failed") << QStringLiteral("4.7");
    QTest::newRow("final monitoring")
        << QStringLiteral("final-monitoring") << QStringLiteral("4.11");
    QTest::newRow("live") << QStringLiteral("live") << QStringLiteral("4.11");
    QTest::newRow("rollback") << QStringLiteral("rollback") << QStringLiteral("4.7");
    QTest::newRow("rolled back") << QStringLiteral("rolled-back") << QStringLiteral("4.7");
}

// Past the GO the window opens on the cutover's tab, the step the room is at selected and
// focused: the current one, the failed one (also during and after a rollback), the final one.
void TestDecisionWindow::opensPastGoOnTheCutoverStep()
{
    QFETCH(QString, phase);
    QFETCH(QString, expected);
    const QString path = newRun();
    const QDateTime t0(QDate(2026, 5, 1), QTime(5, 0), Qt::UTC);
    Phase reached = Phase::Preparing;
    {
        RunWriter run(path);
        QVERIFY(run.isOpen());
        QCOMPARE(run.reachCutover(t0), QString());
        QDateTime at = t0.addSecs(5 * 60);
        const auto signUpTo = [&](const QString& last) {
            for (const QString& id : run.state().plan().stepIds) {
                if (id == run.state().plan().finalMonitoringStepId)
                    break;
                at = at.addSecs(60);
                QCOMPARE(run.sign(id, eng(), at), QString());
                if (id == last)
                    break;
            }
        };
        if (phase == QLatin1String("cutover")) {
            signUpTo(QStringLiteral("4.5"));
        } else if (phase == QLatin1String("final-monitoring") || phase == QLatin1String("live")) {
            signUpTo(QString());
            if (phase == QLatin1String("live"))
                QCOMPARE(
                    run.record(makeLiveEvent(run.state().plan(), {}, ic()), at.addSecs(16 * 60)),
                    QString());
        } else {
            signUpTo(QStringLiteral("4.6"));
            QCOMPARE(run.record(
                         makeStepFailedEvent(QStringLiteral("4.7"), QStringLiteral("lock"), eng()),
                         at.addSecs(60)),
                     QString());
            if (phase != QLatin1String("cutover-failed")) {
                QCOMPARE(run.record(makeRollbackEvent(QStringLiteral("4.7 unresolved"), ic()),
                                    at.addSecs(20 * 60)),
                         QString());
            }
            if (phase == QLatin1String("rolled-back")) {
                for (int n = 1; n <= run.state().plan().rollbackSteps.size(); ++n)
                    QCOMPARE(
                        run.record(makeRollbackStepEvent(n, {}, eng()), at.addSecs((21 + n) * 60)),
                        QString());
            }
        }
        reached = run.state().cutover().phase();
    }
    QCOMPARE(phaseName(reached),
             phase == QLatin1String("cutover-failed") ? QStringLiteral("cutover") : phase);

    MainWindow window;
    open(window, path);
    const RunbookSection* section = window.runbook().sectionOf(expected);
    QVERIFY(section);
    const int cutoverTab = int(section - window.runbook().sections.constData());
    QCOMPARE(window.runbook().sectionOf(QStringLiteral("4.5")), section); // the steps' tab
    QVERIFY(cutoverTab > 0);
    QCOMPARE(window.tabs()->currentIndex(), cutoverTab);
    QCOMPARE(currentId(window), expected);
    QVERIFY(window.currentTree()->hasFocus());
    window.close();
}

// Before the GO (preparing, or the Go/No-Go open) the window opens as it did: on the first tab
// with items, its first item; a window that showed another tab keeps it for the next run.
void TestDecisionWindow::beforeGoTheChecklistChoosesAsBefore()
{
    const QString preparing = newRun();
    const QString gate = newRun();
    {
        RunWriter run(gate);
        QVERIFY(run.isOpen());
        const QDateTime t0(QDate(2026, 5, 1), QTime(5, 0), Qt::UTC);
        QCOMPARE(run.signPreChecks(t0), QString());
        QCOMPARE(run.record(makeGateEvent(rc()), t0.addSecs(60)), QString());
        QCOMPARE(run.state().cutover().phase(), Phase::GoNoGo);
    }
    for (const QString& path : {preparing, gate}) {
        MainWindow window;
        open(window, path);
        QCOMPARE(window.tabs()->currentIndex(), 0);
        QCOMPARE(currentId(window), QStringLiteral("0.1"));
        window.close();
    }
    MainWindow window;
    open(window, preparing);
    window.tabs()->setCurrentIndex(2);
    const QString shownBefore = currentId(window);
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.openRun(gate);
    QVERIFY(opened.wait(5000));
    QCOMPARE(window.tabs()->currentIndex(), 2);
    QCOMPARE(currentId(window), shownBefore);
    window.close();
}

// With GOLIVE_SCREENSHOT_DIR set: the SLO dock with a run's decisions on its charts (dark theme,
// demo data), as screenshot-decision-markers.png there, and the wall screen with them
// (screenshot-wall-decision-markers.png).
// The run's dashboard changes between two decisions (golive dashboard set): each decision's
// snapshot names the dashboard its panels were judged by, the one on the charts then.
void TestDecisionWindow::snapshotNamesTheDashboardItsPanelsCameFrom()
{
    const QString path = newRun();
    QFile file(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray first = file.readAll();
    QByteArray second = first;
    second.replace("\"title\": \"", "\"title\": \"Changed ");
    QVERIFY(second != first);
    const auto setDashboard = [&path](const QByteArray& bytes) {
        RunWriter run(path);
        SignOffEvent set;
        set.kind = EventKind::DashboardSet;
        set.fieldKey = RunDashboardVersion::of(bytes, QStringLiteral("summit.json")).sha256;
        set.text = QStringLiteral("summit.json");
        set.actor = rc();
        return run.append(set, &bytes);
    };
    QCOMPARE(setDashboard(first), QString());

    const SignOffEvent gate = makeGateEvent(rc());
    const QString firstSha = RunDashboardVersion::of(first, {}).sha256;
    {
        MainWindow window;
        open(window, path);
        window.useConfiguredSource(QString(), true, Dashboard());
        const auto recorded = [&] {
            const auto s =
                DecisionSnapshot::fromJson(window.session()->withSnapshot(gate).snapshot);
            return s ? s->dashboardSha256 + QLatin1Char('|') + s->dashboardTitle
                     : QStringLiteral("?");
        };
        QCOMPARE(recorded(), firstSha + QStringLiteral("|Summit go-live"));

        // A gate recorded on the first; the dashboard is set anew between it and the next
        // decision (the run file is the window's while it is open: set after it closes).
        QString why;
        QVERIFY2(window.session()->submit(gate, &why), qPrintable(why));
        QTRY_VERIFY(window.pendingEvents() == 0);
        window.close();
    } // the window lets go of the run file
    QCOMPARE(setDashboard(second), QString());

    // Opened again, the window shows the second, and its snapshots say so.
    MainWindow again;
    open(again, path);
    again.useConfiguredSource(QString(), true, Dashboard());
    SignOffEvent noGo = makeDecisionEvent(again.state().plan(), false,
                                          QStringLiteral("dashboard changed"), {}, ic());
    const auto s = DecisionSnapshot::fromJson(again.session()->withSnapshot(noGo).snapshot);
    QVERIFY(s);
    // The gate's record still names the first.
    QString gateSnapshot;
    for (const SignOffEvent& e : again.state().events())
        if (e.kind == EventKind::PhaseChanged)
            gateSnapshot = e.snapshot;
    const auto atGate = DecisionSnapshot::fromJson(gateSnapshot);
    QVERIFY(atGate);
    QCOMPARE(atGate->dashboardSha256, firstSha);
    QCOMPARE(s->dashboardSha256, RunDashboardVersion::of(second, {}).sha256);
    QVERIFY2(s->dashboardTitle.startsWith(QStringLiteral("Changed ")),
             qPrintable(s->dashboardTitle));
    again.close();
}

void TestDecisionWindow::screenshots()
{
    const QString dir = qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set GOLIVE_SCREENSHOT_DIR to write screenshots");
    const QString path = newRun();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    {
        RunWriter run(path);
        QVERIFY(run.isOpen());
        const QDateTime at = now.addSecs(-55 * 60);
        QCOMPARE(run.signPreChecks(at), QString());
        QCOMPARE(run.record(makeGateEvent(rc()), at.addSecs(60)), QString());
        QCOMPARE(run.record(makeDecisionEvent(run.state().plan(), false,
                                              QStringLiteral("bridge not staffed"), {}, ic()),
                            at.addSecs(4 * 60)),
                 QString());
        SignOffEvent go = makeDecisionEvent(run.state().plan(), true, {}, {}, ic());
        go.snapshot = test::breachSnapshot(at.addSecs(12 * 60)).toJson(); // over a breach
        QCOMPARE(run.record(go, at.addSecs(12 * 60)), QString());
        QCOMPARE(run.sign(QStringLiteral("4.5"), eng(), at.addSecs(17 * 60)), QString());
        QCOMPARE(
            run.record(makeStepFailedEvent(QStringLiteral("4.6"),
                                           QStringLiteral("neo4j migration: lock timeout"), eng()),
                       at.addSecs(24 * 60)),
            QString());
        QCOMPARE(run.record(makeRollbackEvent(QStringLiteral("4.6 unresolved"), ic()),
                            at.addSecs(41 * 60)),
                 QString());
    }
    MainWindow window;
    open(window, path);
    window.useConfiguredSource(QString(), true, summit());
    SloDashboardDock* dock = window.sloDock();
    dock->setFloating(true);
    dock->resize(1100, 900);
    QTRY_VERIFY_WITH_TIMEOUT(!dock->panels().isEmpty() &&
                                 std::all_of(dock->panels().cbegin(), dock->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    dock->refreshNow();
    QTest::qWait(1500);
    QVERIFY(
        dock->grab().save(QDir(dir).filePath(QStringLiteral("screenshot-decision-markers.png"))));
    // The wall screen at 1920x1080 with the same markers.
    PresentationView* wall = window.presentationView();
    wall->resize(1920, 1080);
    wall->show();
    QTRY_VERIFY_WITH_TIMEOUT(!wall->panels().isEmpty() &&
                                 std::all_of(wall->panels().cbegin(), wall->panels().cend(),
                                             [](const SloPanelWidget* p) { return p->hasData(); }),
                             10000);
    QTest::qWait(500);
    QVERIFY(wall->grab().save(
        QDir(dir).filePath(QStringLiteral("screenshot-wall-decision-markers.png"))));
    wall->hide();
    window.close();
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestDecisionWindow, "screenshots", "GOLIVE_SCREENSHOT_DIR")
#include "tst_decisionwindow.moc"
