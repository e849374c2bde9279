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

struct Dashboard
{
    QString title;
    QString fileName;        // where it was read from, for messages
    int minStepSeconds = 15; // never ask Prometheus for a finer step than this
    QString criticalSeverity = QStringLiteral("critical"); // alert label value that is a P0
    QList<PanelDefinition> panels;

    const PanelDefinition* findPanel(const QString& id) const;

    // Parses and validates. On error returns nullopt and *error names the file, the panel
    // (by index and title) and the field: "summit.json: panel 3 (\"nl2cypher p95\"): slo.good
    // must be \"below\" or \"above\"".
    static std::optional<Dashboard> fromJson(const QByteArray& json, const QString& fileName,
                                             QString* error);
    static std::optional<Dashboard> fromFile(const QString& path, QString* error);
};

} // namespace golive
