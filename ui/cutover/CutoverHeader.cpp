// The cutover's header: phase, UTC clock, T-minus, countdowns, health lights.
#include "CutoverHeader.h"

#include "RunState.h"
#include "Theme.h"
#include "UiText.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>

namespace golive {
namespace {

QString utcTime(const QDateTime& t, const QString& format = QStringLiteral("HH:mm"))
{
    return t.toUTC().toString(format) + QStringLiteral(" UTC");
}

QColor statusColor(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Up:
        return themeColour(ThemeColour::Ok);
    case HealthStatus::Down:
        return themeColour(ThemeColour::Breach);
    case HealthStatus::Unknown:
    case HealthStatus::NotProbed:
        break;
    }
    return themeColour(ThemeColour::Unprobed);
}

// The phase's label: white words on the phase's colour (red while a step has failed).
QString phaseStyle(const QColor& colour)
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 6px; "
                          "padding: 4px 16px; }")
        .arg(colour.name(), themeColour(ThemeColour::OnStateText).name());
}

QString statusWords(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Up:
        return QObject::tr("Up");
    case HealthStatus::Down:
        return QObject::tr("Down");
    case HealthStatus::Unknown:
        return QObject::tr("Unknown");
    case HealthStatus::NotProbed:
        return QObject::tr("not probed");
    }
    return {};
}

// Text from the runbook or a person, cut to fit one line of the header (whole in the tooltip).
QString shortened(const QString& text, qsizetype max)
{
    return text.size() > max ? text.left(max - 1) + QStringLiteral("…") : text;
}

// Restyling re-polishes the widget: only when the style changes (the header ticks every second).
void restyle(QWidget* w, const QString& sheet)
{
    if (w->styleSheet() != sheet) {
        w->setStyleSheet(sheet);
    }
}

void scaleFont(QWidget* w, double factor, bool bold)
{
    QFont f = w->font();
    f.setPointSizeF(f.pointSizeF() * factor);
    f.setBold(bold);
    w->setFont(f);
}

} // namespace

// ---- HealthLight ----

HealthLight::HealthLight(const HealthResult& result, QWidget* parent)
    : QWidget(parent), m_result(result)
{
    setObjectName(QStringLiteral("healthLight-") + result.service);
    QString tip = QStringLiteral("%1: %2").arg(result.service, statusWords(result.status));
    // Said with the time it began, as a screen reader and the tooltip give it.
    if (result.sinceUtc.isValid() && result.status != HealthStatus::NotProbed)
        tip += tr(" since %1").arg(utcTime(result.sinceUtc));
    if (!result.critical) {
        tip += tr(" (not critical)");
    }
    if (!result.detail.isEmpty()) {
        tip += QStringLiteral("\n") + result.detail;
    }
    tip += QStringLiteral("\n") +
           (result.checkedAtUtc.isValid()
                ? tr("checked at %1").arg(utcTime(result.checkedAtUtc, QStringLiteral("HH:mm:ss")))
                : tr("not checked yet"));
    if (result.demo) {
        tip += QStringLiteral("\n") + tr("DEMO: made up, not a real observation");
    }
    setToolTip(plainToolTip(tip));
    setAccessibleName(displaySafeLines(tip));
}

QSize HealthLight::sizeHint() const
{
    const QFontMetrics fm(font());
    const int text = fm.horizontalAdvance(m_result.service);
    return {qMax(text + 8, 44), 30 + fm.height() + 4};
}

QSize HealthLight::minimumSizeHint() const
{
    return sizeHint();
}

void HealthLight::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int d = 24;
    const QRectF disc((width() - d) / 2.0, 3, d, d);
    const QColor c = statusColor(m_result.status);
    if (m_result.status == HealthStatus::NotProbed) {
        p.setPen(QPen(c, 3));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(disc.adjusted(1.5, 1.5, -1.5, -1.5));
    } else {
        p.setPen(QPen(c.darker(130), 1.5));
        p.setBrush(c);
        p.drawEllipse(disc);
    }
    if (m_result.status == HealthStatus::Down) {
        // Not by colour alone: a down light carries a cross.
        p.setPen(QPen(themeColour(ThemeColour::OnStateText), 3, Qt::SolidLine, Qt::RoundCap));
        const QPointF m = disc.center();
        p.drawLine(m + QPointF(-5, -5), m + QPointF(5, 5));
        p.drawLine(m + QPointF(-5, 5), m + QPointF(5, -5));
    }
    p.setPen(palette().color(QPalette::WindowText));
    const QRect text(0, d + 6, width(), height() - d - 6);
    p.drawText(text, Qt::AlignHCenter | Qt::AlignTop, m_result.service);
}

