// Presentation mode: the run on a wall screen; see PresentationView.h. Every size is given for
// a 1080-line screen and scaled to the view's height, so the phase and the clock stay about
// 70 px high on a 1080p wall screen whatever the desktop's font.
#include "PresentationView.h"

#include "PresentationText.h"

#include "SloMonitor.h"
#include "SloPanelWidget.h"
#include "Theme.h"
#include "UiText.h"
#include "decision/SnapshotTable.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QFrame>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScreen>
#include <QTimer>
#include <QVBoxLayout>
#include <QWindow>

#include <algorithm>
#include <cmath>

namespace golive {
namespace {

struct Colours
{
    QColor background;
    QColor text;
};

// Each phase has its own colour; amber takes dark text, the others white. The name is always
// written too, so the phase reads on a grayscale projector and for colour-blind people.
Colours phaseColours(Phase phase)
{
    switch (phase) {
    case Phase::Preparing:
        return {themeColour(ThemeColour::PhasePreparing), themeColour(ThemeColour::OnStateText)};
    case Phase::GoNoGo:
        return {themeColour(ThemeColour::WallPhaseGoNoGo), themeColour(ThemeColour::OnAmberText)};
    case Phase::Cutover:
        return {themeColour(ThemeColour::PhaseCutover), themeColour(ThemeColour::OnStateText)};
    case Phase::FinalMonitoring:
        return {themeColour(ThemeColour::WallPhaseFinalMonitoring),
                themeColour(ThemeColour::OnStateText)};
    case Phase::Live:
        return {themeColour(ThemeColour::PhaseLive), themeColour(ThemeColour::OnStateText)};
    case Phase::Rollback:
        return {themeColour(ThemeColour::WallPhaseRollback), themeColour(ThemeColour::OnStateText)};
    case Phase::RolledBack:
        return {themeColour(ThemeColour::WallPhaseRolledBack),
                themeColour(ThemeColour::OnStateText)};
    }
    return {themeColour(ThemeColour::PhasePreparing), themeColour(ThemeColour::OnStateText)};
}

// A label on a state fill: white words, rounded corners, the given padding (pixels).
QString badgeStyle(const QColor& background, int radius, int padV, int padH)
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: %3px; "
                          "padding: %4px %5px; }")
        .arg(background.name(), themeColour(ThemeColour::OnStateText).name())
        .arg(radius)
        .arg(padV)
        .arg(padH);
}

// The section's title as the tabs show it: placeholders filled in, cut before ":" or "(".
QString shortSectionTitle(const RunbookSection& section, const Runbook& runbook,
                          const RunState& state)
{
    QString title = renderPlain(section.title, runbook,
                                [&state](const QString& k) { return state.fieldValue(k); });
    const qsizetype cut = title.indexOf(QRegularExpression(QStringLiteral("[:(]")));
    if (cut > 0) {
        title = title.left(cut).trimmed();
    }
    return section.number + QStringLiteral(". ") + title;
}

void countBlocked(const QList<RunbookItem>& items, const RunState& state, int& blocked)
{
    for (const RunbookItem& item : items) {
        if (state.item(item.id).status == ItemStatus::Blocked) {
            ++blocked;
        }
        countBlocked(item.children, state, blocked);
    }
}

QString healthWord(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Up:
        return PresentationView::tr("up");
    case HealthStatus::Down:
        return PresentationView::tr("DOWN");
    case HealthStatus::NotProbed:
        return PresentationView::tr("not probed");
    case HealthStatus::Unknown:
        break;
    }
    return PresentationView::tr("unknown");
}

QColor healthColour(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Up:
        return themeColour(ThemeColour::WallOk);
    case HealthStatus::Down:
        return themeColour(ThemeColour::WallBreach);
    case HealthStatus::NotProbed:
    case HealthStatus::Unknown:
        break;
    }
    return themeColour(ThemeColour::Unprobed);
}

} // namespace

