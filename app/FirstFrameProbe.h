// Start-up measurement: when GOLIVE_FIRST_FRAME_PROBE is set, say on stdout when the window's
// first frame that shows its content has been painted, and later its peak memory, then leave.
// The benchmark that starts golive and a bare Qt window (tests/bench/bench_first_frame) reads
// these lines from both, so both sides are timed by the same code. Unset, it does nothing.
// Its value: how long to stay after the first frame before the peak memory is read and the
// program leaves; 0 stays; negative leaves at once without tearing down (to profile a start).
#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace golive {

class FirstFrameProbe : public QObject
{
    Q_OBJECT
public:
    // Installs a probe on `window` when the environment asks for one; else returns nullptr.
    static FirstFrameProbe* installIfAsked(QWidget* window);

    // The window now shows what it is for (golive: its run is open): the next frame painted
    // after this is the one reported. A window with nothing to wait for calls it at once.
    void contentReady();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    FirstFrameProbe(QWidget* window, int leaveAfterMs);
    void report();

    QPointer<QWidget> m_window;
    int m_leaveAfterMs = 0;
    bool m_ready = false;
    bool m_reported = false;
};

} // namespace golive
