// The snapshot a decision carries: its JSON form, its cap, and the words it is read in.
#include "decision/DecisionSnapshot.h"

#include "Cutover.h"
#include "policy/Wording.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <limits>

namespace golive {

namespace {

// A text kept in the snapshot is cut here when the whole would exceed the cap: an alert's
// summary or a check's detail is evidence of its state, not a log.
constexpr int kCutTextChars = 200;

QString cut(const QString& text, int chars)
{
    return text.size() <= chars ? text : text.left(chars - 1) + QChar(0x2026);
}

void putText(QJsonObject& o, const char* key, const QString& value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

void putTime(QJsonObject& o, const char* key, const QDateTime& time)
{
    if (time.isValid())
        o.insert(QLatin1String(key), jsonTime(time));
}

QJsonObject panelJson(const SnapshotPanel& p, int textChars)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), p.id);
    o.insert(QStringLiteral("title"), cut(p.title, textChars));
    putText(o, "unit", p.unit);
    // JSON has no NaN or infinity: a value that is not finite is kept as text ("inf", "nan"),
    // never as a number it is not, and never dropped.
    if (p.value) {
        if (std::isfinite(*p.value))
            o.insert(QStringLiteral("value"), *p.value);
        else
            o.insert(QStringLiteral("value"),
                     std::isnan(*p.value)
                         ? QStringLiteral("nan")
                         : (*p.value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf")));
    }
    o.insert(QStringLiteral("objective"), p.objective);
    o.insert(QStringLiteral("good"),
             p.goodBelow ? QStringLiteral("below") : QStringLiteral("above"));
    o.insert(QStringLiteral("state"), p.state);
    putTime(o, "time", p.valueTimeUtc);
    putText(o, "note", cut(p.note, textChars));
    if (p.demo)
        o.insert(QStringLiteral("demo"), true);
    return o;
}

QJsonObject alertJson(const SnapshotAlert& a, int textChars)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), cut(a.name, textChars));
    o.insert(QStringLiteral("severity"), cut(a.severity, 40));
    putTime(o, "since", a.sinceUtc);
    putText(o, "summary", cut(a.summary, textChars));
    return o;
}

QJsonObject healthJson(const SnapshotHealth& h, int textChars)
{
    QJsonObject o;
    o.insert(QStringLiteral("service"), cut(h.service, textChars));
    o.insert(QStringLiteral("state"), h.state);
    o.insert(QStringLiteral("critical"), h.critical);
    putText(o, "detail", cut(h.detail, textChars));
    putTime(o, "probed", h.lastProbedUtc);
    if (h.demo)
        o.insert(QStringLiteral("demo"), true);
    return o;
}

// Critical alerts first, then by name: the ones a decision is judged by are kept first.
QList<SnapshotAlert> alertsInOrder(const QList<SnapshotAlert>& alerts, const QString& critical)
{
    QList<SnapshotAlert> sorted = alerts;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const SnapshotAlert& a, const SnapshotAlert& b) {
                         const bool ac = a.severity.compare(critical, Qt::CaseInsensitive) == 0;
                         const bool bc = b.severity.compare(critical, Qt::CaseInsensitive) == 0;
                         if (ac != bc)
                             return ac;
                         return a.name < b.name;
                     });
    return sorted;
}

QJsonObject checkJson(const SnapshotCheck& c, int textChars)
{
    QJsonObject o;
    o.insert(QStringLiteral("item"), c.itemId);
    o.insert(QStringLiteral("check"), c.check);
    o.insert(QStringLiteral("met"), c.met);
    putText(o, "detail", cut(c.detail, textChars));
    return o;
}

struct Limits
{
    int textChars = 0; // 0: texts whole
    int alerts = 0;    // alerts kept
    int panels = 0;    // panels kept
    int health = 0;    // checks kept
};

