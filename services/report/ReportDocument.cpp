// The report's content, first page to the appendix: the release, the summary, the run, the
// fields, every section and item, the event history.
#include "ReportDocument.h"

#include "FoldedRun.h"
#include "ReportEvidence.h"
#include "ReportSnapshots.h"
#include "RunbookTree.h"
#include "SafeText.h"

#include <algorithm>

namespace golive::report {

namespace {

// Text from the run or the runbook as rich text: escaped, control characters and text-direction
// controls shown as escapes, right-to-left text isolated (htmlSafe()).
QString esc(const QString& s)
{
    return htmlSafe(s);
}

QString tableOpen(int cellPadding)
{
    return QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"%1\" "
                          "style=\"border-collapse:collapse;border-color:%2;"
                          "border-style:solid\">")
        .arg(QString::number(cellPadding), printColourName(PrintColour::Grid));
}

// The run's evidence, read once for the whole report: the appendix lists it, the items and
// sign-offs name it.
struct EvidenceIndex
{
    QList<EvidenceShown> shown;
    QHash<QString, QList<qint64>> byItem;
    QHash<qint64, const EvidenceShown*> bySeq;
};

} // namespace

void ReportDocument::flow(const QString& html, bool keepWithNext, bool breakBefore)
{
    const double space = html.startsWith(QStringLiteral("<h2"))   ? 7.0
                         : html.startsWith(QStringLiteral("<h3")) ? 3.5
                                                                  : 1.5;
    Unit u;
    u.html = html;
    u.keepWithNext = keepWithNext;
    u.breakBefore = breakBefore;
    u.spaceBeforeMm = space;
    m_units.append(u);
}

int ReportDocument::table(const QList<double>& widths, const QStringList& headers,
                          const QString& continued, double pt, const QList<bool>& right)
{
    TableSpec t;
    t.widths = widths;
    t.continuedHtml =
        QStringLiteral("<p class=\"small\"><i>%1 (continued)</i></p>").arg(esc(continued));
    t.headerUnit = int(m_units.size());
    m_tables.append(t);
    Unit u;
    for (int i = 0; i < headers.size(); ++i) {
        GridCell c;
        c.paras = {{headers.at(i), reportFont(pt, true)}};
        c.fill = Fill::Header;
        c.right = right.value(i);
        u.cells.append(c);
    }
    u.keepWithNext = true;
    u.table = int(m_tables.size()) - 1;
    u.header = true;
    u.spaceBeforeMm = 1.0;
    m_units.append(u);
    return u.table;
}

void ReportDocument::row(int table, const QList<GridCell>& cells, bool keepWithNext)
{
    Unit u;
    u.cells = cells;
    u.table = table;
    u.keepWithNext = keepWithNext;
    m_units.append(u);
}

namespace {

GridCell textCell(const QString& text, const QFont& font, Fill fill = Fill::None)
{
    GridCell c;
    c.paras = {{text, font}};
    c.fill = fill;
    return c;
}

GridCell parasCell(const QList<Para>& paras)
{
    GridCell c;
    c.paras = paras;
    return c;
}

QString fieldHtml(const FieldShown& s)
{
    if (!s.exists)
        return QStringLiteral("<i>not in this runbook</i>");
    if (!s.filled)
        return QStringLiteral("<b>NOT FILLED</b> <i>(%1)</i>").arg(esc(s.text));
    return QStringLiteral("<b>%1</b>").arg(esc(s.text));
}

QString runInfoHtml(const FoldedRun& f)
{
    const ReportInput& in = f.input;
    const ChainVerification& v = in.verification;
    const Progress total = f.state.totalProgress();
    QString h = tableOpen(3);
    const auto row = [&h](const QString& label, const QString& valueHtml) {
        h += QStringLiteral("<tr><td width=\"22%\"><b>%1</b></td><td width=\"78%\">%2</td></tr>")
                 .arg(esc(label), valueHtml);
    };
    row(QStringLiteral("Run id"),
        QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(in.runId)));
    if (!in.runPath.isEmpty())
        row(QStringLiteral("Run file"), esc(in.runPath));
    row(QStringLiteral("Runbook"),
        QStringLiteral("%1<br/><span class=\"mono small\">SHA-256 %2</span>")
            .arg(esc(in.runbookName.isEmpty() ? QStringLiteral("\u2014") : in.runbookName),
                 esc(in.runbookSha256)));
    if (in.createdUtc.isValid())
        row(QStringLiteral("Run created"), utcText(in.createdUtc));
    row(QStringLiteral("Report generated"), utcText(f.generated));
    row(QStringLiteral("Progress"),
        QStringLiteral("%1 of %2 items done").arg(total.done).arg(total.total));
    QString ledger;
    if (v.intact()) {
        ledger = QStringLiteral("intact: %1 event%2, every hash verified")
                     .arg(in.events.size())
                     .arg(in.events.size() == 1 ? QString() : QStringLiteral("s"));
    } else {
        // Not checked is not broken, and never intact: said as what it is.
        ledger = QStringLiteral("<b>%1</b>: %2")
                     .arg(v.pending ? QStringLiteral("NOT VERIFIED") : QStringLiteral("BROKEN"),
                          esc(v.summary()));
    }
    row(QStringLiteral("Ledger"), ledger);
    row(QStringLiteral("Ledger head"),
        QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(QString::fromLatin1(f.head))));
    return h + QStringLiteral("</table>");
}

