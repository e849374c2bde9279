// Making a run from a runbook (services/policy/RunCreation.h): the target is checked first, a
// runbook with errors makes no run, nothing is overwritten.
#include "RunCreation.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

class TstRunCreation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createsARun();
    void neverOverwrites();
    void refusesARunbookWithErrors();
    void refusesAMissingRunbook();
    void refusesStaleSqliteFiles();

private:
    QTemporaryDir m_dir;
};

void TstRunCreation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TstRunCreation::createsARun()
{
    const LoadedRunbook runbook = LoadedRunbook::fromFile(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(runbook.usable());
    QCOMPARE(runbook.sha256.size(), 64);
    const QString out = m_dir.filePath(QStringLiteral("new.golive"));
    const RunCreation::Result r =
        RunCreation::create(out, runbook, QStringLiteral("summit-go-live-runbook.md"));
    QCOMPARE(r.outcome, RunCreation::Outcome::Created);
    QVERIFY2(r.run, qPrintable(r.error));
    QCOMPARE(r.run->runbookSha256(), runbook.sha256);
    QCOMPARE(r.run->runbookName(), QStringLiteral("summit-go-live-runbook.md"));
}

void TstRunCreation::neverOverwrites()
{
    const QString out = m_dir.filePath(QStringLiteral("taken.golive"));
    QFile f(out);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.write("not a run") > 0);
    f.close();
    QCOMPARE(RunCreation::checkTarget(out).outcome, RunCreation::Outcome::TargetExists);
    const RunCreation::Result r = RunCreation::create(
        out, LoadedRunbook::fromFile(QStringLiteral(GOLIVE_SEED_RUNBOOK)), QStringLiteral("x.md"));
    QCOMPARE(r.outcome, RunCreation::Outcome::TargetExists);
    QVERIFY(!r.run);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("not a run"));
}

void TstRunCreation::refusesARunbookWithErrors()
{
    const LoadedRunbook runbook =
        LoadedRunbook::fromText(QByteArray("no title, no sections\n"), QStringLiteral("bad.md"));
    QVERIFY(!runbook.usable());
    const QString out = m_dir.filePath(QStringLiteral("bad.golive"));
    const RunCreation::Result r = RunCreation::create(out, runbook, QStringLiteral("bad.md"));
    QCOMPARE(r.outcome, RunCreation::Outcome::RunbookErrors);
    QVERIFY(!QFile::exists(out));
}

void TstRunCreation::refusesAMissingRunbook()
{
    const LoadedRunbook runbook = LoadedRunbook::fromFile(m_dir.filePath(QStringLiteral("no.md")));
    QVERIFY(!runbook.usable());
    QVERIFY(runbook.errorCount() > 0);
    QVERIFY(runbook.sha256.isEmpty());
}

void TstRunCreation::refusesStaleSqliteFiles()
{
    const QString out = m_dir.filePath(QStringLiteral("stale.golive"));
    QFile wal(out + QStringLiteral("-wal"));
    QVERIFY(wal.open(QIODevice::WriteOnly));
    wal.close();
    const RunCreation::Result r = RunCreation::checkTarget(out);
    QCOMPARE(r.outcome, RunCreation::Outcome::TargetRefused);
    QVERIFY2(r.error.contains(QStringLiteral("no run was created")), qPrintable(r.error));
}

QTEST_GUILESS_MAIN(TstRunCreation)
#include "tst_runcreation.moc"
