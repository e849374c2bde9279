// A run's war-room channel in the settings (see ChannelSettings.h).
#include "ChannelSettings.h"

#include "Settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace golive {
namespace {

QJsonObject allChannels()
{
    return QJsonDocument::fromJson(
               Settings::instance()->value(Settings::Key::Channels).toString().toUtf8())
        .object();
}

bool store(const QJsonObject& all, QString* error)
{
    Settings::instance()->setValue(
        Settings::Key::Channels,
        QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact)));
    QSettings settings;
    settings.sync();
    if (settings.status() != QSettings::NoError) {
        if (error)
            *error = QStringLiteral("the settings file %1 could not be written")
                         .arg(settings.fileName());
        return false;
    }
    return true;
}

} // namespace

std::optional<ChannelConfig> ChannelSettings::forRun(const QString& runId)
{
    const QJsonObject all = allChannels();
    if (runId.isEmpty() || !all.contains(runId))
        return std::nullopt;
    const QJsonObject one = all.value(runId).toObject();
    ChannelConfig config;
    config.format = channelFormatFromName(one.value(QLatin1String("format")).toString())
                        .value_or(ChannelFormat::Slack);
    if (one.contains(QLatin1String("moments"))) {
        config.moments.clear();
        for (const QJsonValue& v : one.value(QLatin1String("moments")).toArray()) {
            const std::optional<ChannelMoment> m = channelMomentFromName(v.toString());
            if (m && selectableChannelMoments().contains(*m) && !config.moments.contains(*m))
                config.moments.append(*m);
        }
    }
    return config;
}

bool ChannelSettings::setForRun(const QString& runId, const ChannelConfig& config, QString* error)
{
    QJsonArray moments;
    for (ChannelMoment m : selectableChannelMoments()) {
        if (config.moments.contains(m))
            moments.append(channelMomentName(m));
    }
    QJsonObject all = allChannels();
    all.insert(runId, QJsonObject{{QStringLiteral("format"), channelFormatName(config.format)},
                                  {QStringLiteral("moments"), moments}});
    if (!store(all, error))
        return false;
    if (forRun(runId) != config) {
        if (error)
            *error = QStringLiteral("the settings did not keep the channel of run %1").arg(runId);
        return false;
    }
    return true;
}

bool ChannelSettings::clearForRun(const QString& runId, QString* error)
{
    QJsonObject all = allChannels();
    if (!all.contains(runId))
        return true;
    all.remove(runId);
    return store(all, error);
}

QUrl ChannelSettings::environmentUrl()
{
    const QByteArray value = qgetenv(kEnvironmentVariable).trimmed();
    return value.isEmpty() ? QUrl() : QUrl(QString::fromUtf8(value), QUrl::StrictMode);
}

} // namespace golive
