// The pager: the document's pieces laid out with QTextDocument and QTextLayout, placed on the
// pages of the body, drawn with the grid, the fills, the headers, footers and the sign-off.
#include "ReportPager.h"

#include "FoldedRun.h"
#include "QrCode.h"
#include "ReportDocument.h"
#include "ReportStyle.h"
#include "SafeText.h"

#include <QAbstractTextDocumentLayout>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextFrameFormat>
#include <QTextLayout>
#include <QTextOption>

#include <algorithm>
#include <cmath>

namespace golive::report {

namespace {

constexpr double kMinMarginMm = 12.0;

} // namespace

// A piece laid out for the page: a document, or a table row's laid-out cells.
struct LaidCell
{
    std::vector<std::unique_ptr<QTextLayout>> layouts; // positioned below one another
    std::unique_ptr<QTextDocument> doc;
    bool paginated = false; // doc is paginated to the page's body, its padding inside it
    QRectF image;           // where the cell's image goes, from the cell's text origin
    double x = 0;
    double width = 0;
};

struct Piece
{
    std::unique_ptr<QTextDocument> doc;
    std::vector<LaidCell> cells;
    const Unit* unit = nullptr;
    double height = 0;
};

ReportPager::ReportPager(const FoldedRun& f, QPagedPaintDevice* device) : m_f(f), m_device(device)
{}

ReportPager::~ReportPager() = default;

std::unique_ptr<QTextDocument> ReportPager::layOut(const QString& html, double width) const
{
    auto doc = std::make_unique<QTextDocument>();
    doc->documentLayout()->setPaintDevice(m_device);
    doc->setDocumentMargin(0);
    doc->setDefaultFont(reportFont(kBodyPt));
    QTextOption option = doc->defaultTextOption();
    // Long unbroken strings (hashes, URLs) wrap anywhere rather than run off the page.
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    doc->setDefaultTextOption(option);
    doc->setDefaultStyleSheet(reportCss());
    doc->setHtml(html);
    doc->setTextWidth(width);
    return doc;
}

std::unique_ptr<QTextLayout> ReportPager::wrapped(const QString& text, const QFont& font,
                                                  double width, double* y, bool right) const
{
    // Every plain text of the PDF passes here: names, notes and values from the run show their
    // control and text-direction characters as escapes, right-to-left text isolated.
    auto layout = std::make_unique<QTextLayout>(displaySafeLines(text), font, m_device);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    if (right)
        option.setAlignment(Qt::AlignRight);
    layout->setTextOption(option);
    layout->setCacheEnabled(true);
    layout->beginLayout();
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, *y));
        *y += line.height();
    }
    layout->endLayout();
    return layout;
}

double ReportPager::drawWrapped(QPainter* p, const QRectF& rect, const QString& text,
                                const QFont& font) const
{
    double height = 0;
    const auto layout = wrapped(text, font, rect.width(), &height);
    if (p)
        layout->draw(p, rect.topLeft());
    return height;
}

