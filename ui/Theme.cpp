// The dark control-room theme and the light one; see Theme.h.
#include "Theme.h"

#include "Settings.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLegend>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QToolTip>

#include <iterator>

namespace golive {
namespace {

Theme g_current = Theme::Dark;
bool g_applied = false;

// A dark grey rather than black: black makes white text glare on a wall screen and hides the
// edges of frames; the text is a soft white for the same reason.
QPalette darkPalette()
{
    const QColor window(0x1b, 0x1e, 0x23);
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor base(0x12, 0x14, 0x17);
    const QColor button(0x2a, 0x2f, 0x36);
    const QColor disabled(0x6c, 0x73, 0x7d);
    const QColor highlight(0x2d, 0x6c, 0xdf);

    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x1f, 0x23, 0x29));
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x92, 0x9b));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x3a, 0x40, 0x49));
    p.setColor(QPalette::Midlight, QColor(0x30, 0x35, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x24, 0x28, 0x2e));
    p.setColor(QPalette::Dark, QColor(0x15, 0x17, 0x1a));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7c, 0xb8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xc6, 0x9c, 0xff));

    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    p.setColor(QPalette::Disabled, QPalette::Base, QColor(0x18, 0x1a, 0x1e));
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x22, 0x26, 0x2c));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x3f, 0x47));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, QColor(0x9a, 0xa0, 0xa8));
    p.setColor(QPalette::Inactive, QPalette::Highlight, QColor(0x28, 0x4f, 0x96));
    p.setColor(QPalette::Inactive, QPalette::HighlightedText, Qt::white);
    return p;
}

// Fusion's own light palette, with a selection white words can be read on (its blue gives
// 3.7:1, below WCAG AA's 4.5:1).
QPalette lightPalette()
{
    QPalette p = QApplication::style()->standardPalette();
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Highlight, QColor(0x15, 0x65, 0xc0));
        p.setColor(group, QPalette::HighlightedText, Qt::white);
    }
    return p;
}

// Charts made after a theme change are styled the first time they are polished (before they
// are first shown), whoever made them.
class ChartPolisher : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Polish) {
            if (auto* view = qobject_cast<QChartView*>(watched)) {
                styleChart(view->chart());
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

void ensureChartPolisher()
{
    static ChartPolisher* polisher = nullptr;
    if (!polisher && qApp) {
        polisher = new ChartPolisher(qApp);
        qApp->installEventFilter(polisher);
    }
}

} // namespace

QString themeName(Theme theme)
{
    return theme == Theme::Light ? QStringLiteral("light") : QStringLiteral("dark");
}

QString themeDisplayName(Theme theme)
{
    return theme == Theme::Light ? QObject::tr("Light") : QObject::tr("Dark (control room)");
}

std::optional<Theme> themeFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("dark")) {
        return Theme::Dark;
    }
    if (n == QLatin1String("light")) {
        return Theme::Light;
    }
    return std::nullopt;
}

ThemeNotifier* ThemeNotifier::instance()
{
    static ThemeNotifier* notifier = new ThemeNotifier(QCoreApplication::instance());
    return notifier;
}

void applyTheme(Theme theme)
{
    const bool changed = !g_applied || theme != g_current;
    g_current = theme;
    g_applied = true;
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0) {
        if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) {
            QApplication::setStyle(fusion);
        }
    }
    const QPalette palette = theme == Theme::Dark ? darkPalette() : lightPalette();
    QApplication::setPalette(palette);
    QToolTip::setPalette(palette);
    // Qt tells windows of a new application palette through their native window, later; say it
    // now, so that everything shown has the new colours when this returns.
    for (QWidget* w : QApplication::topLevelWidgets()) {
        QEvent change(QEvent::ApplicationPaletteChange);
        QCoreApplication::sendEvent(w, &change);
    }
    ensureChartPolisher();
    for (QWidget* w : QApplication::allWidgets()) {
        if (auto* view = qobject_cast<QChartView*>(w)) {
            styleChart(view->chart());
        }
    }
    if (changed) {
        emit ThemeNotifier::instance()->themeChanged(theme);
    }
}

Theme currentTheme()
{
    if (!g_applied) {
        // No theme applied (a test, an embedding): the palette in use says which it is like.
        return qApp && QApplication::palette().color(QPalette::Window).lightness() < 128
                   ? Theme::Dark
                   : Theme::Light;
    }
    return g_current;
}

Theme savedTheme()
{
    return themeFromName(Settings::instance()->value(Settings::Key::Theme).toString())
        .value_or(Theme::Dark);
}

void saveTheme(Theme theme)
{
    Settings::instance()->setValue(Settings::Key::Theme, themeName(theme));
}

