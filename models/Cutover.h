// The cutover, as the incident commander runs it: phases, the plan found in the runbook, and
// the state folded from the ledger. The rules themselves live in RunState::validate(), so the
// window and the command line obey the same ones.
//
// The walk:
//   Preparing --(phase-changed go-no-go: IC or release captain)--> Go/No-Go
//   Go/No-Go --(decision no-go: IC, reason)--> Go/No-Go (the decision is recorded, no move)
//   Go/No-Go --(decision go: IC; over open pre-checks only with a reason naming them)--> Cutover
//   Cutover --(every step before the final monitoring step done)--> Final monitoring
//   Final monitoring --(phase-changed live: IC, after finalMonitoringMinutes)--> Live
//   Cutover | Final monitoring | Live --(phase-changed rollback: IC, reason)--> Rollback
//   Rollback --(every rollback-step done, in order)--> Rolled back
// Final monitoring and Rolled back are derived: they take the time of the event that caused
// them (and a revoked step takes the run back from Final monitoring to Cutover).
//
// Steps (and their sub-items) are signed or marked N/A only after the GO and in order (a step
// waits for the one before it), unless the incident commander overrides the order with a
// reason (kOrderOverrideKey); not during a rollback. The go-decision pre-check is signed by the
// GO and the final monitoring step by declaring Live, never directly. A failed step has
// resolutionMinutes to be signed or marked N/A; then golive proposes the rollback
// (CutoverState::rollbackDeadlineExpired()). Observations may be recorded by anyone on duty.
#pragma once

#include "Runbook.h"
#include "SignOffEvent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace golive {

enum class Phase
{
    Preparing,
    GoNoGo,
    Cutover,
    FinalMonitoring,
    Live,
    Rollback,
    RolledBack
};

// Names are written into the ledger (phase-changed's fieldKey): never change them, only add.
QString phaseName(Phase phase);        // "preparing", "go-no-go", "cutover", "final-monitoring",
                                       // "live", "rollback", "rolled-back"
QString phaseDisplayName(Phase phase); // "Preparing", "Go/No-Go", "Cutover", "Final monitoring",
                                       // "Live", "Rollback", "Rolled back"
std::optional<Phase> phaseFromName(const QString& name);

// fieldKey of a Signed (or NotApplicable) event that takes a cutover step out of order; its
// text is the reason (required). Only the incident commander may.
inline constexpr QLatin1String kOrderOverrideKey("order-override");
// fieldKey of a Decision event.
inline constexpr QLatin1String kDecisionGo("go");
inline constexpr QLatin1String kDecisionNoGo("no-go");

// The categories of an Observed event (its fieldKey), in this order.
QStringList observationCategories(); // alert-firing, alert-resolved, slo-breach, slo-recovered,
                                     // health-down, health-up
QString observationDisplayName(const QString& category); // "alert firing", "SLO breach", ...

// A GO's text when pre-checks are open: names every one, then the reason, e.g.
//   "GO over open pre-checks 4.1, 4.3: war room confirmed by phone".
// The rules refuse a GO over open pre-checks whose text does not name each of them. An empty
// reason gives an empty text (so the rules ask for a reason); no open pre-checks, the reason.
// A GO earlier than the planned start says so too, before the pre-checks it overrides:
//   "GO 45 minutes before the planned start (06:00 UTC): the bridge is ready early",
//   "GO 45 minutes before the planned start (06:00 UTC), over open pre-checks 4.1: ...".
// `early` is earlyGoText() of the moment; empty when the GO is not early.
QString composeGoReason(const QString& reason, const QStringList& openPreCheckIds,
                        const QString& early = {});
// How early a GO at `atUtc` is against the planned start: "45 minutes before the planned start
// (06:00 UTC)"; "1 hour 5 minutes before ..." from an hour on (whole minutes). Empty when it is
// at most kEarlyGoGraceMinutes early (the call made just before the start is on time), later,
// or either time is null. The rules refuse an early GO without a reason, or whose text does not
// carry kEarlyGoWords (composeGoReason() puts them there).
QString earlyGoText(const QDateTime& plannedStartUtc, const QDateTime& atUtc);
inline constexpr int kEarlyGoGraceMinutes = 5;
inline constexpr QLatin1String kEarlyGoWords("before the planned start");

