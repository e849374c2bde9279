// The report as a PDF file, or on any paged device (a printer, a print preview).
#include "ChecklistReport.h"

#include "ExportTarget.h"
#include "FoldedRun.h"
#include "ReportPager.h"
#include "SafeText.h"

#include <QBuffer>
#include <QDir>
#include <QPdfWriter>

namespace golive {

namespace {

constexpr double kPdfMarginMm = 15.0;

} // namespace

bool renderPdf(const ReportInput& input, QPagedPaintDevice* device, QString* error)
{
    if (!device) {
        if (error)
            *error = QStringLiteral("no page to draw on");
        return false;
    }
    const report::FoldedRun folded(input);
    report::ReportPager pager(folded, device);
    return pager.run(error);
}

bool writePdf(const ReportInput& input, const QString& path, const QPageLayout& layout,
              QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error =
                QStringLiteral("cannot write %1: %2; nothing was written; the run is unchanged")
                    .arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    // Refused before the pages are laid out (which takes a while), and again when written.
    if (const QString why = exportRefusal(path, input.runPath); !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    // The whole document is made in memory first: a file, a pipe or a device receives it in
    // one checked write, and nothing of a document that failed half-way.
    QBuffer buffer;
    if (!buffer.open(QIODevice::WriteOnly))
        return fail(buffer.errorString());
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(layout);
        writer.setResolution(600);
        writer.setTitle(displaySafe(reportTitle(input)) +
                        QStringLiteral(" \u2014 signed checklist"));
        writer.setCreator(QStringLiteral("golive " GOLIVE_VERSION));
        QString why;
        if (!renderPdf(input, &writer, &why))
            return fail(why);
    }
    buffer.close();
    const QByteArray& bytes = buffer.data();
    if (!bytes.startsWith("%PDF-") || !bytes.trimmed().endsWith("%%EOF"))
        return fail(QStringLiteral("the PDF writer did not finish the document"));
    return writeExport(path, bytes, input.runPath, error);
}

bool writePdf(const ReportInput& input, const QString& path, QPageSize::PageSizeId pageSize,
              QString* error)
{
    return writePdf(input, path,
                    QPageLayout(QPageSize(pageSize), QPageLayout::Portrait,
                                QMarginsF(kPdfMarginMm, kPdfMarginMm, kPdfMarginMm, kPdfMarginMm),
                                QPageLayout::Millimeter),
                    error);
}

} // namespace golive
