// The run's dashboard on the command line: new --dashboard, dashboard set/list/show, and check
// and health --run reading the run's dashboard.
#include "CliHarness.h"
#include "CliProcess.h"
#include "ItemCheckSupport.h"
#include "RunFile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

namespace {

using Result = golive::test::CliResult;

// A team's own dashboard: one panel, two health checks.
const QByteArray kTeamDashboard(
    "{\"title\": \"Team payments\", \"panels\": [{\"id\": \"pay-p95\", \"title\": "
    "\"payments p95\", \"query\": \"histogram_quantile(0.95, rate(x[5m]))\", \"unit\": \"s\", "
    "\"slo\": {\"objective\": 0.5, \"good\": \"below\"}}], \"health\": [{\"service\": "
    "\"pay-db\", \"kind\": \"manual\", \"how\": \"pg_isready -h pay-db\"}, {\"service\": "
    "\"pay-api\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/health\"}]}\n");

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TstDashboardCli : public QObject
{
    Q_OBJECT

private:
    Result cli(const QStringList& args) { return m_cli.run(args); }
    QString path(const QString& name) const { return m_work.filePath(name); }

    QString write(const QString& name, const QByteArray& bytes) const
    {
        QFile f(path(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return f.fileName();
    }

    // A run from a small runbook of the team's (not the bundled one), with `extra` options.
    QString newRun(const QString& name, const QStringList& extra = {})
    {
        const QString out = path(name);
        const Result r = cli(QStringList{QStringLiteral("new"), QStringLiteral("--runbook"),
                                         m_runbook, QStringLiteral("--out"), out} +
                             extra);
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return r.code == 0 ? out : QString();
    }

    Result set(const QString& run, const QString& file, const QString& role)
    {
        return cli({QStringLiteral("dashboard"), QStringLiteral("set"), QStringLiteral("--run"),
                    run, QStringLiteral("--as"), QStringLiteral("Ines"), QStringLiteral("--role"),
                    role, file});
    }

    std::unique_ptr<RunFile> open(const QString& run)
    {
        QString error;
        auto file = RunFile::open(run, RunFile::Access::ReadOnly, &error);
        if (!file)
            qWarning().noquote() << error;
        return file;
    }

    QTemporaryDir m_work;
    QString m_runbook;
    golive::test::CliHarness m_cli;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_work.isValid());
        m_runbook = write(QStringLiteral("release.md"),
                          QByteArrayLiteral("# Release\n\n## Steps\n\n- [ ] Tag\n- [ ] Ship\n"));
        QVERIFY(!m_runbook.isEmpty());
        QVERIFY(!write(QStringLiteral("team.json"), kTeamDashboard).isEmpty());
        QVERIFY(!write(QStringLiteral("broken.json"), QByteArray("{\"title\": \"x\"}")).isEmpty());
    }

    void newEmbedsTheDashboardGiven()
    {
        const QString run =
            newRun(QStringLiteral("with.golive"),
                   {QStringLiteral("--dashboard"), path(QStringLiteral("team.json"))});
        QVERIFY(!run.isEmpty());
        const auto file = open(run);
        QVERIFY(file && file->dashboard());
        QCOMPARE(file->dashboard()->bytes, kTeamDashboard);
        QCOMPARE(file->dashboard()->sha256, sha256(kTeamDashboard));
        QCOMPARE(file->dashboard()->name, QStringLiteral("team.json"));
    }

    void newRefusesADashboardThatDoesNotRead()
    {
        const QString out = path(QStringLiteral("refused.golive"));
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), m_runbook,
                              QStringLiteral("--dashboard"), path(QStringLiteral("broken.json")),
                              QStringLiteral("--out"), out});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("broken.json is not a valid dashboard"), r);
        EXPECT_IN(r.err, QStringLiteral("panels is missing"), r);
        EXPECT_IN(r.err, QStringLiteral("no run was created"), r);
        QVERIFY(!QFileInfo::exists(out));
    }

    void newWithoutOneSaysHowToAddOne()
    {
        const QString out = path(QStringLiteral("plain.golive"));
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), m_runbook,
                              QStringLiteral("--out"), out});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("no SLO dashboard: add one with 'golive dashboard set"), r);
        const auto file = open(out);
        QVERIFY(file && !file->dashboard());
    }

    void theBundledRunbookGetsTheBundledDashboard()
    {
        const QString out = path(QStringLiteral("summit.golive"));
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--out"), out});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("dashboard summit.json embedded"), r);
        const auto file = open(out);
        QVERIFY(file && file->dashboard());
        QCOMPARE(file->dashboard()->name, QStringLiteral("summit.json"));
    }

    // A Summit run made before runs kept their dashboard, from the runbook as this golive ships
    // it or as an earlier one did (before 4.3 and 4.4 named checks): Summit's dashboard.
    void anEarlierSummitRunShowsTheBundledDashboard()
    {
        const QByteArray seed = readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK));
        QVERIFY(!seed.isEmpty());
        const QByteArray earlier = golive::test::seedBeforeChecks(seed);
        QCOMPARE(sha256(earlier), QLatin1String(golive::test::kSeedBeforeChecksSha256));
        for (const QByteArray& text : {seed, earlier}) {
            const QString run = path(QStringLiteral("summit-%1.golive").arg(sha256(text).left(8)));
            {
                QString error;
                auto file = RunFile::create(run, text, QStringLiteral("summit-go-live-runbook.md"),
                                            &error, std::nullopt);
                QVERIFY2(file, qPrintable(error));
                QVERIFY(!file->dashboard());
            }
            const Result r = cli(
                {QStringLiteral("health"), QStringLiteral("--run"), run, QStringLiteral("--demo")});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, QStringLiteral("Summit go-live: health of"), r);
        }
    }

    void setIsRecordedAndKeepsEveryVersion()
    {
        const QString run = newRun(QStringLiteral("set.golive"));
        QVERIFY(!run.isEmpty());
        // The rules first: an engineer may not, and nothing is written.
        Result r = set(run, path(QStringLiteral("team.json")), QStringLiteral("engineer"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("only the incident-commander or the release-captain"), r);
        EXPECT_IN(r.err, QStringLiteral("nothing was recorded"), r);
        // A file that does not parse: refused with the reason.
        r = set(run, path(QStringLiteral("broken.json")), QStringLiteral("incident-commander"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("panels is missing"), r);
        QVERIFY(open(run)->events().isEmpty());

        r = set(run, path(QStringLiteral("team.json")), QStringLiteral("incident-commander"));
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("event #1: Ines set the dashboard"), r);
        const QByteArray summit = readAll(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"));
        r = set(run, QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"),
                QStringLiteral("release-captain"));
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("1 earlier dashboard kept"), r);

        const auto file = open(run);
        QVERIFY(file);
        QCOMPARE(file->events().size(), 2);
        QCOMPARE(file->events().at(0).kind, EventKind::DashboardSet);
        QCOMPARE(file->events().at(0).fieldKey, sha256(kTeamDashboard));
        QCOMPARE(file->events().at(0).text, QStringLiteral("team.json"));
        QCOMPARE(file->dashboard()->bytes, summit);

        r = cli(
            {QStringLiteral("dashboard"), QStringLiteral("list"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("1 team.json sha256 ") + sha256(kTeamDashboard), r);
        EXPECT_IN(r.out, QStringLiteral("2 (current) summit.json"), r);
        EXPECT_IN(r.out, QStringLiteral("set by Ines (incident-commander)"), r);
        // The earlier one stays readable, byte for byte.
        r = cli({QStringLiteral("dashboard"), QStringLiteral("show"), QStringLiteral("--run"), run,
                 QStringLiteral("--version"), QStringLiteral("1")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.rawOut, kTeamDashboard);
        r = cli(
            {QStringLiteral("dashboard"), QStringLiteral("show"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.rawOut, summit);
    }

    void healthAndCheckUseTheRunsDashboard()
    {
        const QString none = newRun(QStringLiteral("none.golive"));
        QVERIFY(!none.isEmpty());
        Result r = cli(
            {QStringLiteral("health"), QStringLiteral("--run"), none, QStringLiteral("--demo")});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("has no SLO dashboard; add one with 'golive dashboard set"),
                  r);

        const QString run =
            newRun(QStringLiteral("team.golive"),
                   {QStringLiteral("--dashboard"), path(QStringLiteral("team.json"))});
        QVERIFY(!run.isEmpty());
        r = cli({QStringLiteral("health"), QStringLiteral("--run"), run, QStringLiteral("--demo")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("Team payments: health of 2 services"), r);
        EXPECT_IN(r.out, QStringLiteral("pay-db"), r);

        r = cli({QStringLiteral("check"), QStringLiteral("--run"), run, QStringLiteral("--json"),
                 QStringLiteral("--prometheus"), QStringLiteral("http://127.0.0.1:9"),
                 QStringLiteral("--timeout"), QStringLiteral("1")});
        EXPECT_IN(r.out, QStringLiteral("\"pay-p95\""), r);
        EXPECT_IN(r.out, QStringLiteral("team.json of the run"), r);

        r = cli({QStringLiteral("check"), QStringLiteral("--run"), run,
                 QStringLiteral("--dashboard"), path(QStringLiteral("team.json"))});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("not both"), r);
    }
};

QTEST_GUILESS_MAIN(TstDashboardCli)
#include "tst_dashboard_cli.moc"
