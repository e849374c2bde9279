// The war-room channel in the window, against loopback fake receivers, in a throwaway HOME with
// its own keyring: the moments this window records are posted and what was posted is recorded
// in the timeline as the operator on duty; a receiver that hangs never holds a sign-off; a
// failing one is a quiet label in the status bar, never a dialog; an abort trigger is posted;
// the War-room channel dialog keeps the URL in the keychain (shown masked) and its Test button
// posts; and the secret is in no file the window wrote. GOLIVE_CHANNEL_SCREENSHOTS=DIR also
// writes the window with a failing channel and the dialog, to look at.
#include "ChannelController.h"
#include "ChannelDialog.h"
#include "ChannelSettings.h"
#include "CutoverStatus.h"
#include "FakeHttpServer.h"
#include "Logging.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "gui/WindowTestSupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>

using namespace golive;
using golive::test::FakeHttpServer;

namespace {

const QByteArray kSecret = "WiNdOwSeCrEt4471";

QByteArray hookPath()
{
    return QByteArrayLiteral("/hooks/") + kSecret;
}

QString hookUrl(const FakeHttpServer& server)
{
    return server.baseUrl().toString() + QString::fromLatin1(hookPath());
}

Actor person(const QString& name, Role role)
{
    return Actor::local(name, role);
}

} // namespace

class TestChannelWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_runs = 0;
    QString m_log; // golive.log, as the window writes it

    ChannelController* channel(MainWindow& window)
    {
        return window.findChild<ChannelController*>(QStringLiteral("channelController"));
    }

    bool open(MainWindow& window)
    {
        const QString path = test::newSeedRun(m_dir, ++m_runs, QStringLiteral("channel"));
        QSignalSpy opened(&window, &MainWindow::runOpened);
        window.resize(1400, 900);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        window.openRun(path);
        return opened.wait(5000) && window.hasRun();
    }

    // `server` answers the webhook's path with `answer`, and is this process's channel
    // (GOLIVE_CHANNEL_WEBHOOK).
    static bool serveChannel(FakeHttpServer& server, const FakeHttpServer::Response& answer)
    {
        if (!server.listen())
            return false;
        server.route(hookPath(), answer);
        qputenv(ChannelSettings::kEnvironmentVariable, hookUrl(server).toUtf8());
        return true;
    }

    // A new run open in `window`, its channel known.
    bool openWithChannel(MainWindow& window)
    {
        return open(window) && QTest::qWaitFor([&] { return channel(window)->hasChannel(); });
    }

    // The cutover running with the alerts answered; with `abort`, a critical alert firing.
    static CutoverStatus cutoverStatus(bool abort)
    {
        CutoverStatus status;
        status.planned = true;
        status.phase = Phase::Cutover;
        status.running = true;
        status.causesObserved = true;
        if (abort) {
            status.abortRaised = true;
            status.abortCauses = {QStringLiteral("critical alert firing: PostgresDown (db-1)")};
            status.abortCauseKeys = {QStringLiteral("PostgresDown{instance=db-1}")};
        }
        return status;
    }

    // `event` recorded through the window's session, as the window records any; "" or why not.
    QString record(MainWindow& window, const SignOffEvent& event)
    {
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        QString why;
        if (!window.session()->submit(event, &why))
            return why.isEmpty() ? QStringLiteral("(refused)") : why;
        return recorded.wait(5000) ? QString() : QStringLiteral("(nothing recorded)");
    }

    // The newest channel record of the run: "channel-posted: TEXT", or "".
    QString lastChannelRecord(MainWindow& window)
    {
        const QList<SignOffEvent>& events = window.state().events();
        for (qsizetype i = events.size() - 1; i >= 0; --i) {
            const SignOffEvent& e = events.at(i);
            if (e.kind == EventKind::Observed && e.fieldKey.startsWith(QLatin1String("channel-")))
                return e.fieldKey + QStringLiteral(": ") + e.text;
        }
        return {};
    }

    // With GOLIVE_CHANNEL_SCREENSHOTS=DIR, `widget` as shown, to look at.
    static void shoot(QWidget& widget, const QString& name)
    {
        const QString dir = qEnvironmentVariable("GOLIVE_CHANNEL_SCREENSHOTS");
        if (!dir.isEmpty())
            QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
    }

    void gateOpened(MainWindow& window)
    {
        for (const char* id : {"4.3", "4.4"})
            QCOMPARE(test::signOverOpenChecks(window, QLatin1String(id)), QString());
        QCOMPARE(record(window,
                        makeGateEvent(person(QStringLiteral("Rae Okafor"), Role::ReleaseCaptain))),
                 QString());
    }

