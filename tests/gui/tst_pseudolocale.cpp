// The window and its dialogs in golive's pseudo-locale (every string about 40 % longer and
// accented, as a translation may be): no label or button cut short. One is cut when it is shown
// smaller than its own size hint; labels that wrap or elide on purpose are made to fit and are
// left out. GOLIVE_PSEUDO_SCREENSHOTS=DIR keeps screenshots to look at.
#include "CredentialStore.h"
#include "ElidingLabel.h"
#include "MainWindow.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SignOffDialog.h"
#include "SloPanelWidget.h"
#include "WindowTestSupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace golive;

namespace {

QString where(const QWidget* w)
{
    QStringList path;
    for (const QObject* p = w; p; p = p->parent())
        path.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className())
                                               : p->objectName());
    return path.join(QLatin1Char('/'));
}

// Every shown label and button under `top` smaller than its size hint.
QStringList cutShort(QWidget* top)
{
    QStringList cut;
    for (QWidget* w : top->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(top) || w->size().isEmpty())
            continue;
        QString text;
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->wordWrap() || dynamic_cast<ElidingLabel*>(label) || label->text().isEmpty())
                continue;
            text = label->text();
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            if (button->text().isEmpty())
                continue;
            text = button->text();
        } else {
            continue;
        }
        const QSize hint = w->sizeHint();
        if (hint.width() > w->width() + 1 || hint.height() > w->height() + 1)
            cut << QStringLiteral("%1 (%2x%3, needs %4x%5): %6")
                       .arg(where(w))
                       .arg(w->width())
                       .arg(w->height())
                       .arg(hint.width())
                       .arg(hint.height())
                       .arg(text.left(80));
    }
    return cut;
}

void keep(QWidget* w, const QString& name)
{
    const QString dir = qEnvironmentVariable("GOLIVE_PSEUDO_SCREENSHOTS");
    if (!dir.isEmpty())
        w->grab().save(QDir(dir).filePath(name));
}

} // namespace

class TestPseudoLocale : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theWindowHasNoLabelCutShort();
    void settingsHaveNoLabelCutShort();

private:
    QTemporaryDir m_dir;
    QTranslator m_pseudo;
};

void TestPseudoLocale::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_pseudolocale"));
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Rae Okafor"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
    QVERIFY2(m_pseudo.load(QStringLiteral(GOLIVE_PSEUDO_QM)), GOLIVE_PSEUDO_QM);
    QVERIFY(QCoreApplication::installTranslator(&m_pseudo));
}

void TestPseudoLocale::theWindowHasNoLabelCutShort()
{
    MainWindow window;
    QString error;
    QVERIFY2(test::showWithSummitDemo(window, test::newSeedRun(m_dir, 1, QStringLiteral("pseudo")),
                                      &error),
             qPrintable(error));
    QTRY_VERIFY(!window.findChildren<SloPanelWidget*>().isEmpty());
    QTest::qWait(300);
    // The pseudo-locale is in: the menus read it.
    QVERIFY2(window.menuBar()->actions().constFirst()->text().startsWith(QLatin1Char('[')),
             qPrintable(window.menuBar()->actions().constFirst()->text()));
    keep(&window, QStringLiteral("pseudo-window.png"));
    const QStringList cut = cutShort(&window);
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
    // A layout gives a label what it asks for and grows the window instead: the window must
    // still fit the room's screen.
    const QSize least = window.minimumSizeHint();
    QVERIFY2(least.width() <= 1600 && least.height() <= 1000,
             qPrintable(QStringLiteral("%1x%2").arg(least.width()).arg(least.height())));

    // The sign-off dialog, on the first item.
    QVERIFY(test::selectItem(window, QStringLiteral("0.1")));
    window.findChild<QAction*>(QStringLiteral("signAction"))->trigger();
    auto* sign = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(sign);
    QVERIFY(QTest::qWaitForWindowExposed(sign));
    keep(sign, QStringLiteral("pseudo-signoff.png"));
    const QStringList signCut = cutShort(sign);
    QVERIFY2(signCut.isEmpty(), qPrintable(signCut.join(QLatin1Char('\n'))));
    const QSize signLeast = sign->minimumSizeHint();
    QVERIFY2(signLeast.width() <= 1280 && signLeast.height() <= 800,
             qPrintable(QStringLiteral("%1x%2").arg(signLeast.width()).arg(signLeast.height())));
    sign->reject();
}

void TestPseudoLocale::settingsHaveNoLabelCutShort()
{
    CredentialStore store;
    SettingsDialog dialog(&store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    keep(&dialog, QStringLiteral("pseudo-settings.png"));
    const QStringList cut = cutShort(&dialog);
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
    // It fits a laptop's screen.
    const QSize least = dialog.minimumSizeHint();
    QVERIFY2(least.width() <= 1280 && least.height() <= 800,
             qPrintable(QStringLiteral("%1x%2").arg(least.width()).arg(least.height())));
}

QTEST_MAIN(TestPseudoLocale)
#include "tst_pseudolocale.moc"
