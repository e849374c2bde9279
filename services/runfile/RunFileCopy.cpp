// A self-contained run file made from any run (a server run archived for an auditor): the same
// run id, runbook, dashboards and events, written under a temporary name, checked, then linked in.
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

bool insertEvents(QSqlQuery& q, const QList<SignOffEvent>& events, QString* words)
{
    if (!q.prepare(QStringLiteral(
            "INSERT INTO events(seq, time_utc, kind, item_id, field_key, text, actor, role,"
            " os_user, host, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
        *words = sqlWords(q.lastError());
        return false;
    }
    for (const SignOffEvent& e : events) {
        q.bindValue(0, e.seq);
        q.bindValue(1, e.timeUtc.toUTC().toString(kTimeFormat));
        q.bindValue(2, eventKindName(e.kind));
        q.bindValue(3, textOrNull(e.itemId));
        q.bindValue(4, textOrNull(e.fieldKey));
        q.bindValue(5, e.text);
        q.bindValue(6, e.actor.name);
        q.bindValue(7, roleName(e.actor.role));
        q.bindValue(8, e.actor.osUser);
        q.bindValue(9, e.actor.host);
        q.bindValue(10, QString::fromLatin1(e.prevHash));
        q.bindValue(11, QString::fromLatin1(e.hash));
        if (!q.exec()) {
            *words = QStringLiteral("event #%1: %2").arg(e.seq).arg(sqlWords(q.lastError()));
            return false;
        }
    }
    return true;
}

// Writes the whole run into the empty database `db` in one transaction.
bool writeRun(QSqlDatabase& db, const RunLedger& source, QString* words)
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
        !execAll(db, std::begin(kSchemaV2), std::end(kSchemaV2), words))
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
    return insertEvents(q, source.events(), words) &&
           exec(QStringLiteral("PRAGMA user_version=%1").arg(RunFile::SchemaVersion)) &&
           exec(QStringLiteral("COMMIT"));
}

// Reads the copy back as any run file is read and checks that its chain ends where the
// source's does, with as many events.
bool checkCopy(QSqlDatabase& db, const RunLedger& source, QString* words)
{
    QList<Row> rows;
    if (!readRows(db, &rows, words))
        return false;
    const ChainVerification v = verifyRows(rows, source.genesisHash());
    if (v.eventCount != source.events().size() || v.head != source.headHash()) {
        *words = QStringLiteral("the copy read back holds %1 ending on %2, the run %3 ending on %4")
                     .arg(v.eventCount)
                     .arg(QString::fromLatin1(v.head.left(12)))
                     .arg(source.events().size())
                     .arg(QString::fromLatin1(source.headHash().left(12)));
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

    const QString connection = newConnectionName();
    QString words;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(temp);
        ok = db.open();
        if (!ok)
            words = sqlWords(db.lastError());
        ok = ok && writeRun(db, source, &words) && checkCopy(db, source, &words);
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
