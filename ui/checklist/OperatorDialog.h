// Asks who is on duty: a name and a role, remembered in the settings.
#pragma once

#include "SignOffEvent.h"

#include <QDialog>

class QLineEdit;
class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace golive {

class OperatorDialog : public QDialog
{
    Q_OBJECT
public:
    explicit OperatorDialog(QWidget* parent = nullptr);

    void setOperator(const QString& name, Role role);
    QString name() const;
    Role role() const;

private:
    void updateOk();

    QLineEdit* m_name;
    QComboBox* m_role;
    QDialogButtonBox* m_buttons;
    QLabel* m_problem = nullptr;
};

} // namespace golive
