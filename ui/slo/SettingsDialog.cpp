// Settings (Ctrl+,): the Prometheus connection; see SettingsDialog.h.
#include "SettingsDialog.h"

#include "CredentialStore.h"
#include "PrometheusClient.h"
#include "Settings.h"
#include "SloDashboardDock.h"
#include "Theme.h"
#include "evidence/Redaction.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace golive {
namespace {

// Red and green words that read on the theme's background (they follow a theme change the next
// time they are set).
QColor red()
{
    return themeColour(ThemeColour::ErrorText);
}

QColor green()
{
    return themeColour(ThemeColour::OkText);
}

QString refreshText(int seconds)
{
    if (seconds == 0) {
        return SettingsDialog::tr("Off");
    }
    return seconds < 60 ? SettingsDialog::tr("%1 s").arg(seconds)
                        : SettingsDialog::tr("%1 min").arg(seconds / 60);
}

// CredentialStore's and PrometheusClient's words start in lower case, to follow a prefix; on
// their own they start a sentence.
QString sentence(QString text)
{
    if (!text.isEmpty()) {
        text[0] = text.at(0).toUpper();
    }
    return text;
}

// The note at the top of the dialog (why it was opened).
QString noteStyle()
{
    return QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %3; "
                          "border-radius: 4px; padding: 6px; }")
        .arg(themeColour(ThemeColour::NoteBackground).name(),
             themeColour(ThemeColour::NoteText).name(),
             themeColour(ThemeColour::NoteBorder).name());
}

// The box that says what the keychain refused.
QString keychainProblemStyle()
{
    return QStringLiteral("QFrame#keychainProblem { background: %1; border: 1px solid %2; "
                          "border-radius: 4px; } QFrame#keychainProblem QLabel { color: %3; }")
        .arg(themeColour(ThemeColour::ProblemBackground).name(),
             themeColour(ThemeColour::ProblemBorder).name(),
             themeColour(ThemeColour::NoteText).name());
}

void setColor(QLabel* label, const QColor& color)
{
    label->setStyleSheet(color.isValid() ? QStringLiteral("QLabel { color: %1; }").arg(color.name())
                                         : QString());
}

} // namespace

SettingsDialog::SettingsDialog(CredentialStore* credentials, QWidget* parent)
    : QDialog(parent), m_credentials(credentials)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(noteStyle());
    m_note->hide();

    QGroupBox* connectionBox = createConnectionBox();
    QGroupBox* appearanceBox = createAppearanceBox();
    QGroupBox* evidenceBox = createEvidenceBox();
    createProblemWidgets();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("ok"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancel"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(connectionBox);
    layout->addWidget(appearanceBox);
    layout->addWidget(evidenceBox);
    m_runBox = new QGroupBox(tr("This run"), this);
    m_runBox->setObjectName(QStringLiteral("runSettings"));
    m_runBox->setLayout(new QFormLayout);
    m_runBox->hide(); // until the window offers a setting of the run
    layout->addWidget(m_runBox);
    layout->addWidget(m_problem);
    layout->addWidget(m_keychainProblem);
    layout->addStretch(1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_saveStatus, 1);
    bottom->addWidget(m_buttons);
    layout->addLayout(bottom);

    // The saved connection.
    const ConnectionSettings saved = ConnectionSettings::load();
    m_url->setText(saved.url);
    m_auth->setCurrentIndex(
        std::max(0, m_auth->findData(ConnectionSettings::authName(saved.auth))));
    m_user->setText(saved.user);
    m_caFile->setText(saved.caFile);
    m_timeout->setValue(saved.timeoutSeconds);
    const int refreshIndex = m_refresh->findData(saved.refreshSeconds);
    m_refresh->setCurrentIndex(refreshIndex >= 0 ? refreshIndex : m_refresh->findData(15));

    m_secretCheckTimer = new QTimer(this);
    m_secretCheckTimer->setSingleShot(true);
    m_secretCheckTimer->setInterval(400);
    connect(m_secretCheckTimer, &QTimer::timeout, this, &SettingsDialog::checkStoredSecret);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_auth, &QComboBox::currentIndexChanged, this, [this] {
        updateAuthFields();
        updateValidation();
        scheduleSecretCheck();
    });
    for (QLineEdit* edit : {m_url, m_user}) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            updateValidation();
            scheduleSecretCheck();
        });
    }
    connect(m_caFile, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_secret, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_timeout, &QSpinBox::valueChanged, this, &SettingsDialog::updateValidation);
    connect(m_test, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_forget, &QPushButton::clicked, this, &SettingsDialog::forgetSecret);
    connect(m_browseCaFile, &QPushButton::clicked, this, &SettingsDialog::browseCaFile);
    connect(m_useForSession, &QPushButton::clicked, this, &SettingsDialog::useForSessionOnly);
    connect(m_goBack, &QPushButton::clicked, this, &SettingsDialog::goBack);

    updateAuthFields();
    updateValidation();
    checkStoredSecret();
    resize(std::max(620, sizeHint().width()), sizeHint().height());
}

