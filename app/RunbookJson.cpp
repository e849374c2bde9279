// JSON forms of a runbook, its diagnostics, a run's state and its ledger check.
#include "RunbookJson.h"

#include "ChecklistReport.h"
#include "RunbookOutline.h"
#include "RunbookTree.h"

#include <algorithm>

namespace golive {

namespace {

QString plain(const QString& text, const Runbook& runbook, const FieldValueFn& valueOf)
{
    static const FieldValueFn none = [](const QString&) { return QString(); };
    return renderPlain(text, runbook, valueOf ? valueOf : none);
}

QJsonArray textsToJson(const QList<RunbookText>& texts, const Runbook& runbook,
                       const FieldValueFn& valueOf)
{
    QJsonArray a;
    for (const RunbookText& t : texts)
        a.append(plain(t.plain, runbook, valueOf));
    return a;
}

QJsonArray proceduresToJson(const QList<RunbookProcedure>& procedures, const Runbook& runbook,
                            const FieldValueFn& valueOf)
{
    QJsonArray a;
    for (const RunbookProcedure& p : procedures) {
        a.append(QJsonObject{
            {QStringLiteral("title"), plain(p.title, runbook, valueOf)},
            {QStringLiteral("line"), p.pos.line},
            {QStringLiteral("steps"), textsToJson(p.steps, runbook, valueOf)},
        });
    }
    return a;
}

// The section's groups as a tree an author can check: each group's depth, what its row is, the
// items it holds and whether it is a row no one signs or only reading material.
QJsonArray outlineToJson(const RunbookSection& section, const Runbook& runbook,
                         const FieldValueFn& valueOf, const SourceLines& source)
{
    QJsonArray a;
    for (const GroupOutline& g : outlineOf(section, source)) {
        a.append(QJsonObject{
            {QStringLiteral("title"), plain(g.group->title, runbook, valueOf)},
            {QStringLiteral("depth"), g.group->depth},
            {QStringLiteral("continuation"), g.group->continuation},
            {QStringLiteral("kind"), groupKindName(g.kind)},
            {QStringLiteral("line"), g.group->pos.line},
            {QStringLiteral("itemIds"), QJsonArray::fromStringList(g.itemIds)},
            {QStringLiteral("itemCount"), g.itemCount},
            {QStringLiteral("nonCheckableParent"), g.nonCheckableParent()},
            {QStringLiteral("readingMaterial"), g.readingMaterial},
        });
    }
    return a;
}

// Null rather than "" for an absent optional value, so consumers can tell.
QJsonValue orNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject itemToJson(const RunbookItem& item, const Runbook& runbook, const FieldValueFn& valueOf)
{
    QJsonArray children;
    for (const RunbookItem& child : item.children)
        children.append(itemToJson(child, runbook, valueOf));
    // What `golive exec ID --block N` runs: N is the 1-based position in this list.
    QJsonArray commands;
    for (const RunbookCommand& c : item.commands)
        commands.append(QJsonObject{
            {QStringLiteral("text"), c.text},
            {QStringLiteral("language"), orNull(c.language)},
            {QStringLiteral("marked"), c.marked},
            {QStringLiteral("line"), c.pos.line},
            {QStringLiteral("column"), c.pos.column},
        });
    return QJsonObject{
        {QStringLiteral("id"), item.id},
        {QStringLiteral("title"), plain(item.title, runbook, valueOf)},
        {QStringLiteral("checked"), item.checkedInTemplate},
        {QStringLiteral("owner"), orNull(item.owner)},
        {QStringLiteral("due"), orNull(item.due)},
        {QStringLiteral("requiredRole"), orNull(item.requiredRole)},
        // Checks golive verifies before the item is signed ("health-green", ...), as written.
        {QStringLiteral("requiredChecks"), QJsonArray::fromStringList(item.requiredChecks)},
        {QStringLiteral("line"), item.pos.line},
        {QStringLiteral("column"), item.pos.column},
        {QStringLiteral("details"), textsToJson(item.details, runbook, valueOf)},
        {QStringLiteral("procedures"), proceduresToJson(item.procedures, runbook, valueOf)},
        {QStringLiteral("commands"), commands},
        {QStringLiteral("children"), children},
    };
}

QJsonObject runbookToJson(const Runbook& runbook, const FieldValueFn& valueOf,
                          const QByteArray& source)
{
    QJsonArray fields;
    for (const RunbookField& f : runbook.fields) {
        const QString filled = valueOf ? valueOf(f.key) : QString();
        fields.append(QJsonObject{
            {QStringLiteral("key"), f.key},
            {QStringLiteral("label"), f.label},
            {QStringLiteral("value"), filled.isEmpty() ? f.templateValue : filled},
            {QStringLiteral("template"), f.templateValue},
            {QStringLiteral("placeholder"), f.isPlaceholder},
            {QStringLiteral("line"), f.pos.line},
            {QStringLiteral("column"), f.pos.column},
        });
    }
    QJsonArray sections;
    const SourceLines lines(source);
    for (const RunbookSection& s : runbook.sections) {
        QJsonArray groups;
        QJsonArray items;
        for (const RunbookGroup& g : s.groups) {
            groups.append(plain(g.title, runbook, valueOf));
            for (const RunbookItem& item : g.items) {
                QJsonObject o = itemToJson(item, runbook, valueOf);
                o.insert(QStringLiteral("group"), plain(g.title, runbook, valueOf));
                items.append(o);
            }
        }
        sections.append(QJsonObject{
            {QStringLiteral("number"), s.number},
            {QStringLiteral("title"), plain(s.title, runbook, valueOf)},
            {QStringLiteral("line"), s.pos.line},
            {QStringLiteral("itemCount"), s.checkableCount()},
            {QStringLiteral("groups"), groups},
            {QStringLiteral("outline"), outlineToJson(s, runbook, valueOf, lines)},
            {QStringLiteral("items"), items},
        });
    }
    QJsonObject metadata;
    for (const RunbookMetadata& m : runbook.metadata)
        metadata.insert(m.key, m.value);
    return QJsonObject{
        {QStringLiteral("title"), runbook.title},
        {QStringLiteral("file"), runbook.fileName},
        {QStringLiteral("itemCount"), runbook.checkableCount()},
        {QStringLiteral("metadata"), metadata},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("sections"), sections},
    };
}

QJsonArray diagnosticsToJson(const QList<Diagnostic>& diagnostics)
{
    QJsonArray a;
    for (const Diagnostic& d : diagnostics) {
        a.append(QJsonObject{
            {QStringLiteral("severity"), d.severity == Diagnostic::Severity::Error
                                             ? QStringLiteral("error")
                                             : QStringLiteral("warning")},
            {QStringLiteral("file"), d.file},
            {QStringLiteral("line"), d.pos.line},
            {QStringLiteral("column"), d.pos.column},
            {QStringLiteral("message"), d.message},
            {QStringLiteral("text"), d.toString()},
        });
    }
    return a;
}

QJsonObject itemStateToJson(const ItemState& state)
{
    const bool hasActor = !state.by.isEmpty();
    QJsonArray seqs;
    for (qint64 seq : state.eventSeqs)
        seqs.append(seq);
    return QJsonObject{
        {QStringLiteral("status"), itemStatusName(state.status)},
        {QStringLiteral("done"), state.isDone()},
        {QStringLiteral("by"), orNull(state.by)},
        {QStringLiteral("role"), hasActor ? QJsonValue(roleName(state.role)) : QJsonValue()},
        {QStringLiteral("time"), orNull(jsonTime(state.at))},
        {QStringLiteral("note"), orNull(state.note)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(state.notes)},
        {QStringLiteral("events"), seqs},
    };
}

QJsonObject eventToJson(const SignOffEvent& event)
{
    QJsonObject o{
        {QStringLiteral("seq"), event.seq},
        {QStringLiteral("time"), jsonTime(event.timeUtc)},
        {QStringLiteral("kind"), eventKindName(event.kind)},
        {QStringLiteral("item"), orNull(event.itemId)},
        {QStringLiteral("field"), orNull(event.fieldKey)},
        {QStringLiteral("text"), orNull(event.text)},
        {QStringLiteral("actor"), event.actor.name},
        {QStringLiteral("role"), roleName(event.actor.role)},
        {QStringLiteral("osUser"), event.actor.osUser},
        {QStringLiteral("host"), event.actor.host},
        {QStringLiteral("prev"), QString::fromLatin1(event.prevHash)},
        {QStringLiteral("hash"), QString::fromLatin1(event.hash)},
    };
    // What golive could see when it was recorded, as the JSON export shows it.
    if (!event.snapshot.isEmpty())
        o.insert(QStringLiteral("snapshot"), snapshotToJson(event.snapshot));
    return o;
}

QJsonObject verificationToJson(const ChainVerification& verification,
                               const QList<SignOffEvent>& events)
{
    QJsonArray breaks;
    for (const ChainBreak& b : verification.breaks) {
        const bool acknowledged =
            std::none_of(verification.unacknowledged.cbegin(), verification.unacknowledged.cend(),
                         [&b](const ChainBreak& u) { return u.seq == b.seq; });
        QJsonObject o{
            {QStringLiteral("seq"), b.seq},
            {QStringLiteral("problem"), b.problem},
            {QStringLiteral("acknowledged"), acknowledged},
        };
        for (const SignOffEvent& e : events) {
            if (e.seq == b.seq) {
                o.insert(QStringLiteral("event"), eventToJson(e));
                break;
            }
        }
        breaks.append(o);
    }
    return QJsonObject{
        {QStringLiteral("intact"), verification.intact()},
        {QStringLiteral("eventCount"), verification.eventCount},
        {QStringLiteral("head"), QString::fromLatin1(verification.head)},
        {QStringLiteral("summary"), verification.summary()},
        {QStringLiteral("breaks"), breaks},
        {QStringLiteral("unacknowledgedCount"), verification.unacknowledged.size()},
    };
}

QJsonObject runToJson(const RunLedger& run, const ChainVerification& verification)
{
    const Runbook& runbook = run.runbook();
    const RunState& state = run.state();
    const FieldValueFn valueOf = [&state](const QString& key) { return state.fieldValue(key); };

    QJsonArray fields;
    for (const RunbookField& f : runbook.fields) {
        const QString value = state.fieldValue(f.key);
        fields.append(QJsonObject{
            {QStringLiteral("key"), f.key},
            {QStringLiteral("label"), f.label},
            {QStringLiteral("value"), value.isEmpty() ? f.templateValue : value},
            {QStringLiteral("template"), f.templateValue},
            {QStringLiteral("placeholder"), f.isPlaceholder},
            {QStringLiteral("filled"), !f.isPlaceholder || !value.isEmpty()},
            {QStringLiteral("line"), f.pos.line},
        });
    }

    QJsonArray sections;
    QJsonArray items;
    for (int i = 0; i < runbook.sections.size(); ++i) {
        const RunbookSection& s = runbook.sections.at(i);
        const Progress p = state.sectionProgress(i);
        sections.append(QJsonObject{
            {QStringLiteral("number"), s.number},
            {QStringLiteral("title"), plain(s.title, runbook, valueOf)},
            {QStringLiteral("done"), p.done},
            {QStringLiteral("total"), p.total},
        });
        // Depth-first with the parent kept, so a flat list still shows the outline.
        // "group": the group row the item sits in (a continuation's items: the group they
        // resume); "groupPath": every group from the outermost down to it.
        std::function<void(const RunbookItem&, const QString&, int, const QStringList&)> add =
            [&](const RunbookItem& item, const QString& parent, int depth,
                const QStringList& path) {
                QJsonObject o = itemStateToJson(state.item(item.id));
                o.insert(QStringLiteral("id"), item.id);
                o.insert(QStringLiteral("title"), plain(item.title, runbook, valueOf));
                o.insert(QStringLiteral("section"), s.number);
                o.insert(QStringLiteral("group"), path.isEmpty() ? QString() : path.last());
                o.insert(QStringLiteral("groupPath"), QJsonArray::fromStringList(path));
                o.insert(QStringLiteral("parent"), orNull(parent));
                o.insert(QStringLiteral("depth"), depth);
                o.insert(QStringLiteral("requiredRole"), orNull(item.requiredRole));
                o.insert(QStringLiteral("requiredChecks"),
                         QJsonArray::fromStringList(item.requiredChecks));
                o.insert(QStringLiteral("owner"), orNull(item.owner));
                o.insert(QStringLiteral("due"), orNull(item.due));
                if (!item.children.isEmpty()) {
                    const Progress cp = state.itemChildrenProgress(item);
                    o.insert(QStringLiteral("children"),
                             QJsonObject{{QStringLiteral("done"), cp.done},
                                         {QStringLiteral("total"), cp.total}});
                }
                items.append(o);
                for (const RunbookItem& child : item.children)
                    add(child, item.id, depth + 1, path);
            };
        const QList<GroupPlace> places = groupPlaces(s);
        for (int g = 0; g < s.groups.size(); ++g) {
            QStringList path = groupPath(s, places, g);
            for (QString& title : path)
                title = plain(title, runbook, valueOf);
            for (const RunbookItem& item : s.groups[g].items)
                add(item, QString(), 0, path);
        }
    }

    QJsonArray events;
    for (const SignOffEvent& e : run.events())
        events.append(eventToJson(e));

    const Progress total = state.totalProgress();
    return QJsonObject{
        {QStringLiteral("file"), run.path()},
        {QStringLiteral("runId"), run.runId()},
        {QStringLiteral("title"), runbook.title},
        {QStringLiteral("created"), jsonTime(run.createdUtc())},
        {QStringLiteral("readOnly"), run.isReadOnly()},
        {QStringLiteral("runbook"), QJsonObject{{QStringLiteral("name"), run.runbookName()},
                                                {QStringLiteral("sha256"), run.runbookSha256()}}},
        {QStringLiteral("progress"),
         QJsonObject{{QStringLiteral("done"), total.done}, {QStringLiteral("total"), total.total}}},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("sections"), sections},
        {QStringLiteral("items"), items},
        {QStringLiteral("events"), events},
        {QStringLiteral("verification"), verificationToJson(verification, run.events())},
    };
}

} // namespace golive
