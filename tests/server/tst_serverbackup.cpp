// Backups as docs/postgresql.md gives them, on the real PostgreSQL fixture: a database of server
// runs dumped with pg_dump and put back with pg_restore holds the same run (id, events, head,
// chain intact); and a restore older than what this workstation saw of the run, on the same
// server and database, is a run that went backwards, which blocks sign-offs until acknowledged.
#include "FixtureAccess.h"
#include "RunLedger.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

namespace {

// PostgreSQL's own tool `name` (pg_dump, pg_restore), of the newest version installed.
QString pgTool(const char* name)
{
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    const QStringList found = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto it = found.crbegin(); it != found.crend(); ++it) {
        const QString tool = versions.filePath(*it + QStringLiteral("/bin/") + QLatin1String(name));
        if (QFile::exists(tool))
            return tool;
    }
    return {};
}

// Runs `tool` with `args`; its output in *output. True when it exited 0.
bool runTool(const char* tool, const QStringList& args, QString* output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(pgTool(tool), args);
    const bool done = p.waitForFinished(60000);
    *output = QString::fromLocal8Bit(p.readAll());
    return done && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

SignOffEvent note(const RunLedger& run, const QString& text)
{
    return test::noteOn(run.runbook().allItems().constFirst()->id, text,
                        test::person(QStringLiteral("Ada Lovelace"), Role::ReleaseCaptain));
}

} // namespace

class TestServerBackup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aRestoredDumpHoldsTheSameRun();
    void anOlderRestoreIsARunThatWentBack();

private:
    QString databaseUri(const QString& database) const
    {
        return QStringLiteral("postgresql://golive_admin@127.0.0.1:%1/%2?%3")
            .arg(fixture::port())
            .arg(database, fixture::verifyFull());
    }
    QString runUri(const QString& database) const
    {
        return databaseUri(database) + QStringLiteral("&run=") + m_run;
    }
    bool dump(const QString& database, const QString& file, QString* output) const
    {
        return runTool("pg_dump",
                       {QStringLiteral("--format=custom"), QStringLiteral("--file=") + file,
                        QStringLiteral("--dbname=") + databaseUri(database)},
                       output);
    }
    // The database `database` made anew (dropped first, whoever is connected) from `file`.
    bool restore(const QString& database, const QString& file, QString* output) const
    {
        test::AdminConnection admin(QStringLiteral("postgres"));
        *output =
            admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database));
        if (output->isEmpty())
            *output = admin.exec(QStringLiteral("CREATE DATABASE %1").arg(database));
        return output->isEmpty() &&
               runTool("pg_restore", {QStringLiteral("--dbname=") + databaseUri(database), file},
                       output);
    }

    QTemporaryDir m_dumps;
    QString m_database;
    QString m_run;
    QByteArray m_dumpedHead;
    QString m_runId;
};

void TestServerBackup::initTestCase()
{
    test::setUpServerTest();
    QVERIFY(m_dumps.isValid());
    QVERIFY2(!pgTool("pg_dump").isEmpty() && !pgTool("pg_restore").isEmpty(),
             "pg_dump or pg_restore is not installed");
    // A database of this test's own: the older restore below replaces it whole.
    m_database = fixture::uniqueName(QStringLiteral("golive_backup"));
    test::AdminConnection admin(QStringLiteral("postgres"));
    const QString made = admin.exec(QStringLiteral("CREATE DATABASE %1").arg(m_database));
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QString error;
    QVERIFY2(ServerRun::initSchema(databaseUri(m_database), &error), qPrintable(error));

    m_run = fixture::uniqueName(QStringLiteral("backup"));
    auto run = RunLedger::create(runUri(m_database), test::seedRunbook(), QStringLiteral("seed.md"),
                                 &error);
    QVERIFY2(run, qPrintable(error));
    for (const char* text : {"database checked", "replicas in sync"}) {
        SignOffEvent e = note(*run, QLatin1String(text));
        QVERIFY2(run->append(e, &error), qPrintable(error));
    }
    m_dumpedHead = run->headHash();
    m_runId = run->runId();
    QString output;
    QVERIFY2(dump(m_database, m_dumps.filePath(QStringLiteral("golive.dump")), &output),
             qPrintable(output));
}

void TestServerBackup::aRestoredDumpHoldsTheSameRun()
{
    const QString copy = m_database + QStringLiteral("_copy");
    QString output;
    QVERIFY2(restore(copy, m_dumps.filePath(QStringLiteral("golive.dump")), &output),
             qPrintable(output));
    QString error;
    auto run = RunLedger::open(runUri(copy), RunLedger::Access::ReadWrite, &error);
    QVERIFY2(run, qPrintable(error));
    QCOMPARE(run->runId(), m_runId);
    QCOMPARE(run->events().size(), 2);
    QCOMPARE(run->headHash(), m_dumpedHead);
    QVERIFY2(run->verify().intact(), qPrintable(run->verify().summary()));
    // The append-only triggers came back with it.
    test::AdminConnection admin(copy);
    QVERIFY(!admin.exec(QStringLiteral("DELETE FROM golive_events")).isEmpty());
}

void TestServerBackup::anOlderRestoreIsARunThatWentBack()
{
    QString error;
    {
        auto run = RunLedger::open(runUri(m_database), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        SignOffEvent e = note(*run, QStringLiteral("signed after the backup"));
        QVERIFY2(run->append(e, &error), qPrintable(error));
    }
    QString output;
    QVERIFY2(restore(m_database, m_dumps.filePath(QStringLiteral("golive.dump")), &output),
             qPrintable(output));

    auto run = RunLedger::open(runUri(m_database), RunLedger::Access::ReadWrite, &error);
    QVERIFY2(run, qPrintable(error));
    QCOMPARE(run->events().size(), 2);
    const ChainVerification& v = run->verification();
    QVERIFY2(!v.intact(), "a restore older than what this workstation saw looks intact");
    QVERIFY(v.unacknowledged.constFirst().wentBack);
    SignOffEvent e = note(*run, QStringLiteral("signed on the restored run"));
    QVERIFY2(!run->append(e, &error), "signed on a run that went backwards, unacknowledged");
}

QTEST_GUILESS_MAIN(TestServerBackup)
#include "tst_serverbackup.moc"