// The go-live window's start as the runbook's Start field holds it: "2026-05-01 06:00 UTC"
// (the runbook's form), also with seconds, without "UTC", with a "T", "Z" or an offset
// ("2026-05-01T08:00+02:00"). Without a zone it is UTC. On failure returns a null QDateTime
// and says why in *error (empty value, or not a date and time, with the form to use).
QDateTime parseWindowStart(const QString& text, QString* error = nullptr);
// "T-00:45:00" before the start, "T+01:10:05" from it on: hours, minutes and seconds, so it
// cannot be read as minutes:seconds (days count as hours: "T+26:00:00").
QString tMinusText(qint64 secondsFromStart);
// "hh:mm:ss" of a duration (hours may exceed 23); negative counts as 0.
QString hoursMinutesSecondsText(qint64 seconds);
// How a GO at `goUtc` stands against the planned start, in plain words: "on time" (less than a
// minute either way), "3 min late", "45 min early", "1 h 05 min late". Empty when either time
// is null.
QString goTimingText(const QDateTime& goUtc, const QDateTime& startUtc);

// What the cutover is made of, found in the runbook by the group and procedure titles:
// the group titled "Pre-Checks ..." (the T-60 pre-checks), the group titled
// "Cutover Sequence ..." (its top-level items are the ordered steps), the procedure titled
// "Rollback Plan" and the field keyed "start". Empty when the runbook has none of them.
struct CutoverPlan
{
    QStringList preCheckIds;       // top-level items of the pre-checks group, in order
    QString goDecisionItemId;      // the pre-check the GO signs ("Final "go" decision ..."), or ""
    QStringList stepIds;           // top-level items of the cutover sequence, in order
    QString finalMonitoringStepId; // the last step when its title says it monitors, or ""
    QStringList rollbackSteps;     // the rollback plan's steps, plain text (may hold
                                   // placeholder tokens: render with renderPlain()), in order
    QString startFieldKey;         // the go-live window's start field ("start"), or ""
    int resolutionMinutes = 15;    // a failed step's time to be resolved before rollback
    int finalMonitoringMinutes = 15; // final monitoring before the IC may declare Live

    static CutoverPlan fromRunbook(const Runbook& runbook);

    // A pre-checks group and a cutover sequence were found: only then do the cutover rules
    // apply (a runbook without them signs as it always did).
    bool isValid() const { return !preCheckIds.isEmpty() && !stepIds.isEmpty(); }
    bool isPreCheck(const QString& itemId) const { return preCheckIds.contains(itemId); }
    bool isStep(const QString& itemId) const { return stepIds.contains(itemId); }
    // The step an item belongs to: the step itself, or the step above a sub-item; "" if none.
    QString stepOf(const QString& itemId) const { return m_stepOfItem.value(itemId); }
    // The step before `stepId` in the sequence; "" for the first (or a non-step).
    QString previousStepId(const QString& stepId) const;

private:
    QHash<QString, QString> m_stepOfItem; // every item of the sequence -> its top-level step
};

struct CutoverDecision
{
    bool go = false;
    QString reason; // the event's text as recorded (a GO over open pre-checks names them)
    QString by;
    Role role = Role::Observer;
    QDateTime atUtc;
    qint64 seq = 0;
};

// Whole seconds from `now` until `then` as a countdown reads them: a part of a second left
// counts as a second (the timer shows 00:01 until the deadline itself, never "over" early);
// past it, the whole seconds over, negative.
inline qint64 secondsUntil(const QDateTime& now, const QDateTime& then)
{
    const qint64 ms = now.msecsTo(then);
    return ms > 0 ? (ms + 999) / 1000 : ms / 1000;
}

struct StepFailure
{
    QString stepId;
    QString what; // the event's text
    QString by;
    Role role = Role::Observer;
    QDateTime atUtc;
    QDateTime deadlineUtc; // atUtc + CutoverPlan::resolutionMinutes
    qint64 seq = 0;
    // Set once the step is signed or marked N/A after the failure (the failure is then
    // resolved); null while it is open.
    QDateTime resolvedAtUtc;
    QString resolvedBy;
    Role resolvedRole = Role::Observer;
    qint64 resolvedSeq = 0;
    bool resolvedNotApplicable = false; // marked N/A rather than signed
    bool resolved = false;

