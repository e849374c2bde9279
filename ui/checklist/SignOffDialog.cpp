// The small dialog behind a sign-off, revocation, N/A, block or note.
#include "SignOffDialog.h"

#include "SafeText.h"
#include "Theme.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
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
    layout->addWidget(item);
    layout->addWidget(by);
    layout->addWidget(prompt);
    layout->addWidget(m_text);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this, &SignOffDialog::updateOk);
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
    return m_kind != EventKind::Signed;
}

void SignOffDialog::updateOk()
{
    const QString problem = textRefusal(textRequired() ? tr("the reason") : tr("the note"), text(),
                                        TextShape::MultiLine);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(problem.isEmpty() && (!textRequired() || !text().isEmpty()));
}

} // namespace golive
