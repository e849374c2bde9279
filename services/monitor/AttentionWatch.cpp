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
    m_abortPrimed = false;
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

    // An abort trigger: raised, or raised again for a cause not told yet. A cause is known by
    // its identity: its words may change while it stays (an alert's summary with its value).
    const QStringList& keys = status.abortCauseKeys.size() == status.abortCauses.size()
                                  ? status.abortCauseKeys
                                  : status.abortCauses;
    // The causes are learnt when the alerts and the health checks first answer (a run opened
    // during an abort is no news), not at the first refresh, which comes before them.
    const bool tellAbort = m_abortPrimed;
    if (!m_abortPrimed && !status.causesObserved) {
        // Nothing known yet: nothing to learn.
    } else if (status.abortRaised) {
        QStringList fresh;
        for (qsizetype i = 0; i < keys.size(); ++i)
            if (!m_abortRaised || !m_abortCauses.contains(keys.at(i)))
                fresh << status.abortCauses.at(i);
        if (tellAbort && !fresh.isEmpty()) {
            AttentionMoment m;
            m.kind = AttentionMoment::Kind::AbortTrigger;
            m.summary = tr("ABORT TRIGGER: %1").arg(runTitle);
            m.body = tr("%1 at %2 UTC, during %3.")
                         .arg(fresh.join(QStringLiteral("; ")), hhmm(nowUtc),
                              phaseDisplayName(status.phase));
            m.causes = fresh;
            moments << m;
        }
    }
    if (m_abortPrimed || status.causesObserved) {
        m_abortPrimed = true;
        m_abortRaised = status.abortRaised;
        m_abortCauses =
            status.abortRaised ? QSet<QString>(keys.cbegin(), keys.cend()) : QSet<QString>();
    }

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
