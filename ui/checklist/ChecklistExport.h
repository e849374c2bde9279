// The signed checklist leaving the window: printed (Ctrl+P, with a preview) or exported as PDF,
// Markdown or the whole ledger as JSON (File > Export), as the run session holds it now.
#pragma once

#include "ChecklistReport.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

class QPrinter;
class QUrl;
class QWidget;

namespace golive {

class RunSession;

class ChecklistExport : public QObject
{
    Q_OBJECT
public:
    enum class Format
    {
        Pdf,
        Markdown,
        Json
    };

    // A child of `window`. `flushEdits` records what is typed in a field but not entered yet;
    // `showMessage` writes to the window's status bar for a number of ms.
    ChecklistExport(QWidget* window, RunSession* session, std::function<void()> flushEdits,
                    std::function<void(const QString&, int)> showMessage);

    // The preview dialog, then the printer.
    void print();
    // Draws the checklist on `printer` (the print preview's). A printer that prints to a file
    // gets the file through writePdf() on its page layout, refused and checked as an export.
    bool printTo(QPrinter* printer, QString* error);
    // Asks where (the Documents folder the first time, then the folder used last), writes,
    // and offers to open the file or show it in its folder.
    void exportWithDialog(Format format);
    // Where the dialog starts: the run's name with the format's suffix, in the folder above.
    QString suggestedPath(Format format) const;
    // Seams for tests: what the save dialog answers for a suggested path (empty: cancelled),
    // and what opens a file or folder (default QDesktopServices::openUrl). Empty restores.
    void setFileChooser(std::function<QString(const QString&)> chooser)
    {
        m_chooseFile = std::move(chooser);
    }
    void setUrlOpener(std::function<void(const QUrl&)> opener) { m_openUrl = std::move(opener); }
    // Writes the checklist to `path` through writeExport(): never over the run, a file beside
    // it or another golive run, whole or not at all. False with which file and why in *error.
    bool exportTo(Format format, const QString& path, QString* error);
    // What the report shows of the run's evidence (the first and last lines of a command's
    // output, thumbnails, whether the bytes still match) is read on the ledger's worker
    // (RunSession::readEvidencePreview), one blob after another, never on this thread; `then`
    // runs here once every preview has come, at once when the run has no evidence. exportTo()
    // and printTo() show what was prepared (evidence not prepared says its bytes were not read).
    // A newer call, or the run being let go, drops a `then` still waiting.
    void prepareEvidence(std::function<void()> then);
    bool preparingEvidence() const { return !m_waiting.isEmpty(); }
    // Drops the previews prepareEvidence() kept.
    void releaseEvidence();

private:
    void evidencePreviewRead(quint64 requestId, const QString& sha256,
                             const EvidencePreview& preview);
    void printPrepared();
    void exportPrepared(Format format, const QString& path);

    // The run as the session holds it now: as opened, with every event since and its head.
    ReportInput currentReport() const;
    // Why a report must wait (the ledger is still being verified), naming `what` waits;
    // empty when it need not.
    QString notYet(const QString& what) const;

    QWidget* m_window = nullptr;
    RunSession* m_session = nullptr;
    std::function<void()> m_flushEdits;
    std::function<void(const QString&, int)> m_showMessage;
    std::function<QString(const QString&)> m_chooseFile;
    std::function<void(const QUrl&)> m_openUrl;
    // The previews of the export being made, by SHA-256, and the requests still out.
    QHash<QString, EvidencePreview> m_previews;
    QSet<quint64> m_waiting;
    std::function<void()> m_then;

    void offerToOpen(const QString& path);
};

} // namespace golive
