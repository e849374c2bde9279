// Tests for RunbookParser on good input: the bundled seed and other teams' runbook variants.
#include "ParserTestUtil.h"
#include "RunbookParser.h"
#include "Unprivileged.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace golive;
using namespace golive::test;

class TestRunbookParser : public QObject
{
    Q_OBJECT

private slots:
    // the seed
    void seedTitleSectionsAndCounts();
    void seedGroupsOfCutoverSection();
    void seedIdsAndTitles();
    void seedDetailsAndInlineCode();
    void seedRollbackProcedure();
    void seedFields();
    void seedRenderKeepsStartAndEndApart();
    void seedSourcePositions();
    void seedLookups();
    void seedWithCrlfParsesTheSame();

    // other teams' runbooks
    void variantBulletsTablesCodeQuotes();
    void variantMetadataRolesAndPrechecked();
    void variantCrlfDeepNestingAndProcedures();
    void identicalTitlesGetDistinctIds();
    void placeholderKeysAreUniquePerOccurrence();
    void metadataNeedsOwnerOrDueLabel();
    void onlyFieldLinesMakeFields();
    void placeholderTokenCharactersAreStrippedFromInput();
    void renderEscapesValues();
    void findItemOnHandBuiltRunbook();
};

// ---- the seed ----

void TestRunbookParser::seedTitleSectionsAndCounts()
{
    const RunbookParseResult& r = seed();
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(rb.title, QStringLiteral("Summit Platform: Go-Live Runbook"));
    QCOMPARE(rb.fileName, seedPath());
    QCOMPARE(rb.checkableCount(), 48);
    QCOMPARE(rb.allItems().size(), 48);
    QCOMPARE(rb.sections.size(), 6);

    const QStringList numbers{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                              QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")};
    const QStringList titles{QStringLiteral("Decision & Scope Lock"),
                             QStringLiteral("Production Readiness (Platform & Infra)"),
                             QStringLiteral("Safety Nets: Observability, Rollback, and Guardrails"),
                             QStringLiteral("Security, Governance, and Compliance"),
                             QStringLiteral("Cutover Plan & Runbook"),
                             QStringLiteral("Post-Go-Live Hypercare & Feedback")};
    const QList<int> counts{2, 12, 8, 6, 17, 3};
    for (int s = 0; s < 6; ++s) {
        QCOMPARE(rb.sections[s].number, numbers[s]);
        QCOMPARE(rb.sections[s].title, titles[s]);
        QCOMPARE(rb.sections[s].checkableCount(), counts[s]);
        QVERIFY(!rb.sections[s].groups.isEmpty());
        QCOMPARE(rb.sections[s].groups.first().title, QString());
    }
    QCOMPARE(rb.description.size(), 1);
    QVERIFY(rb.description.first().plain.startsWith(QStringLiteral("This runbook provides")));
}

void TestRunbookParser::seedGroupsOfCutoverSection()
{
    const RunbookSection& cutover = seed().runbook.sections[4];
    QStringList groupTitles;
    for (const RunbookGroup& g : cutover.groups)
        groupTitles << g.title;
    QCOMPARE(groupTitles, (QStringList{QString(), QStringLiteral("Pre-Checks (T-60 minutes)"),
                                       QStringLiteral("Cutover Sequence (T-0)"),
                                       QStringLiteral("Abort/Rollback Criteria")}));
    QCOMPARE(cutover.groups[0].items.size(), 0);
    QCOMPARE(cutover.groups[1].items.size(), 4);
    QCOMPARE(cutover.groups[2].items.size(), 7);
    QCOMPARE(cutover.groups[3].items.size(), 0);
    // The channel line before any ### is a note of the untitled group.
    QCOMPARE(cutover.groups[0].notes.size(), 1);
    QVERIFY(cutover.groups[0].notes[0].html.startsWith(
        QStringLiteral("<b>Communications Channel:</b> ")));
    // The two plain bullets of the abort criteria are notes, the numbered plan a procedure.
    QCOMPARE(cutover.groups[3].notes.size(), 2);
    QVERIFY(cutover.groups[3].notes[1].plain.startsWith(QStringLiteral("Trigger: Any P0 alert")));
}

void TestRunbookParser::seedIdsAndTitles()
{
    const Runbook& rb = seed().runbook;
    const QStringList all = ids(rb);
    QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 48);
    QCOMPARE(all.first(), QStringLiteral("0.1"));
    QCOMPARE(all[1], QStringLiteral("0.2"));
    QCOMPARE(all.last(), QStringLiteral("5.3"));

    struct Expect
    {
        const char* id;
        const char* title;
    };
    const Expect expected[] = {
        {"0.1", "Go-Live Window Defined"},
        {"0.2", "Release Candidate Branch Frozen"},
        {"1.2", "Data Stores Ready & Backed Up"},
        {"1.2.1", "PostgreSQL (postgres)"},
        {"1.2.1.2", "Restore drill successfully executed and documented."},
        {"1.2.3.1", "Configuration is production-hardened."},
        {"2.1.3", "Critical alerts are configured and have been tested (e.g., via alert "
                  "injection)."},
        {"3.2.4", "Secrets scanning has been run against the release candidate branch."},
        {"4.1", "All key personnel are present and accounted for in the war room."},
        {"4.5", "Enable Maintenance Mode"},
        {"4.6.1", "postgres migrations are applied."},
        {"4.11", "Final Monitoring"},
        {"5.3", "User Feedback Sessions"},
    };
    for (const Expect& e : expected) {
        const RunbookItem* item = rb.findItem(QLatin1String(e.id));
        QVERIFY2(item, e.id);
        QCOMPARE(item->id, QLatin1String(e.id));
        QCOMPARE(item->title, QString::fromUtf8(e.title));
        QVERIFY2(!item->title.endsWith(u':'), e.id);
    }
    QCOMPARE(rb.findItem(QStringLiteral("1.2.1"))->titleHtml,
             QStringLiteral("PostgreSQL (<code>postgres</code>)"));
    QCOMPARE(rb.findItem(QStringLiteral("1.2"))->titleHtml,
             QStringLiteral("Data Stores Ready &amp; Backed Up"));
    QCOMPARE(rb.findItem(QStringLiteral("1.2"))->children.size(), 3);
    QVERIFY(!rb.findItem(QStringLiteral("1.2"))->checkedInTemplate);
}

