// Reading a PostgreSQL URI: the run kept apart, libpq's parameters passed on, anything else
// refused in words, and no password in what people see.
#include "server/ServerLocation.h"

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
};

QTEST_GUILESS_MAIN(TestServerLocation)
#include "tst_serverlocation.moc"
