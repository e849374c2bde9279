// The real main window, its details pane, the wall screen and the sign-off dialog on a hostile
// runbook and run: titles, section names, item titles, details, field names and values, and
// names and notes in events carrying <img src=...>, <font ...> and control characters. No
// label renders that text as rich text, no tooltip would, and links to anything but the web
// are not links; a web link asks before it opens.
#include "ForgedEvent.h"
#include "ItemDetailsView.h"
#include "MainWindow.h"
#include "OperatorDialog.h"
#include "PresentationView.h"
#include "RunFile.h"
#include "SafeText.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "SloDashboardDock.h"
#include "SloSource.h"
#include "WindowTestSupport.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QTreeView>

using namespace golive;

namespace {

// A runbook could name /dev/zero here, which a rich-text label reads until memory runs out; the
// test names a missing file, so the bug shows as markup found, not as the machine swapping.
const QString kImg = QStringLiteral("<img src=\"no-such-image.png\">");
const QString kFont = QStringLiteral("<font size=7 color=red>ALL SIGNED - GO</font>");
const QString kHostileName =
    QStringLiteral("<img src=\"no-such-image.png\">Eve <font size=7>GO</font>");

// Whether `text` holds one of the hostile runbook's or run's tags unescaped.
bool hasHostileMarkup(const QString& text)
{
    return text.contains(QStringLiteral("<img"), Qt::CaseInsensitive) ||
           text.contains(QStringLiteral("<font"), Qt::CaseInsensitive) ||
           text.contains(QStringLiteral("<u>HOSTILE"), Qt::CaseInsensitive);
}

// Raw control or text-direction characters, which a label would draw or act on.
bool hasRawControls(const QString& text)
{
    return hasControlCharacters(text, true) || hasBidiControls(text);
}

QByteArray hostileRunbook()
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    if (!seed.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(seed.readAll());
    text.replace(QStringLiteral("# Summit Platform: Go-Live Runbook"),
                 QStringLiteral("# Summit ") + kImg + QLatin1Char(' ') + kFont);
    text.replace(
        QStringLiteral("## 1. Production Readiness (Platform & Infra)"),
        QStringLiteral("## 1. Production <font color=red>Readiness</font> <u>HOSTILE</u>"));
    text.replace(QStringLiteral("- [ ] **Infrastructure Stand-up Complete:**"),
                 QStringLiteral("- [ ] **Infrastructure ") + kImg +
                     QStringLiteral(" Stand-up <font size=7>Complete</font>:**"));
    text.replace(QStringLiteral("  - All production environments (clusters, namespaces) are "
                                "provisioned and documented."),
                 QStringLiteral("  - All production environments <font size=7>BIG</font> ") + kImg +
                     QStringLiteral(" see [the passwords](file:///etc/passwd), "
                                    "[a script](javascript:alert(1)) and "
                                    "[the wiki](https://wiki.example.org/infra)."));
    text.replace(QStringLiteral("**Go-Live Date:**"),
                 QStringLiteral("**Go-Live <img src=\"no-such-image.png\"> Date:**"));
    return text.toUtf8();
}

// Answers only when the test emits: what Prometheus said, as the dock receives it.
class ScriptedSource : public SloSource
{
    Q_OBJECT
public:
    using SloSource::SloSource;
    void refresh(const Dashboard&, const QDateTime&, const QDateTime&, int) override {}
    bool isDemo() const override { return false; }
    QString description() const override { return QStringLiteral("Prometheus at a test"); }
};

} // namespace

class TestHostileWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noRunbookOrRunTextIsRichText();
    void onlyWebLinksAreLinksAndOpeningAsksFirst();
    void dialogsRefuseControlCharactersInline();
    void prometheusTextIsPlainAndCapped();

private:
    QString hostileRun();
    void openAndWait(MainWindow& window, const QString& path);
    void walk(QWidget* top, QStringList* problems, const QString& where);

    QTemporaryDir m_dir;
    int m_runs = 0;
};

void TestHostileWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_hostilewindow"));
    Settings::instance()->setValue(Settings::Key::OperatorName, kHostileName);
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
}

