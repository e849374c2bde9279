// Shared fixture of the RunFile tests: the seed runbook, raw SQL on a run file, runs made and
// refused, a schema-1 run as golive 0.1 wrote it, and a child process that holds a run's lock.
#pragma once

#include "ItemCheckSupport.h"
#include "LedgerTestUtil.h"
#include "RunFile.h"
#include "RunbookParser.h"
#include "SubItems.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace golive::test {

inline QByteArray seedText()
{
    return readAll(QStringLiteral(GOLIVE_SEED_RUNBOOK));
}

// Raw SQL on a file, as an auditor (or an attacker) with the sqlite3 shell would do it.
class RawDb
{
public:
    explicit RawDb(const QString& path)
    {
        static int counter = 0;
        m_name = QStringLiteral("raw-%1").arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString& sql, QString* error = nullptr)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        const bool ok = q.exec(sql);
        if (!ok && error)
            *error = q.lastError().text();
        return ok;
    }
    QVariant value(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool ok() const { return m_ok; }

private:
    QString m_name;
    bool m_ok = false;
};

inline SignOffEvent signEvent(const RunbookItem* item, const QString& name = QStringLiteral("Ana"))
{
    const Role role = item->requiredRole.isEmpty()
                          ? Role::Engineer
                          : roleFromName(item->requiredRole).value_or(Role::Engineer);
    return makeEvent(EventKind::Signed, item->id, name, role);
}

// The same in a run whose state is `state`: a parent whose sub-items are still open is signed
// over them, with a reason naming them, as the rules ask (SubItems.h).
inline SignOffEvent signEvent(const RunState& state, const RunbookItem* item,
                              const QString& name = QStringLiteral("Ana"))
{
    SignOffEvent e = signEvent(item, name);
    if (const QStringList open = openSubItems(state, *item); !open.isEmpty())
        e.text = composeOverOpenSubItems(QStringLiteral("sub-items checked off-list"), open);
    return e;
}

// Runs in a child process: holds `path` open for writing until its stdin closes.
inline int lockChild(const QString& path)
{
    QString error;
    auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
    if (!run) {
        std::printf("FAILED %s\n", qPrintable(error));
        return 1;
    }
    std::printf("LOCKED %lld\n", QCoreApplication::applicationPid());
    std::fflush(stdout);
    while (std::getchar() != EOF) {
    }
    return 0;
}

// Raw SQL with the append-only triggers out of the way, as a tamperer would.
inline bool tamperRun(const QString& path, const QString& sql)
{
    RawDb raw(path);
    raw.exec(QStringLiteral("DROP TRIGGER IF EXISTS events_append_only_update"));
    raw.exec(QStringLiteral("DROP TRIGGER IF EXISTS events_append_only_delete"));
    QString error;
    if (!raw.exec(sql, &error)) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(error));
        return false;
    }
    return true;
}

class RunFileFixture
{
protected:
    QTemporaryDir m_dir;

    QString newPath(const QString& name) const { return m_dir.filePath(name); }

    // A run with `signatures` items signed (in runbook order) and `notes` long notes on 1.1.
    std::unique_ptr<RunFile> makeRun(const QString& path, int signatures, int notes = 0)
    {
        QString error;
        auto run =
            RunFile::create(path, seedText(), QStringLiteral("summit-go-live-runbook.md"), &error);
        if (!run) {
            qWarning("create failed: %s", qPrintable(error));
            return nullptr;
        }
        const QList<const RunbookItem*> items = run->runbook().allItems();
        for (int i = 0; i < signatures; ++i) {
            SignOffEvent e = signEvent(run->state(), items.at(i));
            if (!run->append(e, &error)) {
                qWarning("append failed: %s", qPrintable(error));
                return nullptr;
            }
        }
        for (int i = 0; i < notes; ++i) {
            SignOffEvent e = makeEvent(
                EventKind::NoteAdded, items.at(0)->id, QStringLiteral("Bo"), Role::Engineer,
                QStringLiteral("note %1 ").arg(i) + QString(400, QLatin1Char('x')));
            if (!run->append(e, &error)) {
                qWarning("append failed: %s", qPrintable(error));
                return nullptr;
            }
        }
        return run;
    }

