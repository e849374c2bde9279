// The cutover's header at the top of the window: the phase in big letters in its
// colour, the UTC clock, T-minus / T-plus to the go-live window's start, the countdown that
// matters now (a failed step's resolution timer, final monitoring) and one light per health
// check. It only shows what it is given: the window feeds it the run and the clock every second.
#pragma once

#include "Cutover.h"
#include "HealthMonitor.h"

#include <QDateTime>
#include <QFrame>
#include <QList>
#include <QString>

class QHBoxLayout;
class QLabel;

namespace golive {

class RunState;

// One health check as a light: a disc (green Up, red Down, grey Unknown, a hollow ring for a
// check golive does not probe) with the service's name under it; the detail in the tooltip.
class HealthLight : public QWidget
{
    Q_OBJECT
public:
    explicit HealthLight(const HealthResult& result, QWidget* parent = nullptr);
    const HealthResult& result() const { return m_result; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    HealthResult m_result;
};

class CutoverHeader : public QFrame
{
    Q_OBJECT
public:
    explicit CutoverHeader(QWidget* parent = nullptr);

    // Shows `state`'s cutover as of `nowUtc` (the window's clock). A run without a cutover plan
    // shows only the clock and the lights.
    void showState(const RunState& state, const QDateTime& nowUtc);
    // No run: the clock and the lights only.
    void showNoRun(const QDateTime& nowUtc);
    // What the SLO dashboard saw during final monitoring, shown under its countdown.
    void setSloNote(const QString& note, bool warning);
    // The health checks' lights, in dashboard order; an empty list hides the row.
    void setHealth(const QList<HealthResult>& results);

    // Read by tests (and by whoever shows the header elsewhere): what the room sees.
    QString phaseText() const;
    QString clockText() const;
    QString tMinusLabelText() const;
    QString countdownText() const; // "" when no countdown runs
    QString detailText() const;
    // The countdown as one line for a screen that has room for it (the wall screen): a failed
    // step's whole timer ("4.6 FAILED · 14:50 left · resolve by 05:18 UTC"), else the countdown.
    QString timerLine() const { return m_timerLine; }
    // The phase badge's colour now (red while a step has failed), for tests and the wall.
    QColor badgeColor() const { return m_badgeColor; }
    QList<HealthLight*> lights() const { return m_lights; }

    // "mm:ss" of a countdown (minutes may exceed 59); negative seconds count as 0.
    static QString mmss(qint64 seconds);
    // The phase's colour on screen.
    static QColor phaseColor(Phase phase);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // The phase's detail line, cut with "…" to the width it has (whole in its tooltip).
    void fitDetail();
    void showClock(const QDateTime& nowUtc);
    void showTMinus(const RunState& state, const QDateTime& nowUtc);
    void showCountdown(const RunState& state, const QDateTime& nowUtc);
    // A failed step's countdown, then its overtime: fills the countdown and its two note lines.
    void failureCountdown(const CutoverState& cut, const QDateTime& nowUtc, QString* countdown,
                          QString* note);

    QLabel* m_phase = nullptr;
    QLabel* m_detail = nullptr;
    QLabel* m_clock = nullptr;
    QLabel* m_tMinus = nullptr;
    QLabel* m_countdown = nullptr;
    QLabel* m_countdownNote = nullptr;
    QWidget* m_healthBox = nullptr;
    QHBoxLayout* m_lightsLayout = nullptr;
    QLabel* m_healthTitle = nullptr;
    QList<HealthLight*> m_lights;
    QString m_timerLine;
    int m_phaseMinimumWidth = 0; // the calm phases' badge width, kept from the start
    QString m_detailText;        // the detail line whole
    QColor m_badgeColor;
    QString m_sloNote;
    bool m_sloWarning = false;
};

} // namespace golive