Piece ReportPager::layOutPiece(const Unit& unit, const ReportDocument& document) const
{
    Piece piece;
    piece.unit = &unit;
    if (unit.table < 0) {
        piece.doc = layOut(unit.html, m_body.width());
        piece.height = piece.doc->size().height();
        return piece;
    }
    const TableSpec& table = document.tables().at(unit.table);
    double x = 0;
    double content = 0;
    for (qsizetype i = 0; i < unit.cells.size(); ++i) {
        const GridCell& cell = unit.cells.at(i);
        LaidCell laid;
        laid.x = x;
        laid.width = m_body.width() * table.widths.value(i) / 100.0;
        x += laid.width;
        const double inner = std::max(mm(4), laid.width - 2 * padX() - cell.indent * indentStep());
        double h = 0;
        if (!cell.html.isEmpty()) {
            laid.doc = layOut(cell.html, inner);
            h = laid.doc->size().height();
        } else {
            for (const Para& para : cell.paras)
                laid.layouts.push_back(wrapped(para.text, para.font, inner, &h, cell.right));
        }
        if (!cell.image.isNull()) {
            // As wide as fits the cell and kImageWidthMm, no taller than kImageHeightMm.
            QSizeF size(std::min(inner, mm(GridCell::kImageWidthMm)), 0);
            size.setHeight(size.width() * cell.image.height() / cell.image.width());
            if (size.height() > mm(GridCell::kImageHeightMm))
                size =
                    QSizeF(mm(GridCell::kImageHeightMm) * cell.image.width() / cell.image.height(),
                           mm(GridCell::kImageHeightMm));
            h += h > 0 ? mm(1) : 0;
            laid.image = QRectF(QPointF(0, h), size);
            h += size.height();
        }
        content = std::max(content, h);
        piece.cells.push_back(std::move(laid));
    }
    piece.height = content + 2 * padY();
    if (piece.height <= m_body.height())
        return piece;
    // Taller than a page (an item with pages of details): its rich text is paginated to the
    // page, with the cell's padding as the margin of every page, so that no line is cut where
    // the row is sliced between pages.
    const double page = m_body.height();
    double height = 0;
    for (LaidCell& laid : piece.cells) {
        if (!laid.doc) {
            const double text =
                laid.layouts.empty() ? 0.0 : laid.layouts.back()->boundingRect().bottom();
            const double bottom = std::max(text, laid.image.isEmpty() ? 0.0 : laid.image.bottom());
            height = std::max(height, bottom > 0 ? bottom + 2 * padY() : 0.0);
            continue;
        }
        // Frame margins are in CSS pixels (1/96 in); the layout scales them to the device.
        const double margin = padY() * 96.0 / m_device->logicalDpiY();
        QTextFrameFormat format = laid.doc->rootFrame()->frameFormat();
        format.setTopMargin(margin);
        format.setBottomMargin(margin);
        laid.doc->rootFrame()->setFrameFormat(format);
        laid.doc->setPageSize(QSizeF(laid.doc->textWidth(), page));
        laid.paginated = true;
        const int pages = std::max(1, laid.doc->pageCount());
        const QRectF last = laid.doc->documentLayout()->blockBoundingRect(laid.doc->lastBlock());
        height = std::max(height, (pages - 1) * page +
                                      std::min(page, last.bottom() - (pages - 1) * page + padY()));
    }
    piece.height = height;
    return piece;
}

void ReportPager::drawDocument(QPainter& p, const QTextDocument& doc, const QPointF& at,
                               const QRectF& shown) const
{
    QAbstractTextDocumentLayout* layout = doc.documentLayout();
    if (!shown.isValid()) {
        p.translate(at);
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette.setColor(QPalette::Text, printColour(PrintColour::Ink));
        layout->draw(&p, context);
        p.translate(-at);
        return;
    }
    // A slice: line by line, each line on the page its middle falls on (the layout's own
    // clipping would also draw the line just above the slice). Table borders and block
    // backgrounds are not drawn here: only pieces of paragraphs are ever sliced.
    const QRectF inDoc = shown.translated(-at);
    p.setPen(printColour(PrintColour::Ink));
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        const QTextLayout* text = block.layout();
        if (!text || text->lineCount() == 0)
            continue;
        const QRectF rect = layout->blockBoundingRect(block);
        if (rect.bottom() < inDoc.top() || rect.top() > inDoc.bottom())
            continue;
        const QPointF origin = rect.topLeft() - text->boundingRect().topLeft();
        for (int i = 0; i < text->lineCount(); ++i) {
            const QTextLine line = text->lineAt(i);
            const double middle = origin.y() + line.y() + line.height() / 2;
            if (middle >= inDoc.top() && middle < inDoc.bottom())
                line.draw(&p, at + origin);
        }
    }
}

