// Tests for RunbookParser on bad input (empty, binary, unreadable, too large, malformed) and at
// scale: every problem is a diagnostic with its place, never a crash or a hang.
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

class TestRunbookParserInput : public QObject
{
    Q_OBJECT

private slots:
    // bad input
    void emptyRunbook_data();
    void emptyRunbook();
    void noSections();
    void binaryFile();
    void invalidUtf8();
    void missingFile();
    void directoryInsteadOfFile();
    void unreadableFile();
    void fileLargerThanLimit();
    void bufferLargerThanLimit();
    void noTitleIsOnlyAWarning();
    void itemWithoutTitle_data();
    void itemWithoutTitle();
    void sectionWithoutTitle();
    void duplicateSectionNumbers();
    void unknownRole();
    void observerCanNeverBeRequired();
    void annotationOutsideAnItem();
    void checklistItemBeforeFirstSection();
    void absurdNestingDoesNotCrash();
    void hugeTableIsShownAsText();
    void largestAllowedTableIsShownAsText();
    void tablesPastTheDocumentBudgetAreText();
    void wideRowUnderANarrowHeaderIsText();
    void tooMuchMarkupIsRefused();

    // scale
    void tenThousandItems();
};

// ---- bad input ----

void TestRunbookParserInput::emptyRunbook_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero bytes") << QByteArray();
    QTest::newRow("blank lines") << QByteArray("\n  \r\n\t\n");
}

void TestRunbookParserInput::emptyRunbook()
{
    QFETCH(QByteArray, text);
    const RunbookParseResult r = parseText(text);
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:1:1: error: the runbook is empty"));
}

void TestRunbookParserInput::noSections()
{
    // Reading rules 1 (runs made before the rules were versioned) need "##" sections.
    const RunbookParseResult r =
        parseText("# Title\n\nJust prose, no tabs.\n\n- [ ] orphan\n", RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    const Diagnostic* d =
        findDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("no '## ' sections"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QVERIFY(d->toString().startsWith(QStringLiteral("team.md:1:1: error: ")));
    QCOMPARE(r.runbook.title, QStringLiteral("Title"));
}

void TestRunbookParserInput::binaryFile()
{
    const QByteArray text("# T\n\n## 1. A\nab\0cd\n", 19);
    const RunbookParseResult r = parseText(text);
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:4:3: error: the file contains a NUL byte; it looks like a "
                            "binary file, not a Markdown runbook"));
}

void TestRunbookParserInput::invalidUtf8()
{
    // Latin-1 "é" in an otherwise fine runbook: reported where it stands, the rest still read.
    const RunbookParseResult r =
        parseText("# T\n\n## 1. Caf\xC3\xA9\n\n- [ ] caf\xE9 au lait\n- [ ] next\n");
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:5:10: error: invalid UTF-8 (byte 0xE9); save the runbook as "
                            "UTF-8"));
    QCOMPARE(r.runbook.checkableCount(), 2);
    QCOMPARE(r.runbook.sections[0].title, QStringLiteral("Café"));

    // Overlong encodings and surrogates are invalid too.
    QCOMPARE(parseText("# T\n## 1. A\n- [ ] x\xC0\xAF\n").diagnostics.value(0).pos.column, 8);
    QCOMPARE(parseText("# T\n## 1. A\n- [ ] \xED\xA0\x80\n").diagnostics.value(0).pos.line, 3);
}

void TestRunbookParserInput::missingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nope/runbook.md"));
    const RunbookParseResult r = RunbookParser::parseFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    const QString message = r.diagnostics[0].toString();
    QVERIFY2(message.startsWith(path + QStringLiteral(":1:1: error: ")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("No such file or directory")), qPrintable(message));
}

void TestRunbookParserInput::directoryInsteadOfFile()
{
    QTemporaryDir dir;
    const RunbookParseResult r = RunbookParser::parseFile(dir.path());
    QVERIFY(!r.ok());
    QVERIFY2(r.diagnostics[0].message.contains(QStringLiteral("directory")),
             qPrintable(diagnosticsText(r)));
}

