// The timeline of a run and its Markdown form.
#include "Timeline.h"

#include "decision/SnapshotTable.h"
#include "evidence/Evidence.h"

#include "SafeText.h"

#include <QMultiHash>

namespace golive {

namespace {

QString timeOf(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QString withUtc(const QDateTime& t)
{
    return t.isValid() ? timeOf(t) + QStringLiteral(" UTC") : QStringLiteral("an unknown time");
}

// ": text" when there is text.
QString colonText(const QString& text)
{
    const QString t = text.trimmed();
    return t.isEmpty() ? QString() : QStringLiteral(": ") + t;
}

class Describer
{
public:
    explicit Describer(const RunState& state) : m_state(state) {}

    QString item(const QString& id) const
    {
        const Runbook* rb = m_state.runbook();
        const RunbookItem* item = rb ? rb->findItem(id) : nullptr;
        if (!item)
            return id;
        return QStringLiteral("%1 \"%2\"")
            .arg(id, renderPlain(item->title, *rb,
                                 [this](const QString& key) { return m_state.fieldValue(key); }));
    }

    QString rollbackStep(int number) const
    {
        const QStringList& steps = m_state.plan().rollbackSteps;
        if (number < 1 || number > steps.size() || !m_state.runbook())
            return QString::number(number);
        return QStringLiteral("%1 of %2 \"%3\"")
            .arg(number)
            .arg(steps.size())
            .arg(renderPlain(steps.at(number - 1), *m_state.runbook(),
                             [this](const QString& key) { return m_state.fieldValue(key); }));
    }

    static QString seqList(const QList<qint64>& seqs)
    {
        QStringList parts;
        for (qint64 seq : seqs)
            parts.append(QStringLiteral("#%1").arg(seq));
        return parts.join(QStringLiteral(", "));
    }

    TimelineEntry entry(const SignOffEvent& e) const
    {
        TimelineEntry t;
        t.timeUtc = e.timeUtc.toUTC();
        t.seq = e.seq;
        t.actor = e.actor.name.isEmpty() ? QStringLiteral("(unnamed)") : e.actor.name;
        t.role = e.actor.role;
        t.itemId = e.itemId;
        const bool overriding = e.fieldKey == kOrderOverrideKey;
        switch (e.kind) {
        case EventKind::Signed:
            t.category = overriding ? QStringLiteral("order-override") : QStringLiteral("sign-off");
            t.text = overriding
                         ? QStringLiteral("Signed %1 out of order (override)%2")
                               .arg(item(e.itemId), colonText(e.text))
                         : QStringLiteral("Signed %1%2").arg(item(e.itemId), colonText(e.text));
            if (const QList<qint64> refs = evidenceReferences(e); !refs.isEmpty())
                t.text += QStringLiteral(" (evidence: %1)").arg(seqList(refs));
            break;
        case EventKind::NotApplicable:
            t.category = QStringLiteral("not-applicable");
            t.text = QStringLiteral("Marked %1 N/A%2%3")
                         .arg(item(e.itemId),
                              overriding ? QStringLiteral(" out of order (override)") : QString(),
                              colonText(e.text));
            break;
        case EventKind::Blocked:
            t.category = QStringLiteral("blocked");
            t.text = QStringLiteral("Blocked %1%2").arg(item(e.itemId), colonText(e.text));
            break;
        case EventKind::Revoked:
            t.category = QStringLiteral("revoked");
            t.text = QStringLiteral("Revoked %1%2").arg(item(e.itemId), colonText(e.text));
            break;
        case EventKind::NoteAdded:
            t.category = QStringLiteral("note");
            t.text = QStringLiteral("Note on %1%2").arg(item(e.itemId), colonText(e.text));
            break;
        case EventKind::FieldFilled: {
            t.category = QStringLiteral("field");
            const Runbook* rb = m_state.runbook();
            const RunbookField* f = rb ? rb->findField(e.fieldKey) : nullptr;
            const QString name = f ? f->label : e.fieldKey;
            t.text = e.text.isEmpty() ? QStringLiteral("Cleared %1").arg(name)
                                      : QStringLiteral("Filled %1 = \"%2\"").arg(name, e.text);
            break;
        }
        case EventKind::ChainBreakAcknowledged:
            t.category = QStringLiteral("ledger");
            t.text = QStringLiteral("Acknowledged the ledger break(s) %1%2")
                         .arg(e.fieldKey, colonText(e.text));
            break;
        case EventKind::PhaseChanged: {
            t.category = QStringLiteral("phase");
            const std::optional<Phase> phase = phaseFromName(e.fieldKey);
            if (phase == Phase::GoNoGo)
                t.text = QStringLiteral("Opened the Go/No-Go%1").arg(colonText(e.text));
            else if (phase == Phase::Rollback)
                t.text = QStringLiteral("Started the rollback%1").arg(colonText(e.text));
            else if (phase == Phase::Live)
                t.text =
                    QStringLiteral("Declared the go-live Live%1%2")
                        .arg(e.itemId.isEmpty() ? QString()
                                                : QStringLiteral(" (signs %1)").arg(item(e.itemId)),
                             colonText(e.text));
            else
                t.text =
                    QStringLiteral("Phase \"%1\" recorded%2").arg(e.fieldKey, colonText(e.text));
            break;
        }
        case EventKind::Decision: {
            t.category = QStringLiteral("decision");
            const QString word = e.fieldKey == kDecisionGo     ? QStringLiteral("GO")
                                 : e.fieldKey == kDecisionNoGo ? QStringLiteral("NO-GO")
                                                               : e.fieldKey;
            // composeGoReason() already starts with "GO over open pre-checks ...".
            t.text = e.text.startsWith(word + QLatin1Char(' ')) ? e.text : word + colonText(e.text);
            break;
        }
        case EventKind::StepFailed:
            t.category = QStringLiteral("step-failed");
            t.text =
                QStringLiteral("Step %1 failed%2; to be resolved by %3 or rolled back")
                    .arg(item(e.itemId), colonText(e.text),
                         withUtc(e.timeUtc.addSecs(qint64(m_state.plan().resolutionMinutes) * 60)));
            break;
        case EventKind::RollbackStep:
            t.category = QStringLiteral("rollback-step");
            t.text = QStringLiteral("Rollback step %1 done%2")
                         .arg(rollbackStep(e.fieldKey.toInt()), colonText(e.text));
            break;
        case EventKind::DashboardSet:
            t.category = QStringLiteral("dashboard");
            t.text = QStringLiteral("Set the run's dashboard to %1 (SHA-256 %2)")
                         .arg(e.text, e.fieldKey.left(12));
            break;
        case EventKind::RosterChanged:
            t.category = QStringLiteral("roster");
            t.text = e.fieldKey == QLatin1String("require-signatures")
                         ? QStringLiteral("Required signed sign-offs from now on")
                         : QStringLiteral("Changed the roster (%1)").arg(e.fieldKey);
            break;
        case EventKind::EvidenceAttached:
            t.category = QStringLiteral("evidence");
            t.text = QStringLiteral("Attached to %1: %2").arg(item(e.itemId), evidenceSummary(e));
            break;
        case EventKind::CommandRun:
            t.category = QStringLiteral("command");
            t.text = QStringLiteral("Ran for %1: %2").arg(item(e.itemId), evidenceSummary(e));
            break;
        case EventKind::Observed:
            t.category = e.fieldKey;
            t.text = QStringLiteral("Observed %1%2")
                         .arg(observationDisplayName(e.fieldKey), colonText(e.text));
            break;
        }
        t.snapshot = e.snapshot;
        // A decision taken over a breach says so at the end of its line; an observation of a
        // breach says it already.
        if (!e.snapshot.isEmpty() && e.kind != EventKind::Observed) {
            const std::optional<DecisionSnapshot> s = DecisionSnapshot::fromJson(e.snapshot);
            if (s && s->takenOverBreach())
                t.text += overBreachMark();
        }
        return t;
    }

    TimelineEntry entry(const PhaseChange& change) const
    {
        TimelineEntry t;
        t.timeUtc = change.atUtc.toUTC();
        t.seq = change.seq;
        t.category = QStringLiteral("phase");
        t.text = QStringLiteral("Phase: %1").arg(phaseDisplayName(change.phase));
        if (!change.reason.isEmpty())
            t.text += QStringLiteral(" (%1)").arg(change.reason);
        if (change.phase == Phase::FinalMonitoring && change.atUtc.isValid())
            t.text += QStringLiteral("; %1 minutes of monitoring until %2")
                          .arg(m_state.plan().finalMonitoringMinutes)
                          .arg(withUtc(change.atUtc.addSecs(
                              qint64(m_state.plan().finalMonitoringMinutes) * 60)));
        return t;
    }

private:
    const RunState& m_state;
};

// Text safe in a Markdown table cell: punctuation that could start markup is escaped, a '|'
// cannot end the cell, line breaks become <br>, and control characters show as escapes
// (markdownEscaped()).
QString cell(const QString& text)
{
    return markdownEscaped(
        QString(text.trimmed()).replace(QStringLiteral("\r\n"), QStringLiteral("\n")));
}

// What golive could see at each event that kept a snapshot, by event number, after the table.
void snapshotsMarkdown(const QList<SignOffEvent>& events, QString& md)
{
    bool any = false;
    for (const SignOffEvent& e : events) {
        if (e.snapshot.isEmpty())
            continue;
        if (!any)
            md += QStringLiteral("\n## Snapshots\n\nWhat golive could see when each of these "
                                 "events was recorded: the SLO panels, the alerts firing and "
                                 "the health checks.\n");
        any = true;
        const SnapshotTable table = snapshotTable(e.snapshot);
        md += QStringLiteral("\n### #%1 %2, %3%4\n\n")
                  .arg(e.seq)
                  .arg(cell(snapshotEventTitle(e)), withUtc(e.timeUtc.toUTC()),
                       table.overBreach ? QStringLiteral(" (%1)").arg(cell(table.overBreachText))
                                        : QString());
        md += snapshotMarkdown(table);
    }
}

} // namespace

QList<TimelineEntry> buildTimeline(const RunState& state)
{
    // The phase moves an event caused, by the event's seq.
    QMultiHash<qint64, const PhaseChange*> derived;
    for (const PhaseChange& change : state.cutover().history()) {
        if (change.derived)
            derived.insert(change.seq, &change);
    }
    const Describer describe(state);
    QList<TimelineEntry> out;
    out.reserve(state.events().size() + state.cutover().history().size());
    for (const SignOffEvent& e : state.events()) {
        out.append(describe.entry(e));
        // QMultiHash hands back the newest insertion first: walk them oldest first.
        QList<const PhaseChange*> caused = derived.values(e.seq);
        for (auto it = caused.crbegin(); it != caused.crend(); ++it)
            out.append(describe.entry(**it));
    }
    return out;
}

QByteArray timelineMarkdown(const RunState& state, const QString& runId,
                            const QDateTime& exportedAtUtc, const QByteArray& headHash)
{
    const Runbook* rb = state.runbook();
    const QList<TimelineEntry> entries = buildTimeline(state);
    const CutoverState& c = state.cutover();
    QString startError;
    const QDateTime start = state.windowStartUtc(&startError);
    QByteArray head = headHash;
    if (head.isEmpty() && !state.events().isEmpty())
        head = state.events().constLast().hash;

    QString md;
    md += QStringLiteral("# Timeline: %1\n\n").arg(cell(rb ? rb->title : QString()));
    md += QStringLiteral("- Run: `%1`\n").arg(visibleControls(runId).remove(QLatin1Char('`')));
    md += QStringLiteral("- Ledger head: %1 after %2 events\n")
              .arg(head.isEmpty() ? QStringLiteral("(none)")
                                  : QStringLiteral("`%1`").arg(QString::fromLatin1(head)))
              .arg(state.events().size());
    md += QStringLiteral("- Go-live window start: %1\n")
              .arg(start.isValid() ? withUtc(start) : cell(startError));
    if (state.plan().isValid()) {
        md += QStringLiteral("- Phase: %1%2\n")
                  .arg(phaseDisplayName(c.phase()),
                       c.phaseSinceUtc().isValid()
                           ? QStringLiteral(" since %1").arg(withUtc(c.phaseSinceUtc()))
                           : QString());
        if (const std::optional<CutoverDecision>& d = c.decision()) {
            md += QStringLiteral("- Decision: %1 by %2 (%3) at %4%5\n")
                      .arg(d->go ? QStringLiteral("GO") : QStringLiteral("NO-GO"), cell(d->by),
                           roleName(d->role), withUtc(d->atUtc), cell(colonText(d->reason)));
        }
        if (const std::optional<RollbackStart>& r = c.rollback()) {
            md += QStringLiteral("- Rollback: started by %1 (%2) at %3%4; %5 of %6 steps done\n")
                      .arg(cell(r->by), roleName(r->role), withUtc(r->atUtc),
                           cell(colonText(r->reason)))
                      .arg(c.rollbackStepsDone().size())
                      .arg(state.plan().rollbackSteps.size());
        }
    }
    if (exportedAtUtc.isValid())
        md += QStringLiteral("- Exported: %1\n").arg(withUtc(exportedAtUtc));
    md += QStringLiteral(
        "\nTimes are UTC; T-/T+ is hours:minutes:seconds to the go-live window's start. "
        "Rows without a person are phase moves that follow from the event "
        "before them.\n\n");

    md += QStringLiteral("| Time (UTC) | T-/T+ | # | Category | Who | What |\n"
                         "|---|---|---|---|---|---|\n");
    for (const TimelineEntry& e : entries) {
        const QString tminus = start.isValid() && e.timeUtc.isValid()
                                   ? tMinusText(start.secsTo(e.timeUtc))
                                   : QString();
        const QString who = e.isDerived()
                                ? QStringLiteral("golive")
                                : QStringLiteral("%1 (%2)").arg(cell(e.actor), roleName(e.role));
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                  .arg(timeOf(e.timeUtc), tminus)
                  .arg(e.seq)
                  .arg(cell(e.category), who, cell(e.text));
    }
    if (entries.isEmpty())
        md += QStringLiteral("| | | | | | nothing recorded yet |\n");
    snapshotsMarkdown(state.events(), md);
    return md.toUtf8();
}

} // namespace golive
