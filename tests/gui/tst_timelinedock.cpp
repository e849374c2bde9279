// The "Timeline" dock, alone and in the real window: newest first, colours, observations not
// recorded greyed, the filter, the export (the same Markdown as `golive export --timeline`), and
// the window recording what the SLO source shows (once per transition, never twice).
#include "Cutover.h"
#include "MainWindow.h"
#include "ObservationTracker.h"
#include "OnRequestMain.h"
#include "RunFile.h"
#include "Settings.h"
#include "SloDashboardDock.h"
#include "Theme.h"
#include "Timeline.h"
#include "TimelineDock.h"
#include "WindowTestSupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace golive;

namespace {

// A source the test drives: it delivers what the test emits, nothing on its own.
class ScriptedSource : public SloSource
{
    Q_OBJECT
public:
    explicit ScriptedSource(bool demo, QObject* parent = nullptr) : SloSource(parent), m_demo(demo)
    {}
    void refresh(const Dashboard&, const QDateTime&, const QDateTime&, int) override {}
    bool isDemo() const override { return m_demo; }
    QString description() const override
    {
        return m_demo ? QStringLiteral("DEMO data") : QStringLiteral("Prometheus (scripted)");
    }

private:
    bool m_demo = false;
};

AlertInfo latencyHigh()
{
    AlertInfo a;
    a.name = QStringLiteral("ProvLedgerLatencyHigh");
    a.severity = QStringLiteral("critical");
    a.state = QStringLiteral("firing");
    a.summary = QStringLiteral("prov-ledger p95 latency is above the 350 ms objective");
    a.activeAtUtc = QDateTime(QDate(2026, 5, 1), QTime(6, 10), Qt::UTC);
    a.labels = {{QStringLiteral("alertname"), a.name},
                {QStringLiteral("severity"), a.severity},
                {QStringLiteral("service"), QStringLiteral("prov-ledger")}};
    return a;
}

Dashboard dashboard()
{
    Dashboard d;
    d.title = QStringLiteral("Summit");
    PanelDefinition p;
    p.id = QStringLiteral("prov-ledger-p95");
    p.title = QStringLiteral("prov-ledger p95 latency");
    p.unit = QStringLiteral("s");
    p.slo.objective = 0.35;
    d.panels = {p};
    return d;
}

QStringList column(const QAbstractItemModel* model, int column)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, column).data().toString();
    return out;
}

// The first row whose `column` contains `text` (and, when given, of that RowKindRole), or -1.
int rowWhere(const QAbstractItemModel* model, int column, const QString& text,
             const char* kind = nullptr)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (kind &&
            model->index(row, 0).data(TimelineDock::RowKindRole).toString() != QLatin1String(kind))
            continue;
        if (model->index(row, column).data().toString().contains(text))
            return row;
    }
    return -1;
}

// The Markdown without its export time, which differs between two exports.
QByteArray withoutExportTime(QByteArray md)
{
    QList<QByteArray> lines = md.split('\n');
    lines.removeIf([](const QByteArray& l) { return l.startsWith("- Exported: "); });
    return lines.join('\n');
}

QList<SignOffEvent> observedEvents(const QList<SignOffEvent>& events)
{
    QList<SignOffEvent> out;
    for (const SignOffEvent& e : events) {
        if (e.kind == EventKind::Observed)
            out << e;
    }
    return out;
}

} // namespace

class TestTimelineDock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void showsNewestFirstColouredWithUnrecordedGreyed();
    void filterAndOldestFirst();
    void exportWritesWhatTheCommandLineWrites();
    void exportToAnUnwritablePlaceSaysSo();
    void windowRecordsAlertsOnceAndShowsThem();
    void withoutAnOperatorObservationsWaitAndAreRecordedLater();
    void demoObservationsAreShownButNeverRecorded();
    void screenshotWhenAsked();

private:
    QString newRun();
    void openAndWait(MainWindow& window, const QString& path);
    QByteArray cliTimeline(const QString& runPath);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestTimelineDock::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_timelinedock"));
}

void TestTimelineDock::init()
{
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ana Lima"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("observer"));
}

QString TestTimelineDock::newRun()
{
    return test::newSeedRun(m_dir, ++m_runs);
}

void TestTimelineDock::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

