// The keyboard help (F1 or "?"): a translucent overlay over the window that
// lists every action with a shortcut, grouped by menu, in large type. Built from the window's
// menus each time it opens, so actions added to any menu appear by themselves. Esc, F1, "?" or
// a click closes it.
#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QGridLayout;
class QLabel;
class QMainWindow;
class QMenu;

namespace golive {

class HelpOverlay : public QWidget
{
    Q_OBJECT
public:
    struct Entry
    {
        QString group; // the menu's title without '&' ("Item", "File › Open recent")
        QString text;  // the action's text without '&' and without a trailing "…"
        QString keys;  // its shortcuts in the platform's words ("Ctrl+Shift+M"), " or " between
    };

    // A child of `window` that covers it (and follows its size); hidden until open().
    explicit HelpOverlay(QMainWindow* window);

    // Shortcuts that are not in a menu (keys a view handles itself), listed under "More".
    void setExtraEntries(const QList<Entry>& entries);

    // Reads the window's menus now, shows the overlay over the window and takes the focus.
    void open();
    // Hides it and gives the focus back to where it was.
    void dismiss();
    void toggle();

    // What the overlay lists (as of the last open()).
    const QList<Entry>& entries() const { return m_entries; }

    // The window's menus as the overlay would list them: every action with a shortcut, in menu
    // order, submenus under "Menu › Submenu"; separators, hidden actions and actions without a
    // shortcut are left out.
    static QList<Entry> entriesOf(QMainWindow* window);

signals:
    void closed();

protected:
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    static bool closesOverlay(const QKeyEvent* event);
    void rebuild();
    void layOut(int columns, int pixels);

    QMainWindow* m_window = nullptr;
    QList<Entry> m_extra;
    QList<Entry> m_entries;
    QPointer<QWidget> m_previousFocus;
    QWidget* m_panel = nullptr;
    QGridLayout* m_columns = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace golive