PresentationView::PresentationView(QWidget* parent)
    : QWidget(parent, Qt::Window), m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("presentationView"));
    setWindowTitle(tr("golive — presentation"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    setFocusPolicy(Qt::StrongFocus);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(0);
    // The sizes follow the view's height: the contents must never make the view taller.
    layout->setSizeConstraint(QLayout::SetNoConstraint);

    // Top: the phase, the run's title, the countdown and the clock on one line; below it what
    // comes next and when the go-live window starts. The SLO panels get the room that saves.
    auto* top = new QHBoxLayout;
    top->setSpacing(48);
    m_phaseLabel = new QLabel(this);
    m_phaseLabel->setObjectName(QStringLiteral("presentationPhase"));
    m_demoBadge = new QLabel(tr("DEMO DATA"), this);
    m_demoBadge->setObjectName(QStringLiteral("presentationDemo"));
    m_demoBadge->setToolTip(tr("The SLO panels show generated demo data, not Prometheus"));
    m_demoBadge->hide();
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("presentationTitle"));
    // The runbook's title, the next step and the start field are runbook and run text: plain.
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_titleLabel->setWordWrap(true);
    m_countdownLabel = new QLabel(this);
    m_countdownLabel->setObjectName(QStringLiteral("presentationCountdown"));
    m_countdownLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_clockLabel = new QLabel(this);
    m_clockLabel->setObjectName(QStringLiteral("presentationClock"));
    m_clockLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    top->addWidget(m_phaseLabel, 0, Qt::AlignVCenter);
    top->addStretch(1);
    top->addWidget(m_countdownLabel, 0, Qt::AlignVCenter);
    top->addWidget(m_clockLabel, 0, Qt::AlignVCenter);
    layout->addLayout(top);

    auto* second = new QHBoxLayout;
    second->setSpacing(24);
    m_startLabel = new QLabel(this);
    m_startLabel->setObjectName(QStringLiteral("presentationStart"));
    m_startLabel->setTextFormat(Qt::PlainText);
    m_startLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    second->addWidget(m_titleLabel, 1, Qt::AlignVCenter);
    second->addWidget(m_demoBadge, 0, Qt::AlignVCenter);
    second->addWidget(m_startLabel, 0, Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(second);
    m_nextLabel = new QLabel(this);
    m_nextLabel->setObjectName(QStringLiteral("presentationNext"));
    m_nextLabel->setTextFormat(Qt::PlainText);
    m_nextLabel->setWordWrap(true);
    layout->addWidget(m_nextLabel);
    // Under the phase and what comes next: a decision in force that was taken over a breach.
    m_decisionLabel = new QLabel(this);
    m_decisionLabel->setObjectName(QStringLiteral("presentationDecisionMark"));
    m_decisionLabel->setTextFormat(Qt::PlainText);
    m_decisionLabel->setWordWrap(true);
    m_decisionLabel->hide();
    layout->addWidget(m_decisionLabel);

    createAlarmRows(layout);

    m_healthBox = new QWidget(this);
    m_healthBox->setObjectName(QStringLiteral("presentationHealth"));
    auto* healthLayout = new QHBoxLayout(m_healthBox);
    healthLayout->setContentsMargins(0, 0, 0, 0);
    healthLayout->addStretch(1);
    m_healthBox->hide();
    layout->addWidget(m_healthBox);

    // Body: progress per section on the left, the SLO panels on the right.
    auto* body = new QHBoxLayout;
    auto* progressBox = new QWidget(this);
    progressBox->setObjectName(QStringLiteral("presentationProgress"));
    auto* progressLayout = new QVBoxLayout(progressBox);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_progressHeading = new QLabel(progressBox);
    m_progressHeading->setObjectName(QStringLiteral("presentationTotal"));
    m_progressHeading->setWordWrap(true);
    progressLayout->addWidget(m_progressHeading);
    m_sectionsLayout = new QVBoxLayout;
    m_sectionsLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addLayout(m_sectionsLayout);
    progressLayout->addStretch(1);
    m_footer = new QLabel(tr("F11 or Esc: back to the checklist"), progressBox);
    m_footer->setObjectName(QStringLiteral("presentationFooter"));
    progressLayout->addWidget(m_footer);
    body->addWidget(progressBox, 30);

    m_sloBox = new QWidget(this);
    m_sloBox->setObjectName(QStringLiteral("presentationSlos"));
    m_sloGrid = new QGridLayout(m_sloBox);
    m_sloGrid->setContentsMargins(0, 0, 0, 0);
    m_sloPlaceholder = new QLabel(tr("No SLO dashboard"), m_sloBox);
    m_sloPlaceholder->setAlignment(Qt::AlignCenter);
    m_sloGrid->addWidget(m_sloPlaceholder, 0, 0);
    body->addWidget(m_sloBox, 70);
    layout->addLayout(body, 1);

    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &PresentationView::tick);
    connect(ThemeNotifier::instance(), &ThemeNotifier::themeChanged, this, [this] {
        applyScale();
        scheduleRebuild(); // the charts and series take the new theme's colours
    });

    resize(1280, 720);
    clearRun();
    applyScale();
}