private slots:
    void initTestCase()
    {
        if (!qEnvironmentVariableIsSet("GOLIVE_TEST_HOME"))
            QSKIP("needs tests/keychain/with-keyring.sh: a throwaway HOME with its own keyring");
        QVERIFY(m_dir.isValid());
        test::isolateSettings(m_dir, QStringLiteral("tst_channelwindow"));
        // The log golive writes (every category, Qt's own messages too), to search afterwards.
        QString error;
        m_log = logging::init(m_dir.filePath(QStringLiteral("logs")), logging::StderrLevel::Info,
                              &error);
        QVERIFY2(!m_log.isEmpty(), qPrintable(error));
    }

    void init()
    {
        qunsetenv(ChannelSettings::kEnvironmentVariable);
        Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Rae Okafor"));
        Settings::instance()->setValue(Settings::Key::OperatorRole,
                                       QStringLiteral("release-captain"));
    }

    void momentsArePostedAndRecorded()
    {
        FakeHttpServer room;
        QVERIFY(serveChannel(room, FakeHttpServer::json("ok")));
        MainWindow window;
        QVERIFY(openWithChannel(window));
        gateOpened(window);
        QTRY_COMPARE(room.requests().size(), 1);
        const QJsonObject body = QJsonDocument::fromJson(room.requests().first().body).object();
        QVERIFY2(body.value(QLatin1String("text"))
                     .toString()
                     .startsWith(
                         QStringLiteral("Go/No-Go gate opened by Rae Okafor (Release Captain)\n")),
                 room.requests().first().body.constData());
        // Recorded as the operator on duty, the URL masked.
        QTRY_VERIFY(lastChannelRecord(window).startsWith(QStringLiteral("channel-posted: posted")));
        QVERIFY(lastChannelRecord(window).contains(room.baseUrl().toString() +
                                                   QStringLiteral("/\u2022\u2022\u2022")));
        QVERIFY(!lastChannelRecord(window).contains(QString::fromLatin1(kSecret)));
        QCOMPARE(window.state().events().constLast().actor.name, QStringLiteral("Rae Okafor"));
        // Signing a pre-check is no moment: nothing more was posted.
        QCOMPARE(room.requests().size(), 1);

        // On request: the progress summary.
        QAction* summary = window.findChild<QAction*>(QStringLiteral("channelSummaryAction"));
        QVERIFY(summary && summary->isEnabled());
        summary->trigger();
        QTRY_COMPARE(room.requests().size(), 2);
        QVERIFY(room.requests().at(1).body.contains("Progress: "));
    }

    void aHangingChannelNeverHoldsASignOff()
    {
        FakeHttpServer silent;
        QVERIFY(serveChannel(silent, FakeHttpServer::of(FakeHttpServer::Response::Kind::Hang)));
        MainWindow window;
        ChannelPolicy quick;
        quick.timeoutMs = 1500;
        quick.attempts = 1;
        QVERIFY(openWithChannel(window));
        channel(window)->setPolicy(quick); // before the first post
        gateOpened(window);
        QTRY_COMPARE(silent.requests().size(), 1);
        // The GO is recorded while the gate's post still hangs.
        Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Inès Duarte"));
        Settings::instance()->setValue(Settings::Key::OperatorRole,
                                       QStringLiteral("incident-commander"));
        const Actor ic = person(QStringLiteral("Inès Duarte"), Role::IncidentCommander);
        QCOMPARE(record(window, window.session()->withSnapshot(makeDecisionEvent(
                                    window.state().plan(), true, QStringLiteral("bridge ready"),
                                    window.state().cutover().openPreChecks(), ic))),
                 QString());
        QVERIFY2(channel(window)->poster()->inFlight() >= 1, "the gate's post is still waiting");
        QCOMPARE(window.state().cutover().phase(), Phase::Cutover);
        // Then it gives up, quietly, and says so in the record.
        QTRY_VERIFY_WITH_TIMEOUT(
            lastChannelRecord(window).startsWith(QStringLiteral("channel-failed")), 15000);
        QVERIFY2(lastChannelRecord(window).contains(QStringLiteral("no answer within 1.5 s")),
                 qPrintable(lastChannelRecord(window)));
    }

    void aFailingChannelIsAQuietLabel()
    {
        // The server's words are data: a reason phrase that looks like markup stays words.
        FakeHttpServer::Response failing = FakeHttpServer::json("{}", 500);
        failing.reason = "<b>Internal</b> Error";
        FakeHttpServer broken;
        QVERIFY(serveChannel(broken, failing));
        MainWindow window;
        ChannelPolicy quick;
        quick.backoffMs = 50;
        QVERIFY(openWithChannel(window));
        channel(window)->setPolicy(quick); // before the first post
        auto* label = window.statusBar()->findChild<QLabel*>(QStringLiteral("channelWarning"));
        QVERIFY(label);
        QVERIFY(!label->isVisible());
        gateOpened(window);
        QTRY_VERIFY_WITH_TIMEOUT(label->isVisible(), 10000);
        QCOMPARE(label->text(), QStringLiteral("⚠ Channel: a post failed"));
        shoot(window, QStringLiteral("channel-failing.png"));
        QVERIFY2(label->toolTip().contains(QStringLiteral("HTTP 500 &lt;b&gt;Internal")),
                 qPrintable(label->toolTip()));
        QCOMPARE(QApplication::activeModalWidget(), nullptr); // never a dialog
        QCOMPARE(broken.requests().size(), 3);
        QTRY_VERIFY(lastChannelRecord(window).startsWith(QStringLiteral("channel-failed")));
        QVERIFY(lastChannelRecord(window).contains(QStringLiteral("HTTP 500")));
    }

    void anAbortTriggerIsPosted()
    {
        FakeHttpServer room;
        QVERIFY(serveChannel(room, FakeHttpServer::json("ok")));
        MainWindow window;
        QVERIFY(openWithChannel(window));
        channel(window)->follow(cutoverStatus(false)); // what is so at first is learnt, not told
        channel(window)->follow(cutoverStatus(false));
        channel(window)->follow(cutoverStatus(true));
        QTRY_COMPARE(room.requests().size(), 1);
        QVERIFY(room.requests().first().body.contains("ABORT TRIGGER raised"));
        QVERIFY(
            room.requests().first().body.contains("critical alert firing: PostgresDown (db-1)"));
    }

    // A window that cannot write the run (another golive holds it) never posts: not an abort
    // trigger, not on request.
    void aReadOnlyWindowNeverPosts()
    {
        FakeHttpServer room;
        QVERIFY(serveChannel(room, FakeHttpServer::json("ok")));
        MainWindow writer;
        QVERIFY(open(writer));
        MainWindow reader;
        QSignalSpy opened(&reader, &MainWindow::runOpened);
        reader.show();
        reader.openRun(writer.session()->runPath());
        QVERIFY(opened.wait(5000));
        QVERIFY(reader.session()->isReadOnly());
        QTRY_VERIFY(channel(reader)->hasChannel());
        channel(reader)->follow(cutoverStatus(false));
        channel(reader)->follow(cutoverStatus(true));
        QCOMPARE(channel(reader)->postSummary(), quint64(0));
        QCOMPARE(channel(reader)->postTest(), quint64(0));
        QTest::qWait(300);
        QCOMPARE(room.requests().size(), 0);
    }

    void dialogKeepsTheUrlInTheKeychain()
    {
        FakeHttpServer teams;
        QVERIFY(teams.listen());
        teams.route(hookPath(), FakeHttpServer::json("", 202));
        auto window = std::make_unique<MainWindow>();
        QVERIFY(open(*window));
        QVERIFY(!channel(*window)->hasChannel());
        // Settings offers the open run's channel.
        window->findChild<QAction*>(QStringLiteral("settingsAction"))->trigger();
        auto* settings = test::waitForDialog<SettingsDialog>(*window);
        QVERIFY(settings);
        auto* button = settings->findChild<QPushButton*>(QStringLiteral("channelButton"));
        QVERIFY(button && button->isVisible());
        button->click();
        auto* dialog = test::waitForDialog<ChannelDialog>(*window);
        QVERIFY(dialog);
        QCOMPARE(dialog->parentWidget(), settings);
        auto* url = dialog->findChild<QLineEdit*>(QStringLiteral("webhookUrl"));
        QCOMPARE(url->echoMode(), QLineEdit::Password);
        url->setText(hookUrl(teams));
        auto* format = dialog->findChild<QComboBox*>(QStringLiteral("format"));
        format->setCurrentIndex(format->findData(QStringLiteral("teams")));
        dialog->findChild<QCheckBox*>(QStringLiteral("moment-step-done"))->setChecked(false);
        shoot(*dialog, QStringLiteral("channel-dialog.png"));
        // Test posts what is typed, before anything is kept.
        dialog->findChild<QPushButton*>(QStringLiteral("test"))->click();
        auto* status = dialog->findChild<QLabel*>(QStringLiteral("status"));
        QTRY_COMPARE(status->text(), QStringLiteral("Posted: the channel answered HTTP 202."));
        QCOMPARE(teams.requests().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(teams.requests().first().body)
                     .object()
                     .value(QLatin1String("type"))
                     .toString(),
                 QStringLiteral("message"));
        dialog->findChild<QPushButton*>(QStringLiteral("ok"))->click();
        QTRY_VERIFY(!window->findChild<ChannelDialog*>());
        settings->reject();
        QTRY_VERIFY(channel(*window)->hasChannel());
        const std::optional<ChannelConfig> kept = ChannelSettings::forRun(
            ChannelSettings::runKey(window->session()->runId(), window->session()->runPath()));
        QVERIFY(kept);
        QCOMPARE(kept->format, ChannelFormat::Teams);
        QVERIFY(!kept->moments.contains(ChannelMoment::StepDone));
        QVERIFY(kept->moments.contains(ChannelMoment::Decision));

        // Another window on the same run reads it back from the keychain.
        const QString path = window->session()->runPath();
        window.reset();
        MainWindow again;
        QSignalSpy opened(&again, &MainWindow::runOpened);
        again.show();
        again.openRun(path);
        QVERIFY(opened.wait(5000));
        QTRY_VERIFY(channel(again)->hasChannel());
        QCOMPARE(channel(again)->maskedUrl(),
                 teams.baseUrl().toString() + QStringLiteral("/\u2022\u2022\u2022"));
        again.findChild<QAction*>(QStringLiteral("channelAction"))->trigger();
        auto* shown = test::waitForDialog<ChannelDialog>(again);
        QVERIFY(shown);
        QVERIFY2(shown->findChild<QLabel*>(QStringLiteral("current"))
                     ->text()
                     .contains(QStringLiteral("kept in the keychain")),
                 qPrintable(shown->findChild<QLabel*>(QStringLiteral("current"))->text()));
        QVERIFY(shown->findChild<QLineEdit*>(QStringLiteral("webhookUrl"))->text().isEmpty());
        shown->findChild<QPushButton*>(QStringLiteral("clear"))->click();
        QTRY_VERIFY(!channel(again)->hasChannel());
        QVERIFY(!ChannelSettings::forRun(
            ChannelSettings::runKey(again.session()->runId(), again.session()->runPath())));
        shown->reject();
    }

    // Last: no file under the test's folders (settings, runs) or its HOME holds the secret.
    void noSecretInAnyFileTheWindowWrote()
    {
        int files = 0;
        for (const QString& top : {m_dir.path(), qEnvironmentVariable("GOLIVE_TEST_HOME")}) {
            QDirIterator it(top, QDir::Files | QDir::Hidden | QDir::System,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile f(path);
                if (!f.open(QIODevice::ReadOnly))
                    continue;
                ++files;
                QVERIFY2(!f.readAll().contains(kSecret), qPrintable(path));
            }
        }
        qInfo("searched %d files", files);
        QVERIFY(files >= 5);
        // The log was among them, and it does speak of the channel (masked).
        QFile log(m_log);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray logged = log.readAll();
        QVERIFY2(logged.contains("golive.channel") && logged.contains("\xE2\x80\xA2\xE2\x80\xA2"),
                 "the log tells of the channel's posts");
        QVERIFY(!logged.contains(kSecret));
    }
};

QTEST_MAIN(TestChannelWindow)
#include "tst_channelwindow.moc"
