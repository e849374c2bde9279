// How golive words values, durations, JSON times and item labels (models/policy/Wording.h):
// the forms `golive check` and `golive status` print.
#include "RunbookParser.h"
#include "Wording.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace golive;

class TstWording : public QObject
{
    Q_OBJECT

private slots:
    void sloValues_data();
    void sloValues();
    void objectives();
    void durations();
    void minutes();
    void jsonTimes();
    void itemLabels();
};

void TstWording::sloValues_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("text");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("no data") << std::nan("") << QStringLiteral("s") << QStringLiteral("no data");
    QTest::newRow("+inf") << inf << QStringLiteral("ratio") << QStringLiteral("\u221e");
    QTest::newRow("-inf") << -inf << QStringLiteral("ms") << QStringLiteral("-\u221e");
    QTest::newRow("seconds below one: ms")
        << 0.35 << QStringLiteral("s") << QStringLiteral("350 ms");
    QTest::newRow("seconds") << 1.25 << QStringLiteral("s") << QStringLiteral("1.25 s");
    QTest::newRow("ms") << 120.0 << QStringLiteral("ms") << QStringLiteral("120 ms");
    QTest::newRow("ratio near 100%")
        << 0.9995 << QStringLiteral("ratio") << QStringLiteral("99.95%");
    QTest::newRow("small ratio") << 0.005 << QStringLiteral("ratio") << QStringLiteral("0.5%");
    QTest::newRow("percent near 100") << 99.95 << QStringLiteral("%") << QStringLiteral("99.95%");
    QTest::newRow("unit-less") << 12.5 << QString() << QStringLiteral("12.5");
    QTest::newRow("other unit") << 3.0 << QStringLiteral("req/s") << QStringLiteral("3 req/s");
}

void TstWording::sloValues()
{
    QFETCH(double, value);
    QFETCH(QString, unit);
    QTEST(formatSloValue(value, unit), "text");
}

void TstWording::objectives()
{
    SloSpec slo;
    slo.objective = 0.35;
    slo.good = SloSpec::Good::Below;
    QCOMPARE(formatSloObjective(slo, QStringLiteral("s")), QStringLiteral("< 350 ms"));
    slo.objective = 0.999;
    slo.good = SloSpec::Good::Above;
    QCOMPARE(formatSloObjective(slo, QStringLiteral("ratio")), QStringLiteral("> 99.9%"));
}

void TstWording::durations()
{
    QCOMPARE(parseDuration(QStringLiteral("15m")), 900);
    QCOMPARE(parseDuration(QStringLiteral("1h30m")), 5400);
    QCOMPARE(parseDuration(QStringLiteral(" 90 ")), 90);
    QCOMPARE(parseDuration(QStringLiteral("1w")), 7 * 86400);
    QCOMPARE(parseDuration(QStringLiteral("0")), 0);
    QCOMPARE(parseDuration(QStringLiteral("15x")), 0);
    QCOMPARE(parseDuration(QStringLiteral("32d")), kMaxDurationSeconds + 1);
    QCOMPARE(describeSeconds(7200), QStringLiteral("2h"));
    QCOMPARE(describeSeconds(900), QStringLiteral("15m"));
    QCOMPARE(describeSeconds(90), QStringLiteral("90s"));
}

void TstWording::minutes()
{
    QCOMPARE(minutesText(1), QStringLiteral("1 min"));
    QCOMPARE(minutesText(60), QStringLiteral("1 min"));
    QCOMPARE(minutesText(61), QStringLiteral("2 min"));
    QCOMPARE(minutesText(-5), QStringLiteral("0 min"));
}

void TstWording::jsonTimes()
{
    const QDateTime t(QDate(2026, 5, 1), QTime(6, 0, 1, 250), Qt::UTC);
    QCOMPARE(jsonTime(t), QStringLiteral("2026-05-01T06:00:01.250Z"));
    QCOMPARE(jsonTimeOrNull(t).toString(), QStringLiteral("2026-05-01T06:00:01.250Z"));
    QVERIFY(jsonTimeOrNull(QDateTime()).isNull());
    QCOMPARE(jsonTime(QDateTime()), QString());
}

void TstWording::itemLabels()
{
    const RunbookParseResult parsed = RunbookParser::parseFile(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QVERIFY(parsed.ok());
    const Runbook& rb = parsed.runbook;
    const RunState state(&rb);
    const QString id = QStringLiteral("4.6");
    const RunbookItem* item = rb.findItem(id);
    QVERIFY(item);
    const QString title = itemTitle(rb, state, *item);
    QCOMPARE(title, QStringLiteral("Deploy Database Migrations"));
    QCOMPARE(itemLabel(rb, state, id, LabelStyle::Terminal),
             QStringLiteral("4.6 \"Deploy Database Migrations\""));
    QCOMPARE(itemLabel(rb, state, id, LabelStyle::Window),
             QStringLiteral("4.6 \u201cDeploy Database Migrations\u201d"));
    QCOMPARE(itemLabel(rb, state, id, LabelStyle::Wall),
             QStringLiteral("4.6  Deploy Database Migrations"));
    QCOMPARE(itemLabel(rb, state, QStringLiteral("9.99"), LabelStyle::Terminal),
             QStringLiteral("9.99"));
    QCOMPARE(rollbackStepLabel(rb, state, 0, LabelStyle::Terminal), QStringLiteral("0"));
    if (!state.plan().rollbackSteps.isEmpty()) {
        QVERIFY(rollbackStepLabel(rb, state, 1, LabelStyle::Terminal)
                    .startsWith(QStringLiteral("1 \"")));
    }
}

QTEST_GUILESS_MAIN(TstWording)
#include "tst_wording.moc"
