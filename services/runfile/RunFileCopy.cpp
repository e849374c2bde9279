// A self-contained run file made from any run (a server run archived for an auditor): the same
// run id, runbook and dashboards, and every event row as it is stored, string for string, written
// under a temporary name, checked, then linked in.
#include "RunFile.h"

#include "RunbookParser.h"
#include "runfile/ChainCheck.h"
#include "runfile/RunFileCommon.h"
#include "runfile/Schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace golive {

using namespace runfile;

namespace {

// The meta rows of the copy: what RunFile::create writes, with the source's values, and where
// the copy came from.
QList<std::pair<QString, QVariant>> metaOf(const RunLedger& source)
{
    QList<std::pair<QString, QVariant>> meta{
        {QStringLiteral("run_id"), source.runId()},
        {QStringLiteral("runbook_name"), source.runbookName()},
        {QStringLiteral("runbook_text"), source.runbookText()},
        {QStringLiteral("runbook_sha256"), source.runbookSha256()},
        {QStringLiteral("created_utc"), source.createdUtc().toUTC().toString(kTimeFormat)},
        {QStringLiteral("app_version"), QStringLiteral(GOLIVE_VERSION)},
        {QStringLiteral("copied_from"), source.path()}, // never holds a password
        {QStringLiteral("copied_utc"), QDateTime::currentDateTimeUtc().toString(kTimeFormat)},
    };
    // A run read with the legacy rules has no runbook_rules, and is read with them again.
    if (source.runbook().rules != RunbookParser::LegacyRules)
        meta.append({QStringLiteral("runbook_rules"), source.runbook().rules});
    // The roster it was made with, which its genesis anchors.
    meta.append(rosterMeta(source.initialRoster()));
    QSet<QString> kept;
    for (const RunDashboardVersion& d : source.dashboardVersions()) {
        if (d.seq == 0) {
            meta.append({QStringLiteral("dashboard_name"), d.name});
            meta.append({QStringLiteral("dashboard_text"), d.bytes});
            meta.append({QStringLiteral("dashboard_sha256"), d.sha256});
        } else if (!kept.contains(d.sha256)) {
            // Keyed by SHA-256 as RunFile::storeDashboard keeps them: the same bytes set twice
            // are kept once.
            kept.insert(d.sha256);
            meta.append({QStringLiteral("dashboard_text_") + d.sha256, d.bytes});
        }
    }
    return meta;
}

// A stored string as it was: NULL stays NULL, an empty string stays empty.
QVariant asStored(const QString& s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

// A stored string of a NOT NULL column: NULL cannot be there, so a null QString was "".
QVariant asStoredNotNull(const QString& s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

// Writes the rows as the source stores them, string for string: never re-serialised from a
// parsed event, which would drop rows of an unknown kind or role and rewrite times golive
// would not write, so the copy would show other breaks and acknowledgements would not match.
bool insertRows(QSqlQuery& q, const QList<Row>& rows, QString* words)
{
    if (!q.prepare(QStringLiteral(
            "INSERT INTO events(seq, time_utc, kind, item_id, field_key, text, actor, role,"
            " os_user, host, prev_hash, hash, key_type, key_fp, signature, snapshot)"
            " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
        *words = sqlWords(q.lastError());
        return false;
    }
    for (const Row& r : rows) {
        const SignOffEvent& e = r.event;
        q.bindValue(0, e.seq);
        q.bindValue(1, asStoredNotNull(r.timeText));
        q.bindValue(2, asStoredNotNull(r.kindText));
        q.bindValue(3, asStored(e.itemId));
        q.bindValue(4, asStored(e.fieldKey));
        q.bindValue(5, asStored(e.text));
        q.bindValue(6, asStoredNotNull(e.actor.name));
        q.bindValue(7, asStoredNotNull(r.roleText));
        q.bindValue(8, asStored(e.actor.osUser));
        q.bindValue(9, asStored(e.actor.host));
        q.bindValue(10, asStoredNotNull(r.prevText));
        q.bindValue(11, asStoredNotNull(r.hashText));
        q.bindValue(12, asStored(e.signature.keyType));
        q.bindValue(13, asStored(e.signature.keyFingerprint));
        q.bindValue(14, e.signature.armored.isNull()
                            ? QVariant(QMetaType::fromType<QString>())
                            : QVariant(QString::fromLatin1(e.signature.armored)));
        q.bindValue(15, asStored(e.snapshot));
        if (!q.exec()) {
            *words = QStringLiteral("event #%1: %2").arg(e.seq).arg(sqlWords(q.lastError()));
            return false;
        }
    }
    return true;
}

// Writes the whole run into the empty database `db` in one transaction.
bool writeRun(QSqlDatabase& db, const RunLedger& source, const QList<Row>& rows, QString* words)
{
    QSqlQuery q(db);
    const auto exec = [&](const QString& sql) {
        if (q.exec(sql))
            return true;
        *words = sqlWords(q.lastError());
        return false;
    };
    if (!exec(QStringLiteral("PRAGMA synchronous=FULL")) || !exec(QStringLiteral("BEGIN")) ||
        !exec(QStringLiteral("PRAGMA application_id=%1").arg(RunFile::ApplicationId)) ||
        !execAll(db, std::begin(kSchemaV1), std::end(kSchemaV1), words) ||
        !execAll(db, std::begin(kSchemaV2), std::end(kSchemaV2), words) ||
        !execAll(db, std::begin(kSchemaV3), std::end(kSchemaV3), words) ||
        !execAll(db, std::begin(kSchemaV4), std::end(kSchemaV4), words) ||
        !execAll(db, std::begin(kSchemaV5), std::end(kSchemaV5), words))
        return false;
    if (!q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?)"))) {
        *words = sqlWords(q.lastError());
        return false;
    }
    for (const auto& [key, value] : metaOf(source)) {
        q.bindValue(0, key);
        q.bindValue(1, value);
        if (!q.exec()) {
            *words = sqlWords(q.lastError());
            return false;
        }
    }
    if (!insertRows(q, rows, words))
        return false;
    // The evidence the rows name, byte for byte and under the same SHA-256, so the copy's
    // evidence verifies as the run's does; streamed, a chunk at a time.
    QSqlQuery blob(db);
    QSqlQuery chunk(db);
    qint64 blobId = 0;
    if (!chunk.prepare(
            QStringLiteral("INSERT INTO blob_chunks(blob_id, n, data) VALUES(?, ?, ?)"))) {
        *words = sqlWords(chunk.lastError());
        return false;
    }
    BlobWriter writer;
    writer.begin = [&](QString* w) {
        if (!blob.exec(QStringLiteral("INSERT INTO blobs(sha256, size) VALUES(NULL, 0)"))) {
            *w = sqlWords(blob.lastError());
            return false;
        }
        blobId = blob.lastInsertId().toLongLong();
        return true;
    };
    writer.chunk = [&](qint64 n, const QByteArray& data, QString* w) {
        chunk.bindValue(0, blobId);
        chunk.bindValue(1, n);
        chunk.bindValue(2, data);
        if (chunk.exec())
            return true;
        *w = sqlWords(chunk.lastError());
        return false;
    };
    writer.seal = [&](const QString& sha256, qint64 size, QString* w) {
        blob.prepare(QStringLiteral("UPDATE blobs SET sha256 = ?, size = ? WHERE id = ?"));
        blob.bindValue(0, sha256);
        blob.bindValue(1, size);
        blob.bindValue(2, blobId);
        if (blob.exec())
            return true;
        *w = sqlWords(blob.lastError());
        return false;
    };
    return copyBlobs(source, rows, writer, words) &&
           exec(QStringLiteral("PRAGMA user_version=%1").arg(RunFile::SchemaVersion)) &&
           exec(QStringLiteral("COMMIT"));
}

bool sameRow(const Row& a, const Row& b)
{
    const SignOffEvent& x = a.event;
    const SignOffEvent& y = b.event;
    return x.seq == y.seq && a.timeText == b.timeText && a.kindText == b.kindText &&
           x.itemId == y.itemId && x.fieldKey == y.fieldKey && x.text == y.text &&
           x.actor.name == y.actor.name && a.roleText == b.roleText &&
           x.actor.osUser == y.actor.osUser && x.actor.host == y.actor.host &&
           a.prevText == b.prevText && a.hashText == b.hashText && x.snapshot == y.snapshot &&
           x.signature.keyType == y.signature.keyType &&
           x.signature.keyFingerprint == y.signature.keyFingerprint &&
           x.signature.armored == y.signature.armored;
}

bool sameBreaks(const QList<ChainBreak>& a, const QList<ChainBreak>& b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(),
                      [](const ChainBreak& x, const ChainBreak& y) {
                          return x.seq == y.seq && x.contentHash == y.contentHash &&
                                 x.acknowledgedBy == y.acknowledgedBy && x.problem == y.problem &&
                                 x.wentBack == y.wentBack;
                      });
}

// What a chain check says, one line, for the words of a copy that does not match.
QString said(const ChainVerification& v)
{
    QStringList breaks;
    for (const ChainBreak& b : v.breaks)
        breaks.append(QStringLiteral("#%1 %2%3")
                          .arg(b.seq)
                          .arg(QString::fromLatin1(b.contentHash.left(12)))
                          .arg(b.acknowledgedBy
                                   ? QStringLiteral(" acknowledged by #%1").arg(b.acknowledgedBy)
                                   : QString()));
    return QStringLiteral("%1 events ending on %2, breaks: %3")
        .arg(v.eventCount)
        .arg(QString::fromLatin1(v.head.left(12)),
             breaks.isEmpty() ? QStringLiteral("none") : breaks.join(QStringLiteral(", ")));
}

// Reads the copy back as any run file is read and checks that it holds the source's rows
// string for string, and that its chain check says exactly what the source's says: the same
// event count and head, the same breaks (seq, content hash) and the same acknowledgements.
bool checkCopy(QSqlDatabase& db, const QList<Row>& sourceRows, const QByteArray& genesis,
               QString* words)
{
    QList<Row> rows;
    if (!readRows(db, &rows, words))
        return false;
    if (!std::equal(rows.cbegin(), rows.cend(), sourceRows.cbegin(), sourceRows.cend(), sameRow)) {
        *words = QStringLiteral("the copy read back does not hold the run's %1 events as they "
                                "are stored")
                     .arg(sourceRows.size());
        return false;
    }
    const ChainVerification copy = verifyRows(rows, genesis);
    const ChainVerification run = verifyRows(sourceRows, genesis);
    if (copy.eventCount != run.eventCount || copy.head != run.head ||
        !sameBreaks(copy.breaks, run.breaks) ||
        !sameBreaks(copy.unacknowledged, run.unacknowledged)) {
        *words =
            QStringLiteral("the copy read back holds %1; the run %2").arg(said(copy), said(run));
        return false;
    }
    return true;
}

// Makes the file's bytes (or a folder's entries) durable.
bool syncPath(const QString& path, QString* words)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        *words = QStringLiteral("could not sync %1: %2").arg(shown(path), qt_error_string(errno));
        if (fd >= 0)
            ::close(fd);
        return false;
    }
    ::close(fd);
#else
    Q_UNUSED(path);
    Q_UNUSED(words);
#endif
    return true;
}

// Gives `temp` the name `path` unless something is there already (then false, *exists set).
bool linkInPlace(const QString& temp, const QString& path, bool* exists, QString* words)
{
    *exists = false;
#ifdef Q_OS_UNIX
    // link() fails with EEXIST rather than replace: nothing at `path` is ever overwritten, even
    // when it appears between the check and now.
    if (::link(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) == 0) {
        QFile::remove(temp);
        return true;
    }
    if (errno == EEXIST) {
        *exists = true;
        return false;
    }
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP) {
        *words = qt_error_string(errno);
        return false;
    }
#endif
    // A file system without hard links: QFile::rename refuses an existing target itself.
    if (QFileInfo::exists(path)) {
        *exists = true;
        return false;
    }
    QFile f(temp);
    if (!f.rename(path)) {
        *words = f.errorString();
        return false;
    }
    return true;
}

} // namespace

