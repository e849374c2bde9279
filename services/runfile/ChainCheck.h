// Reading the ledger's rows and checking their hash chain, and the head this computer saw last.
#pragma once

#include "HeadRecord.h"
#include "RunFile.h"
#include "SignOffEvent.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <optional>

namespace golive::runfile {

// One row of the events table as written, before any judgement. The *Text members are the
// stored strings exactly: the chain is checked over them, never over a normalised reading.
struct Row
{
    SignOffEvent event;
    QString timeText;
    QString kindText;
    QString roleText;
    QString prevText;
    QString hashText;
    bool known = true; // kind and role are names golive writes
};

// Every row of the events table, in seq order; false (and SQLite's words) when the read fails.
bool readRows(QSqlDatabase& db, QList<Row>* rows, QString* error);
// The rows of an executed query whose columns are the events table's, in its order (seq,
// time_utc, kind, item_id, field_key, text, actor, role, os_user, host, prev_hash, hash), then
// any of the later schemas' columns, found by name (key_type, key_fp, signature, snapshot): a run
// file's or a server run's. A column the query does not have leaves the events without it.
bool readRows(QSqlQuery& q, QList<Row>* rows, QString* error);

// Why `r` does not verify when it should be event `expectedSeq` after an event whose hash is
// `previous` (the genesis for the first); empty when it does.
QString rowProblem(const Row& r, qint64 expectedSeq, const QString& previous);
// The hex SHA-256 that the row's stored strings compute to.
QByteArray rowContentHash(const Row& r);

// "seq:contentHash", one break as an acknowledgement names it.
QString acknowledgementEntry(qint64 seq, const QByteArray& contentHash);

// The chain check of `rows` from `genesis`: each break, and which ones an intact
// ChainBreakAcknowledged event after it names.
// *acknowledged (optional) receives every entry that an intact acknowledgement names.
ChainVerification verifyRows(const QList<Row>& rows, const QByteArray& genesis,
                             QSet<QString>* acknowledged = nullptr);

// Reads this computer's record of the run; a record that cannot be read is a warning only.
// Read BEFORE the rows: every record is written after its events were committed, so rows read
// afterwards hold at least what the record says unless the run really went backwards.
std::optional<SeenHead> readSeen(const QString& runId, QString* warning);

// Adds the break of a run that went backwards since `seen` (unless an intact acknowledgement
// already names it), or else moves this computer's record forward to what the file holds.
void compareWithSeen(const QString& runId, const QString& path, const std::optional<SeenHead>& seen,
                     const QList<Row>& rows, const QSet<QString>& acknowledged,
                     const QByteArray& genesis, ChainVerification* v, QString* warning);

// A verbatim copy's evidence: the bytes each evidence row names (by the SHA-256 in its
// fieldKey), streamed out of `source` one chunk at a time into the copy. For each blob the
// copy holds, in order: begin() a new blob, chunk() each chunk with its number, seal() it with
// its SHA-256 and size. Blobs the source does not keep are not copied (the copy then names
// them missing, as the source does); bytes that do not match their SHA-256 stop the copy, with
// words naming the event. Each SHA-256 is copied once.
struct BlobWriter
{
    std::function<bool(QString* words)> begin;
    std::function<bool(qint64 n, const QByteArray& data, QString* words)> chunk;
    std::function<bool(const QString& sha256, qint64 size, QString* words)> seal;
};
bool copyBlobs(const RunLedger& source, const QList<Row>& rows, const BlobWriter& writer,
               QString* words);

} // namespace golive::runfile
