// The cutover's rules on the bundled Summit runbook: Go/No-Go, steps in order after GO, the
// incident commander's overrides and decisions, failures and their deadline, the rollback plan,
// final monitoring and Live, observations, and the timeline. Times come from the events (the
// clock seam), never from the wall clock.
#include "Cutover.h"
#include "RunState.h"
#include "RunbookParser.h"
#include "Timeline.h"

#include <QFile>
#include <QTest>

using namespace golive;

namespace {

const RunbookParseResult& seed()
{
    static const RunbookParseResult result =
        RunbookParser::parseFile(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return result;
}

QDateTime utc(int hour, int minute, int second = 0)
{
    return QDateTime(QDate(2026, 5, 1), QTime(hour, minute, second), Qt::UTC);
}

const Actor ic = [] {
    Actor a;
    a.name = QStringLiteral("Inès Duarte");
    a.role = Role::IncidentCommander;
    a.osUser = QStringLiteral("ines");
    a.host = QStringLiteral("warroom-1");
    return a;
}();
const Actor rc = [] {
    Actor a = ic;
    a.name = QStringLiteral("Rae Okafor");
    a.role = Role::ReleaseCaptain;
    return a;
}();
const Actor eng = [] {
    Actor a = ic;
    a.name = QStringLiteral("Eli Novak");
    a.role = Role::Engineer;
    return a;
}();
const Actor obs = [] {
    Actor a = ic;
    a.name = QStringLiteral("Oda Berg");
    a.role = Role::Observer;
    return a;
}();

SignOffEvent itemEvent(EventKind kind, const QString& id, const Actor& who,
                       const QString& text = {})
{
    SignOffEvent e;
    e.kind = kind;
    e.itemId = id;
    e.text = text;
    e.actor = who;
    return e;
}

} // namespace

class TestCutover : public QObject
{
    Q_OBJECT

private:
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
    QString sign(const QString& id, const Actor& who = eng)
    {
        return record(itemEvent(EventKind::Signed, id, who));
    }
    void advance(int minutes, int seconds = 0) { m_now = m_now.addSecs(minutes * 60 + seconds); }

