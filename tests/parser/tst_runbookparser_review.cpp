// Tests for corner cases of the current reading rules where a runbook's own words could be
// misread: a "#" heading that comes after the first tab, front matter that is really
// Markdown, flow-style front matter, numbered tabs after an implicit first tab, and
// brackets and braces in labelled lines.
#include "ParserTestUtil.h"
#include "RunbookParser.h"
#include "TeamCorpus.h"

#include <QTest>

using namespace golive;
using namespace golive::test;

namespace {

QStringList itemTexts(const RunbookSection& section)
{
    QStringList out;
    for (const RunbookGroup& g : section.groups)
        for (const RunbookItem& item : g.items)
            out << item.title;
    return out;
}

} // namespace

class TestRunbookParserReview : public QObject
{
    Q_OBJECT

private slots:
    void hashAfterTheFirstTabIsATabNotTheTitle();
    void hashAfterAnotherHeadingIsNotTheTitle();
    void frontMatterHoldingMarkdownIsMarkdown();
    void frontMatterCommentsAndListsStillRead();
    void frontMatterFlowValuesOverLines();
    void implicitTabBeforeNumberedTabsIsZero();
    void variablesAndPromptChoicesAreNoFields();
    void boldAndPlainLabelsNameAFieldTogether();
};

void TestRunbookParserReview::hashAfterTheFirstTabIsATabNotTheTitle()
{
    const RunbookParseResult r = parseText("## Pre-flight\n- [ ] Freeze deploys\n# Rollback\n"
                                           "- [ ] Restore the snapshot\n- [ ] Repoint DNS\n");
    const Runbook& rb = r.runbook;
    QCOMPARE(sectionTitles(rb),
             (QStringList{QStringLiteral("1 Pre-flight"), QStringLiteral("2 Rollback")}));
    QCOMPARE(itemTexts(rb.sections[0]), QStringList{QStringLiteral("Freeze deploys")});
    QCOMPARE(itemTexts(rb.sections[1]),
             (QStringList{QStringLiteral("Restore the snapshot"), QStringLiteral("Repoint DNS")}));
    QVERIFY(rb.title != QStringLiteral("Rollback"));
}

void TestRunbookParserReview::hashAfterAnotherHeadingIsNotTheTitle()
{
    // A "#" with no items after a tab is reading material, kept, not the runbook's title.
    const RunbookParseResult r =
        parseText("## Deploy\n- [ ] Ship it\n# Appendix\nContacts are in the wiki.\n");
    const Runbook& rb = r.runbook;
    QCOMPARE(sectionTitles(rb), QStringList{QStringLiteral("1 Deploy")});
    QCOMPARE(rb.title, QStringLiteral("Deploy"));
    QCOMPARE(rb.sections[0].groups.size(), 2);
    QCOMPARE(rb.sections[0].groups[1].title, QStringLiteral("Appendix"));
    QCOMPARE(rb.sections[0].groups[1].notes.size(), 1);
}

void TestRunbookParserReview::frontMatterHoldingMarkdownIsMarkdown()
{
    if (cmarkGfmProgram().isEmpty())
        QFAIL(cmarkGfmMissing().constData());
    // "## Prep" is no YAML comment and "- [ ]" under a key with a value is no YAML list: the
    // block is Markdown, and golive shows every checkbox GitHub shows.
    for (const QByteArray& text :
         {QByteArray("---\nOwner: Platform team\n\n## Prep\n- [ ] Freeze merges\n"
                     "- [ ] Take backup\n---\n## Deploy\n- [ ] Ship it\n"),
          QByteArray("---\nOwner: Platform team\n- [ ] Freeze merges\n---\n- [ ] Ship it\n"),
          QByteArray("---\nOwner: Platform team\n#tag\n---\n- [ ] Ship it\n")}) {
        const RunbookParseResult r = parseText(text);
        QString error;
        const int github = githubCheckboxCount(text, &error);
        QVERIFY2(github >= 0, qPrintable(error));
        QVERIFY2(r.runbook.metadata.isEmpty(), text.constData());
        QCOMPARE(r.runbook.checkableCount(), github);
    }
}

void TestRunbookParserReview::frontMatterCommentsAndListsStillRead()
{
    const RunbookParseResult r = parseText("---\n# owned by platform\n#\nname: Release\n"
                                           "labels:\n- release\n- hotfix\n---\n- [ ] Tag\n");
    QCOMPARE(r.runbook.metadataValue(QStringLiteral("labels")), QStringLiteral("release, hotfix"));
    QCOMPARE(r.runbook.title, QStringLiteral("Release"));
    QCOMPARE(r.runbook.checkableCount(), 1);
}

