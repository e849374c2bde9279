// Reads and checks the SLO dashboard definition (JSON), with errors that name file, panel and
// field.
//
// The format (every unknown field is an error, so a typo never silently drops a setting):
//
//   {"title": "Summit go-live",            optional, default: the file's base name
//    "minStepSeconds": 15,                 optional whole seconds, 1..86400, default 15
//    "criticalSeverity": "critical",       optional: the alert severity label that is a P0
//    "panels": [                           required, at least one
//      {"id": "prov-ledger-p95",           optional, default: a slug of the title; unique
//       "title": "prov-ledger p95 latency",  required
//       "service": "prov-ledger",          optional
//       "kind": "latency",                 optional: "latency", "error-rate", "availability"...
//       "query": "histogram_quantile(0.95, ...)",   required PromQL, not empty
//       "unit": "s",                       required: "s", "ms", "ratio" (shown as %), "req/s"...
//       "slo": {"objective": 0.35,         required finite number (a "ratio" is within 0..1)
//               "good": "below",           required: "below" (latency, errors) or "above"
//               "warning": 0.3,            optional, strictly on the good side of the objective
//               "judge": "consecutive",    optional: "last" (default) or "consecutive"
//               "points": 3}}],            with "consecutive" only, and then required: >= 1
//    "healthIntervalSeconds": 15,          optional whole seconds, 1..3600, default 15
//    "health": [                           optional (may be empty): one light per service
//      {"service": "prov-ledger",          required, unique: the light's label
//       "kind": "http",                    required: "http", "promql" or "manual"
//       "url": "http://127.0.0.1:4010/health",  "http" only, and then required: an absolute
//                                          http:// or https:// address without user:password
//       "query": "up{job=\"nl2cypher\"} == 1",  "promql" only, and then required, not empty
//       "how": "pg_isready -h db -p 5432", required with "manual", optional with the others
//       "critical": true}]}                optional, default true: Down raises the abort banner
#include "Dashboard.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <utility>

namespace golive {

namespace {

// A dashboard is a few kilobytes; anything this large is the wrong file, not a dashboard.
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;
constexpr int kMaxStepSeconds = 86400;
constexpr int kMaxPoints = 10000;
constexpr int kMaxHealthIntervalSeconds = 3600;

QString quoted(const QString& text)
{
    // Long values are cut so one bad field cannot flood the status bar.
    constexpr int kMax = 60;
    const QString shown = text.size() > kMax ? text.left(kMax) + QStringLiteral("...") : text;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

QString numberText(double value)
{
    return QString::number(value, 'g', 12);
}

// How a JSON value reads in "..., not X".
QString describe(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return quoted(value.toString());
    case QJsonValue::Double:
        return numberText(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// UTF-8 byte offset -> 1-based line and column (in characters), as editors count them.
QString lineColumn(const QByteArray& data, int offset)
{
    const qsizetype end = std::clamp<qsizetype>(offset, 0, data.size());
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(data.at(i));
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) { // continuation bytes belong to the previous char
            ++column;
        }
    }
    return QString::number(line) + QLatin1Char(':') + QString::number(column);
}

QString slug(const QString& title)
{
    QString out;
    bool dash = false;
    for (const QChar c : title) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            if (dash && !out.isEmpty())
                out += QLatin1Char('-');
            out += c;
            dash = false;
        } else if (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) {
            if (dash && !out.isEmpty())
                out += QLatin1Char('-');
            out += c.toLower();
            dash = false;
        } else {
            dash = true;
        }
    }
    return out;
}

bool isValidId(const QString& id)
{
    for (const QChar c : id) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') ||
                        c == QLatin1Char('_') || c == QLatin1Char('.');
        if (!ok)
            return false;
    }
    return !id.isEmpty();
}

// Collects the first error with its prefix ("file: " or "file: panel 3 (\"title\"): ").
class Checker
{
public:
    Checker(QString prefix, QString* error) : m_prefix(std::move(prefix)), m_error(error) {}

    bool fail(const QString& message)
    {
        if (m_error)
            *m_error = m_prefix + message;
        return false;
    }

