// Lays the report out on the pages of a device (a QPdfWriter or a QPrinter) and draws it.
#pragma once

#include <QList>
#include <QPagedPaintDevice>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

class QFont;
class QPainter;
class QTextDocument;
class QTextLayout;

namespace golive::report {

class ReportDocument;
struct FoldedRun;
struct Person;
struct Piece;
struct Unit;

// Places the document's pieces on pages of the body (the printable area less a header and a
// footer band), each whole on one page; a table's header is repeated where it continues. Every
// page then gets its header and footer, and the last page the sign-off block (signatures and
// the QR code), drawn so that it never splits across pages.
class ReportPager
{
public:
    ReportPager(const FoldedRun& f, QPagedPaintDevice* device);
    ~ReportPager();

    bool run(QString* error);

private:
    // Where a piece goes: the page, its top on the page's body, and which part of it is shown.
    struct Placed
    {
        Piece* piece = nullptr;
        int page = 0;
        double y = 0;
        double from = 0; // the part shown: [from, from + height)
        double height = 0;
        bool sliced = false; // taller than a page: only that part is drawn
    };
    // Every piece placed, the number of pages, and where the sign-off starts on the last one.
    struct Pages
    {
        QList<Placed> placed;
        int count = 0;
        double signOffTop = 0;
    };

    double mm(double v) const { return v * m_device->logicalDpiY() / 25.4; }
    // Sets m_content and m_body from the device's page layout.
    void setPageArea();
    // Places every piece: each whole on a page, with the pieces it is kept with; a table's header
    // repeated where it continues; a piece taller than a page sliced. `continued` receives the
    // "(continued)" lines it lays out.
    Pages place(std::vector<Piece>& pieces, const ReportDocument& document,
                std::vector<std::unique_ptr<Piece>>& continued) const;
    // Draws the placed pieces, the headers and footers and the sign-off.
    bool paint(const Pages& pages, QString* error);
    void drawHeaderFooter(QPainter& p, int page, int pages) const;
    // Lays `text` out wrapped at word boundaries (anywhere inside a word too long for a line)
    // from y, `width` wide; returns the layout and adds its height to *y.
    std::unique_ptr<QTextLayout> wrapped(const QString& text, const QFont& font, double width,
                                         double* y, bool right = false) const;
    // Draws `text` (when p is set) wrapped in `rect`'s width; returns the height it takes.
    double drawWrapped(QPainter* p, const QRectF& rect, const QString& text,
                       const QFont& font) const;
    // Draws (when p is set) the sign-off block from `top`; returns its height.
    double drawSignOff(QPainter* p, double top) const;
    void drawSignatureBlock(QPainter& p, const QRectF& box, const Person& who) const;

    std::unique_ptr<QTextDocument> layOut(const QString& html, double width) const;
    Piece layOutPiece(const Unit& unit, const ReportDocument& document) const;
    // Draws `doc` with its top left at `at`; only the lines in `shown`, when it is valid.
    void drawDocument(QPainter& p, const QTextDocument& doc, const QPointF& at,
                      const QRectF& shown) const;
    // Draws `piece` with its top left at `at`; only what lies in `shown`, when it is valid.
    void drawPiece(QPainter& p, const Piece& piece, const QPointF& at,
                   const QRectF& shown = QRectF()) const;

    double padX() const { return mm(1.0); }
    double padY() const { return mm(0.9); }
    double indentStep() const { return mm(3.0); }

    const FoldedRun& m_f;
    QPagedPaintDevice* m_device;
    QRectF m_content; // inside the margins, device pixels
    QRectF m_body;    // m_content less the header and footer bands
};

} // namespace golive::report