void ReportPager::drawPiece(QPainter& p, const Piece& piece, const QPointF& at,
                            const QRectF& shown) const
{
    // Text outside `shown` (the slice on this page of a piece taller than a page) is not drawn
    // at all, not merely clipped: it would still be in the page's text.
    if (piece.doc) {
        drawDocument(p, *piece.doc, at, shown);
        return;
    }
    const Unit& unit = *piece.unit;
    const QPen grid(printColour(PrintColour::Grid), std::max(1.0, mm(0.2)));
    for (size_t i = 0; i < piece.cells.size(); ++i) {
        const LaidCell& laid = piece.cells.at(i);
        const GridCell& cell = unit.cells.at(qsizetype(i));
        const QRectF box(at.x() + laid.x, at.y(), laid.width, piece.height);
        switch (cell.fill) {
        case Fill::Alert:
            p.fillRect(box, printColour(PrintColour::AlertFill));
            break;
        case Fill::NotApplicable:
            p.fillRect(box, printColour(PrintColour::NotApplicableFill));
            break;
        case Fill::Header:
            p.fillRect(box, printColour(PrintColour::HeaderFill));
            break;
        case Fill::None:
            break;
        }
        const QPointF origin(box.left() + padX() + cell.indent * indentStep(), box.top() + padY());
        if (laid.doc) {
            drawDocument(p, *laid.doc, laid.paginated ? QPointF(origin.x(), box.top()) : origin,
                         shown);
        } else {
            p.setPen(
                printColour(cell.fill == Fill::Alert ? PrintColour::InverseInk : PrintColour::Ink));
            for (const auto& layout : laid.layouts) {
                if (shown.isValid() && !shown.intersects(layout->boundingRect().translated(origin)))
                    continue;
                layout->draw(&p, origin, {}, shown);
            }
        }
        if (!cell.image.isNull() && !laid.image.isEmpty()) {
            const QRectF target = laid.image.translated(origin);
            if (!shown.isValid() || shown.intersects(target)) {
                p.save();
                p.setRenderHint(QPainter::SmoothPixmapTransform, true);
                p.drawImage(target, cell.image);
                p.setPen(QPen(printColour(PrintColour::Grid), std::max(1.0, mm(0.15))));
                p.setBrush(Qt::NoBrush);
                p.drawRect(target);
                p.restore();
            }
        }
    }
    p.setPen(grid);
    p.setBrush(Qt::NoBrush);
    const QRectF row(at.x(), at.y(), m_body.width(), piece.height);
    p.drawRect(row);
    for (size_t i = 1; i < piece.cells.size(); ++i) {
        const double x = at.x() + piece.cells.at(i).x;
        p.drawLine(QPointF(x, row.top()), QPointF(x, row.bottom()));
    }
    p.setPen(printColour(PrintColour::Ink));
}

void ReportPager::drawHeaderFooter(QPainter& p, int page, int pages) const
{
    p.save();
    p.setPen(QPen(printColour(PrintColour::Ink), std::max(1.0, mm(0.2))));
    const double band = mm(6);
    const QFont titleFont = reportFont(8.5, true);
    const QFont monoFont = reportFont(8, false, true);
    const QFont footFont = reportFont(7.5);

    // Header: title left, short head right, a rule under both.
    const QString head = QStringLiteral("ledger head ") + reportShortHead(m_f.input);
    const QFontMetricsF monoMetrics(monoFont, m_device);
    const double headWidth = monoMetrics.horizontalAdvance(head) + mm(1);
    const QRectF headerRect(m_content.left(), m_content.top(), m_content.width(), band);
    p.setFont(monoFont);
    p.drawText(headerRect, Qt::AlignRight | Qt::AlignVCenter, head);
    p.setFont(titleFont);
    const QFontMetricsF titleMetrics(titleFont, m_device);
    const QString title = titleMetrics.elidedText(
        displaySafe(reportTitle(m_f.input)), Qt::ElideRight, m_content.width() - headWidth - mm(6));
    p.drawText(headerRect.adjusted(0, 0, -headWidth - mm(6), 0), Qt::AlignLeft | Qt::AlignVCenter,
               title);
    p.drawLine(QPointF(m_content.left(), headerRect.bottom()),
               QPointF(m_content.right(), headerRect.bottom()));

    // Footer: a rule, then the run and the time left, the page number right.
    const QRectF footerRect(m_content.left(), m_content.bottom() - band, m_content.width(), band);
    p.drawLine(QPointF(m_content.left(), footerRect.top()),
               QPointF(m_content.right(), footerRect.top()));
    p.setFont(reportFont(8.5, true));
    const QString pageText = QStringLiteral("Page %1 of %2").arg(page).arg(pages);
    const double pageWidth = QFontMetricsF(p.font(), m_device).horizontalAdvance(pageText) + mm(1);
    p.drawText(footerRect, Qt::AlignRight | Qt::AlignVCenter, pageText);
    p.setFont(footFont);
    const QString left = QStringLiteral("Run %1 \u00b7 generated %2")
                             .arg(displaySafe(m_f.input.runId), utcText(m_f.generated));
    const QFontMetricsF footMetrics(footFont, m_device);
    p.drawText(
        footerRect.adjusted(0, 0, -pageWidth - mm(6), 0), Qt::AlignLeft | Qt::AlignVCenter,
        footMetrics.elidedText(left, Qt::ElideRight, footerRect.width() - pageWidth - mm(6)));
    p.restore();
}

