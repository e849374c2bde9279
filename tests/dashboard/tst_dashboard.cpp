// Tests for Dashboard: the bundled Summit dashboard, every refusal's exact words, and defaults.
#include "Dashboard.h"
#include "Unprivileged.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;

// Q_INIT_RESOURCE declares the initialiser where it is used, so it must be outside any namespace.
static void initResources()
{
    Q_INIT_RESOURCE(golive_resources);
}

namespace {

// A one-panel dashboard whose panel is `panel` (a JSON object's text).
QByteArray onePanel(const char* panel)
{
    return QByteArray(R"({"title": "t", "panels": [)") + panel + "]}";
}

constexpr const char* kGoodPanel =
    R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below"}})";

// A one-panel dashboard with `health` (a JSON array's text) as its health checks.
QByteArray withHealth(const QByteArray& health)
{
    return QByteArray(R"({"panels": [)") + kGoodPanel + R"(], "health": )" + health + "}";
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private slots:
    void bundledDashboardLoads();
    void bundledResourceIsTheSourceFile();
    void refusals_data();
    void refusals();
    void brokenJsonNamesLineAndColumn();
    void fileErrors();
    void unreadableFile();
    void sizeLimit();
    void defaults();
    void warningLevel();
    // Health checks in the dashboard file: the bundled ones, refusals, defaults.
    void bundledHealthChecks();
    void healthRefusals_data();
    void healthRefusals();
    void healthDefaults();
};

void TestDashboard::bundledDashboardLoads()
{
    QString error;
    const auto dashboard = Dashboard::fromFile(QStringLiteral(GOLIVE_SUMMIT_DASHBOARD), &error);
    QVERIFY2(dashboard, qPrintable(error));
    QCOMPARE(dashboard->title, QStringLiteral("Summit go-live"));
    QCOMPARE(dashboard->minStepSeconds, 15);
    QCOMPARE(dashboard->criticalSeverity, QStringLiteral("critical"));
    QVERIFY(dashboard->panels.size() >= 9);

    // Each service has a latency and an error-rate panel with the facts' objectives.
    struct Expected
    {
        const char* service;
        double latency;
        double latencyWarning; // 0: none given
        const char* metric;
    };
    const Expected expected[] = {
        {"prov-ledger", 0.35, 0.3, "http_request_duration_seconds_bucket{job=\"prov-ledger\"}"},
        {"policy-lac", 0.025, 0.02, "http_request_duration_seconds_bucket{job=\"policy-lac\"}"},
        {"nl2cypher", 2.0, 1.6, "nlq_duration_seconds_bucket{job=\"nl2cypher\"}"},
        {"report-studio", 0.3, 0.25, "http_request_duration_seconds_bucket{job=\"report-studio\"}"},
    };
    for (const Expected& e : expected) {
        const QString service = QString::fromLatin1(e.service);
        int latency = 0;
        int errors = 0;
        for (const PanelDefinition& panel : dashboard->panels) {
            if (panel.service != service)
                continue;
            QCOMPARE(panel.slo.good, SloSpec::Good::Below);
            if (panel.kind == QLatin1String("latency")) {
                ++latency;
                QCOMPARE(panel.unit, QStringLiteral("s"));
                QCOMPARE(panel.slo.objective, e.latency);
                QCOMPARE(panel.slo.warningLevel(), e.latencyWarning);
                QVERIFY2(panel.query.contains(QLatin1String(e.metric)), qPrintable(panel.query));
                QVERIFY(panel.query.startsWith(QLatin1String("histogram_quantile(0.95,")));
            } else if (panel.kind == QLatin1String("error-rate")) {
                ++errors;
                QCOMPARE(panel.unit, QStringLiteral("ratio"));
                QCOMPARE(panel.slo.objective, 0.01);
                QCOMPARE(panel.slo.warningLevel(), 0.002);
                QVERIFY(panel.query.contains(QStringLiteral("status=~\"5..\"")));
                QVERIFY(panel.query.contains(QStringLiteral("http_requests_total{job=\"") +
                                             service + QLatin1Char('"')));
            }
        }
        QVERIFY2(latency == 1 && errors == 1, e.service);
    }

    const PanelDefinition* availability = dashboard->findPanel(QStringLiteral("api-availability"));
    QVERIFY(availability);
    QCOMPARE(availability->query, QStringLiteral("slo:api_availability:ratio_rate5m"));
    QCOMPARE(availability->unit, QStringLiteral("ratio"));
    QCOMPARE(availability->slo.good, SloSpec::Good::Above);
    QCOMPARE(availability->slo.objective, 0.999);

    QSet<QString> ids;
    for (const PanelDefinition& panel : dashboard->panels)
        ids.insert(panel.id);
    QCOMPARE(ids.size(), dashboard->panels.size());
    QVERIFY(dashboard->findPanel(QStringLiteral("nl2cypher-p95")));
    QVERIFY(!dashboard->findPanel(QStringLiteral("no-such-panel")));
}

void TestDashboard::bundledResourceIsTheSourceFile()
{
    initResources();
    QFile resource(QStringLiteral(":/dashboards/summit.json"));
    QVERIFY2(resource.open(QIODevice::ReadOnly), qPrintable(resource.errorString()));
    QFile source(QStringLiteral(GOLIVE_SUMMIT_DASHBOARD));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(resource.readAll(), source.readAll());
    QString error;
    QVERIFY2(Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), &error),
             qPrintable(error));
}

