// Secrets in the OS keychain through QtKeychain; see CredentialStore.h.
#include "CredentialStore.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <optional>

Q_LOGGING_CATEGORY(lcCredentials, "golive.credentials")

namespace golive {
namespace {

CredentialStore::Result resultOf(const QKeychain::Job& job, const char* operation,
                                 const CredentialStore::Entry& e)
{
    const QString& entry = e.words;
    const QString& thing = e.what;
    CredentialStore::Result r;
    const QString what = QString::fromLatin1(operation);
    // What the person can do instead: only a secret being stored can be kept for the session.
    const bool storing = what == QLatin1String("store");
    const QString instead =
        storing ? QStringLiteral(", or use the secret for this session only") : QString();
    // Linux: no session bus at all, or a Secret Service without an unlocked login collection,
    // come back from QtKeychain as OtherError; they are "no keychain" and "locked" to a person.
    QKeychain::Error error = job.error();
    if (error == QKeychain::OtherError) {
        const QString text = job.errorString();
        // A bus without a Secret Service: "The name org.freedesktop.secrets was not provided
        // by any .service files" (D-Bus's ServiceUnknown, whose words name the service).
        if (text.contains(QLatin1String("D-Bus")) || text.contains(QLatin1String("DBus")) ||
            text.contains(QLatin1String("org.freedesktop.secrets")) ||
            // A session bus address that leads nowhere (the bus is gone).
            text.startsWith(QLatin1String("Could not connect")))
            error = QKeychain::NoBackendAvailable;
        else if (text.contains(QLatin1String("/collection/")) ||
                 text.contains(QLatin1String("locked"), Qt::CaseInsensitive))
            error = QKeychain::AccessDenied;
    }
    const QString said = job.errorString().isEmpty()
                             ? QString()
                             : QStringLiteral(" (the keychain said: %1)").arg(job.errorString());
    switch (error) {
    case QKeychain::NoError:
        r.status = CredentialStore::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        r.status = CredentialStore::Status::NotFound;
        r.message = QStringLiteral("no %1 is stored in the keychain for %2").arg(thing, entry);
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.status = CredentialStore::Status::NoKeychain;
        r.message =
            QStringLiteral("cannot %1 the %5 for %2: no keychain is available "
                           "(on Linux, a Secret Service such as gnome-keyring or KWallet must "
                           "run in your desktop session)%3. golive never writes a secret to a "
                           "file; start a keychain%4.")
                .arg(what, entry, said, instead, thing);
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.status = CredentialStore::Status::Denied;
        r.message = QStringLiteral("cannot %1 the %5 for %2: the keychain is "
                                   "locked or refused access%3. Unlock it (on Linux, its login "
                                   "keyring) and try again%4.")
                        .arg(what, entry, said, instead, thing);
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        r.status = CredentialStore::Status::Failed;
        r.message = QStringLiteral("cannot %1 the %5 for %2: the keychain "
                                   "failed%3. golive never writes a secret to a file; try "
                                   "again%4.")
                        .arg(what, entry, said, instead, thing);
        break;
    }
    return r;
}

template <typename Job> Job* newJob(QObject* parent, const QString& key)
{
    auto* job = new Job(QLatin1String(CredentialStore::kService), parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(key);
    return job;
}

} // namespace

CredentialStore::CredentialStore(QObject* parent) : QObject(parent) {}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::normalizedUrl(const QUrl& url)
{
    QUrl u = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment |
                          QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (u.path() == QLatin1String("/"))
        u.setPath(QString());
    u.setScheme(u.scheme().toLower());
    u.setHost(u.host().toLower());
    if (u.port() < 0) {
        if (u.scheme() == QLatin1String("https"))
            u.setPort(443);
        else if (u.scheme() == QLatin1String("http"))
            u.setPort(80);
    }
    return u.toString(QUrl::FullyEncoded);
}

QString CredentialStore::keyFor(const QUrl& url, const QString& user)
{
    // Readable in a keychain manager: "prometheus https://prom.example:443 user=ops".
    return QStringLiteral("prometheus %1 user=%2").arg(normalizedUrl(url), user);
}

CredentialStore::Entry CredentialStore::prometheusEntry(const QUrl& url, const QString& user)
{
    const QString u = normalizedUrl(url);
    return {keyFor(url, user), QStringLiteral("password or token"),
            user.isEmpty() ? u : QStringLiteral("%1 as %2").arg(u, user)};
}

CredentialStore::Entry CredentialStore::channelEntry(const QString& runKey)
{
    // Readable in a keychain manager: which run, where (ChannelSettings::runKey()).
    return {QStringLiteral("channel run=%1").arg(runKey), QStringLiteral("webhook URL"),
            QStringLiteral("the war-room channel of run %1").arg(runKey)};
}

void CredentialStore::read(const QUrl& url, const QString& user, Callback done)
{
    read(prometheusEntry(url, user), std::move(done));
}

void CredentialStore::write(const QUrl& url, const QString& user, const QString& secret,
                            Callback done)
{
    write(prometheusEntry(url, user), secret, std::move(done));
}

void CredentialStore::remove(const QUrl& url, const QString& user, Callback done)
{
    remove(prometheusEntry(url, user), std::move(done));
}

void CredentialStore::read(const Entry& entry, Callback done)
{
    if (const auto it = m_session.constFind(entry.key); it != m_session.constEnd()) {
        Result r;
        r.status = Status::Ok;
        r.secret = *it;
        r.fromSession = true;
        QTimer::singleShot(0, this, [r, done = std::move(done)] { done(r); });
        return;
    }
    auto* job = newJob<QKeychain::ReadPasswordJob>(this, entry.key);
    connect(job, &QKeychain::Job::finished, this,
            [job, entry, done = std::move(done)](QKeychain::Job*) {
                Result r = resultOf(*job, "read", entry);
                if (r.ok())
                    r.secret = job->textData();
                else if (r.status != Status::NotFound)
                    qCWarning(lcCredentials).noquote() << r.message;
                done(r);
            });
    job->start();
}

void CredentialStore::write(const Entry& entry, const QString& secret, Callback done)
{
    auto* job = newJob<QKeychain::WritePasswordJob>(this, entry.key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this,
            [this, job, entry, done = std::move(done)](QKeychain::Job*) {
                const Result r = resultOf(*job, "store", entry);
                if (r.ok()) {
                    m_session.remove(entry.key); // the keychain's copy is the one now
                    qCInfo(lcCredentials).noquote()
                        << "stored the secret for" << entry.words << "in the keychain";
                } else {
                    qCWarning(lcCredentials).noquote() << r.message;
                }
                done(r);
            });
    job->start();
}

void CredentialStore::remove(const Entry& entry, Callback done)
{
    m_session.remove(entry.key);
    // Secret Service deletes report success for an entry that is not there: read first, so
    // "nothing was stored" is told apart from "removed".
    auto* probe = newJob<QKeychain::ReadPasswordJob>(this, entry.key);
    connect(probe, &QKeychain::Job::finished, this,
            [this, probe, entry, done = std::move(done)](QKeychain::Job*) mutable {
                if (probe->error() != QKeychain::NoError) {
                    const Result r = resultOf(*probe, "remove", entry);
                    if (r.status != Status::NotFound)
                        qCWarning(lcCredentials).noquote() << r.message;
                    done(r);
                    return;
                }
                removeEntry(entry, std::move(done));
            });
    probe->start();
}

void CredentialStore::removeEntry(const Entry& entry, Callback done)
{
    auto* job = newJob<QKeychain::DeletePasswordJob>(this, entry.key);
    connect(job, &QKeychain::Job::finished, this,
            [job, entry, done = std::move(done)](QKeychain::Job*) {
                const Result r = resultOf(*job, "remove", entry);
                if (r.ok())
                    qCInfo(lcCredentials).noquote()
                        << "removed the secret for" << entry.words << "from the keychain";
                else if (r.status != Status::NotFound)
                    qCWarning(lcCredentials).noquote() << r.message;
                done(r);
            });
    job->start();
}

void CredentialStore::setSessionSecret(const QUrl& url, const QString& user, const QString& secret)
{
    setSessionSecret(prometheusEntry(url, user), secret);
}

void CredentialStore::clearSessionSecret(const QUrl& url, const QString& user)
{
    m_session.remove(keyFor(url, user));
}

bool CredentialStore::hasSessionSecret(const QUrl& url, const QString& user) const
{
    return m_session.contains(keyFor(url, user));
}

void CredentialStore::setSessionSecret(const Entry& entry, const QString& secret)
{
    m_session.insert(entry.key, secret);
}

void CredentialStore::clearSessionSecret(const Entry& entry)
{
    m_session.remove(entry.key);
}

namespace {

template <typename Start> CredentialStore::Result waitFor(Start start)
{
    std::optional<CredentialStore::Result> result;
    QEventLoop loop;
    QPointer<QEventLoop> guard(&loop);
    start([&result, guard](const CredentialStore::Result& r) {
        result = r;
        if (guard)
            guard->quit();
    });
    if (!result)
        loop.exec();
    return result.value_or(CredentialStore::Result{});
}

} // namespace

CredentialStore::Result CredentialStore::readBlocking(const QUrl& url, const QString& user)
{
    return waitFor([&](Callback cb) { read(url, user, std::move(cb)); });
}

CredentialStore::Result CredentialStore::writeBlocking(const QUrl& url, const QString& user,
                                                       const QString& secret)
{
    return waitFor([&](Callback cb) { write(url, user, secret, std::move(cb)); });
}

CredentialStore::Result CredentialStore::removeBlocking(const QUrl& url, const QString& user)
{
    return waitFor([&](Callback cb) { remove(url, user, std::move(cb)); });
}

CredentialStore::Result CredentialStore::readBlocking(const Entry& entry)
{
    return waitFor([&](Callback cb) { read(entry, std::move(cb)); });
}

CredentialStore::Result CredentialStore::writeBlocking(const Entry& entry, const QString& secret)
{
    return waitFor([&](Callback cb) { write(entry, secret, std::move(cb)); });
}

CredentialStore::Result CredentialStore::removeBlocking(const Entry& entry)
{
    return waitFor([&](Callback cb) { remove(entry, std::move(cb)); });
}

} // namespace golive
