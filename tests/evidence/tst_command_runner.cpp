// Commands run from the runbook (CommandRunner): exit codes, a command that never ends, Stop,
// a flood of output, binary output, a missing command or shell, redaction, and the journal an
// interrupted run leaves.
#include "evidence/CommandRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

using namespace golive;

namespace {

struct Finished
{
    CommandRecord record;
    QString spool;
    QString journal;
    QByteArray output;
};

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A process that is gone (or a zombie waiting for its reaper, which cannot run anything).
bool alive(qint64 pid)
{
    const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.isEmpty())
        return false;
    const qsizetype close = stat.lastIndexOf(')');
    return close >= 0 && stat.size() > close + 2 && stat.at(close + 2) != 'Z';
}

} // namespace

class TestCommandRunner : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    CommandSpec spec(const QString& command)
    {
        CommandSpec s;
        s.itemId = QStringLiteral("1.1");
        s.block = 1;
        s.command = command;
        s.workingDir = m_dir.path();
        s.shell = QStringLiteral("/bin/sh");
        s.timeoutSeconds = 60;
        s.journalFolder = m_dir.filePath(QStringLiteral("running"));
        s.runId = QStringLiteral("run-1");
        s.actor.name = QStringLiteral("Ana");
        s.actor.role = Role::ReleaseCaptain;
        return s;
    }

    std::optional<Finished> run(const CommandSpec& s, int waitMs = 30000,
                                QList<QByteArray>* live = nullptr)
    {
        CommandRunner runner;
        QSignalSpy done(&runner, &CommandRunner::finished);
        Finished f;
        connect(&runner, &CommandRunner::output, this, [&](const QByteArray& bytes, qint64) {
            f.output += bytes;
            if (live)
                live->append(bytes);
        });
        QString error;
        if (!runner.start(s, &error)) {
            qWarning("%s", qPrintable(error));
            return std::nullopt;
        }
        if (!done.wait(waitMs) && done.isEmpty())
            return std::nullopt;
        f.record = done.first().at(0).value<CommandRecord>();
        f.spool = done.first().at(1).toString();
        f.journal = done.first().at(2).toString();
        return f;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void exitCodeAndMergedOutput()
    {
        const auto f = run(spec(QStringLiteral("printf 'out\\n'; echo err >&2; pwd; exit 3")));
        QVERIFY(f);
        QCOMPARE(f->record.outcome, CommandOutcome::Exited);
        QCOMPARE(f->record.exitCode, 3);
        QCOMPARE(f->record.shell, QStringLiteral("/bin/sh"));
        QCOMPARE(f->record.block, 1);
        const QByteArray expected =
            "out\nerr\n" + QDir(m_dir.path()).canonicalPath().toUtf8() + '\n';
        QCOMPARE(readAll(f->spool), expected);
        QCOMPARE(f->output, expected);
        QCOMPARE(f->record.outputBytes, expected.size());
        QVERIFY(!f->record.truncated);
        QVERIFY(f->record.endUtc >= f->record.startUtc);
        QVERIFY(QFile::exists(f->journal));
        // The journal stays until the event is recorded, then goes with its output.
        QString error;
        QVERIFY(CommandJournal::remove(f->journal, &error));
        QVERIFY(!QFile::exists(f->journal));
        QVERIFY(!QFile::exists(f->spool));
    }

    void missingCommandIsExit127()
    {
        const auto f = run(spec(QStringLiteral("golive-no-such-command-anywhere --flag")));
        QVERIFY(f);
        QCOMPARE(f->record.outcome, CommandOutcome::Exited);
        QCOMPARE(f->record.exitCode, 127);
        QVERIFY(readAll(f->spool).contains("not found"));
    }

    void missingShellFailsToStart()
    {
        CommandSpec s = spec(QStringLiteral("true"));
        s.shell = m_dir.filePath(QStringLiteral("no-such-shell"));
        const auto f = run(s);
        QVERIFY(f);
        QCOMPARE(f->record.outcome, CommandOutcome::FailedToStart);
        QCOMPARE(f->record.exitCode, -1);
        QVERIFY(readAll(f->spool).contains("could not be started"));
    }

    void killedByAnotherSignalIsCrashed()
    {
        const auto f = run(spec(QStringLiteral("echo before; kill -KILL $$")));
        QVERIFY(f);
        QCOMPARE(f->record.outcome, CommandOutcome::Crashed);
        QCOMPARE(readAll(f->spool), QByteArray("before\n"));
    }

    void refusesWhatCannotRun()
    {
        CommandRunner runner;
        QString error;
        CommandSpec s = spec(QStringLiteral("true"));
        s.workingDir = m_dir.filePath(QStringLiteral("missing"));
        QVERIFY(!runner.start(s, &error));
        QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
        s = spec(QStringLiteral("true"));
        s.redactionPatterns = {QStringLiteral("([")};
        QVERIFY(!runner.start(s, &error));
        QVERIFY2(error.contains(QStringLiteral("does not compile")), qPrintable(error));
        QVERIFY(!runner.isRunning());
    }

    // A command that never ends is killed at its timeout, with everything it started, even
    // what ignores SIGTERM (SIGKILL follows 3 s later).
    void timeoutKillsTheWholeGroup_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("minMs");
        QTest::newRow("plain") << QString() << 1900;
        QTest::newRow("ignores TERM") << QStringLiteral("trap '' TERM; ") << 4500;
    }
    void timeoutKillsTheWholeGroup()
    {
        QFETCH(QString, prefix);
        QFETCH(int, minMs);
        const QString pidFile = m_dir.filePath(QStringLiteral("sleep.pid"));
        QFile::remove(pidFile);
        CommandSpec s = spec(prefix + QStringLiteral("sleep 1000 & echo $! > '%1'; echo waiting; "
                                                     "wait")
                                          .arg(pidFile));
        s.timeoutSeconds = prefix.isEmpty() ? 2 : 1;
        QElapsedTimer clock;
        clock.start();
        const auto f = run(s, 20000);
        QVERIFY(f);
        QCOMPARE(f->record.outcome, CommandOutcome::TimedOut);
        QCOMPARE(f->record.exitCode, -1);
        QVERIFY2(clock.elapsed() >= (prefix.isEmpty() ? 1900 : 3900),
                 qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(clock.elapsed() < minMs + 5000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(readAll(f->spool), QByteArray("waiting\n"));
        const qint64 pid = readAll(pidFile).trimmed().toLongLong();
        QVERIFY(pid > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 5000);
    }

    void stopMidRun()
    {
        CommandRunner runner;
        QSignalSpy done(&runner, &CommandRunner::finished);
        QByteArray seen;
        connect(&runner, &CommandRunner::output, this,
                [&](const QByteArray& bytes, qint64) { seen += bytes; });
        QString error;
        QVERIFY2(runner.start(spec(QStringLiteral("echo started; sleep 1000; echo never")), &error),
                 qPrintable(error));
        QVERIFY(runner.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains("started"), 10000);
        QElapsedTimer clock;
        clock.start();
        runner.stop();
        QVERIFY(done.wait(10000));
        QVERIFY(clock.elapsed() < 3000); // SIGTERM sufficed
        const auto record = done.first().at(0).value<CommandRecord>();
        QCOMPARE(record.outcome, CommandOutcome::Stopped);
        QCOMPARE(readAll(done.first().at(1).toString()), QByteArray("started\n"));
        QVERIFY(!runner.isRunning());
    }

    // 200 MB of output: what is kept is the cap (its first 80 % and last 20 %) with a note
    // where it was cut; the live signals stay small and about ten a second.
    void floodIsCappedAndTheLiveViewBounded_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<char>("filler");
        QTest::newRow("one long line")
            << QStringLiteral("head -c 200000000 /dev/zero | tr '\\0' x") << 'x';
        QTest::newRow("many lines") << QStringLiteral("yes | head -c 200000000") << 'y';
    }
    void floodIsCappedAndTheLiveViewBounded()
    {
        QFETCH(QString, command);
        QFETCH(char, filler);
        CommandSpec s = spec(command + QStringLiteral("; echo; echo the end"));
        s.maxOutputBytes = 1024 * 1024;
        QList<QByteArray> live;
        QElapsedTimer clock;
        clock.start();
        const auto f = run(s, 120000, &live);
        QVERIFY(f);
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(f->record.outcome, CommandOutcome::Exited);
        QCOMPARE(f->record.outputBytes, 200000000 + 1 + 8);
        QVERIFY(f->record.truncated);
        const QByteArray kept = readAll(f->spool);
        const qint64 head = s.maxOutputBytes - s.maxOutputBytes / 5;
        const qint64 tail = s.maxOutputBytes / 5;
        const QByteArray note = "\n[golive: " + QByteArray::number(200000009 - head - tail) +
                                " bytes of output cut here]\n";
        QCOMPARE(kept.size(), head + note.size() + tail);
        if (filler == 'x')
            QCOMPARE(kept.left(head), QByteArray(head, 'x'));
        else
            QCOMPARE(kept.left(head), QByteArray("y\n").repeated(head / 2 + 1).left(head));
        QCOMPARE(kept.mid(head, note.size()), note);
        QVERIFY(kept.endsWith("\nthe end\n"));
        qint64 liveBytes = 0;
        for (const QByteArray& b : std::as_const(live)) {
            QVERIFY(b.size() <= 64 * 1024);
            liveBytes += b.size();
        }
        QVERIFY(liveBytes < 200000000 / 4);
        QVERIFY2(live.size() <= elapsed / 100 + 10,
                 qPrintable(QStringLiteral("%1 signals in %2 ms").arg(live.size()).arg(elapsed)));
        QVERIFY(live.last().endsWith("the end\n"));
        qInfo("200 MB in %lld ms, %lld live signals", elapsed, qint64(live.size()));
    }

    void binaryOutputKeptAsIs()
    {
        const QString copy = m_dir.filePath(QStringLiteral("random.bin"));
        const auto f = run(spec(QStringLiteral("head -c 65536 /dev/urandom | tee '%1'").arg(copy)));
        QVERIFY(f);
        QCOMPARE(f->record.outcome, CommandOutcome::Exited);
        QCOMPARE(f->record.outputBytes, 65536);
        if (f->record.redactions == 0) // random bytes that happen to read "pwd=x" are replaced
            QCOMPARE(readAll(f->spool), readAll(copy));
    }

    void redactionsAreCountedAndNeverStored()
    {
        const auto f = run(spec(QStringLiteral(
            "echo 'password=hun''ter2'; echo 'Authorization: Bearer abc'; echo plain; "
            "printf 'no newline token=zzz'")));
        QVERIFY(f);
        // Three in the output, two in the command's own text (its password and its header).
        QCOMPARE(f->record.redactions, 5);
        const QByteArray kept = readAll(f->spool);
        QCOMPARE(kept, QByteArray("password=[REDACTED]\nAuthorization: [REDACTED]\nplain\n"
                                  "no newline token=[REDACTED]"));
        QVERIFY(!f->output.contains("hunter2"));
        QVERIFY(!readAll(f->journal).contains("hunter2"));
    }

    // golive ending while a command runs leaves its journal; the next start records it as
    // interrupted, with the output so far.
    void abandonedRunIsLeftOverAsInterrupted()
    {
        CommandSpec s = spec(QStringLiteral("echo partial output; sleep 1000"));
        s.runId = QStringLiteral("run-left");
        {
            CommandRunner runner;
            QByteArray seen;
            connect(&runner, &CommandRunner::output, this,
                    [&](const QByteArray& bytes, qint64) { seen += bytes; });
            QString error;
            QVERIFY(runner.start(s, &error));
            QTRY_VERIFY_WITH_TIMEOUT(seen.contains("partial"), 10000);
        } // destroyed while running
        QStringList problems;
        const QList<JournalEntry> left =
            CommandJournal::leftOver(s.journalFolder, QStringLiteral("run-left"), &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(left.size(), 1);
        const JournalEntry& e = left.first();
        QCOMPARE(e.record.outcome, CommandOutcome::Interrupted);
        // Taken up: held by this entry, so no other golive takes it up at the same time.
        QVERIFY(CommandJournal::leftOver(s.journalFolder, QStringLiteral("run-left"), &problems)
                    .isEmpty());
        QCOMPARE(e.record.command, s.command);
        QCOMPARE(e.spec.itemId, QStringLiteral("1.1"));
        QCOMPARE(e.spec.actor.name, QStringLiteral("Ana"));
        QCOMPARE(e.spec.actor.role, Role::ReleaseCaptain);
        QCOMPARE(readAll(e.spoolPath), QByteArray("partial output\n"));
        QVERIFY(e.record.endUtc >= e.record.startUtc);
        // Other runs' journals are not this run's.
        QVERIFY(CommandJournal::leftOver(s.journalFolder, QStringLiteral("other"), &problems)
                    .isEmpty());
        QString error;
        QVERIFY(CommandJournal::remove(e.jsonPath, &error));
        QVERIFY(CommandJournal::leftOver(s.journalFolder, QStringLiteral("run-left"), &problems)
                    .isEmpty());
    }

    // Two commands of one run at once (two golive exec): neither takes the other's journal for
    // left over while it runs or before its event is recorded, and both keep their output.
    void concurrentRunnersKeepTheirJournals()
    {
        CommandSpec a = spec(QStringLiteral("echo A; sleep 2; echo A-ok"));
        a.runId = QStringLiteral("run-both");
        CommandRunner first;
        QSignalSpy firstDone(&first, &CommandRunner::finished);
        QByteArray seen;
        connect(&first, &CommandRunner::output, this,
                [&](const QByteArray& bytes, qint64) { seen += bytes; });
        QString error;
        QVERIFY2(first.start(a, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains("A"), 10000);
        QStringList problems;
        QVERIFY(CommandJournal::leftOver(a.journalFolder, a.runId, &problems).isEmpty());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        CommandSpec b = spec(QStringLiteral("echo B"));
        b.runId = a.runId;
        CommandRunner second;
        QSignalSpy secondDone(&second, &CommandRunner::finished);
        QVERIFY2(second.start(b, &error), qPrintable(error));
        QVERIFY(secondDone.wait(10000));
        // Finished but not yet recorded: still not left over.
        QVERIFY(CommandJournal::leftOver(a.journalFolder, a.runId, &problems).isEmpty());
        const QString bSpool = secondDone.first().at(1).toString();
        const QString bJournal = secondDone.first().at(2).toString();
        QCOMPARE(readAll(bSpool), QByteArray("B\n"));
        QVERIFY(CommandJournal::remove(bJournal, &error));

        QVERIFY(firstDone.wait(10000));
        const auto record = firstDone.first().at(0).value<CommandRecord>();
        QCOMPARE(record.outcome, CommandOutcome::Exited);
        QCOMPARE(readAll(firstDone.first().at(1).toString()), QByteArray("A\nA-ok\n"));
        QVERIFY(QFile::exists(firstDone.first().at(2).toString()));
        QVERIFY(CommandJournal::remove(firstDone.first().at(2).toString(), &error));
        QVERIFY(CommandJournal::leftOver(a.journalFolder, a.runId, &problems).isEmpty());
        QVERIFY(problems.isEmpty());
    }

    // The journal's lock goes with whoever records it: taken from the runner, it still keeps
    // the journal from others (while its output is stored), and once dropped (the event could
    // not be recorded) the journal is left over for the next open, even while the runner lives.
    void theJournalLockIsHandedOver()
    {
        CommandSpec a = spec(QStringLiteral("echo handed"));
        a.runId = QStringLiteral("run-handed");
        CommandRunner runner;
        QSignalSpy done(&runner, &CommandRunner::finished);
        QString error;
        QVERIFY2(runner.start(a, &error), qPrintable(error));
        QVERIFY(done.wait(10000));
        QStringList problems;
        std::shared_ptr<const int> lock = runner.takeJournalLock();
        QVERIFY(lock);
        QVERIFY(!runner.takeJournalLock()); // handed over once
        QVERIFY(CommandJournal::leftOver(a.journalFolder, a.runId, &problems).isEmpty());
        lock.reset();
        const QList<JournalEntry> left =
            CommandJournal::leftOver(a.journalFolder, a.runId, &problems);
        QCOMPARE(left.size(), 1);
        QVERIFY(CommandJournal::remove(left.first().jsonPath, &error));
    }

    // A journal removed while its command runs (its event recorded elsewhere) is not made
    // again by the runner bringing its counts up to date.
    void removedJournalIsNotMadeAgain()
    {
        CommandSpec s = spec(QStringLiteral("for i in 1 2 3 4; do echo $i; sleep 0.6; done"));
        s.runId = QStringLiteral("run-removed");
        s.journalFolder = m_dir.filePath(QStringLiteral("removed"));
        CommandRunner runner;
        QSignalSpy done(&runner, &CommandRunner::finished);
        QByteArray seen;
        connect(&runner, &CommandRunner::output, this,
                [&](const QByteArray& bytes, qint64) { seen += bytes; });
        QString error;
        QVERIFY(runner.start(s, &error));
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains("1"), 10000);
        const QStringList journals =
            QDir(s.journalFolder).entryList({QStringLiteral("*.json")}, QDir::Files);
        QCOMPARE(journals.size(), 1);
        const QString json = QDir(s.journalFolder).filePath(journals.first());
        QVERIFY(QFile::remove(json));
        QVERIFY(done.wait(10000));
        QVERIFY(!QFile::exists(json));
        CommandJournal::remove(json, &error);
    }

    // The journal is the user's alone, whatever the umask.
    void journalIsOwnerOnly()
    {
        CommandSpec s = spec(QStringLiteral("echo token=abc; sleep 1.5"));
        s.journalFolder = m_dir.filePath(QStringLiteral("private"));
        const mode_t oldMask = ::umask(0);
        CommandRunner runner;
        QSignalSpy done(&runner, &CommandRunner::finished);
        QString error;
        const bool started = runner.start(s, &error);
        QTest::qWait(1200); // the journal's counts and tail rewritten at least once
        ::umask(oldMask);
        QVERIFY2(started, qPrintable(error));
        const auto mode = [](const QString& path) {
            struct stat st = {};
            return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777)
                                                                         : -1;
        };
        QCOMPARE(mode(s.journalFolder), 0700);
        const QFileInfoList files = QDir(s.journalFolder).entryInfoList(QDir::Files);
        QVERIFY(files.size() >= 3); // .json, .out, .lock
        for (const QFileInfo& f : files)
            QVERIFY2(mode(f.absoluteFilePath()) == 0600, qPrintable(f.fileName()));
        QVERIFY(done.wait(10000));
        QVERIFY(CommandJournal::remove(done.first().at(2).toString(), &error));
    }

    // A session of its own: no controlling terminal (a read from /dev/tty fails at once
    // instead of stopping the command), and its group is its pid, so Stop still ends it all.
    void commandHasASessionOfItsOwn()
    {
        const auto f = run(spec(QStringLiteral("{ read x </dev/tty; } 2>/dev/null; echo rc=$?; "
                                               "echo sid=$(cut -d' ' -f6 /proc/$$/stat) "
                                               "pid=$$")));
        QVERIFY(f);
        const QByteArray out = readAll(f->spool);
        QVERIFY2(out.startsWith("rc=") && !out.startsWith("rc=0"), out.constData());
        const QList<QByteArray> words = out.split('\n').value(1).split(' ');
        QCOMPARE(words.size(), 2);
        const QByteArray sid = words.at(0).mid(4);
        QVERIFY2(sid != QByteArray::number(qint64(::getsid(0))), out.constData());
        QCOMPARE(sid, words.at(1).mid(4));
    }

    // A secret in the command's own text is redacted in the record and the journal, and
    // counted; the command run is the one given.
    void commandTextIsRedacted()
    {
        const auto f = run(spec(QStringLiteral(
            "curl --version >/dev/null 2>&1; echo 'Authorization: Bearer sekrit' | wc -c")));
        QVERIFY(f);
        QVERIFY(!f->record.command.contains(QLatin1String("sekrit")));
        QVERIFY(f->record.command.contains(QLatin1String("Authorization: [REDACTED]")));
        QCOMPARE(f->record.redactions, 1);
        QCOMPARE(readAll(f->spool).trimmed(), QByteArray("29"));
        QVERIFY(!readAll(f->journal).contains("sekrit"));
        QString error;
        QVERIFY(CommandJournal::remove(f->journal, &error));
    }
};

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_command_runner.moc"