void TestRunbookParserReview::frontMatterFlowValuesOverLines()
{
    const RunbookParseResult r =
        parseText("---\nname: Release\nlabels: [\n  release,\n  hotfix\n]\n"
                  "owners: {\n  lead: 'Ana [SRE]',\n}\n---\n\n"
                  "- [ ] Tag\n- [ ] Publish\n");
    QCOMPARE(r.runbook.title, QStringLiteral("Release"));
    QCOMPARE(r.runbook.metadataValue(QStringLiteral("labels")), QStringLiteral("release, hotfix"));
    QCOMPARE(r.runbook.metadataValue(QStringLiteral("owners")),
             QStringLiteral("{ lead: 'Ana [SRE]', }"));
    QCOMPARE(r.runbook.sections.size(), 1);
    QCOMPARE(r.runbook.sections[0].title, QStringLiteral("Release"));
    QCOMPARE(r.runbook.checkableCount(), 2);
    // Never closed before the fence: not YAML, read as Markdown.
    const RunbookParseResult open = parseText("---\nlabels: [\n  release,\n---\n- [ ] Tag\n");
    QVERIFY(open.runbook.metadata.isEmpty());
    QCOMPARE(open.runbook.checkableCount(), 1);
}

void TestRunbookParserReview::implicitTabBeforeNumberedTabsIsZero()
{
    const RunbookParseResult r =
        parseText("- [ ] Page the on-call\n\n## 1. Prep\n\n- [ ] Freeze\n\n## 2. Deploy\n\n"
                  "- [ ] Ship\n");
    const Runbook& rb = r.runbook;
    QCOMPARE(sectionTitles(rb),
             (QStringList{QStringLiteral("0 Checklist"), QStringLiteral("1 Prep"),
                          QStringLiteral("2 Deploy")}));
    QCOMPARE(ids(rb),
             (QStringList{QStringLiteral("0.1"), QStringLiteral("1.1"), QStringLiteral("2.1")}));
    QVERIFY(!findDiagnostic(r, Diagnostic::Severity::Warning, QStringLiteral("used twice")));
    // The title falls back to the first heading, without its tab number.
    QCOMPARE(rb.title, QStringLiteral("Prep"));
    // A tab that takes 0 itself leaves the implicit tab a position.
    const RunbookParseResult zero =
        parseText("- [ ] a\n\n## 0. Setup\n\n- [ ] b\n\n## 1. Prep\n\n- [ ] c\n");
    QCOMPARE(ids(zero.runbook).first(), QStringLiteral("1.1"));
    // Unnumbered tabs, or numbers that leave the first free: the first position, as before.
    QCOMPARE(ids(parseText("- [ ] a\n\n## Prep\n\n- [ ] b\n").runbook),
             (QStringList{QStringLiteral("1.1"), QStringLiteral("2.1")}));
}

void TestRunbookParserReview::variablesAndPromptChoicesAreNoFields()
{
    const QByteArray text = "# T\n\n## 1. A\n\n"
                            "- [ ] **Backup:** copy ${HOME} and %{level} and #{id} to {target}\n"
                            "- [ ] **Confirm:** answer [y/N] or [Yes/No] for [Approver]\n";
    const RunbookParseResult r = parseText(text);
    QStringList fields;
    for (const RunbookField& f : r.runbook.fields)
        fields << f.key + u'|' + f.templateValue;
    QCOMPARE(fields, (QStringList{QStringLiteral("backup|{target}"),
                                  QStringLiteral("confirm|[Approver]")}));
    const RunbookItem* backup = r.runbook.findItem(QStringLiteral("1.1"));
    QVERIFY(!backup->details.isEmpty());
    QVERIFY(backup->details[0].plain.contains(QStringLiteral("${HOME} and %{level} and #{id}")));
    QVERIFY(r.runbook.findItem(QStringLiteral("1.2"))
                ->details.value(0)
                .plain.contains(QStringLiteral("answer [y/N] or [Yes/No] for")));
    // The legacy rules read "[y/N]" as a field; a run made with them keeps it.
    const RunbookParseResult legacy = parseText(text, RunbookParser::LegacyRules);
    QVERIFY(legacy.runbook.findField(QStringLiteral("confirm")));
    QCOMPARE(legacy.runbook.findField(QStringLiteral("confirm"))->templateValue,
             QStringLiteral("[y/N]"));
}

void TestRunbookParserReview::boldAndPlainLabelsNameAFieldTogether()
{
    const QByteArray text = "# T\n\n"
                            "Primary: [Name, Phone]\n\n"
                            "## 1. Contacts\n\n"
                            "- [ ] **Escalation:** Primary: [Name, Phone]\n"
                            "- [ ] **Bridge:** Primary: [Name] / Backup: [Name]\n";
    const RunbookParseResult r = parseText(text);
    QStringList fields;
    for (const RunbookField& f : r.runbook.fields)
        fields << f.key + u'|' + f.label + u'|' + f.templateValue;
    QCOMPARE(fields, (QStringList{QStringLiteral("primary|Primary|[Name, Phone]"),
                                  QStringLiteral("escalation-primary|Escalation Primary|"
                                                 "[Name, Phone]"),
                                  QStringLiteral("bridge-primary|Bridge Primary|[Name]"),
                                  QStringLiteral("bridge-backup|Bridge Backup|[Name]")}));
}

QTEST_GUILESS_MAIN(TestRunbookParserReview)
#include "tst_runbookparser_review.moc"