void ReportPager::drawSignatureBlock(QPainter& p, const QRectF& box, const Person& who) const
{
    p.save();
    p.setPen(QPen(printColour(PrintColour::Ink), std::max(1.0, mm(0.3))));
    p.setBrush(Qt::NoBrush);
    p.drawRect(box);
    const QRectF in = box.adjusted(mm(3), mm(2.5), -mm(3), -mm(2.5));

    drawWrapped(&p, QRectF(in.left(), in.top(), in.width(), mm(6)), who.title,
                reportFont(10.5, true));
    drawWrapped(&p, QRectF(in.left(), in.top() + mm(7), in.width(), mm(4)),
                QStringLiteral("Printed name"), reportFont(8));
    const QRectF nameRect(in.left(), in.top() + mm(11), in.width(), mm(9));
    if (!who.name.isEmpty()) {
        // As large as fits the two lines above the rule.
        for (double pt : {10.0, 8.5, 7.0, 5.5}) {
            if (drawWrapped(nullptr, nameRect, who.name, reportFont(pt, true)) <=
                    nameRect.height() ||
                pt == 5.5) {
                drawWrapped(&p, nameRect, who.name, reportFont(pt, true));
                break;
            }
        }
    }
    p.setPen(QPen(printColour(PrintColour::Ink), std::max(1.0, mm(0.25))));
    p.drawLine(QPointF(in.left(), nameRect.bottom() + mm(0.5)),
               QPointF(in.right(), nameRect.bottom() + mm(0.5)));

    const double signLine = in.top() + mm(33);
    p.drawLine(QPointF(in.left(), signLine), QPointF(in.right(), signLine));
    drawWrapped(&p, QRectF(in.left(), signLine + mm(0.8), in.width(), mm(4)),
                QStringLiteral("Signature"), reportFont(8));

    const double dateLine = in.top() + mm(44);
    p.drawLine(QPointF(in.left(), dateLine), QPointF(in.left() + in.width() * 0.6, dateLine));
    drawWrapped(&p, QRectF(in.left(), dateLine + mm(0.8), in.width(), mm(4)),
                QStringLiteral("Date (UTC)"), reportFont(8));
    p.restore();
}

