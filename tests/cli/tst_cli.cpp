// The command line, driven through the real golive binary in a throwaway HOME.
#include "Cli.h"
#include "CliHarness.h"
#include "CliProcess.h"
#include "RunFile.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <vector>

using namespace golive;

namespace {

using Result = golive::test::CliResult;

const QString kRunbook = QStringLiteral(GOLIVE_SEED_RUNBOOK);

void countItems(const QJsonArray& items, int* count, QJsonObject* found, const QString& id)
{
    for (const QJsonValue& v : items) {
        const QJsonObject o = v.toObject();
        ++*count;
        if (o.value(QStringLiteral("id")).toString() == id)
            *found = o;
        countItems(o.value(QStringLiteral("children")).toArray(), count, found, id);
    }
}

QJsonObject findItem(const QJsonObject& status, const QString& id)
{
    for (const QJsonValue& v : status.value(QStringLiteral("items")).toArray()) {
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    }
    return {};
}

} // namespace

class TstCli : public QObject
{
    Q_OBJECT

private:
    // Runs the golive binary with HOME and the XDG folders inside `home` (default: the
    // test's own), so nothing touches the user's data: for what only the process shows (exit
    // codes of the dispatch, the lock between processes, the head record of another HOME).
    Result golive(const QStringList& args, const QString& home = {}) const
    {
        return ::golive::test::runGolive(
            args, ::golive::test::cliEnvironment(home.isEmpty() ? m_home.path() : home));
    }

    // Runs the command in this process with buffered streams.
    Result cli(const QStringList& args) { return m_cli.run(args); }

    // Where a helper runs golive: in this process, or as the binary in m_home (for tests of
    // what only separate processes show: the lock, the head record of that HOME).
    enum class Via
    {
        InProcess,
        Process
    };
    Result invoke(const QStringList& args, Via via)
    {
        return via == Via::Process ? golive(args) : cli(args);
    }

    QString path(const QString& name) const { return m_work.filePath(name); }

    // A fresh run from the seed runbook.
    QString newRun(const QString& name, Via via = Via::InProcess)
    {
        const QString run = path(name);
        const Result r = invoke({QStringLiteral("new"), QStringLiteral("--runbook"), kRunbook,
                                 QStringLiteral("--out"), run},
                                via);
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return r.code == 0 ? run : QString();
    }

    Result sign(const QString& run, const QString& id, const QString& name,
                const QString& role = QStringLiteral("release-captain"), Via via = Via::InProcess)
    {
        return invoke({QStringLiteral("sign"), id, QStringLiteral("--as"), name,
                       QStringLiteral("--role"), role, QStringLiteral("--run"), run},
                      via);
    }

    QJsonObject statusJson(const QString& run, Via via = Via::InProcess)
    {
        const Result r = invoke(
            {QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run},
            via);
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    golive::test::CliHarness m_cli;

private slots:
    void initTestCase()
    {
        // In-process opens keep their record of heads seen in a test folder; golive itself
        // runs in m_home.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_home.isValid());
        QVERIFY(m_work.isValid());
        QVERIFY2(QFile::exists(QStringLiteral(GOLIVE_BINARY)), GOLIVE_BINARY);
    }

    // ---- lint

    void lintSeed()
    {
        const Result r = cli({QStringLiteral("lint"), kRunbook});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral(": ok: \"Summit Platform: Go-Live Runbook\""), r);
        EXPECT_IN(r.out, QStringLiteral("6 sections, 48 items"), r);
        QVERIFY2(!r.err.contains(QStringLiteral(": error:")), r.describe().constData());
    }

    void lintSeedJson()
    {
        const Result r = cli({QStringLiteral("lint"), QStringLiteral("--json"), kRunbook});
        EXPECT_EXIT(r, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, r.describe().constData());
        QCOMPARE(o.value(QStringLiteral("title")).toString(),
                 QStringLiteral("Summit Platform: Go-Live Runbook"));
        QCOMPARE(o.value(QStringLiteral("file")).toString(), kRunbook);
        QFile f(kRunbook);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(o.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(o.value(QStringLiteral("ok")).toBool(), true);
        QVERIFY(o.value(QStringLiteral("diagnostics")).isArray());

        const QJsonArray sections = o.value(QStringLiteral("sections")).toArray();
        QCOMPARE(sections.size(), 6);
        QCOMPARE(sections.at(0).toObject().value(QStringLiteral("number")).toString(),
                 QStringLiteral("0"));
        QCOMPARE(sections.at(0).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("Decision & Scope Lock"));
        int count = 0;
        QJsonObject item;
        for (const QJsonValue& s : sections)
            countItems(s.toObject().value(QStringLiteral("items")).toArray(), &count, &item,
                       QStringLiteral("4.6.1"));
        QCOMPARE(count, 48);
        QCOMPARE(o.value(QStringLiteral("itemCount")).toInt(), 48);
        QVERIFY2(!item.isEmpty(), "item 4.6.1 is missing");
        QCOMPARE(item.value(QStringLiteral("title")).toString(),
                 QStringLiteral("postgres migrations are applied."));
        QCOMPARE(item.value(QStringLiteral("checked")).toBool(true), false);
        QVERIFY(item.value(QStringLiteral("line")).toInt() > 0);

        bool ownerIsPlaceholder = false;
        for (const QJsonValue& v : o.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject field = v.toObject();
            if (field.value(QStringLiteral("key")).toString() == QStringLiteral("owner"))
                ownerIsPlaceholder = field.value(QStringLiteral("placeholder")).toBool();
        }
        QVERIFY(ownerIsPlaceholder);
    }

    void lintErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("create");
        QTest::newRow("empty") << QByteArray() << true;
        QTest::newRow("missing") << QByteArray() << false;
        QTest::newRow("no sections")
            << QByteArray("# A runbook\n\nJust words, no sections.\n") << true;
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01", 20)
                                << true;
    }

