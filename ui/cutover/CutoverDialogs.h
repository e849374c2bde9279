// The incident commander's dialogs for the cutover: the Go/No-Go (GoNoGoDialog.h), and a reason or
// note for the other moves (a failed step, the rollback, a rollback step, Live, an order
// override). Neither knows a rule: the window gives each a check that builds the event with the
// make*Event builders and asks RunState::validate(); a refusal is shown in the dialog, which
// stays open so the reason can be fixed.
#pragma once

#include "GoNoGoDialog.h"

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QLabel;
class QLineEdit;

namespace golive {

class CutoverReasonDialog : public QDialog
{
    Q_OBJECT
public:
    // `message` (rich text) says what is recorded; `prompt` labels the text field; `okText`
    // names the move on the OK button ("Start rollback").
    CutoverReasonDialog(const QString& title, const QString& message, const QString& prompt,
                        const QString& okText, QWidget* parent = nullptr);

    // "" when `text` may be recorded, else the refusal in words (shown in the dialog).
    using Check = std::function<QString(const QString& text)>;
    void setCheck(Check check) { m_check = std::move(check); }
    // A warning shown above the field (e.g. an SLO breaching now); empty hides it.
    void setWarning(const QString& warning);

    QString text() const;
    void setText(const QString& text);
    QString errorText() const; // the last refusal shown, or ""
    QString warningText() const;

    void accept() override;

private:
    Check m_check;
    QLabel* m_warning = nullptr;
    QLineEdit* m_text = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace golive
