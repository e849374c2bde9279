// The cutover: phase names, the plan found in a runbook, and the fold of its events.
#include "Cutover.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <utility>

namespace golive {

namespace {

struct PhaseNames
{
    Phase phase;
    QLatin1String name;
    QLatin1String display;
};

constexpr std::array<PhaseNames, 7> kPhases{{
    {Phase::Preparing, QLatin1String("preparing"),
     QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Preparing"))},
    {Phase::GoNoGo, QLatin1String("go-no-go"),
     QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Go/No-Go"))},
    {Phase::Cutover, QLatin1String("cutover"),
     QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Cutover"))},
    {Phase::FinalMonitoring, QLatin1String("final-monitoring"),
     QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Final monitoring"))},
    {Phase::Live, QLatin1String("live"), QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Live"))},
    {Phase::Rollback, QLatin1String("rollback"),
     QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Rollback"))},
    {Phase::RolledBack, QLatin1String("rolled-back"),
     QLatin1String(QT_TRANSLATE_NOOP("golive::Phase", "Rolled back"))},
}};

constexpr std::array<std::pair<QLatin1String, QLatin1String>, 8> kObservations{{
    {QLatin1String("alert-firing"), QLatin1String("alert firing")},
    {QLatin1String("alert-resolved"), QLatin1String("alert resolved")},
    {QLatin1String("slo-breach"), QLatin1String("SLO breach")},
    {QLatin1String("slo-recovered"), QLatin1String("SLO recovered")},
    {QLatin1String("health-down"), QLatin1String("health check down")},
    {QLatin1String("health-up"), QLatin1String("health check up")},
    // What the war-room channel was told (or could not be), for the postmortem.
    {QLatin1String("channel-posted"), QLatin1String("posted to the channel")},
    {QLatin1String("channel-failed"), QLatin1String("channel post failed")},
}};

void mapStep(const RunbookItem& item, const QString& stepId, QHash<QString, QString>& out)
{
    out.insert(item.id, stepId);
    for (const RunbookItem& child : item.children)
        mapStep(child, stepId, out);
}

} // namespace

QString phaseName(Phase phase)
{
    for (const PhaseNames& p : kPhases) {
        if (p.phase == phase)
            return p.name;
    }
    return {};
}

QString phaseDisplayName(Phase phase)
{
    for (const PhaseNames& p : kPhases) {
        if (p.phase == phase)
            return QCoreApplication::translate("golive::Phase", p.display.data());
    }
    return {};
}

std::optional<Phase> phaseFromName(const QString& name)
{
    for (const PhaseNames& p : kPhases) {
        if (name == p.name)
            return p.phase;
    }
    return std::nullopt;
}

QStringList observationCategories()
{
    QStringList out;
    for (const auto& category : kObservations)
        out.append(category.first);
    return out;
}

QString observationDisplayName(const QString& category)
{
    for (const auto& known : kObservations) {
        if (category == known.first)
            return known.second;
    }
    return category;
}

QString composeGoReason(const QString& reason, const QStringList& openPreCheckIds,
                        const QString& early)
{
    const QString why = reason.trimmed();
    if ((openPreCheckIds.isEmpty() && early.isEmpty()) || why.isEmpty())
        return why; // an empty reason stays empty, so the rules can ask for one
    QStringList what;
    if (!early.isEmpty())
        what << early;
    if (!openPreCheckIds.isEmpty())
        what << QStringLiteral("over open pre-checks %1")
                    .arg(openPreCheckIds.join(QStringLiteral(", ")));
    return QStringLiteral("GO %1: %2").arg(what.join(QStringLiteral(", ")), why);
}

QString earlyGoText(const QDateTime& plannedStartUtc, const QDateTime& atUtc)
{
    if (!plannedStartUtc.isValid() || !atUtc.isValid())
        return {};
    const qint64 seconds = atUtc.secsTo(plannedStartUtc);
    if (seconds <= qint64(kEarlyGoGraceMinutes) * 60)
        return {};
    const qint64 minutes = seconds / 60;
    const auto count = [](qint64 n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    QString how = count(minutes % 60, "minute", "minutes");
    if (minutes >= 60)
        how = count(minutes / 60, "hour", "hours") +
              (minutes % 60 ? QLatin1Char(' ') + how : QString());
    return QStringLiteral("%1 %2 (%3 UTC)")
        .arg(how, kEarlyGoWords, plannedStartUtc.toUTC().toString(QStringLiteral("HH:mm")));
}

QDateTime parseWindowStart(const QString& text, QString* error)
{
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return QDateTime();
    };
    const QString t = text.trimmed();
    if (t.isEmpty())
        return fail(QStringLiteral("the go-live window's Start is not filled in; fill it as "
                                   "YYYY-MM-DD HH:mm UTC, e.g. 2026-05-01 06:00 UTC"));
    // "2026-05-01 06:00 UTC", "2026-05-01T06:00:00Z", "2026-05-01 08:00 +02:00", ...
    static const QRegularExpression re(
        QStringLiteral(R"(^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+|\s*,\s*)(\d{1,2}):(\d{2}))"
                       R"((?::(\d{2})(?:\.(\d{1,3}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(t);
    if (!m.hasMatch())
        return fail(QStringLiteral("the go-live window's Start \"%1\" is not a date and time "
                                   "golive can read; write it as YYYY-MM-DD HH:mm UTC, e.g. "
                                   "2026-05-01 06:00 UTC")
                        .arg(t));
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int ms = m.captured(7).isEmpty() ? 0 : m.captured(7).leftJustified(3, u'0').toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
    if (!date.isValid() || !time.isValid())
        return fail(QStringLiteral("the go-live window's Start \"%1\" is not a real date and "
                                   "time; write it as YYYY-MM-DD HH:mm UTC, e.g. "
                                   "2026-05-01 06:00 UTC")
                        .arg(t));
    int offsetSeconds = 0;
    const QString zone = m.captured(8);
    if (zone.startsWith(u'+') || zone.startsWith(u'-')) {
        QString digits = zone.mid(1);
        digits.remove(u':');
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
        if (hours > 23 || minutes > 59)
            return fail(QStringLiteral("the go-live window's Start \"%1\" has an offset that is "
                                       "not one; write it as YYYY-MM-DD HH:mm UTC")
                            .arg(t));
        offsetSeconds = (hours * 3600 + minutes * 60) * (zone.startsWith(u'-') ? -1 : 1);
    }
    return QDateTime(date, time, Qt::OffsetFromUTC, offsetSeconds).toUTC();
}

QString hoursMinutesSecondsText(qint64 seconds)
{
    const qint64 s = seconds < 0 ? 0 : seconds;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString tMinusText(qint64 secondsFromStart)
{
    const qint64 magnitude = secondsFromStart < 0 ? -secondsFromStart : secondsFromStart;
    return QStringLiteral("T%1%2")
        .arg(secondsFromStart < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(hoursMinutesSecondsText(magnitude));
}

QString goTimingText(const QDateTime& goUtc, const QDateTime& startUtc)
{
    if (!goUtc.isValid() || !startUtc.isValid())
        return {};
    const qint64 late = startUtc.secsTo(goUtc);
    const qint64 minutes = (late < 0 ? -late : late) / 60;
    if (minutes == 0)
        return QStringLiteral("on time");
    const QString amount = minutes < 60 ? QStringLiteral("%1 min").arg(minutes)
                                        : QStringLiteral("%1 h %2 min")
                                              .arg(minutes / 60)
                                              .arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return late < 0 ? amount + QStringLiteral(" early") : amount + QStringLiteral(" late");
}

QString minutesSecondsText(qint64 seconds)
{
    const qint64 s = seconds < 0 ? 0 : seconds;
    return QStringLiteral("%1:%2")
        .arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString failureTimeLeftText(const StepFailure& failure, const QDateTime& nowUtc)
{
    const qint64 left = failure.secondsLeft(nowUtc);
    return left > 0 ? QStringLiteral("%1 left").arg(minutesSecondsText(left))
                    : QStringLiteral("+%1 over").arg(minutesSecondsText(-left));
}

QString failureTimerText(const StepFailure& failure, const QDateTime& nowUtc)
{
    const QString due = failure.deadlineUtc.toUTC().toString(QStringLiteral("HH:mm"));
    return failure.secondsLeft(nowUtc) > 0 ? QStringLiteral("%1 \u00b7 resolve by %2 UTC")
                                                 .arg(failureTimeLeftText(failure, nowUtc), due)
                                           : QStringLiteral("%1 \u00b7 was due %2 UTC")
                                                 .arg(failureTimeLeftText(failure, nowUtc), due);
}

// ---- the plan ----

CutoverPlan CutoverPlan::fromRunbook(const Runbook& runbook)
{
    static const QRegularExpression preChecksTitle(QStringLiteral(R"(\bpre-?checks?\b)"),
                                                   QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression sequenceTitle(QStringLiteral(R"(\bcutover\s+sequence\b)"),
                                                  QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression goWord(QStringLiteral(R"(\bgo\b)"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rollbackTitle(QStringLiteral(R"(\brollback\b)"),
                                                  QRegularExpression::CaseInsensitiveOption);

    CutoverPlan plan;
    const RunbookGroup* preChecks = nullptr;
    const RunbookGroup* sequence = nullptr;
    const RunbookSection* sequenceSection = nullptr;
    for (const RunbookSection& section : runbook.sections) {
        for (const RunbookGroup& group : section.groups) {
            if (!preChecks && !group.items.isEmpty() &&
                preChecksTitle.match(group.title).hasMatch())
                preChecks = &group;
            if (!sequence && !group.items.isEmpty() &&
                sequenceTitle.match(group.title).hasMatch()) {
                sequence = &group;
                sequenceSection = &section;
            }
        }
    }
    if (preChecks) {
        for (const RunbookItem& item : preChecks->items) {
            plan.preCheckIds.append(item.id);
            const bool isGoDecision =
                goWord.match(item.title).hasMatch() &&
                item.title.contains(QLatin1String("decision"), Qt::CaseInsensitive);
            if (isGoDecision && plan.goDecisionItemId.isEmpty())
                plan.goDecisionItemId = item.id;
        }
    }
    if (sequence) {
        for (const RunbookItem& item : sequence->items) {
            plan.stepIds.append(item.id);
            mapStep(item, item.id, plan.m_stepOfItem);
        }
        const RunbookItem& last = sequence->items.constLast();
        if (last.title.contains(QLatin1String("monitor"), Qt::CaseInsensitive))
            plan.finalMonitoringStepId = last.id;
    }

    // The rollback plan: in the cutover's own section first, then anywhere.
    const RunbookProcedure* rollback = nullptr;
    const auto findIn = [&](const RunbookSection& section) {
        for (const RunbookGroup& group : section.groups) {
            for (const RunbookProcedure& p : group.procedures) {
                if (!rollback && rollbackTitle.match(p.title).hasMatch())
                    rollback = &p;
            }
        }
    };
    if (sequenceSection)
        findIn(*sequenceSection);
    for (const RunbookSection& section : runbook.sections) {
        if (!rollback)
            findIn(section);
    }
    if (rollback) {
        for (const RunbookText& step : rollback->steps) {
            if (step.depth == 0)
                plan.rollbackSteps.append(step.plain.trimmed());
        }
    }

    if (runbook.findField(QStringLiteral("start"))) {
        plan.startFieldKey = QStringLiteral("start");
    } else {
        for (const RunbookField& f : runbook.fields) {
            if (f.label.compare(QLatin1String("Start"), Qt::CaseInsensitive) == 0) {
                plan.startFieldKey = f.key;
                break;
            }
        }
    }
    return plan;
}

QString CutoverPlan::previousStepId(const QString& stepId) const
{
    const qsizetype i = stepIds.indexOf(stepId);
    return i > 0 ? stepIds.at(i - 1) : QString();
}

// ---- the state ----

bool CutoverState::stepFailedAlarm() const
{
    return !m_failures.isEmpty() &&
           (m_phase == Phase::Cutover || m_phase == Phase::FinalMonitoring);
}

QString CutoverState::badgeText() const
{
    const QString name = phaseDisplayName(m_phase);
    return stepFailedAlarm() ? name + QStringLiteral(" \u00b7 STEP FAILED") : name;
}

QString CutoverState::elapsedText(const QDateTime& nowUtc, const QDateTime& startUtc) const
{
    switch (m_phase) {
    case Phase::Preparing:
    case Phase::GoNoGo:
        return {};
    case Phase::Rollback:
        return m_rollback ? QStringLiteral("Rollback +%1")
                                .arg(hoursMinutesSecondsText(m_rollback->atUtc.secsTo(nowUtc)))
                          : QString();
    case Phase::RolledBack:
        return m_rollback
                   ? QStringLiteral("Rolled back in %1")
                         .arg(hoursMinutesSecondsText(m_rollback->atUtc.secsTo(m_phaseSince)))
                   : QString();
    case Phase::Cutover:
    case Phase::FinalMonitoring:
    case Phase::Live:
        break;
    }
    if (!m_decision || !m_decision->go)
        return {};
    const QString since =
        QStringLiteral("GO +%1").arg(hoursMinutesSecondsText(m_decision->atUtc.secsTo(nowUtc)));
    const QString timing = goTimingText(m_decision->atUtc, startUtc);
    return timing.isEmpty() ? since : since + QStringLiteral(" \u00b7 ") + timing;
}

const StepFailure* CutoverState::failureOf(const QString& stepId) const
{
    for (const StepFailure& f : m_failures) {
        if (f.stepId == stepId)
            return &f;
    }
    return nullptr;
}

const StepFailure* CutoverState::urgentFailure() const
{
    const StepFailure* first = nullptr;
    for (const StepFailure& f : m_failures) {
        if (f.deadlineUtc.isValid() && (!first || f.deadlineUtc < first->deadlineUtc))
            first = &f;
    }
    return first;
}

QDateTime CutoverState::rollbackDeadlineUtc() const
{
    const StepFailure* first = urgentFailure();
    return first ? first->deadlineUtc : QDateTime();
}

std::optional<qint64> CutoverState::secondsLeft(const QDateTime& nowUtc) const
{
    const QDateTime deadline = rollbackDeadlineUtc();
    if (!deadline.isValid())
        return std::nullopt;
    return secondsUntil(nowUtc, deadline);
}

bool CutoverState::rollbackDeadlineExpired(const QDateTime& nowUtc) const
{
    if (m_phase != Phase::Cutover && m_phase != Phase::FinalMonitoring)
        return false;
    const std::optional<qint64> left = secondsLeft(nowUtc);
    return left && *left <= 0;
}

QDateTime CutoverState::finalMonitoringEndsUtc() const
{
    return m_finalMonitoringStart.isValid()
               ? m_finalMonitoringStart.addSecs(qint64(m_plan.finalMonitoringMinutes) * 60)
               : QDateTime();
}

std::optional<qint64> CutoverState::finalMonitoringSecondsLeft(const QDateTime& nowUtc) const
{
    if (m_phase != Phase::FinalMonitoring || !m_finalMonitoringStart.isValid())
        return std::nullopt;
    return std::max<qint64>(0, secondsUntil(nowUtc, finalMonitoringEndsUtc()));
}

int CutoverState::nextRollbackStep() const
{
    if (m_phase != Phase::Rollback)
        return 0;
    const int next = int(m_rollbackSteps.size()) + 1;
    return next <= m_plan.rollbackSteps.size() ? next : 0;
}

QStringList CutoverState::openPreChecks() const
{
    QStringList out;
    for (const QString& id : m_plan.preCheckIds) {
        if (id != m_plan.goDecisionItemId && !m_done.contains(id))
            out.append(id);
    }
    return out;
}

QString CutoverState::nextStepId() const
{
    for (const QString& id : m_plan.stepIds) {
        if (!m_done.contains(id))
            return id;
    }
    return {};
}

QString CutoverState::stepInFocus() const
{
    const QString last = m_plan.stepIds.isEmpty() ? QString() : m_plan.stepIds.constLast();
    switch (m_phase) {
    case Phase::Preparing:
    case Phase::GoNoGo:
        return {};
    case Phase::Live:
        return m_plan.finalMonitoringStepId.isEmpty() ? last : m_plan.finalMonitoringStepId;
    case Phase::Cutover:
    case Phase::FinalMonitoring:
    case Phase::Rollback:
    case Phase::RolledBack:
        break;
    }
    if (const StepFailure* failed = urgentFailure())
        return failed->stepId;
    const QString next = nextStepId();
    return next.isEmpty() ? last : next;
}

bool CutoverState::stepsBeforeFinalDone() const
{
    return std::all_of(m_plan.stepIds.cbegin(), m_plan.stepIds.cend(), [this](const QString& id) {
        return id == m_plan.finalMonitoringStepId || m_done.contains(id);
    });
}

void CutoverState::enter(Phase phase, const SignOffEvent& cause, const QString& reason,
                         bool derived)
{
    m_phase = phase;
    m_phaseSince = cause.timeUtc;
    PhaseChange change;
    change.phase = phase;
    change.atUtc = cause.timeUtc;
    change.by = cause.actor.name;
    change.role = cause.actor.role;
    change.reason = reason;
    change.seq = cause.seq;
    change.derived = derived;
    m_history.append(change);
}

void CutoverState::syncDone(const std::function<bool(const QString&)>& isDone)
{
    for (const QStringList* ids : {&m_plan.preCheckIds, &m_plan.stepIds}) {
        for (const QString& id : *ids) {
            if (isDone(id))
                m_done.insert(id);
            else
                m_done.remove(id);
        }
    }
}

// A failed step that was resolved (signed or N/A) and is open again (that sign-off revoked) has
// its failure back, with the deadline it always had: the alarm must not end with the sign-off
// that ended it being taken back.
void CutoverState::reopenFailures(const QSet<QString>& wasDone)
{
    for (const QString& id : wasDone) {
        if (m_done.contains(id) || failureOf(id))
            continue;
        for (qsizetype i = m_failureHistory.size() - 1; i >= 0; --i) {
            StepFailure& f = m_failureHistory[i];
            if (f.stepId != id)
                continue;
            if (f.resolved) {
                f.resolved = false;
                f.resolvedAtUtc = QDateTime();
                f.resolvedBy.clear();
                f.resolvedRole = Role::Observer;
                f.resolvedSeq = 0;
                f.resolvedNotApplicable = false;
                m_failures.append(f);
            }
            break; // only the step's newest failure
        }
    }
}

void CutoverState::apply(const SignOffEvent& event,
                         const std::function<bool(const QString&)>& isDone)
{
    if (!m_plan.isValid())
        return;
    const QSet<QString> wasDone = m_done;
    syncDone(isDone);
    reopenFailures(wasDone);

    switch (event.kind) {
    case EventKind::PhaseChanged: {
        const std::optional<Phase> phase = phaseFromName(event.fieldKey);
        if (phase == Phase::GoNoGo || phase == Phase::Live) {
            enter(*phase, event, event.text, false);
        } else if (phase == Phase::Rollback) {
            m_rollback = RollbackStart{event.text,    event.actor.name, event.actor.role,
                                       event.timeUtc, event.seq,        m_phase};
            m_rollbackSteps.clear();
            enter(Phase::Rollback, event, event.text, false);
        }
        // Other phases follow from the events; a record naming one moves nothing.
        break;
    }
    case EventKind::Decision: {
        CutoverDecision d;
        d.go = event.fieldKey == kDecisionGo;
        d.reason = event.text;
        d.by = event.actor.name;
        d.role = event.actor.role;
        d.atUtc = event.timeUtc;
        d.seq = event.seq;
        m_decision = d;
        if (d.go && (m_phase == Phase::Preparing || m_phase == Phase::GoNoGo))
            enter(Phase::Cutover, event, QStringLiteral("after the GO"), true);
        break;
    }
    case EventKind::StepFailed:
        if (m_plan.isStep(event.itemId) && !m_done.contains(event.itemId) &&
            !failureOf(event.itemId)) {
            StepFailure f;
            f.stepId = event.itemId;
            f.what = event.text;
            f.by = event.actor.name;
            f.role = event.actor.role;
            f.atUtc = event.timeUtc;
            f.deadlineUtc = event.timeUtc.isValid()
                                ? event.timeUtc.addSecs(qint64(m_plan.resolutionMinutes) * 60)
                                : QDateTime();
            f.seq = event.seq;
            m_failures.append(f);
            m_failureHistory.append(f);
        }
        break;
    case EventKind::RollbackStep: {
        bool ok = false;
        const int number = event.fieldKey.toInt(&ok);
        if (m_phase == Phase::Rollback && ok && number == int(m_rollbackSteps.size()) + 1) {
            m_rollbackSteps.append(RollbackStepRecord{number, event.text, event.actor.name,
                                                      event.actor.role, event.timeUtc, event.seq});
        }
        break;
    }
    default:
        break;
    }

    // A failed step that is now signed or N/A is resolved: the event that did it is kept on the
    // failure's record.
    for (const StepFailure& open : std::as_const(m_failures)) {
        if (!m_done.contains(open.stepId))
            continue;
        for (StepFailure& f : m_failureHistory) {
            if (f.seq == open.seq && f.stepId == open.stepId && !f.resolved) {
                f.resolved = true;
                f.resolvedAtUtc = event.timeUtc;
                f.resolvedBy = event.actor.name;
                f.resolvedRole = event.actor.role;
                f.resolvedSeq = event.seq;
                f.resolvedNotApplicable = event.kind == EventKind::NotApplicable;
            }
        }
    }
    m_failures.removeIf([this](const StepFailure& f) { return m_done.contains(f.stepId); });

    // Derived phases take the time of the event that caused them.
    if (m_phase == Phase::Cutover && stepsBeforeFinalDone()) {
        m_finalMonitoringStart = event.timeUtc;
        enter(Phase::FinalMonitoring, event,
              m_plan.finalMonitoringStepId.isEmpty()
                  ? QStringLiteral("every cutover step is done")
                  : QStringLiteral("every cutover step before %1 is done")
                        .arg(m_plan.finalMonitoringStepId),
              true);
    } else if (m_phase == Phase::FinalMonitoring && !stepsBeforeFinalDone()) {
        m_finalMonitoringStart = QDateTime();
        enter(Phase::Cutover, event,
              QStringLiteral("step %1 is open again").arg(m_plan.stepOf(event.itemId)), true);
    }
    if (m_phase == Phase::Rollback && !m_plan.rollbackSteps.isEmpty() &&
        m_rollbackSteps.size() >= m_plan.rollbackSteps.size()) {
        enter(Phase::RolledBack, event, QStringLiteral("every step of the rollback plan is done"),
              true);
    }
}

// ---- builders ----

namespace {

SignOffEvent event(EventKind kind, const Actor& actor)
{
    SignOffEvent e;
    e.kind = kind;
    e.actor = actor;
    return e;
}

} // namespace

SignOffEvent makeGateEvent(const Actor& actor, const QString& note)
{
    SignOffEvent e = event(EventKind::PhaseChanged, actor);
    e.fieldKey = phaseName(Phase::GoNoGo);
    e.text = note.trimmed();
    return e;
}

SignOffEvent makeDecisionEvent(const CutoverPlan& plan, bool go, const QString& reason,
                               const QStringList& openPreChecks, const Actor& actor,
                               const QString& early)
{
    SignOffEvent e = event(EventKind::Decision, actor);
    e.fieldKey = go ? kDecisionGo : kDecisionNoGo;
    e.itemId = go ? plan.goDecisionItemId : QString();
    e.text = go ? composeGoReason(reason, openPreChecks, early) : reason.trimmed();
    return e;
}

SignOffEvent makeStepFailedEvent(const QString& stepId, const QString& what, const Actor& actor)
{
    SignOffEvent e = event(EventKind::StepFailed, actor);
    e.itemId = stepId;
    e.text = what.trimmed();
    return e;
}

SignOffEvent makeRollbackEvent(const QString& reason, const Actor& actor)
{
    SignOffEvent e = event(EventKind::PhaseChanged, actor);
    e.fieldKey = phaseName(Phase::Rollback);
    e.text = reason.trimmed();
    return e;
}

SignOffEvent makeRollbackStepEvent(int number, const QString& note, const Actor& actor)
{
    SignOffEvent e = event(EventKind::RollbackStep, actor);
    e.fieldKey = QString::number(number);
    e.text = note.trimmed();
    return e;
}

SignOffEvent makeLiveEvent(const CutoverPlan& plan, const QString& note, const Actor& actor)
{
    SignOffEvent e = event(EventKind::PhaseChanged, actor);
    e.fieldKey = phaseName(Phase::Live);
    e.itemId = plan.finalMonitoringStepId;
    e.text = note.trimmed();
    return e;
}

SignOffEvent makeOrderOverrideEvent(const QString& itemId, const QString& reason,
                                    const Actor& actor)
{
    SignOffEvent e = event(EventKind::Signed, actor);
    e.itemId = itemId;
    e.fieldKey = kOrderOverrideKey;
    e.text = reason.trimmed();
    return e;
}

SignOffEvent makeObservedEvent(const QString& category, const QString& description,
                               const Actor& actor)
{
    SignOffEvent e = event(EventKind::Observed, actor);
    e.fieldKey = category;
    e.text = description.trimmed();
    return e;
}

} // namespace golive
