// Creating a run file and opening one: the checks that only read, the lock, the writer's setup.
#include "RunFile.h"

#include "Dashboard.h"
#include "RunbookParser.h"
#include "runfile/ChainCheck.h"
#include "runfile/RunFileCommon.h"
#include "runfile/RunLock.h"
#include "runfile/Schema.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace golive {

using namespace runfile;

namespace {

// Whether `path` names a readable file that starts with a whole SQLite header.
bool isSqliteFile(const QFileInfo& fi, const QString& path, QString* error)
{
    if (!fi.exists())
        return refuse(error, QStringLiteral("no run file at %1").arg(shown(path)));
    if (fi.isDir())
        return refuse(error,
                      QStringLiteral("%1 is a folder, not a golive run file").arg(shown(path)));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return refuse(error, QStringLiteral("%1 cannot be read: %2. golive did not change it.")
                                 .arg(shown(path), f.errorString()));
    const QByteArray header = f.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (!header.startsWith(magic))
        return refuse(error, QStringLiteral("%1 is not a golive run file (not an SQLite "
                                            "database%2)")
                                 .arg(shown(path), header.isEmpty() ? QStringLiteral(": it is "
                                                                                     "empty")
                                                                    : QString()));
    if (header.size() < 100)
        return refuse(error, damaged(path, QStringLiteral("the file is shorter than an "
                                                          "SQLite header")));
    return true;
}

// Whether the database is intact (quick_check) and a golive run of a schema this golive reads;
// *version receives its schema version.
bool isReadableRun(QSqlDatabase& db, const QString& path, qint64* version, QString* error)
{
    {
        // Every table but the evidence's chunks: those are most of a run with attachments (500
        // MiB would take a full read at every open), and each blob is checked against its
        // SHA-256 whenever it is read, where a damaged page shows too.
        QSqlQuery tables(db);
        if (!tables.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table'"
                                        " AND name <> 'blob_chunks'")))
            return refuse(error, damaged(path, sqlWords(tables.lastError())));
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        if (tables.lastError().isValid())
            return refuse(error, damaged(path, sqlWords(tables.lastError())));
        tables.finish();
        QStringList problems;
        for (const QString& table : std::as_const(names)) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA quick_check(\"%1\")")
                            .arg(QString(table).replace(QLatin1Char('"'), QLatin1String("\"\"")))))
                return refuse(error, damaged(path, sqlWords(q.lastError())));
            while (q.next()) {
                const QString line = q.value(0).toString();
                if (line != QLatin1String("ok") && problems.size() < 3)
                    problems.append(line);
            }
            if (q.lastError().isValid())
                return refuse(error, damaged(path, sqlWords(q.lastError())));
        }
        if (!problems.isEmpty())
            return refuse(error, damaged(path, problems.join(QStringLiteral("; "))));
    }
    qint64 appId = 0;
    QString words;
    if (!pragmaInt(db, QStringLiteral("application_id"), &appId, &words) ||
        !pragmaInt(db, QStringLiteral("user_version"), version, &words))
        return refuse(error, damaged(path, words));
    if (appId != RunFile::ApplicationId)
        return refuse(error, QStringLiteral("%1 is not a golive run (it is an SQLite database of "
                                            "another program). golive did not change it.")
                                 .arg(shown(path)));
    if (*version > RunFile::SchemaVersion)
        return refuse(error, QStringLiteral("%1 was written by a newer golive (run file schema %2; "
                                            "this golive reads up to %3). It was not changed.")
                                 .arg(shown(path))
                                 .arg(*version)
                                 .arg(RunFile::SchemaVersion));
    if (*version < 1)
        return refuse(error, damaged(path, QStringLiteral("it has no run file schema version")));
    return true;
}

} // namespace

