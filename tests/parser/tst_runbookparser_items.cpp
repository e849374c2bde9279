// Tests for the current reading rules of checklist items and placeholders: malformed items
// load with a warning, no fields from code, labelled and "{curly}" placeholders, safe links.
#include "ParserTestUtil.h"
#include "RunbookParser.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace golive;
using namespace golive::test;

namespace {

QStringList fieldList(const Runbook& rb)
{
    QStringList out;
    for (const RunbookField& f : rb.fields)
        out << f.key + u'|' + f.label + u'|' + f.templateValue;
    return out;
}

QString token(const char* key)
{
    return placeholderToken(QLatin1String(key));
}

// "- [ ]" with no space after it, then code: GitHub shows the text "[ ]" and the code block.
const QByteArray bareBoxThenCode = "# T\n\n## 1. Build\n\n"
                                   "- [ ]\n"
                                   "  ```sh\n"
                                   "  make [arguments]\n"
                                   "  ```\n"
                                   "- [ ] Ship it\n";

// "- [ ] " with a space: GitHub shows an empty checkbox, then the code under it.
const QByteArray emptyBoxThenCode = "# T\n\n## 1. Build\n\n"
                                    "- [ ] \n"
                                    "  ```sh\n"
                                    "  ./deploy.sh --env prod\n"
                                    "  ```\n"
                                    "- [x]   \n";

} // namespace

class TestRunbookParserItems : public QObject
{
    Q_OBJECT

private slots:
    // malformed items
    void bareBoxBeforeCodeIsNotAnItem();
    void emptyTitleFallsBackToWhatIsUnderIt();
    void emptyTitleVariantsLoad_data();
    void emptyTitleVariantsLoad();
    void longFallbackTitleKeepsPlaceholdersWhole();
    void roleNoOneCanHoldIsAWarning();
    void checksGoliveVerifies();
    void checksUnderTheLegacyRulesAreRoles();
    void githubRendersTheseCheckboxes_data();
    void githubRendersTheseCheckboxes();

    // placeholders
    void noFieldsFromCode();
    void labelsTellRepeatedPlaceholdersApart();
    void curlyPlaceholdersOnFieldLines();

    // links and nesting
    void linksKeepOnlyWebAndMailTargets();
    void groupTitleKeepsLinks();
    void nestedBulletsKeepTheirDepth();
};

// ---- malformed items ----

void TestRunbookParserItems::bareBoxBeforeCodeIsNotAnItem()
{
    const RunbookParseResult r = parseText(bareBoxThenCode);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(ids(r.runbook), QStringList{QStringLiteral("1.1")});
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->title, QStringLiteral("Ship it"));
    // The bullet is shown as GitHub shows it: its "[ ]" and its code, as reading material.
    const QList<RunbookText>& notes = r.runbook.sections[0].groups[0].notes;
    QCOMPARE(notes.size(), 2);
    QCOMPARE(notes[0].plain, QStringLiteral("[ ]"));
    QCOMPARE(notes[1].plain, QStringLiteral("make [arguments]"));
    QVERIFY(r.runbook.fields.isEmpty());

    // The legacy rules took it for an item and refused the runbook; they still do.
    const RunbookParseResult legacy = parseText(bareBoxThenCode, RunbookParser::LegacyRules);
    QVERIFY(!legacy.ok());
    QVERIFY(findDiagnostic(legacy, Diagnostic::Severity::Error, QStringLiteral("has no title")));
    QCOMPARE(ids(legacy.runbook), (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2")}));
}

void TestRunbookParserItems::emptyTitleFallsBackToWhatIsUnderIt()
{
    const RunbookParseResult r = parseText(emptyBoxThenCode);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.runbook.checkableCount(), 2);
    const RunbookItem* deploy = r.runbook.findItem(QStringLiteral("1.1"));
    QCOMPARE(deploy->title, QStringLiteral("./deploy.sh --env prod"));
    QCOMPARE(deploy->titleHtml, QStringLiteral("./deploy.sh --env prod"));
    QCOMPARE(deploy->details.size(), 1); // the code is still shown under it
    const RunbookItem* empty = r.runbook.findItem(QStringLiteral("1.2"));
    QCOMPARE(empty->title, QStringLiteral("(untitled item)"));
    QVERIFY(empty->checkedInTemplate);

    QCOMPARE(r.diagnostics.size(), 2);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:5:1: warning: checklist item 1.1 has no title; it is shown "
                            "as \"./deploy.sh --env prod\", the first line under it. Write what "
                            "must be done after the checkbox"));
    QCOMPARE(r.diagnostics[1].toString(),
             QStringLiteral("team.md:9:1: warning: checklist item 1.2 has no title and nothing "
                            "under it; it is shown as \"(untitled item)\". Write what must be "
                            "done after the checkbox"));

    // Same ids under both rules: only the title and the severity differ.
    const RunbookParseResult legacy = parseText(emptyBoxThenCode, RunbookParser::LegacyRules);
    QVERIFY(!legacy.ok());
    QCOMPARE(ids(legacy.runbook), ids(r.runbook));
    QVERIFY(legacy.runbook.findItem(QStringLiteral("1.1"))->title.isEmpty());
}

