// The runbook's front matter (labels, assignees, about, ...) under the run's title, read-only.
#pragma once

#include <QLabel>

namespace golive {

class Runbook;

// Plain text, "labels: release, infra · assignees: @ana", each entry as the runbook wrote it,
// each value cut to kMaxValueChars with an ellipsis and the whole at most kMaxLines lines, so a
// long `description: |` never pushes the checklist down; the tooltip lists every entry in full,
// one per line with where it comes from. Hidden when the runbook has no front matter (or only
// the title:/name: that became the run's title).
class RunMetadataLabel : public QLabel
{
    Q_OBJECT
public:
    explicit RunMetadataLabel(QWidget* parent = nullptr);

    static constexpr int kMaxValueChars = 120;
    static constexpr int kMaxLines = 2;

    void setRunbook(const Runbook& runbook);
    void clearRunbook();

protected:
    void changeEvent(QEvent* event) override;

private:
    void capHeight();
};

} // namespace golive
