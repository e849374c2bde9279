// Commands from the runbook in the real window: a block run from the details pane streams its
// output into the terminal pane (colours rendered, no raw escapes), is recorded as a command-run
// event and offered for the sign-off, which names it, and the PDF shows it; Stop records a
// stopped run; a second command is refused in words; an observer cannot run; a window closed
// while a command runs asks, and when forced, the run opened again records it as interrupted,
// with its output, and one a run requiring signatures cannot take yet waits, said in words,
// until the key is chosen. Also: evidence whose bytes were changed in the run file is said not to
// match and cannot be saved or opened. GOLIVE_SCREENSHOT_DIR=DIR also writes the running pane
// (screenshot-command-run.png). And Settings > Evidence: the patterns (one that does not
// compile refused in words), the output kept, the timeout and the attachment limit.
#include "AllowedSigners.h"
#include "ChecklistExport.h"
#include "ChecklistModel.h"
#include "CommandController.h"
#include "CommandRunDialog.h"
#include "CommandsPane.h"
#include "EvidenceController.h"
#include "EvidencePane.h"
#include "MainWindow.h"
#include "OperatorOnDuty.h"
#include "RunFile.h"
#include "RunSession.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SignOffDialog.h"
#include "SshSignature.h"
#include "SshTestAgent.h"
#include "WindowTestSupport.h"
#include "evidence/Evidence.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTreeView>
#include <QTreeWidget>

using namespace golive;

namespace {

const char kRunbook[] =
    "# Command checks\n\n"
    "## Checks\n\n"
    "- [ ] Smoke tests\n\n"
    "  ```sh\n"
    "  printf 'line1\\n\\033[31mred\\033[0m\\n'; echo done\n"
    "  ```\n\n"
    "- [ ] A slow one\n\n"
    "  ```sh\n"
    "  echo started; printf '\\033[32mgreen\\033[0m and \\033[1;31mbold "
    "red\\033[0m\\n'; sleep 30; echo never\n"
    "  ```\n\n"
    "- [ ] Nothing to run\n\n"
    "- [ ] Many lines\n\n"
    "  ```sh\n"
    "  for i in 1 2 3 4; do seq 1 3000; sleep 0.2; done; head -c 40000 /dev/zero | "
    "tr '\\0' x\n"
    "  ```\n";

template <typename T> T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QString::fromLatin1(name));
}

} // namespace

class TestCommandWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runStreamsRecordsOffersSignOffAndExports();
    void stopRecordsStoppedAndASecondIsRefused();
    void observerCannotRun();
    void aFloodKeepsThePaneBounded();
    void closingWhileRunningAsksAndForcedIsRecordedInterrupted();
    void changedEvidenceDoesNotVerifyInTheWindow();
    void aLeftOverWaitsForTheSigningKeyTheRunAsksFor();
    void evidenceSettingsAreShownCheckedAndSaved();

private:
    QString newRun();
    void open(MainWindow& window, const QString& path);
    void as(const QString& name, const QString& role);
    // Clicks Run on block `block` of `itemId` and confirms the dialog.
    CommandRunDialog* askToRun(MainWindow& window, const QString& itemId, int block);
    static QString journalFolder(const QString& run);
    static QStringList journals(const QString& run);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestCommandWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toUtf8());
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("home"))));
    test::isolateSettings(m_dir, QStringLiteral("tst_commandwindow"));
    // The user's shell may be anything; the runbook's commands are POSIX.
    qputenv("SHELL", "/bin/sh");
}

QString TestCommandWindow::newRun()
{
    const QString folder = m_dir.filePath(QStringLiteral("runs%1").arg(++m_runs));
    if (!QDir().mkpath(folder))
        return {};
    const QString runbook = QDir(folder).filePath(QStringLiteral("commands.md"));
    QFile f(runbook);
    if (!f.open(QIODevice::WriteOnly) || f.write(kRunbook) < 0)
        return {};
    f.close();
    const QString run = QDir(folder).filePath(QStringLiteral("commands.golive"));
    const QString error = RunSession::createRunFromRunbook(runbook, run);
    if (!error.isEmpty()) {
        qWarning() << error;
        return {};
    }
    return run;
}

