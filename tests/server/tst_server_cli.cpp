// The command line on server runs, through the real golive binary against the real PostgreSQL
// fixture (GOLIVE_POSTGRES_FIXTURE): server init, runs, new, a missing run, a database without
// the schema, 4 writers x 250 events, the GO race, publish and copy, a killed server, and no
// password ever shown. Every case uses databases and run names of its own.
#include "CliProcess.h"
#include "RunLedger.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace golive;
using golive::test::CliResult;

namespace {

const QString kDb = QStringLiteral("golive_cli_h14b");
const QString kEmptyDb = QStringLiteral("golive_cli_h14b_noschema");
const QString kInitDb = QStringLiteral("golive_cli_h14b_init");
const QString kPasswordDb = QStringLiteral("golive_cli_password");

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

// "head HASH" as `golive verify` prints it.
QString headIn(const QString& out)
{
    static const QRegularExpression head(QStringLiteral("^head ([0-9a-f]{64})$"),
                                         QRegularExpression::MultilineOption);
    return head.match(out).captured(1);
}

} // namespace

class TstServerCli : public QObject
{
    Q_OBJECT

private:
    QString m_fixture;
    QString m_port;
    QString m_password;
    QTemporaryDir m_home;
    QTemporaryDir m_work;

    QString host() const { return QStringLiteral("127.0.0.1:") + m_port; }
    QString uri(const QString& db, const QString& run = QString()) const
    {
        QString u = QStringLiteral("postgresql://golive_admin@%1/%2").arg(host(), db);
        if (!run.isEmpty())
            u += QStringLiteral("?run=") + run;
        return u;
    }
    QString uri(const QString& db, const char* run) const
    {
        return uri(db, QString::fromLatin1(run));
    }
    QProcessEnvironment env() const
    {
        QProcessEnvironment e = golive::test::cliEnvironment(m_home.path());
        e.insert(QStringLiteral("PGPASSFILE"), m_fixture + QStringLiteral("/pgpass"));
        return e;
    }
    CliResult golive(const QStringList& args) const { return golive::test::runGolive(args, env()); }
    bool pgctl(const QString& verb) const
    {
        return QProcess::execute(m_fixture + QStringLiteral("/pgctl"), {verb}) == 0;
    }

    // An admin connection of the test's own to `db`.
    QSqlDatabase admin(const QString& db) const
    {
        const QString name = QStringLiteral("admin-") + db;
        QSqlDatabase d = QSqlDatabase::contains(name)
                             ? QSqlDatabase::database(name, false)
                             : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        d.setHostName(QStringLiteral("127.0.0.1"));
        d.setPort(m_port.toInt());
        d.setUserName(QStringLiteral("golive_admin"));
        d.setPassword(m_password);
        d.setDatabaseName(db);
        if (!d.isOpen() && !d.open())
            qWarning().noquote() << "admin connection to" << db << d.lastError().text();
        return d;
    }
    void freshDatabase(const QString& db) const
    {
        QSqlDatabase d = admin(QStringLiteral("golive"));
        QSqlQuery q(d);
        QVERIFY2(q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db)),
                 qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral("CREATE DATABASE %1").arg(db)),
                 qPrintable(q.lastError().text()));
    }
    // What `golive server init` may change: every relation and trigger of the database, with
    // the transaction that last wrote its catalogue row.
    QString catalogue(const QString& db) const
    {
        QSqlQuery q(admin(db));
        if (!q.exec(QStringLiteral(
                "SELECT string_agg(name, ',' ORDER BY name) FROM ("
                " SELECT c.relname || ':' || c.xmin::text AS name FROM pg_class c"
                "  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
                " UNION ALL SELECT t.tgname || ':' || t.xmin::text FROM pg_trigger t"
                "  WHERE NOT t.tgisinternal) AS x")) ||
            !q.next())
            return QStringLiteral("(catalogue not read: %1)").arg(q.lastError().text());
        return q.value(0).toString();
    }
    QString newRun(const QString& run)
    {
        const CliResult r = golive({QStringLiteral("new"), QStringLiteral("--out"), uri(kDb, run)});
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return r.code == 0 ? uri(kDb, run) : QString();
    }
    CliResult act(const QString& run, const QString& command, const QStringList& positional,
                  const QString& name, const QString& role) const
    {
        return golive(QStringList{command} + positional +
                      QStringList{QStringLiteral("--as"), name, QStringLiteral("--role"), role,
                                  QStringLiteral("--run"), run});
    }

