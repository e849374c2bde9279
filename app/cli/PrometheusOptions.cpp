// What check and health share (see PrometheusOptions.h).
#include "PrometheusOptions.h"

#include "AppPaths.h"
#include "CliText.h"
#include "Connection.h"
#include "CredentialStore.h"
#include "SafeText.h"

#include <QFileInfo>

// Q_INIT_RESOURCE must run outside any namespace; the bundled dashboard lives in the static
// golive_resources library (initialising twice is harmless).
static void initBundledDashboard()
{
    Q_INIT_RESOURCE(golive_resources);
}

namespace golive::cli {

std::optional<double> timeoutSecondsOption(const QCommandLineParser& parser,
                                           const QCommandLineOption& option, double fallback)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const double seconds = parser.value(option).toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 600)
        return std::nullopt;
    return seconds;
}

std::optional<Dashboard> cliDashboard(Console& c, const QString& command, QString path,
                                      DashboardNeed need, const QString& runPath, QString* origin)
{
    const bool panels = need == DashboardNeed::Panels;
    const char* const safe = panels ? "; nothing was evaluated" : "; nothing was probed";
    if (!runPath.isEmpty() && !path.isEmpty()) {
        c.err << "golive " << command << ": give --run (the run's dashboard) or --dashboard "
              << "FILE, not both" << safe << Qt::endl;
        return std::nullopt;
    }
    QString error;
    std::optional<Dashboard> dashboard;
    if (!runPath.isEmpty()) {
        QString warning;
        const std::unique_ptr<RunLedger> run =
            RunLedger::open(runPath, RunLedger::Access::ReadOnly, &error, &warning);
        const std::optional<RunDashboardVersion> own = run ? dashboardOfRun(*run) : std::nullopt;
        if (!run) {
            c.err << "golive " << command << ": " << naming(runPath, error) << safe << Qt::endl;
            return std::nullopt;
        }
        if (!own) {
            c.err << "golive " << command << ": the run " << native(runPath)
                  << " has no SLO dashboard; add one with 'golive dashboard set --run "
                  << shellArgument(native(runPath)) << " FILE'" << safe << Qt::endl;
            return std::nullopt;
        }
        dashboard = parseRunDashboard(*own, &error);
        path = QStringLiteral("%1 of the run %2").arg(own->name, native(runPath));
    } else {
        if (path.isEmpty()) {
            initBundledDashboard();
            path = kBundledDashboard;
        }
        dashboard = Dashboard::fromFile(path, &error);
    }
    if (origin)
        *origin = path;
    if (dashboard && (panels ? dashboard->panels.isEmpty() : dashboard->healthChecks.isEmpty())) {
        error = panels ? QStringLiteral("the dashboard has no panels")
                       : QStringLiteral("the dashboard has no health checks (its \"health\" list)");
        dashboard.reset();
    } else if (!dashboard && error.isEmpty()) {
        error = QStringLiteral("not a valid dashboard");
    }
    if (!dashboard) {
        c.err << "golive " << command << ": " << naming(path, terminalSafe(error)) << safe
              << Qt::endl;
    }
    return dashboard;
}

QUrl cliPrometheusUrl(const QString& given, QString* error)
{
    QString urlText = given;
    QString urlOrigin = QStringLiteral("--prometheus");
    if (urlText.isEmpty()) {
        urlText = qEnvironmentVariable("GOLIVE_PROMETHEUS_URL");
        urlOrigin = QStringLiteral("GOLIVE_PROMETHEUS_URL");
    }
    if (urlText.isEmpty()) {
        urlText = kDefaultPrometheusUrl;
        urlOrigin = QStringLiteral("the default URL");
    }
    const QUrl url(urlText.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        *error = QStringLiteral("%1 '%2' is not an http:// or https:// URL with a host")
                     .arg(urlOrigin, url.isValid() ? url.toDisplayString(QUrl::RemoveUserInfo)
                                                   : QStringLiteral("(invalid)"));
    else if (!url.userInfo().isEmpty())
        *error = QStringLiteral("%1 carries a user name or password; credentials are "
                                "never taken on the command line or from the "
                                "environment, and nothing was sent")
                     .arg(urlOrigin);
    return url;
}

QString applyCliCredentials(const std::optional<QString>& userOption,
                            const std::optional<QString>& caOption, PrometheusConfig* config,
                            QString* credentialNote, QString* resolvedUser)
{
    const QUrl& url = config->baseUrl;
    const ResolvedConnection resolved =
        resolveConnection(ConnectionSources::load(url, userOption, caOption));
    const QString user = resolved.keychainUser();
    if (resolvedUser)
        *resolvedUser = user;
    config->caFile = resolved.caFile;
    if (!config->caFile.isEmpty() && !QFileInfo(config->caFile).isReadable())
        return QStringLiteral("the CA file %1 cannot be read").arg(native(config->caFile));
    if (qEnvironmentVariableIsSet("GOLIVE_PROMETHEUS_TOKEN")) {
        config->secret = qEnvironmentVariable("GOLIVE_PROMETHEUS_TOKEN").trimmed();
    } else if (resolved.namesCredentials()) {
        CredentialStore store;
        const CredentialStore::Result read = store.readBlocking(url, user);
        if (read.ok())
            config->secret = read.secret;
        else
            *credentialNote = read.message;
    }
    if (!config->secret.isEmpty()) {
        config->auth =
            user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
        config->user = user;
    }
    return {};
}

std::optional<QString> optionalValue(const QCommandLineParser& parser,
                                     const QCommandLineOption& option)
{
    return parser.isSet(option) ? std::optional<QString>(parser.value(option)) : std::nullopt;
}

} // namespace golive::cli
