// What the TLS and credential tests need of the real PostgreSQL fixture beyond
// ServerTestSupport.h: URIs with TLS parameters, SQL run as any role straight through Qt's QPSQL
// driver (not through golive, which is what the tests check), password files and keychain
// entries.
#pragma once

#include "CredentialStore.h"
#include "ServerTestSupport.h"
#include "server/ServerLocation.h"
#include "server/ServerRun.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <functional>

namespace golive::fixture {

inline QString dir()
{
    return test::fixtureDir();
}

inline QString file(const char* name)
{
    return dir() + QLatin1Char('/') + QLatin1String(name);
}

inline QString read(const char* name)
{
    return QString::fromUtf8(test::fixtureFile(QLatin1String(name)));
}

inline int port()
{
    return read("port").toInt();
}

inline QString caPem()
{
    return file("ca.pem");
}

// "postgresql://USER@HOST:PORT/DATABASE?QUERY" (no password in it).
inline QString uri(const QString& user, const QString& query,
                   const QString& host = QStringLiteral("127.0.0.1"),
                   const QString& database = QStringLiteral("golive"))
{
    QString u =
        QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port()).arg(database);
    if (!query.isEmpty())
        u += QLatin1Char('?') + query;
    return u;
}

// TLS checked against the fixture's own CA, as docs/postgresql.md recommends.
inline QString verifyFull()
{
    return QStringLiteral("sslmode=verify-full&sslrootcert=") + caPem();
}

inline QString uniqueName(const QString& prefix)
{
    return test::uniqueName(prefix).toLower(); // also a role name: unquoted, lower case
}

// A password that appears nowhere else: a fixed prefix (to recognise it) and 128 random bits.
inline QString freshSecret(const char* what)
{
    const quint64 a = QRandomGenerator::global()->generate64();
    const quint64 b = QRandomGenerator::global()->generate64();
    return QStringLiteral("golive-pg-%1-%2%3")
        .arg(QLatin1String(what))
        .arg(a, 16, 16, QLatin1Char('0'))
        .arg(b, 16, 16, QLatin1Char('0'));
}

// Calls `use` with a QPSQL connection as `user` with `password` (TLS required); false with
// the connection's words in *error when it cannot be opened, else what `use` returns.
inline bool withConnection(const QString& user, const QString& password,
                           const std::function<bool(QSqlDatabase&)>& use, QString* error,
                           const QString& database = QStringLiteral("golive"))
{
    const QString name = QUuid::createUuid().toString();
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(port());
        db.setDatabaseName(database);
        db.setUserName(user);
        db.setPassword(password);
        db.setConnectOptions(QStringLiteral("sslmode=require"));
        if (!db.open()) {
            *error = db.lastError().text();
            ok = false;
        } else {
            ok = use(db);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// Runs `statements` in order on one connection as `user`; false with the first failure's
// words (and its statement) in *error.
inline bool exec(const QString& user, const QString& password, const QStringList& statements,
                 QString* error, const QString& database = QStringLiteral("golive"))
{
    return withConnection(
        user, password,
        [&](QSqlDatabase& db) {
            for (const QString& sql : statements) {
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    *error = sql + QStringLiteral(": ") + q.lastError().text();
                    return false;
                }
            }
            return true;
        },
        error, database);
}

inline bool adminExec(const QStringList& statements, QString* error)
{
    return exec(QStringLiteral("golive_admin"), read("admin-password"), statements, error);
}

// A libpq password file (0600) in `folder` giving `password` to `user` on the fixture's
// 127.0.0.1 and localhost; its path.
inline QString writePgpass(const QString& folder, const QString& user, const QString& password)
{
    const QString path = folder + QStringLiteral("/pgpass");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    for (const char* host : {"127.0.0.1", "localhost"})
        f.write(QStringLiteral("%1:%2:*:%3:%4\n")
                    .arg(QLatin1String(host))
                    .arg(port())
                    .arg(user, password)
                    .toUtf8());
    return f.error() == QFileDevice::NoError ? path : QString();
}

// The golive schema in the fixture's database, made (or found) by its admin, as `golive server
// init` run by the owner makes it.
inline bool initSchema(QString* error)
{
    qputenv("PGPASSFILE", QFile::encodeName(file("pgpass")));
    return ServerRun::initSchema(uri(QStringLiteral("golive_admin"), verifyFull()), error);
}

// Stores `password` in the OS keychain where golive looks for the password of `user` on the
// server of `uri` (the entry `golive login URI` writes).
inline bool storeServerPassword(const QString& uri, const QString& user, const QString& password,
                                QString* error)
{
    ServerLocation location;
    if (!ServerLocation::parse(uri, &location, error))
        return false;
    CredentialStore store;
    const CredentialStore::Result r = store.writeBlocking(location.keychainUrl(), user, password);
    *error = r.message;
    return r.ok();
}

// Statements that would change or remove what run `run` recorded, bypassing golive: each must
// be refused to the `golive` role.
inline QStringList recordRewrites(const QString& run)
{
    const QString id =
        QStringLiteral("(SELECT run_id FROM golive_runs WHERE name = '%1')").arg(run);
    return {
        QStringLiteral("UPDATE golive_events SET text = 'rewritten' WHERE run_id = %1").arg(id),
        QStringLiteral("DELETE FROM golive_events WHERE run_id = %1").arg(id),
        QStringLiteral("TRUNCATE golive_events"),
        QStringLiteral("UPDATE golive_run_meta SET value = 'x' WHERE run_id = %1").arg(id),
        QStringLiteral("DELETE FROM golive_run_meta WHERE run_id = %1").arg(id),
        QStringLiteral("DELETE FROM golive_runs WHERE name = '%1'").arg(run),
        QStringLiteral("UPDATE golive_runs SET title = 'rewritten' WHERE name = '%1'").arg(run),
        QStringLiteral("UPDATE golive_runs SET name = 'renamed' WHERE name = '%1'").arg(run),
        QStringLiteral("UPDATE golive_schema SET version = 99"),
        QStringLiteral("DROP TABLE golive_events"),
    };
}

} // namespace golive::fixture
