#include "DesktopNotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QTimer>
#include <QVariantMap>

namespace golive {

namespace {

constexpr const char* kInterface = "org.freedesktop.Notifications";
// The desktop entry and icon golive installs (packaging/), by its AppStream id.
constexpr const char* kAppId = "io.github.golive.golive";

} // namespace

DesktopNotifier::DesktopNotifier(QObject* parent, const QDBusConnection& bus)
    : QObject(parent), m_bus(bus)
{
    askCapabilities();
}

void DesktopNotifier::askCapabilities()
{
    if (!m_bus.isConnected())
        return;
    QDBusMessage ask = QDBusMessage::createMethodCall(QLatin1String(Service), QLatin1String(Path),
                                                      QLatin1String(kInterface),
                                                      QStringLiteral("GetCapabilities"));
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(ask, ReplyTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        const QDBusPendingReply<QStringList> reply = *w;
        if (!reply.isError())
            m_bodyMarkup = reply.value().contains(QLatin1String("body-markup"));
        w->deleteLater();
    });
}

void DesktopNotifier::notify(const QString& summary, const QString& body, bool urgent, bool sound)
{
    if (!m_bus.isConnected()) {
        // Said from the event loop, as a reply would be.
        const QString why = m_bus.lastError().isValid() ? m_bus.lastError().message()
                                                        : QStringLiteral("no session bus");
        QTimer::singleShot(0, this, [this, why] { emit unavailable(why); });
        return;
    }
    QVariantMap hints;
    // The specification's urgency is a byte: 1 normal, 2 critical.
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(urgent ? 2 : 1)));
    hints.insert(QStringLiteral("desktop-entry"), QLatin1String(kAppId));
    if (sound)
        hints.insert(QStringLiteral("sound-name"),
                     urgent ? QStringLiteral("dialog-warning") : QStringLiteral("complete"));
    else
        hints.insert(QStringLiteral("suppress-sound"), true);
    QDBusMessage call =
        QDBusMessage::createMethodCall(QLatin1String(Service), QLatin1String(Path),
                                       QLatin1String(kInterface), QStringLiteral("Notify"));
    // The summary is never markup; the body is, where the service reads it.
    call << QStringLiteral("golive") << uint(0) << QLatin1String(kAppId) << summary
         << (m_bodyMarkup ? body.toHtmlEscaped() : body) << QStringList() << hints << int(-1);
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, ReplyTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError())
            emit unavailable(reply.error().message());
        else
            emit shown(reply.value());
        w->deleteLater();
    });
}

} // namespace golive