QByteArray TestTimelineDock::cliTimeline(const QString& runPath)
{
    const QString out = m_dir.filePath(QStringLiteral("cli-%1.md").arg(++m_runs));
    QProcess cli;
    cli.start(QStringLiteral(GOLIVE_BINARY), {QStringLiteral("export"), QStringLiteral("--run"),
                                              runPath, QStringLiteral("--timeline"), out});
    if (!cli.waitForFinished(30000) || cli.exitCode() != 0) {
        qWarning().noquote() << "golive export failed:" << cli.readAllStandardError();
        return {};
    }
    QFile f(out);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A run with a sign-off, a GO-less gate, an alert firing and resolving; a tracker with one
// observation waiting and one demo observation.
void TestTimelineDock::showsNewestFirstColouredWithUnrecordedGreyed()
{
    const QString path = newRun();
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
    QVERIFY2(run, qPrintable(error));
    const Actor ana = Actor::local(QStringLiteral("Ana Lima"), Role::IncidentCommander);
    SignOffEvent gate = makeGateEvent(ana, QStringLiteral("war room ready"));
    QVERIFY2(run->append(gate, &error), qPrintable(error));
    SignOffEvent firing = makeObservedEvent(
        QStringLiteral("alert-firing"), QStringLiteral("ProvLedgerLatencyHigh (critical)"), ana);
    QVERIFY2(run->append(firing, &error), qPrintable(error));
    SignOffEvent resolved = makeObservedEvent(
        QStringLiteral("alert-resolved"),
        QStringLiteral("ProvLedgerLatencyHigh (critical): no longer firing"), ana);
    QVERIFY2(run->append(resolved, &error), qPrintable(error));

    ObservationTracker tracker;
    tracker.setClock([] { return QDateTime::currentDateTimeUtc().addSecs(3600); });
    tracker.setDashboard(dashboard());
    PanelUpdate breach;
    breach.panelId = QStringLiteral("prov-ledger-p95");
    breach.ok = true;
    breach.state = SloState::Breach;
    breach.currentValue = 0.45;
    tracker.panelUpdated(breach);
    tracker.alertsUpdated({latencyHigh()}, QString(), /*demo=*/true);

    TimelineDock dock;
    dock.setRun(&run->state(), run->runId(), run->headHash(), path);
    dock.setTracker(&tracker);
    dock.setHoldReason(QStringLiteral("no operator on duty"));
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));

    const QAbstractItemModel* rows = dock.rows();
    // 3 events (the gate is itself the phase move) + 2 observations not in the ledger.
    QCOMPARE(rows->rowCount(), 5);
    const QStringList categories = column(rows, TimelineDock::CategoryColumn);
    // Newest at the top: the tracker's (an hour from now), then the ledger backwards.
    QCOMPARE(categories.mid(2),
             (QStringList{QStringLiteral("alert resolved"), QStringLiteral("alert firing"),
                          QStringLiteral("phase")}));
    const QStringList times = column(rows, TimelineDock::TimeColumn);
    for (int i = 1; i < times.size(); ++i)
        QVERIFY2(times.at(i - 1) >= times.at(i), qPrintable(times.join(QLatin1Char('|'))));

    const int waitingRow = rowWhere(rows, TimelineDock::WhatColumn,
                                    QStringLiteral("(not recorded: no operator on duty)"));
    QVERIFY(waitingRow >= 0);
    QVERIFY(rows->index(waitingRow, TimelineDock::WhatColumn)
                .data()
                .toString()
                .contains(QStringLiteral("prov-ledger p95 latency: 450 ms")));
    QCOMPARE(rows->index(waitingRow, 0).data(TimelineDock::RowKindRole).toString(),
             QStringLiteral("unrecorded"));
    const int demoRow =
        rowWhere(rows, TimelineDock::WhatColumn, QStringLiteral("(demo, not recorded)"));
    QVERIFY(demoRow >= 0);
    QCOMPARE(rows->index(demoRow, 0).data(TimelineDock::RowKindRole).toString(),
             QStringLiteral("demo"));
    const QColor grey = TimelineDock::notRecordedColour();
    QVERIFY(grey != dock.palette().color(QPalette::Text));
    for (int row : {waitingRow, demoRow}) {
        QCOMPARE(rows->index(row, TimelineDock::WhatColumn)
                     .data(Qt::ForegroundRole)
                     .value<QBrush>()
                     .color(),
                 grey);
        QVERIFY(
            rows->index(row, TimelineDock::WhatColumn).data(Qt::FontRole).value<QFont>().italic());
    }

    // Recorded: firing red, resolved green, phase moves bold.
    const int firingRow =
        rowWhere(rows, TimelineDock::CategoryColumn, QStringLiteral("alert firing"), "ledger");
    const int resolvedRow =
        rowWhere(rows, TimelineDock::CategoryColumn, QStringLiteral("alert resolved"), "ledger");
    const int phaseRow =
        rowWhere(rows, TimelineDock::CategoryColumn, QStringLiteral("phase"), "ledger");
    const auto colour = [&](int row) {
        return rows->index(row, TimelineDock::CategoryColumn)
            .data(Qt::ForegroundRole)
            .value<QBrush>()
            .color();
    };
    QCOMPARE(colour(firingRow), TimelineDock::badColour());
    QCOMPARE(colour(resolvedRow), TimelineDock::goodColour());
    QVERIFY(TimelineDock::badColour() != TimelineDock::goodColour());
    QVERIFY(
        rows->index(phaseRow, TimelineDock::WhatColumn).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(rows->index(firingRow, TimelineDock::WhoColumn).data().toString(),
             QStringLiteral("Ana Lima (Incident Commander)"));
    QVERIFY(dock.statusText().contains(
        QStringLiteral("1 observation(s) not recorded: no operator on duty")));
    QVERIFY(dock.statusText().contains(QStringLiteral("1 demo observation(s), never recorded")));

    // A new event shows once the dock is told.
    SignOffEvent note = makeObservedEvent(QStringLiteral("health-down"),
                                          QStringLiteral("prov-ledger: HTTP 503"), ana);
    QVERIFY2(run->append(note, &error), qPrintable(error));
    dock.setRun(&run->state(), run->runId(), run->headHash(), path);
    QCOMPARE(rows->rowCount(), 6);
    QCOMPARE(rows->index(2, TimelineDock::CategoryColumn).data().toString(),
             QStringLiteral("health check down"));
}

