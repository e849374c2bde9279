// One evaluation of a dashboard against Prometheus (see DashboardCheck.h).
#include "DashboardCheck.h"

#include "PrometheusSource.h"
#include "TimeSeries.h"
#include "Wording.h"

#include <QEventLoop>
#include <QTimer>

#include <algorithm>

namespace golive::cli {

namespace {

constexpr int kCheckColumns = 300;

} // namespace

// Refreshes every panel once and waits for all of them and the alerts, or the timeout.
CheckOutcome evaluateDashboard(const Dashboard& dashboard, const PrometheusConfig& config,
                               qint64 rangeSeconds, int timeoutMs, const QDateTime& endUtc)
{
    CheckOutcome outcome;
    for (const PanelDefinition& p : dashboard.panels)
        outcome.panels.append(PanelVerdict{&p, false, {}, {}, {}});

    QEventLoop loop;
    bool buildInfoAnswered = false;
    const auto finished = [&] {
        return buildInfoAnswered && outcome.alertsAnswered &&
               std::all_of(outcome.panels.cbegin(), outcome.panels.cend(),
                           [](const PanelVerdict& v) { return v.answered; });
    };
    const auto quitWhenFinished = [&] {
        if (finished())
            loop.quit();
    };

    PrometheusClient client(config); // only for the version: "Prometheus 2.42.0"
    PrometheusSource source(config);
    QObject::connect(&source, &SloSource::panelUpdated, &loop, [&](const PanelUpdate& update) {
        for (PanelVerdict& v : outcome.panels) {
            if (v.panel->id == update.panelId && !v.answered) {
                v.answered = true;
                v.update = update;
            }
        }
        quitWhenFinished();
    });
    QObject::connect(&source, &SloSource::alertsUpdated, &loop,
                     [&](const QList<AlertInfo>& alerts, const QString& error) {
                         outcome.alertsAnswered = true;
                         outcome.alerts = alerts;
                         outcome.alertsError = error;
                         quitWhenFinished();
                     });
    client.buildInfo([&](const QByteArray& body, const QString& error) {
        buildInfoAnswered = true;
        outcome.buildInfoError = error;
        if (error.isEmpty())
            outcome.version = PrometheusClient::versionFromBuildInfo(body, nullptr);
        quitWhenFinished();
    });
    source.refresh(dashboard, endUtc.addSecs(-rangeSeconds), endUtc, kCheckColumns);

    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    // The requests time out on their own; the deadline also covers parsing and judging.
    deadline.start(timeoutMs + 2000);
    if (!finished())
        loop.exec();
    client.cancelAll();

    const QString late =
        QStringLiteral("no answer within %1 s").arg(shortNumber(timeoutMs / 1000.0));
    if (!outcome.alertsAnswered)
        outcome.alertsError = late;
    if (!buildInfoAnswered)
        outcome.buildInfoError = late;
    for (PanelVerdict& v : outcome.panels) {
        if (!v.answered) {
            v.state = QStringLiteral("error");
            v.error = late;
        } else if (!v.update.ok) {
            v.state = QStringLiteral("error");
            v.error =
                v.update.error.isEmpty() ? QStringLiteral("the query failed") : v.update.error;
        } else {
            v.state = sloStateName(v.update.state);
            if (v.update.state == SloState::Unknown)
                v.error =
                    QStringLiteral("no data in the last %1").arg(describeSeconds(rangeSeconds));
        }
    }
    return outcome;
}

} // namespace golive::cli