    void expectRefused(const QString& path, const QString& expected)
    {
        const Fingerprint before = fingerprint(path);
        for (RunFile::Access access : {RunFile::Access::ReadWrite, RunFile::Access::ReadOnly}) {
            QString error = QStringLiteral("(none)");
            QString warning;
            auto run = RunFile::open(path, access, &error, &warning);
            QVERIFY2(!run, qPrintable(path));
            QVERIFY2(error.contains(expected), qPrintable(QStringLiteral("got: ") + error +
                                                          QStringLiteral("\nwanted: ") + expected));
            QVERIFY2(fingerprint(path) == before, qPrintable(path + QStringLiteral(" changed")));
        }
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".bak-v1")));
    }

    // A schema-1 run as golive 0.1 wrote it, with `count` signed events chained from the
    // anchored genesis; `journalMode` as it was left, `withTriggers` to make its upgrade fail.
    // Its runbook is the bundled one of those days, before any item named a check.
    bool writeV1(const QString& path, const QString& journalMode, bool withTriggers, int count)
    {
        const QByteArray text = seedBeforeChecks(seedText());
        const RunbookParseResult parsed = RunbookParser::parse(text, QStringLiteral("seed"));
        RawDb raw(path);
        bool ok = raw.ok();
        const auto exec = [&](const QString& sql) {
            QString e;
            if (ok && !raw.exec(sql, &e)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(e));
                ok = false;
            }
        };
        exec(QStringLiteral("PRAGMA journal_mode=%1").arg(journalMode));
        exec(QStringLiteral("PRAGMA application_id=%1").arg(RunFile::ApplicationId));
        exec(QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB)"));
        exec(QStringLiteral(
            "CREATE TABLE events(seq INTEGER PRIMARY KEY, time_utc TEXT NOT NULL, kind TEXT "
            "NOT NULL, item_id TEXT, field_key TEXT, text TEXT, actor TEXT NOT NULL, role "
            "TEXT NOT NULL, os_user TEXT, host TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT "
            "NULL)"));
        if (withTriggers) {
            exec(QStringLiteral("CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
                                " BEGIN SELECT RAISE(ABORT, 'x'); END"));
        }
        const QString runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString sha =
            QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
        {
            QSqlQuery q(raw.db());
            ok = ok && q.prepare(QStringLiteral("INSERT INTO meta VALUES(?, ?)"));
            const QList<std::pair<QString, QVariant>> meta{
                {QStringLiteral("run_id"), runId},
                {QStringLiteral("runbook_name"), QStringLiteral("seed.md")},
                {QStringLiteral("runbook_text"), text},
                {QStringLiteral("runbook_sha256"), sha},
                {QStringLiteral("created_utc"), QStringLiteral("2026-04-30T08:00:00.000Z")},
            };
            for (const auto& [k, v] : meta) {
                q.bindValue(0, k);
                q.bindValue(1, v);
                ok = ok && q.exec();
            }
            ok = ok &&
                 q.prepare(QStringLiteral("INSERT INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"));
            QByteArray prev = SignOffEvent::genesisFor(runId, sha);
            const QList<const RunbookItem*> items = parsed.runbook.allItems();
            for (int i = 0; ok && i < count; ++i) {
                SignOffEvent e = signEvent(items.at(i));
                e.seq = i + 1;
                e.timeUtc = QDateTime(QDate(2026, 4, 30), QTime(9, i, 0, 1), Qt::UTC);
                e.prevHash = prev;
                e.hash = e.computeHash();
                prev = e.hash;
                const QVariantList values{
                    e.seq,
                    e.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
                    eventKindName(e.kind),
                    e.itemId,
                    QVariant(),
                    e.text,
                    e.actor.name,
                    roleName(e.actor.role),
                    e.actor.osUser,
                    e.actor.host,
                    QString::fromLatin1(e.prevHash),
                    QString::fromLatin1(e.hash)};
                for (int c = 0; c < values.size(); ++c)
                    q.bindValue(c, values.at(c));
                ok = ok && q.exec();
            }
        }
        exec(QStringLiteral("PRAGMA user_version=1"));
        return ok;
    }

    static bool tamper(const QString& path, const QString& sql) { return tamperRun(path, sql); }
};

} // namespace golive::test
