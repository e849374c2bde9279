// Reading the ledger's rows and checking their hash chain, and the head this computer saw last.
#include "runfile/ChainCheck.h"

#include "evidence/Sha256.h"
#include "runfile/CompactJson.h"
#include "runfile/RunFileCommon.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace golive::runfile {

namespace {

const QString kContentsChanged = QStringLiteral("its contents were changed after it was written");
const QString kPreviousMissing = QStringLiteral("the event before it is missing or was changed");
const QString kNotAnchored =
    QStringLiteral("it is not chained to this run's id and runbook (the embedded runbook or the "
                   "run id was replaced, or the events were taken from another run)");

// The hash the row's stored strings compute to: SignOffEvent::canonicalPayload() built from
// the text as stored (time, kind and role included), so golive and golive-audit.py hash the
// same bytes.
QByteArray storedContentHash(const Row& r)
{
    const SignOffEvent& e = r.event;
    // Written directly, members in QJsonObject's (sorted) order; QJsonDocument when a text
    // holds what the direct writer leaves to it. Either way the same bytes.
    CompactJsonWriter w;
    w.add(QLatin1StringView("actor"), e.actor.name);
    w.add(QLatin1StringView("field"), e.fieldKey);
    w.add(QLatin1StringView("host"), e.actor.host);
    w.add(QLatin1StringView("item"), e.itemId);
    if (e.signature.isSigned())
        w.add(QLatin1StringView("key"), e.signature.keyFingerprint);
    w.add(QLatin1StringView("kind"), r.kindText);
    w.add(QLatin1StringView("os_user"), e.actor.osUser);
    w.add(QLatin1StringView("prev"), r.prevText);
    w.add(QLatin1StringView("role"), r.roleText);
    w.add(QLatin1StringView("seq"), qint64(e.seq));
    if (!e.snapshot.isEmpty())
        w.add(QLatin1StringView("snapshot"), e.snapshot);
    w.add(QLatin1StringView("text"), e.text);
    w.add(QLatin1StringView("time"), r.timeText);
    QByteArray bytes = w.ok() ? w.finish() : QByteArray();
    if (!w.ok()) {
        QJsonObject o;
        o.insert(QStringLiteral("seq"), e.seq);
        o.insert(QStringLiteral("time"), r.timeText);
        o.insert(QStringLiteral("kind"), r.kindText);
        o.insert(QStringLiteral("item"), e.itemId);
        o.insert(QStringLiteral("field"), e.fieldKey);
        o.insert(QStringLiteral("text"), e.text);
        o.insert(QStringLiteral("actor"), e.actor.name);
        o.insert(QStringLiteral("role"), r.roleText);
        o.insert(QStringLiteral("os_user"), e.actor.osUser);
        o.insert(QStringLiteral("host"), e.actor.host);
        o.insert(QStringLiteral("prev"), r.prevText);
        if (e.signature.isSigned())
            o.insert(QStringLiteral("key"), e.signature.keyFingerprint);
        if (!e.snapshot.isEmpty())
            o.insert(QStringLiteral("snapshot"), e.snapshot);
        bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    // OpenSSL's SHA-256: many times faster here than QCryptographicHash's portable one.
    return Sha256::hexOf(bytes);
}

// Exactly "yyyy-MM-ddTHH:mm:ss.zzzZ", the only form golive writes.
bool timeInGoliveForm(const Row& r)
{
    return r.event.timeUtc.isValid() && r.event.timeUtc.toString(kTimeFormat) == r.timeText;
}

// Whether the run went backwards since this computer last saw it: fewer events than then, or
// another event where the head seen was (an older copy put back and written to since), or, for
// a run seen with no events, another runbook or run id. Returns the break to report, or
// nullopt when the file holds what was seen (or more).
std::optional<ChainBreak> wentBackFrom(const SeenHead& seen, const QList<Row>& rows,
                                       const QByteArray& genesis, bool onServer)
{
    QString now;
    if (seen.eventCount == 0) {
        if (seen.head == genesis)
            return std::nullopt;
        now = QStringLiteral("its runbook or run id is not the one seen then (the embedded "
                             "runbook was swapped, or another run was put in its place)");
    } else if (rows.size() < seen.eventCount) {
        now = onServer ? QStringLiteral("the server holds only %1 now: its newest events were "
                                        "lost (a failover to a replica that was behind, or a "
                                        "restore from an older backup)")
                             .arg(rows.size())
                       : QStringLiteral("the file holds only %1 now: its newest events were lost "
                                        "(a damaged or deleted write-ahead log, -wal) or an older "
                                        "copy of the file was put in its place")
                             .arg(rows.size());
    } else {
        // By hash, not by position: seq and count differ once a row is missing.
        const bool kept = std::any_of(rows.cbegin(), rows.cend(), [&](const Row& r) {
            return r.hashText.toLatin1() == seen.head;
        });
        if (kept)
            return std::nullopt;
        now = onServer ? QStringLiteral("no event on the server has that head: an older copy of "
                                        "the run was restored and written to since, or the run "
                                        "was altered")
                       : QStringLiteral("no event in the file has that head: an older copy of the "
                                        "file was put in its place and written to since, or the "
                                        "file was altered");
    }
    ChainBreak b;
    b.seq = seen.eventCount;
    b.contentHash = seen.head;
    b.wentBack = true;
    b.problem =
        QStringLiteral("the run went backwards: this computer saw it with %1 event%2, "
                       "head %3, at %4 UTC%5; %6")
            .arg(seen.eventCount)
            .arg(seen.eventCount == 1 ? QString() : QStringLiteral("s"))
            .arg(QString::fromLatin1(seen.head),
                 seen.seenUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 seen.path.isEmpty() ? QString() : QStringLiteral(" (in %1)").arg(shown(seen.path)),
                 now);
    return b;
}

} // namespace

bool readRows(QSqlDatabase& db, QList<Row>* rows, QString* error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // A file of an older schema, read without upgrading it (read-only), has no signatures
    // (before 3) and no snapshots (before 5): its events have none.
    QSet<QString> columns;
    if (!q.exec(QStringLiteral("SELECT name FROM pragma_table_info('events')"))) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    while (q.next())
        columns.insert(q.value(0).toString());
    if (q.lastError().isValid()) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    q.finish();
    QString extra;
    if (columns.contains(QStringLiteral("signature")))
        extra += QStringLiteral(", key_type, key_fp, signature");
    if (columns.contains(QStringLiteral("snapshot")))
        extra += QStringLiteral(", snapshot");
    if (!q.exec(QStringLiteral("SELECT seq, time_utc, kind, item_id, field_key, text, actor, role,"
                               " os_user, host, prev_hash, hash%1 FROM events ORDER BY seq")
                    .arg(extra))) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    return readRows(q, rows, error);
}

bool readRows(QSqlQuery& q, QList<Row>* rows, QString* error)
{
    // By name: the columns a schema added later are there only when the query selected them.
    const QSqlRecord record = q.record();
    const int keyType = record.indexOf(QStringLiteral("key_type"));
    const int keyFp = record.indexOf(QStringLiteral("key_fp"));
    const int signature = record.indexOf(QStringLiteral("signature"));
    const int snapshot = record.indexOf(QStringLiteral("snapshot"));
    while (q.next()) {
        Row r;
        SignOffEvent& e = r.event;
        e.seq = q.value(0).toLongLong();
        r.timeText = q.value(1).toString();
        e.timeUtc = QDateTime::fromString(r.timeText, Qt::ISODateWithMs).toUTC();
        r.kindText = q.value(2).toString();
        e.itemId = q.value(3).toString();
        e.fieldKey = q.value(4).toString();
        e.text = q.value(5).toString();
        e.actor.name = q.value(6).toString();
        r.roleText = q.value(7).toString();
        e.actor.osUser = q.value(8).toString();
        e.actor.host = q.value(9).toString();
        r.prevText = q.value(10).toString();
        r.hashText = q.value(11).toString();
        e.prevHash = r.prevText.toLatin1();
        e.hash = r.hashText.toLatin1();
        if (keyType >= 0)
            e.signature.keyType = q.value(keyType).toString();
        if (keyFp >= 0)
            e.signature.keyFingerprint = q.value(keyFp).toString();
        if (signature >= 0)
            e.signature.armored = q.value(signature).toString().toLatin1();
        if (snapshot >= 0)
            e.snapshot = q.value(snapshot).toString();
        const auto kind = eventKindFromName(r.kindText); // exact names only
        const auto role = roleFromName(r.roleText);
        r.known = kind && role;
        if (kind)
            e.kind = *kind;
        if (role)
            e.actor.role = *role;
        rows->append(r);
    }
    // A read that stops early (a damaged page) reports here, not in exec().
    if (q.lastError().isValid()) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    return true;
}

QString acknowledgementEntry(qint64 seq, const QByteArray& contentHash)
{
    return QString::number(seq) + QLatin1Char(':') + QString::fromLatin1(contentHash);
}

namespace {

QString problemOf(const Row& r, qint64 expectedSeq, const QString& previous,
                  const QByteArray& content)
{
    const SignOffEvent& e = r.event;
    if (!r.known)
        return QStringLiteral("%1 (its kind \"%2\" or role \"%3\" is not one golive writes)")
            .arg(kContentsChanged, r.kindText, r.roleText);
    if (!timeInGoliveForm(r))
        return QStringLiteral("its time \"%1\" is not in golive's form "
                              "(yyyy-MM-ddTHH:mm:ss.zzzZ), so it was changed after it "
                              "was written")
            .arg(r.timeText);
    if (content != r.hashText.toLatin1())
        return kContentsChanged;
    if (e.seq == 1 && expectedSeq == 1 && r.prevText != previous)
        return kNotAnchored;
    if (e.seq != expectedSeq || r.prevText != previous)
        return kPreviousMissing;
    return {};
}

} // namespace

QString rowProblem(const Row& r, qint64 expectedSeq, const QString& previous)
{
    return problemOf(r, expectedSeq, previous, storedContentHash(r));
}

QByteArray rowContentHash(const Row& r)
{
    return storedContentHash(r);
}

ChainVerification verifyRows(const QList<Row>& rows, const QByteArray& genesis,
                             QSet<QString>* acknowledged)
{
    ChainVerification v;
    v.head = genesis;
    qint64 expectedSeq = 1;
    QString previous = QString::fromLatin1(genesis);
    struct Acknowledgement
    {
        qint64 seq;
        QSet<QString> entries;
    };
    QList<Acknowledgement> acknowledgements;
    for (const Row& r : rows) {
        const SignOffEvent& e = r.event;
        const QByteArray content = storedContentHash(r);
        const QString problem = problemOf(r, expectedSeq, previous, content);
        if (!problem.isEmpty()) {
            v.breaks.append({e.seq, problem, content, 0});
        } else if (e.kind == EventKind::ChainBreakAcknowledged) {
            // Only an intact acknowledgement counts, and only for breaks before it.
            const QStringList entries = e.fieldKey.split(QLatin1Char(','));
            acknowledgements.append({e.seq, QSet<QString>(entries.cbegin(), entries.cend())});
            if (acknowledged)
                *acknowledged += acknowledgements.constLast().entries;
        }
        expectedSeq = e.seq + 1;
        previous = r.hashText;
    }
    for (ChainBreak& b : v.breaks) {
        const QString entry = acknowledgementEntry(b.seq, b.contentHash);
        const auto ack = std::find_if(
            acknowledgements.cbegin(), acknowledgements.cend(),
            [&](const Acknowledgement& a) { return a.seq > b.seq && a.entries.contains(entry); });
        if (ack != acknowledgements.cend())
            b.acknowledgedBy = ack->seq;
        else
            v.unacknowledged.append(b);
    }
    v.eventCount = rows.size();
    if (!rows.isEmpty())
        v.head = rows.constLast().hashText.toLatin1();
    return v;
}

std::optional<SeenHead> readSeen(const QString& runId, QString* warning)
{
    QString words;
    std::optional<SeenHead> seen = HeadRecord::read(runId, &words);
    if (!words.isEmpty()) {
        qCWarning(lcLedger).noquote() << words;
        *warning = words;
    }
    return seen;
}

void compareWithSeen(const QString& runId, const QString& path, const std::optional<SeenHead>& seen,
                     const QList<Row>& rows, const QSet<QString>& acknowledged,
                     const QByteArray& genesis, ChainVerification* v, QString* warning)
{
    bool rebase = false;
    if (seen) {
        if (const std::optional<ChainBreak> b =
                wentBackFrom(*seen, rows, genesis, RunLedger::isServerLocation(path))) {
            if (!acknowledged.contains(acknowledgementEntry(b->seq, b->contentHash))) {
                qCWarning(lcLedger).noquote() << shown(path) << b->problem;
                v->breaks.append(*b);
                v->unacknowledged.append(*b);
                return; // the record keeps the newer head it saw
            }
            rebase = true; // acknowledged in the ledger: the record follows the file again
        }
    }
    // A server run's URI is kept as it is: it is no file's path.
    const SeenHead now{v->head, v->eventCount, QDateTime::currentDateTimeUtc(),
                       RunLedger::isServerLocation(path) ? path
                                                         : QFileInfo(path).absoluteFilePath()};
    QString words;
    if (!HeadRecord::write(runId, now, rebase, &words)) {
        qCWarning(lcLedger).noquote() << words;
        *warning = words;
    }
}

} // namespace golive::runfile

