// The printed report's colours and fonts: the one place that names them.
#include "ReportStyle.h"

namespace golive::report {

QColor printColour(PrintColour role)
{
    switch (role) {
    case PrintColour::Ink:
        return QColor(0x00, 0x00, 0x00);
    case PrintColour::InverseInk:
        return QColor(0xff, 0xff, 0xff);
    case PrintColour::DetailInk:
        return QColor(0x22, 0x22, 0x22);
    case PrintColour::Grid:
        return QColor(0x55, 0x55, 0x55);
    case PrintColour::HeaderFill:
        return QColor(0xe6, 0xe6, 0xe6);
    case PrintColour::AlertFill:
        return QColor(0x00, 0x00, 0x00);
    case PrintColour::NotApplicableFill:
        return QColor(0xd0, 0xd0, 0xd0);
    }
    return QColor(0x00, 0x00, 0x00);
}

QString printColourName(PrintColour role)
{
    return printColour(role).name(QColor::HexRgb);
}

QFont reportFont(double pt, bool bold, bool mono, bool italic)
{
    QFont font(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
    font.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
    font.setPointSizeF(pt);
    font.setBold(bold);
    font.setItalic(italic);
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

QString reportCss()
{
    static const QString css =
        QString::fromLatin1(R"(
h1 { font-size: 17pt; font-weight: bold; margin-top: 0px; margin-bottom: 4px; }
h2 { font-size: 12.5pt; font-weight: bold; margin-top: 0px; margin-bottom: 4px; }
h3 { font-size: 10.5pt; font-weight: bold; margin-top: 8px; margin-bottom: 3px; }
p { margin-top: 0px; margin-bottom: 0px; }
th { font-weight: bold; text-align: left; background-color: %1; }
.small { font-size: 7.5pt; }
.detail { font-size: 7.5pt; color: %2; }
.mono { font-family: 'DejaVu Sans Mono', monospace; }
.kicker { font-size: 8pt; font-weight: bold; letter-spacing: 1px; }
a { color: %3; text-decoration: underline; }
)")
            .arg(printColourName(PrintColour::HeaderFill), printColourName(PrintColour::DetailInk),
                 printColourName(PrintColour::Ink));
    return css;
}

} // namespace golive::report
