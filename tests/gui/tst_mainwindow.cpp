// Drives the real main window: sign with the keyboard, undo, fill a field, see a broken ledger.
#include "ChecklistModel.h"
#include "MainWindow.h"
#include "RunFile.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "TimelineDock.h"
#include "WindowTestSupport.h"

#include <algorithm>

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QPrinter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeView>

#include <memory>

using namespace golive;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void signWithKeyboardSurvivesRestart();
    void undoRevokesOwnLastSignOff();
    void fillingAFieldIsRecorded();
    void tamperedLedgerShowsBannerAndBlocksSignOffs();
    void runThatWentBackShowsBannerUntilAcknowledged();
    void missingRunSaysSoInTheWindow();
    void closingRecordsAFieldTypedButNotEntered();
    void failedReopenDoesNotPretendTheOldRunIsOpen();
    void placeholderInASectionTitleShowsItsValue();
    void ctrlPShowsAPreviewOfTheSignedChecklist();
    void itemRequiringARoleIsRefusedNamingIt();
    void ctrlPageDownStepsThroughTheSectionTabs();
    void exportsNeverReplaceTheRun();
    void shownBeforeItsLedgerIsCheckedSaysSo();

private:
    QString newRun();
    void openAndWait(MainWindow& window, const QString& path);
    bool selectItem(MainWindow& window, const QString& id);
    SignOffDialog* waitForDialog(MainWindow& window);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::init()
{
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ana Lima"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
}

QString TestMainWindow::newRun()
{
    return test::newSeedRun(m_dir, ++m_runs);
}

void TestMainWindow::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

bool TestMainWindow::selectItem(MainWindow& window, const QString& id)
{
    return test::selectItem(window, id);
}

SignOffDialog* TestMainWindow::waitForDialog(MainWindow& window)
{
    SignOffDialog* dialog = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            dialog = window.findChild<SignOffDialog*>();
            return dialog && dialog->isVisible();
        },
        3000);
    return shown ? dialog : nullptr;
}

void TestMainWindow::signWithKeyboardSurvivesRestart()
{
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    {
        MainWindow window;
        openAndWait(window, path);
        QCOMPARE(window.tabs()->count(), 6);
        QVERIFY(window.tabs()->tabText(0).contains(QStringLiteral("0/2")));
        QVERIFY(selectItem(window, QStringLiteral("0.1")));

        QTest::keyClick(window.currentTree(), Qt::Key_Space);
        SignOffDialog* dialog = waitForDialog(window);
        QVERIFY2(dialog, "Space on an item opens the sign-off dialog");
        QTest::keyClicks(dialog->findChild<QPlainTextEdit*>(QStringLiteral("signOffText")),
                         QStringLiteral("branch frozen at 14:00"));
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        QTest::keyClick(dialog->findChild<QPlainTextEdit*>(QStringLiteral("signOffText")),
                        Qt::Key_Return);
        QVERIFY(recorded.wait(5000));

        const ItemState s = window.state().item(QStringLiteral("0.1"));
        QCOMPARE(s.status, ItemStatus::Signed);
        QCOMPARE(s.by, QStringLiteral("Ana Lima"));
        QVERIFY(window.tabs()->tabText(0).contains(QStringLiteral("1/2")));
        const QModelIndex index = window.currentTree()->currentIndex();
        QCOMPARE(index.siblingAtColumn(ChecklistModel::SignedByColumn).data().toString(),
                 QStringLiteral("Ana Lima"));
        window.close();
    }
    {
        MainWindow window;
        openAndWait(window, path);
        const ItemState s = window.state().item(QStringLiteral("0.1"));
        QCOMPARE(s.status, ItemStatus::Signed);
        QCOMPARE(s.by, QStringLiteral("Ana Lima"));
        QCOMPARE(s.role, Role::ReleaseCaptain);
        QCOMPARE(s.note, QStringLiteral("branch frozen at 14:00"));
        QVERIFY(window.tabs()->tabText(0).contains(QStringLiteral("1/2")));
        window.close();
    }
}