// The Prometheus connection: address, authentication, secret, CA, timeout, refresh, the test.
QGroupBox* SettingsDialog::createConnectionBox()
{
    auto* connectionBox = new QGroupBox(tr("Prometheus"), this);
    // A grid rather than a QFormLayout: the wrapped lines under the fields (what the keychain
    // said, the test's answer) get exactly the height their words need.
    auto* form = new QGridLayout(connectionBox);
    form->setColumnStretch(1, 1);
    int row = 0;
    const auto addRow = [&](QLabel* caption, QWidget* field, QLayout* fieldLayout,
                            Qt::Alignment align) {
        if (caption) {
            caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
            form->addWidget(caption, row, 0);
        }
        if (field) {
            form->addWidget(field, row, 1, align);
        } else {
            form->addLayout(fieldLayout, row, 1);
        }
        ++row;
    };
    const auto label = [connectionBox](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, connectionBox);
        l->setBuddy(buddy);
        return l;
    };

    m_url = new QLineEdit(connectionBox);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(tr("https://prometheus.example:9090 — empty: demo data"));
    m_url->setToolTip(tr("Prometheus's base URL, with its path prefix if it has one. Never put "
                         "a user name or password in it."));
    addRow(label(tr("&Address:"), m_url), m_url, nullptr, {});

    m_auth = new QComboBox(connectionBox);
    m_auth->setObjectName(QStringLiteral("auth"));
    m_auth->addItem(tr("None"), ConnectionSettings::authName(PrometheusConfig::Auth::None));
    m_auth->addItem(tr("Basic (user name and password)"),
                    ConnectionSettings::authName(PrometheusConfig::Auth::Basic));
    m_auth->addItem(tr("Bearer token"),
                    ConnectionSettings::authName(PrometheusConfig::Auth::Bearer));
    addRow(label(tr("A&uthentication:"), m_auth), m_auth, nullptr, Qt::AlignLeft);

    m_user = new QLineEdit(connectionBox);
    m_user->setObjectName(QStringLiteral("user"));
    m_userLabel = label(tr("U&ser:"), m_user);
    addRow(m_userLabel, m_user, nullptr, {});

    m_secret = new QLineEdit(connectionBox);
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_forget = new QPushButton(tr("&Forget"), connectionBox);
    m_forget->setObjectName(QStringLiteral("forgetSecret"));
    m_forget->setAutoDefault(false);
    m_forget->setToolTip(tr("Remove the stored secret for this address and user from the "
                            "keychain (and this session)"));
    auto* secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_forget);
    m_secretLabel = label(tr("&Password:"), m_secret);
    addRow(m_secretLabel, nullptr, secretRow, {});

    m_secretStatus = new QLabel(connectionBox);
    m_secretStatus->setObjectName(QStringLiteral("secretStatus"));
    m_secretStatus->setWordWrap(true);
    m_secretStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_secretStatus->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    addRow(nullptr, m_secretStatus, nullptr, {});

    m_caFile = new QLineEdit(connectionBox);
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("empty: the system's certificate authorities"));
    m_caFile->setToolTip(tr("A CA certificate (PEM) to trust as well as the system's, for a "
                            "Prometheus behind a private certificate authority"));
    m_browseCaFile = new QPushButton(tr("&Browse…"), connectionBox);
    m_browseCaFile->setObjectName(QStringLiteral("browseCaFile"));
    m_browseCaFile->setAutoDefault(false);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_browseCaFile);
    addRow(label(tr("&CA certificate:"), m_caFile), nullptr, caRow, {});

    m_timeout = new QSpinBox(connectionBox);
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("How long one request may take before it counts as failed"));
    addRow(label(tr("T&imeout:"), m_timeout), m_timeout, nullptr, Qt::AlignLeft);

    m_refresh = new QComboBox(connectionBox);
    m_refresh->setObjectName(QStringLiteral("refresh"));
    for (int seconds : SloDashboardDock::refreshChoicesSeconds()) {
        m_refresh->addItem(refreshText(seconds), seconds);
    }
    m_refresh->setToolTip(tr("How often the SLO dashboard asks Prometheus again (also in the "
                             "dashboard's toolbar)"));
    addRow(label(tr("Auto-&refresh:"), m_refresh), m_refresh, nullptr, Qt::AlignLeft);

    addRow(nullptr, nullptr, createTestRow(connectionBox), {});
    m_testResult = new QLabel(connectionBox);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setTextFormat(Qt::PlainText);
    m_testResult->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    addRow(nullptr, m_testResult, nullptr, {});

    return connectionBox;
}

