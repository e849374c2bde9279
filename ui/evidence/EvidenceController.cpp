// Evidence in the window: the Attach action, drops on rows and the details pane, the evidence
// pane and what a sign-off may name.
#include "EvidenceController.h"

#include "ChecklistController.h"
#include "ChecklistModel.h"
#include "EvidencePane.h"
#include "ItemDetailsView.h"
#include "OperatorOnDuty.h"
#include "RunSession.h"
#include "SafeText.h"
#include "Settings.h"
#include "Theme.h"
#include "evidence/Evidence.h"

#include <QAction>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QMimeDatabase>
#include <QSplitter>
#include <QStandardPaths>
#include <QTreeView>

namespace golive {
namespace {

// The local files a drag carries; empty when it carries anything else (text, a web address).
QStringList droppedFiles(const QMimeData* mime)
{
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile())
            return {};
        files << url.toLocalFile();
    }
    return files;
}

} // namespace

qint64 EvidenceController::maxAttachmentBytes()
{
    // Settings > Evidence; a value that makes no sense falls back to the rules' default.
    bool ok = false;
    const qint64 mib = Settings::instance()->value(Settings::Key::MaxAttachmentMiB).toLongLong(&ok);
    return ok && mib > 0 ? mib * 1024 * 1024 : DefaultMaxAttachmentBytes;
}