    // Seconds until the deadline (secondsUntil()); zero or negative once it has passed.
    qint64 secondsLeft(const QDateTime& nowUtc) const { return secondsUntil(nowUtc, deadlineUtc); }
    bool expired(const QDateTime& nowUtc) const { return secondsLeft(nowUtc) <= 0; }
};

// A failed step's resolution timer as the room reads it: "14:50 left · resolve by 17:10 UTC"
// before its deadline, "+00:52 over · was due 17:10 UTC" after (it counts up, never rests at
// 00:00). Minutes may exceed 59.
QString failureTimerText(const StepFailure& failure, const QDateTime& nowUtc);
// Its first half, where space is tight (a checklist row): "14:50 left", then "+00:52 over".
QString failureTimeLeftText(const StepFailure& failure, const QDateTime& nowUtc);
// "mm:ss" of a duration (minutes may exceed 59); negative counts as 0.
QString minutesSecondsText(qint64 seconds);

struct RollbackStart
{
    QString reason;
    QString by;
    Role role = Role::Observer;
    QDateTime atUtc;
    qint64 seq = 0;
    Phase from = Phase::Cutover; // the phase the rollback interrupted
};

struct RollbackStepRecord
{
    int number = 0; // 1-based, as in the rollback plan
    QString note;
    QString by;
    Role role = Role::Observer;
    QDateTime atUtc;
    qint64 seq = 0;
};

// One move of the phase. Derived moves (Cutover after a GO, Final monitoring, back to Cutover,
// Rolled back) name the event that caused them by seq and take its time and actor.
struct PhaseChange
{
    Phase phase = Phase::Preparing;
    QDateTime atUtc;
    QString by;
    Role role = Role::Observer;
    QString reason; // the event's text; for derived moves, why in words
    qint64 seq = 0;
    bool derived = false; // true unless a phase-changed event set it
};

// The cutover folded from the ledger, together with the items' done-ness. RunState owns one
// and keeps it current (RunState::cutover()); the window reads it, never writes it.
class CutoverState
{
public:
    CutoverState() = default;
    explicit CutoverState(const CutoverPlan& plan) : m_plan(plan) {}

    const CutoverPlan& plan() const { return m_plan; }

    Phase phase() const { return m_phase; }
    QDateTime phaseSinceUtc() const { return m_phaseSince; } // null while Preparing
    // Every phase move, oldest first (Preparing is the start, not a move).
    const QList<PhaseChange>& history() const { return m_history; }

    // The newest GO or NO-GO; nullopt before any.
    const std::optional<CutoverDecision>& decision() const { return m_decision; }

    // Failed steps not signed or marked N/A since, oldest first.
    const QList<StepFailure>& openFailures() const { return m_failures; }
    // Every failure recorded, resolved ones included (with who resolved them and when), oldest
    // first: what the printed record shows.
    const QList<StepFailure>& failureHistory() const { return m_failureHistory; }
    // The phase as the room reads it: its display name, with " · STEP FAILED" while a failed
    // step is unresolved during the cutover or final monitoring ("Cutover · STEP FAILED").
    QString badgeText() const;
    // A failed step is unresolved while the cutover or final monitoring runs: the alarm colour.
    bool stepFailedAlarm() const;
    const StepFailure* failureOf(const QString& stepId) const;
    // The open failure whose deadline comes first (the one that proposes the rollback);
    // nullptr when no step has failed unresolved.
    const StepFailure* urgentFailure() const;
    // The clock that matters once the cutover runs, as the room reads it: after the GO, the time
    // since it and how early or late it was against `startUtc` ("GO +00:12:30 · 3 min late";
    // without a start, "GO +00:12:30"); during a rollback, the time since it started
    // ("Rollback +00:04:10"); once rolled back, how long it took ("Rolled back in 00:24:10").
    // Empty before the GO.
    QString elapsedText(const QDateTime& nowUtc, const QDateTime& startUtc = {}) const;
    // The earliest deadline of an open failure (when golive proposes the rollback); null when
    // no step has failed unresolved.
    QDateTime rollbackDeadlineUtc() const;
    // Seconds until rollbackDeadlineUtc() (negative once passed); nullopt without one.
    std::optional<qint64> secondsLeft(const QDateTime& nowUtc) const;
    // True when an open failure's deadline has passed while the cutover or final monitoring
    // runs: the window proposes the rollback.
    bool rollbackDeadlineExpired(const QDateTime& nowUtc) const;