void TestTimelineDock::filterAndOldestFirst()
{
    const QString path = newRun();
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
    QVERIFY2(run, qPrintable(error));
    const Actor bo = Actor::local(QStringLiteral("Bo Chen"), Role::Observer);
    for (const auto& [category, text] :
         QList<QPair<QString, QString>>{{QStringLiteral("alert-firing"), QStringLiteral("A1")},
                                        {QStringLiteral("slo-breach"), QStringLiteral("lat: 1 s")},
                                        {QStringLiteral("alert-resolved"), QStringLiteral("A1")}}) {
        SignOffEvent e = makeObservedEvent(category, text, bo);
        QVERIFY2(run->append(e, &error), qPrintable(error));
    }
    TimelineDock dock;
    dock.setRun(&run->state(), run->runId(), run->headHash(), path);
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    QCOMPARE(dock.rows()->rowCount(), 3);
    QTest::keyClicks(dock.filterEdit(), QStringLiteral("BREACH"));
    QCOMPARE(dock.rows()->rowCount(), 1);
    QVERIFY(dock.rows()
                ->index(0, TimelineDock::WhatColumn)
                .data()
                .toString()
                .contains(QStringLiteral("lat: 1 s")));
    QVERIFY(dock.statusText().contains(QStringLiteral("1 shown by the filter")));
    dock.filterEdit()->clear();
    QCOMPARE(dock.rows()->rowCount(), 3);
    dock.setNewestFirst(false);
    QCOMPARE(column(dock.rows(), TimelineDock::CategoryColumn),
             (QStringList{QStringLiteral("alert firing"), QStringLiteral("SLO breach"),
                          QStringLiteral("alert resolved")}));
}

