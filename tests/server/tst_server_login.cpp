// `golive login` and `golive logout` for a PostgreSQL server, through the real golive binary,
// against the real PostgreSQL fixture and a real Secret Service (gnome-keyring on a private
// bus, in a throwaway HOME: run through tests/keychain/with-keyring.sh). A role of the test's
// own, owner of a database of its own, is reached with nothing but the keychain's password.
#include "CliProcess.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using golive::test::CliResult;

namespace {

const QString kRole = QStringLiteral("golive_login_h14b");
const QString kDb = QStringLiteral("golive_login_h14b");

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

// Every regular file under `root` that holds `secret` (UTF-8 or base64).
QStringList filesHolding(const QString& root, const QString& secret)
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        if (!info.isFile() || info.isSymLink())
            continue;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = f.readAll();
        if (data.contains(secret.toUtf8()) || data.contains(secret.toUtf8().toBase64()))
            hits << path;
    }
    return hits;
}

} // namespace

class TstServerLogin : public QObject
{
    Q_OBJECT

private:
    QString m_fixture;
    QString m_port;
    QString m_home;
    QString m_password = QStringLiteral("pw-") + QUuid::createUuid().toString(QUuid::Id128);

    QString uri() const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(kRole, m_port, kDb);
    }

    // golive with `input` on standard input, and no password source but the keychain.
    CliResult golive(const QStringList& args, const QByteArray& input = {}) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"PGPASSFILE", "PGPASSWORD", "PGSERVICEFILE", "PGSERVICE"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GOLIVE_BINARY), args);
        CliResult r;
        if (!p.waitForStarted(30000))
            return r;
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("golive did not finish");
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.rawOut = p.readAllStandardOutput();
        r.rawErr = p.readAllStandardError();
        r.out = QString::fromUtf8(r.rawOut);
        r.err = QString::fromUtf8(r.rawErr);
        return r;
    }

    bool adminExec(const QString& sql) const
    {
        QSqlDatabase d = QSqlDatabase::database(QStringLiteral("admin"), false);
        QSqlQuery q(d);
        if (q.exec(sql))
            return true;
        qWarning().noquote() << sql << q.lastError().text();
        return false;
    }

private slots:
    void initTestCase()
    {
        m_fixture = qEnvironmentVariable("GOLIVE_POSTGRES_FIXTURE");
        m_home = qEnvironmentVariable("GOLIVE_TEST_HOME");
        if (m_fixture.isEmpty() || m_home.isEmpty())
            QFAIL("run through CTest: with-keyring.sh (GOLIVE_TEST_HOME) on the PostgreSQL "
                  "fixture (GOLIVE_POSTGRES_FIXTURE)");
        m_port = readText(m_fixture + QStringLiteral("/port"));
        QSqlDatabase d =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("admin"));
        d.setHostName(QStringLiteral("127.0.0.1"));
        d.setPort(m_port.toInt());
        d.setUserName(QStringLiteral("golive_admin"));
        d.setPassword(readText(m_fixture + QStringLiteral("/admin-password")));
        d.setDatabaseName(QStringLiteral("golive"));
        QVERIFY2(d.open(), qPrintable(d.lastError().text()));
        QVERIFY(adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(kDb)));
        QVERIFY(adminExec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(kRole)));
        QVERIFY(
            adminExec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(kRole, m_password)));
        QVERIFY(adminExec(QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(kDb, kRole)));
    }

    void loginStoresTheTriedPasswordAndLogoutRemovesIt()
    {
        const QStringList init{QStringLiteral("server"), QStringLiteral("init"), uri()};
        // Nothing stored yet: no password anywhere.
        CliResult r = golive(init);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("127.0.0.1:") + m_port, r);

        // A wrong password is tried, refused and not stored.
        r = golive({QStringLiteral("login"), uri()}, "not-the-password\n");
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("nothing was stored"), r);
        EXPECT_EXIT(golive(init), 1);

        // A password in the URI is refused: it would sit in the shell's history.
        r = golive({QStringLiteral("login"), QStringLiteral("postgresql://%1:%2@127.0.0.1:%3/%4")
                                                 .arg(kRole, m_password, m_port, kDb)},
                   m_password.toUtf8() + '\n');
        EXPECT_EXIT(r, 2);
        QVERIFY2(!r.err.contains(m_password), r.describe().constData());

        // The right one, on standard input: tried, stored, and then the only source there is.
        r = golive({QStringLiteral("login"), uri()}, m_password.toUtf8() + '\n');
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.err, QStringLiteral("stored in the keychain"), r);
        EXPECT_IN(r.err, QStringLiteral("postgresql://%1@127.0.0.1:%2").arg(kRole, m_port), r);
        QVERIFY2(!r.out.contains(m_password) && !r.err.contains(m_password),
                 r.describe().constData());
        r = golive(init);
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("version"), r);
        QCOMPARE(filesHolding(m_home, m_password), QStringList());

        r = golive({QStringLiteral("logout"), uri()});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.err, QStringLiteral("removed the password"), r);
        EXPECT_EXIT(golive(init), 1);
        r = golive({QStringLiteral("logout"), uri()});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.err, QStringLiteral("nothing was stored"), r);
    }

    void cleanupTestCase()
    {
        adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(kDb));
        adminExec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(kRole));
    }
};

QTEST_GUILESS_MAIN(TstServerLogin)
#include "tst_server_login.moc"