std::unique_ptr<RunFile> RunFile::create(const QString& path, const QByteArray& runbookText,
                                         const QString& runbookName, QString* error,
                                         const std::optional<RunDashboardVersion>& dashboard,
                                         const RunRoster& roster)
{
    if (QFileInfo::exists(path))
        return fail(error, QStringLiteral("%1 already exists; golive never overwrites a run. "
                                          "Choose another file name.")
                               .arg(shown(path)));
    const RunbookParseResult parsed = RunbookParser::parse(runbookText, runbookName);
    if (!parsed.ok()) {
        QStringList lines;
        for (const Diagnostic& d : parsed.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error)
                lines.append(d.toString());
        }
        return fail(error, QStringLiteral("the runbook %1 has errors, so no run was created; fix "
                                          "them and try again:\n%2")
                               .arg(runbookName, lines.join(QLatin1Char('\n'))));
    }
    if (dashboard) {
        QString invalid;
        if (!Dashboard::fromJson(dashboard->bytes, dashboard->name, &invalid))
            return fail(error, QStringLiteral("the dashboard %1 is not valid, so no run was "
                                              "created; fix it and try again:\n%2")
                                   .arg(dashboard->name, invalid));
    }

    // NewOnly creates the file atomically, so two golives cannot both create the same run;
    // SQLite treats the empty file as an empty database.
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return fail(
                error, QStringLiteral("could not create %1: %2").arg(shown(path), f.errorString()));
    }

    const QString connection = newConnectionName();
    QString words;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        ok = db.open();
        if (!ok)
            words = sqlWords(db.lastError());
        QSqlQuery q(db);
        const auto run = [&](const QString& sql) {
            if (ok && !q.exec(sql)) {
                ok = false;
                words = sqlWords(q.lastError());
            }
        };
        run(QStringLiteral("PRAGMA journal_mode=WAL"));
        run(QStringLiteral("PRAGMA synchronous=FULL"));
        run(QStringLiteral("BEGIN IMMEDIATE"));
        run(QStringLiteral("PRAGMA application_id=%1").arg(ApplicationId));
        if (ok && !execAll(db, std::begin(kSchemaV1), std::end(kSchemaV1), &words))
            ok = false;
        if (ok && !execAll(db, std::begin(kSchemaV2), std::end(kSchemaV2), &words))
            ok = false;
        if (ok && !execAll(db, std::begin(kSchemaV3), std::end(kSchemaV3), &words))
            ok = false;
        if (ok && !execAll(db, std::begin(kSchemaV4), std::end(kSchemaV4), &words))
            ok = false;
        if (ok && !execAll(db, std::begin(kSchemaV5), std::end(kSchemaV5), &words))
            ok = false;
        const QString appVersion = QStringLiteral(GOLIVE_VERSION);
        QList<std::pair<QString, QVariant>> meta{
            {QStringLiteral("run_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("runbook_name"), runbookName},
            {QStringLiteral("runbook_text"), runbookText}, // a BLOB: the exact bytes
            {QStringLiteral("runbook_sha256"),
             QString::fromLatin1(
                 QCryptographicHash::hash(runbookText, QCryptographicHash::Sha256).toHex())},
            {QStringLiteral("created_utc"), QDateTime::currentDateTimeUtc().toString(kTimeFormat)},
            {QStringLiteral("app_version"), appVersion},
            // The reading rules the ids and fields were made with; load() reads with them again.
            {QStringLiteral("runbook_rules"), RunbookParser::CurrentRules},
        };
        // Anchored in the genesis (SignOffEvent::genesisFor), like the runbook.
        meta.append(rosterMeta(roster));
        if (dashboard) {
            // Like the runbook: the exact bytes and their SHA-256, checked at every open.
            meta.append({QStringLiteral("dashboard_name"), dashboard->name});
            meta.append({QStringLiteral("dashboard_text"), dashboard->bytes});
            meta.append({QStringLiteral("dashboard_sha256"),
                         RunDashboardVersion::of(dashboard->bytes, dashboard->name).sha256});
        }
        if (ok && !q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?)"))) {
            ok = false;
            words = sqlWords(q.lastError());
        }
        for (const auto& [key, value] : meta) {
            if (!ok)
                break;
            q.bindValue(0, key);
            q.bindValue(1, value);
            if (!q.exec()) {
                ok = false;
                words = sqlWords(q.lastError());
            }
        }
        run(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion));
        run(QStringLiteral("COMMIT"));
        q.finish();
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok) {
        // Nothing of a half-made run is left for someone to open by mistake.
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                                      QStringLiteral("-journal")})
            QFile::remove(path + suffix);
        return fail(error, QStringLiteral("could not create %1: %2. Nothing was left behind.")
                               .arg(shown(path), words));
    }
    qCInfo(lcLedger).noquote() << "created run" << shown(path) << "from" << runbookName;
    return open(path, Access::ReadWrite, error);
}
std::unique_ptr<RunFile> RunFile::open(const QString& path, Access access, QString* error,
                                       QString* warning, int lockWaitMs, VerifyAt verifyAt)
{
    if (warning)
        warning->clear();
    // Every check below only reads: whatever is wrong, the file is left exactly as it was.
    const QFileInfo fi(path);
    if (!isSqliteFile(fi, path, error))
        return nullptr;

    std::unique_ptr<RunFile> run(new RunFile);
    run->m_path = path;
    // The file itself, whatever name it was opened by (a symlink, ./, ..): the lock and the
    // write-ahead log belong to it, so two names of one run can never hold two locks.
    const QString real =
        fi.canonicalFilePath().isEmpty() ? fi.absoluteFilePath() : fi.canonicalFilePath();
    if (!run->chooseAccess(real, access, warning, lockWaitMs, error))
        return nullptr;

    run->m_connection = newConnectionName();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), run->m_connection);
    db.setDatabaseName(real);
    // Read-only first: a damaged or foreign file must not be touched, not even checkpointed.
    // A read-only connection still reads committed pages from a -wal left by a killed writer.
    db.setConnectOptions(
        QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open())
        return fail(error, damaged(path, sqlWords(db.lastError())));
    if (QSqlQuery cache(db); !cache.exec(QStringLiteral("PRAGMA cache_size=-%1").arg(kCacheKiB)))
        return fail(error, damaged(path, sqlWords(cache.lastError())));
    qint64 version = 0;
    if (!isReadableRun(db, path, &version, error))
        return nullptr;

    // Loaded through the read-only connection, under the lock, so nothing is written until
    // the whole file has been read and judged.
    run->m_verifyLater = verifyAt == VerifyAt::Later;
    if (!run->load(error))
        return nullptr;
    if (!run->m_readOnly && !run->openForWriting(db, real, version, error))
        return nullptr;
    qCInfo(lcLedger).noquote() << "opened" << shown(path)
                               << (run->m_readOnly ? "read-only" : "read-write") << "-"
                               << run->m_verification.summary();
    return run;
}

