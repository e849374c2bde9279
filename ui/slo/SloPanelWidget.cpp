// One SLO panel: chart, current value, state. The state is always spelled out as well as
// coloured, so the panel reads on a grayscale projector and for colour-blind people.
#include "SloPanelWidget.h"

#include "DecisionMarkerOverlay.h"
#include "Theme.h"
#include "UiText.h"
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace golive {
namespace {

QColor stateColour(SloState state)
{
    switch (state) {
    case SloState::Ok:
        return themeColour(ThemeColour::Ok);
    case SloState::AtRisk:
        return themeColour(ThemeColour::AtRisk);
    case SloState::Breach:
        return themeColour(ThemeColour::Breach);
    case SloState::Unknown:
        break;
    }
    return themeColour(ThemeColour::Unknown);
}

// Data lines avoid green, amber and red: those colours mean a state on this screen.
QColor seriesColour(int index)
{
    return themeSeriesColour(SeriesPalette::Panel, index);
}

// White words unless `text` says otherwise.
QString badgeStyle(const QColor& background,
                   const QColor& text = themeColour(ThemeColour::OnStateText))
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px;"
                          " padding: 2px 8px; font-weight: bold; }")
        .arg(background.name(), text.name());
}

// Decimals for a number shown with `step` resolution (axis ticks, current values).
int decimalsFor(double step)
{
    if (!(step > 0) || !std::isfinite(step)) {
        return 0;
    }
    return std::clamp(static_cast<int>(std::ceil(-std::log10(step))), 0, 4);
}

} // namespace

