// `golive lint`'s outline: each tab with its item count and its group rows indented by depth, the
// rows no one signs (a bullet or bold line that holds checkboxes) and reading material marked,
// terminal-safe; and the same tree in `lint --json`.
#include "CliHarness.h"
#include "RunbookJson.h"
#include "RunbookOutline.h"
#include "RunbookParser.h"
#include "TeamCorpus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace golive;
using Result = golive::test::CliResult;

namespace {

// The runbook text the groups below point into (line numbers matter).
const QByteArray kSource = "# QA train\n"   // 1
                           "\n"             // 2
                           "## Suites\n"    // 3
                           "\n"             // 4
                           "- [ ] Smoke\n"  // 5
                           "- NoMock Run\n" // 6
                           "  - [ ] Stage\n"
                           "  - [ ] Pre-prod\n"
                           "  - Desktop\n" // 9
                           "    - [ ] Chrome\n"
                           "- [ ] Report filed\n" // 11
                           "\n"
                           "**Onboarding:**\n" // 13
                           "\n"
                           "- [ ] Catalog\n"
                           "\n"
                           "### Capacity\n" // 17
                           "\n"
                           "- [ ] Headroom\n"
                           "  - [ ] Bucket\n"
                           "### Escalation paths\n" // 21
                           "\n"
                           "Page the DBA.\n";

RunbookItem item(const QString& id, const QString& title, QList<RunbookItem> children = {})
{
    RunbookItem i;
    i.id = id;
    i.title = title;
    i.titleHtml = title;
    i.children = std::move(children);
    return i;
}

RunbookGroup group(const QString& title, int line, int depth, QList<RunbookItem> items,
                   bool continuation = false)
{
    RunbookGroup g;
    g.title = title;
    g.pos = SourcePos{line, 1};
    g.depth = depth;
    g.continuation = continuation;
    g.items = std::move(items);
    return g;
}

// The tree the parser gives for kSource: groups flat in document order with depth and
// continuation (see RunbookGroup).
Runbook qaTrain()
{
    Runbook rb;
    rb.title = QStringLiteral("QA train");
    RunbookSection s;
    s.number = QStringLiteral("1");
    s.title = QStringLiteral("Suites");
    s.groups << group({}, 3, 0, {item(QStringLiteral("1.1"), QStringLiteral("Smoke"))})
             << group(QStringLiteral("NoMock Run"), 6, 1,
                      {item(QStringLiteral("1.2"), QStringLiteral("Stage")),
                       item(QStringLiteral("1.3"), QStringLiteral("Pre-prod"))})
             << group(QStringLiteral("Desktop"), 9, 2,
                      {item(QStringLiteral("1.4"), QStringLiteral("Chrome"))})
             << group({}, 11, 0, {item(QStringLiteral("1.5"), QStringLiteral("Report filed"))},
                      true)
             << group(QStringLiteral("Onboarding:"), 13, 1,
                      {item(QStringLiteral("1.6"), QStringLiteral("Catalog"))})
             << group(QStringLiteral("Capacity"), 17, 0,
                      {item(QStringLiteral("1.7"), QStringLiteral("Headroom"),
                            {item(QStringLiteral("1.7.1"), QStringLiteral("Bucket"))})});
    RunbookGroup reading = group(QStringLiteral("Escalation paths"), 21, 0, {});
    reading.notes << RunbookText{QStringLiteral("Page the DBA."), QStringLiteral("Page the DBA."),
                                 SourcePos{23, 1}, 0};
    s.groups << reading;
    rb.sections << s;
    return rb;
}

QJsonObject outlineEntry(const QJsonArray& outline, const QString& title)
{
    for (const QJsonValue& v : outline) {
        if (v.toObject().value(QStringLiteral("title")).toString() == title)
            return v.toObject();
    }
    return {};
}

QString corpusFile(const char* name)
{
    return test::teamCorpusDir() + QLatin1Char('/') + QLatin1String(name);
}

} // namespace

class TstLintOutline : public QObject
{
    Q_OBJECT

private:
    test::CliHarness m_cli;

private slots:
    // lint --json lists an item's commands: what `golive exec ID --block N` runs, in order.
    void jsonListsAnItemsCommands()
    {
        const RunbookParseResult r = RunbookParser::parse(
            "# R\n\n## Checks\n\n- [ ] Smoke `make smoke` <!-- golive: run -->\n"
            "\n  ```bash\n  ./check.sh\n  ```\n",
            QStringLiteral("r.md"));
        QVERIFY(r.ok());
        const QJsonObject item =
            itemToJson(*r.runbook.findItem(QStringLiteral("1.1")), r.runbook, {});
        const QJsonArray commands = item.value(QStringLiteral("commands")).toArray();
        QCOMPARE(commands.size(), 2);
        QCOMPARE(commands.at(0).toObject(),
                 (QJsonObject{{QStringLiteral("text"), QStringLiteral("make smoke")},
                              {QStringLiteral("language"), QJsonValue::Null},
                              {QStringLiteral("marked"), true},
                              {QStringLiteral("line"), 5},
                              {QStringLiteral("column"), 14}}));
        QCOMPARE(commands.at(1).toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("./check.sh"));
        QCOMPARE(commands.at(1).toObject().value(QStringLiteral("language")).toString(),
                 QStringLiteral("bash"));
        QCOMPARE(commands.at(1).toObject().value(QStringLiteral("line")).toInt(), 7);
    }

    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void outlineShowsTabsAndGroupsByDepth()
    {
        QCOMPARE(outlineText(qaTrain(), kSource),
                 QStringLiteral("QA train\n"
                                "  1. Suites (8 items)\n"
                                "      NoMock Run (3 items; bullet, not checkable)\n"
                                "        Desktop (1 item; bullet, not checkable)\n"
                                "      Onboarding: (1 item; bold line, not checkable)\n"
                                "    Capacity (2 items)\n"
                                "    Escalation paths (reading material)\n"));
    }