void TestRunbookParser::seedDetailsAndInlineCode()
{
    const Runbook& rb = seed().runbook;
    const RunbookItem* window = rb.findItem(QStringLiteral("0.1"));
    QVERIFY(window);
    QCOMPARE(window->details.size(), 2);
    QCOMPARE(window->details[0].plain,
             QStringLiteral("Start: ") + placeholderToken(QStringLiteral("start")));
    QCOMPARE(window->details[1].plain,
             QStringLiteral("End: ") + placeholderToken(QStringLiteral("end")));
    QCOMPARE(window->details[0].html,
             QStringLiteral("<b>Start:</b> ") + placeholderToken(QStringLiteral("start")));

    const RunbookItem* branch = rb.findItem(QStringLiteral("0.2"));
    QCOMPARE(branch->details[0].html, QStringLiteral("<b>Branch Name:</b> <code>") +
                                          placeholderToken(QStringLiteral("branch-name")) +
                                          QStringLiteral("</code>"));

    // Text after a bold title leads the item's details, inline code kept.
    const RunbookItem* migrations = rb.findItem(QStringLiteral("2.2.1"));
    QCOMPARE(migrations->title, QStringLiteral("Database Migrations"));
    QCOMPARE(migrations->details.size(), 1);
    QVERIFY2(migrations->details[0].html.startsWith(
                 QStringLiteral("<code>postgres</code> and <code>neo4j</code> migration")),
             qPrintable(migrations->details[0].html));

    const RunbookItem* validation = rb.findItem(QStringLiteral("4.9"));
    QCOMPARE(validation->details.size(), 2);
    QVERIFY(validation->details[0].html.contains(QStringLiteral("<code>make smoke</code>")));
    QVERIFY(validation->details[0].plain.contains(QStringLiteral("(make smoke)")));
}

