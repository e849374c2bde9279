// The commands a runbook gives for an item (RunbookItem::commands): shell code blocks under it,
// blocks and code spans marked "<!-- golive: run -->", console sessions' "$ " lines; and that
// reading them changes no item id.
#include "ParserTestUtil.h"

#include <QTest>

using namespace golive;
using namespace golive::test;

namespace {

const RunbookItem& only(const RunbookParseResult& r, const QString& id)
{
    const RunbookItem* item = r.runbook.findItem(id);
    if (!item)
        qFatal("no item %s", qPrintable(id));
    return *item;
}

QStringList texts(const RunbookItem& item)
{
    QStringList out;
    for (const RunbookCommand& c : item.commands)
        out << c.text;
    return out;
}

} // namespace

class TestRunbookParserCommands : public QObject
{
    Q_OBJECT

private slots:
    void shellBlocksUnderAnItemAreCommands()
    {
        const RunbookParseResult r = parseText("# R\n\n## Checks\n\n"
                                               "- [ ] Smoke tests\n\n"
                                               "  ```\n  make smoke\n  ```\n\n"
                                               "  ```bash title=x\n  ./deploy.sh --dry-run\n"
                                               "  echo done\n  ```\n\n"
                                               "  ```python\n  print('not a shell')\n  ```\n\n"
                                               "  ```zsh\n  print -l a\n  ```\n\n"
                                               "      indented --flag\n\n"
                                               "- [ ] No command here\n");
        QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
        const RunbookItem& smoke = only(r, QStringLiteral("1.1"));
        QCOMPARE(texts(smoke),
                 (QStringList{QStringLiteral("make smoke"),
                              QStringLiteral("./deploy.sh --dry-run\necho done"),
                              QStringLiteral("print -l a"), QStringLiteral("indented --flag")}));
        QCOMPARE(smoke.commands[0].language, QString());
        QCOMPARE(smoke.commands[1].language, QStringLiteral("bash"));
        QCOMPARE(smoke.commands[1].pos.line, 11);
        QCOMPARE(smoke.commands[1].marked, false);
        QCOMPARE(smoke.commands[3].language, QString());
        // The blocks are still shown as details, as before.
        QCOMPARE(smoke.details.size(), 5);
        QVERIFY(only(r, QStringLiteral("1.2")).commands.isEmpty());
    }

    void codeOutsideItemsIsNoCommand()
    {
        const RunbookParseResult r = parseText("# R\n\n## Checks\n\n```\nmake all\n```\n\n"
                                               "- [ ] Build\n");
        QVERIFY(only(r, QStringLiteral("1.1")).commands.isEmpty());
    }

    void aNestedItemKeepsItsOwnCommands()
    {
        const RunbookParseResult r = parseText("# R\n\n## Checks\n\n"
                                               "- [ ] Parent\n"
                                               "  - [ ] Child\n\n"
                                               "    ```sh\n    child-cmd\n    ```\n\n"
                                               "  ```sh\n  parent-cmd\n  ```\n");
        QCOMPARE(texts(only(r, QStringLiteral("1.1"))), QStringList{QStringLiteral("parent-cmd")});
        QCOMPARE(texts(only(r, QStringLiteral("1.1.1"))), QStringList{QStringLiteral("child-cmd")});
    }

    void aProcedureStepsCommandIsTheItems()
    {
        const RunbookParseResult r = parseText("# R\n\n## Checks\n\n"
                                               "- [ ] Roll back\n\n"
                                               "  Steps:\n\n"
                                               "  1. Stop traffic\n\n"
                                               "     ```\n     kubectl scale --replicas=0 x\n"
                                               "     ```\n");
        QCOMPARE(texts(only(r, QStringLiteral("1.1"))),
                 QStringList{QStringLiteral("kubectl scale --replicas=0 x")});
    }

    void consoleBlocksKeepOnlyThePromptedLines()
    {
        const RunbookParseResult r = parseText("# R\n\n## Checks\n\n"
                                               "- [ ] Health\n\n"
                                               "  ```console\n"
                                               "  $ curl -s localhost/health \\\n"
                                               "      --fail\n"
                                               "  ok\n"
                                               "  $ echo $HOME\n"
                                               "  /home/me\n"
                                               "  ```\n\n"
                                               "  ```console\n  only output\n  ```\n");
        const RunbookItem& item = only(r, QStringLiteral("1.1"));
        QCOMPARE(texts(item), QStringList{QStringLiteral("curl -s localhost/health \\\n"
                                                         "    --fail\necho $HOME")});
        QCOMPARE(item.commands[0].language, QStringLiteral("console"));
    }

