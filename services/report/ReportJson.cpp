// The whole ledger as JSON: every field, item state and event with both hashes.
#include "ChecklistReport.h"

#include "FoldedRun.h"
#include "ReportEvidence.h"
#include "RunbookTree.h"

#include "signing/RunSignatures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>

namespace golive {

using report::Counts;
using report::FieldShown;
using report::FoldedRun;
using report::GoLiveWindow;
using report::Person;
using report::personFor;
using report::sectionCounts;
using report::shown;
using report::windowOf;

namespace {

QString jsonTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")) : QString();
}

QJsonValue orNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// The run folded: item states and field values, plus what every part of the report shares.
QJsonObject eventJson(const SignOffEvent& e, const signing::EventSignatureCheck* check)
{
    QJsonObject o{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("time"), jsonTime(e.timeUtc)},
        {QStringLiteral("kind"), eventKindName(e.kind)},
        {QStringLiteral("item"), orNull(e.itemId)},
        {QStringLiteral("field"), orNull(e.fieldKey)},
        {QStringLiteral("text"), orNull(e.text)},
        {QStringLiteral("actor"), e.actor.name},
        {QStringLiteral("role"), roleName(e.actor.role)},
        {QStringLiteral("osUser"), e.actor.osUser},
        {QStringLiteral("host"), e.actor.host},
        {QStringLiteral("prev"), QString::fromLatin1(e.prevHash)},
        {QStringLiteral("hash"), QString::fromLatin1(e.hash)},
    };
    const EventSignature& s = e.signature;
    if (!s.keyFingerprint.isEmpty() || !s.armored.isEmpty()) {
        // What `ssh-keygen -Y verify -n golive` needs besides the roster: the signature and
        // the exact bytes it was made over (canonicalPayload(), which names the key).
        o.insert(QStringLiteral("keyFingerprint"), s.keyFingerprint);
        o.insert(QStringLiteral("keyType"), s.keyType);
        o.insert(QStringLiteral("signature"), QString::fromLatin1(s.armored));
        o.insert(QStringLiteral("signedData"),
                 QString::fromLatin1(e.canonicalPayload().toBase64()));
    }
    if (!e.snapshot.isEmpty())
        o.insert(QStringLiteral("snapshot"), snapshotToJson(e.snapshot));
    if (check) {
        o.insert(QStringLiteral("signatureStatus"), signing::statusName(check->status));
        if (!check->problem.isEmpty())
            o.insert(QStringLiteral("signatureProblem"), check->problem);
    }
    return o;
}

QJsonObject itemStateJson(const ItemState& s)
{
    QJsonArray seqs;
    for (qint64 seq : s.eventSeqs)
        seqs.append(seq);
    return QJsonObject{
        {QStringLiteral("status"), itemStatusName(s.status)},
        {QStringLiteral("done"), s.isDone()},
        {QStringLiteral("by"), orNull(s.by)},
        {QStringLiteral("role"), s.by.isEmpty() ? QJsonValue() : QJsonValue(roleName(s.role))},
        {QStringLiteral("time"), orNull(jsonTime(s.at))},
        {QStringLiteral("note"), orNull(s.note)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(s.notes)},
        {QStringLiteral("events"), seqs},
    };
}

QJsonObject countsJson(const Counts& c)
{
    return QJsonObject{
        {QStringLiteral("items"), c.total},
        {QStringLiteral("signed"), c.signedCount},
        {QStringLiteral("notApplicable"), c.notApplicable},
        {QStringLiteral("blocked"), c.blocked},
        {QStringLiteral("open"), c.open},
        {QStringLiteral("preChecked"), c.preChecked},
    };
}