void TestDashboard::refusals_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char* name, const QByteArray& json, const char* expected) {
        QTest::newRow(name) << json << QString::fromUtf8(expected);
    };
    // Top level.
    row("empty", "  \n", "summit.json: the file is empty");
    row("array", "[1, 2]", "summit.json: the top level must be a JSON object, not an array");
    row("no panels", R"({"title": "x"})", "summit.json: panels is missing");
    row("empty panels", R"({"panels": []})",
        "summit.json: panels is empty; a dashboard needs at least one panel");
    row("panels object", R"({"panels": {}})",
        "summit.json: panels must be an array, not an object");
    row("unknown top field", R"({"panel": []})",
        R"(summit.json: unknown field "panel" (known: title, minStepSeconds, criticalSeverity, panels, health, healthIntervalSeconds))");
    row("title number", R"({"title": 3, "panels": []})",
        "summit.json: title must be a string, not 3");
    row("step zero", R"({"minStepSeconds": 0, "panels": []})",
        "summit.json: minStepSeconds must be a whole number from 1 to 86400, not 0");
    row("step fraction", R"({"minStepSeconds": 1.5, "panels": []})",
        "summit.json: minStepSeconds must be a whole number from 1 to 86400, not 1.5");
    row("step string", R"({"minStepSeconds": "15", "panels": []})",
        R"(summit.json: minStepSeconds must be a whole number from 1 to 86400, not "15")");
    row("empty severity", R"({"criticalSeverity": "", "panels": []})",
        "summit.json: criticalSeverity is empty");

    // Panels: named by 1-based number and title, then the field.
    row("brief's example",
        R"({"panels": [)"
        R"({"title": "a", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below"}},)"
        R"({"title": "b", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below"}},)"
        R"({"title": "nl2cypher p95 latency", "query": "up", "unit": "s",)"
        R"( "slo": {"objective": 2, "good": "under"}}]})",
        R"(summit.json: panel 3 ("nl2cypher p95 latency"): slo.good must be "below" or "above", not "under")");
    row("panel not object", R"({"panels": [42]})",
        "summit.json: panel 1: must be an object, not 42");
    row("no title", onePanel(R"({"query": "up", "unit": "s"})"),
        "summit.json: panel 1: title is missing");
    row("title not string", onePanel(R"({"title": ["x"]})"),
        "summit.json: panel 1: title must be a string, not an array");
    row("unknown panel field", onePanel(R"({"title": "p", "querry": "up"})"),
        R"(summit.json: panel 1 ("p"): unknown field "querry" (known: id, title, service, kind, query, unit, slo))");
    row("no query", onePanel(R"({"title": "p", "unit": "s"})"),
        R"(summit.json: panel 1 ("p"): query is missing)");
    row("empty query", onePanel(R"({"title": "p", "query": "  ", "unit": "s"})"),
        R"(summit.json: panel 1 ("p"): query is empty)");
    row("no unit", onePanel(R"({"title": "p", "query": "up"})"),
        R"(summit.json: panel 1 ("p"): unit is missing)");
    row("service number", onePanel(R"({"title": "p", "query": "up", "unit": "s", "service": 1})"),
        R"(summit.json: panel 1 ("p"): service must be a string, not 1)");
    row("bad id", onePanel(R"({"id": "a b", "title": "p", "query": "up", "unit": "s"})"),
        R"(summit.json: panel 1 ("p"): id must use only letters, digits, "-", "_" and ".", not "a b")");
    row("no slo", onePanel(R"({"title": "p", "query": "up", "unit": "s"})"),
        R"(summit.json: panel 1 ("p"): slo is missing)");
    row("slo number", onePanel(R"({"title": "p", "query": "up", "unit": "s", "slo": 0.3})"),
        R"(summit.json: panel 1 ("p"): slo must be an object, not 0.3)");
    row("unknown slo field",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "warn": 0.5}})"),
        R"(summit.json: panel 1 ("p"): unknown field "slo.warn" (known: objective, good, warning, judge, points))");
    row("no objective",
        onePanel(R"({"title": "p", "query": "up", "unit": "s", "slo": {"good": "below"}})"),
        R"(summit.json: panel 1 ("p"): slo.objective is missing)");
    row("objective string",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": "0.35", "good": "below"}})"),
        R"(summit.json: panel 1 ("p"): slo.objective must be a number, not "0.35")");
    row("ratio as percent",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "ratio", "slo": {"objective": 99.9, "good": "above"}})"),
        R"(summit.json: panel 1 ("p"): slo.objective must be between 0 and 1 for the unit "ratio" (99.9 % is 0.999), not 99.9)");
    row("no good",
        onePanel(R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1}})"),
        R"(summit.json: panel 1 ("p"): slo.good is missing ("below" or "above"))");
    row("warning past objective (below)",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 0.35, "good": "below", "warning": 0.4}})"),
        R"(summit.json: panel 1 ("p"): slo.warning (0.4) must be below slo.objective (0.35) when slo.good is "below")");
    row("warning equal to objective",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 0.35, "good": "below", "warning": 0.35}})"),
        R"(summit.json: panel 1 ("p"): slo.warning (0.35) must be below slo.objective (0.35) when slo.good is "below")");
    row("warning past objective (above)",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "ratio", "slo": {"objective": 0.999, "good": "above", "warning": 0.99}})"),
        R"(summit.json: panel 1 ("p"): slo.warning (0.99) must be above slo.objective (0.999) when slo.good is "above")");
    row("warning string",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "warning": "0.8"}})"),
        R"(summit.json: panel 1 ("p"): slo.warning must be a number, not "0.8")");
    row("bad judge",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "judge": "median"}})"),
        R"(summit.json: panel 1 ("p"): slo.judge must be "last" or "consecutive", not "median")");
    row("consecutive without points",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "judge": "consecutive"}})"),
        R"(summit.json: panel 1 ("p"): slo.points is missing (required with "judge": "consecutive"))");
    row("zero points",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "judge": "consecutive", "points": 0}})"),
        R"(summit.json: panel 1 ("p"): slo.points must be a whole number from 1 to 10000, not 0)");
    row("fractional points",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "judge": "consecutive", "points": 2.5}})"),
        R"(summit.json: panel 1 ("p"): slo.points must be a whole number from 1 to 10000, not 2.5)");
    row("points without consecutive",
        onePanel(
            R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below", "points": 3}})"),
        R"(summit.json: panel 1 ("p"): slo.points only applies with "judge": "consecutive")");

    // Ids: explicit or from the title, unique.
    row("duplicate ids",
        QByteArray(R"({"panels": [)") + kGoodPanel + "," +
            R"({"id": "p", "title": "Other", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "below"}}]})",
        R"(summit.json: panel 2 ("Other"): id "p" is already used by panel 1)");
    row("duplicate titles", QByteArray(R"({"panels": [)") + kGoodPanel + "," + kGoodPanel + "]}",
        R"(summit.json: panel 2 ("p"): id "p" is already used by panel 1)");
}

