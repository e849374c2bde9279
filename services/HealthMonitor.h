// Health checks of the services: HTTP GETs and PromQL expressions, probed on the UI
// thread's event loop without ever blocking it (QNetworkAccessManager, PrometheusClient), each
// with a timeout; the lights the window and the presentation view show.
#pragma once

#include "Dashboard.h"
#include "PrometheusClient.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <utility>

namespace golive {

enum class HealthStatus
{
    Unknown,  // not probed yet (or the probe could not be judged: Prometheus unreachable)
    Up,       // healthy
    Down,     // failing: HTTP non-2xx, refused, timed out; PromQL empty or 0
    NotProbed // a manual check: golive does not probe it
};
QString healthStatusName(HealthStatus status); // "unknown", "up", "down", "not probed"

struct HealthResult
{
    QString service;
    HealthCheckDefinition::Kind kind = HealthCheckDefinition::Kind::Http;
    bool critical = true;
    HealthStatus status = HealthStatus::Unknown;
    // In words, for the light's tooltip and the abort banner: "HTTP 200 in 35 ms",
    // "HTTP 503 Service Unavailable", "connection refused", "no answer within 5 s",
    // "up{job=\"nl2cypher\"} == 1 returned no sample", "Prometheus unreachable: ...",
    // "checked by hand: pg_isready -h db".
    QString detail;
    QDateTime checkedAtUtc; // null until probed
    bool demo = false;      // made up by the demo mode, never a real observation
    // Since when it has had this status: the first probe that found it so ("down since
    // 06:04"); null until probed.
    QDateTime sinceUtc = {};
};

class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    explicit HealthMonitor(QObject* parent = nullptr);
    ~HealthMonitor() override;

    // Replaces the checks (results start Unknown, manual ones NotProbed) and probes them at
    // once if started.
    void setChecks(const QList<HealthCheckDefinition>& checks);
    // Where PromQL checks are asked (the dashboard's Prometheus, with its credentials). Without
    // one, PromQL checks stay Unknown with "no Prometheus configured".
    void setPrometheus(const PrometheusConfig& config);
    // No Prometheus any more: PromQL checks go back to Unknown, "no Prometheus configured".
    void clearPrometheus();
    // Demo: no network at all; every probed check is Up ("DEMO"), results marked demo.
    void setDemo(bool demo);
    bool isDemo() const { return m_demo; }
    void setIntervalMs(int ms); // between rounds, default 15 s
    void setTimeoutMs(int ms);  // per HTTP probe, default 5 s
    void start();               // probes now, then every interval
    void stop();                // no more rounds; probes in flight are abandoned
    void probeNow();            // one round now (a round in flight is superseded)
    bool isStarted() const;
    int intervalMs() const;
    int timeoutMs() const;

    const QList<HealthResult>& results() const { return m_results; }
    // The critical checks that are Down, in dashboard order; also those last judged Down whose
    // probe cannot be judged now (Prometheus unreachable): unknown is not all clear.
    QList<HealthResult> failingCritical() const;

    // How a PromQL check's instant-query answer (`body`) is judged, without the network: for
    // the fuzz tests.
    static std::pair<HealthStatus, QString> judgeAnswer(const QString& query,
                                                        const QByteArray& body);

signals:
    // A round's results are published together when its last probe has answered (each is
    // bounded by the timeout): statusChanged() for each transition, then resultsChanged().
    // After every round (and after setChecks()), the whole list in dashboard order.
    void resultsChanged(const QList<golive::HealthResult>& results);
    // One check's status changed between Up and Down (also from Unknown to Down or Up on the
    // first probe: `previous` says which). Not emitted for Unknown <-> NotProbed.
    void statusChanged(const golive::HealthResult& result, golive::HealthStatus previous);

private:
    void abandonRound(); // the round in flight is superseded: aborted, its answers dropped
    void probeDemo(quint64 round, int index);
    void probeHttp(quint64 round, int index);
    void probePromQL(quint64 round, int index);
    // One probe of `round` answered (index -1: a round with nothing to probe); publishes the
    // round when it was the last one.
    void finishProbe(quint64 round, int index, golive::HealthResult result);

    struct Impl;
    Impl* d;
    QList<HealthResult> m_results;
    bool m_demo = false;
};

} // namespace golive

Q_DECLARE_METATYPE(golive::HealthResult)