QByteArray encode(const DecisionSnapshot& s, const QList<SnapshotAlert>& alerts, const Limits& l)
{
    const int chars = l.textChars > 0 ? l.textChars : std::numeric_limits<int>::max();
    QJsonObject o;
    putTime(o, "taken", s.takenUtc);
    if (s.demo)
        o.insert(QStringLiteral("demo"), true);
    putText(o, "prometheus", s.prometheus);
    putTime(o, "data_time", s.dataTimeUtc);
    putText(o, "dashboard", cut(s.dashboardTitle, chars));
    putText(o, "dashboard_sha256", s.dashboardSha256);
    o.insert(QStringLiteral("critical_severity"), s.criticalSeverity);
    putText(o, "slo_unavailable", cut(s.sloUnavailable, chars));
    QJsonArray panels;
    for (int i = 0; i < l.panels; ++i)
        panels.append(panelJson(s.panels.at(i), chars));
    o.insert(QStringLiteral("panels"), panels);
    const int panelsLeftOut = s.panelsLeftOut + int(s.panels.size()) - l.panels;
    if (panelsLeftOut > 0)
        o.insert(QStringLiteral("panels_left_out"), panelsLeftOut);
    putText(o, "alerts_unavailable", cut(s.alertsUnavailable, chars));
    QJsonArray alertArray;
    for (int i = 0; i < l.alerts; ++i)
        alertArray.append(alertJson(alerts.at(i), chars));
    o.insert(QStringLiteral("alerts"), alertArray);
    const int alertsLeftOut = s.alertsLeftOut + int(alerts.size()) - l.alerts;
    if (alertsLeftOut > 0)
        o.insert(QStringLiteral("alerts_left_out"), alertsLeftOut);
    putText(o, "health_unavailable", cut(s.healthUnavailable, chars));
    QJsonArray health;
    for (int i = 0; i < l.health; ++i)
        health.append(healthJson(s.health.at(i), chars));
    o.insert(QStringLiteral("health"), health);
    const int healthLeftOut = s.healthLeftOut + int(s.health.size()) - l.health;
    if (healthLeftOut > 0)
        o.insert(QStringLiteral("health_left_out"), healthLeftOut);
    if (!s.checks.isEmpty()) {
        QJsonArray checks;
        for (const SnapshotCheck& c : s.checks)
            checks.append(checkJson(c, chars));
        o.insert(QStringLiteral("checks"), checks);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool fail(QString* error, const QString& words)
{
    if (error)
        *error = words;
    return false;
}

// Typed readers: a present field of the wrong type is an error; an absent one keeps the default.
struct Reader
{
    const QJsonObject& o;
    QString where;
    QString* error;
    bool ok = true;

    QString text(const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return {};
        if (!v.isString())
            ok = fail(error, QStringLiteral("%1\"%2\" is not text").arg(where, QLatin1String(key)));
        return v.toString();
    }
    QDateTime time(const char* key)
    {
        const QString t = text(key);
        if (t.isEmpty() || !ok)
            return {};
        QDateTime d = QDateTime::fromString(t, Qt::ISODateWithMs);
        if (!d.isValid())
            ok = fail(error,
                      QStringLiteral("%1\"%2\" is not a time").arg(where, QLatin1String(key)));
        return d.toUTC();
    }
    bool flag(const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return false;
        if (!v.isBool())
            ok = fail(
                error,
                QStringLiteral("%1\"%2\" is not true or false").arg(where, QLatin1String(key)));
        return v.toBool();
    }
    int count(const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return 0;
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != std::floor(v.toDouble()) ||
            v.toDouble() > 1e9)
            ok = fail(error,
                      QStringLiteral("%1\"%2\" is not a count").arg(where, QLatin1String(key)));
        return v.toInt();
    }
    QJsonArray array(const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return {};
        if (!v.isArray())
            ok = fail(error,
                      QStringLiteral("%1\"%2\" is not a list").arg(where, QLatin1String(key)));
        return v.toArray();
    }
};

bool oneOf(const QString& value, std::initializer_list<const char*> allowed)
{
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const char* a) { return value == QLatin1String(a); });
}

} // namespace

