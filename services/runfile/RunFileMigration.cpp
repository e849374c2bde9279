// Upgrading an older run file: a copy of it first, then the schema moved forward in one step.
#include "RunFile.h"

#include "runfile/RunFileCommon.h"
#include "runfile/Schema.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSqlQuery>

namespace golive {

using namespace runfile;

bool RunFile::backUp(int fromVersion, QString* backup, QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    // A consistent copy (VACUUM INTO reads what is still in the WAL too), made through the
    // read-only connection, so an upgrade can always be undone by hand.
    *backup = m_path + QStringLiteral(".bak-v%1").arg(fromVersion);
    if (QFileInfo::exists(*backup))
        *backup += QDateTime::currentDateTimeUtc().toString(QStringLiteral("-yyyyMMddTHHmmss"));
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("VACUUM INTO ?")) || (q.bindValue(0, *backup), !q.exec())) {
        fail(error, QStringLiteral("could not back up %1 to %2 before upgrading it: %3. It was "
                                   "not changed.")
                        .arg(shown(m_path), shown(*backup), sqlWords(q.lastError())));
        return false;
    }
    return true;
}

bool RunFile::migrate(int fromVersion, const QString& backup, QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    QString words;
    bool ok = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!ok)
        words = sqlWords(q.lastError());
    if (ok && fromVersion < 2)
        ok = execAll(db, std::begin(kSchemaV2), std::end(kSchemaV2), &words);
    if (ok && fromVersion < 3)
        ok = execAll(db, std::begin(kSchemaV3), std::end(kSchemaV3), &words);
    if (ok && fromVersion < 4)
        ok = execAll(db, std::begin(kSchemaV4), std::end(kSchemaV4), &words);
    if (ok && fromVersion < 5)
        ok = execAll(db, std::begin(kSchemaV5), std::end(kSchemaV5), &words);
    if (ok && !q.exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion))) {
        ok = false;
        words = sqlWords(q.lastError());
    }
    if (ok && !q.exec(QStringLiteral("COMMIT"))) {
        ok = false;
        words = sqlWords(q.lastError());
    }
    if (!ok) {
        // Nothing was committed, and nothing before the transaction wrote to the file.
        q.exec(QStringLiteral("ROLLBACK"));
        fail(error, QStringLiteral("could not upgrade %1 from run file schema %2 to %3: %4. It "
                                   "was not changed; a copy is at %5.")
                        .arg(shown(m_path))
                        .arg(fromVersion)
                        .arg(SchemaVersion)
                        .arg(words, shown(backup)));
        return false;
    }
    qCInfo(lcLedger).noquote() << "upgraded" << shown(m_path) << "from schema" << fromVersion
                               << "to" << SchemaVersion << "; copy of the old file at"
                               << shown(backup);
    return true;
}

} // namespace golive
