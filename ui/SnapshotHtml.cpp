// A decision's snapshot as rich text for the window.
#include "SnapshotHtml.h"

#include "SafeText.h"
#include "Theme.h"

#include <QCoreApplication>

namespace golive {

namespace {

QString stateColour(const SnapshotRow& row)
{
    if (row.breach())
        return themeColour(ThemeColour::ErrorText).name();
    if (row.stateKey == QLatin1String("at-risk"))
        return themeColour(ThemeColour::WarningText).name();
    if (row.stateKey == QLatin1String("ok"))
        return themeColour(ThemeColour::OkText).name();
    return themeColour(ThemeColour::MutedText).name();
}

} // namespace

QString snapshotHtml(const SnapshotTable& table)
{
    const QString error = themeColour(ThemeColour::ErrorText).name();
    QString h = QStringLiteral("<p style='margin-top:2px; margin-bottom:2px'><i>%1</i>")
                    .arg(QCoreApplication::translate("SnapshotHtml", "What golive saw"));
    if (table.overBreach)
        h += QStringLiteral(" \u00b7 <span style='color:%1'><b>%2</b></span>")
                 .arg(error, htmlSafe(table.overBreachText));
    h += QStringLiteral("</p>");
    if (!table.rows.isEmpty()) {
        h += QStringLiteral("<table cellspacing='0' cellpadding='2' border='1' "
                            "style='border-color:%1; border-style:solid'><tr>")
                 .arg(themeColour(ThemeColour::MutedText).name());
        for (const QString& header : SnapshotTable::headers())
            h += QStringLiteral("<th align='left'>%1</th>").arg(header.toHtmlEscaped());
        h += QStringLiteral("</tr>");
        for (const SnapshotRow& r : table.rows) {
            const QString state =
                r.breach() ? QStringLiteral("<b>%1</b>").arg(htmlSafe(r.state)) : htmlSafe(r.state);
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td>"
                                "<td style='color:%4'>%5</td></tr>")
                     .arg(htmlSafe(r.panel), htmlSafe(r.value), htmlSafe(r.objective),
                          stateColour(r), state);
        }
        h += QStringLiteral("</table>");
    }
    for (const SnapshotLine& l : table.lines) {
        const QString text =
            l.label.isEmpty()
                ? htmlSafe(l.text)
                : QStringLiteral("<b>%1:</b> %2").arg(htmlSafe(l.label), htmlSafe(l.text));
        h += l.alarm ? QStringLiteral("<p style='margin-top:0; margin-bottom:0; color:%1'>%2</p>")
                           .arg(error, text)
                     : QStringLiteral("<p style='margin-top:0; margin-bottom:0'>%1</p>").arg(text);
    }
    return h;
}

} // namespace golive