// A run of the hostile runbook with events by a hostile name, a hostile field value and note,
// and (after them) events an older golive could have written with control characters.
QString TestHostileWindow::hostileRun()
{
    const QString path = m_dir.filePath(QStringLiteral("hostile%1.golive").arg(++m_runs));
    QString error;
    auto run = RunFile::create(path, hostileRunbook(), QStringLiteral("hostile.md"), &error);
    if (!run) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const auto append = [&](EventKind kind, const QString& item, const QString& field,
                            const QString& text) {
        SignOffEvent e;
        e.kind = kind;
        e.itemId = item;
        e.fieldKey = field;
        e.text = text;
        e.actor = Actor::local(kHostileName, Role::ReleaseCaptain);
        if (!run->append(e, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return true;
    };
    const bool ok =
        append(EventKind::Signed, QStringLiteral("1.1"), {}, kFont + QStringLiteral("\n") + kImg) &&
        append(EventKind::NoteAdded, QStringLiteral("1.1"), {}, QStringLiteral("note ") + kFont) &&
        append(EventKind::FieldFilled, {}, QStringLiteral("owner"), kFont) &&
        append(EventKind::Blocked, QStringLiteral("1.2"), {}, kImg + QStringLiteral(" blocked"));
    run.reset();
    if (!ok)
        return {};
    SignOffEvent forged;
    forged.kind = EventKind::Signed;
    forged.itemId = QStringLiteral("0.1");
    forged.text = QStringLiteral("forged\x1b[8m note\r") + kFont;
    forged.actor = Actor::local(QStringLiteral("Eve\x1b[8m\u202e") + kImg, Role::ReleaseCaptain);
    if (!test::appendForgedEvent(path, forged, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return path;
}

void TestHostileWindow::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openRun(path);
    QVERIFY(opened.wait(5000));
    QVERIFY(window.hasRun());
}

void TestHostileWindow::walk(QWidget* top, QStringList* problems, const QString& where)
{
    QList<QWidget*> widgets = top->findChildren<QWidget*>();
    widgets.prepend(top);
    const auto name = [&where](QObject* o) {
        return QStringLiteral("%1: %2 \"%3\"")
            .arg(where, QString::fromLatin1(o->metaObject()->className()), o->objectName());
    };
    const auto checkToolTip = [&](QObject* o, const QString& tip, const QString& what) {
        if (Qt::mightBeRichText(tip) && hasHostileMarkup(tip))
            problems->append(name(o) + QStringLiteral(" %1 renders as rich text: ").arg(what) +
                             tip);
        if (hasRawControls(tip))
            problems->append(name(o) + QStringLiteral(" %1 has raw controls: ").arg(what) +
                             visibleControls(tip));
    };
    // Window titles, tab titles and action texts are always plain text: only raw controls
    // matter there.
    const auto checkPlain = [&](QObject* o, const QString& text, const QString& what) {
        if (hasRawControls(text))
            problems->append(name(o) + QStringLiteral(" %1 has raw controls: ").arg(what) +
                             visibleControls(text));
    };
    for (QWidget* w : std::as_const(widgets)) {
        checkToolTip(w, w->toolTip(), QStringLiteral("tooltip"));
        checkPlain(w, w->windowTitle(), QStringLiteral("window title"));
        for (QAction* a : w->actions()) {
            checkToolTip(a, a->toolTip(), QStringLiteral("action tooltip"));
            checkPlain(a, a->text(), QStringLiteral("action text"));
        }
        if (auto* label = qobject_cast<QLabel*>(w)) {
            const QString text = label->text();
            const bool rich = label->textFormat() == Qt::RichText ||
                              (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
            if (rich && hasHostileMarkup(text))
                problems->append(name(w) +
                                 QStringLiteral(" shows runbook or run text as rich "
                                                "text: ") +
                                 text);
            if (hasRawControls(text))
                problems->append(name(w) + QStringLiteral(" has raw controls: ") +
                                 visibleControls(text));
        }
        if (auto* tabs = qobject_cast<QTabBar*>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                checkToolTip(w, tabs->tabToolTip(i), QStringLiteral("tab tooltip"));
                checkPlain(w, tabs->tabText(i), QStringLiteral("tab title"));
            }
        }
        if (auto* browser = qobject_cast<QTextBrowser*>(w)) {
            const QString html = browser->toHtml();
            if (html.contains(QStringLiteral("<img"), Qt::CaseInsensitive))
                problems->append(name(w) + QStringLiteral(" loads an image"));
            if (hasRawControls(browser->toPlainText()))
                problems->append(name(w) + QStringLiteral(" shows raw controls"));
        }
        if (auto* view = qobject_cast<QAbstractItemView*>(w)) {
            QAbstractItemModel* model = view->model();
            if (!model)
                continue;
            QList<QModelIndex> todo{QModelIndex()};
            while (!todo.isEmpty()) {
                const QModelIndex parent = todo.takeFirst();
                for (int row = 0; row < model->rowCount(parent); ++row) {
                    for (int col = 0; col < model->columnCount(parent); ++col) {
                        const QModelIndex index = model->index(row, col, parent);
                        checkToolTip(w, index.data(Qt::ToolTipRole).toString(),
                                     QStringLiteral("item tooltip"));
                        const QString shown = index.data(Qt::DisplayRole).toString();
                        if (hasRawControls(shown))
                            problems->append(name(w) + QStringLiteral(" item has raw controls: ") +
                                             visibleControls(shown));
                    }
                    todo.append(model->index(row, 0, parent));
                }
            }
        }
    }
}

void TestHostileWindow::noRunbookOrRunTextIsRichText()
{
    const QString path = hostileRun();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    openAndWait(window, path);
    QVERIFY(window.runbook().title.contains(kImg));
    QStringList problems;

    // Every section tab, and every item's details.
    for (const RunbookItem* item : window.runbook().allItems()) {
        if (item->id == QStringLiteral("1.1") || item->id == QStringLiteral("1.2") ||
            item->id == QStringLiteral("0.1") || item->id.startsWith(QStringLiteral("4."))) {
            QVERIFY(test::selectItem(window, item->id));
            walk(&window, &problems, QStringLiteral("window at ") + item->id);
        }
    }

    // The timeline dock, shown.
    auto* timeline = window.findChild<QAction*>(QStringLiteral("timelineAction"));
    QVERIFY(timeline);
    if (!timeline->isChecked())
        timeline->trigger();
    walk(&window, &problems, QStringLiteral("window with the timeline"));

    // The wall screen.
    auto* presentation = window.findChild<QAction*>(QStringLiteral("presentationAction"));
    QVERIFY(presentation);
    presentation->trigger();
    QTRY_VERIFY(window.presentationView()->isVisible());
    walk(window.presentationView(), &problems, QStringLiteral("wall screen"));
    presentation->trigger();

    // The sign-off dialog, opened from the keyboard on a hostile item.
    QVERIFY(test::selectItem(window, QStringLiteral("2.1")));
    QTest::keyClick(window.currentTree(), Qt::Key_Space);
    SignOffDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SignOffDialog*>()) && dialog->isVisible());
    walk(dialog, &problems, QStringLiteral("sign-off dialog"));
    dialog->reject();

    // Every other top-level window (docks floated, message boxes).
    for (QWidget* top : QApplication::topLevelWidgets()) {
        if (top->isVisible() && top != &window)
            walk(top, &problems, QStringLiteral("top-level"));
    }
    problems.removeDuplicates();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestHostileWindow::onlyWebLinksAreLinksAndOpeningAsksFirst()
{
    const QString path = hostileRun();
    QVERIFY(!path.isEmpty());
    MainWindow window;
    openAndWait(window, path);
    QVERIFY(test::selectItem(window, QStringLiteral("1.1")));
    auto* details = window.findChild<ItemDetailsView*>();
    QVERIFY(details);
    QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("the passwords")));
    const QString html = details->toHtml();
    QVERIFY2(!html.contains(QStringLiteral("file:///etc/passwd\"")), qPrintable(html));
    QVERIFY2(!html.contains(QStringLiteral("javascript:")) ||
                 !html.contains(QStringLiteral("href=\"javascript:")),
             qPrintable(html));
    QVERIFY2(details->toPlainText().contains(QStringLiteral("the passwords (file:///etc/passwd)")),
             qPrintable(details->toPlainText()));
    QVERIFY(!details->openExternalLinks());
    QVERIFY(!details->openLinks());

    // The one web link: asks first, with the full address, then opens it through the seam.
    QList<QUrl> opened;
    details->setUrlOpener([&opened](const QUrl& url) {
        opened.append(url);
        return true;
    });
    QVERIFY(!details->openLink(QUrl(QStringLiteral("file:///etc/passwd"))));
    QString asked;
    QTimer::singleShot(0, [&asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        asked = box->text();
        QCOMPARE(box->textFormat(), Qt::PlainText);
        for (QAbstractButton* b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::AcceptRole)
                b->click();
        }
    });
    QVERIFY(details->openLink(QUrl(QStringLiteral("https://wiki.example.org/infra"))));
    QVERIFY2(asked.contains(QStringLiteral("https://wiki.example.org/infra")), qPrintable(asked));
    QCOMPARE(opened, QList<QUrl>{QUrl(QStringLiteral("https://wiki.example.org/infra"))});

    // Cancelled: nothing opens.
    QTimer::singleShot(0, [] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            box->reject();
    });
    QVERIFY(!details->openLink(QUrl(QStringLiteral("https://wiki.example.org/other"))));
    QCOMPARE(opened.size(), 1);
}

