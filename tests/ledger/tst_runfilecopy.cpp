// RunFile::createCopy: a run written into a new, self-contained run file, the same run in every
// byte that the chain and the checks read (run id, runbook, dashboards, events, head), with the
// schema RunFile::create makes, never over an existing file and leaving nothing half-made.
#include "RunFileTestFixture.h"

#include <QDir>
#include <QFile>

using namespace golive;
using namespace golive::test;

namespace {

QByteArray summitDashboard()
{
    return readAll(QStringLiteral(GOLIVE_DASHBOARD_DIR "/summit.json"));
}

QByteArray otherDashboard()
{
    return QByteArrayLiteral(R"({"title": "Other", "panels": [{"id": "p", "title": "P",
        "query": "up", "unit": "ratio", "slo": {"objective": 0.9, "good": "above"}}]})");
}

SignOffEvent dashboardEvent(const QByteArray& bytes, const QString& name)
{
    SignOffEvent e = makeEvent(EventKind::DashboardSet, QString(), QStringLiteral("Ines"),
                               Role::IncidentCommander, name);
    e.fieldKey = RunDashboardVersion::of(bytes, name).sha256;
    return e;
}

} // namespace

class TestRunFileCopy : public QObject, public RunFileFixture
{
    Q_OBJECT

    // A run with an embedded dashboard, signatures, a note, and two dashboards set (one twice).
    std::unique_ptr<RunFile> richRun(const QString& path)
    {
        QString error;
        auto run = RunFile::create(
            path, seedText(), QStringLiteral("summit-go-live-runbook.md"), &error,
            RunDashboardVersion::of(summitDashboard(), QStringLiteral("summit.json")));
        if (!run) {
            qWarning("create failed: %s", qPrintable(error));
            return nullptr;
        }
        const QList<const RunbookItem*> items = run->runbook().allItems();
        QList<std::pair<SignOffEvent, QByteArray>> events;
        for (int i = 0; i < 3; ++i)
            events.append({signEvent(run->state(), items.at(i)), QByteArray()});
        events.append({makeEvent(EventKind::NoteAdded, items.at(0)->id, QStringLiteral("Bo"),
                                 Role::Engineer, QStringLiteral("line one\nline \"two\"")),
                       QByteArray()});
        events.append(
            {dashboardEvent(otherDashboard(), QStringLiteral("other.json")), otherDashboard()});
        events.append(
            {dashboardEvent(summitDashboard(), QStringLiteral("summit.json")), summitDashboard()});
        events.append(
            {dashboardEvent(otherDashboard(), QStringLiteral("other.json")), otherDashboard()});
        for (auto& [event, bytes] : events) {
            if (!run->append(event, &error, bytes.isEmpty() ? nullptr : &bytes)) {
                qWarning("append failed: %s", qPrintable(error));
                return nullptr;
            }
        }
        return run;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theCopyIsTheSameRun()
    {
        const QString source = newPath(QStringLiteral("source.golive"));
        const QString copy = newPath(QStringLiteral("copy.golive"));
        auto run = richRun(source);
        QVERIFY(run);
        QString error;
        QVERIFY2(RunFile::createCopy(copy, *run, &error), qPrintable(error));

        auto copied = RunFile::open(copy, RunFile::Access::ReadOnly, &error);
        QVERIFY2(copied, qPrintable(error));
        QCOMPARE(copied->runId(), run->runId());
        QCOMPARE(copied->runbookText(), run->runbookText());
        QCOMPARE(copied->runbookSha256(), run->runbookSha256());
        QCOMPARE(copied->runbookName(), run->runbookName());
        QCOMPARE(copied->createdUtc(), run->createdUtc());
        QCOMPARE(copied->runbook().rules, run->runbook().rules);
        QCOMPARE(copied->headHash(), run->headHash());
        QVERIFY(copied->verification().intact());
        QCOMPARE(copied->verify().head, run->headHash());
        QCOMPARE(copied->events().size(), run->events().size());
        for (qsizetype i = 0; i < run->events().size(); ++i) {
            const SignOffEvent& a = run->events().at(i);
            const SignOffEvent& b = copied->events().at(i);
            QCOMPARE(b.seq, a.seq);
            QCOMPARE(b.timeUtc, a.timeUtc);
            QCOMPARE(b.text, a.text);
            QCOMPARE(b.actor.name, a.actor.name);
            QCOMPARE(b.actor.host, a.actor.host);
            QCOMPARE(b.prevHash, a.prevHash);
            QCOMPARE(b.hash, a.hash);
        }
        QCOMPARE(copied->dashboardVersions().size(), run->dashboardVersions().size());
        for (qsizetype i = 0; i < run->dashboardVersions().size(); ++i) {
            QCOMPARE(copied->dashboardVersions().at(i).bytes, run->dashboardVersions().at(i).bytes);
            QCOMPARE(copied->dashboardVersions().at(i).seq, run->dashboardVersions().at(i).seq);
            QCOMPARE(copied->dashboardVersions().at(i).name, run->dashboardVersions().at(i).name);
        }

        // The schema RunFile::create makes: application id, version, the append-only triggers.
        RawDb raw(copy);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA application_id")).toInt(),
                 RunFile::ApplicationId);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), RunFile::SchemaVersion);
        QVERIFY(!raw.exec(QStringLiteral("UPDATE events SET text = 'x' WHERE seq = 1")));
        QVERIFY(!raw.exec(QStringLiteral("DELETE FROM events")));
        QCOMPARE(raw.value(QStringLiteral("SELECT value FROM meta WHERE key = 'copied_from'"))
                     .toString(),
                 source);
        // Nothing but the two runs (and the source's own files) in the folder.
        const QStringList left = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden);
        QVERIFY2(left.filter(QStringLiteral(".tmp")).isEmpty(),
                 qPrintable(left.join(QLatin1Char(' '))));
        QVERIFY2(left.filter(QStringLiteral("copy.golive-")).isEmpty(),
                 qPrintable(left.join(QLatin1Char(' '))));
    }

    // The copy is a run like any other: it opens for writing and takes the next event.
    void theCopyCanBeWritten()
    {
        const QString source = newPath(QStringLiteral("w-source.golive"));
        const QString copy = newPath(QStringLiteral("w-copy.golive"));
        auto run = makeRun(source, 2);
        QVERIFY(run);
        QString error;
        QVERIFY2(RunFile::createCopy(copy, *run, &error), qPrintable(error));
        auto copied = RunFile::open(copy, RunFile::Access::ReadWrite, &error);
        QVERIFY2(copied, qPrintable(error));
        SignOffEvent e = signEvent(copied->state(), copied->runbook().allItems().at(2));
        QVERIFY2(copied->append(e, &error), qPrintable(error));
        QCOMPARE(e.seq, 3);
        QCOMPARE(e.prevHash, run->headHash());
        QCOMPARE(copied->pragma(QStringLiteral("journal_mode")), QStringLiteral("wal"));
    }

    void neverOverwrites()
    {
        const QString source = newPath(QStringLiteral("o-source.golive"));
        auto run = makeRun(source, 1);
        QVERIFY(run);
        const QString existing = newPath(QStringLiteral("taken.golive"));
        {
            QFile f(existing);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("someone's file");
        }
        QString error;
        QVERIFY(!RunFile::createCopy(existing, *run, &error));
        QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
        QCOMPARE(readAll(existing), QByteArray("someone's file"));

        // A dangling symbolic link is a name taken too: nothing is written through it.
        const QString link = newPath(QStringLiteral("link.golive"));
        const QString target = newPath(QStringLiteral("elsewhere.golive"));
        QVERIFY(QFile::link(target, link));
        QVERIFY(!RunFile::createCopy(link, *run, &error));
        QVERIFY(!QFileInfo::exists(target));

        QVERIFY(
            !RunFile::createCopy(newPath(QStringLiteral("no/such/folder.golive")), *run, &error));
        QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
        const QStringList left = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden);
        QVERIFY2(left.filter(QStringLiteral(".tmp")).isEmpty(),
                 qPrintable(left.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestRunFileCopy)
#include "tst_runfilecopy.moc"