QString peopleHtml(const FoldedRun& f)
{
    const GoLiveWindow w = windowOf(f);
    QString window;
    if (w.start.exists || w.end.exists) {
        window = fieldHtml(w.start) + QStringLiteral(" &nbsp;to&nbsp; ") + fieldHtml(w.end);
        if (w.date.exists)
            window += QStringLiteral(" &nbsp;(go-live date %1)").arg(fieldHtml(w.date));
    } else {
        window = fieldHtml(w.date);
    }
    const auto person = [](const Person& p) {
        if (p.name.isEmpty())
            return QStringLiteral("<b>NOT NAMED</b> <i>(no field filled, no sign-off in this "
                                  "role)</i>");
        return QStringLiteral("<b>%1</b> <span class=\"small\">(%2)</span>")
            .arg(esc(p.name), esc(p.fromWhat));
    };
    QString h = tableOpen(4);
    h += QStringLiteral("<tr><td width=\"22%\"><b>Go-live window</b></td><td width=\"78%\">%1"
                        "</td></tr>")
             .arg(window);
    h += QStringLiteral("<tr><td><b>Incident commander</b></td><td>%1</td></tr>")
             .arg(person(personFor(f, Role::IncidentCommander)));
    h += QStringLiteral("<tr><td><b>Release captain</b></td><td>%1</td></tr>")
             .arg(person(personFor(f, Role::ReleaseCaptain)));
    return h + QStringLiteral("</table>");
}

void fieldsUnits(const FoldedRun& f, ReportDocument& u)
{
    const Runbook& rb = f.input.runbook;
    if (rb.fields.isEmpty()) {
        u.flow(QStringLiteral("<h2>Fields</h2><p><i>This runbook has no fields.</i></p>"));
        return;
    }
    u.flow(QStringLiteral("<h2>Fields</h2>"), true);
    const int t =
        u.table({26, 44, 30},
                {QStringLiteral("Field"), QStringLiteral("Value"), QStringLiteral("Filled by")},
                QStringLiteral("Fields"));
    const QFont body = reportFont(kBodyPt);
    const QFont bold = reportFont(kBodyPt, true);
    const QFont small = reportFont(kSmallPt);
    const QFont smallItalic = reportFont(kSmallPt, false, false, true);
    for (const RunbookField& field : rb.fields) {
        const FieldShown s = shown(f, &field);
        GridCell value;
        if (s.filled)
            value = textCell(s.text, bold);
        else
            value = parasCell(
                {{QStringLiteral("NOT FILLED"), bold},
                 {QStringLiteral("(%1)").arg(s.text), reportFont(kBodyPt, false, false, true)}});
        GridCell by;
        if (s.setBy)
            by = parasCell({{QStringLiteral("%1 (%2)").arg(s.setBy->actor.name,
                                                           roleDisplayName(s.setBy->actor.role)),
                             small},
                            {utcText(s.setBy->timeUtc), small}});
        else if (field.isPlaceholder)
            by = textCell(QStringLiteral("\u2014"), small);
        else
            by = textCell(QStringLiteral("fixed by the runbook"), smallItalic);
        u.row(t, {textCell(field.label, body), value, by});
    }
}

void summaryUnits(const FoldedRun& f, ReportDocument& u)
{
    const Runbook& rb = f.input.runbook;
    Counts all;
    QList<Counts> per;
    for (const RunbookSection& s : rb.sections) {
        per.append(sectionCounts(s, f.state));
        all.add(per.constLast());
    }
    const bool pre = all.preChecked > 0;
    u.flow(QStringLiteral("<h2>Summary</h2>"), true);
    QList<double> widths{49, 8, 9, 16, 10, 8};
    QStringList headers{QStringLiteral("Section"), QStringLiteral("Items"),
                        QStringLiteral("Signed"),  QStringLiteral("Not applicable"),
                        QStringLiteral("Blocked"), QStringLiteral("Open")};
    if (pre) {
        widths[0] = 36;
        widths.append(13);
        headers.append(QStringLiteral("Pre-checked"));
    }
    QList<bool> right(headers.size(), true);
    right[0] = false;
    const int t = u.table(widths, headers, QStringLiteral("Summary"), kBodyPt, right);
    const auto row = [&](const QString& name, const Counts& c, bool total) {
        const QFont normal = reportFont(kBodyPt, total);
        const QFont heavy = reportFont(kBodyPt, true);
        const auto count = [&](int n, bool stand) {
            GridCell cell = textCell(QString::number(n), stand && n > 0 ? heavy : normal);
            cell.right = true;
            return cell;
        };
        QList<GridCell> cells{textCell(name, normal),      count(c.total, false),
                              count(c.signedCount, false), count(c.notApplicable, false),
                              count(c.blocked, true),      count(c.open, true)};
        if (pre)
            cells.append(count(c.preChecked, false));
        // The summary is kept whole on one page when it fits one.
        u.row(t, cells, !total);
    };
    for (int i = 0; i < rb.sections.size(); ++i) {
        const RunbookSection& s = rb.sections.at(i);
        row(QStringLiteral("%1. %2").arg(s.number, f.plain(s.title)), per.at(i), false);
    }
    row(QStringLiteral("All sections"), all, true);
    u.flow(QStringLiteral("<p class=\"small\">Items marked <b>OPEN</b> or <b>BLOCKED</b> (white "
                          "on black) are not signed. Times are UTC. The sign-off and the code to "
                          "verify this copy are on the last page.</p>"));
}