// ReadOnly when asked, when this user cannot write the file, when it has other names (hard
// links), or when another golive holds its lock; else the lock is taken and kept.
bool RunFile::chooseAccess(const QString& real, Access access, QString* warning, int lockWaitMs,
                           QString* error)
{
    const QString& path = m_path;
    m_readOnly = access == Access::ReadOnly;
    if (!m_readOnly && !canWrite(path)) {
        m_readOnly = true;
        if (warning)
            *warning = QStringLiteral("%1 is read-only: showing it, sign-offs are disabled")
                           .arg(shown(path));
    }
#ifdef Q_OS_UNIX
    // A hard link is a second name no path can reveal: it would get a lock and a write-ahead
    // log of its own, and two writers would fork the ledger. Such a run is only read.
    struct stat st
    {};
    if (!m_readOnly && ::stat(QFile::encodeName(real).constData(), &st) == 0 && st.st_nlink > 1) {
        m_readOnly = true;
        if (warning)
            *warning = QStringLiteral("%1 has %2 names (hard links): showing it read-only, "
                                      "sign-offs are disabled, since each name would get a lock "
                                      "of its own. Keep one name (remove the other links) and "
                                      "open it again.")
                           .arg(shown(path))
                           .arg(st.st_nlink);
    }
#endif
    if (!m_readOnly) {
        // The lock comes before any look inside: a writer checks the file's integrity and
        // reads its head only while no other writer can change them.
        const QString lockPath = real + QStringLiteral(".lock");
        m_lock = std::make_unique<QLockFile>(lockPath);
        // Only a dead owner makes a lock stale: a sign-off session may last all night.
        m_lock->setStaleLockTime(0);
        const LockAttempt attempt = takeLock(*m_lock, lockPath, std::max(0, lockWaitMs));
        if (attempt.result == LockAttempt::NoRight) {
            // No right to create the lock beside it: the folder is read-only for this user.
            m_lock.reset();
            m_readOnly = true;
            if (warning)
                *warning = QStringLiteral("%1 is read-only: showing it, sign-offs are disabled")
                               .arg(shown(path));
        } else if (attempt.result != LockAttempt::Locked) {
            m_lock.reset();
            const QString holder = attempt.holderWords(path);
            if (access == Access::PreferReadWrite) {
                m_readOnly = true;
                if (warning)
                    *warning = QStringLiteral("%1: showing it read-only; sign-offs are disabled "
                                              "until it is closed there.%2")
                                   .arg(holder, attempt.wayOut(lockPath));
            } else {
                QString why = holder;
                if (lockWaitMs > 0)
                    why += QStringLiteral("; waited %1 s for it to close")
                               .arg(QString::number(lockWaitMs / 1000.0, 'g', 3));
                why += QStringLiteral(". Close it there and try again.");
                why += attempt.wayOut(lockPath);
                return refuse(error, why);
            }
        }
    }
    return true;
}

