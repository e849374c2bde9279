// The window as a screen reader meets it: the accessibility tree of the main window with a run
// open, the cutover running and the SLO dock showing, walked whole; every interactive element
// has a name, and the custom-painted ones (health lights, SLO panels, the phase, the timer)
// say their state in words.
#include "CredentialStore.h"
#include "CutoverHeader.h"
#include "MainWindow.h"
#include "PresentationView.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "SignOffDialog.h"
#include "SloDashboardDock.h"
#include "SloPanelWidget.h"
#include "TimelineDock.h"
#include "WindowTestSupport.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace golive;

namespace {

bool interactive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::PageTab:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::Link:
    case QAccessible::Tree:
    case QAccessible::Table:
    case QAccessible::List:
    case QAccessible::ScrollBar:
        return true;
    default:
        return false;
    }
}

QString describe(QAccessibleInterface* a)
{
    QObject* o = a->object();
    QStringList path;
    for (QObject* p = o; p; p = p->parent())
        path.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className())
                                               : p->objectName());
    return QStringLiteral("role %1 at %2").arg(int(a->role())).arg(path.join(QLatin1Char('/')));
}

// Every interactive element under `a` that is shown and has no name.
void nameless(QAccessibleInterface* a, QStringList* out, int depth = 0)
{
    if (!a || depth > 60)
        return;
    if (a->state().invisible)
        return;
    if (interactive(a->role()) && a->text(QAccessible::Name).trimmed().isEmpty())
        *out << describe(a);
    // Rows and cells of item views are their own: the view is named.
    if (a->role() == QAccessible::Tree || a->role() == QAccessible::Table ||
        a->role() == QAccessible::List)
        return;
    for (int i = 0; i < a->childCount(); ++i)
        nameless(a->child(i), out, depth + 1);
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyInteractiveElementHasAName();
    void paintedStateIsSaidInWords();
    void aHealthLightSaysSinceWhen();

private:
    QTemporaryDir m_dir;
};

void TestAccessibility::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::isolateSettings(m_dir, QStringLiteral("tst_accessibility"));
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Rae Okafor"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
    QAccessible::setActive(true);
}

void TestAccessibility::everyInteractiveElementHasAName()
{
    MainWindow window;
    QString error;
    QVERIFY2(test::showWithSummitDemo(window, test::newSeedRun(m_dir, 1, QStringLiteral("a11y")),
                                      &error),
             qPrintable(error));
    QTRY_VERIFY(!window.findChildren<SloPanelWidget*>().isEmpty());
    QTest::qWait(300);
    // The docks shown too (the timeline's is hidden at first).
    window.timelineDock()->show();
    QApplication::processEvents();
    QStringList missing;
    nameless(QAccessible::queryAccessibleInterface(&window), &missing);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));

    // The wall screen, a window of its own.
    window.presentationView()->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.presentationView()));
    nameless(QAccessible::queryAccessibleInterface(window.presentationView()), &missing);
    window.presentationView()->hide();
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));

    // The sign-off dialog, and Settings.
    QVERIFY(test::selectItem(window, QStringLiteral("0.1")));
    window.findChild<QAction*>(QStringLiteral("signAction"))->trigger();
    auto* sign = test::waitForDialog<SignOffDialog>(window);
    QVERIFY(sign);
    nameless(QAccessible::queryAccessibleInterface(sign), &missing);
    sign->reject();
    CredentialStore store;
    SettingsDialog settings(&store);
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    nameless(QAccessible::queryAccessibleInterface(&settings), &missing);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

// The SLO panels and the health lights are painted; a screen reader hears them in words.
void TestAccessibility::paintedStateIsSaidInWords()
{
    MainWindow window;
    QString error;
    QVERIFY2(test::showWithSummitDemo(window, test::newSeedRun(m_dir, 2, QStringLiteral("a11y")),
                                      &error),
             qPrintable(error));
    QList<SloPanelWidget*> panels;
    QTRY_VERIFY(!(panels = window.findChildren<SloPanelWidget*>()).isEmpty());
    for (SloPanelWidget* panel : panels) {
        QTRY_VERIFY(panel->accessibleDescription().startsWith(QStringLiteral("OK: ")) ||
                    panel->accessibleDescription().startsWith(QStringLiteral("AT RISK: ")) ||
                    panel->accessibleDescription().startsWith(QStringLiteral("BREACH: ")));
        QVERIFY(!panel->accessibleName().isEmpty());
        QVERIFY2(panel->accessibleDescription().contains(QStringLiteral("objective")),
                 qPrintable(panel->accessibleDescription()));
        QVERIFY(panel->accessibleDescription().contains(QStringLiteral("DEMO")));
        // What the reader is given is what the panel shows.
        QVERIFY(panel->accessibleDescription().contains(panel->valueText().trimmed()));
    }
    QList<HealthLight*> lights;
    QTRY_VERIFY(!(lights = window.cutoverHeader()->lights()).isEmpty());
    for (HealthLight* light : lights) {
        const QString name = light->accessibleName();
        QVERIFY2(name.startsWith(light->objectName().mid(int(qstrlen("healthLight-"))) +
                                 QStringLiteral(": ")),
                 qPrintable(name));
    }
}

// "prov-ledger: Down since 06:04 UTC": the light's status with the time it began.
void TestAccessibility::aHealthLightSaysSinceWhen()
{
    HealthResult r;
    r.service = QStringLiteral("prov-ledger");
    r.status = HealthStatus::Down;
    r.detail = QStringLiteral("connection refused");
    r.checkedAtUtc = QDateTime(QDate(2026, 12, 6), QTime(6, 9, 30), QTimeZone::utc());
    r.sinceUtc = QDateTime(QDate(2026, 12, 6), QTime(6, 4), QTimeZone::utc());
    const HealthLight light(r);
    QVERIFY2(light.accessibleName().startsWith(
                 QStringLiteral("prov-ledger: Down since 06:04 UTC\nconnection refused")),
             qPrintable(light.accessibleName()));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