QString indentStyle(int depth)
{
    return depth > 0 ? QStringLiteral(" style=\"margin-left:%1px\"").arg(depth * 14) : QString();
}

QString textsHtml(const FoldedRun& f, const QList<RunbookText>& texts, int baseDepth)
{
    QString h;
    for (const RunbookText& t : texts) {
        h += QStringLiteral("<p class=\"detail\"%1>\u2022 %2</p>")
                 .arg(indentStyle(baseDepth + t.depth), f.html(t.html));
    }
    return h;
}

QString proceduresHtml(const FoldedRun& f, const QList<RunbookProcedure>& procedures, int depth)
{
    QString h;
    for (const RunbookProcedure& p : procedures) {
        if (!p.title.isEmpty())
            h += QStringLiteral("<p class=\"detail\"%1><b>%2</b></p>")
                     .arg(indentStyle(depth), f.html(esc(p.title)));
        int n = 0;
        for (const RunbookText& step : p.steps) {
            if (step.depth == 0)
                ++n;
            h += QStringLiteral("<p class=\"detail\"%1>%2 %3</p>")
                     .arg(indentStyle(depth + step.depth + 1),
                          step.depth == 0 ? QStringLiteral("%1.").arg(n) : QStringLiteral("\u2022"),
                          f.html(step.html));
        }
    }
    return h;
}

// A group's title (indented by its depth), then its notes and procedures. A group with nothing
// to sign says it is reading material. A continuation repeats the heading of the group it
// resumes (`resumed`; the section when it resumes what stands before any subheading), marked as
// continued, so its items are not read as the nested group's above it.
QString groupHeadingHtml(const FoldedRun& f, const RunbookSection& section, int index,
                         const QList<GroupPlace>& places)
{
    const RunbookGroup& g = section.groups[index];
    // Headings step in about 4 mm a level (details step in less), so a nested group reads
    // as one on paper.
    constexpr int kNestedHeadingIndent = 7; // in indentStyle() steps
    const auto titleHtml = [](const QString& title, const QString& rich) {
        return rich.isEmpty() ? esc(title) : rich;
    };
    QString h;
    const int depth = qBound(0, g.depth, 8);
    if (!g.title.isEmpty() && !g.continuation) {
        h += QStringLiteral("<h3%1>%2</h3>")
                 .arg(indentStyle(depth * kNestedHeadingIndent),
                      f.html(titleHtml(g.title, g.titleHtml)));
        if (g.items.isEmpty() && (!g.notes.isEmpty() || !g.procedures.isEmpty()))
            h += QStringLiteral("<p class=\"small\"%1><i>Notes to read, nothing to sign.</i></p>")
                     .arg(indentStyle(depth));
    } else if (g.continuation &&
               (!g.items.isEmpty() || !g.notes.isEmpty() || !g.procedures.isEmpty())) {
        const int row = places[index].row;
        const RunbookGroup* resumed = row >= 0 ? &section.groups[row] : nullptr;
        const QString title =
            resumed ? titleHtml(resumed->title, resumed->titleHtml) : titleHtml(section.title, {});
        const int at = resumed ? qBound(0, resumed->depth, 8) : 0;
        h += QStringLiteral("<h3%1>%2 (continued)</h3>")
                 .arg(indentStyle(at * kNestedHeadingIndent), f.html(title));
    }
    h += textsHtml(f, g.notes, depth);
    h += proceduresHtml(f, g.procedures, depth);
    return h;
}

// How `e` is signed, as its signature checks, added under `cell`: a good key in `mono`; an
// unsigned event or a key off the roster in `bold`; a signature that does not check louder
// than both, in the body's bold on the alert fill (white on black, which reads in grayscale).
void addSignature(const FoldedRun& f, const SignOffEvent* e, GridCell& cell, const QFont& mono,
                  const QFont& bold)
{
    const QString text = signatureText(f, e);
    if (text.isEmpty())
        return;
    using Status = signing::EventSignatureCheck::Status;
    switch (signatureStatus(f, e)) {
    case Status::Good:
        cell.paras.append({text, mono});
        break;
    case Status::Unsigned:
    case Status::NotOnRoster:
        cell.paras.append({text, bold});
        break;
    case Status::Bad:
        cell.paras.append({QStringLiteral("\u2717 ") + text, reportFont(kBodyPt, true)});
        cell.fill = Fill::Alert;
        break;
    }
}

// Unsigned items must stand out on a grayscale printout: white on black, in words.
GridCell statusCell(ItemStatus s)
{
    const QFont bold = reportFont(kBodyPt, true);
    switch (s) {
    case ItemStatus::Open:
        return textCell(QStringLiteral("\u2610 OPEN"), bold, Fill::Alert);
    case ItemStatus::Blocked:
        return textCell(QStringLiteral("\u2717 BLOCKED"), bold, Fill::Alert);
    case ItemStatus::NotApplicable:
        return textCell(QStringLiteral("\u2013 N/A"), bold, Fill::NotApplicable);
    case ItemStatus::Signed:
        return textCell(QStringLiteral("\u2713 SIGNED"), bold);
    case ItemStatus::CheckedInTemplate:
        return textCell(QStringLiteral("\u2713 PRE-CHECKED"), reportFont(kBodyPt));
    }
    return {};
}