void TestMainWindow::undoRevokesOwnLastSignOff()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    QVERIFY(selectItem(window, QStringLiteral("1.1")));
    // An item view only takes a double-click on the item the press landed on, as with a mouse.
    QTreeView* tree = window.currentTree();
    const QPoint at = tree->visualRect(tree->currentIndex()).center();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
    SignOffDialog* dialog = waitForDialog(window);
    QVERIFY2(dialog, "double-click on an item opens the sign-off dialog");
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->accept();
    QVERIFY(recorded.wait(5000));
    QCOMPARE(window.state().item(QStringLiteral("1.1")).status, ItemStatus::Signed);

    // The offscreen platform has no window manager to hand activation back after a dialog.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // The closed dialog is deleted on the next event loop turn; until then it holds modality.
    QTRY_VERIFY(!window.findChild<SignOffDialog*>());
    QTest::keyClick(window.currentTree(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY2(recorded.wait(5000), qPrintable(window.statusBar()->currentMessage()));
    const auto event = recorded.last().first().value<SignOffEvent>();
    QCOMPARE(event.kind, EventKind::Revoked);
    QCOMPARE(event.itemId, QStringLiteral("1.1"));
    QCOMPARE(window.state().item(QStringLiteral("1.1")).status, ItemStatus::Open);
    window.close();
}

void TestMainWindow::fillingAFieldIsRecorded()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    auto* start = window.findChild<QLineEdit*>(QStringLiteral("field-start"));
    QVERIFY2(start, "the Start placeholder is an editable field above the tabs");
    QCOMPARE(start->placeholderText(), QStringLiteral("[YYYY-MM-DD HH:mm UTC]"));
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    start->setFocus();
    QTest::keyClicks(start, QStringLiteral("2026-12-01 18:00 UTC"));
    QTest::keyClick(start, Qt::Key_Return);
    QVERIFY(recorded.wait(5000));
    QCOMPARE(window.state().fieldValue(QStringLiteral("start")),
             QStringLiteral("2026-12-01 18:00 UTC"));
    window.close();
}