void TestCommandWindow::open(MainWindow& window, const QString& path)
{
    // Each run's journals in a folder of their own: one test's left-overs stay out of another.
    window.commands()->setJournalFolder(journalFolder(path));
    window.setClock([] { return QDateTime::currentDateTimeUtc(); });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
}

void TestCommandWindow::as(const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
}

CommandRunDialog* TestCommandWindow::askToRun(MainWindow& window, const QString& itemId, int block)
{
    if (!test::selectItem(window, itemId))
        return nullptr;
    QPushButton* run = window.commands()->pane()->runButton(block);
    if (!run || !run->isEnabled())
        return nullptr;
    run->click();
    return test::waitForDialog<CommandRunDialog>(window);
}

QString TestCommandWindow::journalFolder(const QString& run)
{
    return QFileInfo(run).dir().filePath(QStringLiteral("journals"));
}

QStringList TestCommandWindow::journals(const QString& run)
{
    // A journal is its record and its output; the lock beside them is only who holds it now.
    return QDir(journalFolder(run))
        .entryList({QStringLiteral("*.json"), QStringLiteral("*.out")}, QDir::Files);
}

void TestCommandWindow::runStreamsRecordsOffersSignOffAndExports()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    open(window, path);
    CommandsPane* pane = window.commands()->pane();
    QVERIFY(test::selectItem(window, QStringLiteral("1.3")));
    QVERIFY(!pane->isVisible()); // an item without commands has no Commands section
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    QVERIFY(pane->isVisible());
    QCOMPARE(pane->commandCount(), 1);
    const QString command = QStringLiteral("printf 'line1\\n\\033[31mred\\033[0m\\n'; echo done");
    QCOMPARE(pane->findChild<QPlainTextEdit*>(QStringLiteral("command-1"))->toPlainText(), command);

    // The confirmation shows exactly what runs, where, for how long, and what is kept.
    CommandRunDialog* dialog = askToRun(window, QStringLiteral("1.1"), 1);
    QVERIFY(dialog);
    QCOMPARE(dialog->commandShown(), command);
    QCOMPARE(dialog->workingDir(), QFileInfo(path).absolutePath());
    QCOMPARE(dialog->timeoutMinutes(), 15);
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("commandWarning"))
                ->text()
                .contains(QStringLiteral("kept in the run for everyone who can read the run")));
    QSignalSpy ended(window.commands(), &CommandController::commandEnded);
    QSignalSpy recorded(window.commands(), &CommandController::commandRecorded);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(ended.wait(10000));
    QVERIFY(recorded.wait(10000) || recorded.size() == 1);
    const SignOffEvent run = recorded.first().at(0).value<SignOffEvent>();
    QCOMPARE(recorded.first().at(1).toString(), QString());
    QCOMPARE(run.kind, EventKind::CommandRun);
    QCOMPARE(run.itemId, QStringLiteral("1.1"));
    const auto record = commandFromEvent(run);
    QVERIFY(record);
    QCOMPARE(record->outcome, CommandOutcome::Exited);
    QCOMPARE(record->exitCode, 0);
    QCOMPARE(record->command, command);

    // The terminal pane: the lines, no raw escape, "red" in red.
    const QString shown = pane->output()->toPlainText();
    QVERIFY2(shown.contains(QStringLiteral("line1\nred\ndone")), qPrintable(shown));
    QVERIFY(!shown.contains(QChar(0x1b)));
    QTextCursor red = pane->output()->document()->find(QStringLiteral("red"));
    QVERIFY(!red.isNull());
    const QColor colour = red.charFormat().foreground().color();
    QVERIFY2(colour.red() > 150 && colour.green() < 100, qPrintable(colour.name()));
    QTextCursor line1 = pane->output()->document()->find(QStringLiteral("line1"));
    QVERIFY(line1.charFormat().foreground().color() != colour);
    // Stored, so the journal is gone.
    QTRY_COMPARE(journals(path), QStringList());

    // The sign-off is offered (never made) with the run ticked.
    auto* sign = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(sign);
    QCOMPARE(window.state().item(QStringLiteral("1.1")).status, ItemStatus::Open);
    auto* box = sign->findChild<QCheckBox*>(QStringLiteral("evidence-%1").arg(run.seq));
    QVERIFY(box && box->isChecked());
    QSignalSpy signedSpy(window.session(), &RunSession::eventRecorded);
    sign->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(signedSpy.wait(5000));
    const SignOffEvent signedEvent = signedSpy.first().at(0).value<SignOffEvent>();
    QCOMPARE(signedEvent.kind, EventKind::Signed);
    QCOMPARE(evidenceReferences(signedEvent), QList<qint64>{run.seq});

    // The PDF names the command and shows its output's lines.
    bool prepared = false;
    window.checklistExport()->prepareEvidence([&] { prepared = true; });
    QTRY_VERIFY_WITH_TIMEOUT(prepared, 10000);
    const QString pdf = m_dir.filePath(QStringLiteral("commands.pdf"));
    QString error;
    QVERIFY2(window.exportChecklistTo(MainWindow::ExportFormat::Pdf, pdf, &error),
             qPrintable(error));
    QProcess text;
    text.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    QVERIFY(text.waitForFinished(30000));
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(words.contains(QStringLiteral("printf 'line1")), qPrintable(words));
    QVERIFY2(words.contains(QStringLiteral("line1")) && words.contains(QStringLiteral("done")),
             qPrintable(words));
    QVERIFY(!words.contains(QChar(0x1b)));
}

