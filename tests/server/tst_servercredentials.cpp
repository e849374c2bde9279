// Where the password of a server run comes from, what the `golive` role of docs/postgresql.md
// may do, and where a password never goes. On the real PostgreSQL fixture, in a throwaway HOME
// with gnome-keyring on a private session bus (CTest runs it through
// tests/keychain/with-keyring.sh): a role of the test's own, given exactly the GRANTs the
// documentation prints, signs with its password from PGPASSFILE, from PGPASSWORD, from the
// URI and from the OS keychain; it cannot UPDATE or DELETE an event; and at the end no file
// under HOME (settings, head records, the log) holds any of the passwords.
#include "AsyncLedger.h"
#include "CredentialStore.h"
#include "FixtureAccess.h"
#include "Logging.h"
#include "RunLedger.h"
#include "server/ServerRun.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace golive;

namespace {

// The SQL block of docs/postgresql.md between its grants markers, for the role `role` instead
// of `golive`: what the documentation tells an administrator to run, run as printed.
QString documentedGrants(const QString& role, QString* error)
{
    QFile doc(QStringLiteral(GOLIVE_DOCS "/postgresql.md"));
    if (!doc.open(QIODevice::ReadOnly)) {
        *error = doc.fileName() + QStringLiteral(": ") + doc.errorString();
        return {};
    }
    const QString text = QString::fromUtf8(doc.readAll());
    static const QRegularExpression block(
        QStringLiteral("<!-- golive-role-grants -->\\s*```sql\\n(.*?)```"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = block.match(text);
    if (!m.hasMatch()) {
        *error = doc.fileName() +
                 QStringLiteral(" has no ```sql block after <!-- golive-role-grants -->");
        return {};
    }
    QString sql = m.captured(1);
    static const QRegularExpression roleName(QStringLiteral("\\b(ROLE|TO) golive\\b"));
    sql.replace(roleName, QStringLiteral("\\1 ") + role);
    return sql;
}

// Every file under `root` (but `except`) that holds one of `secrets`, as UTF-8, UTF-16 or
// base64; how many files were read in *examined.
QString filesHolding(const QString& root, const QString& except, const QStringList& secrets,
                     int* examined)
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        if (!info.isFile() || info.isSymLink() || path.startsWith(except + QLatin1Char('/')))
            continue;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            hits << QStringLiteral("%1 (cannot be read: %2)").arg(path, f.errorString());
            continue;
        }
        const QByteArray data = f.readAll();
        ++*examined;
        for (const QString& s : secrets) {
            const QByteArray utf16(reinterpret_cast<const char*>(s.utf16()),
                                   static_cast<qsizetype>(s.size() * 2));
            if (data.contains(s.toUtf8()) || data.contains(utf16) ||
                data.contains(s.toUtf8().toBase64()) || path.contains(s))
                hits << path;
        }
    }
    return hits.join(QStringLiteral(", "));
}

} // namespace

class TestServerCredentials : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void passwordFromPgpassFile();
    void passwordFromPgpasswordVariable();
    void passwordInTheUriIsNeverShown();
    void passwordFromTheKeychain();
    void noPasswordIsRefusedInWords();
    void theGoliveRoleCannotChangeTheRecord();
    void theOwnerSetsUpADatabaseAsDocumented();
    void theDocumentedGrantsAreTheOnesGoliveKnows();
    void callsQueuedDuringTheKeychainReadWait(); // appends to the run: after the counts above
    void noSecretInAnyFileGoliveWrote();         // last: after every other case has run

