// The open run's war-room channel (see ChannelDialog.h).
#include "ChannelDialog.h"

#include "ChannelController.h"
#include "SafeText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace golive {

ChannelDialog::ChannelDialog(ChannelController* controller, QWidget* parent)
    : QDialog(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("channelDialog"));
    setWindowTitle(tr("War-room channel"));

    auto* intro = new QLabel(
        tr("golive posts this run's moments to the channel as they are recorded here, and "
           "records each post in the timeline. The URL is a secret: it is kept in the "
           "keychain, never in a file or the run."),
        this);
    intro->setWordWrap(true);
    m_current = new QLabel(this);
    m_current->setObjectName(QStringLiteral("current"));
    m_current->setTextFormat(Qt::PlainText);
    m_current->setWordWrap(true);

    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("webhookUrl"));
    m_url->setEchoMode(QLineEdit::Password);
    m_url->setPlaceholderText(tr("https://… (empty: keep the one set)"));
    m_url->setAccessibleName(tr("Webhook URL"));
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("format"));
    m_format->setAccessibleName(tr("Format"));
    m_format->addItem(tr("Slack (also Mattermost, Rocket.Chat)"), QStringLiteral("slack"));
    m_format->addItem(tr("Microsoft Teams (workflow, Adaptive Card)"), QStringLiteral("teams"));
    auto* form = new QFormLayout;
    form->addRow(tr("Webhook &URL:"), m_url);
    form->addRow(tr("&Format:"), m_format);

    auto* momentsBox = new QGroupBox(tr("Moments posted"), this);
    auto* momentsLayout = new QVBoxLayout(momentsBox);
    for (ChannelMoment m : selectableChannelMoments()) {
        auto* box = new QCheckBox(channelMomentDisplayName(m), momentsBox);
        box->setObjectName(QStringLiteral("moment-") + channelMomentName(m));
        momentsLayout->addWidget(box);
        m_moments.insert(channelMomentName(m), box);
    }

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("ok"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancel"));
    m_test = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(QStringLiteral("test"));
    m_clear = buttons->addButton(tr("C&lear channel"), QDialogButtonBox::ResetRole);
    m_clear->setObjectName(QStringLiteral("clear"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ChannelDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ChannelDialog::test);
    connect(m_clear, &QPushButton::clicked, this, &ChannelDialog::clearChannel);
    connect(m_controller, &ChannelController::outcome, this, &ChannelDialog::onOutcome);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_current);
    layout->addLayout(form);
    layout->addWidget(momentsBox);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    loadForm();
    refresh();
}

ChannelDialog::~ChannelDialog()
{
    m_url->clear(); // the typed secret goes before the dialog does
}

void ChannelDialog::loadForm()
{
    const ChannelConfig& config = m_controller->config();
    m_format->setCurrentIndex(std::max(0, m_format->findData(channelFormatName(config.format))));
    for (ChannelMoment m : selectableChannelMoments())
        m_moments.value(channelMomentName(m))->setChecked(config.moments.contains(m));
}

void ChannelDialog::refresh()
{
    // What is kept; the form's unsaved choices stay as they are (a Test leaves them).
    if (m_controller->fromEnvironment())
        m_current->setText(tr("Webhook: %1, from GOLIVE_CHANNEL_WEBHOOK (this process only)")
                               .arg(m_controller->maskedUrl()));
    else if (m_controller->hasChannel())
        m_current->setText(tr("Webhook: %1, kept in the keychain").arg(m_controller->maskedUrl()));
    else
        m_current->setText(tr("No channel is set for this run."));
    m_clear->setEnabled(m_controller->channelSet() || m_controller->hasChannel());
}

void ChannelDialog::setBusy(bool busy, const QString& status)
{
    m_ok->setEnabled(!busy);
    m_test->setEnabled(!busy);
    m_clear->setEnabled(!busy);
    m_status->setText(status);
}

void ChannelDialog::accept()
{
    const QString typed = m_url->text().trimmed();
    const QUrl url(typed, QUrl::StrictMode);
    QString why;
    if (!typed.isEmpty() && !isUsableWebhookUrl(url, &why)) {
        m_status->setText(tr("That is not a webhook URL: %1.").arg(why));
        return;
    }
    if (typed.isEmpty() && !m_controller->hasChannel()) {
        m_status->setText(tr("Type the channel's incoming-webhook URL."));
        return;
    }
    ChannelConfig config;
    config.format =
        channelFormatFromName(m_format->currentData().toString()).value_or(ChannelFormat::Slack);
    config.moments.clear();
    for (ChannelMoment m : selectableChannelMoments()) {
        if (m_moments.value(channelMomentName(m))->isChecked())
            config.moments.append(m);
    }
    setBusy(true, tr("Saving…"));
    QPointer<ChannelDialog> guard(this);
    m_controller->configure(typed.isEmpty() ? QUrl() : url, config, [guard](const QString& error) {
        if (ChannelDialog* dialog = guard.data())
            dialog->saved(error);
    });
}

void ChannelDialog::saved(const QString& error)
{
    if (!error.isEmpty()) {
        setBusy(false, error);
        return;
    }
    m_url->clear();
    QDialog::accept();
}

void ChannelDialog::test()
{
    const QString typed = m_url->text().trimmed();
    QString why;
    if (!typed.isEmpty() && !isUsableWebhookUrl(QUrl(typed, QUrl::StrictMode), &why)) {
        m_status->setText(tr("That is not a webhook URL: %1.").arg(why));
        return;
    }
    m_testId = m_controller->postTest(typed.isEmpty() ? QUrl() : QUrl(typed, QUrl::StrictMode),
                                      channelFormatFromName(m_format->currentData().toString()));
    if (m_testId != 0)
        setBusy(true, tr("Posting a test message…"));
    else
        m_status->setText(tr("Type the channel's incoming-webhook URL first."));
}

void ChannelDialog::clearChannel()
{
    setBusy(true, tr("Clearing…"));
    QPointer<ChannelDialog> guard(this);
    m_controller->clear([guard](const QString& error) {
        if (ChannelDialog* dialog = guard.data()) {
            dialog->setBusy(false, error.isEmpty() ? tr("The channel is cleared.") : error);
            dialog->loadForm();
            dialog->refresh();
        }
    });
}

void ChannelDialog::onOutcome(const ChannelOutcome& outcome)
{
    if (outcome.id != m_testId)
        return;
    m_testId = 0;
    setBusy(false, outcome.posted
                       ? tr("Posted: the channel answered HTTP %1.").arg(outcome.httpStatus)
                       : tr("Not posted: %1.").arg(outcome.error));
    refresh();
}

} // namespace golive