void TestRunbookParser::seedRollbackProcedure()
{
    const RunbookGroup& abort = seed().runbook.sections[4].groups[3];
    QCOMPARE(abort.procedures.size(), 1);
    const RunbookProcedure& plan = abort.procedures.first();
    QCOMPARE(plan.title, QStringLiteral("Rollback Plan"));
    QCOMPARE(plan.pos.line, 111);
    QStringList steps;
    for (const RunbookText& step : plan.steps)
        steps << step.plain;
    QCOMPARE(steps, (QStringList{QStringLiteral("Re-enable maintenance mode."),
                                 QStringLiteral("Roll back application deployments to the "
                                                "previous version."),
                                 QStringLiteral("Execute database migration rollback scripts."),
                                 QStringLiteral("Verify system stability on the previous version."),
                                 QStringLiteral("Disable maintenance mode.")}));
    QCOMPARE(plan.steps[0].pos.line, 112);
    QCOMPARE(plan.steps[4].pos.line, 116);
}

void TestRunbookParser::seedFields()
{
    const Runbook& rb = seed().runbook;
    QStringList keys;
    for (const RunbookField& f : rb.fields)
        keys << f.key;
    QCOMPARE(keys, (QStringList{QStringLiteral("version"), QStringLiteral("owner"),
                                QStringLiteral("go-live-date"),
                                QStringLiteral("incident-commander"), QStringLiteral("start"),
                                QStringLiteral("end"), QStringLiteral("branch-name"),
                                QStringLiteral("communications-channel")}));

    const RunbookField* version = rb.findField(QStringLiteral("version"));
    QVERIFY(version);
    QVERIFY(!version->isPlaceholder);
    QCOMPARE(version->templateValue, QStringLiteral("1.0"));
    QCOMPARE(version->label, QStringLiteral("Version"));
    QCOMPARE(version->pos.line, 3);

    struct Expect
    {
        const char* key;
        const char* label;
        const char* templ;
        int line;
    };
    const Expect placeholders[] = {
        {"owner", "Owner", "[Release Captain Name]", 4},
        {"go-live-date", "Go-Live Date", "[YYYY-MM-DD]", 5},
        {"incident-commander", "Incident Commander", "[Incident Commander Name]", 6},
        {"start", "Start", "[YYYY-MM-DD HH:mm UTC]", 15},
        {"end", "End", "[YYYY-MM-DD HH:mm UTC]", 16},
        {"branch-name", "Branch Name", "release/vX.Y.Z", 18},
        {"communications-channel", "Communications Channel", "[Link to Slack/Teams War Room]", 76},
    };
    for (const Expect& e : placeholders) {
        const RunbookField* f = rb.findField(QLatin1String(e.key));
        QVERIFY2(f, e.key);
        QVERIFY2(f->isPlaceholder, e.key);
        QCOMPARE(f->label, QLatin1String(e.label));
        QCOMPARE(f->templateValue, QLatin1String(e.templ));
        QCOMPARE(f->pos.line, e.line);
    }
    QCOMPARE(rb.findField(QStringLiteral("owner"))->pos.column, 12);
    QCOMPARE(rb.findField(QStringLiteral("nope")), nullptr);
}

void TestRunbookParser::seedRenderKeepsStartAndEndApart()
{
    const Runbook& rb = seed().runbook;
    const RunbookItem* window = rb.findItem(QStringLiteral("0.1"));
    auto valueOf = [](const QString& key) {
        return key == QLatin1String("start") ? QStringLiteral("2025-06-01 08:00 UTC") : QString();
    };
    QCOMPARE(renderPlain(window->details[0].plain, rb, valueOf),
             QStringLiteral("Start: 2025-06-01 08:00 UTC"));
    QCOMPARE(renderPlain(window->details[1].plain, rb, valueOf),
             QStringLiteral("End: [YYYY-MM-DD HH:mm UTC]"));
    QCOMPARE(renderHtml(window->details[0].html, rb, valueOf),
             QStringLiteral("<b>Start:</b> <b>2025-06-01 08:00 UTC</b>"));
    const QString unfilled = renderHtml(window->details[1].html, rb, valueOf);
    QVERIFY2(unfilled.contains(QLatin1String(kUnfilledPlaceholderSpan)), qPrintable(unfilled));
    QVERIFY(unfilled.contains(QStringLiteral("[YYYY-MM-DD HH:mm UTC]")));

    const RunbookItem* branch = rb.findItem(QStringLiteral("0.2"));
    auto branchValue = [](const QString& key) {
        return key == QLatin1String("branch-name") ? QStringLiteral("release/v2.4.0") : QString();
    };
    QCOMPARE(renderPlain(branch->details[0].plain, rb, branchValue),
             QStringLiteral("Branch Name: release/v2.4.0"));
    QCOMPARE(renderPlain(branch->details[0].plain, rb, noValues),
             QStringLiteral("Branch Name: release/vX.Y.Z"));
    // Text without tokens passes through untouched.
    QCOMPARE(renderPlain(QStringLiteral("a < b"), rb, noValues), QStringLiteral("a < b"));
}

