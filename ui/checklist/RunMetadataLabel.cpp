// The runbook's front matter under the run's title: plain text, never markup.
#include "RunMetadataLabel.h"

#include "Runbook.h"
#include "SafeText.h"
#include "UiText.h"

#include <QStringList>

namespace golive {

RunMetadataLabel::RunMetadataLabel(QWidget* parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("runMetadata"));
    // A front matter value is the runbook's text: "<img src=...>" stays those characters.
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
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
        const QString line = entry.key + QStringLiteral(": ") + entry.value.simplified();
        shown << line;
        tip << tr("%1 (runbook line %2)").arg(line).arg(entry.pos.line);
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
