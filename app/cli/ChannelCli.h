// The war-room channel from the command line: which webhook a run posts to in this process
// (GOLIVE_CHANNEL_WEBHOOK, else the URL `golive channel set` kept in the keychain), and posting
// the moments a command recorded once it let go of the run, then recording what was posted (or
// why not) in the run. A failing channel is a warning, never the command's failure: the moment
// is already recorded.
#pragma once

#include "ChannelPoster.h"
#include "ChannelSettings.h"
#include "Console.h"
#include "RunLedger.h"

#include <functional>
#include <memory>
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
std::optional<ChannelTarget> channelTarget(const QString& runKey, QString* why);

// A moment a command recorded (or a message asked for), to post once the run's lock is let go.
struct PendingPost
{
    QString runKey; // ChannelSettings::runKey() of the run it is about
    ChannelMessage message;
    Actor actor;        // who recorded the moment; records what was posted
    bool asked = false; // channel test or summary: no channel, or a failure, is the command's
};

// The message `event` is for the run's channel, when it is a moment (nullopt otherwise).
std::optional<PendingPost> pendingPostFor(const RunLedger& run, const SignOffEvent& event);

// Posts each of `pending` (waiting for each outcome: at most a minute each; the run is not held
// meanwhile), then opens the run again with `reopen` (which waits for its lock) and records each
// outcome as its actor's observation ("channel-posted" or "channel-failed"). An outcome's line
// goes to c.out when posted, to c.err when not; a moment the run's channel does not hear is left
// out, silently. False when an asked-for post was not made or failed.
bool postAndRecord(Console& c, const QString& command, const QList<PendingPost>& pending,
                   const std::function<std::unique_ptr<RunLedger>()>& reopen);

} // namespace golive::cli
