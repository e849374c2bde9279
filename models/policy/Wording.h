// How golive words values, durations, times and items, the same in the window and on the
// command line: SLO values and objectives, durations, JSON times, item and step labels.
#pragma once

#include "Dashboard.h"
#include "RunState.h"
#include "Runbook.h"

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace golive {

// The longest duration parseDuration() accepts: 31 days.
constexpr qint64 kMaxDurationSeconds = 31ll * 24 * 3600;

// A number with about three significant digits, trailing zeros dropped ("120", "0.5",
// "99.95"); at least minDecimals decimals before the zeros are dropped.
QString shortNumber(double value, int minDecimals = 0);

// How a value in a panel's unit is shown: seconds below one second as ms, ratios as percent.
struct DisplayUnit
{
    double scale = 1;
    QString unit;
};
// `magnitude` is the largest absolute value to be shown in that unit (picks s or ms).
DisplayUnit displayUnitFor(const QString& unit, double magnitude);
// A scaled value's digits as a panel shows them: two decimals below 10, one below 100, none
// above; percentages always two (99.95 % and 99.50 % must not both read "100 %").
QString panelNumberText(double value, const QString& displayUnit);

// Where an SLO value is written: the two forms golive has always used, side by side so that
// they change together.
enum class ValueStyle
{
    Terminal, // `golive check`, JSON-adjacent text: "234 ms", "1.5 s", "99.95%", "no data"
    Panel     // the SLO dock, chart tooltips, the wall screen: "234 ms", "1.52 s", "99.95 %", "–"
};

// A value in a panel's unit: seconds below one second as milliseconds, ratios as percent,
// percentages near 100 with their decimals (99.95% is not 100%). NaN is "no data" on the
// terminal and "–" in a panel; +Inf and -Inf (a ratio over zero traffic) are "∞" and "-∞",
// unit-less.
QString formatSloValue(double value, const QString& unit, ValueStyle style = ValueStyle::Terminal);
// "< 350 ms" or "> 99.9%": the objective with the side that is good.
QString formatSloObjective(const SloSpec& slo, const QString& unit);

// "15m", "1h30m", "90s", "2d", "1w"; a bare number is seconds. 0 when malformed or not
// positive, kMaxDurationSeconds + 1 when longer than kMaxDurationSeconds.
qint64 parseDuration(const QString& text);
// The shortest of "2h", "15m", "90s" that is exact.
QString describeSeconds(qint64 seconds);
// "12 min", rounded up so a deadline one second away is not "0 min"; negative counts as 0.
QString minutesText(qint64 seconds);

// ISO 8601 UTC with milliseconds, the form the ledger hashes; empty for an invalid time.
QString jsonTime(const QDateTime& time);
// The room's clock: "06:00:03 UTC", with the date in front ("2026-05-01 06:00:03 UTC") when
// `time` is not on the UTC day of `reference`.
QString clockText(const QDateTime& time, const QDateTime& reference);
// jsonTime() as a JSON string, or null for an invalid time.
QJsonValue jsonTimeOrNull(const QDateTime& time);

// The forms an item's or a rollback step's label takes.
enum class LabelStyle
{
    Terminal, // 4.5 "Enable Maintenance Mode", the title's controls shown as escapes
    Window,   // 4.5 “Enable Maintenance Mode”
    Wall      // 4.5  Enable Maintenance Mode (two spaces: the wall screen's step lines)
};

// The item's title with the run's field values put in its placeholders.
QString itemTitle(const Runbook& runbook, const RunState& state, const RunbookItem& item);
// The id and the title in `style`; the bare id when the runbook has no such item.
QString itemLabel(const Runbook& runbook, const RunState& state, const QString& id,
                  LabelStyle style);
// Rollback step `number` (from 1) and its text in `style`; the bare number when the plan has
// no such step.
QString rollbackStepLabel(const Runbook& runbook, const RunState& state, int number,
                          LabelStyle style);

} // namespace golive
