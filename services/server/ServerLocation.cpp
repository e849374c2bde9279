// Reading a PostgreSQL URI into what the QPSQL driver takes; see ServerLocation.h.
#include "ServerLocation.h"

#include <QUrlQuery>

namespace golive {

namespace {

bool refuse(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

// A value as libpq's connection string takes it: quoted, with ' and \ escaped.
QString quotedValue(const QString& value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    v.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

} // namespace

const QStringList& ServerLocation::passedParameters()
{
    static const QStringList names{
        QStringLiteral("sslmode"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),
        QStringLiteral("sslcrl"),
        QStringLiteral("connect_timeout"),
        QStringLiteral("application_name"),
        QStringLiteral("service"),
        QStringLiteral("target_session_attrs"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
    };
    return names;
}

bool ServerLocation::parse(const QString& uri, ServerLocation* out, QString* error)
{
    const QUrl url(uri, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() ||
        (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres")))
        return refuse(error, QStringLiteral("\"%1\" is not a PostgreSQL URI (postgresql://USER@"
                                            "HOST:PORT/DBNAME?run=NAME)")
                                 .arg(url.toString(QUrl::RemovePassword)));
    ServerLocation loc;
    loc.m_scheme = scheme;
    loc.m_user = url.userName(QUrl::FullyDecoded);
    loc.m_hasPassword = !url.password(QUrl::FullyDecoded).isEmpty();
    loc.m_password = url.password(QUrl::FullyDecoded);
    loc.m_host = url.host(QUrl::FullyDecoded);
    loc.m_port = url.port(DefaultPort);
    loc.m_database = url.path(QUrl::FullyDecoded).mid(1);
    // What a refusal shows: no password, neither after the user nor as a parameter.
    QUrl safe = url;
    QUrlQuery safeQuery(url);
    safeQuery.removeAllQueryItems(QStringLiteral("password"));
    safe.setQuery(safeQuery);
    const QString shownUri = safe.toString(QUrl::RemovePassword);
    if (loc.m_database.isEmpty() || loc.m_database.contains(QLatin1Char('/')))
        return refuse(error, QStringLiteral("%1 names no database: give it after the host "
                                            "(postgresql://USER@HOST:PORT/DBNAME?run=NAME)")
                                 .arg(shownUri));
    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("run")) {
            loc.m_run = value;
        } else if (key == QLatin1String("host")) {
            loc.m_host = value;
            loc.m_socketFolder = value.startsWith(QLatin1Char('/'));
        } else if (key == QLatin1String("port")) {
            bool numeric = false;
            loc.m_port = value.toInt(&numeric);
            if (!numeric || loc.m_port <= 0 || loc.m_port > 65535)
                return refuse(error, QStringLiteral("%1: the port \"%2\" is not a port number")
                                         .arg(shownUri, value));
        } else if (key == QLatin1String("user")) {
            loc.m_user = value;
        } else if (key == QLatin1String("password")) {
            loc.m_password = value;
            loc.m_hasPassword = !value.isEmpty();
        } else if (passedParameters().contains(key)) {
            // The driver's options are separated by ';', so a value cannot hold one.
            if (value.contains(QLatin1Char(';')))
                return refuse(
                    error,
                    QStringLiteral("%1: the value of %2 cannot contain \";\"").arg(shownUri, key));
            loc.m_parameters.append({key, value});
        } else {
            return refuse(error,
                          QStringLiteral("%1: golive does not know the parameter \"%2\"; "
                                         "it passes on run, host, port, user, %3")
                              .arg(shownUri, key, passedParameters().join(QStringLiteral(", "))));
        }
    }
    if (loc.m_host.isEmpty())
        return refuse(error, QStringLiteral("%1 names no host: give it after the @, or a Unix "
                                            "socket folder as host=/FOLDER")
                                 .arg(shownUri));
    if (loc.m_user.isEmpty()) {
        // libpq's own default: the operating system's user name.
        loc.m_user = qEnvironmentVariable("PGUSER", qEnvironmentVariable("USER"));
    }
    *out = loc;
    return true;
}

QString ServerLocation::host() const
{
    return QStringLiteral("%1:%2").arg(m_host).arg(m_port);
}

QString ServerLocation::shown() const
{
    QUrl url;
    url.setScheme(m_scheme);
    url.setUserName(m_user);
    if (!m_socketFolder) {
        url.setHost(m_host);
        url.setPort(m_port);
    }
    url.setPath(QLatin1Char('/') + m_database);
    QUrlQuery query;
    if (m_socketFolder) {
        query.addQueryItem(QStringLiteral("host"), m_host);
        if (m_port != DefaultPort)
            query.addQueryItem(QStringLiteral("port"), QString::number(m_port));
    }
    for (const auto& [key, value] : m_parameters)
        query.addQueryItem(key, value);
    if (!m_run.isEmpty())
        query.addQueryItem(QStringLiteral("run"), m_run);
    url.setQuery(query);
    QString s = url.toString(QUrl::RemovePassword);
    if (!s.startsWith(m_scheme + QLatin1String("://"))) // QUrl may drop "//" with no host
        s.replace(0, m_scheme.size() + 1, m_scheme + QLatin1String("://"));
    return s;
}

QString ServerLocation::origin() const
{
    return QStringLiteral("postgresql://%1@%2").arg(m_user, host());
}

QUrl ServerLocation::keychainUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_socketFolder ? QStringLiteral("localhost") : m_host);
    url.setPort(m_port);
    if (m_socketFolder)
        url.setPath(m_host);
    return url;
}

QString ServerLocation::connectOptions() const
{
    QStringList options;
    bool timeout = false;
    for (const auto& [key, value] : m_parameters) {
        options.append(key + QLatin1Char('=') + quotedValue(value));
        timeout = timeout || key == QLatin1String("connect_timeout");
    }
    if (!timeout)
        options.append(QStringLiteral("connect_timeout=%1").arg(DefaultConnectTimeoutS));
    return options.join(QLatin1Char(';'));
}

ServerLocation ServerLocation::withRun(const QString& run) const
{
    ServerLocation loc = *this;
    loc.m_run = run;
    return loc;
}

} // namespace golive
