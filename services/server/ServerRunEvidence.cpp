// The evidence a server run keeps: bytes once per SHA-256 and run, in chunks, written in one
// transaction as they are read and never changed (schema 4's triggers refuse it), streamed back
// one chunk at a time and checked against their SHA-256.
#include "ServerRun.h"

#include "ServerRunCommon.h"
#include "evidence/Evidence.h"
#include "evidence/Sha256.h"
#include "runfile/RunFileCommon.h"

#include <QIODevice>

namespace golive {

using namespace runfile;

namespace {

// The SQLSTATE of a unique violation: another writer sealed the same bytes first.
const QString kUniqueViolation = QStringLiteral("23505");

} // namespace

bool ServerRun::putBlob(QIODevice* source, const QString& what, qint64 maxBytes, BlobInfo* info,
                        QString* error, const std::function<bool(qint64)>& progress,
                        const BlobCheck& beforeKeeping)
{
    if (m_readOnly)
        return refuse(
            error, QStringLiteral("%1 is open read-only; %2 was not recorded").arg(m_path, what));
    if (d->lost)
        return refuse(error, QStringLiteral("the connection to %1 is lost: %2 was not recorded")
                                 .arg(d->location.host(), what));
    QSqlDatabase db = d->connection->db();
    const QString where = QStringLiteral("could not keep %1 on %2").arg(what, m_path);
    if (!db.transaction())
        return refuse(
            error, QStringLiteral("%1. Nothing was recorded.").arg(failed(where, db.lastError())));
    QString words;     // the server's, when a statement failed
    QString refusal;   // golive's own refusal
    bool kept = false; // the same bytes were there already: this copy is rolled back
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO golive_blobs(run_id) VALUES(?) RETURNING id"));
    q.addBindValue(m_runId);
    if (!q.exec() || !q.next()) {
        words = failed(where, q.lastError());
    } else {
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        Sha256 hash;
        qint64 total = 0;
        QSqlQuery chunkInsert(db);
        chunkInsert.prepare(
            QStringLiteral("INSERT INTO golive_blob_chunks(blob_id, n, data) VALUES(?, ?, ?)"));
        for (qint64 n = 0;; ++n) {
            const QByteArray chunk = source->read(BlobChunkBytes);
            if (chunk.isEmpty()) {
                // The end, or a read error: QIODevice says which only by its error string
                // once read() returned nothing while bytes were still due.
                if (!source->atEnd() && !source->errorString().isEmpty() &&
                    source->errorString() != QLatin1String("Unknown error"))
                    refusal = QStringLiteral("%1 could not be read to its end (%2); nothing was "
                                             "recorded")
                                  .arg(what, source->errorString());
                break;
            }
            total += chunk.size();
            if (total > maxBytes) {
                refusal = QStringLiteral("%1 is larger than the limit for evidence (%2); nothing "
                                         "was recorded")
                              .arg(what, byteSize(maxBytes));
                break;
            }
            hash.addData(chunk);
            chunkInsert.bindValue(0, id);
            chunkInsert.bindValue(1, n);
            chunkInsert.bindValue(2, chunk);
            if (!chunkInsert.exec()) {
                words = failed(where, chunkInsert.lastError());
                break;
            }
            if (progress && !progress(total)) {
                refusal = QStringLiteral("%1 was not attached: cancelled").arg(what);
                break;
            }
        }
        if (words.isEmpty() && refusal.isEmpty()) {
            info->sha256 = hash.hexResult();
            info->size = total;
            // The caller's last word before anything is kept (a file changed while read).
            if (beforeKeeping && !beforeKeeping(*info, &refusal) && refusal.isEmpty())
                refusal = QStringLiteral("%1 was not kept; nothing was recorded").arg(what);
        }
        if (words.isEmpty() && refusal.isEmpty()) {
            QString why;
            if (blobSize(info->sha256, &why)) {
                kept = true;
            } else if (!why.isEmpty()) {
                words = why;
            } else {
                QSqlQuery seal(db);
                seal.prepare(
                    QStringLiteral("UPDATE golive_blobs SET sha256 = ?, size = ? WHERE id = ?"));
                seal.addBindValue(info->sha256);
                seal.addBindValue(total);
                seal.addBindValue(id);
                if (!seal.exec()) {
                    // Another writer kept the same bytes meanwhile: theirs are the ones kept.
                    if (seal.lastError().nativeErrorCode() == kUniqueViolation) {
                        db.rollback();
                        if (blobSize(info->sha256, &why))
                            return true;
                    }
                    words = failed(where, seal.lastError());
                } else if (!db.commit()) {
                    words = failed(where, db.lastError());
                } else {
                    return true;
                }
            }
        }
    }
    db.rollback();
    if (kept)
        return true;
    if (!refusal.isEmpty())
        return refuse(error, refusal);
    return refuse(error, QStringLiteral("%1. Nothing was recorded; the run on the server holds "
                                        "what it held before.")
                             .arg(words));
}

std::optional<qint64> ServerRun::blobSize(const QString& sha256, QString* error) const
{
    QSqlQuery q(d->connection->db());
    q.prepare(QStringLiteral("SELECT size FROM golive_blobs WHERE run_id = ? AND sha256 = ?"));
    q.addBindValue(m_runId);
    q.addBindValue(sha256);
    if (!q.exec()) {
        if (d->connection->isLost(q.lastError()))
            d->lost = true;
        refuse(error, QStringLiteral("could not read the evidence on %1: %2")
                          .arg(m_path, d->connection->words(q.lastError())));
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

bool ServerRun::readBlob(const QString& sha256,
                         const std::function<bool(const QByteArray& chunk)>& sink,
                         QString* error) const
{
    QSqlDatabase db = d->connection->db();
    const auto unreadable = [&](const QSqlError& e) {
        if (d->connection->isLost(e))
            d->lost = true;
        return refuse(error, QStringLiteral("could not read the evidence on %1: %2")
                                 .arg(m_path, d->connection->words(e)));
    };
    QSqlQuery head(db);
    head.prepare(
        QStringLiteral("SELECT id, size FROM golive_blobs WHERE run_id = ? AND sha256 = ?"));
    head.addBindValue(m_runId);
    head.addBindValue(sha256);
    if (!head.exec())
        return unreadable(head.lastError());
    if (!head.next())
        return refuse(
            error,
            QStringLiteral("the evidence %1… is missing from %2").arg(sha256.left(12), m_path));
    const qint64 id = head.value(0).toLongLong();
    const qint64 size = head.value(1).toLongLong();
    head.finish();
    // The chunks are numbered 0 .. count-1 with none missing and none added: what is read is
    // all that is stored.
    QSqlQuery shape(db);
    shape.prepare(QStringLiteral(
        "SELECT count(*), coalesce(min(n), 0), coalesce(max(n), -1) FROM golive_blob_chunks "
        "WHERE blob_id = ?"));
    shape.addBindValue(id);
    if (!shape.exec() || !shape.next())
        return unreadable(shape.lastError());
    const qint64 count = shape.value(0).toLongLong();
    if (shape.value(1).toLongLong() != 0 || shape.value(2).toLongLong() != count - 1)
        return refuse(error, QStringLiteral("the evidence %1… on %2 does not match its SHA-256 "
                                            "(its stored chunks are not the ones written: one "
                                            "was added or removed)")
                                 .arg(sha256.left(12), m_path));
    shape.finish();
    // One chunk per round trip, by its number: never the whole blob in memory, here or in the
    // driver's result.
    QSqlQuery chunk(db);
    chunk.setForwardOnly(true);
    chunk.prepare(
        QStringLiteral("SELECT data FROM golive_blob_chunks WHERE blob_id = ? AND n = ?"));
    Sha256 hash;
    qint64 total = 0;
    for (qint64 n = 0; n < count; ++n) {
        chunk.bindValue(0, id);
        chunk.bindValue(1, n);
        if (!chunk.exec())
            return unreadable(chunk.lastError());
        if (!chunk.next())
            break;
        const QByteArray data = chunk.value(0).toByteArray();
        chunk.finish();
        total += data.size();
        hash.addData(data);
        if (!sink(data))
            return true; // the reader has what it wanted
    }
    if (total != size || hash.hexResult() != sha256)
        return refuse(error, QStringLiteral("the evidence %1… on %2 does not match its SHA-256 "
                                            "(its stored bytes were changed after it was "
                                            "recorded)")
                                 .arg(sha256.left(12), m_path));
    return true;
}

bool server::insertBlobs(QSqlDatabase& db, const QString& runId, const RunLedger& source,
                         QString* words)
{
    QList<Row> rows;
    for (const SignOffEvent& e : source.events()) {
        Row r;
        r.event = e;
        rows.append(r);
    }
    QSqlQuery blob(db);
    QSqlQuery chunk(db);
    qint64 blobId = 0;
    if (!chunk.prepare(
            QStringLiteral("INSERT INTO golive_blob_chunks(blob_id, n, data) VALUES(?, ?, ?)"))) {
        *words = sqlText(chunk.lastError());
        return false;
    }
    BlobWriter writer;
    writer.begin = [&](QString* w) {
        blob.prepare(QStringLiteral("INSERT INTO golive_blobs(run_id) VALUES(?) RETURNING id"));
        blob.addBindValue(runId);
        if (!blob.exec() || !blob.next()) {
            *w = sqlText(blob.lastError());
            return false;
        }
        blobId = blob.value(0).toLongLong();
        blob.finish();
        return true;
    };
    writer.chunk = [&](qint64 n, const QByteArray& data, QString* w) {
        chunk.bindValue(0, blobId);
        chunk.bindValue(1, n);
        chunk.bindValue(2, data);
        if (chunk.exec())
            return true;
        *w = sqlText(chunk.lastError());
        return false;
    };
    writer.seal = [&](const QString& sha256, qint64 size, QString* w) {
        blob.prepare(QStringLiteral("UPDATE golive_blobs SET sha256 = ?, size = ? WHERE id = ?"));
        blob.addBindValue(sha256);
        blob.addBindValue(size);
        blob.addBindValue(blobId);
        if (blob.exec())
            return true;
        *w = sqlText(blob.lastError());
        return false;
    };
    return copyBlobs(source, rows, writer, words);
}

} // namespace golive
