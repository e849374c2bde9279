// The pane beside a checklist tab: details, procedure and event history of the selection.
#include "ItemDetailsView.h"

#include "RunState.h"
#include "Runbook.h"
#include "SafeText.h"
#include "SnapshotHtml.h"
#include "Theme.h"
#include "evidence/Evidence.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QPushButton>

#include <algorithm>

namespace golive {
namespace {

QString html(const QString& text, const Runbook& runbook, const RunState& state)
{
    return renderHtml(text, runbook,
                      [&state](const QString& key) { return state.fieldValue(key); });
}

// A plain title (section, group, procedure) may hold placeholder tokens too.
QString titleHtml(const QString& plain, const Runbook& runbook, const RunState& state)
{
    return html(plain.toHtmlEscaped(), runbook, state);
}

// Lines as a list whose nesting follows RunbookText::depth: a bullet under a bullet is a list
// inside the list, indented one step further. Depth 0 uses `tag` ("ul", or "ol" for steps).
QString nestedList(const QList<RunbookText>& lines, const Runbook& runbook, const RunState& state,
                   const QString& tag)
{
    if (lines.isEmpty()) {
        return {};
    }
    constexpr int kDeepest = 8; // deeper than this reads no better, and stays in the pane
    QStringList open;           // the tags of the lists open now, outermost first
    QString out;
    for (const RunbookText& line : lines) {
        const int level = qBound(0, line.depth, kDeepest) + 1;
        while (open.size() < level) {
            open << (open.isEmpty() ? tag : QStringLiteral("ul"));
            out += QLatin1Char('<') + open.last() + QLatin1Char('>');
        }
        while (open.size() > level) {
            out += QStringLiteral("</") + open.takeLast() + QLatin1Char('>');
        }
        out += QStringLiteral("<li>") + html(line.html, runbook, state) + QStringLiteral("</li>");
    }
    while (!open.isEmpty()) {
        out += QStringLiteral("</") + open.takeLast() + QLatin1Char('>');
    }
    return out;
}

QString listOf(const QList<RunbookText>& lines, const Runbook& runbook, const RunState& state)
{
    return nestedList(lines, runbook, state, QStringLiteral("ul"));
}

QString proceduresOf(const QList<RunbookProcedure>& procedures, const Runbook& runbook,
                     const RunState& state)
{
    QString out;
    for (const RunbookProcedure& procedure : procedures) {
        if (!procedure.title.isEmpty()) {
            out += QStringLiteral("<h4>%1</h4>").arg(titleHtml(procedure.title, runbook, state));
        }
        out += nestedList(procedure.steps, runbook, state, QStringLiteral("ol"));
    }
    return out;
}

// A group's title as rich text: its links kept when the runbook gave markup.
QString groupTitleHtml(const RunbookGroup& group, const Runbook& runbook, const RunState& state)
{
    if (!group.titleHtml.isEmpty()) {
        return html(group.titleHtml, runbook, state);
    }
    return titleHtml(group.title, runbook, state);
}

QString statusColour(ItemStatus status)
{
    switch (status) {
    case ItemStatus::Signed:
    case ItemStatus::CheckedInTemplate:
        return themeColour(ThemeColour::OkText).name();
    case ItemStatus::NotApplicable:
        return themeColour(ThemeColour::NeutralText).name();
    case ItemStatus::Blocked:
        return themeColour(ThemeColour::ErrorText).name();
    case ItemStatus::Open:
        break;
    }
    // Words, not marks: the theme's text colours, legible on its lists.
    return themeColour(ThemeColour::WarningText).name();
}

// An item's latest events at most: one noted on all night would make the pane, and every
// selection of it, slow to lay out; the timeline and the exported checklist keep every one.
constexpr qsizetype kHistoryShown = 50;

QString historyOf(const QList<SignOffEvent>& events)
{
    if (events.isEmpty()) {
        return QStringLiteral("<p><i>%1</i></p>").arg(ItemDetailsView::tr("No events yet."));
    }
    // A paragraph per event, not a table: in a narrow pane a table's columns broke the time
    // stamp inside its digits. The stamp is one unbreakable word (no-break spaces; a line
    // never breaks between a hyphen and a digit), the note follows on its own line.
    const QString nbsp = QString(QChar::Nbsp);
    QString out;
    const qsizetype first = std::max<qsizetype>(0, events.size() - kHistoryShown);
    if (first > 0) {
        out += QStringLiteral("<p><i>%1</i></p>")
                   .arg(ItemDetailsView::tr("The latest %1 of %2 events; the timeline and the "
                                            "exported checklist have every one.")
                            .arg(kHistoryShown)
                            .arg(events.size()));
    }
    for (const SignOffEvent& e : events.mid(first)) {
        const QString stamp = e.timeUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd")) + nbsp +
                              e.timeUtc.toUTC().toString(QStringLiteral("HH:mm:ss")) + nbsp +
                              QStringLiteral("UTC");
        out +=
            QStringLiteral("<p style='margin-top:0; margin-bottom:6px'>#%1 · %2 · <b>%3</b> · "
                           "%4 (%5)")
                .arg(e.seq)
                .arg(stamp, eventKindName(e.kind), htmlSafe(e.actor.name), roleName(e.actor.role));
        // The key that signed it (the start of its fingerprint, as the printed checklist has it).
        if (e.signature.isSigned()) {
            out +=
                QStringLiteral(" · key ") + htmlSafe(shortFingerprint(e.signature.keyFingerprint));
        }
        // Evidence reads as what it is (name, size, hash; the command and how it ended), not
        // as the JSON the ledger keeps.
        if (isEvidence(e.kind)) {
            out += QStringLiteral("<br/>") + htmlSafe(evidenceSummary(e));
        } else if (!e.text.isEmpty()) {
            out += QStringLiteral("<br/>") + htmlSafe(e.text);
        }
        out += QStringLiteral("</p>");
        // What golive could see when the event was recorded (the GO, a failed step, Live, a
        // sign-off of an item golive checks itself), right under it.
        if (!e.snapshot.isEmpty())
            out += snapshotHtml(snapshotTable(e.snapshot)) +
                   QStringLiteral("<p style='margin-top:0; margin-bottom:6px'></p>");
    }
    return out;
}

} // namespace

ItemDetailsView::ItemDetailsView(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("itemDetails"));
    // Never follow a link by itself: only http, https and mailto links are links at all
    // (renderHtml()), and opening one shows its full address first.
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setMinimumWidth(260);
    // An unfilled placeholder (renderHtml()) on a marker, the same in both themes.
    document()->setDefaultStyleSheet(QStringLiteral(".%1 { background-color: %2; color: %3; }")
                                         .arg(QLatin1String(kUnfilledPlaceholderClass),
                                              themeColour(ThemeColour::PlaceholderMarker).name(),
                                              themeColour(ThemeColour::OnLightFillText).name()));
    m_opener = [](const QUrl& url) { return QDesktopServices::openUrl(url); };
    connect(this, &QTextBrowser::anchorClicked, this, &ItemDetailsView::openLink);
}

