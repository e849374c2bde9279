// RunFile: creating, reopening, verifying and refusing run files; every refusal leaves the
// file exactly as it was.
#include "LedgerTestUtil.h"
#include "RunFile.h"
#include "RunbookParser.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace golive;
using namespace golive::test;

namespace {

QByteArray seedText()
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

SignOffEvent signEvent(const RunbookItem* item, const QString& name = QStringLiteral("Ana"))
{
    const Role role = item->requiredRole.isEmpty()
                          ? Role::Engineer
                          : roleFromName(item->requiredRole).value_or(Role::Engineer);
    return makeEvent(EventKind::Signed, item->id, name, role);
}

// Runs in a child process: holds `path` open for writing until its stdin closes.
int lockChild(const QString& path)
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

} // namespace

class TestRunFile : public QObject
{
    Q_OBJECT

private:
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
            SignOffEvent e = signEvent(items.at(i));
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
    bool writeV1(const QString& path, const QString& journalMode, bool withTriggers, int count)
    {
        const QByteArray text = seedText();
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

    // Raw SQL with the append-only triggers out of the way, as a tamperer would.
    static bool tamper(const QString& path, const QString& sql)
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

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The record of heads seen goes to a test folder, never the user's own.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QDir(HeadRecord::directory()).removeRecursively());
        const RunbookParseResult seed = RunbookParser::parse(seedText(), QStringLiteral("seed"));
        QVERIFY2(seed.ok(), "the seed runbook must parse");
        QVERIFY(seed.runbook.allItems().size() >= 10);
    }

