// The Prometheus connection's precedence table (see Connection.h).
#include "Connection.h"

#include "CredentialStore.h"

namespace golive {

bool sameAddress(const QUrl& a, const QUrl& b)
{
    return a.isValid() && b.isValid() &&
           CredentialStore::normalizedUrl(a) == CredentialStore::normalizedUrl(b);
}

ConnectionSources ConnectionSources::load(const QUrl& url, const std::optional<QString>& userOption,
                                          const std::optional<QString>& caFileOption)
{
    ConnectionSources sources;
    sources.url = url;
    sources.userOption = userOption;
    sources.caFileOption = caFileOption;
    const ConnectionSettings configured = ConnectionSettings::load();
    if (!configured.url.isEmpty())
        sources.settings = configured;
    sources.login = ConnectionSettings::loginFor(url);
    return sources;
}

ResolvedConnection resolveConnection(const ConnectionSources& sources)
{
    ResolvedConnection r;
    r.url = sources.url;
    const std::optional<ConnectionSettings>& settings = sources.settings;
    const bool settingsApply =
        settings && sameAddress(ConnectionSettings::parseUrl(settings->url, nullptr), sources.url);
    // Row 2 or 3: the first of the Settings dialog (for this address) and the login record.
    const ConnectionSettings* stored =
        settingsApply ? &*settings : (sources.login ? &*sources.login : nullptr);
    const ConnectionSource storedFrom = settingsApply   ? ConnectionSource::Settings
                                        : sources.login ? ConnectionSource::Login
                                                        : ConnectionSource::Nothing;

    if (sources.userOption) {
        r.user = sources.userOption->trimmed();
        r.auth = r.user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
        r.credentialsFrom = ConnectionSource::Options;
    } else if (stored) {
        r.user = stored->user;
        r.auth = stored->auth;
        r.credentialsFrom = storedFrom;
    }

    if (sources.caFileOption) {
        r.caFile = *sources.caFileOption;
        r.caFileFrom = ConnectionSource::Options;
    } else if (stored) {
        r.caFile = stored->caFile;
        r.caFileFrom = storedFrom;
    }
    return r;
}

} // namespace golive