void TestCommandWindow::stopRecordsStoppedAndASecondIsRefused()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    MainWindow window;
    open(window, newRun());
    CommandsPane* pane = window.commands()->pane();
    CommandRunDialog* dialog = askToRun(window, QStringLiteral("1.2"), 1);
    QVERIFY(dialog);
    QSignalSpy recorded(window.commands(), &CommandController::commandRecorded);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(pane->output()->toPlainText().contains(QStringLiteral("started")),
                             10000);
    QVERIFY(window.commands()->isRunning());
    QVERIFY(pane->statusText().startsWith(QStringLiteral("Running")));
    // The item's row says so.
    const QModelIndex row = window.currentTree()->currentIndex();
    QCOMPARE(row.siblingAtColumn(ChecklistModel::StatusColumn).data().toString(),
             QStringLiteral("Running\u2026"));

    if (!qEnvironmentVariableIsEmpty("GOLIVE_SCREENSHOT_DIR")) {
        QTest::qWait(1100); // the elapsed time moves
        const QString shot = QDir(qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR"))
                                 .filePath(QStringLiteral("screenshot-command-run.png"));
        QVERIFY(window.grab().save(shot));
    }

    // One at a time: a second is refused in words.
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    QSignalSpy started(window.commands(), &CommandController::commandStarted);
    pane->runButton(1)->click();
    QVERIFY2(window.refusalText().contains(QStringLiteral("A command is already running")),
             qPrintable(window.refusalText()));
    QVERIFY(window.refusalText().contains(QStringLiteral("one runs at a time")));
    QVERIFY(!test::waitForDialog<CommandRunDialog>(window, 300));
    QCOMPARE(started.size(), 0);

    // Stop: recorded as stopped, with what it wrote; no sign-off opens by itself.
    auto* stop = pane->findChild<QPushButton*>(QStringLiteral("commandStop"));
    stop->click();
    QVERIFY(!stop->isEnabled()); // once
    QVERIFY(recorded.wait(10000));
    const SignOffEvent e = recorded.first().at(0).value<SignOffEvent>();
    QCOMPARE(e.itemId, QStringLiteral("1.2"));
    QCOMPARE(commandFromEvent(e)->outcome, CommandOutcome::Stopped);
    QVERIFY(!window.commands()->isRunning());
    QVERIFY(!test::waitForDialog<SignOffDialog>(window, 300));
    auto* signOff = pane->findChild<QPushButton*>(QStringLiteral("commandSignOff"));
    QVERIFY(signOff->isVisible());
    QVERIFY(pane->statusText().contains(QStringLiteral("stopped")));
    QTRY_COMPARE(journals(window.runPath()), QStringList());
    // The run let go, its output goes from the pane too.
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.openRun(window.runPath());
    QVERIFY(opened.wait(5000));
    QVERIFY(!pane->isShowingRun());
    QVERIFY(!pane->output()->isVisible());
}