namespace golive {

using runfile::acknowledgementEntry;

QString ChainVerification::summary() const
{
    if (pending) {
        return QStringLiteral("ledger not verified yet: %1 event%2, being checked")
            .arg(eventCount)
            .arg(eventCount == 1 ? QString() : QStringLiteral("s"));
    }
    if (breaks.isEmpty()) {
        return QStringLiteral("ledger intact: %1 event%2, head %3\u2026")
            .arg(eventCount)
            .arg(eventCount == 1 ? QString() : QStringLiteral("s"))
            .arg(QString::fromLatin1(head.left(12)));
    }
    const ChainBreak& first = breaks.constFirst();
    QString s =
        first.wentBack
            ? QStringLiteral("ledger not intact: %1").arg(first.problem)
            : QStringLiteral("ledger broken at event #%1: %2").arg(first.seq).arg(first.problem);
    if (breaks.size() > 1)
        s += QStringLiteral(" (and %1 more)").arg(breaks.size() - 1);
    if (unacknowledged.isEmpty())
        s += QStringLiteral(" [acknowledged]");
    return s;
}

QString ChainVerification::acknowledgementKey() const
{
    if (pending)
        return QString(); // nothing is known to acknowledge yet
    QList<ChainBreak> sorted = unacknowledged;
    std::sort(sorted.begin(), sorted.end(),
              [](const ChainBreak& a, const ChainBreak& b) { return a.seq < b.seq; });
    QStringList entries;
    for (const ChainBreak& b : std::as_const(sorted))
        entries.append(acknowledgementEntry(b.seq, b.contentHash));
    return entries.join(QLatin1Char(','));
}

} // namespace golive