    // Pre-checks signed, Go/No-Go opened, GO given: the cutover runs.
    void reachCutover()
    {
        for (const char* id : {"4.1", "4.3", "4.4"})
            QCOMPARE(sign(QLatin1String(id)), QString());
        QCOMPARE(record(makeGateEvent(rc)), QString());
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
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

    void annotationsMarkTheIncidentCommandersDecisions()
    {
        const Runbook& rb = seed().runbook;
        QStringList required;
        for (const RunbookItem* item : rb.allItems()) {
            if (!item->requiredRole.isEmpty())
                required << item->id + QLatin1Char('=') + item->requiredRole;
        }
        QCOMPARE(required, (QStringList{QStringLiteral("0.2=incident-commander"),
                                        QStringLiteral("4.2=incident-commander")}));

        // Invisible: the titles and details read exactly as before the annotation.
        const RunbookItem* frozen = rb.findItem(QStringLiteral("0.2"));
        QCOMPARE(frozen->title, QStringLiteral("Release Candidate Branch Frozen"));
        QCOMPARE(frozen->titleHtml, QStringLiteral("Release Candidate Branch Frozen"));
        QCOMPARE(frozen->details.size(), 2);
        QCOMPARE(frozen->details[0].html, QStringLiteral("<b>Branch Name:</b> <code>") +
                                              placeholderToken(QStringLiteral("branch-name")) +
                                              QStringLiteral("</code>"));
        QVERIFY(frozen->details[1].plain.startsWith(QStringLiteral("Action: No new features")));
        QCOMPARE(frozen->pos.line, 17);
        const RunbookItem* go = rb.findItem(QStringLiteral("4.2"));
        QCOMPARE(go->title,
                 QStringLiteral("Final \"go\" decision is given by the Incident Commander."));
        QVERIFY(go->details.isEmpty());

        // The runbook without its annotations reads exactly the same, item by item.
        QFile file(QStringLiteral(GOLIVE_SEED_RUNBOOK));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QByteArray plain = text;
        plain.replace(" <!-- golive: requires=incident-commander -->", "");
        QCOMPARE(text.size() - plain.size(),
                 2 * qsizetype(sizeof(" <!-- golive: requires=incident-commander -->") - 1));
        const RunbookParseResult bare = RunbookParser::parse(plain, rb.fileName);
        QVERIFY(bare.ok());
        const QList<const RunbookItem*> items = rb.allItems();
        const QList<const RunbookItem*> bareItems = bare.runbook.allItems();
        QCOMPARE(items.size(), bareItems.size());
        const auto texts = [](const QList<RunbookText>& list) {
            QStringList out;
            for (const RunbookText& t : list)
                out << t.html << t.plain << QString::number(t.pos.line) << QString::number(t.depth);
            return out;
        };
        for (qsizetype i = 0; i < items.size(); ++i) {
            const RunbookItem& a = *items.at(i);
            const RunbookItem& b = *bareItems.at(i);
            QCOMPARE(a.id, b.id);
            QCOMPARE(a.title, b.title);
            QCOMPARE(a.titleHtml, b.titleHtml);
            QCOMPARE(texts(a.details), texts(b.details));
            QCOMPARE(a.children.size(), b.children.size());
            QCOMPARE(a.pos.line, b.pos.line);
            QCOMPARE(a.pos.column, b.pos.column);
            QVERIFY2(!a.titleHtml.contains(QStringLiteral("golive")), qPrintable(a.id));
        }
        for (qsizetype s = 0; s < rb.sections.size(); ++s) {
            for (qsizetype g = 0; g < rb.sections[s].groups.size(); ++g) {
                const RunbookGroup& a = rb.sections[s].groups[g];
                const RunbookGroup& b = bare.runbook.sections[s].groups[g];
                QCOMPARE(a.title, b.title);
                QCOMPARE(texts(a.notes), texts(b.notes));
                QCOMPARE(a.procedures.size(), b.procedures.size());
                for (qsizetype p = 0; p < a.procedures.size(); ++p)
                    QCOMPARE(texts(a.procedures[p].steps), texts(b.procedures[p].steps));
            }
        }
        QCOMPARE(rb.fields.size(), bare.runbook.fields.size());
    }

    void planFromTheSummitRunbook()
    {
        const CutoverPlan& p = m_state.plan();
        QVERIFY(p.isValid());
        QCOMPARE(p.preCheckIds, (QStringList{QStringLiteral("4.1"), QStringLiteral("4.2"),
                                             QStringLiteral("4.3"), QStringLiteral("4.4")}));
        QCOMPARE(p.goDecisionItemId, QStringLiteral("4.2"));
        QCOMPARE(p.stepIds.size(), 7);
        QCOMPARE(p.stepIds.constFirst(), QStringLiteral("4.5"));
        QCOMPARE(p.finalMonitoringStepId, QStringLiteral("4.11"));
        QCOMPARE(p.rollbackSteps.size(), 5);
        QCOMPARE(p.rollbackSteps.constFirst(), QStringLiteral("Re-enable maintenance mode."));
        QCOMPARE(p.startFieldKey, QStringLiteral("start"));
        QCOMPARE(p.resolutionMinutes, 15);
        QCOMPARE(p.finalMonitoringMinutes, 15);
        QCOMPARE(p.stepOf(QStringLiteral("4.6.1")), QStringLiteral("4.6"));
        QCOMPARE(p.stepOf(QStringLiteral("4.6")), QStringLiteral("4.6"));
        QVERIFY(p.stepOf(QStringLiteral("4.1")).isEmpty());
        QCOMPARE(p.previousStepId(QStringLiteral("4.7")), QStringLiteral("4.6"));
        QVERIFY(p.previousStepId(QStringLiteral("4.5")).isEmpty());
        QCOMPARE(m_state.cutover().phase(), Phase::Preparing);
        QCOMPARE(
            m_state.cutover().openPreChecks(),
            (QStringList{QStringLiteral("4.1"), QStringLiteral("4.3"), QStringLiteral("4.4")}));
        QCOMPARE(m_state.cutover().nextStepId(), QStringLiteral("4.5"));
    }

    void names()
    {
        for (Phase p : {Phase::Preparing, Phase::GoNoGo, Phase::Cutover, Phase::FinalMonitoring,
                        Phase::Live, Phase::Rollback, Phase::RolledBack})
            QCOMPARE(phaseFromName(phaseName(p)), p);
        QCOMPARE(phaseName(Phase::GoNoGo), QStringLiteral("go-no-go"));
        QCOMPARE(phaseDisplayName(Phase::FinalMonitoring), QStringLiteral("Final monitoring"));
        QCOMPARE(phaseDisplayName(Phase::RolledBack), QStringLiteral("Rolled back"));
        QVERIFY(!phaseFromName(QStringLiteral("done")));
        const QStringList kinds{QStringLiteral("phase-changed"), QStringLiteral("decision"),
                                QStringLiteral("step-failed"), QStringLiteral("rollback-step"),
                                QStringLiteral("observed")};
        for (const QString& k : kinds) {
            const auto kind = eventKindFromName(k);
            QVERIFY2(kind, qPrintable(k));
            QCOMPARE(eventKindName(*kind), k);
        }
        QCOMPARE(observationCategories(),
                 (QStringList{QStringLiteral("alert-firing"), QStringLiteral("alert-resolved"),
                              QStringLiteral("slo-breach"), QStringLiteral("slo-recovered"),
                              QStringLiteral("health-down"), QStringLiteral("health-up")}));
    }

    void windowStartParses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        QTest::newRow("runbook form") << QStringLiteral("2026-05-01 06:00 UTC") << utc(6, 0);
        QTest::newRow("seconds") << QStringLiteral("2026-05-01 06:00:30 UTC") << utc(6, 0, 30);
        QTest::newRow("no zone") << QStringLiteral(" 2026-05-01 06:00 ") << utc(6, 0);
        QTest::newRow("ISO Z") << QStringLiteral("2026-05-01T06:00:00Z") << utc(6, 0);
        QTest::newRow("ISO ms") << QStringLiteral("2026-05-01T06:00:00.250Z")
                                << utc(6, 0).addMSecs(250);
        QTest::newRow("offset") << QStringLiteral("2026-05-01T08:00+02:00") << utc(6, 0);
        QTest::newRow("offset no colon") << QStringLiteral("2026-05-01 01:30 -0430") << utc(6, 0);
        QTest::newRow("lower utc") << QStringLiteral("2026-05-01 06:00 utc") << utc(6, 0);
    }