// ---- CutoverHeader ----

CutoverHeader::CutoverHeader(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("cutoverHeader"));
    setFrameShape(QFrame::StyledPanel);
    // Never squeezed on a short screen: the room reads every line of it.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(10, 6, 10, 6);
    outer->setSpacing(4);
    auto* layout = new QHBoxLayout;
    layout->setSpacing(18);
    outer->addLayout(layout);

    auto* phaseBox = new QVBoxLayout;
    phaseBox->setSpacing(2);
    m_phase = new QLabel(this);
    m_phase->setObjectName(QStringLiteral("cutoverPhase"));
    scaleFont(m_phase, 2.2, true);
    m_phase->setAlignment(Qt::AlignCenter);
    m_phaseMinimumWidth =
        QFontMetrics(m_phase->font()).horizontalAdvance(QStringLiteral("Final monitoring")) + 32;
    m_phase->setMinimumWidth(m_phaseMinimumWidth);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("cutoverPhaseDetail"));
    m_detail->setTextFormat(Qt::PlainText); // shows typed reasons: never as rich text
    // One line, as wide as the phase above it: a wrapped line would make the header taller
    // after the GO and push the checklist down. The whole of it is in the tooltip.
    m_detail->setWordWrap(false);
    m_detail->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_detail->setMinimumHeight(m_detail->fontMetrics().height());
    phaseBox->addWidget(m_phase);
    phaseBox->addWidget(m_detail);
    phaseBox->addStretch();
    layout->addLayout(phaseBox);

    auto* clockBox = new QVBoxLayout;
    clockBox->setSpacing(2);
    m_clock = new QLabel(this);
    m_clock->setObjectName(QStringLiteral("cutoverClock"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF() * 2.0);
    mono.setBold(true);
    m_clock->setFont(mono);
    m_tMinus = new QLabel(this);
    m_tMinus->setObjectName(QStringLiteral("cutoverTMinus"));
    scaleFont(m_tMinus, 1.3, true);
    clockBox->addWidget(m_clock);
    clockBox->addWidget(m_tMinus);
    clockBox->addStretch();
    layout->addLayout(clockBox);

    auto* countdownBox = new QVBoxLayout;
    countdownBox->setSpacing(2);
    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("cutoverCountdown"));
    scaleFont(m_countdown, 2.0, true);
    // The countdown and its two note lines keep their room when empty (before the GO): the
    // header does not grow when the cutover starts.
    m_countdown->setMinimumHeight(QFontMetrics(m_countdown->font()).height());
    m_countdownNote = new QLabel(this);
    m_countdownNote->setObjectName(QStringLiteral("cutoverCountdownNote"));
    // Short lines of golive's own, never wrapped: a wrapped label in this row can be cut off.
    m_countdownNote->setWordWrap(false);
    m_countdownNote->setTextFormat(Qt::PlainText);
    scaleFont(m_countdownNote, 1.1, false);
    // On a narrow window the note gives way (whole in its tooltip), not the clock or the phase.
    m_countdownNote->setMinimumWidth(1);
    m_countdownNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_countdownNote->setMinimumHeight(QFontMetrics(m_countdownNote->font()).lineSpacing() * 2);
    m_countdownNote->setProperty("elidesOnPurpose", true); // the clipping checks honour it
    countdownBox->addWidget(m_countdown);
    countdownBox->addWidget(m_countdownNote);
    countdownBox->addStretch();
    layout->addLayout(countdownBox, 1);

    // The lights get a row of their own, across the whole header: a go-live has many services.
    m_healthBox = new QWidget(this);
    m_healthBox->setObjectName(QStringLiteral("healthLights"));
    auto* healthLayout = new QHBoxLayout(m_healthBox);
    healthLayout->setContentsMargins(0, 0, 0, 0);
    healthLayout->setSpacing(10);
    m_healthTitle = new QLabel(tr("Health"), m_healthBox);
    m_healthTitle->setObjectName(QStringLiteral("healthTitle"));
    scaleFont(m_healthTitle, 1.2, true);
    m_lightsLayout = new QHBoxLayout;
    m_lightsLayout->setSpacing(12);
    healthLayout->addWidget(m_healthTitle, 0, Qt::AlignVCenter);
    healthLayout->addLayout(m_lightsLayout);
    healthLayout->addStretch();
    m_healthBox->hide();
    outer->addWidget(m_healthBox);
}