// Reopens the read-only connection for writing: the upgrade of an older schema (a copy
// first), the connection's settings, write-ahead logging, and the prepared statements.
bool RunFile::openForWriting(QSqlDatabase& db, const QString& real, qint64 version, QString* error)
{
    const QString& path = m_path;
    // An upgrade's copy is made first, still through the read-only connection: until it
    // exists, nothing (not a pragma) has written to the file.
    QString backup;
    if (version < SchemaVersion && !backUp(int(version), &backup, error))
        return false;
    db.close();
    // mode=rw: never create a database if the file vanished in between.
    db.setDatabaseName(QUrl::fromLocalFile(real).toString(QUrl::FullyEncoded) +
                       QStringLiteral("?mode=rw"));
    db.setConnectOptions(
        QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open())
        return refuse(error, QStringLiteral("could not open %1 for writing: %2. It was not "
                                            "changed.")
                                 .arg(shown(path), sqlWords(db.lastError())));
    QSqlQuery q(db);
    // Connection settings only: they write nothing to the file.
    for (const QString& pragma :
         {QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=ON"),
          QStringLiteral("PRAGMA cache_size=-%1").arg(kCacheKiB)}) {
        if (!q.exec(pragma))
            return refuse(error, QStringLiteral("could not prepare %1 for writing: %2. It was "
                                                "not changed.")
                                     .arg(shown(path), sqlWords(q.lastError())));
    }
    q.finish();
    if (version < SchemaVersion && !migrate(int(version), backup, error))
        return false;
    // Persistent (it is recorded in the file), so only once the file is a current run.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next() ||
        q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return refuse(error, QStringLiteral("could not switch %1 to write-ahead logging: %2")
                                 .arg(shown(path), sqlWords(q.lastError())));
    q.finish();
    if (!prepareWriting(error))
        return false;
    return true;
}

bool RunFile::prepareWriting(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    m_insert = std::make_unique<QSqlQuery>(db);
    m_begin = std::make_unique<QSqlQuery>(db);
    m_commit = std::make_unique<QSqlQuery>(db);
    if (!m_insert->prepare(QStringLiteral(
            "INSERT INTO events(seq, time_utc, kind, item_id, field_key, text, actor, role,"
            " os_user, host, prev_hash, hash, key_type, key_fp, signature, snapshot)"
            " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) ||
        !m_begin->prepare(QStringLiteral("BEGIN IMMEDIATE")) ||
        !m_commit->prepare(QStringLiteral("COMMIT"))) {
        fail(error, QStringLiteral("could not prepare %1 for writing: %2")
                        .arg(shown(m_path), sqlWords(db.lastError())));
        return false;
    }
    return true;
}

} // namespace golive
