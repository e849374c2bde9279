// The moments the incident commander must not miss while looking at another screen: an abort
// trigger raised (or a new cause for it), a failed step's time to be resolved down to its last
// 5 minutes and its last minute (10 and 14 minutes after the failure, with the default 15), and
// the go-live declared Live. Each moment once: the watch remembers what it has told.
#pragma once

#include "Cutover.h"
#include "CutoverStatus.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QString>
#include <QStringList>

namespace golive {

struct AttentionMoment
{
    enum class Kind
    {
        AbortTrigger,
        FailedStepTime,
        Live
    };
    Kind kind = Kind::AbortTrigger;
    QString summary; // one line: what happened
    QString body;    // the run, the cause, the time: data, escaped where it is shown
    bool urgent = true;
    QStringList causes = {}; // an abort trigger's new causes, in the monitor's words
};

} // namespace golive

Q_DECLARE_METATYPE(golive::AttentionMoment)

namespace golive {

class AttentionWatch
{
    Q_DECLARE_TR_FUNCTIONS(AttentionWatch)

public:
    // Before a failed step's deadline, the minutes left at which it is told.
    static constexpr int MinutesLeftToTell[] = {5, 1};

    // What became so since the last call. The first call after reset() tells nothing: it learns
    // what is already so (a run opened during an abort, or already Live, is no news).
    // `openFailures`: the cutover's failed steps not resolved (CutoverState::openFailures()).
    QList<AttentionMoment> follow(const CutoverStatus& status,
                                  const QList<StepFailure>& openFailures, const QDateTime& nowUtc,
                                  const QString& runTitle);
    // Another run is shown: its first state is learnt, not told.
    void reset();

private:
    bool m_primed = false;
    bool m_abortPrimed = false; // the causes, learnt once they are observed (causesObserved)
    bool m_abortRaised = false;
    QSet<QString> m_abortCauses;
    Phase m_phase = Phase::Preparing;
    QSet<QString> m_timesTold; // "seq:minutes" of each failure's marks passed
};

} // namespace golive
