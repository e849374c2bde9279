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

// Where `uri` holds an '@' past the end of its authority ('/', '?' or '#') with no '='
// before it there: a user or password with an unescaped '/', '?', '#' in it, which URI
// readers take for the host, the path or the query. The last such '@', or -1.
qsizetype strayAt(const QString& uri)
{
    const qsizetype start = uri.indexOf(QLatin1String("://"));
    if (start < 0)
        return -1;
    qsizetype stop = -1;
    for (const QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype at = uri.indexOf(c, start + 3);
        if (at >= 0 && (stop < 0 || at < stop))
            stop = at;
    }
    if (stop < 0)
        return -1;
    const qsizetype at = uri.lastIndexOf(QLatin1Char('@'));
    if (at < stop || uri.mid(stop, at - stop).contains(QLatin1Char('=')))
        return -1;
    return at;
}

// Such a URI as it may be shown: the scheme, then only what follows its last '@'.
QString withUserInfoHidden(const QString& uri, qsizetype at)
{
    return uri.left(uri.indexOf(QLatin1String("://")) + 3) + QStringLiteral("\u2026@") +
           uri.mid(at + 1);
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
        QStringLiteral("tcp_user_timeout"),
        QStringLiteral("channel_binding"),
    };
    return names;
}

bool ServerLocation::parse(const QString& uri, ServerLocation* out, QString* error)
{
    return read(uri, out, error, false);
}

QString ServerLocation::shownUri(const QString& uri)
{
    if (const qsizetype at = strayAt(uri); at >= 0)
        return withUserInfoHidden(uri, at);
    ServerLocation loc;
    if (read(uri, &loc, nullptr, true))
        return loc.shown();
    // A password holding an unescaped '@' (QUrl refuses it): the user info ends at the last
    // '@' of the authority, the ones before it escaped.
    const qsizetype start = uri.indexOf(QLatin1String("://"));
    if (start >= 0) {
        qsizetype end = uri.size();
        for (const QChar stop : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
            const qsizetype at = uri.indexOf(stop, start + 3);
            if (at >= 0)
                end = qMin(end, at);
        }
        const qsizetype last = uri.lastIndexOf(QLatin1Char('@'), end - 1);
        if (last > start) {
            QString userInfo = uri.mid(start + 3, last - start - 3);
            if (userInfo.contains(QLatin1Char('@'))) {
                userInfo.replace(QLatin1Char('@'), QLatin1String("%40"));
                const QString escaped = uri.left(start + 3) + userInfo + uri.mid(last);
                if (read(escaped, &loc, nullptr, true))
                    return loc.shown();
            }
        }
    }
    // Not a URI golive reads at all: the scheme and what can name the server, nothing else.
    const QUrl url(uri, QUrl::TolerantMode);
    QUrl safe;
    safe.setScheme(url.scheme());
    safe.setHost(url.host());
    safe.setPort(url.port());
    safe.setPath(url.path());
    const QString s = safe.toString();
    return s.isEmpty() ? QStringLiteral("(an unreadable URI)") : s;
}