void TestRunbookParserItems::emptyTitleVariantsLoad_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("space after box") << QByteArray("- [ ] ");
    QTest::newRow("checked, spaces") << QByteArray("- [x]   ");
    QTest::newRow("only an annotation") << QByteArray("- [ ] <!-- golive: requires=engineer -->");
    QTest::newRow("empty bold title") << QByteArray("- [ ] **:**");
}

void TestRunbookParserItems::emptyTitleVariantsLoad()
{
    QFETCH(QByteArray, line);
    const RunbookParseResult r = parseText("# T\n\n## 1. A\n\n- [ ] fine\n" + line + "\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Diagnostic* d =
        findDiagnostic(r, Diagnostic::Severity::Warning, QStringLiteral("has no title"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QVERIFY2(d->toString().startsWith(QStringLiteral("team.md:6:1: warning: checklist item 1.2")),
             qPrintable(d->toString()));
    QCOMPARE(r.runbook.checkableCount(), 2);
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.2"))->title, QStringLiteral("(untitled item)"));
}

void TestRunbookParserItems::longFallbackTitleKeepsPlaceholdersWhole()
{
    // 70 characters of words, then a placeholder the 80-character cut would split.
    const QByteArray words(70, 'w');
    const RunbookParseResult r = parseText("# T\n\n## 1. A\n\n- [ ] <!-- golive: field -->\n  - " +
                                           words + " [On-Call Name] and more\n  - second line\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const RunbookItem* item = r.runbook.findItem(QStringLiteral("1.1"));
    QCOMPARE(item->title, QString::fromLatin1(words) + QChar(0x2026));
    QCOMPARE(item->details[0].plain, QString::fromLatin1(words) + u' ' + token("on-call-name") +
                                         QStringLiteral(" and more"));

    // A short one keeps its token, which the views fill in like any title's.
    const RunbookParseResult shortOne =
        parseText("# T\n\n## 1. A\n\n- [ ] <!-- golive: field -->\n  - Page [On-Call Name]\n");
    QCOMPARE(shortOne.runbook.findItem(QStringLiteral("1.1"))->title,
             QStringLiteral("Page ") + token("on-call-name"));
}

void TestRunbookParserItems::roleNoOneCanHoldIsAWarning()
{
    const QByteArray text = "# T\n\n## 1. A\n\n"
                            "- [ ] Flip DNS <!-- golive: requires=janitor -->\n"
                            "- [ ] Watch <!-- golive: requires=observer -->\n"
                            "- [ ] Migrate <!-- golive: requires=dba requires=engineer -->\n"
                            "- [ ] Vacuum <!-- golive: requires=dba -->\n"
                            "  <!-- golive: requires=engineer -->\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.diagnostics.size(), 4);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:5:16: warning: unknown role 'janitor' in golive annotation; "
                            "expected one of incident-commander, release-captain, engineer, "
                            "observer, or a check golive verifies: previous-complete, "
                            "health-green, slo-ok; until the runbook names a known role, only the "
                            "release-captain may sign, mark or revoke this item"));
    QVERIFY(r.diagnostics[1].message.startsWith(
        QStringLiteral("requires=observer can never be satisfied")));
    QCOMPARE(r.diagnostics[1].severity, Diagnostic::Severity::Warning);
    // Never left open to any role: the role that answers for the runbook signs it.
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->requiredRole,
             QStringLiteral("release-captain"));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.2"))->requiredRole,
             QStringLiteral("release-captain"));
    // A known role named as well, in the same annotation or another, is the one that signs.
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.3"))->requiredRole, QStringLiteral("engineer"));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.4"))->requiredRole, QStringLiteral("engineer"));
    QCOMPARE(r.diagnostics[3].toString(),
             QStringLiteral("team.md:8:14: warning: unknown role 'dba' in golive annotation; "
                            "expected one of incident-commander, release-captain, engineer, "
                            "observer, or a check golive verifies: previous-complete, "
                            "health-green, slo-ok; ignored, as the item also requires the "
                            "engineer"));
}