QString DecisionSnapshot::toJson() const
{
    const QList<SnapshotAlert> sorted = alertsInOrder(alerts, criticalSeverity);
    Limits l;
    l.alerts = int(std::min<qsizetype>(sorted.size(), kMaxAlerts));
    l.panels = int(panels.size());
    l.health = int(health.size());
    QByteArray json = encode(*this, sorted, l);
    if (json.size() <= kMaxBytes)
        return QString::fromUtf8(json);
    // Too big: cut long texts first, then leave out alerts (the least important last), then
    // panels and checks from the end; whatever is left out is counted in the JSON.
    l.textChars = kCutTextChars;
    json = encode(*this, sorted, l);
    while (json.size() > kMaxBytes && (l.alerts > 0 || l.panels > 0 || l.health > 0)) {
        if (l.alerts > 0)
            l.alerts = l.alerts / 2;
        else if (l.panels >= l.health)
            l.panels = l.panels * 3 / 4;
        else
            l.health = l.health * 3 / 4;
        json = encode(*this, sorted, l);
    }
    return QString::fromUtf8(json);
}

std::optional<DecisionSnapshot> DecisionSnapshot::fromJson(const QString& json, QString* error)
{
    const QByteArray bytes = json.toUtf8();
    if (bytes.size() > kMaxBytes) {
        fail(error, QStringLiteral("the snapshot is %1 bytes, over the %2-byte limit")
                        .arg(bytes.size())
                        .arg(kMaxBytes));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        fail(error, QStringLiteral("the snapshot is not a JSON object"));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    Reader r{o, QString(), error};
    DecisionSnapshot s;
    s.takenUtc = r.time("taken");
    s.demo = r.flag("demo");
    s.prometheus = r.text("prometheus");
    s.dataTimeUtc = r.time("data_time");
    s.dashboardTitle = r.text("dashboard");
    s.dashboardSha256 = r.text("dashboard_sha256");
    if (o.contains(QLatin1String("critical_severity")))
        s.criticalSeverity = r.text("critical_severity");
    s.sloUnavailable = r.text("slo_unavailable");
    s.alertsUnavailable = r.text("alerts_unavailable");
    s.healthUnavailable = r.text("health_unavailable");
    s.alertsLeftOut = r.count("alerts_left_out");
    s.panelsLeftOut = r.count("panels_left_out");
    s.healthLeftOut = r.count("health_left_out");
    const QJsonArray panels = r.array("panels");
    const QJsonArray alerts = r.array("alerts");
    const QJsonArray health = r.array("health");
    for (qsizetype i = 0; r.ok && i < panels.size(); ++i) {
        if (!panels.at(i).isObject()) {
            r.ok = fail(error, QStringLiteral("panel %1 is not an object").arg(i + 1));
            break;
        }
        const QJsonObject po = panels.at(i).toObject();
        Reader pr{po, QStringLiteral("panel %1: ").arg(i + 1), error};
        SnapshotPanel p;
        p.id = pr.text("id");
        p.title = pr.text("title");
        p.unit = pr.text("unit");
        const QJsonValue v = po.value(QLatin1String("value"));
        if (v.isDouble())
            p.value = v.toDouble();
        else if (v.isString() && oneOf(v.toString(), {"nan", "inf", "-inf"}))
            p.value = v.toString() == QLatin1String("nan")
                          ? qQNaN()
                          : (v.toString() == QLatin1String("inf") ? qInf() : -qInf());
        else if (!v.isUndefined())
            pr.ok = fail(error, QStringLiteral("panel %1: \"value\" is not a number").arg(i + 1));
        const QJsonValue objective = po.value(QLatin1String("objective"));
        if (!objective.isDouble())
            pr.ok =
                fail(error, QStringLiteral("panel %1: \"objective\" is not a number").arg(i + 1));
        p.objective = objective.toDouble();
        const QString good = pr.text("good");
        if (pr.ok && !oneOf(good, {"below", "above"}))
            pr.ok =
                fail(error, QStringLiteral("panel %1: \"good\" is not below or above").arg(i + 1));
        p.goodBelow = good == QLatin1String("below");
        p.state = pr.text("state");
        if (pr.ok && !oneOf(p.state, {"ok", "at-risk", "breach", "unknown"}))
            pr.ok = fail(error,
                         QStringLiteral("panel %1: unknown state \"%2\"").arg(i + 1).arg(p.state));
        p.valueTimeUtc = pr.time("time");
        p.note = pr.text("note");
        p.demo = pr.flag("demo");
        r.ok = pr.ok;
        s.panels.append(p);
    }
    for (qsizetype i = 0; r.ok && i < alerts.size(); ++i) {
        if (!alerts.at(i).isObject()) {
            r.ok = fail(error, QStringLiteral("alert %1 is not an object").arg(i + 1));
            break;
        }
        const QJsonObject ao = alerts.at(i).toObject();
        Reader ar{ao, QStringLiteral("alert %1: ").arg(i + 1), error};
        SnapshotAlert a;
        a.name = ar.text("name");
        a.severity = ar.text("severity");
        a.sinceUtc = ar.time("since");
        a.summary = ar.text("summary");
        r.ok = ar.ok;
        s.alerts.append(a);
    }
    for (qsizetype i = 0; r.ok && i < health.size(); ++i) {
        if (!health.at(i).isObject()) {
            r.ok = fail(error, QStringLiteral("check %1 is not an object").arg(i + 1));
            break;
        }
        const QJsonObject ho = health.at(i).toObject();
        Reader hr{ho, QStringLiteral("check %1: ").arg(i + 1), error};
        SnapshotHealth h;
        h.service = hr.text("service");
        h.state = hr.text("state");
        if (hr.ok && !oneOf(h.state, {"up", "down", "unknown", "not-probed"}))
            hr.ok = fail(error,
                         QStringLiteral("check %1: unknown state \"%2\"").arg(i + 1).arg(h.state));
        h.critical = ho.contains(QLatin1String("critical")) ? hr.flag("critical") : true;
        h.detail = hr.text("detail");
        h.lastProbedUtc = hr.time("probed");
        h.demo = hr.flag("demo");
        r.ok = hr.ok;
        s.health.append(h);
    }
    const QJsonArray checks = r.array("checks");
    for (qsizetype i = 0; r.ok && i < checks.size(); ++i) {
        if (!checks.at(i).isObject()) {
            r.ok = fail(error, QStringLiteral("check result %1 is not an object").arg(i + 1));
            break;
        }
        const QJsonObject co = checks.at(i).toObject();
        Reader cr{co, QStringLiteral("check result %1: ").arg(i + 1), error};
        SnapshotCheck c;
        c.itemId = cr.text("item");
        c.check = cr.text("check");
        c.met = cr.flag("met");
        c.detail = cr.text("detail");
        r.ok = cr.ok;
        s.checks.append(c);
    }
    if (!r.ok)
        return std::nullopt;
    return s;
}

QStringList DecisionSnapshot::checksNotMet() const
{
    QStringList words;
    for (const SnapshotCheck& c : checks)
        if (!c.met)
            words.append(c.detail.isEmpty()
                             ? QStringLiteral("%1 %2").arg(c.itemId, c.check)
                             : QStringLiteral("%1 %2 (%3)").arg(c.itemId, c.check, c.detail));
    return words;
}

QStringList DecisionSnapshot::breachedPanels() const
{
    QStringList titles;
    for (const SnapshotPanel& p : panels)
        if (p.state == QLatin1String("breach"))
            titles.append(p.title);
    return titles;
}

QStringList DecisionSnapshot::criticalChecksNotUp() const
{
    QStringList services;
    for (const SnapshotHealth& h : health)
        if (h.critical && (h.state == QLatin1String("down") || h.state == QLatin1String("unknown")))
            services.append(h.service);
    return services;
}

bool DecisionSnapshot::takenOverBreach() const
{
    for (const SnapshotPanel& p : panels)
        if (!p.demo && !demo && p.state == QLatin1String("breach"))
            return true;
    if (demo)
        return false;
    return std::any_of(alerts.cbegin(), alerts.cend(), [&](const SnapshotAlert& a) {
        return a.severity.compare(criticalSeverity, Qt::CaseInsensitive) == 0;
    });
}

QString DecisionSnapshot::summary() const
{
    QStringList parts;
    if (!sloUnavailable.isEmpty()) {
        parts.append(QStringLiteral("SLO data unavailable: %1").arg(sloUnavailable));
    } else if (!panels.isEmpty()) {
        int ok = 0, atRisk = 0, unknown = 0;
        QStringList breaches;
        for (const SnapshotPanel& p : panels) {
            if (p.state == QLatin1String("ok"))
                ++ok;
            else if (p.state == QLatin1String("at-risk"))
                ++atRisk;
            else if (p.state == QLatin1String("breach")) {
                SloSpec spec;
                spec.objective = p.objective;
                spec.good = p.goodBelow ? SloSpec::Good::Below : SloSpec::Good::Above;
                breaches.append(
                    QStringLiteral("%1 %2, objective %3")
                        .arg(p.title,
                             p.value ? formatSloValue(*p.value, p.unit) : QStringLiteral("no data"),
                             formatSloObjective(spec, p.unit)));
            } else
                ++unknown;
        }
        QStringList counts;
        if (ok)
            counts.append(QStringLiteral("%1 ok").arg(ok));
        if (atRisk)
            counts.append(QStringLiteral("%1 at risk").arg(atRisk));
        if (!breaches.isEmpty())
            counts.append(QStringLiteral("%1 breach (%2)")
                              .arg(breaches.size())
                              .arg(breaches.join(QLatin1String("; "))));
        if (unknown)
            counts.append(QStringLiteral("%1 unknown").arg(unknown));
        if (panelsLeftOut)
            counts.append(QStringLiteral("%1 not recorded").arg(panelsLeftOut));
        parts.append(QStringLiteral("SLO: ") + counts.join(QLatin1String(", ")));
    }
    if (!alertsUnavailable.isEmpty())
        parts.append(QStringLiteral("alerts unavailable: %1").arg(alertsUnavailable));
    else {
        const int firing = int(alerts.size()) + alertsLeftOut;
        parts.append(firing == 0 ? QStringLiteral("alerts: none firing")
                                 : QStringLiteral("alerts: %1 firing").arg(firing));
    }
    if (!healthUnavailable.isEmpty()) {
        parts.append(QStringLiteral("health: %1").arg(healthUnavailable));
    } else if (!health.isEmpty()) {
        int up = 0;
        QStringList others;
        QStringList manual;
        for (const SnapshotHealth& h : health) {
            if (h.state == QLatin1String("up"))
                ++up;
            else if (h.state == QLatin1String("not-probed"))
                manual.append(h.service);
            else
                others.append(QStringLiteral("%1 %2").arg(h.service, h.state));
        }
        QStringList words;
        if (up)
            words.append(QStringLiteral("%1 up").arg(up));
        words.append(others);
        // Manual checks are named too: golive did not probe them, a person must.
        if (!manual.isEmpty())
            words.append(
                QStringLiteral("not probed (manual): %1").arg(manual.join(QLatin1String(", "))));
        if (words.isEmpty())
            words.append(QStringLiteral("none probed"));
        parts.append(QStringLiteral("health: ") + words.join(QLatin1String(", ")));
    }
    const QStringList notMet = checksNotMet();
    if (!notMet.isEmpty())
        parts.append(QStringLiteral("checks not met: ") + notMet.join(QLatin1String(", ")));
    const QString line = parts.join(QLatin1String("; "));
    return demo ? QStringLiteral("DEMO data: ") + line : line;
}

bool eventTakesSnapshot(const SignOffEvent& event, const Runbook& runbook)
{
    switch (event.kind) {
    case EventKind::PhaseChanged: // the gate opened, the rollback started, Live
    case EventKind::Decision:
    case EventKind::StepFailed:
        return true;
    case EventKind::Observed:
        return event.fieldKey == QLatin1String("alert-firing") ||
               event.fieldKey == QLatin1String("slo-breach") ||
               event.fieldKey == QLatin1String("health-down");
    case EventKind::Signed:
    case EventKind::NotApplicable: {
        const RunbookItem* item = runbook.findItem(event.itemId);
        return item && !item->requiredChecks.isEmpty();
    }
    default:
        return false;
    }
}

} // namespace golive
