// What the window tells while it is behind another: each abort trigger and each new cause of
// one, a failed step's last 5 minutes and last minute, Live; each once, and nothing of what was
// already so when the run was shown.
#include "AttentionWatch.h"

#include <QTest>
#include <QTimeZone>

using namespace golive;

namespace {

const QDateTime kAt = QDateTime(QDate(2026, 12, 6), QTime(4, 0), QTimeZone::utc());

CutoverStatus statusOf(Phase phase, const QStringList& causes = {}, const QStringList& keys = {})
{
    CutoverStatus s;
    s.abortCauseKeys = keys.isEmpty() ? causes : keys;
    s.causesObserved = true;
    s.planned = true;
    s.phase = phase;
    s.running = phase == Phase::Cutover || phase == Phase::FinalMonitoring || phase == Phase::Live;
    s.abortCauses = causes;
    s.abortRaised = !causes.isEmpty();
    return s;
}

StepFailure failureAt(const QDateTime& at, qint64 seq = 21)
{
    StepFailure f;
    f.stepId = QStringLiteral("4.6");
    f.what = QStringLiteral("neo4j migration: lock timeout <b>");
    f.atUtc = at;
    f.deadlineUtc = at.addSecs(15 * 60);
    f.seq = seq;
    return f;
}

QStringList summaries(const QList<AttentionMoment>& moments)
{
    QStringList out;
    for (const AttentionMoment& m : moments)
        out << m.summary;
    return out;
}

} // namespace

class TestAttentionWatch : public QObject
{
    Q_OBJECT

private slots:
    void anAbortTriggerIsToldOncePerCause();
    void aCauseWhoseWordsChangeIsNotNews();
    void aFailedStepIsToldAt5And1MinutesLeft();
    void whatWasSoWhenShownIsNotNews();
    void anAbortUnderWayWhenTheChecksFirstAnswerIsNotNews();
    void liveIsToldOnce();
};

void TestAttentionWatch::anAbortTriggerIsToldOncePerCause()
{
    AttentionWatch watch;
    QVERIFY(watch.follow(statusOf(Phase::Cutover), {}, kAt, QStringLiteral("Summit")).isEmpty());
    const QString down = QStringLiteral("prov-ledger DOWN");
    QList<AttentionMoment> told = watch.follow(statusOf(Phase::Cutover, {down}), {}, kAt.addSecs(5),
                                               QStringLiteral("Summit"));
    QCOMPARE(told.size(), 1);
    QCOMPARE(told.constFirst().kind, AttentionMoment::Kind::AbortTrigger);
    QCOMPARE(told.constFirst().summary, QStringLiteral("ABORT TRIGGER: Summit"));
    QVERIFY(told.constFirst().body.contains(down));
    QVERIFY(told.constFirst().urgent);
    // Still raised for the same cause: nothing new.
    QVERIFY(watch.follow(statusOf(Phase::Cutover, {down}), {}, kAt.addSecs(10), {}).isEmpty());
    // A second cause: that one alone.
    const QString alert = QStringLiteral("ProvLedgerHighErrorRate firing");
    told = watch.follow(statusOf(Phase::Cutover, {down, alert}), {}, kAt.addSecs(15), {});
    QCOMPARE(told.size(), 1);
    QVERIFY(told.constFirst().body.contains(alert));
    QVERIFY(!told.constFirst().body.contains(down));
    // Lowered, then raised again: told again.
    QVERIFY(watch.follow(statusOf(Phase::Cutover), {}, kAt.addSecs(20), {}).isEmpty());
    QCOMPARE(watch.follow(statusOf(Phase::Cutover, {down}), {}, kAt.addSecs(25), {}).size(), 1);
}

// An alert's summary carries its value, re-rendered at each evaluation; a health check's
// detail changes between probes: the same cause, told once.
void TestAttentionWatch::aCauseWhoseWordsChangeIsNotNews()
{
    AttentionWatch watch;
    const QString key = QStringLiteral("alert:ProvLedgerErrors{job=prov-ledger}");
    QVERIFY(watch.follow(statusOf(Phase::Cutover), {}, kAt, {}).isEmpty());
    QCOMPARE(watch
                 .follow(statusOf(Phase::Cutover, {QStringLiteral("errors at 3.1 %")}, {key}), {},
                         kAt.addSecs(15), {})
                 .size(),
             1);
    QVERIFY(watch
                .follow(statusOf(Phase::Cutover, {QStringLiteral("errors at 3.4 %")}, {key}), {},
                        kAt.addSecs(30), {})
                .isEmpty());
}

