// The run as the report reads it: the ledger folded into item states and field values, the
// people who sign, the go-live window, the counts per section.
#pragma once

#include "AllowedSigners.h"
#include "ChecklistReport.h"
#include "RunState.h"
#include "signing/RunSignatures.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace golive::report {

// Who signs the run with which key, as the report shows it: the roster the run was made with,
// then every roster-changed event in the ledger.
struct RosterShown
{
    bool hasRoster = false; // made with one, or given one since
    bool anySigned = false; // some event carries a signature (or a key, or the remains of one)
    bool signaturesRequired = false;
    // The roster in force after the last event: a change that does not count (see
    // signing::checkSignatures) changes nothing here either.
    QString allowedSigners;
    QList<signing::AllowedSigner> entries;
    QString error;                      // why allowedSigners does not read (entries is then empty)
    QList<const SignOffEvent*> changes; // the roster-changed events, oldest first

    // Whether the report speaks of signatures at all: a run with neither a roster nor a signed
    // event prints as it always did.
    bool shown() const { return hasRoster || anySigned; }
};

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
    // The event that set each item's current status (signed, N/A, blocked); none once revoked.
    QHash<QString, const SignOffEvent*> statusBy;
    RosterShown roster;
    // Every event's signature checked against the roster in force when it was made, once for the
    // whole report: what a line prints is what the signature is, not what the row claims.
    signing::SignatureReport signatures;

    // The check of `e` (an event of input.events); nullptr for any other.
    const signing::EventSignatureCheck* checkOf(const SignOffEvent* e) const;
};

// How an event is signed, as its signature checks, for a line of the checklist: a good signature
// by a key the roster gives its actor "key 3Fh0aZ9kLmQx"; a good one by a key off the roster
// "key 3Fh0aZ9kLmQx: NOT ON THE ROSTER"; one that does not check "BAD SIGNATURE"; none
// "unsigned". Empty when the run has no signatures at all (RosterShown::shown()).
QString signatureText(const FoldedRun& f, const SignOffEvent* e);
// The status signatureText() prints for `e` (Unsigned for no event).
signing::EventSignatureCheck::Status signatureStatus(const FoldedRun& f, const SignOffEvent* e);
// The SHA-256 of a roster's allowed_signers text (UTF-8), 64 lower-case hex digits, so an auditor
// can compare it with the team's own file; "no roster" for an empty one.
QString rosterSha256Text(const QString& allowedSigners);
// What a roster-changed event did, in words: "added a key", "removed a key", "made
// signatures required".
QString rosterChangeText(const SignOffEvent& e);
// A roster-changed event in the event history, where its whole allowed_signers text would not
// fit: "added a key; 2 keys after it" (the roster in force at the end is listed in full).
QString rosterEventText(const SignOffEvent& e);

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
