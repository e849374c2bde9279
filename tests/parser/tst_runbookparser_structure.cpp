// Tests for how RunbookParser reads a team runbook's structure under the current rules: which
// headings are tabs, the title, front matter, nested groups, folded reading sections; and that
// the legacy rules read the same files exactly as before.
#include "ParserTestUtil.h"
#include "RunbookParser.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace golive;
using namespace golive::test;

namespace {

// "depth:title:items" per group, a continuation marked with '+'.
QStringList groupShape(const RunbookSection& section)
{
    QStringList out;
    for (const RunbookGroup& g : section.groups)
        out << QStringLiteral("%1%2:%3:%4")
                   .arg(g.continuation ? QStringLiteral("+") : QString())
                   .arg(g.depth)
                   .arg(g.title)
                   .arg(g.items.size());
    return out;
}

QStringList warnings(const RunbookParseResult& r)
{
    QStringList out;
    for (const Diagnostic& d : r.diagnostics)
        out << d.toString();
    return out;
}

// Checkboxes GitHub's engine renders for `markdown`: the reference for what is an item.
int cmarkCheckboxes(const QByteArray& markdown)
{
    const QString cmark = QStandardPaths::findExecutable(QStringLiteral("cmark-gfm"));
    if (cmark.isEmpty())
        return -1;
    QProcess p;
    p.start(cmark, {QStringLiteral("--extension"), QStringLiteral("tasklist")});
    if (!p.waitForStarted())
        return -1;
    p.write(markdown);
    p.closeWriteChannel();
    if (!p.waitForFinished())
        return -1;
    return int(p.readAllStandardOutput().count("type=\"checkbox\""));
}

} // namespace

class TestRunbookParserStructure : public QObject
{
    Q_OBJECT

private slots:
    void hashHeadingsAreTabsWhenTheyAloneHoldItems();
    void oneHashHeadingIsOneTab();
    void itemsBeforeTheFirstTabGetAFirstTab();
    void noHeadingsAtAll();
    void tabsAreTheShallowestLevelHoldingItems();
    void onlyWhatCannotBeRunIsAnError();
    void sectionWithoutTitleOrWithDuplicateNumberStillLoads();
    void frontMatterIsStripped();
    void frontMatterWithoutBlankLineAndDots();
    void frontMatterLikeTextThatIsNotFrontMatter();
    void titleFallsBackInOrder();
    void deepHeadingsAreNestedGroups();
    void plainBulletHoldingCheckboxesIsAGroup();
    void boldLineHoldingCheckboxesIsAGroup();
    void itemChildrenKeepTodaysReading();
    void sectionsWithoutItemsAreFolded();
    void legacyRulesReadAsBefore();
};

void TestRunbookParserStructure::hashHeadingsAreTabsWhenTheyAloneHoldItems()
{
    const RunbookParseResult r =
        parseText("# Phase 1: Prepare\n\n- [ ] Freeze\n- [ ] Backup\n\n"
                  "# Phase 2: Cut over\n\n## Database\n\n- [ ] Migrate\n\n# Phase 3: Verify\n\n"
                  "- [ ] Smoke test\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(sectionTitles(rb), (QStringList{QStringLiteral("1 Phase 1: Prepare"),
                                             QStringLiteral("2 Phase 2: Cut over"),
                                             QStringLiteral("3 Phase 3: Verify")}));
    // "##" under a "#" tab is a group of depth 0.
    QCOMPARE(groupShape(rb.sections[1]),
             (QStringList{QStringLiteral("0::0"), QStringLiteral("0:Database:1")}));
    QCOMPARE(ids(rb), (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"),
                                   QStringLiteral("2.1"), QStringLiteral("3.1")}));
    // No "#" title: the first heading names the runbook.
    QCOMPARE(rb.title, QStringLiteral("Phase 1: Prepare"));
}