// requires=previous-complete, health-green and slo-ok are checks golive verifies itself, not
// roles: alone, together, with a role, in one annotation or two, on the line or its own line.
void TestRunbookParserItems::checksGoliveVerifies()
{
    const QByteArray text = "# T\n\n## 1. A\n\n"
                            "- [ ] Earlier done <!-- golive: requires=previous-complete -->\n"
                            "- [ ] Health <!-- golive: requires=health-green -->\n"
                            "- [ ] SLOs <!-- golive: requires=slo-ok -->\n"
                            "- [ ] Both <!-- golive: requires=incident-commander,health-green -->\n"
                            "- [ ] Two <!-- golive: requires=slo-ok -->\n"
                            "  <!-- golive: requires=engineer; requires=health-green "
                            "requires=slo-ok -->\n"
                            "- [ ] Typo <!-- golive: requires=health-greeen -->\n"
                            "- [ ] Key <!-- golive: checks=slo-ok -->\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const auto item = [&](const char* id) { return r.runbook.findItem(QLatin1String(id)); };
    QCOMPARE(item("1.1")->requiredChecks, QStringList{QStringLiteral("previous-complete")});
    QCOMPARE(item("1.2")->requiredChecks, QStringList{QStringLiteral("health-green")});
    QCOMPARE(item("1.3")->requiredChecks, QStringList{QStringLiteral("slo-ok")});
    // A check is no role: any role may sign these, and nothing falls back to the captain.
    for (const char* id : {"1.1", "1.2", "1.3"})
        QVERIFY2(item(id)->requiredRole.isEmpty(), id);
    QCOMPARE(item("1.4")->requiredRole, QStringLiteral("incident-commander"));
    QCOMPARE(item("1.4")->requiredChecks, QStringList{QStringLiteral("health-green")});
    // In the order written, each once.
    QCOMPARE(item("1.5")->requiredRole, QStringLiteral("engineer"));
    QCOMPARE(item("1.5")->requiredChecks,
             (QStringList{QStringLiteral("slo-ok"), QStringLiteral("health-green")}));
    QCOMPARE(item("1.5")->title, QStringLiteral("Two"));
    // A misspelt check is an unknown role, as before: a warning naming the checks too, and the
    // release captain signs the item.
    QVERIFY(item("1.6")->requiredChecks.isEmpty());
    QCOMPARE(item("1.6")->requiredRole, QStringLiteral("release-captain"));
    QCOMPARE(r.diagnostics.size(), 2);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:11:12: warning: unknown role 'health-greeen' in golive "
                            "annotation; expected one of incident-commander, release-captain, "
                            "engineer, observer, or a check golive verifies: previous-complete, "
                            "health-green, slo-ok; until the runbook names a known role, only the "
                            "release-captain may sign, mark or revoke this item"));
    QCOMPARE(r.diagnostics[1].toString(),
             QStringLiteral("team.md:12:11: warning: unknown golive annotation 'checks=slo-ok'; "
                            "expected requires=ROLE, requires=CHECK (previous-complete, "
                            "health-green, slo-ok), field or run"));
    QVERIFY(item("1.7")->requiredChecks.isEmpty());
}