SloPanelWidget::SloPanelWidget(const PanelDefinition& panel, QWidget* parent)
    : QFrame(parent), m_panel(panel), m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("sloPanel"));
    setProperty("panelId", panel.id);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumWidth(kMinimumWidth);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(2);

    createHeader(layout);
    createValueRow(layout);
    createChart();

    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("panelChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMinimumHeight(190);
    layout->addWidget(m_view, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("panelStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    setRange(m_now().addSecs(-3600), m_now());
    updateHeader();
    updateStatus();
}

// The title, the DEMO badge and the state badge.
void SloPanelWidget::createHeader(QVBoxLayout* layout)
{
    const PanelDefinition& panel = m_panel;
    auto* header = new QHBoxLayout;
    m_title = new QLabel(panel.title.isEmpty() ? panel.id : panel.title, this);
    m_title->setObjectName(QStringLiteral("panelTitle"));
    m_title->setTextFormat(Qt::PlainText); // the dashboard file's text, not markup
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setToolTip(plainToolTip(panel.query));
    // Titles carry the SLO in words ("… (API read SLO: 350 ms)"): wrap rather than cut.
    m_title->setWordWrap(true);
    m_demoBadge = new QLabel(tr("DEMO"), this);
    m_demoBadge->setObjectName(QStringLiteral("panelDemo"));
    m_demoBadge->setStyleSheet(badgeStyle(themeColour(ThemeColour::DemoBadge)));
    m_demoBadge->setToolTip(tr("Generated demo data, not from Prometheus"));
    m_demoBadge->hide();
    m_stateBadge = new QLabel(this);
    m_stateBadge->setObjectName(QStringLiteral("panelState"));
    header->addWidget(m_title, 1);
    header->addWidget(m_demoBadge, 0, Qt::AlignTop);
    header->addWidget(m_stateBadge, 0, Qt::AlignTop);
    layout->addLayout(header);
}

// The latest value, large, beside the objective and the at-risk level.
void SloPanelWidget::createValueRow(QVBoxLayout* layout)
{
    const PanelDefinition& panel = m_panel;
    auto* valueRow = new QHBoxLayout;
    m_value = new QLabel(QStringLiteral("–"), this);
    m_value->setObjectName(QStringLiteral("panelValue"));
    QFont valueFont = m_value->font();
    // Large enough to read across a war room from a wall screen.
    valueFont.setPointSizeF(valueFont.pointSizeF() * 2.6);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_valueUnit = new QLabel(this);
    QFont unitFont = m_valueUnit->font();
    unitFont.setPointSizeF(unitFont.pointSizeF() * 1.4);
    m_valueUnit->setFont(unitFont);
    m_objective = new QLabel(this);
    m_objective->setObjectName(QStringLiteral("panelObjective"));
    m_objective->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    const QString op =
        panel.slo.good == SloSpec::Good::Below ? QStringLiteral("≤") : QStringLiteral("≥");
    QString objectiveText =
        tr("objective %1 %2")
            .arg(op, formatSloValue(panel.slo.objective, panel.unit, ValueStyle::Panel));
    if (panel.slo.warningLevel() != panel.slo.objective) {
        objectiveText +=
            QLatin1Char('\n') +
            tr("at risk past %1")
                .arg(formatSloValue(panel.slo.warningLevel(), panel.unit, ValueStyle::Panel));
    }
    m_objective->setText(objectiveText);
    valueRow->addWidget(m_value, 0, Qt::AlignBaseline);
    valueRow->addWidget(m_valueUnit, 0, Qt::AlignBaseline);
    valueRow->addStretch(1);
    valueRow->addWidget(m_objective);
    layout->addLayout(valueRow);
}

// The chart with its axes and the objective and at-risk lines.
void SloPanelWidget::createChart()
{
    const PanelDefinition& panel = m_panel;
    m_chart = new QChart;
    // Redrawing every few seconds on a wall screen: animations only cost CPU and memory.
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundVisible(false);
    m_chart->setMargins(QMargins(0, 0, 0, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->hide();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_chart->legend()->setFont(small);

    m_xAxis = new QDateTimeAxis;
    m_xAxis->setFormat(QStringLiteral("HH:mm"));
    m_xAxis->setTickCount(5);
    m_xAxis->setLabelsFont(small);
    m_yAxis = new QValueAxis;
    m_yAxis->setTickCount(5);
    m_yAxis->setLabelsFont(small);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);

    // The threshold lines go in first so the data is drawn over them.
    auto addThreshold = [this](const QString& name, const QColor& colour, Qt::PenStyle style) {
        auto* line = new QLineSeries;
        line->setName(name);
        QPen pen(colour);
        pen.setWidthF(1.6);
        pen.setStyle(style);
        line->setPen(pen);
        m_chart->addSeries(line);
        line->attachAxis(m_xAxis);
        line->attachAxis(m_yAxis);
        for (QLegendMarker* marker : m_chart->legend()->markers(line)) {
            marker->setVisible(false);
        }
        return line;
    };
    m_objectiveLine = addThreshold(tr("objective"), stateColour(SloState::Breach), Qt::DashLine);
    m_warningLine = addThreshold(tr("at risk"), themeColour(ThemeColour::AtRiskLine), Qt::DotLine);
    m_warningLine->setVisible(panel.slo.warningLevel() != panel.slo.objective);

    // The run's decisions over the chart, labelled in the axis labels' size.
    m_markers = new DecisionMarkerOverlay(m_chart);
    QFont markerFont = small;
    markerFont.setBold(true);
    m_markers->setLabelFont(markerFont);
}

SloPanelWidget::~SloPanelWidget() = default;

void SloPanelWidget::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
    checkStale();
}

void SloPanelWidget::setStaleAfterMs(qint64 ms)
{
    m_staleAfterMs = ms;
    checkStale();
}

void SloPanelWidget::setRange(const QDateTime& startUtc, const QDateTime& endUtc)
{
    m_startMs = startUtc.toMSecsSinceEpoch();
    m_endMs = endUtc.toMSecsSinceEpoch();
    m_xAxis->setRange(QDateTime::fromMSecsSinceEpoch(m_startMs),
                      QDateTime::fromMSecsSinceEpoch(m_endMs));
    updateThresholdLines();
    m_markers->setRange(m_startMs, m_endMs);
}

void SloPanelWidget::setDecisionMarkers(const QList<DecisionMarker>& markers)
{
    m_markers->setMarkers(markers);
}

int SloPanelWidget::plotWidth() const
{
    const int plot = qRound(m_chart->plotArea().width());
    if (plot > 0) {
        return plot;
    }
    // Not laid out yet: the view minus a typical y-axis label column.
    return std::max(0, m_view->width() - 70);
}

QString SloPanelWidget::stateText() const
{
    switch (m_state) {
    case SloState::Ok:
        return tr("OK");
    case SloState::AtRisk:
        return tr("AT RISK");
    case SloState::Breach:
        return tr("BREACH");
    case SloState::Unknown:
        break;
    }
    return tr("UNKNOWN");
}

QString SloPanelWidget::statusText() const
{
    return m_status->text();
}

QString SloPanelWidget::valueText() const
{
    return m_value->text() + QLatin1Char(' ') + m_valueUnit->text();
}

bool SloPanelWidget::demoBadgeVisible() const
{
    return !m_demoBadge->isHidden();
}

void SloPanelWidget::applyUpdate(const PanelUpdate& update)
{
    m_demoBadge->setVisible(update.demo);
    if (!update.ok) {
        // Keep the last good picture on screen: a blank panel in the middle of a go-live
        // says less than yesterday's line marked stale.
        m_error = update.error.isEmpty() ? tr("update failed") : update.error;
        checkStale();
        updateStatus();
        return;
    }
    m_error.clear();
    m_lastGood = update;
    m_hasGood = true;
    m_lastGoodAt = update.fetchedAtUtc.isValid() ? update.fetchedAtUtc : m_now();
    m_state = update.state;
    m_stale = false;
    redraw();
    updateHeader();
    checkStale();
    updateStatus();
}

void SloPanelWidget::setFillOnBreach(bool on)
{
    m_fillOnBreach = on;
    updateHeader();
}

void SloPanelWidget::checkStale()
{
    bool stale = false;
    if (m_hasGood) {
        const bool tooOld = m_staleAfterMs > 0 && m_lastGoodAt.msecsTo(m_now()) > m_staleAfterMs;
        stale = !m_error.isEmpty() || tooOld;
    }
    if (stale == m_stale) {
        return;
    }
    m_stale = stale;
    applySeriesColours();
    updateHeader();
    updateStatus();
}

void SloPanelWidget::redraw()
{
    double magnitude = std::fabs(m_panel.slo.objective);
    for (const SeriesPoints& s : std::as_const(m_lastGood.series)) {
        for (const QPointF& p : s.points) {
            if (std::isfinite(p.y())) {
                magnitude = std::max(magnitude, std::fabs(p.y()));
            }
        }
    }
    m_display = displayUnitFor(m_panel.unit, magnitude);

    while (m_series.size() > m_lastGood.series.size()) {
        QLineSeries* gone = m_series.takeLast();
        m_chart->removeSeries(gone);
        delete gone;
    }
    while (m_series.size() < m_lastGood.series.size()) {
        auto* series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yAxis);
        connect(
            series, &QLineSeries::hovered, this,
            [this, series](const QPointF& point, bool state) { showHover(series, point, state); });
        m_series.append(series);
    }
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        const SeriesPoints& source = m_lastGood.series.at(i);
        QList<QPointF> scaled;
        scaled.reserve(source.points.size());
        for (const QPointF& p : source.points) {
            scaled.append(QPointF(p.x(), p.y() * m_display.scale));
        }
        m_series.at(i)->setName(source.label.isEmpty() ? m_panel.title : source.label);
        // One replace() per series: appending point by point repaints per point.
        m_series.at(i)->replace(scaled);
    }
    m_chart->legend()->setVisible(m_series.size() > 1);
    applySeriesColours();
    updateThresholdLines();
}

