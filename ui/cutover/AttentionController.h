// Gets the incident commander's attention when the window is not the active one: an abort
// trigger, a failed step's last 5 minutes and last minute, Live (AttentionWatch says when). A
// desktop notification (Settings: on by default), with the desktop's sound if asked (off by
// default); the window's alert flag (the task bar's) always, and where no notification service
// answers, a beep for the sound.
#pragma once

#include "AttentionWatch.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace golive {

class DesktopNotifier;
class RunSession;

class AttentionController : public QObject
{
    Q_OBJECT
public:
    // A child of `window`; `session` outlives it. The notifier on the session bus is made when
    // the first moment is told (not at start: connecting to the bus may wait on it).
    AttentionController(QWidget* window, RunSession* session);

    // The cutover as refreshed (CutoverController::evaluated): tells what became so.
    void follow(const CutoverStatus& status);

signals:
    // Each moment told, and how: for the timeline's record and for tests.
    void told(const golive::AttentionMoment& moment, bool notified);

private:
    DesktopNotifier* notifier();

    QPointer<QWidget> m_window;
    RunSession* m_session = nullptr;
    DesktopNotifier* m_notifier = nullptr;
    AttentionWatch m_watch;
    bool m_soundAsked = false; // the sound of the notification in flight, for its fallback
};

} // namespace golive