    void windowStartParses()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        QString error;
        const QDateTime t = parseWindowStart(text, &error);
        QVERIFY2(t.isValid(), qPrintable(error));
        QCOMPARE(t, expected);
        QCOMPARE(t.timeSpec(), Qt::UTC);
    }

    void windowStartErrorsInWords()
    {
        QString error;
        QVERIFY(!parseWindowStart(QString(), &error).isValid());
        QVERIFY2(error.contains(QStringLiteral("not filled in")), qPrintable(error));
        QVERIFY(!parseWindowStart(QStringLiteral("[YYYY-MM-DD HH:mm UTC]"), &error).isValid());
        QVERIFY2(
            error.contains(QStringLiteral("\"[YYYY-MM-DD HH:mm UTC]\" is not a date and time")),
            qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("YYYY-MM-DD HH:mm UTC")), qPrintable(error));
        QVERIFY(!parseWindowStart(QStringLiteral("2026-02-30 06:00 UTC"), &error).isValid());
        QVERIFY2(error.contains(QStringLiteral("not a real date")), qPrintable(error));
        QVERIFY(!parseWindowStart(QStringLiteral("2026-05-01 25:00 UTC"), &error).isValid());

        // Through the run: the Start field, filled or not.
        QVERIFY(!m_state.windowStartUtc(&error).isValid());
        QVERIFY2(error.contains(QStringLiteral("not filled in")), qPrintable(error));
        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("start");
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        fill.actor = rc;
        QCOMPARE(record(fill), QString());
        QCOMPARE(m_state.windowStartUtc(&error), utc(6, 0));
        QCOMPARE(tMinusText(utc(6, 0).secsTo(utc(5, 15))), QStringLiteral("T-00:45"));
        QCOMPARE(tMinusText(utc(6, 0).secsTo(utc(7, 10, 59))), QStringLiteral("T+01:10"));
        QCOMPARE(tMinusText(0), QStringLiteral("T+00:00"));
    }

    // ---- the whole walk ----

    void wholeCutoverWalk()
    {
        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("start");
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        fill.actor = rc;
        QCOMPARE(record(fill), QString());

        // T-60: the pre-checks, the gate.
        for (const char* id : {"4.1", "4.3", "4.4"})
            QCOMPARE(sign(QLatin1String(id)), QString());
        QVERIFY(m_state.cutover().openPreChecks().isEmpty());
        QCOMPARE(record(makeGateEvent(rc, QStringLiteral("T-60: war room open"))), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::GoNoGo);
        QCOMPARE(m_state.cutover().phaseSinceUtc(), utc(5, 0));
        // Opened once.
        QVERIFY(refusal(makeGateEvent(ic)).contains(QStringLiteral("already open")));

        // GO at T-1, without a reason: every pre-check is done.
        m_now = utc(5, 59);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        const CutoverState& c = m_state.cutover();
        QCOMPARE(c.phase(), Phase::Cutover);
        QCOMPARE(c.phaseSinceUtc(), utc(5, 59));
        QVERIFY(c.decision() && c.decision()->go);
        QCOMPARE(c.decision()->by, ic.name);
        // The GO signs the go-decision pre-check.
        const ItemState go = m_state.item(QStringLiteral("4.2"));
        QCOMPARE(go.status, ItemStatus::Signed);
        QCOMPARE(go.by, ic.name);
        QCOMPARE(go.role, Role::IncidentCommander);
        QCOMPARE(go.at, utc(5, 59));
        QCOMPARE(m_state.sectionProgress(4).done, 4);

        // The steps, in order, sub-items after their step's predecessor.
        m_now = utc(6, 0);
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        QCOMPARE(sign(QStringLiteral("4.6.1")), QString());
        QCOMPARE(sign(QStringLiteral("4.6.2")), QString());
        QCOMPARE(c.nextStepId(), QStringLiteral("4.6"));
        QCOMPARE(sign(QStringLiteral("4.6")), QString());
        for (const char* id : {"4.7", "4.8", "4.9"}) {
            advance(5);
            QCOMPARE(sign(QLatin1String(id)), QString());
            QCOMPARE(c.phase(), Phase::Cutover);
        }
        m_now = utc(6, 30);
        QCOMPARE(sign(QStringLiteral("4.10"), rc), QString());

        // Every step before Final Monitoring done: the countdown starts at that event's time.
        QCOMPARE(c.phase(), Phase::FinalMonitoring);
        QCOMPARE(c.phaseSinceUtc(), utc(6, 30));
        QCOMPARE(c.finalMonitoringStartUtc(), utc(6, 30));
        QCOMPARE(c.finalMonitoringEndsUtc(), utc(6, 45));
        QCOMPARE(c.finalMonitoringSecondsLeft(utc(6, 40)), std::optional<qint64>(300));
        QCOMPARE(c.nextStepId(), QStringLiteral("4.11"));

        // Live: not before 15 minutes, only by the incident commander.
        m_now = utc(6, 44, 30);
        const QString early = refusal(makeLiveEvent(m_state.plan(), {}, ic));
        QVERIFY2(early.contains(QStringLiteral("30 s to go")), qPrintable(early));
        QVERIFY2(early.contains(QStringLiteral("nothing was recorded")), qPrintable(early));
        m_now = utc(6, 45);
        const QString byRc = refusal(makeLiveEvent(m_state.plan(), {}, rc));
        QCOMPARE(byRc, QStringLiteral("declaring the go-live Live needs the incident-commander "
                                      "role; you are release-captain; nothing was recorded"));
        QCOMPARE(record(makeLiveEvent(m_state.plan(), QStringLiteral("SLOs steady"), ic)),
                 QString());
        QCOMPARE(c.phase(), Phase::Live);
        QCOMPARE(c.phaseSinceUtc(), utc(6, 45));
        const ItemState fm = m_state.item(QStringLiteral("4.11"));
        QCOMPARE(fm.status, ItemStatus::Signed);
        QCOMPARE(fm.by, ic.name);
        QCOMPARE(fm.note, QStringLiteral("SLOs steady"));
        QVERIFY(c.nextStepId().isEmpty());
        // 4 pre-checks, 7 steps, and the two sub-items of 4.6 that were signed.
        QCOMPARE(m_state.sectionProgress(4).done, 13);

        // The phase history, derived moves included, each at its event's time.
        QStringList moves;
        for (const PhaseChange& pc : c.history())
            moves << phaseName(pc.phase) + (pc.derived ? QStringLiteral("*") : QString()) +
                         QLatin1Char('@') + pc.atUtc.toString(QStringLiteral("HH:mm"));
        QCOMPARE(
            moves,
            (QStringList{QStringLiteral("go-no-go@05:00"), QStringLiteral("cutover*@05:59"),
                         QStringLiteral("final-monitoring*@06:30"), QStringLiteral("live@06:45")}));
        // Live stands.
        QVERIFY(refusal(itemEvent(EventKind::Revoked, QStringLiteral("4.11"), ic,
                                  QStringLiteral("oops")))
                    .contains(QStringLiteral("that stands")));
        QVERIFY(refusal(makeLiveEvent(m_state.plan(), {}, ic)).contains(QStringLiteral("already")));
    }

    void noGoThenGo()
    {
        QCOMPARE(sign(QStringLiteral("4.1")), QString());
        // A decision needs the Go/No-Go open.
        QVERIFY(refusal(makeDecisionEvent(m_state.plan(), false, QStringLiteral("x"), {}, ic))
                    .contains(QStringLiteral("open the Go/No-Go first")));
        QCOMPARE(record(makeGateEvent(ic)), QString());
        QCOMPARE(refusal(makeDecisionEvent(m_state.plan(), false, {}, {}, ic)),
                 QStringLiteral("give the reason for the NO-GO; nothing was recorded"));
        QCOMPARE(refusal(makeDecisionEvent(m_state.plan(), false, QStringLiteral("x"), {}, eng)),
                 QStringLiteral("the NO-GO decision needs the incident-commander role; you are "
                                "engineer; nothing was recorded"));
        advance(3);
        QCOMPARE(
            record(makeDecisionEvent(m_state.plan(), false,
                                     QStringLiteral("health checks red on policy-lac"), {}, ic)),
            QString());
        const CutoverState& c = m_state.cutover();
        QCOMPARE(c.phase(), Phase::GoNoGo);
        QVERIFY(c.decision() && !c.decision()->go);
        QCOMPARE(c.decision()->reason, QStringLiteral("health checks red on policy-lac"));
        QCOMPARE(c.decision()->atUtc, utc(5, 3));
        QCOMPARE(m_state.item(QStringLiteral("4.2")).status, ItemStatus::Open);
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.5"), eng))
                    .contains(QStringLiteral("only after the incident commander's GO")));

        // Fixed: the pre-checks are signed, and a later GO starts the cutover.
        QCOMPARE(sign(QStringLiteral("4.3")), QString());
        QCOMPARE(sign(QStringLiteral("4.4")), QString());
        advance(10);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        QCOMPARE(c.phase(), Phase::Cutover);
        QVERIFY(c.decision()->go);
        // Decided once: no second decision in the cutover.
        QVERIFY(refusal(makeDecisionEvent(m_state.plan(), false, QStringLiteral("x"), {}, ic))
                    .contains(QStringLiteral("a decision is taken only at the Go/No-Go")));
    }

    void goOverOpenPreChecksNeedsAReasonNamingThem()
    {
        QCOMPARE(sign(QStringLiteral("4.3")), QString());
        QCOMPARE(record(makeGateEvent(rc)), QString());
        const QStringList open = m_state.cutover().openPreChecks();
        QCOMPARE(open, (QStringList{QStringLiteral("4.1"), QStringLiteral("4.4")}));

        const QString bare = refusal(makeDecisionEvent(m_state.plan(), true, {}, open, ic));
        QCOMPARE(bare, QStringLiteral("pre-checks are open: 4.1 \"All key personnel are present "
                                      "and accounted for in the war room.\", 4.4 \"All previous "
                                      "steps in this runbook are complete.\"; a GO over them "
                                      "needs a reason, which the ledger keeps; nothing was "
                                      "recorded"));
        // A reason that does not say which pre-checks it overrides.
        SignOffEvent vague =
            makeDecisionEvent(m_state.plan(), true, QStringLiteral("fine"), {}, ic);
        QCOMPARE(vague.text, QStringLiteral("fine"));
        QCOMPARE(refusal(vague), QStringLiteral("a GO over open pre-checks must name each one it "
                                                "overrides; its text does not name 4.1, 4.4; "
                                                "nothing was recorded"));
        // "4.10" or "4.1.2" do not name 4.1.
        vague.text = QStringLiteral("4.10 and 4.1.2 and 4.4 are fine");
        QVERIFY(refusal(vague).contains(QStringLiteral("does not name 4.1;")));

        const SignOffEvent go = makeDecisionEvent(
            m_state.plan(), true, QStringLiteral("war room confirmed by phone"), open, ic);
        QCOMPARE(go.text,
                 QStringLiteral("GO over open pre-checks 4.1, 4.4: war room confirmed by phone"));
        QCOMPARE(go.itemId, QStringLiteral("4.2"));
        QCOMPARE(record(go), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::Cutover);
        QCOMPARE(m_state.cutover().decision()->reason, go.text);
        // Pre-checks can still be signed later.
        QCOMPARE(sign(QStringLiteral("4.1")), QString());
    }

    void goDecisionItemFollowsTheDecision()
    {
        // The IC's pre-check is not signed directly: the GO signs it.
        QCOMPARE(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.2"), eng)),
                 QStringLiteral("4.2 \"Final \"go\" decision is given by the Incident "
                                "Commander.\" needs the incident-commander role; you are "
                                "engineer"));
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.2"), ic))
                    .contains(QStringLiteral("is signed by the incident commander's GO decision")));
        QVERIFY(refusal(itemEvent(EventKind::NotApplicable, QStringLiteral("4.2"), ic,
                                  QStringLiteral("x")))
                    .contains(QStringLiteral("not directly")));
        // It may be blocked, which holds the GO back until the block is revoked.
        QCOMPARE(record(itemEvent(EventKind::Blocked, QStringLiteral("4.2"), ic,
                                  QStringLiteral("VP unreachable"))),
                 QString());
        for (const char* id : {"4.1", "4.3", "4.4"})
            QCOMPARE(sign(QLatin1String(id)), QString());
        QCOMPARE(record(makeGateEvent(rc)), QString());
        QVERIFY(refusal(makeDecisionEvent(m_state.plan(), true, {}, {}, ic))
                    .startsWith(QStringLiteral("4.2 \"Final \"go\" decision is given by the "
                                               "Incident Commander.\" is blocked by Inès Duarte "
                                               "(incident-commander): \"VP unreachable\"; revoke "
                                               "the block first")));
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("4.2"), ic,
                                  QStringLiteral("VP reached"))),
                 QString());
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        QCOMPARE(m_state.item(QStringLiteral("4.2")).status, ItemStatus::Signed);
        QCOMPARE(m_state.cutover().phase(), Phase::Cutover);
        QVERIFY(refusal(itemEvent(EventKind::Revoked, QStringLiteral("4.2"), ic,
                                  QStringLiteral("second thoughts")))
                    .contains(QStringLiteral("a decision stands once taken")));
        // The freeze item is the IC's too.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("0.2"), rc))
                    .contains(QStringLiteral("needs the incident-commander role; you are "
                                             "release-captain")));
        QCOMPARE(sign(QStringLiteral("0.2"), ic), QString());
    }

    void decisionsAreTheIncidentCommanders()
    {
        QCOMPARE(refusal(makeGateEvent(eng)),
                 QStringLiteral("opening the Go/No-Go needs the incident-commander or "
                                "release-captain role; you are engineer; nothing was recorded"));
        QCOMPARE(refusal(makeGateEvent(obs)).left(22), QStringLiteral("observers are read-onl"));
        QCOMPARE(record(makeGateEvent(rc)), QString());
        QCOMPARE(
            refusal(makeDecisionEvent(m_state.plan(), true, QStringLiteral("4.1 4.3 4.4"), {}, rc)),
            QStringLiteral("the GO decision needs the incident-commander role; you are "
                           "release-captain; nothing was recorded"));
    }

    // ---- steps ----

    void stepsBeforeGoAreRefused()
    {
        const QString before = refusal(itemEvent(EventKind::Signed, QStringLiteral("4.5"), eng));
        QCOMPARE(before, QStringLiteral("4.5 \"Enable Maintenance Mode\" is a cutover step: steps "
                                        "are signed only after the incident commander's GO; the "
                                        "run is in Preparing; nothing was recorded"));
        // Not by the IC either, not as N/A, not a sub-item, not with an override.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.5"), ic))
                    .contains(QStringLiteral("only after")));
        QVERIFY(refusal(itemEvent(EventKind::NotApplicable, QStringLiteral("4.5"), eng,
                                  QStringLiteral("no UI")))
                    .contains(QStringLiteral("only after")));
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.6.1"), eng))
                    .startsWith(QStringLiteral("4.6.1 \"postgres migrations are applied.\" (part "
                                               "of step 4.6) is a cutover step")));
        QVERIFY(refusal(makeOrderOverrideEvent(QStringLiteral("4.5"), QStringLiteral("now"), ic))
                    .contains(QStringLiteral("only after")));
        QCOMPARE(record(makeGateEvent(rc)), QString());
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.5"), eng))
                    .contains(QStringLiteral("the run is in Go/No-Go")));
        // Blocking and notes are not progress: allowed.
        QCOMPARE(record(itemEvent(EventKind::Blocked, QStringLiteral("4.7"), eng,
                                  QStringLiteral("image not pushed yet"))),
                 QString());
        QCOMPARE(record(itemEvent(EventKind::NoteAdded, QStringLiteral("4.5"), eng,
                                  QStringLiteral("UI team on standby"))),
                 QString());
        // Non-cutover items are free as before.
        QCOMPARE(sign(QStringLiteral("1.1")), QString());
    }

    void stepsGoInOrder()
    {
        reachCutover();
        const QString skipped = refusal(itemEvent(EventKind::Signed, QStringLiteral("4.6"), eng));
        QCOMPARE(skipped,
                 QStringLiteral("4.6 \"Deploy Database Migrations\" comes after 4.5 \"Enable "
                                "Maintenance Mode\", which is open: the cutover steps go in order; "
                                "finish 4.5 first, or the incident-commander may override the "
                                "order with a reason; nothing was recorded"));
        QVERIFY(refusal(itemEvent(EventKind::NotApplicable, QStringLiteral("4.6"), eng,
                                  QStringLiteral("no schema change")))
                    .contains(QStringLiteral("comes after 4.5")));
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.6.2"), eng))
                    .contains(QStringLiteral("(part of step 4.6) comes after 4.5")));

        // An engineer may not override; the IC may, with a reason.
        QCOMPARE(refusal(makeOrderOverrideEvent(QStringLiteral("4.6"), QStringLiteral("why"), eng)),
                 QStringLiteral("overriding the cutover order at 4.6 \"Deploy Database "
                                "Migrations\" needs the incident-commander role; you are "
                                "engineer; nothing was recorded"));
        QCOMPARE(refusal(makeOrderOverrideEvent(QStringLiteral("4.6"), QString(), ic)),
                 QStringLiteral("give the reason for overriding the cutover order at 4.6 \"Deploy "
                                "Database Migrations\"; nothing was recorded"));
        QVERIFY(refusal(makeOrderOverrideEvent(QStringLiteral("1.1"), QStringLiteral("x"), ic))
                    .contains(QStringLiteral("applies only to the cutover sequence")));
        const SignOffEvent over = makeOrderOverrideEvent(
            QStringLiteral("4.6"), QStringLiteral("maintenance page is served by the CDN"), ic);
        QCOMPARE(over.kind, EventKind::Signed);
        QCOMPARE(over.fieldKey, QStringLiteral("order-override"));
        QCOMPARE(record(over), QString());
        QCOMPARE(m_state.item(QStringLiteral("4.6")).status, ItemStatus::Signed);
        QCOMPARE(m_state.item(QStringLiteral("4.6")).note,
                 QStringLiteral("maintenance page is served by the CDN"));
        // In order again after 4.6; 4.5 itself still may be signed.
        QCOMPARE(sign(QStringLiteral("4.7")), QString());
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        QCOMPARE(m_state.cutover().nextStepId(), QStringLiteral("4.8"));
        // A blocked step holds the next one back.
        QCOMPARE(record(itemEvent(EventKind::Blocked, QStringLiteral("4.8"), eng,
                                  QStringLiteral("nl2cypher image missing"))),
                 QString());
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.9"), eng))
                    .contains(QStringLiteral("which is blocked")));
        // The final monitoring step is signed by declaring Live, never directly.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.11"), ic))
                    .contains(QStringLiteral("is signed by declaring the go-live Live")));
    }

    void revokedStepTakesFinalMonitoringBack()
    {
        reachCutover();
        signStepsBeforeFinal();
        const CutoverState& c = m_state.cutover();
        QCOMPARE(c.phase(), Phase::FinalMonitoring);
        advance(5);
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("4.10"), eng,
                                  QStringLiteral("maintenance mode still on in eu-west"))),
                 QString());
        QCOMPARE(c.phase(), Phase::Cutover);
        QVERIFY(!c.finalMonitoringStartUtc().isValid());
        QVERIFY(refusal(makeLiveEvent(m_state.plan(), {}, ic))
                    .contains(QStringLiteral("(next: 4.10 \"Disable Maintenance Mode\")")));
        advance(2);
        QCOMPARE(sign(QStringLiteral("4.10")), QString());
        QCOMPARE(c.phase(), Phase::FinalMonitoring);
        QCOMPARE(c.finalMonitoringStartUtc(), m_now); // the countdown starts again
    }

    // ---- failures ----

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

    // ---- observations ----

    void observationsFromAnyone()
    {
        const Progress before = m_state.totalProgress();
        SignOffEvent seen = makeObservedEvent(
            QStringLiteral("slo-breach"), QStringLiteral("prov-ledger p95 420 ms > 350 ms"), obs);
        QCOMPARE(record(seen), QString());
        QCOMPARE(record(makeObservedEvent(QStringLiteral("alert-firing"),
                                          QStringLiteral("PolicyLacDown"), eng)),
                 QString());
        QCOMPARE(m_state.totalProgress().done, before.done);
        QCOMPARE(m_state.cutover().phase(), Phase::Preparing);
        QVERIFY(refusal(makeObservedEvent(QStringLiteral("rumour"), QStringLiteral("x"), obs))
                    .contains(QStringLiteral("use one of alert-firing, alert-resolved")));
        QCOMPARE(refusal(makeObservedEvent(QStringLiteral("health-down"), QString(), obs)),
                 QStringLiteral("describe what was observed (health check down); nothing was "
                                "recorded"));
        Actor anonymous = obs;
        anonymous.name = QStringLiteral("  ");
        QVERIFY(
            refusal(makeObservedEvent(QStringLiteral("health-up"), QStringLiteral("x"), anonymous))
                .startsWith(QStringLiteral("enter your name first")));
        // Observers still change nothing else.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("1.1"), obs))
                    .startsWith(QStringLiteral("observers are read-only")));
    }

    void runbookWithoutACutoverPlan()
    {
        const RunbookParseResult r = RunbookParser::parse(
            "# T\n\n## 1. Deploy\n\n- [ ] First\n- [ ] Second\n", QStringLiteral("t.md"));
        QVERIFY(r.ok());
        RunState state(&r.runbook);
        QVERIFY(!state.plan().isValid());
        QString error;
        // Items sign in any order, as before.
        QVERIFY(state.validate(itemEvent(EventKind::Signed, QStringLiteral("1.2"), eng), &error));
        QVERIFY(!state.validate(makeGateEvent(ic), &error));
        QVERIFY2(error.contains(QStringLiteral("has no cutover plan")), qPrintable(error));
        QVERIFY(state.validate(
            makeObservedEvent(QStringLiteral("alert-firing"), QStringLiteral("x"), obs), &error));
        QVERIFY(!state.validate(
            makeOrderOverrideEvent(QStringLiteral("1.2"), QStringLiteral("x"), ic), &error));
        QVERIFY(!state.windowStartUtc(&error).isValid());
        QVERIFY2(error.contains(QStringLiteral("no Start field")), qPrintable(error));
    }

    // ---- the timeline ----

    void timelineOfAWalk()
    {
        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("start");
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        fill.actor = rc;
        QCOMPARE(record(fill), QString());
        reachCutover();
        m_now = utc(6, 0);
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        advance(4);
        QCOMPARE(
            record(makeObservedEvent(QStringLiteral("alert-firing"),
                                     QStringLiteral("Neo4jMigrationSlow | severity=page"), obs)),
            QString());
        advance(1);
        QCOMPARE(
            record(makeStepFailedEvent(QStringLiteral("4.6"),
                                       QStringLiteral("migration 0042 timed out\nsee log"), eng)),
            QString());
        advance(16);
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("4.6 unresolved"), ic)), QString());
        for (int n = 1; n <= 5; ++n) {
            advance(1);
            QCOMPARE(record(makeRollbackStepEvent(n, {}, eng)), QString());
        }

        const QList<TimelineEntry> t = buildTimeline(m_state);
        QStringList lines;
        for (const TimelineEntry& e : t)
            lines << QStringLiteral("%1 #%2 %3 %4: %5")
                         .arg(e.timeUtc.toString(QStringLiteral("HH:mm")))
                         .arg(e.seq)
                         .arg(e.category, e.isDerived() ? QStringLiteral("-") : e.actor, e.text);
        const QStringList expected{
            QStringLiteral("05:00 #1 field Rae Okafor: Filled Start = \"2026-05-01 06:00 UTC\""),
            QStringLiteral("05:00 #2 sign-off Eli Novak: Signed 4.1 \"All key personnel are "
                           "present and accounted for in the war room.\""),
            QStringLiteral("05:00 #3 sign-off Eli Novak: Signed 4.3 \"Production health checks "
                           "are all green.\""),
            QStringLiteral("05:00 #4 sign-off Eli Novak: Signed 4.4 \"All previous steps in this "
                           "runbook are complete.\""),
            QStringLiteral("05:00 #5 phase Rae Okafor: Opened the Go/No-Go"),
            QStringLiteral("05:00 #6 decision Inès Duarte: GO"),
            QStringLiteral("05:00 #6 phase -: Phase: Cutover (after the GO)"),
            QStringLiteral("06:00 #7 sign-off Eli Novak: Signed 4.5 \"Enable Maintenance Mode\""),
            QStringLiteral("06:04 #8 alert-firing Oda Berg: Observed alert firing: "
                           "Neo4jMigrationSlow | severity=page"),
            QStringLiteral("06:05 #9 step-failed Eli Novak: Step 4.6 \"Deploy Database "
                           "Migrations\" failed: migration 0042 timed out\nsee log; to be "
                           "resolved by 2026-05-01 06:20:00 UTC or rolled back"),
            QStringLiteral("06:21 #10 phase Inès Duarte: Started the rollback: 4.6 unresolved"),
            QStringLiteral("06:22 #11 rollback-step Eli Novak: Rollback step 1 of 5 "
                           "\"Re-enable maintenance mode.\" done"),
        };
        QCOMPARE(lines.mid(0, expected.size()), expected);
        QCOMPARE(lines.size(), expected.size() + 4 + 1);
        QCOMPARE(lines.constLast(),
                 QStringLiteral("06:26 #15 phase -: Phase: Rolled back (every step of the "
                                "rollback plan is done)"));

        const QString md = QString::fromUtf8(
            timelineMarkdown(m_state, QStringLiteral("run-42"), utc(7, 0), "abc123"));
        QVERIFY2(md.startsWith(QStringLiteral("# Timeline: Summit Platform: Go-Live Runbook\n")),
                 qPrintable(md));
        for (const QString& needle :
             {QStringLiteral("- Run: `run-42`\n"),
              QStringLiteral("- Ledger head: `abc123` after 15 events\n"),
              QStringLiteral("- Go-live window start: 2026-05-01 06:00:00 UTC\n"),
              QStringLiteral("- Phase: Rolled back since 2026-05-01 06:26:00 UTC\n"),
              QStringLiteral("- Decision: GO by Inès Duarte (incident-commander) at 2026-05-01 "
                             "05:00:00 UTC\n"),
              QStringLiteral("- Rollback: started by Inès Duarte (incident-commander) at "
                             "2026-05-01 06:21:00 UTC: 4.6 unresolved; 5 of 5 steps done\n"),
              QStringLiteral("- Exported: 2026-05-01 07:00:00 UTC\n"),
              QStringLiteral("| Time (UTC) | T-/T+ | # | Category | Who | What |\n"
                             "|---|---|---|---|---|---|\n"),
              QStringLiteral("| 2026-05-01 05:00:00 | T-01:00 | 5 | phase | Rae Okafor "
                             "(release-captain) | Opened the Go/No-Go |\n"),
              QStringLiteral("| 2026-05-01 05:00:00 | T-01:00 | 6 | phase | golive | Phase: "
                             "Cutover (after the GO) |\n"),
              // A '|' in a note cannot break the table, a newline becomes <br>.
              QStringLiteral("Neo4jMigrationSlow \\| severity=page |"),
              QStringLiteral("migration 0042 timed out<br>see log"),
              QStringLiteral("| 2026-05-01 06:26:00 | T+00:26 | 15 | rollback-step |")}) {
            QVERIFY2(md.contains(needle),
                     qPrintable(QStringLiteral("missing %1 in:\n%2").arg(needle, md)));
        }
        // Every table row has exactly the six cells.
        for (const QString& line : md.split(u'\n')) {
            if (!line.startsWith(u'|'))
                continue;
            const QString unescaped = QString(line).remove(QStringLiteral("\\|"));
            QCOMPARE(unescaped.count(u'|'), 7);
        }

        // Nothing recorded yet: still a valid document.
        RunState empty(&seed().runbook);
        const QString none = QString::fromUtf8(timelineMarkdown(empty, QStringLiteral("r")));
        QVERIFY(none.contains(QStringLiteral("nothing recorded yet")));
        QVERIFY(none.contains(QStringLiteral("- Ledger head: (none) after 0 events")));
        QVERIFY(none.contains(QStringLiteral("- Go-live window start: the go-live window's Start "
                                             "is not filled in")));
    }
};

QTEST_GUILESS_MAIN(TestCutover)
#include "tst_cutover.moc"
