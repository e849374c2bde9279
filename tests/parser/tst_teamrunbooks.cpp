// The runbooks teams actually write (tests/data/teams): golive reads every one of them, finds
// exactly the checkboxes GitHub renders (asked of cmark-gfm itself, in the test), shows no front
// matter as a tab, takes no field from code and keeps their nesting as groups.
#include "RunbookParser.h"
#include "TeamCorpus.h"

#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace golive;
namespace {

QString diagnosticsText(const RunbookParseResult& r)
{
    QStringList lines;
    for (const Diagnostic& d : r.diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

RunbookParseResult parseTeamRunbook(const QString& name)
{
    return RunbookParser::parse(test::readTeamRunbook(name), name, RunbookParser::CurrentRules);
}

// A field template "is" a placeholder when it is that text, with or without its brackets
// ("[Name, Phone]", "{version}"): how the parser keeps the brackets is its own business.
bool sameTemplate(const QString& templateValue, const QString& placeholder)
{
    static const QString brackets = QStringLiteral("[]{}<>");
    auto bare = [](QString s) {
        s = s.trimmed();
        while (!s.isEmpty() && brackets.contains(s.front()))
            s.remove(0, 1);
        while (!s.isEmpty() && brackets.contains(s.back()))
            s.chop(1);
        return s.trimmed();
    };
    return templateValue.trimmed() == placeholder || bare(templateValue) == bare(placeholder);
}

QStringList fieldTemplates(const Runbook& rb)
{
    QStringList out;
    for (const RunbookField& f : rb.fields)
        out << QStringLiteral("%1=%2").arg(f.key, f.templateValue);
    return out;
}

const RunbookField* fieldWithTemplate(const Runbook& rb, const QString& placeholder)
{
    for (const RunbookField& f : rb.fields) {
        if (f.isPlaceholder && sameTemplate(f.templateValue, placeholder))
            return &f;
    }
    return nullptr;
}

const RunbookGroup* findGroup(const Runbook& rb, const QString& title)
{
    for (const RunbookSection& s : rb.sections) {
        for (const RunbookGroup& g : s.groups) {
            QString t = g.title.trimmed();
            if (t.endsWith(QLatin1Char(':')))
                t.chop(1);
            if (!g.continuation && t == title)
                return &g;
        }
    }
    return nullptr;
}

const RunbookItem* findItemTitled(const Runbook& rb, const QString& start)
{
    const QList<const RunbookItem*> items = rb.allItems();
    for (const RunbookItem* item : items) {
        if (item->title.startsWith(start))
            return item;
    }
    return nullptr;
}

} // namespace

class TstTeamRunbooks : public QObject
{
    Q_OBJECT

private:
    void addCorpusRows()
    {
        QTest::addColumn<QString>("name");
        for (const QString& name : test::teamCorpusFiles())
            QTest::newRow(qPrintable(name)) << name;
    }

private slots:
    void initTestCase()
    {
        // Without GitHub's engine there is no reference: a failure, never a skip.
        QVERIFY2(!test::cmarkGfmProgram().isEmpty(), test::cmarkGfmMissing().constData());
    }

    void corpusIsComplete()
    {
        const QStringList files = test::teamCorpusFiles();
        QVERIFY2(files.size() >= 14, qPrintable(files.join(u' ')));
        for (const QString& name : files)
            QVERIFY2(test::expectedTabCount(name) > 0, qPrintable(name + u" has no expectation"));
        // The migration runbook is the large one: about 300 items, as GitHub counts them.
        QString error;
        const int migration = test::githubCheckboxCount(
            test::readTeamRunbook(QStringLiteral("orders-db-migration.md")), &error);
        QVERIFY2(migration >= 290, qPrintable(error));
    }

    void itemCountMatchesGitHub_data() { addCorpusRows(); }
    void itemCountMatchesGitHub()
    {
        QFETCH(QString, name);
        const QByteArray text = test::readTeamRunbook(name);
        QVERIFY(!text.isEmpty());
        QString error;
        int ticked = 0;
        const int github =
            test::githubCheckboxCount(test::withoutFrontMatter(text), &error, &ticked);
        QVERIFY2(github > 0, qPrintable(error));
        const RunbookParseResult r = parseTeamRunbook(name);
        QVERIFY2(
            r.runbook.checkableCount() == github,
            qPrintable(QStringLiteral("golive finds %1 items, GitHub renders %2 checkboxes\n%3")
                           .arg(r.runbook.checkableCount())
                           .arg(github)
                           .arg(diagnosticsText(r))));
        QCOMPARE(r.runbook.allItems().size(), github);
        // "- [x]" is ticked on GitHub and done from the start in golive.
        const QList<const RunbookItem*> items = r.runbook.allItems();
        QCOMPARE(std::count_if(items.cbegin(), items.cend(),
                               [](const RunbookItem* i) { return i->checkedInTemplate; }),
                 qsizetype(ticked));
    }

    void readsWithoutError_data() { addCorpusRows(); }
    void readsWithoutError()
    {
        QFETCH(QString, name);
        const RunbookParseResult r = parseTeamRunbook(name);
        QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
        QCOMPARE(r.runbook.rules, RunbookParser::CurrentRules);
    }

    void titleIsReadable_data() { addCorpusRows(); }
    void titleIsReadable()
    {
        QFETCH(QString, name);
        const Runbook rb = parseTeamRunbook(name).runbook;
        QVERIFY2(!rb.title.trimmed().isEmpty(), "a run always has a readable title");
        QVERIFY2(!test::looksLikeFrontMatter(rb.title), qPrintable(rb.title));
    }

    void noFrontMatterAndNoEmptyTab_data() { addCorpusRows(); }
    void noFrontMatterAndNoEmptyTab()
    {
        QFETCH(QString, name);
        const Runbook rb = parseTeamRunbook(name).runbook;
        QStringList tabs;
        for (const RunbookSection& s : rb.sections) {
            tabs << s.title;
            QVERIFY2(!test::looksLikeFrontMatter(s.title), qPrintable(s.title));
            QVERIFY2(s.checkableCount() > 0,
                     qPrintable(QStringLiteral("tab \"%1\" has no item").arg(s.title)));
            for (const RunbookGroup& g : s.groups)
                QVERIFY2(!test::looksLikeFrontMatter(g.title), qPrintable(g.title));
        }
        QVERIFY2(rb.sections.size() == test::expectedTabCount(name),
                 qPrintable(QStringLiteral("%1 tabs: %2")
                                .arg(rb.sections.size())
                                .arg(tabs.join(QStringLiteral(" | ")))));
    }

    // Placeholders the team meant as fields are fields; brackets and braces inside code spans,
    // fenced code and front matter are literal text.
    void fieldsAreNeverTakenFromCode_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QStringList>("notFields");
        auto list = [](std::initializer_list<const char*> words) {
            QStringList out;
            for (const char* w : words)
                out << QString::fromUtf8(w);
            return out;
        };
        QTest::newRow("release template")
            << QStringLiteral("release-issue-template.md")
            << list({"{version}", "[Release Captain Name]", "[YYYY-MM-DD]"})
            << list({"[PREVIOUS]", "[VERSION]"});
        QTest::newRow("hotfix") << QStringLiteral("hotfix-issue-template.md") << QStringList()
                                << list({"[HOTFIX]", "[TICKET]"});
        QTest::newRow("release only")
            << QStringLiteral("release-only-heading.md") << QStringList() << list({"[VERSION]"});
        QTest::newRow("cli release")
            << QStringLiteral("cli-release-process.md") << QStringList()
            << list({"[arguments]", "[OPTIONS]", "[PATH]", "[y/N]", "[VERSION]"});
        QTest::newRow("npm") << QStringLiteral("npm-publish-checklist.md") << QStringList()
                             << list({"[CODE]"});
        QTest::newRow("k8s") << QStringLiteral("k8s-cluster-upgrade.md") << QStringList()
                             << list({"[PATCH]", "[NODE]"});
        QTest::newRow("handbook") << QStringLiteral("handbook-style-cutover.md") << QStringList()
                                  << list({"[LOT]", "[EXPIRY]"});
        QTest::newRow("migration") << QStringLiteral("orders-db-migration.md")
                                   << list({"[Migration Lead]", "[DBA Name]", "[CHG-NUMBER]"})
                                   << list({"[SHARD]", "[--dry-run]"});
        QTest::newRow("emoji") << QStringLiteral("emoji-launch-checklist.md")
                               << list({"{app_name}", "{version}", "{launch_lead}"})
                               << QStringList();
        QTest::newRow("mobile") << QStringLiteral("mobile-store-release-template.md")
                                << QStringList() << list({"<VERSION>"});
        QTest::newRow("incident") << QStringLiteral("incident-response-reference.md")
                                  << list({"[Incident Commander]", "[Name, Phone]",
                                           "[Conference Link]"})
                                  << QStringList();
        QTest::newRow("onboarding") << QStringLiteral("onboarding-bold-headings.md")
                                    << list({"[Owner Name]", "[Date]"}) << QStringList();
    }
    void fieldsAreNeverTakenFromCode()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, fields);
        QFETCH(QStringList, notFields);
        const Runbook rb = parseTeamRunbook(name).runbook;
        const QString all = fieldTemplates(rb).join(QStringLiteral(", "));
        for (const QString& placeholder : fields)
            QVERIFY2(fieldWithTemplate(rb, placeholder),
                     qPrintable(placeholder + QStringLiteral(" is a field; fields: ") + all));
        for (const QString& literal : notFields) {
            for (const RunbookField& f : rb.fields)
                QVERIFY2(!sameTemplate(f.templateValue, literal),
                         qPrintable(literal + QStringLiteral(" comes from code; fields: ") + all));
        }
    }

    // "**Primary:** [Name, Phone]" and "**Backup:** [Name, Phone]" are two people, each named
    // by the label of its line.
    void repeatedPlaceholderIsOneFieldPerLabel()
    {
        const Runbook rb =
            parseTeamRunbook(QStringLiteral("incident-response-reference.md")).runbook;
        QStringList labels;
        QStringList keys;
        for (const RunbookField& f : rb.fields) {
            if (f.isPlaceholder && sameTemplate(f.templateValue, QStringLiteral("[Name, Phone]"))) {
                labels << f.label;
                keys << f.key;
            }
        }
        QCOMPARE(labels, (QStringList{QStringLiteral("Primary"), QStringLiteral("Backup")}));
        QVERIFY2(keys.constFirst() != keys.constLast(), qPrintable(keys.join(u' ')));
    }

    // Front matter is read as metadata, whatever follows its closing line.
    void frontMatterIsMetadata_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("contains");
        QTest::newRow("release labels") << QStringLiteral("release-issue-template.md")
                                        << QStringLiteral("labels") << QStringLiteral("tracking");
        QTest::newRow("release name")
            << QStringLiteral("release-issue-template.md") << QStringLiteral("name")
            << QStringLiteral("Release checklist");
        QTest::newRow("hotfix, text right after ---")
            << QStringLiteral("hotfix-issue-template.md") << QStringLiteral("about")
            << QStringLiteral("outside the release train");
        QTest::newRow("hotfix labels")
            << QStringLiteral("hotfix-issue-template.md") << QStringLiteral("labels")
            << QStringLiteral("priority/critical");
        QTest::newRow("mobile labels") << QStringLiteral("mobile-store-release-template.md")
                                       << QStringLiteral("labels") << QStringLiteral("mobile");
    }
    void frontMatterIsMetadata()
    {
        QFETCH(QString, name);
        QFETCH(QString, key);
        QFETCH(QString, contains);
        const Runbook rb = parseTeamRunbook(name).runbook;
        QVERIFY2(rb.metadataValue(key).contains(contains), qPrintable(rb.metadataValue(key)));
        // With no "#" line the title comes from the front matter, not from its text.
        QVERIFY2(rb.title == rb.metadataValue(QStringLiteral("title")) ||
                     rb.title == rb.metadataValue(QStringLiteral("name")),
                 qPrintable(rb.title));
    }

    // "####" phases, plain bullets and bold lines that hold checkboxes are groups in the tree.
    void nestingIsKeptAsGroups_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("group");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("items");
        QTest::newRow("#### phase") << QStringLiteral("platform-upgrade-phases.md")
                                    << QStringLiteral("Phase 1: storage") << 1 << 2;
        QTest::newRow("#### phase with sub-items")
            << QStringLiteral("platform-upgrade-phases.md") << QStringLiteral("Phase 4: ingesters")
            << 1 << 3;
        QTest::newRow("##### under ####") << QStringLiteral("k8s-cluster-upgrade.md")
                                          << QStringLiteral("Admission webhooks") << 2 << 2;
        QTest::newRow("plain parent") << QStringLiteral("qa-signoff-plain-parents.md")
                                      << QStringLiteral("NoMock Run") << 1 << 2;
        QTest::newRow("plain parent under plain parent")
            << QStringLiteral("qa-signoff-plain-parents.md") << QStringLiteral("Desktop") << 2 << 2;
        QTest::newRow("bold line") << QStringLiteral("onboarding-bold-headings.md")
                                   << QStringLiteral("Onboarding") << 1 << 3;
        QTest::newRow("bold line without colon") << QStringLiteral("onboarding-bold-headings.md")
                                                 << QStringLiteral("Security") << 1 << 2;
    }
    void nestingIsKeptAsGroups()
    {
        QFETCH(QString, name);
        QFETCH(QString, group);
        QFETCH(int, depth);
        QFETCH(int, items);
        const Runbook rb = parseTeamRunbook(name).runbook;
        const RunbookGroup* g = findGroup(rb, group);
        QVERIFY2(g, qPrintable(group + QStringLiteral(" is not a group")));
        QCOMPARE(g->depth, depth);
        QCOMPARE(g->items.size(), items);
    }

    // A link in an item keeps its target, so the details pane can offer it.
    void linksInItemsKeepTheirTarget()
    {
        const Runbook rb = parseTeamRunbook(QStringLiteral("dns-migration-links.md")).runbook;
        const RunbookItem* item = findItemTitled(rb, QStringLiteral("Export every zone"));
        QVERIFY(item);
        QVERIFY2(item->titleHtml.contains(QStringLiteral("https://github.com/barnybug/cli53")),
                 qPrintable(item->titleHtml));
    }
};

QTEST_GUILESS_MAIN(TstTeamRunbooks)
#include "tst_teamrunbooks.moc"
