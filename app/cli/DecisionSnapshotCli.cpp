// The command line's snapshot of what golive can see (see DecisionSnapshotCli.h).
#include "DecisionSnapshotCli.h"

#include "AppPaths.h"
#include "ConnectionSettings.h"
#include "DashboardCheck.h"
#include "HealthMonitor.h"
#include "PrometheusOptions.h"
#include "RunDashboard.h"
#include "Wording.h"
#include "decision/SnapshotBuilder.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>

namespace golive::cli {

namespace {

// The panels are judged over the same window as `golive check`'s default.
constexpr qint64 kSnapshotRangeSeconds = 15 * 60;
// What evaluateDashboard() allows beyond the timeout for parsing and judging; the health
// probes, started first and run at the same time, get as long.
constexpr int kMarginMs = 2000;

const QLatin1String kNoAddress("no Prometheus address (give --prometheus or set "
                               "GOLIVE_PROMETHEUS_URL)");

// The address the snapshot asks: --prometheus, else $GOLIVE_PROMETHEUS_URL, else the Settings
// dialog's. Invalid or empty: *why says so, and nothing is asked.
QUrl snapshotPrometheusUrl(const SnapshotRequest& request, QString* why)
{
    if (!request.prometheus.isEmpty() || !qEnvironmentVariable("GOLIVE_PROMETHEUS_URL").isEmpty()) {
        // The option was checked when read; the environment is checked here, and a bad one
        // only costs the snapshot its SLO data, never the decision.
        QString error;
        const QUrl url = cliPrometheusUrl(request.prometheus, &error);
        if (!error.isEmpty())
            *why = error;
        return error.isEmpty() ? url : QUrl();
    }
    const QString saved = ConnectionSettings::load().url.trimmed();
    if (saved.isEmpty()) {
        *why = kNoAddress;
        return {};
    }
    QString error;
    const QUrl url = ConnectionSettings::parseUrl(saved, &error);
    if (!url.isValid()) {
        *why = QStringLiteral("the Prometheus address in the settings is not usable: %1")
                   .arg(error.isEmpty() ? QStringLiteral("not an http(s) URL") : error);
        return {};
    }
    return url;
}

// Prometheus could not be asked anything: every panel failed and so did the version, as
// `golive check` judges "cannot evaluate any panel".
QString unreachableReason(const CheckOutcome& outcome, const QString& urlShown)
{
    const bool allFailed =
        std::all_of(outcome.panels.cbegin(), outcome.panels.cend(),
                    [](const PanelVerdict& v) { return !v.answered || !v.update.ok; });
    if (!allFailed || outcome.buildInfoError.isEmpty())
        return {};
    return outcome.buildInfoError.contains(urlShown)
               ? outcome.buildInfoError
               : QStringLiteral("Prometheus at %1: %2").arg(urlShown, outcome.buildInfoError);
}

} // namespace

SnapshotOptions::SnapshotOptions()
    : m_prometheusOption(QStringLiteral("prometheus"),
                         QStringLiteral("Prometheus's base URL for the snapshot of the SLO "
                                        "panels, alerts and health checks this decision records "
                                        "(default: $GOLIVE_PROMETHEUS_URL, else the Settings "
                                        "dialog's address; none: recorded without SLO data)."),
                         QStringLiteral("URL")),
      m_timeoutOption(QStringLiteral("snapshot-timeout"),
                      QStringLiteral("Wait at most this many seconds for Prometheus and the "
                                     "health checks before recording (default: %1); what did not "
                                     "answer is recorded as unavailable.")
                          .arg(kDefaultSnapshotTimeoutSeconds),
                      QStringLiteral("SECONDS"))
{}

void SnapshotOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOption(m_prometheusOption);
    parser.addOption(m_timeoutOption);
}

QString SnapshotOptions::usage()
{
    return QStringLiteral(" [--prometheus URL] [--snapshot-timeout SECONDS]");
}

std::optional<SnapshotRequest> SnapshotOptions::read(const QCommandLineParser& parser,
                                                     QString* error) const
{
    SnapshotRequest request;
    const std::optional<double> timeout =
        timeoutSecondsOption(parser, m_timeoutOption, kDefaultSnapshotTimeoutSeconds);
    if (!timeout) {
        *error = QStringLiteral("--snapshot-timeout '%1' is not a number of seconds from 0 to "
                                "600; nothing was written")
                     .arg(parser.value(m_timeoutOption));
        return std::nullopt;
    }
    request.timeoutSeconds = *timeout;
    if (parser.isSet(m_prometheusOption)) {
        request.prometheus = parser.value(m_prometheusOption).trimmed();
        QString urlError;
        if (request.prometheus.isEmpty())
            urlError = QStringLiteral("--prometheus needs a URL");
        else
            cliPrometheusUrl(request.prometheus, &urlError);
        if (!urlError.isEmpty()) {
            *error = urlError + QStringLiteral("; nothing was written");
            return std::nullopt;
        }
    }
    return request;
}

