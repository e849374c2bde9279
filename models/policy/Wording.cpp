// How golive words values, durations, times and items (see Wording.h).
#include "Wording.h"

#include "SafeText.h"

#include <QChar>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace golive {

namespace {

QString labelled(const QString& id, const QString& title, LabelStyle style)
{
    switch (style) {
    case LabelStyle::Terminal:
        return id + QStringLiteral(" \"") + terminalSafe(title) + QLatin1Char('"');
    case LabelStyle::Window:
        return id + QStringLiteral(" \u201c") + title + QStringLiteral("\u201d");
    case LabelStyle::Wall:
        return id + QStringLiteral("  ") + title;
    }
    return id;
}

} // namespace

QString shortNumber(double value, int minDecimals)
{
    const double a = std::abs(value);
    int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    decimals = std::max(decimals, minDecimals);
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

DisplayUnit displayUnitFor(const QString& unit, double magnitude)
{
    if (unit == QLatin1String("s") && std::isfinite(magnitude) && magnitude < 1)
        return {1000, QStringLiteral("ms")};
    if (unit == QLatin1String("ratio"))
        return {100, QStringLiteral("%")};
    return {1, unit};
}

QString panelNumberText(double value, const QString& displayUnit)
{
    const double a = std::fabs(value);
    int decimals = 2;
    if (displayUnit != QLatin1String("%"))
        decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    return QString::number(value, 'f', decimals);
}

namespace {
QString panelValue(double value, const QString& unit)
{
    const DisplayUnit d = displayUnitFor(unit, std::fabs(value));
    const QString number = panelNumberText(value * d.scale, d.unit);
    return d.unit.isEmpty() ? number : number + QLatin1Char(' ') + d.unit;
}
} // namespace

QString formatSloValue(double value, const QString& unit, ValueStyle style)
{
    if (std::isinf(value))
        return value > 0 ? QString(QChar(0x221E)) : QStringLiteral("-") + QChar(0x221E);
    if (std::isnan(value))
        return style == ValueStyle::Panel ? QStringLiteral("–") : QStringLiteral("no data");
    if (style == ValueStyle::Panel)
        return panelValue(value, unit);
    if (unit == QLatin1String("s")) {
        if (std::abs(value) < 1)
            return shortNumber(value * 1000) + QStringLiteral(" ms");
        return shortNumber(value) + QStringLiteral(" s");
    }
    if (unit == QLatin1String("ms"))
        return shortNumber(value) + QStringLiteral(" ms");
    if (unit == QLatin1String("ratio"))
        return shortNumber(value * 100, std::abs(value) >= 0.99 ? 3 : 0) + QLatin1Char('%');
    if (unit == QLatin1String("%"))
        return shortNumber(value, std::abs(value) >= 99 ? 3 : 0) + QLatin1Char('%');
    if (unit.isEmpty())
        return shortNumber(value);
    return shortNumber(value) + QLatin1Char(' ') + unit;
}

QString formatSloObjective(const SloSpec& slo, const QString& unit)
{
    return (slo.good == SloSpec::Good::Below ? QStringLiteral("< ") : QStringLiteral("> ")) +
           formatSloValue(slo.objective, unit);
}

qint64 parseDuration(const QString& text)
{
    static const QRegularExpression whole(QStringLiteral("^(?:\\d+[smhdw])+$"));
    static const QRegularExpression part(QStringLiteral("(\\d+)([smhdw])"));
    const QString t = text.trimmed();
    bool isNumber = false;
    const qint64 plain = t.toLongLong(&isNumber);
    if (isNumber)
        return plain > 0 ? plain : 0;
    if (!whole.match(t).hasMatch())
        return 0;
    qint64 total = 0;
    for (auto it = part.globalMatch(t); it.hasNext();) {
        const auto m = it.next();
        const qint64 n = m.captured(1).toLongLong();
        const QChar u = m.captured(2).at(0);
        const qint64 unit = u == QLatin1Char('s')   ? 1
                            : u == QLatin1Char('m') ? 60
                            : u == QLatin1Char('h') ? 3600
                            : u == QLatin1Char('d') ? 86400
                                                    : 7 * 86400;
        if (n > kMaxDurationSeconds)
            return kMaxDurationSeconds + 1;
        total += n * unit;
        if (total > kMaxDurationSeconds)
            return kMaxDurationSeconds + 1;
    }
    return total;
}

QString describeSeconds(qint64 seconds)
{
    if (seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return QStringLiteral("%1m").arg(seconds / 60);
    return QStringLiteral("%1s").arg(seconds);
}

QString minutesText(qint64 seconds)
{
    const qint64 minutes = (std::max<qint64>(0, seconds) + 59) / 60;
    return QStringLiteral("%1 min").arg(minutes);
}

QString clockText(const QDateTime& time, const QDateTime& reference)
{
    if (!time.isValid())
        return QStringLiteral("an unknown time");
    const QDateTime u = time.toUTC();
    const bool sameDay = reference.isValid() && reference.toUTC().date() == u.date();
    return u.toString(sameDay ? QStringLiteral("HH:mm:ss")
                              : QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" UTC");
}

QString jsonTime(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))
                          : QString();
}

QJsonValue jsonTimeOrNull(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(jsonTime(time)) : QJsonValue();
}

QString itemTitle(const Runbook& runbook, const RunState& state, const RunbookItem& item)
{
    return renderPlain(item.title, runbook,
                       [&state](const QString& key) { return state.fieldValue(key); });
}

QString itemLabel(const Runbook& runbook, const RunState& state, const QString& id,
                  LabelStyle style)
{
    const RunbookItem* item = runbook.findItem(id);
    return item ? labelled(id, itemTitle(runbook, state, *item), style) : id;
}

QString rollbackStepLabel(const Runbook& runbook, const RunState& state, int number,
                          LabelStyle style)
{
    const QStringList& steps = state.plan().rollbackSteps;
    if (number < 1 || number > steps.size())
        return QString::number(number);
    const QString text = renderPlain(steps.at(number - 1), runbook, [&state](const QString& key) {
        return state.fieldValue(key);
    });
    return labelled(QString::number(number), text, style);
}

} // namespace golive
