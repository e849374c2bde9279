// Where the dashboard's data comes from: Prometheus, or the demo generator. Both deliver
// ready-to-draw panel updates (parsed, downsampled and judged off the UI thread).
#pragma once

#include "Dashboard.h"
#include "TimeSeries.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointF>
#include <QString>

namespace golive {

struct SeriesPoints
{
    QString label;
    QList<QPointF> points; // x: ms since epoch, y: value; at most ~2 per pixel column
};

struct PanelUpdate
{
    QString panelId;
    bool ok = false;
    QString error; // in words, e.g. Prometheus's own "parse error at char 5: ..."
    QList<SeriesPoints> series;
    double currentValue = qQNaN(); // the judged series' last finite value
    SloState state = SloState::Unknown;
    QDateTime fetchedAtUtc;
    bool demo = false;
};

struct AlertInfo
{
    QString name;     // alertname
    QString severity; // severity label ("critical", "warning", ...)
    QString state;    // "firing" or "pending"
    QString summary;  // annotations.summary or .description, may be empty
    QDateTime activeAtUtc;
    QHash<QString, QString> labels;
};

// True when an alert is firing with the dashboard's critical severity (compared without case).
inline bool isCriticalFiring(const AlertInfo& alert, const QString& criticalSeverity)
{
    return alert.state.compare(QLatin1String("firing"), Qt::CaseInsensitive) == 0 &&
           alert.severity.compare(criticalSeverity, Qt::CaseInsensitive) == 0;
}

class SloSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Fetches every panel of `dashboard` over [start, end] for a chart `columns` pixels wide,
    // plus the alerts. Results arrive as panelUpdated() (one per panel) and alertsUpdated().
    // A refresh supersedes any still running: stale answers are never delivered.
    virtual void refresh(const Dashboard& dashboard, const QDateTime& startUtc,
                         const QDateTime& endUtc, int columns) = 0;
    virtual bool isDemo() const = 0;
    // A one-line description for the status bar: "Prometheus 2.42.0 at http://…", "DEMO data".
    virtual QString description() const = 0;

signals:
    void panelUpdated(const golive::PanelUpdate& update);
    void alertsUpdated(const QList<golive::AlertInfo>& alerts, const QString& error);
};

} // namespace golive

Q_DECLARE_METATYPE(golive::PanelUpdate)
Q_DECLARE_METATYPE(golive::AlertInfo)
