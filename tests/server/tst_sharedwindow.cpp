// Windows on a server run (the real PostgreSQL fixture, offscreen): two windows see each
// other's sign-offs and each other in "Who is here"; a window whose server is killed shows the
// red band, refuses a sign-off with the band's sentence, and once the server is back it
// reconnects, the band goes, and what was recorded elsewhere meanwhile appears.
#include "ConnectionBand.h"
#include "FixtureAccess.h"
#include "MainWindow.h"
#include "PresenceDock.h"
#include "PresentationView.h"
#include "RunLedger.h"
#include "RunSession.h"
#include "ServerTestSupport.h"
#include "Settings.h"
#include "SharedRunController.h"
#include "TimelineDock.h"
#include "gui/WindowTestSupport.h"
#include "server/ServerRun.h"

#include <QAction>
#include <QDialog>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>
#include <QUrlQuery>

using namespace golive;

namespace {

constexpr int Patience = 30000; // generous: other tests build and run beside this one

QString fixtureFile(const QString& name)
{
    return QDir(qEnvironmentVariable("GOLIVE_POSTGRES_FIXTURE")).filePath(name);
}

QString readFixture(const QString& name)
{
    QFile f(fixtureFile(name));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

bool pgctl(const QString& command)
{
    return QProcess::execute(fixtureFile(QStringLiteral("pgctl")), {command}) == 0;
}

SignOffEvent signing(const QString& itemId)
{
    SignOffEvent e;
    e.kind = EventKind::Signed;
    e.itemId = itemId;
    e.actor = Actor::local(QStringLiteral("Ana Lima"), Role::ReleaseCaptain);
    return e;
}

} // namespace

class TestSharedWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void twoWindowsSeeEachOthersSignOffs();
    void whoIsHereListsBothWindows();
    void aKilledServerShowsTheBandAndRefusesThenHeals();
    void aRunThatWentBackWhileAwayIsShownAsTheServerHoldsIt();
    void openServerRunKeepsNoPassword();
    void aSelectOnlyRoleShowsTheRunReadOnlyInWords();
    void cleanupTestCase();

private:
    // Opens `window` on the test's run (or on `uri`) and waits until it shows it.
    bool openOnRun(MainWindow& window, const QString& uri = {});
    // Items of the run Ana, release captain, may sign now, in runbook order.
    QStringList signable(const MainWindow& window, int count) const;

    QTemporaryDir m_dir;
    QString m_uri; // the run: the fixture's admin URI with this test's own run name
};

void TestSharedWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_sharedwindow"));
    const QString url = readFixture(QStringLiteral("url"));
    QVERIFY2(!url.isEmpty(), "the real_postgres fixture is not running");
    pgctl(QStringLiteral("start")); // a test run before may have left it killed
    qputenv("PGPASSFILE", fixtureFile(QStringLiteral("pgpass")).toLocal8Bit());
    // A run name of its own: tests share the server and never rely on an empty database.
    const QString name = QStringLiteral("window_%1_%2")
                             .arg(QCoreApplication::applicationPid())
                             .arg(QRandomGenerator::global()->generate(), 0, 16);
    m_uri = url + (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) +
            QStringLiteral("run=") + name;
    QString error;
    QVERIFY2(ServerRun::initSchema(m_uri, &error), qPrintable(error)); // idempotent
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    auto run = RunLedger::create(m_uri, seed.readAll(), QStringLiteral("summit-go-live-runbook.md"),
                                 &error);
    QVERIFY2(run, qPrintable(error));
}

void TestSharedWindow::init()
{
    // A server killed by a failed test comes back for the next one.
    pgctl(QStringLiteral("start"));
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ana Lima"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
}

void TestSharedWindow::cleanupTestCase()
{
    pgctl(QStringLiteral("start")); // each test leaves the server running
}

bool TestSharedWindow::openOnRun(MainWindow& window, const QString& uri)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openRun(uri.isEmpty() ? m_uri : uri);
    if (!QTest::qWaitFor([&] { return opened.count() + failed.count() > 0; }, Patience))
        return false;
    if (!failed.isEmpty())
        qWarning() << "open failed:" << failed.first().first().toString();
    return opened.count() == 1 && window.session()->isShared();
}

QStringList TestSharedWindow::signable(const MainWindow& window, int count) const
{
    QStringList out;
    for (const RunbookItem* item : window.runbook().allItems()) {
        QString why;
        if (window.session()->wouldRecord(signing(item->id), &why))
            out << item->id;
        if (out.size() == count)
            break;
    }
    return out;
}