EvidenceController::EvidenceController(QWidget* window, RunSession* session,
                                       ChecklistController* checklist, Host host)
    : QObject(window), m_window(window), m_session(session), m_checklist(checklist),
      m_host(std::move(host))
{
    m_chooseFiles = [](QWidget* parent) {
        return QFileDialog::getOpenFileNames(
            parent, tr("Attach evidence"),
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    };
    connect(m_session, &RunSession::runReleased, this, [this] {
        m_recordedHere.clear();
        m_storing.clear();
        if (m_pane) {
            m_pane->showProgress({}, 0, -1);
            m_pane->showItem({});
        }
    });
    // The checklist remade its trees for the run: they take drops too.
    connect(m_session, &RunSession::opened, this, [this] {
        installDropTargets();
        update();
    });
    connect(m_session, &RunSession::submitted, this, [this](const SignOffEvent& e) {
        if (!isEvidence(e.kind))
            return;
        // The worker stores them in the order given: the first waiting is the one it reads.
        const auto a = attachmentFromEvent(e);
        m_storing[e.itemId].append({a ? a->name : evidenceSummary(e), a ? a->size : 0});
    });
    connect(m_session, &RunSession::blobProgress, this,
            [this](const QString& itemId, qint64 bytesRead) {
                const auto waiting = m_storing.value(itemId);
                const QString name = waiting.isEmpty() ? QString() : waiting.first().first;
                const qint64 total =
                    qMax(waiting.isEmpty() ? 0 : waiting.first().second, bytesRead);
                if (m_pane && m_pane->itemId() == itemId)
                    m_pane->showProgress(name, bytesRead, total);
                m_host.showMessage(
                    tr("Storing %1 for %2… %3 of %4")
                        .arg(displaySafe(name), itemId, byteSize(bytesRead), byteSize(total)),
                    3000);
            });
    const auto stored = [this](const SignOffEvent& e) {
        if (!isEvidence(e.kind))
            return;
        auto it = m_storing.find(e.itemId);
        if (it != m_storing.end() && !it->isEmpty())
            it->removeFirst();
        if (it != m_storing.end() && it->isEmpty())
            m_storing.erase(it);
        if (m_pane)
            m_pane->showProgress({}, 0, -1);
    };
    connect(m_session, &RunSession::eventRecorded, this, [this, stored](const SignOffEvent& e) {
        stored(e);
        if (isEvidence(e.kind))
            m_recordedHere.insert(e.seq);
        update();
    });
    connect(m_session, &RunSession::appendFailed, this, stored);
    connect(m_session, &RunSession::recordedElsewhere, this, [this] { update(); });
    connect(m_checklist, &ChecklistController::actionsUpdated, this, [this] { update(); });
}

void EvidenceController::createWidgets()
{
    // The details pane keeps its place beside the checklist; the evidence goes under it, in
    // a splitter of its own (another section, the item's commands, can join it there).
    ItemDetailsView* details = m_checklist->details();
    auto* outer = qobject_cast<QSplitter*>(details->parentWidget());
    if (!outer)
        return;
    const int at = outer->indexOf(details);
    auto* column = new QSplitter(Qt::Vertical);
    column->setObjectName(QStringLiteral("detailsColumn"));
    column->setChildrenCollapsible(false);
    outer->replaceWidget(at, column);
    // The stretch was the details pane's (its size policy): the column takes it over, so the
    // details keep the width they had beside the checklist.
    QSizePolicy policy = column->sizePolicy();
    policy.setHorizontalStretch(details->sizePolicy().horizontalStretch());
    column->setSizePolicy(policy);
    column->addWidget(details);
    m_pane = new EvidencePane(m_session, column);
    column->addWidget(m_pane);
    column->setStretchFactor(0, 3);
    column->setStretchFactor(1, 2);
    connect(m_pane, &EvidencePane::problem, this,
            [this](const QString& message) { m_host.refuse(message); });
    // The details pane and the evidence pane take dropped files for the item shown.
    for (QWidget* target :
         {static_cast<QWidget*>(details->viewport()), static_cast<QWidget*>(m_pane)}) {
        target->setAcceptDrops(true);
        target->installEventFilter(this);
    }
    m_pane->hide();
}

void EvidenceController::createActions(QMenuBar* bar)
{
    m_attach = new QAction(tr("A&ttach…"), this);
    m_attach->setObjectName(QStringLiteral("attachAction"));
    m_attach->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(m_attach, &QAction::triggered, this, &EvidenceController::attachToCurrent);
    if (auto* menu = bar->findChild<QMenu*>(QStringLiteral("itemMenu"))) {
        // After Add note…: both add to the item's record without changing its status.
        const QList<QAction*> actions = menu->actions();
        QAction* before = actions.size() > 2 ? actions.at(2) : nullptr;
        menu->insertAction(before, m_attach);
    }
    update();
}

void EvidenceController::installDropTargets()
{
    for (QTreeView* tree : m_checklist->trees()) {
        QWidget* viewport = tree->viewport();
        if (viewport->property("goliveTakesEvidence").toBool())
            continue;
        viewport->setProperty("goliveTakesEvidence", true);
        viewport->setAcceptDrops(true);
        viewport->installEventFilter(this);
    }
}

QString EvidenceController::cannotAttach(const QString& itemId) const
{
    if (!m_session->hasRun())
        return tr("Open a run first.");
    if (m_session->isReadOnly())
        return tr("This run is open read-only: nothing can be attached.");
    if (itemId.isEmpty())
        return tr("Select an item to attach evidence to.");
    const auto me = operatorOnDuty();
    if (me && me->role == Role::Observer)
        return tr("Observers cannot attach evidence: change the operator (Ctrl+Shift+O) to a "
                  "role that records.");
    return {};
}

void EvidenceController::update()
{
    installDropTargets();
    const RunbookItem* item = m_checklist->currentItem();
    const QString id = item ? item->id : QString();
    if (m_attach) {
        const QString why = cannotAttach(id);
        m_attach->setEnabled(why.isEmpty());
        m_attach->setToolTip(
            why.isEmpty() ? tr("Attach files to %1 as evidence (Ctrl+Shift+A)").arg(id) : why);
        m_attach->setStatusTip(m_attach->toolTip());
    }
    if (!m_pane)
        return;
    const int count = id.isEmpty() ? 0 : m_session->state().item(id).evidence;
    if (id != m_pane->itemId() || count != m_pane->list()->topLevelItemCount())
        m_pane->showItem(id);
    m_pane->setVisible(!id.isEmpty());
}

void EvidenceController::attachToCurrent()
{
    const RunbookItem* item = m_checklist->currentItem();
    const QString id = item ? item->id : QString();
    if (const QString why = cannotAttach(id); !why.isEmpty()) {
        m_host.refuse(why);
        return;
    }
    const QStringList files = m_chooseFiles(m_window);
    if (!files.isEmpty())
        attachFiles(id, files);
}

int EvidenceController::attachFiles(const QString& itemId, const QStringList& paths)
{
    if (paths.isEmpty())
        return 0;
    QStringList refusals;
    QString none = cannotAttach(itemId);
    if (none.isEmpty() && !m_checklist->ensureOperator())
        none = tr("no operator is on duty.");
    if (!none.isEmpty()) {
        for (const QString& path : paths)
            refusals
                << tr("%1 was not attached: %2").arg(displaySafe(QFileInfo(path).fileName()), none);
        m_host.refuse(refusals.join(QLatin1Char('\n')));
        return 0;
    }
    int handed = 0;
    const qint64 limit = maxAttachmentBytes();
    for (const QString& path : paths) {
        const QFileInfo info(path);
        const QString name = displaySafe(info.fileName());
        // What can be said at once is said at once (a stat, no read); the worker reads the
        // bytes and refuses the rest (unreadable half-way, changed while read).
        QString why;
        if (!info.exists())
            why = tr("there is no such file.");
        else if (info.isDir())
            why = tr("it is a folder; attach the files in it.");
        else if (!info.isReadable())
            why = tr("it cannot be read (permissions).");
        else if (info.size() > limit)
            why = tr("it is %1, over the limit of %2 for an attachment; nothing was recorded.")
                      .arg(byteSize(info.size()), byteSize(limit));
        if (why.isEmpty()) {
            AttachmentRecord record;
            record.name = info.fileName();
            record.size = info.size();
            // By the name only: guessing from the content would read the file here.
            record.mediaType =
                QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchExtension).name();
            SignOffEvent event;
            event.kind = EventKind::EvidenceAttached;
            event.itemId = itemId;
            event.actor = *operatorOnDuty();
            event.text = attachmentEventText(record);
            if (m_session->submitWithFile(event, info.absoluteFilePath(), limit, false, &why)) {
                ++handed;
                continue;
            }
        }
        refusals << tr("%1 was not attached: %2").arg(name, why);
    }
    if (!refusals.isEmpty())
        m_host.refuse(refusals.join(QLatin1Char('\n')));
    else if (handed > 0)
        m_host.showMessage(handed == 1 ? tr("Storing 1 file for %1…").arg(itemId)
                                       : tr("Storing %1 files for %2…").arg(handed).arg(itemId),
                           4000);
    return handed;
}