// A file attached or a command run, with the facts its event records, whether its bytes still
// match its SHA-256 ("bytes"), who recorded it, and the sign-offs that name it.
QJsonObject evidenceJson(const report::EvidenceShown& ev)
{
    const SignOffEvent& e = *ev.event;
    QJsonArray references;
    for (qint64 seq : ev.referencedBy)
        references.append(seq);
    QJsonObject o{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("item"), e.itemId},
        {QStringLiteral("sha256"), e.fieldKey},
        {QStringLiteral("by"), e.actor.name},
        {QStringLiteral("role"), roleName(e.actor.role)},
        {QStringLiteral("time"), jsonTime(e.timeUtc)},
        {QStringLiteral("references"), references},
        {QStringLiteral("bytes"), report::evidenceStatusName(ev.status)},
    };
    if (report::evidenceAlarming(ev.status))
        o.insert(QStringLiteral("bytesProblem"), ev.statusError);
    if (ev.attachment) {
        const AttachmentRecord& a = *ev.attachment;
        o.insert(QStringLiteral("kind"), QStringLiteral("file"));
        o.insert(QStringLiteral("name"), a.name);
        o.insert(QStringLiteral("size"), a.size);
        o.insert(QStringLiteral("type"), a.mediaType);
    } else if (ev.command) {
        const CommandRecord& c = *ev.command;
        o.insert(QStringLiteral("kind"), QStringLiteral("command"));
        o.insert(QStringLiteral("command"), c.command);
        o.insert(QStringLiteral("cwd"), c.workingDir);
        o.insert(QStringLiteral("shell"), c.shell);
        o.insert(QStringLiteral("block"), c.block);
        o.insert(QStringLiteral("size"), c.keptBytes);
        o.insert(QStringLiteral("type"), QStringLiteral("text/plain"));
        o.insert(QStringLiteral("output_bytes"), c.outputBytes);
        o.insert(QStringLiteral("outcome"), commandOutcomeName(c.outcome));
        o.insert(QStringLiteral("exit"), c.outcome == CommandOutcome::Exited
                                             ? QJsonValue(c.exitCode)
                                             : QJsonValue(QJsonValue::Null));
        o.insert(QStringLiteral("start"), jsonTime(c.startUtc));
        o.insert(QStringLiteral("end"), jsonTime(c.endUtc));
        o.insert(QStringLiteral("duration_ms"), c.durationMs);
        o.insert(QStringLiteral("redactions"), c.redactions);
        o.insert(QStringLiteral("truncated"), c.truncated);
    } else {
        o.insert(QStringLiteral("kind"), eventKindName(e.kind));
        o.insert(QStringLiteral("recordProblem"), ev.recordError);
    }
    return o;
}

QJsonObject personJson(const Person& p)
{
    return QJsonObject{{QStringLiteral("name"), orNull(p.name)},
                       {QStringLiteral("source"), orNull(p.fromWhat)}};
}

} // namespace

QJsonValue snapshotToJson(const QString& snapshot)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(snapshot.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && doc.isObject())
        return doc.object();
    return snapshot;
}