// The evidence of an item in its row: how many, by event number, and any whose bytes do not
// match, loudly.
QString itemEvidenceHtml(const EvidenceIndex& ev, const QString& itemId)
{
    const QList<qint64> seqs = ev.byItem.value(itemId);
    if (seqs.isEmpty())
        return {};
    QString h =
        QStringLiteral("<p class=\"detail\"><i>Evidence (%1):</i> %2 \u2014 in the evidence "
                       "appendix")
            .arg(seqs.size())
            .arg(seqList(seqs));
    for (qint64 seq : seqs) {
        const EvidenceShown* shown = ev.bySeq.value(seq);
        if (shown && evidenceAlarming(shown->status))
            h +=
                QStringLiteral("<br/><b>#%1: %2</b>").arg(seq).arg(esc(evidenceStatusText(*shown)));
    }
    return h + QStringLiteral("</p>");
}

void itemUnits(const FoldedRun& f, const EvidenceIndex& ev, const RunbookItem& item, int depth,
               int table, ReportDocument& u)
{
    const ItemState s = f.state.item(item.id);
    QString body = QStringLiteral("<p><b>%1</b></p>").arg(f.html(item.titleHtml));
    if (!s.note.isEmpty()) {
        const QString label =
            s.status == ItemStatus::Signed ? QStringLiteral("Note") : QStringLiteral("Reason");
        body += QStringLiteral("<p><i>%1:</i> %2</p>").arg(label, esc(s.note));
    }
    // A failed step stays on the record with who failed it, why and when, and who resolved it.
    const QList<StepFailure> failures = failuresOf(f, item.id);
    for (const StepFailure& failure : failures) {
        body += QStringLiteral("<p><b>%1</b>").arg(esc(failedText(failure)));
        if (failure.resolved)
            body += QStringLiteral("<br/><i>%1</i>").arg(esc(resolvedText(failure)));
        body += QStringLiteral("</p>");
    }
    for (const SignOffEvent* e : f.eventsOf(item.id)) {
        if (e->kind != EventKind::NoteAdded)
            continue;
        body += QStringLiteral("<p><i>Note by %1 (%2), %3:</i> %4</p>")
                    .arg(esc(e->actor.name), esc(roleDisplayName(e->actor.role)),
                         utcText(e->timeUtc), esc(e->text));
    }
    body += itemEvidenceHtml(ev, item.id);
    body += itemSnapshotsHtml(f, item.id);
    QStringList meta;
    if (!item.owner.isEmpty())
        meta << QStringLiteral("Owner: %1").arg(esc(item.owner));
    if (!item.due.isEmpty())
        meta << QStringLiteral("Due: %1").arg(esc(item.due));
    if (!item.requiredRole.isEmpty())
        meta << QStringLiteral("Needs the %1 role").arg(esc(item.requiredRole));
    if (!meta.isEmpty())
        body +=
            QStringLiteral("<p class=\"detail\">%1</p>").arg(meta.join(QStringLiteral(" \u00b7 ")));
    body += textsHtml(f, item.details, 0);
    body += proceduresHtml(f, item.procedures, 0);

    // The outline number shows the nesting; the item's text is indented by it.
    const GridCell id = textCell(item.id, reportFont(kBodyPt, true));
    GridCell content;
    content.html = body;
    content.indent = depth;
    GridCell signer;
    if (!s.by.isEmpty()) {
        signer = parasCell({{s.by, reportFont(kBodyPt, true)},
                            {roleDisplayName(s.role), reportFont(kBodyPt)},
                            {utcText(s.at), reportFont(kSmallPt)}});
        // The key the event was signed with, by the start of its fingerprint (the roster page
        // has the whole), or in words that it was not signed.
        addSignature(f, f.statusBy.value(item.id), signer, reportFont(kSmallPt, false, true),
                     reportFont(kSmallPt, true));
        // The evidence the sign-off names, by event number.
        if (const SignOffEvent* by = f.statusBy.value(item.id)) {
            if (const QList<qint64> refs = evidenceReferences(*by); !refs.isEmpty())
                signer.paras.append(
                    {QStringLiteral("evidence ") + seqList(refs), reportFont(kSmallPt, true)});
        }
    } else if (s.status == ItemStatus::CheckedInTemplate) {
        signer = textCell(QStringLiteral("checked in the runbook"),
                          reportFont(kSmallPt, false, false, true));
    } else {
        signer = textCell(QStringLiteral("NOT SIGNED"), reportFont(kBodyPt, true));
    }
    const bool failedNow = !failures.isEmpty() && !failures.constLast().resolved;
    u.row(table, {failedNow ? textCell(QStringLiteral("\u2717 FAILED"), reportFont(kBodyPt, true),
                                       Fill::Alert)
                            : statusCell(s.status),
                  id, content, signer});
    for (const RunbookItem& child : item.children)
        itemUnits(f, ev, child, depth + 1, table, u);
}