    void lintErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, create);
        const QString file = path(
            QStringLiteral("lint-%1.md")
                .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), u'-')));
        if (create) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const Result r = cli({QStringLiteral("lint"), file});
        EXPECT_EXIT(r, 1);
        const QRegularExpression located(
            QStringLiteral("^%1:\\d+:\\d+: error: \\S").arg(QRegularExpression::escape(file)),
            QRegularExpression::MultilineOption);
        QVERIFY2(located.match(r.err).hasMatch(), r.describe().constData());
        EXPECT_IN(r.err, QStringLiteral("golive cannot make a run from it"), r);
        QVERIFY2(r.out.isEmpty(), r.describe().constData());

        // The JSON form still reports, with the same diagnostics.
        const Result j = cli({QStringLiteral("lint"), QStringLiteral("--json"), file});
        EXPECT_EXIT(j, 1);
        const QJsonObject o = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY(!o.value(QStringLiteral("diagnostics")).toArray().isEmpty());

        // And no run is made from it.
        const QString run = file + QStringLiteral(".golive");
        const Result n = cli({QStringLiteral("new"), QStringLiteral("--runbook"), file,
                              QStringLiteral("--out"), run});
        EXPECT_EXIT(n, 1);
        EXPECT_IN(n.err, QStringLiteral("no run was created and nothing was written"), n);
        QVERIFY(!QFile::exists(run));
    }

    // ---- new, status, sign, verify

    void roundTrip()
    {
        const QString run = path(QStringLiteral("round-trip.golive"));
        Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), kRunbook,
                        QStringLiteral("--out"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("created run ") + run, r);
        EXPECT_IN(r.out, QStringLiteral("48 items; run id "), r);
        QVERIFY(QFile::exists(run));

        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("Summit Platform: Go-Live Runbook"), r);
        EXPECT_IN(r.out, QStringLiteral("summit-go-live-runbook.md"), r);
        EXPECT_IN(r.out, QStringLiteral("0/48 done"), r);
        EXPECT_IN(r.out, QStringLiteral("Fields (1 of "),
                  r); // only the version is not a placeholder
        QVERIFY2(
            QRegularExpression(QStringLiteral("ID\\s+STATUS\\s+SIGNED BY\\s+ROLE\\s+TIME\\s+TITLE"))
                .match(r.out)
                .hasMatch(),
            r.describe().constData());
        EXPECT_IN(r.out, QStringLiteral("Ledger: ledger intact: 0 events"), r);

        // 1.2's sub-items are open: it is signed over them, saying why.
        r = cli({QStringLiteral("sign"), QStringLiteral("1.2"), QStringLiteral("--as"),
                 QStringLiteral("Ana"), QStringLiteral("--role"), QStringLiteral("release-captain"),
                 QStringLiteral("--open-sub-items"), QStringLiteral("--note"),
                 QStringLiteral("drills logged in the DR binder"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        QVERIFY2(QRegularExpression(
                     QStringLiteral("^signed 1\\.2 \"Data Stores Ready & Backed Up\" as Ana "
                                    "\\(release-captain\\) at \\d{4}-\\d\\d-\\d\\d "
                                    "\\d\\d:\\d\\d:\\d\\d UTC; ledger head [0-9a-f]{12}…\n$"))
                     .match(r.out)
                     .hasMatch(),
                 r.describe().constData());

        r = cli({QStringLiteral("fill"), QStringLiteral("owner"), QStringLiteral("Ana Lopez"),
                 QStringLiteral("--as"), QStringLiteral("Ana"), QStringLiteral("--role"),
                 QStringLiteral("release-captain"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("filled owner \"Owner\" = \"Ana Lopez\" as Ana"), r);

        r = cli({QStringLiteral("block"), QStringLiteral("4.1"), QStringLiteral("--as"),
                 QStringLiteral("Raj"), QStringLiteral("--role"), QStringLiteral("engineer"),
                 QStringLiteral("--reason"), QStringLiteral("war room not staffed"),
                 QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);

        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("1/48 done"), r);
        QVERIFY2(
            QRegularExpression(QStringLiteral("\n  1\\.2\\s+Signed\\s+Ana\\s+release-captain\\s+"
                                              "\\d{4}-\\d\\d-\\d\\d [0-9:]{8} UTC\\s+Data "
                                              "Stores Ready & Backed Up\n"))
                .match(r.out)
                .hasMatch(),
            r.describe().constData());
        QVERIFY2(QRegularExpression(QStringLiteral("\n  4\\.1\\s+Blocked\\s+Raj\\s+engineer\\s"))
                     .match(r.out)
                     .hasMatch(),
                 r.describe().constData());
        QVERIFY2(QRegularExpression(QStringLiteral("owner\\s+Owner\\s+Ana Lopez\\s+filled"))
                     .match(r.out)
                     .hasMatch(),
                 r.describe().constData());
        EXPECT_IN(r.out, QStringLiteral("Ledger: ledger intact: 3 events"), r);

        r = cli({QStringLiteral("revoke"), QStringLiteral("1.2"), QStringLiteral("--as"),
                 QStringLiteral("Ana"), QStringLiteral("--role"), QStringLiteral("release-captain"),
                 QStringLiteral("--reason"), QStringLiteral("backup was of staging"),
                 QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("revoked 1.2 \"Data Stores Ready & Backed Up\" as Ana"), r);

        r = cli({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, run + QStringLiteral(": ledger intact: 4 events, head "), r);
        QVERIFY2(r.err.isEmpty(), r.describe().constData());
    }

    void signUnknownId()
    {
        const QString run = newRun(QStringLiteral("unknown-id.golive"));
        QVERIFY(!run.isEmpty());
        Result r = sign(run, QStringLiteral("9.9"), QStringLiteral("Ana"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("no item 9.9 in this runbook"), r);
        EXPECT_IN(r.err, run, r);
        EXPECT_IN(r.err, QStringLiteral("nothing was written"), r);
        EXPECT_IN(r.err, QStringLiteral("lists every item id"), r);

        r = sign(run, QStringLiteral("4.6.9"), QStringLiteral("Ana"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("hint: did you mean 4.6.1 or 4.6.2?"), r);

        r = cli({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("ledger intact: 0 events"), r);
    }

    void signUnknownRole()
    {
        const QString run = newRun(QStringLiteral("unknown-role.golive"));
        QVERIFY(!run.isEmpty());
        const Result r =
            sign(run, QStringLiteral("1.1"), QStringLiteral("Ana"), QStringLiteral("chief"));
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err,
                  QStringLiteral("unknown role 'chief'; roles are incident-commander, "
                                 "release-captain, engineer, observer"),
                  r);
        QVERIFY2(r.out.isEmpty(), r.describe().constData());
    }

    void signAsObserverIsRefused()
    {
        const QString run = newRun(QStringLiteral("observer.golive"));
        QVERIFY(!run.isEmpty());
        const Result r =
            sign(run, QStringLiteral("1.1"), QStringLiteral("Olga"), QStringLiteral("observer"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("observers are read-only"), r);
        EXPECT_IN(r.err, QStringLiteral("nothing was written"), r);
    }

    void signTwice()
    {
        const QString run = newRun(QStringLiteral("twice.golive"));
        QVERIFY(!run.isEmpty());
        Result r = sign(run, QStringLiteral("1.1"), QStringLiteral("Ana"));
        EXPECT_EXIT(r, 0);
        r = sign(run, QStringLiteral("1.1"), QStringLiteral("Bob"), QStringLiteral("engineer"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("1.1 \"Infrastructure Stand-up Complete\" is already signed by "
                                 "Ana (release-captain) at "),
                  r);
        EXPECT_IN(r.err, QStringLiteral("nothing was written"), r);
        const QJsonObject item = findItem(statusJson(run), QStringLiteral("1.1"));
        QCOMPARE(item.value(QStringLiteral("by")).toString(), QStringLiteral("Ana"));
    }

    void statusJsonShowsSigner()
    {
        const QString run = newRun(QStringLiteral("json.golive"));
        QVERIFY(!run.isEmpty());
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const Result r =
            cli({QStringLiteral("sign"), QStringLiteral("2.1.1"), QStringLiteral("--as"),
                 QStringLiteral("Ana"), QStringLiteral("--role"),
                 QStringLiteral("incident-commander"), QStringLiteral("--note"),
                 QStringLiteral("traces seen in Tempo"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        const QJsonObject status = statusJson(run);
        QCOMPARE(status.value(QStringLiteral("file")).toString(), run);
        QVERIFY(!status.value(QStringLiteral("runId")).toString().isEmpty());
        QCOMPARE(status.value(QStringLiteral("progress"))
                     .toObject()
                     .value(QStringLiteral("done"))
                     .toInt(),
                 1);
        QCOMPARE(status.value(QStringLiteral("items")).toArray().size(), 48);
        const QJsonObject item = findItem(status, QStringLiteral("2.1.1"));
        QCOMPARE(item.value(QStringLiteral("status")).toString(), QStringLiteral("signed"));
        QCOMPARE(item.value(QStringLiteral("by")).toString(), QStringLiteral("Ana"));
        QCOMPARE(item.value(QStringLiteral("role")).toString(),
                 QStringLiteral("incident-commander"));
        QCOMPARE(item.value(QStringLiteral("note")).toString(),
                 QStringLiteral("traces seen in Tempo"));
        QCOMPARE(item.value(QStringLiteral("parent")).toString(), QStringLiteral("2.1"));
        const QDateTime at =
            QDateTime::fromString(item.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        QVERIFY2(at.isValid(), qPrintable(item.value(QStringLiteral("time")).toString()));
        QVERIFY(at >= before && at <= QDateTime::currentDateTimeUtc());
        const QJsonObject open = findItem(status, QStringLiteral("2.1.2"));
        QCOMPARE(open.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QVERIFY(open.value(QStringLiteral("by")).isNull());

        const QJsonObject v = status.value(QStringLiteral("verification")).toObject();
        QCOMPARE(v.value(QStringLiteral("intact")).toBool(), true);
        QCOMPARE(v.value(QStringLiteral("eventCount")).toInt(), 1);
        QCOMPARE(status.value(QStringLiteral("events")).toArray().size(), 1);
    }

    void verifyTampered()
    {
        const QString run = newRun(QStringLiteral("tampered.golive"));
        QVERIFY(!run.isEmpty());
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Ana")), 0);
        EXPECT_EXIT(sign(run, QStringLiteral("1.4"), QStringLiteral("Bob")), 0);

        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(run);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral("DROP TRIGGER events_append_only_update")),
                     qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("UPDATE events SET actor = 'Mallory' WHERE seq = 2")),
                     qPrintable(q.lastError().text()));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));

        Result r = cli({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        const QString words = QStringLiteral("event #2 (signed 1.4 by Mallory at ");
        EXPECT_IN(r.out, words, r);
        EXPECT_IN(r.out, QStringLiteral("): its contents were changed after it was written"), r);
        EXPECT_IN(r.err, run, r);
        EXPECT_IN(r.err, words, r);

        // A broken ledger refuses new sign-offs, in the ledger's words.
        r = sign(run, QStringLiteral("1.3"), QStringLiteral("Ana"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("the ledger is broken at event #2"), r);
        EXPECT_IN(r.err, QStringLiteral("in the window: Run > Acknowledge ledger break"), r);
        EXPECT_IN(r.err, QStringLiteral("Nothing was recorded"), r);

        // Status still shows the run, and the break.
        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("Ledger: ledger broken at event #2"), r);

        // Once acknowledged, verify still fails, and says who acknowledged it.
        {
            QString error;
            auto file = RunFile::open(run, RunFile::Access::ReadWrite, &error);
            QVERIFY2(file, qPrintable(error));
            SignOffEvent ack;
            ack.kind = EventKind::ChainBreakAcknowledged;
            ack.text = QStringLiteral("event #2 was edited by a test");
            ack.fieldKey = file->verification().acknowledgementKey();
            ack.actor = Actor::local(QStringLiteral("Ines"), Role::IncidentCommander);
            QVERIFY2(file->append(ack, &error), qPrintable(error));
        }
        r = cli({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.out, words, r);
        EXPECT_IN(r.out, QStringLiteral("acknowledged by Ines (incident-commander) at "), r);
    }

    void newRefusesToOverwrite()
    {
        const QString run = path(QStringLiteral("precious.golive"));
        {
            QFile f(run);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("precious");
        }
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), kRunbook,
                              QStringLiteral("--out"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, run + QStringLiteral(" exists; golive never overwrites a run"), r);
        EXPECT_IN(r.err, QStringLiteral("nothing was written"), r);
        QFile f(run);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("precious"));
    }

    void newWarnsAboutExtension()
    {
        const QString run = path(QStringLiteral("run.sqlite"));
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), kRunbook,
                              QStringLiteral("--out"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.err, QStringLiteral("does not end in .golive"), r);
        QVERIFY(QFile::exists(run));
    }

    void newNeedsOut()
    {
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), kRunbook});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("--out FILE"), r);
    }

    void defaultRunIsCreated()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString expected =
            home.path() + QStringLiteral("/data/golive/golive/summit-go-live.golive");
        Result r = golive({QStringLiteral("status")}, home.path());
        EXPECT_EXIT(r, 0);
        QVERIFY2(QFile::exists(expected), r.describe().constData());
        EXPECT_IN(r.err, QStringLiteral("created the default run ") + expected, r);
        EXPECT_IN(r.out, expected, r);

        r = golive({QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
                    QStringLiteral("Ana"), QStringLiteral("--role"),
                    QStringLiteral("release-captain")},
                   home.path());
        EXPECT_EXIT(r, 0);
        QVERIFY2(!r.err.contains(QStringLiteral("created")), r.describe().constData());

        r = golive({QStringLiteral("verify")}, home.path());
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, expected + QStringLiteral(": ledger intact: 1 event,"), r);
    }

    void statusWhileAnotherGoliveWrites()
    {
        const QString run = newRun(QStringLiteral("locked.golive"), Via::Process);
        QVERIFY(!run.isEmpty());
        QString error;
        auto holder = RunFile::open(run, RunFile::Access::ReadWrite, &error);
        QVERIFY2(holder, qPrintable(error));
        QVERIFY(!holder->isReadOnly());

        Result r = golive({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("0/48 done"), r);

        r = golive({QStringLiteral("sign"), QStringLiteral("1.1"), QStringLiteral("--as"),
                    QStringLiteral("Ana"), QStringLiteral("--role"), QStringLiteral("engineer"),
                    QStringLiteral("--wait"), QStringLiteral("1"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is open in another golive"), r);
        EXPECT_IN(r.err, QStringLiteral("waited 1 s for it to close. Close it there and try again"),
                  r);
        EXPECT_IN(r.err, run, r);
        // A writer is not told to open it read-only: that would not sign anything.
        QVERIFY2(!r.err.contains(QStringLiteral("read-only")), r.describe().constData());
    }

    // The run file put back to an older copy of itself: its own chain is intact, but this
    // computer saw more, so verify exits 1 naming the head last seen and when, status says so,
    // and nothing more is signed over it.
    void runThatWentBackIsNotIntact()
    {
        const QString run = newRun(QStringLiteral("backwards.golive"), Via::Process);
        QVERIFY(!run.isEmpty());
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Ana"),
                         QStringLiteral("release-captain"), Via::Process),
                    0);
        const QString copy = path(QStringLiteral("backwards-copy.golive"));
        QVERIFY(QFile::copy(run, copy));
        EXPECT_EXIT(sign(run, QStringLiteral("1.3"), QStringLiteral("Ana"),
                         QStringLiteral("release-captain"), Via::Process),
                    0);
        EXPECT_EXIT(sign(run, QStringLiteral("1.4"), QStringLiteral("Ana"),
                         QStringLiteral("release-captain"), Via::Process),
                    0);
        Result r = golive({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        const QRegularExpressionMatch head =
            QRegularExpression(QStringLiteral("\nhead ([0-9a-f]{64})\n")).match(r.out);
        QVERIFY2(head.hasMatch(), r.describe().constData());
        // When this computer saw it: the record in this HOME's data folder.
        const QString runId =
            statusJson(run, Via::Process).value(QStringLiteral("runId")).toString();
        QVERIFY(!runId.isEmpty());
        QFile record(
            m_home.path() + QStringLiteral("/data/golive/golive/seen-heads/") +
            QString::fromLatin1(
                QCryptographicHash::hash(runId.toUtf8(), QCryptographicHash::Sha256).toHex()) +
            QStringLiteral(".json"));
        QVERIFY2(record.open(QIODevice::ReadOnly), qPrintable(record.fileName()));
        const QJsonObject seen = QJsonDocument::fromJson(record.readAll()).object();
        QCOMPARE(seen.value(QStringLiteral("head")).toString(), head.captured(1));
        QCOMPARE(seen.value(QStringLiteral("events")).toInt(), 3);
        const QString when =
            QDateTime::fromString(seen.value(QStringLiteral("seen")).toString(), Qt::ISODateWithMs)
                .toUTC()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));

        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(run + suffix);
        QVERIFY(QFile::copy(copy, run));

        const QString expected = QStringLiteral("the run went backwards: this computer saw it "
                                                "with 3 events, head %1, at %2 UTC")
                                     .arg(head.captured(1), when);
        r = golive({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.out, QStringLiteral(": ledger not intact: ") + expected, r);
        EXPECT_IN(r.err, QStringLiteral("the file holds only 1 now"), r);
        EXPECT_IN(r.err, QStringLiteral("; nothing was changed"), r);

        r = golive({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("Ledger: ledger not intact: ") + expected, r);

        r = sign(run, QStringLiteral("2.1.1"), QStringLiteral("Ana"),
                 QStringLiteral("release-captain"), Via::Process);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("acknowledge it first"), r);
        // The older copy was not changed by any of this.
        r = golive(
            {QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .object()
                     .value(QStringLiteral("events"))
                     .toArray()
                     .size(),
                 1);
    }

    // A lock left empty by a golive killed while taking it does not lock the run forever.
    void emptyLockLeftBehindIsTakenOver()
    {
        const QString run = newRun(QStringLiteral("empty-lock.golive"), Via::Process);
        QVERIFY(!run.isEmpty());
        QFile lock(run + QStringLiteral(".lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        QVERIFY(lock.setFileTime(QDateTime::currentDateTime().addSecs(-300),
                                 QFileDevice::FileModificationTime));
        lock.close();
        const Result r = sign(run, QStringLiteral("0.1"), QStringLiteral("Ana"),
                              QStringLiteral("release-captain"), Via::Process);
        EXPECT_EXIT(r, 0);
        QVERIFY(!QFileInfo::exists(run + QStringLiteral(".lock")));
    }

    // The record of heads seen cannot be written: signing goes on, and says so.
    void unwritableHeadRecordOnlyWarns()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QVERIFY(QDir().mkpath(home.path() + QStringLiteral("/data/golive/golive")));
        {
            QFile blocker(home.path() + QStringLiteral("/data/golive/golive/seen-heads"));
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        const QString run = path(QStringLiteral("no-record.golive"));
        Result r = golive({QStringLiteral("new"), QStringLiteral("--runbook"), kRunbook,
                           QStringLiteral("--out"), run},
                          home.path());
        EXPECT_EXIT(r, 0);
        r = golive({QStringLiteral("sign"), QStringLiteral("0.1"), QStringLiteral("--as"),
                    QStringLiteral("Ana"), QStringLiteral("--role"),
                    QStringLiteral("release-captain"), QStringLiteral("--run"), run},
                   home.path());
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("signed 0.1 "), r);
        EXPECT_IN(r.err, QStringLiteral("warning: could not record the head seen of run"), r);
        EXPECT_IN(r.err, QStringLiteral("(the run itself is unaffected)"), r);
    }

    void writerWaitsForTheLock()
    {
        const QString run = newRun(QStringLiteral("wait.golive"), Via::Process);
        QVERIFY(!run.isEmpty());
        QString error;
        auto holder = RunFile::open(run, RunFile::Access::ReadWrite, &error);
        QVERIFY2(holder, qPrintable(error));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GOLIVE_BINARY),
                {QStringLiteral("sign"), QStringLiteral("1.1"), QStringLiteral("--as"),
                 QStringLiteral("Ana"), QStringLiteral("--role"), QStringLiteral("engineer"),
                 QStringLiteral("--run"), run}); // the default wait: 10 s
        QVERIFY(p.waitForStarted(30000));
        QTest::qWait(1000);
        QCOMPARE(p.state(), QProcess::Running); // still waiting for the lock
        holder.reset();                         // the other golive closes the run
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(out + err));
        QVERIFY2(out.startsWith(QStringLiteral("signed 1.1 ")), qPrintable(out + err));
    }

    void fillEmptyClears()
    {
        const QString run = newRun(QStringLiteral("clear.golive"));
        QVERIFY(!run.isEmpty());
        const auto fill = [&](const QString& value) {
            return cli({QStringLiteral("fill"), QStringLiteral("owner"), value,
                        QStringLiteral("--as"), QStringLiteral("Ana"), QStringLiteral("--role"),
                        QStringLiteral("release-captain"), QStringLiteral("--run"), run});
        };
        Result r = fill(QStringLiteral("Ana Lopez"));
        EXPECT_EXIT(r, 0);
        r = fill(QString());
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("cleared owner \"Owner\" as Ana"), r);
        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("owner\\s+Owner\\s+.*unfilled"))
                     .match(r.out)
                     .hasMatch(),
                 r.describe().constData());
    }

    void signingABlockedItemIsRefused()
    {
        const QString run = newRun(QStringLiteral("blocked.golive"));
        QVERIFY(!run.isEmpty());
        Result r = cli({QStringLiteral("block"), QStringLiteral("4.1"), QStringLiteral("--as"),
                        QStringLiteral("Bo"), QStringLiteral("--role"), QStringLiteral("engineer"),
                        QStringLiteral("--reason"), QStringLiteral("war room not staffed"),
                        QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        r = sign(run, QStringLiteral("4.1"), QStringLiteral("Ana"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("is blocked by Bo (engineer): \"war room not staffed\"; revoke "
                                 "the block first"),
                  r);
    }

    // A parent over open sub-items: refused without --open-sub-items and a reason (with a hint);
    // with them, the sign-off's text names the open sub-items and keeps the reason.
    void signingOverOpenSubItemsNeedsTheOptionAndAReason()
    {
        const QString run = newRun(QStringLiteral("subitems.golive"));
        QVERIFY(!run.isEmpty());
        Result r = sign(run, QStringLiteral("3.2"), QStringLiteral("Ana"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("has 4 sub-items open: 3.2.1, 3.2.2, 3.2.3, 3.2.4"), r);
        EXPECT_IN(r.err, QStringLiteral("--open-sub-items --note REASON"), r);
        // A note alone does not name them: still refused.
        const QStringList base{QStringLiteral("sign"),   QStringLiteral("3.2"),
                               QStringLiteral("--as"),   QStringLiteral("Ana"),
                               QStringLiteral("--role"), QStringLiteral("release-captain"),
                               QStringLiteral("--run"),  run};
        r = cli(base + QStringList{QStringLiteral("--note"), QStringLiteral("vendor ran scans")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("does not name 3.2.1, 3.2.2, 3.2.3, 3.2.4"), r);
        // The option without a reason is a usage error.
        r = cli(base + QStringList{QStringLiteral("--open-sub-items")});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("--open-sub-items needs the reason"), r);
        r = cli(base + QStringList{QStringLiteral("--open-sub-items"), QStringLiteral("--note"),
                                   QStringLiteral("vendor ran scans")});
        EXPECT_EXIT(r, 0);
        const QJsonObject item = findItem(statusJson(run), QStringLiteral("3.2"));
        QCOMPARE(item.value(QStringLiteral("note")).toString(),
                 QStringLiteral("Signed over open sub-items 3.2.1, 3.2.2, 3.2.3, 3.2.4: "
                                "vendor ran scans"));
    }

    void verifyExpectHead()
    {
        const QString run = newRun(QStringLiteral("head.golive"), Via::Process);
        QVERIFY(!run.isEmpty());
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Ana"),
                         QStringLiteral("release-captain"), Via::Process),
                    0);
        EXPECT_EXIT(sign(run, QStringLiteral("1.4"), QStringLiteral("Ana"),
                         QStringLiteral("release-captain"), Via::Process),
                    0);
        QString head;
        {
            QString error;
            auto file = RunFile::open(run, RunFile::Access::ReadOnly, &error);
            QVERIFY2(file, qPrintable(error));
            head = QString::fromLatin1(file->events().at(1).hash);
        }
        Result r = golive({QStringLiteral("verify"), QStringLiteral("--expect-head"), head,
                           QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        r = golive({QStringLiteral("verify"), QStringLiteral("--expect-head"), head.left(12),
                    QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);

        // The newest event deleted (triggers out of the way): the chain alone cannot tell.
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("trim"));
            db.setDatabaseName(run);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER events_append_only_delete")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM events WHERE seq = 2")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("trim"));
        // On a computer that never saw the run, the chain alone cannot tell...
        QTemporaryDir elsewhere;
        QVERIFY(elsewhere.isValid());
        r = golive({QStringLiteral("verify"), QStringLiteral("--run"), run}, elsewhere.path());
        EXPECT_EXIT(r, 0);
        // ... but a head kept elsewhere does,
        r = golive({QStringLiteral("verify"), QStringLiteral("--expect-head"), head,
                    QStringLiteral("--run"), run},
                   elsewhere.path());
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral(" after 1 event, not the expected ") + head, r);
        // and so does this computer's record of the head it saw.
        r = golive({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.out, QStringLiteral("this computer saw it with 2 events, head ") + head, r);
        r = golive({QStringLiteral("verify"), QStringLiteral("--expect-head"), head,
                    QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral(" after 1 event, not the expected ") + head, r);
        r = golive({QStringLiteral("verify"), QStringLiteral("--expect-head"),
                    QStringLiteral("xyz"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 2);
    }

    void missingRun()
    {
        const QString run = path(QStringLiteral("no-such.golive"));
        const Result r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, run, r);
        QVERIFY(!QFile::exists(run));
    }

    // ---- usage

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")}
            << QStringLiteral("golive: unknown command 'frobnicate'; commands are lint, new, ");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("lint"), QStringLiteral("--bogus"), kRunbook}
            << QStringLiteral("golive lint: Unknown option 'bogus'.");
        QTest::newRow("lint without file") << QStringList{QStringLiteral("lint")}
                                           << QStringLiteral("golive lint: missing arguments");
        QTest::newRow("sign without id")
            << QStringList{QStringLiteral("sign"), QStringLiteral("--as"), QStringLiteral("Ana"),
                           QStringLiteral("--role"), QStringLiteral("engineer")}
            << QStringLiteral("Usage: golive sign ID --as NAME --role ROLE");
        QTest::newRow("sign without name")
            << QStringList{QStringLiteral("sign"), QStringLiteral("1.1"), QStringLiteral("--role"),
                           QStringLiteral("engineer")}
            << QStringLiteral("say who you are with --as NAME; nothing was written");
        QTest::newRow("revoke without reason")
            << QStringList{QStringLiteral("revoke"), QStringLiteral("1.1"),
                           QStringLiteral("--as"),   QStringLiteral("Ana"),
                           QStringLiteral("--role"), QStringLiteral("engineer")}
            << QStringLiteral("give --reason TEXT");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        const Result r = golive(args);
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, words, r);
    }

    void topLevelHelp_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::newRow("--help") << QStringLiteral("--help");
        QTest::newRow("-h") << QStringLiteral("-h");
        QTest::newRow("help") << QStringLiteral("help");
    }

    void topLevelHelp()
    {
        QFETCH(QString, flag);
        const Result r = golive({flag});
        EXPECT_EXIT(r, 0);
        for (const char* word : {"--run FILE", "--demo", "--dashboard FILE", "--version"})
            EXPECT_IN(r.out, QLatin1String(word), r);
        for (const char* command :
             {"lint", "new", "status", "sign", "revoke", "na", "block", "note", "fill", "verify"})
            EXPECT_IN(r.out, QStringLiteral("\n  %1 ").arg(QLatin1String(command)), r);
        EXPECT_IN(r.out, QStringLiteral("Exit codes: 0 ok, 1"), r);
    }

    // Without a subcommand the window starts: runCommandLine() must leave those alone.
    void windowArgumentsAreNotCommands_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("none") << QStringList{};
        QTest::newRow("--run") << QStringList{QStringLiteral("--run"), QStringLiteral("a.golive")};
        QTest::newRow("--run named like a command")
            << QStringList{QStringLiteral("--run"), QStringLiteral("status")};
        QTest::newRow("--demo") << QStringList{QStringLiteral("--demo")};
        QTest::newRow("--dashboard") << QStringList{
            QStringLiteral("--dashboard"), QStringLiteral("verify"), QStringLiteral("--demo")};
        QTest::newRow("qt options")
            << QStringList{QStringLiteral("-platform"), QStringLiteral("offscreen"),
                           QStringLiteral("-style"), QStringLiteral("lint")};
    }

    void windowArgumentsAreNotCommands()
    {
        QFETCH(QStringList, args);
        args.prepend(QStringLiteral("golive"));
        std::vector<QByteArray> bytes;
        for (const QString& a : args)
            bytes.push_back(a.toLocal8Bit());
        std::vector<char*> argv;
        for (QByteArray& b : bytes)
            argv.push_back(b.data());
        argv.push_back(nullptr);
        QCOMPARE(golive::runCommandLine(static_cast<int>(bytes.size()), argv.data()), -1);
    }

    void version()
    {
        const Result r = golive({QStringLiteral("--version")});
        EXPECT_EXIT(r, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^golive \\d+\\.\\d+\\.\\d+\n$"))
                     .match(r.out)
                     .hasMatch(),
                 r.describe().constData());
    }

    void commandHelp_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("options");
        const auto list = [](std::initializer_list<const char*> words) {
            QStringList l;
            for (const char* w : words)
                l.append(QLatin1String(w));
            return l;
        };
        QTest::newRow("lint") << QStringLiteral("lint") << list({"--json", "RUNBOOK"});
        QTest::newRow("new") << QStringLiteral("new")
                             << list({"--runbook <RUNBOOK>", "--out <RUN>"});
        QTest::newRow("status") << QStringLiteral("status") << list({"--run <RUN>", "--json"});
        QTest::newRow("sign") << QStringLiteral("sign")
                              << list({"--as <NAME>", "--role <ROLE>", "--note <NOTE>",
                                       "--run <RUN>", "incident-commander, release-captain"});
        QTest::newRow("revoke") << QStringLiteral("revoke")
                                << list({"--as <NAME>", "--role <ROLE>", "--reason <REASON>"});
        QTest::newRow("na") << QStringLiteral("na") << list({"--reason <REASON>", "--run <RUN>"});
        QTest::newRow("block") << QStringLiteral("block")
                               << list({"--reason <REASON>", "--run <RUN>"});
        QTest::newRow("note") << QStringLiteral("note") << list({"--text <TEXT>", "--as <NAME>"});
        QTest::newRow("fill") << QStringLiteral("fill")
                              << list({"FIELD", "VALUE", "--as <NAME>", "--role <ROLE>"});
        QTest::newRow("verify") << QStringLiteral("verify") << list({"--run <RUN>", "--json"});
    }

    void commandHelp()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, options);
        for (const QStringList& args : {QStringList{command, QStringLiteral("--help")},
                                        QStringList{QStringLiteral("help"), command}}) {
            const Result r = cli(args);
            EXPECT_EXIT(r, 0);
            QVERIFY2(
                r.out.startsWith(QStringLiteral("Usage: golive ") + command + QLatin1Char(' ')),
                r.describe().constData());
            EXPECT_IN(r.out, QStringLiteral("-h, --help"), r);
            for (const QString& option : options)
                EXPECT_IN(r.out, option, r);
        }
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
