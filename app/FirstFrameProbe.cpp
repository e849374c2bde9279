#include "FirstFrameProbe.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <cstdlib>

namespace golive {

namespace {

// The process's peak resident memory (VmHWM) in KiB, or -1 where /proc does not say.
long long peakResidentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

FirstFrameProbe* FirstFrameProbe::installIfAsked(QWidget* window)
{
    // The value is how long to stay after the first frame (to let charts fill, say) before the
    // peak memory is read and the program leaves; 0 stays until closed.
    const QByteArray asked = qgetenv("GOLIVE_FIRST_FRAME_PROBE");
    if (asked.isEmpty() || window == nullptr)
        return nullptr;
    return new FirstFrameProbe(window, asked.toInt());
}

FirstFrameProbe::FirstFrameProbe(QWidget* window, int leaveAfterMs)
    : QObject(window), m_window(window), m_leaveAfterMs(leaveAfterMs)
{
    window->installEventFilter(this);
}

void FirstFrameProbe::contentReady()
{
    if (m_ready)
        return;
    m_ready = true;
    // A frame painted after this moment shows the content: ask for one.
    if (QWidget* window = m_window.data())
        window->update();
}

bool FirstFrameProbe::eventFilter(QObject* watched, QEvent* event)
{
    // The window's own paint event comes first in a frame; the frame is on screen once the
    // paint pass that carries it has returned to the event loop, where a zero timer runs.
    const QWidget* window = m_window.data();
    if (m_ready && !m_reported && window != nullptr && watched == window &&
        event->type() == QEvent::Paint) {
        if (window->isVisible() && window->width() >= 400 && window->height() >= 300) {
            m_reported = true;
            QTimer::singleShot(0, this, &FirstFrameProbe::report);
        }
    }
    return QObject::eventFilter(watched, event);
}

void FirstFrameProbe::report()
{
    std::fputs("first-frame\n", stdout);
    std::fflush(stdout);
    // Negative: leave at once, without tearing anything down, so that a profile of the start
    // (valgrind --tool=callgrind) holds the start alone. Nothing is being written then.
    if (m_leaveAfterMs < 0)
        std::_Exit(0);
    if (m_leaveAfterMs == 0)
        return;
    QTimer::singleShot(m_leaveAfterMs, this, [] {
        std::printf("peak-kib %lld\n", peakResidentKiB());
        std::fflush(stdout);
        // exit(), not quit(): leave the event loop without the close requests quit() sends.
        QCoreApplication::exit(0);
    });
}

} // namespace golive
