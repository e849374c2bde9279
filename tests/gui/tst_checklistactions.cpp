// The checklist for a person in a hurry, in the real window: a parent signed over open
// sub-items asks first and keeps the reason; a refusal stays in the dialog with what was typed
// and shows in the banner with its fix; greyed actions say why; Undo takes back a revoke and
// says what it undoes; the status line in plain words; Export's folder and what it offers after;
// F8 wraps. GOLIVE_SCREENSHOT_DIR=DIR also writes the banner and the revoke dialog at 1280x720.
#include "ChecklistExport.h"
#include "ChecklistModel.h"
#include "ItemDetailsView.h"
#include "MainWindow.h"
#include "RefusalBanner.h"
#include "RunFile.h"
#include "RunSession.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "Theme.h"
#include "WindowTestSupport.h"
#include "evidence/Evidence.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrl>

using namespace golive;

class TestChecklistActions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void parentWithOpenSubItemsAsksAndKeepsTheReason();
    void refusedNoteStaysInTheDialog();
    void commanderSignsOverOpenChecksShownLive();
    void checksThatMoveAtTheLastMomentAreShownFirst();
    void goDecisionItemPointsToTheGoDecision();
    void actionsARoleCannotTakeAreGreyedWithWhy();
    void undoTakesBackARevokeAndSaysSo();
    void statusLineInPlainWords();
    void exportStartsInDocumentsThenTheLastFolder();
    void exportReadsTheEvidenceOffTheUiThread();
    void nextOpenItemWrapsAndSaysSo();
    void screenshots();

private:
    void open(MainWindow& window);
    void as(const QString& name, const QString& role);
    QAction* action(MainWindow& window, const char* name);
    SignOffDialog* openDialog(MainWindow& window, const char* actionName, const QString& id);
    bool accept(MainWindow& window, SignOffDialog* dialog);

    QTemporaryDir m_dir;
    int m_runs = 0;
    QDateTime m_now;
};

void TestChecklistActions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // QStandardPaths' test mode keeps Documents under the test's own HOME (WindowTestSupport).
    qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toUtf8());
    qputenv("XDG_DOCUMENTS_DIR", m_dir.filePath(QStringLiteral("home/Documents")).toUtf8());
    test::isolateSettings(m_dir, QStringLiteral("tst_checklistactions"));
}

void TestChecklistActions::init()
{
    m_now = QDateTime(QDate(2026, 5, 1), QTime(16, 54), Qt::UTC);
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    Settings::instance()->reset(Settings::Key::LastExportDir);
}

void TestChecklistActions::open(MainWindow& window)
{
    const QString path = test::newSeedRun(m_dir, ++m_runs, QStringLiteral("actions"));
    QVERIFY(!path.isEmpty());
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
}

void TestChecklistActions::as(const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
}

QAction* TestChecklistActions::action(MainWindow& window, const char* name)
{
    return window.findChild<QAction*>(QLatin1String(name));
}

SignOffDialog* TestChecklistActions::openDialog(MainWindow& window, const char* actionName,
                                                const QString& id)
{
    if (!test::selectItem(window, id))
        return nullptr;
    QAction* a = action(window, actionName ? actionName : "signAction");
    if (!a)
        return nullptr;
    a->trigger();
    SignOffDialog* dialog = test::waitForDialog<SignOffDialog>(window);
    return dialog;
}

bool TestChecklistActions::accept(MainWindow& window, SignOffDialog* dialog)
{
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->accept();
    const bool ok = recorded.wait(5000);
    // The closed dialog is deleted on the next turn; until then it holds modality.
    (void)QTest::qWaitFor([&] { return window.findChildren<SignOffDialog*>().isEmpty(); }, 3000);
    window.activateWindow();
    return ok;
}

