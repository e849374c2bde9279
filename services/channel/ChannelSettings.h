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

    // Which run a channel is set for: its id where it is ("ID at /path/run.golive", or "ID on
    // HOST:PORT/DB" for a server run). Not the id alone: a copy of a run (golive copy, an
    // archive, a rehearsal) keeps its id, and must never post to the live run's channel.
    static QString runKey(const QString& runId, const QString& location);

    // The run's channel, or nullopt when none was set for it on this machine.
    static std::optional<ChannelConfig> forRun(const QString& runKey);
    // Written and read back; false with *error naming the settings file when it was not kept.
    static bool setForRun(const QString& runKey, const ChannelConfig& config, QString* error);
    static bool clearForRun(const QString& runKey, QString* error);
    // The same run's channels set for other locations (it was moved, or this is a copy): their
    // keys, for a warning; empty when none.
    static QStringList elsewhere(const QString& runKey);

    // GOLIVE_CHANNEL_WEBHOOK: the webhook for this process only; empty when it is not set.
    static QUrl environmentUrl();
};

} // namespace golive
