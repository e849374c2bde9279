// Dashboard data from a real Prometheus: fetches each panel, then parses, downsamples and
// judges the answer on a worker thread, so the UI thread only draws.
#pragma once

#include "PrometheusClient.h"
#include "SloSource.h"

namespace golive {

class PrometheusSource : public SloSource
{
    Q_OBJECT
public:
    explicit PrometheusSource(const PrometheusConfig& config, QObject* parent = nullptr);
    ~PrometheusSource() override;

    void refresh(const Dashboard& dashboard, const QDateTime& startUtc, const QDateTime& endUtc,
                 int columns) override;
    bool isDemo() const override { return false; }
    QString description() const override;

    // Parses a query_range answer (the "matrix" JSON) into series, or says why it cannot:
    // Prometheus's own status/errorType/error, HTML instead of JSON, truncated JSON, a result
    // of the wrong type. Safe to call from any thread.
    static bool parseMatrix(const QByteArray& body, QList<TimeSeries>* series, QString* error);
    static bool parseAlerts(const QByteArray& body, QList<AlertInfo>* alerts, QString* error);

private:
    PrometheusClient* m_client;
    quint64 m_generation = 0; // refreshes superseded by a newer one are dropped
};

} // namespace golive
