// The SLO dashboard definition (JSON): panels with their PromQL, unit and objective.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace golive {

struct SloSpec
{
    enum class Good
    {
        Below,
        Above
    }; // latency and error rate: below; availability: above
    enum class Judge
    {
        LastValue,
        Consecutive
    };

    double objective = 0;
    Good good = Good::Below;
    std::optional<double> warning; // "at risk" level; default: 80% of the way to the objective
    Judge judge = Judge::LastValue;
    int consecutive = 1; // with Judge::Consecutive: this many points in a row past the objective

    // The level at which a value counts as "at risk" (explicit warning, or the default).
    double warningLevel() const;
};

struct PanelDefinition
{
    QString id;      // stable key, e.g. "prov-ledger-p95"
    QString title;   // "prov-ledger p95 latency"
    QString query;   // PromQL
    QString unit;    // "s", "ms", "%", "ratio", "req/s"...
    QString service; // optional, e.g. "prov-ledger"
    QString kind;    // optional: "latency", "error-rate", "availability"
    SloSpec slo;
};

// A health check of one service, shown as a light. A failing critical check is an
// abort trigger. "kind": "http" GETs `url` and is healthy on any 2xx; "promql" asks Prometheus
// `query` at the present and is healthy when it returns at least one sample and none is 0
// (so both `up{job="x"} == 1` and `up{job="x"}` work); "manual" is not probed by golive (a
// database checked with its own tool): `how` says how, and its light stays "not probed".
struct HealthCheckDefinition
{
    enum class Kind
    {
        Http,
        PromQL,
        Manual
    };
    QString service; // "prov-ledger": the light's label, unique in the dashboard
    Kind kind = Kind::Http;
    QString url;          // Http
    QString query;        // PromQL
    QString how;          // Manual (optional for the others): "pg_isready -h db.summit"
    bool critical = true; // a failing critical check raises the abort banner
};

struct Dashboard
{
    QString title;
    QString fileName;        // where it was read from, for messages
    int minStepSeconds = 15; // never ask Prometheus for a finer step than this
    QString criticalSeverity = QStringLiteral("critical"); // alert label value that is a P0
    QList<PanelDefinition> panels;
    QList<HealthCheckDefinition> healthChecks; // "health": [...], optional
    int healthIntervalSeconds = 15;            // "healthIntervalSeconds", 1..3600

    const PanelDefinition* findPanel(const QString& id) const;

    // Parses and validates. On error returns nullopt and *error names the file, the panel
    // (by index and title) and the field: "summit.json: panel 3 (\"nl2cypher p95\"): slo.good
    // must be \"below\" or \"above\"".
    static std::optional<Dashboard> fromJson(const QByteArray& json, const QString& fileName,
                                             QString* error);
    static std::optional<Dashboard> fromFile(const QString& path, QString* error);
};

} // namespace golive
