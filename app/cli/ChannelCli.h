// The war-room channel from the command line: which webhook a run posts to in this process
// (GOLIVE_CHANNEL_WEBHOOK, else the URL `golive channel set` kept in the keychain), and posting
// a moment the command recorded, then recording what was posted (or why not) in the run. A
// failing channel is a warning, never the command's failure: the moment is already recorded.
#pragma once

#include "ChannelPoster.h"
#include "ChannelSettings.h"
#include "Console.h"
#include "RunLedger.h"

#include <optional>

namespace golive::cli {

struct ChannelTarget
{
    QUrl url; // the secret: never printed, logged or recorded (maskedWebhookUrl())
    ChannelConfig config;
    QString source; // "GOLIVE_CHANNEL_WEBHOOK" or "the keychain"
};

// The run's channel for this process, or nullopt: *why is empty when the run has none, else
// says why the one it has cannot be used (the keychain failed, the URL is not one). The
// keychain is asked only for a run whose channel was set on this machine.
std::optional<ChannelTarget> channelTarget(const QString& runId, QString* why);

// Posts `message` (waiting for the outcome, at most the poster's deadlines and retries), then
// records the outcome in `run` as `actor`'s observation ("channel-posted" or
// "channel-failed"). The outcome's line goes to c.out when posted, to c.err when not.
ChannelOutcome postAndRecord(Console& c, const QString& command, RunLedger& run,
                             const ChannelTarget& target, const ChannelMessage& message,
                             const Actor& actor);

// After `command` recorded `event`: when it is a moment the run's channel hears, posts it.
void postRecordedMoment(Console& c, const QString& command, RunLedger& run,
                        const SignOffEvent& event);

} // namespace golive::cli