void TestTimelineDock::exportWritesWhatTheCommandLineWrites()
{
    const QString path = newRun();
    QString error;
    {
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        const Actor ana = Actor::local(QStringLiteral("Ana Lima"), Role::IncidentCommander);
        SignOffEvent gate = makeGateEvent(ana);
        QVERIFY2(run->append(gate, &error), qPrintable(error));
        SignOffEvent firing = makeObservedEvent(QStringLiteral("alert-firing"),
                                                QStringLiteral("X | *y* <z>\nsecond line"), ana);
        QVERIFY2(run->append(firing, &error), qPrintable(error));
    }
    auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    TimelineDock dock;
    dock.setRun(&run->state(), run->runId(), run->headHash(), path);
    const QString out = m_dir.filePath(QStringLiteral("dock-timeline.md"));
    const QDateTime at(QDate(2026, 5, 1), QTime(9, 0), Qt::UTC);
    QVERIFY2(dock.exportTo(out, &error, at), qPrintable(error));
    QFile written(out);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray md = written.readAll();
    QCOMPARE(md, timelineMarkdown(run->state(), run->runId(), at, run->headHash()));
    QVERIFY(md.contains("- Exported: 2026-05-01 09:00:00 UTC"));
    QVERIFY(md.contains("Observed alert firing: X \\| \\*y\\* \\<z\\><br>second line"));
    const QByteArray cli = cliTimeline(path);
    QVERIFY(!cli.isEmpty());
    QCOMPARE(withoutExportTime(md), withoutExportTime(cli));
}

void TestTimelineDock::exportToAnUnwritablePlaceSaysSo()
{
    TimelineDock dock;
    QString error;
    QVERIFY(!dock.exportTo(m_dir.filePath(QStringLiteral("none.md")), &error));
    QVERIFY2(error.contains(QStringLiteral("no run is open")), qPrintable(error));

    const QString path = newRun();
    auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    dock.setRun(&run->state(), run->runId(), run->headHash(), path);
    const QString bad = m_dir.filePath(QStringLiteral("no-such-dir/timeline.md"));
    QVERIFY(!dock.exportTo(bad, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(bad)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("nothing was written")), qPrintable(error));
    QVERIFY(!QFile::exists(bad));
}

// Session 1 records the alert firing; session 2 (the run reopened) sees the same firing list
// and records nothing, then records it resolved; the dock shows both; the export is the CLI's.
void TestTimelineDock::windowRecordsAlertsOnceAndShowsThem()
{
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    {
        MainWindow window;
        openAndWait(window, path);
        auto* source = new ScriptedSource(/*demo=*/false, &window);
        window.setSloSource(source, dashboard());
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        emit source->alertsUpdated({latencyHigh()}, QString());
        QVERIFY(recorded.wait(5000));
        emit source->alertsUpdated({latencyHigh()}, QString());
        emit source->alertsUpdated({}, QStringLiteral("Prometheus unreachable: timed out"));
        const QList<SignOffEvent> observed = observedEvents(window.state().events());
        QCOMPARE(observed.size(), 1);
        QCOMPARE(observed.at(0).fieldKey, QStringLiteral("alert-firing"));
        QCOMPARE(observed.at(0).text,
                 QStringLiteral("ProvLedgerLatencyHigh{service=\"prov-ledger\"} (critical): "
                                "prov-ledger p95 latency is above the 350 ms objective"));
        QCOMPARE(observed.at(0).actor.name, QStringLiteral("Ana Lima"));
        QCOMPARE(observed.at(0).actor.role, Role::Observer);
        QVERIFY2(!window.findChild<QMessageBox*>(), "no dialog for an observation");
        window.close();
    }
    {
        MainWindow window;
        openAndWait(window, path);
        auto* source = new ScriptedSource(/*demo=*/false, &window);
        window.setSloSource(source, dashboard());
        // View > Timeline (Ctrl+T) shows the dock.
        QVERIFY(!window.timelineDock()->isVisible());
        QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY(window.timelineDock()->isVisible());

        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        // The ledger has it firing: the same list again is not news.
        emit source->alertsUpdated({latencyHigh()}, QString());
        emit source->alertsUpdated({latencyHigh()}, QString());
        QCOMPARE(window.pendingEvents(), 0);
        QVERIFY(window.observations()->unrecorded().isEmpty());
        emit source->alertsUpdated({}, QString());
        QVERIFY(recorded.wait(5000));
        QCOMPARE(recorded.size(), 1);
        const QList<SignOffEvent> observed = observedEvents(window.state().events());
        QCOMPARE(observed.size(), 2);
        QCOMPARE(observed.at(0).fieldKey, QStringLiteral("alert-firing"));
        QCOMPARE(observed.at(1).fieldKey, QStringLiteral("alert-resolved"));
        QVERIFY2(
            observed.at(1).text.startsWith(QStringLiteral(
                "ProvLedgerLatencyHigh{service=\"prov-ledger\"} (critical): no longer firing")),
            qPrintable(observed.at(1).text));

        // The dock: newest at the top, both recorded.
        const QAbstractItemModel* rows = window.timelineDock()->rows();
        QCOMPARE(rows->rowCount(), 2);
        QCOMPARE(column(rows, TimelineDock::CategoryColumn),
                 (QStringList{QStringLiteral("alert resolved"), QStringLiteral("alert firing")}));
        QCOMPARE(rows->index(0, 0).data(TimelineDock::RowKindRole).toString(),
                 QStringLiteral("ledger"));
        QCOMPARE(rows->index(1, TimelineDock::WhoColumn).data().toString(),
                 QStringLiteral("Ana Lima (Observer)"));

        // File > Export > Timeline (Markdown) is there with its shortcut.
        auto* exportAction = window.findChild<QAction*>(QStringLiteral("exportTimelineAction"));
        QVERIFY(exportAction);
        QCOMPARE(exportAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));

        const QString out = m_dir.filePath(QStringLiteral("window-timeline.md"));
        QString error;
        QVERIFY2(window.timelineDock()->exportTo(out, &error), qPrintable(error));
        window.close();
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray md = written.readAll();
        QVERIFY(md.contains("Observed alert firing: ProvLedgerLatencyHigh"));
        QVERIFY(md.contains("Observed alert resolved: ProvLedgerLatencyHigh"));
        const QByteArray cli = cliTimeline(path);
        QVERIFY(!cli.isEmpty());
        QCOMPARE(withoutExportTime(md), withoutExportTime(cli));
    }
    // And the run file itself holds exactly those two observations.
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    QCOMPARE(observedEvents(run->events()).size(), 2);
}