QColor CutoverHeader::phaseColor(Phase phase)
{
    switch (phase) {
    case Phase::Preparing:
        return themeColour(ThemeColour::PhasePreparing);
    case Phase::GoNoGo:
        return themeColour(ThemeColour::PhaseGoNoGo);
    case Phase::Cutover:
        return themeColour(ThemeColour::PhaseCutover);
    case Phase::FinalMonitoring:
        return themeColour(ThemeColour::PhaseFinalMonitoring);
    case Phase::Live:
        return themeColour(ThemeColour::PhaseLive);
    case Phase::Rollback:
        return themeColour(ThemeColour::PhaseRollback);
    case Phase::RolledBack:
        return themeColour(ThemeColour::PhaseRolledBack);
    }
    return themeColour(ThemeColour::PhasePreparing);
}

QString CutoverHeader::mmss(qint64 seconds)
{
    return minutesSecondsText(seconds);
}

void CutoverHeader::fitDetail()
{
    const QString fitted =
        m_detail->fontMetrics().elidedText(m_detailText, Qt::ElideRight, m_detail->width());
    if (m_detail->text() != fitted) {
        m_detail->setText(fitted);
    }
}

void CutoverHeader::resizeEvent(QResizeEvent* event)
{
    QFrame::resizeEvent(event);
    fitDetail();
}

void CutoverHeader::showClock(const QDateTime& nowUtc)
{
    m_clock->setText(utcTime(nowUtc, QStringLiteral("HH:mm:ss")));
}

void CutoverHeader::showNoRun(const QDateTime& nowUtc)
{
    showClock(nowUtc);
    m_phase->hide();
    m_detail->hide();
    m_tMinus->hide();
    m_countdown->clear();
    m_countdown->hide();
    m_countdownNote->hide();
}

void CutoverHeader::setSloNote(const QString& note, bool warning)
{
    m_sloNote = note;
    m_sloWarning = warning;
}

void CutoverHeader::showState(const RunState& state, const QDateTime& nowUtc)
{
    const CutoverPlan& plan = state.plan();
    if (!plan.isValid()) {
        showNoRun(nowUtc);
        return;
    }
    showClock(nowUtc);
    const CutoverState& cut = state.cutover();
    const Phase phase = cut.phase();
    m_phase->show();
    m_detail->show();
    m_tMinus->show();
    // "Cutover · STEP FAILED" in red while a failed step is unresolved: the room sees it first.
    m_phase->setText(cut.badgeText());
    // Never narrower than its words and padding: the longer alarm text must not be clipped when
    // the window is narrow (the countdown's note gives way instead).
    m_phase->setMinimumWidth(
        std::max(m_phaseMinimumWidth,
                 m_phase->fontMetrics().horizontalAdvance(m_phase->text()) + 2 * 16 + 8));
    m_badgeColor =
        cut.stepFailedAlarm() ? themeColour(ThemeColour::DangerBanner) : phaseColor(phase);
    restyle(m_phase, phaseStyle(m_badgeColor));

    // Since when, and the decision that matters in this phase.
    QStringList detail;
    if (cut.phaseSinceUtc().isValid()) {
        detail << tr("since %1").arg(utcTime(cut.phaseSinceUtc()));
    }
    if (phase == Phase::Rollback || phase == Phase::RolledBack) {
        if (const auto& r = cut.rollback()) {
            detail << tr("rollback started by %1: %2").arg(r->by, r->reason);
        }
    } else if (const auto& d = cut.decision()) {
        detail << (d->go ? tr("GO by %1 at %2").arg(d->by, utcTime(d->atUtc))
                         : tr("NO-GO by %1 at %2: %3").arg(d->by, utcTime(d->atUtc), d->reason));
    }
    m_detailText = displaySafe(detail.join(QStringLiteral(" · ")));
    m_detail->setToolTip(plainToolTip(detail.join(QStringLiteral(" · "))));
    fitDetail();
    showTMinus(state, nowUtc);
    showCountdown(state, nowUtc);
}