void TestDashboard::refusals()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Dashboard::fromJson(json, QStringLiteral("summit.json"), &error));
    QCOMPARE(error, expected);
}

void TestDashboard::brokenJsonNamesLineAndColumn()
{
    // Columns count characters, not bytes: the "é" is two bytes.
    const QByteArray json = "{\n \"t\": \"\xC3\xA9\", x}";
    QJsonParseError parseError;
    QJsonDocument::fromJson(json, &parseError);
    QCOMPARE(parseError.offset, 15); // Qt's offset, just past the bad "x"
    QString error;
    QVERIFY(!Dashboard::fromJson(json, QStringLiteral("summit.json"), &error));
    QCOMPARE(error, QStringLiteral("summit.json:2:13: invalid JSON: ") + parseError.errorString());
    QVERIFY(!parseError.errorString().isEmpty());

    QVERIFY(!Dashboard::fromJson("{\n  \"panels\": [\n}", QStringLiteral("d.json"), &error));
    QCOMPARE(error, QStringLiteral("d.json:3:2: invalid JSON: object is missing after a comma"));
}

void TestDashboard::fileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;

    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    QVERIFY(!Dashboard::fromFile(missing, &error));
    QCOMPARE(error, missing + QStringLiteral(": cannot open: No such file or directory"));

    QVERIFY(!Dashboard::fromFile(dir.path(), &error));
    QCOMPARE(error, dir.path() + QStringLiteral(": cannot read: it is a directory"));

    // A refusal read from a file names the path as given.
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(onePanel(
        R"({"title": "p", "query": "up", "unit": "s", "slo": {"objective": 1, "good": "under"}})"));
    file.close();
    QVERIFY(!Dashboard::fromFile(bad, &error));
    QCOMPARE(error,
             bad + QStringLiteral(
                       R"(: panel 1 ("p"): slo.good must be "below" or "above", not "under")"));
}