Theme applyStartupTheme(const QString& commandLineValue, QString* error)
{
    Theme theme = savedTheme();
    if (!commandLineValue.isEmpty()) {
        if (const std::optional<Theme> chosen = themeFromName(commandLineValue)) {
            theme = *chosen;
        } else if (error) {
            *error = QObject::tr("--theme: \"%1\" is neither dark nor light; using the %2 theme "
                                 "from the settings.")
                         .arg(commandLineValue, themeName(theme));
        }
    }
    applyTheme(theme);
    return theme;
}

QColor themeColour(ThemeColour role)
{
    return themeColour(role, currentTheme());
}

QColor themeColour(ThemeColour role, Theme theme)
{
    const bool dark = theme == Theme::Dark;
    switch (role) {
    case ThemeColour::ErrorText:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
    case ThemeColour::OkText:
        return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x1b, 0x5e, 0x20);
    case ThemeColour::WarningText:
        return dark ? QColor(0xff, 0xcc, 0x80) : QColor(0xa8, 0x4a, 0x00);
    case ThemeColour::MutedText:
        return dark ? QColor(0x9a, 0xa0, 0xa8) : QColor(0x61, 0x61, 0x61);
    case ThemeColour::Accent:
        return dark ? QColor(0x7c, 0xb8, 0xff) : QColor(0x15, 0x65, 0xc0);
    case ThemeColour::DangerBanner:
        return QColor(0xb7, 0x1c, 0x1c);
    case ThemeColour::RollbackBanner:
        return QColor(0xbf, 0x36, 0x0c);
    case ThemeColour::WarningBanner:
        return QColor(0x8d, 0x6e, 0x00);
    case ThemeColour::OnStateText:
        return QColor(Qt::white);
    case ThemeColour::OnAmberText:
        return QColor(0x21, 0x21, 0x21);
    case ThemeColour::OnLightFillText:
        return QColor(Qt::black);
    case ThemeColour::Ok:
    case ThemeColour::PhaseLive:
        return QColor(0x2e, 0x7d, 0x32);
    case ThemeColour::AtRisk:
    case ThemeColour::WallPhaseGoNoGo:
        return QColor(0xf9, 0xa8, 0x25);
    case ThemeColour::AtRiskLine:
        return QColor(0xe6, 0x7e, 0x00);
    case ThemeColour::Breach:
    case ThemeColour::WallPhaseRollback:
        return QColor(0xc6, 0x28, 0x28);
    case ThemeColour::ProblemText:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
    case ThemeColour::Open:
    case ThemeColour::ProblemBorder:
        return QColor(0xe6, 0x51, 0x00);
    case ThemeColour::PhaseGoNoGo:
        // Darker than the open items' orange: white words on it.
        return QColor(0xc4, 0x3e, 0x00);
    case ThemeColour::Unknown:
        return QColor(0x75, 0x75, 0x75);
    case ThemeColour::NeutralText:
        return dark ? QColor(0x9a, 0xa0, 0xa8) : QColor(0x61, 0x61, 0x61);
    case ThemeColour::FootnoteText:
        return dark ? QColor(0x9e, 0xa4, 0xac) : QColor(0x6b, 0x6b, 0x6b);
    case ThemeColour::Unprobed:
        return QColor(0x9e, 0x9e, 0x9e);
    case ThemeColour::Stale:
        return dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x68, 0x68, 0x68);
    case ThemeColour::DemoBadge:
    case ThemeColour::PhaseRolledBack:
        return QColor(0x4a, 0x14, 0x8c);
    case ThemeColour::ChoiceChecked:
    case ThemeColour::PhaseCutover:
        return QColor(0x15, 0x65, 0xc0);
    case ThemeColour::ChoiceBorder:
        return QColor(0xb0, 0xb0, 0xb0);
    case ThemeColour::FocusRing:
        return dark ? QColor(0xff, 0xd5, 0x4f) : QColor(0x0d, 0x47, 0xa1);
    case ThemeColour::NextRow:
        return QColor(0xff, 0xe0, 0x82);
    case ThemeColour::DoneRow:
        return QColor(0xc8, 0xe6, 0xc9);
    case ThemeColour::FailedRow:
        return dark ? QColor(0x5c, 0x1a, 0x1a) : QColor(0xff, 0xcd, 0xd2);
    case ThemeColour::PlaceholderMarker:
        return QColor(0xff, 0xf3, 0xb0);
    case ThemeColour::WarningFill:
        return QColor(0xff, 0xd5, 0x4f);
    case ThemeColour::NoteBackground:
        return QColor(0xff, 0xf8, 0xe1);
    case ThemeColour::NoteBorder:
        return QColor(0xe0, 0xc0, 0x60);
    case ThemeColour::NoteText:
        return QColor(0x3e, 0x27, 0x23);
    case ThemeColour::ProblemBackground:
        return QColor(0xff, 0xf3, 0xe0);
    case ThemeColour::ChartMarker:
        return dark ? QColor(0xe1, 0xe4, 0xe8) : QColor(0x37, 0x47, 0x4f);
    case ThemeColour::ChartAlarmMarker:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
    case ThemeColour::PhasePreparing:
        return QColor(0x54, 0x6e, 0x7a);
    case ThemeColour::PhaseFinalMonitoring:
        return QColor(0x00, 0x69, 0x7c);
    case ThemeColour::PhaseRollback:
        return QColor(0xb7, 0x1c, 0x1c);
    case ThemeColour::WallPhaseFinalMonitoring:
        return QColor(0x00, 0x83, 0x8f);
    case ThemeColour::WallPhaseRolledBack:
        return QColor(0x6d, 0x4c, 0x41);
    case ThemeColour::WallOk:
        return QColor(0x43, 0xa0, 0x47);
    case ThemeColour::WallBreach:
        return QColor(0xd3, 0x2f, 0x2f);
    case ThemeColour::WallBreachFill:
        return dark ? QColor(0x7f, 0x16, 0x16) : QColor(0xf6, 0xc4, 0xc4);
    case ThemeColour::WallAlarmText:
        return dark ? QColor(0xff, 0x5a, 0x52) : QColor(0xc6, 0x28, 0x28);
    case ThemeColour::WallInProgress:
        return QColor(0x1e, 0x88, 0xe5);
    case ThemeColour::WallTrack:
        return dark ? QColor(0x2e, 0x33, 0x3b) : QColor(0xdd, 0xdf, 0xe2);
    case ThemeColour::WallDemoBadge:
        return QColor(0x6a, 0x1b, 0x9a);
    case ThemeColour::HelpVeil:
        return QColor(10, 12, 16, 222);
    case ThemeColour::TerminalBackground:
        return QColor(0x16, 0x1a, 0x1f);
    case ThemeColour::TerminalText:
        return QColor(0xd8, 0xdd, 0xe3);
    case ThemeColour::TerminalSelection:
        return QColor(0x3a, 0x4a, 0x5e);
    case ThemeColour::HelpText:
        return QColor(0xf0, 0xf2, 0xf5);
    case ThemeColour::HelpKeysText:
        return QColor(0xff, 0xd5, 0x4f);
    case ThemeColour::HelpGroupText:
        return QColor(0x8c, 0xc4, 0xff);
    case ThemeColour::HelpMutedText:
        return QColor(0xb0, 0xb6, 0xbe);
    }
    return dark ? QColor(Qt::white) : QColor(Qt::black);
}

