// A desktop notification over D-Bus (org.freedesktop.Notifications), for the moments the
// incident commander must see while looking at another window. Never waits: the call is
// asynchronous, and a desktop with no notification service (or no session bus) is said by
// unavailable(), so the window can set its alert flag instead.
#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QString>

namespace golive {

class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr const char* Service = "org.freedesktop.Notifications";
    static constexpr const char* Path = "/org/freedesktop/Notifications";
    // Gives up on a service that does not answer within this (the desktop's, not golive's).
    static constexpr int ReplyTimeoutMs = 5000;

    explicit DesktopNotifier(QObject* parent = nullptr,
                             const QDBusConnection& bus = QDBusConnection::sessionBus());

    // Sends a notification: critical urgency when `urgent` (it stays until dismissed), the
    // desktop's warning sound when `sound`, none otherwise. `summary` and `body` are data:
    // escaped for a service that reads markup. -> shown(id) or unavailable(why)
    void notify(const QString& summary, const QString& body, bool urgent, bool sound);

    // Whether the body is sent as markup (escaped): what the service said, else assumed.
    bool bodyMarkup() const { return m_bodyMarkup; }

signals:
    void shown(uint id);
    void unavailable(const QString& why);

private:
    void askCapabilities();

    QDBusConnection m_bus;
    // Whether the service reads markup in the body; until it says, assumed (escaping then
    // only costs a literal "&amp;" on a service that does not).
    bool m_bodyMarkup = true;
};

} // namespace golive