void TestAttentionWatch::aFailedStepIsToldAt5And1MinutesLeft()
{
    AttentionWatch watch;
    const StepFailure f = failureAt(kAt);
    const CutoverStatus cutover = statusOf(Phase::Cutover);
    QVERIFY(watch.follow(cutover, {f}, kAt.addSecs(30), {}).isEmpty()); // learns
    QVERIFY(watch.follow(cutover, {f}, kAt.addSecs(9 * 60 + 59), {}).isEmpty());
    QCOMPARE(summaries(watch.follow(cutover, {f}, kAt.addSecs(10 * 60), QStringLiteral("Summit"))),
             QStringList{QStringLiteral("4.6 failed: 5 minutes left to resolve it")});
    QVERIFY(watch.follow(cutover, {f}, kAt.addSecs(12 * 60), {}).isEmpty());
    const QList<AttentionMoment> last =
        watch.follow(cutover, {f}, kAt.addSecs(14 * 60 + 1), QStringLiteral("Summit"));
    QCOMPARE(summaries(last),
             QStringList{QStringLiteral("4.6 failed: 1 minute left to resolve it")});
    QVERIFY(last.constFirst().body.contains(QStringLiteral("resolve it by 04:15 UTC"),
                                            Qt::CaseInsensitive));
    // The step's own words come as they are: whoever shows them escapes them.
    QVERIFY(last.constFirst().body.contains(QStringLiteral("lock timeout <b>")));
    QVERIFY(watch.follow(cutover, {f}, kAt.addSecs(16 * 60), {}).isEmpty());
    // Resolved, then failed again (a new failure, its own seq): told anew.
    const StepFailure again = failureAt(kAt.addSecs(20 * 60), 30);
    QVERIFY(watch.follow(cutover, {again}, kAt.addSecs(21 * 60), {}).isEmpty());
    QCOMPARE(watch.follow(cutover, {again}, kAt.addSecs(30 * 60), {}).size(), 1);
}

void TestAttentionWatch::whatWasSoWhenShownIsNotNews()
{
    AttentionWatch watch;
    const StepFailure f = failureAt(kAt);
    const QString down = QStringLiteral("prov-ledger DOWN");
    // Shown 12 minutes into a failure, during an abort: the 5-minute mark and the abort were so.
    QVERIFY(
        watch.follow(statusOf(Phase::Cutover, {down}), {f}, kAt.addSecs(12 * 60), {}).isEmpty());
    QCOMPARE(
        summaries(watch.follow(statusOf(Phase::Cutover, {down}), {f}, kAt.addSecs(14 * 60), {})),
        QStringList{QStringLiteral("4.6 failed: 1 minute left to resolve it")});
    // Another run shown: learnt again.
    watch.reset();
    QVERIFY(watch.follow(statusOf(Phase::Live, {down}), {}, kAt.addSecs(15 * 60), {}).isEmpty());
}

// The window refreshes before the alerts and the health checks first answer: an abort already
// under way, seen in their first answer, is learnt, not told; a cause after it is told.
void TestAttentionWatch::anAbortUnderWayWhenTheChecksFirstAnswerIsNotNews()
{
    AttentionWatch watch;
    CutoverStatus before = statusOf(Phase::Cutover);
    before.causesObserved = false;
    QVERIFY(watch.follow(before, {}, kAt, {}).isEmpty());
    QVERIFY(watch.follow(before, {}, kAt.addSecs(1), {}).isEmpty());
    const QString down = QStringLiteral("prov-ledger DOWN");
    QVERIFY(watch.follow(statusOf(Phase::Cutover, {down}), {}, kAt.addSecs(3), {}).isEmpty());
    const QString alert = QStringLiteral("ProvLedgerHighErrorRate firing");
    QCOMPARE(watch.follow(statusOf(Phase::Cutover, {down, alert}), {}, kAt.addSecs(20), {}).size(),
             1);
}

void TestAttentionWatch::liveIsToldOnce()
{
    AttentionWatch watch;
    QVERIFY(watch.follow(statusOf(Phase::FinalMonitoring), {}, kAt, {}).isEmpty());
    const QList<AttentionMoment> told =
        watch.follow(statusOf(Phase::Live), {}, kAt.addSecs(60), QStringLiteral("Summit"));
    QCOMPARE(summaries(told), QStringList{QStringLiteral("LIVE: Summit")});
    QVERIFY(!told.constFirst().urgent);
    QVERIFY(watch.follow(statusOf(Phase::Live), {}, kAt.addSecs(120), {}).isEmpty());
}

QTEST_GUILESS_MAIN(TestAttentionWatch)
#include "tst_attentionwatch.moc"
