// The cutover when things go wrong, and how it ends: failed steps and their deadline, the
// rollback plan step by step, and the rules for declaring Live. Times come from the events.
#include "CutoverTestFixture.h"
#include "Undo.h"

using namespace golive;
using namespace golive::test;

class TestCutoverRollback : public QObject, public CutoverFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(seed().ok());
        QVERIFY(seed().diagnostics.isEmpty());
    }

    void init()
    {
        m_state.reset(&seed().runbook);
        m_state.setClock({});
        m_seq = 0;
        m_now = utc(5, 0);
    }

    // ---- the runbook ----

    void failedStepStartsTheResolutionTimer()
    {
        QCOMPARE(record(makeStepFailedEvent(QStringLiteral("4.5"), QStringLiteral("x"), eng))
                     .contains(QStringLiteral("a step fails only while the cutover runs")),
                 true);
        reachCutover();
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        m_now = utc(6, 10);
        QCOMPARE(refusal(makeStepFailedEvent(QStringLiteral("4.6"), QString(), eng)),
                 QStringLiteral("say what failed at 4.6 \"Deploy Database Migrations\"; nothing "
                                "was recorded"));
        QVERIFY(refusal(makeStepFailedEvent(QStringLiteral("4.6.1"), QStringLiteral("x"), eng))
                    .contains(QStringLiteral("is part of step 4.6")));
        QVERIFY(refusal(makeStepFailedEvent(QStringLiteral("1.1"), QStringLiteral("x"), eng))
                    .contains(QStringLiteral("is not a cutover step (the steps are 4.5 to 4.11)")));
        QVERIFY(refusal(makeStepFailedEvent(QStringLiteral("4.5"), QStringLiteral("x"), eng))
                    .contains(QStringLiteral("is signed by Eli Novak")));
        // A step that has not started cannot fail: the current one is named.
        QCOMPARE(refusal(makeStepFailedEvent(QStringLiteral("4.8"), QStringLiteral("x"), eng)),
                 QStringLiteral("4.8 \"Deploy AI & Application Services\" has not started: the "
                                "current step is 4.6 \"Deploy Database Migrations\"; mark that "
                                "one failed if it is the one that failed; nothing was recorded"));
        QCOMPARE(m_state.cutover().badgeText(), QStringLiteral("Cutover"));
        QVERIFY(!m_state.cutover().stepFailedAlarm());
        QCOMPARE(record(makeStepFailedEvent(QStringLiteral("4.6"),
                                            QStringLiteral("neo4j migration 0042 timed out"), eng)),
                 QString());
        const CutoverState& c = m_state.cutover();
        QCOMPARE(c.openFailures().size(), 1);
        const StepFailure* f = c.failureOf(QStringLiteral("4.6"));
        QVERIFY(f);
        QCOMPARE(f->atUtc, utc(6, 10));
        QCOMPARE(f->deadlineUtc, utc(6, 25));
        QCOMPARE(f->by, eng.name);
        QCOMPARE(c.rollbackDeadlineUtc(), utc(6, 25));
        QCOMPARE(c.secondsLeft(utc(6, 20)), std::optional<qint64>(300));
        QVERIFY(!c.rollbackDeadlineExpired(utc(6, 24, 59)));
        QVERIFY(c.rollbackDeadlineExpired(utc(6, 25)));
        // Half a second before the deadline it is not over yet: a second is left, not "+00:00".
        const QDateTime justBefore = utc(6, 25).addMSecs(-500);
        QVERIFY(!c.rollbackDeadlineExpired(justBefore));
        QCOMPARE(failureTimerText(*f, justBefore),
                 QStringLiteral("00:01 left · resolve by 06:25 UTC"));
        QCOMPARE(failureTimerText(*f, utc(6, 25).addMSecs(1500)),
                 QStringLiteral("+00:01 over · was due 06:25 UTC"));
        QCOMPARE(failureTimerText(*f, utc(6, 10, 9).addMSecs(1)),
                 QStringLiteral("14:51 left · resolve by 06:25 UTC"));
        // What the room reads: the badge in alarm, a timer that counts down, then up.
        QCOMPARE(c.badgeText(), QStringLiteral("Cutover · STEP FAILED"));
        QVERIFY(c.stepFailedAlarm());
        QCOMPARE(failureTimerText(*f, utc(6, 10, 10)),
                 QStringLiteral("14:50 left · resolve by 06:25 UTC"));
        QCOMPARE(failureTimerText(*f, utc(6, 25)),
                 QStringLiteral("+00:00 over · was due 06:25 UTC"));
        QCOMPARE(failureTimerText(*f, utc(6, 25, 52)),
                 QStringLiteral("+00:52 over · was due 06:25 UTC"));
        QCOMPARE(failureTimerText(*f, utc(7, 27, 1)),
                 QStringLiteral("+62:01 over · was due 06:25 UTC"));
        QVERIFY(refusal(makeStepFailedEvent(QStringLiteral("4.6"), QStringLiteral("again"), eng))
                    .contains(QStringLiteral("already failed at 2026-05-01T06:10:00.000Z")));
        // The step's record holds the failure.
        QCOMPARE(m_state.eventsFor(QStringLiteral("4.6")).constLast().kind, EventKind::StepFailed);

        // Resolved in time: signing the step ends the timer.
        m_now = utc(6, 20);
        QCOMPARE(sign(QStringLiteral("4.6")), QString());
        QVERIFY(c.openFailures().isEmpty());
        QVERIFY(!c.rollbackDeadlineUtc().isValid());
        QVERIFY(!c.secondsLeft(utc(6, 30)));
        QVERIFY(!c.rollbackDeadlineExpired(utc(7, 0)));
        QCOMPARE(c.badgeText(), QStringLiteral("Cutover"));
        // The record keeps the failure, now with who resolved it and when.
        QCOMPARE(c.failureHistory().size(), 1);
        const StepFailure& kept = c.failureHistory().constFirst();
        QCOMPARE(kept.what, QStringLiteral("neo4j migration 0042 timed out"));
        QVERIFY(kept.resolved);
        QCOMPARE(kept.resolvedAtUtc, utc(6, 20));
        QCOMPARE(kept.resolvedBy, eng.name);
        QVERIFY(!kept.resolvedNotApplicable);

        // A step taken out of order has started: it can fail before its turn.
        m_now = utc(6, 30);
        QCOMPARE(
            record(makeOrderOverrideEvent(QStringLiteral("4.8.1"), QStringLiteral("parallel"), ic)),
            QString());
        QCOMPARE(
            record(makeStepFailedEvent(QStringLiteral("4.8"), QStringLiteral("pods crash"), eng)),
            QString());
        QCOMPARE(c.failureHistory().size(), 2);
        QVERIFY(!c.failureHistory().constLast().resolved);
    }

    // ---- rollback ----

    void rollbackWalk()
    {
        QVERIFY(refusal(makeRollbackEvent(QStringLiteral("x"), ic))
                    .contains(QStringLiteral("there is nothing to roll back")));
        reachCutover();
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        m_now = utc(6, 10);
        QCOMPARE(record(makeStepFailedEvent(QStringLiteral("4.6"),
                                            QStringLiteral("neo4j migration 0042 timed out"), eng)),
                 QString());
        m_now = utc(6, 26);
        QVERIFY(m_state.cutover().rollbackDeadlineExpired(m_now));

        QCOMPARE(refusal(makeRollbackEvent(QStringLiteral("4.6 unresolved"), eng)),
                 QStringLiteral("starting a rollback needs the incident-commander role; you are "
                                "engineer; nothing was recorded"));
        QCOMPARE(refusal(makeRollbackEvent(QString(), ic)),
                 QStringLiteral("give the reason for the rollback (what failed or was seen); "
                                "nothing was recorded"));
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("4.6 unresolved after 15 minutes"), ic)),
                 QString());
        const CutoverState& c = m_state.cutover();
        QCOMPARE(c.phase(), Phase::Rollback);
        QVERIFY(c.rollback());
        QCOMPARE(c.rollback()->reason, QStringLiteral("4.6 unresolved after 15 minutes"));
        QCOMPARE(c.rollback()->by, ic.name);
        QCOMPARE(c.rollback()->atUtc, utc(6, 26));
        QCOMPARE(c.rollback()->from, Phase::Cutover);
        QVERIFY(!c.rollbackDeadlineExpired(utc(7, 0))); // proposed no more: it is under way
        QCOMPARE(c.nextRollbackStep(), 1);
        QVERIFY(refusal(makeRollbackEvent(QStringLiteral("again"), ic))
                    .contains(QStringLiteral("a rollback was started by Inès Duarte")));

        // Cutover steps stop; the rollback plan is the checklist, in order, any role but observer.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.6"), eng))
                    .contains(QStringLiteral("record the rollback plan's steps instead")));
        QCOMPARE(refusal(makeRollbackStepEvent(2, {}, eng)),
                 QStringLiteral("rollback step 2 \"Roll back application deployments to the "
                                "previous version.\" comes after step 1 \"Re-enable maintenance "
                                "mode.\", which is not done: the rollback plan goes in order; "
                                "nothing was recorded"));
        QVERIFY(refusal(makeRollbackStepEvent(6, {}, eng))
                    .contains(QStringLiteral("its steps are 1 to 5")));
        QVERIFY(refusal(makeRollbackStepEvent(1, {}, obs))
                    .startsWith(QStringLiteral("observers are read-only")));
        for (int n = 1; n <= 5; ++n) {
            advance(2);
            const Actor& who = n % 2 ? eng : rc;
            QCOMPARE(record(makeRollbackStepEvent(
                         n, n == 3 ? QStringLiteral("0042 reverted") : QString(), who)),
                     QString());
            if (n == 1)
                QVERIFY(refusal(makeRollbackStepEvent(1, {}, eng))
                            .contains(QStringLiteral("was done by Eli Novak")));
            QCOMPARE(c.phase(), n < 5 ? Phase::Rollback : Phase::RolledBack);
        }
        QCOMPARE(c.rollbackStepsDone().size(), 5);
        QCOMPARE(c.rollbackStepsDone().at(2).note, QStringLiteral("0042 reverted"));
        QCOMPARE(c.rollbackStepsDone().at(1).by, rc.name);
        QCOMPARE(c.phaseSinceUtc(), utc(6, 36));
        QCOMPARE(c.nextRollbackStep(), 0);
        QVERIFY(refusal(makeRollbackStepEvent(5, {}, eng))
                    .contains(QStringLiteral("the rollback is complete")));
        QVERIFY(refusal(makeLiveEvent(m_state.plan(), {}, ic))
                    .contains(QStringLiteral("cannot be declared Live")));
    }

    void rollbackFromFinalMonitoringAndLive()
    {
        reachCutover();
        signStepsBeforeFinal();
        QCOMPARE(m_state.cutover().phase(), Phase::FinalMonitoring);
        advance(3);
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("p95 latency doubled"), ic)), QString());
        QCOMPARE(m_state.cutover().rollback()->from, Phase::FinalMonitoring);
    }

    // ---- Live ----

    void liveRules()
    {
        reachCutover();
        QVERIFY(refusal(makeLiveEvent(m_state.plan(), {}, ic))
                    .contains(QStringLiteral("only in Final monitoring")));
        signStepsBeforeFinal();
        const QDateTime start = m_state.cutover().finalMonitoringStartUtc();
        QVERIFY(start.isValid());

        // The event's own time is what counts (the clock seam) ...
        SignOffEvent live = makeLiveEvent(m_state.plan(), {}, ic);
        live.timeUtc = start.addSecs(14 * 60 + 59);
        QVERIFY(refusal(live).contains(QStringLiteral("1 s to go")));
        live.timeUtc = start.addSecs(15 * 60);
        QCOMPARE(refusal(live), QStringLiteral("(accepted)"));
        // ... and without one, the state's clock.
        live.timeUtc = QDateTime();
        m_state.setClock([start] { return start.addSecs(10 * 60); });
        QString error;
        QVERIFY(!m_state.validate(live, &error));
        QVERIFY2(error.contains(QStringLiteral("5 min to go")), qPrintable(error));
        m_state.setClock([start] { return start.addSecs(16 * 60); });
        QVERIFY(m_state.validate(live, &error));
        QCOMPARE(m_state.now(), start.addSecs(16 * 60));

        QVERIFY(refusal(makeLiveEvent(m_state.plan(), {}, eng))
                    .startsWith(QStringLiteral("declaring the go-live Live needs the "
                                               "incident-commander role; you are engineer")));
        SignOffEvent wrongItem = live;
        wrongItem.timeUtc = start.addSecs(16 * 60);
        wrongItem.itemId = QStringLiteral("4.10");
        QVERIFY2(
            refusal(wrongItem).contains(QStringLiteral("signs the final monitoring step 4.11")),
            qPrintable(refusal(wrongItem)));
        // Derived phases are not recorded directly.
        SignOffEvent derived = makeGateEvent(ic);
        derived.fieldKey = QStringLiteral("final-monitoring");
        QVERIFY(refusal(derived).contains(QStringLiteral("follows from the run's events")));
        derived.fieldKey = QStringLiteral("done");
        QVERIFY(refusal(derived).contains(QStringLiteral("is not a phase golive records")));
    }

    // A blocked final-monitoring step holds the go-live back: Live is refused naming the block,
    // and the block is not silently turned into a signature. Once the block is revoked, Live
    // goes through and signs the step.
    void liveRefusedWhileFinalMonitoringIsBlocked()
    {
        reachCutover();
        signStepsBeforeFinal();
        const QString fm = m_state.plan().finalMonitoringStepId;
        QCOMPARE(fm, QStringLiteral("4.11"));
        const QDateTime start = m_state.cutover().finalMonitoringStartUtc();
        QVERIFY(start.isValid());
        advance(1);
        QCOMPARE(record(itemEvent(EventKind::Blocked, fm, eng,
                                  QStringLiteral("error rate still climbing on nl2cypher"))),
                 QString());
        QCOMPARE(m_state.item(fm).status, ItemStatus::Blocked);

        m_now = start.addSecs(16 * 60);
        const QString refused = record(makeLiveEvent(m_state.plan(), {}, ic));
        QVERIFY2(refused.contains(QStringLiteral("4.11")) &&
                     refused.contains(QStringLiteral("is blocked by Eli Novak")) &&
                     refused.contains(QStringLiteral("error rate still climbing")),
                 qPrintable(refused));
        QVERIFY(m_state.cutover().phase() != Phase::Live);
        QCOMPARE(m_state.item(fm).status, ItemStatus::Blocked);

        QCOMPARE(record(itemEvent(EventKind::Revoked, fm, eng, QStringLiteral("recovered"))),
                 QString());
        QCOMPARE(record(makeLiveEvent(m_state.plan(), {}, ic)), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::Live);
        QCOMPARE(m_state.item(fm).status, ItemStatus::Signed);
    }

    // ---- undo ----

    // Ctrl+Z takes back only what still stands as the operator left it, and only their own.
    void undoNeverTakesBackWhatHappenedSince()
    {
        reachCutover();
        const QString step = QStringLiteral("4.5");
        QCOMPARE(sign(step), QString());
        QCOMPARE(record(itemEvent(EventKind::Revoked, step, eng, QStringLiteral("too early"))),
                 QString());
        auto undo = lastUndoableAction(m_state, eng, QStringLiteral("undone"));
        QVERIFY(undo);
        QCOMPARE(undo->menuText(), QStringLiteral("Undo revoke of 4.5"));
        QCOMPARE(undo->undo.kind, EventKind::Signed);

        // The incident commander marks the step failed: Eli's undo would re-sign it and so
        // resolve the failure behind everyone's back. Nothing to undo.
        QCOMPARE(record(makeStepFailedEvent(step, QStringLiteral("edge still serves"), ic)),
                 QString());
        QVERIFY(!lastUndoableAction(m_state, eng, QStringLiteral("undone")));
        QVERIFY(m_state.cutover().stepFailedAlarm());

        // The sign-off that resolves the failure is not undone with a keystroke either: the
        // step would be open again with no failure showing.
        QCOMPARE(sign(step, rc), QString());
        QVERIFY(!m_state.cutover().stepFailedAlarm());
        QVERIFY(!lastUndoableAction(m_state, rc, QStringLiteral("undone")));

        // A note alone does not stand in the way.
        QCOMPARE(sign(QStringLiteral("4.6.1"), rc), QString());
        QCOMPARE(record(itemEvent(EventKind::NoteAdded, QStringLiteral("4.6.1"), eng,
                                  QStringLiteral("seen"))),
                 QString());
        undo = lastUndoableAction(m_state, rc, QStringLiteral("undone"));
        QVERIFY(undo);
        QCOMPARE(undo->menuText(), QStringLiteral("Undo sign-off of 4.6.1"));
    }

    // The sign-off that resolved a failed step, revoked: the step is open again and so is its
    // failure, with the deadline it always had (the alarm does not end by taking it back).
    void revokingTheResolvingSignOffReopensTheFailure()
    {
        reachCutover();
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        QCOMPARE(
            record(makeStepFailedEvent(QStringLiteral("4.6"), QStringLiteral("lock timeout"), eng)),
            QString());
        advance(5);
        QCOMPARE(sign(QStringLiteral("4.6"), rc), QString());
        QVERIFY(!m_state.cutover().stepFailedAlarm());
        QVERIFY(m_state.cutover().failureHistory().constLast().resolved);
        advance(1);
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("4.6"), rc,
                                  QStringLiteral("signed too soon: migration 0042 still failing"))),
                 QString());
        const CutoverState& c = m_state.cutover();
        QVERIFY(c.stepFailedAlarm());
        QCOMPARE(c.badgeText(), QStringLiteral("Cutover · STEP FAILED"));
        const StepFailure* f = c.failureOf(QStringLiteral("4.6"));
        QVERIFY(f);
        QCOMPARE(f->deadlineUtc, utc(5, 15));
        QVERIFY(!c.failureHistory().constLast().resolved);
        QCOMPARE(c.failureHistory().size(), 1);
        // Past the deadline the rollback is proposed, as for any failure left unresolved.
        QVERIFY(!c.rollbackDeadlineExpired(utc(5, 14)));
        QVERIFY(c.rollbackDeadlineExpired(utc(5, 16)));
        // Signed again: resolved again, by the new sign-off.
        QCOMPARE(sign(QStringLiteral("4.6"), eng), QString());
        QVERIFY(!c.stepFailedAlarm());
        QCOMPARE(c.failureHistory().constLast().resolvedBy, eng.name);
    }

    // Revoking someone else's sign-off and undoing that revoke would sign it again under one's
    // own name with the other person's words: not offered.
    void undoOfARevokeRestoresOnlyOnesOwn()
    {
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("1.1"), eng,
                                  QStringLiteral("Eli ran the stand-up himself"))),
                 QString());
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("1.1"), rc,
                                  QStringLiteral("not verified"))),
                 QString());
        QVERIFY(!lastUndoableAction(m_state, rc, QStringLiteral("undone")));
        // Eli's own sign-off, revoked by Eli: undone with his own words.
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("1.3"), eng,
                                  QStringLiteral("certs in place"))),
                 QString());
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("1.3"), eng,
                                  QStringLiteral("wrong item"))),
                 QString());
        const auto undo = lastUndoableAction(m_state, eng, QStringLiteral("undone"));
        QVERIFY(undo);
        QCOMPARE(undo->undo.kind, EventKind::Signed);
        QCOMPARE(undo->undo.text, QStringLiteral("certs in place"));
        QCOMPARE(record([&] {
                     SignOffEvent e = undo->undo;
                     e.actor = eng;
                     return e;
                 }()),
                 QString());
    }

    // ---- observations ----
};

QTEST_GUILESS_MAIN(TestCutoverRollback)
#include "tst_cutover_rollback.moc"