void sectionsUnits(const FoldedRun& f, const EvidenceIndex& ev, ReportDocument& u)
{
    const Runbook& rb = f.input.runbook;
    for (const RunbookSection& section : rb.sections) {
        const Counts c = sectionCounts(section, f.state);
        const QString plainTitle =
            QStringLiteral("%1. %2").arg(section.number, f.plain(section.title));
        QString heading =
            QStringLiteral("<h2>%1. %2</h2>").arg(esc(section.number), f.html(esc(section.title)));
        heading += QStringLiteral("<p class=\"small\">%1 items: %2 signed, %3 not applicable, %4 "
                                  "blocked, <b>%5 open</b>%6</p>")
                       .arg(c.total)
                       .arg(c.signedCount)
                       .arg(c.notApplicable)
                       .arg(c.blocked)
                       .arg(c.open)
                       .arg(c.preChecked > 0 ? QStringLiteral(", %1 pre-checked").arg(c.preChecked)
                                             : QString());
        const QList<GroupPlace> places = groupPlaces(section);
        for (int gi = 0; gi < section.groups.size(); ++gi) {
            const RunbookGroup& g = section.groups[gi];
            heading += groupHeadingHtml(f, section, gi, places);
            if (g.items.isEmpty())
                continue;
            u.flow(heading, true);
            heading.clear();
            // A table continued on the next page names the group it is in, nested groups too.
            QString continued = plainTitle;
            for (const QString& title : groupPath(section, places, gi))
                continued += QStringLiteral(", ") + f.plain(title);
            const int t = u.table({13, 11, 51, 25},
                                  {QStringLiteral("Status"), QStringLiteral("No."),
                                   QStringLiteral("Item"), QStringLiteral("Signed by (UTC)")},
                                  continued);
            for (const RunbookItem& item : g.items)
                itemUnits(f, ev, item, 0, t, u);
        }
        if (!heading.isEmpty())
            u.flow(heading);
    }
}

// The short hash of an event and, in a run with signatures, the key that signed it.
GridCell hashCell(const FoldedRun& f, const SignOffEvent& e, const QFont& mono, const QFont& bold)
{
    GridCell c = textCell(QString::fromLatin1(e.hash.left(12)), mono);
    addSignature(f, &e, c, mono, bold);
    return c;
}

// The roster in force at the end, every key in full, and how it came to be: on a page of its own
// in a run that has a roster or a signed event.
void rosterUnits(const FoldedRun& f, ReportDocument& u)
{
    const RosterShown& r = f.roster;
    if (!r.shown())
        return;
    const ReportInput& in = f.input;
    QString h = QStringLiteral("<h2>The roster: who signs with which key</h2>");
    h += QStringLiteral("<p class=\"small\">The SSH keys the run's events may be signed with, as "
                        "the roster stands after the last event (OpenSSH's allowed_signers "
                        "format). A signed item names its key by the first 12 characters of "
                        "the fingerprint after <span class=\"mono\">SHA256:</span>.</p>");
    h += r.signaturesRequired
             ? QStringLiteral("<p><b>Signatures are required:</b> every event must be signed.</p>")
             : QStringLiteral("<p><b>Signatures are optional:</b> an event may be unsigned.</p>");
    if (!r.hasRoster) {
        u.flow(h + QStringLiteral("<p><b>This run has no roster:</b> its signatures name keys no "
                                  "roster gives to anyone.</p>"),
               false, true);
        return;
    }
    if (!r.error.isEmpty())
        h += QStringLiteral("<p><b>The roster does not read:</b> %1</p>").arg(esc(r.error));
    else if (r.entries.isEmpty())
        h += QStringLiteral("<p><i>The roster is empty: no key may sign.</i></p>");
    const QFont bold = reportFont(kBodyPt, true);
    const QFont small = reportFont(kSmallPt);
    const QFont smallBold = reportFont(kSmallPt, true);
    const QFont smallMono = reportFont(kSmallPt, false, true);
    if (!r.entries.isEmpty()) {
        u.flow(h, true, true);
        // The fingerprint's column takes a whole one on a line of A4 or Letter.
        const int t = u.table({20, 14, 53, 13},
                              {QStringLiteral("Principal"), QStringLiteral("Key type"),
                               QStringLiteral("Fingerprint"), QStringLiteral("Namespaces")},
                              QStringLiteral("The roster"), kSmallPt);
        for (const signing::AllowedSigner& entry : r.entries) {
            u.row(t, {textCell(entry.principals.join(QLatin1Char(',')), bold),
                      textCell(entry.key.type, small), textCell(entry.key.fingerprint(), smallMono),
                      textCell(entry.namespaces.isEmpty() ? QStringLiteral("any")
                                                          : entry.namespaces.join(QLatin1Char(',')),
                               small)});
        }
    } else {
        u.flow(h, false, true);
    }

    u.flow(QStringLiteral("<h3>How the roster came to be</h3>"), true);
    const int t =
        u.table({6, 20, 30, 28, 16},
                {QStringLiteral("#"), QStringLiteral("Time (UTC)"), QStringLiteral("Change"),
                 QStringLiteral("By"), QStringLiteral("Signed with")},
                QStringLiteral("How the roster came to be"), kSmallPt);
    if (!in.roster.allowedSigners.trimmed().isEmpty()) {
        u.row(t,
              {textCell(QStringLiteral("\u2014"), small), textCell(utcText(in.createdUtc), small),
               textCell(in.roster.signaturesRequired
                            ? QStringLiteral("the run was made with it, signatures required")
                            : QStringLiteral("the run was made with it"),
                        small),
               textCell(QStringLiteral("\u2014"), small),
               textCell(QStringLiteral("anchored in the genesis"), small)});
    }
    for (const SignOffEvent* e : r.changes) {
        const SignOffEvent& ev = *e;
        u.row(t, {textCell(QString::number(ev.seq), small), textCell(utcText(ev.timeUtc), small),
                  textCell(rosterChangeText(ev), small),
                  parasCell({{ev.actor.name, smallBold}, {roleDisplayName(ev.actor.role), small}}),
                  [&] {
                      GridCell c;
                      addSignature(f, e, c, smallMono, smallBold);
                      return c;
                  }()});
    }
}