PresentationView::~PresentationView() = default;

// What must not be missed: an abort cause, then the timer running and a rollback proposal.
void PresentationView::createAlarmRows(QVBoxLayout* layout)
{
    m_abortBand = new QLabel(this);
    m_abortBand->setObjectName(QStringLiteral("presentationAbort"));
    m_abortBand->setWordWrap(true);
    m_abortBand->setTextFormat(Qt::PlainText);
    m_abortBand->hide();
    layout->addWidget(m_abortBand);
    m_timerLabel = new QLabel(this);
    m_timerLabel->setObjectName(QStringLiteral("presentationTimer"));
    m_timerLabel->setWordWrap(true);
    m_timerLabel->setTextFormat(Qt::PlainText);
    m_timerLabel->hide();
    // The rollback proposal beside the timer that led to it: a short line the room reads at
    // once, what and why smaller below. On one row, so that the SLO panels keep their room.
    m_proposalLabel = new QLabel(tr("ROLLBACK PROPOSED"), this);
    m_proposalLabel->setObjectName(QStringLiteral("presentationProposal"));
    m_proposalLabel->hide();
    auto* timerRow = new QHBoxLayout;
    timerRow->setSpacing(48);
    timerRow->addWidget(m_timerLabel, 1, Qt::AlignVCenter);
    timerRow->addWidget(m_proposalLabel, 0, Qt::AlignRight | Qt::AlignVCenter);
    m_deadlineLabel = new QLabel(this);
    m_deadlineLabel->setObjectName(QStringLiteral("presentationDeadline"));
    m_deadlineLabel->setTextFormat(Qt::PlainText);
    m_deadlineLabel->hide();
    timerRow->addWidget(m_deadlineLabel, 0, Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(timerRow);
    m_proposalDetails = new QLabel(this);
    m_proposalDetails->setObjectName(QStringLiteral("presentationProposalDetails"));
    m_proposalDetails->setTextFormat(Qt::PlainText);
    m_proposalDetails->setWordWrap(true);
    m_proposalDetails->hide();
    layout->addWidget(m_proposalDetails);
}

int PresentationView::px(double atFullHd) const
{
    return std::max(1, static_cast<int>(std::lround(atFullHd * m_scale)));
}

// --- The run ---

void PresentationView::setRun(const Runbook& runbook, const RunState& state)
{
    m_hasRun = true;
    m_title = runbook.title;
    m_phase = state.cutover().phase();
    m_hasCutover = state.plan().isValid();
    QString startError;
    m_startUtc = state.windowStartUtc(&startError);
    const QString startKey = state.plan().startFieldKey;
    m_startProblem = startKey.isEmpty() ? QString()
                     : state.fieldValue(startKey).trimmed().isEmpty()
                         ? tr("Go-live start not filled in")
                         : tr("Go-live start unreadable: %1").arg(startError);
    m_total = state.totalProgress();

    const auto valueOf = [&state](const QString& k) { return state.fieldValue(k); };
    const auto itemLine = [&](const QString& id) {
        const RunbookItem* item = runbook.findItem(id);
        return item ? id + QStringLiteral("  ") + renderPlain(item->title, runbook, valueOf) : id;
    };
    const CutoverState& cutover = state.cutover();
    m_badgeText = cutover.badgeText();
    m_stepFailed = cutover.stepFailedAlarm();
    m_decisionMark = decisionBreachMarks(state).join(QLatin1Char('\n'));
    m_nextLine.clear();
    switch (m_phase) {
    case Phase::GoNoGo: {
        const QStringList open = cutover.openPreChecks();
        if (cutover.decision() && !cutover.decision()->go) {
            m_nextLine = tr("NO-GO recorded: %1").arg(cutover.decision()->reason);
        } else if (open.isEmpty()) {
            m_nextLine = tr("Every pre-check done: waiting for the GO");
        } else {
            m_nextLine = tr("%n pre-check(s) open: %1", nullptr, int(open.size()))
                             .arg(open.join(QStringLiteral(", ")));
        }
        break;
    }
    case Phase::Cutover:
    case Phase::FinalMonitoring:
        if (m_stepFailed) {
            // No "Next:" while a step has failed: nothing goes on until it is resolved. What
            // failed instead, the one whose time runs out first.
            const QList<StepFailure>& open = cutover.openFailures();
            const StepFailure* first = &open.constFirst();
            for (const StepFailure& f : open) {
                first = f.deadlineUtc < first->deadlineUtc ? &f : first;
            }
            m_nextLine = tr("FAILED: %1 · %2").arg(itemLine(first->stepId), first->what);
            if (open.size() > 1) {
                m_nextLine +=
                    QLatin1Char('\n') + tr("%n more step(s) failed", nullptr, int(open.size()) - 1);
            }
        } else if (const QString next = cutover.nextStepId(); !next.isEmpty()) {
            m_nextLine = tr("Next: %1").arg(itemLine(next));
        }
        break;
    case Phase::Rollback:
        if (const int n = cutover.nextRollbackStep(); n > 0) {
            const QStringList& steps = cutover.plan().rollbackSteps;
            m_nextLine = tr("Rollback step %1 of %2: %3")
                             .arg(n)
                             .arg(steps.size())
                             .arg(n <= steps.size() ? renderPlain(steps.at(n - 1), runbook, valueOf)
                                                    : QString());
        }
        break;
    case Phase::Preparing:
    case Phase::Live:
    case Phase::RolledBack:
        break;
    }

    QList<SectionRow> rows;
    for (int s = 0; s < runbook.sections.size(); ++s) {
        const RunbookSection& section = runbook.sections.at(s);
        SectionRow row;
        row.title = shortSectionTitle(section, runbook, state);
        row.progress = state.sectionProgress(s);
        for (const RunbookGroup& group : section.groups) {
            countBlocked(group.items, state, row.blocked);
        }
        rows << row;
    }
    const bool sameSections =
        rows.size() == m_sectionRows.size() &&
        std::equal(rows.cbegin(), rows.cend(), m_sectionRows.cbegin(),
                   [](const SectionRow& a, const SectionRow& b) { return a.title == b.title; });
    m_sectionRows = rows;
    if (!sameSections) {
        rebuildSectionWidgets();
    }
    updateRunWidgets();
}

void PresentationView::clearRun()
{
    m_hasRun = false;
    m_title = tr("No run open");
    m_phase = Phase::Preparing;
    m_badgeText.clear();
    m_stepFailed = false;
    m_hasCutover = false;
    m_startUtc = QDateTime();
    m_startProblem.clear();
    m_nextLine.clear();
    m_decisionMark.clear();
    m_total = Progress();
    m_sectionRows.clear();
    rebuildSectionWidgets();
    updateRunWidgets();
}

void PresentationView::updateRunWidgets()
{
    m_titleLabel->setText(displaySafe(m_title));
    m_phaseLabel->setText(m_hasRun ? m_badgeText : QString());
    m_phaseLabel->setVisible(m_hasRun);
    updatePhaseStyle();
    m_nextLabel->setText(displaySafeLines(m_nextLine));
    m_nextLabel->setVisible(!m_nextLine.isEmpty());
    m_decisionLabel->setText(displaySafeLines(m_decisionMark));
    m_decisionLabel->setVisible(!m_decisionMark.isEmpty());
    if (m_startUtc.isValid()) {
        m_startLabel->setText(
            tr("go-live %1 UTC")
                .arg(m_startUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    } else {
        m_startLabel->setText(displaySafe(m_startProblem));
    }
    m_startLabel->setVisible(!m_startLabel->text().isEmpty());
    m_progressHeading->setText(
        m_hasRun ? tr("Progress: %1 of %2 items done").arg(m_total.done).arg(m_total.total)
                 : QString());
    updateSectionWidgets();
    tick();
}

void PresentationView::fitTopLine()
{
    // The phase, the countdown and the clock share one line at 76 px (at 1080 lines); a longer
    // badge ("Cutover · STEP FAILED") makes all three smaller rather than cutting one of them.
    auto* top = static_cast<QBoxLayout*>(layout()->itemAt(0)->layout());
    const int room = width() - px(36) * 2;
    int pixels = px(76);
    for (; pixels > px(40); pixels -= std::max(1, px(2))) {
        int needed = 0;
        int shown = 0;
        for (QLabel* label : {m_phaseLabel, m_countdownLabel, m_clockLabel}) {
            setPixelFont(label, pixels, true);
            if (!label->isHidden()) {
                needed += label->sizeHint().width();
                ++shown;
            }
        }
        if (needed + top->spacing() * std::max(0, shown) <= room) {
            break;
        }
    }
    for (QLabel* label : {m_phaseLabel, m_countdownLabel, m_clockLabel}) {
        setPixelFont(label, pixels, true);
    }
}

void PresentationView::updatePhaseStyle()
{
    // A failed step turns the badge red whatever the phase's own colour.
    const Colours c = m_stepFailed ? Colours{themeColour(ThemeColour::WallBreach),
                                             themeColour(ThemeColour::OnStateText)}
                                   : phaseColours(m_phase);
    m_phaseLabel->setProperty("alarm", m_stepFailed);
    m_phaseLabel->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; border-radius: %3px; padding: %4px "
                       "%5px; }")
            .arg(c.background.name(), c.text.name())
            .arg(px(10))
            .arg(px(4))
            .arg(px(28)));
    fitTopLine();
    updateAlarmStyle();
}

void PresentationView::updateAlarmStyle()
{
    // While a step has failed its timer is what the room must read: red, as large as the
    // clock, and it stays after the deadline (it counts up). Otherwise it is a note.
    setPixelFont(m_timerLabel, m_stepFailed ? px(76) : px(40), true);
    const QColor timerColour =
        themeColour(m_stepFailed ? ThemeColour::WallAlarmText : ThemeColour::WarningText);
    m_timerLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(timerColour.name()));
    m_timerLabel->setProperty("alarm", m_stepFailed);
    m_nextLabel->setStyleSheet(m_stepFailed
                                   ? QStringLiteral("QLabel { color: %1; font-weight: bold; }")
                                         .arg(themeColour(ThemeColour::WallAlarmText).name())
                                   : QString());
    setPixelFont(m_proposalLabel, px(44), true);
    setPixelFont(m_deadlineLabel, px(44), true);
    m_deadlineLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }")
                                       .arg(themeColour(ThemeColour::WallAlarmText).name()));
    m_proposalLabel->setStyleSheet(
        badgeStyle(themeColour(ThemeColour::WallBreach), px(8), px(6), px(20)));
    setPixelFont(m_proposalDetails, px(kWallMinimumTextPx + 4), false);
}

