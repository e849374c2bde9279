// What golive could see at a decision, where people look: the timeline dock unfolds the GO into
// its snapshot's rows (a breach in red) and marks its line; the details pane of the go-decision
// pre-check shows the table under the GO; the wall screen marks a GO taken over a breach. A run
// on the bundled runbook, its events folded in memory through the rules. A panel title that is
// markup shows as its characters. GOLIVE_SCREENSHOT_DIR=DIR writes
// screenshot-decision-snapshot.png (the details pane and the timeline, 1280x800).
#include "ItemDetailsView.h"
#include "OnRequestMain.h"
#include "PresentationView.h"
#include "Theme.h"
#include "TimelineDock.h"
#include "decision/SnapshotTable.h"

#include "../SnapshotSamples.h"
#include "../model/CutoverTestFixture.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QSortFilterProxyModel>
#include <QTreeView>

using namespace golive;
using namespace golive::test;

namespace {

// The top-level row whose What starts with `what`, or an invalid index.
QModelIndex rowStarting(const QAbstractItemModel* model, const QString& what)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row, TimelineDock::WhatColumn);
        if (i.data().toString().startsWith(what))
            return model->index(row, 0);
    }
    return {};
}

QStringList childWhats(const QAbstractItemModel* model, const QModelIndex& parent)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(parent); ++row)
        out << model->index(row, TimelineDock::WhatColumn, parent).data().toString();
    return out;
}

} // namespace

