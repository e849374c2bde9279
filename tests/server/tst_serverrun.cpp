// The server run against a real PostgreSQL: schema, create, open, append, reopen, catch up,
// verify, and the refusals said in words.
#include "RunLedger.h"
#include "ServerTestSupport.h"
#include "server/ServerRun.h"

#include <QSignalSpy>
#include <QTest>

using namespace golive;
using namespace golive::test;

class TestServerRun : public QObject
{
    Q_OBJECT

private:
    const Actor eng = person(QStringLiteral("Eli Novak"), Role::Engineer);

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
        for (const char* id : {"4.1", "4.3"}) {
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
        SignOffEvent fromA = signOf(QStringLiteral("4.3"), eng);
        QVERIFY2(a->append(fromA, &error), qPrintable(error));
        SignOffEvent fromB = noteOn(QStringLiteral("4.3"), QStringLiteral("seen"), eng);
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
};

QTEST_GUILESS_MAIN(TestServerRun)
#include "tst_serverrun.moc"
