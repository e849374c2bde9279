// A decision's snapshot (DecisionSnapshot.h) as the rows of a small table and the lines under
// it: the one source of the words every view shows it in (the timeline dock and its Markdown,
// the details pane, the PDF and the Markdown report, the wall screen). Plain text throughout:
// a panel title, an alert's name or a check's detail is data, and each view escapes it where it
// lands (htmlSafe, markdownEscaped, displaySafe).
#pragma once

#include "decision/DecisionSnapshot.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace golive {

class RunState;

// One SLO panel as a row: "prov-ledger p95 latency | 452 ms | < 300 ms | BREACH".
struct SnapshotRow
{
    QString panel;     // the panel's title; " (DEMO)" after it for a demo panel in real data
    QString value;     // "452 ms", "no data"; the panel's note after it: "no data (timeout)"
    QString objective; // "< 300 ms", "> 99.9%"
    QString state;     // "ok", "at risk", "BREACH", "unknown"
    QString stateKey;  // the snapshot's own word, for colours: "ok", "at-risk", "breach", ...
    bool breach() const { return stateKey == QLatin1String("breach"); }
    // The row on one line, for a list or a tree row: "prov-ledger p95 latency · 452 ms ·
    // objective < 300 ms · BREACH".
    QString line() const;
};

// A line under the table: "Alerts: 2 firing: X (critical), Y (warning), +3 not recorded".
struct SnapshotLine
{
    QString label;      // "Alerts", "Health", "Data"; empty for a line that says it all
    QString text;       // "DEMO data ...", "SLO data unavailable: connection refused", ...
    bool alarm = false; // a critical alert firing, a critical check down, no SLO data, unread
    QString plain() const { return label.isEmpty() ? text : label + QStringLiteral(": ") + text; }
};

struct SnapshotTable
{
    bool readable = true;      // false: the JSON did not read (one line says why)
    bool demo = false;         // DecisionSnapshot::demo
    bool overBreach = false;   // DecisionSnapshot::takenOverBreach()
    QString overBreachText;    // "taken over a breach: prov-ledger p95 latency"; "" when not
    QList<SnapshotRow> rows;   // one per panel kept, in dashboard order
    QList<SnapshotLine> lines; // DEMO, no SLO data, panels left out, alerts, health, data

    // "SLO panel", "Value", "Objective", "State".
    static QStringList headers();
};

// The snapshot's table and lines.
SnapshotTable snapshotTable(const DecisionSnapshot& snapshot);
// The same from an event's JSON (SignOffEvent::snapshot); a JSON that does not read gives a
// table with no rows and one alarm line: "The snapshot does not read: <why>".
SnapshotTable snapshotTable(const QString& json);

// "taken over a breach: prov-ledger p95 latency, alert ProvLedgerLatencyHigh" (real panels in
// breach, then critical alerts firing); "" when the decision was not taken over a breach.
QString overBreachText(const DecisionSnapshot& snapshot);

// What the timeline's What text ends with when its event was taken over a breach:
// " · over a breach".
QString overBreachMark();

// The event a snapshot belongs to, in a few words: "GO", "NO-GO", "Go/No-Go opened",
// "Rollback started", "Live declared", "Step 4.5 failed", "Sign-off of 0.2", "N/A of 0.2",
// "Observed alert firing".
QString snapshotEventTitle(const SignOffEvent& event);

// The snapshot as Markdown: the table (every cell escaped: a panel title is data), then the lines
// as a list. Ends with a blank line.
QString snapshotMarkdown(const SnapshotTable& table);

// The standing decisions of a run taken over a breach, newest first, for the wall screen: the
// GO or NO-GO in force, the rollback started, Live declared, each as "GO · taken over a breach:
// prov-ledger p95 latency". Empty when none was.
QStringList decisionBreachMarks(const RunState& state);

} // namespace golive
