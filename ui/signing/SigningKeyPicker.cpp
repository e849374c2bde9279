// The signing key chooser: agent keys listed off the UI thread, a key file, or none.
#include "SigningKeyPicker.h"

#include "SafeText.h"
#include "SshSigner.h"
#include "Theme.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace golive {

using signing::SshPublicKey;

namespace {

struct AgentAnswer
{
    QList<SshPublicKey> keys;
    QString error;
};

QString keyWords(const SshPublicKey& key)
{
    QString words = QStringLiteral("%1 %2").arg(key.type, key.fingerprint());
    if (!key.comment.isEmpty())
        words += QStringLiteral(" (%1)").arg(displaySafe(key.comment));
    return words;
}

} // namespace

QString signingKeysFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/keys");
}

SigningKeyPicker::SigningKeyPicker(QWidget* parent)
    : QWidget(parent), m_combo(new QComboBox(this)),
      m_browse(new QPushButton(tr("Key &file…"), this)),
      m_reload(new QPushButton(tr("Ask the &agent again"), this)), m_detail(new QLabel(this))
{
    setObjectName(QStringLiteral("signingKeyPicker"));
    m_combo->setObjectName(QStringLiteral("signingKeyChoice"));
    m_combo->setAccessibleName(tr("Signing key"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(40);
    m_browse->setObjectName(QStringLiteral("signingKeyBrowse"));
    m_browse->setToolTip(tr("A public key whose private half is in ssh-agent, or a private key "
                            "file (ssh-keygen asks for its passphrase; golive never sees it)"));
    m_reload->setObjectName(QStringLiteral("signingKeyReload"));
    m_detail->setObjectName(QStringLiteral("signingKeyDetail"));
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true);
    // Room for the key, what the roster says of it and the agent's state, before they come.
    m_detail->setMinimumHeight(m_detail->fontMetrics().lineSpacing() * 4);
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_combo, 0, 0, 1, 2);
    grid->addWidget(m_browse, 1, 0);
    grid->addWidget(m_reload, 1, 1);
    grid->addWidget(m_detail, 2, 0, 1, 2);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        showDetail();
        emit changed();
    });
    connect(m_browse, &QPushButton::clicked, this, &SigningKeyPicker::chooseFile);
    connect(m_reload, &QPushButton::clicked, this, &SigningKeyPicker::reloadAgent);
    reloadAgent();
}

void SigningKeyPicker::reloadAgent()
{
    if (m_agentPending)
        return;
    m_agentPending = true;
    m_reload->setEnabled(false);
    if (m_wanted.isEmpty())
        m_wanted = keyPath();
    rebuild();
    // ssh-add is a child process: never waited for on the UI thread.
    auto* watcher = new QFutureWatcher<AgentAnswer>(this);
    connect(watcher, &QFutureWatcher<AgentAnswer>::finished, this, [this, watcher] {
        const AgentAnswer answer = watcher->result();
        watcher->deleteLater();
        agentAnswered(answer.keys, answer.error);
    });
    watcher->setFuture(QtConcurrent::run([] {
        AgentAnswer a;
        a.keys = signing::SshSigner::agentKeys(&a.error);
        return a;
    }));
}

void SigningKeyPicker::agentAnswered(const QList<SshPublicKey>& keys, const QString& error)
{
    m_agentPending = false;
    m_reload->setEnabled(true);
    m_agentKeys = keys;
    m_agentError = error;
    rebuild();
    emit changed();
}

void SigningKeyPicker::setKeyPath(const QString& path)
{
    m_wanted = path;
    m_file = {};
    m_fileError.clear();
    if (!path.isEmpty()) {
        // The public half of a small local file: a key file is at most a few kilobytes, and
        // SshPublicKey::fromFile reads no more than 64 KiB.
        QString words;
        m_file.kind = Choice::Kind::File;
        m_file.path = path;
        m_file.key = SshPublicKey::fromFile(path, &words);
        if (!m_file.key)
            m_fileError = words;
    }
    rebuild();
}