private:
    // A role of this test's own, with the documented GRANTs. One per case: golive keeps what
    // the keychain said for a server and role for a minute (a miss too), so a case never meets
    // another case's keychain answer.
    struct Signer
    {
        QString role;
        QString password;
    };
    Signer signer(const char* purpose) const { return m_signers.value(QLatin1String(purpose)); }
    QString runUri(const QString& userInfo) const
    {
        return fixture::uri(userInfo, QStringLiteral("run=") + m_run + QLatin1Char('&') +
                                          fixture::verifyFull());
    }
    // No password source at all but what the case sets.
    void clearSources()
    {
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", m_secrets.filePath(QStringLiteral("none")).toLocal8Bit());
    }
    // Opens the run as `role` for writing, says it is here (twice: the heartbeat updates its
    // row), signs a note, and lets the run go (its presence row deleted); the words when any
    // of it is refused.
    bool signs(const QString& uri, QString* error)
    {
        auto run = RunLedger::open(uri, RunLedger::Access::ReadWrite, error);
        if (!run)
            return false;
        Presence me;
        me.name = fixture::uniqueName(QStringLiteral("signer"));
        me.role = Role::Engineer;
        me.host = QStringLiteral("laptop-7");
        const auto listed = [&] {
            const QList<Presence> here = run->present(error);
            return std::any_of(here.begin(), here.end(),
                               [&](const Presence& p) { return p.name == me.name; });
        };
        if (!run->announce(me, error) || !run->announce(me, error) || !listed())
            return false;
        SignOffEvent e;
        e.kind = EventKind::NoteAdded;
        e.itemId = run->runbook().allItems().constFirst()->id;
        e.actor = Actor::local(me.name, me.role);
        e.text = QStringLiteral("signed from a workstation");
        const qsizetype before = run->events().size();
        if (!run->append(e, error))
            return false;
        QList<SignOffEvent> fresh;
        if (!run->catchUp(&fresh, error))
            return false;
        run->forget();
        if (listed()) {
            *error = QStringLiteral("still listed as present after forget()");
            return false;
        }
        return run->events().size() == before + 1 && run->verification().intact();
    }

    QTemporaryDir m_secrets; // the password files this test writes itself: not searched
    QHash<QString, Signer> m_signers;
    QString m_run;
    QString m_log;
};

void TestServerCredentials::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!fixture::dir().isEmpty(), "GOLIVE_POSTGRES_FIXTURE is not set");
    // The whole HOME is searched for passwords at the end: only ever a throwaway one.
    QVERIFY2(!qEnvironmentVariableIsEmpty("GOLIVE_TEST_HOME"),
             "run this through tests/keychain/with-keyring.sh (a throwaway HOME and keychain)");
    QVERIFY(m_secrets.isValid());
    QString error;
    m_log = golive::logging::init(QDir::homePath() + QStringLiteral("/logs"),
                                  golive::logging::StderrLevel::Warning, &error);
    QVERIFY2(!m_log.isEmpty(), qPrintable(error));

    qputenv("PGPASSFILE", fixture::file("pgpass").toLocal8Bit());
    QVERIFY2(fixture::initSchema(&error), qPrintable(error));
    for (const char* purpose : {"file", "env", "uri", "keychain", "none", "queued"}) {
        const Signer s{fixture::uniqueName(QStringLiteral("golive_cred")),
                       fixture::freshSecret(purpose)};
        const QString grants = documentedGrants(s.role, &error);
        QVERIFY2(!grants.isEmpty(), qPrintable(error));
        QVERIFY2(fixture::adminExec(
                     {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(s.role, s.password),
                      grants},
                     &error),
                 qPrintable(error));
        m_signers.insert(QLatin1String(purpose), s);
    }

    // The run is made by the owner (the admin), as `golive new` run by an administrator would.
    m_run = fixture::uniqueName(QStringLiteral("creds"));
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    QVERIFY2(RunLedger::create(runUri(QStringLiteral("golive_admin")), seed.readAll(),
                               QStringLiteral("seed.md"), &error),
             qPrintable(error));
}

void TestServerCredentials::passwordFromPgpassFile()
{
    clearSources();
    const Signer me = signer("file");
    const QString pgpass = fixture::writePgpass(m_secrets.path(), me.role, me.password);
    QVERIFY(!pgpass.isEmpty());
    qputenv("PGPASSFILE", pgpass.toLocal8Bit());
    QString error;
    QVERIFY2(signs(runUri(me.role), &error), qPrintable(error));
    // The role also makes runs of its own (golive new), as the documentation says.
    const QString own =
        fixture::uri(me.role, QStringLiteral("run=") + fixture::uniqueName(QStringLiteral("own")) +
                                  QLatin1Char('&') + fixture::verifyFull());
    QVERIFY2(RunLedger::create(own, test::seedRunbook(), QStringLiteral("seed.md"), &error),
             qPrintable(error));
    QVERIFY2(signs(own, &error), qPrintable(error));
}

void TestServerCredentials::passwordFromPgpasswordVariable()
{
    clearSources();
    const Signer me = signer("env");
    qputenv("PGPASSWORD", me.password.toUtf8());
    QString error;
    const bool ok = signs(runUri(me.role), &error);
    qunsetenv("PGPASSWORD");
    QVERIFY2(ok, qPrintable(error));
}