void TestRunbookParser::seedSourcePositions()
{
    const Runbook& rb = seed().runbook;
    QCOMPARE(rb.sections[0].pos.line, 12);
    QCOMPARE(rb.sections[4].groups[1].pos.line, 78);
    const RunbookItem* first = rb.findItem(QStringLiteral("0.1"));
    QCOMPARE(first->pos.line, 14);
    QCOMPARE(first->pos.column, 1);
    const RunbookItem* postgres = rb.findItem(QStringLiteral("1.2.1"));
    QCOMPARE(postgres->pos.line, 28);
    QCOMPARE(postgres->pos.column, 3);
    const RunbookItem* drill = rb.findItem(QStringLiteral("1.2.1.2"));
    QCOMPARE(drill->pos.line, 30);
    QCOMPARE(drill->pos.column, 5);
    QCOMPARE(rb.findItem(QStringLiteral("4.5"))->pos.line, 87);
    QCOMPARE(rb.findItem(QStringLiteral("4.6.1"))->pos.line, 90);
    QCOMPARE(first->details[0].pos.line, 15);
}

void TestRunbookParser::seedLookups()
{
    const Runbook& rb = seed().runbook;
    QCOMPARE(rb.sectionOf(QStringLiteral("4.6.1")), &rb.sections[4]);
    QCOMPARE(rb.sectionOf(QStringLiteral("0.1")), &rb.sections[0]);
    QCOMPARE(rb.sectionOf(QStringLiteral("9.1")), nullptr);
    QCOMPARE(rb.findItem(QStringLiteral("4.12")), nullptr);
    QCOMPARE(rb.findItem(QStringLiteral("1.2.1.3")), nullptr);
    QCOMPARE(rb.findItem(QStringLiteral("")), nullptr);
    QCOMPARE(rb.findItem(QStringLiteral("x.y")), nullptr);
    // allItems is depth-first in runbook order.
    const QStringList all = ids(rb);
    QCOMPARE(all.mid(2, 5),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("1.2.1"),
                          QStringLiteral("1.2.1.1"), QStringLiteral("1.2.1.2")}));
    for (const RunbookItem* item : rb.allItems())
        QCOMPARE(rb.findItem(item->id), item);
}

void TestRunbookParser::seedWithCrlfParsesTheSame()
{
    QFile file(seedPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    QVERIFY(!text.contains('\r'));
    text.replace("\n", "\r\n");
    const RunbookParseResult crlf = RunbookParser::parse(text, QStringLiteral("crlf.md"));
    QVERIFY2(crlf.ok(), qPrintable(diagnosticsText(crlf)));
    const QList<const RunbookItem*> a = seed().runbook.allItems();
    const QList<const RunbookItem*> b = crlf.runbook.allItems();
    QCOMPARE(b.size(), a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i]->id, a[i]->id);
        QCOMPARE(b[i]->title, a[i]->title);
        QCOMPARE(b[i]->titleHtml, a[i]->titleHtml);
        QCOMPARE(b[i]->pos.line, a[i]->pos.line);
        QCOMPARE(b[i]->details.size(), a[i]->details.size());
        for (qsizetype d = 0; d < a[i]->details.size(); ++d)
            QCOMPARE(b[i]->details[d].html, a[i]->details[d].html);
    }
    QCOMPARE(crlf.runbook.fields.size(), seed().runbook.fields.size());
    QCOMPARE(crlf.runbook.sections[4].groups[3].procedures[0].steps.size(), 5);
}

// ---- variants ----

