// Every runbook of the team corpus (tests/data/teams) on the command line: `golive lint` accepts
// it, `golive new` makes a run of it with as many items as GitHub shows checkboxes, and
// `status`, `sign` and `verify` read that run.
#include "CliHarness.h"
#include "CliProcess.h"
#include "TeamCorpus.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Result = golive::test::CliResult;

class TstTeamRunbooksCli : public QObject
{
    Q_OBJECT

private:
    Result cli(const QStringList& args) { return m_cli.run(args); }
    static QString corpusFile(const QString& name)
    {
        return golive::test::teamCorpusDir() + QLatin1Char('/') + name;
    }

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    golive::test::CliHarness m_cli;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_home.isValid());
        QVERIFY(m_work.isValid());
        QVERIFY2(QFile::exists(QStringLiteral(GOLIVE_BINARY)), GOLIVE_BINARY);
        // Without GitHub's engine there is no reference count: a failure, never a skip.
        QVERIFY2(!golive::test::cmarkGfmProgram().isEmpty(),
                 golive::test::cmarkGfmMissing().constData());
        QVERIFY(golive::test::teamCorpusFiles().size() >= 14);
    }

    void lintAccepts_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString& name : golive::test::teamCorpusFiles())
            QTest::newRow(qPrintable(name)) << name;
    }
    // The real binary, for its exit code.
    void lintAccepts()
    {
        QFETCH(QString, name);
        const Result r = golive::test::runGolive({QStringLiteral("lint"), corpusFile(name)},
                                                 golive::test::cliEnvironment(m_home.path()));
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral(": ok: "), r);
        QVERIFY2(!r.err.contains(QStringLiteral(": error: ")), r.describe().constData());
    }

    void runIsMadeAndRead_data() { lintAccepts_data(); }
    void runIsMadeAndRead()
    {
        QFETCH(QString, name);
        QString error;
        int ticked = 0; // "- [x]" in the runbook: done from the start
        const int github = golive::test::githubCheckboxCount(
            golive::test::withoutFrontMatter(golive::test::readTeamRunbook(name)), &error, &ticked);
        QVERIFY2(github > 0, qPrintable(error));

        const QString run = m_work.filePath(name + QStringLiteral(".golive"));
        Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), corpusFile(name),
                        QStringLiteral("--out"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("%1 items; run id ").arg(github), r);

        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("%1/%2 done").arg(ticked).arg(github), r);

        r = cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        const QJsonObject status = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray items = status.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), github);
        QVERIFY2(!status.value(QStringLiteral("title")).toString().trimmed().isEmpty(),
                 r.describe().constData());
        for (const QJsonValue& s : status.value(QStringLiteral("sections")).toArray())
            QVERIFY2(!golive::test::looksLikeFrontMatter(
                         s.toObject().value(QStringLiteral("title")).toString()),
                     r.describe().constData());

        // The first item (not ticked in any corpus file) is signed like any other, and the
        // ledger holds it.
        const QString first = items.first().toObject().value(QStringLiteral("id")).toString();
        r = cli({QStringLiteral("sign"), first, QStringLiteral("--as"), QStringLiteral("Ana"),
                 QStringLiteral("--role"), QStringLiteral("release-captain"),
                 QStringLiteral("--open-sub-items"), QStringLiteral("--note"),
                 QStringLiteral("corpus check"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out, QStringLiteral("%1/%2 done").arg(ticked + 1).arg(github), r);
        r = cli({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("ledger intact: 1 event"), r);
    }
};

QTEST_GUILESS_MAIN(TstTeamRunbooksCli)
#include "tst_teamrunbooks_cli.moc"
