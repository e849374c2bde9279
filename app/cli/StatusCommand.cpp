// status: a run's fields, progress, cutover, items and ledger (see StatusCommand.h).
#include "StatusCommand.h"

#include "CliText.h"
#include "Cutover.h"
#include "RunbookJson.h"
#include "SafeText.h"
#include "Wording.h"
#include "decision/DecisionSnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <functional>
#include <utility>

namespace golive::cli {

namespace {

QString itemLabel(const RunLedger& run, const QString& id)
{
    return golive::itemLabel(run.runbook(), run.state(), id, LabelStyle::Terminal);
}

QString rollbackStepLabel(const RunLedger& run, int number)
{
    return golive::rollbackStepLabel(run.runbook(), run.state(), number, LabelStyle::Terminal);
}

QString itemTitle(const RunLedger& run, const RunbookItem& item)
{
    return golive::itemTitle(run.runbook(), run.state(), item);
}

// The one-line summary of the snapshot event `seq` recorded (what golive could see when the
// decision was taken), as a row under the decision; none when the event carries no snapshot.
void addSnapshotRow(QList<QStringList>& rows, const RunLedger& run, qint64 seq)
{
    const QList<SignOffEvent>& events = run.events();
    const auto it = std::find_if(events.cbegin(), events.cend(),
                                 [seq](const SignOffEvent& e) { return e.seq == seq; });
    if (seq <= 0 || it == events.cend() || it->snapshot.isEmpty())
        return;
    QString error;
    const std::optional<DecisionSnapshot> snapshot =
        DecisionSnapshot::fromJson(it->snapshot, &error);
    // Kept to one line: the timeline and the export carry the whole snapshot.
    rows.append({QStringLiteral("  snapshot"),
                 snapshot ? cappedMessage(snapshot->summary(), 240)
                          : QStringLiteral("unreadable: ") + cappedMessage(error, 120)});
}

// The cutover block of `golive status`: phase, window start, decision, steps, failures with
// the time left before golive proposes the rollback, final monitoring, rollback progress.
QList<QStringList> cutoverRows(const RunLedger& run, const QDateTime& now)
{
    const RunState& state = run.state();
    const CutoverState& cut = state.cutover();
    const CutoverPlan& plan = state.plan();
    QList<QStringList> rows;
    // The phase as the window's badge reads it ("Cutover · STEP FAILED").
    rows.append(
        {QStringLiteral("phase"),
         cut.badgeText() + (cut.phaseSinceUtc().isValid()
                                ? QStringLiteral(" since ") + displayTime(cut.phaseSinceUtc())
                                : QString())});
    QString startError;
    const QDateTime start = state.windowStartUtc(&startError);
    rows.append(
        {QStringLiteral("window start"),
         start.isValid()
             ? QStringLiteral("%1 (now %2)").arg(displayTime(start), tMinusText(start.secsTo(now)))
             : startError});
    // Since the GO, and how early or late it was; during a rollback, since it started.
    const QString elapsed = cut.elapsedText(now, start);
    if (!elapsed.isEmpty())
        rows.append({QStringLiteral("elapsed"), elapsed});
    if (const std::optional<CutoverDecision>& d = cut.decision()) {
        rows.append({QStringLiteral("decision"),
                     QStringLiteral("%1 by %2 (%3) at %4%5")
                         .arg(d->go ? QStringLiteral("GO") : QStringLiteral("NO-GO"), d->by,
                              roleName(d->role), displayTime(d->atUtc),
                              d->reason.isEmpty() ? QString() : QStringLiteral(": ") + d->reason)});
        addSnapshotRow(rows, run, d->seq);
    }
    if (cut.phase() == Phase::Preparing || cut.phase() == Phase::GoNoGo) {
        const QStringList open = cut.openPreChecks();
        rows.append({QStringLiteral("pre-checks"),
                     open.isEmpty() ? QStringLiteral("all done")
                                    : QStringLiteral("open: ") + open.join(QStringLiteral(", "))});
    }
    const QString next = cut.nextStepId();
    if (cut.phase() == Phase::Cutover && !next.isEmpty())
        rows.append({QStringLiteral("next step"), itemLabel(run, next)});
    // The failure's timer in the window's words: "14:50 left · resolve by 05:18 UTC", then
    // counting up ("+00:52 over · was due 05:18 UTC") while the cutover runs.
    for (const StepFailure& f : cut.openFailures()) {
        QString timer;
        if (cut.stepFailedAlarm()) {
            timer = QStringLiteral("; ") + failureTimerText(f, now) +
                    (f.expired(now) ? QStringLiteral(": golive proposes the rollback")
                                    : QStringLiteral(", then golive proposes the rollback"));
        }
        rows.append(
            {QStringLiteral("failed"),
             QStringLiteral("%1 at %2 by %3: %4%5")
                 .arg(itemLabel(run, f.stepId), displayTime(f.atUtc), f.by, f.what, timer)});
        addSnapshotRow(rows, run, f.seq);
    }
    if (cut.finalMonitoringStartUtc().isValid() &&
        (cut.phase() == Phase::FinalMonitoring || cut.phase() == Phase::Live)) {
        const std::optional<qint64> left = cut.finalMonitoringSecondsLeft(now);
        rows.append({QStringLiteral("final monitoring"),
                     QStringLiteral("since %1; %2")
                         .arg(displayTime(cut.finalMonitoringStartUtc()),
                              cut.phase() == Phase::Live ? QStringLiteral("declared Live")
                              : left && *left > 0
                                  ? QStringLiteral("%1 left before the go-live can be declared "
                                                   "Live")
                                        .arg(minutesText(*left))
                                  : QStringLiteral("the incident commander may declare the "
                                                   "go-live Live"))});
        if (cut.phase() == Phase::Live && !cut.history().isEmpty())
            addSnapshotRow(rows, run, cut.history().constLast().seq);
    }
    if (const std::optional<RollbackStart>& r = cut.rollback()) {
        const int nextStep = cut.nextRollbackStep();
        rows.append(
            {QStringLiteral("rollback"),
             QStringLiteral("started by %1 (%2) at %3: %4; %5 of %6 steps done%7")
                 .arg(r->by, roleName(r->role), displayTime(r->atUtc), r->reason)
                 .arg(cut.rollbackStepsDone().size())
                 .arg(plan.rollbackSteps.size())
                 .arg(nextStep > 0 ? QStringLiteral("; next: ") + rollbackStepLabel(run, nextStep)
                                   : QString())});
        addSnapshotRow(rows, run, r->seq);
    }
    return rows;
}

QJsonObject cutoverToJson(const RunLedger& run, const QDateTime& now)
{
    const RunState& state = run.state();
    const CutoverState& cut = state.cutover();
    const CutoverPlan& plan = state.plan();
    const auto strings = [](const QStringList& list) { return QJsonArray::fromStringList(list); };
    QString startError;
    const QDateTime start = state.windowStartUtc(&startError);
    QJsonObject o{
        {QStringLiteral("hasPlan"), plan.isValid()},
        {QStringLiteral("phase"), phaseName(cut.phase())},
        {QStringLiteral("phaseName"), phaseDisplayName(cut.phase())},
        {QStringLiteral("since"), jsonTimeOrNull(cut.phaseSinceUtc())},
        {QStringLiteral("windowStart"), jsonTimeOrNull(start)},
        {QStringLiteral("windowStartError"),
         start.isValid() ? QJsonValue() : QJsonValue(startError)},
        {QStringLiteral("secondsFromStart"),
         start.isValid() ? QJsonValue(double(start.secsTo(now))) : QJsonValue()},
        {QStringLiteral("preChecks"), strings(plan.preCheckIds)},
        {QStringLiteral("openPreChecks"), strings(cut.openPreChecks())},
        {QStringLiteral("goDecisionItem"),
         plan.goDecisionItemId.isEmpty() ? QJsonValue() : QJsonValue(plan.goDecisionItemId)},
        {QStringLiteral("steps"), strings(plan.stepIds)},
        {QStringLiteral("nextStep"),
         cut.nextStepId().isEmpty() ? QJsonValue() : QJsonValue(cut.nextStepId())},
        {QStringLiteral("finalMonitoringStep"), plan.finalMonitoringStepId.isEmpty()
                                                    ? QJsonValue()
                                                    : QJsonValue(plan.finalMonitoringStepId)},
        {QStringLiteral("proposeRollback"), cut.rollbackDeadlineExpired(now)},
        {QStringLiteral("now"), jsonTime(now)},
    };
    if (const std::optional<CutoverDecision>& d = cut.decision()) {
        o.insert(QStringLiteral("decision"),
                 QJsonObject{{QStringLiteral("go"), d->go},
                             {QStringLiteral("reason"), d->reason},
                             {QStringLiteral("by"), d->by},
                             {QStringLiteral("role"), roleName(d->role)},
                             {QStringLiteral("at"), jsonTimeOrNull(d->atUtc)},
                             {QStringLiteral("seq"), d->seq}});
    } else {
        o.insert(QStringLiteral("decision"), QJsonValue());
    }
    QJsonArray failures;
    for (const StepFailure& f : cut.openFailures()) {
        failures.append(QJsonObject{{QStringLiteral("step"), f.stepId},
                                    {QStringLiteral("what"), f.what},
                                    {QStringLiteral("by"), f.by},
                                    {QStringLiteral("role"), roleName(f.role)},
                                    {QStringLiteral("at"), jsonTimeOrNull(f.atUtc)},
                                    {QStringLiteral("deadline"), jsonTimeOrNull(f.deadlineUtc)},
                                    {QStringLiteral("secondsLeft"), double(f.secondsLeft(now))},
                                    {QStringLiteral("expired"), f.expired(now)}});
    }
    o.insert(QStringLiteral("failures"), failures);
    const std::optional<qint64> fmLeft = cut.finalMonitoringSecondsLeft(now);
    o.insert(QStringLiteral("finalMonitoring"),
             cut.finalMonitoringStartUtc().isValid()
                 ? QJsonValue(QJsonObject{
                       {QStringLiteral("start"), jsonTimeOrNull(cut.finalMonitoringStartUtc())},
                       {QStringLiteral("ends"), jsonTimeOrNull(cut.finalMonitoringEndsUtc())},
                       {QStringLiteral("secondsLeft"),
                        fmLeft ? QJsonValue(double(*fmLeft)) : QJsonValue()}})
                 : QJsonValue());
    if (const std::optional<RollbackStart>& r = cut.rollback()) {
        QJsonArray steps;
        for (int n = 1; n <= plan.rollbackSteps.size(); ++n) {
            QJsonObject step{{QStringLiteral("number"), n},
                             {QStringLiteral("text"), rollbackStepLabel(run, n)},
                             {QStringLiteral("done"), n <= cut.rollbackStepsDone().size()}};
            if (n <= cut.rollbackStepsDone().size()) {
                const RollbackStepRecord& done = cut.rollbackStepsDone().at(n - 1);
                step.insert(QStringLiteral("by"), done.by);
                step.insert(QStringLiteral("role"), roleName(done.role));
                step.insert(QStringLiteral("at"), jsonTimeOrNull(done.atUtc));
                step.insert(QStringLiteral("note"), done.note);
            }
            steps.append(step);
        }
        o.insert(QStringLiteral("rollback"),
                 QJsonObject{{QStringLiteral("reason"), r->reason},
                             {QStringLiteral("by"), r->by},
                             {QStringLiteral("role"), roleName(r->role)},
                             {QStringLiteral("at"), jsonTimeOrNull(r->atUtc)},
                             {QStringLiteral("steps"), steps},
                             {QStringLiteral("next"), cut.nextRollbackStep()}});
    } else {
        o.insert(QStringLiteral("rollback"), QJsonValue());
    }
    return o;
}

void printStatus(Console& c, const RunLedger& run, const ChainVerification& v)
{
    const Runbook& rb = run.runbook();
    const RunState& state = run.state();
    const Progress total = state.totalProgress();

    c.out << terminalSafe(rb.title) << "\n";
    c.out << table({
        {QStringLiteral("run"), native(run.path())},
        {QStringLiteral("run id"), run.runId()},
        {QStringLiteral("runbook"), run.runbookName()},
        {QStringLiteral("sha256"), run.runbookSha256()},
        {QStringLiteral("created"), displayTime(run.createdUtc())},
        {QStringLiteral("progress"), total.toString() + QStringLiteral(" done")},
    });

    qsizetype filled = 0;
    QList<QStringList> fieldRows{{QStringLiteral("KEY"), QStringLiteral("LABEL"),
                                  QStringLiteral("VALUE"), QStringLiteral("STATE")}};
    for (const RunbookField& f : rb.fields) {
        const QString value = state.fieldValue(f.key);
        const bool isFilled = !f.isPlaceholder || !value.isEmpty();
        if (isFilled)
            ++filled;
        QString how = QStringLiteral("from runbook");
        if (f.isPlaceholder)
            how = value.isEmpty() ? QStringLiteral("unfilled") : QStringLiteral("filled");
        fieldRows.append({f.key, f.label, value.isEmpty() ? f.templateValue : value, how});
    }
    c.out << "\nFields (" << filled << " of " << rb.fields.size() << " filled)\n";
    if (!rb.fields.isEmpty())
        c.out << table(fieldRows);

    QList<QStringList> sectionRows;
    for (int i = 0; i < rb.sections.size(); ++i) {
        const RunbookSection& s = rb.sections.at(i);
        const QString title = renderPlain(
            s.title, rb, [&state](const QString& key) { return state.fieldValue(key); });
        sectionRows.append({s.number, title, state.sectionProgress(i).toString()});
    }
    c.out << "\nSections\n" << table(sectionRows);

    if (state.plan().isValid())
        c.out << "\nCutover\n" << table(cutoverRows(run, QDateTime::currentDateTimeUtc()));

    QList<QStringList> itemRows{{QStringLiteral("ID"), QStringLiteral("STATUS"),
                                 QStringLiteral("SIGNED BY"), QStringLiteral("ROLE"),
                                 QStringLiteral("TIME"), QStringLiteral("TITLE")}};
    const QString none = QStringLiteral("-");
    std::function<void(const RunbookItem&, int)> addItem = [&](const RunbookItem& item, int depth) {
        const ItemState st = state.item(item.id);
        const bool hasActor = !st.by.isEmpty();
        itemRows.append({item.id, itemStatusDisplayName(st.status), hasActor ? st.by : none,
                         hasActor ? roleName(st.role) : none,
                         st.at.isValid() ? displayTime(st.at) : none,
                         QString(depth * 2, QLatin1Char(' ')) + itemTitle(run, item)});
        for (const RunbookItem& child : item.children)
            addItem(child, depth + 1);
    };
    for (const RunbookSection& s : rb.sections) {
        for (const RunbookGroup& g : s.groups) {
            for (const RunbookItem& item : g.items)
                addItem(item, 0);
        }
    }
    c.out << "\nItems\n" << table(itemRows);

    c.out << "\nLedger: " << v.summary() << "\n";
    for (const ChainBreak& b : v.breaks)
        c.out << "  " << describeBreak(b, v, run.events()) << "\n";
}

} // namespace

StatusCommand::StatusCommand(QString name, QString summary)
    : RunCommand(std::move(name), std::move(summary), RunLedger::Access::ReadOnly),
      m_jsonOption(QStringLiteral("json"),
                   QStringLiteral("Print the same as JSON on stdout: every item's state, the "
                                  "events, the cutover and the verification.")),
      m_idsOption(QStringLiteral("ids"),
                  QStringLiteral("Print only the items' ids, one a line, in the runbook's order "
                                 "(for scripts and shell completion)."))
{}

QString StatusCommand::description() const
{
    return QStringLiteral("Shows a run: its runbook and run id, the fields (filled or not), "
                          "progress per section, the cutover (phase, T-minus to the window's "
                          "start, the GO/NO-GO, the next step, failed steps with the minutes left "
                          "to resolve them, final monitoring, rollback progress), every item (ID, "
                          "status, who signed it, their role, when, title) and the ledger "
                          "verification. Opens the run read-only, so it works while the window "
                          "has it open.");
}

QString StatusCommand::usage() const
{
    return QStringLiteral("golive status [--run RUN] [--json | --ids]");
}

void StatusCommand::addOptions(QCommandLineParser& parser)
{
    addRunOption(parser);
    parser.addOption(m_jsonOption);
    parser.addOption(m_idsOption);
}

int StatusCommand::run(Console& c, const QCommandLineParser& parser)
{
    if (parser.isSet(m_jsonOption) && parser.isSet(m_idsOption))
        return usageError(c, QStringLiteral("--json and --ids print different things; give one"));
    const auto runFile = openRun(c, parser);
    if (!runFile)
        return ExitFailure;
    if (parser.isSet(m_idsOption)) {
        // Outline numbers ("4.1.2"); escaped all the same, as everything a run holds is.
        for (const RunbookItem* item : runFile->runbook().allItems())
            c.out << terminalSafe(item->id) << '\n';
        return ExitOk;
    }
    const ChainVerification v = runFile->verify();
    if (parser.isSet(m_jsonOption)) {
        QJsonObject o = runToJson(*runFile, v);
        o.insert(QStringLiteral("cutover"),
                 cutoverToJson(*runFile, QDateTime::currentDateTimeUtc()));
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        printStatus(c, *runFile, v);
    }
    return ExitOk;
}

} // namespace golive::cli
