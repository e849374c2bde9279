// The window shows the open run's dashboard: its own panels and health lights, none (and the
// words to add one) for a run without, the switch when another run is opened, the fallback
// (--dashboard) only for a run with none, and Summit's for a Summit run made before runs kept
// their dashboard.
#include "CutoverHeader.h"
#include "HealthMonitor.h"
#include "RunDashboard.h"
#include "SloDashboardDock.h"
#include "SloMonitor.h"
#include "WindowTestSupport.h"

#include <QCryptographicHash>
#include <QSignalSpy>

using namespace golive;

namespace {

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A team's own dashboard: one panel, one health check.
const QByteArray kTeamDashboard(
    "{\"title\": \"Team payments\", \"panels\": [{\"id\": \"pay-p95\", \"title\": "
    "\"payments p95\", \"query\": \"x\", \"unit\": \"s\", \"slo\": {\"objective\": 0.5, "
    "\"good\": \"below\"}}], \"health\": [{\"service\": \"pay-db\", \"kind\": \"manual\", "
    "\"how\": \"pg_isready\"}]}");

const QByteArray kTeamRunbook("# Release\n\n## Steps\n\n- [ ] Tag\n- [ ] Ship\n");

} // namespace

class TestRunDashboard : public QObject
{
    Q_OBJECT

private:
    QString makeRun(const QString& name, const QByteArray& runbook,
                    const std::optional<RunDashboardVersion>& dashboard)
    {
        const QString path = m_dir.filePath(name);
        QString error;
        auto run = RunFile::create(path, runbook, QStringLiteral("runbook.md"), &error, dashboard);
        if (!run)
            qWarning().noquote() << error;
        return run ? path : QString();
    }

    static bool open(MainWindow& window, const QString& path)
    {
        QSignalSpy opened(&window, &MainWindow::runOpened);
        window.openRun(path);
        return opened.wait(5000) && window.hasRun();
    }

    static QStringList panelIds(MainWindow& window)
    {
        QStringList ids;
        for (const PanelDefinition& p : window.sloMonitor()->dashboard().panels)
            ids << p.id;
        return ids;
    }

    QTemporaryDir m_dir;
    QString m_team; // a run with its own dashboard
    QString m_none; // a run with none
    QString m_seed; // a Summit run made before runs kept their dashboard

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::isolateSettings(m_dir, QStringLiteral("tst_rundashboard"));
        m_team = makeRun(QStringLiteral("team.golive"), kTeamRunbook,
                         RunDashboardVersion::of(kTeamDashboard, QStringLiteral("team.json")));
        m_none = makeRun(QStringLiteral("none.golive"), kTeamRunbook, std::nullopt);
        m_seed = test::newSeedRun(m_dir, 1, QStringLiteral("summit"));
        QVERIFY(!m_team.isEmpty() && !m_none.isEmpty() && !m_seed.isEmpty());
    }

    void aRunWithNoneShowsNoneAndSaysHowToAddOne()
    {
        MainWindow window;
        window.show();
        QVERIFY(open(window, m_none));
        window.useConfiguredSource(QString(), true);
        QVERIFY(window.sloDock()->panels().isEmpty());
        QVERIFY(window.cutoverHeader()->lights().isEmpty());
        QVERIFY(window.healthMonitor()->results().isEmpty());
        const QString words = window.sloDock()->placeholderText();
        QVERIFY2(words.contains(QStringLiteral("This run has no SLO dashboard")),
                 qPrintable(words));
        QVERIFY2(words.contains(QStringLiteral("no health lights")), qPrintable(words));
        QVERIFY2(words.contains(QStringLiteral("golive dashboard set --run \"") +
                                QDir::toNativeSeparators(m_none) + QLatin1Char('"')),
                 qPrintable(words));
        QVERIFY2(words.contains(QStringLiteral("incident commander or the release captain")),
                 qPrintable(words));
    }

    void theWindowFollowsTheOpenRun()
    {
        MainWindow window;
        window.show();
        window.useConfiguredSource(QString(), true);
        QVERIFY(open(window, m_team));
        QCOMPARE(panelIds(window), QStringList{QStringLiteral("pay-p95")});
        QVERIFY(window.sloDock()->panel(QStringLiteral("pay-p95")));
        QCOMPARE(window.cutoverHeader()->lights().size(), 1);
        // Another run, with none: its panels and lights go.
        QVERIFY(open(window, m_none));
        QVERIFY(window.sloDock()->panels().isEmpty());
        QVERIFY(window.cutoverHeader()->lights().isEmpty());
        QVERIFY(window.sloDock()->placeholderText().contains(QStringLiteral("no SLO dashboard")));
        // And back.
        QVERIFY(open(window, m_team));
        QCOMPARE(panelIds(window), QStringList{QStringLiteral("pay-p95")});
        QCOMPARE(window.cutoverHeader()->lights().size(), 1);
    }

    void theRunsOwnWinsOverTheFallback()
    {
        QString error;
        const std::optional<Dashboard> summit =
            Dashboard::fromFile(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"), &error);
        QVERIFY2(summit, qPrintable(error));
        MainWindow window;
        window.show();
        window.useConfiguredSource(QString(), true, summit);
        QVERIFY(open(window, m_team));
        QCOMPARE(panelIds(window), QStringList{QStringLiteral("pay-p95")});
        // A run with none shows the one the window was given (--dashboard).
        QVERIFY(open(window, m_none));
        QCOMPARE(window.sloMonitor()->dashboard().title, summit->title);
        QCOMPARE(window.sloDock()->panels().size(), summit->panels.size());
    }

    void aSummitRunFromBeforeKeepsSummit()
    {
        const QByteArray seed = readFile(QStringLiteral(GOLIVE_SEED_RUNBOOK));
        BundledDashboard bundled;
        bundled.runbookSha256 =
            QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex());
        bundled.dashboard =
            RunDashboardVersion::of(readFile(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json")),
                                    QStringLiteral("summit.json"));
        MainWindow window;
        window.setBundledDashboard(bundled);
        window.show();
        window.useConfiguredSource(QString(), true);
        QVERIFY(open(window, m_seed));
        QCOMPARE(window.sloMonitor()->dashboard().title, QStringLiteral("Summit go-live"));
        QVERIFY(!window.sloDock()->panels().isEmpty());
        QVERIFY(!window.cutoverHeader()->lights().isEmpty());
        // Any other run with none shows none.
        QVERIFY(open(window, m_none));
        QVERIFY(window.sloDock()->panels().isEmpty());
        QVERIFY(window.cutoverHeader()->lights().isEmpty());
    }
};

QTEST_MAIN(TestRunDashboard)
#include "tst_rundashboard.moc"