// 3.2 has four open sub-items: the dialog asks first, needs the reason, and the record keeps it
// with their numbers.
void TestChecklistActions::parentWithOpenSubItemsAsksAndKeepsTheReason()
{
    MainWindow window;
    open(window);
    SignOffDialog* dialog = openDialog(window, nullptr, QStringLiteral("3.2"));
    QVERIFY2(dialog, "Space on 3.2 opens the sign-off dialog");
    QVERIFY2(dialog->warningText().contains(
                 QStringLiteral("4 sub-items open: 3.2.1, 3.2.2, 3.2.3, 3.2.4: sign anyway?")),
             qPrintable(dialog->warningText()));
    QVERIFY(dialog->textRequired());
    auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QCOMPARE(ok->text(), QStringLiteral("Sign &anyway"));
    QVERIFY2(!ok->isEnabled(), "no sign-off over open sub-items without a reason");
    QTest::keyClicks(dialog->findChild<QPlainTextEdit*>(QStringLiteral("signOffText")),
                     QStringLiteral("scans run by the vendor, report attached"));
    QVERIFY(ok->isEnabled());
    QVERIFY(accept(window, dialog));
    const ItemState s = window.state().item(QStringLiteral("3.2"));
    QCOMPARE(s.status, ItemStatus::Signed);
    QCOMPARE(s.note, QStringLiteral("Signed over open sub-items 3.2.1, 3.2.2, 3.2.3, 3.2.4: scans "
                                    "run by the vendor, report attached"));
    // A leaf asks nothing of the kind.
    dialog = openDialog(window, nullptr, QStringLiteral("1.1"));
    QVERIFY(dialog);
    QVERIFY(dialog->warningText().isEmpty());
    QVERIFY(!dialog->textRequired());
    dialog->reject();
    window.close();
}

// Someone else signs 1.1 while the dialog is open: the rules refuse in the dialog, which stays
// open with the note as typed; cancelling leaves nothing behind.
void TestChecklistActions::refusedNoteStaysInTheDialog()
{
    MainWindow window;
    open(window);
    SignOffDialog* dialog = openDialog(window, nullptr, QStringLiteral("1.1"));
    QVERIFY(dialog);
    SignOffEvent other;
    other.kind = EventKind::Signed;
    other.itemId = QStringLiteral("1.1");
    other.actor = Actor::local(QStringLiteral("Bo Berg"), Role::Engineer);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QString why;
    QVERIFY2(window.session()->submit(other, &why), qPrintable(why));
    QVERIFY(recorded.wait(5000));
    auto* text = dialog->findChild<QPlainTextEdit*>(QStringLiteral("signOffText"));
    QTest::keyClicks(text, QStringLiteral("cluster autoscaler checked by hand"));
    dialog->accept();
    QVERIFY2(dialog->isVisible(), "a refused sign-off stays in its dialog");
    QVERIFY2(dialog->problemText().contains(QStringLiteral("is already signed by Bo Berg")),
             qPrintable(dialog->problemText()));
    QCOMPARE(text->toPlainText(), QStringLiteral("cluster autoscaler checked by hand"));
    QCOMPARE(window.state().item(QStringLiteral("1.1")).by, QStringLiteral("Bo Berg"));
    dialog->reject();
    window.close();
}

