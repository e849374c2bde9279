// The printed report's style: every colour by role, the fonts, the style sheet of its text.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>

namespace golive::report {

// Every colour of the PDF and the printout, by what it marks. All of them gray: the report is
// read on grayscale printouts, where what stands out must stand out in black and white.
enum class PrintColour
{
    Ink,               // text, rules, signature lines, the QR code's modules
    InverseInk,        // text on an AlertFill
    DetailInk,         // an item's details, notes and procedures
    Grid,              // table borders
    HeaderFill,        // a table's header row
    AlertFill,         // an open or blocked item's status, the "ledger does not verify" banner
    NotApplicableFill, // a not-applicable item's status
};

QColor printColour(PrintColour role);
// "#rrggbb", for the rich text.
QString printColourName(PrintColour role);

// What the report puts in place of the window's marker on an unfilled placeholder
// (kUnfilledPlaceholderSpan): italics and underlined, which read in grayscale where the
// window's yellow background does not.
inline constexpr char kUnfilledPlaceholderPrintSpan[] =
    "<span style=\"font-style:italic;text-decoration:underline\">";

constexpr double kBodyPt = 9.0;
constexpr double kSmallPt = 7.5;

// No ligatures: "fi" must stay two letters for pdftotext, search and copy-paste.
QFont reportFont(double pt, bool bold = false, bool mono = false, bool italic = false);

// The style sheet of the rich text in the PDF (headings, tables, details), in print colours.
QString reportCss();

} // namespace golive::report