void TestRunbookParserInput::unreadableFile()
{
    if (golive::test::privileged()) {
        QVERIFY(golive::test::passesAsNobody("unreadableFile"));
        return;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("locked.md"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# T\n\n## 1. A\n\n- [ ] x\n");
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::Permissions()));
    QVERIFY2(!file.open(QIODevice::ReadOnly), "an unprivileged user read a file mode 000");
    const RunbookParseResult r = RunbookParser::parseFile(path);
    QVERIFY(!r.ok());
    const QString message = diagnosticsText(r);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Permission denied")), qPrintable(message));
}

void TestRunbookParserInput::fileLargerThanLimit()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.md"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(50LL * 1024 * 1024)); // sparse: costs no disk and is never read
    file.close();
    QElapsedTimer timer;
    timer.start();
    const RunbookParseResult r = RunbookParser::parseFile(path);
    QVERIFY(timer.elapsed() < 1000);
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    const QString message = r.diagnostics[0].toString();
    QVERIFY2(message.startsWith(path + QStringLiteral(":1:1: error: ")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("52428800 bytes (50.0 MiB)")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("8388608 bytes (8.0 MiB)")), qPrintable(message));
}

void TestRunbookParserInput::bufferLargerThanLimit()
{
    QByteArray text(RunbookParser::MaxBytes + 1, 'a');
    const RunbookParseResult r = parseText(text);
    QVERIFY(!r.ok());
    QVERIFY2(r.diagnostics[0].message.contains(QStringLiteral("8388609 bytes")),
             qPrintable(diagnosticsText(r)));
}

void TestRunbookParserInput::noTitleIsOnlyAWarning()
{
    // Reading rules 1; rules 2 take the title from the first heading.
    const RunbookParseResult r = parseText("## 1. A\n\n- [ ] x\n", RunbookParser::LegacyRules);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.diagnostics.size(), 1);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:1:1: warning: the runbook has no '# ' title line"));
    QCOMPARE(r.runbook.checkableCount(), 1);
}

void TestRunbookParserInput::itemWithoutTitle_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("no space after box") << QByteArray("- [ ]");
    QTest::newRow("space after box") << QByteArray("- [ ] ");
    QTest::newRow("checked, spaces") << QByteArray("- [x]   ");
    QTest::newRow("only an annotation") << QByteArray("- [ ] <!-- golive: requires=engineer -->");
    QTest::newRow("empty bold title") << QByteArray("- [ ] **:**");
}

// The legacy rules refuse an item without a title (the current rules load it with a fallback
// title; see tst_runbookparser_items).
void TestRunbookParserInput::itemWithoutTitle()
{
    QFETCH(QByteArray, line);
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] fine\n" + line + "\n", RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    const Diagnostic* d =
        findDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("has no title"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QVERIFY2(d->toString().startsWith(QStringLiteral("team.md:6:1: error: checklist item 1.2")),
             qPrintable(d->toString()));
    QCOMPARE(r.runbook.checkableCount(), 2); // still a checkbox, still counted
}

void TestRunbookParserInput::sectionWithoutTitle()
{
    // Reading rules 1; rules 2 load it with a warning (tst_runbookparser_structure).
    const RunbookParseResult r = parseText("# T\n\n## 3.\n\n- [ ] x\n", RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    const Diagnostic* d =
        findDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("section 3 has no title"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QCOMPARE(d->pos.line, 3);
    QCOMPARE(r.runbook.findItem(QStringLiteral("3.1"))->title, QStringLiteral("x"));
}

void TestRunbookParserInput::duplicateSectionNumbers()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] a\n\n## 2. B\n\n- [ ] b\n\n## 2. C\n\n- [ ] c\n",
                  RunbookParser::LegacyRules); // rules 2: see tst_runbookparser_structure
    QVERIFY(!r.ok());
    const Diagnostic* d =
        findDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("used twice"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QCOMPARE(d->toString(), QStringLiteral("team.md:11:1: error: section number 2 is used twice "
                                           "(first at line 7); item ids would collide"));
    QCOMPARE(r.runbook.sections.size(), 3); // still read

    // An unnumbered heading takes its position, which can collide with a given number.
    const RunbookParseResult mixed =
        parseText("# T\n\n## 2. A\n\n## B\n\n- [ ] b\n", RunbookParser::LegacyRules);
    QVERIFY(!mixed.ok());
    QVERIFY(findDiagnostic(mixed, Diagnostic::Severity::Error, QStringLiteral("used twice")));
}