void TestDashboard::unreadableFile()
{
    if (golive::test::privileged()) {
        QVERIFY(golive::test::passesAsNobody("unreadableFile"));
        return;
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bad = dir.filePath(QStringLiteral("secret.json"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(QFile::setPermissions(bad, QFileDevice::WriteOwner));
    QString error;
    QVERIFY2(!QFile(bad).open(QIODevice::ReadOnly), "an unprivileged user read a write-only file");
    QVERIFY(!Dashboard::fromFile(bad, &error));
    QCOMPARE(error, bad + QStringLiteral(": cannot open: Permission denied"));
}

void TestDashboard::sizeLimit()
{
    constexpr qsizetype kLimit = 4 * 1024 * 1024;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Exactly 4 MiB (padded with whitespace) is still read; one byte more is refused.
    QByteArray json = onePanel(kGoodPanel);
    json += QByteArray(kLimit - json.size(), ' ');
    QCOMPARE(json.size(), kLimit);
    const QString path = dir.filePath(QStringLiteral("big.json"));
    const auto write = [&](const QByteArray& data) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(data), data.size());
    };
    QString error;
    write(json);
    QVERIFY2(Dashboard::fromFile(path, &error), qPrintable(error));
    write(json + ' ');
    QVERIFY(!Dashboard::fromFile(path, &error));
    QCOMPARE(error,
             path + QStringLiteral(": is larger than 4 MiB; a dashboard is a few kilobytes"));
    QVERIFY(!Dashboard::fromJson(json + ' ', QStringLiteral("big.json"), &error));
    QCOMPARE(error, QStringLiteral("big.json: is larger than 4 MiB (4194305 bytes); a dashboard "
                                   "is a few kilobytes"));
}

void TestDashboard::defaults()
{
    QString error;
    const auto dashboard = Dashboard::fromJson(
        R"({"panels": [
             {"title": " Prov-Ledger  p95 (API read)! ", "query": " up ", "unit": "s",
              "slo": {"objective": 0.35, "good": "below"}},
             {"id": "avail_1.x", "title": "Availability", "service": "summit-api",
              "kind": "availability", "query": "slo:api_availability:ratio_rate5m",
              "unit": "ratio",
              "slo": {"objective": 0.999, "good": "above", "judge": "consecutive", "points": 4}},
             {"title": "!!!", "query": "up", "unit": "s",
              "slo": {"objective": 1, "good": "below", "judge": "last"}}]})",
        QStringLiteral("/etc/golive/war-room.json"), &error);
    QVERIFY2(dashboard, qPrintable(error));
    QCOMPARE(dashboard->title, QStringLiteral("war-room"));
    QCOMPARE(dashboard->fileName, QStringLiteral("/etc/golive/war-room.json"));
    QCOMPARE(dashboard->minStepSeconds, 15);
    QCOMPARE(dashboard->criticalSeverity, QStringLiteral("critical"));
    QCOMPARE(dashboard->panels.size(), 3);

    const PanelDefinition& first = dashboard->panels.at(0);
    QCOMPARE(first.id, QStringLiteral("prov-ledger-p95-api-read"));
    QCOMPARE(first.title, QStringLiteral("Prov-Ledger  p95 (API read)!"));
    QCOMPARE(first.query, QStringLiteral("up"));
    QVERIFY(first.service.isEmpty());
    QVERIFY(first.kind.isEmpty());
    QCOMPARE(first.slo.judge, SloSpec::Judge::LastValue);
    QCOMPARE(first.slo.consecutive, 1);
    QVERIFY(!first.slo.warning);

    const PanelDefinition& second = dashboard->panels.at(1);
    QCOMPARE(second.id, QStringLiteral("avail_1.x"));
    QCOMPARE(second.service, QStringLiteral("summit-api"));
    QCOMPARE(second.kind, QStringLiteral("availability"));
    QCOMPARE(second.slo.good, SloSpec::Good::Above);
    QCOMPARE(second.slo.judge, SloSpec::Judge::Consecutive);
    QCOMPARE(second.slo.consecutive, 4);

    // A title with no letters or digits still gets an id.
    QCOMPARE(dashboard->panels.at(2).id, QStringLiteral("panel-3"));
    QCOMPARE(dashboard->findPanel(QStringLiteral("avail_1.x")), &dashboard->panels.at(1));

    const auto custom = Dashboard::fromJson(
        QByteArray(
            R"({"title": "War room", "minStepSeconds": 60, "criticalSeverity": "page", "panels": [)") +
            kGoodPanel + "]}",
        QStringLiteral("w.json"), &error);
    QVERIFY2(custom, qPrintable(error));
    QCOMPARE(custom->title, QStringLiteral("War room"));
    QCOMPARE(custom->minStepSeconds, 60);
    QCOMPARE(custom->criticalSeverity, QStringLiteral("page"));
}