class TestSnapshotViews : public QObject, public CutoverFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(seed().ok());
        applyTheme(Theme::Dark);
    }

    void init()
    {
        m_state.reset(&seed().runbook);
        m_state.setClock({});
        m_seq = 0;
        m_now = utc(5, 0);
        signPreChecks();
        SignOffEvent gate = makeGateEvent(rc);
        gate.snapshot = calmSnapshot(m_now).toJson();
        QCOMPARE(record(gate), QString());
        advance(55);
        SignOffEvent go =
            makeDecisionEvent(m_state.plan(), true, QStringLiteral("bridge ready"), {}, ic);
        go.snapshot = breachSnapshot(m_now).toJson();
        QCOMPARE(record(go), QString());
        m_goSeq = m_seq;
    }

    void timelineUnfoldsTheGoIntoItsSnapshot()
    {
        TimelineDock dock;
        dock.resize(1000, 500);
        dock.setRun(&m_state, QStringLiteral("run-1"), {});
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        const QAbstractItemModel* rows = dock.rows();
        const QModelIndex go = rowStarting(rows, QStringLiteral("GO: bridge ready"));
        QVERIFY(go.isValid());
        QCOMPARE(rows->index(go.row(), TimelineDock::WhatColumn).data().toString(),
                 QStringLiteral("GO: bridge ready \u00b7 over a breach"));
        QCOMPARE(go.data(TimelineDock::SeqRole).toLongLong(), m_goSeq);
        // Three panels, then alerts, health and data.
        const QStringList children = childWhats(rows, go);
        QCOMPARE(children.size(), 6);
        QCOMPARE(children.at(0), QStringLiteral("prov-ledger p95 latency \u00b7 452 ms \u00b7 "
                                                "objective < 300 ms \u00b7 BREACH"));
        QCOMPARE(children.at(1), QStringLiteral("| <b>x</b> \u00b7 no data \u00b7 objective "
                                                "< 100 ms \u00b7 unknown"));
        QCOMPARE(children.at(3), QStringLiteral("2 firing: ProvLedgerLatencyHigh (critical), "
                                                "DiskSlow (warning)"));
        QCOMPARE(rows->index(3, TimelineDock::CategoryColumn, go).data().toString(),
                 QStringLiteral("Alerts"));
        // The breach and the critical alert in the colour of what went wrong; ok in the rest.
        const auto colourOf = [&](int row) {
            return rows->index(row, TimelineDock::WhatColumn, go)
                .data(Qt::ForegroundRole)
                .value<QBrush>()
                .color();
        };
        QCOMPARE(colourOf(0), TimelineDock::badColour());
        QCOMPARE(colourOf(3), TimelineDock::badColour());
        QVERIFY(colourOf(2) != TimelineDock::badColour());
        QCOMPARE(rows->index(0, 0, go).data(TimelineDock::RowKindRole).toString(),
                 QStringLiteral("snapshot"));
        // The gate's calm moment unfolds too, with no mark; a sign-off has nothing to unfold.
        const QModelIndex gate = rowStarting(rows, QStringLiteral("Opened the Go/No-Go"));
        QVERIFY(gate.isValid());
        QCOMPARE(rows->rowCount(gate), 6);
        QVERIFY(!rows->index(gate.row(), TimelineDock::WhatColumn)
                     .data()
                     .toString()
                     .contains(QStringLiteral("over a breach")));
        const QModelIndex signedRow = rowStarting(rows, QStringLiteral("Signed 4.1"));
        QVERIFY(signedRow.isValid());
        QCOMPARE(rows->rowCount(signedRow), 0);

        // Unfolded, it stays unfolded when the run changes and the rows are made again.
        QVERIFY(dock.view()->rootIsDecorated());
        dock.view()->expand(go);
        advance(1);
        QCOMPARE(sign(QStringLiteral("4.5")), QString());
        dock.setRun(&m_state, QStringLiteral("run-1"), {});
        const QModelIndex goAgain = rowStarting(rows, QStringLiteral("GO: bridge ready"));
        QVERIFY(goAgain.isValid() && goAgain.row() != go.row());
        QVERIFY(dock.view()->isExpanded(goAgain));
        QVERIFY(!dock.view()->isExpanded(rowStarting(rows, QStringLiteral("Opened the Go"))));

        // A filter that only its snapshot matches keeps the GO, with the line that matched; one
        // the GO's own line matches keeps its whole snapshot.
        dock.filterEdit()->setText(QStringLiteral("DiskSlow"));
        QModelIndex filtered = rowStarting(rows, QStringLiteral("GO: bridge ready"));
        QVERIFY(filtered.isValid());
        QCOMPARE(childWhats(rows, filtered),
                 QStringList{QStringLiteral("2 firing: ProvLedgerLatencyHigh (critical), "
                                            "DiskSlow (warning)")});
        dock.filterEdit()->setText(QStringLiteral("over a breach"));
        QCOMPARE(rows->rowCount(), 1);
        filtered = rowStarting(rows, QStringLiteral("GO: bridge ready"));
        QVERIFY(filtered.isValid());
        QCOMPARE(rows->rowCount(filtered), 6);
    }

    void detailsPaneShowsTheTableUnderTheGo()
    {
        ItemDetailsView view;
        view.resize(520, 700);
        const RunbookItem* item = seed().runbook.findItem(m_state.plan().goDecisionItemId);
        QVERIFY(item);
        view.showItem(seed().runbook, m_state, *item);
        const QString text = view.toPlainText();
        const qsizetype goLine = text.indexOf(QStringLiteral("#%1 \u00b7 ").arg(m_goSeq));
        QVERIFY2(goLine > 0, qPrintable(text));
        const qsizetype saw = text.indexOf(QStringLiteral("What golive saw"), goLine);
        QVERIFY2(saw > goLine, qPrintable(text));
        QVERIFY2(text.indexOf(QStringLiteral("taken over a breach: prov-ledger p95 latency"), saw) >
                     saw,
                 qPrintable(text));
        // The table's cells in order, row by row.
        const QString squeezed =
            QString(text.mid(saw)).remove(QRegularExpression(QStringLiteral("\\s")));
        QVERIFY2(squeezed.contains(QStringLiteral("SLOpanelValueObjectiveState")),
                 qPrintable(text));
        QVERIFY2(squeezed.contains(QStringLiteral("prov-ledgerp95latency452ms<300msBREACH")),
                 qPrintable(text));
        QVERIFY2(squeezed.contains(QStringLiteral("|<b>x</b>nodata<100msunknown")),
                 qPrintable(text));
        QVERIFY2(
            squeezed.contains(QStringLiteral("Health:gatewayup\u00b7prov-ledgerDOWN(HTTP503)")),
            qPrintable(text));
        // Shown, never read as markup: the title's tags are characters in the document.
        QVERIFY2(view.toHtml().contains(QStringLiteral("&lt;b&gt;x&lt;/b&gt;")),
                 qPrintable(view.toHtml()));
        // An item whose events kept no snapshot shows none.
        view.showItem(seed().runbook, m_state, *seed().runbook.findItem(QStringLiteral("4.1")));
        QVERIFY(!view.toPlainText().contains(QStringLiteral("What golive saw")));
    }

    void wallMarksAGoTakenOverABreach()
    {
        PresentationView wall;
        wall.setRun(seed().runbook, m_state);
        QCOMPARE(wall.decisionMarkText(),
                 QStringLiteral("GO \u00b7 taken over a breach: prov-ledger p95 latency, alert "
                                "ProvLedgerLatencyHigh"));
        auto* label = wall.findChild<QLabel*>(QStringLiteral("presentationDecisionMark"));
        QVERIFY(label);
        QVERIFY(!label->isHidden());
        QVERIFY(label->styleSheet().contains(themeColour(ThemeColour::WarningText).name()));
        // A calm GO is not marked.
        m_state.reset(&seed().runbook);
        m_seq = 0;
        m_now = utc(5, 0);
        reachCutover();
        wall.setRun(seed().runbook, m_state);
        QCOMPARE(wall.decisionMarkText(), QString());
        QVERIFY(label->isHidden());
    }

    void screenshots()
    {
        const QString dir = qEnvironmentVariable("GOLIVE_SCREENSHOT_DIR");
        QVERIFY2(!dir.isEmpty(), "set GOLIVE_SCREENSHOT_DIR");
        QMainWindow window;
        auto* view = new ItemDetailsView(&window);
        window.setCentralWidget(view);
        auto* dock = new TimelineDock(&window);
        window.addDockWidget(Qt::BottomDockWidgetArea, dock);
        window.resize(1280, 800);
        view->showItem(seed().runbook, m_state,
                       *seed().runbook.findItem(m_state.plan().goDecisionItemId));
        dock->setRun(&m_state, QStringLiteral("run-1"), {});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resizeDocks({dock}, {330}, Qt::Vertical);
        const QModelIndex go = rowStarting(dock->rows(), QStringLiteral("GO: bridge ready"));
        dock->view()->expand(go);
        QTest::qWait(100);
        QVERIFY(window.grab().save(
            QDir(dir).filePath(QStringLiteral("screenshot-decision-snapshot.png"))));
    }

private:
    qint64 m_goSeq = 0;
};

GOLIVE_TEST_MAIN_ON_REQUEST(TestSnapshotViews, "screenshots", "GOLIVE_SCREENSHOT_DIR")
#include "tst_snapshotviews.moc"