// "12.4 KiB (12,702 bytes)".
QString sizeText(qint64 bytes)
{
    return bytes < 1024 ? byteSize(bytes)
                        : QStringLiteral("%1 (%2 bytes)").arg(byteSize(bytes)).arg(bytes);
}

// One piece of evidence as a row of the evidence appendix: what it is, its facts and SHA-256,
// whether its bytes still match it, the first and last lines of a command's output or an
// image's thumbnail; who recorded it, when, how it is signed and which sign-offs name it.
QList<GridCell> evidenceRow(const FoldedRun& f, const EvidenceShown& ev)
{
    const SignOffEvent& e = *ev.event;
    const QFont bold = reportFont(kBodyPt, true);
    const QFont small = reportFont(kSmallPt);
    const QFont smallBold = reportFont(kSmallPt, true);
    const QFont smallMono = reportFont(kSmallPt, false, true);
    const QFont mono = reportFont(kBodyPt - 0.5, false, true);
    const QFont lineFont = reportFont(6.5, false, true);
    const bool alarm = evidenceAlarming(ev.status);

    GridCell number = textCell((alarm ? QStringLiteral("\u2717 #") : QStringLiteral("#")) +
                                   QString::number(e.seq),
                               bold, alarm ? Fill::Alert : Fill::None);
    number.paras.append({ev.command      ? QStringLiteral("command")
                         : ev.attachment ? QStringLiteral("file")
                                         : eventKindName(e.kind),
                         small});

    GridCell what;
    const RunbookItem* item = f.input.runbook.findItem(e.itemId);
    const QString itemText = item ? QString(e.itemId + QLatin1Char(' ') + f.plain(item->title))
                                  : QString(e.itemId + QStringLiteral(" (not in this runbook)"));
    QString sha = e.fieldKey;
    if (ev.attachment) {
        const AttachmentRecord& a = *ev.attachment;
        what.paras.append({a.name, bold});
        what.paras.append({QStringLiteral("Attached to ") + itemText, small});
        what.paras.append(
            {QStringLiteral("%1 \u00b7 %2").arg(a.mediaType, sizeText(a.size)), small});
        sha = a.sha256;
    } else if (ev.command) {
        const CommandRecord& c = *ev.command;
        what.paras.append({QStringLiteral("Command run for ") + itemText, small});
        QString command = c.command;
        if (command.size() > kEvidenceCommandChars)
            command = command.left(kEvidenceCommandChars) +
                      QStringLiteral("\u2026 (%1 characters in all; the record keeps them all)")
                          .arg(c.command.size());
        what.paras.append({command, mono});
        what.paras.append({QStringLiteral("in %1 (run by %2)").arg(c.workingDir, c.shell), small});
        QString outcome = outcomeText(c);
        if (c.outcome == CommandOutcome::Exited)
            outcome += QStringLiteral(" (exit code %1)").arg(c.exitCode);
        else
            outcome += QStringLiteral(", no exit code");
        what.paras.append(
            {QStringLiteral("Outcome: ") + outcome,
             c.outcome == CommandOutcome::Exited && c.exitCode == 0 ? small : smallBold});
        what.paras.append(
            {QStringLiteral("Started %1, ended %2, ran %3")
                 .arg(utcText(c.startUtc), utcText(c.endUtc), durationWords(c.durationMs)),
             small});
        QString output = QStringLiteral("Output: %1 kept of %2 produced")
                             .arg(sizeText(c.keptBytes), sizeText(c.outputBytes));
        if (c.truncated)
            output += QStringLiteral(", cut at the cap (the kept text says where)");
        output +=
            c.redactions == 0 ? QStringLiteral("; no redactions")
            : c.redactions == 1
                ? QStringLiteral("; 1 secret redacted before it was kept")
                : QStringLiteral("; %1 secrets redacted before they were kept").arg(c.redactions);
        what.paras.append({output, small});
    } else {
        what.paras.append({QStringLiteral("The record does not read: ") + ev.recordError, bold});
    }
    what.paras.append({QStringLiteral("SHA-256 ") + sha, smallMono});
    what.paras.append({evidenceStatusText(ev), alarm ? bold : small});
    if (alarm) {
        if (!ev.statusError.isEmpty() && ev.status != EvidencePreview::Status::Unreadable)
            what.paras.append({ev.statusError, small});
    } else if (ev.command && ev.status == EvidencePreview::Status::Verified) {
        if (ev.noOutput) {
            what.paras.append({QStringLiteral("The command wrote no output."), small});
        } else {
            const bool all = ev.lastLines.isEmpty() && ev.linesNotShown == 0;
            what.paras.append(
                {all ? QStringLiteral("Its output (%1 line%2; escape sequences "
                                      "removed, controls shown as escapes):")
                           .arg(ev.firstLines.size())
                           .arg(ev.firstLines.size() == 1 ? QString() : QStringLiteral("s"))
                     : QStringLiteral("The first %1 lines of its output (escape "
                                      "sequences removed, controls shown as "
                                      "escapes):")
                           .arg(ev.firstLines.size()),
                 smallBold});
            // A para per line: a line of output is never run into the next.
            for (const QString& line : ev.firstLines)
                what.paras.append({line, lineFont});
            if (ev.linesNotShown > 0)
                what.paras.append(
                    {QStringLiteral("\u2026 %1 line%2 not shown \u2026")
                         .arg(ev.linesNotShown)
                         .arg(ev.linesNotShown == 1 ? QString() : QStringLiteral("s")),
                     small});
            if (!ev.lastLines.isEmpty()) {
                what.paras.append(
                    {QStringLiteral("The last %1 lines:").arg(ev.lastLines.size()), smallBold});
                for (const QString& line : ev.lastLines)
                    what.paras.append({line, lineFont});
            }
        }
    } else if (ev.attachment && ev.status == EvidencePreview::Status::Verified) {
        if (!ev.thumbnail.isNull())
            what.image = ev.thumbnail;
        else if (!ev.imageNote.isEmpty())
            what.paras.append({QStringLiteral("Image ") + ev.imageNote, small});
    }

    GridCell by = parasCell({{e.actor.name, smallBold},
                             {roleDisplayName(e.actor.role), small},
                             {utcText(e.timeUtc), small}});
    addSignature(f, &e, by, smallMono, smallBold);
    if (!ev.referencedBy.isEmpty())
        by.paras.append({QStringLiteral("named by the sign-off%1 %2")
                             .arg(ev.referencedBy.size() == 1 ? QString() : QStringLiteral("s"),
                                  seqList(ev.referencedBy)),
                         small});
    return {number, what, by};
}