// Test connection: the button, a busy bar while it runs (the answer in words goes below).
QHBoxLayout* SettingsDialog::createTestRow(QWidget* box)
{
    m_test = new QPushButton(tr("&Test connection"), box);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_test->setAutoDefault(false);
    m_testBusy = new QProgressBar(box);
    m_testBusy->setObjectName(QStringLiteral("testBusy"));
    m_testBusy->setRange(0, 0);
    m_testBusy->setTextVisible(false);
    m_testBusy->setMaximumWidth(100);
    m_testBusy->setMaximumHeight(m_test->sizeHint().height() / 2);
    m_testBusy->hide();
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testBusy);
    testRow->addStretch(1);
    return testRow;
}

// The theme, applied when OK saves.
QGroupBox* SettingsDialog::createAppearanceBox()
{
    auto* appearanceBox = new QGroupBox(tr("Appearance"), this);
    auto* appearance = new QGridLayout(appearanceBox);
    appearance->setColumnStretch(1, 1);
    m_theme = new QComboBox(appearanceBox);
    m_theme->setObjectName(QStringLiteral("theme"));
    for (const Theme t : {Theme::Dark, Theme::Light}) {
        m_theme->addItem(themeDisplayName(t), themeName(t));
    }
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(themeName(savedTheme()))));
    m_theme->setToolTip(tr("The dark theme is made for a dimmed war room and a wall screen; "
                           "the light one for a bright office or a projector"));
    auto* themeLabel = new QLabel(tr("T&heme:"), appearanceBox);
    themeLabel->setBuddy(m_theme);
    themeLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    appearance->addWidget(themeLabel, 0, 0);
    appearance->addWidget(m_theme, 0, 1, Qt::AlignLeft);

    // Getting attention while another window is in front: an abort trigger, a failed step's
    // last 5 minutes and last minute, Live.
    Settings* s = Settings::instance();
    m_notify = new QCheckBox(tr("&Notify the desktop while golive is behind another window"),
                             appearanceBox);
    m_notify->setObjectName(QStringLiteral("notifyDesktop"));
    m_notify->setChecked(s->value(Settings::Key::NotifyDesktop).toBool());
    m_notify->setToolTip(tr("When an abort trigger fires, a failed step has 5 minutes and then 1 "
                            "minute left, or the go-live is declared Live. The task bar entry "
                            "asks for attention either way."));
    m_notifySound = new QCheckBox(tr("With a &sound"), appearanceBox);
    m_notifySound->setObjectName(QStringLiteral("notifySound"));
    m_notifySound->setChecked(s->value(Settings::Key::NotifySound).toBool());
    m_notifySound->setToolTip(tr("The desktop's warning sound (a beep where it plays none)"));
    appearance->addWidget(m_notify, 1, 0, 1, 2);
    appearance->addWidget(m_notifySound, 2, 0, 1, 2);

    return appearanceBox;
}