void TestMainWindow::tamperedLedgerShowsBannerAndBlocksSignOffs()
{
    const QString path = newRun();
    {
        MainWindow window;
        openAndWait(window, path);
        QVERIFY(selectItem(window, QStringLiteral("0.1")));
        QTest::keyClick(window.currentTree(), Qt::Key_Space);
        SignOffDialog* dialog = waitForDialog(window);
        QVERIFY(dialog);
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        dialog->accept();
        QVERIFY(recorded.wait(5000));
        window.close();
    }
    {
        // Someone edits the signer behind golive's back, as an attacker would.
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        const QStringList triggers = [&] {
            QStringList names;
            QSqlQuery t(QStringLiteral("SELECT name FROM sqlite_master WHERE type='trigger'"), db);
            while (t.next()) {
                names << t.value(0).toString();
            }
            return names;
        }();
        for (const QString& t : triggers) {
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER \"%1\"").arg(t)));
        }
        QVERIFY(q.exec(QStringLiteral("UPDATE events SET actor='Mallory' WHERE seq=1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));

    MainWindow window;
    openAndWait(window, path);
    auto* banner = window.findChild<QLabel*>(QStringLiteral("bannerText"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("#1")), qPrintable(banner->text()));
    auto* sign = window.findChild<QAction*>(QStringLiteral("signAction"));
    QVERIFY(selectItem(window, QStringLiteral("1.3")));
    QVERIFY2(!sign->isEnabled(), "sign-offs are blocked while the break is unacknowledged");

    auto* ack = window.findChild<QPushButton*>(QStringLiteral("bannerButton"));
    QVERIFY(ack && ack->isVisible());
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QTimer::singleShot(0, &window, [&window] {
        auto* dialog = qobject_cast<SignOffDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        dialog->setText(QStringLiteral("checked with Ana: the signer was edited; re-signing"));
        dialog->accept();
    });
    QTest::mouseClick(ack, Qt::LeftButton);
    QVERIFY(recorded.wait(5000));
    QCOMPARE(recorded.last().first().value<SignOffEvent>().kind, EventKind::ChainBreakAcknowledged);
    QVERIFY(!banner->isVisible());
    QVERIFY(selectItem(window, QStringLiteral("1.3")));
    QVERIFY(sign->isEnabled());
    window.close();
}

void TestMainWindow::runThatWentBackShowsBannerUntilAcknowledged()
{
    const QString path = newRun();
    const QString copy = path + QStringLiteral(".older");
    QByteArray seenHead;
    {
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QList<const RunbookItem*> items;
        for (const RunbookItem* item : run->runbook().allItems()) {
            if (item->requiredRole.isEmpty() && item->children.isEmpty()) {
                items << item;
            }
        }
        SignOffEvent e;
        e.kind = EventKind::Signed;
        e.itemId = items.at(0)->id;
        e.actor = Actor::local(QStringLiteral("Ana Lima"), Role::ReleaseCaptain);
        QVERIFY2(run->append(e, &error), qPrintable(error));
        QVERIFY(run->checkpoint());
        QVERIFY(QFile::copy(path, copy));
        for (int i = 1; i < 3; ++i) {
            e.itemId = items.at(i)->id;
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        seenHead = run->headHash();
    }
    // The older copy is put back (as a restore from the wrong backup would).
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile::remove(path + suffix);
    }
    QVERIFY(QFile::copy(copy, path));

    // The first window is destroyed before the run is opened again: its run lock is let go when
    // its session ends, and a second window opening before that would get the run read-only.
    auto window = std::make_unique<MainWindow>();
    openAndWait(*window, path);
    auto* banner = window->findChild<QLabel*>(QStringLiteral("bannerText"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("This run went backwards")),
             qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("this computer saw it with 3 events, head %1")
                                         .arg(QString::fromLatin1(seenHead))),
             qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("incident commander or release captain")),
             qPrintable(banner->text()));
    auto* frame = window->findChild<QFrame*>(QStringLiteral("banner"));
    QVERIFY(frame && frame->styleSheet().contains(QStringLiteral("#b71c1c")));
    auto* sign = window->findChild<QAction*>(QStringLiteral("signAction"));
    QVERIFY(selectItem(*window, QStringLiteral("1.3")));
    QVERIFY2(!sign->isEnabled(), "sign-offs are blocked until it is acknowledged");

    auto* ack = window->findChild<QPushButton*>(QStringLiteral("bannerButton"));
    QVERIFY(ack && ack->isVisible());
    QSignalSpy recorded(window.get(), &MainWindow::eventRecorded);
    QTimer::singleShot(0, window.get(), [] {
        auto* dialog = qobject_cast<SignOffDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        dialog->setText(QStringLiteral("restored from the wrong backup; events 2 and 3 re-signed"));
        dialog->accept();
    });
    QTest::mouseClick(ack, Qt::LeftButton);
    QVERIFY(recorded.wait(5000));
    const SignOffEvent acknowledgement = recorded.last().first().value<SignOffEvent>();
    QCOMPARE(acknowledgement.kind, EventKind::ChainBreakAcknowledged);
    // It keeps which count and head this computer had seen.
    QCOMPARE(acknowledgement.fieldKey, QStringLiteral("3:") + QString::fromLatin1(seenHead));
    QVERIFY(acknowledgement.text.contains(QStringLiteral("3 events")));
    QCOMPARE(acknowledgement.actor.role, Role::ReleaseCaptain);
    QVERIFY(!banner->isVisible());
    QVERIFY(selectItem(*window, QStringLiteral("1.3")));
    QVERIFY(sign->isEnabled());
    window.reset();

    // Re-based: opened again, the run is what this computer follows now.
    MainWindow again;
    openAndWait(again, path);
    QVERIFY(!again.findChild<QLabel*>(QStringLiteral("bannerText"))->isVisible());
    again.close();
}