void SloPanelWidget::updateThresholdLines()
{
    qint64 start = m_startMs;
    qint64 end = m_endMs;
    if (start >= end) {
        return;
    }
    const double objective = m_panel.slo.objective * m_display.scale;
    const double warning = m_panel.slo.warningLevel() * m_display.scale;
    m_objectiveLine->replace({QPointF(double(start), objective), QPointF(double(end), objective)});
    m_warningLine->replace({QPointF(double(start), warning), QPointF(double(end), warning)});
    updateYAxis();
}

void SloPanelWidget::updateYAxis()
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool allNonNegative = true;
    for (const QLineSeries* series : std::as_const(m_series)) {
        const qsizetype n = series->count();
        for (qsizetype i = 0; i < n; ++i) {
            const double y = series->at(i).y();
            if (std::isfinite(y)) {
                lo = std::min(lo, y);
                hi = std::max(hi, y);
                allNonNegative = allNonNegative && y >= 0;
            }
        }
    }
    // The objective is always on screen, so "how far from breach" is visible at a glance.
    for (double y :
         {m_panel.slo.objective * m_display.scale, m_panel.slo.warningLevel() * m_display.scale}) {
        if (std::isfinite(y)) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
            allNonNegative = allNonNegative && y >= 0;
        }
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    double span = hi - lo;
    if (span <= 0) {
        span = hi != 0 ? std::fabs(hi) * 0.2 : 1;
    }
    lo -= span * 0.1;
    hi += span * 0.15;
    if (allNonNegative && lo < 0) {
        lo = 0;
    }
    m_yAxis->setTickCount(5);
    m_yAxis->setRange(lo, hi);
    // Round tick values (150, 200, 250 ms) read faster than exact fifths of the range.
    m_yAxis->applyNiceNumbers();
    const int decimals =
        decimalsFor((m_yAxis->max() - m_yAxis->min()) / std::max(1, m_yAxis->tickCount() - 1));
    QString suffix = m_display.unit;
    suffix.replace(QLatin1Char('%'), QStringLiteral("%%"));
    if (!suffix.isEmpty() && m_display.unit != QLatin1String("%")) {
        suffix.prepend(QLatin1Char(' '));
    }
    m_yAxis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f") +
                            suffix);
}

void SloPanelWidget::applySeriesColours()
{
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        QPen pen(m_stale ? themeColour(ThemeColour::Stale) : seriesColour(int(i)));
        pen.setWidthF(2.0);
        m_series.at(i)->setPen(pen);
    }
}

