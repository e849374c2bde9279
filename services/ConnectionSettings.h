// The Prometheus connection as the Settings dialog edits it and the window and `golive check`
// use it: everything but the secret, which only the keychain (CredentialStore) holds.
#pragma once

#include "PrometheusClient.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace golive {

struct ConnectionSettings
{
    QString url; // empty: no Prometheus configured (the window shows demo data)
    PrometheusConfig::Auth auth = PrometheusConfig::Auth::None;
    QString user;   // basic authentication only
    QString caFile; // an extra CA certificate (PEM) to trust; empty: the system's CAs
    int timeoutSeconds = 10;
    int refreshSeconds = 15; // the SLO dock's default refresh (0: off)

    static ConnectionSettings load();
    void save() const;

    // A PrometheusConfig without the secret; the caller adds it from the keychain.
    PrometheusConfig toConfig() const;
    // The keychain entry's user: the basic-auth user, or empty for a bearer token.
    QString keychainUser() const
    {
        return auth == PrometheusConfig::Auth::Basic ? user : QString();
    }

    // What `golive login URL` recorded for a URL (user, auth, CA file; never the secret), kept
    // in the settings as JSON; std::nullopt when nothing was recorded. The command line writes
    // it and the window reads it, so both use what is stored for the URL.
    static std::optional<ConnectionSettings> loginFor(const QUrl& url);
    // Records (or with std::nullopt removes) the login for `url`.
    static void setLoginFor(const QUrl& url, const std::optional<ConnectionSettings>& login);

    // What is wrong with these settings, in words naming the field, or empty when they will do.
    QString problem() const;

    static QString authName(PrometheusConfig::Auth auth); // "none", "basic", "bearer"
    static std::optional<PrometheusConfig::Auth> authFromName(const QString& name);
    // http(s)://host[:port][/prefix] without user info, or an invalid QUrl.
    static QUrl parseUrl(const QString& text, QString* error);
};

} // namespace golive