// Evidence: what commands run from the runbook may keep, and how large an attachment may be.
QGroupBox* SettingsDialog::createEvidenceBox()
{
    Settings* s = Settings::instance();
    auto* box = new QGroupBox(tr("Evidence"), this);
    box->setObjectName(QStringLiteral("evidenceBox"));
    auto* grid = new QGridLayout(box);
    grid->setColumnStretch(1, 1);
    m_patterns = new QPlainTextEdit(box);
    m_patterns->setObjectName(QStringLiteral("redactionPatterns"));
    m_patterns->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_patterns->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_patterns->setPlaceholderText(tr("Empty: golive's own patterns (Authorization headers, "
                                      "passwords, tokens, API keys, AWS, GitHub, GitLab and "
                                      "Slack tokens)"));
    m_patterns->setPlainText(
        s->value(Settings::Key::RedactionPatterns).toStringList().join(QLatin1Char('\n')));
    m_patterns->setFixedHeight(m_patterns->fontMetrics().lineSpacing() * 4 + 14);
    m_patterns->setToolTip(tr("One Perl-compatible regular expression a line, replaced by "
                              "[REDACTED] in a command's output before the run keeps it; a "
                              "group named \"secret\" replaces only that part."));
    connect(m_patterns, &QPlainTextEdit::textChanged, this, [this] { updateValidation(); });
    const auto spin = [box](const char* name, int min, int max, int value, const QString& suffix) {
        auto* sb = new QSpinBox(box);
        sb->setObjectName(QString::fromLatin1(name));
        sb->setRange(min, max);
        sb->setValue(value);
        sb->setSuffix(suffix);
        return sb;
    };
    m_outputCap = spin("outputCap", 1, 1024,
                       qMax(1, s->value(Settings::Key::CommandOutputCapMiB).toInt()), tr(" MiB"));
    m_outputCap->setToolTip(tr("How much of a command's output the run keeps: the start and the "
                               "end, with a note where it was cut"));
    m_commandTimeout = spin("commandTimeout", 0, 24 * 60,
                            s->value(Settings::Key::CommandTimeoutMinutes).toInt(), tr(" min"));
    m_commandTimeout->setSpecialValueText(tr("none"));
    m_commandTimeout->setToolTip(tr("The timeout a command's confirmation starts with"));
    m_attachmentLimit =
        spin("attachmentLimit", 1, 4096, qMax(1, s->value(Settings::Key::MaxAttachmentMiB).toInt()),
             tr(" MiB"));
    m_attachmentLimit->setToolTip(tr("The largest file that can be attached to an item"));
    const QList<std::pair<QString, QWidget*>> rows{{tr("Redacted &patterns:"), m_patterns},
                                                   {tr("Command output &kept:"), m_outputCap},
                                                   {tr("Command time&out:"), m_commandTimeout},
                                                   {tr("Attachment &limit:"), m_attachmentLimit}};
    int row = 0;
    for (const auto& [text, field] : rows) {
        auto* label = new QLabel(text, box);
        label->setBuddy(field);
        label->setAlignment(Qt::AlignRight | Qt::AlignTop);
        grid->addWidget(label, row, 0);
        grid->addWidget(field, row, 1, field == m_patterns ? Qt::Alignment() : Qt::AlignLeft);
        ++row;
    }
    return box;
}

QStringList SettingsDialog::typedPatterns() const
{
    QStringList patterns;
    const QStringList lines = m_patterns->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (!line.trimmed().isEmpty())
            patterns << line;
    }
    return patterns;
}

QString SettingsDialog::evidenceProblem() const
{
    const QStringList patterns = typedPatterns();
    if (patterns.isEmpty())
        return {};
    QString error;
    if (!Redactor::fromPatterns(patterns, &error))
        return tr("Redacted patterns: %1").arg(error);
    return {};
}

void SettingsDialog::saveEvidence()
{
    Settings* s = Settings::instance();
    s->setValue(Settings::Key::RedactionPatterns, typedPatterns());
    s->setValue(Settings::Key::CommandOutputCapMiB, m_outputCap->value());
    s->setValue(Settings::Key::CommandTimeoutMinutes, m_commandTimeout->value());
    s->setValue(Settings::Key::MaxAttachmentMiB, m_attachmentLimit->value());
}