// 4.4 requires every earlier item done. Another role cannot sign it while items are open; the
// incident commander's dialog names the open checks, keeps them current while it is open, needs
// the reason, and the record names what was open when it was signed.
void TestChecklistActions::commanderSignsOverOpenChecksShownLive()
{
    MainWindow window;
    open(window);
    QVERIFY(test::selectItem(window, QStringLiteral("4.4")));
    QAction* sign = action(window, "signAction");
    QVERIFY2(sign->toolTip().contains(QStringLiteral("requires every earlier item done; open: "
                                                     "0.1, 0.2")),
             qPrintable(sign->toolTip()));

    QVERIFY2(!sign->isEnabled(), "greyed: it is the release captain's role that cannot");

    as(QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QVERIFY(test::selectItem(window, QStringLiteral("1.1"))); // the actions follow the selection
    SignOffDialog* dialog = openDialog(window, nullptr, QStringLiteral("4.4"));
    QVERIFY2(dialog, "the incident commander may sign 4.4 over its open checks");
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Sign off over open checks"));
    QVERIFY2(dialog->warningText().startsWith(QStringLiteral(
                 "Open checks golive verifies itself: previous-complete (open: 0.1, 0.2, ")) &&
                 dialog->warningText().contains(QStringLiteral(", 1.1, ")),
             qPrintable(dialog->warningText()));
    QVERIFY(dialog->textRequired());
    auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY2(!ok->isEnabled(), "no sign-off over open checks without a reason");

    // 1.1 is signed while the dialog is open: the dialog stops naming it.
    SignOffEvent other;
    other.kind = EventKind::Signed;
    other.itemId = QStringLiteral("1.1");
    other.actor = Actor::local(QStringLiteral("Bo Berg"), Role::Engineer);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QString why;
    QVERIFY2(window.session()->submit(other, &why), qPrintable(why));
    QVERIFY(recorded.wait(5000));
    QTRY_VERIFY2_WITH_TIMEOUT(!dialog->warningText().contains(QStringLiteral(", 1.1, ")),
                              qPrintable(dialog->warningText()), 5000);
    QVERIFY(dialog->openChecks().constFirst().contains(QStringLiteral(", 1.2, ")));

    QTest::keyClicks(dialog->findChild<QPlainTextEdit*>(QStringLiteral("signOffText")),
                     QStringLiteral("sections 0-3 confirmed on the bridge"));
    QVERIFY(ok->isEnabled());
    QVERIFY(accept(window, dialog));
    const ItemState s = window.state().item(QStringLiteral("4.4"));
    QCOMPARE(s.status, ItemStatus::Signed);
    QVERIFY2(s.note.startsWith(QStringLiteral("Signed over open checks: previous-complete (open: "
                                              "0.1, 0.2, ")) &&
                 !s.note.contains(QStringLiteral(", 1.1, ")) &&
                 s.note.endsWith(QStringLiteral("): sections 0-3 confirmed on the bridge")),
             qPrintable(s.note));
    window.close();
}

// The open checks change between the dialog's last look and the press: nothing is recorded,
// the dialog shows the new ones and says why, and the next press (over what is shown) records.
void TestChecklistActions::checksThatMoveAtTheLastMomentAreShownFirst()
{
    SignOffDialog dialog(EventKind::Signed, QStringLiteral("4.3  Health"),
                         QStringLiteral("Inès Duarte · Incident Commander"));
    dialog.setOpenChecks({QStringLiteral("health-green (not up: postgres)")});
    int asked = 0;
    dialog.setCheck([&](const QString&) {
        ++asked;
        if (asked == 1) {
            // What openChecksChanged() does when the checks moved.
            dialog.setOpenChecks({QStringLiteral("health-green (not up: postgres, redis)")});
            return QStringLiteral("The open checks changed while this dialog was open. Read them "
                                  "again, then sign.");
        }
        return QString();
    });
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QTest::keyClicks(dialog.findChild<QPlainTextEdit*>(QStringLiteral("signOffText")),
                     QStringLiteral("bridge confirms"));
    dialog.accept();
    QCOMPARE(accepted.size(), 0);
    QVERIFY2(dialog.problemText().startsWith(QStringLiteral("The open checks changed")),
             qPrintable(dialog.problemText()));
    QVERIFY2(dialog.warningText().contains(QStringLiteral("postgres, redis")),
             qPrintable(dialog.warningText()));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY2(ok->isEnabled(), "the person has seen the new checks: the next press may record");
    dialog.accept();
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(asked, 2);
}

// 4.2 is recorded by the GO: its tooltip and the refusal say so, with the way to it, for every
// role; the banner's button opens the Go/No-Go.
void TestChecklistActions::goDecisionItemPointsToTheGoDecision()
{
    MainWindow window;
    open(window);
    as(QStringLiteral("Inès Duarte"), QStringLiteral("incident-commander"));
    QVERIFY(test::selectItem(window, QStringLiteral("4.2")));
    const QString rowTip = window.currentTree()->currentIndex().data(Qt::ToolTipRole).toString();
    QVERIFY2(rowTip.contains(QStringLiteral("Recorded by the GO decision (Ctrl+G)")),
             qPrintable(rowTip));
    QVERIFY2(!rowTip.contains(QStringLiteral("Needs")), qPrintable(rowTip));
    // The details pane says the same, and names no role that could sign it.
    const QString details = window.findChild<ItemDetailsView*>()->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("Recorded by the GO decision (Ctrl+G)")),
             qPrintable(details));
    QVERIFY2(!details.contains(QStringLiteral("Needs the")), qPrintable(details));
    window.refreshCutover();
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    QVERIFY(test::selectItem(window, QStringLiteral("4.2"))); // the actions follow the selection
    QAction* sign = action(window, "signAction");
    QVERIFY2(
        sign->toolTip().contains(QStringLiteral("4.2 is recorded by the GO decision (Ctrl+G)")),
        qPrintable(sign->toolTip()));
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY2(window.refusalText().contains(QStringLiteral("is recorded by the GO decision")),
             qPrintable(window.refusalText()));
    QVERIFY(!window.refusalText().contains(QStringLiteral("role")));
    auto* go = window.refusalBanner()->findChild<QPushButton*>(QStringLiteral("goNoGoButton"));
    QVERIFY2(go && go->isVisible(), "the banner offers the Go/No-Go");
    QCOMPARE(go->text(), QStringLiteral("Go/No-Go… (Ctrl+G)"));
    // Taken by someone the Go/No-Go is not for: its own refusal replaces the banner while the
    // button is still being clicked (it must not be deleted under its own click).
    as(QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QTest::mouseClick(go, Qt::LeftButton);
    QTRY_COMPARE(refused.size(), 2);
    QVERIFY2(window.refusalText().contains(QStringLiteral("you are engineer")),
             qPrintable(window.refusalText()));
    window.close();
}