QColor themeSeriesColour(SeriesPalette palette, int index)
{
    static const QColor panel[] = {QColor(0x15, 0x65, 0xc0), QColor(0x6a, 0x1b, 0x9a),
                                   QColor(0x00, 0x83, 0x8f), QColor(0x5d, 0x40, 0x37),
                                   QColor(0xad, 0x14, 0x57), QColor(0x28, 0x35, 0x93)};
    static const QColor wall[] = {QColor(0x64, 0xb5, 0xf6), QColor(0xce, 0x93, 0xd8),
                                  QColor(0x4d, 0xd0, 0xe1), QColor(0xbc, 0xaa, 0xa4),
                                  QColor(0xf4, 0x8f, 0xb1), QColor(0x9f, 0xa8, 0xda)};
    static_assert(std::size(panel) == std::size(wall), "the wall's colours follow the panel's");
    constexpr int count = static_cast<int>(std::size(panel));
    const int i = ((index % count) + count) % count;
    return palette == SeriesPalette::Wall ? wall[i] : panel[i];
}

void styleChart(QChart* chart)
{
    if (!chart) {
        return;
    }
    const bool dark = currentTheme() == Theme::Dark;
    const QColor labels = dark ? QColor(0xc8, 0xcc, 0xd2) : QColor(0x40, 0x40, 0x40);
    const QColor axisLine = dark ? QColor(0x70, 0x76, 0x80) : QColor(0x90, 0x90, 0x90);
    const QColor grid = dark ? QColor(0x33, 0x38, 0x40) : QColor(0xe0, 0xe0, 0xe0);
    const QColor minorGrid = dark ? QColor(0x26, 0x2a, 0x30) : QColor(0xf0, 0xf0, 0xf0);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(labels);
        axis->setTitleBrush(labels);
        axis->setLinePenColor(axisLine);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(minorGrid);
    }
    chart->legend()->setLabelColor(labels);
    chart->setTitleBrush(labels);
    const QPalette palette = QApplication::palette();
    chart->setBackgroundBrush(palette.color(QPalette::Window));
    chart->setPlotAreaBackgroundBrush(palette.color(QPalette::Base));
}

} // namespace golive
