// Demo data for a wall screen with no Prometheus: an in-process generator telling a go-live
// story (a latency bump and error spike during the deploy, then recovery), marked DEMO.
#pragma once

#include "SloSource.h"

namespace golive {

class DemoSource : public SloSource
{
    Q_OBJECT
public:
    // The story is anchored at `storyStartUtc` (the deploy begins 20 minutes after it);
    // default: 45 minutes before now, so the bump is on screen in the 1 h view.
    explicit DemoSource(QObject* parent = nullptr, QDateTime storyStartUtc = {});

    void refresh(const Dashboard& dashboard, const QDateTime& startUtc, const QDateTime& endUtc,
                 int columns) override;
    bool isDemo() const override { return true; }
    QString description() const override;

    // The generated value of a panel at a time (deterministic: same inputs, same value).
    // An nl2cypher latency panel is the one that breaches; see the overload for any dashboard.
    double valueAt(const PanelDefinition& panel, qint64 timeMs) const;
    double valueAt(const PanelDefinition& panel, qint64 timeMs, bool breaches) const;

    QDateTime storyStart() const { return m_storyStart; }
    // The panel whose objective the story breaches: the nl2cypher latency panel, else the first
    // latency panel, else none (empty).
    static QString breachingPanelId(const Dashboard& dashboard);
    // The sample step for a range drawn `columns` wide, as Prometheus would be asked for it:
    // about one point per column, never below `minStepSeconds`, never over 11,000 points.
    static int stepSecondsFor(qint64 rangeSeconds, int columns, int minStepSeconds);
    // The demo alerts at a moment of the story (the right edge of the view).
    QList<AlertInfo> alertsAt(const Dashboard& dashboard, qint64 timeMs) const;

private:
    QDateTime m_storyStart;
    quint64 m_generation = 0; // bumped by each refresh; older queued deliveries are dropped
};

} // namespace golive
