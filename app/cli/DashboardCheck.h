// One evaluation of every panel of a dashboard and of the alerts against Prometheus, waited
// for with a deadline: what `golive check` judges.
#pragma once

#include "Dashboard.h"
#include "PrometheusClient.h"
#include "SloSource.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace golive::cli {

struct PanelVerdict
{
    const PanelDefinition* panel = nullptr;
    bool answered = false;
    PanelUpdate update;
    QString state; // ok, at risk, breach, unknown, error
    QString error;
};

struct CheckOutcome
{
    QList<PanelVerdict> panels;
    bool alertsAnswered = false;
    QList<AlertInfo> alerts;
    QString alertsError;
    QString buildInfoError;
    QString version;
};

// Refreshes every panel once over the `rangeSeconds` before `endUtc` and waits for all of them,
// the alerts and Prometheus's version, or the timeout. `dashboard` outlives the outcome.
CheckOutcome evaluateDashboard(const Dashboard& dashboard, const PrometheusConfig& config,
                               qint64 rangeSeconds, int timeoutMs, const QDateTime& endUtc);

} // namespace golive::cli
