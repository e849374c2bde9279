// The war-room channel from the command line (see ChannelCli.h).
#include "ChannelCli.h"

#include "CliText.h"
#include "CredentialStore.h"
#include "Cutover.h"
#include "SafeText.h"

namespace golive::cli {

std::optional<ChannelTarget> channelTarget(const QString& runId, QString* why)
{
    why->clear();
    const std::optional<ChannelConfig> config = ChannelSettings::forRun(runId);
    ChannelTarget target;
    target.config = config.value_or(ChannelConfig{});
    const QUrl fromEnvironment = ChannelSettings::environmentUrl();
    if (qEnvironmentVariableIsSet(ChannelSettings::kEnvironmentVariable) &&
        !qEnvironmentVariable(ChannelSettings::kEnvironmentVariable).trimmed().isEmpty()) {
        QString wrong;
        if (!isUsableWebhookUrl(fromEnvironment, &wrong)) {
            *why = QStringLiteral("%1 is not a webhook URL: %2")
                       .arg(QLatin1String(ChannelSettings::kEnvironmentVariable), wrong);
            return std::nullopt;
        }
        target.url = fromEnvironment;
        target.source = QLatin1String(ChannelSettings::kEnvironmentVariable);
        return target;
    }
    if (!config)
        return std::nullopt;
    CredentialStore store;
    const CredentialStore::Result r = store.readBlocking(CredentialStore::channelEntry(runId));
    if (!r.ok()) {
        *why = r.message;
        return std::nullopt;
    }
    target.url = QUrl(r.secret, QUrl::StrictMode);
    QString wrong;
    if (!isUsableWebhookUrl(target.url, &wrong)) {
        *why = QStringLiteral("the keychain's webhook URL for run %1 is not usable: %2")
                   .arg(runId, wrong);
        return std::nullopt;
    }
    target.source = QStringLiteral("the keychain");
    return target;
}

ChannelOutcome postAndRecord(Console& c, const QString& command, RunLedger& run,
                             const ChannelTarget& target, const ChannelMessage& message,
                             const Actor& actor)
{
    ChannelPoster poster;
    const ChannelOutcome outcome = poster.postAndWait(target.url, target.config.format, message);
    if (outcome.posted)
        c.out << "channel: " << terminalSafe(outcome.recordText()) << "\n" << Qt::flush;
    else
        c.err << "golive " << command
              << ": warning: channel: " << terminalSafe(outcome.recordText()) << Qt::endl;
    SignOffEvent record = makeObservedEvent(outcome.posted ? QStringLiteral("channel-posted")
                                                           : QStringLiteral("channel-failed"),
                                            outcome.recordText(), actor);
    QString error;
    if (!run.append(record, &error))
        c.err << "golive " << command << ": warning: "
              << withSafety(naming(run.path(), QStringLiteral("what the channel was told could "
                                                              "not be recorded: %1")
                                                   .arg(error)),
                            QStringLiteral("the run's record is as it was"))
              << Qt::endl;
    return outcome;
}

void postRecordedMoment(Console& c, const QString& command, RunLedger& run,
                        const SignOffEvent& event)
{
    const std::optional<ChannelMessage> message = channelMessageFor(run.state(), event);
    if (!message)
        return;
    QString why;
    const std::optional<ChannelTarget> target = channelTarget(run.runId(), &why);
    if (!target) {
        if (!why.isEmpty())
            c.err << "golive " << command
                  << ": warning: the channel was not told: " << terminalSafe(why) << Qt::endl;
        return;
    }
    if (!target->config.posts(message->moment))
        return;
    postAndRecord(c, command, run, *target, *message, event.actor);
}

} // namespace golive::cli