void SloPanelWidget::updateHeader()
{
    const QColor colour = stateColour(m_state);
    // Amber needs dark text to be legible; the other state colours take white.
    const QColor text = themeColour(m_state == SloState::AtRisk ? ThemeColour::OnAmberText
                                                                : ThemeColour::OnStateText);
    m_stateBadge->setText(stateText());
    m_stateBadge->setStyleSheet(badgeStyle(colour, text));
    // Filled, the panel keeps its border; a stale panel is not filled (its data is old).
    const bool fill = m_fillOnBreach && m_state == SloState::Breach && !m_stale;
    setStyleSheet(
        QStringLiteral("QFrame#sloPanel { border: 3px solid %1; border-radius: 6px;%2 }")
            .arg(colour.name(), fill ? QStringLiteral(" background: %1;")
                                           .arg(themeColour(ThemeColour::WallBreachFill).name())
                                     : QString()));
    setProperty("filled", fill);

    if (m_hasGood) {
        const double v = m_lastGood.currentValue;
        const DisplayUnit d = displayUnitFor(m_panel.unit, std::fabs(v));
        m_value->setText(std::isfinite(v) ? panelNumberText(v * d.scale, d.unit)
                         : std::isinf(v)  ? formatSloValue(v, QString(), ValueStyle::Panel)
                                          : QStringLiteral("–"));
        m_valueUnit->setText(std::isfinite(v) ? d.unit : QString());
    }
    QPalette p = m_value->palette();
    p.setColor(QPalette::WindowText,
               m_stale ? themeColour(ThemeColour::Stale) : palette().color(QPalette::WindowText));
    m_value->setPalette(p);
    m_valueUnit->setPalette(p);
    updateAccessible();
}

void SloPanelWidget::updateStatus()
{
    QStringList lines;
    QString html;
    if (!m_error.isEmpty()) {
        html += QStringLiteral("<span style='color:%1'><b>%2</b> %3</span>")
                    .arg(themeColour(ThemeColour::ProblemText).name(), tr("Update failed:"),
                         cappedMessage(m_error).toHtmlEscaped());
        lines << m_error;
    }
    QString staleLine;
    if (m_stale) {
        staleLine = tr("stale — last data %1")
                        .arg(m_lastGoodAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    } else if (!m_hasGood) {
        staleLine = m_error.isEmpty() ? tr("waiting for data…") : tr("no data yet");
    } else if (m_lastGood.series.isEmpty()) {
        staleLine = tr("no data in this time range");
    }
    if (!staleLine.isEmpty()) {
        if (!html.isEmpty()) {
            html += QStringLiteral("<br>");
        }
        html += QStringLiteral("<span style='color:%1'>%2</span>")
                    .arg(themeColour(ThemeColour::NeutralText).name(), staleLine.toHtmlEscaped());
    }
    m_status->setText(html);
    m_status->setVisible(!html.isEmpty());
    updateAccessible();
}

void SloPanelWidget::updateAccessible()
{
    // Painted in colours and a chart: said in words ("OK: 172 ms; objective ≤ 350 ms; DEMO").
    setAccessibleName(m_panel.title);
    QStringList parts;
    parts << tr("%1: %2").arg(stateText(), m_hasGood ? valueText().trimmed() : tr("no value yet"));
    parts << m_objective->text();
    if (m_stale)
        parts << tr("stale, last data at %1")
                     .arg(m_lastGoodAt.toUTC().toString(QStringLiteral("HH:mm:ss 'UTC'")));
    if (!m_error.isEmpty())
        parts << tr("update failed: %1").arg(cappedMessage(m_error));
    if (demoBadgeVisible())
        parts << tr("DEMO data, not Prometheus's");
    setAccessibleDescription(parts.join(QStringLiteral("; ")));
}

void SloPanelWidget::showHover(QLineSeries* series, const QPointF& point, bool state)
{
    if (!state || series->count() == 0) {
        QToolTip::hideText();
        return;
    }
    // `point` is where the cursor meets the line; name the nearest real data point instead.
    qsizetype lo = 0;
    qsizetype hi = series->count() - 1;
    while (lo < hi) {
        const qsizetype mid = (lo + hi) / 2;
        if (series->at(mid).x() < point.x()) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0 && point.x() - series->at(lo - 1).x() < series->at(lo).x() - point.x()) {
        --lo;
    }
    const QPointF p = series->at(lo);
    const QString time =
        QDateTime::fromMSecsSinceEpoch(qint64(p.x())).toString(QStringLiteral("HH:mm:ss"));
    const QString text =
        QStringLiteral("%1\n%2   %3")
            .arg(series->name(), time,
                 formatSloValue(p.y() / m_display.scale, m_panel.unit, ValueStyle::Panel));
    QToolTip::showText(QCursor::pos(), text, m_view);
}

} // namespace golive
