// RunFile's lock: one writer at a time, waiting for it, other names of a run sharing it, and
// locks left behind by dead or vanished writers taken over or explained.
#include "RunFileTestFixture.h"

using namespace golive;
using namespace golive::test;

class TestRunFileLock : public QObject, public RunFileFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The record of heads seen goes to a test folder, never the user's own.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QDir(HeadRecord::directory()).removeRecursively());
        const RunbookParseResult seed = RunbookParser::parse(seedText(), QStringLiteral("seed"));
        QVERIFY2(seed.ok(), "the seed runbook must parse");
        QVERIFY(seed.runbook.allItems().size() >= 10);
    }

    void preferReadWriteFallsBackWhenHeld()
    {
        const QString path = newPath(QStringLiteral("prefer.golive"));
        auto holder = makeRun(path, 2);
        QVERIFY(holder);
        QString error;
        QString warning;
        auto run = RunFile::open(path, RunFile::Access::PreferReadWrite, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->isReadOnly());
        QCOMPARE(warning, QStringLiteral("%1 is open in another golive (pid %2 on %3): showing it "
                                         "read-only; sign-offs are disabled until it is closed "
                                         "there.")
                              .arg(QDir::toNativeSeparators(path))
                              .arg(QCoreApplication::applicationPid())
                              .arg(QSysInfo::machineHostName()));
        QCOMPARE(run->events().size(), 2);
        run.reset();
        holder.reset();
        run = RunFile::open(path, RunFile::Access::PreferReadWrite, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QVERIFY(warning.isEmpty());
    }

    void writerWaitsForTheLock()
    {
        const QString path = newPath(QStringLiteral("wait.golive"));
        QVERIFY(makeRun(path, 2));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GOLIVE_LOCK_CHILD"), path);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QVERIFY(child.waitForReadyRead(10000));
        QVERIFY(child.readLine().startsWith("LOCKED "));

        QString error;
        QElapsedTimer waited;
        waited.start();
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 300));
        QVERIFY(waited.elapsed() >= 250);
        QVERIFY2(error.contains(QStringLiteral("; waited 0.3 s for it to close. Close it there "
                                               "and try again.")),
                 qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("read-only")), qPrintable(error));

        // The holder closes while this writer waits: it gets the file.
        child.closeWriteChannel();
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 20000);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QVERIFY(child.waitForFinished());
    }

    void lockLeftByAnotherHost()
    {
        const QString path = newPath(QStringLiteral("foreign-lock.golive"));
        QVERIFY(makeRun(path, 1));
        {
            QFile lock(path + QStringLiteral(".lock"));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            lock.write("4242\ngolive\nbuild-box-7\n");
        }
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("is open in another golive (pid 4242 on "
                                               "build-box-7)")),
                 qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("If golive is no longer running on build-box-7, "
                                               "the lock was left behind: after checking that, "
                                               "delete %1.lock and try again.")
                                    .arg(QDir::toNativeSeparators(path))),
                 qPrintable(error));
        QVERIFY(QFile::remove(path + QStringLiteral(".lock")));
        QVERIFY2(RunFile::open(path, RunFile::Access::ReadWrite, &error), qPrintable(error));
    }

    void lockedBySameProcess()
    {
        const QString path = newPath(QStringLiteral("locked.golive"));
        auto first = makeRun(path, 2);
        QVERIFY(first);
        const Fingerprint before = fingerprint(path);
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QCOMPARE(error, QStringLiteral("%1 is open in another golive (pid %2 on %3). Close it "
                                       "there and try again.")
                            .arg(QDir::toNativeSeparators(path))
                            .arg(QCoreApplication::applicationPid())
                            .arg(QSysInfo::machineHostName()));
        // Read-only works, and sees what the writer committed (still in its WAL).
        auto reader = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QVERIFY(reader->isReadOnly());
        QCOMPARE(reader->events().size(), 2);
        QVERIFY(reader->verification().intact());
        QVERIFY(fingerprint(path) == before);
        // Closing the writer frees the file.
        first.reset();
        reader.reset();
        QVERIFY2(RunFile::open(path, RunFile::Access::ReadWrite, &error), qPrintable(error));
    }

    // Another name of the same run (a symlink, a path through "..", a hard link) never gets a
    // lock of its own: a second writer through it is refused while the first holds the run,
    // and a run with two hard links is only read, since a hard link cannot be resolved.
    void otherNamesShareTheLock()
    {
        const QString path = newPath(QStringLiteral("named.golive"));
        auto first = makeRun(path, 2);
        QVERIFY(first);
        const QFileInfo fi(path);
        const QString link = fi.absolutePath() + QStringLiteral("/named-link.golive");
        QVERIFY(QFile::link(path, link));
        QDir(fi.absolutePath()).mkdir(QStringLiteral("sub"));
        const QString dotted = fi.absolutePath() + QStringLiteral("/sub/../named.golive");
        QString error;
        for (const QString& other : {link, dotted}) {
            QVERIFY2(!RunFile::open(other, RunFile::Access::ReadWrite, &error), qPrintable(other));
            QVERIFY2(error.contains(QStringLiteral("is open in another golive")),
                     qPrintable(error));
        }
        first.reset();
        auto viaLink = RunFile::open(link, RunFile::Access::ReadWrite, &error);
        QVERIFY2(viaLink && !viaLink->isReadOnly(), qPrintable(error));
        QVERIFY(QFileInfo::exists(path + QStringLiteral(".lock")));
        QVERIFY(!QFileInfo::exists(link + QStringLiteral(".lock")));
        viaLink.reset();

        const QString hard = fi.absolutePath() + QStringLiteral("/named-hard.golive");
        QCOMPARE(::link(QFile::encodeName(path).constData(), QFile::encodeName(hard).constData()),
                 0);
        QString warning;
        for (const QString& name : {path, hard}) {
            auto run = RunFile::open(name, RunFile::Access::ReadWrite, &error, &warning);
            QVERIFY2(run, qPrintable(error));
            QVERIFY2(run->isReadOnly(), qPrintable(name));
            QVERIFY2(warning.contains(QStringLiteral("has 2 names (hard links)")),
                     qPrintable(warning));
        }
        QVERIFY(QFile::remove(hard));
        auto again = RunFile::open(path, RunFile::Access::ReadWrite, &error, &warning);
        QVERIFY2(again && !again->isReadOnly(), qPrintable(error + warning));
    }

    void lockedByAnotherProcess()
    {
        const QString path = newPath(QStringLiteral("locked-child.golive"));
        QVERIFY(makeRun(path, 2));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GOLIVE_LOCK_CHILD"), path);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QVERIFY(child.waitForReadyRead(10000));
        const QByteArray line = child.readLine().trimmed();
        QVERIFY2(line.startsWith("LOCKED "), line.constData());
        const qint64 pid = line.mid(7).toLongLong();
        QCOMPARE(pid, child.processId());

        const Fingerprint before = fingerprint(path);
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("is open in another golive (pid %1 on ").arg(pid)),
                 qPrintable(error));
        QVERIFY(fingerprint(path) == before);
        QVERIFY2(RunFile::open(path, RunFile::Access::ReadOnly, &error), qPrintable(error));

        // A writer that dies leaves a stale lock: the next opener takes over.
        child.kill();
        QVERIFY(child.waitForFinished());
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
    }

    // A golive killed between creating its lock file and filling it leaves an empty file that
    // names no process and that nobody holds: the next writer takes it over.
    void emptyLockIsTakenOver_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("\x01\xff not a lock\n", 15);
        QTest::newRow("pid 0") << QByteArray("0\ngolive\n\n");
    }

    void emptyLockIsTakenOver()
    {
        QFETCH(QByteArray, contents);
        const QString path = newPath(QStringLiteral("empty-lock-%1.golive")
                                         .arg(QString::fromUtf8(QTest::currentDataTag())
                                                  .replace(QLatin1Char(' '), QLatin1Char('-'))));
        QVERIFY(makeRun(path, 1));
        const QString lockPath = path + QStringLiteral(".lock");
        const auto leaveLock = [&](const QDateTime& modified) {
            QFile lock(lockPath);
            QVERIFY(lock.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(lock.write(contents), contents.size());
            lock.close();
            QVERIFY(lock.open(QIODevice::ReadWrite));
            QVERIFY(lock.setFileTime(modified, QFileDevice::FileModificationTime));
        };
        // Left a minute ago: taken over at once, without waiting.
        leaveLock(QDateTime::currentDateTime().addSecs(-60));
        QString error;
        QElapsedTimer clock;
        clock.start();
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QVERIFY(!run->isReadOnly());
            QVERIFY(clock.elapsed() < 1000);
            SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(3));
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        QVERIFY(!QFileInfo::exists(lockPath));
        // Left just now: it might be a lock being written this instant, so a writer that may
        // wait gives it a moment, then takes it over.
        leaveLock(QDateTime::currentDateTime());
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 10000);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QCOMPARE(run->events().size(), 2);
    }

    // A lock naming a process that is gone is stale at once.
    void deadOwnersLockIsTakenOver()
    {
        const QString path = newPath(QStringLiteral("dead-lock.golive"));
        QVERIFY(makeRun(path, 1));
        QProcess gone;
        gone.start(QStringLiteral("true"), {});
        QVERIFY(gone.waitForFinished());
        const qint64 pid = gone.processId() > 0 ? gone.processId() : 999999;
        {
            QFile lock(path + QStringLiteral(".lock"));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            lock.write(QStringLiteral("%1\ngolive\n%2\n")
                           .arg(pid)
                           .arg(QSysInfo::machineHostName())
                           .toUtf8());
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
    }

    // A lock that names no process but IS held (here through flock(1), as a golive holds it while
    // it writes the lock): it cannot be judged left behind, so the writer is told the way out.
    void heldLockNamingNoProcessExplainsTheWayOut()
    {
        const QString path = newPath(QStringLiteral("held-empty-lock.golive"));
        QVERIFY(makeRun(path, 1));
        const QString lockPath = path + QStringLiteral(".lock");
        QProcess holder;
        // One process that takes the flock and then becomes `sleep`, still holding it.
        holder.start(QStringLiteral("sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("exec 9>>\"$1\" && flock 9 && exec sleep 30"),
                      QStringLiteral("sh"), lockPath});
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY(QFileInfo::exists(lockPath));
        QTest::qWait(1200); // older than a lock being written
        const Fingerprint before = fingerprint(path);
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 300));
        holder.kill();
        holder.waitForFinished();
        QCOMPARE(error,
                 QStringLiteral("%1 is open in another golive on this computer (its lock %2 names "
                                "no process); waited 0.3 s for it to close. Close it there and "
                                "try again. If no golive has this run open (check every computer "
                                "that opens it), the lock was left behind: delete %2 and try "
                                "again.")
                     .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(lockPath)));
        QVERIFY(fingerprint(path) == before);
        // Once its holder is gone, the same lock is taken over.
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    if (const QString path = qEnvironmentVariable("GOLIVE_LOCK_CHILD"); !path.isEmpty())
        return lockChild(path);
    TestRunFileLock test;
    return runTests(&test, argc, argv);
}

#include "tst_runfile_lock.moc"
