// Observations for the timeline, once per transition, judged against the run's ledger.
#include "ObservationTracker.h"

#include "Cutover.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace golive {

namespace {

const QString kAlertFiring = QStringLiteral("alert-firing");
const QString kAlertResolved = QStringLiteral("alert-resolved");
const QString kSloBreach = QStringLiteral("slo-breach");
const QString kSloRecovered = QStringLiteral("slo-recovered");
const QString kHealthDown = QStringLiteral("health-down");
const QString kHealthUp = QStringLiteral("health-up");

QString utcText(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

// A label value as Prometheus writes it: quoted, with \\, \" and \n escaped.
QString quoted(const QString& value)
{
    QString out;
    out.reserve(value.size() + 2);
    out += u'"';
    for (const QChar ch : value) {
        if (ch == u'\\' || ch == u'"')
            out += u'\\';
        if (ch == u'\n') {
            out += QStringLiteral("\\n");
            continue;
        }
        out += ch;
    }
    out += u'"';
    return out;
}

QString severityOf(const AlertInfo& alert)
{
    return alert.severity.isEmpty() ? alert.labels.value(QStringLiteral("severity"))
                                    : alert.severity;
}

// How an alert's texts start: "Name{label=\"value\", ...} (severity)". The labels are sorted;
// alertname and severity are left out (they are the name and the parentheses).
QString alertHead(const AlertInfo& alert)
{
    QString name =
        alert.name.isEmpty() ? alert.labels.value(QStringLiteral("alertname")) : alert.name;
    if (name.trimmed().isEmpty())
        name = QStringLiteral("unnamed-alert");
    QStringList keys = alert.labels.keys();
    std::sort(keys.begin(), keys.end());
    QStringList parts;
    for (const QString& key : std::as_const(keys)) {
        if (key == QLatin1String("alertname") || key == QLatin1String("severity"))
            continue;
        parts << key + u'=' + quoted(alert.labels.value(key));
    }
    QString head = name.simplified();
    if (!parts.isEmpty())
        head += u'{' + parts.join(QStringLiteral(", ")) + u'}';
    const QString severity = severityOf(alert).simplified();
    if (!severity.isEmpty())
        head += QStringLiteral(" (") + severity + u')';
    return head;
}

// The start of an alert's text that identifies it (name, labels, severity), and the key made
// of it. The live alert's key is made from its own head the same way, so both always agree.
struct ParsedAlert
{
    QString head;
    QString key;
};

ParsedAlert parseAlertText(const QString& text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n && text.at(i) != u'{' && text.at(i) != u' ' && text.at(i) != u':')
        ++i;
    if (i < n && text.at(i) == u'{') {
        bool inQuote = false;
        ++i;
        for (; i < n; ++i) {
            const QChar ch = text.at(i);
            if (inQuote) {
                if (ch == u'\\')
                    ++i;
                else if (ch == u'"')
                    inQuote = false;
            } else if (ch == u'"') {
                inQuote = true;
            } else if (ch == u'}') {
                break;
            }
        }
        i = std::min(i + 1, n);
    }
    const QString identity = text.left(i);
    QString severity;
    qsizetype end = i;
    if (text.mid(i, 2) == QLatin1String(" (")) {
        const qsizetype close = text.indexOf(u')', i + 2);
        if (close > 0) {
            severity = text.mid(i + 2, close - i - 2);
            end = close + 1;
        }
    }
    return {text.left(end), identity + u'\n' + severity};
}

// A value in a panel's unit, as the dashboard shows it: seconds below 1 s as ms, ratios as %.
QString valueText(double value, const QString& unit)
{
    if (!std::isfinite(value))
        return QStringLiteral("no data");
    double v = value;
    QString u = unit;
    if (unit == QLatin1String("s") && std::fabs(v) < 1) {
        v *= 1000;
        u = QStringLiteral("ms");
    } else if (unit == QLatin1String("ratio")) {
        v *= 100;
        u = QStringLiteral("%");
    }
    // Four significant digits: 99.95 % and 99.50 % must not both read "100 %".
    const QString number =
        std::fabs(v) >= 1000 ? QString::number(v, 'f', 0) : QString::number(v, 'g', 4);
    return u.isEmpty() ? number : number + u' ' + u;
}

} // namespace

ObservationTracker::ObservationTracker(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<golive::Observation>();
}

void ObservationTracker::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

QDateTime ObservationTracker::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

void ObservationTracker::setDashboard(const Dashboard& dashboard)
{
    m_dashboard = dashboard;
}