void TestCommandWindow::aFloodKeepsThePaneBounded()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    MainWindow window;
    open(window, newRun());
    CommandRunDialog* dialog = askToRun(window, QStringLiteral("1.4"), 1);
    QVERIFY(dialog);
    QSignalSpy recorded(window.commands(), &CommandController::commandRecorded);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(recorded.wait(20000));
    const auto record = commandFromEvent(recorded.first().at(0).value<SignOffEvent>());
    QVERIFY(record);
    // The run keeps every byte (under the cap); the pane only the newest lines, and a line
    // with no break in pieces.
    QCOMPARE(record->outputBytes, 4 * 13893 + 40000);
    QTextDocument* doc = window.commands()->pane()->output()->document();
    QVERIFY2(doc->blockCount() <= CommandsPane::kMaxOutputLines,
             qPrintable(QString::number(doc->blockCount())));
    QVERIFY(doc->blockCount() > 1000);
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        QVERIFY(b.length() <= CommandsPane::kMaxLineChars + 1);
    const QString shown = window.commands()->pane()->output()->toPlainText();
    QVERIFY(!shown.startsWith(QStringLiteral("1\n2\n"))); // the oldest lines went
    QVERIFY(shown.contains(QStringLiteral("\n3000\nxxxx")));
    QVERIFY(shown.endsWith(QStringLiteral("xxxx")));
}

void TestCommandWindow::observerCannotRun()
{
    as(QStringLiteral("Oli Watcher"), QStringLiteral("observer"));
    MainWindow window;
    open(window, newRun());
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    QPushButton* run = window.commands()->pane()->runButton(1);
    QVERIFY(run);
    QVERIFY(!run->isEnabled());
    QVERIFY2(run->toolTip().contains(QStringLiteral("Observers cannot run commands")),
             qPrintable(run->toolTip()));
    // Asked anyway (a shortcut, a script): refused, nothing started.
    QSignalSpy started(window.commands(), &CommandController::commandStarted);
    window.commands()->runCommand(QStringLiteral("1.1"), 1);
    QVERIFY(window.refusalText().contains(QStringLiteral("Observers cannot run commands")));
    QVERIFY(!test::waitForDialog<CommandRunDialog>(window, 300));
    QCOMPARE(started.size(), 0);

    // A run open read-only (another window holds it) cannot record output: no Run either.
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    MainWindow second;
    open(second, window.runPath());
    QVERIFY(second.session()->isReadOnly());
    QVERIFY(test::selectItem(second, QStringLiteral("1.1")));
    QPushButton* run2 = second.commands()->pane()->runButton(1);
    QVERIFY(run2 && !run2->isEnabled());
    QVERIFY2(run2->toolTip().contains(QStringLiteral("read-only")), qPrintable(run2->toolTip()));
}