void TestMainWindow::missingRunSaysSoInTheWindow()
{
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.show();
    const QString path = m_dir.filePath(QStringLiteral("does-not-exist.golive"));
    window.openRun(path);
    QVERIFY(failed.wait(5000));
    auto* banner = window.findChild<QLabel*>(QStringLiteral("bannerText"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("does-not-exist.golive")),
             qPrintable(banner->text()));
    QVERIFY(!QFile::exists(path));
    window.close();
}

void TestMainWindow::closingRecordsAFieldTypedButNotEntered()
{
    const QString path = newRun();
    {
        MainWindow window;
        openAndWait(window, path);
        auto* owner = window.findChild<QLineEdit*>(QStringLiteral("field-owner"));
        QVERIFY(owner);
        owner->setFocus();
        QTest::keyClicks(owner, QStringLiteral("Bea Owner"));
        // No Enter: the user closes the window with the value still in the box.
        QVERIFY(window.close());
    }
    MainWindow window;
    openAndWait(window, path);
    QCOMPARE(window.state().fieldValue(QStringLiteral("owner")), QStringLiteral("Bea Owner"));
    window.close();
}

void TestMainWindow::failedReopenDoesNotPretendTheOldRunIsOpen()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openRun(path + QStringLiteral(".nope"));
    QVERIFY(failed.wait(5000));
    QVERIFY2(!window.hasRun(), "after a failed open the previous run is closed, and says so");
    QCOMPARE(window.tabs()->count(), 0);
    auto* sign = window.findChild<QAction*>(QStringLiteral("signAction"));
    QVERIFY(!sign->isEnabled());
    window.close();
}

void TestMainWindow::placeholderInASectionTitleShowsItsValue()
{
    // Other teams put placeholders in headings too. A heading is not a field line, so it makes
    // no release field and shows the placeholder as written, never the parser's private token
    // characters; a bold-labelled line in the same section is a field, and its value shows.
    const QString path = m_dir.filePath(QStringLiteral("heading.golive"));
    QString error;
    {
        auto run = RunFile::create(path,
                                   "# T\n\n## 1. Cutover of [Service Name]\n\n### Checks for "
                                   "[Service Name]\n\n**Service:** [Service Name]\n\n- [ ] Step\n",
                                   QStringLiteral("heading.md"), &error);
        QVERIFY2(run, qPrintable(error));
    }
    MainWindow window;
    openAndWait(window, path);
    const QString before = window.tabs()->tabText(0);
    QVERIFY2(before.contains(QStringLiteral("Cutover of [Service Name]")), qPrintable(before));
    QVERIFY2(!before.contains(QChar(0xE000)), "no private token characters in the tab");
    QCOMPARE(window.runbook().fields.size(), 1);
    const QString key = window.runbook().fields.first().key;
    auto* edit = window.findChild<QLineEdit*>(QStringLiteral("field-") + key);
    QVERIFY(edit);
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("payments"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(recorded.wait(5000));
    QVERIFY2(window.tabs()->tabText(0).contains(QStringLiteral("Cutover of [Service Name]")),
             qPrintable(window.tabs()->tabText(0)));
    auto* details = window.findChild<QTextBrowser*>(QStringLiteral("itemDetails"));
    QVERIFY(details);
    QVERIFY(!details->toPlainText().contains(QChar(0xE000)));
    window.close();
}

// Ctrl+P shows a preview of the signed checklist as the window holds it, a sign-off made
// after the run was opened included.
void TestMainWindow::ctrlPShowsAPreviewOfTheSignedChecklist()
{
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    openAndWait(window, path);
    QVERIFY(selectItem(window, QStringLiteral("0.1")));
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    SignOffDialog* dialog = waitForDialog(window);
    QVERIFY(dialog);
    QTest::keyClick(dialog, Qt::Key_Return);
    QVERIFY(recorded.wait(5000));
    QTRY_VERIFY(!window.findChild<SignOffDialog*>());
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    int pages = 0;
    bool sawPreview = false;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            auto* preview = qobject_cast<QPrintPreviewDialog*>(w);
            if (!preview || !preview->isVisible())
                continue;
            auto* widget = preview->findChild<QPrintPreviewWidget*>();
            if (!widget || widget->pageCount() == 0)
                return;
            sawPreview = true;
            pages = widget->pageCount();
            // At a size to read it by (docs/hidpi has it at a scale factor of 2).
            preview->resize(1000, 760);
            widget->fitToWidth();
            QApplication::processEvents();
            preview->grab().save(QDir::temp().filePath(QStringLiteral("golive-preview.png")));
            preview->reject();
        }
    });
    poll.start(100);
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(sawPreview, 20000);
    poll.stop();
    QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));
    QTRY_VERIFY(!window.findChild<QPrintPreviewDialog*>() ||
                !window.findChild<QPrintPreviewDialog*>()->isVisible());
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

