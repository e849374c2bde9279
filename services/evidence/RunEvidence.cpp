// What every run does with evidence, whichever store keeps the bytes: refuse before reading,
// store, then record; check what an event names; verify every blob.
#include "RunLedger.h"

#include "evidence/Evidence.h"
#include "evidence/Sha256.h"
#include "runfile/ChainCheck.h"
#include "runfile/RunFileCommon.h"

#include <QIODevice>
#include <QSet>

namespace golive {

namespace {

bool refuse(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

// The size an evidence event says its bytes have.
std::optional<qint64> recordedSize(const SignOffEvent& event)
{
    if (const auto a = attachmentFromEvent(event))
        return a->size;
    if (const auto c = commandFromEvent(event))
        return c->keptBytes;
    return std::nullopt;
}

QString describe(const SignOffEvent& event)
{
    if (const auto a = attachmentFromEvent(event))
        return QStringLiteral("event #%1 (evidence attached to %2: %3)")
            .arg(event.seq)
            .arg(event.itemId, a->name);
    return QStringLiteral("event #%1 (command run for %2)").arg(event.seq).arg(event.itemId);
}

} // namespace

bool RunLedger::putBlob(QIODevice* /*source*/, const QString& what, qint64 /*maxBytes*/,
                        BlobInfo* /*info*/, QString* error,
                        const std::function<bool(qint64)>& /*progress*/,
                        const BlobCheck& /*beforeKeeping*/)
{
    return refuse(error, QStringLiteral("%1: this run cannot keep evidence; %2 was not "
                                        "recorded")
                             .arg(m_path, what));
}

std::optional<qint64> RunLedger::blobSize(const QString& /*sha256*/, QString* /*error*/) const
{
    return std::nullopt;
}

bool RunLedger::readBlob(const QString& sha256,
                         const std::function<bool(const QByteArray&)>& /*sink*/,
                         QString* error) const
{
    return refuse(
        error,
        QStringLiteral("%1: no evidence %2 is kept in this run").arg(m_path, sha256.left(12)));
}

bool RunLedger::checkEvidenceBytes(const SignOffEvent& event, QString* error) const
{
    const std::optional<qint64> expected = recordedSize(event);
    if (!expected)
        return refuse(error, QStringLiteral("the evidence event is not what golive writes; "
                                            "nothing was recorded"));
    QString why;
    const std::optional<qint64> stored = blobSize(event.fieldKey, &why);
    if (!stored)
        return refuse(error, why.isEmpty() ? QStringLiteral("the evidence %1… is not stored in "
                                                            "this run; nothing was recorded")
                                                 .arg(event.fieldKey.left(12))
                                           : why);
    if (*stored != *expected)
        return refuse(error, QStringLiteral("the evidence %1… stored in this run has %2 bytes, "
                                            "not the %3 the event gives; nothing was recorded")
                                 .arg(event.fieldKey.left(12))
                                 .arg(*stored)
                                 .arg(*expected));
    return true;
}

bool RunLedger::wouldAccept(const SignOffEvent& event, QString* error) const
{
    SignOffEvent judged = event;
    if (!judged.timeUtc.isValid())
        judged.timeUtc = QDateTime::currentDateTimeUtc();
    return prepare(judged, error) && checkAppend(judged, error);
}

bool RunLedger::appendWithBlob(SignOffEvent& event, QIODevice* source, const QString& what,
                               qint64 maxBytes, QString* error,
                               const std::function<bool(qint64)>& progress)
{
    if (!isEvidence(event.kind))
        return refuse(error, QStringLiteral("only evidence is recorded with a file"));
    // Refused before a byte is read when the rules would refuse it anyway (an observer, no
    // such item, a run that needs a signature): the bytes' hash is not needed for that.
    if (!wouldAccept(withBlob(event, QString(64, QLatin1Char('0')), 0), error))
        return false;
    const bool seekable = !source->isSequential();
    const qint64 sizeBefore = seekable ? source->size() : -1;
    // A file written to while it was read: what was read is not the file as it is. Its bytes
    // are hashed again before anything is kept, so an edit that kept the size shows too, and
    // a refusal leaves nothing of it in the run.
    const BlobCheck unchanged = [&](const BlobInfo& read, QString* why) {
        if (!seekable)
            return true;
        bool same = sizeBefore == read.size && source->size() == read.size && source->seek(0);
        if (same) {
            Sha256 hash;
            qint64 total = 0;
            while (!source->atEnd()) {
                const QByteArray chunk = source->read(BlobChunkBytes);
                if (chunk.isEmpty())
                    break;
                total += chunk.size();
                hash.addData(chunk);
            }
            same = total == read.size && hash.hexResult() == read.sha256;
        }
        if (!same)
            *why = QStringLiteral("%1 changed while it was being attached (it had %2 bytes when "
                                  "golive began to read it); nothing was recorded: attach it "
                                  "again once it is written")
                       .arg(what)
                       .arg(sizeBefore);
        return same;
    };
    BlobInfo info;
    if (!putBlob(source, what, maxBytes, &info, error, progress, unchanged))
        return false;
    SignOffEvent stored = withBlob(event, info.sha256, info.size);
    if (!append(stored, error))
        return false;
    event = stored;
    return true;
}

QStringList RunLedger::verifyEvidence(QString* error) const
{
    QStringList problems;
    for (const SignOffEvent& e : events()) {
        if (!isEvidence(e.kind))
            continue;
        QString why;
        const std::optional<qint64> expected = recordedSize(e);
        const std::optional<qint64> size = blobSize(e.fieldKey, &why);
        if (!why.isEmpty()) {
            if (error)
                *error = why;
            return problems;
        }
        if (!size) {
            problems.append(QStringLiteral("%1: its stored bytes are missing").arg(describe(e)));
            continue;
        }
        if (!expected || *size != *expected) {
            problems.append(QStringLiteral("%1: its stored bytes are %2 bytes, not the %3 it "
                                           "records")
                                .arg(describe(e))
                                .arg(*size)
                                .arg(expected.value_or(-1)));
            continue;
        }
        if (!readBlob(
                e.fieldKey, [](const QByteArray&) { return true; }, &why))
            problems.append(QStringLiteral("%1: %2").arg(describe(e), why));
    }
    return problems;
}

namespace runfile {

bool copyBlobs(const RunLedger& source, const QList<Row>& rows, const BlobWriter& writer,
               QString* words)
{
    QSet<QString> copied;
    for (const Row& r : rows) {
        if (!r.known || !isEvidence(r.event.kind) || copied.contains(r.event.fieldKey))
            continue;
        const QString sha = r.event.fieldKey;
        copied.insert(sha);
        QString why;
        const std::optional<qint64> size = source.blobSize(sha, &why);
        if (!why.isEmpty()) {
            *words = why;
            return false;
        }
        if (!size)
            continue; // missing there, missing here: verify names it in both
        if (!writer.begin(words))
            return false;
        qint64 n = 0;
        qint64 total = 0;
        bool written = true;
        const bool read = source.readBlob(
            sha,
            [&](const QByteArray& data) {
                total += data.size();
                written = writer.chunk(n++, data, words);
                return written;
            },
            &why);
        if (!written)
            return false;
        if (!read) {
            *words = QStringLiteral("the evidence of %1: %2 (golive verify names it); a copy "
                                    "keeps evidence only as it was recorded")
                         .arg(describe(r.event), why);
            return false;
        }
        if (!writer.seal(sha, total, words))
            return false;
    }
    return true;
}

} // namespace runfile

} // namespace golive