void PresentationView::rebuildSectionWidgets()
{
    for (const SectionWidgets& w : std::as_const(m_sectionWidgets)) {
        delete w.row;
    }
    m_sectionWidgets.clear();
    for (int i = 0; i < m_sectionRows.size(); ++i) {
        SectionWidgets w;
        w.row = new QWidget(this);
        w.row->setObjectName(QStringLiteral("presentationSection%1").arg(i));
        auto* rowLayout = new QVBoxLayout(w.row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->setSpacing(2);
        auto* line = new QHBoxLayout;
        // One line each, cut with "…" when long: six sections must fit under the heading.
        w.title = new ElidingLabel(w.row);
        w.title->setObjectName(QStringLiteral("sectionTitle"));
        w.count = new QLabel(w.row);
        w.count->setObjectName(QStringLiteral("sectionCount"));
        w.count->setTextFormat(Qt::RichText);
        w.count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        line->addWidget(w.title, 1);
        line->addWidget(w.count);
        w.bar = new QProgressBar(w.row);
        w.bar->setObjectName(QStringLiteral("sectionBar"));
        w.bar->setTextVisible(false);
        rowLayout->addLayout(line);
        rowLayout->addWidget(w.bar);
        m_sectionsLayout->addWidget(w.row);
        m_sectionWidgets << w;
    }
    applyScale();
}

void PresentationView::updateSectionWidgets()
{
    const QColor track = themeColour(ThemeColour::WallTrack);
    for (int i = 0; i < m_sectionWidgets.size() && i < m_sectionRows.size(); ++i) {
        const SectionWidgets& w = m_sectionWidgets.at(i);
        const SectionRow& row = m_sectionRows.at(i);
        w.title->setFullText(row.title);
        QString count = row.progress.total > 0 ? row.progress.toString() : tr("no items");
        if (row.blocked > 0) {
            count = QStringLiteral("<span style='color:%1'>%2</span>&nbsp;&nbsp;")
                        .arg(themeColour(ThemeColour::ErrorText).name(),
                             tr("%n blocked", nullptr, row.blocked).toHtmlEscaped()) +
                    count;
        }
        w.count->setText(count);
        w.bar->setRange(0, std::max(1, row.progress.total));
        w.bar->setValue(row.progress.done);
        const bool complete = row.progress.total > 0 && row.progress.done == row.progress.total;
        const QColor chunk = themeColour(row.blocked > 0 ? ThemeColour::WallBreach
                                         : complete      ? ThemeColour::WallOk
                                                         : ThemeColour::WallInProgress);
        w.bar->setStyleSheet(QStringLiteral("QProgressBar { background: %1; border: none; "
                                            "border-radius: %3px; } QProgressBar::chunk { "
                                            "background: %2; border-radius: %3px; }")
                                 .arg(track.name(), chunk.name())
                                 .arg(px(6)));
        w.bar->setToolTip(plainToolTip(tr("%1: %2 of %3 items done")
                                           .arg(row.title)
                                           .arg(row.progress.done)
                                           .arg(row.progress.total)));
    }
}

Progress PresentationView::sectionProgress(int row) const
{
    if (row < 0 || row >= m_sectionWidgets.size()) {
        return {};
    }
    // What the bar shows, which is what a person reads.
    const QProgressBar* bar = m_sectionWidgets.at(row).bar;
    return {bar->value(), m_sectionRows.at(row).progress.total};
}

// --- Clock ---

void PresentationView::setClock(std::function<QDateTime()> now)
{
    m_now = now ? std::move(now) : [] { return QDateTime::currentDateTimeUtc(); };
    for (SloPanelWidget* p : std::as_const(m_panels)) {
        p->setClock(m_now);
    }
    tick();
}

void PresentationView::tick()
{
    const QDateTime now = m_now().toUTC();
    m_clockLabel->setText(now.toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" UTC"));
    const QString countdownBefore = m_countdownLabel->isHidden() ? QString() : countdownText();
    if (m_startUtc.isValid()) {
        m_countdownLabel->setText(tMinusText(m_startUtc.secsTo(now)));
        m_countdownLabel->show();
    } else {
        m_countdownLabel->clear();
        m_countdownLabel->hide();
    }
    if (countdownText().size() != countdownBefore.size()) {
        fitTopLine(); // a longer countdown ("T+1:05:00") must not cut the line either
    }
    if (!isVisible()) {
        return;
    }
    for (SloPanelWidget* p : std::as_const(m_panels)) {
        p->checkStale();
    }
}

