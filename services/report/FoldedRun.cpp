// The run folded for the report: states, fields, the people who sign, the window, the counts.
#include "FoldedRun.h"

#include "ReportStyle.h"
#include "evidence/Evidence.h"

#include <QCryptographicHash>
#include <QStringList>

namespace golive::report {

FoldedRun::FoldedRun(const ReportInput& in)
    : input(in), state(&in.runbook), head(reportHead(in)),
      generated(in.generatedAtUtc.isValid() ? in.generatedAtUtc.toUTC()
                                            : QDateTime::currentDateTimeUtc()),
      signatures(signing::checkSignatures(in.roster, in.events))
{
    roster.hasRoster = !in.roster.allowedSigners.trimmed().isEmpty();
    roster.signaturesRequired = in.roster.signaturesRequired;
    roster.allowedSigners = in.roster.allowedSigners;
    for (const SignOffEvent& e : in.events) {
        const ItemState before = e.itemId.isEmpty() ? ItemState() : state.item(e.itemId);
        state.apply(e);
        if (!e.itemId.isEmpty()) {
            byItem[e.itemId].append(&e);
            // A GO or going live signs an item too: whichever event moved the status set it.
            const ItemState after = state.item(e.itemId);
            if (after.by.isEmpty())
                statusBy.remove(e.itemId);
            else if (after.status != before.status || after.at != before.at ||
                     after.by != before.by)
                statusBy.insert(e.itemId, &e);
        }
        if (e.signature.isSigned() || !e.signature.armored.isEmpty())
            roster.anySigned = true;
        if (e.kind == EventKind::RosterChanged) {
            roster.hasRoster = true;
            roster.changes.append(&e);
        }
    }
    // The roster in force at the end is the one the counted changes made.
    roster.allowedSigners = signatures.finalRoster;
    roster.signaturesRequired = signatures.signaturesRequired;
    if (!roster.allowedSigners.trimmed().isEmpty()) {
        QString why;
        if (const auto parsed = signing::AllowedSigners::parse(roster.allowedSigners, &why))
            roster.entries = parsed->entries();
        else
            roster.error = why;
    }
}

const signing::EventSignatureCheck* FoldedRun::checkOf(const SignOffEvent* e) const
{
    const QList<SignOffEvent>& events = input.events;
    if (!e || events.isEmpty() || e < events.constData() || e >= events.constData() + events.size())
        return nullptr;
    const qsizetype i = e - events.constData();
    return i < signatures.events.size() ? &signatures.events.at(i) : nullptr;
}

signing::EventSignatureCheck::Status signatureStatus(const FoldedRun& f, const SignOffEvent* e)
{
    using Status = signing::EventSignatureCheck::Status;
    if (const signing::EventSignatureCheck* c = f.checkOf(e))
        return c->status;
    // Not one of the run's events: nothing vouches for it.
    return e && (e->signature.isSigned() || !e->signature.armored.isEmpty()) ? Status::Bad
                                                                             : Status::Unsigned;
}

QString signatureText(const FoldedRun& f, const SignOffEvent* e)
{
    if (!f.roster.shown() || !e)
        return {};
    using Status = signing::EventSignatureCheck::Status;
    switch (signatureStatus(f, e)) {
    case Status::Unsigned:
        return QStringLiteral("unsigned");
    case Status::Good:
        return QStringLiteral("key ") + shortFingerprint(e->signature.keyFingerprint);
    case Status::NotOnRoster:
        return QStringLiteral("key %1: NOT ON THE ROSTER")
            .arg(shortFingerprint(e->signature.keyFingerprint));
    case Status::Bad:
        return QStringLiteral("BAD SIGNATURE");
    }
    return {};
}

QString rosterSha256Text(const QString& allowedSigners)
{
    if (allowedSigners.isEmpty())
        return QStringLiteral("no roster");
    return QString::fromLatin1(
        QCryptographicHash::hash(allowedSigners.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString rosterChangeText(const SignOffEvent& e)
{
    if (e.fieldKey == QLatin1String("add"))
        return QStringLiteral("added a key");
    if (e.fieldKey == QLatin1String("remove"))
        return QStringLiteral("removed a key");
    if (e.fieldKey == QLatin1String("require-signatures"))
        return QStringLiteral("made signatures required");
    return QStringLiteral("changed it (%1)").arg(e.fieldKey);
}

QString rosterEventText(const SignOffEvent& e)
{
    int keys = 0;
    for (const QString& line : e.text.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith(QLatin1Char('#')))
            ++keys;
    }
    return QStringLiteral("%1; %2 key%3 after it")
        .arg(rosterChangeText(e))
        .arg(keys)
        .arg(keys == 1 ? QString() : QStringLiteral("s"));
}

QString FoldedRun::html(const QString& richText) const
{
    QString out = renderHtml(richText, input.runbook, valueOf());
    out.replace(QLatin1String(kUnfilledPlaceholderSpan),
                QLatin1String(kUnfilledPlaceholderPrintSpan));
    return out;
}

QString failedText(const StepFailure& f)
{
    return QStringLiteral("FAILED at %1 UTC by %2 (%3): %4")
        .arg(f.atUtc.toUTC().toString(QStringLiteral("HH:mm")), f.by, roleDisplayName(f.role),
             f.what);
}

QString resolvedText(const StepFailure& f)
{
    if (!f.resolved)
        return {};
    return QStringLiteral("resolved at %1 UTC by %2 (%3), %4")
        .arg(f.resolvedAtUtc.toUTC().toString(QStringLiteral("HH:mm")), f.resolvedBy,
             roleDisplayName(f.resolvedRole),
             f.resolvedNotApplicable ? QStringLiteral("marked N/A") : QStringLiteral("signed"));
}

QList<StepFailure> failuresOf(const FoldedRun& f, const QString& itemId)
{
    QList<StepFailure> out;
    for (const StepFailure& failure : f.state.cutover().failureHistory()) {
        if (failure.stepId == itemId)
            out.append(failure);
    }
    return out;
}

QString utcText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QStringLiteral("\u2014");
}

namespace {

// What the first page names: the go-live window and the two people who sign.

bool mentions(const RunbookField& f, const QString& words)
{
    const QString slug = QString(words).replace(QLatin1Char(' '), QLatin1Char('-'));
    return f.key.contains(slug, Qt::CaseInsensitive) ||
           f.label.contains(words, Qt::CaseInsensitive) ||
           f.templateValue.contains(words, Qt::CaseInsensitive);
}

const RunbookField* fieldFor(const Runbook& rb, const QString& words)
{
    for (const RunbookField& f : rb.fields) {
        if (mentions(f, words))
            return &f;
    }
    return nullptr;
}

const RunbookField* fieldLabelled(const Runbook& rb, const QStringList& labels)
{
    for (const QString& label : labels) {
        for (const RunbookField& f : rb.fields) {
            if (f.label.compare(label, Qt::CaseInsensitive) == 0)
                return &f;
        }
    }
    return nullptr;
}

const SignOffEvent* lastFill(const FoldedRun& f, const QString& key)
{
    const SignOffEvent* last = nullptr;
    for (const SignOffEvent& e : f.input.events) {
        if (e.kind == EventKind::FieldFilled && e.fieldKey == key)
            last = &e;
    }
    return last;
}

} // namespace

FieldShown shown(const FoldedRun& f, const RunbookField* field)
{
    FieldShown s;
    if (!field)
        return s;
    s.exists = true;
    const QString value = f.value(field->key);
    if (!value.isEmpty()) {
        s.text = value;
        s.filled = true;
        s.setBy = lastFill(f, field->key);
    } else if (!field->isPlaceholder) {
        s.text = field->templateValue;
        s.filled = true;
    } else {
        s.text = field->templateValue;
    }
    return s;
}

Person personFor(const FoldedRun& f, Role role)
{
    Person p{role, roleDisplayName(role), {}, {}};
    const FieldShown s = shown(f, fieldFor(f.input.runbook, p.title));
    if (s.exists && s.filled) {
        p.name = s.text;
        p.fromWhat = QStringLiteral("from the run's fields");
        return p;
    }
    for (auto it = f.input.events.crbegin(); it != f.input.events.crend(); ++it) {
        if (it->actor.role == role && !it->actor.name.trimmed().isEmpty()) {
            p.name = it->actor.name;
            p.fromWhat = QStringLiteral("the last %1 in the ledger").arg(roleName(role));
            return p;
        }
    }
    return p;
}

GoLiveWindow windowOf(const FoldedRun& f)
{
    const Runbook& rb = f.input.runbook;
    return {shown(f, fieldLabelled(rb, {QStringLiteral("Start"), QStringLiteral("Window Start"),
                                        QStringLiteral("Go-Live Start")})),
            shown(f, fieldLabelled(rb, {QStringLiteral("End"), QStringLiteral("Window End"),
                                        QStringLiteral("Go-Live End")})),
            shown(f, fieldLabelled(rb, {QStringLiteral("Go-Live Date"), QStringLiteral("Date"),
                                        QStringLiteral("Go-Live Window")}))};
}

namespace {

void countInto(const QList<RunbookItem>& items, const RunState& state, Counts& c)
{
    for (const RunbookItem& item : items) {
        c.add(state.item(item.id).status);
        countInto(item.children, state, c);
    }
}

} // namespace

Counts sectionCounts(const RunbookSection& s, const RunState& state)
{
    Counts c;
    for (const RunbookGroup& g : s.groups)
        countInto(g.items, state, c);
    return c;
}

QString eventSubject(const FoldedRun& f, const SignOffEvent& e)
{
    if (e.kind == EventKind::FieldFilled) {
        const RunbookField* field = f.input.runbook.findField(e.fieldKey);
        return QStringLiteral("field ") + (field ? field->label : e.fieldKey);
    }
    if (e.kind == EventKind::ChainBreakAcknowledged)
        return QStringLiteral("breaks ") + e.fieldKey;
    QString subject;
    if (!e.itemId.isEmpty()) {
        const RunbookItem* item = f.input.runbook.findItem(e.itemId);
        subject = item ? QString(e.itemId + QLatin1Char(' ') + f.plain(item->title))
                       : QString(e.itemId + QStringLiteral(" (not in this runbook)"));
    }
    // Other kinds may name something in fieldKey (a phase, a decision, an override). An
    // evidence event's is its SHA-256, which the evidence appendix gives in full.
    if (isEvidence(e.kind))
        return subject;
    if (!e.fieldKey.isEmpty())
        subject += (subject.isEmpty() ? QString() : QStringLiteral(" \u00b7 ")) + e.fieldKey;
    return subject;
}

} // namespace golive::report