// What is wrong, what is happening, what the keychain said.
void SettingsDialog::createProblemWidgets()
{
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    setColor(m_problem, red());
    m_problem->hide();

    m_saveStatus = new QLabel(this);
    m_saveStatus->setObjectName(QStringLiteral("saveStatus"));
    m_saveStatus->hide();

    m_keychainProblem = new QFrame(this);
    m_keychainProblem->setObjectName(QStringLiteral("keychainProblem"));
    m_keychainProblem->setStyleSheet(keychainProblemStyle());
    auto* problemLayout = new QVBoxLayout(m_keychainProblem);
    m_keychainMessage = new QLabel(m_keychainProblem);
    m_keychainMessage->setObjectName(QStringLiteral("keychainMessage"));
    m_keychainMessage->setWordWrap(true);
    m_keychainMessage->setTextFormat(Qt::PlainText);
    m_keychainMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_useForSession = new QPushButton(tr("Use for this session on&ly"), m_keychainProblem);
    m_useForSession->setObjectName(QStringLiteral("useForSession"));
    m_useForSession->setAutoDefault(false);
    m_useForSession->setToolTip(tr("Keep the secret in memory until golive quits; it is "
                                   "never written anywhere"));
    m_goBack = new QPushButton(tr("&Go back"), m_keychainProblem);
    m_goBack->setObjectName(QStringLiteral("goBack"));
    m_goBack->setAutoDefault(false);
    auto* choices = new QHBoxLayout;
    choices->addStretch(1);
    choices->addWidget(m_goBack);
    choices->addWidget(m_useForSession);
    problemLayout->addWidget(m_keychainMessage);
    problemLayout->addLayout(choices);
    m_keychainProblem->hide();
}

void SettingsDialog::addRunSetting(const QString& label, const QString& button,
                                   const QString& objectName,
                                   const std::function<void(QWidget*)>& open)
{
    auto* push = new QPushButton(button, m_runBox);
    push->setObjectName(objectName);
    connect(push, &QPushButton::clicked, this, [this, open] { open(this); });
    static_cast<QFormLayout*>(m_runBox->layout())->addRow(label, push);
    m_runBox->show();
}

SettingsDialog::~SettingsDialog()
{
    // The typed secret goes with the dialog; make sure the line edit's buffer goes first.
    m_secret->clear();
}

void SettingsDialog::setNote(const QString& text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

ConnectionSettings SettingsDialog::connection() const
{
    ConnectionSettings c;
    c.url = m_url->text().trimmed();
    c.auth = ConnectionSettings::authFromName(m_auth->currentData().toString())
                 .value_or(PrometheusConfig::Auth::None);
    c.user = c.auth == PrometheusConfig::Auth::Basic ? m_user->text().trimmed() : QString();
    c.caFile = m_caFile->text().trimmed();
    c.timeoutSeconds = m_timeout->value();
    c.refreshSeconds = m_refresh->currentData().toInt();
    return c;
}

QString SettingsDialog::problem() const
{
    const ConnectionSettings c = connection();
    if (QString why = c.problem(); !why.isEmpty()) {
        return why;
    }
    if (QString why = evidenceProblem(); !why.isEmpty()) {
        return why;
    }
    if (c.url.isEmpty() && c.auth != PrometheusConfig::Auth::None && !m_secret->text().isEmpty()) {
        return tr("Address: a %1 is kept for an address; enter Prometheus's address first")
            .arg(secretNoun());
    }
    return {};
}

QString SettingsDialog::secretNoun() const
{
    return connection().auth == PrometheusConfig::Auth::Bearer ? tr("token") : tr("password");
}

void SettingsDialog::updateAuthFields()
{
    const ConnectionSettings c = connection();
    const bool basic = c.auth == PrometheusConfig::Auth::Basic;
    const bool secret = c.auth != PrometheusConfig::Auth::None;
    m_user->setEnabled(basic);
    m_userLabel->setEnabled(basic);
    m_secret->setEnabled(secret && !m_saving);
    m_secretLabel->setEnabled(secret);
    m_secretLabel->setText(c.auth == PrometheusConfig::Auth::Bearer ? tr("T&oken:")
                                                                    : tr("&Password:"));
    updateRows();
    if (!secret) {
        m_secret->clear();
    }
}

void SettingsDialog::updateRows()
{
    // Rows with nothing to say take no room.
    const bool secret = connection().auth != PrometheusConfig::Auth::None;
    m_secretStatus->setVisible(secret && !m_secretStatus->text().isEmpty());
    m_testResult->setVisible(!m_testResult->text().isEmpty());
    growToFit();
}

void SettingsDialog::growToFit()
{
    // Wrapped words (a keychain's message, a TLS failure) come and go: the dialog's height
    // follows them, at the width the user gave it.
    QLayout* top = layout();
    if (!top || !isVisible()) {
        return;
    }
    top->activate();
    const int needed = top->hasHeightForWidth() ? top->totalHeightForWidth(width())
                                                : top->totalSizeHint().height();
    if (needed != height()) {
        resize(width(), needed);
    }
}

void SettingsDialog::updateValidation()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty() && !m_saving);
    growToFit();
}

