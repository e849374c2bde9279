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

    // Reads `uri`; false with the words to show when it is not a PostgreSQL URI golive can use
    // (wrong scheme, no database, an unknown parameter, a value the driver cannot be given).
    static bool parse(const QString& uri, ServerLocation* out, QString* error);
    // The libpq parameters golive hands on to the driver; any other is refused.
    static const QStringList& passedParameters();

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
    // The QPSQL connect options: every passed parameter, connect_timeout defaulting to 5 s.
    QString connectOptions() const;
    // The same server and database with another run name.
    ServerLocation withRun(const QString& run) const;

private:
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
};

} // namespace golive