private slots:
    void initTestCase()
    {
        m_fixture = qEnvironmentVariable("GOLIVE_POSTGRES_FIXTURE");
        if (m_fixture.isEmpty())
            QFAIL("run through CTest: GOLIVE_POSTGRES_FIXTURE names the PostgreSQL fixture");
        m_port = readText(m_fixture + QStringLiteral("/port"));
        m_password = readText(m_fixture + QStringLiteral("/admin-password"));
        QVERIFY(!m_port.isEmpty() && !m_password.isEmpty());
        // The runs this process opens itself find the admin's password where golive does.
        qputenv("PGPASSFILE", QFile::encodeName(m_fixture + QStringLiteral("/pgpass")));
        QVERIFY(m_home.isValid() && m_work.isValid());
        freshDatabase(kDb);
        freshDatabase(kEmptyDb);
        freshDatabase(kInitDb);
        const CliResult r = golive({QStringLiteral("server"), QStringLiteral("init"), uri(kDb)});
        EXPECT_EXIT(r, 0);
    }

    // Each command of server runs explains itself, and --run and --out say they take a URI.
    void helpOfServerCommands()
    {
        const QList<QStringList> expected{
            {QStringLiteral("server"), QStringLiteral("init"), QStringLiteral("URI")},
            {QStringLiteral("runs"), QStringLiteral("URI"), QStringLiteral("--json")},
            {QStringLiteral("publish"), QStringLiteral("FILE"), QStringLiteral("--to <URI>")},
            {QStringLiteral("copy"), QStringLiteral("--run <RUN>"), QStringLiteral("--out <FILE>")},
            {QStringLiteral("login"),
             QStringLiteral("golive login postgresql://USER@HOST:PORT/DB")},
            {QStringLiteral("new"), QStringLiteral("--out <RUN>"),
             QStringLiteral("postgresql://USER@HOST:PORT/DB?run=NAME")},
            {QStringLiteral("sign"), QStringLiteral("--run <RUN>"),
             QStringLiteral("postgresql://USER@HOST:PORT/DB?run=NAME")},
        };
        for (const QStringList& words : expected) {
            const CliResult r = golive({words.constFirst(), QStringLiteral("--help")});
            EXPECT_EXIT(r, 0);
            for (const QString& word : words)
                EXPECT_IN(r.out, word, r);
        }
        const CliResult top = golive({QStringLiteral("--help")});
        EXPECT_EXIT(top, 0);
        EXPECT_IN(top.out, QStringLiteral("--run 'postgresql://USER@HOST:PORT/DB?run=NAME'"), top);
        for (const char* command : {"server", "runs", "publish", "copy"})
            EXPECT_IN(top.out, QStringLiteral("\n  %1 ").arg(QLatin1String(command)), top);
    }

    // init makes the schema once; a second init says so and changes nothing at all.
    void serverInitTwice()
    {
        CliResult r = golive({QStringLiteral("server"), QStringLiteral("init"), uri(kInitDb)});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("schema, version \\d+"))),
                 r.describe().constData());
        const QString before = catalogue(kInitDb);
        QVERIFY2(before.contains(QStringLiteral("golive_events")), qPrintable(before));
        r = golive({QStringLiteral("server"), QStringLiteral("init"), uri(kInitDb)});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("already"), r);
        QCOMPARE(catalogue(kInitDb), before);
        r = golive({QStringLiteral("server"), QStringLiteral("start"), uri(kInitDb)});
        EXPECT_EXIT(r, 2);
    }

    // new on a server, then runs lists it (table and JSON), a second new of the name is refused.
    void newThenRuns()
    {
        CliResult r = golive({QStringLiteral("new"), QStringLiteral("--out"), uri(kDb, "alpha")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("created run ") + uri(kDb, "alpha"), r);
        QVERIFY2(!r.err.contains(QStringLiteral(".golive")), r.describe().constData());
        // A suggested command is one a shell runs: the URI's '?' quoted.
        r = act(uri(kDb, "alpha"), QStringLiteral("sign"), {QStringLiteral("9.99")},
                QStringLiteral("Eli"), QStringLiteral("engineer"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("'golive status --run '") + uri(kDb, "alpha") +
                      QStringLiteral("'' lists every item id"),
                  r);
        EXPECT_EXIT(act(uri(kDb, "alpha"), QStringLiteral("sign"), {QStringLiteral("4.1")},
                        QStringLiteral("Eli"), QStringLiteral("engineer")),
                    0);

        r = golive({QStringLiteral("new"), QStringLiteral("--out"), uri(kDb, "alpha")});
        EXPECT_EXIT(r, 1);

        r = golive({QStringLiteral("runs"), uri(kDb)});
        EXPECT_EXIT(r, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        qsizetype alphaLine = -1;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).trimmed().startsWith(QLatin1String("alpha ")))
                alphaLine = i;
        }
        QVERIFY2(alphaLine >= 0, r.describe().constData());
        EXPECT_IN(lines.at(alphaLine), QStringLiteral("Preparing"), r);
        EXPECT_IN(lines.at(alphaLine), QStringLiteral("1/"), r);
        EXPECT_IN(lines.at(alphaLine), QStringLiteral("#1 at "), r);

        r = golive({QStringLiteral("runs"), QStringLiteral("--json"), uri(kDb)});
        EXPECT_EXIT(r, 0);
        const QJsonArray runs =
            QJsonDocument::fromJson(r.rawOut).object().value(QStringLiteral("runs")).toArray();
        QJsonObject alpha;
        for (const QJsonValue& v : runs) {
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("alpha"))
                alpha = v.toObject();
        }
        QCOMPARE(alpha.value(QStringLiteral("events")).toInt(), 1);
        QCOMPARE(alpha.value(QStringLiteral("progress"))
                     .toObject()
                     .value(QStringLiteral("done"))
                     .toInt(),
                 1);
        QVERIFY(!alpha.value(QStringLiteral("title")).toString().isEmpty());
        QCOMPARE(alpha.value(QStringLiteral("uri")).toString(), uri(kDb, "alpha"));
    }

    // A server URI is never judged as a path: a file that happens to sit where the URI would
    // lead as a relative path does not stop new, and is left alone.
    void aServerUriIsNoPath()
    {
        const QString target = uri(kDb, "delta");
        QDir cwd(m_work.path());
        const QString lookalike = cwd.filePath(QDir::cleanPath(target));
        QVERIFY(cwd.mkpath(QFileInfo(lookalike).path()));
        {
            QFile f(lookalike);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a run");
        }
        QProcess p;
        p.setProcessEnvironment(env());
        p.setWorkingDirectory(cwd.path());
        p.start(QStringLiteral(GOLIVE_BINARY),
                {QStringLiteral("new"), QStringLiteral("--out"), target});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(QFileInfo(lookalike).size() == 9);
        const CliResult r = golive({QStringLiteral("runs"), uri(kDb)});
        EXPECT_IN(r.out, QStringLiteral("  delta "), r);
    }

    // A runbook's title is data: listed with its controls shown, never sent to the terminal.
    void runsListingIsTerminalSafe()
    {
        const QString runbook = m_work.filePath(QStringLiteral("evil.md"));
        {
            QFile f(runbook);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("# Evil \x1b[31mred\x1b[0m title\n\n## Tab\n\n- [ ] **1.1** Do it\n");
        }
        EXPECT_EXIT(golive({QStringLiteral("new"), QStringLiteral("--runbook"), runbook,
                            QStringLiteral("--out"), uri(kDb, "evil")}),
                    0);
        const CliResult r = golive({QStringLiteral("runs"), uri(kDb)});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("Evil \\x1b[31mred\\x1b[0m title"), r);
        QVERIFY2(!r.rawOut.contains('\x1b'), r.describe().constData());
    }

    // A run name that is not there: refused, with the runs that are.
    void missingRunListsTheRuns()
    {
        QVERIFY(!newRun(QStringLiteral("bravo")).isEmpty());
        const CliResult r = golive(
            {QStringLiteral("status"), QStringLiteral("--run"), uri(kDb, QStringLiteral("brav"))});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("bravo"), r);
    }

    // A database without golive's schema says what makes it.
    void noSchemaSaysServerInit()
    {
        CliResult r = golive({QStringLiteral("runs"), uri(kEmptyDb)});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("golive server init"), r);
        r = golive({QStringLiteral("status"), QStringLiteral("--run"), uri(kEmptyDb, "x")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("golive server init"), r);
    }

    // A password typed into the URI never comes back on the terminal.
    void passwordNeverShown()
    {
        const QString secret = QStringLiteral("Wr0ng-pa55-h14b");
        const QString withPassword =
            QStringLiteral("postgresql://golive_admin:%1@%2/%3?run=alpha").arg(secret, host(), kDb);
        for (const QStringList& args :
             {QStringList{QStringLiteral("status"), QStringLiteral("--run"), withPassword},
              QStringList{QStringLiteral("sign"), QStringLiteral("4.3"), QStringLiteral("--as"),
                          QStringLiteral("Eli"), QStringLiteral("--role"),
                          QStringLiteral("engineer"), QStringLiteral("--run"), withPassword}}) {
            const CliResult r = golive(args);
            EXPECT_EXIT(r, 1);
            EXPECT_IN(r.err, host(), r);
            QVERIFY2(!r.out.contains(secret) && !r.err.contains(secret), r.describe().constData());
        }
    }

    // The admin's real password, in the URI's user part and as ?password= (no password file:
    // it is the one that works), through runs (text and JSON), new and refusals: it is on no
    // line golive prints and in no file it writes.
    void workingPasswordNeverShown()
    {
        QProcessEnvironment e = env();
        e.remove(QStringLiteral("PGPASSFILE"));
        e.remove(QStringLiteral("PGPASSWORD"));
        const auto run = [&e](const QStringList& args) { return golive::test::runGolive(args, e); };
        const auto clean = [this](const CliResult& r) {
            return !r.out.contains(m_password) && !r.err.contains(m_password);
        };
        // A database of its own for each way of writing the password, each empty at first.
        const QString inUser = QStringLiteral("postgresql://golive_admin:%1@%2/%3")
                                   .arg(m_password, host(), kPasswordDb + QStringLiteral("_a"));
        const QString asParameter =
            QStringLiteral("postgresql://golive_admin@%1/%2?password=%3")
                .arg(host(), kPasswordDb + QStringLiteral("_b"), m_password);
        CliResult r;
        const QStringList databases{QString(kPasswordDb + QStringLiteral("_a")),
                                    QString(kPasswordDb + QStringLiteral("_b"))};
        for (const QString& db : databases) {
            freshDatabase(db);
            r = run({QStringLiteral("server"), QStringLiteral("init"),
                     db.endsWith(QLatin1Char('a')) ? inUser : asParameter});
            EXPECT_EXIT(r, 0);
            QVERIFY2(clean(r), r.describe().constData());
        }
        int n = 0;
        for (const QString& base : {inUser, asParameter}) {
            const QString sep =
                base.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?");
            // No runs yet: the suggested `new` names the database, without the password.
            r = run({QStringLiteral("runs"), base});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, QStringLiteral("golive new"), r);
            QVERIFY2(clean(r), r.describe().constData());
            r = run({QStringLiteral("runs"), base, QStringLiteral("--json")});
            EXPECT_EXIT(r, 0);
            QVERIFY2(clean(r), r.describe().constData());

            const QString name = QStringLiteral("pw%1").arg(++n);
            r = run({QStringLiteral("new"), QStringLiteral("--out"),
                     base + sep + QStringLiteral("run=") + name});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, name, r);
            QVERIFY2(clean(r), r.describe().constData());
            r = run({QStringLiteral("runs"), base});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, name, r);
            QVERIFY2(clean(r), r.describe().constData());
            r = run({QStringLiteral("runs"), base, QStringLiteral("--json")});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, QStringLiteral("run=") + name, r);
            QVERIFY2(clean(r), r.describe().constData());
            // Refusals: the run exists already; a run that is not there.
            r = run({QStringLiteral("new"), QStringLiteral("--out"),
                     base + sep + QStringLiteral("run=") + name});
            EXPECT_EXIT(r, 1);
            QVERIFY2(clean(r), r.describe().constData());
            r = run({QStringLiteral("status"), QStringLiteral("--run"),
                     base + sep + QStringLiteral("run=nosuchrun")});
            EXPECT_EXIT(r, 1);
            EXPECT_IN(r.err, host(), r);
            QVERIFY2(clean(r), r.describe().constData());
        }
        // A misspelt password parameter is refused by name, its value never shown.
        r = run(
            {QStringLiteral("runs"), QStringLiteral("postgresql://golive_admin@%1/%2?Password=%3")
                                         .arg(host(), kPasswordDb, m_password)});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("\"Password\""), r);
        QVERIFY2(clean(r), r.describe().constData());
        // Nor in any file golive wrote under its home (settings, logs, caches).
        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(m_password.toUtf8()), qPrintable(f.fileName()));
        }
    }

    // 4 processes x 250 notes on one run: every acknowledged event is there, the chain intact.
    void concurrentWriters()
    {
        const QString run = newRun(QStringLiteral("crowd"));
        QVERIFY(!run.isEmpty());
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int w = 0; w < 4; ++w) {
            auto p = std::make_unique<QProcess>();
            p->setProcessEnvironment(env());
            p->start(QStringLiteral(GOLIVE_SERVER_WRITER),
                     {run, QStringLiteral("4.1"), QStringLiteral("writer%1").arg(w),
                      QStringLiteral("250")});
            writers.push_back(std::move(p));
        }
        QHash<qint64, QByteArray> acknowledged;
        for (const auto& p : writers) {
            QVERIFY(p->waitForFinished(300000));
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
                     p->readAllStandardError().constData());
            const QList<QByteArray> lines = p->readAllStandardOutput().split('\n');
            for (const QByteArray& line : lines) {
                const QList<QByteArray> parts = line.split(' ');
                if (parts.size() != 2)
                    continue;
                QVERIFY2(!acknowledged.contains(parts.at(0).toLongLong()),
                         "two writers were acknowledged the same seq");
                acknowledged.insert(parts.at(0).toLongLong(), parts.at(1));
            }
        }
        QCOMPARE(acknowledged.size(), 1000);

        QString error;
        const std::unique_ptr<RunLedger> ledger =
            RunLedger::open(run, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(ledger, qPrintable(error));
        QCOMPARE(ledger->events().size(), 1000);
        for (const SignOffEvent& e : ledger->events())
            QCOMPARE(e.hash, acknowledged.value(e.seq));
        const CliResult r = golive({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        QCOMPARE(headIn(r.out), QString::fromLatin1(ledger->headHash()));
    }

    // Two commanders press GO in the same second: exactly one GO, the other told who and when.
    void goRace()
    {
        const QString run = newRun(QStringLiteral("race"));
        QVERIFY(!run.isEmpty());
        // The pre-checks: 4.3 (requires=health-green) and 4.4 (requires=previous-complete) by
        // the incident commander over their open checks, as the command line signs them.
        EXPECT_EXIT(act(run, QStringLiteral("sign"), {QStringLiteral("4.1")}, QStringLiteral("Eli"),
                        QStringLiteral("engineer")),
                    0);
        for (const char* id : {"4.3", "4.4"})
            EXPECT_EXIT(act(run, QStringLiteral("sign"),
                            {QLatin1String(id), QStringLiteral("--open-checks"),
                             QStringLiteral("--note"), QStringLiteral("confirmed on the bridge")},
                            QStringLiteral("Ada"), QStringLiteral("incident-commander")),
                        0);
        EXPECT_EXIT(act(run, QStringLiteral("gate"), {}, QStringLiteral("Rae"),
                        QStringLiteral("release-captain")),
                    0);
        const QStringList names{QStringLiteral("Ada"), QStringLiteral("Bea")};
        std::vector<std::unique_ptr<QProcess>> gos;
        for (const QString& name : names) {
            auto p = std::make_unique<QProcess>();
            p->setProcessEnvironment(env());
            p->start(QStringLiteral(GOLIVE_BINARY),
                     {QStringLiteral("go"), QStringLiteral("--as"), name, QStringLiteral("--role"),
                      QStringLiteral("incident-commander"), QStringLiteral("--reason"),
                      QStringLiteral("bridge ready"), QStringLiteral("--run"), run});
            gos.push_back(std::move(p));
        }
        int winners = 0;
        QString winner;
        QString loserErr;
        for (qsizetype i = 0; i < 2; ++i) {
            QProcess& p = *gos.at(size_t(i));
            QVERIFY(p.waitForFinished(120000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            if (p.exitCode() == 0) {
                ++winners;
                winner = names.at(i);
            } else {
                loserErr = err;
            }
        }
        QCOMPARE(winners, 1);
        // Who gave it and when, in the shared rules' words.
        QVERIFY2(
            loserErr.contains(
                QStringLiteral("GO already recorded by %1 (incident-commander) at ").arg(winner)),
            qPrintable(loserErr));
        QVERIFY2(loserErr.contains(QStringLiteral("nothing was recorded")), qPrintable(loserErr));
        QString error;
        const std::unique_ptr<RunLedger> ledger =
            RunLedger::open(run, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(ledger, qPrintable(error));
        int decisions = 0;
        for (const SignOffEvent& e : ledger->events())
            decisions += e.kind == EventKind::Decision ? 1 : 0;
        QCOMPARE(decisions, 1);
    }

    // A rehearsal file goes to the server and comes back as a file with the same id and head,
    // which verify checks with the server stopped; neither step overwrites or takes a broken run.
    void publishThenCopy()
    {
        const QString file = m_work.filePath(QStringLiteral("rehearsal.golive"));
        EXPECT_EXIT(golive({QStringLiteral("new"), QStringLiteral("--out"), file}), 0);
        for (const char* id : {"4.1", "1.3"})
            EXPECT_EXIT(act(file, QStringLiteral("sign"), {QLatin1String(id)},
                            QStringLiteral("Eli"), QStringLiteral("engineer")),
                        0);
        CliResult r = golive({QStringLiteral("verify"), QStringLiteral("--run"), file});
        const QString head = headIn(r.out);
        QVERIFY2(!head.isEmpty(), r.describe().constData());
        QString error;
        QString runId;
        {
            const auto local = RunLedger::open(file, RunLedger::Access::ReadOnly, &error);
            QVERIFY2(local, qPrintable(error));
            runId = local->runId();
        }

        r = golive({QStringLiteral("publish"), file, QStringLiteral("--to"), uri(kDb, "pub")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, runId, r);
        EXPECT_IN(r.out, head, r);

        const QString copy = m_work.filePath(QStringLiteral("archive.golive"));
        r = golive({QStringLiteral("copy"), QStringLiteral("--run"), uri(kDb, "pub"),
                    QStringLiteral("--out"), copy});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, head, r);
        // No temporary file is left beside it.
        QCOMPARE(QDir(m_work.path())
                     .entryList(QDir::Files | QDir::Hidden)
                     .filter(QStringLiteral(".tmp"))
                     .size(),
                 0);

        QVERIFY(pgctl(QStringLiteral("stop")));
        r = golive({QStringLiteral("verify"), QStringLiteral("--run"), copy});
        QVERIFY(pgctl(QStringLiteral("start")));
        EXPECT_EXIT(r, 0);
        QCOMPARE(headIn(r.out), head);
        {
            const auto archived = RunLedger::open(copy, RunLedger::Access::ReadOnly, &error);
            QVERIFY2(archived, qPrintable(error));
            QCOMPARE(archived->runId(), runId);
            QCOMPARE(archived->events().size(), 2);
        }

        // Never over an existing file.
        QFile existing(copy);
        QVERIFY(existing.open(QIODevice::ReadOnly));
        const QByteArray before = existing.readAll();
        existing.close();
        r = golive({QStringLiteral("copy"), QStringLiteral("--run"), uri(kDb, "pub"),
                    QStringLiteral("--out"), copy});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("already exists"), r);
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), before);
    }

    // A role that may add runs but not move their head: the run is committed, then cannot be
    // opened to record in. `new` says the run was created, by name, and why it cannot be
    // written, never that no run was created (a second try would find the name taken).
    void newSaysARunItCouldNotOpenWasCreated()
    {
        const QString role = QStringLiteral("golive_cli_maker");
        {
            QSqlQuery q(admin(kDb));
            q.exec(QStringLiteral("DROP OWNED BY %1").arg(role));
            q.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role));
            for (const QString& sql :
                 {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Maker-Pw-1'"),
                  QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1"),
                  QStringLiteral("GRANT INSERT ON golive_runs, golive_run_meta, golive_events"
                                 " TO %1")})
                QVERIFY2(q.exec(sql.arg(role)), qPrintable(q.lastError().text()));
        }
        const QString pgpass = m_work.filePath(QStringLiteral("maker.pgpass"));
        {
            QFile f(pgpass);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(
                QStringLiteral("127.0.0.1:%1:%2:%3:Maker-Pw-1\n").arg(m_port, kDb, role).toUtf8());
            f.close();
            QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        }
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("PGPASSFILE"), pgpass);
        const QString run = QStringLiteral("postgresql://%1@%2/%3?run=half").arg(role, host(), kDb);
        CliResult r =
            golive::test::runGolive({QStringLiteral("new"), QStringLiteral("--out"), run}, e);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("the run \"half\" was created on %1").arg(host()), r);
        EXPECT_IN(r.err, QStringLiteral("may not write runs"), r);
        QVERIFY2(!r.err.contains(QStringLiteral("no run was created")), r.describe().constData());
        QVERIFY2(!r.err.contains(QStringLiteral("Maker-Pw-1")), r.describe().constData());
        // It is there, as said.
        QSqlQuery q(admin(kDb));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM golive_runs WHERE name = 'half'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    // A copy keeps every row as the server stores it: a time in a form golive would not write
    // and a row of an unknown kind (not the last one) are copied as they are, so the archive
    // shows the same breaks (same seq, same content hash) and the same acknowledgements as the
    // server run.
    void copyKeepsTamperedRowsVerbatim()
    {
        const QString run = newRun(QStringLiteral("verbatim"));
        QVERIFY(!run.isEmpty());
        for (const char* id : {"4.1", "1.3", "1.4"})
            EXPECT_EXIT(act(run, QStringLiteral("sign"), {QLatin1String(id)}, QStringLiteral("Eli"),
                            QStringLiteral("engineer")),
                        0);
        QString error;
        QString runId;
        {
            const auto server = RunLedger::open(run, RunLedger::Access::ReadOnly, &error);
            QVERIFY2(server, qPrintable(error));
            runId = server->runId();
        }
        // A superuser, behind the triggers' back, drops the milliseconds of event 2's time.
        {
            QSqlQuery q(admin(kDb));
            QVERIFY2(q.exec(QStringLiteral("BEGIN")), qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("SET LOCAL session_replication_role = replica")),
                     qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("UPDATE golive_events SET time_utc ="
                                           " left(time_utc, 19) || 'Z' WHERE run_id = '%1'"
                                           " AND seq = 2")
                                .arg(runId)),
                     qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("COMMIT")), qPrintable(q.lastError().text()));
        }
        // The incident commander acknowledges that break.
        {
            const auto server = RunLedger::open(run, RunLedger::Access::ReadWrite, &error);
            QVERIFY2(server, qPrintable(error));
            QCOMPARE(server->verification().unacknowledged.size(), 1);
            SignOffEvent ack;
            ack.kind = EventKind::ChainBreakAcknowledged;
            ack.fieldKey = server->verification().acknowledgementKey();
            ack.text = QStringLiteral("clock fix-up, checked with the DBA");
            ack.actor.name = QStringLiteral("Ana");
            ack.actor.role = Role::IncidentCommander;
            QVERIFY2(server->append(ack, &error), qPrintable(error));
        }
        // Then a row of a kind no golive writes, with a time that does not read, after it.
        {
            QSqlQuery q(admin(kDb));
            QVERIFY2(
                q.exec(QStringLiteral(
                           "INSERT INTO golive_events(run_id, seq, time_utc, kind, item_id, actor,"
                           " role, prev_hash, hash) SELECT run_id, 5, 'about noon', 'forged-kind',"
                           " '4.5', 'Mallory', 'overlord', hash, 'not-a-hash' FROM golive_events"
                           " WHERE run_id = '%1' AND seq = 4")
                           .arg(runId)),
                qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral("UPDATE golive_runs SET head_seq = 5,"
                                           " head_hash = 'not-a-hash' WHERE run_id = '%1'")
                                .arg(runId)),
                     qPrintable(q.lastError().text()));
        }
        // Acknowledged too, so the run goes on past it: the forged row is not the last one.
        {
            const auto server = RunLedger::open(run, RunLedger::Access::ReadWrite, &error);
            QVERIFY2(server, qPrintable(error));
            QCOMPARE(server->verification().unacknowledged.size(), 1);
            QCOMPARE(server->verification().unacknowledged.first().seq, 5);
            SignOffEvent ack;
            ack.kind = EventKind::ChainBreakAcknowledged;
            ack.fieldKey = server->verification().acknowledgementKey();
            ack.text = QStringLiteral("a forged row, reported to security");
            ack.actor.name = QStringLiteral("Ana");
            ack.actor.role = Role::IncidentCommander;
            QVERIFY2(server->append(ack, &error), qPrintable(error));
        }

        const QString copy = m_work.filePath(QStringLiteral("verbatim.golive"));
        CliResult r = golive(
            {QStringLiteral("copy"), QStringLiteral("--run"), run, QStringLiteral("--out"), copy});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("6 events"), r);
        EXPECT_IN(r.err, QStringLiteral("the copy holds the same break"), r);

        const auto server = RunLedger::open(run, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(server, qPrintable(error));
        const auto archived = RunLedger::open(copy, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(archived, qPrintable(error));
        const ChainVerification want = server->verify();
        const ChainVerification got = archived->verify();
        QCOMPARE(want.eventCount, 6);
        QCOMPARE(want.breaks.size(), 2);
        QCOMPARE(want.breaks.at(0).seq, 2);
        QCOMPARE(want.breaks.at(0).acknowledgedBy, 4);
        QCOMPARE(want.breaks.at(1).seq, 5);
        QCOMPARE(want.breaks.at(1).acknowledgedBy, 6);
        QVERIFY(want.unacknowledged.isEmpty());
        QCOMPARE(got.eventCount, want.eventCount);
        QCOMPARE(got.head, want.head);
        QCOMPARE(got.breaks.size(), want.breaks.size());
        for (qsizetype i = 0; i < want.breaks.size(); ++i) {
            QCOMPARE(got.breaks.at(i).seq, want.breaks.at(i).seq);
            QCOMPARE(got.breaks.at(i).contentHash, want.breaks.at(i).contentHash);
            QCOMPARE(got.breaks.at(i).acknowledgedBy, want.breaks.at(i).acknowledgedBy);
            QCOMPARE(got.breaks.at(i).problem, want.breaks.at(i).problem);
        }
        QVERIFY(got.unacknowledged.isEmpty());

        // The stored strings themselves, column by column.
        const auto rowsOf = [](QSqlQuery& q) {
            QStringList rows;
            while (q.next()) {
                QStringList columns;
                for (int c = 0; c < 12; ++c)
                    columns.append(q.isNull(c) ? QStringLiteral("<null>") : q.value(c).toString());
                rows.append(columns.join(QLatin1Char('|')));
            }
            return rows;
        };
        const QString columns = QStringLiteral("seq, time_utc, kind, item_id, field_key, text,"
                                               " actor, role, os_user, host, prev_hash, hash");
        QSqlQuery onServer(admin(kDb));
        QVERIFY(onServer.exec(QStringLiteral("SELECT %1 FROM golive_events WHERE run_id = '%2'"
                                             " ORDER BY seq")
                                  .arg(columns, runId)));
        const QStringList serverRows = rowsOf(onServer);
        QStringList fileRows;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("verbatim"));
            db.setDatabaseName(copy);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM events ORDER BY seq").arg(columns)));
            fileRows = rowsOf(q);
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("verbatim"));
        QCOMPARE(fileRows.size(), 6);
        QCOMPARE(fileRows, serverRows);
    }

    // A run file whose chain is broken is not published, in words.
    void publishRefusesABrokenChain()
    {
        const QString file = m_work.filePath(QStringLiteral("tampered.golive"));
        EXPECT_EXIT(golive({QStringLiteral("new"), QStringLiteral("--out"), file}), 0);
        EXPECT_EXIT(act(file, QStringLiteral("sign"), {QStringLiteral("4.1")},
                        QStringLiteral("Eli"), QStringLiteral("engineer")),
                    0);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER events_append_only_update")));
            QVERIFY(q.exec(QStringLiteral("UPDATE events SET actor = 'Mallory' WHERE seq = 1")));
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        CliResult r =
            golive({QStringLiteral("publish"), file, QStringLiteral("--to"), uri(kDb, "bad")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("chain is broken"), r);
        EXPECT_IN(r.err, QStringLiteral("nothing was published"), r);
        r = golive({QStringLiteral("runs"), uri(kDb)});
        EXPECT_EXIT(r, 0);
        QVERIFY2(!r.out.contains(QStringLiteral("  bad ")), r.describe().constData());
    }

    // The server killed: a sign-off exits 1 naming the host; restarted, it works again.
    // A server run follows its roster changes in every process that opens it: the person
    // added can sign from a new golive, the one removed cannot.
    void rosterChangesHoldForEveryProcess()
    {
        const auto keygen = [&](const QString& name) {
            const QString file = m_work.filePath(name);
            return QProcess::execute(QStringLiteral("ssh-keygen"),
                                     {QStringLiteral("-q"), QStringLiteral("-t"),
                                      QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                                      QStringLiteral("-f"), file}) == 0
                       ? file
                       : QString();
        };
        const QString ivy = keygen(QStringLiteral("ivy_key"));
        const QString cy = keygen(QStringLiteral("cy_key"));
        QVERIFY(!ivy.isEmpty() && !cy.isEmpty());
        const QString roster = m_work.filePath(QStringLiteral("server_signers"));
        {
            QFile f(roster);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // Ivy's line names the commander's role: changing the roster takes it.
            f.write("Ivy,role:incident-commander " +
                    readText(ivy + QStringLiteral(".pub")).toUtf8() + "\n");
        }
        const QString run = uri(kDb, "signed");
        EXPECT_EXIT(golive({QStringLiteral("new"), QStringLiteral("--out"), run,
                            QStringLiteral("--allowed-signers"), roster}),
                    0);
        const auto rosterCommand = [&](const QStringList& args) {
            return golive(QStringList{QStringLiteral("roster")} + args +
                          QStringList{QStringLiteral("--as"), QStringLiteral("Ivy"),
                                      QStringLiteral("--role"),
                                      QStringLiteral("incident-commander"), QStringLiteral("--key"),
                                      ivy, QStringLiteral("--run"), run});
        };
        const auto signAsCy = [&](const QString& item) {
            return golive({QStringLiteral("sign"), item, QStringLiteral("--as"),
                           QStringLiteral("Cy"), QStringLiteral("--role"),
                           QStringLiteral("incident-commander"), QStringLiteral("--key"), cy,
                           QStringLiteral("--run"), run});
        };
        EXPECT_EXIT(rosterCommand(
                        {QStringLiteral("add"), QStringLiteral("Cy"), cy + QStringLiteral(".pub")}),
                    0);
        EXPECT_EXIT(signAsCy(QStringLiteral("0.1")), 0);
        EXPECT_EXIT(rosterCommand({QStringLiteral("remove"), QStringLiteral("Cy")}), 0);
        const CliResult r = signAsCy(QStringLiteral("0.2"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is not on this run's roster"), r);
    }

    void serverKilled()
    {
        const QString run = newRun(QStringLiteral("outage"));
        QVERIFY(!run.isEmpty());
        QVERIFY(pgctl(QStringLiteral("kill")));
        CliResult r = act(run, QStringLiteral("sign"), {QStringLiteral("4.1")},
                          QStringLiteral("Eli"), QStringLiteral("engineer"));
        QVERIFY(pgctl(QStringLiteral("start")));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, host(), r);
        EXPECT_IN(r.err, QStringLiteral("nothing was written"), r);
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.1")}, QStringLiteral("Eli"),
                QStringLiteral("engineer"));
        EXPECT_EXIT(r, 0);
    }

    void cleanupTestCase()
    {
        // The server stays up for the next test (the fixture's rule), whatever happened here.
        if (!m_fixture.isEmpty() && !pgctl(QStringLiteral("status")))
            pgctl(QStringLiteral("start"));
    }
};

QTEST_GUILESS_MAIN(TstServerCli)
#include "tst_server_cli.moc"
