// The Go/No-Go on one screen, in the real window with its clock seam: the dialog opens at the
// gate (Ctrl+G), summarises the pre-checks, health lights, SLO states and firing alerts
// (critical first), records the gate and the decision in order, asks for a reason for a GO over
// open pre-checks or before the planned start, clears its error on a choice, keeps what was
// typed when the decision is refused after the gate, and shows the keyboard focus on its
// large GO and NO-GO buttons.
#include "CutoverDialogs.h"
#include "GoNoGoDialog.h"
#include "MainWindow.h"
#include "OnRequestMain.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "SloSource.h"
#include "Theme.h"
#include "WindowTestSupport.h"
#include "decision/DecisionSnapshot.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace golive;

namespace {

// Panels and alerts on demand, as from Prometheus.
class TestSource : public SloSource
{
public:
    using SloSource::SloSource;
    void refresh(const Dashboard&, const QDateTime&, const QDateTime&, int) override {}
    bool isDemo() const override { return false; }
    QString description() const override { return QStringLiteral("test source"); }
};

bool hasColour(const QImage& image, const QColor& colour)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y).rgb() == colour.rgb())
                return true;
        }
    }
    return false;
}

} // namespace

class TestGoNoGo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void oneScreenOpensTheGateAndDecides();
    void decisionRefusedAfterTheGateKeepsWhatWasTyped();
    void checksFollowTheRunWhileTheDialogIsOpen();
    void screenshots();

private:
    void open(MainWindow& window);
    void as(MainWindow& window, const QString& name, const QString& role);
    QAction* action(MainWindow& window, const char* name);
    QString sign(MainWindow& window, const QString& id);
    GoNoGoDialog* openDialog(MainWindow& window);
    void feedSignals(MainWindow& window, TestSource& source);

    QTemporaryDir m_dir;
    int m_runs = 0;
    QDateTime m_now;
};

void TestGoNoGo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_gonogo"));
}

void TestGoNoGo::init()
{
    m_now = QDateTime(QDate(2026, 5, 1), QTime(5, 0), Qt::UTC);
}

void TestGoNoGo::open(MainWindow& window)
{
    as(window, QStringLiteral("Rae Okafor"), QStringLiteral("release-captain"));
    const QString path = test::newSeedRun(m_dir, ++m_runs, QStringLiteral("gonogo"));
    QVERIFY(!path.isEmpty());
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    // The planned start at 05:45: a GO at 05:00 is 45 minutes early.
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY(start);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    start->setText(QStringLiteral("2026-05-01 05:45 UTC"));
    emit start->editingFinished();
    QTRY_VERIFY(!recorded.isEmpty() && window.pendingEvents() == 0);
}

void TestGoNoGo::as(MainWindow& window, const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
    window.refreshCutover();
}

QAction* TestGoNoGo::action(MainWindow& window, const char* name)
{
    return window.findChild<QAction*>(QLatin1String(name));
}

QString TestGoNoGo::sign(MainWindow& window, const QString& id)
{
    if (!test::selectItem(window, id))
        return QStringLiteral("(no item %1)").arg(id);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    action(window, "signAction")->trigger();
    SignOffDialog* dialog = test::waitForDialog<SignOffDialog>(window);
    if (!dialog)
        return QStringLiteral("(no sign-off dialog)");
    dialog->accept();
    return QTest::qWaitFor([&] { return !recorded.isEmpty() && window.pendingEvents() == 0; }, 5000)
               ? QString()
               : QStringLiteral("(not recorded)");
}

GoNoGoDialog* TestGoNoGo::openDialog(MainWindow& window)
{
    action(window, "goNoGoAction")->trigger();
    return test::waitForDialog<GoNoGoDialog>(window);
}

