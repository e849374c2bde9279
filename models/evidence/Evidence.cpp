// Evidence events: the JSON their text holds, their one-line summaries, and their rules.
#include "evidence/Evidence.h"

#include "RunState.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <utility>

namespace golive {

namespace {

// Written into the ledger and hashed: never change them, only add.
constexpr std::array<std::pair<CommandOutcome, QLatin1String>, 6> kOutcomes{{
    {CommandOutcome::Exited, QLatin1String("exited")},
    {CommandOutcome::TimedOut, QLatin1String("timed-out")},
    {CommandOutcome::Stopped, QLatin1String("stopped")},
    {CommandOutcome::FailedToStart, QLatin1String("failed-to-start")},
    {CommandOutcome::Crashed, QLatin1String("crashed")},
    {CommandOutcome::Interrupted, QLatin1String("interrupted")},
}};

bool refuse(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

bool isSha256Hex(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("\\A[0-9a-f]{64}\\z"));
    return re.match(text).hasMatch();
}

QString compact(const QJsonObject& o)
{
    // QJsonObject keeps its keys sorted, so the compact form is canonical.
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The event's text as a JSON object with exactly `keys`; nullopt with words otherwise.
std::optional<QJsonObject> objectWithKeys(const SignOffEvent& event, QStringList keys,
                                          QString* error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(event.text.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        refuse(error, QStringLiteral("the %1 event's text is not the JSON object golive writes")
                          .arg(eventKindName(event.kind)));
        return std::nullopt;
    }
    QJsonObject o = doc.object();
    QStringList have = o.keys();
    std::sort(keys.begin(), keys.end());
    if (have != keys) {
        refuse(error, QStringLiteral("the %1 event's text has the keys %2, not %3")
                          .arg(eventKindName(event.kind), have.join(QLatin1Char(',')),
                               keys.join(QLatin1Char(','))));
        return std::nullopt;
    }
    return o;
}

bool isWholeNumber(const QJsonValue& v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return d >= 0 && d <= 9007199254740992.0 && d == static_cast<double>(static_cast<qint64>(d));
}

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QString& text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

const QLatin1String kRefPrefix("evidence:");

} // namespace

QString commandOutcomeName(CommandOutcome outcome)
{
    for (const auto& [o, name] : kOutcomes) {
        if (o == outcome)
            return name;
    }
    return {};
}

std::optional<CommandOutcome> commandOutcomeFromName(const QString& name)
{
    for (const auto& [o, n] : kOutcomes) {
        if (name == n)
            return o;
    }
    return std::nullopt;
}

QString attachmentEventText(const AttachmentRecord& record)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), record.name);
    o.insert(QStringLiteral("size"), static_cast<double>(record.size));
    o.insert(QStringLiteral("type"), record.mediaType);
    return compact(o);
}

std::optional<AttachmentRecord> attachmentFromEvent(const SignOffEvent& event, QString* error)
{
    if (event.kind != EventKind::EvidenceAttached) {
        refuse(error, QStringLiteral("not an evidence-attached event"));
        return std::nullopt;
    }
    const auto o = objectWithKeys(
        event, {QStringLiteral("name"), QStringLiteral("size"), QStringLiteral("type")}, error);
    if (!o)
        return std::nullopt;
    if (!o->value(QLatin1String("name")).isString() ||
        !o->value(QLatin1String("type")).isString() ||
        !isWholeNumber(o->value(QLatin1String("size")))) {
        refuse(error, QStringLiteral("the attachment's name, size or type is not what golive "
                                     "writes"));
        return std::nullopt;
    }
    AttachmentRecord r;
    r.name = o->value(QLatin1String("name")).toString();
    r.size = static_cast<qint64>(o->value(QLatin1String("size")).toDouble());
    r.mediaType = o->value(QLatin1String("type")).toString();
    r.sha256 = event.fieldKey;
    return r;
}

QString commandEventText(const CommandRecord& r)
{
    QJsonObject o;
    o.insert(QStringLiteral("block"), r.block);
    o.insert(QStringLiteral("command"), r.command);
    o.insert(QStringLiteral("cwd"), r.workingDir);
    o.insert(QStringLiteral("duration_ms"), static_cast<double>(r.durationMs));
    o.insert(QStringLiteral("end"), timeText(r.endUtc));
    o.insert(QStringLiteral("exit"), r.exitCode);
    o.insert(QStringLiteral("kept_bytes"), static_cast<double>(r.keptBytes));
    o.insert(QStringLiteral("outcome"), commandOutcomeName(r.outcome));
    o.insert(QStringLiteral("output_bytes"), static_cast<double>(r.outputBytes));
    o.insert(QStringLiteral("redactions"), r.redactions);
    o.insert(QStringLiteral("shell"), r.shell);
    o.insert(QStringLiteral("start"), timeText(r.startUtc));
    o.insert(QStringLiteral("truncated"), r.truncated);
    return compact(o);
}

