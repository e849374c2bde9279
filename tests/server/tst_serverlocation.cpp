// Reading a PostgreSQL URI: the run kept apart, libpq's parameters passed on, anything else
// refused in words, and no password in what people see.
#include "server/ServerLocation.h"

#include <QScopeGuard>
#include <QTest>

using namespace golive;

class TestServerLocation : public QObject
{
    Q_OBJECT

private slots:
    void readsTheWholeUri()
    {
        ServerLocation loc;
        QString error;
        QVERIFY2(
            ServerLocation::parse(QStringLiteral("postgresql://ada:s3cr%40t@db.example.org:6543/"
                                                 "golive?run=summit&sslmode=verify-full&"
                                                 "sslrootcert=/etc/ca%20dir/ca.pem"),
                                  &loc, &error),
            qPrintable(error));
        QCOMPARE(loc.user(), QStringLiteral("ada"));
        QVERIFY(loc.hasPassword());
        QCOMPARE(loc.password(), QStringLiteral("s3cr@t"));
        QCOMPARE(loc.hostName(), QStringLiteral("db.example.org"));
        QCOMPARE(loc.port(), 6543);
        QCOMPARE(loc.database(), QStringLiteral("golive"));
        QCOMPARE(loc.runName(), QStringLiteral("summit"));
        QCOMPARE(loc.host(), QStringLiteral("db.example.org:6543"));
        QCOMPARE(loc.origin(), QStringLiteral("postgresql://ada@db.example.org:6543"));
        QVERIFY(!loc.shown().contains(QStringLiteral("s3cr")));
        QVERIFY(
            loc.shown().startsWith(QStringLiteral("postgresql://ada@db.example.org:6543/golive?")));
        QVERIFY(loc.shown().contains(QStringLiteral("run=summit")));
        // run is golive's own: it never reaches the driver.
        QVERIFY(!loc.connectOptions().contains(QStringLiteral("run")));
        QVERIFY2(loc.connectOptions().contains(QStringLiteral("sslmode='verify-full'")),
                 qPrintable(loc.connectOptions()));
        QVERIFY2(loc.connectOptions().contains(QStringLiteral("sslrootcert='/etc/ca dir/ca.pem'")),
                 qPrintable(loc.connectOptions()));
        QVERIFY(loc.connectOptions().contains(QStringLiteral("connect_timeout=5")));
    }

    void defaultsAndSocketFolders()
    {
        ServerLocation loc;
        QString error;
        QVERIFY2(
            ServerLocation::parse(QStringLiteral("postgres://ops@localhost/golive"), &loc, &error),
            qPrintable(error));
        QCOMPARE(loc.port(), 5432);
        QVERIFY(loc.runName().isEmpty());
        QVERIFY(!loc.hasPassword());
        QCOMPARE(loc.withRun(QStringLiteral("r1")).runName(), QStringLiteral("r1"));

        QVERIFY2(ServerLocation::parse(QStringLiteral("postgresql://ops@/golive?host=%2Fvar%2Frun%"
                                                      "2Fpostgresql&run=r&connect_timeout=2"),
                                       &loc, &error),
                 qPrintable(error));
        QCOMPARE(loc.hostName(), QStringLiteral("/var/run/postgresql"));
        QCOMPARE(loc.host(), QStringLiteral("/var/run/postgresql:5432"));
        QVERIFY(loc.connectOptions().contains(QStringLiteral("connect_timeout='2'")));
        QVERIFY(!loc.connectOptions().contains(QStringLiteral("connect_timeout=5")));
        QVERIFY2(loc.shown().startsWith(QStringLiteral("postgresql://ops@/golive?host=")),
                 qPrintable(loc.shown()));
        ServerLocation again;
        QVERIFY2(ServerLocation::parse(loc.shown(), &again, &error), qPrintable(error));
        QCOMPARE(again.hostName(), loc.hostName());
        QCOMPARE(again.runName(), QStringLiteral("r"));
    }