void ItemDetailsView::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

bool ItemDetailsView::openLink(const QUrl& url)
{
    if (!isFollowableLink(url))
        return false;
    QMessageBox ask(QMessageBox::Question, tr("Open link"),
                    tr("Open this address?\n\n%1").arg(displaySafe(url.toString())),
                    QMessageBox::NoButton, this);
    ask.setObjectName(QStringLiteral("openLinkConfirmation"));
    ask.setTextFormat(Qt::PlainText);
    QPushButton* open = ask.addButton(tr("Open"), QMessageBox::AcceptRole);
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != open)
        return false;
    return m_opener && m_opener(url);
}

void ItemDetailsView::showItem(const Runbook& runbook, const RunState& state,
                               const RunbookItem& item)
{
    const ItemState s = state.item(item.id);
    QString out = QStringLiteral("<h3>%1&nbsp;&nbsp;%2</h3>")
                      .arg(item.id.toHtmlEscaped(), html(item.titleHtml, runbook, state));
    out += QStringLiteral("<p><span style='color:%1'><b>%2</b></span>")
               .arg(statusColour(s.status), itemStatusDisplayName(s.status).toHtmlEscaped());
    if (!s.by.isEmpty()) {
        out += tr(" by <b>%1</b> (%2) at %3")
                   .arg(htmlSafe(s.by), roleDisplayName(s.role),
                        // One unbreakable word, as in the history below.
                        s.at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                            .replace(QLatin1Char(' '), QChar::Nbsp));
    }
    out += QStringLiteral("</p>");
    // An unresolved failed step says so first, in the failure colour: what failed, who said
    // so, and by when it must be resolved before golive proposes the rollback.
    if (const StepFailure* f = state.cutover().failureOf(item.id); f && !f->resolved) {
        out += QStringLiteral("<p style='color:%1'><b>%2</b> %3</p>")
                   .arg(themeColour(ThemeColour::ErrorText).name(), tr("FAILED"),
                        tr("at %1 UTC by %2 (%3): %4 · due %5 UTC")
                            .arg(f->atUtc.toUTC().toString(QStringLiteral("HH:mm")),
                                 htmlSafe(f->by), roleDisplayName(f->role), htmlSafe(f->what),
                                 f->deadlineUtc.toUTC().toString(QStringLiteral("HH:mm"))));
    }
    if (!s.note.isEmpty()) {
        out += QStringLiteral("<p>&ldquo;%1&rdquo;</p>").arg(htmlSafe(s.note));
    }
    QStringList meta;
    if (!item.owner.isEmpty()) {
        meta << tr("Owner: %1").arg(item.owner.toHtmlEscaped());
    }
    if (!item.due.isEmpty()) {
        meta << tr("Due: %1").arg(item.due.toHtmlEscaped());
    }
    if (state.plan().isValid() && item.id == state.plan().goDecisionItemId) {
        // No role signs it directly: naming one would send the room the wrong way.
        meta << tr("Recorded by the GO decision (Ctrl+G), not signed directly");
    } else if (!item.requiredRole.isEmpty()) {
        meta << tr("Needs the <b>%1</b> role").arg(item.requiredRole.toHtmlEscaped());
    }
    if (!meta.isEmpty()) {
        out += QStringLiteral("<p>") + meta.join(QStringLiteral(" · ")) + QStringLiteral("</p>");
    }
    out += listOf(item.details, runbook, state);
    out += proceduresOf(item.procedures, runbook, state);
    if (!s.notes.isEmpty()) {
        // The latest notes, as the history below: the timeline and the export have them all.
        out += QStringLiteral("<h4>%1</h4>").arg(tr("Notes"));
        const qsizetype first = std::max<qsizetype>(0, s.notes.size() - kHistoryShown);
        if (first > 0) {
            out +=
                QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("The latest %1 of %2 notes.").arg(kHistoryShown).arg(s.notes.size()));
        }
        out += QStringLiteral("<ul>");
        for (const QString& note : s.notes.mid(first)) {
            out += QStringLiteral("<li>%1</li>").arg(htmlSafe(note));
        }
        out += QStringLiteral("</ul>");
    }
    out += QStringLiteral("<h4>%1</h4>").arg(tr("History"));
    out += historyOf(state.eventsFor(item.id));
    out += QStringLiteral("<p style='color:%1'>%2</p>")
               .arg(themeColour(ThemeColour::FootnoteText).name(),
                    tr("Runbook line %1").arg(item.pos.line));
    setHtml(out);
}

