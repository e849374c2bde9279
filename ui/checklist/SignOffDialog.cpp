// The small dialog behind a sign-off, revocation, N/A, block or note.
#include "SignOffDialog.h"

#include "RunState.h"
#include "SafeText.h"
#include "SubItems.h"
#include "Theme.h"
#include "evidence/Evidence.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include <functional>

namespace golive {
namespace {

struct KindText
{
    QString title;
    QString action;
    QString prompt;
};

KindText textFor(EventKind kind)
{
    switch (kind) {
    case EventKind::Signed:
        return {SignOffDialog::tr("Sign off"), SignOffDialog::tr("&Sign off"),
                SignOffDialog::tr("Note (optional):")};
    case EventKind::Revoked:
        return {SignOffDialog::tr("Revoke sign-off"), SignOffDialog::tr("&Revoke"),
                SignOffDialog::tr("Reason (required):")};
    case EventKind::NotApplicable:
        return {SignOffDialog::tr("Mark not applicable"), SignOffDialog::tr("Mark &N/A"),
                SignOffDialog::tr("Why it does not apply (required):")};
    case EventKind::Blocked:
        return {SignOffDialog::tr("Mark blocked"), SignOffDialog::tr("Mark &blocked"),
                SignOffDialog::tr("What blocks it (required):")};
    case EventKind::NoteAdded:
        return {SignOffDialog::tr("Add note"), SignOffDialog::tr("&Add note"),
                SignOffDialog::tr("Note (required):")};
    case EventKind::ChainBreakAcknowledged:
        return {SignOffDialog::tr("Acknowledge ledger break"), SignOffDialog::tr("&Acknowledge"),
                SignOffDialog::tr("What you checked, and why the run may go on (required):")};
    case EventKind::FieldFilled:
    case EventKind::PhaseChanged:
    case EventKind::Decision:
    case EventKind::StepFailed:
    case EventKind::RollbackStep:
    case EventKind::Observed:
    case EventKind::DashboardSet:
    case EventKind::RosterChanged:
    case EventKind::EvidenceAttached:
    case EventKind::CommandRun:
        break;
    }
    return {SignOffDialog::tr("Record"), SignOffDialog::tr("&OK"), SignOffDialog::tr("Text:")};
}

// Enter records; Shift+Enter starts a new line (notes are usually one line, under pressure).
class NoteEdit : public QPlainTextEdit
{
public:
    using QPlainTextEdit::QPlainTextEdit;
    std::function<void()> onSubmit;

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) &&
            !(event->modifiers() & Qt::ShiftModifier) && onSubmit) {
            onSubmit();
            return;
        }
        QPlainTextEdit::keyPressEvent(event);
    }
};

} // namespace

SignOffDialog::SignOffDialog(EventKind kind, const QString& itemLabel, const QString& who,
                             QWidget* parent)
    : QDialog(parent), m_kind(kind),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    const KindText t = textFor(kind);
    setWindowTitle(t.title);
    setObjectName(QStringLiteral("signOffDialog"));

    auto* item = new QLabel(QStringLiteral("<b>%1</b>").arg(htmlSafe(itemLabel)), this);
    item->setWordWrap(true);
    item->setObjectName(QStringLiteral("signOffItem"));
    auto* by =
        new QLabel(tr("Recorded as <b>%1</b>, with the time in UTC.").arg(htmlSafe(who)), this);
    by->setWordWrap(true);
    auto* prompt = new QLabel(t.prompt, this);
    m_prompt = prompt;

    // What the person should weigh before recording (open sub-items, what a revoke takes back).
    m_warningIcon = new QLabel(this);
    m_warningIcon->setObjectName(QStringLiteral("signOffWarningIcon"));
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_warningIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    m_warningIcon->setAlignment(Qt::AlignTop);
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("signOffWarning"));
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warningIcon->hide();
    m_warning->hide();

    auto* edit = new NoteEdit(this);
    m_text = edit;
    m_text->setObjectName(QStringLiteral("signOffText"));
    m_text->setTabChangesFocus(true);
    m_text->setMinimumHeight(70);
    prompt->setBuddy(m_text);
    edit->onSubmit = [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled()) {
            accept();
        }
    };

    // Why the text cannot be recorded, in the dialog, before the ledger refuses it.
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("signOffProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(
        QStringLiteral("color: %1;").arg(themeColour(ThemeColour::ProblemText).name()));
    m_problem->hide();

    m_buttons->button(QDialogButtonBox::Ok)->setText(t.action);
    auto* layout = new QVBoxLayout(this);
    m_layout = layout;
    auto* warningRow = new QHBoxLayout;
    warningRow->addWidget(m_warningIcon, 0, Qt::AlignTop);
    warningRow->addWidget(m_warning, 1);
    layout->addLayout(warningRow);
    layout->addWidget(item);
    layout->addWidget(by);
    layout->addWidget(prompt);
    layout->addWidget(m_text);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        m_refusal.clear(); // the rules judge the new text when it is recorded
        m_notice.clear();
        updateOk();
    });
    updateOk();
    resize(460, sizeHint().height());
    m_text->setFocus();
}

QString SignOffDialog::text() const
{
    return m_text->toPlainText().trimmed();
}

void SignOffDialog::setText(const QString& text)
{
    m_text->setPlainText(text);
}

bool SignOffDialog::textRequired() const
{
    return m_kind != EventKind::Signed || !m_openSubItems.isEmpty() || !m_openChecks.isEmpty();
}

