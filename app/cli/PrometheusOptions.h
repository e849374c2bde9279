// What check and health share: the dashboard they read, the Prometheus URL, --timeout, and the
// credentials for that URL (the precedence table of Connection.h, then the secret).
#pragma once

#include "Console.h"
#include "Dashboard.h"
#include "PrometheusClient.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QLatin1String>
#include <QString>
#include <QUrl>

#include <optional>

namespace golive::cli {

inline const QLatin1String kDefaultPrometheusUrl("http://127.0.0.1:9090");
inline const QLatin1String kBundledDashboard(":/dashboards/summit.json");

// --timeout SECONDS of check and health: more than 0, at most 600; `fallback` when not given.
// nullopt when it is not such a number (a usage error).
std::optional<double> timeoutSecondsOption(const QCommandLineParser& parser,
                                           const QCommandLineOption& option, double fallback);

// What a command needs of its dashboard.
enum class DashboardNeed
{
    Panels,
    HealthChecks
};

// The dashboard check and health read: `path` (--dashboard), or the run `runPath`'s (--run:
// dashboardOfRun(), opened read-only), else the bundled one. When it cannot be read, the run has
// none, or it has none of what the command needs, says so on c.err naming the file. *origin:
// where it came from, for the output ("summit.json of run R").
std::optional<Dashboard> cliDashboard(Console& c, const QString& command, QString path,
                                      DashboardNeed need, const QString& runPath = {},
                                      QString* origin = nullptr);

// The Prometheus URL of check and health: `given` (--prometheus), else
// $GOLIVE_PROMETHEUS_URL, else the default. On a bad one, *error says why (a usage error).
QUrl cliPrometheusUrl(const QString& given, QString* error);

// User, authentication and CA file for config->baseUrl by the precedence table of
// Connection.h (the options --user and --ca-file first). The secret: $GOLIVE_PROMETHEUS_TOKEN
// for this run only, else the keychain when a source names credentials for the URL (a problem
// reading it goes to *credentialNote). Returns a usage error (an unreadable CA file), or an
// empty string.
QString applyCliCredentials(const std::optional<QString>& userOption,
                            const std::optional<QString>& caOption, PrometheusConfig* config,
                            QString* credentialNote, QString* resolvedUser = nullptr);

// The value of `option` when it was given, else nullopt.
std::optional<QString> optionalValue(const QCommandLineParser& parser,
                                     const QCommandLineOption& option);

} // namespace golive::cli
