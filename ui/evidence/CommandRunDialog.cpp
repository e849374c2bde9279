// The confirmation before a command from the runbook runs.
#include "CommandRunDialog.h"

#include "SafeText.h"
#include "Theme.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace golive {

CommandRunDialog::CommandRunDialog(const QString& itemLabel, const QString& command,
                                   const QString& workingDir, int timeoutMinutes,
                                   int redactionPatterns, QWidget* parent)
    : QDialog(parent), m_command(new QPlainTextEdit(this)), m_dirLabel(new QLabel(this)),
      m_problem(new QLabel(this)), m_timeout(new QSpinBox(this))
{
    setObjectName(QStringLiteral("commandRunDialog"));
    setWindowTitle(tr("Run a command from the runbook"));
    auto* heading = new QLabel(tr("Run this command for %1?").arg(displaySafe(itemLabel)), this);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);

    // Exactly what will run, as data: a plain text view, never the runbook's rich text.
    m_command->setObjectName(QStringLiteral("commandText"));
    m_command->setReadOnly(true);
    m_command->setPlainText(command);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_command->setMinimumWidth(560);
    const int lines = qBound(2, int(command.count(QLatin1Char('\n'))) + 1, 12);
    m_command->setFixedHeight(m_command->fontMetrics().lineSpacing() * lines + 16);

    m_dirLabel->setObjectName(QStringLiteral("commandFolder"));
    m_dirLabel->setTextFormat(Qt::PlainText);
    m_dirLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dirLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* change = new QPushButton(tr("Change…"), this);
    change->setObjectName(QStringLiteral("commandFolderChange"));
    m_chooseFolder = [](QWidget* over, const QString& current) {
        return QFileDialog::getExistingDirectory(over, tr("Run the command in"), current);
    };
    connect(change, &QPushButton::clicked, this, [this] {
        const QString dir = m_chooseFolder(this, m_dir);
        if (!dir.isEmpty())
            setWorkingDir(dir);
    });
    auto* dirRow = new QHBoxLayout;
    dirRow->addWidget(m_dirLabel, 1);
    dirRow->addWidget(change);

    m_timeout->setObjectName(QStringLiteral("commandTimeout"));
    m_timeout->setRange(0, 24 * 60);
    m_timeout->setSuffix(tr(" min"));
    m_timeout->setSpecialValueText(tr("none"));
    m_timeout->setValue(timeoutMinutes);
    m_timeout->setToolTip(tr("After this long the command and everything it started are killed, "
                             "and the run records that it timed out."));

    auto* warning = new QLabel(this);
    warning->setObjectName(QStringLiteral("commandWarning"));
    warning->setTextFormat(Qt::PlainText);
    warning->setWordWrap(true);
    warning->setText(
        tr("It runs in your shell, as you, on this computer. Its output is kept in the run for "
           "everyone who can read the run. What matches the %n redaction pattern(s) (tokens, "
           "passwords, Authorization headers; Settings > Evidence) is replaced first; anything "
           "else it prints is kept as printed.",
           nullptr, redactionPatterns));
    QPalette warn = warning->palette();
    warn.setColor(QPalette::WindowText, themeColour(ThemeColour::WarningText));
    warning->setPalette(warn);

    m_problem->setObjectName(QStringLiteral("commandProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    QPalette bad = m_problem->palette();
    bad.setColor(QPalette::WindowText, themeColour(ThemeColour::ErrorText));
    m_problem->setPalette(bad);
    m_problem->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Command:"), m_command);
    form->addRow(tr("In folder:"), dirRow);
    form->addRow(tr("Timeout:"), m_timeout);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    // Nothing runs by a stray Enter: Cancel has the focus.
    buttons->button(QDialogButtonBox::Ok)->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(warning);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setWorkingDir(workingDir);
    buttons->button(QDialogButtonBox::Cancel)->setFocus();
}

void CommandRunDialog::setWorkingDir(const QString& dir)
{
    m_dir = dir;
    m_dirLabel->setText(QDir::toNativeSeparators(dir));
    m_problem->hide();
}

int CommandRunDialog::timeoutMinutes() const
{
    return m_timeout->value();
}

QString CommandRunDialog::commandShown() const
{
    return m_command->toPlainText();
}

void CommandRunDialog::accept()
{
    if (m_dir.isEmpty() || !QFileInfo(m_dir).isDir()) {
        m_problem->setText(tr("The folder %1 does not exist: choose another with Change….")
                               .arg(QDir::toNativeSeparators(m_dir)));
        m_problem->show();
        return;
    }
    QDialog::accept();
}

} // namespace golive