void TestTimelineDock::withoutAnOperatorObservationsWaitAndAreRecordedLater()
{
    Settings::instance()->setValue(Settings::Key::OperatorName, QString());
    const QString path = newRun();
    MainWindow window;
    QDateTime now(QDate(2026, 5, 1), QTime(6, 20), Qt::UTC);
    window.setClock([&now] { return now; });
    openAndWait(window, path);
    window.timelineDock()->show();
    auto* source = new ScriptedSource(/*demo=*/false, &window);
    window.setSloSource(source, dashboard());
    emit source->alertsUpdated({latencyHigh()}, QString());
    QCoreApplication::processEvents();
    QCOMPARE(window.pendingEvents(), 0);
    QVERIFY(observedEvents(window.state().events()).isEmpty());
    QVERIFY2(!window.findChild<QDialog*>(), "no dialog, not even the operator dialog");
    const QAbstractItemModel* rows = window.timelineDock()->rows();
    QCOMPARE(rows->rowCount(), 1);
    QCOMPARE(rows->index(0, 0).data(TimelineDock::RowKindRole).toString(),
             QStringLiteral("unrecorded"));
    QVERIFY2(rows->index(0, TimelineDock::WhatColumn)
                 .data()
                 .toString()
                 .startsWith(
                     QStringLiteral("(not recorded: no operator on duty) Observed alert firing: ")),
             qPrintable(rows->index(0, TimelineDock::WhatColumn).data().toString()));
    QCOMPARE(rows->index(0, TimelineDock::TimeColumn).data().toString(),
             QStringLiteral("2026-05-01 06:20:00"));

    // Ten minutes later someone takes the duty: it is recorded, saying when it was seen.
    now = now.addSecs(600);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Bo Chen"));
    QVERIFY(recorded.wait(5000));
    const QList<SignOffEvent> observed = observedEvents(window.state().events());
    QCOMPARE(observed.size(), 1);
    QCOMPARE(observed.at(0).actor.name, QStringLiteral("Bo Chen"));
    QVERIFY2(observed.at(0).text.endsWith(QStringLiteral("(seen at 2026-05-01 06:20:00 UTC)")),
             qPrintable(observed.at(0).text));
    QCOMPARE(rows->rowCount(), 1);
    QCOMPARE(rows->index(0, 0).data(TimelineDock::RowKindRole).toString(),
             QStringLiteral("ledger"));
    window.close();
}