// T-minus to the go-live window's start (hours:minutes:seconds); from the GO on, the time since
// it and how early or late it was; during a rollback, the time since it started.
void CutoverHeader::showTMinus(const RunState& state, const QDateTime& nowUtc)
{
    const CutoverPlan& plan = state.plan();
    QString startError;
    const QDateTime start = state.windowStartUtc(&startError);
    const QString elapsed = state.cutover().elapsedText(nowUtc, start);
    const QString startWords =
        start.isValid() ? utcTime(start, QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
    if (!elapsed.isEmpty()) {
        m_tMinus->setText(elapsed);
        m_tMinus->setToolTip(
            start.isValid()
                ? tr("Time since the GO (hours:minutes:seconds), and the GO against the planned "
                     "start, %1; during a rollback, the time since it started")
                      .arg(startWords)
                : tr("Time since the GO (hours:minutes:seconds); during a rollback, the time "
                     "since it started. The go-live window's start is not set."));
    } else if (start.isValid()) {
        // The date only when the start is not today (UTC): the line stays short.
        const bool today = start.toUTC().date() == nowUtc.toUTC().date();
        m_tMinus->setText(tr("%1 · start %2")
                              .arg(tMinusText(start.secsTo(nowUtc)),
                                   utcTime(start, today ? QStringLiteral("HH:mm")
                                                        : QStringLiteral("yyyy-MM-dd HH:mm"))));
        m_tMinus->setToolTip(tr("T-minus / T-plus to the go-live window's start "
                                "(hours:minutes:seconds); the window starts %1")
                                 .arg(startWords));
    } else if (plan.startFieldKey.isEmpty() ||
               state.fieldValue(plan.startFieldKey).trimmed().isEmpty()) {
        m_tMinus->setText(tr("T-? · Start not set"));
        m_tMinus->setToolTip(plainToolTip(startError));
    } else {
        m_tMinus->setText(tr("T-? · Start unreadable"));
        m_tMinus->setToolTip(plainToolTip(startError));
    }
}

// A failed step's countdown, in the failure colour: its time left, then how far over it is
// (it counts up, never rests at 00:00); the deadline and what failed under it, on two lines.
void CutoverHeader::failureCountdown(const CutoverState& cut, const QDateTime& nowUtc,
                                     QString* countdown, QString* note)
{
    const StepFailure* first = cut.urgentFailure();
    if (!first) {
        return;
    }
    const QString due = utcTime(first->deadlineUtc);
    const bool over = first->expired(nowUtc);
    *countdown = tr("%1 FAILED · %2").arg(first->stepId, failureTimeLeftText(*first, nowUtc));
    m_timerLine = tr("%1 FAILED · %2").arg(first->stepId, failureTimerText(*first, nowUtc));
    QString line = over ? tr("was due %1: the rollback is proposed").arg(due)
                        : tr("resolve by %1, then golive proposes the rollback").arg(due);
    if (cut.openFailures().size() > 1) {
        line += QStringLiteral(" · ") +
                tr("%n more step(s) failed", nullptr, int(cut.openFailures().size()) - 1);
    }
    // The words are the reporter's: long ones are cut here, whole in the tooltip.
    *note = line + QLatin1Char('\n') +
            tr("failed at %1 (%2): %3")
                .arg(utcTime(first->atUtc), first->by, shortened(first->what, 60));
}

// The countdown that matters now, in the phase's colour, with its note.
void CutoverHeader::showCountdown(const RunState& state, const QDateTime& nowUtc)
{
    const CutoverPlan& plan = state.plan();
    const CutoverState& cut = state.cutover();
    const Phase phase = cut.phase();
    QString countdown;
    QString note;
    QColor colour = themeColour(ThemeColour::Accent);
    m_timerLine.clear();
    if (cut.stepFailedAlarm()) {
        colour = themeColour(ThemeColour::ErrorText);
        failureCountdown(cut, nowUtc, &countdown, &note);
    } else if (phase == Phase::FinalMonitoring) {
        const qint64 left = cut.finalMonitoringSecondsLeft(nowUtc).value_or(0);
        colour = themeColour(ThemeColour::Accent);
        countdown = tr("Final monitoring  %1").arg(mmss(left));
        note = left > 0 ? tr("until the incident commander may declare Live")
                        : tr("over: the incident commander may declare Live");
        if (!m_sloNote.isEmpty()) {
            note += QLatin1Char('\n') + shortened(m_sloNote, 70).section(QLatin1Char('\n'), 0, 0);
        }
        if (m_sloWarning) {
            colour = themeColour(ThemeColour::ErrorText);
        }
    } else if (phase == Phase::Rollback) {
        colour = themeColour(ThemeColour::ErrorText);
        countdown =
            tr("Rollback step %1 of %2").arg(cut.nextRollbackStep()).arg(plan.rollbackSteps.size());
        note = tr("%1 of %2 done, in order")
                   .arg(cut.rollbackStepsDone().size())
                   .arg(plan.rollbackSteps.size());
    } else if (phase == Phase::RolledBack) {
        colour = themeColour(ThemeColour::WarningText);
        countdown = tr("Rolled back");
        note = tr("every step of the rollback plan is done");
    } else if (phase == Phase::Cutover) {
        const QString next = cut.nextStepId();
        if (!next.isEmpty()) {
            countdown = tr("Next step %1").arg(next);
            const RunbookItem* item = state.runbook() ? state.runbook()->findItem(next) : nullptr;
            if (item) {
                note = shortened(
                    renderPlain(item->title, *state.runbook(),
                                [&state](const QString& k) { return state.fieldValue(k); }),
                    60);
            }
        }
    } else if (phase == Phase::GoNoGo) {
        const QStringList open = cut.openPreChecks();
        countdown = open.isEmpty() ? tr("Pre-checks done")
                                   : tr("%n pre-check(s) open", nullptr, int(open.size()));
        note = open.isEmpty() ? tr("the incident commander records GO or NO-GO")
                              : shortened(open.join(QStringLiteral(", ")), 60);
        colour = themeColour(ThemeColour::WarningText);
    } else if (phase == Phase::Live) {
        colour = themeColour(ThemeColour::OkText);
        countdown = tr("Live");
        note = tr("declared at %1").arg(utcTime(cut.phaseSinceUtc()));
    }
    if (m_timerLine.isEmpty()) {
        m_timerLine = countdown;
    }
    // Shown even when empty: their room is kept (see the constructor).
    m_countdown->setText(countdown);
    restyle(m_countdown, QStringLiteral("QLabel { color: %1; }").arg(colour.name()));
    m_countdown->show();
    m_countdownNote->setText(displaySafeLines(note));
    m_countdownNote->setToolTip(plainToolTip(note));
    m_countdownNote->show();
}

void CutoverHeader::setHealth(const QList<HealthResult>& results)
{
    qDeleteAll(m_lights);
    m_lights.clear();
    bool demo = false;
    for (const HealthResult& r : results) {
        auto* light = new HealthLight(r, m_healthBox);
        m_lightsLayout->addWidget(light);
        m_lights << light;
        demo = demo || r.demo;
    }
    m_healthTitle->setText(demo ? tr("Health · DEMO") : tr("Health"));
    // DEMO lights are made up: say so in the warning colour (readable in either theme).
    m_healthTitle->setStyleSheet(demo ? QStringLiteral("QLabel { color: %1; }")
                                            .arg(themeColour(ThemeColour::WarningText).name())
                                      : QString());
    m_healthBox->setVisible(!results.isEmpty());
}

QString CutoverHeader::phaseText() const
{
    return m_phase->isHidden() ? QString() : m_phase->text();
}

QString CutoverHeader::clockText() const
{
    return m_clock->text();
}

QString CutoverHeader::tMinusLabelText() const
{
    return m_tMinus->isHidden() ? QString() : m_tMinus->text();
}

QString CutoverHeader::countdownText() const
{
    return m_countdown->isHidden() ? QString() : m_countdown->text();
}

QString CutoverHeader::detailText() const
{
    return m_countdownNote->isHidden() ? QString() : m_countdownNote->text();
}

} // namespace golive