bool RunFile::createCopy(const QString& path, const RunLedger& source, QString* error)
{
    const QString existsWords = QStringLiteral("%1 already exists; golive never overwrites a run. "
                                               "Choose another file name; nothing was written.");
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
        return refuse(error, existsWords.arg(shown(path)));
    const QFileInfo target(path);
    if (!target.absoluteDir().exists())
        return refuse(error, QStringLiteral("the folder %1 does not exist; nothing was written")
                                 .arg(shown(target.absolutePath())));
    const QString temp = target.absoluteDir().filePath(
        QStringLiteral(".%1.%2.tmp")
            .arg(target.fileName(), QUuid::createUuid().toString(QUuid::Id128).left(12)));
    {
        QFile f(temp);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return refuse(error, QStringLiteral("could not write in %1: %2; nothing was written")
                                     .arg(shown(target.absolutePath()), f.errorString()));
    }

    // The rows are read before anything is written: a copy is of one reading of the run.
    QList<Row> sourceRows;
    QString words;
    if (!source.storedRows(&sourceRows, &words)) {
        QFile::remove(temp);
        return refuse(error, QStringLiteral("could not read the events of %1: %2; nothing was "
                                            "written")
                                 .arg(source.path(), words));
    }
    // The meta values (a dashboard-set event's dashboard among them) are the ones the source
    // held when it was opened: rows recorded since then could name a dashboard the copy would
    // not carry. Such a run is copied again, from a fresh reading.
    const ChainVerification read = verifyRows(sourceRows, source.genesisHash(), nullptr);
    if (read.eventCount != source.verification().eventCount ||
        read.head != source.verification().head) {
        QFile::remove(temp);
        return refuse(error, QStringLiteral("%1 moved on while it was being copied (%2 events "
                                            "now, %3 when it was opened); nothing was written: "
                                            "copy it again")
                                 .arg(source.path())
                                 .arg(read.eventCount)
                                 .arg(source.verification().eventCount));
    }

    const QString connection = newConnectionName();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(temp);
        ok = db.open();
        if (!ok)
            words = sqlWords(db.lastError());
        ok = ok && writeRun(db, source, sourceRows, &words) &&
             checkCopy(db, sourceRows, source.genesisHash(), &words);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    ok = ok && syncPath(temp, &words);
    bool exists = false;
    ok = ok && linkInPlace(temp, path, &exists, &words);
    if (!ok) {
        // Nothing half-made is left for someone to open by mistake.
        for (const QString& suffix : {QString(), QStringLiteral("-journal")})
            QFile::remove(temp + suffix);
        if (exists)
            return refuse(error, existsWords.arg(shown(path)));
        return refuse(error, QStringLiteral("could not write the copy %1: %2. Nothing was left "
                                            "behind; the run %3 was only read.")
                                 .arg(shown(path), words, source.path()));
    }
    // The new name is durable only once the folder's entry is.
    if (!syncPath(target.absolutePath(), &words))
        qCWarning(lcLedger).noquote() << words;
    qCInfo(lcLedger).noquote() << "copied run" << source.path() << "to" << shown(path);
    return true;
}

} // namespace golive
