// A decision's snapshot as a small table and the lines under it, in the words every view uses.
#include "decision/SnapshotTable.h"

#include "Cutover.h"
#include "RunState.h"
#include "SafeText.h"
#include "policy/Wording.h"

#include <algorithm>

namespace golive {

namespace {

QString utcText(const QDateTime& t)
{
    return t.isValid()
               ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC")
               : QStringLiteral("an unknown time");
}

QString stateWord(const QString& state)
{
    if (state == QLatin1String("ok"))
        return QStringLiteral("ok");
    if (state == QLatin1String("at-risk"))
        return QStringLiteral("at risk");
    if (state == QLatin1String("breach"))
        return QStringLiteral("BREACH");
    return QStringLiteral("unknown");
}

SnapshotRow rowOf(const SnapshotPanel& p, bool snapshotDemo)
{
    SnapshotRow r;
    r.panel = p.title.isEmpty() ? p.id : p.title;
    // A demo panel among real ones says so on its own row; in demo data the DEMO line says it.
    if (p.demo && !snapshotDemo)
        r.panel += QStringLiteral(" (DEMO)");
    r.value = p.value ? formatSloValue(*p.value, p.unit) : QStringLiteral("no data");
    const QString note = p.note.trimmed();
    if (!note.isEmpty() && note != r.value)
        r.value += QStringLiteral(" (%1)").arg(note);
    SloSpec spec;
    spec.objective = p.objective;
    spec.good = p.goodBelow ? SloSpec::Good::Below : SloSpec::Good::Above;
    r.objective = formatSloObjective(spec, p.unit);
    r.stateKey = p.state;
    r.state = stateWord(p.state);
    return r;
}

bool isCritical(const SnapshotAlert& a, const DecisionSnapshot& s)
{
    return a.severity.compare(s.criticalSeverity, Qt::CaseInsensitive) == 0;
}

SnapshotLine alertsLine(const DecisionSnapshot& s)
{
    SnapshotLine line;
    line.label = QStringLiteral("Alerts");
    if (!s.alertsUnavailable.isEmpty()) {
        line.text = QStringLiteral("could not be read: %1").arg(s.alertsUnavailable);
        line.alarm = true;
        return line;
    }
    const int firing = int(s.alerts.size()) + s.alertsLeftOut;
    if (firing == 0) {
        line.text = QStringLiteral("none firing");
        return line;
    }
    QStringList names;
    for (const SnapshotAlert& a : s.alerts) {
        names.append(a.severity.isEmpty() ? a.name
                                          : QStringLiteral("%1 (%2)").arg(a.name, a.severity));
        line.alarm = line.alarm || (isCritical(a, s) && !s.demo);
    }
    if (s.alertsLeftOut > 0)
        names.append(QStringLiteral("+%1 not recorded").arg(s.alertsLeftOut));
    line.text = QStringLiteral("%1 firing: %2").arg(firing).arg(names.join(QStringLiteral(", ")));
    return line;
}

SnapshotLine healthLine(const DecisionSnapshot& s)
{
    SnapshotLine line;
    line.label = QStringLiteral("Health");
    if (!s.healthUnavailable.isEmpty()) {
        line.text = s.healthUnavailable;
        return line;
    }
    QStringList parts;
    for (const SnapshotHealth& h : s.health) {
        QString word;
        if (h.state == QLatin1String("up"))
            word = QStringLiteral("up");
        else if (h.state == QLatin1String("down"))
            word = QStringLiteral("DOWN");
        else if (h.state == QLatin1String("not-probed"))
            word = QStringLiteral("not probed");
        else
            word = QStringLiteral("unknown");
        QStringList why;
        const bool notUp = h.state == QLatin1String("down") || h.state == QLatin1String("unknown");
        if (notUp && !h.detail.trimmed().isEmpty())
            why.append(h.detail.trimmed());
        if (notUp && !h.critical)
            why.append(QStringLiteral("not critical"));
        if (h.demo && !s.demo)
            why.append(QStringLiteral("DEMO"));
        QString part = h.service + QLatin1Char(' ') + word;
        if (!why.isEmpty())
            part += QStringLiteral(" (%1)").arg(why.join(QStringLiteral("; ")));
        parts.append(part);
        line.alarm = line.alarm || (h.critical && h.state == QLatin1String("down") && !s.demo);
    }
    if (s.healthLeftOut > 0)
        parts.append(QStringLiteral("+%1 not recorded").arg(s.healthLeftOut));
    line.text =
        parts.isEmpty() ? QStringLiteral("no checks") : parts.join(QStringLiteral(" \u00b7 "));
    return line;
}

SnapshotLine dataLine(const DecisionSnapshot& s)
{
    SnapshotLine line;
    line.label = QStringLiteral("Data");
    QStringList parts;
    parts.append(s.dataTimeUtc.isValid() ? QStringLiteral("as of %1").arg(utcText(s.dataTimeUtc))
                                         : QStringLiteral("time not known"));
    if (!s.prometheus.isEmpty())
        parts.append(QStringLiteral("Prometheus %1").arg(s.prometheus));
    else
        parts.append(s.demo ? QStringLiteral("no Prometheus (demo)")
                            : QStringLiteral("no Prometheus configured"));
    if (!s.dashboardTitle.isEmpty())
        parts.append(QStringLiteral("dashboard %1").arg(s.dashboardTitle));
    if (s.takenUtc.isValid())
        parts.append(QStringLiteral("taken %1").arg(utcText(s.takenUtc)));
    line.text = parts.join(QStringLiteral(" \u00b7 "));
    return line;
}

// "|" and line breaks cannot end a Markdown cell or the row: markdownEscaped() sees to both.
QString mdCell(const QString& text)
{
    return markdownEscaped(text.trimmed());
}

} // namespace

QString SnapshotRow::line() const
{
    return QStringLiteral("%1 \u00b7 %2 \u00b7 objective %3 \u00b7 %4")
        .arg(panel, value, objective, state);
}

QStringList SnapshotTable::headers()
{
    return {QStringLiteral("SLO panel"), QStringLiteral("Value"), QStringLiteral("Objective"),
            QStringLiteral("State")};
}

QString overBreachText(const DecisionSnapshot& s)
{
    if (!s.takenOverBreach())
        return {};
    QStringList what;
    for (const SnapshotPanel& p : s.panels) {
        if (p.state == QLatin1String("breach") && !p.demo)
            what.append(p.title.isEmpty() ? p.id : p.title);
    }
    for (const SnapshotAlert& a : s.alerts) {
        if (isCritical(a, s))
            what.append(QStringLiteral("alert %1").arg(a.name));
    }
    return QStringLiteral("taken over a breach: %1").arg(what.join(QStringLiteral(", ")));
}

QString overBreachMark()
{
    return QStringLiteral(" \u00b7 over a breach");
}

SnapshotTable snapshotTable(const DecisionSnapshot& s)
{
    SnapshotTable t;
    t.demo = s.demo;
    t.overBreach = s.takenOverBreach();
    t.overBreachText = overBreachText(s);
    if (s.demo)
        t.lines.append({QString(),
                        QStringLiteral("DEMO data: generated, not read from Prometheus; never "
                                       "counts as real"),
                        false});
    if (!s.sloUnavailable.isEmpty())
        t.lines.append(
            {QString(), QStringLiteral("SLO data unavailable: %1").arg(s.sloUnavailable), true});
    else if (s.panels.isEmpty() && s.panelsLeftOut == 0)
        t.lines.append({QString(), QStringLiteral("No SLO panels"), false});
    for (const SnapshotPanel& p : s.panels)
        t.rows.append(rowOf(p, s.demo));
    if (s.panelsLeftOut > 0)
        t.lines.append(
            {QString(), QStringLiteral("+%1 SLO panels not recorded").arg(s.panelsLeftOut), false});
    t.lines.append(alertsLine(s));
    t.lines.append(healthLine(s));
    t.lines.append(dataLine(s));
    return t;
}

SnapshotTable snapshotTable(const QString& json)
{
    QString error;
    const std::optional<DecisionSnapshot> s = DecisionSnapshot::fromJson(json, &error);
    if (s)
        return snapshotTable(*s);
    SnapshotTable t;
    t.readable = false;
    t.lines.append({QString(), QStringLiteral("The snapshot does not read: %1").arg(error), true});
    return t;
}

QString snapshotEventTitle(const SignOffEvent& e)
{
    switch (e.kind) {
    case EventKind::Decision:
        return e.fieldKey == kDecisionGo     ? QStringLiteral("GO")
               : e.fieldKey == kDecisionNoGo ? QStringLiteral("NO-GO")
                                             : QStringLiteral("Decision %1").arg(e.fieldKey);
    case EventKind::PhaseChanged: {
        const std::optional<Phase> phase = phaseFromName(e.fieldKey);
        if (phase == Phase::GoNoGo)
            return QStringLiteral("Go/No-Go opened");
        if (phase == Phase::Rollback)
            return QStringLiteral("Rollback started");
        if (phase == Phase::Live)
            return QStringLiteral("Live declared");
        return QStringLiteral("Phase %1").arg(e.fieldKey);
    }
    case EventKind::StepFailed:
        return QStringLiteral("Step %1 failed").arg(e.itemId);
    case EventKind::Signed:
        return QStringLiteral("Sign-off of %1").arg(e.itemId);
    case EventKind::NotApplicable:
        return QStringLiteral("N/A of %1").arg(e.itemId);
    case EventKind::Observed:
        return QStringLiteral("Observed %1").arg(observationDisplayName(e.fieldKey));
    default:
        return eventKindName(e.kind);
    }
}

QString snapshotMarkdown(const SnapshotTable& t)
{
    QString md;
    if (!t.rows.isEmpty()) {
        md += QStringLiteral("| ") + t.headers().join(QStringLiteral(" | ")) +
              QStringLiteral(" |\n|---|---|---|---|\n");
        for (const SnapshotRow& r : t.rows) {
            md += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                      .arg(mdCell(r.panel), mdCell(r.value), mdCell(r.objective),
                           r.breach() ? QStringLiteral("**BREACH**") : mdCell(r.state));
        }
        md += QLatin1Char('\n');
    }
    for (const SnapshotLine& l : t.lines) {
        if (l.label.isEmpty())
            md += l.alarm ? QStringLiteral("- **%1**\n").arg(mdCell(l.text))
                          : QStringLiteral("- %1\n").arg(mdCell(l.text));
        else
            md += QStringLiteral("- **%1:** %2\n").arg(mdCell(l.label), mdCell(l.text));
    }
    return md + QLatin1Char('\n');
}

QStringList decisionBreachMarks(const RunState& state)
{
    const CutoverState& c = state.cutover();
    QList<qint64> seqs;
    if (const std::optional<CutoverDecision>& d = c.decision())
        seqs.append(d->seq);
    if (const std::optional<RollbackStart>& r = c.rollback())
        seqs.append(r->seq);
    const QList<SignOffEvent>& events = state.events();
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->kind == EventKind::PhaseChanged && phaseFromName(it->fieldKey) == Phase::Live) {
            seqs.append(it->seq);
            break;
        }
    }
    std::sort(seqs.begin(), seqs.end(), std::greater<>());
    QStringList marks;
    for (qint64 seq : std::as_const(seqs)) {
        const auto e = std::find_if(events.cbegin(), events.cend(),
                                    [seq](const SignOffEvent& x) { return x.seq == seq; });
        if (e == events.cend() || e->snapshot.isEmpty())
            continue;
        const std::optional<DecisionSnapshot> s = DecisionSnapshot::fromJson(e->snapshot);
        if (s && s->takenOverBreach())
            marks.append(
                QStringLiteral("%1 \u00b7 %2").arg(snapshotEventTitle(*e), overBreachText(*s)));
    }
    return marks;
}

} // namespace golive