void TestCommandWindow::closingWhileRunningAsksAndForcedIsRecordedInterrupted()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    const QString path = newRun();
    {
        MainWindow window;
        open(window, path);
        CommandsPane* pane = window.commands()->pane();
        CommandRunDialog* dialog = askToRun(window, QStringLiteral("1.2"), 1);
        QVERIFY(dialog);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(pane->output()->toPlainText().contains(QStringLiteral("started")),
                                 10000);
        QString asked;
        auto choice = CommandController::LeaveChoice::Wait;
        window.commands()->setLeaveAsker([&](QWidget*, const QString& text, const QString& force) {
            asked = text + QLatin1Char('|') + force;
            return choice;
        });
        // Keep running and wait: the window stays, the command runs on.
        QVERIFY(!window.close());
        QVERIFY(asked.startsWith(QStringLiteral("A command is running (`echo started;")));
        QVERIFY(asked.endsWith(QStringLiteral("|Quit anyway")));
        QVERIFY(window.isVisible());
        QVERIFY(window.commands()->isRunning());
        // Opening another run asks too.
        asked.clear();
        window.openRun(path);
        QVERIFY(asked.endsWith(QStringLiteral("|Open anyway")));
        QVERIFY(window.commands()->isRunning());
        // Quit anyway: golive ends, the command with it; its journal stays.
        choice = CommandController::LeaveChoice::Force;
        QVERIFY(window.close());
        QVERIFY(!window.commands()->isRunning());
        QVERIFY(!journals(path).isEmpty());
    }
    QVERIFY(!journals(path).isEmpty());

    // Opened again: the left-over journal becomes an interrupted command-run, with its output.
    MainWindow window;
    QSignalSpy recorded(window.session(), &RunSession::eventRecorded);
    open(window, path);
    QVERIFY(recorded.wait(10000));
    const SignOffEvent e = recorded.first().at(0).value<SignOffEvent>();
    QCOMPARE(e.kind, EventKind::CommandRun);
    QCOMPARE(e.itemId, QStringLiteral("1.2"));
    const auto record = commandFromEvent(e);
    QCOMPARE(record->outcome, CommandOutcome::Interrupted);
    QVERIFY(record->command.startsWith(QStringLiteral("echo started; printf")));
    QVERIFY(window.commands()->leftOverText().contains(QStringLiteral("interrupted")));
    QTRY_COMPARE(journals(path), QStringList());
    // Its output is in the run.
    EvidencePane* evidence = window.evidence()->pane();
    QVERIFY(test::selectItem(window, QStringLiteral("1.2")));
    QSignalSpy shown(evidence, &EvidencePane::previewShown);
    QVERIFY(evidence->select(e.seq));
    QVERIFY(shown.wait(5000));
    QVERIFY2(evidence->previewText().contains(QStringLiteral("started")),
             qPrintable(evidence->previewText()));
    // Once: opened again, nothing more is recorded.
    MainWindow third;
    open(third, path);
    QTest::qWait(300);
    QCOMPARE(third.state().eventsFor(QStringLiteral("1.2")).size(), 1);
}

