// Checks golive verifies itself before an item is signed (requires=previous-complete,
// health-green, slo-ok): the rules RunState::validate() applies through
// decision/ItemCheckRules.h, on the bundled Summit runbook (4.3 and 4.4) and a small runbook
// with every check; the incident commander's override and its composed text.
#include "CutoverTestFixture.h"
#include "ItemCheckSupport.h"

using namespace golive;
using namespace golive::test;

namespace {

// A runbook whose second section has an item per check, all three, and one with sub-items.
const RunbookParseResult& checksRunbook()
{
    static const RunbookParseResult r = RunbookParser::parse(
        "# Checks\n\n## 1. Before\n\n- [ ] Backups taken\n- [ ] Parent\n  - [ ] Child\n\n"
        "## 2. Gate\n\n"
        "- [ ] SLOs hold <!-- golive: requires=slo-ok -->\n"
        "- [ ] Everything <!-- golive: requires=previous-complete,health-green,slo-ok -->\n"
        "- [ ] Steps <!-- golive: requires=previous-complete -->\n"
        "  - [ ] Step one\n",
        QStringLiteral("checks.md"));
    return r;
}

// Every item id of the Summit runbook's sections 0 to 3, in runbook order, read from the
// runbook without the rules' code: what 4.4 "All previous steps" waits for.
QStringList summitEarlierIds()
{
    QStringList ids;
    for (const RunbookItem* item : seed().runbook.allItems()) {
        const QString section = item->id.section(u'.', 0, 0);
        if (section == QLatin1String("0") || section == QLatin1String("1") ||
            section == QLatin1String("2") || section == QLatin1String("3"))
            ids << item->id;
    }
    return ids;
}

SignOffEvent withSnapshot(SignOffEvent e, const DecisionSnapshot& s)
{
    e.snapshot = s.toJson();
    return e;
}

} // namespace

class TestItemChecks : public QObject, public CutoverFixture
{
    Q_OBJECT

    const QString m_allPrevious =
        QStringLiteral("4.4 \"All previous steps in this runbook are complete.\"");

private slots:
    void initTestCase()
    {
        QVERIFY(seed().ok());
        QVERIFY(checksRunbook().ok());
        QVERIFY(checksRunbook().diagnostics.isEmpty());
    }

    void init()
    {
        m_state.reset(&seed().runbook);
        m_state.setClock({});
        m_seq = 0;
        m_now = utc(5, 0);
    }

    void names()
    {
        QCOMPARE(itemCheckNames(),
                 (QStringList{QStringLiteral("previous-complete"), QStringLiteral("health-green"),
                              QStringLiteral("slo-ok")}));
        for (const QString& name : itemCheckNames())
            QCOMPARE(itemCheckName(*itemCheckFromName(name)), name);
        QVERIFY(!itemCheckFromName(QStringLiteral("Health-Green")));
        QVERIFY(!itemCheckFromName(QStringLiteral("incident-commander")));
        QVERIFY(!itemCheckFromName(QString()));
    }

    void summitRunbookAnnotatesItsPreChecks()
    {
        const Runbook& rb = seed().runbook;
        QCOMPARE(rb.findItem(QStringLiteral("4.3"))->requiredChecks,
                 QStringList{QStringLiteral("health-green")});
        QCOMPARE(rb.findItem(QStringLiteral("4.4"))->requiredChecks,
                 QStringList{QStringLiteral("previous-complete")});
        for (const RunbookItem* item : rb.allItems()) {
            if (item->id != QLatin1String("4.3") && item->id != QLatin1String("4.4"))
                QVERIFY2(item->requiredChecks.isEmpty(), qPrintable(item->id));
        }
    }

    // ---- previous-complete ----

