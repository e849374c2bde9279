#include "AttentionWatch.h"

namespace golive {

namespace {

QString hhmm(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("HH:mm"));
}

} // namespace

void AttentionWatch::reset()
{
    m_primed = false;
    m_abortRaised = false;
    m_abortCauses.clear();
    m_phase = Phase::Preparing;
    m_timesTold.clear();
}

QList<AttentionMoment> AttentionWatch::follow(const CutoverStatus& status,
                                              const QList<StepFailure>& openFailures,
                                              const QDateTime& nowUtc, const QString& runTitle)
{
    QList<AttentionMoment> moments;
    const bool tell = m_primed;
    m_primed = true;

    // An abort trigger: raised, or raised again for a cause not told yet.
    const QSet<QString> causes(status.abortCauses.cbegin(), status.abortCauses.cend());
    if (status.abortRaised) {
        QStringList fresh;
        for (const QString& cause : status.abortCauses)
            if (!m_abortRaised || !m_abortCauses.contains(cause))
                fresh << cause;
        if (tell && !fresh.isEmpty()) {
            AttentionMoment m;
            m.kind = AttentionMoment::Kind::AbortTrigger;
            m.summary = tr("ABORT TRIGGER: %1").arg(runTitle);
            m.body = tr("%1 at %2 UTC, during %3.")
                         .arg(fresh.join(QStringLiteral("; ")), hhmm(nowUtc),
                              phaseDisplayName(status.phase));
            moments << m;
        }
    }
    m_abortRaised = status.abortRaised;
    m_abortCauses = status.abortRaised ? causes : QSet<QString>();

    // A failed step, as its time to be resolved runs out.
    for (const StepFailure& f : openFailures) {
        for (const int left : MinutesLeftToTell) {
            const QString key = QStringLiteral("%1:%2").arg(f.seq).arg(left);
            if (m_timesTold.contains(key) || nowUtc < f.deadlineUtc.addSecs(-60 * left))
                continue;
            m_timesTold.insert(key);
            // A mark passed long ago (the deadline itself gone) is not news either.
            if (!tell || nowUtc >= f.deadlineUtc)
                continue;
            AttentionMoment m;
            m.kind = AttentionMoment::Kind::FailedStepTime;
            m.summary =
                left == 1 ? tr("%1 failed: 1 minute left to resolve it").arg(f.stepId)
                          : tr("%1 failed: %2 minutes left to resolve it").arg(f.stepId).arg(left);
            m.body = tr("%1: %2 (failed at %3 UTC). Resolve it by %4 UTC, or golive proposes "
                        "the rollback.")
                         .arg(runTitle, f.what, hhmm(f.atUtc), hhmm(f.deadlineUtc));
            moments << m;
        }
    }

    // Live.
    if (tell && status.phase == Phase::Live && m_phase != Phase::Live) {
        AttentionMoment m;
        m.kind = AttentionMoment::Kind::Live;
        m.summary = tr("LIVE: %1").arg(runTitle);
        m.body = tr("The go-live was declared Live at %1 UTC.").arg(hhmm(nowUtc));
        m.urgent = false;
        moments << m;
    }
    m_phase = status.phase;
    return moments;
}

} // namespace golive