void TestDashboard::warningLevel()
{
    SloSpec slo;
    slo.objective = 0.35;
    slo.good = SloSpec::Good::Below;
    QCOMPARE(slo.warningLevel(), 0.35 * 0.8);
    slo.warning = 0.3;
    QCOMPARE(slo.warningLevel(), 0.3);

    // Above: halfway from the objective to perfect for ratios, 120% of it for larger floors.
    SloSpec above;
    above.good = SloSpec::Good::Above;
    above.objective = 0.999;
    QCOMPARE(above.warningLevel(), 0.9995);
    above.objective = 0.5;
    QCOMPARE(above.warningLevel(), 0.75);
    above.objective = 100;
    QCOMPARE(above.warningLevel(), 120.0);
    above.warning = 150;
    QCOMPARE(above.warningLevel(), 150.0);
}

void TestDashboard::bundledHealthChecks()
{
    QString error;
    const auto dashboard = Dashboard::fromFile(QStringLiteral(GOLIVE_SUMMIT_DASHBOARD), &error);
    QVERIFY2(dashboard, qPrintable(error));
    QCOMPARE(dashboard->healthIntervalSeconds, 15);
    using Kind = HealthCheckDefinition::Kind;
    struct Expected
    {
        const char* service;
        Kind kind;
        const char* target; // url, query, or a part of "how"
        bool critical;
    };
    // From summit-facts.md: the services the runbook names and how each is checked.
    const Expected expected[] = {
        {"prov-ledger", Kind::Http, "http://127.0.0.1:4010/health", true},
        {"policy-lac", Kind::Http, "http://127.0.0.1:4000/health", true},
        {"nl2cypher", Kind::PromQL, "up{job=\"nl2cypher\"} == 1", true},
        {"report-studio", Kind::Http, "http://127.0.0.1:3000/", false},
        {"postgres", Kind::Manual, "pg_isready", true},
        {"neo4j", Kind::Manual, "RETURN 1", true},
        {"redis", Kind::Manual, "PING", true},
    };
    QCOMPARE(dashboard->healthChecks.size(), std::size(expected));
    for (qsizetype i = 0; i < dashboard->healthChecks.size(); ++i) {
        const HealthCheckDefinition& check = dashboard->healthChecks.at(i);
        const Expected& e = expected[i];
        QCOMPARE(check.service, QString::fromLatin1(e.service));
        QCOMPARE(check.kind, e.kind);
        QCOMPARE(check.critical, e.critical);
        const QString target = QString::fromLatin1(e.target);
        switch (e.kind) {
        case Kind::Http:
            QCOMPARE(check.url, target);
            QVERIFY(check.query.isEmpty());
            break;
        case Kind::PromQL:
            QCOMPARE(check.query, target);
            QVERIFY(check.url.isEmpty());
            break;
        case Kind::Manual:
            QVERIFY2(check.how.contains(target), qPrintable(check.how));
            QVERIFY(check.url.isEmpty() && check.query.isEmpty());
            break;
        }
    }
    QVERIFY(dashboard->healthChecks.at(4).how.contains(QLatin1String("5432")));
    QVERIFY(dashboard->healthChecks.at(5).how.contains(QLatin1String("7687")));
    QVERIFY(dashboard->healthChecks.at(6).how.contains(QLatin1String("6379")));
}

