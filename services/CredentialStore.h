// Secrets (a Prometheus password or bearer token) in the operating system's keychain through
// QtKeychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
// Nothing here ever writes a secret to a file: QtKeychain's plain-file fallback is off, and a
// keychain that is missing, locked or refusing is reported in words. The caller may then keep
// the secret for this session only, in this object's memory.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace golive {

class CredentialStore : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Ok,
        NotFound,   // nothing stored for this URL and user
        NoKeychain, // no keychain service (no Secret Service on the session bus, ...)
        Denied,     // the keychain is locked or refused access
        Failed,     // any other keychain failure
    };

    struct Result
    {
        Status status = Status::Failed;
        QString secret;           // read(): the secret when status is Ok
        bool fromSession = false; // read(): the session-only secret, not the keychain's
        // What happened and what to do, for a person; never contains the secret.
        QString message;
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result&)>;

    static constexpr const char* kService = "golive";

    explicit CredentialStore(QObject* parent = nullptr);
    ~CredentialStore() override;

    // The keychain entry's key: one per Prometheus URL and user. The URL is normalised
    // (scheme and host lower case, default port explicit, no user info, query or trailing
    // slash), so http://Prom:9090/ and http://prom:9090 share an entry.
    static QString keyFor(const QUrl& url, const QString& user);
    static QString normalizedUrl(const QUrl& url);

    // One keychain entry: its key, what it holds and whose it is, in words for messages.
    struct Entry
    {
        QString key;
        QString what;  // "password or token", "webhook URL"
        QString words; // "https://prom:443 as ops", "the war-room channel of run R"
    };
    static Entry prometheusEntry(const QUrl& url, const QString& user);
    // A run's war-room channel: its incoming-webhook URL (the URL is the secret), by
    // ChannelSettings::runKey().
    static Entry channelEntry(const QString& runKey);

    // Asynchronous: `done` runs later from the event loop (never inside the call), on this
    // object's thread, unless this object is destroyed first. read() answers from the
    // session-only secrets first.
    void read(const QUrl& url, const QString& user, Callback done);
    void write(const QUrl& url, const QString& user, const QString& secret, Callback done);
    void remove(const QUrl& url, const QString& user, Callback done);
    void read(const Entry& entry, Callback done);
    void write(const Entry& entry, const QString& secret, Callback done);
    void remove(const Entry& entry, Callback done);

    // Session-only secrets, for when the keychain cannot take them: kept in memory until this
    // object goes, never written anywhere.
    void setSessionSecret(const QUrl& url, const QString& user, const QString& secret);
    void clearSessionSecret(const QUrl& url, const QString& user);
    bool hasSessionSecret(const QUrl& url, const QString& user) const;
    void setSessionSecret(const Entry& entry, const QString& secret);
    void clearSessionSecret(const Entry& entry);

    // For the command line: the same calls, waiting in a local event loop.
    Result readBlocking(const QUrl& url, const QString& user);
    Result writeBlocking(const QUrl& url, const QString& user, const QString& secret);
    Result removeBlocking(const QUrl& url, const QString& user);
    Result readBlocking(const Entry& entry);
    Result writeBlocking(const Entry& entry, const QString& secret);
    Result removeBlocking(const Entry& entry);

private:
    void removeEntry(const Entry& entry, Callback done);

    QHash<QString, QString> m_session;
};

} // namespace golive
