// The one place a refusal is shown in the window: a banner above the checklist with the rule's
// words and the action that fixes it (a button when there is one), closable, never only in the
// status bar and never a box that steals the keyboard.
#pragma once

#include <QFrame>
#include <QList>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace golive {

class RefusalBanner : public QFrame
{
    Q_OBJECT
public:
    // A way out of the refusal: "Change operator…", "Acknowledge…", "Override the order…".
    struct Fix
    {
        QString text;
        std::function<void()> run;
        QString objectName; // for tests: "overrideOrderButton", ...
    };

    explicit RefusalBanner(QWidget* parent = nullptr);

    // Shows `message` (plain text: it names items and people) with a button per fix; replaces
    // what was shown. The banner stays until closed (its × or Esc on it) or the next refusal.
    void showRefusal(const QString& message, const QList<Fix>& fixes = {});
    void dismiss();
    // The words shown, or empty while hidden.
    QString text() const;

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void applyColours();

    QLabel* m_text = nullptr;
    QHBoxLayout* m_buttons = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace golive