void TestHostileWindow::dialogsRefuseControlCharactersInline()
{
    SignOffDialog sign(EventKind::Signed, QStringLiteral("1.1 Item"), QStringLiteral("Ana"));
    sign.show();
    QPushButton* ok = sign.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    sign.setText(QStringLiteral("fine\nsecond line"));
    QVERIFY(ok->isEnabled());
    sign.setText(QStringLiteral("forged\x1b[8m\u2714 intact"));
    QVERIFY(!ok->isEnabled());
    auto* problem = sign.findChild<QLabel*>(QStringLiteral("signOffProblem"));
    QVERIFY(problem);
    QVERIFY(problem->isVisibleTo(&sign));
    QVERIFY2(problem->text().contains(QStringLiteral("escape character (ESC)")),
             qPrintable(problem->text()));

    OperatorDialog who;
    who.show();
    QPushButton* whoOk = who.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    who.setOperator(QStringLiteral("Ana Lima"), Role::Engineer);
    QVERIFY(whoOk->isEnabled());
    who.setOperator(QStringLiteral("Bob\u202eevil"), Role::Engineer);
    QVERIFY(!whoOk->isEnabled());
    auto* whoProblem = who.findChild<QLabel*>(QStringLiteral("operatorNameProblem"));
    QVERIFY(whoProblem);
    QVERIFY(whoProblem->isVisibleTo(&who));
    QVERIFY2(whoProblem->text().contains(QStringLiteral("U+202E")), qPrintable(whoProblem->text()));
}