void TestRunbookParser::variantBulletsTablesCodeQuotes()
{
    // Reading rules 1 keep a section with no item as a tab; rules 2 fold it (below).
    const RunbookParseResult r =
        RunbookParser::parseFile(dataPath("payments-cutover.md"), RunbookParser::LegacyRules);
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(rb.title, QStringLiteral("Payments Cutover — Bereitschaft prüfen"));
    QCOMPARE(rb.sections.size(), 3);
    // Headings without numbers are numbered by position.
    QCOMPARE(rb.sections[0].number, QStringLiteral("1"));
    QCOMPARE(rb.sections[0].title, QStringLiteral("Preparation"));
    QCOMPARE(rb.sections[1].number, QStringLiteral("2"));
    QCOMPARE(rb.sections[2].number, QStringLiteral("3"));
    QCOMPARE(rb.sections[2].title, QStringLiteral("Contacts"));
    // A section with no tasks is still a tab, its text kept as notes.
    QCOMPARE(rb.sections[2].checkableCount(), 0);
    QCOMPARE(rb.sections[2].groups[0].notes.size(), 3);
    QCOMPARE(rb.sections[2].groups[0].notes[1].plain, QStringLiteral("Primary: Ana"));
    QCOMPARE(rb.checkableCount(), 9);

    // "*" and "+" bullets both make items, numbered on across the two lists.
    QCOMPARE(ids(rb),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("1.3"),
                          QStringLiteral("1.4"), QStringLiteral("1.5"), QStringLiteral("1.6"),
                          QStringLiteral("2.1"), QStringLiteral("2.2"), QStringLiteral("2.3")}));
    QCOMPARE(rb.findItem(QStringLiteral("1.1"))->title,
             QStringLiteral("Bereitschaft prüfen — 東京"));

    // The table is a note with a real HTML table. The bracketed words in a cell stay words:
    // a table row is not a release field.
    const QList<RunbookText>& notes = rb.sections[0].groups[0].notes;
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes[0].html.startsWith(QStringLiteral("<table")), qPrintable(notes[0].html));
    QVERIFY(notes[0].html.contains(QStringLiteral("<th>Region</th>")));
    QVERIFY(notes[0].html.contains(QStringLiteral("<td><code>ledger</code></td>")));
    QVERIFY(notes[0].html.contains(QStringLiteral("<td>[Gateway Owner]</td>")));
    QCOMPARE(rb.findField(QStringLiteral("gateway-owner")), nullptr);
    QCOMPARE(notes[0].pos.line, 19);

    // "1)" numbering with checkboxes gives items; code and quotes under them are details.
    const RunbookItem* drain = rb.findItem(QStringLiteral("2.1"));
    QCOMPARE(drain->title, QStringLiteral("Drain traffic"));
    QCOMPARE(drain->details.size(), 1);
    QCOMPARE(drain->details[0].html,
             QStringLiteral("<pre>kubectl scale deploy/payments --replicas=0</pre>"));
    const RunbookItem* dns = rb.findItem(QStringLiteral("2.2"));
    QCOMPARE(dns->details.size(), 1);
    QVERIFY2(dns->details[0].html.startsWith(QStringLiteral("<blockquote>")),
             qPrintable(dns->details[0].html));
    QVERIFY(dns->details[0].html.contains(QStringLiteral("<i>zero</i>")));

    // Header fields: fixed, whole-code-span placeholder, bracket placeholder.
    QCOMPARE(rb.findField(QStringLiteral("version"))->templateValue, QStringLiteral("2.3"));
    QCOMPARE(rb.findField(QStringLiteral("release"))->templateValue,
             QStringLiteral("payments/vX.Y.Z"));
    QVERIFY(rb.findField(QStringLiteral("release"))->isPlaceholder);
    QCOMPARE(rb.findField(QStringLiteral("owner"))->templateValue,
             QStringLiteral("[Payments On-Call]"));
    QCOMPARE(rb.description.size(), 1);
    QVERIFY(rb.description[0].plain.contains(QStringLiteral("(東京)")));

    // Rules 2: the same ids; "Contacts" is reading material at the end of the "Cutover" tab.
    const RunbookParseResult now = RunbookParser::parseFile(dataPath("payments-cutover.md"));
    QVERIFY2(now.diagnostics.isEmpty(), qPrintable(diagnosticsText(now)));
    QCOMPARE(ids(now.runbook), ids(rb));
    QCOMPARE(now.runbook.sections.size(), 2);
    const RunbookGroup& contacts = now.runbook.sections[1].groups.last();
    QCOMPARE(contacts.title, QStringLiteral("Contacts"));
    QCOMPARE(contacts.depth, 0);
    QVERIFY(contacts.items.isEmpty());
    QCOMPARE(contacts.notes.size(), 3);
    QCOMPARE(contacts.notes[1].plain, QStringLiteral("Primary: Ana"));
}