// The legacy rules read every requires= as a role, as runs made under them always did: a check's
// name is an unknown role there, refused with the words it always had.
void TestRunbookParserItems::checksUnderTheLegacyRulesAreRoles()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] Health <!-- golive: requires=health-green -->\n"
                  "- [ ] Key <!-- golive: checks=slo-ok -->\n"
                  "- [ ] List <!-- golive: requires=engineer,slo-ok -->\n",
                  RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 3);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:5:14: error: unknown role 'health-green' in golive "
                            "annotation; expected one of incident-commander, release-captain, "
                            "engineer, observer"));
    QCOMPARE(r.diagnostics[1].toString(),
             QStringLiteral("team.md:6:11: warning: unknown golive annotation 'checks=slo-ok'; "
                            "expected requires=ROLE, field or run"));
    QVERIFY(r.runbook.findItem(QStringLiteral("1.1"))->requiredChecks.isEmpty());
    QVERIFY(r.runbook.findItem(QStringLiteral("1.1"))->requiredRole.isEmpty());
    // No lists after requires= either: a word of its own, as it always was.
    QCOMPARE(r.diagnostics[2].toString(),
             QStringLiteral("team.md:7:12: warning: unknown golive annotation 'slo-ok'; expected "
                            "requires=ROLE, field or run"));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.3"))->requiredRole, QStringLiteral("engineer"));
    QVERIFY(r.runbook.findItem(QStringLiteral("1.3"))->requiredChecks.isEmpty());
}

void TestRunbookParserItems::githubRendersTheseCheckboxes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("bare box then code") << bareBoxThenCode;
    QTest::newRow("empty boxes") << emptyBoxThenCode;
    QTest::newRow("ordered") << QByteArray("# T\n\n## 1. A\n\n1. [ ] one\n   ```\n   x [y]\n"
                                           "   ```\n2. [ ]\n3. [x] three\n");
}

// Our item count against GitHub's own engine: what it renders as a checkbox is an item.
void TestRunbookParserItems::githubRendersTheseCheckboxes()
{
    const QString cmark = QStandardPaths::findExecutable(QStringLiteral("cmark-gfm"));
    // GitHub's engine is the reference, so its absence fails the test rather than passing it by.
    QVERIFY2(!cmark.isEmpty(), "the cmark-gfm command is not installed: run "
                               "packaging/install-deps.sh (Debian package cmark-gfm)");
    QFETCH(QByteArray, text);
    QProcess proc;
    proc.start(cmark, {QStringLiteral("--extension"), QStringLiteral("tasklist")});
    QVERIFY(proc.waitForStarted());
    proc.write(text);
    proc.closeWriteChannel();
    QVERIFY(proc.waitForFinished());
    QCOMPARE(proc.exitCode(), 0);
    const qsizetype github = proc.readAllStandardOutput().count("type=\"checkbox\"");
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.runbook.checkableCount(), int(github));
}

// ---- placeholders ----