    // When the run entered Final monitoring (kept after Live, for the record); null before,
    // and again if a revoked step took it back to Cutover.
    QDateTime finalMonitoringStartUtc() const { return m_finalMonitoringStart; }
    QDateTime finalMonitoringEndsUtc() const; // start + finalMonitoringMinutes; null without
    // Seconds of final monitoring still to go (0 when over); nullopt unless Final monitoring.
    std::optional<qint64> finalMonitoringSecondsLeft(const QDateTime& nowUtc) const;

    const std::optional<RollbackStart>& rollback() const { return m_rollback; }
    const QList<RollbackStepRecord>& rollbackStepsDone() const { return m_rollbackSteps; }
    // The rollback step to do next, 1-based; 0 when no rollback runs or every step is done.
    int nextRollbackStep() const;

    // Pre-checks not done (signed, N/A or checked in the template), the go-decision pre-check
    // left out (the GO itself signs it), in runbook order.
    QStringList openPreChecks() const;
    // The first step not done, in order; "" when every step is.
    QString nextStepId() const;
    // The step the room is at once the GO is given, where a window opened on the run starts:
    // the open failed step whose deadline comes first, else the next step (during a rollback
    // and after it, the step the rollback interrupted, as the checklist marks it); once Live,
    // the final step; the last step when every one is done. "" before the GO.
    QString stepInFocus() const;
    // Done-ness of a pre-check or step as of the last fold.
    bool isDone(const QString& itemId) const { return m_done.contains(itemId); }
    // Every step before the final monitoring step (all steps when there is none) is done.
    bool stepsBeforeFinalDone() const;

    // RunState calls these: syncDone() once the items are set up, apply() after folding each
    // event into the item states (isDone reports an item's done-ness after the event).
    void syncDone(const std::function<bool(const QString&)>& isDone);
    void reopenFailures(const QSet<QString>& wasDone);
    void apply(const SignOffEvent& event, const std::function<bool(const QString&)>& isDone);

private:
    void enter(Phase phase, const SignOffEvent& cause, const QString& reason, bool derived);

    CutoverPlan m_plan;
    Phase m_phase = Phase::Preparing;
    QDateTime m_phaseSince;
    QList<PhaseChange> m_history;
    std::optional<CutoverDecision> m_decision;
    QList<StepFailure> m_failures;
    QList<StepFailure> m_failureHistory;
    QDateTime m_finalMonitoringStart;
    std::optional<RollbackStart> m_rollback;
    QList<RollbackStepRecord> m_rollbackSteps;
    QSet<QString> m_done; // plan items (pre-checks, steps) done as of the last fold
};

// Builders for the cutover's events, so the window and the command line make them alike.
// Time and seq are left to the ledger; validate() them with RunState::validate() as any event.
SignOffEvent makeGateEvent(const Actor& actor, const QString& note = {});
// A GO over open pre-checks: pass them (RunState::cutover().openPreChecks()) and the reason;
// the text is composeGoReason(reason, open). A NO-GO ignores openPreChecks.
// An early GO: pass earlyGoText() of now (RunState::windowStartUtc() against the clock).
SignOffEvent makeDecisionEvent(const CutoverPlan& plan, bool go, const QString& reason,
                               const QStringList& openPreChecks, const Actor& actor,
                               const QString& early = {});
SignOffEvent makeStepFailedEvent(const QString& stepId, const QString& what, const Actor& actor);
SignOffEvent makeRollbackEvent(const QString& reason, const Actor& actor);
SignOffEvent makeRollbackStepEvent(int number, const QString& note, const Actor& actor);
SignOffEvent makeLiveEvent(const CutoverPlan& plan, const QString& note, const Actor& actor);
SignOffEvent makeOrderOverrideEvent(const QString& itemId, const QString& reason,
                                    const Actor& actor);
SignOffEvent makeObservedEvent(const QString& category, const QString& description,
                               const Actor& actor);

} // namespace golive