void TestRunbookParser::variantMetadataRolesAndPrechecked()
{
    const RunbookParseResult r = RunbookParser::parseFile(dataPath("payments-cutover.md"));
    const Runbook& rb = r.runbook;

    const RunbookItem* ready = rb.findItem(QStringLiteral("1.1"));
    QCOMPARE(ready->owner, QStringLiteral("Jürgen"));
    QCOMPARE(ready->due, QStringLiteral("2025-03-01"));
    QVERIFY(!ready->title.contains(u'|'));
    QCOMPARE(ready->details.size(), 1);
    QCOMPARE(ready->details[0].plain, QStringLiteral("everyone is on the bridge"));

    const RunbookItem* freeze = rb.findItem(QStringLiteral("1.2"));
    QVERIFY(freeze->checkedInTemplate);
    QCOMPARE(freeze->requiredRole, QStringLiteral("release-captain"));
    QCOMPARE(freeze->title, QStringLiteral("Freeze merged"));
    QVERIFY(!freeze->titleHtml.contains(QStringLiteral("golive")));
    QVERIFY(freeze->details.isEmpty());

    const RunbookItem* notify = rb.findItem(QStringLiteral("1.5"));
    QCOMPARE(notify->title, QStringLiteral("Notify support"));
    QCOMPARE(notify->titleHtml, QStringLiteral("<b>Notify support</b>"));
    QCOMPARE(notify->requiredRole, QStringLiteral("incident-commander"));
    QCOMPARE(notify->owner, QStringLiteral("Priya"));
    QVERIFY(notify->due.isEmpty());
    QVERIFY(!notify->checkedInTemplate);

    // "[X]" counts as checked too; unchecked items are not.
    QVERIFY(rb.findItem(QStringLiteral("2.3"))->checkedInTemplate);
    QVERIFY(!rb.findItem(QStringLiteral("1.3"))->checkedInTemplate);
    QVERIFY(rb.findItem(QStringLiteral("1.3"))->requiredRole.isEmpty());
}

void TestRunbookParser::variantCrlfDeepNestingAndProcedures()
{
    const QString path = dataPath("crlf-failover-drill.md");
    QFile raw(path);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY2(raw.readAll().contains("\r\n"), "the CRLF test file lost its CRLF line endings");

    const RunbookParseResult r = RunbookParser::parseFile(path);
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(rb.title, QStringLiteral("Database Failover Drill"));
    QCOMPARE(rb.checkableCount(), 7);
    const RunbookItem* five = rb.findItem(QStringLiteral("1.1.1.1.1.1"));
    QVERIFY(five);
    QCOMPARE(five->title, QStringLiteral("Level five"));
    QCOMPARE(five->pos.line, 11);
    QCOMPARE(five->pos.column, 9);
    // Nested plain bullets are flattened in order, their indentation kept in depth.
    QCOMPARE(five->details.size(), 2);
    QCOMPARE(five->details[0].plain, QStringLiteral("plain note at level five"));
    QCOMPARE(five->details[0].depth, 0);
    QCOMPARE(five->details[1].plain, QStringLiteral("deeper plain note"));
    QCOMPARE(five->details[1].depth, 1);
    for (const RunbookText& d : five->details)
        QVERIFY(!d.plain.contains(u'\r'));

    // A numbered list without checkboxes under an item is that item's procedure.
    const RunbookItem* promote = rb.findItem(QStringLiteral("1.2"));
    QCOMPARE(promote->title, QStringLiteral("Promote replica"));
    QVERIFY(promote->children.isEmpty());
    QCOMPARE(promote->procedures.size(), 1);
    const QList<RunbookText>& steps = promote->procedures[0].steps;
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps[1].html, QStringLiteral("Promote <code>db-2</code>."));
    QCOMPARE(steps[2].plain, QStringLiteral("check lag is zero"));
    QCOMPARE(steps[2].depth, 1);
    QCOMPARE(steps[3].plain, QStringLiteral("Repoint the app."));
    QCOMPARE(rb.findItem(QStringLiteral("2.1"))->title, QStringLiteral("Writes succeed on db-2"));
}