double ReportPager::drawSignOff(QPainter* p, double top) const
{
    const double left = m_body.left();
    const double width = m_body.width();
    if (p) {
        p->save();
        p->setPen(printColour(PrintColour::Ink));
    }
    double y = top;
    y += drawWrapped(p, QRectF(left, y, width, 0), QStringLiteral("Sign-off"),
                     reportFont(12.5, true));
    y += mm(1.5);
    y += drawWrapped(p, QRectF(left, y, width, 0),
                     QStringLiteral("By signing, the incident commander and the release captain "
                                    "confirm that this document is the record of the go-live "
                                    "checklist of run %1, as its ledger stood at head %2.")
                         .arg(m_f.input.runId, reportShortHead(m_f.input)),
                     reportFont(8.5));
    y += mm(4);

    const double gap = mm(6);
    const double boxWidth = (width - gap) / 2;
    const double boxHeight = mm(54);
    if (p) {
        drawSignatureBlock(*p, QRectF(left, y, boxWidth, boxHeight),
                           personFor(m_f, Role::IncidentCommander));
        drawSignatureBlock(*p, QRectF(left + boxWidth + gap, y, boxWidth, boxHeight),
                           personFor(m_f, Role::ReleaseCaptain));
    }
    y += boxHeight + mm(7);

    // The QR code (4 modules of quiet zone around it) and, beside it, what it holds.
    const double qrTop = y;
    const double qrSide = mm(38);
    QPainterPath path;
    int modules = 0;
    if (p && qrPath(reportQrPayload(m_f.input), &path, &modules)) {
        const double module = qrSide / (modules + 8);
        p->save();
        p->setRenderHint(QPainter::Antialiasing, false);
        p->translate(left + 4 * module, qrTop + 4 * module);
        p->scale(module, module);
        p->setPen(Qt::NoPen);
        p->setBrush(printColour(PrintColour::Ink));
        p->drawPath(path);
        p->restore();
    }
    const double textLeft = left + qrSide + mm(4);
    const double textWidth = width - qrSide - mm(4);
    double ty = qrTop + mm(3);
    const auto line = [&](const QString& text, const QFont& fnt, double after) {
        ty += drawWrapped(p, QRectF(textLeft, ty, textWidth, 0), text, fnt) + after;
    };
    line(QStringLiteral("Verify this copy"), reportFont(10, true), mm(1));
    line(QStringLiteral("The code holds the run id and the full ledger head. This copy matches the "
                        "run file when this command says so:"),
         reportFont(8), mm(1));
    line(QStringLiteral("golive verify --run FILE --digest %1").arg(QString::fromLatin1(m_f.head)),
         reportFont(7.5, false, true), mm(2));
    line(QStringLiteral("Run id"), reportFont(7.5, true), 0);
    line(m_f.input.runId, reportFont(7.5, false, true), mm(1.5));
    line(QStringLiteral("Ledger head (SHA-256)"), reportFont(7.5, true), 0);
    line(QString::fromLatin1(m_f.head), reportFont(7.5, false, true), 0);
    if (p)
        p->restore();
    return std::max(qrTop + qrSide, ty) - top;
}

bool ReportPager::run(QString* error)
{
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return fail(QStringLiteral("the report needs a QGuiApplication for its fonts (with no "
                                   "display, run with QT_QPA_PLATFORM=offscreen)"));
    if (m_device->width() <= 0 || m_device->height() <= 0)
        return fail(QStringLiteral("the page has no printable area"));

    setPageArea();
    if (m_body.width() < mm(80) || m_body.height() < mm(120))
        return fail(QStringLiteral("the page is too small for the report (at least 80 x 120 mm "
                                   "inside the margins is needed)"));

    // Lay every piece out, then place them and draw them.
    const ReportDocument document = ReportDocument::build(m_f);
    std::vector<Piece> pieces;
    pieces.reserve(size_t(document.units().size()));
    for (const Unit& unit : document.units())
        pieces.push_back(layOutPiece(unit, document));
    std::vector<std::unique_ptr<Piece>> continued(size_t(document.tables().size()));
    return paint(place(pieces, document, continued), error);
}

void ReportPager::setPageArea()
{
    // The printable area, with margins under kMinMarginMm widened. A device that paints on the
    // whole sheet (a QPrinter with fullPage set) gets its layout's margins applied here.
    const QPageLayout layout = m_device->pageLayout();
    const QMarginsF margins = layout.margins(QPageLayout::Millimeter);
    const QSizeF sheet = layout.fullRectPoints().size() * (m_device->logicalDpiX() / 72.0);
    const bool wholeSheet =
        std::abs(m_device->width() - sheet.width()) < mm(0.5) && !margins.isNull();
    const auto inset = [&](double have) {
        return wholeSheet ? mm(std::max(have, kMinMarginMm))
                          : mm(std::max(0.0, kMinMarginMm - have));
    };
    m_content = QRectF(0, 0, m_device->width(), m_device->height())
                    .adjusted(inset(margins.left()), inset(margins.top()), -inset(margins.right()),
                              -inset(margins.bottom()));
    const double band = mm(6) + mm(3.5);
    m_body = m_content.adjusted(0, band, 0, -band);
}

