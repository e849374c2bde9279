// The manual page and the shell completion are read back from the help golive prints: the
// reading must give back exactly what the help was made from, and roff must never take a
// word of it for a request. `golive status --ids`, which the completion asks, lists the ids;
// `golive FILE.golive`, which the desktop entry runs, opens the window.
#include "Cli.h"
#include "CliHarness.h"
#include "HelpFormats.h"
#include "RunFile.h"

#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;
using namespace golive::cli;

class TestHelpFormats : public QObject
{
    Q_OBJECT

private slots:
    void roffNeverTakesTextForARequest();
    void wrappedHelpReadsBackAsWritten_data();
    void wrappedHelpReadsBackAsWritten();
    void usageFormsAndArgumentsAreRead();
    void statusListsTheRunsItemIds();
    void aRunFileGivenAloneOpensTheWindow();
};

void TestHelpFormats::roffNeverTakesTextForARequest()
{
    // A line starting with '.' or '\'' would be a request to roff; a backslash an escape.
    QCOMPARE(roffEscape(QStringLiteral(".TH X 1\n'br\nback\\fBslash\nplain.")),
             QStringLiteral("\\&.TH X 1\n\\&'br\nback\\efBslash\nplain."));
}

void TestHelpFormats::wrappedHelpReadsBackAsWritten_data()
{
    QTest::addColumn<QString>("description");
    QTest::newRow("words") << QStringLiteral(
        "Wait up to SECONDS for another golive to close the run file before giving up on it, "
        "then say which one holds it and what was kept safe.");
    // A word longer than the column is cut where the line ends: read back without a space.
    QTest::newRow("a path longer than the column")
        << QStringLiteral("The run (default: /home/someone-with-a-long-name/.local/share/golive/"
                          "golive/summit-go-live.golive).");
    QTest::newRow("two long words") << QStringLiteral(
        "postgresql://release-captain@db.example.org:5432/golive?run=summit-2026-12-06 or "
        "/srv/war-room/runs/summit-go-live-2026-12-06-after-the-rollback.golive");
}

void TestHelpFormats::wrappedHelpReadsBackAsWritten()
{
    // Qt's own layout of an option's description, read back by parseHelp.
    QFETCH(QString, description);
    QCommandLineParser parser;
    parser.addOption(
        QCommandLineOption(QStringLiteral("wait"), description, QStringLiteral("SECONDS")));
    const ParsedHelp help = parseHelp(parser.helpText());
    QCOMPARE(help.options.size(), 1);
    QCOMPARE(help.options.constFirst().names, QStringList{QStringLiteral("--wait")});
    QCOMPARE(help.options.constFirst().value, QStringLiteral("SECONDS"));
    QCOMPARE(help.options.constFirst().text, description);
}

void TestHelpFormats::usageFormsAndArgumentsAreRead()
{
    const ParsedHelp help =
        parseHelp(QStringLiteral("Usage: golive roster [--run RUN] | golive roster add NAME FILE\n"
                                 "The run's roster.\n"
                                 "\n"
                                 "Options:\n"
                                 "  -h, --help  Show this help and exit.\n"
                                 "\n"
                                 "Arguments:\n"
                                 "  NAME        Who signs.\n"
                                 "\n"
                                 "Roles: engineer.\n"
                                 "\n"
                                 "Exit codes: 0 ok.\n"));
    QCOMPARE(help.usage, (QStringList{QStringLiteral("golive roster [--run RUN]"),
                                      QStringLiteral("golive roster add NAME FILE")}));
    QCOMPARE(help.description, QStringLiteral("The run's roster."));
    QCOMPARE(help.options.size(), 1);
    QCOMPARE(help.options.constFirst().names,
             (QStringList{QStringLiteral("-h"), QStringLiteral("--help")}));
    QCOMPARE(help.arguments.size(), 1);
    QCOMPARE(help.arguments.constFirst().names, QStringList{QStringLiteral("NAME")});
    QCOMPARE(help.epilog, (QStringList{QStringLiteral("Roles: engineer."),
                                       QStringLiteral("Exit codes: 0 ok.")}));
}

void TestHelpFormats::statusListsTheRunsItemIds()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.golive"));
    QString error;
    const QByteArray runbook =
        "# Go-live\n\n## 1. Prepare\n\n- [ ] One\n  - [ ] Inner\n- [ ] Two\n";
    QVERIFY2(RunFile::create(path, runbook, QStringLiteral("r.md"), &error), qPrintable(error));
    test::CliHarness cli;
    const test::CliResult ids =
        cli.run({QStringLiteral("status"), QStringLiteral("--run"), path, QStringLiteral("--ids")});
    QCOMPARE(ids.code, ExitOk);
    QCOMPARE(ids.out, QStringLiteral("1.1\n1.1.1\n1.2\n"));
    const test::CliResult both = cli.run({QStringLiteral("status"), QStringLiteral("--run"), path,
                                          QStringLiteral("--ids"), QStringLiteral("--json")});
    QCOMPARE(both.code, ExitUsage);
    QVERIFY(both.out.isEmpty());
}

void TestHelpFormats::aRunFileGivenAloneOpensTheWindow()
{
    // -1: not a command; main() goes on to the window, which takes the file as --run.
    const auto dispatch = [](const char* argument) {
        QByteArray program("golive"), given(argument);
        char* argv[] = {program.data(), given.data(), nullptr};
        return runCommandLine(2, argv);
    };
    QCOMPARE(dispatch("war-room.golive"), -1);
    QCOMPARE(dispatch("/runs/Summit.GOLIVE"), -1);
    // Handed on untouched: the command line's quiet logging is not the window's.
    QVERIFY(QLoggingCategory("golive.ui").isInfoEnabled());
    // Anything else is still an unknown command, said as one.
    QCOMPARE(dispatch("sigm"), int(ExitUsage));
}

QTEST_GUILESS_MAIN(TestHelpFormats)
#include "tst_helpformats.moc"