void TestRunbookParserStructure::oneHashHeadingIsOneTab()
{
    const RunbookParseResult r = parseText("# Release\n\n- [ ] Tag\n- [ ] Publish\n\n"
                                           "## Notes\n\nAsk in #releases.\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.runbook.title, QStringLiteral("Release"));
    QCOMPARE(sectionTitles(r.runbook), QStringList{QStringLiteral("1 Release")});
    QCOMPARE(groupShape(r.runbook.sections[0]),
             (QStringList{QStringLiteral("0::2"), QStringLiteral("0:Notes:0")}));
    QCOMPARE(ids(r.runbook), (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2")}));
}

void TestRunbookParserStructure::itemsBeforeTheFirstTabGetAFirstTab()
{
    const RunbookParseResult r =
        parseText("# Weekly Release\n\n**Version:** 4.2\n\nIntro words.\n\n- [ ] Cut the branch\n"
                  "- [ ] Tell support\n\nMore words.\n\n## 2. Deploy\n\n- [ ] Roll out\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(rb.title, QStringLiteral("Weekly Release"));
    QCOMPARE(sectionTitles(rb),
             (QStringList{QStringLiteral("1 Weekly Release"), QStringLiteral("2 Deploy")}));
    QCOMPARE(ids(rb),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("2.1")}));
    // The header block before the items still gives fields and the intro.
    QCOMPARE(rb.findField(QStringLiteral("version"))->templateValue, QStringLiteral("4.2"));
    QCOMPARE(rb.description.size(), 1);
    QCOMPARE(rb.description[0].plain, QStringLiteral("Intro words."));
    QCOMPARE(rb.sections[0].groups[0].notes.size(), 1);
    QCOMPARE(rb.sections[0].groups[0].notes[0].plain, QStringLiteral("More words."));
    QCOMPARE(rb.sections[0].pos.line, 7);
}

void TestRunbookParserStructure::noHeadingsAtAll()
{
    const QByteArray text = "Before you merge:\n\n- [ ] Tests pass\n- [x] Changelog updated\n"
                            "* [ ] Docs\n";
    const RunbookParseResult r = RunbookParser::parse(text, QStringLiteral("/t/pr-check.md"));
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QCOMPARE(rb.title, QStringLiteral("pr-check"));
    // Named after the runbook only when the runbook names itself; a file name is no tab title.
    QCOMPARE(sectionTitles(rb), QStringList{QStringLiteral("1 Checklist")});
    QCOMPARE(rb.checkableCount(), cmarkCheckboxes(text));
    QCOMPARE(ids(rb),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("1.3")}));
    QCOMPARE(warnings(r), QStringList{QStringLiteral(
                              "/t/pr-check.md:1:1: warning: the runbook has no title (a '# ' "
                              "line, a front matter 'title:' or any heading); it is called "
                              "\"pr-check\"")});
    // Nothing to name it after at all.
    QCOMPARE(RunbookParser::parse("- [ ] x\n", QString()).runbook.title,
             QStringLiteral("Checklist"));
}

