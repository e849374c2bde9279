// The report as Markdown, for the wiki and the postmortem.
#include "ChecklistReport.h"

#include "FoldedRun.h"
#include "ReportEvidence.h"
#include "ReportSnapshots.h"
#include "RunbookTree.h"
#include "SafeText.h"

#include <QStringList>

namespace golive {

using report::Counts;
using report::eventSubject;
using report::FieldShown;
using report::FoldedRun;
using report::GoLiveWindow;
using report::Person;
using report::personFor;
using report::sectionCounts;
using report::shown;
using report::utcText;
using report::windowOf;

namespace {

// An item's status in one word.
QString statusWord(ItemStatus s)
{
    switch (s) {
    case ItemStatus::Signed:
        return QStringLiteral("SIGNED");
    case ItemStatus::NotApplicable:
        return QStringLiteral("N/A");
    case ItemStatus::Blocked:
        return QStringLiteral("BLOCKED");
    case ItemStatus::Open:
        return QStringLiteral("OPEN");
    case ItemStatus::CheckedInTemplate:
        return QStringLiteral("PRE-CHECKED");
    }
    return {};
}

// One line of Markdown: metacharacters escaped, controls shown as escapes (markdownEscaped()),
// line breaks as spaces.
QString md(const QString& text)
{
    return markdownEscaped(QString(text).replace(QLatin1Char('\n'), QLatin1Char(' ')));
}

QString mdCode(const QString& text)
{
    return QLatin1Char('`') + visibleControls(text).remove(QLatin1Char('`')) + QLatin1Char('`');
}

QString mdField(const FieldShown& s)
{
    if (!s.exists)
        return QStringLiteral("*not in this runbook*");
    if (!s.filled)
        return QStringLiteral("**NOT FILLED** (%1)").arg(md(s.text));
    return QStringLiteral("**%1**").arg(md(s.text));
}

void mdTexts(const FoldedRun& f, const QList<RunbookText>& texts, const QString& indent,
             QString& out)
{
    for (const RunbookText& t : texts) {
        out += indent + QString(t.depth * 2, QLatin1Char(' ')) + QStringLiteral("- ") +
               md(f.plain(t.plain)) + QLatin1Char('\n');
    }
}

void mdProcedures(const FoldedRun& f, const QList<RunbookProcedure>& procedures,
                  const QString& indent, QString& out)
{
    for (const RunbookProcedure& p : procedures) {
        QString sub = indent;
        if (!p.title.isEmpty()) {
            out += indent + QStringLiteral("- **%1**\n").arg(md(f.plain(p.title)));
            sub += QStringLiteral("  ");
        }
        int n = 0;
        for (const RunbookText& step : p.steps) {
            const QString pad = sub + QString(step.depth * 3, QLatin1Char(' '));
            out += step.depth == 0 ? pad + QStringLiteral("%1. ").arg(++n)
                                   : pad + QStringLiteral("- ");
            out += md(f.plain(step.plain)) + QLatin1Char('\n');
        }
    }
}

// In a run with signatures: how `e` is signed, as its signature checks: the key (its
// fingerprint's start; the roster has the whole), that the key is off the roster, that the
// signature does not check, or that there is none. Empty in a run without signatures.
QString mdKey(const FoldedRun& f, const SignOffEvent& e)
{
    if (!f.roster.shown())
        return {};
    using Status = signing::EventSignatureCheck::Status;
    const QString key = mdCode(shortFingerprint(e.signature.keyFingerprint));
    switch (report::signatureStatus(f, &e)) {
    case Status::Unsigned:
        return QStringLiteral(" **unsigned**");
    case Status::Good:
        return QStringLiteral(" key ") + key;
    case Status::NotOnRoster:
        return QStringLiteral(" key %1: **NOT ON THE ROSTER**").arg(key);
    case Status::Bad:
        return QStringLiteral(" **\u2717 BAD SIGNATURE**");
    }
    return {};
}

void mdItem(const FoldedRun& f, const RunbookItem& item, int depth, QString& out)
{
    const ItemState s = f.state.item(item.id);
    const QString indent(depth * 2, QLatin1Char(' '));
    const bool done = s.isDone();
    const QList<StepFailure> failures = report::failuresOf(f, item.id);
    out += indent + (done ? QStringLiteral("- [x] ") : QStringLiteral("- [ ] "));
    out += QStringLiteral("**%1** %2 \u2014 ").arg(item.id, md(f.plain(item.title)));
    if (!failures.isEmpty() && !failures.constLast().resolved)
        out += QStringLiteral("**FAILED**, ");
    if (s.status == ItemStatus::Open || s.status == ItemStatus::Blocked)
        out += QStringLiteral("**%1**").arg(statusWord(s.status));
    else
        out += statusWord(s.status);
    if (!s.by.isEmpty()) {
        out +=
            QStringLiteral(" by %1 (%2), %3").arg(md(s.by), roleDisplayName(s.role), utcText(s.at));
        const SignOffEvent* by = f.statusBy.value(item.id);
        const QString key = by ? mdKey(f, *by) : QString();
        if (!key.isEmpty())
            out += QLatin1Char(',') + key;
        if (const QList<qint64> refs = by ? evidenceReferences(*by) : QList<qint64>();
            !refs.isEmpty())
            out += QStringLiteral(", evidence ") + report::seqList(refs);
    } else if (s.status == ItemStatus::Open)
        out += QStringLiteral(", not signed");
    out += QLatin1Char('\n');
    const QString sub = indent + QStringLiteral("  ");
    if (!s.note.isEmpty()) {
        out += sub + QStringLiteral("- *%1:* %2\n")
                         .arg(s.status == ItemStatus::Signed ? QStringLiteral("Note")
                                                             : QStringLiteral("Reason"),
                              md(s.note));
    }
    for (const StepFailure& failure : failures) {
        out += sub + QStringLiteral("- **%1**").arg(md(report::failedText(failure)));
        if (failure.resolved)
            out += QStringLiteral("; *%1*").arg(md(report::resolvedText(failure)));
        out += QLatin1Char('\n');
    }
    QList<qint64> evidence;
    for (const SignOffEvent* e : f.eventsOf(item.id)) {
        if (isEvidence(e->kind))
            evidence.append(e->seq);
    }
    if (!evidence.isEmpty())
        out += sub + QStringLiteral("- *Evidence (%1):* %2, in the evidence appendix\n")
                         .arg(evidence.size())
                         .arg(report::seqList(evidence));
    if (const QString saw = report::itemSnapshotsMarkdown(f, item.id); !saw.isEmpty())
        out += sub + QStringLiteral("- ") + saw + QLatin1Char('\n');
    for (const SignOffEvent* e : f.eventsOf(item.id)) {
        if (e->kind == EventKind::NoteAdded) {
            out += sub + QStringLiteral("- *Note by %1 (%2), %3:* %4\n")
                             .arg(md(e->actor.name), roleDisplayName(e->actor.role),
                                  utcText(e->timeUtc), md(e->text));
        }
    }
    mdTexts(f, item.details, sub, out);
    mdProcedures(f, item.procedures, sub, out);
    for (const RunbookItem& child : item.children)
        mdItem(f, child, depth + 1, out);
}

QString mdRow(const QStringList& cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}
// The go-live window and the two people who sign.
void mdRelease(const FoldedRun& f, QString& out)
{
    out += QStringLiteral("## The release\n\n");
    const GoLiveWindow w = windowOf(f);
    out += QStringLiteral("- **Go-live window:** ");
    if (w.start.exists || w.end.exists) {
        out += mdField(w.start) + QStringLiteral(" to ") + mdField(w.end);
        if (w.date.exists)
            out += QStringLiteral(" (go-live date %1)").arg(mdField(w.date));
    } else {
        out += mdField(w.date);
    }
    out += QLatin1Char('\n');
    for (Role role : {Role::IncidentCommander, Role::ReleaseCaptain}) {
        const Person p = personFor(f, role);
        out += QStringLiteral("- **%1:** %2\n")
                   .arg(p.title, p.name.isEmpty() ? QStringLiteral("**NOT NAMED**")
                                                  : md(p.name) + QStringLiteral(" (") + p.fromWhat +
                                                        QLatin1Char(')'));
    }
}

// The run: its id, file, runbook, progress and ledger.
void mdRun(const FoldedRun& f, QString& out)
{
    const ReportInput& input = f.input;
    const ChainVerification& v = input.verification;
    const Progress total = f.state.totalProgress();
    out += QStringLiteral("\n## The run\n\n");
    out += QStringLiteral("- **Run id:** %1\n").arg(mdCode(input.runId));
    if (!input.runPath.isEmpty())
        out += QStringLiteral("- **Run file:** %1\n").arg(mdCode(input.runPath));
    out += QStringLiteral("- **Runbook:** %1, SHA-256 %2\n")
               .arg(md(input.runbookName), mdCode(input.runbookSha256));
    if (input.createdUtc.isValid())
        out += QStringLiteral("- **Run created:** %1\n").arg(utcText(input.createdUtc));
    out += QStringLiteral("- **Progress:** %1 of %2 items done\n").arg(total.done).arg(total.total);
    out += QStringLiteral("- **Ledger:** %1\n")
               .arg(v.intact()  ? QStringLiteral("intact, %1 events").arg(input.events.size())
                    : v.pending ? QStringLiteral("**NOT VERIFIED**: ") + md(v.summary())
                                : QStringLiteral("**BROKEN**: ") + md(v.summary()));
    out += QStringLiteral("- **Ledger head:** %1\n").arg(mdCode(QString::fromLatin1(f.head)));
}

// Every field: its value and who filled it.
void mdFields(const FoldedRun& f, QString& out)
{
    const Runbook& rb = f.input.runbook;
    out += QStringLiteral("\n## Fields\n\n");
    out += mdRow({QStringLiteral("Field"), QStringLiteral("Value"), QStringLiteral("Filled by")});
    out += mdRow({QStringLiteral("---"), QStringLiteral("---"), QStringLiteral("---")});
    for (const RunbookField& field : rb.fields) {
        const FieldShown s = shown(f, &field);
        QString by = field.isPlaceholder ? QStringLiteral("\u2014")
                                         : QStringLiteral("*fixed by the runbook*");
        if (s.setBy)
            by = QStringLiteral("%1 (%2), %3")
                     .arg(md(s.setBy->actor.name), roleDisplayName(s.setBy->actor.role),
                          utcText(s.setBy->timeUtc));
        out += mdRow({md(field.label), mdField(s), by});
    }
}

// The counts per section and in all.
void mdSummary(const FoldedRun& f, QString& out)
{
    const Runbook& rb = f.input.runbook;
    out += QStringLiteral("\n## Summary\n\n");
    out += mdRow({QStringLiteral("Section"), QStringLiteral("Items"), QStringLiteral("Signed"),
                  QStringLiteral("Not applicable"), QStringLiteral("Blocked"),
                  QStringLiteral("Open"), QStringLiteral("Pre-checked")});
    out += mdRow({QStringLiteral("---"), QStringLiteral("--:"), QStringLiteral("--:"),
                  QStringLiteral("--:"), QStringLiteral("--:"), QStringLiteral("--:"),
                  QStringLiteral("--:")});
    Counts all;
    const auto countsRow = [](const QString& name, const Counts& c) {
        return mdRow({name, QString::number(c.total), QString::number(c.signedCount),
                      QString::number(c.notApplicable), QString::number(c.blocked),
                      QString::number(c.open), QString::number(c.preChecked)});
    };
    for (const RunbookSection& s : rb.sections) {
        const Counts c = sectionCounts(s, f.state);
        all.add(c);
        out += countsRow(QStringLiteral("%1. %2").arg(md(s.number), md(f.plain(s.title))), c);
    }
    out += countsRow(QStringLiteral("**All sections**"), all);
}

// Every section, group and item, with its details and procedures.
void mdSections(const FoldedRun& f, QString& out)
{
    const Runbook& rb = f.input.runbook;
    for (const RunbookSection& s : rb.sections) {
        out += QStringLiteral("\n## %1. %2\n").arg(md(s.number), md(f.plain(s.title)));
        const QList<GroupPlace> places = groupPlaces(s);
        for (int gi = 0; gi < s.groups.size(); ++gi) {
            const RunbookGroup& g = s.groups[gi];
            const bool hasText =
                !g.notes.isEmpty() || !g.procedures.isEmpty() || !g.items.isEmpty();
            // A nested group one heading level further down ("####" in "###"). A continuation
            // repeats the heading of the group it resumes, marked as continued, so its items are
            // not read as the nested group's above it.
            if (!g.title.isEmpty() && !g.continuation) {
                out += QStringLiteral("\n%1 %2\n")
                           .arg(QString(qBound(3, 3 + g.depth, 6), QLatin1Char('#')),
                                md(f.plain(g.title)));
            } else if (g.continuation && hasText) {
                const int row = places[gi].row;
                const QString title = row >= 0 ? s.groups[row].title : s.title;
                out += QStringLiteral("\n%1 %2 (continued)\n")
                           .arg(QString(qBound(3, 3 + (row >= 0 ? s.groups[row].depth : 0), 6),
                                        QLatin1Char('#')),
                                md(f.plain(title)));
            }
            if (hasText)
                out += QLatin1Char('\n');
            // A group with nothing to sign is reading material: a quoted block, not a checklist.
            const QString indent = g.items.isEmpty() ? QStringLiteral("> ") : QString();
            mdTexts(f, g.notes, indent, out);
            mdProcedures(f, g.procedures, indent, out);
            for (const RunbookItem& item : g.items)
                mdItem(f, item, 0, out);
        }
    }
}

// A line that says whether the run's events are signed.
void mdSignatures(const FoldedRun& f, QString& out)
{
    if (!f.roster.shown()) {
        out += QStringLiteral("Signatures: none (this run has no roster)\n\n");
        return;
    }
    // Counted as each signature checks, not as the rows claim.
    const signing::SignatureReport& s = f.signatures;
    out += QStringLiteral("Signatures: %1 of %2 events signed by roster keys")
               .arg(s.good)
               .arg(f.input.events.size());
    if (s.unsignedCount > 0)
        out += QStringLiteral(", **%1 unsigned**").arg(s.unsignedCount);
    if (s.notOnRoster > 0)
        out += QStringLiteral(", **%1 by keys NOT ON THE ROSTER**").arg(s.notOnRoster);
    if (s.bad > 0)
        out += QStringLiteral(", **%1 BAD SIGNATURE%2 (first at event #%3)**")
                   .arg(s.bad)
                   .arg(s.bad == 1 ? QString() : QStringLiteral("S"))
                   .arg(s.firstBad);
    out += QStringLiteral("; signatures %1. The keys are in the roster section.\n\n")
               .arg(s.signaturesRequired ? QStringLiteral("required") : QStringLiteral("optional"));
    // What an auditor compares with the team's own allowed_signers file.
    out += QStringLiteral("Roster SHA-256 the run was made with: `%1`  \nRoster SHA-256 in force "
                          "at the end: `%2`\n\n")
               .arg(report::rosterSha256Text(f.input.roster.allowedSigners),
                    report::rosterSha256Text(f.roster.allowedSigners));
}

// The roster in force at the end, every key in full, and how it came to be.
void mdRoster(const FoldedRun& f, QString& out)
{
    const report::RosterShown& r = f.roster;
    if (!r.shown())
        return;
    out += QStringLiteral("\n## The roster: who signs with which key\n\n");
    out += r.signaturesRequired
               ? QStringLiteral("**Signatures are required:** every event must be signed.\n\n")
               : QStringLiteral("**Signatures are optional:** an event may be unsigned.\n\n");
    if (!r.hasRoster) {
        out += QStringLiteral("**This run has no roster:** its signatures name keys no roster "
                              "gives to anyone.\n");
        return;
    }
    if (!r.error.isEmpty())
        out += QStringLiteral("**The roster does not read:** %1\n\n").arg(md(r.error));
    else if (r.entries.isEmpty())
        out += QStringLiteral("*The roster is empty: no key may sign.*\n\n");
    if (!r.entries.isEmpty()) {
        out += mdRow({QStringLiteral("Principal"), QStringLiteral("Key type"),
                      QStringLiteral("Fingerprint"), QStringLiteral("Namespaces")});
        out += mdRow({QStringLiteral("---"), QStringLiteral("---"), QStringLiteral("---"),
                      QStringLiteral("---")});
        for (const signing::AllowedSigner& entry : r.entries) {
            out +=
                mdRow({md(entry.principals.join(QLatin1Char(','))), md(entry.key.type),
                       mdCode(entry.key.fingerprint()),
                       entry.namespaces.isEmpty() ? QStringLiteral("any")
                                                  : md(entry.namespaces.join(QLatin1Char(',')))});
        }
        out += QLatin1Char('\n');
    }
    out += QStringLiteral("### How the roster came to be\n\n");
    const ReportInput& in = f.input;
    if (!in.roster.allowedSigners.trimmed().isEmpty()) {
        out += QStringLiteral("- %1: the run was made with it%2 (anchored in the genesis)\n")
                   .arg(utcText(in.createdUtc), in.roster.signaturesRequired
                                                    ? QStringLiteral(", signatures required")
                                                    : QString());
    }
    for (const SignOffEvent* e : r.changes) {
        out += QStringLiteral("- Event #%1, %2: %3 by %4 (%5),%6\n")
                   .arg(QString::number(e->seq), utcText(e->timeUtc), report::rosterChangeText(*e),
                        md(e->actor.name), roleDisplayName(e->actor.role), mdKey(f, *e));
    }
}

// Every event in the ledger, and the breaks when it does not verify.
void mdAppendix(const FoldedRun& f, QString& out)
{
    const ReportInput& input = f.input;
    const ChainVerification& v = input.verification;
    out += QStringLiteral("\n## Appendix: the event history\n\n");
    if (!v.intact()) {
        for (const ChainBreak& b : v.breaks)
            out += QStringLiteral("- **Break at event #%1:** %2\n").arg(b.seq).arg(md(b.problem));
        out += QLatin1Char('\n');
    }
    if (input.events.isEmpty()) {
        out += QStringLiteral("No events: nothing has been signed in this run.\n");
    } else {
        out += mdRow({QStringLiteral("#"), QStringLiteral("Time (UTC)"), QStringLiteral("Event"),
                      QStringLiteral("Item or field"), QStringLiteral("By"), QStringLiteral("Role"),
                      QStringLiteral("Note or reason"), QStringLiteral("Hash")});
        out += mdRow({QStringLiteral("--:"), QStringLiteral("---"), QStringLiteral("---"),
                      QStringLiteral("---"), QStringLiteral("---"), QStringLiteral("---"),
                      QStringLiteral("---"), QStringLiteral("---")});
        for (const SignOffEvent& e : input.events) {
            out += mdRow({QString::number(e.seq),
                          e.timeUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                          eventKindName(e.kind), md(eventSubject(f, e)), md(e.actor.name),
                          roleName(e.actor.role),
                          md(e.kind == EventKind::RosterChanged ? report::rosterEventText(e)
                             : isEvidence(e.kind)               ? evidenceSummary(e)
                                                                : e.text),
                          mdCode(QString::fromLatin1(e.hash.left(12))) + mdKey(f, e)});
        }
    }
}

// Every file attached and command run: what it is, its SHA-256, whether its bytes still match
// it, who recorded it and when, and the sign-offs that name it.
void mdEvidence(const FoldedRun& f, QString& out)
{
    const QList<report::EvidenceShown> all =
        report::evidenceShown(f, report::EvidenceDetail::Facts);
    if (all.isEmpty())
        return;
    out += QStringLiteral("\n## Appendix: evidence\n\n");
    for (const report::EvidenceShown& ev : all) {
        const SignOffEvent& e = *ev.event;
        const RunbookItem* item = f.input.runbook.findItem(e.itemId);
        const QString itemText = item
                                     ? QString(e.itemId + QLatin1Char(' ') + f.plain(item->title))
                                     : QString(e.itemId + QStringLiteral(" (not in this runbook)"));
        const bool alarm = report::evidenceAlarming(ev.status);
        out += QStringLiteral("- **#%1** %2 for %3\n")
                   .arg(e.seq)
                   .arg(ev.command ? QStringLiteral("command run") : QStringLiteral("file"),
                        md(itemText));
        const QString sub = QStringLiteral("  - ");
        if (ev.attachment) {
            const AttachmentRecord& a = *ev.attachment;
            out += sub + QStringLiteral("**File:** %1 (%2, %3, %4 bytes)\n")
                             .arg(md(a.name), md(a.mediaType), byteSize(a.size))
                             .arg(a.size);
        } else if (ev.command) {
            const CommandRecord& c = *ev.command;
            out += sub + QStringLiteral("**Command:** %1\n").arg(markdownEscaped(c.command));
            out +=
                sub +
                QStringLiteral("**Folder:** %1 (run by %2)\n").arg(md(c.workingDir), md(c.shell));
            out += sub + QStringLiteral("**Outcome:** %1%2\n")
                             .arg(report::outcomeText(c),
                                  c.outcome == CommandOutcome::Exited
                                      ? QStringLiteral(" (exit code %1)").arg(c.exitCode)
                                      : QStringLiteral(", no exit code"));
            out +=
                sub + QStringLiteral("**Started:** %1, **ended:** %2, ran %3 (%4 ms)\n")
                          .arg(utcText(c.startUtc), utcText(c.endUtc), durationWords(c.durationMs))
                          .arg(c.durationMs);
            out += sub + QStringLiteral("**Output:** %1 kept of %2 produced%3; %4 redaction%5\n")
                             .arg(byteSize(c.keptBytes), byteSize(c.outputBytes),
                                  c.truncated ? QStringLiteral(", cut at the cap") : QString())
                             .arg(c.redactions)
                             .arg(c.redactions == 1 ? QString() : QStringLiteral("s"));
        } else {
            out +=
                sub + QStringLiteral("**The record does not read:** %1\n").arg(md(ev.recordError));
        }
        out += sub + QStringLiteral("**SHA-256:** %1\n").arg(mdCode(e.fieldKey));
        out += sub + (alarm ? QStringLiteral("**%1**\n").arg(md(report::evidenceStatusText(ev)))
                            : md(report::evidenceStatusText(ev)) + QLatin1Char('\n'));
        out += sub + QStringLiteral("**Recorded by:** %1 (%2), %3%4\n")
                         .arg(md(e.actor.name), roleDisplayName(e.actor.role), utcText(e.timeUtc),
                              mdKey(f, e).isEmpty() ? QString() : QLatin1Char(',') + mdKey(f, e));
        if (!ev.referencedBy.isEmpty())
            out += sub + QStringLiteral("**Named by the sign-off%1:** %2\n")
                             .arg(ev.referencedBy.size() == 1 ? QString() : QStringLiteral("s"),
                                  report::seqList(ev.referencedBy));
    }
}

// The signature lines and how to verify this copy.
void mdSignOff(const FoldedRun& f, QString& out)
{
    const ReportInput& input = f.input;
    out += QStringLiteral("\n## Sign-off\n\n");
    for (Role role : {Role::IncidentCommander, Role::ReleaseCaptain}) {
        const Person p = personFor(f, role);
        out += QStringLiteral("- **%1:** %2, signature: ______________________, date (UTC): "
                              "____________\n")
                   .arg(p.title,
                        p.name.isEmpty() ? QStringLiteral("______________________") : md(p.name));
    }
    out += QStringLiteral("\nVerify: `golive verify --run FILE --digest %1` (QR text: `%2`)\n")
               .arg(QString::fromLatin1(f.head), reportQrPayload(input));
}

} // namespace

QByteArray toMarkdown(const ReportInput& input)
{
    const FoldedRun f(input);
    const Runbook& rb = input.runbook;
    QString out;
    out.reserve(4096 + 400 * int(rb.checkableCount()) + 200 * int(input.events.size()));
    out += QStringLiteral("# %1\n\n").arg(md(reportTitle(input)));
    out += QStringLiteral("Go-live checklist, signed record. Generated %1; ledger head `%2`.\n\n")
               .arg(utcText(f.generated), QString::fromLatin1(f.head));

    mdSignatures(f, out);
    mdRelease(f, out);
    mdRun(f, out);
    mdFields(f, out);
    mdSummary(f, out);
    report::cutoverMarkdown(f, out);
    mdSections(f, out);
    mdRoster(f, out);
    mdEvidence(f, out);
    report::snapshotAppendixMarkdown(f, out);
    mdAppendix(f, out);
    mdSignOff(f, out);
    return out.toUtf8();
}

} // namespace golive