QString PresentationView::phaseText() const
{
    return m_phaseLabel->text();
}

QString PresentationView::clockText() const
{
    return m_clockLabel->text();
}

QString PresentationView::countdownText() const
{
    return m_countdownLabel->text();
}

bool PresentationView::demoBadgeVisible() const
{
    return !m_demoBadge->isHidden();
}

// --- Health, abort, timer ---

void PresentationView::setHealth(const QList<HealthResult>& results)
{
    // Fed every second by the window: restyle only when a light really changed.
    const auto same = [](const HealthResult& a, const HealthResult& b) {
        return a.service == b.service && a.status == b.status && a.detail == b.detail &&
               a.critical == b.critical && a.demo == b.demo;
    };
    if (results.size() == m_health.size() &&
        std::equal(results.cbegin(), results.cend(), m_health.cbegin(), same)) {
        return;
    }
    m_health = results;
    updateHealthWidgets();
}

void PresentationView::updateHealthWidgets()
{
    auto* layout = static_cast<QHBoxLayout*>(m_healthBox->layout());
    while (m_healthLights.size() > m_health.size()) {
        delete m_healthLights.takeLast();
    }
    while (m_healthLights.size() < m_health.size()) {
        auto* light = new QLabel(m_healthBox);
        light->setObjectName(QStringLiteral("healthLight"));
        light->setTextFormat(Qt::RichText);
        layout->insertWidget(layout->count() - 1, light);
        m_healthLights << light;
    }
    for (int i = 0; i < m_health.size(); ++i) {
        const HealthResult& r = m_health.at(i);
        QLabel* light = m_healthLights.at(i);
        const bool alarm = r.status == HealthStatus::Down && r.critical;
        // From across the room the dot says it: a word only where something is wrong or not
        // known (the DEMO badge already marks made-up lights; a hollow dot is not probed).
        const bool quiet = r.status == HealthStatus::Up || r.status == HealthStatus::NotProbed;
        const QString word = quiet ? QString() : healthWord(r.status);
        const QString dot = r.status == HealthStatus::NotProbed ? QStringLiteral("&#9675;")
                                                                : QStringLiteral("&#9679;");
        light->setText(QStringLiteral("<span style='color:%1'>%5</span>&nbsp;%2&nbsp;"
                                      "<span style='color:%3'>%4</span>")
                           .arg(healthColour(r.status).name(), r.service.toHtmlEscaped(),
                                alarm ? themeColour(ThemeColour::ErrorText).name()
                                      : themeColour(ThemeColour::MutedText).name(),
                                alarm ? QStringLiteral("<b>%1</b>").arg(word.toHtmlEscaped())
                                      : word.toHtmlEscaped(),
                                dot));
        light->setToolTip(
            plainToolTip(healthWord(r.status) + QStringLiteral(": ") + cappedMessage(r.detail)));
        light->setProperty("service", r.service);
        light->setProperty("status", static_cast<int>(r.status));
    }
    m_healthBox->setVisible(!m_health.isEmpty());
    applyScale();
}

