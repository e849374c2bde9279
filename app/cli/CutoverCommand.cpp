// The cutover's verbs (see CutoverCommand.h).
#include "CutoverCommand.h"

#include "CliText.h"
#include "Cutover.h"
#include "Wording.h"

#include <utility>

namespace golive::cli {

namespace {

struct CutoverSpec
{
    const char* positional;
    const char* positionalHelp;
    const char* textOption; // "reason", "note" or "text"
    bool textRequired;
    const char* describe;
};

CutoverSpec cutoverSpec(CutoverCommand::Verb verb)
{
    using Verb = CutoverCommand::Verb;
    switch (verb) {
    case Verb::Gate:
        return {nullptr, nullptr, "note", false,
                "Opens the Go/No-Go (T-60): the pre-checks are the gate, and the incident "
                "commander then records GO or NO-GO. The incident commander or the release "
                "captain opens it, once, from Preparing."};
    case Verb::Go:
        return {nullptr, nullptr, "reason", false,
                "Records the incident commander's GO: the cutover starts and its steps may be "
                "signed, in order. It also signs the go-decision pre-check. While other "
                "pre-checks are open, a GO needs --reason, and the ledger records which ones it "
                "overrides; so does a GO more than 5 minutes before the planned start (the "
                "runbook's Start field), and the ledger records how early it was."};
    case Verb::NoGo:
        return {nullptr, nullptr, "reason", true,
                "Records the incident commander's NO-GO, with the reason; the run stays at the "
                "Go/No-Go, and a later GO may follow."};
    case Verb::Fail:
        return {"STEP", "The cutover step that failed, e.g. 4.6.", "reason", true,
                "Records that a cutover step failed, and what failed. It starts the step's "
                "15-minute resolution timer: signing the step (or marking it N/A) resolves it; "
                "when it runs out, golive proposes the rollback."};
    case Verb::Rollback:
        return {nullptr, nullptr, "reason", true,
                "Starts the rollback (the incident commander only, with the reason): the "
                "runbook's rollback plan becomes the checklist, done in order with "
                "'golive rollback-step N'."};
    case Verb::RollbackStep:
        return {"N", "The rollback plan's step number, from 1, in order.", "note", false,
                "Records a step of the rollback plan as done (any role but observer, in order); "
                "when every step is done the run is Rolled back."};
    case Verb::Live:
        return {nullptr, nullptr, "note", false,
                "Declares the go-live Live (the incident commander only), once every cutover "
                "step before Final Monitoring is done and final monitoring has run 15 minutes; "
                "it also signs the Final Monitoring step."};
    case Verb::Observe:
        return {"CATEGORY",
                "alert-firing, alert-resolved, slo-breach, slo-recovered, health-down or "
                "health-up.",
                "text", true,
                "Records something seen during the cutover (an alert, an SLO breach or recovery, "
                "a health change) for the timeline. It changes no item, so any role may, "
                "observers too."};
    }
    return {nullptr, nullptr, "note", false, ""};
}

QCommandLineOption textOptionFor(CutoverCommand::Verb verb, const CutoverSpec& spec)
{
    const QString name = QLatin1String(spec.textOption);
    return QCommandLineOption(
        name,
        verb == CutoverCommand::Verb::Observe ? QStringLiteral("What was seen (required).")
        : spec.textRequired ? QStringLiteral("Why (required; the ledger keeps it).")
        : verb == CutoverCommand::Verb::Go
            ? QStringLiteral("Why (required while pre-checks are open or before the planned "
                             "start; the ledger keeps it).")
            : QStringLiteral("A note kept with the event (optional)."),
        name.toUpper());
}

} // namespace

CutoverCommand::CutoverCommand(QString name, QString summary, Verb verb)
    : EventCommand(std::move(name), std::move(summary)), m_verb(verb),
      m_textOption(textOptionFor(verb, cutoverSpec(verb)))
{
    const CutoverSpec spec = cutoverSpec(verb);
    m_positional = spec.positional;
    m_positionalHelp = spec.positionalHelp;
    m_describe = spec.describe;
    m_textRequired = spec.textRequired;
}

QString CutoverCommand::description() const
{
    return QLatin1String(m_describe) +
           QStringLiteral(" Appends one event to the run's hash-chained ledger under the same "
                          "rules as the window; a refused action writes nothing.");
}

QString CutoverCommand::usage() const
{
    QString usage = QStringLiteral("golive %1").arg(name());
    if (m_positional)
        usage += QLatin1Char(' ') + QLatin1String(m_positional);
    const QString textName = m_textOption.names().constFirst();
    const QString textUpper = textName.toUpper();
    return usage + QStringLiteral(" --as NAME --role ROLE") +
           (m_textRequired ? QStringLiteral(" --%1 %2").arg(textName, textUpper)
                           : QStringLiteral(" [--%1 %2]").arg(textName, textUpper)) +
           SigningOption::usage() + (takesSnapshot() ? SnapshotOptions::usage() : QString()) +
           QStringLiteral(" [--run RUN] [--wait SECONDS]");
}

bool CutoverCommand::takesSnapshot() const
{
    // Every verb but rollback-step records a decision (observe only a bad sight, but its
    // category is known only once given).
    return m_verb != Verb::RollbackStep;
}

QString CutoverCommand::epilog() const
{
    return QStringLiteral("Roles: %1.\nThe cutover: gate (Go/No-Go) -> go | nogo -> the steps, "
                          "signed in order (golive sign; the incident commander may "
                          "--override-order) -> final monitoring -> live; or rollback -> "
                          "rollback-step 1..N. 'golive status' shows the phase.")
        .arg(rolesText());
}

void CutoverCommand::addOptions(QCommandLineParser& parser)
{
    if (m_positional)
        parser.addPositionalArgument(QLatin1String(m_positional), QLatin1String(m_positionalHelp));
    addActorOptions(parser);
    parser.addOption(m_textOption);
    if (takesSnapshot())
        addSnapshotOptions(parser);
    addRunOption(parser);
    addWaitOption(parser);
}

std::optional<int> CutoverCommand::readTarget(Console& c, const QCommandLineParser& parser,
                                              QString* target, int* number) const
{
    *target = m_positional ? parser.positionalArguments().constFirst() : QString();
    if (m_verb == Verb::Observe && !observationCategories().contains(*target))
        return usageError(c, QStringLiteral("'%1' is not an observation category; categories "
                                            "are %2; nothing was written")
                                 .arg(*target, observationCategories().join(QStringLiteral(", "))));
    // What the channel was told is recorded by golive as it posts, never typed in.
    if (m_verb == Verb::Observe && target->startsWith(QLatin1String("channel-")))
        return usageError(c, QStringLiteral("'%1' is recorded by golive itself when it posts to "
                                            "the run's channel; nothing was written")
                                 .arg(*target));
    if (m_verb == Verb::RollbackStep) {
        bool ok = false;
        *number = target->toInt(&ok);
        if (!ok || *number < 1)
            return usageError(c, QStringLiteral("'%1' is not a rollback step number (1, 2, ...); "
                                                "nothing was written")
                                     .arg(*target));
    }
    return std::nullopt;
}

SignOffEvent CutoverCommand::makeEvent(const RunState& state, const Actor& actor,
                                       const QString& text, const QString& target, int number,
                                       QString* hint) const
{
    const CutoverPlan& plan = state.plan();
    const QStringList openPreChecks = state.cutover().openPreChecks();
    switch (m_verb) {
    case Verb::Gate:
        return makeGateEvent(actor, text);
    case Verb::Go: {
        // The same words as the window's: a GO before the planned start says how early.
        const QString early = earlyGoText(state.windowStartUtc(), state.now());
        const bool deciding = text.isEmpty() && actor.role == Role::IncidentCommander &&
                              state.cutover().phase() == Phase::GoNoGo;
        if (deciding && !early.isEmpty())
            *hint = QStringLiteral("give --reason TEXT to go before the planned start");
        else if (deciding && !openPreChecks.isEmpty())
            *hint = QStringLiteral("sign them first, or give --reason TEXT to go over them");
        return makeDecisionEvent(plan, true, text, openPreChecks, actor, early);
    }
    case Verb::NoGo:
        return makeDecisionEvent(plan, false, text, {}, actor);
    case Verb::Fail:
        if (plan.isValid() && !plan.isStep(target))
            *hint = QStringLiteral("the cutover steps are %1")
                        .arg(plan.stepIds.join(QStringLiteral(", ")));
        return makeStepFailedEvent(target, text, actor);
    case Verb::Rollback:
        return makeRollbackEvent(text, actor);
    case Verb::RollbackStep:
        return makeRollbackStepEvent(number, text, actor);
    case Verb::Live:
        return makeLiveEvent(plan, text, actor);
    case Verb::Observe:
        break;
    }
    return makeObservedEvent(target, text, actor);
}

int CutoverCommand::run(Console& c, const QCommandLineParser& parser)
{
    Actor actor;
    if (const auto code = readActor(c, parser, &actor))
        return *code;
    const QString text = parser.value(m_textOption).trimmed();
    if (m_textRequired && text.isEmpty()) {
        const QString option = m_textOption.names().constFirst();
        return usageError(c, QStringLiteral("give --%1 %2; the ledger keeps why; nothing was "
                                            "written")
                                 .arg(option, option.toUpper()));
    }
    QString target;
    int number = 0;
    if (const auto code = readTarget(c, parser, &target, &number))
        return *code;
    int waitMs = 0;
    if (const auto code = waitMilliseconds(c, parser, &waitMs))
        return *code;
    if (takesSnapshot()) {
        if (const auto code = readSnapshotOptions(c, parser))
            return *code;
    }

    const auto runFile = openRun(c, parser, waitMs);
    if (!runFile)
        return ExitFailure;
    const QStringList openPreChecks = runFile->state().cutover().openPreChecks();
    QString hint;
    SignOffEvent event = makeEvent(runFile->state(), actor, text, target, number, &hint);
    if (const auto code = submit(c, *runFile, event, hint))
        return *code;
    c.out << doneLine(*runFile, event, openPreChecks, text, target, number)
          << (event.signature.isSigned()
                  ? QStringLiteral(", signed with %1").arg(event.signature.keyFingerprint)
                  : QString())
          << "; ledger head " << shortHash(event.hash) << "\n";
    printSnapshot(c, event);
    return ExitOk;
}

QString CutoverCommand::doneLine(const RunLedger& run, const SignOffEvent& event,
                                 const QStringList& openPreChecks, const QString& text,
                                 const QString& target, int number) const
{
    const Runbook& rb = run.runbook();
    const RunState& state = run.state();
    const CutoverState& cut = state.cutover();
    const CutoverPlan& plan = state.plan();
    const auto label = [&](const QString& id) {
        return itemLabel(rb, state, id, LabelStyle::Terminal);
    };
    const auto step = [&](int n) { return rollbackStepLabel(rb, state, n, LabelStyle::Terminal); };
    const QString who =
        QStringLiteral(" as %1 (%2) at %3")
            .arg(event.actor.name, roleName(event.actor.role), displayTime(event.timeUtc));
    const QString open = openPreChecks.join(QStringLiteral(", "));
    QString line;
    switch (m_verb) {
    case Verb::Gate:
        return QStringLiteral("opened the Go/No-Go") + who + QStringLiteral("; ") +
               (openPreChecks.isEmpty()
                    ? QStringLiteral("every pre-check is done")
                    : QStringLiteral("open pre-checks: %1 (a GO over them needs a reason)")
                          .arg(open));
    case Verb::Go: {
        const QString early = earlyGoText(state.windowStartUtc(), event.timeUtc);
        line = QStringLiteral("GO") + who +
               (early.isEmpty() ? QString() : QStringLiteral(", ") + early) +
               (openPreChecks.isEmpty() ? QString()
                                        : QStringLiteral(" over open pre-checks %1").arg(open)) +
               QStringLiteral("; phase %1").arg(phaseDisplayName(cut.phase()));
        if (!cut.nextStepId().isEmpty())
            line += QStringLiteral("; next step %1").arg(label(cut.nextStepId()));
        return line;
    }
    case Verb::NoGo:
        return QStringLiteral("NO-GO") + who + QStringLiteral(": ") + text;
    case Verb::Fail: {
        const StepFailure* f = cut.failureOf(target);
        return QStringLiteral("recorded %1 as failed").arg(label(target)) + who +
               QStringLiteral("; resolve it by %1 (%2 minutes), or the incident commander rolls "
                              "back")
                   .arg(f ? displayTime(f->deadlineUtc) : QStringLiteral("the deadline"))
                   .arg(plan.resolutionMinutes);
    }
    case Verb::Rollback:
        line = QStringLiteral("started the rollback") + who +
               QStringLiteral("; the rollback plan has %1")
                   .arg(plural(plan.rollbackSteps.size(), "step", "steps"));
        if (cut.nextRollbackStep() > 0)
            line += QStringLiteral("; next: ") + step(cut.nextRollbackStep());
        return line;
    case Verb::RollbackStep:
        line = QStringLiteral("rollback step %1 of %2 done")
                   .arg(step(number))
                   .arg(plan.rollbackSteps.size()) +
               who;
        if (cut.phase() == Phase::RolledBack)
            line += QStringLiteral("; every step is done: the run is Rolled back");
        else if (cut.nextRollbackStep() > 0)
            line += QStringLiteral("; next: ") + step(cut.nextRollbackStep());
        return line;
    case Verb::Live:
        line = QStringLiteral("declared the go-live Live") + who;
        if (!plan.finalMonitoringStepId.isEmpty())
            line += QStringLiteral(" (signs %1)").arg(label(plan.finalMonitoringStepId));
        return line;
    case Verb::Observe:
        break;
    }
    return QStringLiteral("observed %1 (%2)").arg(target, observationDisplayName(target)) + who;
}

} // namespace golive::cli
