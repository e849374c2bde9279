// What `golive login` remembers about a URL (see LoginRecord.h).
#include "LoginRecord.h"

#include "ConnectionSettings.h"

namespace golive::cli {

std::optional<LoginRecord> LoginRecord::forUrl(const QUrl& url)
{
    const std::optional<ConnectionSettings> login = ConnectionSettings::loginFor(url);
    if (!login)
        return std::nullopt;
    return LoginRecord{login->user, login->caFile};
}

void LoginRecord::set(const QUrl& url, const std::optional<LoginRecord>& record)
{
    if (!record) {
        ConnectionSettings::setLoginFor(url, std::nullopt);
        return;
    }
    ConnectionSettings login;
    login.url = url.toString();
    login.user = record->user;
    login.auth =
        record->user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
    login.caFile = record->caFile;
    ConnectionSettings::setLoginFor(url, login);
}

std::optional<QUrl> prometheusUrl(Console& c, const QString& command, const QString& origin,
                                  const QString& text, const QString& usage)
{
    QString error;
    const QUrl url = ConnectionSettings::parseUrl(text, &error);
    if (!url.isValid()) {
        if (error.startsWith(QLatin1String("URL: ")))
            error.remove(0, 5);
        c.err << "golive " << command << ": " << origin << " " << error
              << "; nothing was sent or stored\nUsage: " << usage << Qt::endl;
        return std::nullopt;
    }
    return url;
}

QString entryWords(const QUrl& url, const QString& user)
{
    const QString shown = url.toString(QUrl::StripTrailingSlash);
    return user.isEmpty() ? shown : QStringLiteral("%1 as %2").arg(shown, user);
}

} // namespace golive::cli
