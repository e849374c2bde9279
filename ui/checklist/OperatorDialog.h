// Asks who is on duty: a name, a role and the SSH key they sign with, remembered in the
// settings (the key per person).
#pragma once

#include "SignOffEvent.h"

#include <QDialog>

class QLineEdit;
class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace golive {

class SigningKeyPicker;

class OperatorDialog : public QDialog
{
    Q_OBJECT
public:
    explicit OperatorDialog(QWidget* parent = nullptr);

    void setOperator(const QString& name, Role role);
    QString name() const;
    Role role() const;
    // The key chosen to sign with (a path for ssh-keygen -f), empty for unsigned; valid once
    // the dialog was accepted.
    QString signingKey() const;
    SigningKeyPicker* keyPicker() const { return m_key; }

    void accept() override;

private:
    void updateOk();

    QLineEdit* m_name;
    QComboBox* m_role;
    QDialogButtonBox* m_buttons;
    QLabel* m_problem = nullptr;
    SigningKeyPicker* m_key = nullptr;
    QString m_keyFor; // whose remembered key the picker shows
};

} // namespace golive
