// The rollback as its own ordered checklist: the runbook's rollback plan, step by
// step, done ones with who and when, the next one marked and signable. Shown by the window from
// the moment the incident commander starts the rollback.
#pragma once

#include <QFrame>
#include <QString>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace golive {

class RunState;

class RollbackView : public QFrame
{
    Q_OBJECT
public:
    explicit RollbackView(QWidget* parent = nullptr);

    // Shows the rollback of `state` (its plan's steps, rendered with the run's field values).
    void showState(const RunState& state);
    // Whether the operator may sign the next step; `why` (when not) is the button's tooltip.
    void setCanSign(bool can, const QString& why);

    // Read by tests: the rows as shown.
    int stepCount() const;
    QString stepText(int number) const;   // 1-based: "Re-enable maintenance mode."
    QString stepStatus(int number) const; // "Done", "Next", "Waiting"
    QString stepBy(int number) const;     // "Rae Okafor (release-captain)" when done
    QString titleText() const;
    QPushButton* signButton() const { return m_sign; }

signals:
    // The operator asked to sign rollback step `number` (the next one).
    void signRequested(int number);

private:
    QLabel* m_title = nullptr;
    QLabel* m_reason = nullptr;
    QTreeWidget* m_list = nullptr;
    QPushButton* m_sign = nullptr;
    int m_next = 0;
};

} // namespace golive