void PresentationView::setAbortCause(const QString& cause)
{
    m_abortCause = cause.trimmed();
    m_abortBand->setText(
        m_abortCause.isEmpty() ? QString() : displaySafeLines(tr("ABORT: %1").arg(m_abortCause)));
    m_abortBand->setVisible(!m_abortCause.isEmpty());
}

void PresentationView::setTimerText(const QString& text)
{
    m_timerText = text.trimmed();
    m_timerLabel->setText(displaySafeLines(m_timerText));
    m_timerLabel->setVisible(!m_timerText.isEmpty());
}

void PresentationView::setRollbackProposal(const QString& details)
{
    m_proposal = details.trimmed();
    m_proposalDetails->setText(displaySafeLines(m_proposal));
    m_proposalLabel->setVisible(!m_proposal.isEmpty());
    m_proposalDetails->setVisible(!m_proposal.isEmpty());
    m_deadlineLabel->setVisible(m_proposal.isEmpty() && !m_deadlineLabel->text().isEmpty());
}

void PresentationView::setTimerDeadline(const QString& words)
{
    m_deadlineLabel->setText(words.trimmed());
    m_deadlineLabel->setVisible(m_proposal.isEmpty() && !m_deadlineLabel->text().isEmpty());
}

QString PresentationView::timerDeadlineText() const
{
    return m_deadlineLabel->isHidden() ? QString() : m_deadlineLabel->text();
}