void TestRunbookParser::identicalTitlesGetDistinctIds()
{
    const RunbookParseResult r = parseText("# T\n\n## 1. A\n\n- [ ] Smoke test\n- [ ] Smoke test\n"
                                           "  - [ ] Smoke test\n  - [ ] Smoke test\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(ids(r.runbook), (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"),
                                          QStringLiteral("1.2.1"), QStringLiteral("1.2.2")}));
    for (const RunbookItem* item : r.runbook.allItems())
        QCOMPARE(item->title, QStringLiteral("Smoke test"));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.2.2"))->pos.line, 8);
}

void TestRunbookParser::placeholderKeysAreUniquePerOccurrence()
{
    // The legacy rules (runs made before the rules were versioned) take placeholders from code
    // spans too; tst_runbookparser_items checks that the current rules do not.
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] **Window:** [start] to [end]\n"
                  "- [ ] Page [On-Call Name] <!-- golive: field -->\n"
                  "- [ ] Again page [On-Call Name] <!-- golive: field -->\n"
                  "- [ ] Tag `vX.Y.Z` then `git push origin vX.Y.Z`\n  <!-- golive: field -->\n"
                  "- [ ] See [the wiki](https://wiki.example/x) and a[1] and [ ]\n",
                  RunbookParser::LegacyRules);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QStringList keys;
    for (const RunbookField& f : rb.fields)
        keys << f.key + u'=' + f.templateValue;
    QCOMPARE(keys, (QStringList{QStringLiteral("window=[start]"), QStringLiteral("window-2=[end]"),
                                QStringLiteral("on-call-name=[On-Call Name]"),
                                QStringLiteral("vx-y-z=vX.Y.Z")}));
    // The same unlabeled placeholder twice is one field.
    QCOMPARE(rb.findItem(QStringLiteral("1.3"))->title,
             QStringLiteral("Again page ") + placeholderToken(QStringLiteral("on-call-name")));
    // A code span with spaces keeps its words; only the version token is the placeholder.
    const RunbookItem* tag = rb.findItem(QStringLiteral("1.4"));
    QCOMPARE(tag->titleHtml,
             QStringLiteral("Tag <code>") + placeholderToken(QStringLiteral("vx-y-z")) +
                 QStringLiteral("</code> then <code>git push origin ") +
                 placeholderToken(QStringLiteral("vx-y-z")) + QStringLiteral("</code>"));
    // Links, "[1]" and "[ ]" are not placeholders.
    const RunbookItem* wiki = rb.findItem(QStringLiteral("1.5"));
    QCOMPARE(
        wiki->titleHtml,
        QStringLiteral("See <a href=\"https://wiki.example/x\">the wiki</a> and a[1] and [ ]"));
    QCOMPARE(rb.findItem(QStringLiteral("1.1"))->details[0].plain,
             placeholderToken(QStringLiteral("window")) + QStringLiteral(" to ") +
                 placeholderToken(QStringLiteral("window-2")));
}

