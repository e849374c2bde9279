// Runs a function once, right after the next frame of a window is painted: start-up work the
// first frame does not show (the SLO charts) comes after it instead of before. If no frame is
// painted within `latestMs` (a minimised window), it runs then.
#pragma once

#include <QEvent>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <utility>

namespace golive {

class AfterNextFrame : public QObject
{
public:
    static void run(QWidget* window, std::function<void()> then, int latestMs = 1000)
    {
        new AfterNextFrame(window, std::move(then), latestMs);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // The frame is on screen once the paint pass carrying it returns to the event loop;
        // one turn later still, so whatever else waits for that frame (the start-up
        // measurement's probe) comes first.
        if (watched == m_window && event->type() == QEvent::Paint)
            QTimer::singleShot(0, this,
                               [this] { QTimer::singleShot(0, this, &AfterNextFrame::fire); });
        return QObject::eventFilter(watched, event);
    }

private:
    AfterNextFrame(QWidget* window, std::function<void()> then, int latestMs)
        : QObject(window), m_window(window), m_then(std::move(then))
    {
        window->installEventFilter(this);
        window->update();
        QTimer::singleShot(latestMs, this, &AfterNextFrame::fire);
    }

    void fire()
    {
        if (!m_then)
            return;
        const std::function<void()> then = std::exchange(m_then, nullptr);
        deleteLater();
        then();
    }

    QPointer<QWidget> m_window;
    std::function<void()> m_then;
};

} // namespace golive
