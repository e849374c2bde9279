// The pane beside a checklist tab: the selected item's details, procedure and event history,
// or a group's / section's notes and procedures (the rollback plan, say).
#pragma once

#include <QList>
#include <QTextBrowser>
#include <QUrl>

#include <functional>

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
    // A group row: `parts` is the group, then the continuations that resume it
    // (ChecklistModel::groupParts); their notes and procedures are shown in that order.
    void showGroup(const Runbook& runbook, const RunState& state, const RunbookSection& section,
                   const QList<const RunbookGroup*>& parts);
    void showSection(const Runbook& runbook, const RunState& state, int sectionIndex);

    // What opens a link once the person has confirmed it (QDesktopServices::openUrl by
    // default); tests set their own, so no browser is started.
    using UrlOpener = std::function<bool(const QUrl&)>;
    void setUrlOpener(UrlOpener opener);

    // Asks first, showing the full address; opens only http, https and mailto links.
    // Returns whether the link was opened.
    bool openLink(const QUrl& url);

private:
    UrlOpener m_opener;
};

} // namespace golive
