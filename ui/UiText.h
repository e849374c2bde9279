// Text from a runbook, a run or Prometheus in a widget: plain, never markup. QLabel and QToolTip
// guess rich text from the text itself (Qt::mightBeRichText), so a runbook title such as
// "Go <img src=...>" would load an image and "<font size=7>GO</font>" would shout; these
// helpers make such text show as the characters it is.
#pragma once

#include "SafeText.h"

#include <QLabel>
#include <QRegularExpression>
#include <QTextDocument>

namespace golive {

// Shows `text` in `label` as plain text: controls and text-direction controls as escapes,
// line breaks kept.
inline void setPlainLabel(QLabel* label, const QString& text)
{
    label->setTextFormat(Qt::PlainText);
    label->setText(displaySafeLines(text));
}

// A tooltip that shows `text` as it is. QToolTip takes text that looks like markup
// (Qt::mightBeRichText) for rich text: such text is given to it escaped, the rest unchanged.
// Controls are shown as escapes; line breaks are kept.
inline QString plainToolTip(const QString& text)
{
    const QString safe = displaySafeLines(text);
    if (!Qt::mightBeRichText(safe))
        return safe;
    return Qt::convertFromPlainText(safe, Qt::WhiteSpaceNormal);
}

// The rules' words with their ISO time stamps ("2026-05-01T16:54:12.000Z") as the room reads a
// time ("16:54 UTC"): for tooltips, where the words are read at a glance.
inline QString withReadableTimes(const QString& text)
{
    static const QRegularExpression iso(
        QStringLiteral(R"(\b\d{4}-\d\d-\d\dT(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z)"));
    QString out = text;
    return out.replace(iso, QStringLiteral("\\1 UTC"));
}

} // namespace golive