void TestSharedWindow::twoWindowsSeeEachOthersSignOffs()
{
    MainWindow a;
    MainWindow b;
    a.show();
    b.show();
    QVERIFY(openOnRun(a));
    QVERIFY(openOnRun(b));
    const QStringList items = signable(a, 2);
    QCOMPARE(items.size(), 2);

    // A signs through its checklist; B's tree, tabs and timeline show it.
    QString why;
    QVERIFY2(a.session()->submit(signing(items.at(0)), &why), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(b.state().item(items.at(0)).status, ItemStatus::Signed, Patience);
    QVERIFY(test::selectItem(b, items.at(0)));
    QCOMPARE(b.currentTree()->currentIndex().data(ChecklistModel::StatusRole).toInt(),
             int(ItemStatus::Signed));
    // B may hear of the commit before A's own ledger thread has told A's window of it.
    QTRY_COMPARE_WITH_TIMEOUT(b.session()->head(), a.session()->head(), Patience);
    // The wall screen and the timeline follow too.
    const RunbookSection* section = b.runbook().sectionOf(items.at(0));
    QVERIFY(section);
    const int row = int(section - b.runbook().sections.constData());
    QTRY_COMPARE_WITH_TIMEOUT(b.presentationView()->sectionProgress(row).done,
                              a.state().sectionProgress(row).done, Patience);
    QVERIFY(b.presentationView()->sectionProgress(row).done > 0);
    QVERIFY(
        b.timelineDock()->markdown(QDateTime::currentDateTimeUtc()).contains(items.at(0).toUtf8()));

    // And the other way round.
    QVERIFY2(b.session()->submit(signing(items.at(1)), &why), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(a.state().item(items.at(1)).status, ItemStatus::Signed, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(a.session()->head(), b.session()->head(), Patience);
    QCOMPARE(a.state().events().size(), b.state().events().size());

    // Both sign the same item in the same moment: the server's rules record it once, the
    // other window shows the refusal, and both end on the same run.
    const QStringList third = signable(a, 1);
    QCOMPARE(third.size(), 1);
    QVERIFY2(a.session()->submit(signing(third.at(0)), &why), qPrintable(why));
    QVERIFY2(b.session()->submit(signing(third.at(0)), &why), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(!a.refusalText().isEmpty() || !b.refusalText().isEmpty(), Patience);
    QVERIFY2(a.refusalText().isEmpty() || b.refusalText().isEmpty(), "only one is refused");
    QTRY_COMPARE_WITH_TIMEOUT(a.session()->head(), b.session()->head(), Patience);
    QCOMPARE(a.state().item(third.at(0)).status, ItemStatus::Signed);
    QCOMPARE(b.state().item(third.at(0)).status, ItemStatus::Signed);
    QCOMPARE(a.state().events().size(), b.state().events().size());
}

void TestSharedWindow::whoIsHereListsBothWindows()
{
    MainWindow a;
    a.show();
    QVERIFY(openOnRun(a));
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Grace Hopper"));
    Settings::instance()->setValue(Settings::Key::OperatorRole,
                                   QStringLiteral("incident-commander"));
    {
        MainWindow b;
        b.show();
        QVERIFY(openOnRun(b));
        PresenceDock* dock = a.sharedRun()->presenceDock();
        QVERIFY(dock->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(dock->list()->topLevelItemCount(), 2, Patience);
        QTRY_VERIFY_WITH_TIMEOUT(
            dock->rows().contains(QStringLiteral("Grace Hopper (Incident Commander) on %1")
                                      .arg(QSysInfo::machineHostName())),
            Patience);
        b.close();
    }
    // B let the run go: A's list follows.
    QTRY_COMPARE_WITH_TIMEOUT(a.sharedRun()->presenceDock()->list()->topLevelItemCount(), 1,
                              Patience);
}

void TestSharedWindow::aKilledServerShowsTheBandAndRefusesThenHeals()
{
    MainWindow a;
    a.show();
    QVERIFY(openOnRun(a));
    QCOMPARE(a.sharedRun()->bandText(), QString());
    const QStringList items = signable(a, 1);
    QCOMPARE(items.size(), 1);

    QVERIFY(pgctl(QStringLiteral("kill")));
    QTRY_VERIFY_WITH_TIMEOUT(!a.sharedRun()->bandText().isEmpty(), Patience);
    const QString band = a.sharedRun()->bandText();
    QVERIFY2(
        band.startsWith(QStringLiteral("Disconnected from %1 since ").arg(a.session()->host())) &&
            band.endsWith(QLatin1String(" UTC - read-only")),
        qPrintable(band));

    // A sign-off through the window is refused with the band's sentence; nothing waits.
    QVERIFY(test::selectItem(a, items.at(0)));
    QTest::keyClick(a.currentTree(), Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(a.refusalText().contains(band), Patience);
    QString why;
    QVERIFY(!a.session()->submit(signing(items.at(0)), &why));
    QCOMPARE(why, band);
    QCOMPARE(a.pendingEvents(), 0);

    // The server comes back, and someone else signs before this window has reconnected.
    QVERIFY(pgctl(QStringLiteral("start")));
    QString error;
    auto elsewhere = RunLedger::open(m_uri, RunLedger::Access::ReadWrite, &error);
    QVERIFY2(elsewhere, qPrintable(error));
    SignOffEvent other = signing(items.at(0));
    QVERIFY2(elsewhere->append(other, &error), qPrintable(error));

    QTRY_COMPARE_WITH_TIMEOUT(a.sharedRun()->bandText(), QString(), 2 * Patience);
    QVERIFY(a.session()->isConnected());
    QTRY_COMPARE_WITH_TIMEOUT(a.state().item(items.at(0)).status, ItemStatus::Signed, Patience);
    QCOMPARE(a.session()->head(), elsewhere->headHash());
    QVERIFY(a.session()->ledgerIntact());
}

// The server is restored to an older state while a window has the run open, and the window
// reconnects: it shows the run as the server holds it (the lost sign-off no longer signed),
// refuses sign-offs until the loss is acknowledged, and what is signed then chains from the
// server's real last event.
void TestSharedWindow::aRunThatWentBackWhileAwayIsShownAsTheServerHoldsIt()
{
    const QString uri = m_uri + QStringLiteral("_back"); // a run of its own: it goes back
    QString error;
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    {
        auto run = RunLedger::create(uri, seed.readAll(),
                                     QStringLiteral("summit-go-live-runbook.md"), &error);
        QVERIFY2(run, qPrintable(error));
    }
    MainWindow a;
    a.show();
    QVERIFY(openOnRun(a, uri));
    const QStringList items = signable(a, 2);
    QCOMPARE(items.size(), 2);
    QString why;
    for (const QString& id : items) {
        QVERIFY2(a.session()->submit(signing(id), &why), qPrintable(why));
        QTRY_COMPARE_WITH_TIMEOUT(a.state().item(id).status, ItemStatus::Signed, Patience);
    }
    const QString runId = a.session()->runId();

    // The second sign-off is lost on the server (a restore from an older backup).
    {
        test::AdminConnection admin;
        for (const QString& sql :
             {QStringLiteral("SET session_replication_role = replica"),
              QStringLiteral("DELETE FROM golive_events WHERE run_id = '%1' AND seq > 1")
                  .arg(runId),
              QStringLiteral("UPDATE golive_runs SET head_seq = 1, head_hash = (SELECT hash "
                             "FROM golive_events WHERE run_id = '%1' AND seq = 1) WHERE run_id "
                             "= '%1'")
                  .arg(runId)})
            QCOMPARE(admin.exec(sql), QString());
    }
    QVERIFY(pgctl(QStringLiteral("kill")));
    QTRY_VERIFY_WITH_TIMEOUT(!a.sharedRun()->bandText().isEmpty(), Patience);
    QVERIFY(pgctl(QStringLiteral("start")));
    QTRY_COMPARE_WITH_TIMEOUT(a.sharedRun()->bandText(), QString(), 2 * Patience);

    QTRY_VERIFY_WITH_TIMEOUT(a.state().item(items.at(1)).status != ItemStatus::Signed, Patience);
    QCOMPARE(a.state().item(items.at(0)).status, ItemStatus::Signed);
    QCOMPARE(a.state().events().size(), 1);
    QVERIFY(a.session()->wentBack());
    QVERIFY(!a.session()->ledgerIntact());
    QVERIFY(!a.session()->submit(signing(items.at(1)), &why));

    SignOffEvent ack;
    ack.kind = EventKind::ChainBreakAcknowledged;
    ack.fieldKey = a.session()->acknowledgementKey();
    ack.text = QStringLiteral("restored from an older backup");
    ack.actor = Actor::local(QStringLiteral("Ana Lima"), Role::ReleaseCaptain);
    QVERIFY2(a.session()->submit(ack, &why), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(a.session()->ledgerIntact(), Patience);
    QVERIFY2(a.session()->submit(signing(items.at(1)), &why), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(a.state().item(items.at(1)).status, ItemStatus::Signed, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(a.pendingEvents(), 0, Patience);

    auto elsewhere = RunLedger::open(uri, RunLedger::Access::ReadOnly, &error);
    QVERIFY2(elsewhere, qPrintable(error));
    QVERIFY2(elsewhere->verification().intact(), qPrintable(elsewhere->verification().summary()));
    QCOMPARE(elsewhere->events().size(), 3);
    QCOMPARE(a.session()->head(), elsewhere->headHash());
}

// File > Open server run with a password in the URI: the run opens, and neither the window,
// the recent runs nor the settings file ever hold the password.
void TestSharedWindow::openServerRunKeepsNoPassword()
{
    const QString password = readFixture(QStringLiteral("admin-password"));
    QVERIFY(!password.isEmpty());
    QString withPassword = m_uri;
    const qsizetype at = withPassword.indexOf(QLatin1Char('@'));
    QVERIFY2(at > 0, "the fixture's URI names its user");
    withPassword.insert(at,
                        QLatin1Char(':') + QString::fromLatin1(QUrl::toPercentEncoding(password)));

    MainWindow window;
    window.show();
    auto* action = window.findChild<QAction*>(QStringLiteral("openServerRunAction"));
    QVERIFY(action);
    action->trigger();
    QDialog* dialog = test::waitForDialog<QDialog>(window);
    QVERIFY(dialog);
    QCOMPARE(dialog->objectName(), QStringLiteral("serverRunDialog"));
    auto* uri = dialog->findChild<QLineEdit*>(QStringLiteral("serverRunUri"));
    QVERIFY(uri);
    QSignalSpy opened(&window, &MainWindow::runOpened);
    QTest::keyClicks(uri, withPassword);
    QTest::keyClick(uri, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, Patience);
    QVERIFY(window.session()->isShared());

    QVERIFY(!window.windowTitle().contains(password));
    QVERIFY(!window.runPath().contains(password));
    const QStringList recent = Settings::instance()->recentRuns();
    QVERIFY(!recent.isEmpty());
    QVERIFY2(recent.first().startsWith(QLatin1String("postgres")), qPrintable(recent.first()));
    QVERIFY2(recent.first().contains(QLatin1String("run=")), qPrintable(recent.first()));
    for (const QString& r : recent)
        QVERIFY2(!r.contains(password), "a recent run keeps the password");
    window.close();
    QSettings().sync();
    QDirIterator files(m_dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(password.toUtf8()),
                 qPrintable(f.fileName() + QStringLiteral(" holds the password")));
    }
}

// A wall screen or an auditor connects as a role that may only read: the window opens the run
// read-only and says so in its banner, refuses a sign-off in those words, and still follows
// the room's sign-offs.
void TestSharedWindow::aSelectOnlyRoleShowsTheRunReadOnlyInWords()
{
    const QString role = QStringLiteral("wall_%1").arg(QCoreApplication::applicationPid());
    QString error;
    QStringList grants{QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Wall-Pw-1'").arg(role)};
    grants << ServerRun::readerGrants(role);
    QVERIFY2(fixture::adminExec(grants, &error), qPrintable(error));
    const QString name = QUrlQuery(QUrl(m_uri)).queryItemValue(QStringLiteral("run"));
    const QString uri = QStringLiteral("postgresql://%1:Wall-Pw-1@127.0.0.1:%2/golive?run=%3")
                            .arg(role, test::fixturePort(), name);

    MainWindow wall;
    MainWindow room;
    wall.show();
    room.show();
    QVERIFY(openOnRun(wall, uri));
    QVERIFY(openOnRun(room));
    QVERIFY(wall.session()->isReadOnly());
    QVERIFY(!room.session()->isReadOnly());
    const QString why = wall.session()->openWarning();
    QVERIFY2(why.contains(QStringLiteral("read-only")) && why.contains(role), qPrintable(why));
    QVERIFY(!why.contains(QStringLiteral("Wall-Pw-1")));
    bool shown = false;
    for (const QLabel* label : wall.findChildren<QLabel*>())
        shown =
            shown || (label->isVisible() && label->text().contains(QStringLiteral("read-only")));
    QVERIFY2(shown, "the banner says the run is read-only");

    const QStringList items = signable(room, 1);
    QCOMPARE(items.size(), 1);
    QString refused;
    QVERIFY(!wall.session()->submit(signing(items.at(0)), &refused));
    QVERIFY2(refused.contains(QStringLiteral("read-only")), qPrintable(refused));
    QVERIFY2(room.session()->submit(signing(items.at(0)), &refused), qPrintable(refused));
    QTRY_COMPARE_WITH_TIMEOUT(wall.state().item(items.at(0)).status, ItemStatus::Signed, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(wall.session()->head(), room.session()->head(), Patience);
}

QTEST_MAIN(TestSharedWindow)
#include "tst_sharedwindow.moc"
