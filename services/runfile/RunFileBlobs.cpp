// The evidence a run file keeps: bytes once per SHA-256, in chunks, written in one transaction
// and never changed (the triggers of schema 4 refuse it), streamed back and checked on read.
#include "RunFile.h"

#include "evidence/Evidence.h"
#include "evidence/Sha256.h"
#include "runfile/RunFileCommon.h"

#include <QIODevice>
#include <QSqlQuery>

namespace golive {

using namespace runfile;

bool RunFile::putBlob(QIODevice* source, const QString& what, qint64 maxBytes, BlobInfo* info,
                      QString* error, const std::function<bool(qint64)>& progress,
                      const BlobCheck& beforeKeeping)
{
    if (m_readOnly)
        return refuse(
            error,
            QStringLiteral("%1 is open read-only; %2 was not recorded").arg(shown(m_path), what));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    QString words;
    QString refusal; // a refusal that is not SQLite's
    bool kept = false;
    qint64 total = 0;
    Sha256 hash;
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        words = sqlWords(q.lastError());
    } else if (!q.exec(QStringLiteral("INSERT INTO blobs(sha256, size) VALUES(NULL, 0)"))) {
        words = sqlWords(q.lastError());
    } else {
        const qint64 id = q.lastInsertId().toLongLong();
        QSqlQuery chunkInsert(db);
        chunkInsert.prepare(
            QStringLiteral("INSERT INTO blob_chunks(blob_id, n, data) VALUES(?, ?, ?)"));
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
                words = sqlWords(chunkInsert.lastError());
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
            const std::optional<qint64> already = blobSize(info->sha256, &words);
            if (already) {
                kept = true; // the same bytes are kept already: this copy is rolled back
            } else if (words.isEmpty()) {
                QSqlQuery seal(db);
                seal.prepare(QStringLiteral("UPDATE blobs SET sha256 = ?, size = ? WHERE id = ?"));
                seal.bindValue(0, info->sha256);
                seal.bindValue(1, total);
                seal.bindValue(2, id);
                if (!seal.exec())
                    words = sqlWords(seal.lastError());
                else if (!q.exec(QStringLiteral("COMMIT")))
                    words = sqlWords(q.lastError());
                else
                    return true;
            }
        }
    }
    QSqlQuery rollback(db);
    rollback.exec(QStringLiteral("ROLLBACK"));
    if (kept)
        return true;
    if (!refusal.isEmpty())
        return refuse(error, refusal);
    return refuse(error, QStringLiteral("could not keep %1 in %2: %3. Nothing was recorded; the "
                                        "run file holds what it held before.")
                             .arg(what, shown(m_path), words));
}

std::optional<qint64> RunFile::blobSize(const QString& sha256, QString* error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT size FROM blobs WHERE sha256 = ?"));
    q.bindValue(0, sha256);
    if (!q.exec()) {
        refuse(error, QStringLiteral("could not read the evidence in %1: %2")
                          .arg(shown(m_path), sqlWords(q.lastError())));
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

bool RunFile::readBlob(const QString& sha256,
                       const std::function<bool(const QByteArray& chunk)>& sink,
                       QString* error) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery head(db);
    head.prepare(QStringLiteral("SELECT id, size FROM blobs WHERE sha256 = ?"));
    head.bindValue(0, sha256);
    if (!head.exec())
        return refuse(error, QStringLiteral("could not read the evidence in %1: %2")
                                 .arg(shown(m_path), sqlWords(head.lastError())));
    if (!head.next())
        return refuse(error, QStringLiteral("the evidence %1… is missing from %2")
                                 .arg(sha256.left(12), shown(m_path)));
    const qint64 id = head.value(0).toLongLong();
    const qint64 size = head.value(1).toLongLong();
    head.finish();
    // The chunks are numbered 0 .. count-1 with none missing and none added: what is read is
    // all that is stored, as the auditor's script reads it.
    QSqlQuery shape(db);
    shape.prepare(QStringLiteral(
        "SELECT count(*), coalesce(min(n), 0), coalesce(max(n), -1) FROM blob_chunks "
        "WHERE blob_id = ?"));
    shape.bindValue(0, id);
    if (!shape.exec() || !shape.next())
        return refuse(error, QStringLiteral("could not read the evidence in %1: %2")
                                 .arg(shown(m_path), sqlWords(shape.lastError())));
    const qint64 count = shape.value(0).toLongLong();
    if (shape.value(1).toLongLong() != 0 || shape.value(2).toLongLong() != count - 1)
        return refuse(error, QStringLiteral("the evidence %1… in %2 does not match its SHA-256 "
                                            "(its stored chunks are not the ones written: one "
                                            "was added or removed)")
                                 .arg(sha256.left(12), shown(m_path)));
    shape.finish();
    // One chunk at a time, by its number: never the whole blob in memory.
    QSqlQuery chunk(db);
    chunk.setForwardOnly(true);
    chunk.prepare(QStringLiteral("SELECT data FROM blob_chunks WHERE blob_id = ? AND n = ?"));
    Sha256 hash;
    qint64 total = 0;
    for (qint64 n = 0; n < count; ++n) {
        chunk.bindValue(0, id);
        chunk.bindValue(1, n);
        if (!chunk.exec())
            return refuse(error, QStringLiteral("could not read the evidence in %1: %2")
                                     .arg(shown(m_path), sqlWords(chunk.lastError())));
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
        return refuse(error, QStringLiteral("the evidence %1… in %2 does not match its SHA-256 "
                                            "(its stored bytes were changed after it was "
                                            "recorded)")
                                 .arg(sha256.left(12), shown(m_path)));
    return true;
}

} // namespace golive