    bool onlyKnownKeys(const QJsonObject& object, const QStringList& known,
                       const QString& path = {})
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                return fail(QStringLiteral("unknown field ") + quoted(path + it.key()) +
                            QStringLiteral(" (known: ") + known.join(QStringLiteral(", ")) +
                            QLatin1Char(')'));
        }
        return true;
    }

    // Required or optional string; `out` is left alone when an optional one is absent.
    bool string(const QJsonObject& object, const QString& key, const QString& field, bool required,
                QString* out)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return required ? fail(field + QStringLiteral(" is missing")) : true;
        if (!value.isString())
            return fail(field + QStringLiteral(" must be a string, not ") + describe(value));
        if (value.toString().trimmed().isEmpty())
            return fail(field + QStringLiteral(" is empty"));
        *out = value.toString();
        return true;
    }

    bool finiteNumber(const QJsonValue& value, const QString& field, double* out)
    {
        if (value.isUndefined())
            return fail(field + QStringLiteral(" is missing"));
        if (!value.isDouble())
            return fail(field + QStringLiteral(" must be a number, not ") + describe(value));
        if (!std::isfinite(value.toDouble()))
            return fail(field + QStringLiteral(" must be a finite number"));
        *out = value.toDouble();
        return true;
    }

    bool wholeNumber(const QJsonValue& value, const QString& field, int min, int max, int* out)
    {
        const QString range = QStringLiteral(" must be a whole number from ") +
                              QString::number(min) + QStringLiteral(" to ") + QString::number(max);
        if (!value.isDouble())
            return fail(field + range + QStringLiteral(", not ") + describe(value));
        const double d = value.toDouble();
        if (!std::isfinite(d) || d != std::floor(d) || d < min || d > max)
            return fail(field + range + QStringLiteral(", not ") + describe(value));
        *out = static_cast<int>(d);
        return true;
    }

private:
    QString m_prefix;
    QString* m_error;
};

bool parseSlo(const QJsonValue& value, const QString& unit, Checker& check, SloSpec* slo)
{
    if (value.isUndefined())
        return check.fail(QStringLiteral("slo is missing"));
    if (!value.isObject())
        return check.fail(QStringLiteral("slo must be an object, not ") + describe(value));
    const QJsonObject object = value.toObject();
    const QStringList known{QStringLiteral("objective"), QStringLiteral("good"),
                            QStringLiteral("warning"), QStringLiteral("judge"),
                            QStringLiteral("points")};
    if (!check.onlyKnownKeys(object, known, QStringLiteral("slo.")))
        return false;

    if (!check.finiteNumber(object.value(QLatin1String("objective")),
                            QStringLiteral("slo.objective"), &slo->objective))
        return false;
    // 99.9 for a ratio is the classic percent-for-ratio slip; it would never be met.
    if (unit == QLatin1String("ratio") && (slo->objective < 0 || slo->objective > 1))
        return check.fail(QStringLiteral("slo.objective must be between 0 and 1 for the unit "
                                         "\"ratio\" (99.9 % is 0.999), not ") +
                          numberText(slo->objective));

    const QJsonValue good = object.value(QLatin1String("good"));
    if (good.isUndefined())
        return check.fail(QStringLiteral("slo.good is missing (\"below\" or \"above\")"));
    if (good == QJsonValue(QStringLiteral("below")))
        slo->good = SloSpec::Good::Below;
    else if (good == QJsonValue(QStringLiteral("above")))
        slo->good = SloSpec::Good::Above;
    else
        return check.fail(QStringLiteral("slo.good must be \"below\" or \"above\", not ") +
                          describe(good));

    const QJsonValue warning = object.value(QLatin1String("warning"));
    if (!warning.isUndefined()) {
        double level = 0;
        if (!check.finiteNumber(warning, QStringLiteral("slo.warning"), &level))
            return false;
        const bool below = slo->good == SloSpec::Good::Below;
        // A warning past the objective could never show "at risk" before "breach".
        if (below ? level >= slo->objective : level <= slo->objective)
            return check.fail(
                QStringLiteral("slo.warning (") + numberText(level) + QStringLiteral(") must be ") +
                (below ? QStringLiteral("below") : QStringLiteral("above")) +
                QStringLiteral(" slo.objective (") + numberText(slo->objective) +
                QStringLiteral(") when slo.good is \"") +
                (below ? QStringLiteral("below") : QStringLiteral("above")) + QLatin1Char('"'));
        slo->warning = level;
    }

    const QJsonValue judge = object.value(QLatin1String("judge"));
    const QJsonValue points = object.value(QLatin1String("points"));
    if (judge.isUndefined() || judge == QJsonValue(QStringLiteral("last"))) {
        slo->judge = SloSpec::Judge::LastValue;
        slo->consecutive = 1;
        if (!points.isUndefined())
            return check.fail(
                QStringLiteral("slo.points only applies with \"judge\": \"consecutive\""));
    } else if (judge == QJsonValue(QStringLiteral("consecutive"))) {
        slo->judge = SloSpec::Judge::Consecutive;
        if (points.isUndefined())
            return check.fail(
                QStringLiteral("slo.points is missing (required with \"judge\": \"consecutive\")"));
        if (!check.wholeNumber(points, QStringLiteral("slo.points"), 1, kMaxPoints,
                               &slo->consecutive))
            return false;
    } else {
        return check.fail(QStringLiteral("slo.judge must be \"last\" or \"consecutive\", not ") +
                          describe(judge));
    }
    return true;
}

