// Shared helpers of the server-run tests: the real PostgreSQL fixture (its URIs, password file
// and admin connection), run names of each test's own, the seed runbook and the people.
#pragma once

#include "SignOffEvent.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

namespace golive::test {

inline QString fixtureDir()
{
    return qEnvironmentVariable("GOLIVE_POSTGRES_FIXTURE");
}

inline QByteArray fixtureFile(const QString& name)
{
    QFile f(fixtureDir() + QLatin1Char('/') + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().trimmed();
}

inline QString fixturePort()
{
    return QString::fromLatin1(fixtureFile(QStringLiteral("port")));
}

// The admin's URI for the fixture's database `golive` (no password: it comes from the
// fixture's password file, PGPASSFILE).
inline QString adminUri(const QString& database = QStringLiteral("golive"))
{
    return QStringLiteral("postgresql://golive_admin@127.0.0.1:%1/%2").arg(fixturePort(), database);
}

// A name no other test (or earlier run of this one) uses.
inline QString uniqueName(const QString& prefix)
{
    return prefix + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::Id128).left(10);
}

inline QString runUri(const QString& run, const QString& database = QStringLiteral("golive"))
{
    return adminUri(database) + QStringLiteral("?run=") + run;
}

// What every server test does first: test paths, the fixture present, libpq pointed at its
// password file.
inline void setUpServerTest()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!fixtureDir().isEmpty(), "GOLIVE_POSTGRES_FIXTURE is not set (run through ctest)");
    QVERIFY2(QFile::exists(fixtureDir() + QStringLiteral("/port")),
             "the PostgreSQL fixture is not running");
    qputenv("PGPASSFILE", QFile::encodeName(fixtureDir() + QStringLiteral("/pgpass")));
}

// An admin connection of its own to `database`, for what the tests do behind golive's back.
class AdminConnection
{
public:
    explicit AdminConnection(const QString& database = QStringLiteral("golive"))
        : m_name(QStringLiteral("test-admin-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(fixturePort().toInt());
        db.setDatabaseName(database);
        db.setUserName(QStringLiteral("golive_admin"));
        db.setPassword(QString::fromLatin1(fixtureFile(QStringLiteral("admin-password"))));
        if (!db.open())
            qWarning() << "admin connection failed:" << db.lastError().text();
    }
    ~AdminConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    // Runs `sql`; the error's words, or empty when it worked.
    QString exec(const QString& sql) const
    {
        QSqlQuery q(db());
        if (q.exec(sql))
            return {};
        return q.lastError().text();
    }
    QVariant value(const QString& sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QString m_name;
};

inline QByteArray seedRunbook()
{
    QFile f(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline Actor person(const QString& name, Role role)
{
    Actor a;
    a.name = name;
    a.role = role;
    a.osUser = QStringLiteral("tester");
    a.host = QStringLiteral("warroom-1");
    return a;
}

inline SignOffEvent noteOn(const QString& itemId, const QString& text, const Actor& who)
{
    SignOffEvent e;
    e.kind = EventKind::NoteAdded;
    e.itemId = itemId;
    e.text = text;
    e.actor = who;
    return e;
}

inline SignOffEvent signOf(const QString& itemId, const Actor& who)
{
    SignOffEvent e;
    e.kind = EventKind::Signed;
    e.itemId = itemId;
    e.actor = who;
    return e;
}

} // namespace golive::test
