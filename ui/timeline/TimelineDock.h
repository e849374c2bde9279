// The "Timeline" dock: every event of the run (sign-offs, phase moves, the decision,
// observations of alerts, SLO breaches and health checks) newest at the top, with a filter and
// "Export timeline…", which writes what `golive export --timeline` writes.
//
// Newest at the top: on the war room's wall the question is "what just happened?", and the
// answer must not need scrolling; the Markdown export (for the postmortem) reads oldest first.
// Observations that are not in the ledger are shown too, greyed: demo ones "(demo, not
// recorded)", and real ones waiting for an operator (or a writable run) "not recorded (…)".
#pragma once

#include <QByteArray>
#include <QColor>
#include <QDateTime>
#include <QDockWidget>
#include <QPointer>
#include <QString>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace golive {

class ObservationTracker;
class RunState;

class TimelineDock : public QDockWidget
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        TMinusColumn,
        CategoryColumn,
        WhoColumn,
        WhatColumn,
        ColumnCount
    };
    // On every row: "ledger" (a recorded event or a phase move it caused), "unrecorded" (an
    // observation waiting to be recorded) or "demo" (never recorded).
    static constexpr int RowKindRole = Qt::UserRole + 1;
    static constexpr int CategoryRole = Qt::UserRole + 2; // the category name, "alert-firing"
    // On a ledger row: its event number. A row whose event kept a snapshot of what golive could
    // see (a decision) has child rows of RowKindRole "snapshot": one per SLO panel, then the
    // alerts, health and data lines (snapshotTable()).
    static constexpr int SeqRole = Qt::UserRole + 3;

    // The theme's colours (Theme.h) for rows not in the ledger (muted), for what went wrong
    // (alerts firing, breaches, checks down, failed steps, blocks: error red) and for
    // recoveries (ok green).
    static QColor notRecordedColour();
    static QColor badColour();
    static QColor goodColour();

    // objectName "timelineDock", so QMainWindow::saveState() remembers where it was.
    explicit TimelineDock(QWidget* parent = nullptr);
    ~TimelineDock() override;

    // The run to show (nullptr: none). The dock reads `state` (not owned; it must outlive the
    // dock or be replaced first) whenever it redraws: call again after every event applied.
    void setRun(const RunState* state, const QString& runId, const QByteArray& head,
                const QString& runPath = {});
    // Observations not in the ledger (unrecorded ones, demo ones) are shown from `tracker`
    // (not owned), and the dock redraws when they change.
    void setTracker(ObservationTracker* tracker);
    // Why the waiting observations are not recorded now, short, for their rows ("no operator
    // on duty"); empty when they are being recorded. `hint` (what to do about it) is shown
    // below the list.
    void setHoldReason(const QString& reason, const QString& hint = {});
    QString holdReason() const { return m_holdReason; }
    // Why the timeline is not exported now, empty when it may be: a run whose ledger is still
    // being verified would have its head written down unchecked. Disables Export meanwhile.
    void setExportHold(const QString& reason);

    // Newest first (the default) or oldest first.
    void setNewestFirst(bool newestFirst);
    bool newestFirst() const { return m_newestFirst; }

    // The rows as shown (after the filter), and the widgets, for tests and the window.
    QSortFilterProxyModel* rows() const { return m_proxy; }
    QTreeView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QPushButton* exportButton() const { return m_export; }
    QString statusText() const;

    // The timeline as `golive export --timeline` writes it for the same run (timelineMarkdown:
    // run id, ledger head, exportedAtUtc). Empty without a run.
    QByteArray markdown(const QDateTime& exportedAtUtc) const;
    // Writes markdown(exportedAtUtc) to `path` through writeExport() (atomically: all or
    // nothing; never over the run or another golive run). On failure *error names the file and
    // the reason, and nothing was written there.
    bool exportTo(const QString& path, QString* error,
                  const QDateTime& exportedAtUtc = QDateTime::currentDateTimeUtc()) const;

public slots:
    // Redraws from the run and the tracker now.
    void refresh();
    // "Export timeline…": asks where, then writes off the UI thread; says how it went below
    // the list (and in a message box when it failed).
    void exportWithDialog();

signals:
    void exported(const QString& path);
    void exportFailed(const QString& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    void updateStatus();

    const RunState* m_state = nullptr;
    QString m_runId;
    QByteArray m_head;
    QString m_runPath;
    QPointer<ObservationTracker> m_tracker;
    QMetaObject::Connection m_trackerConnection;
    QString m_holdReason;
    QString m_holdHint;
    bool m_newestFirst = true;
    bool m_dirty = true;
    int m_unrecordedShown = 0;
    int m_demoShown = 0;
    int m_ledgerShown = 0;
    QString m_lastExport;
    QString m_exportHold; // setExportHold()

    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTreeView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QCheckBox* m_newestFirstBox = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace golive