ReportPager::Pages ReportPager::place(std::vector<Piece>& pieces, const ReportDocument& document,
                                      std::vector<std::unique_ptr<Piece>>& continued) const
{
    const double bodyHeight = m_body.height();

    QList<Placed> placed;
    int page = 0;
    double y = 0;
    int lastTable = -1; // the table of the piece just placed on this page
    const auto newPage = [&] {
        ++page;
        y = 0;
        lastTable = -1;
    };
    const size_t count = pieces.size();
    for (size_t i = 0; i < count; ++i) {
        Piece& piece = pieces.at(i);
        const Unit& unit = *piece.unit;
        if (unit.breakBefore && (y > 0 || !placed.isEmpty()))
            newPage();
        if (piece.height > bodyHeight) {
            // Taller than a page: from the top of a page, in page-high slices; a document's own
            // pagination moves its lines off the slice boundaries.
            if (y > 0)
                newPage();
            int slices = int(std::ceil(piece.height / bodyHeight));
            double lastBottom = piece.height - (slices - 1) * bodyHeight;
            if (piece.doc) {
                piece.doc->setPageSize(QSizeF(m_body.width(), bodyHeight));
                slices = std::max(1, piece.doc->pageCount());
                const QRectF last =
                    piece.doc->documentLayout()->blockBoundingRect(piece.doc->lastBlock());
                lastBottom = last.bottom() - (slices - 1) * bodyHeight;
            }
            for (int k = 0; k < slices; ++k) {
                if (k > 0)
                    newPage();
                placed.append({&piece, page, 0, k * bodyHeight, bodyHeight, true});
            }
            y = std::clamp(lastBottom, 0.0, bodyHeight);
            lastTable = -1;
            continue;
        }
        const double space =
            y > 0 && !(unit.table >= 0 && unit.table == lastTable) ? mm(unit.spaceBeforeMm) : 0.0;
        // What must share the page with this piece.
        double need = space + piece.height;
        for (size_t j = i; j + 1 < count && pieces.at(j).unit->keepWithNext; ++j) {
            if (need + pieces.at(j + 1).height > bodyHeight)
                break;
            need += pieces.at(j + 1).height;
        }
        if (y > 0 && y + need > bodyHeight) {
            newPage();
            if (unit.table >= 0 && !unit.header) {
                const TableSpec& table = document.tables().at(unit.table);
                auto& label = continued.at(size_t(unit.table));
                if (!label) {
                    label = std::make_unique<Piece>();
                    label->doc = layOut(table.continuedHtml, m_body.width());
                    label->height = label->doc->size().height();
                }
                Piece& header = pieces.at(size_t(table.headerUnit));
                placed.append({label.get(), page, 0, 0, label->height, false});
                placed.append({&header, page, label->height, 0, header.height, false});
                y = label->height + header.height;
                lastTable = unit.table;
            }
        } else {
            y += space;
        }
        placed.append({&piece, page, y, 0, piece.height, false});
        y += piece.height;
        lastTable = unit.table;
    }

    // The sign-off: below the last piece, or on a page of its own.
    const double signOffHeight = drawSignOff(nullptr, 0);
    double signOffTop = placed.isEmpty() ? 0 : y + mm(10);
    if (signOffTop + signOffHeight > bodyHeight) {
        newPage();
        signOffTop = 0;
    }
    return {placed, page + 1, signOffTop};
}

bool ReportPager::paint(const Pages& pages, QString* error)
{
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    const QList<Placed>& placed = pages.placed;
    QPainter p;
    if (!p.begin(m_device))
        return fail(QStringLiteral("could not start drawing on the page (is the printer or the "
                                   "file available?)"));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    qsizetype next = 0;
    for (int pg = 0; pg < pages.count; ++pg) {
        if (pg > 0 && !m_device->newPage()) {
            p.end();
            return fail(
                QStringLiteral("could not start page %1 of %2").arg(pg + 1).arg(pages.count));
        }
        drawHeaderFooter(p, pg + 1, pages.count);
        for (; next < placed.size() && placed.at(next).page == pg; ++next) {
            const Placed& at = placed.at(next);
            const QPointF origin(m_body.left(), m_body.top() + at.y - at.from);
            if (at.sliced) {
                const QRectF shown(m_body.left(), m_body.top() + at.y, m_body.width(), at.height);
                p.setClipRect(shown);
                drawPiece(p, *at.piece, origin, shown);
                p.setClipping(false);
            } else {
                drawPiece(p, *at.piece, origin);
            }
        }
        if (pg == pages.count - 1)
            drawSignOff(&p, m_body.top() + pages.signOffTop);
    }
    if (!p.end())
        return fail(QStringLiteral("could not finish the document"));
    return true;
}

} // namespace golive::report