void TestRunbookParserStructure::tabsAreTheShallowestLevelHoldingItems()
{
    // Items sit only under "###"; the "##" above them hold them, so "##" are the tabs.
    const RunbookParseResult r =
        parseText("# Migration\n\n## Before\n\n### Data\n\n- [ ] Snapshot\n\n"
                  "## During\n\n### App\n\n- [ ] Switch\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.runbook.title, QStringLiteral("Migration"));
    QCOMPARE(sectionTitles(r.runbook),
             (QStringList{QStringLiteral("1 Before"), QStringLiteral("2 During")}));
    QCOMPARE(groupShape(r.runbook.sections[0]),
             (QStringList{QStringLiteral("0::0"), QStringLiteral("0:Data:1")}));
}

void TestRunbookParserStructure::onlyWhatCannotBeRunIsAnError()
{
    const RunbookParseResult none = parseText("# Title\n\nJust prose.\n\n## Part\n\nMore prose.\n");
    QVERIFY(!none.ok());
    QCOMPARE(warnings(none),
             QStringList{QStringLiteral("team.md:1:1: error: the runbook has no checklist items "
                                        "('- [ ] ...'); there is nothing to check off")});
    // Items and no "##" at all: fine.
    const RunbookParseResult flat = parseText("# Title\n\nJust prose.\n\n- [ ] orphan\n");
    QVERIFY2(flat.diagnostics.isEmpty(), qPrintable(diagnosticsText(flat)));
    QCOMPARE(flat.runbook.checkableCount(), 1);
}

void TestRunbookParserStructure::sectionWithoutTitleOrWithDuplicateNumberStillLoads()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] a\n\n## 2. B\n\n- [ ] b\n\n## 2. C\n\n- [ ] c\n\n"
                  "## 3.\n\n- [ ] d\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(warnings(r),
             (QStringList{QStringLiteral("team.md:11:1: warning: section number 2 is used twice "
                                         "(first at line 7); this section is numbered 3 so that "
                                         "item ids stay unique"),
                          QStringLiteral("team.md:15:1: warning: section number 3 is used twice "
                                         "(first at line 11); this section is numbered 4 so that "
                                         "item ids stay unique"),
                          QStringLiteral("team.md:15:1: warning: section 4 has no title; its tab "
                                         "shows only its number")}));
    QCOMPARE(sectionTitles(r.runbook), (QStringList{QStringLiteral("1 A"), QStringLiteral("2 B"),
                                                    QStringLiteral("3 C"), QStringLiteral("4 ")}));
    QCOMPARE(ids(r.runbook), (QStringList{QStringLiteral("1.1"), QStringLiteral("2.1"),
                                          QStringLiteral("3.1"), QStringLiteral("4.1")}));

    // An unnumbered heading whose position a given number took moves on to a free one.
    const RunbookParseResult mixed = parseText("# T\n\n## 2. A\n\n- [ ] a\n\n## B\n\n- [ ] b\n");
    QVERIFY2(mixed.diagnostics.isEmpty(), qPrintable(diagnosticsText(mixed)));
    QCOMPARE(ids(mixed.runbook), (QStringList{QStringLiteral("2.1"), QStringLiteral("3.1")}));
}

void TestRunbookParserStructure::frontMatterIsStripped()
{
    const QByteArray text = "---\n"
                            "name: Release checklist\n"
                            "about: \"Steps: for every release\"\n"
                            "title: 'Release [VERSION]'\n"
                            "labels: [release, 'needs triage']\n"
                            "assignees:\n"
                            "  - ana\n"
                            "  - bo\n"
                            "# a YAML comment\n"
                            "---\n"
                            "\n"
                            "- [ ] Bump `[VERSION]`\n"
                            "- [ ] Tag\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    QStringList meta;
    for (const RunbookMetadata& m : rb.metadata)
        meta << QStringLiteral("%1=%2@%3").arg(m.key, m.value).arg(m.pos.line);
    QCOMPARE(meta, (QStringList{QStringLiteral("name=Release checklist@2"),
                                QStringLiteral("about=Steps: for every release@3"),
                                QStringLiteral("title=Release [VERSION]@4"),
                                QStringLiteral("labels=release, needs triage@5"),
                                QStringLiteral("assignees=ana, bo@6")}));
    QCOMPARE(rb.metadataValue(QStringLiteral("LABELS")), QStringLiteral("release, needs triage"));
    // Its title names the runbook and the first tab; it makes no field and no section.
    QCOMPARE(rb.title, QStringLiteral("Release [VERSION]"));
    QCOMPARE(sectionTitles(rb), QStringList{QStringLiteral("1 Release [VERSION]")});
    QVERIFY(rb.fields.isEmpty());
    QVERIFY(rb.description.isEmpty());
    // Lines still count from the top of the file.
    QCOMPARE(rb.findItem(QStringLiteral("1.2"))->pos.line, 13);
    // GitHub renders the text after the front matter with the same checkboxes.
    QCOMPARE(rb.checkableCount(), cmarkCheckboxes(text.mid(text.indexOf("\n---\n") + 5)));
}

void TestRunbookParserStructure::frontMatterWithoutBlankLineAndDots()
{
    // The closing line directly followed by text, CRLF line ends, "..." closing, a BOM.
    const QByteArray text = "\xEF\xBB\xBF---\r\nname: Cutover\r\nabout: x\r\n...\r\n"
                            "## Steps\r\n- [ ] One\r\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.runbook.title, QStringLiteral("Cutover"));
    QCOMPARE(sectionTitles(r.runbook), QStringList{QStringLiteral("1 Steps")});
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->pos.line, 6);
    QCOMPARE(r.runbook.metadata.size(), 2);
    QCOMPARE(r.runbook.metadata[1].value, QStringLiteral("x"));

    // "---" closing with text right after it, as a setext underline would have read it.
    const RunbookParseResult tight =
        parseText("---\nname: Deploy\nabout: Ship it\n---\n- [ ] Go\n");
    QVERIFY2(tight.diagnostics.isEmpty(), qPrintable(diagnosticsText(tight)));
    QCOMPARE(sectionTitles(tight.runbook), QStringList{QStringLiteral("1 Deploy")});
    QCOMPARE(tight.runbook.metadataValue(QStringLiteral("about")), QStringLiteral("Ship it"));
}