void SignOffDialog::setEvidence(const QList<EvidenceChoice>& choices)
{
    if (m_kind != EventKind::Signed || choices.isEmpty())
        return;
    delete m_evidenceBox;
    m_evidence.clear();
    m_evidenceBox = new QGroupBox(tr("Reference evidence"), this);
    m_evidenceBox->setObjectName(QStringLiteral("signOffEvidence"));
    auto* boxLayout = new QVBoxLayout(m_evidenceBox);
    for (const EvidenceChoice& choice : choices) {
        // The label is the record's data (a file name, a command): shown as text, one line.
        auto* box = new QCheckBox(displaySafe(choice.label), m_evidenceBox);
        box->setObjectName(QStringLiteral("evidence-%1").arg(choice.seq));
        box->setChecked(choice.checked);
        boxLayout->addWidget(box);
        m_evidence.append({choice.seq, box});
    }
    // Above the buttons, below what was typed: the note is still what the person writes first.
    m_layout->insertWidget(m_layout->indexOf(m_buttons), m_evidenceBox);
    resize(width(), sizeHint().height());
}

QString SignOffDialog::evidenceReferenceKey() const
{
    QList<qint64> seqs;
    for (const auto& [seq, box] : m_evidence) {
        if (box->isChecked())
            seqs.append(seq);
    }
    return golive::evidenceReferenceKey(seqs);
}

void SignOffDialog::showWarning(const QString& text, bool danger)
{
    m_warning->setText(displaySafeLines(text));
    m_warning->setVisible(!text.isEmpty());
    m_warningIcon->setVisible(!text.isEmpty());
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    if (danger) {
        // The button that takes something back is in the danger colour, as the warning says.
        ok->setStyleSheet(QStringLiteral("QPushButton { background: %1; color: %2; border: none;"
                                         " border-radius: 3px; padding: 4px 14px; }"
                                         " QPushButton:focus { border: 2px solid %3; }"
                                         " QPushButton:disabled { background: %4; }")
                              .arg(themeColour(ThemeColour::DangerBanner).name(),
                                   themeColour(ThemeColour::OnStateText).name(),
                                   themeColour(ThemeColour::Accent).name(),
                                   themeColour(ThemeColour::Unknown).name()));
    }
}

void SignOffDialog::setOpenSubItems(const QStringList& openIds)
{
    if (openIds.isEmpty() || m_kind != EventKind::Signed)
        return;
    m_openSubItems = openIds;
    updateSignWarning();
}

void SignOffDialog::setOpenChecks(const QStringList& openChecks)
{
    if (m_kind != EventKind::Signed || (m_checksShown && openChecks == m_openChecks))
        return;
    m_checksShown = true;
    m_openChecks = openChecks;
    updateSignWarning();
}

void SignOffDialog::updateSignWarning()
{
    QStringList says;
    if (!m_openChecks.isEmpty())
        says.append(tr("Open checks golive verifies itself: %1. Sign over them? Say why; the "
                       "ledger keeps the reason with each open check.")
                        .arg(m_openChecks.join(QStringLiteral("; "))));
    else if (m_checksShown)
        says.append(tr("Every check golive verifies for this item holds now."));
    if (!m_openSubItems.isEmpty())
        says.append(tr("%1: sign anyway? Say why; the ledger keeps the reason with their numbers.")
                        .arg(openSubItemsText(m_openSubItems)));
    showWarning(says.join(QLatin1Char('\n')), false);
    const bool over = textRequired();
    setWindowTitle(!m_openChecks.isEmpty()     ? tr("Sign off over open checks")
                   : !m_openSubItems.isEmpty() ? tr("Sign off over open sub-items")
                                               : textFor(m_kind).title);
    m_prompt->setText(over ? tr("Why it may be signed now (required):") : textFor(m_kind).prompt);
    m_buttons->button(QDialogButtonBox::Ok)
        ->setText(over ? tr("Sign &anyway") : textFor(m_kind).action);
    updateOk();
}

void SignOffDialog::setRevoking(const QString& what)
{
    if (m_kind != EventKind::Revoked)
        return;
    showWarning(tr("This revokes %1: the item is open again. The record keeps both the "
                   "original and this revocation, with your reason.")
                    .arg(what),
                true);
}

QString SignOffDialog::revokedText(const ItemState& s)
{
    const QString what = s.status == ItemStatus::Signed          ? tr("the sign-off")
                         : s.status == ItemStatus::NotApplicable ? tr("the N/A mark")
                         : s.status == ItemStatus::Blocked       ? tr("the block")
                                                                 : tr("the status");
    if (s.by.isEmpty()) {
        return what;
    }
    return tr("%1 by %2 (%3) at %4 UTC")
        .arg(what, s.by, roleDisplayName(s.role), s.at.toUTC().toString(QStringLiteral("HH:mm")));
}

QString SignOffDialog::problemText() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

QString SignOffDialog::warningText() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

void SignOffDialog::accept()
{
    // The rules judge before the dialog closes: a refusal stays here, with what was typed.
    const QStringList shown = m_openChecks;
    m_refusal = m_check ? m_check(text()) : QString();
    if (!m_refusal.isEmpty() && m_openChecks != shown) {
        // The open checks moved under the person's eyes: the dialog shows them anew, says why
        // nothing was recorded, and the next press records over what is shown now.
        m_notice = m_refusal;
        m_refusal.clear();
        updateOk();
        m_text->setFocus();
        return;
    }
    updateOk();
    if (!m_refusal.isEmpty()) {
        m_text->setFocus();
        return;
    }
    QDialog::accept();
}

void SignOffDialog::updateOk()
{
    QString problem = textRefusal(textRequired() ? tr("the reason") : tr("the note"), text(),
                                  TextShape::MultiLine);
    if (problem.isEmpty())
        problem = m_refusal;
    const QString shown = problem.isEmpty() ? m_notice : problem;
    m_problem->setText(shown);
    m_problem->setVisible(!shown.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(problem.isEmpty() && (!textRequired() || !text().isEmpty()));
}

} // namespace golive
