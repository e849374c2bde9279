// RunFile: creating, reopening, appending, migrating and refusing run files, and read-only
// access; every refusal leaves the file exactly as it was.
#include "RunFileTestFixture.h"

using namespace golive;
using namespace golive::test;

class TestRunFile : public QObject, public RunFileFixture
{
    Q_OBJECT

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

        // A runbook the parser reports errors in (nothing to check off).
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

    void oldRunKeepsItsReadingRules()
    {
        // Read differently by the current rules: the "Intro" section has no item, so it is
        // folded into "Steps", which becomes tab 1; golive before the rules were versioned
        // kept "Intro" as tab 1 and "Steps" as tab 2.
        const QByteArray text = "# Team release\n\n## Intro\n\nWhy we ship.\n\n## Steps\n\n"
                                "- [ ] Tag\n- [ ] Ship\n";
        const QStringList legacyIds{QStringLiteral("2.1"), QStringLiteral("2.2")};
        const QString path = newPath(QStringLiteral("old-rules.golive"));
        QString error;
        {
            auto run = RunFile::create(path, text, QStringLiteral("team.md"), &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->runbook().rules, RunbookParser::CurrentRules);
            QCOMPARE(run->runbook().allItems().at(0)->id, QStringLiteral("1.1"));
            QCOMPARE(run->runbook().sections.size(), 1);
        }
        {
            // As an older golive left it: no record of the rules at all.
            RawDb raw(path);
            QVERIFY(raw.ok());
            QString sqlError;
            QVERIFY2(
                raw.exec(QStringLiteral("DELETE FROM meta WHERE key = 'runbook_rules'"), &sqlError),
                qPrintable(sqlError));
            QVERIFY(!raw.value(QStringLiteral("SELECT value FROM meta WHERE key = "
                                              "'runbook_rules'"))
                         .isValid());
        }
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->runbook().rules, RunbookParser::LegacyRules);
        QCOMPARE(run->runbook().sections.size(), 2);
        QStringList ids;
        for (const RunbookItem* item : run->runbook().allItems())
            ids << item->id;
        QCOMPARE(ids, legacyIds);
        // Its items are signed under the ids it was made with.
        SignOffEvent sign = signEvent(run->runbook().allItems().at(0));
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        run.reset();
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->state().item(QStringLiteral("2.1")).status, ItemStatus::Signed);
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
            SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(1));
            QString error;
            QVERIFY(!run->append(e, &error));
            QVERIFY2(error.contains(QStringLiteral("Nothing was recorded")), qPrintable(error));
            QCOMPARE(run->events().size(), 1);
            QCOMPARE(run->headHash(), head);
            QCOMPARE(run->state().item(e.itemId).status, ItemStatus::Open);
            QVERIFY(raw.exec(QStringLiteral("ROLLBACK")));
        }
        SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(1));
        QString error;
        QVERIFY2(run->append(e, &error), qPrintable(error));
        QCOMPARE(e.seq, 2);
        QCOMPARE(e.prevHash, head);
        QVERIFY(run->verify().intact());
    }

    void migratesV1()
    {
        const QString path = newPath(QStringLiteral("v1.golive"));
        // The bundled runbook of golive 0.1's days, read with the legacy rules as then.
        const QByteArray text = seedBeforeChecks(seedText());
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
            SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(3));
            QVERIFY2(run->append(e, &error), qPrintable(error));
            QCOMPARE(e.prevHash, events.at(2).hash);
        }
        {
            RawDb raw(path);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
                     RunFile::SchemaVersion);
            // Version 3: each event's signature, stored with it.
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM pragma_table_info('events')"
                                              " WHERE name IN ('key_type', 'key_fp', 'signature')"))
                         .toInt(),
                     3);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                              "'trigger' AND tbl_name = 'events'"))
                         .toInt(),
                     2);
            // Version 4: evidence, written once and never changed or deleted.
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                              "'trigger' AND tbl_name IN ('blobs', "
                                              "'blob_chunks')"))
                         .toInt(),
                     5);
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                              "'events_item_id'"))
                         .toInt(),
                     1);
            // Version 5: each event's snapshot, NULL for the events written before it.
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM events WHERE snapshot IS NULL"))
                         .toInt(),
                     4);
            QVERIFY(!raw.exec(QStringLiteral("DELETE FROM events")));
        }
        // The copy made before the upgrade is the v1 file with its three events.
        RawDb backup(path + QStringLiteral(".bak-v1"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(backup.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 3);
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
            QCOMPARE(run->pragma(QStringLiteral("user_version")),
                     QString::number(RunFile::SchemaVersion));
            QVERIFY(run->verification().intact());
        }
        RawDb backup(path + QStringLiteral(".bak-v1"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(backup.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 2);
    }

    // A run file of schema 2 (before signatures): read as it is without them, and upgraded to
    // hold them when opened for writing, a copy of the old file first.
    void migratesV2ToSignatureColumns()
    {
        const QString path = newPath(QStringLiteral("v2.golive"));
        QByteArray head;
        {
            auto run = makeRun(path, 2);
            QVERIFY(run);
            head = run->headHash();
        }
        {
            RawDb raw(path);
            QString why;
            for (const char* column : {"signature", "key_fp", "key_type"}) {
                QVERIFY2(raw.exec(QStringLiteral("ALTER TABLE events DROP COLUMN %1")
                                      .arg(QLatin1String(column)),
                                  &why),
                         qPrintable(why));
            }
            // What schemas 4 and 5 added is not in a schema-2 file either.
            QVERIFY2(raw.exec(QStringLiteral("ALTER TABLE events DROP COLUMN snapshot"), &why),
                     qPrintable(why));
            QVERIFY2(raw.exec(QStringLiteral("DROP TABLE blob_chunks"), &why), qPrintable(why));
            QVERIFY2(raw.exec(QStringLiteral("DROP TABLE blobs"), &why), qPrintable(why));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version=2")));
        }
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->events().size(), 2);
            QVERIFY(!run->events().at(0).signature.isSigned());
            QVERIFY(run->verification().intact());
        }
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QCOMPARE(run->headHash(), head);
            QVERIFY(run->verification().intact());
            QCOMPARE(run->pragma(QStringLiteral("user_version")),
                     QString::number(RunFile::SchemaVersion));
        }
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM pragma_table_info('events')"
                                          " WHERE name IN ('key_type', 'key_fp', 'signature')"))
                     .toInt(),
                 3);
        RawDb backup(path + QStringLiteral(".bak-v2"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 2);
    }

    void pragmaAccessor()
    {
        const QString path = newPath(QStringLiteral("pragma.golive"));
        auto run = makeRun(path, 0);
        QVERIFY(run);
        QCOMPARE(run->pragma(QStringLiteral("synchronous")), QStringLiteral("2"));
        QCOMPARE(run->pragma(QStringLiteral("journal_mode")), QStringLiteral("wal"));
        QVERIFY(run->pragma(QStringLiteral("user_version=0")).isEmpty());
        QCOMPARE(run->pragma(QStringLiteral("user_version")),
                 QString::number(RunFile::SchemaVersion));

        // Opened either way, the page cache is small: appends touch a few pages, and the open
        // reads the file once; SQLite's default would hold up to 2 MB of the run again.
        run.reset();
        for (const auto access : {RunFile::Access::ReadWrite, RunFile::Access::ReadOnly}) {
            QString error;
            auto opened = RunFile::open(path, access, &error);
            QVERIFY2(opened, qPrintable(error));
            QCOMPARE(opened->pragma(QStringLiteral("cache_size")), QStringLiteral("-256"));
        }
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
                                  "reads up to 5). It was not changed.";
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
        SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(5));
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
