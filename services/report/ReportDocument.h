// The report as a document: a list of pieces (flowing rich text, table rows) for the pager.
#pragma once

#include "ReportStyle.h"

#include <QFont>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

namespace golive::report {

struct FoldedRun;

// A line (or paragraph) of plain text in one font.
struct Para
{
    QString text;
    QFont font;
};

enum class Fill
{
    None,
    Alert,         // unsigned: white on black
    NotApplicable, // gray
    Header
};

struct GridCell
{
    QList<Para> paras;
    QString html; // rich text (an item's title, notes and details) instead of paras
    // Drawn under the paras, at most kImageWidthMm wide and as tall as its aspect makes it
    // (at most kImageHeightMm): a thumbnail of an attached image.
    QImage image;
    static constexpr double kImageWidthMm = 60;
    static constexpr double kImageHeightMm = 60;
    int indent = 0;
    Fill fill = Fill::None;
    bool right = false;
};

struct Unit
{
    QString html;              // a flowing piece, or
    QList<GridCell> cells;     // a table row
    bool keepWithNext = false; // on the same page as the next piece (headings, table headers)
    bool breakBefore = false;  // starts a page
    int table = -1;            // the table this is a row or the header of
    bool header = false;
    double spaceBeforeMm = 0; // above it, unless it starts a page
};

struct TableSpec
{
    QList<double> widths; // percent
    QString continuedHtml;
    int headerUnit = -1;
};

// The document: a list of pieces, each kept whole on one page (a piece taller than a page is
// sliced). A piece is flowing rich text (HTML in QTextDocument's subset, every piece of run
// data escaped) or one row of a table: cells of plain text laid out with QTextLayout, or rich
// text for an item's body, with the grid and the fills drawn by the painter. A table's header
// row is repeated, under a "(continued)" line, on every page the table continues on.
class ReportDocument
{
public:
    // The whole report of `f`, first page to the appendix (the sign-off block is the pager's).
    static ReportDocument build(const FoldedRun& f);

    void flow(const QString& html, bool keepWithNext = false, bool breakBefore = false);
    // `continued` is plain text: "4. Cutover Plan & Runbook".
    int table(const QList<double>& widths, const QStringList& headers, const QString& continued,
              double pt = kBodyPt, const QList<bool>& right = {});
    void row(int table, const QList<GridCell>& cells, bool keepWithNext = false);

    const QList<Unit>& units() const { return m_units; }
    const QList<TableSpec>& tables() const { return m_tables; }

private:
    QList<Unit> m_units;
    QList<TableSpec> m_tables;
};

} // namespace golive::report
