// A run file opened with its chain check deferred (RunLedger::VerifyAt::Later, what the window's
// worker does so the run shows sooner): until finishVerification() nothing is called intact and
// nothing is recorded, and the check then says exactly what a check at open would have said.
#include "RunFileTestFixture.h"

#include <QBuffer>

using namespace golive;
using namespace golive::test;

namespace {

// The fields a check at open and a deferred check must agree on.
void compareVerifications(const ChainVerification& got, const ChainVerification& want)
{
    QCOMPARE(got.pending, want.pending);
    QCOMPARE(got.intact(), want.intact());
    QCOMPARE(got.summary(), want.summary());
    QCOMPARE(got.eventCount, want.eventCount);
    QCOMPARE(got.head, want.head);
    QCOMPARE(got.breaks.size(), want.breaks.size());
    for (qsizetype i = 0; i < got.breaks.size(); ++i) {
        QCOMPARE(got.breaks.at(i).seq, want.breaks.at(i).seq);
        QCOMPARE(got.breaks.at(i).problem, want.breaks.at(i).problem);
        QCOMPARE(got.breaks.at(i).contentHash, want.breaks.at(i).contentHash);
    }
    QCOMPARE(got.acknowledgementKey(), want.acknowledgementKey());
}

} // namespace

class TestRunFileDeferred : public QObject, public RunFileFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QDir(HeadRecord::directory()).removeRecursively());
    }

    // Before the check: folded, but neither intact nor broken, and nothing is appended, not
    // even an acknowledgement. After it: intact, and signing goes on.
    void nothingIsRecordedUntilChecked()
    {
        const QString path = newPath(QStringLiteral("intact.golive"));
        QVERIFY(makeRun(path, 4));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 0,
                                 RunLedger::VerifyAt::Later);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 4); // folded already: the window can show them
        QVERIFY(run->verificationPending());
        const ChainVerification& before = run->verification();
        QVERIFY(before.pending);
        QVERIFY(!before.intact());
        QVERIFY(before.breaks.isEmpty());
        QCOMPARE(before.eventCount, 4);
        QCOMPARE(before.head, run->events().constLast().hash);
        QCOMPARE(before.summary(), QStringLiteral("ledger not verified yet: 4 events, being "
                                                  "checked"));
        QVERIFY(before.acknowledgementKey().isEmpty());

        const QList<const RunbookItem*> items = run->runbook().allItems();
        SignOffEvent sign = signEvent(run->state(), items.at(4));
        QVERIFY(!run->append(sign, &error));
        QCOMPARE(error, QStringLiteral("%1 is still being verified: nothing is recorded until its "
                                       "ledger has been checked. Nothing was recorded.")
                            .arg(path));
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                                     Role::IncidentCommander, QStringLiteral("nothing to see"));
        QVERIFY(!run->append(ack, &error));
        QVERIFY2(error.contains(QStringLiteral("still being verified")), qPrintable(error));
        // Evidence is refused before a byte of it is read or kept.
        QByteArray bytes("smoke test output\n");
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent evidence =
            makeEvent(EventKind::EvidenceAttached, items.at(4)->id, QStringLiteral("Ana"),
                      Role::Engineer, QStringLiteral("smoke.log"));
        QVERIFY(
            !run->appendWithBlob(evidence, &source, QStringLiteral("smoke.log"), 1 << 20, &error));
        QVERIFY2(error.contains(QStringLiteral("still being verified")), qPrintable(error));
        QCOMPARE(source.pos(), 0);
        QCOMPARE(RawDb(path).value(QStringLiteral("SELECT COUNT(*) FROM blobs")).toInt(), 0);
        QCOMPARE(RawDb(path).value(QStringLiteral("SELECT COUNT(*) FROM events")).toInt(), 4);

        run->finishVerification();
        QVERIFY(!run->verificationPending());
        QVERIFY2(run->verification().intact(), qPrintable(run->verification().summary()));
        QCOMPARE(run->verification().eventCount, 4);
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        QCOMPARE(sign.seq, 5);
        QVERIFY(run->verify().intact());
        // A second call has nothing left to check and changes nothing.
        run->finishVerification();
        QCOMPARE(run->verification().eventCount, 5);
        QCOMPARE(run->verification().head, sign.hash);
    }

    // This computer's record of the head seen is written by the check, never before it: an open
    // let go before its check leaves the record as it was.
    void headRecordWaitsForTheCheck()
    {
        const QString path = newPath(QStringLiteral("record.golive"));
        QString runId;
        {
            auto run = makeRun(path, 2);
            QVERIFY(run);
            runId = run->runId();
        }
        QVERIFY(QFile::remove(HeadRecord::fileFor(runId)));
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error, nullptr, 0,
                                     RunLedger::VerifyAt::Later);
            QVERIFY2(run, qPrintable(error));
        }
        QVERIFY(!HeadRecord::read(runId));
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error, nullptr, 0,
                                 RunLedger::VerifyAt::Later);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!HeadRecord::read(runId));
        run->finishVerification();
        const std::optional<SeenHead> seen = HeadRecord::read(runId);
        QVERIFY(seen);
        QCOMPARE(seen->eventCount, 2);
        QCOMPARE(seen->head, run->events().constLast().hash);
    }

    // A tampered run: the deferred check finds the break a check at open finds, word for word,
    // and it then blocks signing as it always did.
    void deferredCheckFindsWhatOpenFinds()
    {
        const QString path = newPath(QStringLiteral("tampered.golive"));
        QVERIFY(makeRun(path, 6));
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET text = 'forged' WHERE seq = 3")));
        QString error;
        ChainVerification atOpen;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            atOpen = run->verification();
        }
        QCOMPARE(atOpen.breaks.size(), 1);
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 0,
                                 RunLedger::VerifyAt::Later);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->verification().pending);
        QVERIFY(run->verification().breaks.isEmpty()); // not known yet, and not called intact
        QVERIFY(!run->verification().intact());
        run->finishVerification();
        compareVerifications(run->verification(), atOpen);
        SignOffEvent sign = signEvent(run->state(), run->runbook().allItems().at(7));
        QVERIFY(!run->append(sign, &error));
        QVERIFY2(error.contains(QStringLiteral("acknowledge it first")), qPrintable(error));
    }

    // A run put back to an older copy: the deferred check compares with the head this computer
    // had seen when the run was opened, and says it went back.
    void deferredCheckNoticesARunThatWentBack()
    {
        const QString path = newPath(QStringLiteral("back.golive"));
        const QString copy = newPath(QStringLiteral("back-copy.golive"));
        QVERIFY(makeRun(path, 2));
        QVERIFY(QFile::copy(path, copy));
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(2));
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(copy, path));
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 0,
                                 RunLedger::VerifyAt::Later);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->verificationPending());
        run->finishVerification();
        const ChainVerification& v = run->verification();
        QVERIFY(!v.intact());
        QCOMPARE(v.breaks.size(), 1);
        QVERIFY(v.breaks.at(0).wentBack);
        QCOMPARE(v.unacknowledged.size(), 1);
    }

    // The check judges the rows the open folded, not the file as it is by then: events another
    // golive appended in between are not counted in a verification of a state without them.
    void deferredCheckJudgesTheRowsTheOpenRead()
    {
        const QString path = newPath(QStringLiteral("moving.golive"));
        QVERIFY(makeRun(path, 2));
        QString error;
        auto reader = RunFile::open(path, RunFile::Access::ReadOnly, &error, nullptr, 0,
                                    RunLedger::VerifyAt::Later);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(reader->events().size(), 2);
        {
            auto writer = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(writer, qPrintable(error));
            SignOffEvent e = signEvent(writer->state(), writer->runbook().allItems().at(2));
            QVERIFY2(writer->append(e, &error), qPrintable(error));
        }
        reader->finishVerification();
        QVERIFY2(reader->verification().intact(), qPrintable(reader->verification().summary()));
        QCOMPARE(reader->verification().eventCount, 2);
        QCOMPARE(reader->verification().head, reader->events().constLast().hash);
        QCOMPARE(reader->verify().eventCount, 3); // the file itself has moved on
    }
};

QTEST_GUILESS_MAIN(TestRunFileDeferred)
#include "tst_runfile_deferred.moc"