std::optional<CommandRecord> commandFromEvent(const SignOffEvent& event, QString* error)
{
    if (event.kind != EventKind::CommandRun) {
        refuse(error, QStringLiteral("not a command-run event"));
        return std::nullopt;
    }
    const auto o = objectWithKeys(
        event,
        {QStringLiteral("block"), QStringLiteral("command"), QStringLiteral("cwd"),
         QStringLiteral("duration_ms"), QStringLiteral("end"), QStringLiteral("exit"),
         QStringLiteral("kept_bytes"), QStringLiteral("outcome"), QStringLiteral("output_bytes"),
         QStringLiteral("redactions"), QStringLiteral("shell"), QStringLiteral("start"),
         QStringLiteral("truncated")},
        error);
    if (!o)
        return std::nullopt;
    const auto str = [&o](const char* k) { return o->value(QLatin1String(k)).isString(); };
    const auto num = [&o](const char* k) { return isWholeNumber(o->value(QLatin1String(k))); };
    const QJsonValue exitValue = o->value(QLatin1String("exit"));
    const std::optional<CommandOutcome> outcome =
        commandOutcomeFromName(o->value(QLatin1String("outcome")).toString());
    if (!str("command") || !str("cwd") || !str("shell") || !str("start") || !str("end") ||
        !num("block") || !num("duration_ms") || !num("kept_bytes") || !num("output_bytes") ||
        !num("redactions") || !o->value(QLatin1String("truncated")).isBool() ||
        !exitValue.isDouble() || exitValue.toDouble() != exitValue.toInt() || !outcome) {
        refuse(error, QStringLiteral("the command run's record is not what golive writes"));
        return std::nullopt;
    }
    CommandRecord r;
    r.command = o->value(QLatin1String("command")).toString();
    r.workingDir = o->value(QLatin1String("cwd")).toString();
    r.shell = o->value(QLatin1String("shell")).toString();
    r.block = o->value(QLatin1String("block")).toInt();
    r.outcome = *outcome;
    r.exitCode = exitValue.toInt();
    r.startUtc = timeFrom(o->value(QLatin1String("start")).toString());
    r.endUtc = timeFrom(o->value(QLatin1String("end")).toString());
    r.durationMs = static_cast<qint64>(o->value(QLatin1String("duration_ms")).toDouble());
    r.outputBytes = static_cast<qint64>(o->value(QLatin1String("output_bytes")).toDouble());
    r.keptBytes = static_cast<qint64>(o->value(QLatin1String("kept_bytes")).toDouble());
    r.truncated = o->value(QLatin1String("truncated")).toBool();
    r.redactions = o->value(QLatin1String("redactions")).toInt();
    r.outputSha256 = event.fieldKey;
    if (!r.startUtc.isValid() || !r.endUtc.isValid()) {
        refuse(error, QStringLiteral("the command run's start or end is not a time"));
        return std::nullopt;
    }
    return r;
}

SignOffEvent withBlob(SignOffEvent event, const QString& sha256, qint64 size)
{
    event.fieldKey = sha256;
    if (event.kind == EventKind::EvidenceAttached) {
        if (auto r = attachmentFromEvent(event)) {
            r->size = size;
            event.text = attachmentEventText(*r);
        }
    } else if (event.kind == EventKind::CommandRun) {
        if (auto r = commandFromEvent(event)) {
            r->keptBytes = size;
            event.text = commandEventText(*r);
        }
    }
    return event;
}

bool isEvidence(EventKind kind)
{
    return kind == EventKind::EvidenceAttached || kind == EventKind::CommandRun;
}

QString byteSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 1);
    if (bytes < 1024LL * 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 1);
}