// The engineer cannot sign 0.2 (the incident commander's): greyed, with the rule's words; the
// release captain's own sign-off of 1.1 is shown "at 16:54 UTC", not as an ISO stamp.
void TestChecklistActions::actionsARoleCannotTakeAreGreyedWithWhy()
{
    MainWindow window;
    open(window);
    as(QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    QVERIFY(test::selectItem(window, QStringLiteral("0.2")));
    for (const char* name : {"signAction", "naAction", "blockAction"}) {
        QAction* a = action(window, name);
        QVERIFY2(a && !a->isEnabled(), name);
        QVERIFY2(a->toolTip().startsWith(QStringLiteral("Not now: ")) &&
                     a->toolTip().contains(QStringLiteral("needs the incident-commander role; you "
                                                          "are engineer")),
                 qPrintable(a->toolTip()));
    }
    QVERIFY2(action(window, "noteAction")->isEnabled(), "anyone on duty may add a note");
    // Space on the greyed Sign off still says why, in the banner with the fix.
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY(
        window.refusalBanner()->findChild<QPushButton*>(QStringLiteral("changeOperatorButton")));

    // A person's words inside a refusal never choose its button: 1.3 blocked with a reason
    // that reads like a role refusal, then Space on it. The banner names the block, no fix.
    SignOffEvent block;
    block.kind = EventKind::Blocked;
    block.itemId = QStringLiteral("1.3");
    block.text = QStringLiteral("vendor says: stop; you are engineer");
    block.actor = Actor::local(QStringLiteral("Bo Berg"), Role::Engineer);
    QSignalSpy blocked(&window, &MainWindow::eventRecorded);
    QString why;
    QVERIFY2(window.session()->submit(block, &why), qPrintable(why));
    QVERIFY(blocked.wait(5000));
    QVERIFY(test::selectItem(window, QStringLiteral("1.3")));
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    QTRY_COMPARE(refused.size(), 2);
    QVERIFY2(window.refusalText().contains(QStringLiteral("you are engineer\"")),
             qPrintable(window.refusalText()));
    for (QPushButton* b : window.refusalBanner()->findChildren<QPushButton*>()) {
        QVERIFY2(b->objectName() == QLatin1String("refusalClose") || !b->isVisible(),
                 qPrintable(b->objectName())); // no fix offered, only the close button
    }

    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    SignOffDialog* dialog = openDialog(window, nullptr, QStringLiteral("1.1"));
    QVERIFY(dialog);
    QVERIFY(accept(window, dialog));
    QVERIFY(test::selectItem(window, QStringLiteral("1.3")));
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    const QString tip = action(window, "signAction")->toolTip();
    QVERIFY2(tip.contains(QStringLiteral("already signed by Ana Lima (release-captain) at 16:54 "
                                         "UTC")),
             qPrintable(tip));
    QVERIFY2(!tip.contains(QStringLiteral("T16:54")), qPrintable(tip));
    QVERIFY2(action(window, "signAction")->isEnabled(), "not a role's refusal: Space explains");
    window.close();
}

// Sign, revoke (a warning dialog), then Ctrl+Z re-signs with the original note; the menu item
// names what it undoes at every step.
void TestChecklistActions::undoTakesBackARevokeAndSaysSo()
{
    MainWindow window;
    open(window);
    QAction* undo = action(window, "undoAction");
    QVERIFY(!undo->isEnabled());
    SignOffDialog* dialog = openDialog(window, nullptr, QStringLiteral("1.1"));
    QVERIFY(dialog);
    dialog->setText(QStringLiteral("nodes ready in all three zones"));
    QVERIFY(accept(window, dialog));
    QCOMPARE(undo->text(), QStringLiteral("Undo sign-off of 1.1"));
    QVERIFY(undo->isEnabled());

    dialog = openDialog(window, "revokeAction", QStringLiteral("1.1"));
    QVERIFY(dialog);
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Revoke sign-off"));
    QVERIFY2(dialog->warningText().contains(QStringLiteral(
                 "This revokes the sign-off by Ana Lima (Release Captain) at 16:54 UTC")),
             qPrintable(dialog->warningText()));
    QVERIFY2(dialog->warningText().contains(QStringLiteral("The record keeps both")),
             qPrintable(dialog->warningText()));
    auto* warningIcon = dialog->findChild<QLabel*>(QStringLiteral("signOffWarningIcon"));
    QVERIFY(warningIcon && warningIcon->isVisible() && !warningIcon->pixmap().isNull());
    auto* revoke = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY2(revoke->styleSheet().contains(themeColour(ThemeColour::DangerBanner).name()),
             qPrintable(revoke->styleSheet()));
    dialog->setText(QStringLiteral("zone c lost a node"));
    QVERIFY(accept(window, dialog));
    QCOMPARE(window.state().item(QStringLiteral("1.1")).status, ItemStatus::Open);
    QCOMPARE(undo->text(), QStringLiteral("Undo revoke of 1.1"));

    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(window.currentTree(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY2(recorded.wait(5000), qPrintable(window.statusBar()->currentMessage()));
    const auto event = recorded.last().first().value<SignOffEvent>();
    QCOMPARE(event.kind, EventKind::Signed);
    QCOMPARE(event.text, QStringLiteral("nodes ready in all three zones"));
    QCOMPARE(window.state().item(QStringLiteral("1.1")).status, ItemStatus::Signed);
    QCOMPARE(window.state().eventsFor(QStringLiteral("1.1")).size(), 3); // the record keeps all
    QCOMPARE(undo->text(), QStringLiteral("Undo sign-off of 1.1"));
    window.close();
}

void TestChecklistActions::statusLineInPlainWords()
{
    MainWindow window;
    open(window);
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY(start);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    start->setText(QStringLiteral("2026-05-01 17:40 UTC"));
    emit start->editingFinished();
    QVERIFY(recorded.wait(5000));
    QCOMPARE(window.statusBar()->currentMessage(),
             QStringLiteral("Start set to 2026-05-01 17:40 UTC (by Ana Lima)"));
    window.close();
}

// The first export starts in Documents, the next where the last went; done, it offers to open
// the file or its folder.
void TestChecklistActions::exportStartsInDocumentsThenTheLastFolder()
{
    MainWindow window;
    open(window);
    ChecklistExport* exporter = window.checklistExport();
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QVERIFY(!documents.isEmpty());
    QVERIFY(QDir().mkpath(documents));
    QCOMPARE(QFileInfo(exporter->suggestedPath(ChecklistExport::Format::Markdown)).absolutePath(),
             QFileInfo(documents).absoluteFilePath());
    QVERIFY(exporter->suggestedPath(ChecklistExport::Format::Pdf).endsWith(QStringLiteral(".pdf")));

    const QString elsewhere = m_dir.filePath(QStringLiteral("audit"));
    QVERIFY(QDir().mkpath(elsewhere));
    QString offered;
    exporter->setFileChooser([&](const QString& suggested) {
        offered = suggested;
        return QDir(elsewhere).filePath(QStringLiteral("checklist.md"));
    });
    QList<QUrl> opened;
    exporter->setUrlOpener([&](const QUrl& url) { opened << url; });
    exporter->exportWithDialog(ChecklistExport::Format::Markdown);
    QCOMPARE(QFileInfo(offered).absolutePath(), QFileInfo(documents).absoluteFilePath());
    QVERIFY(QFile::exists(QDir(elsewhere).filePath(QStringLiteral("checklist.md"))));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("exportDoneBox"));
    QVERIFY2(box && box->isVisible(), "the export offers to open what it wrote");
    box->findChild<QPushButton*>(QStringLiteral("exportFolderButton"))->click();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first(), QUrl::fromLocalFile(QFileInfo(elsewhere).absoluteFilePath()));
    QTRY_VERIFY(!window.findChild<QMessageBox*>(QStringLiteral("exportDoneBox")));

    exporter->exportWithDialog(ChecklistExport::Format::Markdown);
    QCOMPARE(QFileInfo(offered).absolutePath(), QFileInfo(elsewhere).absoluteFilePath());
    box = window.findChild<QMessageBox*>(QStringLiteral("exportDoneBox"));
    QVERIFY(box);
    box->findChild<QPushButton*>(QStringLiteral("exportOpenButton"))->click();
    QCOMPARE(opened.last(),
             QUrl::fromLocalFile(QDir(elsewhere).filePath(QStringLiteral("checklist.md"))));
    window.close();
}

// A run with a command's output on the record: the export asks the ledger's worker for what it
// shows of the output and writes once that has come (never reading the run on the UI thread),
// and the PDF and JSON carry it, its bytes checked.
void TestChecklistActions::exportReadsTheEvidenceOffTheUiThread()
{
    const QString path = test::newSeedRun(m_dir, ++m_runs, QStringLiteral("evidence"));
    QVERIFY(!path.isEmpty());
    QString item;
    {
        QString error;
        auto run = RunFile::open(path, RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        for (const RunbookItem* i : run->runbook().allItems()) {
            if (i->children.isEmpty() && i->requiredRole.isEmpty()) {
                item = i->id;
                break;
            }
        }
        CommandRecord r;
        r.command = QStringLiteral("make smoke");
        r.workingDir = QStringLiteral("/srv");
        r.shell = QStringLiteral("/bin/sh");
        r.startUtc = m_now;
        r.endUtc = m_now.addSecs(3);
        r.durationMs = 3000;
        QByteArray output("first-line-of-smoke\nsecond\n");
        r.outputBytes = output.size();
        SignOffEvent e;
        e.kind = EventKind::CommandRun;
        e.itemId = item;
        e.actor = Actor::local(QStringLiteral("Ana Lima"), Role::Engineer);
        e.text = commandEventText(r);
        QBuffer source(&output);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("output"), DefaultMaxOutputBytes,
                                     &error),
                 qPrintable(error));
    }
    MainWindow window;
    window.setClock([this] { return m_now; });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    ChecklistExport* exporter = window.checklistExport();
    exporter->setUrlOpener([](const QUrl&) {});
    for (const auto& [format, name] :
         {std::pair{ChecklistExport::Format::Json, QStringLiteral("evidence.json")},
          std::pair{ChecklistExport::Format::Pdf, QStringLiteral("evidence.pdf")}}) {
        const QString out = m_dir.filePath(name);
        exporter->setFileChooser([&](const QString&) { return out; });
        exporter->exportWithDialog(format);
        // Asked of the worker; written once its answer comes back through the event loop.
        QVERIFY(exporter->preparingEvidence());
        QVERIFY(!QFile::exists(out));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(out), 10000);
        QVERIFY(!exporter->preparingEvidence());
        QTRY_VERIFY(window.findChild<QMessageBox*>(QStringLiteral("exportDoneBox")));
        delete window.findChild<QMessageBox*>(QStringLiteral("exportDoneBox"));
    }
    QFile json(m_dir.filePath(QStringLiteral("evidence.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject first = QJsonDocument::fromJson(json.readAll())
                                  .object()
                                  .value(QStringLiteral("evidence"))
                                  .toArray()
                                  .first()
                                  .toObject();
    QCOMPARE(first.value(QStringLiteral("item")).toString(), item);
    QCOMPARE(first.value(QStringLiteral("bytes")).toString(), QStringLiteral("verified"));
    QProcess text;
    text.start(QStringLiteral("pdftotext"),
               {m_dir.filePath(QStringLiteral("evidence.pdf")), QStringLiteral("-")});
    QVERIFY(text.waitForFinished(60000));
    const QString pdf = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(pdf.contains(QStringLiteral("first-line-of-smoke")), qPrintable(pdf));
    QVERIFY(pdf.contains(QStringLiteral("make smoke")));
    window.close();
}

// F8 from the last open item goes back to the first open one above, and says so.
void TestChecklistActions::nextOpenItemWrapsAndSaysSo()
{
    MainWindow window;
    open(window);
    const QList<const RunbookItem*> items = window.runbook().allItems();
    const QString last = items.constLast()->id;
    QVERIFY(test::selectItem(window, last));
    QTest::keyClick(window.currentTree(), Qt::Key_F8);
    QCOMPARE(window.currentTree()->currentIndex().data(ChecklistModel::ItemIdRole).toString(),
             QStringLiteral("0.1"));
    QCOMPARE(window.statusBar()->currentMessage(),
             QStringLiteral("No open item below %1: back to the first open item, 0.1.").arg(last));
    // From there on downwards, as before.
    window.statusBar()->clearMessage();
    QTest::keyClick(window.currentTree(), Qt::Key_F8);
    QCOMPARE(window.currentTree()->currentIndex().data(ChecklistModel::ItemIdRole).toString(),
             QStringLiteral("0.2"));
    QVERIFY(window.statusBar()->currentMessage().isEmpty());
    window.close();
}

void TestChecklistActions::screenshots()
{
    const QString out = qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR");
    if (out.isEmpty())
        QSKIP("set GOLIVE_SCREENSHOT_DIR=DIR to write the screenshots");
    applyTheme(Theme::Dark);
    MainWindow window;
    open(window);
    as(QStringLiteral("Eli Novak"), QStringLiteral("engineer"));
    QVERIFY(test::selectItem(window, QStringLiteral("0.2")));
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    QTRY_VERIFY(!window.refusalText().isEmpty());
    QApplication::processEvents();
    QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("refusal-banner-1280.png"))));
    window.refusalBanner()->dismiss();
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    SignOffDialog* dialog = openDialog(window, nullptr, QStringLiteral("1.1"));
    QVERIFY(dialog);
    dialog->setText(QStringLiteral("nodes ready in all three zones"));
    QVERIFY(accept(window, dialog));
    dialog = openDialog(window, "revokeAction", QStringLiteral("1.1"));
    QVERIFY(dialog);
    dialog->setText(QStringLiteral("zone c lost a node"));
    QApplication::processEvents();
    QVERIFY(dialog->grab().save(QDir(out).filePath(QStringLiteral("revoke-dialog.png"))));
    dialog->reject();
    dialog = openDialog(window, nullptr, QStringLiteral("3.2"));
    QVERIFY(dialog);
    QApplication::processEvents();
    QVERIFY(dialog->grab().save(QDir(out).filePath(QStringLiteral("sign-anyway-dialog.png"))));
    dialog->reject();
    window.close();
}

QTEST_MAIN(TestChecklistActions)
#include "tst_checklistactions.moc"