void TestDashboard::healthRefusals_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const QByteArray& json, const char* expected) {
        QTest::newRow(name) << json << QString::fromUtf8(expected);
    };
    const QByteArray good = R"({"service": "a", "kind": "http", "url": "http://127.0.0.1:1/"})";

    row("health not array", withHealth(R"({"service": "a"})"),
        "summit.json: health must be an array, not an object");
    row("check not object", withHealth("[42]"),
        "summit.json: health check 1: must be an object, not 42");
    row("no service", withHealth(R"([{"kind": "http", "url": "http://h/"}])"),
        "summit.json: health check 1: service is missing");
    row("empty service", withHealth(R"([{"service": " ", "kind": "http"}])"),
        "summit.json: health check 1: service is empty");
    row("unknown field", withHealth(R"([{"service": "a", "kind": "http", "uri": "http://h/"}])"),
        R"(summit.json: health check 1 ("a"): unknown field "uri" (known: service, kind, url, query, how, critical))");
    row("no kind", withHealth(R"([{"service": "a"}])"),
        R"(summit.json: health check 1 ("a"): kind is missing ("http", "promql" or "manual"))");
    row("unknown kind", withHealth(R"([{"service": "a", "kind": "tcp"}])"),
        R"(summit.json: health check 1 ("a"): kind must be "http", "promql" or "manual", not "tcp")");
    row("http without url", withHealth(R"([{"service": "a", "kind": "http"}])"),
        R"(summit.json: health check 1 ("a"): url is missing)");
    row("relative url", withHealth(R"([{"service": "a", "kind": "http", "url": "/health"}])"),
        R"(summit.json: health check 1 ("a"): url must be an absolute http:// or https:// address such as "http://127.0.0.1:4010/health", not "/health")");
    row("ftp url", withHealth(R"([{"service": "a", "kind": "http", "url": "ftp://h/health"}])"),
        R"(summit.json: health check 1 ("a"): url must be an absolute http:// or https:// address such as "http://127.0.0.1:4010/health", not "ftp://h/health")");
    row("no host", withHealth(R"([{"service": "a", "kind": "http", "url": "http:health"}])"),
        R"(summit.json: health check 1 ("a"): url must be an absolute http:// or https:// address such as "http://127.0.0.1:4010/health", not "http:health")");
    row("password in url",
        withHealth(R"([{"service": "a", "kind": "http", "url": "https://ops:pw@h/health"}])"),
        R"(summit.json: health check 1 ("a"): url must not hold a user name or password)");
    row("query on http",
        withHealth(R"([{"service": "a", "kind": "http", "url": "http://h/", "query": "up"}])"),
        R"(summit.json: health check 1 ("a"): query only applies with "kind": "promql")");
    row("url on promql",
        withHealth(R"([{"service": "a", "kind": "promql", "query": "up", "url": "http://h/"}])"),
        R"(summit.json: health check 1 ("a"): url only applies with "kind": "http")");
    row("promql without query", withHealth(R"([{"service": "a", "kind": "promql"}])"),
        R"(summit.json: health check 1 ("a"): query is missing)");
    row("empty query", withHealth(R"([{"service": "a", "kind": "promql", "query": "  "}])"),
        R"(summit.json: health check 1 ("a"): query is empty)");
    row("manual without how", withHealth(R"([{"service": "postgres", "kind": "manual"}])"),
        R"(summit.json: health check 1 ("postgres"): how is missing: a manual check says how it is checked by hand, e.g. "pg_isready -h db -p 5432")");
    row("manual empty how", withHealth(R"([{"service": "postgres", "kind": "manual", "how": ""}])"),
        R"(summit.json: health check 1 ("postgres"): how is empty)");
    row("critical string",
        withHealth(R"([{"service": "a", "kind": "http", "url": "http://h/", "critical": "yes"}])"),
        R"(summit.json: health check 1 ("a"): critical must be true or false, not "yes")");
    row("duplicate service",
        withHealth("[" + good + R"(, {"service": "b", "kind": "manual", "how": "x"},)" +
                   R"( {"service": " a ", "kind": "promql", "query": "up"}])"),
        R"(summit.json: health check 3 ("a"): service "a" is already checked by health check 1)");
    row("interval zero", QByteArray(R"({"healthIntervalSeconds": 0, "panels": []})"),
        "summit.json: healthIntervalSeconds must be a whole number from 1 to 3600, not 0");
    row("interval too long", QByteArray(R"({"healthIntervalSeconds": 3601, "panels": []})"),
        "summit.json: healthIntervalSeconds must be a whole number from 1 to 3600, not 3601");
    row("interval string", QByteArray(R"({"healthIntervalSeconds": "15", "panels": []})"),
        R"(summit.json: healthIntervalSeconds must be a whole number from 1 to 3600, not "15")");
}

void TestDashboard::healthRefusals()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!Dashboard::fromJson(json, QStringLiteral("summit.json"), &error));
    QCOMPARE(error, expected);
}

void TestDashboard::healthDefaults()
{
    QString error;
    // No "health": no checks, the default interval.
    const auto none = Dashboard::fromJson(onePanel(kGoodPanel), QStringLiteral("d.json"), &error);
    QVERIFY2(none, qPrintable(error));
    QVERIFY(none->healthChecks.isEmpty());
    QCOMPARE(none->healthIntervalSeconds, 15);

    const auto dashboard = Dashboard::fromJson(
        QByteArray(R"({"healthIntervalSeconds": 60, "panels": [)") + kGoodPanel + R"(],
            "health": [
              {"service": " api ", "kind": "http", "url": " HTTPS://api.example:8443/ready "},
              {"service": "jobs", "kind": "promql", "query": " up{job=\"jobs\"} ",
               "critical": false},
              {"service": "db", "kind": "manual", "how": " pg_isready ", "critical": true},
              {"service": "ui", "kind": "http", "url": "http://ui/", "how": "open it"}]})",
        QStringLiteral("d.json"), &error);
    QVERIFY2(dashboard, qPrintable(error));
    QCOMPARE(dashboard->healthIntervalSeconds, 60);
    QCOMPARE(dashboard->healthChecks.size(), 4);
    const HealthCheckDefinition& api = dashboard->healthChecks.at(0);
    QCOMPARE(api.service, QStringLiteral("api"));
    QCOMPARE(api.kind, HealthCheckDefinition::Kind::Http);
    QCOMPARE(api.url, QStringLiteral("HTTPS://api.example:8443/ready"));
    QVERIFY(api.critical); // the default
    const HealthCheckDefinition& jobs = dashboard->healthChecks.at(1);
    QCOMPARE(jobs.kind, HealthCheckDefinition::Kind::PromQL);
    QCOMPARE(jobs.query, QStringLiteral("up{job=\"jobs\"}"));
    QVERIFY(!jobs.critical);
    const HealthCheckDefinition& db = dashboard->healthChecks.at(2);
    QCOMPARE(db.kind, HealthCheckDefinition::Kind::Manual);
    QCOMPARE(db.how, QStringLiteral("pg_isready"));
    QCOMPARE(dashboard->healthChecks.at(3).how, QStringLiteral("open it"));

    // An empty list is allowed: a dashboard without lights.
    const auto empty = Dashboard::fromJson(withHealth("[]"), QStringLiteral("d.json"), &error);
    QVERIFY2(empty, qPrintable(error));
    QVERIFY(empty->healthChecks.isEmpty());
}

QTEST_GUILESS_MAIN(TestDashboard)
#include "tst_dashboard.moc"