// 0.2 (the branch freeze) carries <!-- golive: requires=incident-commander -->: the release
// captain's Space is refused before any dialog, naming the role; the incident commander signs.
void TestMainWindow::itemRequiringARoleIsRefusedNamingIt()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    QVERIFY(selectItem(window, QStringLiteral("0.2")));
    QSignalSpy refused(&window, &MainWindow::eventRefused);
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    QTRY_COMPARE(refused.size(), 1);
    const QString message = refused.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("incident commander"), Qt::CaseInsensitive) ||
                 message.contains(QStringLiteral("incident-commander")),
             qPrintable(message));
    QVERIFY2(!window.findChild<SignOffDialog*>(), "no note is asked for a refused sign-off");
    QCOMPARE(window.state().item(QStringLiteral("0.2")).status, ItemStatus::Open);
    // The refusal is shown in the banner above the checklist, with the way out, never a box.
    QVERIFY2(!window.findChild<QMessageBox*>(), "no box steals the keyboard");
    QVERIFY2(window.refusalText().contains(message), qPrintable(window.refusalText()));
    auto* change =
        window.refusalBanner()->findChild<QPushButton*>(QStringLiteral("changeOperatorButton"));
    QVERIFY2(change && change->isVisible(), "the banner offers to change the operator");
    // The role cannot sign 0.2 (another can): Sign off is greyed, the reason in its tooltip.
    auto* sign = window.findChild<QAction*>(QStringLiteral("signAction"));
    QVERIFY(!sign->isEnabled());
    QVERIFY2(sign->toolTip().contains(QStringLiteral("needs the incident-commander role")),
             qPrintable(sign->toolTip()));
    auto* close = window.refusalBanner()->findChild<QPushButton*>(QStringLiteral("refusalClose"));
    QVERIFY(close);
    close->click();
    QVERIFY(window.refusalText().isEmpty());

    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ravi Menon"));
    Settings::instance()->setValue(Settings::Key::OperatorRole,
                                   QStringLiteral("incident-commander"));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(selectItem(window, QStringLiteral("0.2")));
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    SignOffDialog* dialog = waitForDialog(window);
    QVERIFY2(dialog, "the incident commander gets the sign-off dialog");
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    dialog->accept();
    QVERIFY(recorded.wait(5000));
    const ItemState s = window.state().item(QStringLiteral("0.2"));
    QCOMPARE(s.status, ItemStatus::Signed);
    QCOMPARE(s.role, Role::IncidentCommander);
    window.close();
}

