// The signed checklist printed or exported, from the run session as it is now.
#include "ChecklistExport.h"

#include "ChecklistReport.h"
#include "ExportTarget.h"
#include "Logging.h"
#include "RunSession.h"
#include "Settings.h"
#include "evidence/Evidence.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPageSize>
#include <QPaintEngine>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>

#include <utility>

namespace golive {

ChecklistExport::ChecklistExport(QWidget* window, RunSession* session,
                                 std::function<void()> flushEdits,
                                 std::function<void(const QString&, int)> showMessage)
    : QObject(window), m_window(window), m_session(session), m_flushEdits(std::move(flushEdits)),
      m_showMessage(std::move(showMessage))
{
    setObjectName(QStringLiteral("checklistExport"));
    connect(m_session, &RunSession::evidencePreviewRead, this,
            &ChecklistExport::evidencePreviewRead);
    // A run let go takes its evidence with it: nothing waits for it any longer.
    connect(m_session, &RunSession::runReleased, this, &ChecklistExport::releaseEvidence);
}

void ChecklistExport::prepareEvidence(std::function<void()> then)
{
    releaseEvidence();
    QHash<QString, bool> wanted; // SHA-256 -> keep the whole (an image)
    for (const SignOffEvent& e : m_session->state().events()) {
        if (isEvidence(e.kind) && !e.fieldKey.isEmpty())
            wanted[e.fieldKey] = wanted.value(e.fieldKey) || evidenceWantsWhole(e);
    }
    if (wanted.isEmpty()) {
        then();
        return;
    }
    m_then = std::move(then);
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it)
        m_waiting.insert(m_session->readEvidencePreview(it.key(), it.value()));
}

void ChecklistExport::releaseEvidence()
{
    m_waiting.clear();
    m_previews.clear();
    m_then = nullptr;
}

void ChecklistExport::evidencePreviewRead(quint64 requestId, const QString& sha256,
                                          const EvidencePreview& preview)
{
    if (!m_waiting.remove(requestId))
        return; // another request's, or one dropped
    m_previews.insert(sha256, preview);
    if (!m_waiting.isEmpty() || !m_then)
        return;
    const std::function<void()> then = std::exchange(m_then, nullptr);
    then();
}

// A report of a run whose ledger is still being checked would have to call it intact or not
// without knowing: it waits for the check, which takes a moment after the run is shown.
QString ChecklistExport::notYet(const QString& what) const
{
    if (!m_session->isVerifying())
        return QString();
    return tr("The ledger of %1 is still being verified; try %2 again once it is checked.")
        .arg(QDir::toNativeSeparators(m_session->runPath()), what);
}

void ChecklistExport::print()
{
    if (!m_session->hasRun())
        return;
    if (const QString why = notYet(tr("printing")); !why.isEmpty()) {
        m_showMessage(why, 5000);
        return;
    }
    m_flushEdits();
    prepareEvidence([this] {
        printPrepared();
        releaseEvidence();
    });
}

void ChecklistExport::printPrepared()
{
    if (!m_session->hasRun())
        return;
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageSize(QPageSize(QLocale().measurementSystem() == QLocale::ImperialUSSystem
                                      ? QPageSize::Letter
                                      : QPageSize::A4));
    printer.setDocName(tr("%1 — signed checklist").arg(m_session->runbook().title));
    QPrintPreviewDialog preview(&printer, m_window);
    preview.setWindowTitle(tr("Print the signed checklist"));
    QString error;
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, [&](QPrinter* p) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        if (!printTo(p, &error))
            qCWarning(lcUi).noquote() << "printing failed:" << error;
        QApplication::restoreOverrideCursor();
    });
    preview.exec();
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Printing failed"),
                             tr("The checklist could not be printed: %1").arg(error));
}

ReportInput ChecklistExport::currentReport() const
{
    ReportInput input = ReportInput::fromSnapshot(m_session->openedSnapshot());
    input.events = m_session->state().events();
    input.head = m_session->head();
    input.generatedAtUtc = QDateTime::currentDateTimeUtc();
    // Only what prepareEvidence() read on the worker: never a read of the run from here.
    input.evidence = [previews = m_previews](const SignOffEvent& e) {
        return previews.value(e.fieldKey);
    };
    return input;
}