    void createAndReopen()
    {
        const QString path = newPath(QStringLiteral("reopen.golive"));
        QString runId;
        QList<SignOffEvent> written;
        {
            auto run = makeRun(path, 3);
            QVERIFY(run);
            QVERIFY(!run->isReadOnly());
            QCOMPARE(run->events().size(), 3);
            QCOMPARE(run->events().at(0).seq, 1);
            // The chain starts at the run's genesis: its id and its runbook's SHA-256.
            QCOMPARE(run->events().at(0).prevHash,
                     SignOffEvent::genesisFor(run->runId(), run->runbookSha256()));
            const QString anchor =
                QStringLiteral("golive-run\n") + run->runId() + QStringLiteral("\n") +
                QString::fromLatin1(
                    QCryptographicHash::hash(seedText(), QCryptographicHash::Sha256).toHex());
            QCOMPARE(run->genesisHash(),
                     QCryptographicHash::hash(anchor.toUtf8(), QCryptographicHash::Sha256).toHex());
            QCOMPARE(run->events().at(1).prevHash, run->events().at(0).hash);
            QCOMPARE(run->headHash(), run->events().at(2).hash);
            QVERIFY(run->verification().intact());
            QCOMPARE(run->verification().eventCount, 3);
            QVERIFY(run->verify().intact());
            runId = run->runId();
            written = run->events();
            QVERIFY(!QUuid::fromString(runId).isNull());
            QCOMPARE(run->runbookText(), seedText());
            QCOMPARE(run->runbookName(), QStringLiteral("summit-go-live-runbook.md"));
            QVERIFY(run->createdUtc().isValid());
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->runId(), runId);
        QCOMPARE(run->events().size(), 3);
        for (int i = 0; i < 3; ++i) {
            const SignOffEvent& a = written.at(i);
            const SignOffEvent& b = run->events().at(i);
            QCOMPARE(b.seq, a.seq);
            QCOMPARE(b.hash, a.hash);
            QCOMPARE(b.timeUtc, a.timeUtc);
            QCOMPARE(b.actor.name, a.actor.name);
            QCOMPARE(b.actor.osUser, a.actor.osUser);
            QCOMPARE(b.itemId, a.itemId);
        }
        QCOMPARE(run->state().item(written.at(0).itemId).status, ItemStatus::Signed);
        QVERIFY(run->verification().summary().startsWith(
            QStringLiteral("ledger intact: 3 events, head ") +
            QString::fromLatin1(written.at(2).hash.left(12))));

        // The schema is v2 with the application id.
        run.reset();
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), RunFile::SchemaVersion);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA application_id")).toInt(),
                 RunFile::ApplicationId);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QString sqlError;
        QVERIFY(!raw.exec(QStringLiteral("UPDATE events SET text = 'x' WHERE seq = 1"), &sqlError));
        QVERIFY2(sqlError.contains(QStringLiteral("golive ledger is append-only")),
                 qPrintable(sqlError));
        QVERIFY(!raw.exec(QStringLiteral("DELETE FROM events WHERE seq = 1"), &sqlError));
        QVERIFY(sqlError.contains(QStringLiteral("append-only")));
    }

    void createRefusals()
    {
        const QString existing = newPath(QStringLiteral("existing.golive"));
        {
            QFile f(existing);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("keep me");
        }
        const Fingerprint before = fingerprint(existing);
        QString error;
        QVERIFY(!RunFile::create(existing, seedText(), QStringLiteral("seed"), &error));
        QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
        QVERIFY(fingerprint(existing) == before);

        // A runbook with errors (here: larger than any runbook golive reads) makes no file.
        const QString tooBig = newPath(QStringLiteral("toobig.golive"));
        QVERIFY(!RunFile::create(tooBig, QByteArray(RunbookParser::MaxBytes + 1, 'x'),
                                 QStringLiteral("huge.md"), &error));
        QVERIFY2(error.contains(QStringLiteral("has errors, so no run was created")),
                 qPrintable(error));
        QVERIFY(!QFileInfo::exists(tooBig));

        // A runbook the parser reports errors in (no "## " sections).
        const QString untitled = newPath(QStringLiteral("untitled.golive"));
        QVERIFY(!RunFile::create(untitled, "# Title\n\nJust prose, no sections.\n",
                                 QStringLiteral("untitled.md"), &error));
        QVERIFY2(error.contains(QStringLiteral("untitled.md has errors, so no run was created")),
                 qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("untitled.md:")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(untitled));

        // A folder that does not exist: nothing is created, and the words say where.
        const QString nowhere = newPath(QStringLiteral("no/such/dir/run.golive"));
        QVERIFY(!RunFile::create(nowhere, seedText(), QStringLiteral("seed"), &error));
        QVERIFY2(error.contains(QStringLiteral("could not create")), qPrintable(error));
    }

    void appendRefusalsWriteNothing()
    {
        const QString path = newPath(QStringLiteral("rules.golive"));
        auto run = makeRun(path, 1);
        QVERIFY(run);
        const QList<const RunbookItem*> items = run->runbook().allItems();
        const Fingerprint before = fingerprint(path + QStringLiteral("-wal"));
        SignOffEvent again = signEvent(items.at(0), QStringLiteral("Bo"));
        QString error;
        QVERIFY(!run->append(again, &error));
        QVERIFY2(error.contains(QStringLiteral("is already signed by Ana (engineer) at ")),
                 qPrintable(error));
        QCOMPARE(again.seq, 0);
        SignOffEvent observer =
            makeEvent(EventKind::Signed, items.at(1)->id, QStringLiteral("Cy"), Role::Observer);
        QVERIFY(!run->append(observer, &error));
        QVERIFY(error.contains(QStringLiteral("observers are read-only")));
        QCOMPARE(run->events().size(), 1);
        QVERIFY(fingerprint(path + QStringLiteral("-wal")) == before);
        QCOMPARE(run->verify().eventCount, 1);

        // A given time is kept (in UTC, to the millisecond).
        SignOffEvent timed = signEvent(items.at(1));
        timed.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(12, 0, 0, 5), Qt::OffsetFromUTC, 7200);
        QVERIFY2(run->append(timed, &error), qPrintable(error));
        QCOMPARE(timed.timeUtc.timeSpec(), Qt::UTC);
        QCOMPARE(timed.timeUtc, QDateTime(QDate(2026, 5, 1), QTime(10, 0, 0, 5), Qt::UTC));
        QCOMPARE(timed.seq, 2);
        QVERIFY(run->verify().intact());
    }

    void failedCommitChangesNothing()
    {
        const QString path = newPath(QStringLiteral("busy.golive"));
        auto run = makeRun(path, 1);
        QVERIFY(run);
        const QByteArray head = run->headHash();
        {
            // Another writer holds the write lock longer than golive waits for it.
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("BEGIN IMMEDIATE")));
            SignOffEvent e = signEvent(run->runbook().allItems().at(1));
            QString error;
            QVERIFY(!run->append(e, &error));
            QVERIFY2(error.contains(QStringLiteral("Nothing was recorded")), qPrintable(error));
            QCOMPARE(run->events().size(), 1);
            QCOMPARE(run->headHash(), head);
            QCOMPARE(run->state().item(e.itemId).status, ItemStatus::Open);
            QVERIFY(raw.exec(QStringLiteral("ROLLBACK")));
        }
        SignOffEvent e = signEvent(run->runbook().allItems().at(1));
        QString error;
        QVERIFY2(run->append(e, &error), qPrintable(error));
        QCOMPARE(e.seq, 2);
        QCOMPARE(e.prevHash, head);
        QVERIFY(run->verify().intact());
    }

    void tamperedTextIsNamed()
    {
        const QString path = newPath(QStringLiteral("tamper.golive"));
        QVERIFY(makeRun(path, 6));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER events_append_only_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE events SET text = 'forged' WHERE seq = 3")));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 3);
        QCOMPARE(run->verification().unacknowledged.size(), 1);
        QCOMPARE(run->verification().summary(),
                 QStringLiteral("ledger broken at event #3: its contents were changed after it "
                                "was written"));
        QCOMPARE(run->verify().breaks.size(), 1);

        const QList<const RunbookItem*> items = run->runbook().allItems();
        SignOffEvent sign = signEvent(items.at(7));
        QVERIFY(!run->append(sign, &error));
        QCOMPARE(error, QStringLiteral("the ledger is broken at event #3 (its contents were "
                                       "changed after it was written); acknowledge it first (in "
                                       "the window: Run > Acknowledge ledger break\u2026). "
                                       "Nothing was recorded."));
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                                     Role::IncidentCommander,
                                     QStringLiteral("event #3 text edited; original confirmed"));
        ack.fieldKey = run->verification().acknowledgementKey();
        QCOMPARE(ack.fieldKey,
                 QStringLiteral("3:") +
                     QString::fromLatin1(run->verification().breaks.at(0).contentHash));
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 7);
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        QCOMPARE(sign.seq, 8);

        const ChainVerification v = run->verify();
        QCOMPARE(v.breaks.size(), 1);
        QCOMPARE(v.breaks.at(0).seq, 3);
        QCOMPARE(v.breaks.at(0).acknowledgedBy, 7);
        QVERIFY(v.unacknowledged.isEmpty());
        QVERIFY(v.summary().endsWith(QStringLiteral("[acknowledged]")));
        QCOMPARE(v.eventCount, 8);
        QCOMPARE(v.head, sign.hash);

        // And so it reads after reopening.
        run.reset();
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QVERIFY(run->verification().unacknowledged.isEmpty());
        QCOMPARE(run->state().item(sign.itemId).status, ItemStatus::Signed);
    }

    void deletedRowIsNamed()
    {
        const QString path = newPath(QStringLiteral("delete.golive"));
        QVERIFY(makeRun(path, 6));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER events_append_only_delete")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM events WHERE seq = 3")));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        // Two things are wrong: the chain has a gap before #4, and the file holds fewer events
        // than this computer saw it with (6, head = the last event's hash).
        QCOMPARE(run->verification().breaks.size(), 2);
        QCOMPARE(run->verification().breaks.at(0).seq, 4);
        QCOMPARE(run->verification().breaks.at(0).problem,
                 QStringLiteral("the event before it is missing or was changed"));
        QVERIFY(run->verification().breaks.at(1).wentBack);
        QCOMPARE(run->verification().breaks.at(1).seq, 6);
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                                     Role::IncidentCommander, QStringLiteral("event 3 lost"));
        ack.fieldKey = run->verification().acknowledgementKey();
        // The row after the gap is intact: it is named by its stored hash; the head seen last
        // is named by its count and hash.
        QCOMPARE(ack.fieldKey,
                 QStringLiteral("4:") + QString::fromLatin1(run->events().at(2).hash) +
                     QStringLiteral(",6:") + QString::fromLatin1(run->events().at(4).hash));
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 7); // after the last row, not after the count
        QVERIFY(run->verify().unacknowledged.isEmpty());
    }

    void unknownKindIsABreak()
    {
        const QString path = newPath(QStringLiteral("kind.golive"));
        QVERIFY(makeRun(path, 3));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER events_append_only_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE events SET kind = 'approved' WHERE seq = 2")));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 2);
        QVERIFY(run->verification().breaks.at(0).problem.contains(QStringLiteral("\"approved\"")));
        QCOMPARE(run->events().size(), 2); // the unreadable event is not folded in
    }

    void migratesV1()
    {
        const QString path = newPath(QStringLiteral("v1.golive"));
        const QByteArray text = seedText();
        const RunbookParseResult parsed = RunbookParser::parse(text, QStringLiteral("seed"));
        QList<SignOffEvent> events;
        {
            RawDb raw(path);
            QVERIFY(raw.ok());
            // Schema version 1 exactly as golive 0.1 wrote it.
            QVERIFY(raw.exec(QStringLiteral("PRAGMA journal_mode=WAL")));
            QVERIFY(
                raw.exec(QStringLiteral("PRAGMA application_id=%1").arg(RunFile::ApplicationId)));
            QVERIFY(
                raw.exec(QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB)")));
            QVERIFY(raw.exec(QStringLiteral(
                "CREATE TABLE events(seq INTEGER PRIMARY KEY, time_utc TEXT NOT NULL, kind TEXT "
                "NOT NULL, item_id TEXT, field_key TEXT, text TEXT, actor TEXT NOT NULL, role "
                "TEXT NOT NULL, os_user TEXT, host TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT "
                "NULL)")));
            QSqlQuery q(raw.db());
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO meta VALUES(?, ?)")));
            const QString runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const QString sha = QString::fromLatin1(
                QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
            const QList<std::pair<QString, QVariant>> meta{
                {QStringLiteral("run_id"), runId},
                {QStringLiteral("runbook_name"), QStringLiteral("seed.md")},
                {QStringLiteral("runbook_text"), text},
                {QStringLiteral("runbook_sha256"),
                 QString::fromLatin1(
                     QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex())},
                {QStringLiteral("created_utc"), QStringLiteral("2026-04-30T08:00:00.000Z")},
                {QStringLiteral("app_version"), QStringLiteral("0.0.9")},
            };
            for (const auto& [k, v] : meta) {
                q.bindValue(0, k);
                q.bindValue(1, v);
                QVERIFY(q.exec());
            }
            QVERIFY(
                q.prepare(QStringLiteral("INSERT INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")));
            QByteArray prev = SignOffEvent::genesisFor(runId, sha);
            const QList<const RunbookItem*> items = parsed.runbook.allItems();
            for (int i = 0; i < 3; ++i) {
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
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                events.append(e);
            }
            q.finish();
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version=1")));
        }

        // Read-only does not migrate.
        const Fingerprint before = fingerprint(path);
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 3);
            QVERIFY(run->verification().intact());
        }
        QVERIFY(fingerprint(path) == before);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".bak-v1")));

        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 3);
            QCOMPARE(run->events().at(2).hash, events.at(2).hash);
            QVERIFY(run->verification().intact());
            SignOffEvent e = signEvent(run->runbook().allItems().at(3));
            QVERIFY2(run->append(e, &error), qPrintable(error));
            QCOMPARE(e.prevHash, events.at(2).hash);
        }
        {
            RawDb raw(path);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 2);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                              "'trigger'"))
                         .toInt(),
                     2);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                              "'events_item_id'"))
                         .toInt(),
                     1);
            QVERIFY(!raw.exec(QStringLiteral("DELETE FROM events")));
        }
        // The copy made before the upgrade is the v1 file with its three events.
        RawDb backup(path + QStringLiteral(".bak-v1"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(backup.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 3);
    }

    void acknowledgementCoversOnlyTheBreaksItNames()
    {
        const QString path = newPath(QStringLiteral("ack-scope.golive"));
        QVERIFY(makeRun(path, 6));
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET text = 'forged' WHERE seq = 3")));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        const QList<const RunbookItem*> items = run->runbook().allItems();
        const QString key = run->verification().acknowledgementKey();
        QVERIFY(key.startsWith(QStringLiteral("3:")));

        // An engineer may not acknowledge; a key naming other breaks is refused.
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Raj"),
                                     Role::Engineer, QStringLiteral("looks fine"));
        ack.fieldKey = key;
        QVERIFY(!run->append(ack, &error));
        QVERIFY2(error.contains(QStringLiteral("only the incident-commander or the "
                                               "release-captain")),
                 qPrintable(error));
        ack.actor = Actor::local(QStringLiteral("Ines"), Role::IncidentCommander);
        ack.fieldKey = QStringLiteral("2:") + QString(64, QLatin1Char('0'));
        QVERIFY(!run->append(ack, &error));
        QVERIFY2(error.contains(QStringLiteral("but the unacknowledged breaks are")),
                 qPrintable(error));
        ack.fieldKey = key;
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        SignOffEvent sign = signEvent(items.at(7));
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        run.reset();

        // A break made after the acknowledgement is not covered by it: sign-offs stop again.
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET actor = 'Mallory' WHERE seq = 5")));
        run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 2);
        QCOMPARE(run->verification().unacknowledged.size(), 1);
        QCOMPARE(run->verification().unacknowledged.at(0).seq, 5);
        QCOMPARE(run->verification().breaks.at(0).acknowledgedBy, 7);
        SignOffEvent next = signEvent(run->runbook().allItems().at(8));
        QVERIFY(!run->append(next, &error));
        QVERIFY2(error.startsWith(QStringLiteral("the ledger is broken at event #5")),
                 qPrintable(error));
        QCOMPARE(run->verification().acknowledgementKey().count(QLatin1Char(',')), 0);
        run.reset();

        // Changing the acknowledged event again makes it a different, unacknowledged break.
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET text = 'forged twice' WHERE "
                                            "seq = 3")));
        run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().unacknowledged.size(), 2);
        const QString both = run->verification().acknowledgementKey();
        QVERIFY2(both.startsWith(QStringLiteral("3:")) && both.contains(QStringLiteral(",5:")),
                 qPrintable(both));
        SignOffEvent second =
            makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                      Role::ReleaseCaptain, QStringLiteral("both checked with the DBA"));
        second.fieldKey = both;
        QVERIFY2(run->append(second, &error), qPrintable(error));
        QVERIFY(run->verification().unacknowledged.isEmpty());
        QVERIFY(run->verify().unacknowledged.isEmpty());
        QVERIFY2(run->append(next, &error), qPrintable(error));
        // Nothing left to acknowledge.
        QVERIFY(!run->append(second, &error));
        QVERIFY2(error.contains(QStringLiteral("nothing to acknowledge")), qPrintable(error));
    }

    void swappedRunbookBreaksTheChain()
    {
        const QString path = newPath(QStringLiteral("swap.golive"));
        QVERIFY(makeRun(path, 2));
        // Runbook and its recorded SHA-256 replaced together: consistent, but not the run's.
        const QByteArray other = seedText() + "\n<!-- quietly edited -->\n";
        {
            RawDb raw(path);
            QSqlQuery q(raw.db());
            QVERIFY(q.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = ?")));
            q.bindValue(0, other);
            q.bindValue(1, QStringLiteral("runbook_text"));
            QVERIFY(q.exec());
            q.bindValue(0,
                        QString::fromLatin1(
                            QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex()));
            q.bindValue(1, QStringLiteral("runbook_sha256"));
            QVERIFY(q.exec());
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 1);
        QVERIFY2(run->verification().breaks.at(0).problem.contains(
                     QStringLiteral("not chained to this run's id and runbook")),
                 qPrintable(run->verification().summary()));
    }

    void timeNotInGoliveFormIsABreak()
    {
        const QString path = newPath(QStringLiteral("time.golive"));
        QVERIFY(makeRun(path, 3));
        // The same instant, written another way, with the hash recomputed over the new text:
        // golive-audit.py hashes the stored text, so golive must too.
        QString error;
        SignOffEvent e;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            e = run->events().at(1);
        }
        QString time = e.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
                       QStringLiteral("+00:00");
        QVERIFY(tamper(
            path, QStringLiteral("UPDATE events SET time_utc = '%1' WHERE seq = 2").arg(time)));
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 2);
        QVERIFY2(run->verification().breaks.at(0).problem.contains(
                     QStringLiteral("its time \"%1\" is not in golive's form").arg(time)),
                 qPrintable(run->verification().summary()));
    }

    void kindAndRoleAreExactNames()
    {
        const QString path = newPath(QStringLiteral("case.golive"));
        QVERIFY(makeRun(path, 3));
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET role = 'Engineer' WHERE seq = 2")));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 2);
        QVERIFY(run->verification().breaks.at(0).problem.contains(QStringLiteral("\"Engineer\"")));
    }

    void failedMigrationLeavesTheFileAlone()
    {
        // A v1 file in rollback-journal mode whose upgrade fails (its trigger already exists):
        // not even the journal mode may change.
        const QString path = newPath(QStringLiteral("v1-fails.golive"));
        QVERIFY(writeV1(path, QStringLiteral("DELETE"), true, 3));
        const Fingerprint before = fingerprint(path);
        QTest::qWait(20); // so a write would show in the modification time
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("could not upgrade")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("It was not changed; a copy is at")),
                 qPrintable(error));
        QVERIFY2(fingerprint(path) == before, "a failed migration changed the file");
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("delete"));
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        // Read-only still shows it.
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 3);
        QVERIFY(run->verification().intact());
    }

    void migrationSwitchesToWalAfterwards()
    {
        const QString path = newPath(QStringLiteral("v1-delete.golive"));
        QVERIFY(writeV1(path, QStringLiteral("DELETE"), false, 2));
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->pragma(QStringLiteral("journal_mode")), QStringLiteral("wal"));
            QCOMPARE(run->pragma(QStringLiteral("user_version")), QStringLiteral("2"));
            QVERIFY(run->verification().intact());
        }
        RawDb backup(path + QStringLiteral(".bak-v1"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(backup.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 2);
    }

    void preferReadWriteFallsBackWhenHeld()
    {
        const QString path = newPath(QStringLiteral("prefer.golive"));
        auto holder = makeRun(path, 2);
        QVERIFY(holder);
        QString error;
        QString warning;
        auto run = RunFile::open(path, RunFile::Access::PreferReadWrite, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->isReadOnly());
        QCOMPARE(warning, QStringLiteral("%1 is open in another golive (pid %2 on %3): showing it "
                                         "read-only; sign-offs are disabled until it is closed "
                                         "there.")
                              .arg(QDir::toNativeSeparators(path))
                              .arg(QCoreApplication::applicationPid())
                              .arg(QSysInfo::machineHostName()));
        QCOMPARE(run->events().size(), 2);
        run.reset();
        holder.reset();
        run = RunFile::open(path, RunFile::Access::PreferReadWrite, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QVERIFY(warning.isEmpty());
    }

    void writerWaitsForTheLock()
    {
        const QString path = newPath(QStringLiteral("wait.golive"));
        QVERIFY(makeRun(path, 2));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GOLIVE_LOCK_CHILD"), path);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QVERIFY(child.waitForReadyRead(10000));
        QVERIFY(child.readLine().startsWith("LOCKED "));

        QString error;
        QElapsedTimer waited;
        waited.start();
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 300));
        QVERIFY(waited.elapsed() >= 250);
        QVERIFY2(error.contains(QStringLiteral("; waited 0.3 s for it to close. Close it there "
                                               "and try again.")),
                 qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("read-only")), qPrintable(error));

        // The holder closes while this writer waits: it gets the file.
        child.closeWriteChannel();
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 20000);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QVERIFY(child.waitForFinished());
    }

    void lockLeftByAnotherHost()
    {
        const QString path = newPath(QStringLiteral("foreign-lock.golive"));
        QVERIFY(makeRun(path, 1));
        {
            QFile lock(path + QStringLiteral(".lock"));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            lock.write("4242\ngolive\nbuild-box-7\n");
        }
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("is open in another golive (pid 4242 on "
                                               "build-box-7)")),
                 qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("If golive is no longer running on build-box-7, "
                                               "the lock was left behind: after checking that, "
                                               "delete %1.lock and try again.")
                                    .arg(QDir::toNativeSeparators(path))),
                 qPrintable(error));
        QVERIFY(QFile::remove(path + QStringLiteral(".lock")));
        QVERIFY2(RunFile::open(path, RunFile::Access::ReadWrite, &error), qPrintable(error));
    }

    void pragmaAccessor()
    {
        const QString path = newPath(QStringLiteral("pragma.golive"));
        auto run = makeRun(path, 0);
        QVERIFY(run);
        QCOMPARE(run->pragma(QStringLiteral("synchronous")), QStringLiteral("2"));
        QCOMPARE(run->pragma(QStringLiteral("journal_mode")), QStringLiteral("wal"));
        QVERIFY(run->pragma(QStringLiteral("user_version=0")).isEmpty());
        QCOMPARE(run->pragma(QStringLiteral("user_version")), QStringLiteral("2"));
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing"
                                 << "no run file at ";
        QTest::newRow("empty") << "empty"
                               << "is not a golive run file (not an SQLite database";
        QTest::newRow("text") << "text"
                              << "is not a golive run file (not an SQLite database)";
        QTest::newRow("other app") << "other"
                                   << "is not a golive run (it is an SQLite database "
                                      "of another program). golive did not change it.";
        QTest::newRow("truncated") << "truncated"
                                   << "is damaged: ";
        QTest::newRow("newer") << "newer"
                               << "was written by a newer golive (run file schema 99; this golive "
                                  "reads up to 2). It was not changed.";
        QTest::newRow("runbook changed") << "runbook"
                                         << "does not match its recorded SHA-256 (the embedded "
                                            "runbook was changed";
        QTest::newRow("folder") << "folder"
                                << "is a folder, not a golive run file";
    }

    void badFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const QString path = newPath(QStringLiteral("bad-%1.golive").arg(kind));
        if (kind == QLatin1String("empty") || kind == QLatin1String("text")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            if (kind == QLatin1String("text"))
                f.write(QByteArray("# Not a run\n").repeated(50));
        } else if (kind == QLatin1String("other")) {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE notes(body TEXT)")));
            QVERIFY(raw.exec(QStringLiteral("INSERT INTO notes VALUES('hello')")));
        } else if (kind == QLatin1String("truncated")) {
            QVERIFY(makeRun(path, 20, 400)); // closed: everything checkpointed into the file
            QFile f(path);
            QVERIFY(f.size() > 100 * 1024);
            QVERIFY(f.resize(f.size() / 2));
        } else if (kind == QLatin1String("newer")) {
            QVERIFY(makeRun(path, 2));
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version=99")));
        } else if (kind == QLatin1String("runbook")) {
            QVERIFY(makeRun(path, 2));
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("UPDATE meta SET value = CAST(value || 'x' AS BLOB) "
                                            "WHERE key = 'runbook_text'")));
        } else if (kind == QLatin1String("folder")) {
            QVERIFY(QDir().mkpath(path));
        }
        expectRefused(path, expected);
        if (kind == QLatin1String("missing"))
            QVERIFY(!QFileInfo::exists(path)); // and nothing was created
    }

    void lockedBySameProcess()
    {
        const QString path = newPath(QStringLiteral("locked.golive"));
        auto first = makeRun(path, 2);
        QVERIFY(first);
        const Fingerprint before = fingerprint(path);
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QCOMPARE(error, QStringLiteral("%1 is open in another golive (pid %2 on %3). Close it "
                                       "there and try again.")
                            .arg(QDir::toNativeSeparators(path))
                            .arg(QCoreApplication::applicationPid())
                            .arg(QSysInfo::machineHostName()));
        // Read-only works, and sees what the writer committed (still in its WAL).
        auto reader = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(reader, qPrintable(error));
        QVERIFY(reader->isReadOnly());
        QCOMPARE(reader->events().size(), 2);
        QVERIFY(reader->verification().intact());
        QVERIFY(fingerprint(path) == before);
        // Closing the writer frees the file.
        first.reset();
        reader.reset();
        QVERIFY2(RunFile::open(path, RunFile::Access::ReadWrite, &error), qPrintable(error));
    }

    // Another name of the same run (a symlink, a path through "..", a hard link) never gets a
    // lock of its own: a second writer through it is refused while the first holds the run,
    // and a run with two hard links is only read, since a hard link cannot be resolved.
    void otherNamesShareTheLock()
    {
        const QString path = newPath(QStringLiteral("named.golive"));
        auto first = makeRun(path, 2);
        QVERIFY(first);
        const QFileInfo fi(path);
        const QString link = fi.absolutePath() + QStringLiteral("/named-link.golive");
        QVERIFY(QFile::link(path, link));
        QDir(fi.absolutePath()).mkdir(QStringLiteral("sub"));
        const QString dotted = fi.absolutePath() + QStringLiteral("/sub/../named.golive");
        QString error;
        for (const QString& other : {link, dotted}) {
            QVERIFY2(!RunFile::open(other, RunFile::Access::ReadWrite, &error), qPrintable(other));
            QVERIFY2(error.contains(QStringLiteral("is open in another golive")),
                     qPrintable(error));
        }
        first.reset();
        auto viaLink = RunFile::open(link, RunFile::Access::ReadWrite, &error);
        QVERIFY2(viaLink && !viaLink->isReadOnly(), qPrintable(error));
        QVERIFY(QFileInfo::exists(path + QStringLiteral(".lock")));
        QVERIFY(!QFileInfo::exists(link + QStringLiteral(".lock")));
        viaLink.reset();

        const QString hard = fi.absolutePath() + QStringLiteral("/named-hard.golive");
        QCOMPARE(::link(QFile::encodeName(path).constData(), QFile::encodeName(hard).constData()),
                 0);
        QString warning;
        for (const QString& name : {path, hard}) {
            auto run = RunFile::open(name, RunFile::Access::ReadWrite, &error, &warning);
            QVERIFY2(run, qPrintable(error));
            QVERIFY2(run->isReadOnly(), qPrintable(name));
            QVERIFY2(warning.contains(QStringLiteral("has 2 names (hard links)")),
                     qPrintable(warning));
        }
        QVERIFY(QFile::remove(hard));
        auto again = RunFile::open(path, RunFile::Access::ReadWrite, &error, &warning);
        QVERIFY2(again && !again->isReadOnly(), qPrintable(error + warning));
    }

    void lockedByAnotherProcess()
    {
        const QString path = newPath(QStringLiteral("locked-child.golive"));
        QVERIFY(makeRun(path, 2));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GOLIVE_LOCK_CHILD"), path);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QVERIFY(child.waitForReadyRead(10000));
        const QByteArray line = child.readLine().trimmed();
        QVERIFY2(line.startsWith("LOCKED "), line.constData());
        const qint64 pid = line.mid(7).toLongLong();
        QCOMPARE(pid, child.processId());

        const Fingerprint before = fingerprint(path);
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("is open in another golive (pid %1 on ").arg(pid)),
                 qPrintable(error));
        QVERIFY(fingerprint(path) == before);
        QVERIFY2(RunFile::open(path, RunFile::Access::ReadOnly, &error), qPrintable(error));

        // A writer that dies leaves a stale lock: the next opener takes over.
        child.kill();
        QVERIFY(child.waitForFinished());
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
    }

    void readOnlyAccess()
    {
        const QString path = newPath(QStringLiteral("readonly.golive"));
        QVERIFY(makeRun(path, 2));
        const Fingerprint before = fingerprint(path);
        QString error;
        QString warning;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->isReadOnly());
        QVERIFY(warning.isEmpty()); // asked for, so nothing to warn about
        QCOMPARE(run->events().size(), 2);
        SignOffEvent e = signEvent(run->runbook().allItems().at(5));
        QVERIFY(!run->append(e, &error));
        QVERIFY2(error.contains(QStringLiteral("is open read-only: sign-offs are disabled")),
                 qPrintable(error));
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".lock")));
        run.reset();
        QVERIFY(fingerprint(path) == before);
    }

    void unwritableFallsBackToReadOnly()
    {
        // Root passes every permission check, so chmod cannot make a file read-only for it:
        // there the test checks that golive still opens it for writing (and says nothing).
        const QString dirPath = newPath(QStringLiteral("ro-dir"));
        QVERIFY(QDir().mkpath(dirPath));
        const QString path = dirPath + QStringLiteral("/ro.golive");
        QVERIFY(makeRun(path, 2));
        const Fingerprint before = fingerprint(path);
        const bool root = ::geteuid() == 0;

        const auto check = [&](const char* what) {
            QString error;
            QString warning;
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, &warning);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 2);
            if (root) {
                QVERIFY2(!run->isReadOnly(), what);
            } else {
                QVERIFY2(run->isReadOnly(), what);
                QCOMPARE(warning, QStringLiteral("%1 is read-only: showing it, sign-offs are "
                                                 "disabled")
                                      .arg(QDir::toNativeSeparators(path)));
                run.reset();
                QVERIFY(fingerprint(path) == before);
            }
        };
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadUser));
        check("read-only file");
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser |
                                                QFile::WriteUser));
        QVERIFY(QFile::setPermissions(dirPath, QFile::ReadOwner | QFile::ExeOwner |
                                                   QFile::ReadUser | QFile::ExeUser));
        check("read-only folder");
        QVERIFY(QFile::setPermissions(dirPath, QFile::ReadOwner | QFile::WriteOwner |
                                                   QFile::ExeOwner | QFile::ReadUser |
                                                   QFile::WriteUser | QFile::ExeUser));
    }

    void readOnlySeesKilledWritersWal()
    {
        // What a killed writer leaves: the database file plus a -wal holding its commits.
        const QString path = newPath(QStringLiteral("walsrc.golive"));
        auto writer = makeRun(path, 5);
        QVERIFY(writer);
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
        const QString copyDir = newPath(QStringLiteral("walcopy"));
        QVERIFY(QDir().mkpath(copyDir));
        const QString copy = copyDir + QStringLiteral("/run.golive");
        QVERIFY(QFile::copy(path, copy));
        QVERIFY(QFile::copy(path + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
        writer.reset();

        const Fingerprint before = fingerprint(copy);
        QString error;
        {
            auto run = RunFile::open(copy, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 5);
            QVERIFY(run->verification().intact());
        }
        QVERIFY(fingerprint(copy) == before);
        auto run = RunFile::open(copy, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 5);
    }

    void readOnlyFolderWithLeftoverWal()
    {
        // A killed writer's files (with -shm) on a share this user may only read. As root the
        // permissions do not bind, so this then repeats the test above.
        const QString path = newPath(QStringLiteral("walsrc2.golive"));
        auto writer = makeRun(path, 4);
        QVERIFY(writer);
        const QString copyDir = newPath(QStringLiteral("walcopy-ro"));
        QVERIFY(QDir().mkpath(copyDir));
        const QString copy = copyDir + QStringLiteral("/run.golive");
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QVERIFY(QFile::copy(path + suffix, copy + suffix));
            QVERIFY(QFile::setPermissions(copy + suffix, QFile::ReadOwner | QFile::ReadUser |
                                                             QFile::ReadGroup | QFile::ReadOther));
        }
        writer.reset();
        const auto rx = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadUser | QFile::ExeUser;
        QVERIFY(QFile::setPermissions(copyDir, rx));
        const Fingerprint before = fingerprint(copy);
        QString error;
        QString warning;
        {
            auto run = RunFile::open(copy, RunFile::Access::ReadWrite, &error, &warning);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 4);
            QVERIFY(run->verification().intact());
            QCOMPARE(run->isReadOnly(), ::geteuid() != 0);
            if (::geteuid() != 0)
                QVERIFY(warning.contains(QStringLiteral("read-only")));
        }
        if (::geteuid() != 0)
            QVERIFY(fingerprint(copy) == before);
        QVERIFY(QFile::setPermissions(copyDir, rx | QFile::WriteOwner | QFile::WriteUser));
    }

    // Each event must name the one before it. An event edited with its own hash recomputed is
    // self-consistent, and so is a forged event appended with a correct hash of its own: only
    // the link to the previous event's hash gives them away.
    void prevHashLinkIsChecked()
    {
        const QString path = newPath(QStringLiteral("relinked.golive"));
        SignOffEvent forged;
        {
            auto run = makeRun(path, 6);
            QVERIFY(run);
            // Event #3 with another signer, rehashed over its own (unchanged) prev.
            SignOffEvent edited = run->events().at(2);
            edited.actor.name = QStringLiteral("Mallory");
            edited.hash = edited.computeHash();
            QVERIFY(edited.hash != run->events().at(2).hash);
            QVERIFY(tamper(path, QStringLiteral("UPDATE events SET actor = 'Mallory', hash = '%1' "
                                                "WHERE seq = 3")
                                     .arg(QString::fromLatin1(edited.hash))));
            // A forged #7 that claims to follow #5, hashed correctly over what it says.
            forged = run->events().at(5);
            forged.seq = 7;
            forged.itemId = run->runbook().allItems().at(9)->id;
            forged.prevHash = run->events().at(4).hash;
            forged.hash = forged.computeHash();
        }
        RawDb raw(path);
        QSqlQuery q(raw.db());
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")));
        const QVariantList values{
            forged.seq,
            forged.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
            eventKindName(forged.kind),
            forged.itemId,
            QVariant(),
            forged.text,
            forged.actor.name,
            roleName(forged.actor.role),
            forged.actor.osUser,
            forged.actor.host,
            QString::fromLatin1(forged.prevHash),
            QString::fromLatin1(forged.hash)};
        for (int c = 0; c < values.size(); ++c)
            q.bindValue(c, values.at(c));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));

        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const ChainVerification v = run->verify();
        QVERIFY2(!v.intact(), qPrintable(v.summary()));
        QCOMPARE(v.breaks.size(), 2);
        QCOMPARE(v.breaks.at(0).seq, 4); // #3 itself is self-consistent; #4 no longer follows it
        QCOMPARE(v.breaks.at(0).problem,
                 QStringLiteral("the event before it is missing or was changed"));
        QCOMPARE(v.breaks.at(1).seq, 7);
        QCOMPARE(v.breaks.at(1).problem,
                 QStringLiteral("the event before it is missing or was changed"));
        QCOMPARE(run->verification().breaks.size(), 2);
    }

    // A golive killed between creating its lock file and filling it leaves an empty file that
    // names no process and that nobody holds: the next writer takes it over.
    void emptyLockIsTakenOver_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("\x01\xff not a lock\n", 15);
        QTest::newRow("pid 0") << QByteArray("0\ngolive\n\n");
    }

    void emptyLockIsTakenOver()
    {
        QFETCH(QByteArray, contents);
        const QString path = newPath(QStringLiteral("empty-lock-%1.golive")
                                         .arg(QString::fromUtf8(QTest::currentDataTag())
                                                  .replace(QLatin1Char(' '), QLatin1Char('-'))));
        QVERIFY(makeRun(path, 1));
        const QString lockPath = path + QStringLiteral(".lock");
        const auto leaveLock = [&](const QDateTime& modified) {
            QFile lock(lockPath);
            QVERIFY(lock.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(lock.write(contents), contents.size());
            lock.close();
            QVERIFY(lock.open(QIODevice::ReadWrite));
            QVERIFY(lock.setFileTime(modified, QFileDevice::FileModificationTime));
        };
        // Left a minute ago: taken over at once, without waiting.
        leaveLock(QDateTime::currentDateTime().addSecs(-60));
        QString error;
        QElapsedTimer clock;
        clock.start();
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QVERIFY(!run->isReadOnly());
            QVERIFY(clock.elapsed() < 1000);
            SignOffEvent e = signEvent(run->runbook().allItems().at(3));
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        QVERIFY(!QFileInfo::exists(lockPath));
        // Left just now: it might be a lock being written this instant, so a writer that may
        // wait gives it a moment, then takes it over.
        leaveLock(QDateTime::currentDateTime());
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 10000);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QCOMPARE(run->events().size(), 2);
    }

    // A lock naming a process that is gone is stale at once.
    void deadOwnersLockIsTakenOver()
    {
        const QString path = newPath(QStringLiteral("dead-lock.golive"));
        QVERIFY(makeRun(path, 1));
        QProcess gone;
        gone.start(QStringLiteral("true"), {});
        QVERIFY(gone.waitForFinished());
        const qint64 pid = gone.processId() > 0 ? gone.processId() : 999999;
        {
            QFile lock(path + QStringLiteral(".lock"));
            QVERIFY(lock.open(QIODevice::WriteOnly));
            lock.write(QStringLiteral("%1\ngolive\n%2\n")
                           .arg(pid)
                           .arg(QSysInfo::machineHostName())
                           .toUtf8());
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
    }

    // A lock that names no process but IS held (here through flock(1), as a golive holds it while
    // it writes the lock): it cannot be judged left behind, so the writer is told the way out.
    void heldLockNamingNoProcessExplainsTheWayOut()
    {
        const QString path = newPath(QStringLiteral("held-empty-lock.golive"));
        QVERIFY(makeRun(path, 1));
        const QString lockPath = path + QStringLiteral(".lock");
        QProcess holder;
        // One process that takes the flock and then becomes `sleep`, still holding it.
        holder.start(QStringLiteral("sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("exec 9>>\"$1\" && flock 9 && exec sleep 30"),
                      QStringLiteral("sh"), lockPath});
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY(QFileInfo::exists(lockPath));
        QTest::qWait(1200); // older than a lock being written
        const Fingerprint before = fingerprint(path);
        QString error;
        QVERIFY(!RunFile::open(path, RunFile::Access::ReadWrite, &error, nullptr, 300));
        holder.kill();
        holder.waitForFinished();
        QCOMPARE(error,
                 QStringLiteral("%1 is open in another golive on this computer (its lock %2 names "
                                "no process); waited 0.3 s for it to close. Close it there and "
                                "try again. If no golive has this run open (check every computer "
                                "that opens it), the lock was left behind: delete %2 and try "
                                "again.")
                     .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(lockPath)));
        QVERIFY(fingerprint(path) == before);
        // Once its holder is gone, the same lock is taken over.
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
    }

    // The file put back to an older copy of itself: its own chain is intact, but this computer
    // saw it with more events, so it is not called intact; an acknowledgement re-bases it.
    void olderCopyPutBackIsNotIntact()
    {
        const QString path = newPath(QStringLiteral("backwards.golive"));
        const QString copy = newPath(QStringLiteral("backwards-copy.golive"));
        QVERIFY(makeRun(path, 2));
        QVERIFY(QFile::copy(path, copy));
        QByteArray seenHead;
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            for (int i = 2; i < 4; ++i) {
                SignOffEvent e = signEvent(run->runbook().allItems().at(i));
                QVERIFY2(run->append(e, &error), qPrintable(error));
            }
            seenHead = run->headHash();
            QVERIFY(run->headRecordWarning().isEmpty());
        }
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(copy, path));

        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 2);
        for (const ChainVerification& v : {run->verification(), run->verify()}) {
            QVERIFY2(!v.intact(), qPrintable(v.summary()));
            QCOMPARE(v.breaks.size(), 1);
            QVERIFY(v.breaks.at(0).wentBack);
            QCOMPARE(v.unacknowledged.size(), 1);
            QVERIFY2(v.summary().startsWith(QStringLiteral("ledger not intact: the run went "
                                                           "backwards: this computer saw it with "
                                                           "4 events, head %1, at ")
                                                .arg(QString::fromLatin1(seenHead))),
                     qPrintable(v.summary()));
            QVERIFY2(v.summary().contains(QStringLiteral("the file holds only 2 now")),
                     qPrintable(v.summary()));
            QCOMPARE(v.acknowledgementKey(), QStringLiteral("4:") + QString::fromLatin1(seenHead));
        }
        // When: the time in the record, between the writes above and now.
        const std::optional<SeenHead> seen = HeadRecord::read(run->runId());
        QVERIFY(seen);
        QCOMPARE(seen->eventCount, 4);
        QVERIFY(seen->seenUtc >= before && seen->seenUtc <= QDateTime::currentDateTimeUtc());
        QVERIFY(run->verification().summary().contains(
            seen->seenUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
            QStringLiteral(" UTC")));

        // Nothing more is signed over it until someone in charge acknowledges it.
        SignOffEvent sign = signEvent(run->runbook().allItems().at(5));
        QVERIFY(!run->append(sign, &error));
        QVERIFY2(error.contains(QStringLiteral("acknowledge it first")), qPrintable(error));
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Bo"),
                                     Role::Engineer, QStringLiteral("older copy restored"));
        ack.fieldKey = run->verification().acknowledgementKey();
        QVERIFY(!run->append(ack, &error));
        ack.actor.role = Role::IncidentCommander;
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 3);
        // The acknowledgement keeps which head and count were seen; the record follows the
        // file again.
        QCOMPARE(run->events().constLast().fieldKey,
                 QStringLiteral("4:") + QString::fromLatin1(seenHead));
        QCOMPARE(HeadRecord::read(run->runId())->eventCount, 3);
        QCOMPARE(HeadRecord::read(run->runId())->head, ack.hash);
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        run.reset();
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY2(run->verification().intact(), qPrintable(run->verification().summary()));
        QVERIFY(run->verify().intact());
    }

    // An older copy put back and then written to from elsewhere has as many events as were
    // seen, or more, but not the head seen: that is noticed too.
    void olderCopyWrittenToSinceIsNotIntact()
    {
        const QString path = newPath(QStringLiteral("forked.golive"));
        const QString copy = newPath(QStringLiteral("forked-copy.golive"));
        QVERIFY(makeRun(path, 2));
        QVERIFY(QFile::copy(path, copy));
        QString error;
        QString runId;
        QByteArray seenHead;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            SignOffEvent e = signEvent(run->runbook().allItems().at(2));
            QVERIFY2(run->append(e, &error), qPrintable(error));
            runId = run->runId();
            seenHead = run->headHash();
        }
        // Another computer (no record here) writes two other events into the old copy.
        const QString record = HeadRecord::fileFor(runId);
        QFile saved(record);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray recordBytes = saved.readAll();
        saved.close();
        QVERIFY(QFile::remove(record));
        {
            auto other = RunFile::open(copy, RunFile::Access::ReadWrite, &error);
            QVERIFY2(other, qPrintable(error));
            for (int i = 5; i < 7; ++i) {
                SignOffEvent e = signEvent(other->runbook().allItems().at(i));
                QVERIFY2(other->append(e, &error), qPrintable(error));
            }
        }
        QVERIFY(saved.open(QIODevice::WriteOnly | QIODevice::Truncate));
        saved.write(recordBytes);
        saved.close();

        auto run = RunFile::open(copy, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 4);
        const ChainVerification v = run->verify();
        QVERIFY2(!v.intact(), qPrintable(v.summary()));
        QVERIFY(v.breaks.at(0).wentBack);
        QVERIFY2(v.summary().contains(
                     QStringLiteral("3 events, head %1").arg(QString::fromLatin1(seenHead))),
                 qPrintable(v.summary()));
        QVERIFY2(v.summary().contains(QStringLiteral("no event in the file has that head")),
                 qPrintable(v.summary()));
    }

    // A run with no events whose runbook was swapped (and its SHA-256 with it) verifies by its
    // own chain; this computer's record of its genesis still tells.
    void runbookSwappedBeforeAnyEventIsNoticedHere()
    {
        const QString path = newPath(QStringLiteral("swapped-empty.golive"));
        QVERIFY(makeRun(path, 0));
        QByteArray other = seedText();
        other.replace("Go-Live Runbook", "Go-Live Runbook (edited)");
        QVERIFY(tamper(path, QStringLiteral("UPDATE meta SET value = CAST(X'%1' AS BLOB) WHERE "
                                            "key = 'runbook_text'")
                                 .arg(QString::fromLatin1(other.toHex()))));
        QVERIFY(tamper(
            path, QStringLiteral("UPDATE meta SET value = '%1' WHERE key = "
                                 "'runbook_sha256'")
                      .arg(QString::fromLatin1(
                          QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex()))));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->runbook().title.contains(QStringLiteral("(edited)")));
        QVERIFY2(!run->verification().intact(), qPrintable(run->verification().summary()));
        QVERIFY2(run->verification().summary().contains(
                     QStringLiteral("its runbook or run id is not the one seen then")),
                 qPrintable(run->verification().summary()));
    }

    // The record cannot be written (its folder is a file): signing goes on, with a warning.
    // A record that is not a plain file (a FIFO nobody writes, a link to a device) would hang or
    // flood the reader: it is ignored with a warning, and the run opens at once.
    void headRecordThatIsNotAPlainFileIsIgnored()
    {
        const QString path = newPath(QStringLiteral("fifo-record.golive"));
        QVERIFY(makeRun(path, 1));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QString record = HeadRecord::fileFor(run->runId());
        run.reset();
        QVERIFY(QFile::remove(record));
        QCOMPARE(::mkfifo(QFile::encodeName(record).constData(), 0600), 0);
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY2(run->headRecordWarning().contains(QStringLiteral("is not a plain file")),
                 qPrintable(run->headRecordWarning()));
        run.reset();
        QVERIFY(QFile::remove(record));
    }

    void unwritableHeadRecordNeverBlocksSigning()
    {
        const QString path = newPath(QStringLiteral("no-record.golive"));
        QVERIFY(makeRun(path, 1));
        const QString dir = HeadRecord::directory();
        QVERIFY(QDir(dir).removeRecursively());
        {
            QFile blocker(dir);
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY2(run->headRecordWarning().contains(QStringLiteral("could not record the head "
                                                                  "seen of run")),
                 qPrintable(run->headRecordWarning()));
        SignOffEvent e = signEvent(run->runbook().allItems().at(2));
        const bool appended = run->append(e, &error);
        const QString warning = run->headRecordWarning();
        run.reset();
        QVERIFY(QFile::remove(dir));
        QVERIFY2(appended, qPrintable(error));
        QVERIFY(!warning.isEmpty());
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 2);
        QVERIFY(run->headRecordWarning().isEmpty());
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    if (const QString path = qEnvironmentVariable("GOLIVE_LOCK_CHILD"); !path.isEmpty())
        return lockChild(path);
    TestRunFile test;
    return runTests(&test, argc, argv);
}

#include "tst_runfile.moc"
