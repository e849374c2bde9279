// The server run against a real PostgreSQL: schema, create, open, append, reopen, catch up,
// verify, and the refusals said in words.
#include "RunLedger.h"
#include "ServerTestSupport.h"
#include "server/ServerRun.h"

#include "RunFile.h"
#include "evidence/Evidence.h"

#include <QBuffer>

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;
using namespace golive::test;

class TestServerRun : public QObject
{
    Q_OBJECT

private:
    const Actor eng = person(QStringLiteral("Eli Novak"), Role::Engineer);

    SignOffEvent attachmentOn(const QString& itemId, const QString& name) const
    {
        SignOffEvent e;
        e.kind = EventKind::EvidenceAttached;
        e.itemId = itemId;
        e.actor = eng;
        e.text = attachmentEventText({name, 0, QStringLiteral("text/plain"), {}});
        return e;
    }

    std::unique_ptr<ServerRun> newRun(const QString& name)
    {
        QString error;
        auto run =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error);
        if (!run)
            qWarning().noquote() << error;
        return run;
    }

private slots:
    void initTestCase()
    {
        setUpServerTest();
        QString error, said;
        QVERIFY2(ServerRun::initSchema(adminUri(), &error, &said), qPrintable(error));
    }

    void initSchemaIsIdempotent()
    {
        QString error, said;
        QVERIFY2(ServerRun::initSchema(adminUri(), &error, &said), qPrintable(error));
        QVERIFY2(said.contains(QStringLiteral("already version %1").arg(ServerRun::SchemaVersion)),
                 qPrintable(said));
    }

    void createOpenAppendReopen()
    {
        const QString name = uniqueName(QStringLiteral("core"));
        auto run = newRun(name);
        QVERIFY(run);
        QVERIFY(run->isShared());
        QCOMPARE(run->host(), QStringLiteral("127.0.0.1:%1").arg(fixturePort()));
        QVERIFY(run->path().contains(QStringLiteral("run=") + name));
        QVERIFY(!run->isReadOnly());
        QCOMPARE(run->runbookText(), seedRunbook());
        QVERIFY(run->verification().intact());
        QCOMPARE(run->headHash(), run->genesisHash());

        QString error;
        for (const char* id : {"4.1", "1.3"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            QVERIFY2(run->append(e, &error), qPrintable(error));
            QVERIFY(!e.hash.isEmpty());
        }
        SignOffEvent note = noteOn(QStringLiteral("4.1"), QStringLiteral("bridge is up"), eng);
        QVERIFY2(run->append(note, &error), qPrintable(error));
        QCOMPARE(note.seq, 3);
        const QByteArray head = run->headHash();
        QVERIFY(run->verify().intact());
        QCOMPARE(run->verify().head, head);
        run.reset();

        QString warning;
        auto again = RunLedger::open(runUri(name), RunLedger::Access::ReadWrite, &error, &warning);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->headHash(), head);
        QCOMPARE(again->events().size(), 3);
        QVERIFY(again->verification().intact());
        QCOMPARE(again->state().item(QStringLiteral("4.1")).status, ItemStatus::Signed);
        // The rules hold on the server as in a file.
        SignOffEvent twice = signOf(QStringLiteral("4.1"), eng);
        QVERIFY(!again->append(twice, &error));
        QVERIFY2(error.contains(QStringLiteral("already signed by Eli Novak")), qPrintable(error));
    }

    void catchUpSeesAnotherWritersAppend()
    {
        const QString name = uniqueName(QStringLiteral("catchup"));
        auto a = newRun(name);
        QVERIFY(a);
        QString error;
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(a->append(e, &error), qPrintable(error));
        QList<SignOffEvent> fresh;
        QVERIFY2(b->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().hash, e.hash);
        QCOMPARE(b->headHash(), a->headHash());
        QCOMPARE(b->state().item(QStringLiteral("4.1")).status, ItemStatus::Signed);
        QVERIFY2(b->catchUp(&fresh, &error), qPrintable(error));
        QVERIFY(fresh.isEmpty());

        // b appends without catching up first: a's newer event is folded in before, kept for
        // b's next catchUp, and the chain stays one line.
        SignOffEvent fromA = signOf(QStringLiteral("1.3"), eng);
        QVERIFY2(a->append(fromA, &error), qPrintable(error));
        SignOffEvent fromB = noteOn(QStringLiteral("1.3"), QStringLiteral("seen"), eng);
        QVERIFY2(b->append(fromB, &error), qPrintable(error));
        QCOMPARE(fromB.seq, 3);
        QCOMPARE(fromB.prevHash, fromA.hash);
        QVERIFY2(b->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().seq, 2);
        QVERIFY(b->verify().intact());
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(a->headHash(), b->headHash());
    }
    void watchFiresOnAnotherConnectionsAppendAndOnGarbage()
    {
        const QString name = uniqueName(QStringLiteral("watch"));
        auto a = newRun(name);
        QVERIFY(a);
        QString error;
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        int calls = 0;
        QVERIFY(a->watch([&calls] { ++calls; }));
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(b->append(e, &error), qPrintable(error));
        QTRY_VERIFY(calls >= 1);
        QList<SignOffEvent> fresh;
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(fresh.size(), 1);

        // Anyone who may NOTIFY can send anything: it is a reason to look, never data.
        const QByteArray head = a->headHash();
        const int before = calls;
        AdminConnection admin;
        QCOMPARE(admin.exec(QStringLiteral("NOTIFY %1, '{\"seq\": 999999, \"kind\": \"signed\"} "
                                           "\u00ff garbage'")
                                .arg(a->channel())),
                 QString());
        QTRY_VERIFY(calls > before);
        QVERIFY2(a->catchUp(&fresh, &error), qPrintable(error));
        QVERIFY(fresh.isEmpty());
        QCOMPARE(a->headHash(), head);
        QCOMPARE(a->events().size(), 1);
    }

    void aTakenNameIsRefused()
    {
        const QString name = uniqueName(QStringLiteral("taken"));
        QVERIFY(newRun(name));
        QString error;
        QVERIFY(
            !ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error));
        QVERIFY2(error.contains(QStringLiteral("already has a run named \"%1\"").arg(name)),
                 qPrintable(error));
    }

    void aMissingRunListsTheOthers()
    {
        const QString name = uniqueName(QStringLiteral("present"));
        QVERIFY(newRun(name));
        QString error;
        const QString missing = uniqueName(QStringLiteral("missing"));
        QVERIFY(!RunLedger::open(runUri(missing), RunLedger::Access::ReadOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("no run named \"%1\"").arg(missing)),
                 qPrintable(error));
        QVERIFY2(error.contains(name), qPrintable(error));
    }

    void noSchemaAndANewerSchemaAreRefused()
    {
        const QString database = uniqueName(QStringLiteral("db")).toLower();
        {
            AdminConnection admin;
            QCOMPARE(admin.exec(QStringLiteral("CREATE DATABASE %1").arg(database)), QString());
        }
        QString error;
        QVERIFY(!ServerRun::open(runUri(QStringLiteral("x"), database), RunLedger::Access::ReadOnly,
                                 &error));
        QVERIFY2(error.contains(QStringLiteral("has no golive schema: run `golive server init %1`")
                                    .arg(adminUri(database))),
                 qPrintable(error));
        QVERIFY(!ServerRun::create(runUri(QStringLiteral("x"), database), seedRunbook(),
                                   QStringLiteral("summit.md"), &error));
        QVERIFY2(error.contains(QStringLiteral("golive server init")), qPrintable(error));

        QString said;
        QVERIFY2(ServerRun::initSchema(adminUri(database), &error, &said), qPrintable(error));
        QVERIFY2(said.contains(QStringLiteral("created")), qPrintable(said));
        {
            AdminConnection admin(database);
            QCOMPARE(admin.exec(QStringLiteral("UPDATE golive_schema SET version = 99")),
                     QString());
        }
        QVERIFY(!ServerRun::open(runUri(QStringLiteral("x"), database), RunLedger::Access::ReadOnly,
                                 &error));
        QVERIFY2(error.contains(QStringLiteral("schema version 99, made by a newer golive")),
                 qPrintable(error));
        QVERIFY(!ServerRun::initSchema(adminUri(database), &error));
        QVERIFY2(error.contains(QStringLiteral("newer golive")), qPrintable(error));
    }

    void aWrongPasswordIsSaidInWords()
    {
        const QString name = uniqueName(QStringLiteral("pw"));
        QVERIFY(newRun(name));
        const QString uri = QStringLiteral("postgresql://golive_admin:Wr0ngSecret@127.0.0.1:%1/"
                                           "golive?run=%2")
                                .arg(fixturePort(), name);
        QString error;
        QVERIFY(!RunLedger::open(uri, RunLedger::Access::ReadOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1 refused the password for golive_admin")
                                    .arg(fixturePort())),
                 qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("Wr0ngSecret")), qPrintable(error));
    }

    void aSelectOnlyRoleOpensReadOnlyInWords()
    {
        const QString name = uniqueName(QStringLiteral("ro"));
        QVERIFY(newRun(name));
        const QString role = uniqueName(QStringLiteral("reader")).toLower();
        {
            AdminConnection admin;
            QCOMPARE(
                admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Reader-Pw-1'").arg(role)),
                QString());
            for (const QString& sql : ServerRun::readerGrants(role))
                QCOMPARE(admin.exec(sql), QString());
        }
        const QString uri = QStringLiteral("postgresql://%1:Reader-Pw-1@127.0.0.1:%2/golive?run=%3")
                                .arg(role, fixturePort(), name);
        QString error, warning;
        QVERIFY(!ServerRun::open(uri, RunLedger::Access::ReadWrite, &error));
        QVERIFY2(error.contains(QStringLiteral("the role %1 may not write runs").arg(role)),
                 qPrintable(error));
        auto run = ServerRun::open(uri, RunLedger::Access::PreferReadWrite, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->isReadOnly());
        QVERIFY2(warning.contains(QStringLiteral("showing")) &&
                     warning.contains(QStringLiteral("read-only")),
                 qPrintable(warning));
        QVERIFY(!run->path().contains(QStringLiteral("Reader-Pw-1")));
        QVERIFY(!warning.contains(QStringLiteral("Reader-Pw-1")));
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY(!run->append(e, &error));
        QVERIFY2(error.contains(QStringLiteral("read-only")), qPrintable(error));
        QVERIFY(!error.contains(QStringLiteral("Reader-Pw-1")));
    }

    void theTriggersRefuseUpdateDeleteAndTruncate()
    {
        const QString name = uniqueName(QStringLiteral("trig"));
        auto run = newRun(name);
        QVERIFY(run);
        QString error;
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(run->append(e, &error), qPrintable(error));
        AdminConnection admin;
        const QString id = run->runId();
        for (const QString& sql :
             {QStringLiteral("UPDATE golive_events SET text = 'x' WHERE run_id = '%1'").arg(id),
              QStringLiteral("DELETE FROM golive_events WHERE run_id = '%1'").arg(id),
              QStringLiteral("TRUNCATE golive_events CASCADE"),
              QStringLiteral("UPDATE golive_run_meta SET value = 'x' WHERE run_id = '%1'").arg(id),
              QStringLiteral("DELETE FROM golive_run_meta WHERE run_id = '%1'").arg(id)}) {
            const QString refused = admin.exec(sql);
            QVERIFY2(refused.contains(QStringLiteral("append-only")),
                     qPrintable(sql + QStringLiteral(": ") + refused));
        }
        QCOMPARE(run->verify().eventCount, 1);
        QVERIFY(run->verify().intact());
    }

    void anEventChangedBehindTheTriggersBackIsNamedBySeq()
    {
        const QString name = uniqueName(QStringLiteral("tamper"));
        auto run = newRun(name);
        QVERIFY(run);
        QString error;
        for (const char* id : {"4.1", "1.3", "1.4"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        AdminConnection admin;
        // A superuser turns the triggers off for the session and edits event 2.
        QCOMPARE(admin.exec(QStringLiteral("SET session_replication_role = replica")), QString());
        QCOMPARE(admin.exec(QStringLiteral("UPDATE golive_events SET actor = 'Mallory' WHERE "
                                           "run_id = '%1' AND seq = 2")
                                .arg(run->runId())),
                 QString());
        const ChainVerification v = run->verify();
        QVERIFY(!v.intact());
        QCOMPARE(v.breaks.first().seq, 2);
        QVERIFY2(v.summary().contains(QStringLiteral("event #2")), qPrintable(v.summary()));

        auto again = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(again, qPrintable(error));
        QVERIFY(!again->verification().intact());
        QCOMPARE(again->verification().unacknowledged.first().seq, 2);
        SignOffEvent more = noteOn(QStringLiteral("4.1"), QStringLiteral("x"), eng);
        QVERIFY(!again->append(more, &error));
        QVERIFY2(error.contains(QStringLiteral("broken at event #2")), qPrintable(error));
    }

    void presenceListsWhoHasTheRunOpen()
    {
        const QString name = uniqueName(QStringLiteral("who"));
        auto a = newRun(name);
        QVERIFY(a);
        QString error;
        auto b = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(b, qPrintable(error));
        int calls = 0;
        QVERIFY(b->watch([&calls] { ++calls; }));
        Presence me;
        me.name = QStringLiteral("Ada Lovelace");
        me.role = Role::IncidentCommander;
        me.host = QStringLiteral("warroom-1");
        me.osUser = QStringLiteral("ada");
        QVERIFY2(a->announce(me, &error), qPrintable(error));
        QTRY_VERIFY(calls >= 1); // the others refresh their list
        QList<Presence> here = b->present(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(here.size(), 1);
        QCOMPARE(here.first().name, me.name);
        QCOMPARE(here.first().role, Role::IncidentCommander);
        QCOMPARE(here.first().host, me.host);
        QVERIFY(here.first().sinceUtc.isValid());
        QVERIFY2(a->announce(me, &error), qPrintable(error)); // a heartbeat, still one row
        QCOMPARE(b->present(&error).size(), 1);
        a->forget();
        QVERIFY(b->present(&error).isEmpty());
    }

    void listRunsSaysPhaseAndProgress()
    {
        const QString name = uniqueName(QStringLiteral("list"));
        auto run = newRun(name);
        QVERIFY(run);
        QString error;
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(run->append(e, &error), qPrintable(error));
        const QList<ServerRun::Summary> runs = ServerRun::listRuns(adminUri(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto it = std::find_if(runs.cbegin(), runs.cend(),
                                     [&](const ServerRun::Summary& s) { return s.name == name; });
        QVERIFY(it != runs.cend());
        QCOMPARE(it->title, run->runbook().title);
        QCOMPARE(it->phase, QStringLiteral("Preparing"));
        QCOMPARE(it->progress.done, run->state().totalProgress().done);
        QCOMPARE(it->progress.total, run->state().totalProgress().total);
        QCOMPARE(it->eventCount, 1);
        QVERIFY(it->lastEventUtc.isValid());
        QVERIFY2(it->problem.isEmpty(), qPrintable(it->problem));
    }

    void publishUploadsARunFileVerbatim()
    {
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(QStringLiteral("rehearsal.golive"));
        auto file = RunFile::create(path, seedRunbook(), QStringLiteral("summit.md"), &error);
        QVERIFY2(file, qPrintable(error));
        for (const char* id : {"4.1", "1.3"}) {
            SignOffEvent e = signOf(QLatin1String(id), eng);
            QVERIFY2(file->append(e, &error), qPrintable(error));
        }
        const QString name = uniqueName(QStringLiteral("pub"));
        QVERIFY2(ServerRun::publish(runUri(name), *file, &error), qPrintable(error));
        auto run = ServerRun::open(runUri(name), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->runId(), file->runId());
        QCOMPARE(run->headHash(), file->headHash());
        QCOMPARE(run->events().size(), file->events().size());
        QCOMPARE(run->createdUtc(), file->createdUtc());
        QVERIFY(run->verification().intact());
        // It goes on from there.
        SignOffEvent next = signOf(QStringLiteral("1.4"), eng);
        QVERIFY2(run->append(next, &error), qPrintable(error));
        QCOMPARE(next.prevHash, file->headHash());

        QVERIFY(!ServerRun::publish(runUri(name), *file, &error));
        QVERIFY2(error.contains(QStringLiteral("already has a run named")), qPrintable(error));
        QVERIFY(!ServerRun::publish(runUri(uniqueName(QStringLiteral("pub"))), *file, &error));
        QVERIFY2(error.contains(QStringLiteral("already holds the run %1").arg(file->runId())),
                 qPrintable(error));
    }

    void dashboardsAreKeptAndReadBack()
    {
        const QByteArray embedded = QByteArrayLiteral(
            R"({"title": "First", "panels": [{"id": "p", "title": "P", "query": "up",)"
            R"( "unit": "ratio", "slo": {"objective": 0.9, "good": "above"}}]})");
        const QByteArray later = QByteArrayLiteral(
            R"({"title": "Other", "panels": [{"id": "q", "title": "Q", "query": "up",)"
            R"( "unit": "ratio", "slo": {"objective": 0.8, "good": "above"}}]})");
        const QString name = uniqueName(QStringLiteral("dash"));
        QString error;
        auto run =
            ServerRun::create(runUri(name), seedRunbook(), QStringLiteral("summit.md"), &error,
                              RunDashboardVersion::of(embedded, QStringLiteral("first.json")));
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->dashboardVersions().size(), 1);
        auto watcher = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(watcher, qPrintable(error));
        SignOffEvent set;
        set.kind = EventKind::DashboardSet;
        set.text = QStringLiteral("other.json");
        set.fieldKey = RunDashboardVersion::of(later, set.text).sha256;
        set.actor = person(QStringLiteral("Ada"), Role::IncidentCommander);
        SignOffEvent wrong = set;
        const QByteArray notIt = embedded;
        QVERIFY(!run->append(wrong, &error, &notIt));
        QVERIFY2(error.contains(QStringLiteral("does not match")), qPrintable(error));
        QVERIFY2(run->append(set, &error, &later), qPrintable(error));
        QCOMPARE(run->dashboard()->bytes, later);
        QList<SignOffEvent> fresh;
        QVERIFY2(watcher->catchUp(&fresh, &error), qPrintable(error));
        QCOMPARE(watcher->dashboard()->bytes, later); // another's dashboard, with its bytes

        auto other = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(other->dashboardVersions().size(), 2);
        QCOMPARE(other->dashboardVersions().first().bytes, embedded);
        QCOMPARE(other->dashboard()->bytes, later);
        QCOMPARE(other->dashboard()->seq, set.seq);
    }

    void tlsIsCheckedAgainstTheGivenCa()
    {
        const QString name = uniqueName(QStringLiteral("tls"));
        QVERIFY(newRun(name));
        const QString ca = fixtureDir() + QStringLiteral("/ca.pem");
        QString error;
        auto run = ServerRun::open(runUri(name) +
                                       QStringLiteral("&sslmode=verify-full&"
                                                      "sslrootcert=") +
                                       QString::fromLatin1(QUrl::toPercentEncoding(ca)),
                                   RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->path().contains(QStringLiteral("sslmode=verify-full")));
        // A CA that did not sign the server's certificate: refused, in words.
        QTemporaryDir dir;
        const QString otherCa = dir.filePath(QStringLiteral("other.pem"));
        QVERIFY(QFile::copy(QStringLiteral("/etc/ssl/certs/ca-certificates.crt"), otherCa));
        QVERIFY(!ServerRun::open(runUri(name) +
                                     QStringLiteral("&sslmode=verify-full&"
                                                    "sslrootcert=") +
                                     QString::fromLatin1(QUrl::toPercentEncoding(otherCa)),
                                 RunLedger::Access::ReadOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("TLS certificate was refused")), qPrintable(error));
    }

    void aUnixSocketFolderIsAHost()
    {
        const QString name = uniqueName(QStringLiteral("sock"));
        QVERIFY(newRun(name));
        const QString password = QString::fromLatin1(fixtureFile(QStringLiteral("admin-password")));
        const QString uri =
            QStringLiteral("postgresql://golive_admin:%1@/golive?host=%2&port=%3&run=%4")
                .arg(QString::fromLatin1(QUrl::toPercentEncoding(password)),
                     QString::fromLatin1(
                         QUrl::toPercentEncoding(fixtureDir() + QStringLiteral("/sock"))),
                     fixturePort(), name);
        QString error;
        auto run = ServerRun::open(uri, RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->path().contains(password));
        QCOMPARE(run->host(), fixtureDir() + QStringLiteral("/sock:") + fixturePort());
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(run->append(e, &error), qPrintable(error));
    }

    // A run's meta values are not in the hash chain: a writer (or anyone with the triggers on)
    // cannot give a run made without a dashboard a "creation" dashboard later, not even from a
    // transaction that touched the run's row first, nor store a dashboard under a SHA-256 that
    // is not its own. Making, publishing and dashboard-set events still work for that writer.
    void aWriterCannotAddACreationDashboardLater()
    {
        const QByteArray bytes = QByteArrayLiteral(
            R"({"title": "Fake", "panels": [{"id": "p", "title": "P", "query": "up",)"
            R"( "unit": "ratio", "slo": {"objective": 0.9, "good": "above"}}]})");
        const RunDashboardVersion dashboard =
            RunDashboardVersion::of(bytes, QStringLiteral("fake.json"));
        const QString name = uniqueName(QStringLiteral("nodash"));
        auto made = newRun(name);
        QVERIFY(made);
        const QString runId = made->runId();
        made.reset();
        const QString role = uniqueName(QStringLiteral("writer")).toLower();
        {
            AdminConnection admin;
            QCOMPARE(
                admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Writer-Pw-2'").arg(role)),
                QString());
            for (const QString& sql : ServerRun::writerGrants(role))
                QCOMPARE(admin.exec(sql), QString());
        }
        const QString connection = QStringLiteral("writer-") + role;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(fixturePort().toInt());
            db.setDatabaseName(QStringLiteral("golive"));
            db.setUserName(role);
            db.setPassword(QStringLiteral("Writer-Pw-2"));
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            AdminConnection admin;
            const auto insertMeta = [&](QSqlDatabase on, const QString& key,
                                        const QByteArray& value) {
                QSqlQuery q(on);
                q.prepare(QStringLiteral(
                    "INSERT INTO golive_run_meta(run_id, key, value) VALUES(?::uuid, ?, ?)"));
                q.addBindValue(runId);
                q.addBindValue(key);
                q.addBindValue(value);
                return q.exec() ? QString() : q.lastError().text();
            };
            for (const auto& [key, value] :
                 {std::pair{QStringLiteral("dashboard_text"), bytes},
                  std::pair{QStringLiteral("dashboard_sha256"), dashboard.sha256.toLatin1()},
                  std::pair{QStringLiteral("dashboard_name"), QByteArrayLiteral("fake.json")}}) {
                QString refused = insertMeta(db, key, value);
                QVERIFY2(refused.contains(QStringLiteral("written only with the run itself")),
                         qPrintable(key + QStringLiteral(": ") + refused));
                // The triggers hold for the owner too, while they are on.
                refused = insertMeta(admin.db(), key, value);
                QVERIFY2(refused.contains(QStringLiteral("written only with the run itself")),
                         qPrintable(key + QStringLiteral(" as the owner: ") + refused));
            }
            // The run's row touched first in the same transaction (its xmin is then this
            // transaction's) does not make it the run's creation.
            {
                QSqlQuery q(db);
                QVERIFY2(q.exec(QStringLiteral("BEGIN")), qPrintable(q.lastError().text()));
                QVERIFY2(q.exec(QStringLiteral("UPDATE golive_runs SET head_seq = head_seq"
                                               " WHERE run_id = '%1'")
                                    .arg(runId)),
                         qPrintable(q.lastError().text()));
                const QString refused = insertMeta(db, QStringLiteral("dashboard_text"), bytes);
                q.exec(QStringLiteral("ROLLBACK"));
                QVERIFY2(refused.contains(QStringLiteral("written only with the run itself")),
                         qPrintable(refused));
            }
            // Nor does a temporary table of the same name, which PostgreSQL would otherwise
            // look in first, make this transaction the run's creation.
            {
                QSqlQuery q(db);
                QVERIFY2(q.exec(QStringLiteral("BEGIN")), qPrintable(q.lastError().text()));
                QVERIFY2(q.exec(QStringLiteral("CREATE TEMP TABLE golive_runs(run_id uuid,"
                                               " created_in text) ON COMMIT DROP")),
                         qPrintable(q.lastError().text()));
                QVERIFY2(q.exec(QStringLiteral("INSERT INTO pg_temp.golive_runs VALUES('%1',"
                                               " golive_transaction_mark())")
                                    .arg(runId)),
                         qPrintable(q.lastError().text()));
                QSqlQuery insert(db);
                insert.prepare(QStringLiteral("INSERT INTO public.golive_run_meta(run_id, key,"
                                              " value) VALUES(?::uuid, ?, ?)"));
                insert.addBindValue(runId);
                insert.addBindValue(QStringLiteral("dashboard_text"));
                insert.addBindValue(bytes);
                const QString refused = insert.exec() ? QString() : insert.lastError().text();
                q.exec(QStringLiteral("ROLLBACK"));
                QVERIFY2(refused.contains(QStringLiteral("written only with the run itself")),
                         qPrintable(refused));
            }
            // Nor can the writer change the mark of the creating transaction.
            {
                QSqlQuery q(db);
                QVERIFY(!q.exec(QStringLiteral("UPDATE golive_runs SET created_in = 'x'"
                                               " WHERE run_id = '%1'")
                                    .arg(runId)));
                QVERIFY2(q.lastError().text().contains(QStringLiteral("permission denied")),
                         qPrintable(q.lastError().text()));
            }
            // A dashboard kept for a dashboard-set event must be the bytes its key names.
            const QString other = QString::fromLatin1(
                QCryptographicHash::hash("other", QCryptographicHash::Sha256).toHex());
            QString refused = insertMeta(db, QStringLiteral("dashboard_text_") + other, bytes);
            QVERIFY2(refused.contains(QStringLiteral("not the dashboard that SHA-256 names")),
                     qPrintable(refused));
            QCOMPARE(admin
                         .value(QStringLiteral("SELECT count(*) FROM golive_run_meta WHERE"
                                               " run_id = '%1' AND key LIKE 'dashboard%'")
                                    .arg(runId))
                         .toInt(),
                     0);
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        QString error;
        auto again = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(again, qPrintable(error));
        QVERIFY(again->dashboardVersions().isEmpty());

        // The writer still makes a run with a dashboard, sets another, and publishes a file.
        const QString base = QStringLiteral("postgresql://%1:Writer-Pw-2@127.0.0.1:%2/golive")
                                 .arg(role, fixturePort());
        const QString withDash = uniqueName(QStringLiteral("dash"));
        auto run = ServerRun::create(base + QStringLiteral("?run=") + withDash, seedRunbook(),
                                     QStringLiteral("summit.md"), &error, dashboard);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->dashboardVersions().size(), 1);
        QCOMPARE(run->dashboard()->bytes, bytes);
        const QByteArray later = QByteArrayLiteral(
            R"({"title": "Later", "panels": [{"id": "q", "title": "Q", "query": "up",)"
            R"( "unit": "ratio", "slo": {"objective": 0.8, "good": "above"}}]})");
        SignOffEvent set;
        set.kind = EventKind::DashboardSet;
        set.text = QStringLiteral("later.json");
        set.fieldKey = RunDashboardVersion::of(later, set.text).sha256;
        set.actor = person(QStringLiteral("Ada"), Role::IncidentCommander);
        QVERIFY2(run->append(set, &error, &later), qPrintable(error));
        auto reread = ServerRun::open(base + QStringLiteral("?run=") + withDash,
                                      RunLedger::Access::ReadOnly, &error);
        QVERIFY2(reread, qPrintable(error));
        QCOMPARE(reread->dashboardVersions().size(), 2);
        QCOMPARE(reread->dashboard()->bytes, later);

        QTemporaryDir dir;
        auto file = RunFile::create(dir.filePath(QStringLiteral("r.golive")), seedRunbook(),
                                    QStringLiteral("summit.md"), &error, dashboard);
        QVERIFY2(file, qPrintable(error));
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(file->append(e, &error), qPrintable(error));
        const QString published = uniqueName(QStringLiteral("pub"));
        QVERIFY2(ServerRun::publish(base + QStringLiteral("?run=") + published, *file, &error),
                 qPrintable(error));
        auto up = ServerRun::open(base + QStringLiteral("?run=") + published,
                                  RunLedger::Access::ReadOnly, &error);
        QVERIFY2(up, qPrintable(error));
        QCOMPARE(up->dashboard()->bytes, bytes);
        QCOMPARE(up->headHash(), file->headHash());
    }

    // Evidence on a server run: kept in chunks, read back whole, the same bytes kept once, an
    // event without its bytes refused, the triggers refusing any change, and a chunk changed
    // behind the triggers' back named by verifyEvidence.
    void evidenceIsKeptReadBackAndVerified()
    {
        const QString name = uniqueName(QStringLiteral("evidence"));
        auto run = newRun(name);
        QVERIFY(run);
        QByteArray bytes(2 * RunLedger::BlobChunkBytes + 5, 'e');
        bytes[7] = 'f';
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachmentOn(QStringLiteral("4.1"), QStringLiteral("smoke.log"));
        QString error;
        QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("smoke.log"),
                                     DefaultMaxAttachmentBytes, &error),
                 qPrintable(error));
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(e.fieldKey, sha);
        QCOMPARE(run->blobSize(sha, &error), std::optional<qint64>(bytes.size()));
        QByteArray back;
        int chunks = 0;
        QVERIFY2(
            run->readBlob(
                sha, [&](const QByteArray& c) { return ++chunks, back.append(c), true; }, &error),
            qPrintable(error));
        QCOMPARE(back, bytes);
        QCOMPARE(chunks, 3);
        QVERIFY(run->verifyEvidence(&error).isEmpty());

        // The same bytes attached again are one blob.
        QVERIFY(source.seek(0));
        SignOffEvent again = attachmentOn(QStringLiteral("4.3"), QStringLiteral("copy.log"));
        QVERIFY2(run->appendWithBlob(again, &source, QStringLiteral("copy.log"),
                                     DefaultMaxAttachmentBytes, &error),
                 qPrintable(error));
        AdminConnection admin;
        const QString ofRun = QStringLiteral(" WHERE run_id = '%1'").arg(run->runId());
        QCOMPARE(admin.value(QStringLiteral("SELECT count(*) FROM golive_blobs") + ofRun).toInt(),
                 1);

        // An evidence event whose bytes were never kept is refused.
        SignOffEvent bare = withBlob(attachmentOn(QStringLiteral("4.1"), QStringLiteral("x")),
                                     QString(64, QLatin1Char('a')), 10);
        QVERIFY(!run->append(bare, &error));
        QVERIFY2(error.contains(QStringLiteral("not stored")), qPrintable(error));
        QCOMPARE(run->events().size(), 2);

        // Written once: no role changes, deletes or adds to a kept blob.
        const QString blobId =
            admin.value(QStringLiteral("SELECT id FROM golive_blobs") + ofRun).toString();
        for (const QString& sql :
             {QStringLiteral("UPDATE golive_blob_chunks SET data = 'x' WHERE blob_id = %1"),
              QStringLiteral("DELETE FROM golive_blob_chunks WHERE blob_id = %1"),
              QStringLiteral("UPDATE golive_blobs SET size = 1 WHERE id = %1"),
              QStringLiteral("DELETE FROM golive_blobs WHERE id = %1"),
              QStringLiteral("INSERT INTO golive_blob_chunks(blob_id, n, data) VALUES(%1, 9, 'x')"),
              QStringLiteral("TRUNCATE golive_blob_chunks CASCADE")}) {
            const QString refused =
                admin.exec(sql.contains(QLatin1String("%1")) ? sql.arg(blobId) : sql);
            QVERIFY2(refused.contains(QStringLiteral("golive")), qPrintable(sql + refused));
        }

        // A chunk changed by someone who disabled the trigger: verify names the event.
        for (const char* sql :
             {"ALTER TABLE golive_blob_chunks DISABLE TRIGGER golive_blob_chunks_append_only",
              "UPDATE golive_blob_chunks SET data = 'changed' WHERE n = 1 AND blob_id = %1",
              "ALTER TABLE golive_blob_chunks ENABLE TRIGGER golive_blob_chunks_append_only"})
            QCOMPARE(admin.exec(QString::fromLatin1(sql).replace(QLatin1String("%1"), blobId)),
                     QString());
        run = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QStringList problems = run->verifyEvidence(&error);
        QCOMPARE(problems.size(), 2); // both events name the changed bytes
        QVERIFY2(problems.first().contains(QStringLiteral("event #1")),
                 qPrintable(problems.first()));
        QVERIFY(!run->readBlob(
            sha, [](const QByteArray&) { return true; }, &error));
        QVERIFY2(error.contains(QStringLiteral("does not match")), qPrintable(error));
    }

    // Over the limit: refused in words, and neither bytes nor event are kept.
    void evidenceOverTheLimitKeepsNothing()
    {
        const QString name = uniqueName(QStringLiteral("evlimit"));
        auto run = newRun(name);
        QVERIFY(run);
        QByteArray bytes(2 * RunLedger::BlobChunkBytes, 'z');
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachmentOn(QStringLiteral("4.1"), QStringLiteral("big.bin"));
        QString error;
        QVERIFY(!run->appendWithBlob(e, &source, QStringLiteral("big.bin"),
                                     RunLedger::BlobChunkBytes, &error));
        QVERIFY2(error.contains(QStringLiteral("limit")), qPrintable(error));
        QCOMPARE(run->events().size(), 0);
        AdminConnection admin;
        QCOMPARE(admin
                     .value(QStringLiteral("SELECT count(*) FROM golive_blobs WHERE run_id = '%1'")
                                .arg(run->runId()))
                     .toInt(),
                 0);
        QCOMPARE(admin
                     .value(QStringLiteral("SELECT count(*) FROM golive_blob_chunks c JOIN"
                                           " golive_blobs b ON b.id = c.blob_id WHERE"
                                           " b.run_id = '%1'")
                                .arg(run->runId()))
                     .toInt(),
                 0);
    }

    // A run file with evidence published to the server, and a server run copied to a file:
    // each copy's evidence verifies, byte for byte.
    void evidenceTravelsWithPublishAndCopy()
    {
        QTemporaryDir dir;
        QString error;
        auto file = RunFile::create(dir.filePath(QStringLiteral("ev.golive")), seedRunbook(),
                                    QStringLiteral("summit.md"), &error);
        QVERIFY2(file, qPrintable(error));
        QByteArray bytes(RunLedger::BlobChunkBytes + 3, 'p');
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachmentOn(QStringLiteral("4.1"), QStringLiteral("sbom.json"));
        QVERIFY2(file->appendWithBlob(e, &source, QStringLiteral("sbom.json"),
                                      DefaultMaxAttachmentBytes, &error),
                 qPrintable(error));
        const QString name = uniqueName(QStringLiteral("evpub"));
        QVERIFY2(ServerRun::publish(runUri(name), *file, &error), qPrintable(error));
        auto up = ServerRun::open(runUri(name), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(up, qPrintable(error));
        QVERIFY(up->verifyEvidence(&error).isEmpty());
        QCOMPARE(up->blobSize(e.fieldKey, &error), std::optional<qint64>(bytes.size()));

        const QString back = dir.filePath(QStringLiteral("back.golive"));
        QVERIFY2(RunFile::createCopy(back, *up, &error), qPrintable(error));
        auto copy = RunFile::open(back, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(copy, qPrintable(error));
        QVERIFY(copy->verifyEvidence(&error).isEmpty());
        QByteArray read;
        QVERIFY(copy->readBlob(
            e.fieldKey, [&](const QByteArray& c) { return read.append(c), true; }, &error));
        QCOMPARE(read, bytes);
    }

    // A database made by a golive of schema version 1, with a run in it: `server init`
    // migrates it to this version once (a second init changes nothing), the run opens as
    // before, and its meta values are guarded like a new run's.
    void aVersion1SchemaIsMigrated()
    {
        const QString database = uniqueName(QStringLiteral("v1db")).toLower();
        {
            AdminConnection admin;
            QCOMPARE(admin.exec(QStringLiteral("CREATE DATABASE %1").arg(database)), QString());
        }
        QString error, said;
        QVERIFY2(ServerRun::initSchema(adminUri(database), &error, &said), qPrintable(error));
        const QString name = uniqueName(QStringLiteral("old"));
        QString runId;
        {
            auto run = ServerRun::create(runUri(name, database), seedRunbook(),
                                         QStringLiteral("summit.md"), &error);
            QVERIFY2(run, qPrintable(error));
            runId = run->runId();
            SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
        // Back to what version 1 made: no created_in, no meta guard.
        {
            AdminConnection admin(database);
            for (const char* sql :
                 {"DROP TRIGGER golive_run_meta_guard ON golive_run_meta",
                  "DROP TRIGGER golive_runs_created ON golive_runs",
                  "DROP FUNCTION golive_run_meta_guard()", "DROP FUNCTION golive_run_created()",
                  "DROP FUNCTION golive_transaction_mark()",
                  "ALTER TABLE golive_runs DROP COLUMN created_in",
                  "ALTER TABLE golive_events DROP COLUMN key_type, DROP COLUMN key_fp,"
                  " DROP COLUMN signature, DROP COLUMN snapshot",
                  "DROP TABLE golive_blob_chunks", "DROP TABLE golive_blobs",
                  "DROP FUNCTION golive_blob_guard()", "DROP FUNCTION golive_blob_chunk_guard()",
                  "UPDATE golive_schema SET version = 1"})
                QCOMPARE(admin.exec(QLatin1String(sql)), QString());
        }
        QVERIFY(!ServerRun::open(runUri(name, database), RunLedger::Access::ReadOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("version 1, older")), qPrintable(error));
        QVERIFY2(ServerRun::initSchema(adminUri(database), &error, &said), qPrintable(error));
        QVERIFY2(said.contains(QStringLiteral("migrated the golive schema from version 1 to %1")
                                   .arg(ServerRun::SchemaVersion)),
                 qPrintable(said));
        QVERIFY2(ServerRun::initSchema(adminUri(database), &error, &said), qPrintable(error));
        QVERIFY2(said.contains(QStringLiteral("already version %1").arg(ServerRun::SchemaVersion)),
                 qPrintable(said));
        auto run = ServerRun::open(runUri(name, database), RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->verification().intact());
        QCOMPARE(run->events().size(), 1);
        SignOffEvent e = signOf(QStringLiteral("1.3"), eng);
        QVERIFY2(run->append(e, &error), qPrintable(error));
        AdminConnection admin(database);
        QVERIFY(admin
                    .value(QStringLiteral("SELECT created_in FROM golive_runs WHERE run_id = '%1'")
                               .arg(runId))
                    .isNull());
        const QString refused =
            admin.exec(QStringLiteral("INSERT INTO golive_run_meta(run_id, key, value) VALUES("
                                      "'%1', 'dashboard_text', 'x')")
                           .arg(runId));
        QVERIFY2(refused.contains(QStringLiteral("written only with the run itself")),
                 qPrintable(refused));
    }

    // The grants docs/postgresql.md gives a writer are enough to write, listen and be present,
    // and nothing more: the events stay append-only for it.
    void theWritersGrantsAreEnough()
    {
        const QString name = uniqueName(QStringLiteral("grants"));
        QVERIFY(newRun(name));
        const QString role = uniqueName(QStringLiteral("writer")).toLower();
        {
            AdminConnection admin;
            QCOMPARE(
                admin.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'Writer-Pw-1'").arg(role)),
                QString());
            for (const QString& sql : ServerRun::writerGrants(role)) {
                const QString refused = admin.exec(sql);
                QVERIFY2(refused.isEmpty(), qPrintable(sql + QStringLiteral(": ") + refused));
            }
        }
        const QString uri = QStringLiteral("postgresql://%1:Writer-Pw-1@127.0.0.1:%2/golive?run=%3")
                                .arg(role, fixturePort(), name);
        QString error, warning;
        auto run = ServerRun::open(uri, RunLedger::Access::ReadWrite, &error, &warning);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->isReadOnly());
        QVERIFY(run->watch([] {}));
        SignOffEvent e = signOf(QStringLiteral("4.1"), eng);
        QVERIFY2(run->append(e, &error), qPrintable(error));
        Presence me;
        me.name = QStringLiteral("Eli Novak");
        QVERIFY2(run->announce(me, &error), qPrintable(error));
        QCOMPARE(run->present(&error).size(), 1);
        run->forget();
        QVERIFY(run->present(&error).isEmpty());
        QVERIFY(ServerRun::listRuns(uri, &error).size() > 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // A new run, too.
        const QString other = uniqueName(QStringLiteral("grants"));
        QVERIFY2(ServerRun::create(uri.left(uri.indexOf(QLatin1Char('?'))) +
                                       QStringLiteral("?run=") + other,
                                   seedRunbook(), QStringLiteral("summit.md"), &error),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestServerRun)
#include "tst_serverrun.moc"
