// Evidence in the window: Item > Attach… (Ctrl+Shift+A), files dropped on an item's row or on
// the details pane, the evidence pane under the details, and the evidence a sign-off may name.
// Everything it records goes through RunSession::submitWithFile(); the worker reads the file.
#pragma once

#include "SignOffDialog.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>

class QAction;
class QFrame;
class QMenuBar;
class QTreeView;
class QWidget;

namespace golive {

class ChecklistController;
class EvidencePane;
class RunSession;

class EvidenceController : public QObject
{
    Q_OBJECT
public:
    struct Host
    {
        std::function<void(const QString&)> refuse; // the window's refusal banner
        std::function<void(const QString&, int)> showMessage;
    };

    // The limit per attachment: Settings MaxAttachmentMiB (25 MiB unless changed).
    static qint64 maxAttachmentBytes();

    // A child of `window`; `session` and `checklist` outlive it.
    EvidenceController(QWidget* window, RunSession* session, ChecklistController* checklist,
                       Host host);

    // The evidence pane under the checklist's details pane (call after its createWidgets()).
    void createWidgets();
    // Item > Attach… in the Item menu on `bar`, after the note (call after its createMenus()).
    void createActions(QMenuBar* bar);
    QAction* attachAction() const { return m_attach; }
    EvidencePane* pane() const { return m_pane; }

    // Attaches each file to `itemId` (what the action's dialog and a drop do): each becomes
    // an evidence-attached event, or a refusal naming the file. Returns how many were handed
    // to the store.
    int attachFiles(const QString& itemId, const QStringList& paths);

    // Seam: the file dialog behind Item > Attach… (empty: cancelled).
    using FilesChooser = std::function<QStringList(QWidget* parent)>;
    void setFilesChooser(FilesChooser chooser) { m_chooseFiles = std::move(chooser); }

    // What a sign-off of `itemId` may name: the item's evidence, oldest first; the newest one
    // recorded from this window since the item's last sign-off is ticked.
    QList<SignOffDialog::EvidenceChoice> choicesFor(const QString& itemId) const;
    void offerEvidence(SignOffDialog* dialog, const QString& itemId) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void attachToCurrent();
    void update();
    void installDropTargets();
    QString itemAt(QObject* target, const QPoint& pos, QRect* rect) const;
    void highlight(QWidget* on, const QRect& rect);
    // Why the operator cannot attach to `itemId` now, or empty.
    QString cannotAttach(const QString& itemId) const;

    QWidget* m_window;
    RunSession* m_session;
    ChecklistController* m_checklist;
    Host m_host;
    EvidencePane* m_pane = nullptr;
    QAction* m_attach = nullptr;
    QPointer<QFrame> m_highlight;
    QPointer<QWidget> m_highlightOn; // the widget m_highlight was made on
    QSet<qint64> m_recordedHere;     // evidence this window recorded in the run open now
    // Per item, the files handed to the store and not yet recorded or refused (name, size).
    QHash<QString, QList<QPair<QString, qint64>>> m_storing;
    FilesChooser m_chooseFiles;
};

} // namespace golive