bool parsePanel(const QJsonValue& value, int number, const QString& fileName,
                PanelDefinition* panel, QString* error)
{
    const QString where = fileName + QStringLiteral(": panel ") + QString::number(number);
    if (!value.isObject()) {
        Checker(where + QStringLiteral(": "), error)
            .fail(QStringLiteral("must be an object, not ") + describe(value));
        return false;
    }
    const QJsonObject object = value.toObject();
    const QJsonValue title = object.value(QLatin1String("title"));
    // The title names the panel in every later message, so it is read first.
    QString prefix = where + QStringLiteral(": ");
    if (title.isString() && !title.toString().trimmed().isEmpty())
        prefix = where + QStringLiteral(" (") + quoted(title.toString().trimmed()) +
                 QStringLiteral("): ");
    Checker check(prefix, error);
    const QStringList known{QStringLiteral("id"),      QStringLiteral("title"),
                            QStringLiteral("service"), QStringLiteral("kind"),
                            QStringLiteral("query"),   QStringLiteral("unit"),
                            QStringLiteral("slo")};
    if (!check.onlyKnownKeys(object, known))
        return false;
    if (!check.string(object, QStringLiteral("title"), QStringLiteral("title"), true,
                      &panel->title))
        return false;
    panel->title = panel->title.trimmed();
    if (object.contains(QLatin1String("id"))) {
        if (!check.string(object, QStringLiteral("id"), QStringLiteral("id"), true, &panel->id))
            return false;
        if (!isValidId(panel->id))
            return check.fail(QStringLiteral("id must use only letters, digits, \"-\", \"_\" and "
                                             "\".\", not ") +
                              quoted(panel->id));
    } else {
        panel->id = slug(panel->title);
        if (panel->id.isEmpty())
            panel->id = QStringLiteral("panel-") + QString::number(number);
    }
    if (!check.string(object, QStringLiteral("query"), QStringLiteral("query"), true,
                      &panel->query) ||
        !check.string(object, QStringLiteral("unit"), QStringLiteral("unit"), true, &panel->unit) ||
        !check.string(object, QStringLiteral("service"), QStringLiteral("service"), false,
                      &panel->service) ||
        !check.string(object, QStringLiteral("kind"), QStringLiteral("kind"), false, &panel->kind))
        return false;
    panel->query = panel->query.trimmed();
    panel->unit = panel->unit.trimmed();
    return parseSlo(object.value(QLatin1String("slo")), panel->unit, check, &panel->slo);
}

