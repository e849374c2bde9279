// RunSession on a shared run, through a store the test drives: a lost connection refuses every
// sign-off with the band's sentence and queues nothing; reconnecting takes the chain verified
// again; others' events fold in; presence goes to the store. Also: a run file through the real
// store is not shared, and server URIs are never shown or kept with their password.
#include "LedgerRunStore.h"
#include "RunFile.h"
#include "RunLocation.h"
#include "RunSession.h"
#include "RunbookParser.h"
#include "Settings.h"
#include "WindowTestSupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

namespace {

// A store whose signals the test emits; it records what the session gave it.
class FakeStore : public RunStore
{
public:
    void open(const QString& location) override { opens << location; }
    void append(const SignOffEvent& event) override { appends << event; }
    void close() override {}
    void setPresence(const Presence& me) override { presences << me; }

    QStringList opens;
    QList<SignOffEvent> appends;
    QList<Presence> presences;
};

RunSnapshot sharedSnapshot()
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    if (!seed.open(QIODevice::ReadOnly))
        return {};
    RunSnapshot s;
    s.runbookText = seed.readAll();
    s.runbook = RunbookParser::parse(s.runbookText, QStringLiteral("seed.md")).runbook;
    s.path = QStringLiteral("postgresql://ada@db.example.org:5432/golive?run=summit");
    s.runId = QStringLiteral("0b0e0c2a-1111-4222-8333-444455556666");
    s.shared = true;
    s.host = QStringLiteral("db.example.org:5432");
    return s;
}

SignOffEvent signing(const QString& itemId, const QString& who)
{
    SignOffEvent e;
    e.kind = EventKind::Signed;
    e.itemId = itemId;
    e.actor = Actor::local(who, Role::ReleaseCaptain);
    return e;
}

} // namespace

class TestSharedSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::isolateSettings(m_dir, QStringLiteral("tst_sharedsession"));
    }

    void lostConnectionRefusesWithTheSentence()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore* store = owned.get();
        RunSession session(std::move(owned));
        session.setClock([] {
            return QDateTime::fromString(QStringLiteral("2026-05-01T06:10:00Z"), Qt::ISODate);
        });
        QSignalSpy changed(&session, &RunSession::connectionChanged);
        emit store->opened(sharedSnapshot());
        QVERIFY(session.hasRun());
        QVERIFY(session.isShared());
        QVERIFY(session.isConnected());
        QCOMPARE(session.disconnectedText(), QString());

        emit store->connectionLost(
            QStringLiteral("db.example.org:5432"),
            QDateTime::fromString(QStringLiteral("2026-05-01T06:00:03Z"), Qt::ISODate),
            QStringLiteral("server closed the connection unexpectedly"));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!session.isConnected());
        const QString sentence =
            QStringLiteral("Disconnected from db.example.org:5432 since 06:00:03 UTC - read-only");
        QCOMPARE(session.disconnectedText(), sentence);
        QCOMPARE(session.connectionError(),
                 QStringLiteral("server closed the connection unexpectedly"));
        QString why;
        QVERIFY(!session.wouldRecord(signing(QStringLiteral("1.1"), QStringLiteral("Ada")), &why));
        QCOMPARE(why, sentence);
        why.clear();
        QVERIFY(!session.submit(signing(QStringLiteral("1.1"), QStringLiteral("Ada")), &why));
        QCOMPARE(why, sentence);
        QCOMPARE(session.pendingEvents(), 0);
        QVERIFY2(store->appends.isEmpty(), "nothing is queued while disconnected");

        emit store->connectionRestored(ChainVerification{});
        QCOMPARE(changed.count(), 2);
        QVERIFY(session.isConnected());
        QCOMPARE(session.disconnectedText(), QString());
        QVERIFY2(session.submit(signing(QStringLiteral("1.1"), QStringLiteral("Ada")), &why),
                 qPrintable(why));
        QCOMPARE(store->appends.size(), 1);
    }

    void reconnectingShowsABreakFoundThen()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore* store = owned.get();
        RunSession session(std::move(owned));
        emit store->opened(sharedSnapshot());
        emit store->connectionLost(QStringLiteral("db.example.org:5432"),
                                   QDateTime::currentDateTimeUtc(), QStringLiteral("gone"));
        QSignalSpy breaks(&session, &RunSession::breaksChanged);
        ChainVerification verified;
        ChainBreak b;
        b.seq = 7;
        b.problem = QStringLiteral("its contents were changed after it was written");
        b.contentHash = "ab12";
        verified.breaks << b;
        verified.unacknowledged << b;
        emit store->connectionRestored(verified);
        QCOMPARE(breaks.count(), 1);
        QVERIFY(!session.ledgerIntact());
        QVERIFY(session.unacknowledgedBreaks().first().contains(QLatin1String("event #7")));
        QCOMPARE(session.acknowledgementKey(), QStringLiteral("7:ab12"));
        QString why;
        QVERIFY(!session.submit(signing(QStringLiteral("1.1"), QStringLiteral("Ada")), &why));
        QVERIFY2(why.contains(QLatin1String("acknowledge it first")), qPrintable(why));
    }

    void othersEventsFoldIn()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore* store = owned.get();
        RunSession session(std::move(owned));
        emit store->opened(sharedSnapshot());
        QSignalSpy elsewhere(&session, &RunSession::recordedElsewhere);
        SignOffEvent e = signing(QStringLiteral("1.1"), QStringLiteral("Grace"));
        e.seq = 1;
        e.timeUtc = QDateTime::currentDateTimeUtc();
        e.hash = "cafe";
        emit store->appendedElsewhere({e});
        QCOMPARE(elsewhere.count(), 1);
        QCOMPARE(session.state().item(QStringLiteral("1.1")).status, ItemStatus::Signed);
        QCOMPARE(session.head(), QByteArray("cafe"));
    }

    void presenceGoesToTheStore()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore* store = owned.get();
        RunSession session(std::move(owned));
        emit store->opened(sharedSnapshot());
        session.setPresence(QStringLiteral("Ada Lovelace"), Role::IncidentCommander);
        QCOMPARE(store->presences.size(), 1);
        QCOMPARE(store->presences.first().name, QStringLiteral("Ada Lovelace"));
        QCOMPARE(store->presences.first().role, Role::IncidentCommander);
        QSignalSpy present(&session, &RunSession::presenceChanged);
        Presence grace;
        grace.name = QStringLiteral("Grace Hopper");
        emit store->presenceChanged({store->presences.first(), grace});
        QCOMPARE(present.count(), 1);
        QCOMPARE(session.present().size(), 2);
    }

    // The run file path does not change: not shared, always connected, nobody listed.
    void aRunFileIsNotShared()
    {
        const QString path = test::newSeedRun(m_dir, 1);
        QVERIFY(!path.isEmpty());
        {
            // An event from before: it must not come back as if someone had just recorded it.
            QString error;
            auto file = RunFile::open(path, RunLedger::Access::ReadWrite, &error);
            QVERIFY2(file, qPrintable(error));
            SignOffEvent before = signing(QStringLiteral("0.1"), QStringLiteral("Ada"));
            QVERIFY2(file->append(before, &error), qPrintable(error));
        }
        RunSession session; // the real store, on the ledger's worker thread
        QSignalSpy opened(&session, &RunSession::opened);
        QSignalSpy elsewhere(&session, &RunSession::recordedElsewhere);
        QSignalSpy presence(&session, &RunSession::presenceChanged);
        session.open(path);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        QVERIFY(!session.isShared());
        QVERIFY(session.isConnected());
        QVERIFY(session.present().isEmpty());
        session.setPresence(QStringLiteral("Ada"), Role::ReleaseCaptain);
        QString why;
        QVERIFY2(session.submit(signing(QStringLiteral("1.1"), QStringLiteral("Ada")), &why),
                 qPrintable(why));
        QTRY_COMPARE_WITH_TIMEOUT(session.pendingEvents(), 0, 10000);
        QCOMPARE(session.state().item(QStringLiteral("1.1")).status, ItemStatus::Signed);
        QCOMPARE(session.state().events().size(), 2);
        QCOMPARE(elsewhere.count(), 0);
        QCOMPARE(presence.count(), 0);
        session.close();
    }

    void passwordsAreNeverShownOrKept()
    {
        QCOMPARE(locationWithoutPassword(
                     QStringLiteral("postgresql://ada:s3cr%40t@db:5432/golive?run=summit")),
                 QStringLiteral("postgresql://ada@db:5432/golive?run=summit"));
        QCOMPARE(locationWithoutPassword(
                     QStringLiteral("postgres://ada:p@ss@db/golive?run=x&sslmode=verify-full")),
                 QStringLiteral("postgres://ada@db/golive?run=x&sslmode=verify-full"));
        QCOMPARE(locationWithoutPassword(
                     QStringLiteral("postgresql://db/golive?password=hunter2&run=x")),
                 QStringLiteral("postgresql://db/golive?run=x"));
        QCOMPARE(locationWithoutPassword(
                     QStringLiteral("postgresql://ada@db/golive?run=x&password=hunter2")),
                 QStringLiteral("postgresql://ada@db/golive?run=x"));
        QCOMPARE(locationWithoutPassword(QStringLiteral("postgresql://ada@db:5432/golive?run=x")),
                 QStringLiteral("postgresql://ada@db:5432/golive?run=x"));
        // A key QUrlQuery decodes to "password", and a parameter golive does not read.
        QCOMPARE(locationWithoutPassword(
                     QStringLiteral("postgresql://ada@db/golive?run=x&pass%77ord=hunter2")),
                 QStringLiteral("postgresql://ada@db/golive?run=x"));
        QCOMPARE(locationWithoutPassword(
                     QStringLiteral("postgresql://ada@db/golive?Password=hunter2&run=x")),
                 QStringLiteral("postgresql://ada@db/golive?run=x"));
        QCOMPARE(locationWithoutPassword(QStringLiteral("/tmp/a:b@c.golive")),
                 QStringLiteral("/tmp/a:b@c.golive"));
        QCOMPARE(locationShortName(QStringLiteral("postgresql://ada:pw@db.example.org:5432/golive"
                                                  "?run=summit")),
                 QStringLiteral("summit on db.example.org"));
        QCOMPARE(locationShortName(QStringLiteral("/runs/summit.golive")),
                 QStringLiteral("summit.golive"));

        // What the session shows and keeps of a URI it was given with a password.
        auto owned = std::make_unique<FakeStore>();
        FakeStore* store = owned.get();
        RunSession session(std::move(owned));
        session.open(QStringLiteral("postgresql://ada:hunter2@db/golive?run=x&pass%77ord=hunter3"));
        QCOMPARE(store->opens.size(), 1);
        QVERIFY2(store->opens.first().contains(QLatin1String("hunter2")),
                 "the driver gets the password");
        QVERIFY(!session.runPath().contains(QLatin1String("hunter2")));
        QVERIFY(!session.runPath().contains(QLatin1String("hunter3")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestSharedSession)
#include "tst_sharedsession.moc"