// Ctrl+PgDown / Ctrl+PgUp step through the section tabs from the tree (which would otherwise
// page its cursor), wrapping at the ends.
void TestMainWindow::ctrlPageDownStepsThroughTheSectionTabs()
{
    const QString path = newRun();
    MainWindow window;
    openAndWait(window, path);
    QVERIFY(selectItem(window, QStringLiteral("0.1")));
    QCOMPARE(window.tabs()->currentIndex(), 0);
    QTest::keyClick(window.currentTree(), Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentIndex(), 1);
    QVERIFY(window.currentTree()->hasFocus());
    QTest::keyClick(window.currentTree(), Qt::Key_PageUp, Qt::ControlModifier);
    QTest::keyClick(window.currentTree(), Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentIndex(), window.tabs()->count() - 1);
    window.close();
}

// File > Export (PDF, Markdown, JSON), Print to a file and the timeline export refuse the run
// itself by any name, and the files beside it; the run keeps every event. A good export works.
void TestMainWindow::exportsNeverReplaceTheRun()
{
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    const QString link = path + QStringLiteral("-link.pdf");
    QVERIFY(QFile::link(path, link));
    {
        MainWindow window;
        openAndWait(window, path);
        QVERIFY(selectItem(window, QStringLiteral("0.1")));
        QSignalSpy recorded(&window, &MainWindow::eventRecorded);
        QTest::keyClick(window.currentTree(), Qt::Key_Space);
        SignOffDialog* dialog = waitForDialog(window);
        QVERIFY(dialog);
        QTest::keyClick(dialog, Qt::Key_Return);
        QVERIFY(recorded.wait(5000));
        QTRY_VERIFY(!window.findChild<SignOffDialog*>());

        const QStringList targets{
            path, QFileInfo(path).dir().filePath(QStringLiteral("./") + QFileInfo(path).fileName()),
            link, path + QStringLiteral("-wal"), path + QStringLiteral(".lock")};
        for (const QString& target : targets) {
            for (const auto format :
                 {MainWindow::ExportFormat::Pdf, MainWindow::ExportFormat::Markdown,
                  MainWindow::ExportFormat::Json}) {
                QString error;
                QVERIFY2(!window.exportChecklistTo(format, target, &error), qPrintable(target));
                QVERIFY2(error.contains(QStringLiteral("refused to write")) &&
                             error.contains(QStringLiteral("the run is unchanged")),
                         qPrintable(error));
            }
            // Print, to a file: the print dialog's "Print to File (PDF)".
            QPrinter printer(QPrinter::HighResolution);
            printer.setOutputFormat(QPrinter::PdfFormat);
            printer.setOutputFileName(target);
            QString error;
            QVERIFY2(!window.printChecklistTo(&printer, &error), qPrintable(target));
            QVERIFY2(error.contains(QStringLiteral("refused to write")), qPrintable(error));
            QVERIFY(!window.timelineDock()->exportTo(target, &error));
            QVERIFY2(error.contains(QStringLiteral("refused to write")), qPrintable(error));
        }
        QVERIFY(QFileInfo(link).isSymLink());

        // Exports elsewhere work, the printer's too.
        QString error;
        const QString md = m_dir.filePath(QStringLiteral("window-export.md"));
        QVERIFY2(window.exportChecklistTo(MainWindow::ExportFormat::Markdown, md, &error),
                 qPrintable(error));
        QVERIFY(QFile(md).size() > 0);
        const QString printed = m_dir.filePath(QStringLiteral("window-printed.pdf"));
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(printed);
        QVERIFY2(window.printChecklistTo(&printer, &error), qPrintable(error));
        QFile pdf(printed);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        window.close();
    }
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    QVERIFY(run->verification().intact());
    QCOMPARE(run->events().size(), 1);
    QCOMPARE(run->state().item(QStringLiteral("0.1")).by, QStringLiteral("Ana Lima"));
}

