// Which Prometheus user, authentication and CA file apply to an address: one table for the
// window and the command line.
//
// Field by field (user and authentication together, the CA file on its own), the first source
// that has the field wins:
//   1. the command line's options: --user NAME is basic authentication as NAME (an empty NAME:
//      a bearer token); --ca-file FILE is the CA file;
//   2. the Settings dialog's values, when its address is the one in use: its authentication
//      and user; its CA file;
//   3. what `golive login URL` recorded for the address: its authentication and user; its CA
//      file;
//   4. nothing: no authentication, the system's CAs only.
//
// The Settings dialog comes before the login record: an address someone configured in the
// window is used as configured, wherever golive runs. The secret is not in the table: it is
// the keychain's entry for (address, keychainUser()), or GOLIVE_PROMETHEUS_TOKEN on the command
// line.
#pragma once

#include "ConnectionSettings.h"
#include "PrometheusClient.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace golive {

// Where a field of the resolved connection came from: the row of the table above.
enum class ConnectionSource
{
    Options,
    Settings,
    Login,
    Nothing
};

// What the table reads for one address.
struct ConnectionSources
{
    QUrl url;                                   // the address in use
    std::optional<QString> userOption;          // --user, when given
    std::optional<QString> caFileOption;        // --ca-file, when given
    std::optional<ConnectionSettings> settings; // the Settings dialog's values, any address
    std::optional<ConnectionSettings> login;    // `golive login`'s record for url

    // The Settings dialog's values and the login record for `url`, read from the settings.
    static ConnectionSources load(const QUrl& url, const std::optional<QString>& userOption = {},
                                  const std::optional<QString>& caFileOption = {});
};

struct ResolvedConnection
{
    QUrl url;
    PrometheusConfig::Auth auth = PrometheusConfig::Auth::None;
    QString user; // as its source gives it; keychainUser() is what the keychain entry uses
    QString caFile;
    ConnectionSource credentialsFrom = ConnectionSource::Nothing;
    ConnectionSource caFileFrom = ConnectionSource::Nothing;

    // The keychain entry's user: the basic-auth user, or empty for a bearer token.
    QString keychainUser() const
    {
        return auth == PrometheusConfig::Auth::Basic ? user : QString();
    }
    // True when a source names credentials for this address, so the keychain is worth asking.
    bool namesCredentials() const { return credentialsFrom != ConnectionSource::Nothing; }
};

// True when both are the same Prometheus (scheme, host, port and path as the keychain keys
// them); an invalid address is never the same as anything.
bool sameAddress(const QUrl& a, const QUrl& b);

// The table above, applied to `sources`.
ResolvedConnection resolveConnection(const ConnectionSources& sources);

} // namespace golive