// Demo health lights (three probed, one by hand), two SLO panels (one in breach) and two
// alerts firing, the warning one older than the critical one.
void TestGoNoGo::feedSignals(MainWindow& window, TestSource& source)
{
    Dashboard health;
    HealthCheckDefinition check;
    for (const char* service : {"prov-ledger", "policy-lac", "nl2cypher"}) {
        check.service = QLatin1String(service);
        check.url = QStringLiteral("http://example.invalid/health");
        health.healthChecks << check;
    }
    check.service = QStringLiteral("postgres");
    check.kind = HealthCheckDefinition::Kind::Manual;
    check.how = QStringLiteral("pg_isready -h db");
    health.healthChecks << check;
    window.useConfiguredSource(QString(), true, health);
    QTRY_VERIFY(window.healthMonitor() && window.healthMonitor()->results().size() == 4 &&
                window.healthMonitor()->results().at(0).status == HealthStatus::Up);

    Dashboard slo;
    slo.title = QStringLiteral("test");
    PanelDefinition p;
    p.id = QStringLiteral("p95");
    p.title = QStringLiteral("checkout p95 <b>latency</b>");
    slo.panels << p;
    p.id = QStringLiteral("avail");
    p.title = QStringLiteral("api availability");
    slo.panels << p;
    window.setSloSource(&source, slo);
    PanelUpdate u;
    u.ok = true;
    u.fetchedAtUtc = m_now;
    u.panelId = QStringLiteral("p95");
    u.state = SloState::Breach;
    emit source.panelUpdated(u);
    u.panelId = QStringLiteral("avail");
    u.state = SloState::Ok;
    emit source.panelUpdated(u);
    AlertInfo warning;
    warning.name = QStringLiteral("DiskFilling");
    warning.severity = QStringLiteral("warning");
    warning.state = QStringLiteral("firing");
    warning.activeAtUtc = m_now.addSecs(-600);
    AlertInfo critical = warning;
    critical.name = QStringLiteral("Neo4jDown");
    critical.severity = QStringLiteral("critical");
    critical.summary = QStringLiteral("neo4j unreachable for 2 minutes");
    critical.activeAtUtc = m_now.addSecs(-60);
    emit source.alertsUpdated({warning, critical}, QString());
}