    void previousCompleteRefusesWhileEarlierSectionsAreOpen()
    {
        const QStringList earlier = summitEarlierIds();
        QVERIFY(earlier.size() > 10);
        QCOMPARE(earlierOpenItems(m_state, QStringLiteral("4.4")), earlier);
        // 4.1, before 4.4 in its own section, is no earlier section's.
        QVERIFY(!earlier.contains(QStringLiteral("4.1")));

        const QString why = sign(QStringLiteral("4.4"));
        QCOMPARE(why, m_allPrevious + QStringLiteral(" requires every earlier item done; open: ") +
                          earlier.mid(0, 10).join(QStringLiteral(", ")) +
                          QStringLiteral(" (and %1 more); the incident-commander may sign it "
                                         "over its open checks with a reason; nothing was "
                                         "recorded")
                              .arg(earlier.size() - 10));
        QCOMPARE(m_state.item(QStringLiteral("4.4")).status, ItemStatus::Open);
        // Whoever signs: the check is the run's, not a role's.
        QVERIFY(sign(QStringLiteral("4.4"), ic).contains(QStringLiteral("every earlier item")));
        // N/A past the open check is the incident commander's alone; a block needs no check.
        QVERIFY(record(itemEvent(EventKind::NotApplicable, QStringLiteral("4.4"), eng,
                                 QStringLiteral("tracked in the release ticket")))
                    .startsWith(QStringLiteral("marking 4.4 ")));
        QCOMPARE(record(itemEvent(EventKind::Blocked, QStringLiteral("4.4"), eng,
                                  QStringLiteral("waiting on section 3"))),
                 QString());
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("4.4"), eng,
                                  QStringLiteral("unblocked"))),
                 QString());
        QCOMPARE(record(itemEvent(EventKind::NotApplicable, QStringLiteral("4.4"), ic,
                                  QStringLiteral("tracked in the release ticket"))),
                 QString());
    }

    void previousCompleteNamesWhatIsStillOpen()
    {
        // Everything earlier done but one blocked item (blocked is not done) and one untouched.
        const QList<SignOffEvent> earlier =
            earlierSectionsSignOffs(m_state, QStringLiteral("4.4"), eng);
        QCOMPARE(earlier.size(), summitEarlierIds().size());
        for (const SignOffEvent& e : earlier) {
            if (e.itemId == QLatin1String("0.1") || e.itemId == QLatin1String("3.1"))
                continue;
            QCOMPARE(record(e), QString());
        }
        QCOMPARE(record(itemEvent(EventKind::Blocked, QStringLiteral("0.1"), eng,
                                  QStringLiteral("window not agreed yet"))),
                 QString());
        QCOMPARE(sign(QStringLiteral("4.4")),
                 m_allPrevious + QStringLiteral(" requires every earlier item done; open: "
                                                "0.1, 3.1; the incident-commander may sign it "
                                                "over its open checks with a reason; nothing was "
                                                "recorded"));
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.4"), nullptr),
                 QStringList{QStringLiteral("previous-complete (open: 0.1, 3.1)")});
        // N/A counts as done, as the checkbox in the template does.
        QCOMPARE(record(itemEvent(EventKind::NotApplicable, QStringLiteral("3.1"), eng,
                                  QStringLiteral("access audited last quarter"))),
                 QString());
        QCOMPARE(earlierOpenItems(m_state, QStringLiteral("4.4")),
                 QStringList{QStringLiteral("0.1")});
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("0.1"), eng,
                                  QStringLiteral("window agreed"))),
                 QString());
        QCOMPARE(sign(QStringLiteral("0.1")), QString());
        // Every earlier item done: it signs plainly, by any role, with no reason.
        QVERIFY(openItemChecks(m_state, QStringLiteral("4.4"), nullptr).isEmpty());
        QCOMPARE(sign(QStringLiteral("4.4")), QString());
        QCOMPARE(m_state.item(QStringLiteral("4.4")).status, ItemStatus::Signed);
        QVERIFY(m_state.item(QStringLiteral("4.4")).note.isEmpty());
    }

    void incidentCommanderSignsOverOpenChecksNamingEveryOne()
    {
        const QStringList earlier = summitEarlierIds();
        const QStringList open = openItemChecks(m_state, QStringLiteral("4.4"), nullptr);
        QCOMPARE(open, QStringList{QStringLiteral("previous-complete (open: %1)")
                                       .arg(earlier.join(QStringLiteral(", ")))});
        const QString text =
            composeCheckOverride(QStringLiteral("sections 0-3 signed on paper"), open);
        QCOMPARE(text, QStringLiteral("Signed over open checks: previous-complete (open: %1): "
                                      "sections 0-3 signed on paper")
                           .arg(earlier.join(QStringLiteral(", "))));
        // The composer's edges: no reason gives no text (the rules ask), nothing open the reason.
        QCOMPARE(composeCheckOverride(QStringLiteral("  "), open), QString());
        QCOMPARE(composeCheckOverride(QStringLiteral(" why "), {}), QStringLiteral("why"));

        // Not the incident commander: refused, whatever the text.
        for (const Actor& who : {rc, eng}) {
            const QString why =
                record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), who, text));
            QCOMPARE(why, QStringLiteral("signing %1 over its open checks needs the "
                                         "incident-commander role; you are %2; nothing was "
                                         "recorded")
                              .arg(m_allPrevious, roleName(who.role)));
        }
        // No reason: refused, asking for it.
        const QString lead = QStringLiteral("Signed over open checks: %1:").arg(open.first());
        for (const QString& bare : QStringList{lead, lead + QStringLiteral("  "),
                                               QStringLiteral("Signed over open checks:")})
            QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), ic, bare)),
                     QStringLiteral("give the reason for signing %1 over its open checks; the "
                                    "ledger keeps it; nothing was recorded")
                         .arg(m_allPrevious));
        // An empty text is a plain sign-off, refused by the check.
        QVERIFY(record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), ic, QString()))
                    .contains(QStringLiteral("requires every earlier item done")));
        // Naming fewer items than are open (the last left out), or other words: refused.
        QStringList fewer = earlier;
        fewer.removeLast();
        const QString shortText = composeCheckOverride(
            QStringLiteral("ok"),
            {QStringLiteral("previous-complete (open: %1)").arg(fewer.join(QStringLiteral(", ")))});
        const QString vague =
            QStringLiteral("Signed over open checks: previous-complete: all done on paper");
        for (const QString& wrong : {shortText, vague}) {
            const QString why =
                record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), ic, wrong));
            QVERIFY2(why.startsWith(QStringLiteral("a sign-off over open checks names every one as "
                                                   "it stands now")),
                     qPrintable(why));
            QVERIFY2(why.contains(QStringLiteral("open: 0.1, 0.2")), qPrintable(why));
        }
        QCOMPARE(m_state.item(QStringLiteral("4.4")).status, ItemStatus::Open);

        // The composed text, by the incident commander: recorded, and it is the note.
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), ic, text)), QString());
        QCOMPARE(m_state.item(QStringLiteral("4.4")).status, ItemStatus::Signed);
        QCOMPARE(m_state.item(QStringLiteral("4.4")).note, text);
    }

    void overrideNamingMoreThanIsOpenIsRefused()
    {
        // Composed, then an earlier item is signed: the text no longer says what was open.
        const QString text = composeCheckOverride(
            QStringLiteral("bridge call"), openItemChecks(m_state, QStringLiteral("4.4"), nullptr));
        QCOMPARE(sign(QStringLiteral("0.1")), QString());
        QVERIFY(record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), ic, text))
                    .startsWith(QStringLiteral("a sign-off over open checks names every one")));
        // Nothing open any more: an override would record checks skipped that hold.
        for (const SignOffEvent& e : earlierSectionsSignOffs(m_state, QStringLiteral("4.4"), eng))
            QCOMPARE(record(e), QString());
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("4.4"), ic, text)),
                 m_allPrevious + QStringLiteral("'s checks (previous-complete) all hold now: sign "
                                                "it without overriding them; nothing was "
                                                "recorded"));
        QCOMPARE(sign(QStringLiteral("4.4"), ic), QString());
    }

    // ---- health-green ----

    void healthGreenNeedsARecordOfTheHealthChecks()
    {
        const QString label = QStringLiteral("4.3 \"Production health checks are all green.\"");
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng)),
                 label + QStringLiteral(" requires the health checks green, and this sign-off "
                                        "carries no record of them (golive records the health "
                                        "checks when signing from golive); the "
                                        "incident-commander may sign it over its open checks "
                                        "with a reason; nothing was recorded"));
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.3"), nullptr),
                 QStringList{QStringLiteral("health-green (no health checks recorded)")});
        SignOffEvent unreadable = itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng);
        unreadable.snapshot = QStringLiteral("{not json");
        QVERIFY2(refusal(unreadable).contains(QStringLiteral("cannot be read")),
                 qPrintable(refusal(unreadable)));
        QCOMPARE(m_state.item(QStringLiteral("4.3")).status, ItemStatus::Open);
    }

    void healthGreenRefusesACriticalCheckNotUp_data()
    {
        QTest::addColumn<QString>("state");
        QTest::newRow("down") << QStringLiteral("down");
        QTest::newRow("never probed") << QStringLiteral("unknown");
    }

    void healthGreenRefusesACriticalCheckNotUp()
    {
        QFETCH(QString, state);
        DecisionSnapshot s = greenSnapshot();
        s.health[1].state = state;
        s.health[1].detail = QStringLiteral("connection refused");
        if (state == QLatin1String("unknown"))
            s.health[1].lastProbedUtc = {};
        const SignOffEvent e =
            withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng), s);
        QCOMPARE(refusal(e), QStringLiteral("4.3 \"Production health checks are all green.\" "
                                            "requires the health checks green, and critical "
                                            "checks are down or unknown: policy-lac; the "
                                            "incident-commander may sign it over its open checks "
                                            "with a reason; nothing was recorded"));
        const QStringList open = openItemChecks(m_state, QStringLiteral("4.3"), &s);
        QCOMPARE(open, QStringList{QStringLiteral("health-green (not up: policy-lac)")});

        // The incident commander over it, naming the check, with the snapshot that shows it.
        SignOffEvent over = e;
        over.actor = ic;
        over.text = composeCheckOverride(QStringLiteral("policy-lac drained on purpose"), open);
        QCOMPARE(over.text, QStringLiteral("Signed over open checks: health-green (not up: "
                                           "policy-lac): policy-lac drained on purpose"));
        // Naming another check than the one not up: refused.
        SignOffEvent other = over;
        other.text = composeCheckOverride(QStringLiteral("policy-lac drained on purpose"),
                                          {QStringLiteral("health-green (not up: nl2cypher)")});
        QVERIFY(refusal(other).startsWith(QStringLiteral("a sign-off over open checks")));
        // Without the snapshot the same words name a check golive cannot see: refused.
        SignOffEvent blind = over;
        blind.snapshot.clear();
        QVERIFY(refusal(blind).startsWith(QStringLiteral("a sign-off over open checks")));
        QCOMPARE(record(over), QString());
        QCOMPARE(m_state.item(QStringLiteral("4.3")).note, over.text);
    }

    void healthGreenAcceptsEveryCriticalCheckUp()
    {
        DecisionSnapshot s = greenSnapshot();
        // A check that is not critical (report-studio) may be down; a manual one is not probed.
        SnapshotHealth ui;
        ui.service = QStringLiteral("report-studio");
        ui.state = QStringLiteral("down");
        ui.critical = false;
        ui.lastProbedUtc = s.takenUtc;
        s.health.append(ui);
        QVERIFY(openItemChecks(m_state, QStringLiteral("4.3"), &s).isEmpty());
        QCOMPARE(record(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng), s)),
                 QString());
        QCOMPARE(m_state.item(QStringLiteral("4.3")).status, ItemStatus::Signed);
    }

    void healthGreenRefusesDemoAndUnavailableHealth()
    {
        DecisionSnapshot demo = greenSnapshot();
        demo.demo = true;
        demo.prometheus.clear();
        for (SnapshotHealth& h : demo.health)
            h.demo = true;
        const QString demoWhy =
            refusal(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng), demo));
        QVERIFY2(demoWhy.contains(QStringLiteral("demo data is not a health check")),
                 qPrintable(demoWhy));
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.3"), &demo),
                 QStringList{QStringLiteral("health-green (demo data is not a health check)")});
        // One demo light among real ones is demo too.
        DecisionSnapshot oneDemo = greenSnapshot();
        oneDemo.health[0].demo = true;
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.3"), &oneDemo),
                 QStringList{QStringLiteral("health-green (demo data is not a health check)")});

        DecisionSnapshot none = greenSnapshot();
        none.health.clear();
        none.healthUnavailable = QStringLiteral("the dashboard defines no health checks");
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.3"), &none),
                 QStringList{QStringLiteral("health-green (health unavailable: the dashboard "
                                            "defines no health checks)")});
        QVERIFY(
            refusal(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng), none))
                .contains(QStringLiteral("no health check could be read")));
        DecisionSnapshot empty = greenSnapshot();
        empty.health.clear();
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.3"), &empty),
                 QStringList{QStringLiteral("health-green (no health checks defined)")});
        // Checks the record had no room for may be the ones down.
        DecisionSnapshot full = greenSnapshot();
        full.healthLeftOut = 3;
        QCOMPARE(openItemChecks(m_state, QStringLiteral("4.3"), &full),
                 QStringList{QStringLiteral("health-green (3 not recorded)")});
        QVERIFY(
            refusal(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("4.3"), eng), full))
                .contains(QStringLiteral("golive cannot say they are up")));
        QCOMPARE(m_state.item(QStringLiteral("4.3")).status, ItemStatus::Open);
    }

    // ---- slo-ok, and several checks on one item ----

    void sloOkRefusesABreachAndMissingData()
    {
        m_state.reset(&checksRunbook().runbook);
        const QString label = QStringLiteral("2.1 \"SLOs hold\"");
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("2.1"), eng)),
                 label + QStringLiteral(" requires every SLO panel within its objective, and this "
                                        "sign-off carries no record of them (golive records the "
                                        "SLO panels when signing from golive); the "
                                        "incident-commander may sign it over its open checks "
                                        "with a reason; nothing was recorded"));
        DecisionSnapshot breach = greenSnapshot();
        breach.panels[0].state = QStringLiteral("breach");
        breach.panels[0].value = 0.452;
        // A health check down does not concern slo-ok.
        breach.health[0].state = QStringLiteral("down");
        QCOMPARE(
            refusal(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("2.1"), eng), breach)),
            label + QStringLiteral(" requires every SLO panel within its objective, and "
                                   "panels are in breach: prov-ledger p95 latency; the "
                                   "incident-commander may sign it over its open checks "
                                   "with a reason; nothing was recorded"));
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &breach),
                 QStringList{QStringLiteral("slo-ok (breach: prov-ledger p95 latency)")});

        DecisionSnapshot unavailable = greenSnapshot();
        unavailable.panels.clear();
        unavailable.sloUnavailable = QStringLiteral("connection refused");
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &unavailable),
                 QStringList{QStringLiteral("slo-ok (SLO data unavailable: connection refused)")});
        DecisionSnapshot demo = greenSnapshot();
        demo.demo = true;
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &demo),
                 QStringList{QStringLiteral("slo-ok (demo data is not an SLO measurement)")});
        DecisionSnapshot demoPanel = greenSnapshot();
        demoPanel.panels[1].demo = true;
        QVERIFY(refusal(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("2.1"), eng),
                                     demoPanel))
                    .contains(QStringLiteral("demo data is not an SLO measurement")));
        DecisionSnapshot noPanels = greenSnapshot();
        noPanels.panels.clear();
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &noPanels),
                 QStringList{QStringLiteral("slo-ok (no SLO panels defined)")});
        DecisionSnapshot full = greenSnapshot();
        full.panelsLeftOut = 12;
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &full),
                 QStringList{QStringLiteral("slo-ok (12 not recorded)")});
        QCOMPARE(m_state.item(QStringLiteral("2.1")).status, ItemStatus::Open);

        // At risk is not a breach: accepted.
        DecisionSnapshot atRisk = greenSnapshot();
        atRisk.panels[0].state = QStringLiteral("at-risk");
        QCOMPARE(
            record(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("2.1"), eng), atRisk)),
            QString());
    }

    void severalChecksAreNamedTogether()
    {
        m_state.reset(&checksRunbook().runbook);
        DecisionSnapshot s = greenSnapshot();
        s.panels[1].state = QStringLiteral("breach");
        s.health[2].state = QStringLiteral("down");
        const QStringList open = openItemChecks(m_state, QStringLiteral("2.2"), &s);
        QCOMPARE(open, (QStringList{QStringLiteral("previous-complete (open: 1.1, 1.2, 1.2.1)"),
                                    QStringLiteral("health-green (not up: nl2cypher)"),
                                    QStringLiteral("slo-ok (breach: policy-lac error rate)")}));
        SignOffEvent e = withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("2.2"), eng), s);
        QCOMPARE(refusal(e),
                 QStringLiteral("2.2 \"Everything\" requires every earlier item done; open: 1.1, "
                                "1.2, 1.2.1; it also requires the health checks green, and "
                                "critical checks are down or unknown: nl2cypher; it also requires "
                                "every SLO panel within its objective, and panels are in breach: "
                                "policy-lac error rate; the incident-commander may sign it over "
                                "its open checks with a reason; nothing was recorded"));
        e.actor = ic;
        e.text = composeCheckOverride(QStringLiteral("accepted by the bridge"), open);
        QCOMPARE(e.text, QStringLiteral("Signed over open checks: previous-complete (open: 1.1, "
                                        "1.2, 1.2.1); health-green (not up: nl2cypher); slo-ok "
                                        "(breach: policy-lac error rate): accepted by the bridge"));
        // Leaving one check out is refused.
        SignOffEvent partial = e;
        partial.text =
            composeCheckOverride(QStringLiteral("accepted by the bridge"), open.mid(0, 2));
        QVERIFY(refusal(partial).startsWith(QStringLiteral("a sign-off over open checks")));
        QCOMPARE(record(e), QString());
    }

    void overOpenChecksAndOpenSubItemsTogether()
    {
        m_state.reset(&checksRunbook().runbook);
        const QStringList checks = openItemChecks(m_state, QStringLiteral("2.3"), nullptr);
        QCOMPARE(checks, QStringList{QStringLiteral("previous-complete (open: 1.1, 1.2, 1.2.1)")});
        const RunbookItem& steps = *m_state.runbook()->findItem(QStringLiteral("2.3"));
        const QStringList subItems = openSubItems(m_state, steps);
        QCOMPARE(subItems, QStringList{QStringLiteral("2.3.1")});
        // Over the checks only: the sub-items rule still asks for them.
        const QString checksOnly = composeCheckOverride(QStringLiteral("by phone"), checks);
        QVERIFY(record(itemEvent(EventKind::Signed, QStringLiteral("2.3"), ic, checksOnly))
                    .contains(QStringLiteral("1 sub-item open: 2.3.1")));
        // Over the sub-items only: the checks' rule still asks for them.
        QVERIFY(record(itemEvent(EventKind::Signed, QStringLiteral("2.3"), ic,
                                 composeOverOpenSubItems(QStringLiteral("by phone"), subItems)))
                    .contains(QStringLiteral("requires every earlier item done")));
        // Both, the checks' text inside the sub-items' one: recorded.
        const QString both = composeOverOpenSubItems(checksOnly, subItems);
        QCOMPARE(both, QStringLiteral("Signed over open sub-items 2.3.1: Signed over open checks: "
                                      "previous-complete (open: 1.1, 1.2, 1.2.1): by phone"));
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("2.3"), ic, both)), QString());
    }

    // A panel golive could not read (no data, a failed or timed-out query) is not within its
    // objective as far as golive can say: slo-ok names it, for any role.
    void sloOkRefusesPanelsWithoutData()
    {
        m_state.reset(&checksRunbook().runbook);
        DecisionSnapshot partial = greenSnapshot();
        partial.panels[1].state = QStringLiteral("unknown");
        partial.panels[1].value.reset();
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &partial),
                 QStringList{QStringLiteral("slo-ok (no data: policy-lac error rate)")});
        QVERIFY(
            refusal(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("2.1"), eng), partial))
                .contains(QStringLiteral("panels golive could not read: policy-lac error rate")));
        // A breach is named first.
        partial.panels[0].state = QStringLiteral("breach");
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.1"), &partial),
                 QStringList{QStringLiteral("slo-ok (breach: prov-ledger p95 latency)")});
    }

    // Manual health checks are a person's to verify and do not hold health-green back; but a
    // record in which golive probed no check at all is not green.
    void healthGreenNeedsOneCheckGoliveProbed()
    {
        m_state.reset(&checksRunbook().runbook);
        DecisionSnapshot manualToo = greenSnapshot();
        SnapshotHealth postgres;
        postgres.service = QStringLiteral("postgres");
        postgres.state = QStringLiteral("not-probed");
        postgres.critical = true;
        postgres.detail = QStringLiteral("never probed");
        manualToo.health.append(postgres);
        QCOMPARE(openItemChecks(m_state, QStringLiteral("2.2"), &manualToo).size(), 1); // 1.x open
        QVERIFY(manualToo.summary().contains(QStringLiteral("not probed (manual): postgres")));
        DecisionSnapshot manualOnly = greenSnapshot();
        manualOnly.health = {postgres};
        QVERIFY(openItemChecks(m_state, QStringLiteral("2.2"), &manualOnly)
                    .contains(QStringLiteral("health-green (none probed by golive)")));
    }

    // N/A past open checks would stand the item done without them: the incident commander's
    // call alone; with every check holding, anyone who may mark it does.
    void notApplicablePastOpenChecksIsTheCommanders()
    {
        m_state.reset(&checksRunbook().runbook);
        const DecisionSnapshot green = greenSnapshot();
        const QString why =
            record(withSnapshot(itemEvent(EventKind::NotApplicable, QStringLiteral("2.2"), eng,
                                          QStringLiteral("not needed")),
                                green));
        QCOMPARE(why, QStringLiteral("marking 2.2 \"Everything\" N/A while its checks are open "
                                     "(previous-complete (open: 1.1, 1.2, 1.2.1)) needs the "
                                     "incident-commander role; you are engineer; nothing was "
                                     "recorded"));
        QCOMPARE(m_state.item(QStringLiteral("2.2")).status, ItemStatus::Open);
        QCOMPARE(record(withSnapshot(itemEvent(EventKind::NotApplicable, QStringLiteral("2.1"), eng,
                                               QStringLiteral("no SLO for this")),
                                     green)),
                 QString()); // its one check holds
        QCOMPARE(record(withSnapshot(itemEvent(EventKind::NotApplicable, QStringLiteral("2.2"), ic,
                                               QStringLiteral("descoped by the bridge")),
                                     green)),
                 QString());
    }

    // What a GO records as signed over is what the override named: the reason's words, even
    // ones that read like a check, never count.
    void reasonWordsNeverCountAsAnOverride()
    {
        m_state.reset(&checksRunbook().runbook);
        const DecisionSnapshot green = greenSnapshot();
        const QStringList open = openItemChecks(m_state, QStringLiteral("2.2"), &green);
        QCOMPARE(open, QStringList{QStringLiteral("previous-complete (open: 1.1, 1.2, 1.2.1)")});
        const QString text = composeCheckOverride(
            QStringLiteral("slo-ok (dashboards) and health-green (lights) looked fine"), open);
        QCOMPARE(record(withSnapshot(itemEvent(EventKind::Signed, QStringLiteral("2.2"), ic, text),
                                     green)),
                 QString());
        QCOMPARE(m_state.item(QStringLiteral("2.2")).checksSignedOver,
                 QStringList{QStringLiteral("previous-complete")});
        QVERIFY(
            signedOverCheck(m_state, QStringLiteral("2.2"), QStringLiteral("previous-complete")));
        QVERIFY(!signedOverCheck(m_state, QStringLiteral("2.2"), QStringLiteral("slo-ok")));
        QVERIFY(!signedOverCheck(m_state, QStringLiteral("2.2"), QStringLiteral("health-green")));
        // Revoked, it is signed over nothing.
        QCOMPARE(record(itemEvent(EventKind::Revoked, QStringLiteral("2.2"), ic,
                                  QStringLiteral("signed too early"))),
                 QString());
        QVERIFY(m_state.item(QStringLiteral("2.2")).checksSignedOver.isEmpty());
        QVERIFY(
            !signedOverCheck(m_state, QStringLiteral("2.2"), QStringLiteral("previous-complete")));
    }

    // A GO records every check the runbook's items require, as it stands at the GO, and which
    // were signed over: the record says what the decision was taken over.
    void goRecordsEachCheckAndWhichWereSignedOver()
    {
        m_state.reset(&checksRunbook().runbook);
        QCOMPARE(sign(QStringLiteral("1.1")), QString());
        const QStringList checks = openItemChecks(m_state, QStringLiteral("2.3"), nullptr);
        const RunbookItem& steps = *m_state.runbook()->findItem(QStringLiteral("2.3"));
        const QString over = composeOverOpenSubItems(
            composeCheckOverride(QStringLiteral("by phone"), checks), openSubItems(m_state, steps));
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("2.3"), ic, over)), QString());
        QVERIFY(
            signedOverCheck(m_state, QStringLiteral("2.3"), QStringLiteral("previous-complete")));
        QVERIFY(!signedOverCheck(m_state, QStringLiteral("2.3"), QStringLiteral("health-green")));
        QVERIFY(
            !signedOverCheck(m_state, QStringLiteral("1.1"), QStringLiteral("previous-complete")));

        const auto words = [](const QList<SnapshotCheck>& list) {
            QStringList out;
            for (const SnapshotCheck& c : list)
                out << QStringLiteral("%1 %2 %3 %4")
                           .arg(c.itemId, c.check,
                                c.met ? QStringLiteral("met") : QStringLiteral("open"), c.detail);
            return out;
        };
        const QStringList expected{
            QStringLiteral("2.1 slo-ok met "),
            QStringLiteral("2.2 previous-complete open open: 1.2, 1.2.1"),
            QStringLiteral("2.2 health-green met "),
            QStringLiteral("2.2 slo-ok met "),
            QStringLiteral("2.3 previous-complete open signed over open checks; open: 1.2, 1.2.1"),
        };
        QCOMPARE(words(itemChecksAt(m_state, greenSnapshot())), expected);

        // Only a GO takes them; its snapshot keeps them through the record's JSON.
        SignOffEvent go;
        go.kind = EventKind::Decision;
        go.fieldKey = QStringLiteral("go");
        DecisionSnapshot atGo = greenSnapshot();
        addDecisionChecks(atGo, go, m_state);
        const std::optional<DecisionSnapshot> read = DecisionSnapshot::fromJson(atGo.toJson());
        QVERIFY(read);
        QCOMPARE(words(read->checks), expected);
        QVERIFY(read->checks.last().signedOver());
        QVERIFY(!read->checks.first().signedOver());
        QVERIFY(read->summary().contains(QStringLiteral("checks not met: 2.2 previous-complete")));
        for (const QString& other : {QStringLiteral("no-go")}) {
            SignOffEvent e = go;
            e.fieldKey = other;
            DecisionSnapshot s = greenSnapshot();
            addDecisionChecks(s, e, m_state);
            QVERIFY(s.checks.isEmpty());
        }
        // Live signs the final monitoring step: its record says which checks held then too.
        SignOffEvent live;
        live.kind = EventKind::PhaseChanged;
        live.fieldKey = QStringLiteral("live");
        DecisionSnapshot atLive = greenSnapshot();
        addDecisionChecks(atLive, live, m_state);
        QCOMPARE(words(atLive.checks), expected);
        SignOffEvent gate = live;
        gate.fieldKey = QStringLiteral("go-no-go");
        DecisionSnapshot atGate = greenSnapshot();
        addDecisionChecks(atGate, gate, m_state);
        QVERIFY(atGate.checks.isEmpty());
        SignOffEvent signOff = itemEvent(EventKind::Signed, QStringLiteral("2.1"), ic, {});
        DecisionSnapshot s = greenSnapshot();
        addDecisionChecks(s, signOff, m_state);
        QVERIFY(s.checks.isEmpty());

        // Once the earlier items are done the check holds; the record still says it was
        // signed over.
        QCOMPARE(sign(QStringLiteral("1.2.1")), QString());
        QCOMPARE(sign(QStringLiteral("1.2")), QString());
        const QList<SnapshotCheck> later = itemChecksAt(m_state, greenSnapshot());
        QCOMPARE(words(later).last(), QStringLiteral("2.3 previous-complete met signed over open "
                                                     "checks; holds now"));
        QVERIFY(later.last().signedOver());
    }

    // An item that requires no check is signed as always, whatever its text says.
    void itemsWithoutChecksAreUnchanged()
    {
        QCOMPARE(sign(QStringLiteral("4.1")), QString());
        QCOMPARE(record(itemEvent(EventKind::Signed, QStringLiteral("0.1"), eng,
                                  QStringLiteral("Signed over open checks: none"))),
                 QString());
    }
};

QTEST_GUILESS_MAIN(TestItemChecks)
#include "tst_itemchecks.moc"
