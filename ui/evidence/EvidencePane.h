// The evidence of the item shown in the details pane: a list of what was attached or run
// (newest last), a preview of the one selected (text in monospace, PNG/JPEG scaled, read off
// the UI thread and checked against its SHA-256), and "Save as…" / "Open".
#pragma once

#include "SignOffEvent.h"

#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QTemporaryDir>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace golive {

class RunSession;

class EvidencePane : public QWidget
{
    Q_OBJECT
public:
    // The preview shows at most this much text, and reads the whole blob (so that its SHA-256
    // is checked) only up to kCheckedPreviewBytes; a larger one shows its start, unchecked.
    static constexpr qint64 kTextPreviewBytes = 64 * 1024;
    static constexpr qint64 kCheckedPreviewBytes = 32LL * 1024 * 1024;

    EvidencePane(RunSession* session, QWidget* parent = nullptr);

    // The evidence of item `itemId` as the run holds it now (empty: nothing is shown).
    void showItem(const QString& itemId);
    QString itemId() const { return m_itemId; }
    // The selected evidence event's seq, or 0.
    qint64 selectedSeq() const;
    bool select(qint64 seq);

    // A file being stored for the item: `bytesRead` of `total` so far; total < 0 ends it.
    void showProgress(const QString& name, qint64 bytesRead, qint64 total);

    // "Save as…" without its dialog: writes the selected evidence to `path` (checked against
    // its SHA-256 while it is written); saved() follows.
    void saveSelectedTo(const QString& path);
    // "Open": a read-only copy in a folder kept for the session, then opened by the desktop.
    void openSelected();

    // Seams: the file dialog behind "Save as…" (empty: cancelled) and what opens a copy
    // (QDesktopServices::openUrl by default).
    using PathChooser = std::function<QString(QWidget* parent, const QString& suggested)>;
    void setSavePathChooser(PathChooser chooser) { m_chooseSavePath = std::move(chooser); }
    using UrlOpener = std::function<bool(const QUrl&)>;
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }

    // What the preview shows now (for tests and the screen reader's sake).
    QTreeWidget* list() const { return m_list; }
    QString previewText() const;
    QImage previewImage() const { return m_image; }
    QString previewNote() const;

signals:
    // The preview of the selection is shown (text, image or why there is none).
    void previewShown();
    // A save or an open ended: `error` empty on success.
    void saved(const QString& path, const QString& error);
    void opened(const QString& path, const QString& error);
    // Something failed that the person must hear about (in the window's refusal banner).
    void problem(const QString& message);

private:
    enum class Purpose
    {
        Save,
        Open
    };
    struct Shown // what the list's row stands for
    {
        SignOffEvent event;
        QString name; // the attachment's file name, or "command-output-<seq>.txt"
        QString mediaType;
        qint64 size = 0;
    };

    void rebuild();
    void previewSelected();
    void onBlobRead(quint64 requestId, const QString& sha256, const QByteArray& bytes, bool whole,
                    const QString& error);
    void onBlobSaved(quint64 requestId, const QString& path, const QString& error);
    void showNote(const QString& text);
    const Shown* selected() const;
    void chooseAndSave();
    void updateButtons();

    RunSession* m_session;
    QString m_itemId;
    QList<Shown> m_shown;
    QLabel* m_title;
    QLabel* m_progressText;
    QProgressBar* m_progress;
    QTreeWidget* m_list;
    QStackedWidget* m_preview;
    QPlainTextEdit* m_text;
    QLabel* m_imageLabel;
    QLabel* m_note;
    QPushButton* m_save;
    QPushButton* m_open;
    QImage m_image;
    bool m_previewBad = false; // the selection did not verify: not offered as if good
    quint64 m_previewRequest = 0;
    quint64 m_imageGeneration = 0;
    QFutureWatcher<std::pair<QImage, QString>> m_decoder; // the image, or why there is none
    QHash<quint64, Purpose> m_saves;
    std::unique_ptr<QTemporaryDir> m_openDir; // copies for "Open", kept until the window goes
    PathChooser m_chooseSavePath;
    UrlOpener m_openUrl;
};

} // namespace golive