void TestRunbookParserStructure::frontMatterLikeTextThatIsNotFrontMatter()
{
    // A thematic break on line 1 and another further down: Markdown, not metadata.
    const RunbookParseResult rules = parseText("---\n\n## Steps\n\n- [ ] One\n\n---\n\nEnd.\n");
    QVERIFY2(rules.diagnostics.isEmpty(), qPrintable(diagnosticsText(rules)));
    QVERIFY(rules.runbook.metadata.isEmpty());
    QCOMPARE(rules.runbook.checkableCount(), 1);
    // Never closed: read as it stands.
    const RunbookParseResult open = parseText("---\nname: x\n\n- [ ] One\n");
    QVERIFY(open.runbook.metadata.isEmpty());
    QCOMPARE(open.runbook.checkableCount(), 1);
}

void TestRunbookParserStructure::titleFallsBackInOrder()
{
    // "#" title over front matter.
    QCOMPARE(parseText("---\ntitle: FM\n---\n# Hash\n\n## A\n\n- [ ] x\n").runbook.title,
             QStringLiteral("Hash"));
    // title: over name:, name: when there is no title:.
    QCOMPARE(parseText("---\nname: N\ntitle: T\n---\n- [ ] x\n").runbook.title,
             QStringLiteral("T"));
    QCOMPARE(parseText("---\nname: N\n---\n- [ ] x\n").runbook.title, QStringLiteral("N"));
    // Then the first heading, at any level.
    QCOMPARE(parseText("### Small\n\n- [ ] x\n").runbook.title, QStringLiteral("Small"));
    // Then the file name without ".md".
    QCOMPARE(RunbookParser::parse("- [ ] x\n", QStringLiteral("a/b/Go Live.MD")).runbook.title,
             QStringLiteral("Go Live"));
}

void TestRunbookParserStructure::deepHeadingsAreNestedGroups()
{
    const RunbookParseResult r = parseText(
        "# T\n\n## 1. Cutover\n\n- [ ] Announce\n\n### Database\n\n- [ ] Stop writes\n\n"
        "#### Postgres\n\n- [ ] Migrate\n\n##### Replica\n\n- [ ] Rebuild\n\n"
        "#### Neo4j\n\n- [ ] Migrate\n\n### [App](https://app.example)\n\n- [ ] Deploy\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    QCOMPARE(groupShape(r.runbook.sections[0]),
             (QStringList{QStringLiteral("0::1"), QStringLiteral("0:Database:1"),
                          QStringLiteral("1:Postgres:1"), QStringLiteral("2:Replica:1"),
                          QStringLiteral("1:Neo4j:1"), QStringLiteral("0:App:1")}));
    // Ids count on across the section's groups, as before.
    QCOMPARE(ids(r.runbook),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("1.3"),
                          QStringLiteral("1.4"), QStringLiteral("1.5"), QStringLiteral("1.6")}));
    QCOMPARE(r.runbook.sections[0].groups[3].pos.line, 15);
    // A heading's link is kept in the group's rich title.
    QCOMPARE(r.runbook.sections[0].groups[5].titleHtml,
             QStringLiteral("<a href=\"https://app.example\">App</a>"));
}