void TestGoNoGo::oneScreenOpensTheGateAndDecides()
{
    MainWindow window;
    open(window);
    TestSource source;
    feedSignals(window, source);
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    QCOMPARE(test::signOverOpenChecks(window, QStringLiteral("4.3")), QString());

    // Ctrl+G opens it for the incident commander while the gate is still closed.
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QCOMPARE(window.state().cutover().phase(), Phase::Preparing);
    QAction* goNoGo = action(window, "goNoGoAction");
    QCOMPARE(goNoGo->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_G));
    QVERIFY2(goNoGo->isEnabled(), qPrintable(goNoGo->toolTip()));
    GoNoGoDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    QVERIFY(!dialog->gateOpen());
    auto* gateNote = dialog->findChild<QLabel*>(QStringLiteral("goNoGoGateNote"));
    QVERIFY(gateNote && gateNote->isVisible());

    // The summary: pre-checks, health, SLOs, alerts (critical first), runbook and Prometheus
    // text as plain text.
    const QString summary = dialog->summaryText();
    for (const QString& line : {QStringLiteral("Pre-checks: 2 of 3 done; open: 4.4"),
                                QStringLiteral("Health: 3 good; 1 unknown"),
                                QStringLiteral("SLOs: 1 bad (checkout p95 <b>latency</b>); 1 good"),
                                QStringLiteral("Alerts firing: 1 bad (Neo4jDown); 1 at risk"),
                                // What golive verifies for the runbook's items: 4.4 open, 4.3
                                // signed over its health check.
                                QStringLiteral("Checks golive verifies: 1 bad (4.4 "
                                               "previous-complete); 1 signed over")})
        QVERIFY2(summary.contains(line), qPrintable(summary));
    QStringList texts;
    for (QLabel* label : dialog->findChildren<QLabel*>()) {
        texts << label->text();
        if (label->text().contains(QStringLiteral("<b>latency")))
            QCOMPARE(label->textFormat(), Qt::PlainText);
    }
    const auto at = [&](const QString& needle) {
        for (int i = 0; i < texts.size(); ++i) {
            if (texts.at(i).startsWith(needle))
                return i;
        }
        return -1;
    };
    QVERIFY(at(QStringLiteral("Neo4jDown")) >= 0);
    QVERIFY2(at(QStringLiteral("Neo4jDown")) < at(QStringLiteral("DiskFilling")),
             qPrintable(texts.join(QLatin1Char('|'))));
    auto* timing = dialog->findChild<QLabel*>(QStringLiteral("goNoGoTiming"));
    QCOMPARE(timing->text(), QStringLiteral("T-00:45:00 \u00b7 planned start 05:45 UTC"));

    // The keyboard starts on GO, and its focus shows: a ring in the focus colour.
    QTRY_VERIFY(dialog->goButton()->hasFocus());
    const QImage focused = dialog->goButton()->grab().toImage();
    QVERIFY(hasColour(focused, themeColour(ThemeColour::FocusRing)));
    dialog->noGoButton()->setFocus();
    QTRY_VERIFY(dialog->noGoButton()->hasFocus());
    QVERIFY(!hasColour(dialog->goButton()->grab().toImage(), themeColour(ThemeColour::FocusRing)));
    QVERIFY(hasColour(dialog->noGoButton()->grab().toImage(), themeColour(ThemeColour::FocusRing)));

    // Nothing chosen: said; a choice clears it.
    dialog->accept();
    QVERIFY(dialog->errorText().startsWith(QStringLiteral("Choose GO or NO-GO first")));
    QTest::keyClick(dialog->goButton(), Qt::Key_Space);
    QVERIFY(dialog->isGo());
    QCOMPARE(dialog->errorText(), QString());
    QVERIFY2(dialog->hintText().contains(QStringLiteral("45 minutes before the planned start")) &&
                 dialog->hintText().contains(QStringLiteral("4.4")),
             qPrintable(dialog->hintText()));
    QCOMPARE(dialog->recordButton()->text(), QStringLiteral("Open the gate and record GO"));

    // An early GO without a reason: refused in the rules' words, nothing recorded.
    const qsizetype before = window.state().events().size();
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QStringLiteral("4.4")) &&
                 dialog->errorText().contains(QStringLiteral("this GO is 45 minutes before the "
                                                             "planned start (05:45 UTC)")),
             qPrintable(dialog->errorText()));
    QCOMPARE(window.state().events().size(), before);
    // Choosing NO-GO clears that error.
    dialog->noGoButton()->click();
    QCOMPARE(dialog->errorText(), QString());

    // NO-GO with its reason: the gate, then the decision, in this order.
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->setReason(QStringLiteral("checkout p95 in breach; Neo4jDown firing"));
    const QPointer<GoNoGoDialog> closing = dialog;
    dialog->accept();
    // Esc while it waits for the ledger does not drop the decision on the way.
    QTest::keyClick(dialog, Qt::Key_Escape);
    QVERIFY(closing && closing->isVisible());
    QTRY_VERIFY(!closing); // closed once both are recorded (and deleted on close)
    QTRY_VERIFY(window.pendingEvents() == 0 && window.state().cutover().decision());
    const QList<SignOffEvent>& events = window.state().events();
    QCOMPARE(events.size(), before + 2);
    QCOMPARE(events.at(before).kind, EventKind::PhaseChanged);
    QCOMPARE(events.at(before).fieldKey, QStringLiteral("go-no-go"));
    QCOMPARE(events.at(before + 1).kind, EventKind::Decision);
    QCOMPARE(events.at(before + 1).fieldKey, QStringLiteral("no-go"));
    QCOMPARE(events.at(before + 1).text,
             QStringLiteral("checkout p95 in breach; Neo4jDown firing"));
    QCOMPARE(window.state().cutover().phase(), Phase::GoNoGo);

    // Ten minutes later, the gate open: GO over 4.4, 35 minutes early, with the reason.
    m_now = m_now.addSecs(600);
    dialog = openDialog(window);
    QVERIFY(dialog && dialog->gateOpen());
    dialog->setGo(true);
    QCOMPARE(dialog->recordButton()->text(), QStringLiteral("Record GO"));
    dialog->setReason(QStringLiteral("4.4 confirmed by phone; bridge ready"));
    const QPointer<GoNoGoDialog> deciding = dialog;
    dialog->accept();
    // Open until the ledger holds the decision (its write could still fail).
    QVERIFY(deciding && deciding->isVisible());
    QTRY_VERIFY(!deciding);
    QTRY_VERIFY(window.pendingEvents() == 0 && window.state().cutover().phase() == Phase::Cutover);
    QCOMPARE(window.state().cutover().decision()->reason,
             QStringLiteral("GO 35 minutes before the planned start (05:45 UTC), over open "
                            "pre-checks 4.4: 4.4 confirmed by phone; bridge ready"));
    // The GO's record says which checks held, which were open and which were signed over.
    const SignOffEvent& go = window.state().events().constLast();
    QCOMPARE(go.kind, EventKind::Decision);
    const std::optional<DecisionSnapshot> atGo = DecisionSnapshot::fromJson(go.snapshot);
    QVERIFY(atGo);
    QCOMPARE(atGo->checks.size(), 2);
    QCOMPARE(atGo->checks.at(0).itemId, QStringLiteral("4.3"));
    QVERIFY2(atGo->checks.at(0).signedOver(), qPrintable(atGo->checks.at(0).detail));
    QCOMPARE(atGo->checks.at(1).itemId, QStringLiteral("4.4"));
    QVERIFY(!atGo->checks.at(1).met && !atGo->checks.at(1).signedOver());
    QVERIFY2(atGo->checks.at(1).detail.startsWith(QStringLiteral("open: 0.1, 0.2")),
             qPrintable(atGo->checks.at(1).detail));
    window.setSloSource(nullptr, Dashboard());
    window.close();
}

