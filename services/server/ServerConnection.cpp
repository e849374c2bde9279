// A connection to a server run's PostgreSQL; see ServerConnection.h.
#include "ServerConnection.h"

#include "CredentialStore.h"
#include "LibPq.h"
#include "runfile/RunFileCommon.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QSemaphore>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <memory>

namespace golive {

namespace {

constexpr int kKeychainWaitMs = 3000;
// A keychain's answer is kept this long, so that the connections of one session (reconnects,
// several runs) do not each ask it again.
constexpr int kKeychainCacheMs = 60000;

struct CachedSecret
{
    QString secret;
    QDeadlineTimer expires;
};

QMutex& cacheMutex()
{
    static QMutex m;
    return m;
}

QHash<QString, CachedSecret>& cache()
{
    static QHash<QString, CachedSecret> c;
    return c;
}

QString newName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("golive-server-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

QString driverText(const QSqlError& e)
{
    QString words = e.databaseText().trimmed();
    if (words.isEmpty())
        words = e.driverText().trimmed();
    if (words.isEmpty())
        words = QStringLiteral("unknown PostgreSQL error");
    // libpq's words come on several lines ("connection to server ... failed: ..."); one line.
    return words.simplified();
}

} // namespace

ServerConnection::ServerConnection(const ServerLocation& location)
    : m_location(location), m_name(newName())
{}

ServerConnection::~ServerConnection()
{
    close();
}

QString ServerConnection::keychainPassword(const ServerLocation& location)
{
    const QString key = location.origin();
    {
        QMutexLocker lock(&cacheMutex());
        const auto it = cache().constFind(key);
        if (it != cache().constEnd() && !it->expires.hasExpired())
            return it->secret;
    }
    struct Answer
    {
        QMutex mutex;
        QSemaphore done;
        QString secret;
    };
    // Shared, so that an answer coming after the wait below lands in memory that still exists.
    const auto answer = std::make_shared<Answer>();
    const auto take = [answer, key](const CredentialStore::Result& r) {
        const bool noKeychain = r.status == CredentialStore::Status::NoKeychain;
        const QString secret = r.ok() ? r.secret : QString();
        {
            QMutexLocker lock(&answer->mutex);
            answer->secret = secret;
        }
        {
            // Kept whenever it comes, after the wait below gave up on it too (a keychain
            // unlocked by its person a few seconds late): a wait that timed out keeps nothing,
            // so the next connection asks again rather than going without for a minute. A
            // session with no keychain at all (a server, a CI runner) is asked once.
            QMutexLocker lock(&cacheMutex());
            cache().insert(key, {secret, noKeychain ? QDeadlineTimer(QDeadlineTimer::Forever)
                                                    : QDeadlineTimer(kKeychainCacheMs)});
        }
        answer->done.release();
    };
    const QUrl url = location.keychainUrl();
    const QString user = location.user();
    QCoreApplication* app = QCoreApplication::instance();
    if (app && QThread::currentThread() != app->thread()) {
        // Asked on the application's thread: the keychain library (libsecret) answers in the
        // thread that first used it, which is that one when the window has used the keychain,
        // and an event loop waiting here would run whatever is queued to this thread (a
        // close() of the very run being opened) in the middle of this call. This thread only
        // waits, without an event loop.
        QMetaObject::invokeMethod(
            app,
            [url, user, take] {
                auto* store = new CredentialStore;
                store->read(url, user, [store, take](const CredentialStore::Result& r) {
                    take(r);
                    store->deleteLater();
                });
                // A keychain that never answers: the store goes, and its callback with it.
                QTimer::singleShot(2 * kKeychainWaitMs, store, &QObject::deleteLater);
            },
            Qt::QueuedConnection);
        if (!answer->done.tryAcquire(1, kKeychainWaitMs))
            qCWarning(runfile::lcLedger).noquote()
                << "the OS keychain did not answer in time for" << key;
    } else {
        CredentialStore store;
        QEventLoop loop;
        QPointer<QEventLoop> guard(&loop);
        store.read(url, user, [&take, guard](const CredentialStore::Result& r) {
            take(r);
            if (guard)
                guard->quit();
        });
        // A keychain that does not answer (a locked wallet waiting for a person) must not hold
        // the connection: libpq's own sources are tried instead.
        QTimer::singleShot(kKeychainWaitMs, &loop, &QEventLoop::quit);
        if (!answer->done.tryAcquire())
            loop.exec();
    }
    QMutexLocker lock(&answer->mutex);
    return answer->secret;
}

bool ServerConnection::open(QString* error)
{
    close();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    if (!db.isValid()) {
        if (error)
            *error = QStringLiteral("%1: Qt's PostgreSQL driver (QPSQL) is not installed; on "
                                    "Debian: apt install libqt6sql6-psql")
                         .arg(m_location.host());
        return false;
    }
    db.setHostName(m_location.hostName());
    db.setPort(m_location.port());
    db.setDatabaseName(m_location.database());
    db.setUserName(m_location.user());
    QString password = m_location.password();
    bool heldBack = false;
    if (!m_location.hasPassword()) {
        password = keychainPassword(m_location);
        if (!password.isEmpty() && !m_location.mayReceiveKeychainPassword()) {
            // libpq's own sources (~/.pgpass, PGPASSWORD) may still answer.
            password.clear();
            heldBack = true;
            qCWarning(runfile::lcLedger).noquote() << m_location.keychainHeldBackWords();
        }
    }
    if (!password.isEmpty())
        db.setPassword(password);
    db.setConnectOptions(m_location.connectOptions());
    if (!db.open()) {
        if (error) {
            *error = connectWords(m_location, db.lastError());
            if (heldBack)
                *error += QStringLiteral(". ") + m_location.keychainHeldBackWords();
        }
        return false;
    }
    // Acknowledged means committed on the server: whatever the server's default says.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SET synchronous_commit = on")) ||
        !q.exec(QStringLiteral("SET TIME ZONE 'UTC'"))) {
        if (error)
            *error = words(q.lastError());
        return false;
    }
    return true;
}

void ServerConnection::close()
{
    if (!QSqlDatabase::contains(m_name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

bool ServerConnection::isOpen() const
{
    return QSqlDatabase::contains(m_name) && QSqlDatabase::database(m_name, false).isOpen();
}

QSqlDatabase ServerConnection::db() const
{
    return QSqlDatabase::database(m_name, false);
}

QString ServerConnection::words(const QSqlError& e) const
{
    return QStringLiteral("%1: %2").arg(m_location.host(), driverText(e));
}

bool ServerConnection::isConnectionLost(const QSqlError& e)
{
    if (e.type() == QSqlError::ConnectionError)
        return true;
    // SQLSTATE, the same in every language: class 08 (connection exception), 57P01-57P03
    // (the server shutting down, crashed, or not accepting connections yet).
    const QString state = e.nativeErrorCode();
    if (state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01") ||
        state == QLatin1String("57P02") || state == QLatin1String("57P03"))
        return true;
    if (!state.isEmpty())
        return false; // the server answered with another error: the connection is there
    // Last resort, for a driver that gave neither: libpq's English words.
    const QString t = driverText(e);
    return t.contains(QLatin1String("server closed the connection"), Qt::CaseInsensitive) ||
           t.contains(QLatin1String("no connection to the server"), Qt::CaseInsensitive) ||
           t.contains(QLatin1String("terminating connection"), Qt::CaseInsensitive) ||
           t.contains(QLatin1String("connection to server"), Qt::CaseInsensitive) ||
           t.contains(QLatin1String("could not send data"), Qt::CaseInsensitive) ||
           t.contains(QLatin1String("could not receive data"), Qt::CaseInsensitive) ||
           t.contains(QLatin1String("SSL SYSCALL error"), Qt::CaseInsensitive);
}

bool ServerConnection::isLost(const QSqlError& e) const
{
    // libpq's own state first: whatever language its words are in, a connection it has
    // given up on is CONNECTION_BAD.
    return !isOpen() || isBroken(db()) || isConnectionLost(e);
}

void* ServerConnection::nativeHandle(const QSqlDatabase& db)
{
    const QVariant h = db.driver() ? db.driver()->handle() : QVariant();
    // Qt's driver registers the type under libpq's struct name.
    if (!h.isValid() ||
        (qstrcmp(h.typeName(), "pg_conn*") != 0 && qstrcmp(h.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(h.constData());
}

bool ServerConnection::isBroken(const QSqlDatabase& db)
{
    auto* conn = static_cast<PGconn*>(nativeHandle(db));
    // No libpq to ask (it is loaded whenever the driver made a connection): no connection.
    const libpq::Functions* pq = conn ? libpq::functions() : nullptr;
    return !pq || pq->status(conn) == CONNECTION_BAD;
}

QString ServerConnection::connectWords(const ServerLocation& location, const QSqlError& e)
{
    const QString t = driverText(e);
    const QString host = location.host();
    const auto has = [&t](const char* words) {
        return t.contains(QLatin1String(words), Qt::CaseInsensitive);
    };
    if (has("password authentication failed"))
        return QStringLiteral("%1 refused the password for %2 (%3)").arg(host, location.user(), t);
    if (has("no password supplied") || has("password is required"))
        return QStringLiteral("%1 wants a password for %2, and none was found (not in the URI, "
                              "the OS keychain - golive login %3 - ~/.pgpass or PGPASSWORD)")
            .arg(host, location.user(), location.origin());
    if (has("certificate") || has("SSL error") || has("does not match host name") ||
        has("root certificate"))
        return QStringLiteral("%1: its TLS certificate was refused (%2)").arg(host, t);
    if (has("database") && has("does not exist"))
        return QStringLiteral("%1 has no database \"%2\" (%3)").arg(host, location.database(), t);
    if (has("role") && has("does not exist"))
        return QStringLiteral("%1 has no role \"%2\" (%3)").arg(host, location.user(), t);
    if (has("Connection refused") || has("could not connect") || has("timeout expired") ||
        has("No such file or directory") || has("could not translate host name") ||
        has("Network is unreachable") || has("No route to host"))
        return QStringLiteral("the server %1 is not reachable (%2)").arg(host, t);
    return QStringLiteral("%1: %2").arg(host, t);
}

} // namespace golive
