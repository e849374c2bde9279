// AsyncLedger: the run file on a worker thread; appends arrive in order, refusals are reported.
#include "AsyncLedger.h"
#include "LedgerTestUtil.h"
#include "RunFile.h"
#include "RunFileTestFixture.h"
#include "RunSession.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace golive;
using namespace golive::test;

class TestAsyncLedger : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString makeRun(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        QString error;
        auto run = RunFile::create(path, readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK)),
                                   QStringLiteral("summit-go-live-runbook.md"), &error);
        if (!run)
            qWarning("create failed: %s", qPrintable(error));
        return path;
    }

    static SignOffEvent note(int i)
    {
        return makeEvent(EventKind::NoteAdded, QStringLiteral("1.1"), QStringLiteral("Ana"),
                         Role::Engineer, QStringLiteral("note %1").arg(i));
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void openAppendInOrder()
    {
        const QString path = makeRun(QStringLiteral("async.golive"));
        AsyncLedger ledger;
        QSignalSpy opened(&ledger, &AsyncLedger::opened);
        QSignalSpy openFailed(&ledger, &AsyncLedger::openFailed);
        QSignalSpy appended(&ledger, &AsyncLedger::appended);
        QSignalSpy appendFailed(&ledger, &AsyncLedger::appendFailed);

        ledger.open(path, RunFile::Access::ReadWrite);
        QVERIFY(opened.wait(10000));
        QCOMPARE(openFailed.count(), 0);
        const auto snapshot = opened.at(0).at(0).value<RunSnapshot>();
        QCOMPARE(snapshot.path, path);
        QVERIFY(!snapshot.readOnly);
        QVERIFY(!snapshot.runId.isEmpty());
        QCOMPARE(snapshot.runbookText, readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK)));
        QVERIFY(snapshot.events.isEmpty());
        // Shown before its chain is checked: not called intact until the check says so.
        QVERIFY(snapshot.verification.pending);
        QVERIFY(!snapshot.verification.intact());
        // Parsed on the ledger thread: the window does not parse it again.
        QCOMPARE(snapshot.runbook.allItems().size(), 48);
        QCOMPARE(snapshot.runbook.title, QStringLiteral("Summit Platform: Go-Live Runbook"));

        // The caller does not wait: 200 appends are queued at once.
        constexpr int count = 200;
        QElapsedTimer queued;
        queued.start();
        for (int i = 0; i < count; ++i) {
            ledger.append(note(i));
            if (i == 100) {
                // Refused by the rules: reported, and the rest carry on.
                ledger.append(makeEvent(EventKind::Signed, QStringLiteral("1.1"),
                                        QStringLiteral("Obi"), Role::Observer));
            }
        }
        QVERIFY(queued.elapsed() < 1000);
        QTRY_COMPARE_WITH_TIMEOUT(appended.count(), count, 60000);
        QCOMPARE(appendFailed.count(), 1);
        const auto refused = appendFailed.at(0).at(0).value<SignOffEvent>();
        QCOMPARE(refused.actor.name, QStringLiteral("Obi"));
        QCOMPARE(refused.seq, 0);
        QVERIFY(appendFailed.at(0).at(1).toString().contains(QStringLiteral("observers")));
        QByteArray prev = SignOffEvent::genesisFor(
            snapshot.runId, QString::fromLatin1(QCryptographicHash::hash(snapshot.runbookText,
                                                                         QCryptographicHash::Sha256)
                                                    .toHex()));
        for (int i = 0; i < count; ++i) {
            const auto e = appended.at(i).at(0).value<SignOffEvent>();
            QCOMPARE(e.seq, i + 1);
            QCOMPARE(e.text, QStringLiteral("note %1").arg(i));
            QCOMPARE(e.prevHash, prev);
            QVERIFY(e.timeUtc.isValid());
            QCOMPARE(e.hash, e.computeHash());
            prev = e.hash;
        }

        // While open here, another opener is refused; after close() it is free.
        ledger.close();
        QString error;
        std::unique_ptr<RunFile> run;
        QTRY_VERIFY_WITH_TIMEOUT(
            run || (run = RunFile::open(path, RunFile::Access::ReadWrite, &error)), 10000);
        QVERIFY(!run->isReadOnly());
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), count);
        QCOMPARE(run->headHash(), prev);
    }

    // The window gets the run first, then the check of its chain; an append queued right
    // behind the open waits for the check and is recorded, never refused as "being verified".
    void openIsShownThenVerified()
    {
        const QString path = makeRun(QStringLiteral("async-verify.golive"));
        AsyncLedger ledger;
        QStringList order;
        ChainVerification shown;
        ChainVerification checked;
        connect(&ledger, &AsyncLedger::opened, this, [&](const RunSnapshot& s) {
            order << QStringLiteral("opened");
            shown = s.verification;
        });
        connect(&ledger, &AsyncLedger::verificationChanged, this, [&](const ChainVerification& v) {
            order << QStringLiteral("verified");
            checked = v;
        });
        connect(&ledger, &AsyncLedger::appended, this,
                [&](const SignOffEvent&) { order << QStringLiteral("appended"); });
        connect(&ledger, &AsyncLedger::appendFailed, this,
                [&](const SignOffEvent&, const QString& error) { order << error; });
        ledger.open(path, RunFile::Access::ReadWrite);
        ledger.append(note(0));
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 10000);
        QCOMPARE(order, (QStringList{QStringLiteral("opened"), QStringLiteral("verified"),
                                     QStringLiteral("appended")}));
        QVERIFY(shown.pending);
        QVERIFY(!checked.pending);
        QVERIFY2(checked.intact(), qPrintable(checked.summary()));
    }

    // The session shows the run while its ledger is checked, records nothing meanwhile (saying
    // why), and then signs, or shows the break the check found.
    void sessionRecordsNothingUntilVerified()
    {
        const QString path = makeRun(QStringLiteral("session-verify.golive"));
        {
            QString error;
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            for (int i = 0; i < 3; ++i) {
                SignOffEvent e = note(i);
                QVERIFY2(run->append(e, &error), qPrintable(error));
            }
        }
        for (const bool tampered : {false, true}) {
            if (tampered)
                QVERIFY(tamperRun(
                    path, QStringLiteral("UPDATE events SET text = 'forged' WHERE seq = 2")));
            RunSession session;
            bool verifyingAtOpen = false;
            bool recordedAtOpen = true;
            bool wouldAtOpen = true;
            QString whyAtOpen;
            bool reportPendingAtOpen = false;
            connect(&session, &RunSession::opened, this, [&] {
                verifyingAtOpen = session.isVerifying();
                QString why;
                wouldAtOpen = session.wouldRecord(note(9), &why);
                recordedAtOpen = session.submit(note(9), &whyAtOpen);
                reportPendingAtOpen = session.openedSnapshot().verification.pending;
            });
            QSignalSpy breaks(&session, &RunSession::breaksChanged);
            QSignalSpy recorded(&session, &RunSession::eventRecorded);
            session.open(path);
            QTRY_COMPARE_WITH_TIMEOUT(breaks.count(), 1, 10000);
            QVERIFY(verifyingAtOpen);
            QVERIFY(!wouldAtOpen);
            QVERIFY(!recordedAtOpen);
            QVERIFY2(whyAtOpen.startsWith(QStringLiteral("Verifying the ledger of %1 (%2 events)")
                                              .arg(path)
                                              .arg(tampered ? 4 : 3)),
                     qPrintable(whyAtOpen));
            QVERIFY(reportPendingAtOpen);
            QVERIFY(!session.isVerifying());
            QVERIFY(session.verifyingText().isEmpty());
            const ChainVerification& v = session.openedSnapshot().verification;
            QVERIFY(!v.pending);
            QString why;
            if (tampered) {
                QVERIFY(!v.intact());
                QCOMPARE(session.unacknowledgedBreaks().size(), 1);
                QVERIFY(!session.submit(note(10), &why));
                QVERIFY2(why.contains(QStringLiteral("acknowledge it first")), qPrintable(why));
            } else {
                QVERIFY2(v.intact(), qPrintable(v.summary()));
                QVERIFY2(session.submit(note(10), &why), qPrintable(why));
                QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 10000);
                QCOMPARE(recorded.at(0).at(0).value<SignOffEvent>().seq, 4);
            }
            session.close();
        }
    }

    // While another run is being opened, the session refuses what it would judge against the
    // run still shown: queued behind the open, it would be recorded in the other run.
    void sessionRecordsNothingWhileAnotherRunOpens()
    {
        const QString first = makeRun(QStringLiteral("session-first.golive"));
        const QString second = makeRun(QStringLiteral("session-second.golive"));
        RunSession session;
        QSignalSpy opened(&session, &RunSession::opened);
        QSignalSpy breaks(&session, &RunSession::breaksChanged);
        session.open(first);
        QTRY_COMPARE_WITH_TIMEOUT(breaks.count(), 1, 10000);
        QString why;
        QVERIFY2(session.wouldRecord(note(0), &why), qPrintable(why));
        session.open(second);
        QVERIFY(!session.wouldRecord(note(0), &why));
        QCOMPARE(why, QStringLiteral("another run is being opened"));
        QVERIFY(!session.submit(note(0), &why));
        QCOMPARE(why, QStringLiteral("%1 is being opened; nothing was recorded.").arg(second));
        QTRY_COMPARE_WITH_TIMEOUT(breaks.count(), 2, 10000);
        QCOMPARE(opened.count(), 2);
        QVERIFY2(session.wouldRecord(note(0), &why), qPrintable(why));
        session.close();
        QString error;
        std::unique_ptr<RunFile> run;
        QTRY_VERIFY_WITH_TIMEOUT(
            run || (run = RunFile::open(second, RunFile::Access::ReadOnly, &error)), 10000);
        QVERIFY(run->events().isEmpty());
    }

    void idleQueueCheckpointsIntoTheFile()
    {
        // A copy of the .golive alone (no -wal), taken while the window still has it open,
        // holds every event once appends have been idle for a moment.
        const QString path = makeRun(QStringLiteral("async-ckpt.golive"));
        AsyncLedger ledger;
        QSignalSpy opened(&ledger, &AsyncLedger::opened);
        QSignalSpy appended(&ledger, &AsyncLedger::appended);
        ledger.open(path, RunFile::Access::ReadWrite);
        QVERIFY(opened.wait(10000));
        for (int i = 0; i < 5; ++i)
            ledger.append(note(i));
        QTRY_COMPARE_WITH_TIMEOUT(appended.count(), 5, 30000);
        QTest::qWait(AsyncLedger::CheckpointDelayMs + 1500);

        const QString copyDir = m_dir.filePath(QStringLiteral("ckpt-copy"));
        QVERIFY(QDir().mkpath(copyDir));
        const QString copy = copyDir + QStringLiteral("/copy.golive");
        QVERIFY(QFile::copy(path, copy));
        QVERIFY(!QFileInfo::exists(copy + QStringLiteral("-wal")));
        QString error;
        auto run = RunFile::open(copy, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 5);
        QVERIFY(run->verification().intact());
    }

    void openFailureAndAppendWithoutRun()
    {
        AsyncLedger ledger;
        QSignalSpy openFailed(&ledger, &AsyncLedger::openFailed);
        QSignalSpy appendFailed(&ledger, &AsyncLedger::appendFailed);
        ledger.open(m_dir.filePath(QStringLiteral("missing.golive")), RunFile::Access::ReadWrite);
        QVERIFY(openFailed.wait(10000));
        QVERIFY(openFailed.at(0).at(0).toString().startsWith(QStringLiteral("no run file at ")));
        ledger.append(note(0));
        QVERIFY(appendFailed.wait(10000));
        QVERIFY(appendFailed.at(0).at(1).toString().contains(QStringLiteral("no run is open")));
    }

    void readOnlyRefusesAppends()
    {
        const QString path = makeRun(QStringLiteral("async-ro.golive"));
        AsyncLedger ledger;
        QSignalSpy opened(&ledger, &AsyncLedger::opened);
        QSignalSpy appendFailed(&ledger, &AsyncLedger::appendFailed);
        ledger.open(path, RunFile::Access::ReadOnly);
        QVERIFY(opened.wait(10000));
        QVERIFY(opened.at(0).at(0).value<RunSnapshot>().readOnly);
        ledger.append(note(1));
        QVERIFY(appendFailed.wait(10000));
        QVERIFY(appendFailed.at(0).at(1).toString().contains(QStringLiteral("read-only")));
    }

    void destructionKeepsQueuedAppends()
    {
        const QString path = makeRun(QStringLiteral("async-dtor.golive"));
        {
            AsyncLedger ledger;
            ledger.open(path, RunFile::Access::ReadWrite);
            for (int i = 0; i < 50; ++i)
                ledger.append(note(i));
        } // the destructor lets every queued append finish, then closes and unlocks
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 50);
        QVERIFY(run->verification().intact());
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // The record of heads seen goes to a test folder, never the user's own.
    QStandardPaths::setTestModeEnabled(true);
    TestAsyncLedger test;
    return runTests(&test, argc, argv);
}
#include "tst_asyncledger.moc"
