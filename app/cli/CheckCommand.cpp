// check: the SLO gate (see CheckCommand.h).
#include "CheckCommand.h"

#include "CliText.h"
#include "DashboardCheck.h"
#include "PrometheusOptions.h"
#include "SafeText.h"
#include "Wording.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <utility>

namespace golive::cli {

namespace {

constexpr double kDefaultTimeoutSeconds = 20;

// A number; +Inf and -Inf as Prometheus's API writes them ("+Inf", "-Inf"); NaN as null.
QJsonValue jsonNumber(double v)
{
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject alertToJson(const AlertInfo& a)
{
    QJsonObject labels;
    for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    return {
        {QStringLiteral("name"), a.name},
        {QStringLiteral("severity"), a.severity},
        {QStringLiteral("state"), a.state},
        {QStringLiteral("summary"), a.summary},
        {QStringLiteral("activeAt"),
         a.activeAtUtc.isValid() ? QJsonValue(a.activeAtUtc.toUTC().toString(Qt::ISODateWithMs))
                                 : QJsonValue()},
        {QStringLiteral("labels"), labels},
    };
}

// The panels counted by state, the overall result and the firing alerts.
struct Tally
{
    qsizetype breaches = 0;
    qsizetype atRisk = 0;
    qsizetype failed = 0; // errored or without data: the gate cannot vouch for them
    bool unreachable = false;
    QString result;
    QList<const AlertInfo*> firing;
};

Tally tallyOf(const CheckOutcome& outcome)
{
    Tally t;
    for (const PanelVerdict& v : outcome.panels) {
        if (v.state == QLatin1String("breach"))
            ++t.breaches;
        else if (v.state == QLatin1String("at risk"))
            ++t.atRisk;
        else if (v.state != QLatin1String("ok"))
            ++t.failed;
    }
    const bool allErrored =
        std::all_of(outcome.panels.cbegin(), outcome.panels.cend(),
                    [](const PanelVerdict& v) { return v.state == QLatin1String("error"); });
    t.unreachable = allErrored && !outcome.buildInfoError.isEmpty();
    t.result = t.breaches > 0 ? QStringLiteral("breach")
               : t.failed > 0 ? QStringLiteral("error")
                              : QStringLiteral("ok");
    for (const AlertInfo& a : outcome.alerts) {
        if (a.state == QLatin1String("firing"))
            t.firing.append(&a);
    }
    return t;
}

// The panels' titles in one state (or, with errors, those that could not be judged).
QString titles(const CheckOutcome& outcome, const QString& state, bool errors)
{
    QStringList names;
    for (const PanelVerdict& v : outcome.panels) {
        const bool failedPanel = v.state != QLatin1String("ok") &&
                                 v.state != QLatin1String("at risk") &&
                                 v.state != QLatin1String("breach");
        if (errors ? failedPanel : v.state == state)
            names.append(quoted(v.panel->title));
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

CheckCommand::CheckCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_prometheusOption(
          QStringLiteral("prometheus"),
          QStringLiteral("Prometheus's base URL (default: $GOLIVE_PROMETHEUS_URL, else %1).")
              .arg(kDefaultPrometheusUrl),
          QStringLiteral("URL")),
      m_dashboardOption(QStringLiteral("dashboard"),
                        QStringLiteral("The dashboard JSON (default: the bundled %1).")
                            .arg(QFileInfo(kBundledDashboard).fileName()),
                        QStringLiteral("FILE")),
      m_runOption(QStringLiteral("run"),
                  QStringLiteral("Use the dashboard of this run (the one 'golive dashboard set' "
                                 "recorded, or embedded when it was made) instead."),
                  QStringLiteral("RUN")),
      m_jsonOption(QStringLiteral("json"), QStringLiteral("Print the verdict as JSON on stdout.")),
      m_rangeOption(QStringLiteral("range"),
                    QStringLiteral("How far back to look, e.g. 15m, 1h, 90s (default: 15m)."),
                    QStringLiteral("DURATION"), QStringLiteral("15m")),
      m_timeoutOption(QStringLiteral("timeout"),
                      QStringLiteral("Give up on Prometheus after this many seconds (default: %1).")
                          .arg(kDefaultTimeoutSeconds),
                      QStringLiteral("SECONDS")),
      m_userOption(QStringLiteral("user"),
                   QStringLiteral("The basic-auth user whose password 'golive login' stored "
                                  "(default: the Settings dialog's when it is for this URL, else "
                                  "the one 'golive login' recorded for it)."),
                   QStringLiteral("NAME")),
      m_caFileOption(QStringLiteral("ca-file"),
                     QStringLiteral("A CA certificate (PEM) to trust (default: the Settings "
                                    "dialog's when it is for this URL, else the one 'golive "
                                    "login' recorded for it)."),
                     QStringLiteral("FILE"))
{}

QString CheckCommand::description() const
{
    return QStringLiteral(
        "The SLO gate: evaluates every panel of a dashboard once against "
        "Prometheus over the last RANGE and prints each panel's value, objective "
        "and state (ok, at risk, breach, unknown, error), then the firing alerts.\n"
        "Exits 0 when every panel is ok (at risk still passes, and says so), 1 when "
        "any panel breaches its objective, 2 when the gate cannot vouch: "
        "Prometheus unreachable, a panel that errored or has no data, an invalid "
        "dashboard or a usage error.");
}

QString CheckCommand::usage() const
{
    return QStringLiteral(
        "golive check [--prometheus URL] [--dashboard FILE | --run RUN] [--user NAME] "
        "[--ca-file FILE] [--json] [--range DURATION] [--timeout SECONDS]");
}

QString CheckCommand::epilog() const
{
    return QStringLiteral("Credentials are never taken on the command line; a URL with a user or "
                          "password in it is refused. The password or token comes from the "
                          "keychain ('golive login URL'), or for this run only from "
                          "$GOLIVE_PROMETHEUS_TOKEN.");
}

void CheckCommand::addOptions(QCommandLineParser& parser)
{
    parser.addOption(m_prometheusOption);
    parser.addOption(m_dashboardOption);
    parser.addOption(m_runOption);
    parser.addOption(m_userOption);
    parser.addOption(m_caFileOption);
    parser.addOption(m_jsonOption);
    parser.addOption(m_rangeOption);
    parser.addOption(m_timeoutOption);
}

int CheckCommand::run(Console& c, const QCommandLineParser& parser)
{
    const qint64 rangeSeconds = parseDuration(parser.value(m_rangeOption));
    if (rangeSeconds <= 0 || rangeSeconds > kMaxDurationSeconds)
        return usageError(c, QStringLiteral("--range '%1' is not a duration from 1s to 31d "
                                            "(e.g. 15m, 1h, 90s)")
                                 .arg(parser.value(m_rangeOption)));
    const std::optional<double> timeout =
        timeoutSecondsOption(parser, m_timeoutOption, kDefaultTimeoutSeconds);
    if (!timeout)
        return usageError(c, QStringLiteral("--timeout '%1' is not a number of seconds from 0 to "
                                            "600")
                                 .arg(parser.value(m_timeoutOption)));

    QString urlError;
    const QUrl url = cliPrometheusUrl(parser.value(m_prometheusOption), &urlError);
    if (!urlError.isEmpty())
        return usageError(c, urlError);

    const QString given = parser.value(m_dashboardOption);
    QString dashboardOrigin;
    const std::optional<Dashboard> dashboard =
        cliDashboard(c, QStringLiteral("check"), given, DashboardNeed::Panels,
                     parser.value(m_runOption), &dashboardOrigin);
    if (!dashboard)
        return ExitUsage;

    PrometheusConfig config;
    config.baseUrl = url;
    config.timeoutMs = static_cast<int>(*timeout * 1000);
    config.minStepSeconds = dashboard->minStepSeconds;
    QString credentialNote;
    QString user;
    const QString caError =
        applyCliCredentials(optionalValue(parser, m_userOption),
                            optionalValue(parser, m_caFileOption), &config, &credentialNote, &user);
    if (!caError.isEmpty())
        return usageError(c, caError);
    Evaluation e;
    e.urlShown = url.toString(QUrl::StripTrailingSlash);
    e.dashboardPath = dashboardOrigin;
    e.rangeSeconds = rangeSeconds;
    e.evaluatedAt = QDateTime::currentDateTimeUtc();
    const CheckOutcome outcome =
        evaluateDashboard(*dashboard, config, rangeSeconds, config.timeoutMs, e.evaluatedAt);
    const Tally tally = tallyOf(outcome);

    if (parser.isSet(m_jsonOption))
        printJson(c, e, outcome, tally.result);
    else
        printTable(c, e, *dashboard, outcome, tally.unreachable, tally.firing);
    c.out.flush();
    return verdict(c, e, outcome, credentialNote, user);
}

void CheckCommand::printJson(Console& c, const Evaluation& e, const CheckOutcome& outcome,
                             const QString& result) const
{
    QJsonArray panels;
    for (const PanelVerdict& v : outcome.panels) {
        panels.append(QJsonObject{
            {QStringLiteral("id"), v.panel->id},
            {QStringLiteral("title"), v.panel->title},
            {QStringLiteral("value"), jsonNumber(v.update.currentValue)},
            {QStringLiteral("unit"), v.panel->unit},
            {QStringLiteral("objective"), v.panel->slo.objective},
            {QStringLiteral("good"), v.panel->slo.good == SloSpec::Good::Below
                                         ? QStringLiteral("below")
                                         : QStringLiteral("above")},
            {QStringLiteral("state"), v.state},
            {QStringLiteral("error"), v.error.isEmpty() ? QJsonValue() : QJsonValue(v.error)},
        });
    }
    QJsonArray alerts;
    for (const AlertInfo& a : outcome.alerts)
        alerts.append(alertToJson(a));
    QJsonObject o{
        {QStringLiteral("prometheus"), e.urlShown},
        {QStringLiteral("prometheusVersion"),
         outcome.version.isEmpty() ? QJsonValue() : QJsonValue(outcome.version)},
        {QStringLiteral("dashboard"), e.dashboardPath},
        {QStringLiteral("evaluatedAt"), e.evaluatedAt.toString(Qt::ISODateWithMs)},
        {QStringLiteral("rangeSeconds"), e.rangeSeconds},
        {QStringLiteral("panels"), panels},
        {QStringLiteral("alerts"), alerts},
        {QStringLiteral("alertsError"),
         outcome.alertsError.isEmpty() ? QJsonValue() : QJsonValue(outcome.alertsError)},
        {QStringLiteral("result"), result},
    };
    c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
}

void CheckCommand::printTable(Console& c, const Evaluation& e, const Dashboard& dashboard,
                              const CheckOutcome& outcome, bool unreachable,
                              const QList<const AlertInfo*>& firing) const
{
    c.out << dashboard.title << ": "
          << (outcome.version.isEmpty() ? QStringLiteral("Prometheus")
                                        : QStringLiteral("Prometheus ") + outcome.version)
          << " at " << e.urlShown << ", last " << describeSeconds(e.rangeSeconds) << " to "
          << displayTime(e.evaluatedAt) << "\n";
    QList<QStringList> rows{{QStringLiteral("PANEL"), QStringLiteral("VALUE"),
                             QStringLiteral("OBJECTIVE"), QStringLiteral("STATE")}};
    for (const PanelVerdict& v : outcome.panels) {
        rows.append({v.panel->title,
                     v.state == QLatin1String("error")
                         ? QStringLiteral("-")
                         : formatSloValue(v.update.currentValue, v.panel->unit),
                     formatSloObjective(v.panel->slo, v.panel->unit), v.state});
    }
    c.out << table(rows);
    if (unreachable) {
        c.out << "Every panel: " << cappedMessage(outcome.buildInfoError) << "\n";
    } else {
        for (const PanelVerdict& v : outcome.panels) {
            if (v.error.isEmpty())
                continue;
            c.out << "  " << v.panel->id << ": ";
            // The source's errors mostly name the panel already.
            if (!v.error.contains(v.panel->title))
                c.out << quoted(terminalSafe(v.panel->title)) << ": ";
            c.out << cappedMessage(v.error) << "\n";
        }
    }
    if (unreachable) {
        // Said once above.
    } else if (!outcome.alertsError.isEmpty()) {
        c.out << "Alerts: could not be read: " << cappedMessage(outcome.alertsError) << "\n";
    } else if (firing.isEmpty()) {
        c.out << "Alerts: none firing\n";
    } else {
        c.out << "Firing alerts (" << firing.size() << "):\n";
        for (const AlertInfo* a : firing) {
            c.out << "  ["
                  << (a->severity.isEmpty() ? QStringLiteral("no severity")
                                            : cappedMessage(a->severity, 40))
                  << "] " << cappedMessage(a->name, 120);
            if (a->activeAtUtc.isValid())
                c.out << " since " << displayTime(a->activeAtUtc);
            if (!a->summary.isEmpty())
                c.out << ": " << cappedMessage(a->summary);
            c.out << "\n";
        }
    }
}

int CheckCommand::verdict(Console& c, const Evaluation& e, const CheckOutcome& outcome,
                          const QString& credentialNote, const QString& user) const
{
    const Tally t = tallyOf(outcome);
    const QString& urlShown = e.urlShown;
    if (t.unreachable) {
        const QString why =
            outcome.buildInfoError.contains(urlShown)
                ? outcome.buildInfoError
                : QStringLiteral("Prometheus at %1: %2").arg(urlShown, outcome.buildInfoError);
        c.err << "golive check: cannot evaluate any panel: " << why << Qt::endl;
        if (why.contains(QLatin1String("HTTP 401")) || why.contains(QLatin1String("HTTP 403"))) {
            if (!credentialNote.isEmpty())
                c.err << "golive check: " << credentialNote << Qt::endl;
            c.err << "golive check: store the credentials with 'golive login " << urlShown
                  << (user.isEmpty() ? QStringLiteral(" [--user NAME]")
                                     : QStringLiteral(" --user ") + user)
                  << "' (the secret is read from standard input), or set "
                     "GOLIVE_PROMETHEUS_TOKEN for this run only"
                  << Qt::endl;
        }
        return ExitUsage;
    }
    if (t.breaches > 0) {
        c.err << "golive check: BREACH: " << plural(t.breaches, "panel breaches", "panels breach")
              << " its objective: " << titles(outcome, QStringLiteral("breach"), false);
        if (t.failed > 0)
            c.err << "; and the gate cannot vouch for " << titles(outcome, {}, true);
        c.err << Qt::endl;
        return ExitFailure;
    }
    if (t.failed > 0) {
        c.err << "golive check: cannot vouch: " << plural(t.failed, "panel", "panels") << " of "
              << outcome.panels.size() << " could not be evaluated (" << titles(outcome, {}, true)
              << ")" << Qt::endl;
        return ExitUsage;
    }
    if (t.atRisk > 0) {
        c.err << "golive check: ok, but " << plural(t.atRisk, "panel is", "panels are")
              << " at risk: " << titles(outcome, QStringLiteral("at risk"), false) << Qt::endl;
        return ExitOk;
    }
    c.err << "golive check: ok: all " << plural(outcome.panels.size(), "panel", "panels")
          << " within their objectives" << Qt::endl;
    return ExitOk;
}

} // namespace golive::cli
