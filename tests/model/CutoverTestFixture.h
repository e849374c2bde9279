// Shared fixture of the cutover tests: the bundled runbook, the people on duty, and a run state
// that records events at a test clock.
#pragma once

#include "Cutover.h"
#include "ItemCheckSupport.h"
#include "RunState.h"
#include "RunbookParser.h"
#include "SubItems.h"
#include "Timeline.h"

#include <QFile>
#include <QTest>

namespace golive::test {

inline const RunbookParseResult& seed()
{
    static const RunbookParseResult result =
        RunbookParser::parseFile(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return result;
}

inline QDateTime utc(int hour, int minute, int second = 0)
{
    return QDateTime(QDate(2026, 5, 1), QTime(hour, minute, second), Qt::UTC);
}

inline const Actor ic = [] {
    Actor a;
    a.name = QStringLiteral("Inès Duarte");
    a.role = Role::IncidentCommander;
    a.osUser = QStringLiteral("ines");
    a.host = QStringLiteral("warroom-1");
    return a;
}();
inline const Actor rc = [] {
    Actor a = ic;
    a.name = QStringLiteral("Rae Okafor");
    a.role = Role::ReleaseCaptain;
    return a;
}();
inline const Actor eng = [] {
    Actor a = ic;
    a.name = QStringLiteral("Eli Novak");
    a.role = Role::Engineer;
    return a;
}();
inline const Actor obs = [] {
    Actor a = ic;
    a.name = QStringLiteral("Oda Berg");
    a.role = Role::Observer;
    return a;
}();

inline SignOffEvent itemEvent(EventKind kind, const QString& id, const Actor& who,
                              const QString& text = {})
{
    SignOffEvent e;
    e.kind = kind;
    e.itemId = id;
    e.text = text;
    e.actor = who;
    return e;
}

class CutoverFixture
{
protected:
    RunState m_state;
    qint64 m_seq = 0;
    QDateTime m_now;

    // Validates and, when allowed, applies `e` at m_now (unless it has a time): "" when
    // recorded, else the refusal.
    QString record(SignOffEvent e)
    {
        if (!e.timeUtc.isValid())
            e.timeUtc = m_now;
        QString error;
        if (!m_state.validate(e, &error))
            return error.isEmpty() ? QStringLiteral("(refused without words)") : error;
        e.seq = ++m_seq;
        e.hash = QByteArray::number(e.seq).rightJustified(64, '0');
        m_state.apply(e);
        return {};
    }
    QString refusal(SignOffEvent e) const
    {
        if (!e.timeUtc.isValid())
            e.timeUtc = m_now;
        QString error;
        return m_state.validate(e, &error) ? QStringLiteral("(accepted)") : error;
    }
    // Signs `id`; a step whose sub-items are open is signed over them, with a reason naming
    // them (the rule of SubItems.h), so the walks need not sign every sub-item.
    QString sign(const QString& id, const Actor& who = eng)
    {
        const RunbookItem* item = m_state.runbook() ? m_state.runbook()->findItem(id) : nullptr;
        const QStringList open = item ? openSubItems(m_state, *item) : QStringList();
        return record(itemEvent(
            EventKind::Signed, id, who,
            open.isEmpty() ? QString()
                           : composeOverOpenSubItems(QStringLiteral("checked off-list"), open)));
    }
    // 4.3 "Production health checks are all green" (requires=health-green) or 4.4 "All previous
    // steps in this runbook are complete" (requires=previous-complete): these walks record no
    // health checks and leave sections 0 to 3 aside, so the incident commander signs them over
    // their open checks, naming each (decision/ItemCheckRules.h).
    QString signOverOpenChecks(const QString& id)
    {
        return record(signedOverOpenChecks(m_state, id, ic));
    }
    // The T-60 pre-checks signed: 4.1 by the engineer, 4.3 and 4.4 as above.
    void signPreChecks()
    {
        QCOMPARE(sign(QStringLiteral("4.1")), QString());
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.3")), QString());
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.4")), QString());
    }
    void advance(int minutes, int seconds = 0) { m_now = m_now.addSecs(minutes * 60 + seconds); }

    // Pre-checks signed, Go/No-Go opened, GO given: the cutover runs.
    void reachCutover()
    {
        signPreChecks();
        QCOMPARE(record(makeGateEvent(rc)), QString());
        // Before the planned start (when it is filled in) the GO says how early, and why.
        const QString early = earlyGoText(m_state.windowStartUtc(), m_now);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true,
                                          early.isEmpty() ? QString()
                                                          : QStringLiteral("bridge ready early"),
                                          {}, ic, early)),
                 QString());
        QCOMPARE(m_state.cutover().phase(), Phase::Cutover);
    }
    // Every step before Final Monitoring, in order, one minute apart.
    void signStepsBeforeFinal()
    {
        for (const QString& id : m_state.plan().stepIds) {
            if (id == m_state.plan().finalMonitoringStepId)
                break;
            advance(1);
            QCOMPARE(sign(id), QString());
        }
    }
};

} // namespace golive::test
