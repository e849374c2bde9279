// The desktop notification as a notification service on the session bus receives it: golive's
// name and icon, the summary as it is, the body escaped where the service reads markup, the
// urgency and the sound asked; and a desktop with no such service, or no bus, said as such.
// Runs under dbus-run-session (notify_test.sh), whose dbus-monitor sees the calls on the bus.
#include "DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSignalSpy>
#include <QTest>

using namespace golive;

// A notification service on a connection of its own, so calls go through the bus daemon.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString app, icon, summary, body;
        QVariantMap hints;
        int timeout = 0;
    };
    QList<Call> calls;
    QStringList capabilities{QStringLiteral("body"), QStringLiteral("body-markup")};

public slots:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString& app, uint replaces, const QString& icon, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap& hints,
                int timeout)
    {
        Q_UNUSED(replaces);
        Q_UNUSED(actions);
        calls << Call{app, icon, summary, body, hints, timeout};
        return uint(calls.size() + 6);
    }
};

class TestDesktopNotify : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void aNotificationCarriesItsWordsUrgencyAndSound();
    void aServiceWithoutMarkupGetsTheBodyAsItIs();
    void noServiceIsSaid();
    void noBusIsSaid();

private:
    bool serve();
    FakeNotifications* m_fake = nullptr;
    QString m_connection;
};

bool TestDesktopNotify::serve()
{
    QDBusConnection receiver =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connection);
    return receiver.isConnected() &&
           receiver.registerObject(QLatin1String(DesktopNotifier::Path), m_fake,
                                   QDBusConnection::ExportAllSlots) &&
           receiver.registerService(QLatin1String(DesktopNotifier::Service));
}

void TestDesktopNotify::init()
{
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
             "no session bus: run under dbus-run-session (tests/attention/notify_test.sh)");
    m_fake = new FakeNotifications;
    m_connection = QStringLiteral("receiver-%1").arg(QLatin1String(QTest::currentTestFunction()));
}

void TestDesktopNotify::cleanup()
{
    // Only a test that served made the receiver's connection.
    if (QDBusConnection receiver(m_connection); receiver.isConnected()) {
        receiver.unregisterService(QLatin1String(DesktopNotifier::Service));
        QDBusConnection::disconnectFromBus(m_connection);
    }
    delete m_fake;
}

void TestDesktopNotify::aNotificationCarriesItsWordsUrgencyAndSound()
{
    QVERIFY(serve());
    DesktopNotifier notifier;
    QSignalSpy shown(&notifier, &DesktopNotifier::shown);
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    notifier.notify(QStringLiteral("ABORT TRIGGER: Summit <i>"),
                    QStringLiteral("ProvLedgerDown <b>firing</b> & more"), true, true);
    QTRY_COMPARE(shown.size(), 1);
    QCOMPARE(unavailable.size(), 0);
    QCOMPARE(m_fake->calls.size(), 1);
    const FakeNotifications::Call& c = m_fake->calls.constFirst();
    QCOMPARE(c.app, QStringLiteral("golive"));
    QCOMPARE(c.icon, QStringLiteral("io.github.golive.golive"));
    QCOMPARE(c.summary, QStringLiteral("ABORT TRIGGER: Summit <i>")); // never markup
    QCOMPARE(c.body, QStringLiteral("ProvLedgerDown &lt;b&gt;firing&lt;/b&gt; &amp; more"));
    QCOMPARE(c.hints.value(QStringLiteral("urgency")).toInt(), 2);
    QCOMPARE(c.hints.value(QStringLiteral("sound-name")).toString(),
             QStringLiteral("dialog-warning"));
    QCOMPARE(c.hints.value(QStringLiteral("desktop-entry")).toString(),
             QStringLiteral("io.github.golive.golive"));
    QCOMPARE(c.timeout, -1);

    // Live: normal urgency; no sound asked: the service is told to keep quiet.
    notifier.notify(QStringLiteral("LIVE: Summit"), QStringLiteral("Declared Live."), false, false);
    QTRY_COMPARE(shown.size(), 2);
    const FakeNotifications::Call& live = m_fake->calls.constLast();
    QCOMPARE(live.hints.value(QStringLiteral("urgency")).toInt(), 1);
    QVERIFY(!live.hints.contains(QStringLiteral("sound-name")));
    QCOMPARE(live.hints.value(QStringLiteral("suppress-sound")).toBool(), true);
}

void TestDesktopNotify::aServiceWithoutMarkupGetsTheBodyAsItIs()
{
    m_fake->capabilities = {QStringLiteral("body")};
    QVERIFY(serve());
    DesktopNotifier notifier;
    QTRY_VERIFY(!notifier.bodyMarkup());
    QSignalSpy shown(&notifier, &DesktopNotifier::shown);
    notifier.notify(QStringLiteral("4.6 failed"), QStringLiteral("lock <timeout> & retry"), true,
                    false);
    QTRY_COMPARE(shown.size(), 1);
    QCOMPARE(m_fake->calls.constFirst().body, QStringLiteral("lock <timeout> & retry"));
}

void TestDesktopNotify::noServiceIsSaid()
{
    // Nobody owns org.freedesktop.Notifications on this bus.
    QVERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(
        QLatin1String(DesktopNotifier::Service)));
    DesktopNotifier notifier;
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    notifier.notify(QStringLiteral("ABORT TRIGGER"), QStringLiteral("x"), true, false);
    QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 1, DesktopNotifier::ReplyTimeoutMs + 2000);
    QVERIFY(!unavailable.constFirst().constFirst().toString().isEmpty());
}

void TestDesktopNotify::noBusIsSaid()
{
    DesktopNotifier notifier(nullptr, QDBusConnection(QStringLiteral("never-connected")));
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    notifier.notify(QStringLiteral("LIVE"), QStringLiteral("x"), false, false);
    QTRY_COMPARE(unavailable.size(), 1);
}

QTEST_GUILESS_MAIN(TestDesktopNotify)
#include "tst_desktopnotify.moc"
