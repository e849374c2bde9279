// health (see HealthCommand.h).
#include "HealthCommand.h"

#include "CliText.h"
#include "HealthMonitor.h"
#include "PrometheusOptions.h"
#include "SafeText.h"
#include "Wording.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace golive::cli {

namespace {

// One round of every probe, each bounded by the monitor's timeout; false when the round did
// not finish within `deadlineMs`.
bool probeOnce(HealthMonitor& monitor, int deadlineMs)
{
    QEventLoop loop;
    bool answered = false;
    QObject::connect(&monitor, &HealthMonitor::resultsChanged, &loop, [&] {
        answered = true;
        loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(deadlineMs);
    monitor.start();
    if (!answered)
        loop.exec();
    monitor.stop();
    return answered;
}

} // namespace

HealthCommand::HealthCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_dashboardOption(QStringLiteral("dashboard"),
                        QStringLiteral("The dashboard JSON (default: the bundled %1).")
                            .arg(QFileInfo(kBundledDashboard).fileName()),
                        QStringLiteral("FILE")),
      m_runOption(QStringLiteral("run"),
                  QStringLiteral("Use the dashboard of this run (the one 'golive dashboard set' "
                                 "recorded, or embedded when it was made) instead."),
                  QStringLiteral("RUN")),
      m_prometheusOption(QStringLiteral("prometheus"),
                         QStringLiteral("Prometheus's base URL for the PromQL checks (default: "
                                        "$GOLIVE_PROMETHEUS_URL, else %1).")
                             .arg(kDefaultPrometheusUrl),
                         QStringLiteral("URL")),
      m_userOption(QStringLiteral("user"),
                   QStringLiteral("The basic-auth user whose password 'golive login' stored "
                                  "(default: the Settings dialog's when it is for this URL, else "
                                  "the one 'golive login' recorded for it)."),
                   QStringLiteral("NAME")),
      m_caFileOption(QStringLiteral("ca-file"),
                     QStringLiteral("A CA certificate (PEM) to trust for Prometheus (default: the "
                                    "Settings dialog's when it is for this URL, else the one "
                                    "'golive login' recorded for it)."),
                     QStringLiteral("FILE")),
      m_timeoutOption(QStringLiteral("timeout"),
                      QStringLiteral("Give up on each probe after this many seconds (default: 5)."),
                      QStringLiteral("SECONDS")),
      m_demoOption(QStringLiteral("demo"),
                   QStringLiteral("Probe nothing: every probed check is up, marked DEMO."))
{}

QString HealthCommand::description() const
{
    return QStringLiteral(
        "Probes the dashboard's health checks once, as the window's lights do: an HTTP GET "
        "(up on any 2xx), a PromQL expression asked of Prometheus (up when it returns a sample "
        "and none is 0), and lists the manual ones with how to check them by hand. Prints one "
        "line per check: service, status (up, down, unknown, not probed), whether it is "
        "critical, and the detail.\n"
        "Exits 0 when no critical check is down, 1 when one is, 2 on a usage error or an "
        "invalid dashboard. Unknown (Prometheus could not be asked) does not fail: golive "
        "cannot tell, and says why.");
}

QString HealthCommand::usage() const
{
    return QStringLiteral(
        "golive health [--dashboard FILE | --run RUN] [--prometheus URL] [--user NAME] "
        "[--ca-file FILE] [--timeout SECONDS] [--demo]");
}

void HealthCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption(m_dashboardOption);
    parser.addOption(m_runOption);
    parser.addOption(m_prometheusOption);
    parser.addOption(m_userOption);
    parser.addOption(m_caFileOption);
    parser.addOption(m_timeoutOption);
    parser.addOption(m_demoOption);
}

int HealthCommand::run(Console& c, const QCommandLineParser& parser)
{
    const std::optional<double> timeout = timeoutSecondsOption(parser, m_timeoutOption, 5);
    if (!timeout)
        return usageError(c, QStringLiteral("--timeout '%1' is not a number of seconds from 0 to "
                                            "600")
                                 .arg(parser.value(m_timeoutOption)));
    const double timeoutSeconds = *timeout;
    const bool demo = parser.isSet(m_demoOption);
    if (demo && parser.isSet(m_prometheusOption))
        return usageError(c, QStringLiteral("--demo probes nothing; give --prometheus or --demo, "
                                            "not both"));

    const std::optional<Dashboard> dashboard =
        cliDashboard(c, QStringLiteral("health"), parser.value(m_dashboardOption),
                     DashboardNeed::HealthChecks, parser.value(m_runOption));
    if (!dashboard)
        return ExitUsage;

    const int timeoutMs = static_cast<int>(timeoutSeconds * 1000);
    HealthMonitor monitor;
    monitor.setDemo(demo);
    monitor.setTimeoutMs(timeoutMs);
    const bool anyPromql =
        std::any_of(dashboard->healthChecks.cbegin(), dashboard->healthChecks.cend(),
                    [](const HealthCheckDefinition& h) {
                        return h.kind == HealthCheckDefinition::Kind::PromQL;
                    });
    QString credentialNote;
    QString prometheusShown;
    if (!demo && anyPromql) {
        QString urlError;
        const QUrl url = cliPrometheusUrl(parser.value(m_prometheusOption), &urlError);
        if (!urlError.isEmpty())
            return usageError(c, urlError);
        PrometheusConfig config;
        config.baseUrl = url;
        config.timeoutMs = timeoutMs;
        const QString caError =
            applyCliCredentials(optionalValue(parser, m_userOption),
                                optionalValue(parser, m_caFileOption), &config, &credentialNote);
        if (!caError.isEmpty())
            return usageError(c, caError);
        monitor.setPrometheus(config);
        prometheusShown = url.toString(QUrl::StripTrailingSlash);
    }
    monitor.setChecks(dashboard->healthChecks);

    if (!probeOnce(monitor, timeoutMs + 5000)) {
        c.err << "golive health: the probes did not finish within "
              << shortNumber(timeoutSeconds + 5) << " s" << Qt::endl;
        return ExitFailure;
    }

    c.out << dashboard->title << ": health of "
          << plural(dashboard->healthChecks.size(), "service", "services");
    if (demo)
        c.out << " (DEMO: nothing was probed)";
    else if (!prometheusShown.isEmpty())
        c.out << ", PromQL asked of Prometheus at " << prometheusShown;
    c.out << Qt::endl;
    QList<QStringList> rows{{QStringLiteral("SERVICE"), QStringLiteral("STATUS"),
                             QStringLiteral("CRITICAL"), QStringLiteral("DETAIL")}};
    for (const HealthResult& r : monitor.results())
        rows.append({r.service, healthStatusName(r.status),
                     r.critical ? QStringLiteral("yes") : QStringLiteral("no"),
                     cappedMessage(r.detail)});
    c.out << table(rows);
    c.out.flush();
    if (!credentialNote.isEmpty())
        c.err << "golive health: no credentials were sent: " << credentialNote << Qt::endl;

    const QList<HealthResult> failing = monitor.failingCritical();
    if (!failing.isEmpty()) {
        QStringList names;
        for (const HealthResult& r : failing)
            names.append(r.service);
        c.err << "golive health: critical check(s) down: " << names.join(QStringLiteral(", "))
              << Qt::endl;
        return ExitFailure;
    }
    c.err << "golive health: ok: no critical check is down" << Qt::endl;
    return ExitOk;
}

} // namespace golive::cli
