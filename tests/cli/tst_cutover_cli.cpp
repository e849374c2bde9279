// The cutover on the command line, through the real golive binary in a throwaway HOME: gate, go,
// nogo, fail, rollback, rollback-step, live, observe, sign --override-order, status and
// export --timeline, with the rules' refusals (exit 1) and usage errors (exit 2).
#include "CliHarness.h"
#include "CliProcess.h"
#include "ItemCheckSupport.h"
#include "RunFile.h"
#include "SubItems.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace golive;

namespace {

using Result = golive::test::CliResult;

const QString kIc = QStringLiteral("incident-commander");
const QString kRc = QStringLiteral("release-captain");
const QString kEng = QStringLiteral("engineer");
const QString kObs = QStringLiteral("observer");

} // namespace

class TstCutoverCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QTemporaryDir m_work;

    golive::test::CliHarness m_cli;

    // Runs the golive binary in m_home: for what only the process shows (the top-level help).
    Result golive(const QStringList& args) const
    {
        return ::golive::test::runGolive(args, ::golive::test::cliEnvironment(m_home.path()));
    }

    // Runs the command in this process with buffered streams.
    Result cli(const QStringList& args) { return m_cli.run(args); }

    QString newRun(const QString& name)
    {
        const QString run = m_work.filePath(name);
        const Result r = cli({QStringLiteral("new"), QStringLiteral("--out"), run});
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return r.code == 0 ? run : QString();
    }

    // golive COMMAND [ARG] --as NAME --role ROLE [extra...] --run RUN
    Result act(const QString& run, const QString& command, const QStringList& positional,
               const QString& name, const QString& role, const QStringList& extra = {})
    {
        QStringList args{command};
        args << positional << QStringLiteral("--as") << name << QStringLiteral("--role") << role
             << extra << QStringLiteral("--run") << run;
        return cli(args);
    }

    QJsonObject cutoverJson(const QString& run)
    {
        const Result r =
            cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
        if (r.code != 0)
            qWarning().noquote() << r.describe();
        return QJsonDocument::fromJson(r.out.toUtf8())
            .object()
            .value(QStringLiteral("cutover"))
            .toObject();
    }

    // The T-60 pre-checks signed as the command line can: 4.1 by the engineer; 4.3 (requires=
    // health-green: the command line records no health checks) and 4.4 (requires=previous-
    // complete: sections 0 to 3 are not this test's) by the incident commander over them.
    void signPreChecks(const QString& run)
    {
        EXPECT_EXIT(
            act(run, QStringLiteral("sign"), {QStringLiteral("4.1")}, QStringLiteral("Eli"), kEng),
            0);
        for (const char* id : {"4.3", "4.4"})
            EXPECT_EXIT(act(run, QStringLiteral("sign"), {QLatin1String(id)},
                            QStringLiteral("Inès"), kIc,
                            {QStringLiteral("--open-checks"), QStringLiteral("--note"),
                             QStringLiteral("confirmed on the bridge")}),
                        0);
    }

    // The pre-checks signed, the Go/No-Go opened and the GO given.
    void goThroughTheGate(const QString& run)
    {
        signPreChecks(run);
        EXPECT_EXIT(act(run, QStringLiteral("gate"), {}, QStringLiteral("Rae"), kRc), 0);
        const Result go = act(run, QStringLiteral("go"), {}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(go, 0);
        EXPECT_IN(go.out, QStringLiteral("GO as Inès (incident-commander) at "), go);
        EXPECT_IN(go.out,
                  QStringLiteral("phase Cutover; next step 4.5 \"Enable Maintenance Mode\""), go);
    }

private slots:
    void initTestCase()
    {
        // Runs opened in-process record their heads in the test folder, never the user's.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_home.isValid());
        QVERIFY(m_work.isValid());
        QVERIFY2(QFile::exists(QStringLiteral(GOLIVE_BINARY)), GOLIVE_BINARY);
    }

    void rolesAndOrderAreRefused()
    {
        const QString run = newRun(QStringLiteral("refusals.golive"));
        QVERIFY(!run.isEmpty());

        Result r =
            act(run, QStringLiteral("sign"), {QStringLiteral("4.5")}, QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("4.5 \"Enable Maintenance Mode\" is a cutover step: steps are "
                                 "signed only after the incident commander's GO"),
                  r);
        EXPECT_IN(r.err, QStringLiteral("nothing was recorded"), r);

        r = act(run, QStringLiteral("gate"), {}, QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("needs the incident-commander or release-captain role; you "
                                 "are engineer"),
                  r);
        EXPECT_EXIT(act(run, QStringLiteral("gate"), {}, QStringLiteral("Rae"), kRc), 0);

        // The IC's own pre-check is recorded by the GO: no role hint no role could satisfy.
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.2")}, QStringLiteral("Rae"), kRc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is recorded by the GO decision, not signed directly"), r);
        r = act(run, QStringLiteral("go"), {}, QStringLiteral("Rae"), kRc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("the GO decision needs the incident-commander role"), r);

        // A GO over open pre-checks: refused without a reason, listing them; recorded with one.
        r = act(run, QStringLiteral("go"), {}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("pre-checks are open: 4.1 \"All key personnel"), r);
        EXPECT_IN(r.err, QStringLiteral("hint: sign them first, or give --reason TEXT"), r);
        r = act(run, QStringLiteral("go"), {}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--reason"), QStringLiteral("personnel confirmed by phone")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("over open pre-checks 4.1, 4.3, 4.4; phase Cutover"), r);
        const QJsonObject cut = cutoverJson(run);
        QCOMPARE(cut.value(QStringLiteral("phase")).toString(), QStringLiteral("cutover"));
        QCOMPARE(cut.value(QStringLiteral("decision"))
                     .toObject()
                     .value(QStringLiteral("reason"))
                     .toString(),
                 QStringLiteral("GO over open pre-checks 4.1, 4.3, 4.4: personnel confirmed by "
                                "phone"));

        // Out of order: refused naming the step before; the engineer cannot override.
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.6")}, QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("4.6 \"Deploy Database Migrations\" comes after 4.5 \"Enable "
                                 "Maintenance Mode\", which is open"),
                  r);
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.6")}, QStringLiteral("Eli"), kEng,
                {QStringLiteral("--override-order"), QStringLiteral("UI already down")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(
            r.err,
            QStringLiteral("overriding the cutover order at 4.6 \"Deploy Database "
                           "Migrations\" needs the incident-commander role; you are engineer"),
            r);
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.6")}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--override-order"), QStringLiteral("UI already down"),
                 QStringLiteral("--note"), QStringLiteral("x")});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("not both"), r);
        // 4.6's sub-items are open: the override says so too.
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.6")}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--override-order"), QStringLiteral("UI already down")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("has 2 sub-items open: 4.6.1, 4.6.2"), r);
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.6")}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--override-order"), QStringLiteral("UI already down"),
                 QStringLiteral("--open-sub-items")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out,
                  QStringLiteral("signed 4.6 \"Deploy Database Migrations\" out of order "
                                 "(override) as Inès (incident-commander)"),
                  r);

        // Usage errors: 2, nothing written.
        r = act(run, QStringLiteral("nogo"), {}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("give --reason REASON"), r);
        r = act(run, QStringLiteral("rollback-step"), {QStringLiteral("first")},
                QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 2);
        r = act(run, QStringLiteral("fail"), {QStringLiteral("4.7")}, QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 2);
        r = act(run, QStringLiteral("fail"), {QStringLiteral("1.1")}, QStringLiteral("Eli"), kEng,
                {QStringLiteral("--reason"), QStringLiteral("x")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("hint: the cutover steps are 4.5, 4.6"), r);
        r = act(run, QStringLiteral("observe"), {QStringLiteral("rumour")}, QStringLiteral("Oda"),
                kObs, {QStringLiteral("--text"), QStringLiteral("x")});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("categories are alert-firing"), r);
        // Live is the IC's, and not yet.
        r = act(run, QStringLiteral("live"), {}, QStringLiteral("Rae"), kRc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("declaring the go-live Live needs the incident-commander "
                                 "role; you are release-captain"),
                  r);
        // The refusals wrote nothing: the ledger holds only the accepted events.
        const Result verify = cli({QStringLiteral("verify"), QStringLiteral("--run"), run});
        EXPECT_EXIT(verify, 0);
        EXPECT_IN(verify.out, QStringLiteral("3 events"), verify);
    }

    // 4.4 "All previous steps in this runbook are complete" (requires=previous-complete) on a
    // fresh run: refused, listing the open items; the incident commander signs over them with
    // --open-checks and a reason, and the ledger keeps every open item's id.
    void signingOverOpenChecks()
    {
        const QString run = newRun(QStringLiteral("checks.golive"));
        QVERIFY(!run.isEmpty());
        Result r =
            act(run, QStringLiteral("sign"), {QStringLiteral("4.4")}, QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("4.4 \"All previous steps in this runbook are complete.\" "
                                 "requires every earlier item done; open: 0.1, 0.2, 1.1, 1.2, "
                                 "1.2.1, 1.2.1.1, 1.2.1.2, 1.2.2, 1.2.2.1, 1.2.2.2 (and "),
                  r);
        EXPECT_IN(r.err, QStringLiteral("nothing was recorded"), r);
        EXPECT_IN(r.err,
                  QStringLiteral("hint: the incident-commander may sign 4.4 over its open checks "
                                 "with --open-checks --note REASON"),
                  r);
        // 4.3 (requires=health-green): the sign-off's snapshot probes the run's health checks,
        // and here none of Summit's services answers.
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.3")}, QStringLiteral("Eli"), kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("4.3 \"Production health checks are all green.\" requires the "
                                 "health checks green, and "),
                  r);

        // The override: a reason is required, and only the incident commander may.
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.4")}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--open-checks")});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("--open-checks needs the reason"), r);
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.4")}, QStringLiteral("Eli"), kEng,
                {QStringLiteral("--open-checks"), QStringLiteral("--note"),
                 QStringLiteral("done on paper")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("needs the incident-commander role; you are engineer"), r);
        r = act(run, QStringLiteral("sign"), {QStringLiteral("4.4")}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--open-checks"), QStringLiteral("--note"),
                 QStringLiteral("done on paper")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out,
                  QStringLiteral("signed 4.4 \"All previous steps in this runbook are "
                                 "complete.\" as Inès (incident-commander)"),
                  r);

        // The ledger's text names every item that was open, then the reason.
        const Result st =
            cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
        EXPECT_EXIT(st, 0);
        QStringList earlier;
        QString note;
        for (const QJsonValue v : QJsonDocument::fromJson(st.out.toUtf8())
                                      .object()
                                      .value(QStringLiteral("items"))
                                      .toArray()) {
            const QJsonObject o = v.toObject();
            const QString id = o.value(QStringLiteral("id")).toString();
            if (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                            QStringLiteral("3")}
                    .contains(id.section(u'.', 0, 0)))
                earlier << id;
            if (id == QLatin1String("4.4"))
                note = o.value(QStringLiteral("note")).toString();
            if (id == QLatin1String("4.3") || id == QLatin1String("4.4"))
                QCOMPARE(o.value(QStringLiteral("requiredChecks")).toArray(),
                         QJsonArray{id == QLatin1String("4.3")
                                        ? QStringLiteral("health-green")
                                        : QStringLiteral("previous-complete")});
        }
        QVERIFY(earlier.size() > 20);
        QCOMPARE(note, QStringLiteral("Signed over open checks: previous-complete (open: %1): "
                                      "done on paper")
                           .arg(earlier.join(QStringLiteral(", "))));

        // lint --json lists the checks of the bundled runbook's items.
        const Result lint = cli({QStringLiteral("lint"), QStringLiteral(GOLIVE_SEED_RUNBOOK),
                                 QStringLiteral("--json")});
        EXPECT_EXIT(lint, 0);
        QHash<QString, QJsonArray> checksById;
        const std::function<void(const QJsonValue&)> find = [&](const QJsonValue& v) {
            if (v.isArray()) {
                for (const QJsonValue e : v.toArray())
                    find(e);
            } else if (v.isObject()) {
                const QJsonObject o = v.toObject();
                if (o.contains(QStringLiteral("requiredChecks")))
                    checksById.insert(o.value(QStringLiteral("id")).toString(),
                                      o.value(QStringLiteral("requiredChecks")).toArray());
                for (const QJsonValue e : o)
                    find(e);
            }
        };
        find(QJsonDocument::fromJson(lint.out.toUtf8()).object());
        QCOMPARE(checksById.value(QStringLiteral("4.3")),
                 QJsonArray{QStringLiteral("health-green")});
        QCOMPARE(checksById.value(QStringLiteral("4.4")),
                 QJsonArray{QStringLiteral("previous-complete")});
        QCOMPARE(checksById.value(QStringLiteral("4.1")), QJsonArray());
        QVERIFY(checksById.contains(QStringLiteral("4.1")));
    }

    void earlyGoNeedsAReasonOnTheCommandLineToo()
    {
        const QString run = newRun(QStringLiteral("early.golive"));
        QVERIFY(!run.isEmpty());
        // The planned start two hours from now: a GO now is early.
        const QString start = QDateTime::currentDateTimeUtc().addSecs(2 * 3600).toString(
            QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        EXPECT_EXIT(cli({QStringLiteral("fill"), QStringLiteral("start"), start,
                         QStringLiteral("--as"), QStringLiteral("Rae"), QStringLiteral("--role"),
                         kRc, QStringLiteral("--run"), run}),
                    0);
        signPreChecks(run);
        EXPECT_EXIT(act(run, QStringLiteral("gate"), {}, QStringLiteral("Rae"), kRc), 0);
        Result r = act(run, QStringLiteral("go"), {}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("this GO is 1 hour "), r); // 59 minutes, or 58
        EXPECT_IN(r.err, QStringLiteral("minutes before the planned start ("), r);
        EXPECT_IN(r.err, QStringLiteral("give --reason TEXT to go before the planned start"), r);
        QCOMPARE(cutoverJson(run).value(QStringLiteral("phase")).toString(),
                 QStringLiteral("go-no-go"));

        r = act(run, QStringLiteral("go"), {}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--reason"), QStringLiteral("bridge ready early")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("minutes before the planned start ("), r);
        const QJsonObject decision = cutoverJson(run).value(QStringLiteral("decision")).toObject();
        const QString reason = decision.value(QStringLiteral("reason")).toString();
        QVERIFY2(reason.startsWith(QStringLiteral("GO 1 hour ")) &&
                     reason.contains(QStringLiteral(" minutes before the planned start (")) &&
                     reason.endsWith(QStringLiteral(" UTC): bridge ready early")),
                 qPrintable(reason));
    }

    void walkToFinalMonitoring()
    {
        const QString run = newRun(QStringLiteral("walk.golive"));
        QVERIFY(!run.isEmpty());
        const QString start = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(
            QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        EXPECT_EXIT(cli({QStringLiteral("fill"), QStringLiteral("start"), start,
                         QStringLiteral("--as"), QStringLiteral("Rae"), QStringLiteral("--role"),
                         kRc, QStringLiteral("--run"), run}),
                    0);
        goThroughTheGate(run);
        // Steps with open sub-items are signed over them, with the reason.
        for (const char* id : {"4.5", "4.6", "4.7", "4.8", "4.9"})
            EXPECT_EXIT(act(run, QStringLiteral("sign"), {QLatin1String(id)}, QStringLiteral("Eli"),
                            kEng,
                            {QStringLiteral("--open-sub-items"), QStringLiteral("--note"),
                             QStringLiteral("sub-items checked on the call")}),
                        0);
        QCOMPARE(cutoverJson(run).value(QStringLiteral("phase")).toString(),
                 QStringLiteral("cutover"));
        Result r =
            act(run, QStringLiteral("sign"), {QStringLiteral("4.11")}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("is signed by declaring the go-live Live"), r);
        EXPECT_EXIT(
            act(run, QStringLiteral("sign"), {QStringLiteral("4.10")}, QStringLiteral("Eli"), kEng),
            0);

        const QJsonObject cut = cutoverJson(run);
        QCOMPARE(cut.value(QStringLiteral("phase")).toString(), QStringLiteral("final-monitoring"));
        QCOMPARE(cut.value(QStringLiteral("nextStep")).toString(), QStringLiteral("4.11"));
        const QJsonObject fm = cut.value(QStringLiteral("finalMonitoring")).toObject();
        QVERIFY(fm.value(QStringLiteral("secondsLeft")).toDouble() > 800);
        QVERIFY(cut.value(QStringLiteral("secondsFromStart")).toDouble() >= 3600);

        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("\nCutover\n  phase "), r);
        EXPECT_IN(r.out.simplified(), QStringLiteral("phase Final monitoring since "), r);
        EXPECT_IN(r.out, QStringLiteral("(now T+01:0"), r);
        // Hours, minutes and seconds, as in the window; the GO against the planned start.
        const QRegularExpression tPlus(QStringLiteral(R"(\(now T\+01:0\d:\d\d\))"));
        QVERIFY2(tPlus.match(r.out).hasMatch(), r.describe().constData());
        const QRegularExpression sinceGo(
            QStringLiteral(R"(elapsed +GO \+00:0\d:\d\d \x{00b7} (1 h 00 min|59 min) late)"));
        QVERIFY2(sinceGo.match(r.out).hasMatch(), r.describe().constData());
        EXPECT_IN(r.out, QStringLiteral("min left before the go-live can be declared Live"), r);

        r = act(run, QStringLiteral("live"), {}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("final monitoring started at "), r);
        EXPECT_IN(r.err, QStringLiteral("to go"), r);
    }

    // Live needs 15 minutes of final monitoring: the walk is written 30 minutes in the past
    // (event times are the ledger's own seam), and the command line declares Live now.
    void liveAfterFinalMonitoring()
    {
        const QString path = newRun(QStringLiteral("live.golive"));
        QVERIFY(!path.isEmpty());
        {
            QString error;
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            QDateTime t = QDateTime::currentDateTimeUtc().addSecs(-30 * 60);
            const auto append = [&](SignOffEvent e) {
                e.timeUtc = t;
                t = t.addSecs(10);
                QString why;
                const bool ok = run->append(e, &why);
                if (!ok)
                    qWarning().noquote() << why;
                return ok;
            };
            const Actor ic = Actor::local(QStringLiteral("Inès"), Role::IncidentCommander);
            const Actor eng = Actor::local(QStringLiteral("Eli"), Role::Engineer);
            SignOffEvent personnel;
            personnel.itemId = QStringLiteral("4.1");
            personnel.actor = eng;
            QVERIFY(append(personnel));
            // 4.3 and 4.4 over their open checks, as signPreChecks() signs them.
            for (const char* id : {"4.3", "4.4"})
                QVERIFY(append(test::signedOverOpenChecks(run->state(), QLatin1String(id), ic)));
            QVERIFY(append(makeGateEvent(ic)));
            QVERIFY(append(makeDecisionEvent(run->state().plan(), true, {}, {}, ic)));
            for (const QString& step : run->state().plan().stepIds) {
                if (step == run->state().plan().finalMonitoringStepId)
                    break;
                SignOffEvent e;
                e.itemId = step;
                e.actor = eng;
                const RunbookItem* item = run->runbook().findItem(step);
                QVERIFY(item);
                e.text = composeOverOpenSubItems(QStringLiteral("sub-items checked on the call"),
                                                 openSubItems(run->state(), *item));
                QVERIFY(append(e));
            }
            QCOMPARE(run->state().cutover().phase(), Phase::FinalMonitoring);
        }
        Result r = act(path, QStringLiteral("live"), {}, QStringLiteral("Inès"), kIc,
                       {QStringLiteral("--note"), QStringLiteral("SLOs steady for 15 minutes")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("declared the go-live Live as Inès (incident-commander)"),
                  r);
        EXPECT_IN(r.out, QStringLiteral("(signs 4.11 \"Final Monitoring\")"), r);
        const QJsonObject cut = cutoverJson(path);
        QCOMPARE(cut.value(QStringLiteral("phase")).toString(), QStringLiteral("live"));
        r = cli(
            {QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), path});
        const QJsonArray items = QJsonDocument::fromJson(r.out.toUtf8())
                                     .object()
                                     .value(QStringLiteral("items"))
                                     .toArray();
        bool found = false;
        for (const QJsonValue& v : items) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("id")).toString() == QStringLiteral("4.11")) {
                found = true;
                QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("signed"));
            }
        }
        QVERIFY(found);
        r = act(path, QStringLiteral("live"), {}, QStringLiteral("Inès"), kIc);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("already Live"), r);
    }

    void rollbackWalkAndTimeline()
    {
        const QString run = newRun(QStringLiteral("rollback.golive"));
        QVERIFY(!run.isEmpty());
        goThroughTheGate(run);
        EXPECT_EXIT(
            act(run, QStringLiteral("sign"), {QStringLiteral("4.5")}, QStringLiteral("Eli"), kEng),
            0);
        // A step that has not started cannot fail: refused in the rules' words, naming the
        // current step.
        Result r = act(run, QStringLiteral("fail"), {QStringLiteral("4.8")}, QStringLiteral("Eli"),
                       kEng, {QStringLiteral("--reason"), QStringLiteral("wrong row")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("4.8 \"Deploy AI & Application Services\" has not started: the "
                                 "current step is 4.6 \"Deploy Database Migrations\""),
                  r);
        EXPECT_IN(r.err, QStringLiteral("nothing was recorded"), r);
        QVERIFY(cutoverJson(run).value(QStringLiteral("failures")).toArray().isEmpty());
        r = act(run, QStringLiteral("fail"), {QStringLiteral("4.6")}, QStringLiteral("Eli"), kEng,
                {QStringLiteral("--reason"), QStringLiteral("neo4j migration | timed out")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("recorded 4.6 \"Deploy Database Migrations\" as failed"),
                  r);
        EXPECT_IN(r.out, QStringLiteral("(15 minutes), or the incident commander rolls back"), r);
        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out.simplified(), QStringLiteral("failed 4.6 \"Deploy Database Migrations\""),
                  r);
        // The window's words: the badge, and the timer with its deadline.
        EXPECT_IN(r.out.simplified(), QStringLiteral("phase Cutover \u00b7 STEP FAILED since "), r);
        const QRegularExpression timer(QStringLiteral(
            R"(: neo4j migration \| timed out; 1[45]:\d\d left \x{00b7} resolve by \d\d:\d\d )"
            R"(UTC, then golive proposes the rollback)"));
        QVERIFY2(timer.match(r.out).hasMatch(), r.describe().constData());
        QJsonObject cut = cutoverJson(run);
        const QJsonObject failure =
            cut.value(QStringLiteral("failures")).toArray().at(0).toObject();
        QCOMPARE(failure.value(QStringLiteral("step")).toString(), QStringLiteral("4.6"));
        QVERIFY(failure.value(QStringLiteral("secondsLeft")).toDouble() > 800);
        QCOMPARE(failure.value(QStringLiteral("expired")).toBool(true), false);
        QCOMPARE(cut.value(QStringLiteral("proposeRollback")).toBool(true), false);

        EXPECT_EXIT(act(run, QStringLiteral("observe"), {QStringLiteral("slo-breach")},
                        QStringLiteral("Oda"), kObs,
                        {QStringLiteral("--text"), QStringLiteral("prov-ledger p95 420 ms")}),
                    0);
        r = act(run, QStringLiteral("rollback"), {}, QStringLiteral("Eli"), kEng,
                {QStringLiteral("--reason"), QStringLiteral("x")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("starting a rollback needs the incident-commander role; you "
                                 "are engineer"),
                  r);
        EXPECT_EXIT(act(run, QStringLiteral("rollback"), {}, QStringLiteral("Inès"), kIc), 2);
        r = act(run, QStringLiteral("rollback"), {}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--reason"), QStringLiteral("4.6 cannot be fixed in time")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out,
                  QStringLiteral("the rollback plan has 5 steps; next: 1 \"Re-enable "
                                 "maintenance mode.\""),
                  r);
        r = act(run, QStringLiteral("rollback-step"), {QStringLiteral("2")}, QStringLiteral("Eli"),
                kEng);
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err,
                  QStringLiteral("comes after step 1 \"Re-enable maintenance mode.\", which "
                                 "is not done"),
                  r);
        for (int n = 1; n <= 5; ++n) {
            r = act(run, QStringLiteral("rollback-step"), {QString::number(n)},
                    QStringLiteral("Eli"), kEng,
                    n == 3 ? QStringList{QStringLiteral("--note"), QStringLiteral("0042 reverted")}
                           : QStringList{});
            EXPECT_EXIT(r, 0);
            EXPECT_IN(r.out, QStringLiteral("rollback step %1 \"").arg(n), r);
        }
        EXPECT_IN(r.out, QStringLiteral("every step is done: the run is Rolled back"), r);
        cut = cutoverJson(run);
        QCOMPARE(cut.value(QStringLiteral("phase")).toString(), QStringLiteral("rolled-back"));
        const QJsonObject rollback = cut.value(QStringLiteral("rollback")).toObject();
        QCOMPARE(rollback.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("4.6 cannot be fixed in time"));
        QCOMPARE(rollback.value(QStringLiteral("steps")).toArray().size(), 5);
        QCOMPARE(rollback.value(QStringLiteral("steps"))
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("note"))
                     .toString(),
                 QStringLiteral("0042 reverted"));
        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out.simplified(), QStringLiteral("phase Rolled back since "), r);
        EXPECT_IN(r.out, QStringLiteral("5 of 5 steps done"), r);

        // The timeline, for the postmortem.
        const QString out = m_work.filePath(QStringLiteral("timeline.md"));
        r = cli({QStringLiteral("export"), QStringLiteral("--timeline"), out,
                 QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("wrote the timeline of "), r);
        EXPECT_IN(r.out, QStringLiteral("14 events"), r);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString md = QString::fromUtf8(file.readAll());
        for (const QString& needle :
             {QStringLiteral("# Timeline: Summit Platform: Go-Live Runbook\n"),
              QStringLiteral("- Phase: Rolled back since "),
              QStringLiteral("| Time (UTC) | T-/T+ | # | Category | Who | What |"),
              QStringLiteral("| decision | Inès (incident-commander) | GO |"),
              QStringLiteral("| phase | golive | Phase: Cutover (after the GO) |"),
              QStringLiteral("failed: neo4j migration \\| timed out"),
              QStringLiteral("| slo-breach | Oda (observer) | Observed SLO breach: prov-ledger "
                             "p95 420 ms |"),
              QStringLiteral("| phase | golive | Phase: Rolled back (every step of the rollback "
                             "plan is done) |")}) {
            QVERIFY2(md.contains(needle),
                     qPrintable(QStringLiteral("no %1 in:\n%2").arg(needle, md)));
        }
        const QJsonObject status =
            QJsonDocument::fromJson(cli({QStringLiteral("status"), QStringLiteral("--json"),
                                         QStringLiteral("--run"), run})
                                        .out.toUtf8())
                .object();
        EXPECT_IN(
            md, QStringLiteral("- Run: `%1`").arg(status.value(QStringLiteral("runId")).toString()),
            r);
        EXPECT_IN(md,
                  QStringLiteral("- Ledger head: `%1` after 14 events")
                      .arg(status.value(QStringLiteral("verification"))
                               .toObject()
                               .value(QStringLiteral("head"))
                               .toString()),
                  r);

        r = cli({QStringLiteral("export"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 2);
        EXPECT_IN(r.err, QStringLiteral("--timeline OUT.md"), r);
    }

    void noGoOnTheCommandLine()
    {
        const QString run = newRun(QStringLiteral("nogo.golive"));
        QVERIFY(!run.isEmpty());
        Result r = act(run, QStringLiteral("nogo"), {}, QStringLiteral("Inès"), kIc,
                       {QStringLiteral("--reason"), QStringLiteral("x")});
        EXPECT_EXIT(r, 1);
        EXPECT_IN(r.err, QStringLiteral("open the Go/No-Go first"), r);
        EXPECT_EXIT(act(run, QStringLiteral("gate"), {}, QStringLiteral("Inès"), kIc), 0);
        r = act(run, QStringLiteral("nogo"), {}, QStringLiteral("Inès"), kIc,
                {QStringLiteral("--reason"), QStringLiteral("policy-lac health checks red")});
        EXPECT_EXIT(r, 0);
        EXPECT_IN(r.out, QStringLiteral("NO-GO as Inès (incident-commander) at "), r);
        const QJsonObject cut = cutoverJson(run);
        QCOMPARE(cut.value(QStringLiteral("phase")).toString(), QStringLiteral("go-no-go"));
        QCOMPARE(cut.value(QStringLiteral("decision"))
                     .toObject()
                     .value(QStringLiteral("go"))
                     .toBool(true),
                 false);
        r = cli({QStringLiteral("status"), QStringLiteral("--run"), run});
        EXPECT_IN(r.out.simplified(), QStringLiteral("decision NO-GO by Inès (incident-commander)"),
                  r);
        EXPECT_IN(r.out.simplified(), QStringLiteral("pre-checks open: 4.1, 4.3, 4.4"), r);
    }

    // status --json names the groups an item sits in, outermost first (RunbookTree::groupPath).
    void statusJsonNamesEachItemsGroupPath()
    {
        const QString run = newRun(QStringLiteral("groups.golive"));
        QVERIFY(!run.isEmpty());
        const Result r =
            cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
        EXPECT_EXIT(r, 0);
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue v : QJsonDocument::fromJson(r.out.toUtf8())
                                      .object()
                                      .value(QStringLiteral("items"))
                                      .toArray())
            byId.insert(v.toObject().value(QStringLiteral("id")).toString(), v.toObject());
        QCOMPARE(byId.value(QStringLiteral("4.5")).value(QStringLiteral("group")).toString(),
                 QStringLiteral("Cutover Sequence (T-0)"));
        QCOMPARE(byId.value(QStringLiteral("4.5")).value(QStringLiteral("groupPath")).toArray(),
                 QJsonArray{QStringLiteral("Cutover Sequence (T-0)")});
        QVERIFY(byId.value(QStringLiteral("0.1")).value(QStringLiteral("groupPath")).isArray());
        QVERIFY(byId.value(QStringLiteral("0.1"))
                    .value(QStringLiteral("groupPath"))
                    .toArray()
                    .isEmpty());
    }

    // An event's snapshot of what golive could see, in status --json and export --json: the
    // object it holds, or its text when that is not JSON; no "snapshot" on an event without one.
    void statusAndExportJsonCarryEachSnapshot()
    {
        const QString run = newRun(QStringLiteral("snapshot-json.golive"));
        QVERIFY(!run.isEmpty());
        const QString object =
            QStringLiteral("{\"demo\":true,\"panels\":[{\"id\":\"p95\",\"value\":452.5}]}");
        const QString text = QStringLiteral("not JSON {\"");
        {
            QString error;
            auto file = RunFile::open(run, RunLedger::Access::ReadWrite, &error);
            QVERIFY2(file, qPrintable(error));
            const QString item = file->runbook().allItems().at(0)->id;
            for (const QString& snapshot : {object, text, QString()}) {
                SignOffEvent e;
                e.kind = EventKind::NoteAdded;
                e.itemId = item;
                e.text = QStringLiteral("seen");
                e.actor = Actor::local(QStringLiteral("Ana"), Role::Engineer);
                e.snapshot = snapshot;
                QVERIFY2(file->append(e, &error), qPrintable(error));
            }
        }
        const QJsonObject expected = QJsonDocument::fromJson(object.toUtf8()).object();
        QVERIFY(!expected.isEmpty());
        const auto check = [&](const QJsonArray& events) {
            QCOMPARE(events.size(), 3);
            QCOMPARE(events.at(0).toObject().value(QStringLiteral("snapshot")).toObject(),
                     expected);
            QCOMPARE(events.at(1).toObject().value(QStringLiteral("snapshot")).toString(), text);
            QVERIFY(!events.at(2).toObject().contains(QStringLiteral("snapshot")));
        };
        const Result status =
            cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--run"), run});
        EXPECT_EXIT(status, 0);
        check(QJsonDocument::fromJson(status.out.toUtf8())
                  .object()
                  .value(QStringLiteral("events"))
                  .toArray());
        if (QTest::currentTestFailed())
            return;
        const QString out = m_work.filePath(QStringLiteral("snapshot-export.json"));
        const Result exported = cli({QStringLiteral("export"), QStringLiteral("--json"), out,
                                     QStringLiteral("--run"), run});
        EXPECT_EXIT(exported, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        check(QJsonDocument::fromJson(f.readAll())
                  .object()
                  .value(QStringLiteral("events"))
                  .toArray());
    }

    void helpListsTheCutoverCommands()
    {
        const Result r = golive({QStringLiteral("--help")});
        EXPECT_EXIT(r, 0);
        for (const char* command : {"gate", "go", "nogo", "fail", "rollback", "rollback-step",
                                    "live", "observe", "export"})
            EXPECT_IN(r.out, QStringLiteral("\n  %1 ").arg(QLatin1String(command)), r);
        const Result sign = cli({QStringLiteral("sign"), QStringLiteral("--help")});
        EXPECT_IN(sign.out, QStringLiteral("--override-order <REASON>"), sign);
        for (const char* command : {"gate", "go", "nogo", "rollback", "live"}) {
            const Result h = cli({QLatin1String(command), QStringLiteral("--help")});
            EXPECT_EXIT(h, 0);
            EXPECT_IN(h.out,
                      QStringLiteral("Usage: golive %1 --as NAME --role ROLE")
                          .arg(QLatin1String(command)),
                      h);
        }
        const Result fail = cli({QStringLiteral("fail"), QStringLiteral("--help")});
        EXPECT_IN(fail.out,
                  QStringLiteral("Usage: golive fail STEP --as NAME --role ROLE --reason "
                                 "REASON"),
                  fail);
        const Result exp = cli({QStringLiteral("export"), QStringLiteral("--help")});
        EXPECT_IN(exp.out, QStringLiteral("--timeline <OUT.md>"), exp);
    }
};

QTEST_GUILESS_MAIN(TstCutoverCli)
#include "tst_cutover_cli.moc"