// Alert names and summaries and error texts come from Prometheus (or whatever answers at its
// address): the SLO dock, its alert list and its panels show them as text, capped.
void TestHostileWindow::prometheusTextIsPlainAndCapped()
{
    SloDashboardDock dock;
    ScriptedSource source;
    Dashboard d;
    d.title = QStringLiteral("Board ") + kFont;
    PanelDefinition p;
    p.id = QStringLiteral("api");
    p.title = QStringLiteral("API ") + kImg;
    p.query = QStringLiteral("up <font size=7>q</font>");
    p.unit = QStringLiteral("s");
    p.slo.objective = 1;
    d.panels << p;
    dock.setSource(&source, d);
    dock.show();
    AlertInfo a;
    a.name = QStringLiteral("Ledger") + kImg;
    a.severity = QStringLiteral("critical");
    a.state = QStringLiteral("firing");
    a.summary = kFont + QStringLiteral("\x1b[2J") + QString(2000, QLatin1Char('x'));
    emit source.alertsUpdated({a}, QString());
    QVERIFY(dock.criticalBannerVisible());
    QVERIFY2(dock.criticalBannerText().size() < 700, qPrintable(dock.criticalBannerText()));
    PanelUpdate failed;
    failed.panelId = QStringLiteral("api");
    failed.ok = false;
    failed.error = QStringLiteral("bad gateway \x1b[8m") + kImg + QString(2000, QLatin1Char('y'));
    emit source.panelUpdated(failed);
    QStringList problems;
    walk(&dock, &problems, QStringLiteral("SLO dock"));
    emit source.alertsUpdated({}, QStringLiteral("alerts: \x1b[2J") + kFont);
    walk(&dock, &problems, QStringLiteral("SLO dock, alerts failed"));
    problems.removeDuplicates();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestHostileWindow)
#include "tst_hostilewindow.moc"
