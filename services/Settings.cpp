// Typed settings over QSettings: every key in one enum with its default; never a secret.
#include "Settings.h"

#include <QCoreApplication>
#include <QSettings>

namespace golive {
namespace {

struct KeyInfo
{
    const char* name;
    QVariant defaultValue;
};

KeyInfo info(Settings::Key key)
{
    switch (key) {
    case Settings::Key::OperatorName:
        return {"operator/name", QString()};
    case Settings::Key::OperatorRole:
        return {"operator/role", QString()};
    case Settings::Key::RecentRuns:
        return {"files/recentRuns", QStringList()};
    case Settings::Key::LastRunbookDir:
        return {"files/lastRunbookDir", QString()};
    case Settings::Key::LastRunDir:
        return {"files/lastRunDir", QString()};
    case Settings::Key::LastExportDir:
        return {"files/lastExportDir", QString()};
    case Settings::Key::MainWindowGeometry:
        return {"window/geometry", QByteArray()};
    case Settings::Key::MainWindowState:
        return {"window/state", QByteArray()};
    case Settings::Key::DetailsSplitterState:
        return {"window/detailsSplitter", QByteArray()};
    case Settings::Key::SloRange:
        return {"slo/rangeSeconds", 3600};
    case Settings::Key::SloRefresh:
        return {"slo/refreshSeconds", 15};
    case Settings::Key::PrometheusUrl:
        return {"prometheus/url", QString()};
    case Settings::Key::DashboardFile:
        return {"dashboard/file", QString()};
    case Settings::Key::PrometheusAuth:
        return {"prometheus/auth", QStringLiteral("none")};
    case Settings::Key::PrometheusUser:
        return {"prometheus/user", QString()};
    case Settings::Key::PrometheusCaFile:
        return {"prometheus/caFile", QString()};
    case Settings::Key::PrometheusTimeoutSeconds:
        return {"prometheus/timeoutSeconds", 10};
    case Settings::Key::PrometheusLogins:
        return {"prometheus/logins", QString()}; // JSON, readable in the file
    case Settings::Key::Theme:
        return {"appearance/theme", QStringLiteral("dark")};
    case Settings::Key::SigningKeys:
        return {"signing/keys", QString()}; // JSON, readable in the file
    case Settings::Key::MaxAttachmentMiB:
        return {"evidence/maxAttachmentMiB", 25};
    case Settings::Key::CommandTimeoutMinutes:
        return {"commands/timeoutMinutes", 15};
    case Settings::Key::CommandOutputCapMiB:
        return {"commands/outputCapMiB", 5};
    case Settings::Key::RedactionPatterns:
        return {"commands/redactionPatterns", QStringList()};
    case Settings::Key::CommandWorkingDirs:
        return {"commands/workingDirs", QString()}; // JSON, readable in the file
    case Settings::Key::NotifyDesktop:
        return {"attention/desktopNotifications", true};
    case Settings::Key::NotifySound:
        return {"attention/sound", false};
    case Settings::Key::Channels:
        return {"channel/runs", QString()}; // JSON, readable in the file
    }
    return {"unknown", QVariant()};
}

} // namespace

Settings::Settings(QObject* parent) : QObject(parent) {}

Settings* Settings::instance()
{
    static Settings* settings = new Settings(QCoreApplication::instance());
    return settings;
}

QVariant Settings::value(Key key) const
{
    const KeyInfo i = info(key);
    return QSettings().value(QLatin1String(i.name), i.defaultValue);
}

void Settings::setValue(Key key, const QVariant& value)
{
    QSettings settings;
    const QString name = QLatin1String(info(key).name);
    if (settings.value(name) == value) {
        return;
    }
    settings.setValue(name, value);
    emit changed(key);
}

void Settings::reset(Key key)
{
    QSettings().remove(QLatin1String(info(key).name));
    emit changed(key);
}

QStringList Settings::recentRuns() const
{
    return value(Key::RecentRuns).toStringList();
}

void Settings::addRecentRun(const QString& path)
{
    QStringList runs = recentRuns();
    runs.removeAll(path);
    runs.prepend(path);
    while (runs.size() > 8) {
        runs.removeLast();
    }
    setValue(Key::RecentRuns, runs);
}

} // namespace golive
