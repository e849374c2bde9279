// sign, revoke, na, block, note and fill (see ActionCommand.h).
#include "ActionCommand.h"

#include "CliText.h"
#include "SafeText.h"
#include "SubItems.h"
#include "Wording.h"
#include "decision/DecisionSnapshot.h"
#include "decision/ItemCheckRules.h"
#include "evidence/Evidence.h"

#include <utility>

namespace golive::cli {

namespace {

struct Action
{
    const char* verb;
    const char* describe;
    const char* textOption;
    bool textRequired;
};

Action actionFor(EventKind kind)
{
    switch (kind) {
    case EventKind::Signed:
        return {"signed", "Signs an item off.", "note", false};
    case EventKind::Revoked:
        return {"revoked", "Revokes an item's sign-off, N/A or block; the item is open again.",
                "reason", true};
    case EventKind::NotApplicable:
        return {"marked not applicable", "Marks an item not applicable (counts as done).", "reason",
                true};
    case EventKind::Blocked:
        return {"marked blocked", "Marks an item blocked.", "reason", true};
    case EventKind::NoteAdded:
        return {"noted on", "Adds a note to an item.", "text", true};
    case EventKind::FieldFilled:
        return {"filled", "Fills a field of the runbook (a placeholder such as the owner).",
                nullptr, true};
    case EventKind::ChainBreakAcknowledged:
    case EventKind::PhaseChanged:
    case EventKind::Decision:
    case EventKind::StepFailed:
    case EventKind::RollbackStep:
    case EventKind::Observed:
    case EventKind::DashboardSet:
    case EventKind::RosterChanged:
    case EventKind::EvidenceAttached:
    case EventKind::CommandRun:
        break;
    }
    return {"recorded", "", nullptr, false};
}

std::optional<QCommandLineOption> textOptionFor(EventKind kind, const char* option)
{
    if (!option)
        return std::nullopt;
    const QString name = QLatin1String(option);
    QString what;
    if (kind == EventKind::Signed)
        what = QStringLiteral("A note kept with the sign-off (optional).");
    else if (kind == EventKind::NoteAdded)
        what = QStringLiteral("The note (required).");
    else
        what = QStringLiteral("Why (required; the ledger keeps it).");
    return QCommandLineOption(name, what, name.toUpper());
}

} // namespace

ActionCommand::ActionCommand(QString name, QString summary, EventKind kind)
    : EventCommand(std::move(name), std::move(summary)), m_kind(kind),
      m_overrideOption(
          QStringLiteral("override-order"),
          QStringLiteral("Sign a cutover step before the one before it is done (the incident "
                         "commander only); REASON is kept as the sign-off's text, so not with "
                         "--note."),
          QStringLiteral("REASON")),
      m_openSubItemsOption(
          QStringLiteral("open-sub-items"),
          QStringLiteral("Sign an item although some of its sub-items are still open; the "
                         "sign-off's text names them before the reason, which --note (or "
                         "--override-order's REASON) must then give.")),
      m_openChecksOption(
          QStringLiteral("open-checks"),
          QStringLiteral("Sign an item although checks golive verifies for it (requires=previous-"
                         "complete, health-green, slo-ok) do not hold (the incident commander "
                         "only); the sign-off's text names every open check before the reason, "
                         "which --note (or --override-order's REASON) must then give.")),
      m_evidenceOption(QStringLiteral("evidence"),
                       QStringLiteral("The evidence the sign-off rests on: the numbers of the "
                                      "item's evidence events (golive exec prints them), "
                                      "comma-separated."),
                       QStringLiteral("SEQ[,SEQ]"))
{
    const Action action = actionFor(kind);
    m_verb = action.verb;
    m_describe = action.describe;
    m_textOption = action.textOption;
    m_textRequired = action.textRequired;
    m_textOpt = textOptionFor(kind, action.textOption);
}

QString ActionCommand::description() const
{
    return QLatin1String(m_describe) +
           QStringLiteral(" Appends one event to the run's hash-chained ledger under the same "
                          "rules as the window; a refused action writes nothing.");
}

QString ActionCommand::usage() const
{
    QString usage =
        QStringLiteral("golive %1 %2 --as NAME --role ROLE")
            .arg(name(), isFill() ? QStringLiteral("FIELD VALUE") : QStringLiteral("ID"));
    if (m_textOption) {
        const QString option = QLatin1String(m_textOption);
        const QString upper = option.toUpper();
        usage += m_textRequired ? QStringLiteral(" --%1 %2").arg(option, upper)
                                : QStringLiteral(" [--%1 %2]").arg(option, upper);
    }
    if (m_kind == EventKind::Signed)
        usage += QStringLiteral(" [--override-order REASON] [--open-sub-items] [--open-checks] "
                                "[--evidence SEQ[,SEQ]]");
    return usage + SigningOption::usage() +
           (takesSnapshot() ? SnapshotOptions::usage() : QString()) +
           QStringLiteral(" [--run RUN] [--wait SECONDS]");
}

QString ActionCommand::epilog() const
{
    return QStringLiteral("Roles: %1.\nNames and notes are recorded as given; golive never takes "
                          "a password or other secret on the command line.")
        .arg(rolesText());
}

void ActionCommand::addOptions(QCommandLineParser& parser)
{
    if (isFill()) {
        parser.addPositionalArgument(QStringLiteral("FIELD"),
                                     QStringLiteral("The field's key (golive status lists them)."));
        parser.addPositionalArgument(QStringLiteral("VALUE"), QStringLiteral("Its value."));
    } else {
        parser.addPositionalArgument(
            QStringLiteral("ID"),
            QStringLiteral("The item's id, e.g. 1.2 (golive status lists them)."));
    }
    addActorOptions(parser);
    if (m_textOpt)
        parser.addOption(*m_textOpt);
    // The incident commander may take a cutover step out of order, saying why.
    if (m_kind == EventKind::Signed) {
        parser.addOption(m_overrideOption);
        // A parent signed while sub-items are open: said knowingly, with a reason.
        parser.addOption(m_openSubItemsOption);
        // Over checks golive verifies that do not hold: the incident commander's, with a reason.
        parser.addOption(m_openChecksOption);
        // The evidence (attached files, commands run) the sign-off names.
        parser.addOption(m_evidenceOption);
    }
    // A sign-off or N/A of an item with requires= checks records what golive could see.
    if (takesSnapshot())
        addSnapshotOptions(parser);
    addRunOption(parser);
    addWaitOption(parser);
}

std::optional<int> ActionCommand::readText(Console& c, const QCommandLineParser& parser,
                                           QString* text, bool* overriding) const
{
    const QStringList positional = parser.positionalArguments();
    *text = isFill() ? positional.at(1) : (m_textOpt ? parser.value(*m_textOpt) : QString());
    *text = text->trimmed();
    *overriding = m_kind == EventKind::Signed && parser.isSet(m_overrideOption);
    if (*overriding) {
        if (m_textOpt && parser.isSet(*m_textOpt))
            return usageError(c, QStringLiteral("--override-order's REASON is kept as the "
                                                "sign-off's text; give it or --note, not both; "
                                                "nothing was written"));
        *text = parser.value(m_overrideOption).trimmed();
        if (text->isEmpty())
            return usageError(c, QStringLiteral("give the reason for overriding the cutover order "
                                                "with --override-order REASON; the ledger keeps "
                                                "why; nothing was written"));
    }
    if (m_kind == EventKind::Signed && parser.isSet(m_openSubItemsOption) && text->isEmpty())
        return usageError(c, QStringLiteral("--open-sub-items needs the reason for signing over "
                                            "them: give it with --note REASON; the ledger keeps "
                                            "it; nothing was written"));
    if (m_kind == EventKind::Signed && parser.isSet(m_openChecksOption) && text->isEmpty())
        return usageError(c, QStringLiteral("--open-checks needs the reason for signing over "
                                            "them: give it with --note REASON; the ledger keeps "
                                            "it; nothing was written"));
    // An empty value clears a field, as in the window.
    if (m_textRequired && !isFill() && text->isEmpty())
        return usageError(c, QStringLiteral("give --%1 TEXT; the ledger keeps why; nothing was "
                                            "written")
                                 .arg(QLatin1String(m_textOption)));
    return std::nullopt;
}

void ActionCommand::findSubject(const RunLedger& run, SignOffEvent& event,
                                const QStringList& positional, const RunbookItem** item,
                                const RunbookField** field, QString* hint) const
{
    const Runbook& rb = run.runbook();
    if (isFill()) {
        event.fieldKey = positional.at(0);
        *field = rb.findField(event.fieldKey);
        if (!*field) {
            QStringList keys;
            for (const RunbookField& f : rb.fields)
                keys.append(f.key);
            const QStringList near = nearest(event.fieldKey, keys);
            *hint = QStringLiteral("fields are ") + keys.join(QStringLiteral(", "));
            if (!near.isEmpty())
                *hint =
                    QStringLiteral("did you mean ") + orList(near) + QStringLiteral("? ") + *hint;
        }
    } else {
        event.itemId = positional.at(0);
        *item = rb.findItem(event.itemId);
        if (!*item) {
            QStringList ids;
            for (const RunbookItem* i : rb.allItems())
                ids.append(i->id);
            const QStringList near = nearest(event.itemId, ids);
            *hint = QStringLiteral("'golive status --run %1' lists every item id")
                        .arg(shellArgument(native(run.path())));
            if (!near.isEmpty())
                *hint =
                    QStringLiteral("did you mean ") + orList(near) + QStringLiteral("? ") + *hint;
        }
    }
}

int ActionCommand::run(Console& c, const QCommandLineParser& parser)
{
    Actor actor;
    if (const auto code = readActor(c, parser, &actor))
        return *code;
    QString text;
    bool overriding = false;
    if (const auto code = readText(c, parser, &text, &overriding))
        return *code;
    int waitMs = 0;
    if (const auto code = waitMilliseconds(c, parser, &waitMs))
        return *code;
    if (takesSnapshot()) {
        if (const auto code = readSnapshotOptions(c, parser))
            return *code;
    }

    QString evidenceKey;
    if (m_kind == EventKind::Signed && parser.isSet(m_evidenceOption)) {
        if (overriding)
            return usageError(c, QStringLiteral("a step signed out of order names no evidence: "
                                                "give --override-order or --evidence, not both; "
                                                "nothing was written"));
        QList<qint64> seqs;
        for (const QString& part : parser.value(m_evidenceOption).split(u',')) {
            bool ok = false;
            const qint64 seq = part.trimmed().toLongLong(&ok);
            if (!ok || seq <= 0)
                return usageError(c, QStringLiteral("--evidence takes event numbers, e.g. "
                                                    "--evidence 12,15; nothing was written"));
            seqs.append(seq);
        }
        evidenceKey = evidenceReferenceKey(seqs);
    }

    const auto runFile = openRun(c, parser, waitMs);
    if (!runFile)
        return ExitFailure;

    SignOffEvent event;
    event.kind = m_kind;
    event.text = text;
    event.actor = actor;
    if (overriding)
        event.fieldKey = kOrderOverrideKey;
    else if (!evidenceKey.isEmpty())
        event.fieldKey = evidenceKey;
    const RunbookItem* item = nullptr;
    const RunbookField* field = nullptr;
    QString hint;
    findSubject(*runFile, event, parser.positionalArguments(), &item, &field, &hint);
    if (item && m_kind == EventKind::Signed) {
        // Over open checks only when asked to, and then the text names every one (and every
        // open item) as the snapshot this sign-off records shows them, taken now. The rules
        // judge the checks before the sub-items, and so does the hint.
        takeSnapshot(*runFile, event);
        const std::optional<DecisionSnapshot> seen =
            event.snapshot.isEmpty() ? std::nullopt : DecisionSnapshot::fromJson(event.snapshot);
        const QStringList checks =
            openItemChecks(runFile->state(), item->id, seen ? &*seen : nullptr);
        if (parser.isSet(m_openChecksOption))
            event.text = composeCheckOverride(event.text, checks);
        // Over open sub-items only when asked to, and then the text names every one of them.
        const QStringList open = openSubItems(runFile->state(), *item);
        if (parser.isSet(m_openSubItemsOption))
            event.text = composeOverOpenSubItems(event.text, open);
        if (!checks.isEmpty() && !parser.isSet(m_openChecksOption))
            hint = QStringLiteral("the incident-commander may sign %1 over its open checks with "
                                  "--open-checks --note REASON")
                       .arg(item->id);
        else if (!open.isEmpty() && !parser.isSet(m_openSubItemsOption))
            hint = QStringLiteral("sign the sub-items first, or sign %1 over them with "
                                  "--open-sub-items --note REASON")
                       .arg(item->id);
    }
    const auto missing = [&]() -> QString {
        if (item || field)
            return {};
        return isFill()
                   ? QStringLiteral("there is no field '%1' in this run's runbook")
                         .arg(event.fieldKey)
                   : QStringLiteral("there is no item %1 in this run's runbook").arg(event.itemId);
    };
    if (const auto code = submit(c, *runFile, event, hint, missing))
        return *code;
    printDone(c, *runFile, event, item, field, overriding);
    return ExitOk;
}

void ActionCommand::printDone(Console& c, const RunLedger& run, const SignOffEvent& event,
                              const RunbookItem* item, const RunbookField* field,
                              bool overriding) const
{
    QString subject;
    const bool cleared = isFill() && event.text.isEmpty();
    if (isFill())
        subject = event.fieldKey + QLatin1Char(' ') + quoted(field ? field->label : QString()) +
                  (cleared ? QString() : QStringLiteral(" = ") + quoted(event.text));
    else
        subject = event.itemId + QLatin1Char(' ') +
                  quoted(item ? itemTitle(run.runbook(), run.state(), *item) : QString());
    if (overriding)
        subject += QStringLiteral(" out of order (override)");
    c.out << (cleared ? "cleared" : m_verb) << ' ' << subject << " as " << event.actor.name << " ("
          << roleName(event.actor.role) << ") at " << displayTime(event.timeUtc)
          << (event.signature.isSigned()
                  ? QStringLiteral(", signed with %1").arg(event.signature.keyFingerprint)
                  : QString())
          << "; ledger head " << shortHash(event.hash) << "\n";
    printSnapshot(c, event);
}

} // namespace golive::cli
