// The window over runs made from team runbooks (tests/data/teams): an issue template with front
// matter, a file with no heading, "####" phases and plain parent bullets. It opens on a tab that
// has items, shows as many tabs as the team wrote sections with items, and no tab is the front
// matter.
#include "MainWindow.h"
#include "RunFile.h"
#include "Settings.h"
#include "TeamCorpus.h"
#include "WindowTestSupport.h"

#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace golive;

class TestTeamRunbookWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::isolateSettings(m_dir, QStringLiteral("tst_teamrunbookwindow"));
        Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Ana Lima"));
        Settings::instance()->setValue(Settings::Key::OperatorRole,
                                       QStringLiteral("release-captain"));
    }

    void opensOnATabWithItems_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("front matter template") << QStringLiteral("release-issue-template.md");
        QTest::newRow("text right after front matter")
            << QStringLiteral("hotfix-issue-template.md");
        QTest::newRow("no headings") << QStringLiteral("no-headings-checklist.md");
        QTest::newRow("#### phases") << QStringLiteral("platform-upgrade-phases.md");
        QTest::newRow("plain parents") << QStringLiteral("qa-signoff-plain-parents.md");
        QTest::newRow("reading sections first") << QStringLiteral("incident-response-reference.md");
    }
    void opensOnATabWithItems()
    {
        QFETCH(QString, name);
        const QString path = m_dir.filePath(name + QStringLiteral(".golive"));
        QString error;
        QVERIFY2(RunFile::create(path, test::readTeamRunbook(name), name, &error),
                 qPrintable(error));

        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::runOpened);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRun(path);
        QVERIFY(opened.wait(5000));
        QVERIFY(window.hasRun());

        const Runbook& rb = window.runbook();
        QTabBar* tabs = window.tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            QVERIFY2(!test::looksLikeFrontMatter(rb.sections.at(i).title),
                     qPrintable(rb.sections.at(i).title));
            QVERIFY2(!tabs->tabToolTip(i).contains(QStringLiteral("about:"), Qt::CaseInsensitive),
                     qPrintable(tabs->tabToolTip(i)));
        }
        const int current = tabs->currentIndex();
        QVERIFY(current >= 0 && current < rb.sections.size());
        QVERIFY2(rb.sections.at(current).checkableCount() > 0,
                 qPrintable(rb.sections.at(current).title));
        QTreeView* tree = window.currentTree();
        QVERIFY(tree);
        QVERIFY(tree->model()->rowCount(tree->rootIndex()) > 0);
        QCOMPARE(tabs->count(), test::expectedTabCount(name));
    }
};

QTEST_MAIN(TestTeamRunbookWindow)
#include "tst_teamrunbookwindow.moc"