QByteArray toJson(const ReportInput& input)
{
    const FoldedRun f(input);
    const Runbook& rb = input.runbook;

    QJsonArray fields;
    for (const RunbookField& field : rb.fields) {
        const FieldShown s = shown(f, &field);
        QJsonObject o{
            {QStringLiteral("key"), field.key},
            {QStringLiteral("label"), field.label},
            {QStringLiteral("value"), s.text},
            {QStringLiteral("template"), field.templateValue},
            {QStringLiteral("placeholder"), field.isPlaceholder},
            {QStringLiteral("filled"), s.filled},
        };
        if (s.setBy)
            o.insert(QStringLiteral("filledBy"), s.setBy->seq);
        fields.append(o);
    }

    const QHash<QString, QList<qint64>> evidenceOfItem = report::evidenceByItem(f);
    QJsonArray evidence;
    for (const report::EvidenceShown& ev : report::evidenceShown(f, report::EvidenceDetail::Facts))
        evidence.append(evidenceJson(ev));

    QJsonArray sections;
    QJsonArray items;
    Counts all;
    for (const RunbookSection& s : rb.sections) {
        const Counts c = sectionCounts(s, f.state);
        all.add(c);
        QJsonObject so = countsJson(c);
        so.insert(QStringLiteral("number"), s.number);
        so.insert(QStringLiteral("title"), f.plain(s.title));
        sections.append(so);
        // "group": the row the item sits in (a continuation's items: the group they resume);
        // "groupPath": every group from the outermost down to it.
        std::function<void(const RunbookItem&, const QString&, int, const QStringList&)> add =
            [&](const RunbookItem& item, const QString& parent, int depth,
                const QStringList& path) {
                QJsonObject o = itemStateJson(f.state.item(item.id));
                o.insert(QStringLiteral("id"), item.id);
                o.insert(QStringLiteral("title"), f.plain(item.title));
                o.insert(QStringLiteral("section"), s.number);
                o.insert(QStringLiteral("group"), path.isEmpty() ? QString() : path.last());
                o.insert(QStringLiteral("groupPath"), QJsonArray::fromStringList(path));
                o.insert(QStringLiteral("parent"), orNull(parent));
                o.insert(QStringLiteral("depth"), depth);
                o.insert(QStringLiteral("requiredRole"), orNull(item.requiredRole));
                QJsonArray details;
                for (const RunbookText& t : item.details)
                    details.append(f.plain(t.plain));
                o.insert(QStringLiteral("details"), details);
                QJsonArray itemEvidence;
                for (qint64 seq : evidenceOfItem.value(item.id))
                    itemEvidence.append(seq);
                o.insert(QStringLiteral("evidence"), itemEvidence);
                items.append(o);
                for (const RunbookItem& child : item.children)
                    add(child, item.id, depth + 1, path);
            };
        const QList<GroupPlace> places = groupPlaces(s);
        for (int g = 0; g < s.groups.size(); ++g) {
            QStringList path = groupPath(s, places, g);
            for (QString& title : path)
                title = f.plain(title);
            for (const RunbookItem& item : s.groups[g].items)
                add(item, QString(), 0, path);
        }
    }

    // Each signature as golive judges it; the data to check it independently is beside it.
    const signing::SignatureReport signatures =
        signing::checkSignatures(input.roster, input.events);
    QJsonArray events;
    for (qsizetype i = 0; i < input.events.size(); ++i)
        events.append(eventJson(input.events.at(i),
                                i < signatures.events.size() ? &signatures.events.at(i) : nullptr));

    const ChainVerification& v = input.verification;
    QJsonArray breaks;
    for (const ChainBreak& b : v.breaks) {
        breaks.append(QJsonObject{
            {QStringLiteral("seq"), b.seq},
            {QStringLiteral("problem"), b.problem},
            {QStringLiteral("contentHash"), QString::fromLatin1(b.contentHash)},
            {QStringLiteral("acknowledgedBy"),
             b.acknowledgedBy > 0 ? QJsonValue(b.acknowledgedBy) : QJsonValue(QJsonValue::Null)},
        });
    }

    const GoLiveWindow w = windowOf(f);
    const auto windowValue = [](const FieldShown& s) {
        return s.exists && s.filled ? QJsonValue(s.text) : QJsonValue(QJsonValue::Null);
    };
    const QJsonObject root{
        {QStringLiteral("format"), QStringLiteral("golive-export/1")},
        {QStringLiteral("generated"), jsonTime(f.generated)},
        {QStringLiteral("generator"), QStringLiteral("golive " GOLIVE_VERSION)},
        {QStringLiteral("runId"), input.runId},
        {QStringLiteral("file"), orNull(input.runPath)},
        {QStringLiteral("title"), reportTitle(input)},
        {QStringLiteral("created"), orNull(jsonTime(input.createdUtc))},
        {QStringLiteral("runbook"), QJsonObject{{QStringLiteral("name"), input.runbookName},
                                                {QStringLiteral("sha256"), input.runbookSha256}}},
        {QStringLiteral("genesis"), QString::fromLatin1(reportGenesis(input))},
        {QStringLiteral("allowedSigners"), orNull(input.roster.allowedSigners)},
        {QStringLiteral("signaturesRequired"), input.roster.signaturesRequired},
        {QStringLiteral("signatures"),
         QJsonObject{
             {QStringLiteral("passes"), signatures.passes()},
             {QStringLiteral("summary"), signatures.summary()},
         }},
        {QStringLiteral("head"), QString::fromLatin1(f.head)},
        {QStringLiteral("qr"), reportQrPayload(input)},
        {QStringLiteral("verification"),
         QJsonObject{
             {QStringLiteral("intact"), v.intact()},
             {QStringLiteral("eventCount"), v.eventCount},
             {QStringLiteral("head"), QString::fromLatin1(v.head)},
             {QStringLiteral("summary"), v.summary()},
             {QStringLiteral("breaks"), breaks},
             {QStringLiteral("unacknowledgedCount"), v.unacknowledged.size()},
         }},
        {QStringLiteral("window"), QJsonObject{{QStringLiteral("start"), windowValue(w.start)},
                                               {QStringLiteral("end"), windowValue(w.end)},
                                               {QStringLiteral("date"), windowValue(w.date)}}},
        {QStringLiteral("incidentCommander"), personJson(personFor(f, Role::IncidentCommander))},
        {QStringLiteral("releaseCaptain"), personJson(personFor(f, Role::ReleaseCaptain))},
        {QStringLiteral("summary"), countsJson(all)},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("sections"), sections},
        {QStringLiteral("items"), items},
        {QStringLiteral("events"), events},
        {QStringLiteral("evidence"), evidence},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace golive