void TestServerCredentials::passwordInTheUriIsNeverShown()
{
    clearSources();
    const Signer me = signer("uri");
    const QString withPassword = me.role + QLatin1Char(':') + me.password;
    QString error;
    QVERIFY2(signs(runUri(withPassword), &error), qPrintable(error));
    auto run = RunLedger::open(runUri(withPassword), RunLedger::Access::ReadOnly, &error);
    QVERIFY2(run, qPrintable(error));
    QVERIFY2(!run->path().contains(me.password), "the run's location shows its password");
    QVERIFY2(run->path().contains(me.role), qPrintable(run->path()));

    // Nor in the words of a refusal: a run that is not there.
    const QString missing =
        fixture::uri(withPassword, QStringLiteral("run=no-such-run&") + fixture::verifyFull());
    QVERIFY(!RunLedger::open(missing, RunLedger::Access::ReadOnly, &error));
    QVERIFY2(error.contains(QStringLiteral("no-such-run")), qPrintable(error));
    QVERIFY2(!error.contains(me.password), "a refusal repeats the URI's password");
}

void TestServerCredentials::passwordFromTheKeychain()
{
    clearSources();
    const Signer me = signer("keychain");
    QString error;
    QVERIFY2(fixture::storeServerPassword(runUri(me.role), me.role, me.password, &error),
             qPrintable(error));
    QVERIFY2(signs(runUri(me.role), &error), qPrintable(error));
}

