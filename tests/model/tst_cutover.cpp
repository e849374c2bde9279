// The cutover's rules on the bundled Summit runbook: the plan it reads, the whole walk from
// Go/No-Go to Live, the incident commander's decisions and overrides, and steps in order after
// GO. Times come from the events (the clock seam), never from the wall clock.
#include "CutoverTestFixture.h"

using namespace golive;
using namespace golive::test;

class TestCutover : public QObject, public CutoverFixture
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
        // The checks golive verifies itself: 4.3 the health lights, 4.4 the sections before.
        QStringList checks;
        for (const RunbookItem* item : rb.allItems()) {
            if (!item->requiredChecks.isEmpty())
                checks << item->id + QLatin1Char('=') + item->requiredChecks.join(u',');
        }
        QCOMPARE(checks, (QStringList{QStringLiteral("4.3=health-green"),
                                      QStringLiteral("4.4=previous-complete")}));

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
        const QByteArray roleNote = " <!-- golive: requires=incident-commander -->";
        const QByteArray healthNote = " <!-- golive: requires=health-green -->";
        const QByteArray previousNote = " <!-- golive: requires=previous-complete -->";
        plain.replace(roleNote, "").replace(healthNote, "").replace(previousNote, "");
        QCOMPARE(text.size() - plain.size(),
                 2 * roleNote.size() + healthNote.size() + previousNote.size());
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
                              QStringLiteral("health-down"), QStringLiteral("health-up"),
                              QStringLiteral("channel-posted"), QStringLiteral("channel-failed")}));
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
        fill.actor = rc;
        // A Start golive cannot read is refused: it would switch T-minus and the early-GO rule
        // off without a word.
        for (const char* unreadable : {"2026-05-01 23:59 CET", "tomorrow", "2026-02-30 06:00"}) {
            fill.text = QLatin1String(unreadable);
            const QString refused = record(fill);
            QVERIFY2(refused.contains(
                         QStringLiteral("the go-live window's Start \"%1\"").arg(fill.text)) &&
                         refused.endsWith(QStringLiteral("nothing was recorded")),
                     qPrintable(refused));
        }
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        QCOMPARE(record(fill), QString());
        QCOMPARE(m_state.windowStartUtc(&error), utc(6, 0));
        // Clearing it stays possible while preparing.
        fill.text.clear();
        QCOMPARE(record(fill), QString());
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        QCOMPARE(record(fill), QString());
        // Once the Go/No-Go is open it may move, not go: with no start, a GO hours early would
        // need no reason.
        signPreChecks();
        QCOMPARE(record(makeGateEvent(rc)), QString());
        fill.text = QStringLiteral("  ");
        QVERIFY2(record(fill).startsWith(QStringLiteral("the go-live window's Start cannot be "
                                                        "cleared once the Go/No-Go is open")),
                 qPrintable(record(fill)));
        fill.text = QStringLiteral("2026-05-01 06:30 UTC");
        QCOMPARE(record(fill), QString());
        QCOMPARE(m_state.windowStartUtc(&error), utc(6, 30));
        // Hours, minutes and seconds: "T-00:45" could be read as 45 seconds.
        QCOMPARE(tMinusText(utc(6, 0).secsTo(utc(5, 15))), QStringLiteral("T-00:45:00"));
        QCOMPARE(tMinusText(utc(6, 0).secsTo(utc(5, 11, 30))), QStringLiteral("T-00:48:30"));
        QCOMPARE(tMinusText(utc(6, 0).secsTo(utc(7, 10, 59))), QStringLiteral("T+01:10:59"));
        QCOMPARE(tMinusText(0), QStringLiteral("T+00:00:00"));
        QCOMPARE(tMinusText(-(26 * 3600 + 5)), QStringLiteral("T-26:00:05"));
    }

    // After the GO the header reads the time since it and how early or late it was; during a
    // rollback, the time since the rollback started.
    void elapsedTimeSinceGoAndRollback()
    {
        const CutoverState& c = m_state.cutover();
        QCOMPARE(goTimingText(utc(6, 12, 30), utc(6, 0)), QStringLiteral("12 min late"));
        QCOMPARE(goTimingText(utc(5, 15), utc(6, 0)), QStringLiteral("45 min early"));
        QCOMPARE(goTimingText(utc(6, 0, 59), utc(6, 0)), QStringLiteral("on time"));
        QCOMPARE(goTimingText(utc(5, 59, 1), utc(6, 0)), QStringLiteral("on time"));
        QCOMPARE(goTimingText(utc(7, 5), utc(6, 0)), QStringLiteral("1 h 05 min late"));
        QCOMPARE(goTimingText(utc(7, 5), QDateTime()), QString());
        QCOMPARE(hoursMinutesSecondsText(26 * 3600 + 61), QStringLiteral("26:01:01"));
        QCOMPARE(hoursMinutesSecondsText(-5), QStringLiteral("00:00:00"));

        QCOMPARE(c.elapsedText(utc(5, 0), utc(6, 0)), QString()); // before the GO
        m_now = utc(6, 3);
        reachCutover();
        QCOMPARE(c.elapsedText(utc(6, 15, 30), utc(6, 0)),
                 QStringLiteral("GO +00:12:30 · 3 min late"));
        QCOMPARE(c.elapsedText(utc(6, 15, 30)), QStringLiteral("GO +00:12:30"));
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        m_now = utc(6, 20);
        QCOMPARE(record(makeRollbackEvent(QStringLiteral("4.6 unresolved"), ic)), QString());
        QCOMPARE(c.elapsedText(utc(6, 24, 10), utc(6, 0)), QStringLiteral("Rollback +00:04:10"));
        for (int n = 1; n <= m_state.plan().rollbackSteps.size(); ++n) {
            advance(5);
            QCOMPARE(record(makeRollbackStepEvent(n, {}, eng)), QString());
        }
        QCOMPARE(c.phase(), Phase::RolledBack);
        QCOMPARE(c.elapsedText(utc(9, 0), utc(6, 0)), QStringLiteral("Rolled back in 00:25:00"));
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
        signPreChecks();
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
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.3")), QString());
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.4")), QString());
        advance(10);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        QCOMPARE(c.phase(), Phase::Cutover);
        QVERIFY(c.decision()->go);
        // Decided once: no second decision in the cutover. The one refused is told who gave
        // the GO and when, in the room's clock (with the date once it is another day).
        QVERIFY(refusal(makeDecisionEvent(m_state.plan(), false, QStringLiteral("x"), {}, ic))
                    .contains(QStringLiteral("a decision is taken once, at the Go/No-Go")));
        const QString again = refusal(makeDecisionEvent(m_state.plan(), true, {}, {}, ic));
        QVERIFY2(again.startsWith(QStringLiteral("GO already recorded by %1 (incident-commander) "
                                                 "at 05:13:00 UTC; ")
                                      .arg(ic.name)),
                 qPrintable(again));
        QVERIFY2(again.endsWith(QStringLiteral("nothing was recorded")), qPrintable(again));
        m_now = m_now.addDays(1);
        QVERIFY2(refusal(makeDecisionEvent(m_state.plan(), true, {}, {}, ic))
                     .contains(QStringLiteral(" at 2026-05-01 05:13:00 UTC; ")),
                 qPrintable(refusal(makeDecisionEvent(m_state.plan(), true, {}, {}, ic))));
    }

    void goOverOpenPreChecksNeedsAReasonNamingThem()
    {
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.3")), QString());
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

    void earlyGoNeedsAReasonSayingHowEarly()
    {
        QCOMPARE(earlyGoText(utc(6, 0), utc(5, 15)),
                 QStringLiteral("45 minutes before the planned start (06:00 UTC)"));
        QCOMPARE(earlyGoText(utc(6, 0), utc(4, 54, 30)),
                 QStringLiteral("1 hour 5 minutes before the planned start (06:00 UTC)"));
        QCOMPARE(earlyGoText(utc(6, 0), utc(4, 0)),
                 QStringLiteral("2 hours before the planned start (06:00 UTC)"));
        // The call made just before the start is on time; after it, too; no start, no rule.
        QCOMPARE(earlyGoText(utc(6, 0), utc(5, 55)), QString());
        QCOMPARE(earlyGoText(utc(6, 0), utc(6, 10)), QString());
        QCOMPARE(earlyGoText(QDateTime(), utc(5, 0)), QString());

        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("start");
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        fill.actor = rc;
        QCOMPARE(record(fill), QString());
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.3")), QString());
        QCOMPARE(record(makeGateEvent(rc)), QString());
        const QStringList open = m_state.cutover().openPreChecks();
        m_now = utc(5, 15);
        const QString early = earlyGoText(m_state.windowStartUtc(), m_now);

        // Without a reason: refused in words that say how early.
        QVERIFY(refusal(makeDecisionEvent(m_state.plan(), true, {}, open, ic, early))
                    .endsWith(QStringLiteral("a GO over them needs a reason, which the ledger "
                                             "keeps (and this GO is 45 minutes before the planned "
                                             "start (06:00 UTC)); nothing was recorded")));
        QCOMPARE(sign(QStringLiteral("4.1")), QString());
        QCOMPARE(signOverOpenChecks(QStringLiteral("4.4")), QString());
        QCOMPARE(refusal(makeDecisionEvent(m_state.plan(), true, {}, {}, ic, early)),
                 QStringLiteral("this GO is 45 minutes before the planned start (06:00 UTC): a "
                                "GO before the planned start needs a reason, which the ledger "
                                "keeps; nothing was recorded"));
        for (const char* id : {"4.1", "4.4"})
            QCOMPARE(record(itemEvent(EventKind::Revoked, QLatin1String(id), eng,
                                      QStringLiteral("to show the GO over them"))),
                     QString());
        // A reason that does not say it is early (as an old client would write it).
        const SignOffEvent unaware = makeDecisionEvent(
            m_state.plan(), true, QStringLiteral("4.1, 4.4 confirmed by phone"), open, ic);
        QVERIFY2(refusal(unaware).contains(QStringLiteral("does not say it is \"before the "
                                                          "planned start\"")),
                 qPrintable(refusal(unaware)));
        // At T-5 the same GO is on time.
        SignOffEvent onTime = unaware;
        onTime.timeUtc = utc(5, 55);
        QCOMPARE(refusal(onTime), QStringLiteral("(accepted)"));

        const SignOffEvent go = makeDecisionEvent(
            m_state.plan(), true, QStringLiteral("bridge ready early"), open, ic, early);
        QCOMPARE(go.text, QStringLiteral("GO 45 minutes before the planned start (06:00 UTC), "
                                         "over open pre-checks 4.1, 4.4: bridge ready early"));
        QCOMPARE(record(go), QString());
        QCOMPARE(m_state.cutover().phase(), Phase::Cutover);
        QCOMPARE(m_state.cutover().decision()->reason, go.text);
    }

    void earlyGoInAnOldLedgerFoldsAsBefore()
    {
        // An early GO recorded before the rule (no reason) is the record: it folds as it did.
        SignOffEvent fill;
        fill.kind = EventKind::FieldFilled;
        fill.fieldKey = QStringLiteral("start");
        fill.text = QStringLiteral("2026-05-01 06:00 UTC");
        fill.actor = rc;
        QCOMPARE(record(fill), QString());
        signPreChecks();
        QCOMPARE(record(makeGateEvent(rc)), QString());
        SignOffEvent old = makeDecisionEvent(m_state.plan(), true, {}, {}, ic);
        old.timeUtc = utc(5, 10);
        QVERIFY(refusal(old).startsWith(QStringLiteral("this GO is 50 minutes before")));
        old.seq = ++m_seq;
        m_state.apply(old);
        QCOMPARE(m_state.cutover().phase(), Phase::Cutover);
        QCOMPARE(m_state.item(QStringLiteral("4.2")).status, ItemStatus::Signed);
        QCOMPARE(m_state.cutover().phaseSinceUtc(), utc(5, 10));
    }

    void goDecisionItemFollowsTheDecision()
    {
        // The IC's pre-check is not signed directly: the GO signs it. Every role hears the same
        // words, never a role hint no role can satisfy.
        for (const Actor& who : {eng, ic}) {
            const QString why = refusal(itemEvent(EventKind::Signed, QStringLiteral("4.2"), who));
            QVERIFY2(why.contains(QStringLiteral("is recorded by the GO decision, not signed "
                                                 "directly")),
                     qPrintable(why));
            QVERIFY2(!why.contains(QStringLiteral("role")), qPrintable(why));
        }
        QVERIFY(refusal(itemEvent(EventKind::NotApplicable, QStringLiteral("4.2"), ic,
                                  QStringLiteral("x")))
                    .contains(QStringLiteral("not signed directly")));
        // It may be blocked, which holds the GO back until the block is revoked.
        QCOMPARE(record(itemEvent(EventKind::Blocked, QStringLiteral("4.2"), ic,
                                  QStringLiteral("VP unreachable"))),
                 QString());
        signPreChecks();
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
        const SignOffEvent bare = makeOrderOverrideEvent(
            QStringLiteral("4.6"), QStringLiteral("maintenance page is served by the CDN"), ic);
        QCOMPARE(bare.kind, EventKind::Signed);
        QCOMPARE(bare.fieldKey, QStringLiteral("order-override"));
        // 4.6's sub-items are open: the override's reason names them too.
        QVERIFY(refusal(bare).contains(QStringLiteral("does not name 4.6.1, 4.6.2")));
        const SignOffEvent over = makeOrderOverrideEvent(
            QStringLiteral("4.6"),
            composeOverOpenSubItems(QStringLiteral("maintenance page is served by the CDN"),
                                    {QStringLiteral("4.6.1"), QStringLiteral("4.6.2")}),
            ic);
        QCOMPARE(record(over), QString());
        QCOMPARE(m_state.item(QStringLiteral("4.6")).status, ItemStatus::Signed);
        QCOMPARE(m_state.item(QStringLiteral("4.6")).note,
                 QStringLiteral("Signed over open sub-items 4.6.1, 4.6.2: maintenance page is "
                                "served by the CDN"));
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

    // A parent signed while sub-items are open says why and names them, in the cutover (a step)
    // and outside it (3.2); an old ledger that holds such a sign-off still folds as it did.
    void signingOverOpenSubItemsNeedsAReasonNamingThem()
    {
        const QString bare = refusal(itemEvent(EventKind::Signed, QStringLiteral("3.2"), eng));
        QCOMPARE(bare, QStringLiteral("3.2 \"Final Hardening Pass Complete\" has 4 sub-items "
                                      "open: 3.2.1, 3.2.2, 3.2.3, 3.2.4; signing it over them "
                                      "needs a reason, which the ledger keeps; nothing was "
                                      "recorded"));
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("3.2"), eng,
                                  QStringLiteral("3.2.1 and 3.2.2 done, the rest tomorrow")))
                    .contains(QStringLiteral("does not name 3.2.1, 3.2.2, 3.2.3, 3.2.4")));
        // Mentioning every id is not enough: the record must say it went over them.
        for (const char* mention :
             {"3.2.1, 3.2.2, 3.2.3 and 3.2.4 will be checked by the vendor",
              "3.2.1, 3.2.2, 3.2.3 and 3.2.4 were all checked: by the vendor"}) {
            const QString refused = refusal(
                itemEvent(EventKind::Signed, QStringLiteral("3.2"), eng, QLatin1String(mention)));
            QVERIFY2(refused.contains(QStringLiteral("names each one (\"Signed over open "
                                                     "sub-items 3.2.1, 3.2.2, 3.2.3, 3.2.4: "
                                                     "REASON\")")),
                     qPrintable(refused));
        }
        // The head names each one as a whole word, and a reason follows it.
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("3.2"), eng,
                                  QStringLiteral("Signed over open sub-items 3.2.1, 3.2.2, "
                                                 "3.2.3, v3.2.4: vendor")))
                    .contains(QStringLiteral("does not name 3.2.4;")));
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("3.2"), eng,
                                  QStringLiteral("Signed over open sub-items 3.2.1, 3.2.2, "
                                                 "3.2.3, 3.2.4:  ")))
                    .contains(QStringLiteral("needs a reason")));
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("3.2.2"), eng)), QString());
        QCOMPARE(openSubItems(m_state, *m_state.runbook()->findItem(QStringLiteral("3.2"))),
                 (QStringList{QStringLiteral("3.2.1"), QStringLiteral("3.2.3"),
                              QStringLiteral("3.2.4")}));
        const QString text = composeOverOpenSubItems(
            QStringLiteral("scans run by the vendor"),
            {QStringLiteral("3.2.1"), QStringLiteral("3.2.3"), QStringLiteral("3.2.4")});
        QCOMPARE(text, QStringLiteral("Signed over open sub-items 3.2.1, 3.2.3, 3.2.4: scans run "
                                      "by the vendor"));
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("3.2"), eng, text)), QString());
        QCOMPARE(m_state.item(QStringLiteral("3.2")).note, text);
        // A cutover step: an N/A sub-item is done, an open one is named; all done, no reason.
        reachCutover();
        for (const char* id : {"4.5", "4.6"})
            QCOMPARE(sign(QLatin1String(id)), QString());
        QCOMPARE(record(itemEvent(EventKind::NotApplicable, QStringLiteral("4.7.1"), eng,
                                  QStringLiteral("no ledger change"))),
                 QString());
        QVERIFY(refusal(itemEvent(EventKind::Signed, QStringLiteral("4.7"), eng))
                    .contains(QStringLiteral("has 1 sub-item open: 4.7.2")));
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("4.7.2"), eng)), QString());
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("4.7"), eng)), QString());

        // A ledger written before this rule folds as it always did: apply() judges nothing.
        RunState old(&seed().runbook);
        SignOffEvent e = itemEvent(EventKind::Signed, QStringLiteral("1.2"), eng);
        e.seq = 1;
        e.timeUtc = utc(4, 0);
        old.apply(e);
        QCOMPARE(old.item(QStringLiteral("1.2")).status, ItemStatus::Signed);
        QCOMPARE(old.item(QStringLiteral("1.2")).note, QString());
        QCOMPARE(old.totalProgress().done, 1);
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
};

QTEST_GUILESS_MAIN(TestCutover)
#include "tst_cutover.moc"
