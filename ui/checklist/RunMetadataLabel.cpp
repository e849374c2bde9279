// The runbook's front matter under the run's title: plain text, never markup.
#include "RunMetadataLabel.h"

#include "Runbook.h"
#include "SafeText.h"
#include "UiText.h"

#include <QEvent>
#include <QStringList>

namespace golive {

namespace {

// `value` on one line, cut to `max` characters with an ellipsis (never between the two halves
// of a surrogate pair).
QString shortened(const QString& value, int max)
{
    const QString line = value.simplified();
    if (line.size() <= max)
        return line;
    QString cut = line.left(max - 1);
    if (cut.back().isHighSurrogate())
        cut.chop(1);
    return cut + QChar(0x2026);
}

} // namespace

RunMetadataLabel::RunMetadataLabel(QWidget* parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("runMetadata"));
    // A front matter value is the runbook's text: "<img src=...>" stays those characters.
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Lines past the cap are cut at the bottom, never half-shown in the middle.
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    capHeight();
    hide();
}

void RunMetadataLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        capHeight();
}

void RunMetadataLabel::capHeight()
{
    const QMargins m = contentsMargins();
    setMaximumHeight(kMaxLines * fontMetrics().lineSpacing() + m.top() + m.bottom() + 2 * margin());
}

void RunMetadataLabel::setRunbook(const Runbook& runbook)
{
    QStringList shown;
    QStringList tip;
    for (const RunbookMetadata& entry : runbook.metadata) {
        const QString key = entry.key.toLower();
        // The title:/name: that became the run's title is on screen already, in large type.
        if ((key == QLatin1String("title") || key == QLatin1String("name")) &&
            entry.value.trimmed() == runbook.title) {
            continue;
        }
        shown << entry.key + QStringLiteral(": ") + shortened(entry.value, kMaxValueChars);
        tip << tr("%1 (runbook line %2)")
                   .arg(entry.key + QStringLiteral(": ") + entry.value.simplified())
                   .arg(entry.pos.line);
    }
    if (shown.isEmpty()) {
        clearRunbook();
        return;
    }
    setText(displaySafe(shown.join(QStringLiteral(" \u00b7 "))));
    setToolTip(plainToolTip(tr("From the runbook's front matter (read-only):") + QLatin1Char('\n') +
                            tip.join(QLatin1Char('\n'))));
    show();
}

void RunMetadataLabel::clearRunbook()
{
    clear();
    setToolTip({});
    hide();
}

} // namespace golive
