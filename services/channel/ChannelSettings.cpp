// A run's war-room channel in the settings (see ChannelSettings.h).
#include "ChannelSettings.h"

#include "RunLedger.h"
#include "Settings.h"
#include "server/ServerLocation.h"

#include <QFileInfo>
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

QString ChannelSettings::runKey(const QString& runId, const QString& location)
{
    if (RunLedger::isServerLocation(location)) {
        ServerLocation server;
        QString ignored;
        if (ServerLocation::parse(location, &server, &ignored))
            return QStringLiteral("%1 on %2/%3").arg(runId, server.host(), server.database());
        return QStringLiteral("%1 on %2").arg(runId, ServerLocation::shownUri(location));
    }
    const QFileInfo file(location);
    const QString canonical = file.canonicalFilePath();
    return QStringLiteral("%1 at %2")
        .arg(runId, canonical.isEmpty() ? file.absoluteFilePath() : canonical);
}

std::optional<ChannelConfig> ChannelSettings::forRun(const QString& runKey)
{
    const QJsonObject all = allChannels();
    if (runKey.isEmpty() || !all.contains(runKey))
        return std::nullopt;
    const QJsonObject one = all.value(runKey).toObject();
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

bool ChannelSettings::setForRun(const QString& runKey, const ChannelConfig& config, QString* error)
{
    QJsonArray moments;
    for (ChannelMoment m : selectableChannelMoments()) {
        if (config.moments.contains(m))
            moments.append(channelMomentName(m));
    }
    QJsonObject all = allChannels();
    all.insert(runKey, QJsonObject{{QStringLiteral("format"), channelFormatName(config.format)},
                                   {QStringLiteral("moments"), moments}});
    if (!store(all, error))
        return false;
    if (forRun(runKey) != config) {
        if (error)
            *error = QStringLiteral("the settings did not keep the channel of run %1").arg(runKey);
        return false;
    }
    return true;
}

bool ChannelSettings::clearForRun(const QString& runKey, QString* error)
{
    QJsonObject all = allChannels();
    if (!all.contains(runKey))
        return true;
    all.remove(runKey);
    return store(all, error);
}

QStringList ChannelSettings::elsewhere(const QString& runKey)
{
    // A key starts with the run id and a space (runKey()).
    const QString id = runKey.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ');
    QStringList out;
    for (const QString& key : allChannels().keys()) {
        if (key != runKey && key.startsWith(id))
            out.append(key.mid(id.size()));
    }
    return out;
}

QUrl ChannelSettings::environmentUrl()
{
    const QByteArray value = qgetenv(kEnvironmentVariable).trimmed();
    return value.isEmpty() ? QUrl() : QUrl(QString::fromUtf8(value), QUrl::StrictMode);
}

} // namespace golive
