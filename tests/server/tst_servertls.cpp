// TLS to a server run on the real PostgreSQL fixture (its certificate for 127.0.0.1 and
// localhost, signed by the fixture's throwaway CA): sslmode=verify-full with that CA connects;
// no CA or another CA (made here with openssl) is refused, and so is a wrong password, each in
// words that name the server and the cause.
#include "FixtureAccess.h"
#include "RunLedger.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

class TestServerTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void verifyFullWithTheFixtureCaConnects();
    void verifyFullByHostNameConnects();
    void aListOfHostsTakesTheOneThatAnswers();
    void withoutARootCertificateIsRefusedInWords();
    void anotherCaIsRefusedInWords();
    void aWrongPasswordIsSaidInWords();

private:
    QString runQuery(const QString& tls) const
    {
        return QStringLiteral("run=") + m_run + QLatin1Char('&') + tls;
    }
    // Opens the test's run as the fixture's admin with `tls` parameters; the error when refused.
    std::unique_ptr<RunLedger> open(const QString& tls, QString* error,
                                    const QString& host = QStringLiteral("127.0.0.1")) const
    {
        return RunLedger::open(fixture::uri(QStringLiteral("golive_admin"), runQuery(tls), host),
                               RunLedger::Access::ReadOnly, error);
    }

    QTemporaryDir m_home;
    QString m_run;
    QString m_otherCa;
};

void TestServerTls::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!fixture::dir().isEmpty(), "GOLIVE_POSTGRES_FIXTURE is not set");
    QVERIFY2(fixture::port() > 0,
             qPrintable(fixture::file("port") + QStringLiteral(" has no port")));
    // libpq looks for ~/.postgresql/root.crt when no sslrootcert is given: a HOME without one.
    QVERIFY(m_home.isValid());
    qputenv("HOME", m_home.path().toLocal8Bit());
    qunsetenv("PGPASSWORD");
    qunsetenv("PGSSLROOTCERT");
    qunsetenv("PGSSLMODE");
    qputenv("PGPASSFILE", fixture::file("pgpass").toLocal8Bit());

    QString error;
    QVERIFY2(fixture::initSchema(&error), qPrintable(error));
    m_run = fixture::uniqueName(QStringLiteral("tls"));
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    auto created = RunLedger::create(
        fixture::uri(QStringLiteral("golive_admin"), runQuery(fixture::verifyFull())),
        seed.readAll(), QStringLiteral("seed.md"), &error);
    QVERIFY2(created, qPrintable(error));

    // Another CA, with a certificate of its own for 127.0.0.1: a server presenting the
    // fixture's certificate is not one it vouches for.
    const QString other = m_home.filePath(QStringLiteral("other-ca.pem"));
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=golive test other CA"), QStringLiteral("-keyout"),
                   m_home.filePath(QStringLiteral("other-ca.key")), QStringLiteral("-out"), other,
                   QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE")});
    QVERIFY(openssl.waitForFinished(30000));
    QVERIFY2(openssl.exitCode() == 0 && QFile::exists(other), openssl.readAll().constData());
    m_otherCa = other;
}

void TestServerTls::verifyFullWithTheFixtureCaConnects()
{
    QString error;
    auto run = open(fixture::verifyFull(), &error);
    QVERIFY2(run, qPrintable(error));
    QVERIFY(run->isShared());
    QCOMPARE(run->host(), QStringLiteral("127.0.0.1:%1").arg(fixture::port()));
    QVERIFY(run->verification().intact());
    // Where the run is, as people read it, keeps its TLS parameters and names the run.
    QVERIFY2(run->path().contains(QStringLiteral("sslmode=verify-full")), qPrintable(run->path()));
    QVERIFY2(run->path().contains(m_run), qPrintable(run->path()));
}

void TestServerTls::verifyFullByHostNameConnects()
{
    QString error;
    auto run = open(fixture::verifyFull(), &error, QStringLiteral("localhost"));
    QVERIFY2(run, qPrintable(error));
}

// docs/postgresql.md's URI for streaming replication: every server named in its host parameter
// (QUrl takes no list in the authority), libpq taking the first that accepts writes. Here the
// first address has no server (connection refused), the second is the fixture's, and its
// certificate is checked against the name libpq used.
void TestServerTls::aListOfHostsTakesTheOneThatAnswers()
{
    QString error;
    auto run = open(fixture::verifyFull() +
                        QStringLiteral("&host=127.0.0.2,127.0.0.1&target_session_attrs=read-write"),
                    &error);
    QVERIFY2(run, qPrintable(error));
    QVERIFY(run->verification().intact());
}

// The words must say that it was the certificate, of which server, and why (libpq's reason
// kept), never only "could not connect".
#define VERIFY_CERTIFICATE_REFUSAL(error, why)                                                     \
    do {                                                                                           \
        QVERIFY2((error).contains(QStringLiteral("127.0.0.1:%1: its TLS certificate was refused")  \
                                      .arg(fixture::port())),                                      \
                 qPrintable(error));                                                               \
        QVERIFY2((error).contains(QStringLiteral(why)), qPrintable(error));                        \
    } while (false)

void TestServerTls::withoutARootCertificateIsRefusedInWords()
{
    QString error;
    auto run = open(QStringLiteral("sslmode=verify-full"), &error);
    QVERIFY2(!run, "verify-full connected with no CA to check the server's certificate against");
    VERIFY_CERTIFICATE_REFUSAL(error, "root certificate file");
}

void TestServerTls::anotherCaIsRefusedInWords()
{
    QString error;
    auto run = open(QStringLiteral("sslmode=verify-full&sslrootcert=") + m_otherCa, &error);
    QVERIFY2(!run, "verify-full accepted a certificate that the given CA did not sign");
    VERIFY_CERTIFICATE_REFUSAL(error, "certificate verify failed");
    // verify-ca checks the signature alone, and is refused the same way.
    error.clear();
    run = open(QStringLiteral("sslmode=verify-ca&sslrootcert=") + m_otherCa, &error);
    QVERIFY(!run);
    VERIFY_CERTIFICATE_REFUSAL(error, "certificate verify failed");
}

void TestServerTls::aWrongPasswordIsSaidInWords()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString wrong = fixture::freshSecret("wrong");
    const QString pgpass =
        fixture::writePgpass(folder.path(), QStringLiteral("golive_admin"), wrong);
    QVERIFY(!pgpass.isEmpty());
    qputenv("PGPASSFILE", pgpass.toLocal8Bit());
    QString error;
    auto run = open(fixture::verifyFull(), &error);
    qputenv("PGPASSFILE", fixture::file("pgpass").toLocal8Bit());
    QVERIFY2(!run, "a wrong password was accepted");
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1 refused the password for golive_admin")
                                .arg(fixture::port())),
             qPrintable(error));
    QVERIFY2(!error.contains(wrong), "the refused password is repeated in the words");
}

QTEST_GUILESS_MAIN(TestServerTls)
#include "tst_servertls.moc"
