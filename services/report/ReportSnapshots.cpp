// What golive could see at each decision, in the PDF and the Markdown: the cutover's decisions
// with their snapshots, and the appendix of every snapshot.
#include "ReportSnapshots.h"

#include "FoldedRun.h"
#include "SafeText.h"
#include "Timeline.h"
#include "decision/SnapshotTable.h"

#include <QHash>

namespace golive::report {

namespace {

QString esc(const QString& s)
{
    return htmlSafe(s);
}

QString md(const QString& s)
{
    return markdownEscaped(QString(s).replace(QLatin1Char('\n'), QLatin1Char(' ')));
}

QString capitalised(QString s)
{
    if (!s.isEmpty())
        s[0] = s.at(0).toUpper();
    return s;
}

// The cutover's decisions: the gate, GO or NO-GO, a step failed, the rollback, Live.
bool isCutoverDecision(const SignOffEvent& e)
{
    return e.kind == EventKind::PhaseChanged || e.kind == EventKind::Decision ||
           e.kind == EventKind::StepFailed;
}

// What each event did, in the timeline's words (one source for the window, the export and
// here), by event number.
QHash<qint64, QString> eventWords(const FoldedRun& f)
{
    QHash<qint64, QString> words;
    for (const TimelineEntry& t : buildTimeline(f.state)) {
        if (!t.isDerived())
            words.insert(t.seq, t.text);
    }
    return words;
}

GridCell cell(const QString& text, const QFont& font, Fill fill = Fill::None)
{
    GridCell c;
    c.paras = {{text, font}};
    c.fill = fill;
    return c;
}

// The lines under the table: alerts, health, data; the alarming ones in bold.
QString linesHtml(const SnapshotTable& table)
{
    QStringList lines;
    for (const SnapshotLine& l : table.lines) {
        QString line = l.label.isEmpty()
                           ? esc(l.text)
                           : QStringLiteral("<i>%1:</i> %2").arg(esc(l.label), esc(l.text));
        lines.append(l.alarm ? QStringLiteral("<b>%1</b>").arg(line) : line);
    }
    return QStringLiteral("<p class=\"small\">%1</p>").arg(lines.join(QStringLiteral("<br/>")));
}

// One event's part: what it was, who and when, then the table of what golive saw and its lines.
void eventUnits(const SignOffEvent& e, const QString& words, ReportDocument& u)
{
    const QString title = snapshotEventTitle(e);
    QString h = QStringLiteral("<h3>#%1 %2 \u00b7 %3</h3>")
                    .arg(QString::number(e.seq), esc(title), utcText(e.timeUtc));
    h += QStringLiteral("<p>%1 (%2): %3</p>")
             .arg(esc(e.actor.name), esc(roleDisplayName(e.actor.role)), esc(words));
    if (e.snapshot.isEmpty()) {
        u.flow(h + QStringLiteral("<p class=\"small\"><i>No snapshot of what golive could see was "
                                  "recorded with this event.</i></p>"));
        return;
    }
    const SnapshotTable table = snapshotTable(e.snapshot);
    if (table.overBreach)
        h += QStringLiteral("<p><b>%1</b></p>").arg(esc(capitalised(table.overBreachText)));
    if (table.rows.isEmpty()) {
        u.flow(h + linesHtml(table));
        return;
    }
    u.flow(h, true);
    const QFont small = reportFont(kSmallPt);
    const QFont smallBold = reportFont(kSmallPt, true);
    const int t =
        u.table({40, 26, 18, 16}, SnapshotTable::headers(),
                QStringLiteral("#%1 %2: what golive saw").arg(e.seq).arg(title), kSmallPt);
    for (int i = 0; i < table.rows.size(); ++i) {
        const SnapshotRow& r = table.rows.at(i);
        // A breach in white on black: it reads on a grayscale printout.
        u.row(t,
              {cell(r.panel, r.breach() ? smallBold : small), cell(r.value, small),
               cell(r.objective, small),
               r.breach() ? cell(QStringLiteral("\u2717 ") + r.state, smallBold, Fill::Alert)
                          : cell(r.state, small)},
              i == table.rows.size() - 1); // the last row stays with the lines under it
    }
    u.flow(linesHtml(table));
}

} // namespace

void cutoverUnits(const FoldedRun& f, ReportDocument& u)
{
    QList<const SignOffEvent*> decisions;
    for (const SignOffEvent& e : f.input.events) {
        if (isCutoverDecision(e))
            decisions.append(&e);
    }
    if (decisions.isEmpty())
        return;
    const QHash<qint64, QString> words = eventWords(f);
    u.flow(QStringLiteral("<h2>The cutover</h2><p class=\"small\">Every decision of the cutover, "
                          "oldest first, with what golive could see when it was taken: the SLO "
                          "panels, the alerts firing and the health checks, as kept in the "
                          "decision's own event (its hash covers them). Times are UTC.</p>"),
           true);
    for (const SignOffEvent* e : decisions)
        eventUnits(*e, words.value(e->seq), u);
}

void snapshotAppendixUnits(const FoldedRun& f, ReportDocument& u)
{
    QList<const SignOffEvent*> kept;
    for (const SignOffEvent& e : f.input.events) {
        if (!e.snapshot.isEmpty())
            kept.append(&e);
    }
    if (kept.isEmpty())
        return;
    const QHash<qint64, QString> words = eventWords(f);
    u.flow(QStringLiteral("<h2>Appendix: decision snapshots</h2><p class=\"small\">Every event "
                          "that kept a snapshot of what golive could see, by event number: "
                          "decisions, sign-offs of items golive checks itself, and what was "
                          "observed going wrong. Times are UTC.</p>"),
           true, true);
    for (const SignOffEvent* e : kept)
        eventUnits(*e, words.value(e->seq), u);
}

namespace {

// "#12 GO, taken over a breach: ...; #15 Live declared": the item's events that kept a snapshot.
QString itemSnapshots(const FoldedRun& f, const QString& itemId, bool* overBreach)
{
    QStringList parts;
    *overBreach = false;
    for (const SignOffEvent* e : f.eventsOf(itemId)) {
        if (e->snapshot.isEmpty())
            continue;
        const SnapshotTable table = snapshotTable(e->snapshot);
        QString part = QStringLiteral("#%1 %2").arg(e->seq).arg(snapshotEventTitle(*e));
        if (table.overBreach)
            part += QStringLiteral(", ") + table.overBreachText;
        *overBreach = *overBreach || table.overBreach;
        parts.append(part);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

QString itemSnapshotsHtml(const FoldedRun& f, const QString& itemId)
{
    bool overBreach = false;
    const QString parts = itemSnapshots(f, itemId, &overBreach);
    if (parts.isEmpty())
        return {};
    return QStringLiteral("<p class=\"detail\"><i>What golive saw:</i> %1 \u2014 in the decision "
                          "snapshots appendix</p>")
        .arg(overBreach ? QStringLiteral("<b>%1</b>").arg(esc(parts)) : esc(parts));
}

QString itemSnapshotsMarkdown(const FoldedRun& f, const QString& itemId)
{
    bool overBreach = false;
    const QString parts = itemSnapshots(f, itemId, &overBreach);
    if (parts.isEmpty())
        return {};
    return QStringLiteral("*What golive saw:* %1, in the decision snapshots appendix")
        .arg(overBreach ? QStringLiteral("**%1**").arg(md(parts)) : md(parts));
}

namespace {

void eventMarkdown(const SignOffEvent& e, const QString& words, QString& out)
{
    out += QStringLiteral("\n### #%1 %2, %3\n\n")
               .arg(QString::number(e.seq), md(snapshotEventTitle(e)), utcText(e.timeUtc));
    out += QStringLiteral("%1 (%2): %3\n\n")
               .arg(md(e.actor.name), roleDisplayName(e.actor.role), md(words));
    if (e.snapshot.isEmpty()) {
        out += QStringLiteral("*No snapshot of what golive could see was recorded with this "
                              "event.*\n");
        return;
    }
    const SnapshotTable table = snapshotTable(e.snapshot);
    if (table.overBreach)
        out += QStringLiteral("**%1**\n\n").arg(md(capitalised(table.overBreachText)));
    out += snapshotMarkdown(table);
}

} // namespace

void cutoverMarkdown(const FoldedRun& f, QString& out)
{
    bool any = false;
    QHash<qint64, QString> words;
    for (const SignOffEvent& e : f.input.events) {
        if (!isCutoverDecision(e))
            continue;
        if (!any) {
            words = eventWords(f);
            out += QStringLiteral("\n## The cutover\n\nEvery decision of the cutover, oldest "
                                  "first, with what golive could see when it was taken, as kept "
                                  "in the decision's own event. Times are UTC.\n");
        }
        any = true;
        eventMarkdown(e, words.value(e.seq), out);
    }
}

void snapshotAppendixMarkdown(const FoldedRun& f, QString& out)
{
    bool any = false;
    QHash<qint64, QString> words;
    for (const SignOffEvent& e : f.input.events) {
        if (e.snapshot.isEmpty())
            continue;
        if (!any) {
            words = eventWords(f);
            out += QStringLiteral("\n## Appendix: decision snapshots\n\nEvery event that kept a "
                                  "snapshot of what golive could see, by event number.\n");
        }
        any = true;
        eventMarkdown(e, words.value(e.seq), out);
    }
}

} // namespace golive::report
