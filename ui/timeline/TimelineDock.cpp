// The "Timeline" dock: the run's events newest first, observations not recorded greyed, and the
// Markdown export for the postmortem.
#include "TimelineDock.h"

#include "Cutover.h"
#include "ExportTarget.h"
#include "ObservationTracker.h"
#include "RunState.h"
#include "SafeText.h"
#include "SnapshotHtml.h"
#include "Theme.h"
#include "Timeline.h"
#include "UiText.h"
#include "decision/SnapshotTable.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace golive {

namespace {

bool isBad(const QString& category)
{
    static const QStringList bad = {
        QStringLiteral("alert-firing"),   QStringLiteral("slo-breach"),
        QStringLiteral("health-down"),    QStringLiteral("step-failed"),
        QStringLiteral("blocked"),        QStringLiteral("ledger"),
        QStringLiteral("channel-failed"),
    };
    return bad.contains(category);
}

bool isGood(const QString& category)
{
    static const QStringList good = {QStringLiteral("alert-resolved"),
                                     QStringLiteral("slo-recovered"), QStringLiteral("health-up")};
    return good.contains(category);
}

QString categoryText(const QString& category)
{
    if (observationCategories().contains(category))
        return observationDisplayName(category);
    return category;
}

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

// One row before it becomes items: a ledger entry or an observation not in the ledger.
struct Row
{
    QDateTime timeUtc;
    QString category;
    QString who;
    QString what;
    QString kind; // "ledger", "unrecorded", "demo"
    qint64 seq = 0;
    QString snapshot; // the event's snapshot (JSON), if it kept one
};

// The child rows of a row whose event kept a snapshot: one per SLO panel, then its lines.
QList<QList<QStandardItem*>> snapshotRows(const SnapshotTable& table, const QFont& font,
                                          const QColor& bad)
{
    QList<QList<QStandardItem*>> out;
    const auto add = [&](const QString& category, const QString& what, bool alarm) {
        QList<QStandardItem*> items;
        for (int c = 0; c < TimelineDock::ColumnCount; ++c)
            items << new QStandardItem;
        items.at(TimelineDock::CategoryColumn)->setText(displaySafe(category));
        items.at(TimelineDock::WhatColumn)->setText(displaySafe(what.simplified()));
        items.at(TimelineDock::WhatColumn)->setToolTip(plainToolTip(what));
        QFont f = font;
        f.setBold(alarm);
        for (QStandardItem* item : std::as_const(items)) {
            item->setData(QStringLiteral("snapshot"), TimelineDock::RowKindRole);
            item->setData(QStringLiteral("snapshot"), TimelineDock::CategoryRole);
            item->setEditable(false);
            item->setFont(f);
            if (alarm)
                item->setForeground(bad);
        }
        out.append(items);
    };
    for (const SnapshotRow& r : table.rows)
        add(TimelineDock::tr("SLO panel"), r.line(), r.breach());
    for (const SnapshotLine& l : table.lines)
        add(l.label.isEmpty() ? TimelineDock::tr("snapshot") : l.label, l.text, l.alarm);
    return out;
}

// Through writeExport(): never over the run or another golive run, whole or not at all.
QString writeFile(const QString& path, const QByteArray& bytes, const QString& runPath)
{
    QString error;
    if (!writeExport(path, bytes, runPath, &error))
        return error;
    return QString();
}

} // namespace

