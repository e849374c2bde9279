// Crash safety: a writer killed with SIGKILL at a random moment loses no acknowledged sign-off
// and leaves a chain that verifies.
#include "LedgerTestUtil.h"
#include "RunFile.h"

#include <QCoreApplication>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace golive;
using namespace golive::test;

namespace {

// Child mode: appends sign-offs (then notes) forever, printing "ACK <seq> <hash>" only once
// RunFile::append has returned, i.e. once the commit is durable.
int crashChild(const QString& path)
{
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
    if (!run) {
        std::printf("FAILED %s\n", qPrintable(error));
        std::fflush(stdout);
        return 1;
    }
    if (run->pragma(QStringLiteral("synchronous")) != QLatin1String("2") ||
        run->pragma(QStringLiteral("journal_mode")) != QLatin1String("wal")) {
        std::printf("FAILED the writer is not in WAL mode with synchronous=FULL\n");
        std::fflush(stdout);
        return 1;
    }
    const QList<const RunbookItem*> items = run->runbook().allItems();
    for (int i = 0; i < 100000; ++i) {
        SignOffEvent e;
        const RunbookItem* open = nullptr;
        for (const RunbookItem* item : items) {
            // The first open item an engineer may sign now (cutover steps wait for the GO).
            if (!run->state().item(item->id).isDone() && item->requiredRole.isEmpty() &&
                run->state().validate(makeEvent(EventKind::Signed, item->id,
                                                QStringLiteral("Crash Tester"), Role::Engineer),
                                      nullptr)) {
                open = item;
                break;
            }
        }
        if (open) {
            e = makeEvent(EventKind::Signed, open->id, QStringLiteral("Crash Tester"),
                          Role::Engineer);
        } else {
            e = makeEvent(EventKind::NoteAdded, items.at(i % items.size())->id,
                          QStringLiteral("Crash Tester"), Role::Engineer,
                          QStringLiteral("note %1").arg(i));
        }
        if (!run->append(e, &error)) {
            std::printf("FAILED %s\n", qPrintable(error));
            std::fflush(stdout);
            return 1;
        }
        std::printf("ACK %lld %s\n", e.seq, e.hash.constData());
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void killedWriterLosesNoAcknowledgedEvent()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("crash.golive"));
        QString error;
        QVERIFY2(RunFile::create(path, readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK)),
                                 QStringLiteral("summit-go-live-runbook.md"), &error),
                 qPrintable(error));

        QHash<qint64, QByteArray> acked;
        for (int round = 0; round < 5; ++round) {
            const int target = QRandomGenerator::global()->bounded(30, 121);
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("GOLIVE_CRASH_CHILD"), path);
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForStarted());
            int acks = 0;
            while (acks < target) {
                if (!child.canReadLine() && !child.waitForReadyRead(20000))
                    QFAIL(
                        qPrintable(QStringLiteral("child stopped after %1 acks: %2")
                                       .arg(acks)
                                       .arg(QString::fromLocal8Bit(child.readAllStandardError()))));
                while (child.canReadLine() && acks < target) {
                    const QList<QByteArray> parts = child.readLine().trimmed().split(' ');
                    QVERIFY2(parts.size() == 3 && parts.at(0) == "ACK",
                             parts.join(' ').constData());
                    acked.insert(parts.at(1).toLongLong(), parts.at(2));
                    ++acks;
                }
            }
            child.kill(); // SIGKILL, possibly in the middle of the next commit
            QVERIFY(child.waitForFinished());
            // Acks the child printed before it died count too.
            for (const QByteArray& line : child.readAllStandardOutput().split('\n')) {
                const QList<QByteArray> parts = line.trimmed().split(' ');
                if (parts.size() == 3 && parts.at(0) == "ACK")
                    acked.insert(parts.at(1).toLongLong(), parts.at(2));
            }

            // Read-only first: it must see the commits still sitting in the -wal.
            for (RunFile::Access access : {RunFile::Access::ReadOnly, RunFile::Access::ReadWrite}) {
                auto run = RunFile::open(path, access, &error);
                QVERIFY2(run, qPrintable(error));
                QVERIFY2(run->verification().intact(), qPrintable(run->verification().summary()));
                QVERIFY(run->verify().intact());
                QHash<qint64, QByteArray> onDisk;
                for (const SignOffEvent& e : run->events())
                    onDisk.insert(e.seq, e.hash);
                for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
                    QVERIFY2(onDisk.value(it.key()) == it.value(),
                             qPrintable(QStringLiteral("acknowledged event #%1 lost (round %2)")
                                            .arg(it.key())
                                            .arg(round)));
                }
                QVERIFY(run->events().size() >= acked.size());
                QCOMPARE(run->isReadOnly(), access == RunFile::Access::ReadOnly);
                if (access == RunFile::Access::ReadWrite) {
                    // What makes an acknowledged commit durable: WAL with synchronous=FULL (2)
                    // on the writing connection; NORMAL (1) or OFF (0) would lose acks.
                    QCOMPARE(run->pragma(QStringLiteral("synchronous")), QStringLiteral("2"));
                    QCOMPARE(run->pragma(QStringLiteral("journal_mode")), QStringLiteral("wal"));
                }
            }
            qInfo("round %d: killed after %d acks; %lld acknowledged events all present", round,
                  target, qint64(acked.size()));
        }
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The record of heads seen goes to a test folder, never the user's own.
    QStandardPaths::setTestModeEnabled(true);
    if (const QString path = qEnvironmentVariable("GOLIVE_CRASH_CHILD"); !path.isEmpty())
        return crashChild(path);
    TestCrashSafety test;
    return runTests(&test, argc, argv);
}

#include "tst_crashsafety.moc"