bool ChecklistExport::printTo(QPrinter* printer, QString* error)
{
    if (!printer) {
        if (error)
            *error = tr("no printer");
        return false;
    }
    if (const QString why = notYet(tr("printing")); !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    const ReportInput input = currentReport();
    // The preview draws into pictures (its engine is a Picture engine). Printing to a file
    // would let the printer open and truncate that file itself, unchecked, even when it is the
    // run: the file goes through writePdf() instead, and the printer draws nothing.
    const QPaintEngine* engine = printer->paintEngine();
    const bool preview = engine && engine->type() == QPaintEngine::Picture;
    QString why;
    if (!preview && !printer->outputFileName().isEmpty()) {
        if (writePdf(input, printer->outputFileName(), printer->pageLayout(), &why))
            return true;
    } else if (renderPdf(input, printer, &why)) {
        return true;
    }
    if (error)
        *error = why;
    return false;
}

namespace {

QString suffixOf(ChecklistExport::Format format)
{
    return format == ChecklistExport::Format::Pdf        ? QStringLiteral("pdf")
           : format == ChecklistExport::Format::Markdown ? QStringLiteral("md")
                                                         : QStringLiteral("json");
}

} // namespace

QString ChecklistExport::suggestedPath(Format format) const
{
    QString dir = Settings::instance()->value(Settings::Key::LastExportDir).toString();
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) {
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    }
    const QString base = QFileInfo(m_session->runPath()).completeBaseName();
    return QDir(dir).filePath(base + QLatin1Char('.') + suffixOf(format));
}

void ChecklistExport::exportWithDialog(Format format)
{
    if (!m_session->hasRun())
        return;
    if (const QString why = notYet(tr("the export")); !why.isEmpty()) {
        m_showMessage(why, 5000);
        return;
    }
    m_flushEdits();
    const QString suffix = suffixOf(format);
    const QString filter = format == Format::Pdf        ? tr("PDF (*.pdf)")
                           : format == Format::Markdown ? tr("Markdown (*.md)")
                                                        : tr("JSON (*.json)");
    const QString suggested = suggestedPath(format);
    QString path = m_chooseFile
                       ? m_chooseFile(suggested)
                       : QFileDialog::getSaveFileName(m_window, tr("Export the signed checklist"),
                                                      suggested, filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    m_showMessage(tr("Reading the evidence for the export…"), 5000);
    prepareEvidence([this, format, path] {
        exportPrepared(format, path);
        releaseEvidence();
    });
}

void ChecklistExport::exportPrepared(Format format, const QString& path)
{
    if (!m_session->hasRun())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    const bool ok = exportTo(format, path, &error);
    QApplication::restoreOverrideCursor();
    if (ok) {
        Settings::instance()->setValue(Settings::Key::LastExportDir,
                                       QFileInfo(path).absolutePath());
        m_showMessage(tr("Exported the signed checklist (ledger head %1) to %2")
                          .arg(QString::fromLatin1(m_session->head().left(12)),
                               QDir::toNativeSeparators(path)),
                      10000);
        offerToOpen(path);
    } else {
        QMessageBox::warning(m_window, tr("Export failed"), error);
    }
}

void ChecklistExport::offerToOpen(const QString& path)
{
    // Non-modal: the room goes on while the file waits to be opened.
    auto* box = new QMessageBox(
        QMessageBox::Information, tr("Exported"),
        tr("The signed checklist was written to %1.").arg(QDir::toNativeSeparators(path)),
        QMessageBox::Close, m_window);
    box->setObjectName(QStringLiteral("exportDoneBox"));
    box->setTextFormat(Qt::PlainText); // a file name, not markup
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* open = box->addButton(tr("&Open"), QMessageBox::AcceptRole);
    open->setObjectName(QStringLiteral("exportOpenButton"));
    QPushButton* folder = box->addButton(tr("Show in &folder"), QMessageBox::ActionRole);
    folder->setObjectName(QStringLiteral("exportFolderButton"));
    const auto openUrl = [this](const QUrl& url) {
        if (m_openUrl)
            m_openUrl(url);
        else
            QDesktopServices::openUrl(url);
    };
    connect(open, &QPushButton::clicked, this,
            [openUrl, path] { openUrl(QUrl::fromLocalFile(path)); });
    connect(folder, &QPushButton::clicked, this,
            [openUrl, path] { openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath())); });
    box->setDefaultButton(open);
    box->open();
}

bool ChecklistExport::exportTo(Format format, const QString& path, QString* error)
{
    if (!m_session->hasRun()) {
        if (error)
            *error =
                tr("no run is open; nothing was written to %1").arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (const QString why = notYet(tr("the export")); !why.isEmpty()) {
        if (error)
            *error = tr("%1 Nothing was written to %2.").arg(why, QDir::toNativeSeparators(path));
        return false;
    }
    const ReportInput input = currentReport();
    if (format == Format::Pdf) {
        return writePdf(input, path,
                        QLocale().measurementSystem() == QLocale::ImperialUSSystem
                            ? QPageSize::Letter
                            : QPageSize::A4,
                        error);
    }
    const QByteArray bytes = format == Format::Markdown ? toMarkdown(input) : toJson(input);
    return writeExport(path, bytes, m_session->runPath(), error);
}

} // namespace golive