void TestRunbookParserItems::noFieldsFromCode()
{
    // The header block and a "field" item make every placeholder in their text a field, yet
    // code spans, fenced and indented code and raw HTML keep their brackets as written.
    const QByteArray text = "# T\n\n"
                            "**Owner:** [Release Owner]\n"
                            "Build with `make [arguments]` and answer `[y/N]`.\n\n"
                            "```sh\ngit tag [VERSION]\n```\n\n"
                            "    read -p 'Continue? [y/N]'\n\n"
                            "## 1. A\n\n"
                            "- [ ] Tag `[VERSION]` as [Tagger], push `vX.Y.Z`"
                            " <!-- golive: field -->\n"
                            "  ```\n  ./release.sh [VERSION] {version}\n  ```\n"
                            "  <div>[Not A Field]</div>\n"
                            "- [ ] **Command:** `deploy --tag [VERSION]`\n"
                            "- [ ] **Confirm:** <kbd>[y/N]</kbd> <code>[Tag]</code><br> "
                            "[Approver]\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(fieldList(r.runbook), (QStringList{QStringLiteral("owner|Owner|[Release Owner]"),
                                                QStringLiteral("tagger|Tagger|[Tagger]"),
                                                QStringLiteral("confirm|Confirm|[Approver]")}));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.3"))->details[0].plain,
             QStringLiteral("[y/N] [Tag]\n ") + token("confirm"));
    const RunbookItem* tag = r.runbook.findItem(QStringLiteral("1.1"));
    QCOMPARE(tag->titleHtml, QStringLiteral("Tag <code>[VERSION]</code> as ") + token("tagger") +
                                 QStringLiteral(", push <code>vX.Y.Z</code>"));
    QCOMPARE(tag->details[0].plain, QStringLiteral("./release.sh [VERSION] {version}"));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.2"))->details[0].plain,
             QStringLiteral("deploy --tag [VERSION]"));
    QVERIFY(r.runbook.description[0].plain.contains(QStringLiteral("make [arguments]")));

    // The legacy rules took them from code; a run made with them keeps those field keys.
    const RunbookParseResult legacy = parseText(text, RunbookParser::LegacyRules);
    QVERIFY2(legacy.ok(), qPrintable(diagnosticsText(legacy)));
    QVERIFY(legacy.runbook.findField(QStringLiteral("arguments")));
    QVERIFY(legacy.runbook.findField(QStringLiteral("version")));
    QVERIFY(legacy.runbook.findField(QStringLiteral("command")));
    QCOMPARE(legacy.runbook.findField(QStringLiteral("confirm"))->templateValue,
             QStringLiteral("[y/N]"));
    QVERIFY(!legacy.runbook.findField(QStringLiteral("not-a-field")));
}

void TestRunbookParserItems::labelsTellRepeatedPlaceholdersApart()
{
    const QByteArray text = "# T\n\n"
                            "Primary: [Name, Phone]\n"
                            "Backup: [Name, Phone]\n\n"
                            "## 1. Contacts\n\n"
                            "- [ ] **Escalation:** [Name, Phone]\n"
                            "- [ ] **Escalation:** [Name, Phone] again\n"
                            "- [ ] Confirm the bridge <!-- golive: field -->\n"
                            "  - Host: [Name, Phone]; Scribe: [Name, Phone]\n"
                            "  - **Primary:** [Name, Phone]\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(fieldList(r.runbook),
             (QStringList{QStringLiteral("primary|Primary|[Name, Phone]"),
                          QStringLiteral("backup|Backup|[Name, Phone]"),
                          QStringLiteral("escalation|Escalation|[Name, Phone]"),
                          QStringLiteral("host|Host|[Name, Phone]"),
                          QStringLiteral("scribe|Scribe|[Name, Phone]")}));
    // The same placeholder after the same label (plain or bold) is one field.
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.2"))->details[0].plain,
             token("escalation") + QStringLiteral(" again"));
    const RunbookItem* bridge = r.runbook.findItem(QStringLiteral("1.3"));
    QCOMPARE(bridge->details[0].plain, QStringLiteral("Host: ") + token("host") +
                                           QStringLiteral("; Scribe: ") + token("scribe"));
    QCOMPARE(bridge->details[1].plain, QStringLiteral("Primary: ") + token("primary"));
    QCOMPARE(r.runbook.findField(QStringLiteral("backup"))->pos.line, 4);
    QCOMPARE(r.runbook.findField(QStringLiteral("backup"))->pos.column, 9);

    // Legacy rules: a plain label names nothing; the header's two placeholders are one field.
    const RunbookParseResult legacy = parseText(text, RunbookParser::LegacyRules);
    QCOMPARE(legacy.runbook.fields.first().key, QStringLiteral("name-phone"));
    QVERIFY(!legacy.runbook.findField(QStringLiteral("backup")));
}