bool ServerLocation::read(const QString& uri, ServerLocation* out, QString* error, bool lenient)
{
    // Lenient reading is for showing a URI: whatever golive would refuse is left out of the
    // shown form instead, so a refusal can show the rest of the URI without a secret.
    if (const qsizetype at = strayAt(uri); at >= 0) {
        if (lenient)
            return false;
        return refuse(error, QStringLiteral("\"%1\" has an '@' after the end of its host: a user "
                                            "or password holding '/', '?' or '#' must have them "
                                            "percent-encoded (%2F, %3F, %23), or better, keep "
                                            "the password out of the URI (golive login)")
                                 .arg(withUserInfoHidden(uri, at)));
    }
    const QUrl url(uri, lenient ? QUrl::TolerantMode : QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() ||
        (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))) {
        if (lenient)
            return false;
        return refuse(error, QStringLiteral("\"%1\" is not a PostgreSQL URI (postgresql://USER@"
                                            "HOST:PORT/DBNAME?run=NAME)")
                                 .arg(shownUri(uri)));
    }
    ServerLocation loc;
    loc.m_scheme = scheme;
    loc.m_user = url.userName(QUrl::FullyDecoded);
    loc.m_shownUser = loc.m_user;
    loc.m_hasPassword = !url.password(QUrl::FullyDecoded).isEmpty();
    loc.m_password = url.password(QUrl::FullyDecoded);
    loc.m_host = url.host(QUrl::FullyDecoded);
    loc.m_shownHost = loc.m_host;
    loc.m_port = url.port(DefaultPort);
    loc.m_shownPort = url.port();
    loc.m_database = url.path(QUrl::FullyDecoded).mid(1);
    // What a refusal shows: the URI as shown(), what golive does not read left out.
    const auto shownUriText = [&uri]() { return shownUri(uri); };
    if (!lenient && (loc.m_database.isEmpty() || loc.m_database.contains(QLatin1Char('/'))))
        return refuse(error, QStringLiteral("%1 names no database: give it after the host "
                                            "(postgresql://USER@HOST:PORT/DBNAME?run=NAME)")
                                 .arg(shownUriText()));
    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("run")) {
            loc.m_run = value;
            loc.m_shownQuery.append({key, value});
        } else if (key == QLatin1String("host")) {
            loc.m_host = value;
            loc.m_socketFolder = value.startsWith(QLatin1Char('/'));
            loc.m_shownQuery.append({key, value});
        } else if (key == QLatin1String("port")) {
            bool numeric = false;
            const int port = value.toInt(&numeric);
            if (!numeric || port <= 0 || port > 65535) {
                if (lenient)
                    continue;
                return refuse(error, QStringLiteral("%1: the port \"%2\" is not a port number")
                                         .arg(shownUriText(), value));
            }
            loc.m_port = port;
            loc.m_shownQuery.append({key, value});
        } else if (key == QLatin1String("user")) {
            loc.m_user = value;
            loc.m_shownQuery.append({key, value});
        } else if (key == QLatin1String("password")) {
            loc.m_password = value;
            loc.m_hasPassword = !value.isEmpty();
        } else if (passedParameters().contains(key)) {
            // The driver's options are separated by ';', so a value cannot hold one.
            if (value.contains(QLatin1Char(';'))) {
                if (lenient)
                    continue;
                return refuse(error, QStringLiteral("%1: the value of %2 cannot contain \";\"")
                                         .arg(shownUriText(), key));
            }
            loc.m_parameters.append({key, value});
            loc.m_shownQuery.append({key, value});
        } else if (!lenient) {
            // Named, never with its value: an unknown parameter may be a misspelt password.
            return refuse(error, QStringLiteral("%1: golive does not know the parameter \"%2\"; "
                                                "it passes on run, host, port, user, %3")
                                     .arg(shownUriText(), key,
                                          passedParameters().join(QStringLiteral(", "))));
        }
    }
    if (!lenient && loc.m_host.isEmpty())
        return refuse(error, QStringLiteral("%1 names no host: give it after the @, or a Unix "
                                            "socket folder as host=/FOLDER")
                                 .arg(shownUriText()));
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
    // As the URI was written (its user, host, port and parameters in their order), less its
    // password and whatever golive does not read.
    QUrl url;
    url.setScheme(m_scheme);
    url.setUserName(m_shownUser);
    url.setHost(m_shownHost);
    url.setPort(m_shownPort);
    url.setPath(QLatin1Char('/') + m_database);
    QUrlQuery query;
    // QUrlQuery reads a '%' in a value as the start of an escape; the rest it escapes itself.
    const auto add = [&query](const QString& key, QString value) {
        query.addQueryItem(key, value.replace(QLatin1Char('%'), QLatin1String("%25")));
    };
    bool runShown = false;
    for (const auto& [key, value] : m_shownQuery) {
        if (key != QLatin1String("run")) {
            add(key, value);
        } else if (!runShown && !m_run.isEmpty()) {
            add(key, m_run);
            runShown = true;
        }
    }
    if (!runShown && !m_run.isEmpty())
        add(QStringLiteral("run"), m_run);
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
    QStringList given;
    for (const auto& [key, value] : m_parameters) {
        options.append(key + QLatin1Char('=') + quotedValue(value));
        given.append(key);
    }
    // A network that goes silent (a cable pulled, a firewall dropping the session) is noticed
    // within seconds, not after the kernel's retransmissions (about 15 minutes): keepalives on
    // an idle connection, a bound on unacknowledged data while a statement is sent. The URI's
    // own values win.
    const std::pair<const char*, int> defaults[] = {
        {"connect_timeout", DefaultConnectTimeoutS},
        {"keepalives", 1},
        {"keepalives_idle", DefaultKeepalivesIdleS},
        {"keepalives_interval", DefaultKeepalivesIntervalS},
        {"keepalives_count", DefaultKeepalivesCount},
        {"tcp_user_timeout", DefaultTcpUserTimeoutMs},
    };
    for (const auto& [key, value] : defaults) {
        if (!given.contains(QLatin1String(key)))
            options.append(QStringLiteral("%1=%2").arg(QLatin1String(key)).arg(value));
    }
    return options.join(QLatin1Char(';'));
}

bool ServerLocation::isLoopbackOrSocket() const
{
    if (m_socketFolder)
        return true;
    static const QStringList loopback{QStringLiteral("localhost"), QStringLiteral("127.0.0.1"),
                                      QStringLiteral("::1")};
    return loopback.contains(m_host.toLower());
}

QString ServerLocation::sslMode() const
{
    QString mode;
    for (const auto& [key, value] : m_parameters) {
        if (key == QLatin1String("sslmode"))
            mode = value;
    }
    // libpq reads PGSSLMODE when the URI says nothing.
    return mode.isEmpty() ? qEnvironmentVariable("PGSSLMODE") : mode;
}

bool ServerLocation::verifiesServer() const
{
    const QString mode = sslMode();
    return mode == QLatin1String("verify-full") || mode == QLatin1String("verify-ca");
}

bool ServerLocation::mayReceiveKeychainPassword() const
{
    // A service file (service= here, or PGSERVICE) or PGHOSTADDR can take libpq to another
    // server, or to a weaker sslmode, than the one this URI names: then only a URI that itself
    // asks for the certificate to be verified gets the password.
    bool elsewhere =
        qEnvironmentVariableIsSet("PGHOSTADDR") || qEnvironmentVariableIsSet("PGSERVICE");
    QString uriMode;
    for (const auto& [key, value] : m_parameters) {
        elsewhere = elsewhere || key == QLatin1String("service");
        if (key == QLatin1String("sslmode"))
            uriMode = value;
    }
    if (elsewhere)
        return uriMode == QLatin1String("verify-full") || uriMode == QLatin1String("verify-ca");
    return verifiesServer() || isLoopbackOrSocket();
}

QString ServerLocation::keychainHeldBackWords() const
{
    return QStringLiteral("golive keeps the password for %1 in the OS keychain but sends it only "
                          "over a verified connection: add sslmode=verify-full&sslrootcert=CA "
                          "to the URI (CA: the file of the certificate authority that signed "
                          "the server's certificate)")
        .arg(host());
}

ServerLocation ServerLocation::withRun(const QString& run) const
{
    ServerLocation loc = *this;
    loc.m_run = run;
    return loc;
}

} // namespace golive
