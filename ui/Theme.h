// The window's colours (issue 6, point 9): a dark control-room theme, the default, and a light
// one, applied to the whole application (Fusion style and a palette) and to its charts. Chosen in
// Settings (Ctrl+,), remembered in Settings::Key::Theme; --theme dark|light overrides it for one
// session.
#pragma once

#include <QColor>
#include <QObject>
#include <QString>

#include <optional>

class QChart;

namespace golive {

enum class Theme
{
    Dark,
    Light
};

QString themeName(Theme theme);        // "dark", "light": the setting's and --theme's words
QString themeDisplayName(Theme theme); // "Dark (control room)", "Light"
std::optional<Theme> themeFromName(const QString& name); // case-insensitive; nullopt otherwise

// Applies `theme` to the whole application now: the Fusion style (palettes are reliable with
// it), the palette (tooltips too) and every chart, those made later included (styleChart()).
// Widgets with a palette of their own keep it. Does not save it: see saveTheme(). Emits
// ThemeNotifier::themeChanged() when the theme differs from the one applied before.
void applyTheme(Theme theme);
// The theme applied last; before any was applied, the one the application's palette is like.
Theme currentTheme();
// The theme in Settings (Settings::Key::Theme); Dark when unset or not a theme's name.
Theme savedTheme();
void saveTheme(Theme theme);
// What main() does at start: applies `commandLineValue` (--theme) when it names a theme, else
// the saved one, and returns the theme applied. A value that names none (but is not empty)
// is said in *error, naming the option, the value and the theme used instead.
Theme applyStartupTheme(const QString& commandLineValue, QString* error = nullptr);

// Colours for words that must stand out on the theme's window and base colours (the theme's
// palette has the rest). The light theme's are the ones the widgets used before themes.
enum class ThemeColour
{
    ErrorText,   // refusals, failures
    OkText,      // success
    WarningText, // needs attention
    MutedText,   // secondary information
    Accent,      // the selected choice, a link-like highlight
    // Banner backgrounds (white text on them, in both themes).
    DangerBanner,   // abort, a broken ledger, a refused or failed write
    RollbackBanner, // a rollback is proposed
    WarningBanner,  // the connection or a read-only run needs attention
    // The SLO dock's toolbar choices (range, auto-refresh) and the DEMO badge (white text).
    ChoiceBorder,  // an unchecked choice's outline
    ChoiceChecked, // the checked choice's background (white text)
    DemoBadge,     // "DEMO": made-up data, not Prometheus's
};
QColor themeColour(ThemeColour role);              // in the current theme
QColor themeColour(ThemeColour role, Theme theme); // in a given one

// Gives a chart the theme's axis labels, axis lines, grid, legend and title colours; the
// series keep their pens. applyTheme() does it for every chart shown in a QChartView.
void styleChart(QChart* chart);

// For widgets that paint their own colours and must follow a theme change.
class ThemeNotifier : public QObject
{
    Q_OBJECT
public:
    static ThemeNotifier* instance();

signals:
    void themeChanged(golive::Theme theme);

private:
    explicit ThemeNotifier(QObject* parent) : QObject(parent) {}
};

} // namespace golive