TimelineDock::TimelineDock(QWidget* parent) : QDockWidget(tr("Timeline"), parent)
{
    setObjectName(QStringLiteral("timelineDock"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);

    auto* bar = new QHBoxLayout;
    m_filter = new QLineEdit(body);
    m_filter->setObjectName(QStringLiteral("timelineFilter"));
    m_filter->setPlaceholderText(tr("Filter: a name, an item, \"alert\", \"breach\"…"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("&Filter:"), body);
    filterLabel->setBuddy(m_filter);
    m_newestFirstBox = new QCheckBox(tr("&Newest first"), body);
    m_newestFirstBox->setObjectName(QStringLiteral("timelineNewestFirst"));
    m_newestFirstBox->setChecked(m_newestFirst);
    m_export = new QPushButton(tr("&Export timeline…"), body);
    m_export->setObjectName(QStringLiteral("timelineExport"));
    m_export->setToolTip(tr("Writes the timeline as Markdown for the postmortem, as "
                            "golive export --timeline does (File > Export, Ctrl+Shift+T)"));
    bar->addWidget(filterLabel);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_newestFirstBox);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Time (UTC)"), tr("T−/T+"), tr("Category"), tr("Who"), tr("What")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    // A decision whose snapshot matches ("breach") is shown, with the whole snapshot under it.
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);
    m_view = new QTreeView(body);
    m_view->setObjectName(QStringLiteral("timelineView"));
    m_view->setAccessibleName(tr("Timeline: what happened, in order"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false); // until a row has a snapshot to unfold
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    QHeaderView* header = m_view->header();
    for (int c : {TimeColumn, TMinusColumn, CategoryColumn, WhoColumn})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->setStretchLastSection(true);
    layout->addWidget(m_view, 1);

    m_status = new QLabel(body);
    m_status->setObjectName(QStringLiteral("timelineStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    setWidget(body);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });
    connect(m_newestFirstBox, &QCheckBox::toggled, this, &TimelineDock::setNewestFirst);
    connect(m_export, &QPushButton::clicked, this, &TimelineDock::exportWithDialog);
    // The colours are the theme's (dark control room or light): redrawn when it changes.
    connect(ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, &TimelineDock::refresh);
    rebuild();
}

TimelineDock::~TimelineDock() = default;

QColor TimelineDock::notRecordedColour()
{
    return themeColour(ThemeColour::MutedText);
}

QColor TimelineDock::badColour()
{
    return themeColour(ThemeColour::ErrorText);
}

QColor TimelineDock::goodColour()
{
    return themeColour(ThemeColour::OkText);
}

void TimelineDock::setRun(const RunState* state, const QString& runId, const QByteArray& head,
                          const QString& runPath)
{
    if (state != m_state || runId != m_runId)
        m_lastExport.clear();
    m_state = state;
    m_runId = runId;
    m_head = head;
    m_runPath = runPath;
    refresh();
}

void TimelineDock::setTracker(ObservationTracker* tracker)
{
    if (m_trackerConnection)
        disconnect(m_trackerConnection);
    m_tracker = tracker;
    if (tracker)
        m_trackerConnection =
            connect(tracker, &ObservationTracker::changed, this, &TimelineDock::refresh);
    refresh();
}

void TimelineDock::setHoldReason(const QString& reason, const QString& hint)
{
    if (reason == m_holdReason && hint == m_holdHint)
        return;
    m_holdReason = reason;
    m_holdHint = hint;
    refresh();
}

void TimelineDock::setNewestFirst(bool newestFirst)
{
    if (m_newestFirstBox->isChecked() != newestFirst)
        m_newestFirstBox->setChecked(newestFirst); // comes back here through toggled()
    if (m_newestFirst == newestFirst)
        return;
    m_newestFirst = newestFirst;
    m_dirty = true;
    rebuild();
}

void TimelineDock::refresh()
{
    m_dirty = true;
    // A hidden dock redraws when it is shown; the rows are cheap but not free on a long run.
    if (isVisible())
        rebuild();
    else
        updateStatus();
}

void TimelineDock::showEvent(QShowEvent* event)
{
    QDockWidget::showEvent(event);
    if (m_dirty)
        rebuild();
}

void TimelineDock::rebuild()
{
    m_dirty = false;
    QList<Row> rows;
    QDateTime start;
    if (m_state) {
        start = m_state->windowStartUtc();
        const QList<TimelineEntry> entries = buildTimeline(*m_state);
        rows.reserve(entries.size());
        for (const TimelineEntry& e : entries) {
            Row r;
            r.timeUtc = e.timeUtc;
            r.category = e.category;
            r.who =
                e.isDerived() ? tr("golive") : tr("%1 (%2)").arg(e.actor, roleDisplayName(e.role));
            r.what = e.text;
            r.kind = QStringLiteral("ledger");
            r.seq = e.seq;
            r.snapshot = e.snapshot;
            rows.append(r);
        }
    }
    m_ledgerShown = int(rows.size());
    m_unrecordedShown = 0;
    m_demoShown = 0;
    if (const ObservationTracker* tracker = m_tracker.data()) {
        const QString lastError = tracker->lastError();
        const QList<Observation> unrecorded = tracker->unrecorded();
        const QList<Observation> demo = tracker->demoObservations();
        const QString waiting =
            m_holdReason.isEmpty()
                ? (lastError.isEmpty()
                       ? tr("(not recorded yet)")
                       : tr("(not recorded: %1; it is tried again with the next event)")
                             .arg(lastError))
                : tr("(not recorded: %1)").arg(m_holdReason);
        QList<Row> extra;
        for (const Observation& o : unrecorded) {
            extra.append({o.seenAtUtc,
                          o.category,
                          QStringLiteral("—"),
                          QStringLiteral("%1 Observed %2: %3")
                              .arg(waiting, observationDisplayName(o.category), o.description),
                          QStringLiteral("unrecorded"),
                          0,
                          {}});
            ++m_unrecordedShown;
        }
        for (const Observation& o : demo) {
            extra.append({o.seenAtUtc,
                          o.category,
                          tr("DEMO"),
                          tr("(demo, not recorded) Observed %1: %2")
                              .arg(observationDisplayName(o.category), o.description),
                          QStringLiteral("demo"),
                          0,
                          {}});
            ++m_demoShown;
        }
        // In time order among the ledger's rows (which are in ledger order already).
        for (const Row& r : std::as_const(extra)) {
            const auto at =
                std::upper_bound(rows.begin(), rows.end(), r,
                                 [](const Row& a, const Row& b) { return a.timeUtc < b.timeUtc; });
            rows.insert(at, r);
        }
    }
    if (m_newestFirst)
        std::reverse(rows.begin(), rows.end());

    // The snapshots unfolded stay unfolded when the rows are made again.
    QSet<qint64> unfolded;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex source = m_model->index(row, 0);
        if (m_model->hasChildren(source) && m_view->isExpanded(m_proxy->mapFromSource(source)))
            unfolded.insert(source.data(SeqRole).toLongLong());
    }
    m_model->removeRows(0, m_model->rowCount());
    const QColor grey = notRecordedColour();
    bool anySnapshot = false;
    for (const Row& r : std::as_const(rows)) {
        QList<QStandardItem*> items;
        // Names and notes from the run: one line each, controls shown as escapes.
        const QString what = displaySafe(r.what.simplified());
        items << new QStandardItem(timeText(r.timeUtc))
              << new QStandardItem(start.isValid() && r.timeUtc.isValid()
                                       ? tMinusText(start.secsTo(r.timeUtc))
                                       : QString())
              << new QStandardItem(categoryText(r.category))
              << new QStandardItem(displaySafe(r.who)) << new QStandardItem(what);
        const bool recorded = r.kind == QLatin1String("ledger");
        QFont font = m_view->font();
        font.setBold(recorded && (r.category == QLatin1String("phase") ||
                                  r.category == QLatin1String("decision")));
        font.setItalic(!recorded);
        for (QStandardItem* item : std::as_const(items)) {
            item->setData(r.kind, RowKindRole);
            item->setData(r.category, CategoryRole);
            item->setFont(font);
            item->setEditable(false);
            if (!recorded)
                item->setForeground(grey);
        }
        if (recorded && (isBad(r.category) || isGood(r.category))) {
            const QColor colour = isBad(r.category) ? badColour() : goodColour();
            items.at(CategoryColumn)->setForeground(colour);
            items.at(WhatColumn)->setForeground(colour);
            QFont strong = font;
            strong.setBold(true);
            items.at(CategoryColumn)->setFont(strong);
        }
        QString tip = QStringLiteral("<p>") + htmlSafe(r.what) + QStringLiteral("</p>");
        if (r.seq > 0) {
            items.at(TimeColumn)->setToolTip(tr("Ledger event #%1").arg(r.seq));
            items.at(TimeColumn)->setData(r.seq, SeqRole);
        }
        if (recorded && !r.snapshot.isEmpty()) {
            const SnapshotTable table = snapshotTable(r.snapshot);
            tip += snapshotHtml(table);
            for (const QList<QStandardItem*>& child :
                 snapshotRows(table, m_view->font(), badColour()))
                items.at(TimeColumn)->appendRow(child);
            anySnapshot = true;
        }
        items.at(WhatColumn)->setToolTip(tip);
        m_model->appendRow(items);
    }
    m_view->setRootIsDecorated(anySnapshot);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex source = m_model->index(row, 0);
        if (unfolded.contains(source.data(SeqRole).toLongLong()))
            m_view->setExpanded(m_proxy->mapFromSource(source), true);
    }
    updateStatus();
}

QString TimelineDock::statusText() const
{
    return m_status->text();
}

void TimelineDock::updateStatus()
{
    QStringList parts;
    if (!m_state) {
        parts << tr("No run open.");
    } else {
        parts << tr("%n entries", nullptr, m_ledgerShown);
        if (m_proxy->rowCount() != m_model->rowCount())
            parts << tr("%1 shown by the filter").arg(m_proxy->rowCount());
    }
    if (m_unrecordedShown > 0) {
        parts << (m_holdReason.isEmpty()
                      ? tr("%n observation(s) waiting to be recorded", nullptr, m_unrecordedShown)
                      : tr("%n observation(s) not recorded: %1", nullptr, m_unrecordedShown)
                            .arg(m_holdHint.isEmpty()
                                     ? m_holdReason
                                     : m_holdReason + QStringLiteral(": ") + m_holdHint));
    }
    if (m_demoShown > 0)
        parts << tr("%n demo observation(s), never recorded", nullptr, m_demoShown);
    if (!m_lastExport.isEmpty())
        parts << m_lastExport;
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

QByteArray TimelineDock::markdown(const QDateTime& exportedAtUtc) const
{
    if (!m_state)
        return {};
    return timelineMarkdown(*m_state, m_runId, exportedAtUtc, m_head);
}

void TimelineDock::setExportHold(const QString& reason)
{
    m_exportHold = reason;
    m_export->setEnabled(reason.isEmpty());
}

bool TimelineDock::exportTo(const QString& path, QString* error,
                            const QDateTime& exportedAtUtc) const
{
    if (!m_state) {
        if (error)
            *error = tr("no run is open, so there is no timeline; nothing was written to %1")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (!m_exportHold.isEmpty()) {
        if (error)
            *error = tr("%1; nothing was written to %2")
                         .arg(m_exportHold, QDir::toNativeSeparators(path));
        return false;
    }
    const QString problem = writeFile(path, markdown(exportedAtUtc), m_runPath);
    if (error)
        *error = problem;
    return problem.isEmpty();
}

void TimelineDock::exportWithDialog()
{
    if (!m_state) {
        m_lastExport = tr("Open a run to export its timeline.");
        updateStatus();
        return;
    }
    if (!m_exportHold.isEmpty()) {
        m_lastExport = tr("Not exported: %1.").arg(m_exportHold);
        updateStatus();
        return;
    }
    const QFileInfo run(m_runPath);
    const QString suggested =
        m_runPath.isEmpty()
            ? QStringLiteral("timeline.md")
            : QDir(run.absolutePath())
                  .filePath(run.completeBaseName() + QStringLiteral("-timeline.md"));
    QString path = QFileDialog::getSaveFileName(this, tr("Export the timeline"), suggested,
                                                tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".md");
    // The text is made here (it reads the run); the disk is written off the UI thread.
    const QByteArray bytes = markdown(QDateTime::currentDateTimeUtc());
    const int entries = m_ledgerShown;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path, entries] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (error.isEmpty()) {
            m_lastExport = tr("Exported %n entries to %1", nullptr, entries)
                               .arg(QDir::toNativeSeparators(path));
            updateStatus();
            emit exported(path);
        } else {
            m_lastExport = tr("Export failed: %1").arg(error);
            updateStatus();
            emit exportFailed(error);
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Timeline not exported"), error,
                                        QMessageBox::Ok, this);
            box->setTextFormat(Qt::PlainText);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    const QString runPath = m_runPath;
    watcher->setFuture(
        QtConcurrent::run([path, bytes, runPath] { return writeFile(path, bytes, runPath); }));
}

} // namespace golive