void SigningKeyPicker::rebuild()
{
    const QSignalBlocker block(m_combo);
    m_choices.clear();
    m_combo->clear();
    m_choices.append(Choice{});
    m_combo->addItem(tr("No key: sign-offs are recorded unsigned"));
    int select = 0;
    QList<SshPublicKey> shown;
    // A remembered public half of an agent key is shown as the agent's, not as a file.
    const auto agentIndex = [this](const SshPublicKey& key) {
        for (qsizetype i = 0; i < m_agentKeys.size(); ++i) {
            if (m_agentKeys.at(i) == key)
                return i;
        }
        return qsizetype(-1);
    };
    if (m_file.kind == Choice::Kind::File &&
        (!m_file.key || agentIndex(*m_file.key) < 0 ||
         !QFileInfo(m_file.path).absolutePath().startsWith(signingKeysFolder()))) {
        m_choices.append(m_file);
        m_combo->addItem(
            m_file.key ? tr("File %1: %2")
                             .arg(QDir::toNativeSeparators(m_file.path), keyWords(*m_file.key))
                       : tr("File %1 (not a key)").arg(QDir::toNativeSeparators(m_file.path)));
        if (m_file.path == m_wanted)
            select = int(m_choices.size() - 1);
    }
    for (const SshPublicKey& key : std::as_const(m_agentKeys)) {
        Choice c;
        c.kind = Choice::Kind::Agent;
        c.key = key;
        m_choices.append(c);
        m_combo->addItem(tr("Agent: %1").arg(keyWords(key)));
        if (m_file.key && *m_file.key == key && m_file.path == m_wanted) {
            m_choices.last().path = m_file.path;
            select = int(m_choices.size() - 1);
        }
    }
    m_combo->setCurrentIndex(select);
    showDetail();
}

void SigningKeyPicker::chooseFile()
{
    const QString start = m_file.path.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh")
                                                : QFileInfo(m_file.path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Signing key"), start,
                                                      tr("Public keys (*.pub);;All files (*)"),
                                                      nullptr, QFileDialog::DontResolveSymlinks);
    if (path.isEmpty())
        return;
    setKeyPath(path);
    emit changed();
}

const SigningKeyPicker::Choice* SigningKeyPicker::current() const
{
    const int i = m_combo->currentIndex();
    return i >= 0 && i < m_choices.size() ? &m_choices.at(i) : nullptr;
}

void SigningKeyPicker::showDetail()
{
    const Choice* c = current();
    QStringList lines;
    bool problem = false;
    if (!c || c->kind == Choice::Kind::None) {
        lines << tr("Sign-offs are recorded unsigned. A run that requires signed sign-offs "
                    "refuses them.");
    } else if (!c->key) {
        lines << tr("%1 is not a key: %2").arg(QDir::toNativeSeparators(c->path), m_fileError);
        problem = true;
    } else {
        QString why;
        if (!signing::acceptableForSigning(*c->key, &why)) {
            lines << why;
            problem = true;
        } else {
            lines << tr("Signs with %1 %2.").arg(c->key->type, c->key->fingerprint());
        }
        if (m_rosterCheck) {
            const QString words = m_rosterCheck(*c->key);
            if (!words.isEmpty())
                lines << words;
        }
    }
    if (m_agentPending)
        lines << tr("Asking ssh-agent for its keys…");
    else if (!m_agentError.isEmpty())
        lines << tr("ssh-agent: %1").arg(m_agentError);
    else if (m_agentKeys.isEmpty())
        lines << tr("ssh-agent holds no keys (add one with ssh-add).");
    for (QString& line : lines)
        line = displaySafe(line);
    m_detail->setText(lines.join(QLatin1Char('\n')));
    m_detail->setStyleSheet(
        problem ? QStringLiteral("color: %1;").arg(themeColour(ThemeColour::ProblemText).name())
                : QString());
}

void SigningKeyPicker::setRosterCheck(std::function<QString(const SshPublicKey&)> check)
{
    m_rosterCheck = std::move(check);
    showDetail();
}

bool SigningKeyPicker::isUsable() const
{
    const Choice* c = current();
    if (!c || c->kind == Choice::Kind::None)
        return true;
    return c->key && signing::acceptableForSigning(*c->key, nullptr);
}

QString SigningKeyPicker::keyPath() const
{
    const Choice* c = current();
    return c ? c->path : QString();
}

bool SigningKeyPicker::commit(QString* error)
{
    const int i = m_combo->currentIndex();
    if (i < 0 || i >= m_choices.size())
        return true;
    Choice& c = m_choices[i];
    if (c.kind != Choice::Kind::Agent || !c.path.isEmpty())
        return true;
    const auto kept = signing::SshSigner::fromAgentKey(*c.key, signingKeysFolder(), error);
    if (!kept)
        return false;
    c.path = kept->path;
    return true;
}

} // namespace golive