// The checks golive verifies are shown as a GO now would record them, and follow the run while
// the room weighs the decision: 4.3 signed over its health check moves from open to signed over.
void TestGoNoGo::checksFollowTheRunWhileTheDialogIsOpen()
{
    MainWindow window;
    open(window);
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    GoNoGoDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    QVERIFY2(dialog->summaryText().contains(QStringLiteral(
                 "Checks golive verifies: 2 bad (4.3 health-green, 4.4 previous-complete)")),
             qPrintable(dialog->summaryText()));
    QCOMPARE(test::signOverOpenChecks(window, QStringLiteral("4.3")), QString());
    QTRY_VERIFY2_WITH_TIMEOUT(
        dialog->summaryText().contains(
            QStringLiteral("Checks golive verifies: 1 bad (4.4 previous-complete); 1 signed over")),
        qPrintable(dialog->summaryText()), 5000);
    dialog->reject();
    window.close();
}

void TestGoNoGo::decisionRefusedAfterTheGateKeepsWhatWasTyped()
{
    MainWindow window;
    open(window);
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    for (const char* id : {"4.3", "4.4"})
        QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());
    // On time: a GO needs no reason.
    m_now = QDateTime(QDate(2026, 5, 1), QTime(5, 44), Qt::UTC);
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    GoNoGoDialog* dialog = openDialog(window);
    QVERIFY(dialog && !dialog->gateOpen());
    dialog->setGo(true);
    dialog->setReason(QStringLiteral("  "));
    // The clock is corrected while the gate goes to the ledger: the GO is now an hour early,
    // which the rules refuse without a reason. The gate stays recorded; the dialog says why.
    connect(&window, &MainWindow::eventRecorded, this, [this](const SignOffEvent& e) {
        if (e.kind == EventKind::PhaseChanged)
            m_now = QDateTime(QDate(2026, 5, 1), QTime(4, 40), Qt::UTC);
    });
    dialog->accept();
    QTRY_VERIFY(!dialog->errorText().isEmpty());
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QStringLiteral("1 hour 5 minutes before the planned "
                                                         "start")),
             qPrintable(dialog->errorText()));
    QCOMPARE(window.state().cutover().phase(), Phase::GoNoGo);
    QVERIFY(!window.state().cutover().decision());
    // The dialog's clock line follows the corrected clock (it ticks with the window's).
    QTRY_COMPARE(dialog->timingText(), QStringLiteral("T-01:05:00 \u00b7 planned start 05:45 UTC"));
    QVERIFY2(dialog->hintText().contains(QStringLiteral("1 hour 5 minutes before")),
             qPrintable(dialog->hintText()));
    QVERIFY(dialog->gateOpen());
    QVERIFY(!dialog->findChild<QLabel*>(QStringLiteral("goNoGoGateNote"))->isVisible());
    QVERIFY(dialog->isGo());
    QVERIFY(dialog->recordButton()->isEnabled());
    QCOMPARE(dialog->recordButton()->text(), QStringLiteral("Record GO"));
    // The reason given now records the decision alone.
    dialog->setReason(QStringLiteral("change window moved up by the CAB"));
    dialog->accept();
    QTRY_VERIFY(window.pendingEvents() == 0 && window.state().cutover().phase() == Phase::Cutover);
    window.close();
}

// The dialog at 1280x720 for the review: GOLIVE_GONOGO_SCREENSHOTS=DIR.
void TestGoNoGo::screenshots()
{
    const QString out = qEnvironmentVariable("GOLIVE_GONOGO_SCREENSHOTS");
    if (out.isEmpty())
        QSKIP("set GOLIVE_GONOGO_SCREENSHOTS=DIR to write the screenshots");
    applyTheme(qEnvironmentVariable("GOLIVE_GONOGO_THEME") == QLatin1String("light") ? Theme::Light
                                                                                     : Theme::Dark);
    MainWindow window;
    open(window);
    TestSource source;
    feedSignals(window, source);
    QCOMPARE(sign(window, QStringLiteral("4.1")), QString());
    QCOMPARE(test::signOverOpenChecks(window, QStringLiteral("4.3")), QString());
    as(window, QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    GoNoGoDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    QTest::keyClick(dialog->goButton(), Qt::Key_Space);
    dialog->accept();
    QApplication::processEvents();
    QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("gonogo-window.png"))));
    QVERIFY(dialog->grab().save(QDir(out).filePath(QStringLiteral("gonogo-dialog.png"))));
    dialog->reject();
    window.setSloSource(nullptr, Dashboard());
    window.close();
}

GOLIVE_TEST_MAIN_ON_REQUEST(TestGoNoGo, "screenshots", "GOLIVE_GONOGO_SCREENSHOTS")
#include "tst_gonogo.moc"
