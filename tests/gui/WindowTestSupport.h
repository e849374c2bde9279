// What the main-window tests share: settings kept in a temporary folder, a run made from the
// seed runbook, selecting an item the way a user would (its tab, then the row, focused), and
// waiting for the dialog an action opens.
#pragma once

#include "ChecklistModel.h"
#include "Dashboard.h"
#include "ItemCheckSupport.h"
#include "MainWindow.h"
#include "RunFile.h"
#include "RunSession.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace golive::test {

// QSettings (and QStandardPaths) under `dir`, never the user's own; call from initTestCase().
inline void isolateSettings(const QTemporaryDir& dir, const QString& applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("config")));
    QCoreApplication::setOrganizationName(QStringLiteral("golive-tests"));
    QCoreApplication::setApplicationName(applicationName);
}

// Shows `window` at 1600x1000 with `path` open (its ledger checked) and the bundled Summit
// dashboard's demo data on its SLO dock; false, with why in *error, when either fails.
inline bool showWithSummitDemo(MainWindow& window, const QString& path, QString* error)
{
    QSignalSpy opened(&window, &MainWindow::runOpened);
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return *error = QStringLiteral("the window was not shown"), false;
    window.openRun(path);
    if (!opened.wait(5000))
        return *error = QStringLiteral("%1 did not open").arg(path), false;
    // The bundled dashboard, beside the seed runbook.
    const auto summit =
        Dashboard::fromFile(QFileInfo(QStringLiteral(GOLIVE_SEED_RUNBOOK))
                                .dir()
                                .filePath(QStringLiteral("../dashboards/summit.json")),
                            error);
    if (!summit)
        return false;
    window.useConfiguredSource(QString(), true, summit);
    return true;
}

// A new run file `<stem><number>.golive` in `dir` from the seed runbook; empty on failure.
inline QString newSeedRun(const QTemporaryDir& dir, int number,
                          const QString& stem = QStringLiteral("run"))
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    if (!seed.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QString path = dir.filePath(QStringLiteral("%1%2.golive").arg(stem).arg(number));
    QString error;
    auto run =
        RunFile::create(path, seed.readAll(), QStringLiteral("summit-go-live-runbook.md"), &error);
    return run ? path : QString();
}

// Shows the item's section tab and makes the item (at any depth) current in a focused tree.
inline bool selectItem(MainWindow& window, const QString& id)
{
    const RunbookSection* section = window.runbook().sectionOf(id);
    if (!section) {
        return false;
    }
    window.tabs()->setCurrentIndex(
        static_cast<int>(section - window.runbook().sections.constData()));
    QTreeView* tree = window.currentTree();
    QAbstractItemModel* model = tree->model();
    QList<QModelIndex> todo{tree->rootIndex()};
    while (!todo.isEmpty()) {
        const QModelIndex parent = todo.takeFirst();
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (index.data(ChecklistModel::ItemIdRole).toString() == id) {
                tree->setCurrentIndex(index);
                tree->setFocus();
                return true;
            }
            todo << index;
        }
    }
    return false;
}

// The visible dialog of type `Dialog` that `window` opened, once it shows (up to `timeoutMs`);
// nullptr when none does.
template <typename Dialog> Dialog* waitForDialog(QWidget& window, int timeoutMs = 3000)
{
    Dialog* found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (Dialog* d : window.findChildren<Dialog*>()) {
                if (d->isVisible())
                    found = d;
            }
            return found != nullptr;
        },
        timeoutMs);
    return found;
}

// The bundled runbook's 4.3 (requires=health-green) or 4.4 (requires=previous-complete) signed
// by the incident commander over its open checks, naming each as the window sees them (with
// the snapshot the window records: ItemCheckSupport.h), recorded through the window's session
// as the window records any event, whoever is on duty: these walks see no real health checks
// and leave sections 0 to 3 aside. Empty once recorded, else why not.
inline QString signOverOpenChecks(MainWindow& window, const QString& id)
{
    QSignalSpy recorded(&window, &MainWindow::eventRecorded);
    QString why;
    const Actor ic = Actor::local(QStringLiteral("Inès Duarte"), Role::IncidentCommander);
    const QString seen =
        window.session()->withSnapshot(signedOverOpenChecks(window.state(), id, ic)).snapshot;
    if (!window.session()->submit(signedOverOpenChecks(window.state(), id, ic,
                                                       QStringLiteral("confirmed on the bridge"),
                                                       seen),
                                  &why))
        return why.isEmpty() ? QStringLiteral("(refused without words)") : why;
    if (!QTest::qWaitFor([&] { return !recorded.isEmpty() && window.pendingEvents() == 0; }, 5000))
        return QStringLiteral("(nothing recorded)");
    return {};
}

} // namespace golive::test
