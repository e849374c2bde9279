// Signing on the command line with people's own SSH keys: new --allowed-signers, --key (a
// private key file, or a .pub whose private half is in an ssh-agent the test starts) and
// GOLIVE_SIGNING_KEY, the signature checked by `ssh-keygen -Y verify` itself, the refusals a
// roster and a run that requires signatures make, and the roster command.
#include "CliHarness.h"
#include "CliProcess.h"
#include "RunFile.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace golive;

namespace {

using Result = golive::test::CliResult;

const QString kIc = QStringLiteral("incident-commander");
const QString kEng = QStringLiteral("engineer");

struct Tool
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// Runs an OpenSSH tool to the end (bounded), with `env` and `input` on its standard input.
Tool runTool(const QString& program, const QStringList& args,
             const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
             const QByteArray& input = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Tool t;
    if (!p.waitForStarted(10000))
        return t;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return t;
    }
    t.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    t.out = p.readAllStandardOutput();
    t.err = p.readAllStandardError();
    return t;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// An ssh-agent on a socket in `dir`: started with `ssh-agent -a SOCK -s`, waited for (bounded),
// and killed through the SSH_AGENT_PID it printed.
class Agent
{
public:
    bool start(const QString& dir, const QString& name)
    {
        m_socket = dir + QLatin1Char('/') + name;
        const Tool t = runTool(QStringLiteral("ssh-agent"),
                               {QStringLiteral("-a"), m_socket, QStringLiteral("-s")});
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("SSH_AGENT_PID=(\\d+)"))
                                              .match(QString::fromUtf8(t.out));
        if (t.code != 0 || !m.hasMatch())
            return false;
        m_pid = m.captured(1).toLongLong();
        QDeadlineTimer deadline(10000);
        while (!QFileInfo::exists(m_socket) && !deadline.hasExpired())
            QThread::msleep(20);
        return QFileInfo::exists(m_socket);
    }
    void kill()
    {
        if (m_pid > 0)
            ::kill(static_cast<pid_t>(m_pid), SIGTERM);
        // Bounded: the agent removes its socket as it exits.
        QDeadlineTimer deadline(10000);
        while (m_pid > 0 && QFileInfo::exists(m_socket) && !deadline.hasExpired())
            QThread::msleep(20);
        m_pid = 0;
    }
    ~Agent() { kill(); }
    QString socket() const { return m_socket; }
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), m_socket);
        return env;
    }

private:
    QString m_socket;
    qint64 m_pid = 0;
};

} // namespace

class TstSigningCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QString m_runbook;
    QString m_roster; // Ada (ed25519), Bo (ecdsa, in the agent), Ivy (ed25519, incident commander)
    Agent m_agent;
    golive::test::CliHarness m_cli;
    int m_runs = 0;

    QString path(const QString& name) const { return m_work.filePath(name); }
    Result cli(const QStringList& args) { return m_cli.run(args); }

    // ssh-keygen -t TYPE into the test folder, no passphrase; the private key's path.
    QString keygen(const QString& name, const QStringList& type)
    {
        const QString file = path(name);
        const Tool t =
            runTool(QStringLiteral("ssh-keygen"),
                    type + QStringList{QStringLiteral("-N"), QString(), QStringLiteral("-q"),
                                       QStringLiteral("-C"), name, QStringLiteral("-f"), file});
        return t.code == 0 ? file : QString();
    }

    // "NAME namespaces="golive" KEY" for the key file's .pub.
    QByteArray rosterLine(const QString& principal, const QString& key) const
    {
        return principal.toUtf8() + " namespaces=\"golive\" " +
               readAll(key + QStringLiteral(".pub")).trimmed() + "\n";
    }

    QString fingerprint(const QString& key) const
    {
        const Tool t =
            runTool(QStringLiteral("ssh-keygen"),
                    {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                     QStringLiteral("-f"), key + QStringLiteral(".pub")});
        return QString::fromUtf8(t.out).section(QLatin1Char(' '), 1, 1);
    }

    QString newRun(const QStringList& extra)
    {
        const QString out = path(QStringLiteral("run%1.golive").arg(++m_runs));
        const Result r = cli(QStringList{QStringLiteral("new"), QStringLiteral("--runbook"),
                                         m_runbook, QStringLiteral("--out"), out} +
                             extra);
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return r.code == 0 ? out : QString();
    }
    QString rosterRun(bool required = false)
    {
        QStringList extra{QStringLiteral("--allowed-signers"), m_roster};
        if (required)
            extra.append(QStringLiteral("--require-signatures"));
        return newRun(extra);
    }

    Result sign(const QString& run, const QString& item, const QString& who,
                const QString& key = {}, const QString& role = QStringLiteral("engineer"))
    {
        QStringList args{QStringLiteral("sign"),   item, QStringLiteral("--as"),  who,
                         QStringLiteral("--role"), role, QStringLiteral("--run"), run};
        if (!key.isEmpty())
            args << QStringLiteral("--key") << key;
        return cli(args);
    }
    Result roster(const QString& run, const QStringList& args, const QString& key = {},
                  const QString& role = QStringLiteral("incident-commander"))
    {
        QStringList all = QStringList{QStringLiteral("roster")} + args;
        all << QStringLiteral("--as") << QStringLiteral("Ivy") << QStringLiteral("--role") << role
            << QStringLiteral("--run") << run;
        if (!key.isEmpty())
            all << QStringLiteral("--key") << key;
        return cli(all);
    }

    qsizetype eventCount(const QString& run)
    {
        QString error;
        const auto file = RunFile::open(run, RunFile::Access::ReadOnly, &error);
        return file ? file->events().size() : -1;
    }

    // The stored row of the run's last event (key_fp, signature), read with SQLite itself.
    std::pair<QString, QByteArray> lastRow(const QString& run)
    {
        const QString connection = QStringLiteral("row%1").arg(reinterpret_cast<quintptr>(&run));
        std::pair<QString, QByteArray> row;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(run);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral(
                        "SELECT key_fp, signature FROM events ORDER BY seq DESC LIMIT 1")) &&
                    q.next())
                    row = {q.value(0).toString(), q.value(1).toByteArray()};
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return row;
    }

    // Whether `ssh-keygen -Y verify` accepts the run's last event as signed by `principal`
    // under `rosterFile`: the stored signature over the event's canonical payload.
    bool sshKeygenVerifies(const QString& run, const QString& principal, const QString& rosterFile)
    {
        QString error;
        const auto file = RunFile::open(run, RunFile::Access::ReadOnly, &error);
        if (!file || file->events().isEmpty())
            return false;
        const SignOffEvent& e = file->events().constLast();
        const QString sig = path(QStringLiteral("event.sig"));
        const std::pair<QString, QByteArray> row = lastRow(run);
        if (row.second.isEmpty() || !writeFile(sig, row.second))
            return false;
        const Tool t =
            runTool(QStringLiteral("ssh-keygen"),
                    {QStringLiteral("-Y"), QStringLiteral("verify"), QStringLiteral("-f"),
                     rosterFile, QStringLiteral("-I"), principal, QStringLiteral("-n"),
                     QStringLiteral("golive"), QStringLiteral("-s"), sig},
                    QProcessEnvironment::systemEnvironment(), e.canonicalPayload());
        if (t.code != 0)
            qWarning().noquote() << t.out << t.err;
        return t.code == 0;
    }

    QString m_ada, m_bo, m_ivy, m_eli, m_cy;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_work.isValid());
        qunsetenv("GOLIVE_SIGNING_KEY");
        QByteArray items("# Release\n\n## Steps\n\n");
        for (int i = 1; i <= 20; ++i)
            items += "- [ ] Step " + QByteArray::number(i) + "\n";
        m_runbook = path(QStringLiteral("release.md"));
        QVERIFY(writeFile(m_runbook, items));

        const QStringList ed{QStringLiteral("-t"), QStringLiteral("ed25519")};
        m_ada = keygen(QStringLiteral("ada"), ed);
        m_bo = keygen(QStringLiteral("bo"), {QStringLiteral("-t"), QStringLiteral("ecdsa")});
        m_ivy = keygen(QStringLiteral("ivy"), ed);
        m_eli = keygen(QStringLiteral("eli"), ed);
        m_cy = keygen(QStringLiteral("cy"), ed);
        for (const QString* k : {&m_ada, &m_bo, &m_ivy, &m_eli, &m_cy})
            QVERIFY(!k->isEmpty());
        m_roster = path(QStringLiteral("allowed_signers"));
        QVERIFY(writeFile(m_roster,
                          "# the team\n" + rosterLine(QStringLiteral("Ada"), m_ada) +
                              rosterLine(QStringLiteral("Bo"), m_bo) +
                              // Ivy changes the roster: her line names the role.
                              rosterLine(QStringLiteral("Ivy,role:incident-commander"), m_ivy)));

        // Bo's key lives only in the agent: its private file is gone once added.
        QVERIFY(m_agent.start(m_work.path(), QStringLiteral("agent.sock")));
        QCOMPARE(
            runTool(QStringLiteral("ssh-add"), {QStringLiteral("-q"), m_bo}, m_agent.environment())
                .code,
            0);
        QVERIFY(QFile::remove(m_bo));
        qputenv("SSH_AUTH_SOCK", m_agent.socket().toLocal8Bit());
    }

    void cleanupTestCase()
    {
        m_agent.kill();
        qunsetenv("SSH_AUTH_SOCK");
    }

    void everyWritingCommandTakesTheKey()
    {
        for (const char* command :
             {"sign", "revoke", "fill", "go", "observe", "dashboard", "roster"}) {
            const Result r = cli({QLatin1String(command), QStringLiteral("--help")});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, QStringLiteral("--key <FILE>"), r);
            EXPECT_IN(r.out, QStringLiteral("GOLIVE_SIGNING_KEY"), r);
        }
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--help")});
        EXPECT_IN(r.out, QStringLiteral("--allowed-signers"), r);
        EXPECT_IN(r.out, QStringLiteral("--require-signatures"), r);
    }

    void newKeepsTheRosterAndRosterListsIt()
    {
        const QString run = rosterRun();
        QVERIFY(!run.isEmpty());
        Result r = cli({QStringLiteral("roster"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("signatures optional"), r);
        for (const QString& key : {m_ada, m_bo, m_ivy})
            EXPECT_IN(r.out, fingerprint(key), r);
        EXPECT_IN(r.out, QStringLiteral("ecdsa-sha2-nistp256"), r);
        EXPECT_IN(r.out, QStringLiteral("golive"), r);

        const QString required = rosterRun(true);
        QVERIFY(!required.isEmpty());
        r = cli({QStringLiteral("roster"), QStringLiteral("--run"), required});
        EXPECT_IN(r.out, QStringLiteral("signatures required"), r);

        // Requiring signatures without a roster makes no run.
        const QString out = path(QStringLiteral("noroster.golive"));
        r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), m_runbook,
                 QStringLiteral("--out"), out, QStringLiteral("--require-signatures")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("needs a roster"), r);
        QVERIFY(!QFileInfo::exists(out));

        // A roster that is not UTF-8 text makes no run either.
        const QString bad = path(QStringLiteral("latin1_signers"));
        QVERIFY(writeFile(bad, "Jos\xe9 " + readAll(m_ada + QStringLiteral(".pub"))));
        r = cli({QStringLiteral("new"), QStringLiteral("--runbook"), m_runbook,
                 QStringLiteral("--out"), out, QStringLiteral("--allowed-signers"), bad});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is not UTF-8 text"), r);
        QVERIFY(!QFileInfo::exists(out));
    }

    void signsWithAPrivateKeyFile()
    {
        const QString run = rosterRun();
        QVERIFY(!run.isEmpty());
        const auto signed_ = sign(run, QStringLiteral("1.1"), QStringLiteral("Ada"), m_ada);
        EXPECT_EXIT(signed_, 0);
        // The line says which key signed it.
        EXPECT_IN(signed_.out, QStringLiteral(", signed with %1;").arg(fingerprint(m_ada)),
                  signed_);
        const auto row = lastRow(run);
        QCOMPARE(row.first, fingerprint(m_ada));
        QVERIFY(row.second.startsWith("-----BEGIN SSH SIGNATURE-----"));
        QVERIFY(sshKeygenVerifies(run, QStringLiteral("Ada"), m_roster));
        // Not as anybody else.
        QVERIFY(!sshKeygenVerifies(run, QStringLiteral("Bo"), m_roster));
    }

    void signsWithAKeyInTheAgent()
    {
        const QString run = rosterRun();
        QVERIFY(!run.isEmpty());
        QVERIFY(!QFileInfo::exists(m_bo)); // only the .pub: the agent signs
        const Result r =
            sign(run, QStringLiteral("1.1"), QStringLiteral("Bo"), m_bo + QStringLiteral(".pub"));
        EXPECT_EXIT(r, 0);
        QCOMPARE(lastRow(run).first, fingerprint(m_bo));
        QVERIFY(sshKeygenVerifies(run, QStringLiteral("Bo"), m_roster));
    }

    void signsWithTheEnvironmentsKey()
    {
        const QString run = rosterRun(true);
        QVERIFY(!run.isEmpty());
        qputenv("GOLIVE_SIGNING_KEY", m_ada.toLocal8Bit());
        const Result r = sign(run, QStringLiteral("1.1"), QStringLiteral("Ada"));
        qunsetenv("GOLIVE_SIGNING_KEY");
        EXPECT_EXIT(r, 0);
        QCOMPARE(lastRow(run).first, fingerprint(m_ada));
        QVERIFY(sshKeygenVerifies(run, QStringLiteral("Ada"), m_roster));
        // --key wins over the environment.
        qputenv("GOLIVE_SIGNING_KEY", m_ada.toLocal8Bit());
        const Result bo =
            sign(run, QStringLiteral("1.2"), QStringLiteral("Bo"), m_bo + QStringLiteral(".pub"));
        qunsetenv("GOLIVE_SIGNING_KEY");
        EXPECT_EXIT(bo, 0);
        QCOMPARE(lastRow(run).first, fingerprint(m_bo));
    }

    void refusals()
    {
        const QString run = rosterRun(true);
        QVERIFY(!run.isEmpty());
        Result r = sign(run, QStringLiteral("1.1"), QStringLiteral("Ada"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("this run requires signed sign-offs"), r);

        r = sign(run, QStringLiteral("1.1"), QStringLiteral("Eli"), m_eli);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is not on this run's roster"), r);

        r = sign(run, QStringLiteral("1.1"), QStringLiteral("Bo"), m_ada);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("on this run's roster for Ada, not for Bo"), r);

        const QString notAKey = path(QStringLiteral("notakey"));
        QVERIFY(writeFile(notAKey, "hello, I am not a key\n"));
        r = sign(run, QStringLiteral("1.1"), QStringLiteral("Ada"), notAKey);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is not a key file"), r);

        const QString rsa =
            keygen(QStringLiteral("rsa1024"), {QStringLiteral("-t"), QStringLiteral("rsa"),
                                               QStringLiteral("-b"), QStringLiteral("1024")});
        QVERIFY(!rsa.isEmpty());
        r = sign(run, QStringLiteral("1.1"), QStringLiteral("Ada"), rsa);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("has 1024 bits; golive accepts RSA keys of 2048"), r);
        r = roster(run,
                   {QStringLiteral("add"), QStringLiteral("Rex"), rsa + QStringLiteral(".pub")},
                   m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("has 1024 bits"), r);

        QCOMPARE(eventCount(run), 0);
    }

    void rosterChanges()
    {
        const QString run = rosterRun();
        QVERIFY(!run.isEmpty());
        const QStringList addCy{QStringLiteral("add"), QStringLiteral("Cy"),
                                m_cy + QStringLiteral(".pub")};
        Result r = roster(run, addCy, m_ivy, kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("only the incident-commander or the release-captain"), r);
        r = roster(run, addCy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("a change to the roster must itself be signed"), r);
        QCOMPARE(eventCount(run), 0);
        // Cy is not on the roster yet.
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Cy"), m_cy), 1);

        r = roster(run, addCy, m_ivy);
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, fingerprint(m_cy), r);
        r = cli({QStringLiteral("roster"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out, fingerprint(m_cy), r);
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Cy"), m_cy), 0);
        // The roster the run has now, as a file, is what ssh-keygen verifies Cy's sign-off by.
        const QString now = path(QStringLiteral("roster_now"));
        {
            QString error;
            const auto file = RunFile::open(run, RunFile::Access::ReadOnly, &error);
            QVERIFY2(file, qPrintable(error));
            QVERIFY(writeFile(now, file->roster().allowedSigners.toUtf8()));
        }
        QVERIFY(sshKeygenVerifies(run, QStringLiteral("Cy"), now));

        // Adding the same key twice is refused.
        r = roster(run, addCy, m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("already on the roster"), r);

        r = roster(run, {QStringLiteral("remove"), QStringLiteral("Cy")}, m_ivy);
        EXPECT_EXIT(r, 0);
        r = sign(run, QStringLiteral("1.2"), QStringLiteral("Cy"), m_cy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is not on this run's roster"), r);
        r = cli({QStringLiteral("roster"), QStringLiteral("--run"), run});
        QVERIFY2(!r.out.contains(fingerprint(m_cy)), r.describe().constData());
        EXPECT_IN(r.out, fingerprint(m_ada), r);

        r = roster(run, {QStringLiteral("remove"), QStringLiteral("Nobody")}, m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("no line of the roster is for exactly"), r);

        // From require-signatures on, an unsigned sign-off is refused.
        EXPECT_EXIT(sign(run, QStringLiteral("1.3"), QStringLiteral("Ada")), 0);
        r = roster(run, {QStringLiteral("require-signatures")}, m_ivy);
        EXPECT_EXIT(r, 0);
        r = cli({QStringLiteral("roster"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out, QStringLiteral("signatures required"), r);
        r = sign(run, QStringLiteral("1.4"), QStringLiteral("Ada"));
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("this run requires signed sign-offs"), r);
    }

    void rosterRolesBindKeys()
    {
        const QString run = rosterRun();
        QVERIFY(!run.isEmpty());
        Result r = cli({QStringLiteral("roster"), QStringLiteral("--help")});
        EXPECT_IN(r.out, QStringLiteral("--roles"), r);
        // Help text wraps: read it as one line.
        QVERIFY2(
            r.out.simplified().contains(QStringLiteral("any role but cannot change the roster")),
            r.describe().constData());

        // An unknown role writes nothing.
        r = roster(run,
                   {QStringLiteral("add"), QStringLiteral("Cy"), m_cy + QStringLiteral(".pub"),
                    QStringLiteral("--roles"), QStringLiteral("pilot")},
                   m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("pilot is not a role"), r);
        QCOMPARE(eventCount(run), 0);

        // Cy signs as an engineer only; Eli, added without roles, in any role.
        r = roster(run,
                   {QStringLiteral("add"), QStringLiteral("Cy"), m_cy + QStringLiteral(".pub"),
                    QStringLiteral("--roles"), kEng},
                   m_ivy);
        EXPECT_EXIT(r, 0);
        EXPECT_EXIT(
            roster(run,
                   {QStringLiteral("add"), QStringLiteral("Eli"), m_eli + QStringLiteral(".pub")},
                   m_ivy),
            0);
        QString text;
        {
            QString error;
            const auto file = RunFile::open(run, RunFile::Access::ReadOnly, &error);
            QVERIFY2(file, qPrintable(error));
            text = file->roster().allowedSigners;
        }
        QVERIFY2(text.contains(QStringLiteral("\nCy,role:engineer namespaces=\"golive\" ")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nEli namespaces=\"golive\" ")), qPrintable(text));

        // The listing says which roles each line signs in.
        r = cli({QStringLiteral("roster"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out, QStringLiteral("ROLES"), r);
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        auto rowOf = [&lines](const QString& fp) {
            for (const QString& l : lines) {
                if (l.contains(fp))
                    return l;
            }
            return QString();
        };
        QVERIFY2(rowOf(fingerprint(m_cy)).contains(QStringLiteral("engineer")), qPrintable(r.out));
        QVERIFY2(rowOf(fingerprint(m_ivy)).contains(QStringLiteral("incident-commander")),
                 qPrintable(r.out));
        QVERIFY2(rowOf(fingerprint(m_eli)).contains(QStringLiteral("any role but roster changes")),
                 qPrintable(r.out));

        const qsizetype before = eventCount(run);
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Cy"), m_cy), 0);
        r = sign(run, QStringLiteral("1.2"), QStringLiteral("Cy"), m_cy, kIc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("but not as incident-commander"), r);
        EXPECT_EXIT(sign(run, QStringLiteral("1.2"), QStringLiteral("Eli"), m_eli, kIc), 0);

        // Eli's line names no role: he cannot change the roster, even as the commander.
        r = cli({QStringLiteral("roster"), QStringLiteral("remove"), QStringLiteral("Cy"),
                 QStringLiteral("--as"), QStringLiteral("Eli"), QStringLiteral("--role"), kIc,
                 QStringLiteral("--run"), run, QStringLiteral("--key"), m_eli});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("but not to change the roster"), r);
        QCOMPARE(eventCount(run), before + 2);
    }

    void removeRefusesWhileAnotherLineStillAllows()
    {
        // Cy has a line of his own, and is also named in a line shared with "ops".
        const QString shared = path(QStringLiteral("shared_signers"));
        QVERIFY(writeFile(shared, rosterLine(QStringLiteral("Ivy,role:incident-commander"), m_ivy) +
                                      rosterLine(QStringLiteral("Cy"), m_cy) +
                                      rosterLine(QStringLiteral("Cy,ops"), m_eli) +
                                      rosterLine(QStringLiteral("A*"), m_ada)));
        const QString run = newRun({QStringLiteral("--allowed-signers"), shared});
        QVERIFY(!run.isEmpty());
        Result r = roster(run, {QStringLiteral("remove"), QStringLiteral("Cy")}, m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("through the line for Cy,ops"), r);
        EXPECT_IN(r.err, fingerprint(m_eli), r);
        QCOMPARE(eventCount(run), 0);
        // Cy still signs with his own key: nothing changed.
        EXPECT_EXIT(sign(run, QStringLiteral("1.1"), QStringLiteral("Cy"), m_cy), 0);

        // A line of its own, but a pattern still names her.
        const QString own = path(QStringLiteral("ann.pub"));
        QVERIFY(writeFile(own, readAll(m_bo + QStringLiteral(".pub"))));
        EXPECT_EXIT(roster(run, {QStringLiteral("add"), QStringLiteral("Ann"), own}, m_ivy), 0);
        r = roster(run, {QStringLiteral("remove"), QStringLiteral("Ann")}, m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("through the line for A*"), r);
        QCOMPARE(eventCount(run), 2);
    }

    void rosterChangesThatWouldLeaveNobodyInCharge()
    {
        // Ivy alone: removing her would empty the roster.
        const QString alone = path(QStringLiteral("ivy_signers"));
        QVERIFY(writeFile(alone, rosterLine(QStringLiteral("Ivy,role:incident-commander"), m_ivy)));
        QString run = newRun({QStringLiteral("--allowed-signers"), alone});
        QVERIFY(!run.isEmpty());
        Result r = roster(run, {QStringLiteral("remove"), QStringLiteral("Ivy")}, m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("a roster cannot be emptied"), r);
        QCOMPARE(eventCount(run), 0);

        // Ivy and Ada: removing Ivy leaves nobody who may change the roster.
        run = rosterRun();
        QVERIFY(!run.isEmpty());
        r = roster(run, {QStringLiteral("remove"), QStringLiteral("Ivy")}, m_ivy);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("the roster must keep someone who may change it"), r);
        QCOMPARE(eventCount(run), 0);
        r = cli({QStringLiteral("roster"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out, fingerprint(m_ivy), r);

        // A roster of comments only makes no run, whether signatures are required or not.
        const QString comments = path(QStringLiteral("comment_signers"));
        QVERIFY(writeFile(comments, "# the team, to be filled in\n\n# Ivy\n"));
        for (const bool required : {true, false}) {
            const QString out = path(QStringLiteral("nobody%1.golive").arg(required));
            QStringList args{QStringLiteral("new"),
                             QStringLiteral("--runbook"),
                             m_runbook,
                             QStringLiteral("--out"),
                             out,
                             QStringLiteral("--allowed-signers"),
                             comments};
            if (required)
                args << QStringLiteral("--require-signatures");
            r = cli(args);
            EXPECT_EXIT(r, 1);
            QVERIFY2(r.err.contains(QStringLiteral("nobody on it")) ||
                         r.err.contains(QStringLiteral("needs a roster")),
                     r.describe().constData());
            QVERIFY(!QFileInfo::exists(out));
        }
    }

    void agentGoneIsRefusedInWords()
    {
        Agent agent;
        QVERIFY(agent.start(m_work.path(), QStringLiteral("gone.sock")));
        const QString dan =
            keygen(QStringLiteral("dan"), {QStringLiteral("-t"), QStringLiteral("ed25519")});
        QVERIFY(!dan.isEmpty());
        QCOMPARE(
            runTool(QStringLiteral("ssh-add"), {QStringLiteral("-q"), dan}, agent.environment())
                .code,
            0);
        QVERIFY(QFile::remove(dan));
        const QString danRoster = path(QStringLiteral("dan_signers"));
        QVERIFY(writeFile(danRoster, rosterLine(QStringLiteral("Dan"), dan)));
        const QString run = newRun({QStringLiteral("--allowed-signers"), danRoster});
        QVERIFY(!run.isEmpty());

        qputenv("SSH_AUTH_SOCK", agent.socket().toLocal8Bit());
        EXPECT_EXIT(
            sign(run, QStringLiteral("1.1"), QStringLiteral("Dan"), dan + QStringLiteral(".pub")),
            0);
        agent.kill();
        const Result r =
            sign(run, QStringLiteral("1.2"), QStringLiteral("Dan"), dan + QStringLiteral(".pub"));
        qputenv("SSH_AUTH_SOCK", m_agent.socket().toLocal8Bit());
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("could not sign with"), r);
        QVERIFY2(r.err.contains(QStringLiteral("nothing was recorded"), Qt::CaseInsensitive),
                 r.describe().constData());
        QCOMPARE(eventCount(run), 1);
    }
};

QTEST_GUILESS_MAIN(TstSigningCli)
#include "tst_signing_cli.moc"
