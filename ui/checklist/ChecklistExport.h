// The signed checklist leaving the window: printed (Ctrl+P, with a preview) or exported as PDF,
// Markdown or the whole ledger as JSON (File > Export), as the run session holds it now.
#pragma once

#include "ChecklistReport.h"

#include <QObject>

#include <functional>

class QPrinter;
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
    // Asks where (beside the run by default), then writes.
    void exportWithDialog(Format format);
    // Writes the checklist to `path` through writeExport(): never over the run, a file beside
    // it or another golive run, whole or not at all. False with which file and why in *error.
    bool exportTo(Format format, const QString& path, QString* error);

private:
    // The run as the session holds it now: as opened, with every event since and its head.
    ReportInput currentReport() const;

    QWidget* m_window = nullptr;
    RunSession* m_session = nullptr;
    std::function<void()> m_flushEdits;
    std::function<void(const QString&, int)> m_showMessage;
};

} // namespace golive