// Legacy rules: a role no one can hold refuses the runbook (the current rules warn instead).
void TestRunbookParserInput::unknownRole()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] Flip DNS <!-- golive: requires=janitor -->\n",
                  RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    QCOMPARE(r.diagnostics[0].toString(),
             QStringLiteral("team.md:5:16: error: unknown role 'janitor' in golive annotation; "
                            "expected one of incident-commander, release-captain, engineer, "
                            "observer"));
    const RunbookItem* item = r.runbook.findItem(QStringLiteral("1.1"));
    QCOMPARE(item->title, QStringLiteral("Flip DNS"));
    QVERIFY(item->requiredRole.isEmpty());

    const RunbookParseResult key =
        parseText("# T\n\n## 1. A\n\n- [ ] Flip <!-- golive: needs=engineer -->\n");
    QVERIFY(key.ok());
    QVERIFY(findDiagnostic(key, Diagnostic::Severity::Warning,
                           QStringLiteral("unknown golive annotation")));
}

void TestRunbookParserInput::observerCanNeverBeRequired()
{
    // Observers are read-only, so an item only an observer may sign could never be signed.
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\n- [ ] Watch <!-- golive: requires=observer -->\n",
                  RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    const Diagnostic* d = findDiagnostic(
        r, Diagnostic::Severity::Error, QStringLiteral("requires=observer can never be satisfied"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QCOMPARE(d->pos.line, 5);
    QVERIFY(r.runbook.findItem(QStringLiteral("1.1"))->requiredRole.isEmpty());
}

void TestRunbookParserInput::annotationOutsideAnItem()
{
    const RunbookParseResult r =
        parseText("# T\n\n## 1. A\n\nProse <!-- golive: requires=engineer -->\n\n- [ ] x\n"
                  "  <!-- golive: requires=incident-commander -->\n");
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Diagnostic* d = findDiagnostic(r, Diagnostic::Severity::Warning,
                                         QStringLiteral("must stand on a checklist item"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QCOMPARE(d->pos.line, 5);
    // On its own line inside the item it still applies to the item.
    QCOMPARE(r.runbook.findItem(QStringLiteral("1.1"))->requiredRole,
             QStringLiteral("incident-commander"));
    QVERIFY(!r.runbook.sections[0].groups[0].notes[0].html.contains(QStringLiteral("golive")));
}

void TestRunbookParserInput::checklistItemBeforeFirstSection()
{
    // Reading rules 1; rules 2 give such items a first tab of their own.
    const RunbookParseResult r =
        parseText("# T\n\n- [ ] too early\n\n## 1. A\n\n- [ ] x\n", RunbookParser::LegacyRules);
    QVERIFY(!r.ok());
    const Diagnostic* d =
        findDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("before the first"));
    QVERIFY2(d, qPrintable(diagnosticsText(r)));
    QCOMPARE(d->pos.line, 3);
    QCOMPARE(r.runbook.checkableCount(), 1);
}

void TestRunbookParserInput::absurdNestingDoesNotCrash()
{
    QByteArray text = "# T\n\n## 1. A\n\n";
    text += QByteArray(20000, '>') + " deep\n\n";
    text += QByteArray(5000, '*') + "x" + QByteArray(5000, '*') + "\n\n- [ ] after\n";
    const RunbookParseResult r = parseText(text);
    QVERIFY(findDiagnostic(r, Diagnostic::Severity::Error, QStringLiteral("nested too deeply")));
    QCOMPARE(r.runbook.checkableCount(), 1);
}

// ---- scale ----

void TestRunbookParserInput::tenThousandItems()
{
    QByteArray text = "# Big\n\n**Owner:** [Name]\n\n";
    for (int s = 0; s < 10; ++s) {
        text += "## " + QByteArray::number(s) + ". Section\n\n";
        for (int i = 0; i < 250; ++i) {
            text += "- [ ] **Step " + QByteArray::number(i) + ":** run `job-" +
                    QByteArray::number(i) + "` | **Owner:** Ann\n";
            text += "  - [ ] child a\n  - [ ] child b\n    - [ ] grandchild\n";
            text += "  - detail with [Placeholder] and *emphasis*\n";
        }
        text += "\n";
    }
    QElapsedTimer timer;
    timer.start();
    const RunbookParseResult r = parseText(text);
    const qint64 ms = timer.elapsed();
    qInfo("parsed %lld bytes, 10000 items in %lld ms", qint64(text.size()), ms);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QCOMPARE(r.runbook.checkableCount(), 10000);
    const QStringList all = ids(r.runbook);
    QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 10000);
    QCOMPARE(r.runbook.findItem(QStringLiteral("9.250.2.1"))->title, QStringLiteral("grandchild"));
    QCOMPARE(r.runbook.fields.size(), 1); // owner; "[Placeholder]" in a detail is no field
    // Generous: this catches quadratic work even in a sanitizer build; release is far faster.
    QVERIFY2(ms < 5000, qPrintable(QString::number(ms)));
}

namespace {

// "| a | a | ... |" with `columns` cells.
QByteArray tableRow(int columns, const QByteArray& cell)
{
    QByteArray row = "|";
    for (int c = 0; c < columns; ++c)
        row += cell + '|';
    return row + '\n';
}

// A runbook whose table header is on line 7.
QByteArray runbookWithTable(int columns, int rows)
{
    QByteArray text = "# T\n\n## 1. A\n\n- [ ] item\n\n";
    text += tableRow(columns, "a");
    text += tableRow(columns, "---");
    const QByteArray row = tableRow(columns, "a");
    text.reserve(text.size() + row.size() * rows);
    for (int r = 0; r < rows; ++r)
        text += row;
    return text;
}

const Diagnostic* tableWarning(const RunbookParseResult& r)
{
    return findDiagnostic(r, Diagnostic::Severity::Warning, QStringLiteral("table too large"));
}

} // namespace

void TestRunbookParserInput::hugeTableIsShownAsText()
{
    // 5,000 columns x 200 rows, 2 MB: cmark-gfm's table extension needs tens of seconds and
    // half a gigabyte for it, so golive hands it over as plain text.
    const QByteArray text = runbookWithTable(5000, 200);
    QVERIFY(text.size() > 2'000'000);
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Diagnostic* warning = tableWarning(r);
    QVERIFY2(warning, qPrintable(diagnosticsText(r)));
    QCOMPARE(warning->pos.line, 7);
    QVERIFY2(warning->message.contains(QStringLiteral("more than 100 columns")),
             qPrintable(warning->message));
    QCOMPARE(r.diagnostics.size(), 1);
    // The words are kept, as text.
    const QList<RunbookText>& notes = r.runbook.sections[0].groups[0].notes;
    QCOMPARE(notes.size(), 1);
    QVERIFY(notes[0].plain.startsWith(QStringLiteral("|a|a|a|")));
    QVERIFY(!notes[0].html.contains(QStringLiteral("<table")));

    // A table within the bounds is still a table.
    const RunbookParseResult small = parseText(runbookWithTable(100, 199));
    QVERIFY2(small.diagnostics.isEmpty(), qPrintable(diagnosticsText(small)));
    QVERIFY(small.runbook.sections[0].groups[0].notes[0].html.startsWith(QStringLiteral("<table")));
}

void TestRunbookParserInput::largestAllowedTableIsShownAsText()
{
    // As many 5,000-column rows as fit in the largest runbook golive reads.
    const qsizetype rowBytes = tableRow(5000, "a").size();
    const qsizetype fixed = runbookWithTable(5000, 0).size();
    const int rows = int((RunbookParser::MaxBytes - fixed) / rowBytes);
    const QByteArray text = runbookWithTable(5000, rows);
    QVERIFY(text.size() <= RunbookParser::MaxBytes);
    QVERIFY(text.size() > RunbookParser::MaxBytes - rowBytes);
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Diagnostic* warning = tableWarning(r);
    QVERIFY2(warning, qPrintable(diagnosticsText(r)));
    QCOMPARE(warning->pos.line, 7);
    QCOMPARE(warning->pos.column, 1);
}

void TestRunbookParserInput::tablesPastTheDocumentBudgetAreText()
{
    // Tables of 50 x 100 cells each: 5,000 cells, within one table's bound; the runbook's
    // tables together may have 100,000, so the 21st and later are text.
    QByteArray text = "# T\n\n## 1. A\n\n- [ ] item\n";
    QList<int> headerLines;
    int line = 6;
    for (int t = 0; t < 25; ++t) {
        text += '\n';
        ++line;
        headerLines << line;
        text += tableRow(50, "h") + tableRow(50, "-");
        for (int r = 0; r < 98; ++r)
            text += tableRow(50, "c");
        line += 100;
    }
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    QList<int> warned;
    for (const Diagnostic& d : r.diagnostics) {
        QVERIFY2(d.message.contains(QStringLiteral("tables together have more than 100000")),
                 qPrintable(d.toString()));
        warned << d.pos.line;
    }
    QCOMPARE(warned, headerLines.mid(20));
    const QList<RunbookText>& notes = r.runbook.sections[0].groups[0].notes;
    QCOMPARE(notes.size(), 25);
    QVERIFY(notes[19].html.startsWith(QStringLiteral("<table")));
    QVERIFY(!notes[20].html.contains(QStringLiteral("<table")));
}

void TestRunbookParserInput::wideRowUnderANarrowHeaderIsText()
{
    // cmark-gfm splits every row into all its cells before dropping those past the header's:
    // one row of a million '|' under a two-column header costs as much as a huge table.
    QByteArray text = "# T\n\n## 1. A\n\n- [ ] item\n\n| a | b |\n|---|---|\n| c | d |\n";
    text += QByteArray(1'000'000, '|') + '\n';
    const RunbookParseResult r = parseText(text);
    QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
    const Diagnostic* warning = tableWarning(r);
    QVERIFY2(warning, qPrintable(diagnosticsText(r)));
    QCOMPARE(warning->pos.line, 7);

    // Nor may the paragraph above a delimiter row be one: cmark-gfm parses it as the header.
    QByteArray header = "# T\n\n## 1. A\n\n- [ ] item\n\nintro\n";
    for (int i = 0; i < 200; ++i)
        header += "a | b\n";
    header += "|-|\n";
    const RunbookParseResult h = parseText(header);
    const Diagnostic* headerWarning = tableWarning(h);
    QVERIFY2(headerWarning, qPrintable(diagnosticsText(h)));
    QCOMPARE(headerWarning->pos.line, 207);
}

void TestRunbookParserInput::tooMuchMarkupIsRefused()
{
    // Every unmatched '[' is a node of its own in cmark-gfm: 8 MB of them took 1.9 GB.
    const QByteArray head = "# T\n\n## 1. A\n\n- [ ] item\n\n";
    const RunbookParseResult r = parseText(head + QByteArray(500'000, '['));
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), 1);
    const QString message = r.diagnostics[0].toString();
    QVERIFY2(message.startsWith(QStringLiteral("team.md:1:1: error: the runbook has 500")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("at most 400000")), qPrintable(message));
    // The autolink extension made a node of every 'w' of "wwww...": they count too.
    const RunbookParseResult w = parseText(head + QByteArray(500'000, 'w'));
    QVERIFY2(!w.ok(), qPrintable(diagnosticsText(w)));
    QVERIFY2(w.diagnostics[0].message.contains(QStringLiteral("at most 400000")),
             qPrintable(diagnosticsText(w)));
    // Just below the bound it is read.
    const RunbookParseResult below = parseText(head + QByteArray(399'000, '['));
    QVERIFY2(below.ok(), qPrintable(diagnosticsText(below)));
    QCOMPARE(below.runbook.checkableCount(), 1);
}

QTEST_GUILESS_MAIN(TestRunbookParserInput)
#include "tst_runbookparser_input.moc"