// The run is on screen before its ledger is checked (the worker checks it right after the
// open): until then the banner says so, nothing can be signed, and no report is written, since
// it would have to call the ledger intact without knowing.
void TestMainWindow::shownBeforeItsLedgerIsCheckedSaysSo()
{
    const QString path = newRun();
    QVERIFY(!path.isEmpty());
    const QString report = m_dir.filePath(QStringLiteral("early.md"));
    MainWindow window;
    QSignalSpy opened(&window, &MainWindow::runOpened);
    QString bannerWhileChecking;
    bool signWhileChecking = true;
    QString signTip;
    bool exportWhileChecking = true;
    QString exportError;
    bool printActionWhileChecking = true;
    bool timelineWhileChecking = true;
    QString timelineError;
    const QString timeline = m_dir.filePath(QStringLiteral("early-timeline.md"));
    bool openedBeforeShown = false;
    // Looked at in the same pass as the run is shown: the check's answer is queued behind it.
    connect(&window, &MainWindow::runShown, this, [&] {
        openedBeforeShown = !opened.isEmpty();
        auto* banner = window.findChild<QLabel*>(QStringLiteral("bannerText"));
        bannerWhileChecking = banner && banner->isVisible() ? banner->text() : QString();
        auto* sign = window.findChild<QAction*>(QStringLiteral("signAction"));
        if (selectItem(window, QStringLiteral("1.3")) && sign) {
            signWhileChecking = sign->isEnabled();
            signTip = sign->toolTip();
        }
        exportWhileChecking =
            window.exportChecklistTo(MainWindow::ExportFormat::Markdown, report, &exportError);
        const QList<QAction*> actions = window.findChildren<QAction*>();
        printActionWhileChecking = std::any_of(actions.cbegin(), actions.cend(), [](QAction* a) {
            return a->shortcut() == QKeySequence(QKeySequence::Print) && a->isEnabled();
        });
        timelineWhileChecking = window.timelineDock()->exportButton()->isEnabled() ||
                                window.timelineDock()->exportTo(timeline, &timelineError);
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(!openedBeforeShown);
    QVERIFY2(bannerWhileChecking.contains(QStringLiteral("Verifying the sign-off ledger")),
             qPrintable(bannerWhileChecking));
    QVERIFY(!signWhileChecking);
    QVERIFY2(signTip.contains(QStringLiteral("still being verified")), qPrintable(signTip));
    QVERIFY(!exportWhileChecking);
    QVERIFY2(exportError.contains(QStringLiteral("is still being verified")) &&
                 exportError.contains(QStringLiteral("Nothing was written")),
             qPrintable(exportError));
    QVERIFY(!QFile::exists(report));
    QVERIFY(!printActionWhileChecking);
    QVERIFY(!timelineWhileChecking);
    QVERIFY2(timelineError.contains(QStringLiteral("still being verified")),
             qPrintable(timelineError));
    QVERIFY(!QFile::exists(timeline));

    // Checked: the banner goes, signing and reports are back.
    QVERIFY(!window.session()->isVerifying());
    QVERIFY(!window.findChild<QLabel*>(QStringLiteral("bannerText"))->isVisible());
    QVERIFY(selectItem(window, QStringLiteral("1.3")));
    QVERIFY(window.findChild<QAction*>(QStringLiteral("signAction"))->isEnabled());
    QString error;
    QVERIFY2(window.exportChecklistTo(MainWindow::ExportFormat::Markdown, report, &error),
             qPrintable(error));
    QVERIFY(QFile::exists(report));
    const QList<QAction*> actions = window.findChildren<QAction*>();
    QVERIFY(std::any_of(actions.cbegin(), actions.cend(), [](QAction* a) {
        return a->shortcut() == QKeySequence(QKeySequence::Print) && a->isEnabled();
    }));
    QVERIFY(window.timelineDock()->exportButton()->isEnabled());
    QVERIFY2(window.timelineDock()->exportTo(timeline, &error), qPrintable(error));
    window.close();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