// The appendix of evidence, on a page of its own in a run that has any.
void evidenceUnits(const FoldedRun& f, const EvidenceIndex& ev, ReportDocument& u)
{
    if (ev.shown.isEmpty())
        return;
    QList<qint64> bad;
    for (const EvidenceShown& e : ev.shown) {
        if (evidenceAlarming(e.status))
            bad.append(e.event->seq);
    }
    QString h = QStringLiteral("<h2>Appendix: evidence</h2>");
    h += QStringLiteral("<p class=\"small\">Every file attached and every command run, oldest "
                        "first, by event number. Each is kept in the run under the SHA-256 its "
                        "event records, so the ledger's chain covers it. Times are UTC.</p>");
    if (!bad.isEmpty())
        h += QStringLiteral("<p><b>Evidence that does not match its SHA-256, or is missing or "
                            "cannot be read: %1.</b></p>")
                 .arg(esc(seqList(bad)));
    else if (std::any_of(ev.shown.cbegin(), ev.shown.cend(), [](const EvidenceShown& e) {
                 return e.status == EvidencePreview::Status::NotRead;
             }))
        h += QStringLiteral("<p class=\"small\"><i>Some bytes were not read for this copy: "
                            "for those, only what the events record is shown.</i></p>");
    else
        h += QStringLiteral("<p class=\"small\">The bytes of each were read again for this "
                            "copy and match the SHA-256 its event records.</p>");
    u.flow(h, true, true);
    const int t = u.table(
        {11, 64, 25},
        {QStringLiteral("#"), QStringLiteral("Evidence"), QStringLiteral("Recorded by (UTC)")},
        QStringLiteral("Appendix: evidence"));
    for (const EvidenceShown& e : ev.shown)
        u.row(t, evidenceRow(f, e));
}

void appendixUnits(const FoldedRun& f, ReportDocument& u)
{
    const ReportInput& in = f.input;
    QString h = QStringLiteral("<h2>Appendix: the event history</h2>");
    h += QStringLiteral("<p class=\"small\">Every event in the ledger, oldest first. Each hash is "
                        "the SHA-256 of the event and the hash before it; the first event's "
                        "previous hash is the run's genesis <span class=\"mono\">%1</span>.</p>")
             .arg(esc(QString::fromLatin1(SignOffEvent::genesisFor(in.runId, in.runbookSha256,
                                                                   in.roster.allowedSigners,
                                                                   in.roster.signaturesRequired)
                                              .left(16))) +
                  QStringLiteral("\u2026"));
    if (!in.verification.intact()) {
        h += QStringLiteral("<p><b>%1</b> %2</p>")
                 .arg(in.verification.pending ? QStringLiteral("The ledger was not verified:")
                                              : QStringLiteral("The ledger does not verify:"),
                      esc(in.verification.summary()));
        for (const ChainBreak& b : in.verification.breaks) {
            h += QStringLiteral("<p class=\"small\">\u2022 event #%1: %2%3</p>")
                     .arg(b.seq)
                     .arg(esc(b.problem))
                     .arg(b.acknowledgedBy > 0
                              ? QStringLiteral(" (acknowledged by event #%1)").arg(b.acknowledgedBy)
                              : QStringLiteral(" (<b>not acknowledged</b>)"));
        }
    }
    if (in.events.isEmpty()) {
        u.flow(h + QStringLiteral("<p><i>No events: nothing has been signed in this run.</i></p>"),
               false, true);
        return;
    }
    u.flow(h, true, true);
    const int t =
        u.table({4, 12, 10, 23, 20, 19, 12},
                {QStringLiteral("#"), QStringLiteral("Time (UTC)"), QStringLiteral("Event"),
                 QStringLiteral("Item or field"), QStringLiteral("By"),
                 QStringLiteral("Note or reason"), QStringLiteral("Hash")},
                QStringLiteral("Appendix: the event history"), kSmallPt);
    const QFont small = reportFont(kSmallPt);
    const QFont smallBold = reportFont(kSmallPt, true);
    const QFont smallMono = reportFont(kSmallPt, false, true);
    for (const SignOffEvent& e : in.events) {
        QList<Para> who{{e.actor.name, smallBold}, {roleName(e.actor.role), small}};
        if (!e.actor.osUser.isEmpty() || !e.actor.host.isEmpty())
            who.append({e.actor.osUser + QLatin1Char('@') + e.actor.host, small});
        const QDateTime t0 = e.timeUtc.toUTC();
        u.row(t, {textCell(QString::number(e.seq), small),
                  parasCell({{t0.toString(QStringLiteral("yyyy-MM-dd")), small},
                             {t0.toString(QStringLiteral("HH:mm:ss.zzz")), small}}),
                  textCell(eventKindName(e.kind), small), textCell(eventSubject(f, e), small),
                  parasCell(who),
                  textCell(e.kind == EventKind::FieldFilled     ? QStringLiteral("= ") + e.text
                           : e.kind == EventKind::RosterChanged ? rosterEventText(e)
                           : isEvidence(e.kind) ? evidenceSummary(e) + QStringLiteral(" (#") +
                                                      QString::number(e.seq) +
                                                      QStringLiteral(" in the evidence appendix)")
                                                : e.text,
                           small),
                  hashCell(f, e, smallMono, smallBold)});
    }
}