void TestTimelineDock::demoObservationsAreShownButNeverRecorded()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    window.timelineDock()->show();
    auto* demo = new ScriptedSource(/*demo=*/true, &window);
    window.setSloSource(demo, dashboard());
    AlertInfo demoAlert = latencyHigh();
    demoAlert.name = QStringLiteral("NLQLatencySLOBurn");
    emit demo->alertsUpdated({demoAlert}, QString());
    PanelUpdate breach;
    breach.panelId = QStringLiteral("prov-ledger-p95");
    breach.ok = true;
    breach.demo = true;
    breach.state = SloState::Breach;
    breach.currentValue = 0.5;
    emit demo->panelUpdated(breach);
    QCoreApplication::processEvents();
    QCOMPARE(window.pendingEvents(), 0);
    const QAbstractItemModel* rows = window.timelineDock()->rows();
    QCOMPARE(rows->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(rows->index(row, 0).data(TimelineDock::RowKindRole).toString(),
                 QStringLiteral("demo"));
        QVERIFY(rows->index(row, TimelineDock::WhatColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("(demo, not recorded)")));
    }

    // Switched to a real source: its first list does not resolve the demo alert, and its own
    // alert is the only observation that reaches the ledger.
    auto* real = new ScriptedSource(/*demo=*/false, &window);
    window.setSloSource(real, dashboard());
    emit demo->alertsUpdated({}, QString()); // the old source is no longer listened to
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    emit real->alertsUpdated({latencyHigh()}, QString());
    QVERIFY(recorded.wait(5000));
    const QList<SignOffEvent> observed = observedEvents(window.state().events());
    QCOMPARE(observed.size(), 1);
    QVERIFY(observed.at(0).text.startsWith(QStringLiteral("ProvLedgerLatencyHigh")));
    QCOMPARE(rows->rowCount(), 3);
    window.close();
}

// GOLIVE_TIMELINE_SCREENSHOT=PATH.png: the window in the dark theme with the dock open over a
// run with a Go/No-Go, observations recorded, one waiting and one demo; to look at, not a test.
void TestTimelineDock::screenshotWhenAsked()
{
    const QString out = qEnvironmentVariable("GOLIVE_TIMELINE_SCREENSHOT");
    if (out.isEmpty())
        QSKIP("set GOLIVE_TIMELINE_SCREENSHOT=PATH.png to write the screenshot");
    const QString path = newRun();
    QString error;
    {
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        const Actor ic = Actor::local(QStringLiteral("Ana Lima"), Role::IncidentCommander);
        const Actor eng = Actor::local(QStringLiteral("Bo Chen"), Role::Engineer);
        QList<SignOffEvent> events = {
            makeGateEvent(ic, QStringLiteral("war room assembled")),
            makeObservedEvent(QStringLiteral("health-down"),
                              QStringLiteral("nl2cypher: HTTP 503 Service Unavailable (a critical "
                                             "check: abort trigger)"),
                              eng),
            makeObservedEvent(QStringLiteral("health-up"),
                              QStringLiteral("nl2cypher: HTTP 200 in 41 ms"), eng),
            makeDecisionEvent(run->state().plan(), true, QStringLiteral("all clear on the bridge"),
                              run->state().cutover().openPreChecks(), ic),
        };
        for (SignOffEvent& e : events)
            QVERIFY2(run->append(e, &error), qPrintable(error));
    }
    applyTheme(Theme::Dark);
    MainWindow window;
    window.resize(1600, 1000);
    openAndWait(window, path);
    window.timelineDock()->show();
    auto* source = new ScriptedSource(false, &window);
    window.setSloSource(source, dashboard());
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    emit source->alertsUpdated({latencyHigh()}, QString());
    QVERIFY(recorded.wait(5000));
    auto* demo = new ScriptedSource(true, &window);
    window.setSloSource(demo, dashboard());
    emit demo->alertsUpdated({latencyHigh()}, QString());
    Settings::instance()->setValue(Settings::Key::OperatorName, QString());
    window.setSloSource(source, dashboard());
    PanelUpdate breach;
    breach.panelId = QStringLiteral("prov-ledger-p95");
    breach.ok = true;
    breach.state = SloState::Breach;
    breach.currentValue = 0.45;
    emit source->panelUpdated(breach);
    QTest::qWait(100);
    QVERIFY(window.grab().save(out));
    window.close();
    applyTheme(Theme::Light);
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestTimelineDock, "screenshotWhenAsked", "GOLIVE_TIMELINE_SCREENSHOT")
#include "tst_timelinedock.moc"