void SettingsDialog::scheduleSecretCheck()
{
    // Typing an address asks the keychain once the typing pauses, not at every key.
    ++m_checkGeneration;
    showStoredSecret(StoredSecret::Checking, QString());
    m_secretCheckTimer->start();
}

void SettingsDialog::checkStoredSecret()
{
    m_secretCheckTimer->stop();
    const quint64 generation = ++m_checkGeneration;
    const ConnectionSettings c = connection();
    if (c.auth == PrometheusConfig::Auth::None) {
        showStoredSecret(StoredSecret::NotNeeded, QString());
        emit storedSecretChecked();
        return;
    }
    const QUrl url = ConnectionSettings::parseUrl(c.url, nullptr);
    if (!url.isValid() || (c.auth == PrometheusConfig::Auth::Basic && c.user.isEmpty()) ||
        !m_credentials) {
        showStoredSecret(StoredSecret::None, QString());
        emit storedSecretChecked();
        return;
    }
    showStoredSecret(StoredSecret::Checking, QString());
    const QString who = c.keychainUser().isEmpty()
                            ? CredentialStore::normalizedUrl(url)
                            : tr("%1 as %2").arg(CredentialStore::normalizedUrl(url), c.user);
    const QPointer<SettingsDialog> self(this);
    // The answer carries the secret; it is only looked at, never kept or shown.
    m_credentials->read(
        url, c.keychainUser(), [self, generation, who](const CredentialStore::Result& r) {
            // One read of the guarded pointer: GCC cannot see that two reads agree.
            SettingsDialog* const d = self.data();
            if (!d || generation != d->m_checkGeneration) {
                return;
            }
            const QString noun = d->secretNoun();
            if (r.ok() && r.fromSession) {
                d->showStoredSecret(StoredSecret::SessionOnly,
                                    tr("The %1 for %2 is kept for this session only (the "
                                       "keychain could not take it).")
                                        .arg(noun, who));
            } else if (r.ok()) {
                d->showStoredSecret(StoredSecret::Stored,
                                    tr("The %1 for %2 is stored in the keychain.").arg(noun, who));
            } else if (r.status == CredentialStore::Status::NotFound) {
                d->showStoredSecret(StoredSecret::None,
                                    tr("No %1 is stored for %2.").arg(noun, who));
            } else {
                d->showStoredSecret(StoredSecret::Unavailable, sentence(r.message));
            }
            emit d->storedSecretChecked();
        });
}