void TestRunbookParserItems::curlyPlaceholdersOnFieldLines()
{
    const QByteArray text = "# T\n\n"
                            "**Version:** {version}\n"
                            "**Release date:** { release_date }\n"
                            "Chart: {{ .Values.image.tag }} and {}\n\n"
                            "## 1. A\n\n"
                            "- [ ] Deploy {version} <!-- golive: field -->\n"
                            "- [ ] Announce {version} to {audience}\n"
                            "- [ ] **Tag:** `v{version}` and {tag_name}\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(fieldList(r.runbook),
             (QStringList{QStringLiteral("version|Version|{version}"),
                          QStringLiteral("release-date|Release date|{ release_date }"),
                          QStringLiteral("tag|Tag|{tag_name}")}));
    // Unlabelled, the same "{version}" is the header's field.
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->title,
             QStringLiteral("Deploy ") + token("version"));
    // Not a field line: words as written.
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.2"))->title,
             QStringLiteral("Announce {version} to {audience}"));
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.3"))->details[0].html,
             QStringLiteral("<code>v{version}</code> and ") + token("tag"));
    QCOMPARE(r.runbook.description[0].plain,
             QStringLiteral("Chart: {{ .Values.image.tag }} and {}"));

    // Legacy rules: "{...}" is never a placeholder, so "Version" is a plain header value.
    const RunbookParseResult legacy = parseText(text, RunbookParser::LegacyRules);
    const RunbookField* version = legacy.runbook.findField(QStringLiteral("version"));
    QVERIFY(version && !version->isPlaceholder);
    QCOMPARE(version->templateValue, QStringLiteral("{version}"));
}

// ---- links and nesting ----

void TestRunbookParserItems::linksKeepOnlyWebAndMailTargets()
{
    const QByteArray text = "# T\n\n## 1. A\n\n"
                            "- [ ] Read [the plan](https://plan.example/?q=1&r=\"2\") then "
                            "[run](javascript:alert(1)), [open](file:///etc/passwd), "
                            "[see](docs/x.md), <mailto:ops@example.org>, www.example.org\n"
                            "  - Ask [ops](MAILTO:ops@example.org) or [x](vbscript:y)\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const RunbookItem* item = r.runbook.findItem(QStringLiteral("1.1"));
    QCOMPARE(item->titleHtml,
             QStringLiteral("Read <a href=\"https://plan.example/?q=1&amp;r=&quot;2&quot;\">the "
                            "plan</a> then run (javascript:alert(1)), open (file:///etc/passwd), "
                            "see (docs/x.md), <a "
                            "href=\"mailto:ops@example.org\">mailto:ops@example.org</a>, <a "
                            "href=\"http://www.example.org\">www.example.org</a>"));
    QCOMPARE(item->title, QStringLiteral("Read the plan then run, open, see, "
                                         "mailto:ops@example.org, www.example.org"));
    QCOMPARE(item->details[0].html,
             QStringLiteral("Ask <a href=\"MAILTO:ops@example.org\">ops</a> or x (vbscript:y)"));
    // An address shown as its own text is not repeated; the plain text has the words only.
    const RunbookParseResult bare = parseText("# T\n\n## 1. A\n\n- [ ] See <file:///tmp/a&b>\n");
    QCOMPARE(bare.runbook.findItem(QStringLiteral("1.1"))->titleHtml,
             QStringLiteral("See file:///tmp/a&amp;b"));
}

void TestRunbookParserItems::groupTitleKeepsLinks()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n### Phase [one](https://wiki.example/p1) & "
                  "[two](javascript:x)\n\n- [ ] go\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const RunbookGroup& group = r.runbook.sections[0].groups[1];
    QCOMPARE(group.title, QStringLiteral("Phase one & two"));
    QCOMPARE(group.titleHtml,
             QStringLiteral("Phase <a href=\"https://wiki.example/p1\">one</a> &amp; two "
                            "(javascript:x)"));
}

void TestRunbookParserItems::nestedBulletsKeepTheirDepth()
{
    const RunbookParseResult r = parseText("# T\n\n## 1. A\n\n"
                                           "- [ ] Check hosts\n"
                                           "  - web\n"
                                           "    - web-1\n"
                                           "      - disk\n"
                                           "    - web-2\n"
                                           "  - db\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QStringList seen;
    for (const RunbookText& d : r.runbook.findItem(QStringLiteral("1.1"))->details)
        seen << QString::number(d.depth) + u' ' + d.plain;
    QCOMPARE(seen, (QStringList{QStringLiteral("0 web"), QStringLiteral("1 web-1"),
                                QStringLiteral("2 disk"), QStringLiteral("1 web-2"),
                                QStringLiteral("0 db")}));
}

QTEST_GUILESS_MAIN(TestRunbookParserItems)
#include "tst_runbookparser_items.moc"
