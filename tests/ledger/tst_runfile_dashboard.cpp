// The dashboard a run keeps: embedded at creation with its SHA-256 and checked at every open,
// set later by a recorded event whose bytes are kept beside every earlier version, and the
// choice of which dashboard a run shows or a new run gets (RunDashboard.h).
#include "RunDashboard.h"
#include "RunFileTestFixture.h"
#include "RunbookParser.h"

#include <QFile>

using namespace golive;
using namespace golive::test;

namespace {

QByteArray summitDashboard()
{
    return readAll(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"));
}

// A second valid dashboard, different bytes.
QByteArray otherDashboard()
{
    return QByteArrayLiteral(R"({"title": "Other", "panels": [{"id": "p", "title": "P",
        "query": "up", "unit": "ratio", "slo": {"objective": 0.9, "good": "above"}}]})");
}

SignOffEvent dashboardEvent(const QByteArray& bytes, const QString& name, Role role)
{
    SignOffEvent e =
        makeEvent(EventKind::DashboardSet, QString(), QStringLiteral("Ines"), role, name);
    e.fieldKey = RunDashboardVersion::of(bytes, name).sha256;
    return e;
}

qint64 metaCount(const QString& path, const QString& like)
{
    RawDb raw(path);
    return raw.value(QStringLiteral("SELECT count(*) FROM meta WHERE key LIKE '%1'").arg(like))
        .toLongLong();
}

} // namespace

