// The run as the report reads it: the ledger folded into item states and field values, the
// people who sign, the go-live window, the counts per section.
#pragma once

#include "ChecklistReport.h"
#include "RunState.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace golive::report {

// The run folded: item states and field values, plus what every part of the report shares.
struct FoldedRun
{
    explicit FoldedRun(const ReportInput& in);

    QString value(const QString& key) const { return state.fieldValue(key); }
    std::function<QString(const QString&)> valueOf() const
    {
        return [this](const QString& key) { return state.fieldValue(key); };
    }
    // Rich text (from the parser) with placeholders filled; unfilled ones in italics and
    // underlined, which reads in grayscale (the window's yellow marker does not).
    QString html(const QString& richText) const;
    QString plain(const QString& text) const { return renderPlain(text, input.runbook, valueOf()); }
    QList<const SignOffEvent*> eventsOf(const QString& itemId) const
    {
        return byItem.value(itemId);
    }

    const ReportInput& input;
    RunState state;
    QByteArray head;
    QDateTime generated;
    QHash<QString, QList<const SignOffEvent*>> byItem;
};

// A field as the report shows it.
struct FieldShown
{
    QString text;
    bool filled = false; // a value is there (filled, or fixed by the runbook)
    bool exists = false; // the runbook has such a field
    const SignOffEvent* setBy = nullptr;
};

FieldShown shown(const FoldedRun& f, const RunbookField* field);

// One of the two people who sign the report.
struct Person
{
    Role role;
    QString title;    // "Incident Commander"
    QString name;     // printed name, may be empty
    QString fromWhat; // where the name came from
};

Person personFor(const FoldedRun& f, Role role);

// The go-live window, from the run's fields.
struct GoLiveWindow
{
    FieldShown start;
    FieldShown end;
    FieldShown date;
};

GoLiveWindow windowOf(const FoldedRun& f);

// Items by status, for a section or the whole run.
struct Counts
{
    int total = 0;
    int signedCount = 0;
    int notApplicable = 0;
    int blocked = 0;
    int open = 0;
    int preChecked = 0;

    void add(ItemStatus s)
    {
        ++total;
        switch (s) {
        case ItemStatus::Signed:
            ++signedCount;
            break;
        case ItemStatus::NotApplicable:
            ++notApplicable;
            break;
        case ItemStatus::Blocked:
            ++blocked;
            break;
        case ItemStatus::Open:
            ++open;
            break;
        case ItemStatus::CheckedInTemplate:
            ++preChecked;
            break;
        }
    }
    void add(const Counts& o)
    {
        total += o.total;
        signedCount += o.signedCount;
        notApplicable += o.notApplicable;
        blocked += o.blocked;
        open += o.open;
        preChecked += o.preChecked;
    }
};

Counts sectionCounts(const RunbookSection& s, const RunState& state);

// A failed cutover step as the record prints it (plain text; escape it where it lands):
// "FAILED at 06:05 UTC by Eli Novak (Engineer): migration timed out", and once the step is
// signed or marked N/A, "resolved at 06:12 UTC by Eli Novak (Engineer), signed".
QString failedText(const StepFailure& f);
QString resolvedText(const StepFailure& f); // "" while the failure is open
// The failures of `itemId` (a cutover step), oldest first.
QList<StepFailure> failuresOf(const FoldedRun& f, const QString& itemId);

// "2026-05-01 10:00:00 UTC"; an em dash for no time.
QString utcText(const QDateTime& t);
// What an event is about, in words: "field Owner", "3.2 Take the backup", ...
QString eventSubject(const FoldedRun& f, const SignOffEvent& e);

} // namespace golive::report