void TestRunbookParserStructure::plainBulletHoldingCheckboxesIsAGroup()
{
    const QByteArray text = "# T\n\n## 1. Rollout\n\n"
                            "- [ ] Announce\n"
                            "- NoMock Run [docs](https://x.example/run)\n"
                            "  - [ ] Stage\n"
                            "  - EU\n"
                            "    - [ ] eu-1\n"
                            "  - [ ] Prod\n"
                            "  - a plain note\n"
                            "- [ ] Close\n"
                            "- just words\n"
                            "\n"
                            "After the list.\n"
                            "\n"
                            "- [ ] Last\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const RunbookSection& s = r.runbook.sections[0];
    QCOMPARE(
        groupShape(s),
        (QStringList{QStringLiteral("0::1"), QStringLiteral("1:NoMock Run docs:1"),
                     QStringLiteral("2:EU:1"), QStringLiteral("+1::1"), QStringLiteral("+0::2")}));
    QCOMPARE(s.groups[1].titleHtml,
             QStringLiteral("NoMock Run <a href=\"https://x.example/run\">docs</a>"));
    QCOMPARE(s.groups[1].pos.line, 6);
    QCOMPARE(s.groups[3].notes.size(), 1);
    QCOMPARE(s.groups[3].notes[0].plain, QStringLiteral("a plain note"));
    QCOMPARE(s.groups[4].notes.size(), 2);
    QCOMPARE(s.groups[4].notes[1].plain, QStringLiteral("After the list."));
    // The same ids as the legacy reading gave, which counted them as siblings.
    const QStringList expected{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("1.3"),
                               QStringLiteral("1.4"), QStringLiteral("1.5"), QStringLiteral("1.6")};
    QCOMPARE(ids(r.runbook), expected);
    QCOMPARE(ids(parseText(text, RunbookParser::LegacyRules).runbook), expected);
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.3"))->title, QStringLiteral("eu-1"));
    QCOMPARE(r.runbook.checkableCount(), cmarkCheckboxes(text));
}

void TestRunbookParserStructure::boldLineHoldingCheckboxesIsAGroup()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. People\n\n**Onboarding:**\n- [ ] Laptop\n- [ ] Badge\n\n"
                  "**Offboarding**\n\n- [ ] Return laptop\n\n**Owner:** Kim\n\n- [ ] Archive\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const RunbookSection& s = r.runbook.sections[0];
    // "**Owner:** Kim" says more than a title: it stays a note.
    QCOMPARE(groupShape(s),
             (QStringList{QStringLiteral("0::0"), QStringLiteral("1:Onboarding:2"),
                          QStringLiteral("1:Offboarding:1"), QStringLiteral("+0::1")}));
    QCOMPARE(s.groups[3].notes.size(), 1);
    QCOMPARE(ids(r.runbook), (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"),
                                          QStringLiteral("1.3"), QStringLiteral("1.4")}));

    // Before any heading it starts the first tab; it is no "**Key:** value" release field.
    const RunbookParseResult issue =
        parseText("**Owner:** Kim\n\n**Before release:**\n\n- [ ] Freeze\n");
    QVERIFY2(issue.ok(), qPrintable(diagnosticsText(issue)));
    QCOMPARE(groupShape(issue.runbook.sections[0]),
             (QStringList{QStringLiteral("0::0"), QStringLiteral("1:Before release:1")}));
    QStringList keys;
    for (const RunbookField& f : issue.runbook.fields)
        keys << f.key;
    QCOMPARE(keys, QStringList{QStringLiteral("owner")});
}

void TestRunbookParserStructure::itemChildrenKeepTodaysReading()
{
    // Inside a checkable item, a plain bullet with checkboxes stays a detail and its
    // checkboxes the item's children.
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] Deploy\n  - Region EU\n    - [ ] eu-1\n");
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    QCOMPARE(groupShape(r.runbook.sections[0]), QStringList{QStringLiteral("0::1")});
    QCOMPARE(ids(r.runbook), (QStringList{QStringLiteral("1.1"), QStringLiteral("1.1.1")}));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->details[0].plain,
             QStringLiteral("Region EU"));
}

