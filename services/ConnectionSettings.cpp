// The Prometheus connection settings; see ConnectionSettings.h.
#include "ConnectionSettings.h"

#include "CredentialStore.h"
#include "Settings.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace golive {

ConnectionSettings ConnectionSettings::load()
{
    const Settings* s = Settings::instance();
    ConnectionSettings c;
    c.url = s->value(Settings::Key::PrometheusUrl).toString();
    c.auth = authFromName(s->value(Settings::Key::PrometheusAuth).toString())
                 .value_or(PrometheusConfig::Auth::None);
    c.user = s->value(Settings::Key::PrometheusUser).toString();
    c.caFile = s->value(Settings::Key::PrometheusCaFile).toString();
    c.timeoutSeconds =
        std::clamp(s->value(Settings::Key::PrometheusTimeoutSeconds).toInt(), 1, 600);
    c.refreshSeconds = std::clamp(s->value(Settings::Key::SloRefresh).toInt(), 0, 3600);
    return c;
}

void ConnectionSettings::save() const
{
    Settings* s = Settings::instance();
    s->setValue(Settings::Key::PrometheusAuth, authName(auth));
    s->setValue(Settings::Key::PrometheusUser, user);
    s->setValue(Settings::Key::PrometheusCaFile, caFile);
    s->setValue(Settings::Key::PrometheusTimeoutSeconds, timeoutSeconds);
    s->setValue(Settings::Key::SloRefresh, refreshSeconds);
    // Last: listeners of the URL's change see the rest already saved.
    s->setValue(Settings::Key::PrometheusUrl, url);
}

PrometheusConfig ConnectionSettings::toConfig() const
{
    PrometheusConfig config;
    config.baseUrl = parseUrl(url, nullptr);
    config.auth = auth;
    config.user = auth == PrometheusConfig::Auth::Basic ? user : QString();
    config.caFile = caFile;
    config.timeoutMs = timeoutSeconds * 1000;
    return config;
}

namespace {

QJsonObject loginRecords()
{
    return QJsonDocument::fromJson(
               Settings::instance()->value(Settings::Key::PrometheusLogins).toString().toUtf8())
        .object();
}

} // namespace

std::optional<ConnectionSettings> ConnectionSettings::loginFor(const QUrl& url)
{
    const QJsonObject logins = loginRecords();
    const QString key = CredentialStore::normalizedUrl(url);
    if (!logins.contains(key))
        return std::nullopt;
    const QJsonObject m = logins.value(key).toObject();
    ConnectionSettings c = load();
    c.url = url.toString();
    c.user = m.value(QLatin1String("user")).toString();
    c.auth = authFromName(m.value(QLatin1String("auth")).toString())
                 .value_or(c.user.isEmpty() ? PrometheusConfig::Auth::Bearer
                                            : PrometheusConfig::Auth::Basic);
    c.caFile = m.value(QLatin1String("caFile")).toString();
    return c;
}

void ConnectionSettings::setLoginFor(const QUrl& url,
                                     const std::optional<ConnectionSettings>& login)
{
    QJsonObject logins = loginRecords();
    const QString key = CredentialStore::normalizedUrl(url);
    if (login) {
        logins.insert(key, QJsonObject{
                               {QStringLiteral("user"), login->user},
                               {QStringLiteral("auth"), authName(login->auth)},
                               {QStringLiteral("caFile"), login->caFile},
                           });
    } else {
        logins.remove(key);
    }
    Settings::instance()->setValue(
        Settings::Key::PrometheusLogins,
        QString::fromUtf8(QJsonDocument(logins).toJson(QJsonDocument::Compact)));
}

QString ConnectionSettings::problem() const
{
    QString error;
    if (!url.isEmpty() && !parseUrl(url, &error).isValid())
        return error;
    if (auth == PrometheusConfig::Auth::Basic && user.trimmed().isEmpty())
        return QStringLiteral("User: basic authentication needs a user name");
    if (!caFile.isEmpty()) {
        const QFileInfo info(caFile);
        if (!info.isFile() || !info.isReadable())
            return QStringLiteral("CA file: %1 is not a readable file").arg(caFile);
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600)
        return QStringLiteral("Timeout: %1 s is not from 1 to 600 s").arg(timeoutSeconds);
    return {};
}

QString ConnectionSettings::authName(PrometheusConfig::Auth auth)
{
    switch (auth) {
    case PrometheusConfig::Auth::None:
        return QStringLiteral("none");
    case PrometheusConfig::Auth::Basic:
        return QStringLiteral("basic");
    case PrometheusConfig::Auth::Bearer:
        return QStringLiteral("bearer");
    }
    return QStringLiteral("none");
}

std::optional<PrometheusConfig::Auth> ConnectionSettings::authFromName(const QString& name)
{
    if (name == QLatin1String("none"))
        return PrometheusConfig::Auth::None;
    if (name == QLatin1String("basic"))
        return PrometheusConfig::Auth::Basic;
    if (name == QLatin1String("bearer"))
        return PrometheusConfig::Auth::Bearer;
    return std::nullopt;
}

QUrl ConnectionSettings::parseUrl(const QString& text, QString* error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    QString why;
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        why = QStringLiteral("URL: '%1' is not an http:// or https:// address with a host")
                  .arg(url.isValid() ? url.toDisplayString(QUrl::RemoveUserInfo)
                                     : QStringLiteral("(invalid)"));
    else if (!url.userInfo().isEmpty())
        why = QStringLiteral("URL: has a user name or password in it; credentials belong in the "
                             "keychain, never in the address");
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return {};
    }
    return url.adjusted(QUrl::StripTrailingSlash);
}

} // namespace golive
