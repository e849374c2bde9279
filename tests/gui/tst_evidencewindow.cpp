// Evidence in the real window: a file attached through Item > Attach… and one dropped on an
// item's row are listed, previewed (text as safe text, a PNG as an image), saved and opened as
// checked copies, and a sign-off names the newest; a drop of text attaches nothing; an observer
// cannot attach; a file over the limit is refused in words. GOLIVE_SCREENSHOT_DIR=DIR also
// writes the details pane with its evidence (screenshot-evidence.png).
#include "ChecklistModel.h"
#include "EvidenceController.h"
#include "EvidencePane.h"
#include "MainWindow.h"
#include "RunSession.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "WindowTestSupport.h"
#include "evidence/Evidence.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace golive;

class TestEvidenceWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void attachListPreviewSaveOpenAndSign();
    void observerCannotAttach();
    void fileOverTheLimitIsRefusedInWords();

private:
    void open(MainWindow& window);
    void as(const QString& name, const QString& role);
    QString write(const QString& name, const QByteArray& bytes);
    // Drags `mime` onto item `id`'s row; whether the drop was taken.
    bool dropOnRow(MainWindow& window, const QString& id, QMimeData* mime, bool* highlighted);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestEvidenceWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toUtf8());
    test::isolateSettings(m_dir, QStringLiteral("tst_evidencewindow"));
}

void TestEvidenceWindow::open(MainWindow& window)
{
    const QString path = test::newSeedRun(m_dir, ++m_runs, QStringLiteral("evidence"));
    QVERIFY(!path.isEmpty());
    window.setClock([] { return QDateTime(QDate(2026, 5, 1), QTime(16, 54), Qt::UTC); });
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
}

void TestEvidenceWindow::as(const QString& name, const QString& role)
{
    Settings::instance()->setValue(Settings::Key::OperatorName, name);
    Settings::instance()->setValue(Settings::Key::OperatorRole, role);
}

QString TestEvidenceWindow::write(const QString& name, const QByteArray& bytes)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}

bool TestEvidenceWindow::dropOnRow(MainWindow& window, const QString& id, QMimeData* mime,
                                   bool* highlighted)
{
    if (!test::selectItem(window, id))
        return false;
    QTreeView* tree = window.currentTree();
    const QPoint at = tree->visualRect(tree->currentIndex()).center();
    QWidget* viewport = tree->viewport();
    QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    auto* mark = viewport->findChild<QWidget*>(QStringLiteral("evidenceDropHighlight"));
    *highlighted = mark && mark->isVisible() && mark->geometry().contains(at);
    QDropEvent drop(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &drop);
    return drop.isAccepted();
}