void ObservationTracker::seed(const QList<SignOffEvent>& events)
{
    m_real = Track();
    m_demo = Track();
    m_seed.clear();
    m_unrecorded.clear();
    m_inFlight.clear();
    m_demoObservations.clear();
    m_lastError.clear();
    for (const SignOffEvent& e : events) {
        if (e.kind != EventKind::Observed)
            continue;
        if (e.fieldKey == kAlertFiring || e.fieldKey == kAlertResolved) {
            const ParsedAlert parsed = parseAlertText(e.text);
            if (e.fieldKey == kAlertFiring) {
                AlertSeen seen;
                seen.head = parsed.head;
                seen.recordedAt = e.timeUtc;
                seen.seeded = true;
                m_real.firing.insert(parsed.key, seen);
            } else {
                m_real.firing.remove(parsed.key);
            }
        } else {
            m_seed.append({e.fieldKey, e.text});
        }
    }
    emit changed();
}

std::optional<bool> ObservationTracker::seededBad(const QString& badCategory,
                                                  const QString& goodCategory,
                                                  const QString& name) const
{
    const QString prefix = name + QStringLiteral(": ");
    for (auto it = m_seed.crbegin(); it != m_seed.crend(); ++it) {
        if ((it->category == badCategory || it->category == goodCategory) &&
            it->text.startsWith(prefix))
            return it->category == badCategory;
    }
    return std::nullopt;
}

void ObservationTracker::emitObservation(const QString& category, const QString& description,
                                         bool demo)
{
    Observation o;
    o.category = category;
    o.description = description.trimmed(); // as makeObservedEvent() records it
    o.seenAtUtc = now();
    o.demo = demo;
    if (demo) {
        m_demoObservations.append(o);
        while (m_demoObservations.size() > kMaxDemoObservations)
            m_demoObservations.removeFirst();
    } else {
        m_unrecorded.append(o);
    }
    emit observed(o);
    emit changed();
}

void ObservationTracker::alertsUpdated(const QList<AlertInfo>& alerts, const QString& error,
                                       bool demo)
{
    // A list that came with an error is what could be read, not what is firing: keep the last
    // known set rather than read the silence as "resolved".
    if (!error.isEmpty())
        return;
    Track& t = track(demo);
    QHash<QString, const AlertInfo*> firingNow;
    QList<QString> order; // as Prometheus listed them, so observations come in a stable order
    for (const AlertInfo& alert : alerts) {
        if (alert.state.compare(QLatin1String("firing"), Qt::CaseInsensitive) != 0)
            continue;
        const QString key = parseAlertText(alertHead(alert)).key;
        if (!firingNow.contains(key))
            order.append(key);
        firingNow.insert(key, &alert);
    }
    // Resolved first (in the order they were recorded), then the new ones.
    QList<QString> gone;
    for (auto it = t.firing.cbegin(); it != t.firing.cend(); ++it) {
        if (!firingNow.contains(it.key()))
            gone.append(it.key());
    }
    std::sort(gone.begin(), gone.end(), [&t](const QString& a, const QString& b) {
        const QDateTime x = t.firing.value(a).recordedAt;
        const QDateTime y = t.firing.value(b).recordedAt;
        return x != y ? x < y : a < b;
    });
    for (const QString& key : std::as_const(gone)) {
        const AlertSeen seen = t.firing.take(key);
        QString text = seen.head + QStringLiteral(": no longer firing");
        if (seen.seeded) {
            text += QStringLiteral("; it resolved while golive was not watching");
            if (seen.recordedAt.isValid())
                text += QStringLiteral(" (recorded firing at %1)").arg(utcText(seen.recordedAt));
        } else if (seen.activeAt.isValid()) {
            text += QStringLiteral(" (active since %1)").arg(utcText(seen.activeAt));
        }
        emitObservation(kAlertResolved, text, demo);
    }
    for (const QString& key : std::as_const(order)) {
        const AlertInfo& alert = *firingNow.value(key);
        auto it = t.firing.find(key);
        if (it != t.firing.end()) {
            // Known firing (maybe from the ledger): nothing new. Learn when it became active.
            it->seeded = false;
            if (alert.activeAtUtc.isValid())
                it->activeAt = alert.activeAtUtc;
            continue;
        }
        AlertSeen seen;
        seen.head = alertHead(alert);
        seen.activeAt = alert.activeAtUtc;
        seen.recordedAt = now();
        t.firing.insert(key, seen);
        const QString summary = alert.summary.simplified();
        emitObservation(kAlertFiring,
                        summary.isEmpty() ? seen.head : seen.head + QStringLiteral(": ") + summary,
                        demo);
    }
}