DecisionSnapshot takeCliSnapshot(const RunLedger& run, const SnapshotRequest& request,
                                 QString* credentialNote)
{
    SnapshotInputs in;
    in.nowUtc = QDateTime::currentDateTimeUtc();

    const std::optional<RunDashboardVersion> version = dashboardOfRun(run);
    std::optional<Dashboard> dashboard;
    if (version) {
        QString error;
        dashboard = parseRunDashboard(*version, &error);
        in.dashboardSha256 = version->sha256;
        if (!dashboard)
            in.sloUnavailable = QStringLiteral("the run's dashboard %1 cannot be read: %2")
                                    .arg(version->name, error);
    }
    in.dashboard = dashboard ? &*dashboard : nullptr;
    if (!dashboard)
        return buildSnapshot(in); // says the run has no dashboard (or why it cannot be read)

    const int timeoutMs = static_cast<int>(request.timeoutSeconds * 1000);
    QString why;
    const QUrl url = snapshotPrometheusUrl(request, &why);
    PrometheusConfig config;
    if (url.isValid()) {
        config.baseUrl = url;
        config.timeoutMs = timeoutMs;
        config.minStepSeconds = dashboard->minStepSeconds;
        QString note;
        const QString caError = applyCliCredentials(std::nullopt, std::nullopt, &config, &note);
        if (!caError.isEmpty())
            why = caError;
        else if (credentialNote)
            *credentialNote = note;
    }
    const bool askPrometheus = url.isValid() && why.isEmpty();
    const QString urlShown = url.toString(QUrl::StripTrailingSlash);
    if (askPrometheus)
        in.prometheus = urlShown;

    // The health checks first: their probes run while the panels are evaluated below.
    QElapsedTimer clock;
    clock.start();
    HealthMonitor health;
    health.setTimeoutMs(timeoutMs);
    if (askPrometheus)
        health.setPrometheus(config);
    health.setChecks(dashboard->healthChecks);
    bool healthAnswered = false;
    QEventLoop healthLoop;
    QObject::connect(&health, &HealthMonitor::resultsChanged, &healthLoop, [&] {
        healthAnswered = true;
        healthLoop.quit();
    });
    if (!dashboard->healthChecks.isEmpty())
        health.start();

    if (!askPrometheus) {
        in.sloUnavailable = why;
        in.alertsError = why == kNoAddress ? QStringLiteral("no Prometheus address") : why;
    } else if (dashboard->panels.isEmpty()) {
        in.alertsError = QStringLiteral("not asked: the dashboard has no panels");
    } else {
        in.dataTimeUtc = in.nowUtc;
        const CheckOutcome outcome =
            evaluateDashboard(*dashboard, config, kSnapshotRangeSeconds, timeoutMs, in.nowUtc);
        in.sloUnavailable = unreachableReason(outcome, urlShown);
        for (const PanelVerdict& v : outcome.panels) {
            PanelUpdate update = v.update;
            if (!v.answered) {
                // Not answered within the timeout: recorded with why, not as never fetched.
                update.panelId = v.panel->id;
                update.ok = false;
                update.error = v.error;
                update.fetchedAtUtc = in.nowUtc;
            }
            in.panels.insert(v.panel->id, update);
        }
        in.alertsAnswered = outcome.alertsAnswered;
        // The source's words start "alerts: " for the window's status line; the snapshot
        // names them already.
        in.alertsError = outcome.alertsError;
        if (in.alertsError.startsWith(QLatin1String("alerts: ")))
            in.alertsError.remove(0, 8);
        if (!in.sloUnavailable.isEmpty() && in.alertsError == in.sloUnavailable)
            in.alertsError = QStringLiteral("Prometheus unreachable"); // said once is enough
        in.alerts = outcome.alerts;
    }

    if (!dashboard->healthChecks.isEmpty()) {
        const qint64 leftMs = timeoutMs + kMarginMs - clock.elapsed();
        if (!healthAnswered && leftMs > 0) {
            QTimer deadline;
            deadline.setSingleShot(true);
            QObject::connect(&deadline, &QTimer::timeout, &healthLoop, &QEventLoop::quit);
            deadline.start(static_cast<int>(leftMs));
            healthLoop.exec();
        }
        health.stop();
        in.healthWatched = healthAnswered;
        if (healthAnswered)
            in.health = health.results();
        else
            in.healthUnavailable = QStringLiteral("the health checks did not answer within %1 s")
                                       .arg(shortNumber((timeoutMs + kMarginMs) / 1000.0));
    }
    return buildSnapshot(in);
}

} // namespace golive::cli