// One entry of "health": the check's number (1-based) and, once known, its service name every
// later message. Fields that belong to another kind are refused, so a check never silently
// ignores a setting (a "query" on an http check was meant for a promql one).
bool parseHealthCheck(const QJsonValue& value, int number, const QString& fileName,
                      HealthCheckDefinition* check, QString* error)
{
    const QString where = fileName + QStringLiteral(": health check ") + QString::number(number);
    if (!value.isObject()) {
        Checker(where + QStringLiteral(": "), error)
            .fail(QStringLiteral("must be an object, not ") + describe(value));
        return false;
    }
    const QJsonObject object = value.toObject();
    const QJsonValue service = object.value(QLatin1String("service"));
    QString prefix = where + QStringLiteral(": ");
    if (service.isString() && !service.toString().trimmed().isEmpty())
        prefix = where + QStringLiteral(" (") + quoted(service.toString().trimmed()) +
                 QStringLiteral("): ");
    Checker c(prefix, error);
    const QStringList known{QStringLiteral("service"), QStringLiteral("kind"),
                            QStringLiteral("url"),     QStringLiteral("query"),
                            QStringLiteral("how"),     QStringLiteral("critical")};
    if (!c.onlyKnownKeys(object, known))
        return false;
    if (!c.string(object, QStringLiteral("service"), QStringLiteral("service"), true,
                  &check->service))
        return false;
    check->service = check->service.trimmed();

    const QJsonValue kind = object.value(QLatin1String("kind"));
    const QString kinds = QStringLiteral("\"http\", \"promql\" or \"manual\"");
    if (kind.isUndefined())
        return c.fail(QStringLiteral("kind is missing (") + kinds + QLatin1Char(')'));
    if (kind == QJsonValue(QStringLiteral("http")))
        check->kind = HealthCheckDefinition::Kind::Http;
    else if (kind == QJsonValue(QStringLiteral("promql")))
        check->kind = HealthCheckDefinition::Kind::PromQL;
    else if (kind == QJsonValue(QStringLiteral("manual")))
        check->kind = HealthCheckDefinition::Kind::Manual;
    else
        return c.fail(QStringLiteral("kind must be ") + kinds + QStringLiteral(", not ") +
                      describe(kind));

    const bool http = check->kind == HealthCheckDefinition::Kind::Http;
    const bool promql = check->kind == HealthCheckDefinition::Kind::PromQL;
    const bool manual = check->kind == HealthCheckDefinition::Kind::Manual;
    if (!http && object.contains(QLatin1String("url")))
        return c.fail(QStringLiteral("url only applies with \"kind\": \"http\""));
    if (!promql && object.contains(QLatin1String("query")))
        return c.fail(QStringLiteral("query only applies with \"kind\": \"promql\""));

    if (http) {
        if (!c.string(object, QStringLiteral("url"), QStringLiteral("url"), true, &check->url))
            return false;
        check->url = check->url.trimmed();
        const QUrl url(check->url, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() ||
            (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
            url.host().isEmpty())
            return c.fail(QStringLiteral("url must be an absolute http:// or https:// address "
                                         "such as \"http://127.0.0.1:4010/health\", not ") +
                          quoted(check->url));
        // The dashboard is shared and shown; a password does not belong in it.
        if (!url.userInfo().isEmpty())
            return c.fail(QStringLiteral("url must not hold a user name or password"));
    }
    if (promql) {
        if (!c.string(object, QStringLiteral("query"), QStringLiteral("query"), true,
                      &check->query))
            return false;
        check->query = check->query.trimmed();
    }
    if (manual && !object.contains(QLatin1String("how")))
        return c.fail(QStringLiteral("how is missing: a manual check says how it is checked by "
                                     "hand, e.g. \"pg_isready -h db -p 5432\""));
    if (!c.string(object, QStringLiteral("how"), QStringLiteral("how"), false, &check->how))
        return false;
    check->how = check->how.trimmed();

    const QJsonValue critical = object.value(QLatin1String("critical"));
    if (!critical.isUndefined()) {
        if (!critical.isBool())
            return c.fail(QStringLiteral("critical must be true or false, not ") +
                          describe(critical));
        check->critical = critical.toBool();
    }
    return true;
}

bool parseHealth(const QJsonValue& health, const QString& fileName, Dashboard* dashboard,
                 QString* error)
{
    if (health.isUndefined())
        return true;
    if (!health.isArray())
        return Checker(fileName + QStringLiteral(": "), error)
            .fail(QStringLiteral("health must be an array, not ") + describe(health));
    const QJsonArray array = health.toArray();
    QHash<QString, int> seen; // service -> 1-based check number
    for (int i = 0; i < array.size(); ++i) {
        HealthCheckDefinition check;
        if (!parseHealthCheck(array.at(i), i + 1, fileName, &check, error))
            return false;
        if (const auto it = seen.constFind(check.service); it != seen.constEnd())
            return Checker(fileName + QStringLiteral(": health check ") + QString::number(i + 1) +
                               QStringLiteral(" (") + quoted(check.service) + QStringLiteral("): "),
                           error)
                .fail(QStringLiteral("service ") + quoted(check.service) +
                      QStringLiteral(" is already checked by health check ") +
                      QString::number(*it));
        seen.insert(check.service, i + 1);
        dashboard->healthChecks.append(std::move(check));
    }
    return true;
}

} // namespace

double SloSpec::warningLevel() const
{
    if (warning)
        return *warning;
    if (good == Good::Below)
        return objective - 0.2 * std::abs(objective); // 80% of the objective (for positives)
    // "Above" objectives are mostly ratios such as 0.999: at risk until halfway to perfect
    // (0.9995), since 80% of 0.999 would be meaningless. Others (e.g. a throughput floor of
    // 100 req/s): at risk below 120% of it.
    if (objective < 1)
        return objective + (1 - objective) * 0.5;
    return objective + 0.2 * std::abs(objective);
}

const PanelDefinition* Dashboard::findPanel(const QString& id) const
{
    for (const PanelDefinition& panel : panels) {
        if (panel.id == id)
            return &panel;
    }
    return nullptr;
}