void ObservationTracker::panelUpdated(const PanelUpdate& update)
{
    // A failed fetch (or no data) says nothing about the SLO: not a breach, not a recovery.
    if (!update.ok || update.state == SloState::Unknown)
        return;
    const PanelDefinition* panel = m_dashboard.findPanel(update.panelId);
    const QString title = panel ? panel->title : update.panelId;
    const bool bad = update.state == SloState::Breach;
    Track& t = track(update.demo);
    bool wasBad = false;
    if (auto it = t.breached.constFind(update.panelId); it != t.breached.cend())
        wasBad = *it;
    else if (!update.demo)
        wasBad = seededBad(kSloBreach, kSloRecovered, title).value_or(false);
    t.breached.insert(update.panelId, bad);
    if (bad == wasBad)
        return;
    const QString unit = panel ? panel->unit : QString();
    QString objective;
    if (panel) {
        objective = QStringLiteral("%1 %2").arg(panel->slo.good == SloSpec::Good::Below
                                                    ? QStringLiteral("below")
                                                    : QStringLiteral("above"),
                                                valueText(panel->slo.objective, unit));
    }
    const QString value = valueText(update.currentValue, unit);
    QString text;
    if (bad) {
        text = objective.isEmpty()
                   ? QStringLiteral("%1: %2, past its objective").arg(title, value)
                   : QStringLiteral("%1: %2, objective %3").arg(title, value, objective);
    } else {
        text = objective.isEmpty()
                   ? QStringLiteral("%1: %2, within its objective again").arg(title, value)
                   : QStringLiteral("%1: %2, within the objective again (%3)")
                         .arg(title, value, objective);
        if (update.state == SloState::AtRisk)
            text += QStringLiteral("; still at risk");
    }
    emitObservation(bad ? kSloBreach : kSloRecovered, text, update.demo);
}

void ObservationTracker::healthChanged(const HealthResult& result, HealthStatus /*previous*/)
{
    if (result.status != HealthStatus::Up && result.status != HealthStatus::Down)
        return;
    if (result.service.trimmed().isEmpty())
        return;
    const bool bad = result.status == HealthStatus::Down;
    Track& t = track(result.demo);
    bool wasBad = false;
    if (auto it = t.down.constFind(result.service); it != t.down.cend())
        wasBad = *it;
    else if (!result.demo)
        wasBad = seededBad(kHealthDown, kHealthUp, result.service).value_or(false);
    t.down.insert(result.service, bad);
    if (bad == wasBad)
        return;
    QString detail = result.detail.simplified();
    if (detail.isEmpty())
        detail = bad ? QStringLiteral("down") : QStringLiteral("up");
    QString text = result.service + QStringLiteral(": ") + detail;
    if (bad && result.critical)
        text += QStringLiteral(" (a critical check: abort trigger)");
    emitObservation(bad ? kHealthDown : kHealthUp, text, result.demo);
}

void ObservationTracker::healthResults(const QList<HealthResult>& results)
{
    for (const HealthResult& r : results)
        healthChanged(r);
}

QList<Observation> ObservationTracker::takeUnrecorded()
{
    if (m_unrecorded.isEmpty())
        return {};
    const QDateTime at = now();
    QList<Observation> out;
    out.swap(m_unrecorded);
    for (Observation& o : out) {
        o.text = o.description;
        if (o.seenAtUtc.isValid() && o.seenAtUtc.secsTo(at) > kLateSeconds)
            o.text += QStringLiteral(" (seen at %1)").arg(utcText(o.seenAtUtc));
        m_inFlight.append(o);
    }
    emit changed();
    return out;
}

void ObservationTracker::recorded(const SignOffEvent& event)
{
    if (event.kind != EventKind::Observed)
        return;
    for (qsizetype i = 0; i < m_inFlight.size(); ++i) {
        if (m_inFlight.at(i).category == event.fieldKey && m_inFlight.at(i).text == event.text) {
            m_inFlight.removeAt(i);
            break;
        }
    }
    m_lastError.clear();
}

void ObservationTracker::notRecorded(const SignOffEvent& event, const QString& error)
{
    if (event.kind != EventKind::Observed)
        return;
    for (qsizetype i = 0; i < m_inFlight.size(); ++i) {
        if (m_inFlight.at(i).category == event.fieldKey && m_inFlight.at(i).text == event.text) {
            Observation o = m_inFlight.takeAt(i);
            o.text.clear();
            // Back in the order it was seen.
            const auto pos = std::upper_bound(m_unrecorded.begin(), m_unrecorded.end(), o,
                                              [](const Observation& a, const Observation& b) {
                                                  return a.seenAtUtc < b.seenAtUtc;
                                              });
            m_unrecorded.insert(pos, o);
            break;
        }
    }
    m_lastError = error;
    emit changed();
}

} // namespace golive