void TestRunbookParser::onlyFieldLinesMakeFields()
{
    const RunbookParseResult r =
        parseText("# T\n\n**Owner:** [Release Owner]\nIntro naming [Header Thing].\n\n"
                  "## 1. A\n\n"
                  "- [ ] Deploy\n"
                  "  - Owner is [Owner Name]\n"
                  "  - **Approver:** [Approver Name]\n"
                  "  ```\n  ssh [Host Name]\n  ```\n"
                  "- [ ] Hand over <!-- golive: field -->\n"
                  "  - Escalate to [Escalation Contact]\n"
                  "  - [ ] Child asks [Child Name]\n"
                  "- [ ] Page the\n"
                  "  <!-- golive: requires=engineer field -->\n"
                  "  - [On-Call Name]\n"
                  "\nPage [Someone] if it fails.\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QStringList keys;
    for (const RunbookField& f : rb.fields)
        keys << f.key + u'@' + QString::number(f.pos.line);
    QCOMPARE(keys,
             (QStringList{QStringLiteral("owner@3"), QStringLiteral("header-thing@4"),
                          QStringLiteral("approver@10"), QStringLiteral("escalation-contact@15"),
                          QStringLiteral("on-call-name@19")}));
    // A detail line, a code block and a note are shown as written.
    const RunbookItem* deploy = rb.findItem(QStringLiteral("1.1"));
    QCOMPARE(deploy->details[0].plain, QStringLiteral("Owner is [Owner Name]"));
    QCOMPARE(deploy->details[2].plain, QStringLiteral("ssh [Host Name]"));
    QCOMPARE(rb.findItem(QStringLiteral("1.2.1"))->title,
             QStringLiteral("Child asks [Child Name]"));
    QCOMPARE(rb.findItem(QStringLiteral("1.3"))->requiredRole, QStringLiteral("engineer"));
    QCOMPARE(rb.sections[0].groups[0].notes[0].plain,
             QStringLiteral("Page [Someone] if it fails."));
}

void TestRunbookParser::metadataNeedsOwnerOrDueLabel()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] Compare A | B\n- [ ] **Ship:** it | **Due:** Friday\n"
                  "- [ ] Plain | Owner: Kim <!-- golive: requires=release-captain -->\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(rb.findItem(QStringLiteral("1.1"))->title, QStringLiteral("Compare A | B"));
    QVERIFY(rb.findItem(QStringLiteral("1.1"))->owner.isEmpty());
    const RunbookItem* ship = rb.findItem(QStringLiteral("1.2"));
    QCOMPARE(ship->title, QStringLiteral("Ship"));
    QCOMPARE(ship->due, QStringLiteral("Friday"));
    QCOMPARE(ship->details[0].plain, QStringLiteral("it"));
    const RunbookItem* plain = rb.findItem(QStringLiteral("1.3"));
    QCOMPARE(plain->title, QStringLiteral("Plain"));
    QCOMPARE(plain->owner, QStringLiteral("Kim"));
    QCOMPARE(plain->requiredRole, QStringLiteral("release-captain"));
}

void TestRunbookParser::placeholderTokenCharactersAreStrippedFromInput()
{
    QByteArray text = "# T\n\n## 1. A\n\n- [ ] fa";
    text += QStringLiteral("\uE000owner\uE001").toUtf8();
    text += "ke\n";
    const RunbookParseResult r = parseText(text);
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->title, QStringLiteral("faownerke"));
}

void TestRunbookParser::renderEscapesValues()
{
    const RunbookParseResult r = parseText("# T\n\n## 1. A\n\n- [ ] **Who:** [Name] & co\n");
    const Runbook& rb = r.runbook;
    const RunbookText& detail = rb.findItem(QStringLiteral("1.1"))->details[0];
    QCOMPARE(detail.html, placeholderToken(QStringLiteral("who")) + QStringLiteral(" &amp; co"));
    auto evil = [](const QString&) { return QStringLiteral("<script>x</script>"); };
    QCOMPARE(renderHtml(detail.html, rb, evil),
             QStringLiteral("<b>&lt;script&gt;x&lt;/script&gt;</b> &amp; co"));
    QCOMPARE(renderPlain(detail.plain, rb, evil), QStringLiteral("<script>x</script> & co"));
    QCOMPARE(renderPlain(detail.plain, rb, nullptr), QStringLiteral("[Name] & co"));
}

void TestRunbookParser::findItemOnHandBuiltRunbook()
{
    // Ids that do not follow the outline are still found (slow path).
    Runbook rb;
    RunbookSection section;
    section.number = QStringLiteral("7");
    RunbookGroup group;
    RunbookItem item;
    item.id = QStringLiteral("7.9");
    group.items.append(item);
    section.groups.append(group);
    rb.sections.append(section);
    QVERIFY(rb.findItem(QStringLiteral("7.9")));
    QCOMPARE(rb.findItem(QStringLiteral("7.1")), nullptr);
    QCOMPARE(rb.checkableCount(), 1);
}

QTEST_GUILESS_MAIN(TestRunbookParser)
#include "tst_runbookparser.moc"