std::optional<Dashboard> Dashboard::fromJson(const QByteArray& json, const QString& fileName,
                                             QString* error)
{
    Checker check(fileName + QStringLiteral(": "), error);
    if (json.size() > kMaxFileBytes) {
        check.fail(QStringLiteral("is larger than 4 MiB (") + QString::number(json.size()) +
                   QStringLiteral(" bytes); a dashboard is a few kilobytes"));
        return std::nullopt;
    }
    if (json.trimmed().isEmpty()) {
        check.fail(QStringLiteral("the file is empty"));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = fileName + QLatin1Char(':') + lineColumn(json, parseError.offset) +
                     QStringLiteral(": invalid JSON: ") + parseError.errorString();
        return std::nullopt;
    }
    if (!document.isObject()) {
        check.fail(QStringLiteral("the top level must be a JSON object, not an array"));
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    const QStringList known{QStringLiteral("title"),
                            QStringLiteral("minStepSeconds"),
                            QStringLiteral("criticalSeverity"),
                            QStringLiteral("panels"),
                            QStringLiteral("health"),
                            QStringLiteral("healthIntervalSeconds")};
    if (!check.onlyKnownKeys(root, known))
        return std::nullopt;

    Dashboard dashboard;
    dashboard.fileName = fileName;
    dashboard.title = QFileInfo(fileName).completeBaseName();
    if (!check.string(root, QStringLiteral("title"), QStringLiteral("title"), false,
                      &dashboard.title) ||
        !check.string(root, QStringLiteral("criticalSeverity"), QStringLiteral("criticalSeverity"),
                      false, &dashboard.criticalSeverity))
        return std::nullopt;
    const QJsonValue step = root.value(QLatin1String("minStepSeconds"));
    if (!step.isUndefined() && !check.wholeNumber(step, QStringLiteral("minStepSeconds"), 1,
                                                  kMaxStepSeconds, &dashboard.minStepSeconds))
        return std::nullopt;
    const QJsonValue interval = root.value(QLatin1String("healthIntervalSeconds"));
    if (!interval.isUndefined() &&
        !check.wholeNumber(interval, QStringLiteral("healthIntervalSeconds"), 1,
                           kMaxHealthIntervalSeconds, &dashboard.healthIntervalSeconds))
        return std::nullopt;

    const QJsonValue panels = root.value(QLatin1String("panels"));
    if (panels.isUndefined()) {
        check.fail(QStringLiteral("panels is missing"));
        return std::nullopt;
    }
    if (!panels.isArray()) {
        check.fail(QStringLiteral("panels must be an array, not ") + describe(panels));
        return std::nullopt;
    }
    const QJsonArray array = panels.toArray();
    if (array.isEmpty()) {
        check.fail(QStringLiteral("panels is empty; a dashboard needs at least one panel"));
        return std::nullopt;
    }
    QHash<QString, int> seen; // id -> 1-based panel number, to name the first user of an id
    for (int i = 0; i < array.size(); ++i) {
        PanelDefinition panel;
        if (!parsePanel(array.at(i), i + 1, fileName, &panel, error))
            return std::nullopt;
        if (const auto it = seen.constFind(panel.id); it != seen.constEnd()) {
            Checker(fileName + QStringLiteral(": panel ") + QString::number(i + 1) +
                        QStringLiteral(" (") + quoted(panel.title) + QStringLiteral("): "),
                    error)
                .fail(QStringLiteral("id ") + quoted(panel.id) +
                      QStringLiteral(" is already used by panel ") + QString::number(*it));
            return std::nullopt;
        }
        seen.insert(panel.id, i + 1);
        dashboard.panels.append(std::move(panel));
    }
    if (!parseHealth(root.value(QLatin1String("health")), fileName, &dashboard, error))
        return std::nullopt;
    return dashboard;
}

std::optional<Dashboard> Dashboard::fromFile(const QString& path, QString* error)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        if (error)
            *error = path + QStringLiteral(": cannot read: it is a directory");
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + QStringLiteral(": cannot open: ") + file.errorString();
        return std::nullopt;
    }
    // Read one byte past the cap instead of trusting size(): pipes and /proc files have none.
    const QByteArray data = file.read(kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = path + QStringLiteral(": cannot read: ") + file.errorString();
        return std::nullopt;
    }
    if (data.size() > kMaxFileBytes) {
        if (error)
            *error =
                path + QStringLiteral(": is larger than 4 MiB; a dashboard is a few kilobytes");
        return std::nullopt;
    }
    return fromJson(data, path, error);
}

} // namespace golive
