// What the window sees, turned into observations for the timeline: alerts firing and
// resolved, SLO breaches and recoveries, health checks down and up; once per transition.
//
// The tracker keeps, per thing watched, whether the ledger (or this session, once it has
// observed it) holds it as bad: an alert firing, a panel in breach, a check down. It observes a
// transition only against that: the same firing list twice is one "alert-firing"; a list
// delivered with an error (Prometheus unreachable) is not "everything resolved" and is ignored;
// an Unknown panel state (a fetch error) is not a recovery; a check's first Up is not news
// unless the ledger has it down. seed() reads the run's Observed events, so reopening the run
// (or restarting golive) does not record the same firing again, and an alert recorded firing
// that resolved while golive was closed is recorded resolved on the first good list.
//
// Identity: an alert is its name with its labels (alertname and severity aside; two instances
// with different labels are two alerts) and its severity; the text starts with exactly that
// ("ProvLedgerLatencyHigh{instance=\"a\"} (critical): ..."), which is how seed() finds it
// again. A panel is found by its title ("prov-ledger p95 latency: 452 ms, ..."), a check by
// its service ("prov-ledger: HTTP 503 ..."), the text starting with it and ": ".
//
// Demo sources (SloSource::isDemo(), PanelUpdate::demo, HealthResult::demo) are tracked apart,
// never seeded from the ledger, and their observations are only kept for showing
// (demoObservations()): they are never handed out to be recorded.
//
// Recording is the caller's: takeUnrecorded() hands out what waits (oldest first, with the exact
// text to record), and recorded()/notRecorded() report back; what could not be recorded waits
// again. No widgets, no I/O: pure logic over the inputs, with a clock seam.
#pragma once

#include "Dashboard.h"
#include "HealthMonitor.h"
#include "SignOffEvent.h"
#include "SloSource.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace golive {

struct Observation
{
    QString category;    // observationCategories(): "alert-firing", "slo-breach", ...
    QString description; // what was seen, in words (the start identifies the thing: see above)
    QDateTime seenAtUtc;
    bool demo = false; // from demo data: shown, never recorded
    // Set by takeUnrecorded(): the event's text. The description, and when it is recorded more
    // than ObservationTracker::kLateSeconds after it was seen (held while nobody was on duty),
    // " (seen at 2026-05-01 06:12:05 UTC)" after it.
    QString text;
};

class ObservationTracker : public QObject
{
    Q_OBJECT
public:
    static constexpr int kLateSeconds = 30;
    static constexpr int kMaxDemoObservations = 200; // the oldest go first

    explicit ObservationTracker(QObject* parent = nullptr);

    // "Now" for seenAtUtc and late texts. Default: QDateTime::currentDateTimeUtc.
    using Clock = std::function<QDateTime()>;
    void setClock(Clock clock);
    QDateTime now() const;

    // The panels' titles, units and objectives (for the words; panels are keyed by id).
    void setDashboard(const Dashboard& dashboard);

    // Starts over from a run's ledger (RunState::events()): every Observed event, oldest first,
    // says what was last recorded bad or good. Forgets everything else, including observations
    // not recorded yet and demo ones (the next lists observe again what differs from the
    // ledger). An empty list: nothing recorded yet.
    void seed(const QList<SignOffEvent>& events);

    // SloSource::alertsUpdated, with the source's isDemo(). Only "firing" alerts count.
    void alertsUpdated(const QList<AlertInfo>& alerts, const QString& error, bool demo);
    // SloSource::panelUpdated (update.demo says whether it is demo data).
    void panelUpdated(const PanelUpdate& update);
    // HealthMonitor::statusChanged (result.demo says whether it is demo data). Down and Up
    // count; Unknown and NotProbed never do. `previous` is not needed: the transition is judged
    // against what the ledger and this session hold.
    void healthChanged(const HealthResult& result, HealthStatus previous = HealthStatus::Unknown);
    // HealthMonitor::resultsChanged (every round): each result as healthChanged(). Feeding this
    // too means a check that was already Up when the run was opened (seed()) is still judged
    // against the run's ledger on the next round.
    void healthResults(const QList<HealthResult>& results);

    // Real observations waiting to be recorded, oldest first.
    const QList<Observation>& unrecorded() const { return m_unrecorded; }
    // Hands them out to be recorded (each with its text set) and forgets them until
    // notRecorded() gives one back.
    QList<Observation> takeUnrecorded();
    // The ledger took `event` (an Observed event made from a handed-out observation).
    void recorded(const SignOffEvent& event);
    // The ledger refused it: the observation waits again (with `error` as lastError()).
    void notRecorded(const SignOffEvent& event, const QString& error);
    QString lastError() const { return m_lastError; }
    int inFlight() const { return int(m_inFlight.size()); }

    // Demo observations, oldest first (at most kMaxDemoObservations): never recorded.
    const QList<Observation>& demoObservations() const { return m_demoObservations; }

signals:
    // One per transition, real or demo, as it is seen.
    void observed(const golive::Observation& observation);
    // unrecorded() or demoObservations() changed.
    void changed();

private:
    struct AlertSeen
    {
        QString head;       // "Name{labels} (severity)": how its texts start
        QDateTime activeAt; // from Prometheus, when known
        QDateTime recordedAt;
        bool seeded = false; // known from the ledger only, not seen firing by this session
    };
    struct Track
    {
        QHash<QString, AlertSeen> firing; // by alert key
        QHash<QString, bool> breached;    // by panel id
        QHash<QString, bool> down;        // by service
    };
    struct SeedEntry
    {
        QString category;
        QString text;
    };

    Track& track(bool demo) { return demo ? m_demo : m_real; }
    // The ledger's last word on a panel's title or a service, by the text's start; nullopt
    // when it has none.
    std::optional<bool> seededBad(const QString& badCategory, const QString& goodCategory,
                                  const QString& name) const;
    void emitObservation(const QString& category, const QString& description, bool demo);

    Clock m_clock;
    Dashboard m_dashboard;
    Track m_real;
    Track m_demo;
    QList<SeedEntry> m_seed; // Observed slo-*/health-* events, oldest first
    QList<Observation> m_unrecorded;
    QList<Observation> m_inFlight;
    QList<Observation> m_demoObservations;
    QString m_lastError;
};

} // namespace golive

Q_DECLARE_METATYPE(golive::Observation)
