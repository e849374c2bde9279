#include "AttentionController.h"

#include "DesktopNotifier.h"
#include "Logging.h"
#include "RunSession.h"
#include "Settings.h"

#include <QApplication>
#include <QWidget>

namespace golive {

AttentionController::AttentionController(QWidget* window, RunSession* session)
    : QObject(window), m_window(window), m_session(session)
{
    // Another run: its state is learnt first, not told.
    connect(m_session, &RunSession::runReleased, this, [this] { m_watch.reset(); });
}

DesktopNotifier* AttentionController::notifier()
{
    if (m_notifier)
        return m_notifier;
    m_notifier = new DesktopNotifier(this);
    connect(m_notifier, &DesktopNotifier::unavailable, this, [this](const QString& why) {
        qCInfo(lcUi).noquote() << "no desktop notification:" << why
                               << "- the window's alert flag stands for it";
        if (m_soundAsked)
            QApplication::beep();
    });
    return m_notifier;
}

void AttentionController::follow(const CutoverStatus& status)
{
    if (!m_session->hasRun())
        return;
    const RunState& state = m_session->state();
    const QString title = state.runbook() ? state.runbook()->title : QString();
    const QList<AttentionMoment> moments =
        m_watch.follow(status, state.cutover().openFailures(), m_session->now(), title);
    if (moments.isEmpty())
        return;
    QWidget* window = m_window.data();
    // Someone looking at golive (the window, a dialog of it, the wall screen) sees it there.
    if (!window || QApplication::activeWindow() != nullptr)
        return;
    Settings* settings = Settings::instance();
    const bool notify = settings->value(Settings::Key::NotifyDesktop).toBool();
    m_soundAsked = settings->value(Settings::Key::NotifySound).toBool();
    QApplication::alert(window);
    for (const AttentionMoment& m : moments) {
        if (notify)
            notifier()->notify(m.summary, m.body, m.urgent, m_soundAsked);
        else if (m_soundAsked)
            QApplication::beep();
        emit told(m, notify);
    }
}

} // namespace golive