void ItemDetailsView::showGroup(const Runbook& runbook, const RunState& state,
                                const RunbookSection& section,
                                const QList<const RunbookGroup*>& parts)
{
    if (parts.isEmpty()) {
        clear();
        return;
    }
    QString out = QStringLiteral("<h3>%1</h3><p style='color:%2'>%3</p>")
                      .arg(groupTitleHtml(*parts.first(), runbook, state),
                           themeColour(ThemeColour::FootnoteText).name(),
                           tr("Section %1. %2")
                               .arg(section.number.toHtmlEscaped(),
                                    titleHtml(section.title, runbook, state)));
    // The text of a group, then what resumes it after its nested groups (no title of its own).
    bool hasItems = false;
    for (const RunbookGroup* part : parts) {
        out += listOf(part->notes, runbook, state);
        out += proceduresOf(part->procedures, runbook, state);
        hasItems = hasItems || !part->items.isEmpty();
    }
    if (!hasItems) {
        const int line = parts.first()->pos.line;
        out +=
            QStringLiteral("<p style='color:%1'>%2</p>")
                .arg(themeColour(ThemeColour::FootnoteText).name(),
                     line > 0 ? tr("Notes to read: nothing here to sign. Runbook line %1").arg(line)
                              : tr("Notes to read: nothing here to sign."));
    }
    setHtml(out);
}

void ItemDetailsView::showSection(const Runbook& runbook, const RunState& state, int sectionIndex)
{
    if (sectionIndex < 0 || sectionIndex >= runbook.sections.size()) {
        clear();
        return;
    }
    const RunbookSection& section = runbook.sections.at(sectionIndex);
    const Progress p = state.sectionProgress(sectionIndex);
    QString out = QStringLiteral("<h3>%1. %2</h3><p>%3</p>")
                      .arg(section.number.toHtmlEscaped(), titleHtml(section.title, runbook, state),
                           tr("%1 of %2 items done").arg(p.done).arg(p.total));
    // Every group's reading material in document order; a nested group's title is indented by
    // its depth, a continuation has no title of its own.
    for (const RunbookGroup& group : section.groups) {
        if (group.notes.isEmpty() && group.procedures.isEmpty()) {
            continue;
        }
        if (!group.title.isEmpty() && !group.continuation) {
            out += QStringLiteral("<p style='margin-left:%1px; margin-bottom:0'><b>%2</b></p>")
                       .arg(qBound(0, group.depth, 8) * 16)
                       .arg(groupTitleHtml(group, runbook, state));
        }
        out += listOf(group.notes, runbook, state);
        out += proceduresOf(group.procedures, runbook, state);
    }
    setHtml(out);
}

} // namespace golive