// One line on the first page: whether the run's events are signed, and where the keys are.
QString signaturesHtml(const FoldedRun& f)
{
    const RosterShown& r = f.roster;
    if (!r.shown())
        return QStringLiteral("<p class=\"small\">Signatures: none (this run has no roster)</p>");
    // Counted as each signature checks, not as the rows claim.
    const signing::SignatureReport& s = f.signatures;
    QString h = QStringLiteral("<p class=\"small\">Signatures: %1 of %2 events signed by roster "
                               "keys")
                    .arg(s.good)
                    .arg(f.input.events.size());
    if (s.unsignedCount > 0)
        h += QStringLiteral(", <b>%1 unsigned</b>").arg(s.unsignedCount);
    if (s.notOnRoster > 0)
        h += QStringLiteral(", <b>%1 by keys NOT ON THE ROSTER</b>").arg(s.notOnRoster);
    if (s.bad > 0)
        h += QStringLiteral(", <b>%1 BAD SIGNATURE%2 (first at event #%3)</b>")
                 .arg(s.bad)
                 .arg(s.bad == 1 ? QString() : QStringLiteral("S"))
                 .arg(s.firstBad);
    h += QStringLiteral("; signatures %1. The keys are on the roster page.</p>")
             .arg(s.signaturesRequired ? QStringLiteral("required") : QStringLiteral("optional"));
    // What an auditor compares with the team's own allowed_signers file.
    h += QStringLiteral("<p class=\"small\">Roster SHA-256 the run was made with: <span "
                        "class=\"mono\">%1</span><br/>Roster SHA-256 in force at the end: <span "
                        "class=\"mono\">%2</span></p>")
             .arg(rosterSha256Text(f.input.roster.allowedSigners),
                  rosterSha256Text(r.allowedSigners));
    return h;
}

} // namespace

ReportDocument ReportDocument::build(const FoldedRun& f)
{
    const ReportInput& in = f.input;
    ReportDocument u;
    QString h = QStringLiteral("<p class=\"kicker\">GO-LIVE CHECKLIST \u00b7 SIGNED RECORD</p>");
    h += QStringLiteral("<h1>%1</h1>").arg(esc(reportTitle(in)));
    for (const RunbookText& t : in.runbook.description)
        h += QStringLiteral("<p class=\"detail\">%1</p>").arg(f.html(t.html));
    if (!in.verification.intact()) {
        h += QStringLiteral("<p></p><table width=\"100%\" cellpadding=\"6\" cellspacing=\"0\">"
                            "<tr><td bgcolor=\"%2\"><span style=\"color:%3\"><b>%4</b> "
                            "%1 See the appendix.</span></td></tr>"
                            "</table>")
                 .arg(esc(in.verification.summary()), printColourName(PrintColour::AlertFill),
                      printColourName(PrintColour::InverseInk),
                      in.verification.pending ? QStringLiteral("THE LEDGER WAS NOT VERIFIED.")
                                              : QStringLiteral("THE LEDGER DOES NOT VERIFY."));
    }
    h += signaturesHtml(f);
    u.flow(h, true);
    u.flow(QStringLiteral("<h2>The release</h2>") + peopleHtml(f));
    summaryUnits(f, u);
    u.flow(QStringLiteral("<h2>The run</h2>") + runInfoHtml(f));
    fieldsUnits(f, u);
    cutoverUnits(f, u);
    EvidenceIndex ev;
    ev.shown = evidenceShown(f, EvidenceDetail::Previews);
    ev.byItem = evidenceByItem(f);
    for (const EvidenceShown& e : ev.shown)
        ev.bySeq.insert(e.event->seq, &e);
    sectionsUnits(f, ev, u);
    rosterUnits(f, u);
    evidenceUnits(f, ev, u);
    snapshotAppendixUnits(f, u);
    appendixUnits(f, u);
    return u;
}

} // namespace golive::report