    void refusesWhatItCannotUse_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("words");
        QTest::newRow("scheme") << QStringLiteral("mysql://a@h/db")
                                << QStringLiteral("not a PostgreSQL URI");
        QTest::newRow("no database")
            << QStringLiteral("postgresql://a@h:5432?run=x") << QStringLiteral("names no database");
        QTest::newRow("unknown parameter")
            << QStringLiteral("postgresql://a:pw@h/db?run=x&options=-c%20x%3Dy")
            << QStringLiteral("does not know the parameter \"options\"");
        QTest::newRow("password parameter")
            << QStringLiteral("postgresql://a@h/db?password=pw&run=x&bogus=1")
            << QStringLiteral("does not know the parameter \"bogus\"");
        QTest::newRow("semicolon") << QStringLiteral("postgresql://a@h/db?sslmode=require%3Bx")
                                   << QStringLiteral("cannot contain");
        QTest::newRow("port") << QStringLiteral("postgresql://a@/db?host=%2Ftmp&port=x")
                              << QStringLiteral("not a port number");
    }

    void refusesWhatItCannotUse()
    {
        QFETCH(QString, uri);
        QFETCH(QString, words);
        ServerLocation loc;
        QString error;
        QVERIFY(!ServerLocation::parse(uri, &loc, &error));
        QVERIFY2(error.contains(words), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("pw")), qPrintable(error));
    }

    // A parameter golive does not pass on is named in the refusal, never with its value: it
    // may be a password under another spelling.
    void refusalNamesAParameterNeverItsValue_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("name");
        QTest::newRow("capitalised") << QStringLiteral("postgresql://a@h/db?run=x&Password=Hunter2")
                                     << QStringLiteral("Password");
        QTest::newRow("sslpassword") << QStringLiteral("postgresql://a@h/db?sslpassword=Hunter2")
                                     << QStringLiteral("sslpassword");
        QTest::newRow("require_auth is libpq 16")
            << QStringLiteral("postgresql://a@h/db?require_auth=Hunter2")
            << QStringLiteral("require_auth");
    }

    void refusalNamesAParameterNeverItsValue()
    {
        QFETCH(QString, uri);
        QFETCH(QString, name);
        ServerLocation loc;
        QString error;
        QVERIFY(!ServerLocation::parse(uri, &loc, &error));
        QVERIFY2(error.contains(QStringLiteral("\"%1\"").arg(name)), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("Hunter2")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("postgresql://a@h/db")), qPrintable(error));
    }

    // Every printed URI: ServerLocation::shownUri, with no password however it was written,
    // and the rest as written.
    void shownUriHasNoPassword_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("shown");
        QTest::newRow("user part") << QStringLiteral("postgresql://ada:Hunter2@h/golive")
                                   << QStringLiteral("postgresql://ada@h/golive");
        QTest::newRow("user part with @")
            << QStringLiteral("postgres://ada:p@Hunter2@db/golive?run=x&sslmode=verify-full")
            << QStringLiteral("postgres://ada@db/golive?run=x&sslmode=verify-full");
        QTest::newRow("parameter") << QStringLiteral("postgresql://ada@h:5433/golive?password="
                                                     "Hunter2&run=x")
                                   << QStringLiteral("postgresql://ada@h:5433/golive?run=x");
        QTest::newRow("percent-encoded key")
            << QStringLiteral("postgresql://ada@h/golive?run=x&pass%77ord=Hunter2")
            << QStringLiteral("postgresql://ada@h/golive?run=x");
        QTest::newRow("unknown parameter")
            << QStringLiteral("postgresql://ada@h/golive?Password=Hunter2&run=x")
            << QStringLiteral("postgresql://ada@h/golive?run=x");
        QTest::newRow("sslpassword")
            << QStringLiteral("postgresql://ada@h/golive?sslpassword=Hunter2&sslmode=require")
            << QStringLiteral("postgresql://ada@h/golive?sslmode=require");
        QTest::newRow("no database")
            << QStringLiteral("postgresql://ada:Hunter2@h?password=Hunter2")
            << QStringLiteral("postgresql://ada@h/");
        // A '/', '?' or '#' left unescaped in a password: the URI reads in more than one way,
        // so only what follows the last '@' is shown, and parse() refuses it.
        QTest::newRow("password with / and a database")
            << QStringLiteral("postgresql://ada:1234/5678@h/golive")
            << QStringLiteral("postgresql://\u2026@h/golive");
        QTest::newRow("password with / and no database")
            << QStringLiteral("postgresql://ada:1234/5678@h")
            << QStringLiteral("postgresql://\u2026@h");
        QTest::newRow("password with / and a word port")
            << QStringLiteral("postgresql://ada:pa/ss@h/db?run=x")
            << QStringLiteral("postgresql://\u2026@h/db?run=x");
        QTest::newRow("password with ?") << QStringLiteral("postgresql://ada:pa?ss@h/db?run=x")
                                         << QStringLiteral("postgresql://\u2026@h/db?run=x");
        QTest::newRow("password with #") << QStringLiteral("postgresql://ada:pa#ss@h/db")
                                         << QStringLiteral("postgresql://\u2026@h/db");
        QTest::newRow("an @ in a parameter is not one")
            << QStringLiteral("postgresql://ada@h/db?application_name=ops@room&run=x")
            << QStringLiteral("postgresql://ada@h/db?application_name=ops@room&run=x");
        QTest::newRow("run name with delimiters")
            << QStringLiteral("postgresql://h/golive?run=a%26b%3Dc%2541")
            << QStringLiteral("postgresql://h/golive?run=a%26b%3Dc%2541");
    }

    void shownUriHasNoPassword()
    {
        QFETCH(QString, uri);
        QFETCH(QString, shown);
        QCOMPARE(ServerLocation::shownUri(uri), shown);
        ServerLocation loc;
        QString refusal;
        const bool read = ServerLocation::parse(uri, &loc, &refusal);
        for (const char* secret : {"Hunter2", "5678", "pa/ss", "pa?ss", "pa#ss", "1234"})
            QVERIFY2(!refusal.contains(QLatin1String(secret)), qPrintable(refusal));
        if (read) {
            QCOMPARE(loc.shown(), shown);
            ServerLocation again;
            QVERIFY(ServerLocation::parse(shown, &again, nullptr));
            QCOMPARE(again.runName(), loc.runName());
            QCOMPARE(again.withRun(QStringLiteral("x&y")).runName(), QStringLiteral("x&y"));
            QCOMPARE(ServerLocation::shownUri(again.withRun(QStringLiteral("x&y")).shown()),
                     again.withRun(QStringLiteral("x&y")).shown());
        }
    }

    // A silent network is noticed in seconds: keepalives and tcp_user_timeout by default, the
    // URI's own values winning; channel_binding passes too.
    void networkTimeoutsByDefault()
    {
        ServerLocation loc;
        QString error;
        QVERIFY2(ServerLocation::parse(QStringLiteral("postgresql://a@h/db"), &loc, &error),
                 qPrintable(error));
        const QStringList options = loc.connectOptions().split(QLatin1Char(';'));
        for (const char* option :
             {"connect_timeout=5", "keepalives=1", "keepalives_idle=5", "keepalives_interval=2",
              "keepalives_count=3", "tcp_user_timeout=10000"})
            QVERIFY2(options.contains(QLatin1String(option)), qPrintable(loc.connectOptions()));

        QVERIFY2(ServerLocation::parse(QStringLiteral("postgresql://a@h/db?keepalives_idle=60&"
                                                      "tcp_user_timeout=0&keepalives=0&"
                                                      "channel_binding=require"),
                                       &loc, &error),
                 qPrintable(error));
        const QStringList own = loc.connectOptions().split(QLatin1Char(';'));
        QVERIFY2(own.contains(QStringLiteral("keepalives_idle='60'")),
                 qPrintable(loc.connectOptions()));
        QVERIFY2(own.contains(QStringLiteral("tcp_user_timeout='0'")),
                 qPrintable(loc.connectOptions()));
        QVERIFY2(own.contains(QStringLiteral("keepalives='0'")), qPrintable(loc.connectOptions()));
        QVERIFY2(own.contains(QStringLiteral("channel_binding='require'")),
                 qPrintable(loc.connectOptions()));
        QVERIFY2(!own.contains(QStringLiteral("keepalives_idle=5")),
                 qPrintable(loc.connectOptions()));
        QVERIFY2(!own.contains(QStringLiteral("tcp_user_timeout=10000")),
                 qPrintable(loc.connectOptions()));
        QVERIFY2(!own.contains(QStringLiteral("keepalives=1")), qPrintable(loc.connectOptions()));
        QVERIFY2(own.contains(QStringLiteral("keepalives_count=3")),
                 qPrintable(loc.connectOptions()));
    }

    // A password from the OS keychain goes only where libpq verifies the server, or to this
    // machine: over an unverified connection anyone in between can ask for it in clear.
    void keychainPasswordOnlyToAVerifiedServer_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("sent");
        QTest::newRow("remote, no sslmode")
            << QStringLiteral("postgresql://a@db.example.org/db") << false;
        QTest::newRow("remote, prefer")
            << QStringLiteral("postgresql://a@db.example.org/db?sslmode=prefer") << false;
        QTest::newRow("remote, require")
            << QStringLiteral("postgresql://a@db.example.org/db?sslmode=require") << false;
        QTest::newRow("remote, verify-ca")
            << QStringLiteral("postgresql://a@db.example.org/db?sslmode=verify-ca") << true;
        QTest::newRow("remote, verify-full")
            << QStringLiteral("postgresql://a@10.0.0.7:6543/db?sslmode=verify-full") << true;
        QTest::newRow("localhost") << QStringLiteral("postgresql://a@localhost/db") << true;
        QTest::newRow("127.0.0.1") << QStringLiteral("postgresql://a@127.0.0.1:5433/db") << true;
        QTest::newRow("::1") << QStringLiteral("postgresql://a@[::1]:5433/db") << true;
        QTest::newRow("socket folder")
            << QStringLiteral("postgresql://a@/db?host=%2Fvar%2Frun%2Fpostgresql") << true;
        QTest::newRow("host parameter, remote")
            << QStringLiteral("postgresql://a@localhost/db?host=db.example.org") << false;
        QTest::newRow("a name that only starts like loopback")
            << QStringLiteral("postgresql://a@localhost.example.org/db") << false;
        // A service file can name another server and another sslmode than the URI shows.
        QTest::newRow("service, loopback")
            << QStringLiteral("postgresql://a@localhost/db?service=room") << false;
        QTest::newRow("service, verify-full in the URI")
            << QStringLiteral("postgresql://a@db.example.org/db?service=room&sslmode=verify-full")
            << true;
    }

    void keychainPasswordOnlyToAVerifiedServer()
    {
        QFETCH(QString, uri);
        QFETCH(bool, sent);
        const QByteArray saved = qgetenv("PGSSLMODE");
        qunsetenv("PGSSLMODE");
        auto restore = qScopeGuard([&saved] {
            if (!saved.isNull())
                qputenv("PGSSLMODE", saved);
        });
        ServerLocation loc;
        QString error;
        QVERIFY2(ServerLocation::parse(uri, &loc, &error), qPrintable(error));
        QCOMPARE(loc.mayReceiveKeychainPassword(), sent);
        if (!sent) {
            QVERIFY2(loc.keychainHeldBackWords().contains(loc.host()),
                     qPrintable(loc.keychainHeldBackWords()));
            QVERIFY(loc.keychainHeldBackWords().contains(
                QStringLiteral("sslmode=verify-full&sslrootcert=")));
            // libpq verifies when PGSSLMODE says so and the URI says nothing (unless a
            // service file could say otherwise).
            if (!uri.contains(QStringLiteral("sslmode")) &&
                !uri.contains(QStringLiteral("service="))) {
                qputenv("PGSSLMODE", "verify-full");
                QVERIFY(loc.mayReceiveKeychainPassword());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestServerLocation)
#include "tst_serverlocation.moc"
