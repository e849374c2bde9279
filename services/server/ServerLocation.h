// Where a server run is: a PostgreSQL URI ("postgresql://USER[:PASSWORD]@HOST:PORT/DBNAME?run=NAME
// &sslmode=...") read into what Qt's QPSQL driver takes, the run's name kept apart, and the
// forms people see (never with the password).
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace golive {

class ServerLocation
{
public:
    static constexpr int DefaultPort = 5432;
    static constexpr int DefaultConnectTimeoutS = 5;
    // How soon a silent network is noticed: keepalive probes after 5 s idle, every 2 s, 3
    // unanswered ones give up; data unacknowledged for 10 s breaks the connection.
    static constexpr int DefaultKeepalivesIdleS = 5;
    static constexpr int DefaultKeepalivesIntervalS = 2;
    static constexpr int DefaultKeepalivesCount = 3;
    static constexpr int DefaultTcpUserTimeoutMs = 10000;

    // Reads `uri`; false with the words to show when it is not a PostgreSQL URI golive can use
    // (wrong scheme, no database, an unknown parameter, a value the driver cannot be given).
    static bool parse(const QString& uri, ServerLocation* out, QString* error);
    // The libpq parameters golive hands on to the driver; any other is refused.
    static const QStringList& passedParameters();
    // Any URI as it may be printed: shown() of what golive reads of it, so never a password
    // (after the user, as ?password=, percent-encoded or not) nor the value of a parameter
    // golive does not know. Every URI golive prints goes through here.
    static QString shownUri(const QString& uri);

    QString user() const { return m_user; }
    QString password() const { return m_password; } // empty when the URI has none
    bool hasPassword() const { return m_hasPassword; }
    // The host name or address, or the Unix-socket folder of a `host=` parameter.
    QString hostName() const { return m_host; }
    int port() const { return m_port; }
    QString database() const { return m_database; }
    QString runName() const { return m_run; } // empty when the URI names no run
    // "HOST:PORT" (a socket folder: "FOLDER:PORT"), for every message.
    QString host() const;
    // The URI as people read it: no password, the run and the other parameters kept.
    QString shown() const;
    // "postgresql://USER@HOST:PORT", the key of this server's password in the OS keychain.
    QString origin() const;
    // What CredentialStore takes for this server's password (with user()): the origin with
    // no user in it, so `golive login URI` and every connection name the same entry.
    QUrl keychainUrl() const;
    // The QPSQL connect options: every passed parameter; connect_timeout, keepalives and
    // tcp_user_timeout defaulting to the values above unless the URI gives its own.
    QString connectOptions() const;
    // The sslmode libpq will use: the URI's, else PGSSLMODE (empty: libpq's "prefer").
    QString sslMode() const;
    // Whether libpq checks the server's certificate (sslmode verify-ca or verify-full).
    bool verifiesServer() const;
    // A Unix socket folder, or localhost, 127.0.0.1 or ::1.
    bool isLoopbackOrSocket() const;
    // Whether a password golive keeps in the OS keychain may go to this server: only one whose
    // certificate libpq verifies, or one on this machine. Over an unverified connection anyone
    // in between can pose as the server and ask for the password in clear. A password in the
    // URI itself, ~/.pgpass or PGPASSWORD is the user's own choice and not held back.
    bool mayReceiveKeychainPassword() const;
    // Why a keychain password was held back, and what to add to the URI.
    QString keychainHeldBackWords() const;
    // The same server and database with another run name.
    ServerLocation withRun(const QString& run) const;

private:
    static bool read(const QString& uri, ServerLocation* out, QString* error, bool lenient);

    QString m_scheme = QStringLiteral("postgresql");
    QString m_user;
    QString m_password;
    bool m_hasPassword = false;
    QString m_host;
    bool m_socketFolder = false;
    int m_port = DefaultPort;
    QString m_database;
    QString m_run;
    QList<std::pair<QString, QString>> m_parameters; // passed on, in the URI's order
    // What shown() prints: the user, host and port as the URI's authority gave them (an empty
    // host, port -1 when it gave none), and the parameters golive reads but a password.
    QString m_shownUser;
    QString m_shownHost;
    int m_shownPort = -1;
    QList<std::pair<QString, QString>> m_shownQuery;
};

} // namespace golive
