// The pane beside a checklist tab: the selected item's details, procedure and event history,
// or a group's / section's notes and procedures (the rollback plan, say).
#pragma once

#include <QTextBrowser>

namespace golive {

class Runbook;
class RunState;
struct RunbookItem;
struct RunbookGroup;
struct RunbookSection;

class ItemDetailsView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ItemDetailsView(QWidget* parent = nullptr);

    void showItem(const Runbook& runbook, const RunState& state, const RunbookItem& item);
    void showGroup(const Runbook& runbook, const RunState& state, const RunbookSection& section,
                   const RunbookGroup& group);
    void showSection(const Runbook& runbook, const RunState& state, int sectionIndex);
};

} // namespace golive
