// Many golive processes writing one run at once, as a team signing together does: every writer
// that waits its turn succeeds, nothing is lost, and the chain stays intact.
#include "CliProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

namespace {

constexpr int kWriters = 8;
constexpr int kWritesEach = 50;

} // namespace

class TstWriters : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QTemporaryDir m_work;

    QProcessEnvironment environment() const
    {
        return ::golive::test::cliEnvironment(m_home.path());
    }

    // Runs golive to the end; exit code, its stdout in *output (and its stderr after it when it
    // failed).
    int golive(const QStringList& args, QString* output) const
    {
        const ::golive::test::CliResult r = ::golive::test::runGolive(args, environment(), 120000);
        *output = r.code == -1 ? QStringLiteral("golive did not run to the end") : r.out;
        if (r.code != 0)
            *output += r.err;
        return r.code;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(m_work.isValid());
        QVERIFY2(QFile::exists(QStringLiteral(GOLIVE_BINARY)), GOLIVE_BINARY);
    }

    // Eight writers, each adding fifty notes one process at a time, all at once.
    void eightWritersAtOnce()
    {
        const QString run = m_work.filePath(QStringLiteral("team.golive"));
        QString output;
        QCOMPARE(golive({QStringLiteral("new"), QStringLiteral("--runbook"),
                         QStringLiteral(GOLIVE_SEED_RUNBOOK), QStringLiteral("--out"), run},
                        &output),
                 0);

        struct Lane
        {
            int next = 0;
            std::unique_ptr<QProcess> process;
        };
        std::vector<Lane> lanes(kWriters);
        QStringList failures;
        int running = 0;
        QEventLoop loop;
        QElapsedTimer clock;
        clock.start();

        std::function<void(int)> startNext = [&](int lane) {
            Lane& l = lanes[size_t(lane)];
            if (l.next == kWritesEach) {
                if (--running == 0)
                    loop.quit();
                return;
            }
            const QString text = QStringLiteral("writer %1 note %2").arg(lane).arg(l.next);
            ++l.next;
            l.process = std::make_unique<QProcess>();
            QProcess* p = l.process.get();
            p->setProcessEnvironment(environment());
            p->setProcessChannelMode(QProcess::MergedChannels);
            connect(p, &QProcess::finished, &loop,
                    [&, lane, p, text](int code, QProcess::ExitStatus status) {
                        if (status != QProcess::NormalExit || code != 0)
                            failures << QStringLiteral("%1: exit %2: %3")
                                            .arg(text)
                                            .arg(status == QProcess::NormalExit ? code : -2)
                                            .arg(QString::fromUtf8(p->readAll()).trimmed());
                        // Started from the event loop, not from inside this process's own signal.
                        QTimer::singleShot(0, &loop, [&startNext, lane] { startNext(lane); });
                    });
            p->start(QStringLiteral(GOLIVE_BINARY),
                     {QStringLiteral("note"), QStringLiteral("1.1"), QStringLiteral("--text"), text,
                      QStringLiteral("--as"), QStringLiteral("Writer %1").arg(lane),
                      QStringLiteral("--role"), QStringLiteral("engineer"),
                      QStringLiteral("--wait"), QStringLiteral("60"), QStringLiteral("--run"),
                      run});
        };
        running = kWriters;
        for (int lane = 0; lane < kWriters; ++lane)
            startNext(lane);
        QTimer::singleShot(300000, &loop, &QEventLoop::quit); // a bound, never the normal end
        loop.exec();
        qInfo("%d writes by %d processes took %.1f s", kWriters * kWritesEach, kWriters,
              clock.elapsed() / 1000.0);
        QVERIFY2(running == 0, "the writers did not finish within five minutes");
        QVERIFY2(failures.isEmpty(),
                 qPrintable(QStringLiteral("%1 of %2 writes failed:\n%3")
                                .arg(failures.size())
                                .arg(kWriters * kWritesEach)
                                .arg(failures.mid(0, 10).join(QLatin1Char('\n')))));

        // Every note is there exactly once, and the chain is intact.
        QCOMPARE(golive({QStringLiteral("status"), QStringLiteral("--json"),
                         QStringLiteral("--run"), run},
                        &output),
                 0);
        const QJsonObject status = QJsonDocument::fromJson(output.toUtf8()).object();
        const QJsonArray events = status.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), kWriters * kWritesEach);
        QSet<QString> texts;
        for (const QJsonValue& e : events)
            texts.insert(e.toObject().value(QStringLiteral("text")).toString());
        for (int lane = 0; lane < kWriters; ++lane) {
            for (int i = 0; i < kWritesEach; ++i) {
                const QString text = QStringLiteral("writer %1 note %2").arg(lane).arg(i);
                QVERIFY2(texts.contains(text), qPrintable(text + QStringLiteral(" is missing")));
            }
        }
        QCOMPARE(golive({QStringLiteral("verify"), QStringLiteral("--run"), run}, &output), 0);
        QVERIFY2(
            output.contains(QStringLiteral("ledger intact: %1 events").arg(kWriters * kWritesEach)),
            qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TstWriters)
#include "tst_writers.moc"