QString PresentationView::nextText() const
{
    return m_nextLabel->isHidden() ? QString() : m_nextLabel->text();
}

QString PresentationView::decisionMarkText() const
{
    return m_decisionLabel->text();
}

QString PresentationView::timerText() const
{
    return m_timerLabel->isHidden() ? QString() : m_timerLabel->text();
}

// --- Showing ---

void PresentationView::setPresenting(bool on)
{
    if (on == isVisible()) {
        return;
    }
    if (!on) {
        hide();
        // Back to the control room: the window behind takes the keyboard again.
        if (QWidget* owner = parentWidget() ? parentWidget()->window() : nullptr) {
            owner->activateWindow();
        }
        return;
    }
    // The wall screen: another screen than the window's when there is one, else the window's.
    QWidget* owner = parentWidget() ? parentWidget()->window() : nullptr;
    QScreen* ownScreen = owner ? owner->screen() : QGuiApplication::primaryScreen();
    QScreen* target = ownScreen;
    for (QScreen* s : QGuiApplication::screens()) {
        if (s != ownScreen) {
            target = s;
            break;
        }
    }
    if (target) {
        winId(); // a native window, so that it can be put on the screen
        if (QWindow* window = windowHandle()) {
            window->setScreen(target);
        }
        setGeometry(target->geometry());
    }
    showFullScreen();
    raise();
    activateWindow();
    setFocus();
}