    void runMarksABlockOrTheItemsCodeSpan()
    {
        const RunbookParseResult r = parseText("# R\n\n## Checks\n\n"
                                               "- [ ] Run `make smoke` now <!-- golive: run -->\n"
                                               "- [ ] **SBOM:** generate with `syft . -o json` "
                                               "<!-- golive: requires=release-captain, run -->\n"
                                               "- [ ] Python check\n\n"
                                               "  <!-- golive: run -->\n"
                                               "  ```python\n  python3 -c 'print(1)'\n  ```\n\n"
                                               "  ```python\n  unmarked()\n  ```\n"
                                               "- [ ] Span marked on its own line `uptime`\n\n"
                                               "  <!-- golive: run -->\n"
                                               "- [ ] Not marked `ls`\n");
        QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
        QVERIFY2(r.diagnostics.isEmpty(), qPrintable(diagnosticsText(r)));
        const RunbookItem& smoke = only(r, QStringLiteral("1.1"));
        QCOMPARE(texts(smoke), QStringList{QStringLiteral("make smoke")});
        QCOMPARE(smoke.commands[0].marked, true);
        QCOMPARE(smoke.title, QStringLiteral("Run make smoke now"));
        const RunbookItem& sbom = only(r, QStringLiteral("1.2"));
        QCOMPARE(texts(sbom), QStringList{QStringLiteral("syft . -o json")});
        QCOMPARE(sbom.requiredRole, QStringLiteral("release-captain"));
        const RunbookItem& py = only(r, QStringLiteral("1.3"));
        QCOMPARE(texts(py), QStringList{QStringLiteral("python3 -c 'print(1)'")});
        QCOMPARE(py.commands[0].marked, true);
        QCOMPARE(py.commands[0].language, QStringLiteral("python"));
        QCOMPARE(texts(only(r, QStringLiteral("1.4"))), QStringList{QStringLiteral("uptime")});
        QVERIFY(only(r, QStringLiteral("1.5")).commands.isEmpty());
    }

    void runThatMarksNothingIsAWarning()
    {
        const RunbookParseResult r =
            parseText("# R\n\n## Checks\n\n- [ ] No code here <!-- golive: run -->\n");
        QVERIFY(r.ok());
        QVERIFY2(findDiagnostic(r, Diagnostic::Severity::Warning,
                                QStringLiteral("'run' marks nothing to run")),
                 qPrintable(diagnosticsText(r)));
        QVERIFY(!findDiagnostic(r, Diagnostic::Severity::Warning, QStringLiteral("unknown")));
    }

    // Commands are read under the legacy rules too, and reading them moves no item id and no
    // field: a run keeps its ids.
    void commandsChangeNoIds()
    {
        const QByteArray text = "# R\n\n**Owner:** [Name]\n\n## 1. Checks\n\n"
                                "- [ ] First `a` <!-- golive: run -->\n\n"
                                "  <!-- golive: run -->\n"
                                "  ```\n  echo [Name]\n  ```\n"
                                "  - [ ] Nested\n"
                                "- [ ] Second\n";
        for (int rules : {RunbookParser::LegacyRules, RunbookParser::CurrentRules}) {
            const RunbookParseResult r = parseText(text, rules);
            QVERIFY2(r.ok(), qPrintable(diagnosticsText(r)));
            QStringList ids;
            for (const RunbookItem* item : r.runbook.allItems())
                ids << item->id;
            QCOMPARE(ids, (QStringList{QStringLiteral("1.1"), QStringLiteral("1.1.1"),
                                       QStringLiteral("1.2")}));
            QCOMPARE(r.runbook.fields.size(), 1);
            QCOMPARE(texts(only(r, QStringLiteral("1.1"))),
                     (QStringList{QStringLiteral("a"), QStringLiteral("echo [Name]")}));
        }
    }
};

QTEST_APPLESS_MAIN(TestRunbookParserCommands)
#include "tst_runbookparser_commands.moc"