void TestCommandWindow::changedEvidenceDoesNotVerifyInTheWindow()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    const QString path = newRun();
    qint64 seq = 0;
    {
        MainWindow window;
        open(window, path);
        QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
        QFile log(m_dir.filePath(QStringLiteral("smoke.log")));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write("all green\n");
        log.close();
        QSignalSpy recorded(window.session(), &RunSession::eventRecorded);
        QCOMPARE(window.evidence()->attachFiles(QStringLiteral("1.1"), {log.fileName()}), 1);
        QVERIFY(recorded.wait(5000));
        seq = recorded.first().at(0).value<SignOffEvent>().seq;
        QVERIFY(window.close());
    }
    {
        // As someone with the file in hand could: the append-only trigger dropped, a chunk
        // changed.
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER blob_chunks_never_changed")));
        QVERIFY(
            q.exec(QStringLiteral("UPDATE blob_chunks SET data = CAST('all red!!\n' AS BLOB)")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    MainWindow window;
    open(window, path);
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    EvidencePane* pane = window.evidence()->pane();
    QSignalSpy shown(pane, &EvidencePane::previewShown);
    QVERIFY(pane->select(seq));
    QVERIFY(shown.wait(5000));
    QVERIFY2(pane->previewNote().contains(QStringLiteral("does not verify")),
             qPrintable(pane->previewNote()));
    QVERIFY(!pane->previewText().contains(QStringLiteral("all red")));
    QVERIFY(!pane->findChild<QPushButton*>(QStringLiteral("evidenceSaveButton"))->isEnabled());
    QVERIFY(!pane->findChild<QPushButton*>(QStringLiteral("evidenceOpenButton"))->isEnabled());
}

void TestCommandWindow::aLeftOverWaitsForTheSigningKeyTheRunAsksFor()
{
    // A run that requires signatures, Ana on its roster, her key in an agent.
    test::SshTestAgent agent;
    const QString keys = m_dir.filePath(QStringLiteral("keys"));
    QVERIFY(QDir().mkpath(keys));
    QVERIFY(test::makeKey(QDir(keys).filePath(QStringLiteral("ana")), QStringLiteral("ed25519"),
                          QStringLiteral("ana@laptop")));
    QVERIFY(agent.start(m_dir.filePath(QStringLiteral("agent.sock"))));
    QVERIFY(agent.add(QDir(keys).filePath(QStringLiteral("ana"))));
    QString why;
    const auto ana =
        signing::SshPublicKey::fromFile(QDir(keys).filePath(QStringLiteral("ana.pub")), &why);
    QVERIFY2(ana, qPrintable(why));
    const QString folder = m_dir.filePath(QStringLiteral("signed"));
    QVERIFY(QDir().mkpath(folder));
    const QString path = QDir(folder).filePath(QStringLiteral("signed.golive"));
    QString runId;
    {
        auto run = RunFile::create(
            path, QByteArray(kRunbook), QStringLiteral("commands.md"), &why, std::nullopt,
            RunRoster{signing::AllowedSigners::lineFor(QStringLiteral("Ana Lima"), *ana, &why) +
                          QLatin1Char('\n'),
                      true});
        QVERIFY2(run, qPrintable(why));
        runId = run->runId();
    }
    // What a golive killed mid-run leaves: the journal and the output so far; Ana had chosen
    // no key.
    QVERIFY(QDir().mkpath(journalFolder(path)));
    const QString base = QDir(journalFolder(path)).filePath(QStringLiteral("0a1b2c3d"));
    QFile out(base + QStringLiteral(".out"));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("half way\n");
    out.close();
    QFile json(base + QStringLiteral(".json"));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(
        QJsonDocument(
            QJsonObject{{QStringLiteral("item"), QStringLiteral("1.2")},
                        {QStringLiteral("block"), 1},
                        {QStringLiteral("command"), QStringLiteral("make smoke")},
                        {QStringLiteral("cwd"), folder},
                        {QStringLiteral("shell"), QStringLiteral("/bin/sh")},
                        {QStringLiteral("timeout_s"), 900},
                        {QStringLiteral("max_output_bytes"), 5.0 * 1024 * 1024},
                        {QStringLiteral("run_id"), runId},
                        {QStringLiteral("run_location"), path},
                        {QStringLiteral("actor_name"), QStringLiteral("Ana Lima")},
                        {QStringLiteral("actor_role"), QStringLiteral("release-captain")},
                        {QStringLiteral("actor_os_user"), QStringLiteral("ana")},
                        {QStringLiteral("actor_host"), QStringLiteral("laptop")},
                        {QStringLiteral("actor_key"), QString()},
                        {QStringLiteral("start"), QStringLiteral("2026-05-01T16:50:00.000Z")},
                        {QStringLiteral("output_bytes"), 9},
                        {QStringLiteral("redactions"), 0}})
            .toJson());
    json.close();

    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    Settings::instance()->reset(Settings::Key::SigningKeys);
    MainWindow window;
    QSignalSpy recorded(window.session(), &RunSession::eventRecorded);
    open(window, path);
    // It waits, and the window says why; nothing is lost.
    QVERIFY2(window.refusalText().contains(QStringLiteral("not recorded yet")),
             qPrintable(window.refusalText()));
    QVERIFY2(window.refusalText().contains(QStringLiteral("`make smoke` for 1.2")),
             qPrintable(window.refusalText()));
    QVERIFY2(window.refusalText().contains(QStringLiteral("requires signed")),
             qPrintable(window.refusalText()));
    QTest::qWait(200);
    QCOMPARE(recorded.size(), 0);
    QCOMPARE(journals(path).size(), 2);

    // Ana chooses her key: it is recorded, signed, as interrupted, with its output.
    setSigningKeyFor(QStringLiteral("Ana Lima"), QDir(keys).filePath(QStringLiteral("ana.pub")));
    QVERIFY(test::selectItem(window, QStringLiteral("1.2")));
    QVERIFY(recorded.wait(20000));
    const SignOffEvent e = recorded.first().at(0).value<SignOffEvent>();
    QCOMPARE(e.kind, EventKind::CommandRun);
    QCOMPARE(commandFromEvent(e)->outcome, CommandOutcome::Interrupted);
    QCOMPARE(e.signature.keyFingerprint, ana->fingerprint());
    QTRY_COMPARE(journals(path), QStringList());
    agent.stop();
}

void TestCommandWindow::evidenceSettingsAreShownCheckedAndSaved()
{
    // No keychain is asked: there is no Prometheus secret in these settings.
    for (auto key : {Settings::Key::RedactionPatterns, Settings::Key::CommandOutputCapMiB,
                     Settings::Key::CommandTimeoutMinutes, Settings::Key::MaxAttachmentMiB})
        Settings::instance()->reset(key);
    SettingsDialog owned(nullptr);
    SettingsDialog* dialog = &owned;
    dialog->show();
    auto* patterns = child<QPlainTextEdit>(dialog, "redactionPatterns");
    auto* problem = child<QLabel>(dialog, "problem");
    auto* ok = child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok);
    // The defaults: no patterns of one's own (golive's), 5 MiB kept, 15 min, 25 MiB.
    QCOMPARE(patterns->toPlainText(), QString());
    QCOMPARE(child<QSpinBox>(dialog, "outputCap")->value(), 5);
    QCOMPARE(child<QSpinBox>(dialog, "commandTimeout")->value(), 15);
    QCOMPARE(child<QSpinBox>(dialog, "attachmentLimit")->value(), 25);
    // A pattern that does not compile is refused in words, naming it.
    patterns->setPlainText(QStringLiteral("token=\\S+\n(unclosed"));
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().startsWith(QStringLiteral("Redacted patterns: ")),
             qPrintable(problem->text()));
    QVERIFY2(problem->text().contains(QStringLiteral("(unclosed")), qPrintable(problem->text()));
    QVERIFY(!ok->isEnabled());
    patterns->setPlainText(QStringLiteral("token=\\S+\n\n(?<secret>sk-[a-z0-9]+)\n"));
    QVERIFY(problem->isHidden());
    QVERIFY(ok->isEnabled());
    child<QSpinBox>(dialog, "outputCap")->setValue(2);
    child<QSpinBox>(dialog, "commandTimeout")->setValue(0);
    child<QSpinBox>(dialog, "attachmentLimit")->setValue(7);
    ok->click();
    QVERIFY(!dialog->isVisible());
    Settings* s = Settings::instance();
    QCOMPARE(
        s->value(Settings::Key::RedactionPatterns).toStringList(),
        (QStringList{QStringLiteral("token=\\S+"), QStringLiteral("(?<secret>sk-[a-z0-9]+)")}));
    QCOMPARE(s->value(Settings::Key::CommandOutputCapMiB).toInt(), 2);
    QCOMPARE(s->value(Settings::Key::CommandTimeoutMinutes).toInt(), 0);
    QCOMPARE(s->value(Settings::Key::MaxAttachmentMiB).toInt(), 7);
    // The window's attachments follow the limit.
    QCOMPARE(EvidenceController::maxAttachmentBytes(), 7LL * 1024 * 1024);
    for (auto key : {Settings::Key::RedactionPatterns, Settings::Key::CommandOutputCapMiB,
                     Settings::Key::CommandTimeoutMinutes, Settings::Key::MaxAttachmentMiB})
        Settings::instance()->reset(key);
}

QTEST_MAIN(TestCommandWindow)
#include "tst_commandwindow.moc"