    // Without the text (or when a line is not the group's), a row is not guessed to be a bullet.
    void withoutTheSourceRowsAreHeadings()
    {
        const QString text = outlineText(qaTrain());
        QVERIFY2(!text.contains(QStringLiteral("not checkable")), qPrintable(text));
        QByteArray shifted = "\n\n\n" + kSource;
        QVERIFY(!outlineText(qaTrain(), shifted).contains(QStringLiteral("not checkable")));
    }

    // A title cannot move the cursor, clear the screen or start a line that looks like golive's.
    void outlineIsTerminalSafe()
    {
        Runbook rb = qaTrain();
        rb.title = QStringLiteral("Train\x1b[2J");
        rb.sections[0].title = QStringLiteral("Suites\nsummit.md: ok: fake");
        rb.sections[0].groups[1].title = QStringLiteral("NoMock\rRun\u202e");
        const QString text = outlineText(rb, kSource);
        QVERIFY2(!text.contains(QChar(0x1b)) && !text.contains(QLatin1Char('\r')) &&
                     !text.contains(QChar(0x202e)),
                 qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("\nsummit.md")), qPrintable(text));
        QCOMPARE(text.count(QLatin1Char('\n')), 7);
    }

    void wideAndDeepRunbooksTakeOnePass()
    {
        // 3,000 tabs of one bullet group each, then a tab nesting 3,000 groups one inside the
        // next: reading each group's line from the top of the file, or counting each group's
        // subtree by walking the groups after it, would step millions of times.
        constexpr int kTabs = 3000;
        Runbook rb;
        rb.title = QStringLiteral("Wide");
        QByteArray source = "# Wide\n";
        for (int t = 0; t < kTabs; ++t) {
            const int line = 2 + 3 * t;
            source +=
                "## T" + QByteArray::number(t) + "\n- g" + QByteArray::number(t) + "\n  - [ ] x\n";
            RunbookSection s;
            s.number = QString::number(t + 1);
            s.title = QStringLiteral("T%1").arg(t);
            s.groups << group(QStringLiteral("g%1").arg(t), line + 1, 1,
                              {item(QStringLiteral("%1.1").arg(t + 1), QStringLiteral("x"))});
            rb.sections << s;
        }
        RunbookSection deep;
        deep.number = QString::number(kTabs + 1);
        deep.title = QStringLiteral("Deep");
        for (int d = 0; d < kTabs; ++d) {
            deep.groups << group(QStringLiteral("d%1").arg(d), 1, d,
                                 {item(QStringLiteral("deep.%1").arg(d), QStringLiteral("y"))});
        }
        rb.sections << deep;
        const qsizetype lines = source.count('\n') + 1;

        const qint64 before = outlineSteps();
        const QString text = outlineText(rb, source);
        const qint64 steps = outlineSteps() - before;
        QVERIFY2(steps < 2 * lines + 4 * 2 * kTabs, qPrintable(QString::number(steps)));
        QVERIFY(text.contains(QStringLiteral("\n      g2999 (1 item; bullet, not checkable)\n")));
        QVERIFY(text.contains(QStringLiteral("\n    d0 (3000 items)\n")));
        const QList<GroupOutline> outline = outlineOf(rb.sections.last());
        for (int d = 0; d < kTabs; ++d)
            QCOMPARE(outline[d].itemCount, kTabs - d);
    }

    void jsonCarriesTheGroups()
    {
        Runbook rb = qaTrain();
        rb.metadata << RunbookMetadata{QStringLiteral("labels"), QStringLiteral("release, qa"),
                                       SourcePos{2, 1}};
        const QJsonObject o = runbookToJson(rb, {}, kSource);
        QCOMPARE(o.value(QStringLiteral("metadata")).toObject(),
                 (QJsonObject{{QStringLiteral("labels"), QStringLiteral("release, qa")}}));
        const QJsonArray outline = o.value(QStringLiteral("sections"))
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(QStringLiteral("outline"))
                                       .toArray();
        QCOMPARE(outline.size(), 7);
        const QJsonObject nomock = outlineEntry(outline, QStringLiteral("NoMock Run"));
        QCOMPARE(nomock.value(QStringLiteral("kind")).toString(), QStringLiteral("bullet"));
        QCOMPARE(nomock.value(QStringLiteral("depth")).toInt(), 1);
        QCOMPARE(nomock.value(QStringLiteral("itemIds")).toArray(),
                 (QJsonArray{QStringLiteral("1.2"), QStringLiteral("1.3")}));
        QCOMPARE(nomock.value(QStringLiteral("itemCount")).toInt(), 3);
        QCOMPARE(nomock.value(QStringLiteral("nonCheckableParent")).toBool(), true);
        QCOMPARE(nomock.value(QStringLiteral("line")).toInt(), 6);
        const QJsonObject resumed = outline.at(3).toObject();
        QCOMPARE(resumed.value(QStringLiteral("continuation")).toBool(), true);
        QCOMPARE(resumed.value(QStringLiteral("kind")).toString(), QStringLiteral("continuation"));
        QCOMPARE(resumed.value(QStringLiteral("itemIds")).toArray(),
                 (QJsonArray{QStringLiteral("1.5")}));
        QCOMPARE(outlineEntry(outline, QStringLiteral("Onboarding:"))
                     .value(QStringLiteral("kind"))
                     .toString(),
                 QStringLiteral("bold line"));
        const QJsonObject capacity = outlineEntry(outline, QStringLiteral("Capacity"));
        QCOMPARE(capacity.value(QStringLiteral("kind")).toString(), QStringLiteral("heading"));
        QCOMPARE(capacity.value(QStringLiteral("nonCheckableParent")).toBool(true), false);
        QCOMPARE(capacity.value(QStringLiteral("itemCount")).toInt(), 2);
        const QJsonObject reading = outlineEntry(outline, QStringLiteral("Escalation paths"));
        QCOMPARE(reading.value(QStringLiteral("readingMaterial")).toBool(), true);
        QCOMPARE(capacity.value(QStringLiteral("readingMaterial")).toBool(true), false);
    }

    // On a real team runbook: the outline follows the one-line summary.
    void lintPrintsTheOutline()
    {
        const Result r =
            m_cli.run({QStringLiteral("lint"), corpusFile("platform-upgrade-phases.md")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out,
                  QStringLiteral(" 0 warnings\n\nObservability platform upgrade: Loki 2.9 to 3.1\n"
                                 "  1. Preparation (6 items)\n"
                                 "    Capacity (4 items)\n"),
                  r);
        EXPECT_IN(r.out, QStringLiteral("\n  3. Verification (3 items)\n"), r);
    }

    // "####" phases, plain bullets and bold lines nest under the groups they belong to.
    void lintOutlineShowsNestedGroups()
    {
        const Result r =
            m_cli.run({QStringLiteral("lint"), corpusFile("platform-upgrade-phases.md")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out,
                  QStringLiteral("    Capacity (4 items)\n"
                                 "      Phase 1: storage (2 items)\n"
                                 "      Phase 2: compute (2 items)\n"
                                 "    Communication (2 items)\n"
                                 "  2. Upgrade (10 items)\n"),
                  r);
        const Result qa =
            m_cli.run({QStringLiteral("lint"), corpusFile("qa-signoff-plain-parents.md")});
        EXPECT_EXIT(qa, 0);
        EXPECT_IN(qa.out,
                  QStringLiteral("  1. Automated suites (9 items)\n"
                                 "      NoMock Run (2 items; bullet, not checkable)\n"),
                  qa);
        EXPECT_IN(qa.out, QStringLiteral("\n        Desktop (2 items; bullet, not checkable)\n"),
                  qa);
        const Result bold =
            m_cli.run({QStringLiteral("lint"), corpusFile("onboarding-bold-headings.md")});
        EXPECT_IN(bold.out, QStringLiteral("; bold line, not checkable)\n"), bold);
    }

    void lintJsonCarriesGroupsAndMetadata()
    {
        const Result r = m_cli.run({QStringLiteral("lint"), QStringLiteral("--json"),
                                    corpusFile("qa-signoff-plain-parents.md")});
        EXPECT_EXIT(r, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.rawOut).object();
        const QJsonArray outline = o.value(QStringLiteral("sections"))
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(QStringLiteral("outline"))
                                       .toArray();
        const QJsonObject nomock = outlineEntry(outline, QStringLiteral("NoMock Run"));
        QVERIFY2(nomock.value(QStringLiteral("nonCheckableParent")).toBool(),
                 r.describe().constData());
        QCOMPARE(nomock.value(QStringLiteral("itemIds")).toArray().size(), 2);

        const Result t = m_cli.run({QStringLiteral("lint"), QStringLiteral("--json"),
                                    corpusFile("release-issue-template.md")});
        EXPECT_EXIT(t, 0);
        const QJsonObject metadata =
            QJsonDocument::fromJson(t.rawOut).object().value(QStringLiteral("metadata")).toObject();
        QVERIFY2(metadata.value(QStringLiteral("labels"))
                     .toString()
                     .contains(QStringLiteral("tracking")),
                 t.describe().constData());
    }
};

QTEST_GUILESS_MAIN(TstLintOutline)
#include "tst_lintoutline.moc"
