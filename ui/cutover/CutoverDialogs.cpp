// The cutover's reason dialog.
#include "CutoverDialogs.h"

#include "Theme.h"
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace golive {
namespace {

QLabel* errorLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("cutoverDialogError"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("QLabel { color: %1; background: %2; "
                                        "border-radius: 4px; padding: 6px; }")
                             .arg(themeColour(ThemeColour::OnStateText).name(),
                                  themeColour(ThemeColour::DangerBanner).name()));
    label->hide();
    return label;
}

void showError(QLabel* label, const QString& error)
{
    label->setText(error);
    label->setVisible(!error.isEmpty());
}

} // namespace

// ---- CutoverReasonDialog ----

CutoverReasonDialog::CutoverReasonDialog(const QString& title, const QString& message,
                                         const QString& prompt, const QString& okText,
                                         QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("cutoverReasonDialog"));
    setWindowTitle(title);
    setMinimumWidth(560);
    auto* layout = new QVBoxLayout(this);
    auto* about = new QLabel(message, this);
    about->setObjectName(QStringLiteral("cutoverDialogMessage"));
    about->setWordWrap(true);
    about->setTextFormat(Qt::RichText);
    layout->addWidget(about);
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("cutoverDialogWarning"));
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setStyleSheet(QStringLiteral("QLabel { color: %1; background: %2; "
                                            "border-radius: 4px; padding: 6px; }")
                                 .arg(themeColour(ThemeColour::OnLightFillText).name(),
                                      themeColour(ThemeColour::WarningFill).name()));
    m_warning->hide();
    layout->addWidget(m_warning);
    auto* label = new QLabel(prompt, this);
    layout->addWidget(label);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("cutoverReason"));
    m_text->setMaxLength(2000);
    label->setBuddy(m_text);
    layout->addWidget(m_text);
    m_error = errorLabel(this);
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(okText);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_text->setFocus();
}

void CutoverReasonDialog::setWarning(const QString& warning)
{
    m_warning->setText(warning);
    m_warning->setVisible(!warning.isEmpty());
}

QString CutoverReasonDialog::text() const
{
    return m_text->text().trimmed();
}

void CutoverReasonDialog::setText(const QString& text)
{
    m_text->setText(text);
}

QString CutoverReasonDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString CutoverReasonDialog::warningText() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

void CutoverReasonDialog::accept()
{
    const QString error = m_check ? m_check(text()) : QString();
    showError(m_error, error);
    if (!error.isEmpty()) {
        m_text->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace golive
