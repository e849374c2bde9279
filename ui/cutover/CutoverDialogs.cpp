// The Go/No-Go dialog and the cutover's reason dialog.
#include "CutoverDialogs.h"

#include "Theme.h"
#include "UiText.h"
#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTreeWidget>
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

// ---- GoNoGoDialog ----

GoNoGoDialog::GoNoGoDialog(const QList<PreCheck>& preChecks, const QString& who,
                           const QString& abortHint, QWidget* parent)
    : QDialog(parent), m_preChecks(preChecks)
{
    setObjectName(QStringLiteral("goNoGoDialog"));
    setWindowTitle(tr("Go/No-Go"));
    setMinimumSize(720, 460);
    auto* layout = new QVBoxLayout(this);
    auto* about = new QLabel(tr("<b>The T-60 pre-checks.</b> Recorded by %1. A GO starts the "
                                "cutover and signs the \"go\" decision; a GO over open pre-checks "
                                "needs a reason, and the ledger keeps which ones it overrides.")
                                 .arg(htmlSafe(who)),
                             this);
    about->setWordWrap(true);
    layout->addWidget(about);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("goNoGoPreChecks"));
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setHeaderLabels({tr("Pre-check"), tr("What"), tr("State")});
    m_list->header()->setStretchLastSection(true);
    for (const PreCheck& p : preChecks) {
        auto* row = new QTreeWidgetItem(m_list, {p.id, p.title, p.status});
        for (int c = 0; c < 3; ++c) {
            row->setToolTip(c, plainToolTip(p.title));
        }
        if (p.open && !p.isGoDecision) {
            QFont f = row->font(0);
            f.setBold(true);
            for (int c = 0; c < 3; ++c) {
                row->setFont(c, f);
                row->setBackground(c, themeColour(ThemeColour::NextRow));
                row->setForeground(c, themeColour(ThemeColour::OnLightFillText));
            }
        }
    }
    m_list->resizeColumnToContents(0);
    m_list->setColumnWidth(1, 420);
    layout->addWidget(m_list, 1);

    if (!abortHint.isEmpty()) {
        auto* abort = new QLabel(abortHint, this);
        abort->setObjectName(QStringLiteral("goNoGoAbortHint"));
        abort->setWordWrap(true);
        abort->setTextFormat(Qt::PlainText);
        abort->setStyleSheet(QStringLiteral("QLabel { color: %1; background: %2; "
                                            "border-radius: 4px; padding: 6px; font-weight: "
                                            "bold; }")
                                 .arg(themeColour(ThemeColour::OnStateText).name(),
                                      themeColour(ThemeColour::DangerBanner).name()));
        layout->addWidget(abort);
    }

    auto* choice = new QHBoxLayout;
    m_go = new QRadioButton(tr("&GO"), this);
    m_go->setObjectName(QStringLiteral("goChoice"));
    m_noGo = new QRadioButton(tr("&NO-GO"), this);
    m_noGo->setObjectName(QStringLiteral("noGoChoice"));
    QFont big = m_go->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_go->setFont(big);
    m_noGo->setFont(big);
    auto* group = new QButtonGroup(this);
    group->addButton(m_go);
    group->addButton(m_noGo);
    choice->addWidget(m_go);
    choice->addWidget(m_noGo);
    choice->addStretch();
    layout->addLayout(choice);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("goNoGoHint"));
    m_hint->setTextFormat(Qt::PlainText); // names the open pre-checks: runbook text
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("goNoGoReason"));
    m_reason->setMaxLength(2000);
    m_reason->setPlaceholderText(tr("Reason (the ledger keeps it)"));
    layout->addWidget(m_reason);
    m_error = errorLabel(this);
    layout->addWidget(m_error);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Record decision"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_go, &QRadioButton::toggled, this, [this] { updateHint(); });
    connect(m_noGo, &QRadioButton::toggled, this, [this] { updateHint(); });
    updateHint();
    m_go->setFocus();
}

QStringList GoNoGoDialog::openPreChecks() const
{
    QStringList open;
    for (const PreCheck& p : m_preChecks) {
        if (p.open && !p.isGoDecision) {
            open << p.id;
        }
    }
    return open;
}

void GoNoGoDialog::updateHint()
{
    const QStringList open = openPreChecks();
    QString hint;
    if (m_noGo->isChecked()) {
        hint = tr("NO-GO: say why (required). The run stays in Go/No-Go.");
    } else if (m_go->isChecked()) {
        hint = open.isEmpty()
                   ? tr("GO: every pre-check is done; a note is optional.")
                   : tr("GO over open pre-checks %1: a reason is required, and the ledger "
                        "records that this GO overrides them.")
                         .arg(open.join(QStringLiteral(", ")));
    } else {
        hint = open.isEmpty() ? tr("Choose GO or NO-GO (Alt+G / Alt+N).")
                              : tr("Choose GO or NO-GO (Alt+G / Alt+N). Open pre-checks: %1.")
                                    .arg(open.join(QStringLiteral(", ")));
    }
    m_hint->setText(hint);
}

bool GoNoGoDialog::hasChoice() const
{
    return m_go->isChecked() || m_noGo->isChecked();
}

bool GoNoGoDialog::isGo() const
{
    return m_go->isChecked();
}

void GoNoGoDialog::setGo(bool go)
{
    (go ? m_go : m_noGo)->setChecked(true);
}

QString GoNoGoDialog::reason() const
{
    return m_reason->text().trimmed();
}

void GoNoGoDialog::setReason(const QString& reason)
{
    m_reason->setText(reason);
}

QString GoNoGoDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString GoNoGoDialog::hintText() const
{
    return m_hint->text();
}

void GoNoGoDialog::accept()
{
    if (!hasChoice()) {
        showError(m_error, tr("Choose GO or NO-GO first; nothing was recorded."));
        return;
    }
    const QString error = m_check ? m_check(isGo(), reason()) : QString();
    showError(m_error, error);
    if (!error.isEmpty()) {
        m_reason->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace golive
