// The window's colours, each named once: a dark control-room theme, the default, and a light
// one, applied to the whole application (Fusion style and a palette) and to its charts, and the
// roles the widgets ask for. Chosen in Settings (Ctrl+,), remembered in Settings::Key::Theme;
// --theme dark|light overrides it for one session.
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

// Every colour the widgets use beyond the palette, named by what it means; a widget asks for
// a role and never writes a colour itself. The text roles follow the theme (the words below
// and NeutralText, FootnoteText, Stale and ProblemText); the light theme's are the ones the
// widgets used before themes. The others are the same in both themes: fills that carry a state
// (with text in OnStateText on them unless said), and the wall screen's brighter shades, made
// to be read from across a room. Every pair of words and what they are written on meets WCAG
// AA's 4.5:1 in both themes (tests/gui/tst_themecontrast): a state's fill colour is never used
// for words on the window or a list; its words take ErrorText, OkText or WarningText.
enum class ThemeColour
{
    // Words that must stand out on the theme's window and base colours.
    ErrorText,   // refusals, failures
    OkText,      // success
    WarningText, // needs attention
    MutedText,   // secondary information
    Accent,      // the selected choice, a link-like highlight

    // Banner backgrounds (white text on them, in both themes).
    DangerBanner,   // abort, a broken ledger, a refused or failed write
    RollbackBanner, // a rollback is proposed
    WarningBanner,  // the connection or a read-only run needs attention

    // Text and marks on a banner, a badge or a state fill.
    OnStateText,     // on every fill below but the light ones (white)
    OnAmberText,     // on AtRisk and WallPhaseGoNoGo: amber needs dark text
    OnLightFillText, // on NextRow, DoneRow and WarningFill

    // States of an SLO, an item, a health check.
    Ok,            // an SLO met, an item signed, a health check up
    AtRisk,        // an SLO past its warning level
    AtRiskLine,    // the warning level drawn on an SLO chart
    Breach,        // an SLO breached, an item blocked, a health check down, a critical alert
    Open,          // an item still to do
    Unknown,       // an SLO with no data yet, an item not applicable (its mark)
    NeutralText,   // words for an item not applicable or a panel's stale data
    FootnoteText,  // where an item or a group comes from in the runbook
    Unprobed,      // a health check not probed or in an unknown state
    Stale,         // an SLO panel's lines and value when its data is old
    ProblemText,   // what a dialog or a panel refuses or failed at
    DemoBadge,     // "DEMO": generated data, not Prometheus's
    ChoiceChecked, // the checked one of a row of toggle buttons
    ChoiceBorder,  // the border of those buttons
    FocusRing,     // the keyboard focus on a large coloured button (GO, NO-GO)

    // Rows and notes that must catch the eye (text in OnLightFillText, or NoteText).
    NextRow,           // the next rollback step, an open Go/No-Go pre-check
    DoneRow,           // a rollback step done
    FailedRow,         // a cutover step failed and not resolved (the theme's text on it)
    WarningFill,       // a warning inside a dialog
    PlaceholderMarker, // an unfilled release field in an item's text (OnLightFillText on it)
    NoteBackground,    // a note at the top of a dialog
    NoteBorder,        // its border
    NoteText,          // text in a note or a problem box
    ProblemBackground, // a box saying what went wrong (the keychain)
    ProblemBorder,     // its border

    // The run's decisions drawn on the SLO charts (a thin vertical line and its label), in the
    // dock and on the wall, over the plot and over a panel filled for a breach.
    ChartMarker,      // the Go/No-Go opened, a GO, Live
    ChartAlarmMarker, // a NO-GO, a failed step, the rollback

    // The cutover's phases in the window's header (and the rollback view's frame).
    PhasePreparing,
    PhaseGoNoGo,
    PhaseCutover,
    PhaseFinalMonitoring,
    PhaseLive,
    PhaseRollback,
    PhaseRolledBack,

    // The wall screen (presentation mode): where it differs from the window's.
    WallPhaseGoNoGo, // amber: OnAmberText on it
    WallPhaseFinalMonitoring,
    WallPhaseRollback,
    WallPhaseRolledBack,
    WallOk,         // a health check up, a section complete
    WallBreach,     // a health check down, a section with a blocked item, a step failed
    WallBreachFill, // an SLO panel in breach, filled: the theme's text stays legible on it
    WallAlarmText,  // the failure timer and a rollback proposal: red words on the background
    WallInProgress, // a section under way
    WallTrack,      // the empty part of a section's progress bar
    WallDemoBadge,

    // The keyboard help: light words on a dark veil over the window, in both themes.
    HelpVeil,      // translucent
    HelpText,      // what an action does
    HelpKeysText,  // its shortcut
    HelpGroupText, // the menu it is in
    HelpMutedText, // how to close the help

    // A command's output as a terminal shows it, in both themes: its own colours were chosen
    // for a dark terminal.
    TerminalBackground,
    TerminalText,
    TerminalSelection,
};
QColor themeColour(ThemeColour role);              // in the current theme
QColor themeColour(ThemeColour role, Theme theme); // in a given one

// The colours of the data lines on a chart, by series index (it wraps around). They avoid
// green, amber and red: those colours mean a state. The wall screen's are lighter versions of
// the panel's (same hues, same order): the dark ones vanish on the dark theme's background.
enum class SeriesPalette
{
    Panel,
    Wall
};
QColor themeSeriesColour(SeriesPalette palette, int index);

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
