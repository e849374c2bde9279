// A run's war-room channel on this machine: its format and the moments it hears, kept in the
// settings by run id (never the URL); the URL itself is a secret, kept in the OS keychain
// (CredentialStore::channelEntry()), or given for one process by GOLIVE_CHANNEL_WEBHOOK.
#pragma once

#include "ChannelMessage.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace golive {

struct ChannelConfig
{
    ChannelFormat format = ChannelFormat::Slack;
    QList<ChannelMoment> moments = selectableChannelMoments();

    // Whether `moment` is posted: a chosen one, or one asked for (a summary, a test).
    bool posts(ChannelMoment moment) const
    {
        return moment == ChannelMoment::Summary || moment == ChannelMoment::Test ||
               moments.contains(moment);
    }
    bool operator==(const ChannelConfig& other) const = default;
};

class ChannelSettings
{
public:
    static constexpr const char* kEnvironmentVariable = "GOLIVE_CHANNEL_WEBHOOK";

    // The run's channel, or nullopt when none was set for it on this machine.
    static std::optional<ChannelConfig> forRun(const QString& runId);
    // Written and read back; false with *error naming the settings file when it was not kept.
    static bool setForRun(const QString& runId, const ChannelConfig& config, QString* error);
    static bool clearForRun(const QString& runId, QString* error);

    // GOLIVE_CHANNEL_WEBHOOK: the webhook for this process only; empty when it is not set.
    static QUrl environmentUrl();
};

} // namespace golive
