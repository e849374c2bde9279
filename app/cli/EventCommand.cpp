// The base of the commands that append one event (see EventCommand.h).
#include "EventCommand.h"

#include "ChannelCli.h"
#include "CliText.h"
#include "SafeText.h"
#include "decision/ItemCheckRules.h"

#include <utility>

namespace golive::cli {

EventCommand::EventCommand(QString name, QString summary)
    : RunCommand(std::move(name), std::move(summary), RunLedger::Access::ReadWrite),
      m_asOption(QStringLiteral("as"), QStringLiteral("Your name, as the ledger records it."),
                 QStringLiteral("NAME")),
      m_roleOption(QStringLiteral("role"), QStringLiteral("Your role: %1.").arg(rolesText()),
                   QStringLiteral("ROLE"))
{}

void EventCommand::addActorOptions(QCommandLineParser& parser) const
{
    parser.addOption(m_asOption);
    parser.addOption(m_roleOption);
    m_signingOption.addTo(parser);
}

QString EventCommand::rolesText()
{
    return roleNames().join(QStringLiteral(", "));
}

std::optional<int> EventCommand::readActor(Console& c, const QCommandLineParser& parser,
                                           Actor* actor) const
{
    const QString name = parser.value(m_asOption).trimmed();
    if (name.isEmpty())
        return usageError(c, QStringLiteral("say who you are with --as NAME; nothing was written"));
    const QString roleText = parser.value(m_roleOption).trimmed();
    if (roleText.isEmpty())
        return usageError(c, QStringLiteral("give your role with --role ROLE (one of %1); "
                                            "nothing was written")
                                 .arg(rolesText()));
    const std::optional<Role> known = roleFromName(roleText);
    if (!known) {
        c.err << "golive " << this->name() << ": unknown role '" << terminalSafe(roleText)
              << "'; roles are " << rolesText() << "; nothing was written" << Qt::endl;
        return ExitUsage;
    }
    *actor = Actor::local(name, *known);
    actor->signingKey = m_signingOption.keyPath(parser);
    return std::nullopt;
}

std::optional<int> EventCommand::readSnapshotOptions(Console& c, const QCommandLineParser& parser)
{
    QString error;
    const std::optional<SnapshotRequest> request = m_snapshotOptions.read(parser, &error);
    if (!request)
        return usageError(c, error);
    m_snapshotRequest = *request;
    return std::nullopt;
}

void EventCommand::takeSnapshot(const RunLedger& run, SignOffEvent& event) const
{
    if (!event.snapshot.isEmpty() || !eventTakesSnapshot(event, run.runbook()))
        return;
    m_snapshotCredentialNote.clear();
    DecisionSnapshot snapshot = takeCliSnapshot(run, m_snapshotRequest, &m_snapshotCredentialNote);
    addDecisionChecks(snapshot, event, run.state()); // a GO and Live say which checks held
    event.snapshot = snapshot.toJson();
}

std::optional<int> EventCommand::submit(Console& c, RunLedger& run, SignOffEvent& event,
                                        const QString& hint,
                                        const std::function<QString()>& extraRefusal,
                                        const QByteArray* dashboardBytes) const
{
    const bool chainIntact = run.verification().unacknowledged.isEmpty();
    QString error;
    // Rules that do not read the snapshot judge first: a refused decision does not wait on
    // Prometheus while it holds the run's lock. Only an item's checks read the snapshot (its
    // sign-off, or its N/A while a check is open).
    const bool rulesReadSnapshot =
        event.kind == EventKind::Signed || event.kind == EventKind::NotApplicable;
    if (chainIntact && event.snapshot.isEmpty() && !rulesReadSnapshot &&
        !run.state().validate(event, &error))
        return refuse(c, run, error, hint);
    // The snapshot is part of the event the rules judge (an item's requires= checks read it),
    // and of what the hash and the signature cover.
    takeSnapshot(run, event);
    if (chainIntact && !run.state().validate(event, &error))
        return refuse(c, run, error, hint);
    if (chainIntact && extraRefusal) {
        if (const QString why = extraRefusal(); !why.isEmpty())
            return refuse(c, run, why, hint);
    }
    if (!run.append(event, &error, dashboardBytes))
        return refuse(
            c, run, error.isEmpty() ? QStringLiteral("the ledger refused the event") : error, hint);
    printHeadRecordWarning(c, run);
    // The moment is recorded; the channel hears of it once the run is let go (afterRun()).
    if (std::optional<PendingPost> post = pendingPostFor(run, event))
        m_channelPosts.append(*post);
    return std::nullopt;
}

void EventCommand::askChannelPost(const PendingPost& post)
{
    m_channelPosts.append(post);
}

int EventCommand::afterRun(Console& c, const QCommandLineParser& parser, int code)
{
    if (m_channelPosts.isEmpty())
        return code;
    const QList<PendingPost> posts = std::exchange(m_channelPosts, {});
    int waitMs = 10000;
    if (waitMilliseconds(c, parser, &waitMs))
        waitMs = 10000;
    const bool askedOk =
        postAndRecord(c, name(), posts, [&] { return openRun(c, parser, waitMs); });
    return askedOk || code != ExitOk ? code : ExitFailure;
}

void EventCommand::printSnapshot(Console& c, const SignOffEvent& event) const
{
    if (event.snapshot.isEmpty())
        return;
    QString error;
    const std::optional<DecisionSnapshot> snapshot =
        DecisionSnapshot::fromJson(event.snapshot, &error);
    if (!snapshot) {
        c.err << "golive " << name()
              << ": warning: the recorded snapshot does not read back: " << terminalSafe(error)
              << Qt::endl;
        return;
    }
    c.out << "snapshot: " << terminalSafe(snapshot->summary()) << "\n";
    c.out.flush();
    if (!snapshot->sloUnavailable.isEmpty())
        c.err << "golive " << name()
              << ": SLO data unavailable: " << terminalSafe(snapshot->sloUnavailable)
              << "; recorded without it" << Qt::endl;
    if (!m_snapshotCredentialNote.isEmpty())
        c.err << "golive " << name() << ": no credentials were sent to Prometheus: "
              << terminalSafe(m_snapshotCredentialNote) << Qt::endl;
}

int EventCommand::refuse(Console& c, const RunLedger& run, const QString& why,
                         const QString& hint) const
{
    c.err << "golive " << name() << ": "
          << withSafety(naming(run.path(), why), QStringLiteral("nothing was written")) << Qt::endl;
    if (!hint.isEmpty())
        c.err << "hint: " << hint << Qt::endl;
    return ExitFailure;
}

} // namespace golive::cli