// Opening a server run asks the OS keychain, waiting in an event loop on the ledger's thread:
// an append queued right behind the open waits for the open to finish instead of running in
// the middle of it (where it found no run open, and a close() would free the run in use).
void TestServerCredentials::callsQueuedDuringTheKeychainReadWait()
{
    clearSources();
    const Signer me = signer("queued"); // never asked for before: the keychain is asked
    const QString pgpass = fixture::writePgpass(m_secrets.path(), me.role, me.password);
    QVERIFY(!pgpass.isEmpty());
    qputenv("PGPASSFILE", pgpass.toLocal8Bit());
    QString error;
    QString itemId;
    {
        auto run = RunLedger::open(runUri(me.role), RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        itemId = run->runbook().allItems().constFirst()->id;
    }
    // The answer above is kept a minute: a role of its own for the ledger below.
    const QString role = fixture::uniqueName(QStringLiteral("golive_queued"));
    QVERIFY2(fixture::adminExec({QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2' IN ROLE %3")
                                     .arg(role, me.password, me.role)},
                                &error),
             qPrintable(error));
    QVERIFY(!fixture::writePgpass(m_secrets.path(), role, me.password).isEmpty());

    AsyncLedger ledger;
    QStringList said;
    connect(&ledger, &AsyncLedger::opened, this, [&said] { said << QStringLiteral("opened"); });
    connect(&ledger, &AsyncLedger::openFailed, this,
            [&said](const QString& why) { said << QStringLiteral("openFailed: ") + why; });
    connect(&ledger, &AsyncLedger::appended, this, [&said] { said << QStringLiteral("appended"); });
    connect(&ledger, &AsyncLedger::appendFailed, this,
            [&said](const SignOffEvent&, const QString& why) {
                said << QStringLiteral("appendFailed: ") + why;
            });
    SignOffEvent e;
    e.kind = EventKind::NoteAdded;
    e.itemId = itemId;
    e.actor = Actor::local(QStringLiteral("Quinn"), Role::Engineer);
    e.text = QStringLiteral("queued behind the open");
    ledger.open(runUri(role), RunLedger::Access::ReadWrite);
    ledger.append(e);
    QTRY_COMPARE_WITH_TIMEOUT(said.size(), 2, 20000);
    QCOMPARE(said, QStringList({QStringLiteral("opened"), QStringLiteral("appended")}));
    ledger.close();
}

void TestServerCredentials::noPasswordIsRefusedInWords()
{
    clearSources();
    const Signer me = signer("none");
    QString error;
    QVERIFY2(!signs(runUri(me.role), &error), "signed with no password from anywhere");
    // Which server, which role, and where golive looked.
    QVERIFY2(
        error.contains(QStringLiteral("127.0.0.1:%1 wants a password for %2, and none was found")
                           .arg(fixture::port())
                           .arg(me.role)),
        qPrintable(error));
    for (const char* source : {"keychain", "pgpass", "PGPASSWORD"})
        QVERIFY2(error.contains(QLatin1String(source)), qPrintable(error));
}

void TestServerCredentials::theGoliveRoleCannotChangeTheRecord()
{
    // Straight to the database, as the role, without golive: only what the GRANTs allow.
    const Signer me = signer("file");
    QString error;
    for (const QString& sql : fixture::recordRewrites(m_run)) {
        QVERIFY2(!fixture::exec(me.role, me.password, {sql}, &error),
                 qPrintable(QStringLiteral("the golive role may run: ") + sql));
        // Refused for want of the right, not by the append-only trigger behind it.
        QVERIFY2(error.contains(QStringLiteral("permission denied")) ||
                     error.contains(QStringLiteral("must be owner")),
                 qPrintable(error));
    }
    // And what was signed is all there, the chain intact.
    clearSources();
    qputenv("PGPASSWORD", me.password.toUtf8());
    auto run = RunLedger::open(runUri(me.role), RunLedger::Access::ReadOnly, &error);
    qunsetenv("PGPASSWORD");
    QVERIFY2(run, qPrintable(error));
    QVERIFY(run->verify().intact());
    QCOMPARE(run->events().size(), 4); // file, env, uri, keychain
}

// The set-up of docs/postgresql.md with roles of the test's own: a database owned by an owner
// role, the schema made by that owner, the GRANTs given by that owner (not by a superuser), and
// the `golive` role making a run there and signing it.
void TestServerCredentials::theOwnerSetsUpADatabaseAsDocumented()
{
    const Signer owner{fixture::uniqueName(QStringLiteral("golive_owner")),
                       fixture::freshSecret("owner")};
    const Signer room{fixture::uniqueName(QStringLiteral("golive_cred")),
                      fixture::freshSecret("room")};
    m_signers.insert(QStringLiteral("owner"), owner);
    m_signers.insert(QStringLiteral("room"), room);
    const QString database = fixture::uniqueName(QStringLiteral("golive_setup"));
    QString error;
    QVERIFY2(
        fixture::adminExec(
            {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(owner.role, owner.password),
             QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(room.role, room.password),
             QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(database, owner.role)},
            &error),
        qPrintable(error));
    const auto at = [&](const Signer& who, const QString& query) {
        return fixture::uri(who.role, query, QStringLiteral("127.0.0.1"), database);
    };

    clearSources();
    qputenv("PGPASSWORD", owner.password.toUtf8());
    QVERIFY2(ServerRun::initSchema(at(owner, fixture::verifyFull()), &error), qPrintable(error));
    QString grants = documentedGrants(room.role, &error);
    QVERIFY2(!grants.isEmpty(), qPrintable(error));
    grants.replace(QStringLiteral("DATABASE golive "),
                   QStringLiteral("DATABASE %1 ").arg(database));
    QVERIFY2(fixture::exec(owner.role, owner.password, {grants}, &error, database),
             qPrintable(error));

    qputenv("PGPASSWORD", room.password.toUtf8());
    const QString run = at(room, QStringLiteral("run=summit&") + fixture::verifyFull());
    const bool made =
        RunLedger::create(run, test::seedRunbook(), QStringLiteral("seed.md"), &error) != nullptr;
    const bool signed_ = made && signs(run, &error);
    qunsetenv("PGPASSWORD");
    QVERIFY2(signed_, qPrintable(error));
}

// What `golive` prints or runs as a writer's GRANTs and what the page tells an administrator
// are one list: every statement of ServerRun::writerGrants is in the page's block.
void TestServerCredentials::theDocumentedGrantsAreTheOnesGoliveKnows()
{
    QString error;
    const QString documented = documentedGrants(QStringLiteral("golive"), &error);
    QVERIFY2(!documented.isEmpty(), qPrintable(error));
    for (QString grant : ServerRun::writerGrants(QStringLiteral("golive"))) {
        grant.replace(QStringLiteral("\"golive\""), QStringLiteral("golive")); // quoted there
        QVERIFY2(documented.contains(grant + QLatin1Char(';')),
                 qPrintable(QStringLiteral("docs/postgresql.md does not give: ") + grant));
    }
}

void TestServerCredentials::noSecretInAnyFileGoliveWrote()
{
    golive::logging::shutdown();
    QVERIFY2(QFileInfo::exists(m_log), qPrintable(m_log + QStringLiteral(" was not written")));
    int examined = 0;
    QStringList secrets{fixture::read("admin-password")};
    for (const Signer& s : std::as_const(m_signers))
        secrets << s.password;
    const QString hits = filesHolding(QDir::homePath(), m_secrets.path(), secrets, &examined);
    QVERIFY2(examined > 0, "no file was written under HOME");
    QVERIFY2(hits.isEmpty(), qPrintable(QStringLiteral("a password is in ") + hits));
}

QTEST_GUILESS_MAIN(TestServerCredentials)
#include "tst_servercredentials.moc"