class TestRunFileDashboard : public QObject, public RunFileFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void createEmbedsExactBytesWithSha()
    {
        const QString path = newPath(QStringLiteral("embedded.golive"));
        const QByteArray bytes = summitDashboard();
        QString error;
        {
            auto run =
                RunFile::create(path, seedText(), QStringLiteral("seed.md"), &error,
                                RunDashboardVersion::of(bytes, QStringLiteral("summit.json")));
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->dashboardVersions().size(), 1);
        }
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->dashboard());
        QCOMPARE(run->dashboard()->bytes, bytes);
        QCOMPARE(run->dashboard()->name, QStringLiteral("summit.json"));
        QCOMPARE(run->dashboard()->seq, 0);
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("SELECT value FROM meta WHERE key='dashboard_sha256'"))
                     .toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    }

    void createRefusesAnInvalidDashboard()
    {
        const QString path = newPath(QStringLiteral("invalid.golive"));
        QString error;
        auto run = RunFile::create(path, seedText(), QStringLiteral("seed.md"), &error,
                                   RunDashboardVersion::of(QByteArrayLiteral(R"({"title": "x"})"),
                                                           QStringLiteral("broken.json")));
        QVERIFY(!run);
        QVERIFY2(error.contains(QStringLiteral("broken.json")) &&
                     error.contains(QStringLiteral("panels is missing")),
                 qPrintable(error));
        QVERIFY(!QFileInfo::exists(path));
    }

    void aRunWithoutOneHasNone()
    {
        const QString path = newPath(QStringLiteral("none.golive"));
        auto run = makeRun(path, 0);
        QVERIFY(run);
        QVERIFY(run->dashboardVersions().isEmpty());
        QVERIFY(!run->dashboard());
        QCOMPARE(metaCount(path, QStringLiteral("dashboard%")), 0);
    }

    void aChangedEmbeddedDashboardIsRefused()
    {
        const QString path = newPath(QStringLiteral("tampered.golive"));
        QString error;
        QVERIFY(RunFile::create(
            path, seedText(), QStringLiteral("seed.md"), &error,
            RunDashboardVersion::of(summitDashboard(), QStringLiteral("summit.json"))));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("UPDATE meta SET value = CAST('{\"title\": \"t\", "
                                            "\"panels\": []}' AS BLOB) WHERE key = "
                                            "'dashboard_text'")));
            raw.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        expectRefused(path, QStringLiteral("the dashboard summit.json stored in it does not match "
                                           "its recorded SHA-256"));
    }

    void setKeepsEveryVersion()
    {
        const QString path = newPath(QStringLiteral("versions.golive"));
        QString error;
        {
            auto run = makeRun(path, 1);
            QVERIFY(run);
            SignOffEvent first = dashboardEvent(summitDashboard(), QStringLiteral("summit.json"),
                                                Role::IncidentCommander);
            const QByteArray summit = summitDashboard();
            QVERIFY2(run->append(first, &error, &summit), qPrintable(error));
            SignOffEvent second = dashboardEvent(otherDashboard(), QStringLiteral("other.json"),
                                                 Role::ReleaseCaptain);
            const QByteArray other = otherDashboard();
            QVERIFY2(run->append(second, &error, &other), qPrintable(error));
            QCOMPARE(run->dashboardVersions().size(), 2);
            QCOMPARE(run->dashboard()->name, QStringLiteral("other.json"));
            // Back to the first: recorded again, its bytes kept once.
            SignOffEvent again =
                dashboardEvent(summit, QStringLiteral("summit.json"), Role::IncidentCommander);
            QVERIFY2(run->append(again, &error, &summit), qPrintable(error));
        }
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QList<RunDashboardVersion> versions = run->dashboardVersions();
        QCOMPARE(versions.size(), 3);
        QCOMPARE(versions.at(0).bytes, summitDashboard());
        QCOMPARE(versions.at(0).seq, 2);
        QCOMPARE(versions.at(1).bytes, otherDashboard());
        QCOMPARE(versions.at(1).seq, 3);
        QCOMPARE(run->dashboard()->seq, 4);
        QCOMPARE(run->dashboard()->bytes, summitDashboard());
        QCOMPARE(metaCount(path, QStringLiteral("dashboard_text_%")), 2);
        QVERIFY(run->verification().intact());
    }

    void setIsRefusedWhenItCannotBeKept_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("giveBytes");
        QTest::addColumn<QString>("shaOf");
        QTest::addColumn<QString>("expected");
        const QByteArray summit = summitDashboard();
        QTest::newRow("engineer") << int(Role::Engineer) << summit << true << QString()
                                  << QStringLiteral("only the incident-commander or the "
                                                    "release-captain may set");
        QTest::newRow("no bytes") << int(Role::IncidentCommander) << summit << false << QString()
                                  << QStringLiteral("needs the dashboard itself");
        QTest::newRow("other bytes")
            << int(Role::IncidentCommander) << summit << true << QStringLiteral("other")
            << QStringLiteral("does not match the SHA-256 the event records");
        QTest::newRow("invalid") << int(Role::IncidentCommander)
                                 << QByteArrayLiteral(R"({"title": "x"})") << true << QString()
                                 << QStringLiteral("panels is missing");
    }
    void setIsRefusedWhenItCannotBeKept()
    {
        QFETCH(int, role);
        QFETCH(QByteArray, bytes);
        QFETCH(bool, giveBytes);
        QFETCH(QString, shaOf);
        QFETCH(QString, expected);
        const QString path = newPath(QStringLiteral("refused-%1.golive")
                                         .arg(QString::fromLatin1(QTest::currentDataTag())
                                                  .replace(QLatin1Char(' '), QLatin1Char('-'))));
        auto run = makeRun(path, 0);
        QVERIFY(run);
        SignOffEvent e = dashboardEvent(shaOf.isEmpty() ? bytes : otherDashboard(),
                                        QStringLiteral("d.json"), Role(role));
        QString error;
        QVERIFY(!run->append(e, &error, giveBytes ? &bytes : nullptr));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(run->events().isEmpty());
        QVERIFY(run->dashboardVersions().isEmpty());
        QCOMPARE(metaCount(path, QStringLiteral("dashboard%")), 0);
        run.reset();
        auto reopened = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(reopened, qPrintable(error));
        QVERIFY(reopened->events().isEmpty());
    }

    void aChangedSetDashboardIsRefused()
    {
        const QString path = newPath(QStringLiteral("set-tampered.golive"));
        QString error;
        const QString sha = RunDashboardVersion::of(otherDashboard(), QString()).sha256;
        {
            auto run = makeRun(path, 0);
            QVERIFY(run);
            SignOffEvent e = dashboardEvent(otherDashboard(), QStringLiteral("other.json"),
                                            Role::IncidentCommander);
            const QByteArray other = otherDashboard();
            QVERIFY2(run->append(e, &error, &other), qPrintable(error));
        }
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("UPDATE meta SET value = CAST('{}' AS BLOB) WHERE "
                                            "key = 'dashboard_text_%1'")
                                 .arg(sha)));
            raw.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        expectRefused(path, QStringLiteral("the dashboard other.json that event #1 made the run's "
                                           "does not match its recorded SHA-256"));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(
                QStringLiteral("DELETE FROM meta WHERE key = 'dashboard_text_%1'").arg(sha)));
            raw.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        expectRefused(path, QStringLiteral("is missing"));
    }

    void aSchemaOneRunOpensWithNone()
    {
        const QString path = newPath(QStringLiteral("v1.golive"));
        QVERIFY(writeV1(path, QStringLiteral("delete"), false, 2));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 2);
        QVERIFY(run->dashboardVersions().isEmpty());
    }

    void whichDashboardARunShows()
    {
        const QByteArray runbook = seedText();
        BundledDashboard bundled;
        bundled.runbookSha256 = QString::fromLatin1(
            QCryptographicHash::hash(runbook, QCryptographicHash::Sha256).toHex());
        bundled.dashboard =
            RunDashboardVersion::of(summitDashboard(), QStringLiteral("summit.json"));
        // A Summit run made before runs kept their dashboard keeps Summit's ...
        const std::optional<RunDashboardVersion> legacy =
            dashboardOfRun(std::nullopt, bundled.runbookSha256, bundled);
        QVERIFY(legacy);
        QCOMPARE(legacy->bytes, summitDashboard());
        // ... also when it was made from the runbook as an earlier golive shipped it ...
        const QString earlier = QString::fromLatin1(
            QCryptographicHash::hash(seedBeforeChecks(runbook), QCryptographicHash::Sha256)
                .toHex());
        QCOMPARE(earlier, QLatin1String(kSeedBeforeChecksSha256));
        QVERIFY(!dashboardOfRun(std::nullopt, earlier, bundled));
        bundled.earlierRunbookSha256 = {earlier};
        QCOMPARE(dashboardOfRun(std::nullopt, earlier, bundled)->bytes, summitDashboard());
        // ... any other run with none shows none ...
        QVERIFY(!dashboardOfRun(std::nullopt, QString(64, QLatin1Char('0')), bundled));
        // ... and a run's own always wins.
        const RunDashboardVersion own =
            RunDashboardVersion::of(otherDashboard(), QStringLiteral("other.json"));
        QCOMPARE(dashboardOfRun(own, bundled.runbookSha256, bundled)->bytes, otherDashboard());
    }

    void whichDashboardANewRunGets()
    {
        BundledDashboard bundled;
        bundled.runbookSha256 = QString(64, QLatin1Char('a'));
        bundled.dashboard =
            RunDashboardVersion::of(summitDashboard(), QStringLiteral("summit.json"));
        const QString folder = newPath(QStringLiteral("team"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/dash")));
        {
            QFile f(folder + QStringLiteral("/dash/team.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(otherDashboard()), otherDashboard().size());
        }
        const QString runbookPath = folder + QStringLiteral("/runbook.md");
        Runbook plain;
        QString error;
        // Nothing named, not the bundled runbook: none.
        QVERIFY(!dashboardForNewRun(QString(), plain, runbookPath, QString(64, QLatin1Char('b')),
                                    bundled, &error));
        QVERIFY(error.isEmpty());
        // The bundled runbook: the bundled dashboard.
        QCOMPARE(dashboardForNewRun(QString(), plain, runbookPath, bundled.runbookSha256, bundled,
                                    &error)
                     ->bytes,
                 summitDashboard());
        // Front matter, relative to the runbook's folder (a hand-made runbook: the parser fills
        // its metadata from the front matter).
        Runbook withFrontMatter;
        withFrontMatter.metadata.append(
            {QStringLiteral("golive-dashboard"), QStringLiteral("dash/team.json"), {}});
        const std::optional<RunDashboardVersion> named = dashboardForNewRun(
            QString(), withFrontMatter, runbookPath, bundled.runbookSha256, bundled, &error);
        QVERIFY2(named, qPrintable(error));
        QCOMPARE(named->bytes, otherDashboard());
        QCOMPARE(named->name, QStringLiteral("team.json"));
        // The same through the parser: the key read from a runbook's own front matter.
        const RunbookParseResult parsed = RunbookParser::parse(
            QByteArrayLiteral("---\nname: Team release\ngolive-dashboard: dash/team.json\n---\n"
                              "# Team release\n\n- [ ] Deploy\n"),
            runbookPath);
        QVERIFY(parsed.ok());
        const std::optional<RunDashboardVersion> fromText =
            dashboardForNewRun(QString(), parsed.runbook, runbookPath, QString(), bundled, &error);
        QVERIFY2(fromText, qPrintable(error));
        QCOMPARE(fromText->bytes, otherDashboard());
        // --dashboard wins over the front matter.
        const QString given = newPath(QStringLiteral("given.json"));
        QVERIFY(QFile::copy(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"), given));
        QCOMPARE(dashboardForNewRun(given, withFrontMatter, runbookPath, QString(), bundled, &error)
                     ->bytes,
                 summitDashboard());
        // A front matter dashboard that is not there: said, naming it; no run is to be made.
        Runbook missing;
        missing.metadata.append(
            {QStringLiteral("golive-dashboard"), QStringLiteral("nope.json"), {}});
        QVERIFY(!dashboardForNewRun(QString(), missing, runbookPath, QString(), bundled, &error));
        QVERIFY2(error.contains(QStringLiteral("front matter")) &&
                     error.contains(QStringLiteral("nope.json")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRunFileDashboard)
#include "tst_runfile_dashboard.moc"