void TestEvidenceWindow::attachListPreviewSaveOpenAndSign()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    MainWindow window;
    open(window);
    const QString id = QStringLiteral("1.1");
    QVERIFY(test::selectItem(window, id));
    EvidencePane* pane = window.evidence()->pane();
    QVERIFY(pane->isVisible());
    QCOMPARE(pane->list()->topLevelItemCount(), 0);

    // 1. Item > Attach… with a log holding an escape sequence.
    const QByteArray log = "make smoke: 42 passed\n\x1b[31mno failures\x1b[0m\n";
    const QString logPath = write(QStringLiteral("smoke.log"), log);
    window.evidence()->setFilesChooser([&](QWidget*) { return QStringList{logPath}; });
    QAction* attach = window.findChild<QAction*>(QStringLiteral("attachAction"));
    QVERIFY(attach && attach->isEnabled());
    QCOMPARE(attach->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+A")));
    QSignalSpy recorded(window.session(), &RunSession::eventRecorded);
    attach->trigger();
    QVERIFY(recorded.wait(5000));
    const SignOffEvent logEvent = recorded.takeFirst().at(0).value<SignOffEvent>();
    QCOMPARE(logEvent.kind, EventKind::EvidenceAttached);
    QCOMPARE(pane->list()->topLevelItemCount(), 1);
    QCOMPARE(pane->list()->topLevelItem(0)->text(0), QStringLiteral("smoke.log"));
    QCOMPARE(pane->list()->topLevelItem(0)->text(2), QStringLiteral("Ana Lima"));
    QCOMPARE(pane->list()->topLevelItem(0)->text(4), logEvent.fieldKey.left(8) + QChar(0x2026));

    // 2. A PNG dropped on the row: the row is highlighted, the file attached.
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(Qt::transparent);
    QVERIFY(image.save(m_dir.filePath(QStringLiteral("dash.png"))));
    const QString pngPath = m_dir.filePath(QStringLiteral("dash.png"));
    auto* files = new QMimeData;
    files->setUrls({QUrl::fromLocalFile(pngPath)});
    bool highlighted = false;
    QVERIFY(dropOnRow(window, id, files, &highlighted));
    QVERIFY(highlighted);
    QVERIFY(recorded.wait(5000));
    const SignOffEvent pngEvent = recorded.takeFirst().at(0).value<SignOffEvent>();
    QCOMPARE(attachmentFromEvent(pngEvent)->mediaType, QStringLiteral("image/png"));
    QCOMPARE(pane->list()->topLevelItemCount(), 2);
    QCOMPARE(pane->list()->topLevelItem(1)->text(0), QStringLiteral("dash.png")); // newest last
    // The row counts it in words.
    QVERIFY(
        window.currentTree()->currentIndex().data().toString().contains(QStringLiteral("2 files")));
    // A drop of text attaches nothing.
    auto* text = new QMimeData;
    text->setText(QStringLiteral("not a file"));
    QVERIFY(!dropOnRow(window, id, text, &highlighted));
    QVERIFY(!highlighted);
    QTest::qWait(100);
    QCOMPARE(recorded.size(), 0);
    delete files;
    delete text;

    // 3. Previews: the image decoded, the text without its raw escape.
    QSignalSpy shown(pane, &EvidencePane::previewShown);
    QVERIFY(pane->select(pngEvent.seq));
    QVERIFY(shown.wait(5000));
    QCOMPARE(pane->previewImage().size(), QSize(40, 30));
    QVERIFY(pane->select(logEvent.seq));
    QVERIFY(shown.wait(5000));
    QVERIFY(pane->previewText().contains(QStringLiteral("make smoke: 42 passed")));
    QVERIFY(!pane->previewText().contains(QChar(0x1b)));
    // Colour codes are dropped, not shown as escapes: the preview reads as a terminal shows it.
    QVERIFY2(pane->previewText().contains(QStringLiteral("make smoke: 42 passed\nno failures")),
             qPrintable(pane->previewText()));

    // 4. Save as… writes the bytes; Open makes a read-only copy and hands it to the desktop.
    QSignalSpy saved(pane, &EvidencePane::saved);
    const QString out = m_dir.filePath(QStringLiteral("saved.log"));
    pane->saveSelectedTo(out);
    QVERIFY(saved.wait(5000));
    QCOMPARE(saved.first().at(1).toString(), QString());
    QFile savedFile(out);
    QVERIFY(savedFile.open(QIODevice::ReadOnly));
    QCOMPARE(savedFile.readAll(), log);
    QUrl openedUrl;
    pane->setUrlOpener([&](const QUrl& url) {
        openedUrl = url;
        return true;
    });
    QSignalSpy opened(pane, &EvidencePane::opened);
    pane->findChild<QPushButton*>(QStringLiteral("evidenceOpenButton"))->click();
    QVERIFY(opened.wait(5000));
    QCOMPARE(opened.first().at(1).toString(), QString());
    const QString copy = openedUrl.toLocalFile();
    QVERIFY(copy.endsWith(QStringLiteral("-smoke.log")));
    // The mode bits (root may write anyway, so WriteUser says nothing there).
    QVERIFY(
        !(QFile::permissions(copy) & (QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther)));
    QFile copyFile(copy);
    QVERIFY(copyFile.open(QIODevice::ReadOnly));
    QCOMPARE(copyFile.readAll(), log);

    if (!qEnvironmentVariableIsEmpty("GOLIVE_SCREENSHOT_DIR")) {
        auto* column = window.findChild<QSplitter*>(QStringLiteral("detailsColumn"));
        QVERIFY(column);
        const QString path = QDir(qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR"))
                                 .filePath(QStringLiteral("screenshot-evidence-window.png"));
        QVERIFY(window.grab().save(path));
        QVERIFY(column->grab().save(QDir(qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR"))
                                        .filePath(QStringLiteral("screenshot-evidence.png"))));
    }

    // 5. The sign-off offers both; the newest attached here is ticked and named.
    QVERIFY(test::selectItem(window, id));
    window.findChild<QAction*>(QStringLiteral("signAction"))->trigger();
    auto* dialog = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(dialog);
    auto* logBox = dialog->findChild<QCheckBox*>(QStringLiteral("evidence-%1").arg(logEvent.seq));
    auto* pngBox = dialog->findChild<QCheckBox*>(QStringLiteral("evidence-%1").arg(pngEvent.seq));
    QVERIFY(logBox && pngBox);
    QVERIFY(!logBox->isChecked());
    QVERIFY(pngBox->isChecked());
    logBox->setChecked(true);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(recorded.wait(5000));
    const SignOffEvent signedEvent = recorded.takeFirst().at(0).value<SignOffEvent>();
    QCOMPARE(signedEvent.kind, EventKind::Signed);
    QCOMPARE(signedEvent.fieldKey, evidenceReferenceKey({logEvent.seq, pngEvent.seq}));
    QCOMPARE(evidenceReferences(signedEvent), (QList<qint64>{logEvent.seq, pngEvent.seq}));
}

void TestEvidenceWindow::observerCannotAttach()
{
    as(QStringLiteral("Oli Watcher"), QStringLiteral("observer"));
    MainWindow window;
    open(window);
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    QAction* attach = window.findChild<QAction*>(QStringLiteral("attachAction"));
    QVERIFY(!attach->isEnabled());
    QVERIFY(attach->toolTip().contains(QStringLiteral("Observers cannot attach")));
    // A drop says why, naming the file, and records nothing.
    const QString path = write(QStringLiteral("notes.txt"), "seen\n");
    QSignalSpy submitted(window.session(), &RunSession::submitted);
    auto* files = new QMimeData;
    files->setUrls({QUrl::fromLocalFile(path)});
    bool highlighted = false;
    dropOnRow(window, QStringLiteral("1.1"), files, &highlighted);
    delete files;
    QVERIFY2(window.refusalText().contains(QStringLiteral("notes.txt was not attached")),
             qPrintable(window.refusalText()));
    QVERIFY(window.refusalText().contains(QStringLiteral("Observers cannot attach")));
    QCOMPARE(submitted.size(), 0);
}

void TestEvidenceWindow::fileOverTheLimitIsRefusedInWords()
{
    as(QStringLiteral("Ana Lima"), QStringLiteral("release-captain"));
    MainWindow window;
    open(window);
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    // One byte over the limit, sparse: nothing is read to refuse it.
    QFile big(m_dir.filePath(QStringLiteral("dump.bin")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(EvidenceController::maxAttachmentBytes() + 1));
    big.close();
    window.evidence()->setFilesChooser([&](QWidget*) { return QStringList{big.fileName()}; });
    QSignalSpy submitted(window.session(), &RunSession::submitted);
    window.findChild<QAction*>(QStringLiteral("attachAction"))->trigger();
    QVERIFY2(window.refusalText().contains(QStringLiteral("dump.bin was not attached")),
             qPrintable(window.refusalText()));
    QVERIFY(window.refusalText().contains(QStringLiteral("over the limit of 25.0 MiB")));
    QCOMPARE(submitted.size(), 0);
    QCOMPARE(window.evidence()->pane()->list()->topLevelItemCount(), 0);
}

QTEST_MAIN(TestEvidenceWindow)
#include "tst_evidencewindow.moc"
