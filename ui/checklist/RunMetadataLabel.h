// The runbook's front matter (labels, assignees, about, ...) under the run's title, read-only.
#pragma once

#include <QLabel>

namespace golive {

class Runbook;

// One wrapped line of plain text, "labels: release, infra · assignees: @ana", each entry as the
// runbook wrote it; the tooltip lists them one per line with where they come from. Hidden when
// the runbook has no front matter (or only the title:/name: that became the run's title).
class RunMetadataLabel : public QLabel
{
    Q_OBJECT
public:
    explicit RunMetadataLabel(QWidget* parent = nullptr);

    void setRunbook(const Runbook& runbook);
    void clearRunbook();
};

} // namespace golive