void TestRunbookParserStructure::sectionsWithoutItemsAreFolded()
{
    const QByteArray text = "# T\n\n## Overview\n\nWhy we do this.\n\n### Contacts\n\nAna.\n\n"
                            "## Steps\n\n- [ ] One\n\n## Rollback\n\n1. Undo.\n2. Tell.\n\n"
                            "## More\n\n- [ ] Two\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
    const Runbook& rb = r.runbook;
    // Position numbers count the kept tabs only.
    QCOMPARE(sectionTitles(rb), (QStringList{QStringLiteral("1 Steps"), QStringLiteral("2 More")}));
    QCOMPARE(ids(rb), (QStringList{QStringLiteral("1.1"), QStringLiteral("2.1")}));
    // Leading reading material comes first in the first tab with items; later material at the
    // end of the tab before it.
    QCOMPARE(groupShape(rb.sections[0]),
             (QStringList{QStringLiteral("0:Overview:0"), QStringLiteral("1:Contacts:0"),
                          QStringLiteral("0::1"), QStringLiteral("0:Rollback:0")}));
    QCOMPARE(rb.sections[0].groups[0].notes[0].plain, QStringLiteral("Why we do this."));
    QCOMPARE(rb.sections[0].groups[0].pos.line, 3);
    QCOMPARE(rb.sections[0].groups[3].procedures.size(), 1);
    QCOMPARE(rb.sections[0].groups[3].procedures[0].steps.size(), 2);

    // The legacy rules keep every section as a tab.
    const RunbookParseResult legacy = parseText(text, RunbookParser::LegacyRules);
    QCOMPARE(sectionTitles(legacy.runbook),
             (QStringList{QStringLiteral("1 Overview"), QStringLiteral("2 Steps"),
                          QStringLiteral("3 Rollback"), QStringLiteral("4 More")}));
    QCOMPARE(ids(legacy.runbook), (QStringList{QStringLiteral("2.1"), QStringLiteral("4.1")}));
}

void TestRunbookParserStructure::legacyRulesReadAsBefore()
{
    // Read differently by the current rules at every turn; rules 1 read it as golive always
    // did: the front matter a "##" section, the "####" a bold note, the plain bullet a note.
    const QByteArray text = "---\nname: Team\n---\n\n- [ ] Early\n\n## Intro\n\nWords.\n\n"
                            "## 2. Work\n\n#### Sub\n\n- Parent\n  - [ ] Child\n\n## 2. Again\n\n"
                            "- [ ] Later\n";
    const RunbookParseResult legacy = parseText(text, RunbookParser::LegacyRules);
    QCOMPARE(legacy.runbook.rules, RunbookParser::LegacyRules);
    QCOMPARE(legacy.runbook.title, QString());
    QVERIFY(legacy.runbook.metadata.isEmpty());
    QCOMPARE(sectionTitles(legacy.runbook),
             (QStringList{QStringLiteral("1 name: Team"), QStringLiteral("2 Intro"),
                          QStringLiteral("2 Work"), QStringLiteral("2 Again")}));
    QCOMPARE(ids(legacy.runbook),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("2.1"), QStringLiteral("2.1")}));
    const RunbookSection& work = legacy.runbook.sections[2];
    QCOMPARE(groupShape(work), QStringList{QStringLiteral("0::1")});
    QCOMPARE(work.groups[0].notes.size(), 2);
    QCOMPARE(work.groups[0].notes[0].html, QStringLiteral("<b>Sub</b>"));
    QCOMPARE(work.groups[0].notes[1].plain, QStringLiteral("Parent"));
    QCOMPARE(warnings(legacy),
             (QStringList{QStringLiteral("team.md:1:1: warning: the runbook has no '# ' title "
                                         "line"),
                          QStringLiteral("team.md:11:1: error: section number 2 is used twice "
                                         "(first at line 7); item ids would collide"),
                          QStringLiteral("team.md:18:1: error: section number 2 is used twice "
                                         "(first at line 7); item ids would collide")}));

    const RunbookParseResult now = parseText(text);
    QVERIFY2(now.ok(), qPrintable(diagnosticsText(now)));
    QCOMPARE(now.runbook.rules, RunbookParser::CurrentRules);
    QCOMPARE(now.runbook.title, QStringLiteral("Team"));
    QCOMPARE(sectionTitles(now.runbook),
             (QStringList{QStringLiteral("1 Team"), QStringLiteral("2 Work"),
                          QStringLiteral("3 Again")}));
    QCOMPARE(ids(now.runbook),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("2.1"), QStringLiteral("3.1")}));
}

QTEST_GUILESS_MAIN(TestRunbookParserStructure)
#include "tst_runbookparser_structure.moc"