void SettingsDialog::showStoredSecret(StoredSecret state, const QString& words)
{
    m_stored = state;
    const QString noun = secretNoun();
    QString placeholder;
    switch (state) {
    case StoredSecret::NotNeeded:
        placeholder = tr("not needed without authentication");
        break;
    case StoredSecret::Checking:
        placeholder = tr("checking the keychain…");
        break;
    case StoredSecret::Stored:
        placeholder = tr("stored in the keychain; type a new one to replace it");
        break;
    case StoredSecret::SessionOnly:
        placeholder = tr("kept for this session only; type a new one to replace it");
        break;
    case StoredSecret::None:
        placeholder = tr("none stored; type the %1 to store it in the keychain").arg(noun);
        break;
    case StoredSecret::Unavailable:
        placeholder = tr("the keychain cannot be read (see below)");
        break;
    }
    m_secret->setPlaceholderText(placeholder);
    m_secretStatus->setText(words);
    updateRows();
    setColor(m_secretStatus, state == StoredSecret::Unavailable ? red() : QColor());
    m_forget->setEnabled(state == StoredSecret::Stored || state == StoredSecret::SessionOnly);
}

void SettingsDialog::forgetSecret()
{
    const ConnectionSettings c = connection();
    const QUrl url = ConnectionSettings::parseUrl(c.url, nullptr);
    if (!m_credentials || !url.isValid() || c.auth == PrometheusConfig::Auth::None) {
        return;
    }
    m_forget->setEnabled(false);
    const quint64 generation = ++m_checkGeneration;
    const QPointer<SettingsDialog> self(this);
    m_credentials->remove(
        url, c.keychainUser(), [self, generation](const CredentialStore::Result& r) {
            // One read of the guarded pointer: GCC cannot see that two reads agree.
            SettingsDialog* const d = self.data();
            if (!d || generation != d->m_checkGeneration) {
                return;
            }
            if (r.ok() || r.status == CredentialStore::Status::NotFound) {
                // Ask again: the status line then says what is left.
                d->checkStoredSecret();
            } else {
                d->showStoredSecret(StoredSecret::Unavailable, sentence(r.message));
                emit d->storedSecretChecked();
            }
        });
}

void SettingsDialog::browseCaFile()
{
    auto* dialog = new QFileDialog(this, tr("CA certificate to trust"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({tr("PEM certificates (*.pem *.crt *.cer)"), tr("All files (*)")});
    const QFileInfo current(m_caFile->text().trimmed());
    if (!m_caFile->text().trimmed().isEmpty()) {
        dialog->setDirectory(current.absolutePath());
    }
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString& file) { m_caFile->setText(QDir::toNativeSeparators(file)); });
    dialog->open();
}

void SettingsDialog::testConnection()
{
    // A new test supersedes the one running: its client goes, and with it its callback.
    const quint64 generation = ++m_testGeneration;
    delete m_testClient;
    m_testClient = nullptr;

    const ConnectionSettings c = connection();
    if (c.url.isEmpty()) {
        showTestResult(false, tr("Address: empty; enter Prometheus's address to test it"));
        return;
    }
    if (const QString why = c.problem(); !why.isEmpty()) {
        showTestResult(false, why);
        return;
    }
    PrometheusConfig config = c.toConfig();
    m_testBusy->show();
    setColor(m_testResult, QColor());
    m_testResult->setText(tr("Testing %1…").arg(config.baseUrl.toDisplayString()));
    updateRows();

    const QString typed = m_secret->text();
    if (c.auth == PrometheusConfig::Auth::None || !typed.isEmpty()) {
        config.secret = c.auth == PrometheusConfig::Auth::None ? QString() : typed;
        runCheck(config, generation, QString());
        return;
    }
    if (!m_credentials) {
        runCheck(config, generation, QString());
        return;
    }
    // No secret typed: the test uses the stored one, as the window would.
    const QPointer<SettingsDialog> self(this);
    m_credentials->read(
        config.baseUrl, c.keychainUser(),
        [self, generation, config](const CredentialStore::Result& r) mutable {
            // One read of the guarded pointer: GCC cannot see that two reads agree.
            SettingsDialog* const d = self.data();
            if (!d || generation != d->m_testGeneration) {
                return;
            }
            QString note;
            if (r.ok()) {
                config.secret = r.secret;
            } else if (r.status == CredentialStore::Status::NotFound) {
                note = tr("No %1 is stored for this address; type it above.").arg(d->secretNoun());
            } else {
                note = sentence(r.message);
            }
            d->runCheck(config, generation, note);
        });
}

