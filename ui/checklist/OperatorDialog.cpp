// Asks who is on duty: a name and a role, remembered in the settings.
#include "OperatorDialog.h"

#include "OperatorOnDuty.h"
#include "SafeText.h"
#include "SigningKeyPicker.h"
#include "Theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace golive {

OperatorDialog::OperatorDialog(QWidget* parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_role(new QComboBox(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Operator on duty"));
    setObjectName(QStringLiteral("operatorDialog"));
    m_name->setObjectName(QStringLiteral("operatorName"));
    m_name->setPlaceholderText(tr("Full name, as it should appear in the audit record"));
    m_role->setObjectName(QStringLiteral("operatorRole"));
    for (Role role :
         {Role::IncidentCommander, Role::ReleaseCaptain, Role::Engineer, Role::Observer}) {
        m_role->addItem(roleDisplayName(role), static_cast<int>(role));
    }
    m_role->setCurrentIndex(2);

    auto* explanation = new QLabel(
        tr("Every sign-off records this name and role, with your OS user, host and the time. "
           "Observers can follow the run but not sign."),
        this);
    explanation->setWordWrap(true);

    m_key = new SigningKeyPicker(this);
    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("Signing &key:"), m_key);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    // Why the name cannot be recorded (the rule every sign-off obeys), before anyone signs.
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("operatorNameProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(
        QStringLiteral("color: %1;").arg(themeColour(ThemeColour::ProblemText).name()));
    m_problem->hide();
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &OperatorDialog::updateOk);
    connect(m_key, &SigningKeyPicker::changed, this, &OperatorDialog::updateOk);
    // Each person signs with their own key: another name shows the key that person chose.
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (name() != m_keyFor) {
            m_keyFor = name();
            m_key->setKeyPath(signingKeyFor(m_keyFor));
        }
    });
    updateOk();
    resize(600, sizeHint().height());
    // The key's words come in when the agent answers: the dialog grows to show them.
    connect(m_key, &SigningKeyPicker::changed, this,
            [this] { resize(width(), sizeHint().height()); });
}

void OperatorDialog::setOperator(const QString& name, Role role)
{
    m_name->setText(name);
    m_keyFor = this->name();
    m_key->setKeyPath(signingKeyFor(m_keyFor));
    m_role->setCurrentIndex(m_role->findData(static_cast<int>(role)));
}

QString OperatorDialog::name() const
{
    return m_name->text().simplified();
}

Role OperatorDialog::role() const
{
    return static_cast<Role>(m_role->currentData().toInt());
}

QString OperatorDialog::signingKey() const
{
    return m_key->keyPath();
}

void OperatorDialog::accept()
{
    QString why;
    if (!m_key->commit(&why)) {
        m_problem->setText(tr("The key cannot be kept: %1").arg(why));
        m_problem->show();
        return;
    }
    QDialog::accept();
}

void OperatorDialog::updateOk()
{
    const QString problem = textRefusal(tr("the name"), name(), TextShape::OneLine);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(problem.isEmpty() && !name().isEmpty() && m_key->isUsable());
}

} // namespace golive