QString durationWords(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return ms < 10000 && ms % 1000 ? QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1)
                                       : QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min")
        .arg(s / 3600)
        .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString evidenceSummary(const SignOffEvent& event)
{
    if (const auto a = attachmentFromEvent(event))
        return QStringLiteral("%1 (%2, SHA-256 %3…)")
            .arg(a->name, byteSize(a->size), a->sha256.left(12));
    if (const auto c = commandFromEvent(event)) {
        const QString firstLine = c->command.section(QLatin1Char('\n'), 0, 0);
        const QString shown =
            firstLine == c->command ? firstLine : firstLine + QStringLiteral(" …");
        const QString after = durationWords(c->durationMs);
        switch (c->outcome) {
        case CommandOutcome::Exited:
            return QStringLiteral("`%1` exited %2 after %3").arg(shown).arg(c->exitCode).arg(after);
        case CommandOutcome::TimedOut:
            return QStringLiteral("`%1` timed out after %2 and was killed").arg(shown, after);
        case CommandOutcome::Stopped:
            return QStringLiteral("`%1` was stopped after %2").arg(shown, after);
        case CommandOutcome::FailedToStart:
            return QStringLiteral("`%1` could not be started").arg(shown);
        case CommandOutcome::Crashed:
            return QStringLiteral("`%1` crashed after %2").arg(shown, after);
        case CommandOutcome::Interrupted:
            return QStringLiteral("`%1` was interrupted after %2 (golive ended while it ran)")
                .arg(shown, after);
        }
    }
    return {};
}

QList<qint64> evidenceReferences(const SignOffEvent& event)
{
    QList<qint64> seqs;
    if (event.kind != EventKind::Signed || !event.fieldKey.startsWith(kRefPrefix))
        return seqs;
    const QStringList parts = event.fieldKey.mid(kRefPrefix.size()).split(QLatin1Char(','));
    for (const QString& p : parts) {
        bool ok = false;
        const qint64 seq = p.toLongLong(&ok);
        if (!ok || seq <= 0 || QString::number(seq) != p)
            return {}; // not a key golive writes: the rules refuse it
        seqs.append(seq);
    }
    return seqs;
}

QString evidenceReferenceKey(QList<qint64> seqs)
{
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    if (seqs.isEmpty())
        return {};
    QStringList parts;
    for (qint64 s : seqs)
        parts.append(QString::number(s));
    return kRefPrefix + parts.join(QLatin1Char(','));
}

bool evidenceRefusal(const RunState& state, const SignOffEvent& event, QString* error)
{
    const QString kind = event.kind == EventKind::CommandRun ? QStringLiteral("a command's output")
                                                             : QStringLiteral("evidence");
    if (event.actor.role == Role::Observer)
        return refuse(error, QStringLiteral("observers cannot record %1: choose the "
                                            "incident-commander, release-captain or engineer "
                                            "role")
                                 .arg(kind));
    if (!state.runbook() || !state.runbook()->findItem(event.itemId))
        return refuse(error, QStringLiteral("no item %1 in this runbook; check the item number")
                                 .arg(event.itemId.isEmpty() ? QStringLiteral("(none given)")
                                                             : event.itemId));
    if (!isSha256Hex(event.fieldKey))
        return refuse(error, QStringLiteral("%1 must name its bytes by their SHA-256; nothing "
                                            "was recorded")
                                 .arg(kind));
    QString why;
    const bool reads = event.kind == EventKind::EvidenceAttached
                           ? attachmentFromEvent(event, &why).has_value()
                           : commandFromEvent(event, &why).has_value();
    if (!reads)
        return refuse(error, QStringLiteral("%1; nothing was recorded").arg(why));
    if (event.kind == EventKind::EvidenceAttached) {
        const auto a = attachmentFromEvent(event);
        if (a->name.trimmed().isEmpty() || a->name.contains(QLatin1Char('/')) ||
            a->name.contains(QLatin1Char('\n')))
            return refuse(error, QStringLiteral("an attachment needs a file name without a "
                                                "folder; nothing was recorded"));
    }
    return true;
}

bool evidenceReferenceRefusal(const RunState& state, const SignOffEvent& event, QString* error)
{
    // Another key (a cutover step signed out of order) is another rule's.
    if (!event.fieldKey.startsWith(kRefPrefix))
        return true;
    const QList<qint64> seqs = evidenceReferences(event);
    if (seqs.isEmpty() || evidenceReferenceKey(seqs) != event.fieldKey)
        return refuse(error, QStringLiteral("a sign-off names its evidence as \"evidence:12,15\" "
                                            "(event numbers, ascending); \"%1\" is not that")
                                 .arg(event.fieldKey));
    const QList<SignOffEvent>& events = state.events();
    for (qint64 seq : seqs) {
        const auto it = std::find_if(events.cbegin(), events.cend(),
                                     [seq](const SignOffEvent& e) { return e.seq == seq; });
        if (it == events.cend() || !isEvidence(it->kind))
            return refuse(error, QStringLiteral("event #%1 is not evidence recorded in this run; "
                                                "nothing was recorded")
                                     .arg(seq));
        if (it->itemId != event.itemId)
            return refuse(error, QStringLiteral("event #%1 is evidence for item %2, not %3; "
                                                "nothing was recorded")
                                     .arg(seq)
                                     .arg(it->itemId, event.itemId));
    }
    return true;
}

} // namespace golive