void PresentationView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    applyScale();
    syncFromMonitor();
    if (m_panelsPending) {
        rebuildPanels();
    }
    if (const SloMonitor* const monitor = m_monitor.data()) {
        for (auto it = m_panelById.cbegin(); it != m_panelById.cend(); ++it) {
            if (monitor->hasUpdate(it.key())) {
                applyToPanel(it.value(), monitor->latestUpdate(it.key()));
            }
        }
    }
    if (m_source.data()) {
        askRefresh();
    }
    m_timer->start();
    tick();
    emit presentingChanged(true);
}

void PresentationView::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
    emit presentingChanged(false);
}

void PresentationView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape || event->key() == Qt::Key_F11) {
        setPresenting(false);
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void PresentationView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    applyScale();
}

void PresentationView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateSectionWidgets();
        updateHealthWidgets();
    }
}

void PresentationView::applyScale()
{
    m_scale = std::max(480, height()) / 1080.0;
    auto* top = static_cast<QVBoxLayout*>(layout());
    top->setContentsMargins(px(36), px(24), px(36), px(12));
    top->setSpacing(px(10));

    setPixelFont(m_titleLabel, px(36), true);
    setPixelFont(m_demoBadge, px(30), true);
    m_demoBadge->setStyleSheet(
        badgeStyle(themeColour(ThemeColour::WallDemoBadge), px(8), px(4), px(16)));
    setPixelFont(m_nextLabel, px(30), false);
    setPixelFont(m_decisionLabel, px(30), true);
    m_decisionLabel->setStyleSheet(
        QStringLiteral("QLabel { color: %1; }").arg(themeColour(ThemeColour::WarningText).name()));
    setPixelFont(m_startLabel, px(30), false);
    setPixelFont(m_abortBand, px(44), true);
    m_abortBand->setStyleSheet(
        badgeStyle(themeColour(ThemeColour::DangerBanner), px(8), px(10), px(20)));
    for (QLabel* light : std::as_const(m_healthLights)) {
        setPixelFont(light, px(30), false);
    }
    if (auto* healthLayout = m_healthBox->layout()) {
        healthLayout->setSpacing(px(36));
    }
    setPixelFont(m_progressHeading, px(30), true);
    m_sectionsLayout->setSpacing(px(12));
    m_sectionsLayout->setContentsMargins(0, px(8), px(24), 0);
    for (const SectionWidgets& w : std::as_const(m_sectionWidgets)) {
        setPixelFont(w.title, px(28), false);
        setPixelFont(w.count, px(28), true);
        w.bar->setFixedHeight(px(22));
    }
    updatePhaseStyle();
    updateSectionWidgets();
    setPixelFont(m_sloPlaceholder, px(30), false);
    setPixelFont(m_footer, px(kWallMinimumTextPx), false);
    m_footer->setStyleSheet(
        QStringLiteral("QLabel { color: %1; }").arg(themeColour(ThemeColour::MutedText).name()));
    m_sloGrid->setSpacing(px(14));

    // The SLO panels size their words from their parent's font (in points) when they are
    // made: a new size makes them anew, with their last data.
    QFont sloFont = font();
    const int dpi = std::max(1, logicalDpiY());
    sloFont.setPointSizeF(std::round(px(21) * 72.0 / dpi * 2) / 2);
    m_sloBox->setFont(sloFont);
    if (std::fabs(sloFont.pointSizeF() - m_panelPointSize) > 0.01 && !m_panels.isEmpty()) {
        scheduleRebuild();
    }
}

} // namespace golive