void SettingsDialog::runCheck(const PrometheusConfig& config, quint64 generation,
                              const QString& note)
{
    m_testClient = new PrometheusClient(config, this);
    // The client is this dialog's child and cancels its requests when deleted: the callback
    // never runs into a dialog that is gone, nor for a test that was superseded.
    m_testClient->checkConnection(
        [this, generation, note](const QString& version, const QString& error) {
            if (generation != m_testGeneration) {
                return;
            }
            if (error.isEmpty()) {
                showTestResult(true, tr("Connected: Prometheus %1").arg(version));
            } else {
                showTestResult(false, note.isEmpty() ? sentence(error)
                                                     : sentence(error) + QLatin1Char('\n') + note);
            }
        });
}

void SettingsDialog::showTestResult(bool ok, const QString& text)
{
    m_testBusy->hide();
    m_testResult->setText(text);
    updateRows();
    setColor(m_testResult, ok ? green() : red());
    emit testFinished(ok, text);
}

void SettingsDialog::setSaving(bool saving, const QString& status)
{
    m_saving = saving;
    m_saveStatus->setText(status);
    m_saveStatus->setVisible(!status.isEmpty());
    m_secret->setEnabled(!saving && connection().auth != PrometheusConfig::Auth::None);
    updateValidation();
}

void SettingsDialog::accept()
{
    if (m_saving) {
        return;
    }
    const QString why = problem();
    if (!why.isEmpty()) {
        m_problem->setText(why);
        m_problem->show();
        return;
    }
    const ConnectionSettings c = connection();
    const QString typed = m_secret->text();
    if (c.auth == PrometheusConfig::Auth::None || typed.isEmpty()) {
        finishAccept();
        return;
    }
    m_keychainProblem->hide();
    if (!m_credentials) {
        return;
    }
    const QUrl url = ConnectionSettings::parseUrl(c.url, nullptr);
    setSaving(true, tr("Saving the %1 to the keychain…").arg(secretNoun()));
    const quint64 generation = ++m_saveGeneration;
    const QPointer<SettingsDialog> self(this);
    m_credentials->write(
        url, c.keychainUser(), typed, [self, generation](const CredentialStore::Result& r) {
            // Cancelled meanwhile (the dialog closed): nothing more to do.
            // One read of the guarded pointer: GCC cannot see that two reads agree.
            SettingsDialog* const d = self.data();
            if (!d || generation != d->m_saveGeneration || !d->m_saving || !d->isVisible()) {
                return;
            }
            d->setSaving(false, QString());
            if (r.ok()) {
                d->finishAccept();
                return;
            }
            d->m_keychainMessage->setText(
                sentence(r.message) + tr("\n\nThe other settings are not saved yet: use the %1 for "
                                         "this session only, or go back (OK tries the keychain "
                                         "again).")
                                          .arg(d->secretNoun()));
            d->m_keychainProblem->show();
            d->growToFit();
            d->m_useForSession->setFocus();
            emit d->keychainFailed(r.message);
        });
}

void SettingsDialog::useForSessionOnly()
{
    const ConnectionSettings c = connection();
    const QUrl url = ConnectionSettings::parseUrl(c.url, nullptr);
    if (!problem().isEmpty() || !url.isValid() || c.auth == PrometheusConfig::Auth::None ||
        !m_credentials) {
        goBack();
        return;
    }
    if (!m_secret->text().isEmpty()) {
        m_credentials->setSessionSecret(url, c.keychainUser(), m_secret->text());
    }
    finishAccept();
}

void SettingsDialog::goBack()
{
    m_keychainProblem->hide();
    m_secret->setFocus();
}

void SettingsDialog::finishAccept()
{
    connection().save();
    saveEvidence();
    const Theme theme = themeFromName(m_theme->currentData().toString()).value_or(Theme::Dark);
    saveTheme(theme);
    applyTheme(theme);
    Settings::instance()->setValue(Settings::Key::NotifyDesktop, m_notify->isChecked());
    Settings::instance()->setValue(Settings::Key::NotifySound, m_notifySound->isChecked());
    m_secret->clear();
    m_keychainProblem->hide();
    QDialog::accept();
}

} // namespace golive