QList<SignOffDialog::EvidenceChoice> EvidenceController::choicesFor(const QString& itemId) const
{
    QList<SignOffDialog::EvidenceChoice> choices;
    if (!m_session->hasRun())
        return choices;
    qint64 lastSigned = 0;
    const QList<SignOffEvent> events = m_session->state().eventsFor(itemId);
    for (const SignOffEvent& e : events) {
        if (e.kind == EventKind::Signed)
            lastSigned = qMax(lastSigned, e.seq);
    }
    int newestHere = -1;
    for (const SignOffEvent& e : events) {
        if (!isEvidence(e.kind))
            continue;
        if (e.seq > lastSigned && m_recordedHere.contains(e.seq))
            newestHere = int(choices.size());
        choices.append({e.seq, tr("#%1  %2").arg(e.seq).arg(evidenceSummary(e)), false});
    }
    if (newestHere >= 0)
        choices[newestHere].checked = true;
    return choices;
}

void EvidenceController::offerEvidence(SignOffDialog* dialog, const QString& itemId) const
{
    dialog->setEvidence(choicesFor(itemId));
}

QString EvidenceController::itemAt(QObject* target, const QPoint& pos, QRect* rect) const
{
    for (QTreeView* tree : m_checklist->trees()) {
        if (tree->viewport() != target)
            continue;
        const QModelIndex index = tree->indexAt(pos);
        const QString id = index.siblingAtColumn(0).data(ChecklistModel::ItemIdRole).toString();
        const QRect r = tree->visualRect(index);
        *rect = QRect(0, r.top(), tree->viewport()->width(), r.height());
        return id;
    }
    // The details pane and the evidence pane stand for the item they show.
    const RunbookItem* item = m_checklist->currentItem();
    *rect = static_cast<QWidget*>(target)->rect();
    return item ? item->id : QString();
}

void EvidenceController::highlight(QWidget* on, const QRect& rect)
{
    if (!on || rect.isEmpty()) {
        if (m_highlight)
            m_highlight->hide();
        return;
    }
    if (!m_highlight || m_highlightOn != on) {
        delete m_highlight;
        m_highlightOn = on;
        m_highlight = new QFrame(on);
        m_highlight->setObjectName(QStringLiteral("evidenceDropHighlight"));
        m_highlight->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_highlight->setStyleSheet(
            QStringLiteral("QFrame#evidenceDropHighlight { border: 2px solid %1; "
                           "border-radius: 3px; background: transparent; }")
                .arg(themeColour(ThemeColour::Accent).name()));
    }
    m_highlight->setGeometry(rect);
    m_highlight->show();
    m_highlight->raise();
}

bool EvidenceController::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto* drag = static_cast<QDragMoveEvent*>(event);
        QRect rect;
        const QString id = droppedFiles(drag->mimeData()).isEmpty()
                               ? QString()
                               : itemAt(watched, drag->position().toPoint(), &rect);
        if (id.isEmpty()) {
            drag->ignore(); // not files, or not on an item: nothing would be attached
            highlight(nullptr, {});
        } else {
            drag->acceptProposedAction();
            highlight(static_cast<QWidget*>(watched), rect);
        }
        return true;
    }
    case QEvent::DragLeave:
        highlight(nullptr, {});
        return true;
    case QEvent::Drop: {
        auto* drop = static_cast<QDropEvent*>(event);
        highlight(nullptr, {});
        const QStringList files = droppedFiles(drop->mimeData());
        QRect rect;
        const QString id =
            files.isEmpty() ? QString() : itemAt(watched, drop->position().toPoint(), &rect);
        if (id.isEmpty()) {
            drop->ignore();
            return true;
        }
        drop->acceptProposedAction();
        attachFiles(id, files);
        return true;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace golive
