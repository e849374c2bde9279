// A run as a timeline for the postmortem: every ledger event in order, with the phase moves the
// events caused (Cutover after the GO, Final monitoring, Rolled back) in between.
#pragma once

#include "RunState.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace golive {

struct TimelineEntry
{
    QDateTime timeUtc;
    qint64 seq = 0; // the ledger event; a derived phase move names the event that caused it
    // "phase", "decision", "sign-off", "order-override", "not-applicable", "blocked",
    // "revoked", "note", "field", "step-failed", "rollback-step", "ledger", "evidence",
    // "command", "dashboard", "roster", or an observation's
    // own category ("alert-firing", "slo-breach", ...: observationCategories()).
    QString category;
    QString actor;              // who; empty for a derived phase move (golive's own)
    Role role = Role::Observer; // meaningful when actor is not empty
    QString itemId;             // the item concerned, if any
    QString text;               // what happened, in words; may span lines (notes); ends with
                                // overBreachMark() when a decision was taken over a breach
    // What golive could see when the event was recorded (SignOffEvent::snapshot: JSON, read
    // with snapshotTable()); empty for events without one and for derived phase moves.
    QString snapshot;

    bool isDerived() const { return actor.isEmpty(); }
};

// Every event of `state` (ledger order), each followed by the derived phase moves it caused.
QList<TimelineEntry> buildTimeline(const RunState& state);

// The timeline as Markdown for the postmortem: a title (the runbook's), the run id, the ledger
// head (headHash, or the newest event's hash when empty) and event count, the go-live window's
// start, the phase and the decision, then a table: time (UTC), T-minus/plus to the window's
// start (when it is filled in and readable), event number, category, who, what; then, when any
// event carries a snapshot, a "Snapshots" section with each one's small table by event number
// (snapshotMarkdown()). Cell text is escaped so notes and panel titles cannot break the table or
// inject markup. exportedAtUtc, when valid, is printed as the export time.
QByteArray timelineMarkdown(const RunState& state, const QString& runId,
                            const QDateTime& exportedAtUtc = {}, const QByteArray& headHash = {});

} // namespace golive
