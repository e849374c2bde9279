// Signing through OpenSSH's own tools: ssh-keygen -Y sign for a signature, ssh-add -L for the
// agent's keys. golive hands ssh-keygen the message on its stdin and reads the armored
// signature from its stdout; no private key passes through golive, and no file but the
// agent key's public line is written.
#include "SshSigner.h"

#include "SafeText.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>

namespace golive::signing {

namespace {

Q_LOGGING_CATEGORY(lcSigner, "golive.signing")

constexpr QLatin1String kArmorBegin("-----BEGIN SSH SIGNATURE-----");
constexpr QLatin1String kArmorEnd("-----END SSH SIGNATURE-----");
// An armored SSHSIG is well under a kilobyte (RSA 8192: about 2.5 KiB); more is not one.
constexpr qsizetype kMaxSignatureOutput = 64 * 1024;
// ssh-add -L asks a local socket; an agent that takes longer is stuck.
constexpr int kAgentListTimeoutMs = 10000;
// How long a killed child may take to be reaped.
constexpr int kReapMs = 5000;

bool fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

// What a child wrote on stderr, for a person to read: trimmed, controls made visible.
QString childWords(const QByteArray& err)
{
    QStringList lines;
    for (const QByteArray& l : err.split('\n')) {
        const QByteArray t = l.trimmed();
        // ssh-keygen says this on every run; it explains nothing about a failure.
        if (!t.isEmpty() && t != "Signing data on standard input")
            lines << QString::fromUtf8(t);
    }
    return visibleControls(lines.join(QStringLiteral("; ")));
}

// Why there is no agent to ask, or an empty string when SSH_AUTH_SOCK names one that ssh-add
// could not reach for another reason.
QString noAgentWords()
{
    const QString sock = qEnvironmentVariable("SSH_AUTH_SOCK");
    if (sock.isEmpty())
        return QStringLiteral("no ssh-agent: SSH_AUTH_SOCK is not set; start ssh-agent and "
                              "ssh-add the key");
    return QStringLiteral("the agent at %1 is not running; start it and ssh-add the key")
        .arg(visibleControls(sock));
}

// The path of the private key ssh-keygen looks for when given `path`: the same name without
// ".pub" (ssh-keygen strips it).
QString privateHalfPath(const QString& path)
{
    return path.endsWith(QLatin1String(".pub")) ? path.chopped(4) : path;
}

// Whether `path` is a file holding only a public key (a .pub), not a private key file.
bool isPublicOnly(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return !f.read(64).trimmed().startsWith("-----BEGIN ");
}

// The public key an armored SSHSIG carries (PROTOCOL.sshsig: "SSHSIG", uint32 version,
// string publickey, ...), or an empty blob when the text is not one.
QByteArray signatureKeyBlob(const QByteArray& armored)
{
    const QByteArray t = armored.trimmed();
    if (!t.startsWith(QByteArray(kArmorBegin.data(), kArmorBegin.size())) ||
        !t.endsWith(QByteArray(kArmorEnd.data(), kArmorEnd.size())))
        return {};
    const QByteArray body =
        t.mid(kArmorBegin.size(), t.size() - kArmorBegin.size() - kArmorEnd.size());
    const auto decoded = QByteArray::fromBase64Encoding(body.simplified().replace(' ', ""),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("SSHSIG"))
        return {};
    WireReader r(decoded.decoded.mid(6));
    quint32 version = 0;
    QByteArray blob;
    if (!r.readU32(&version) || !r.readString(&blob))
        return {};
    return blob;
}

} // namespace

std::optional<SigningKey> SigningKey::fromFile(const QString& path, QString* error)
{
    auto key = SshPublicKey::fromFile(path, error);
    if (!key)
        return std::nullopt;
    if (!acceptableForSigning(*key, error))
        return std::nullopt;
    return SigningKey{path, *key};
}

std::optional<QByteArray> SshSigner::sign(const SigningKey& key, const QByteArray& message,
                                          QString* error, int timeoutMs)
{
    const QString keygen = QStandardPaths::findExecutable(QStringLiteral("ssh-keygen"));
    if (keygen.isEmpty()) {
        fail(error, QStringLiteral("ssh-keygen not found on PATH: install OpenSSH's client "
                                   "(openssh-client) to sign"));
        return std::nullopt;
    }
    const QDeadlineTimer deadline(timeoutMs);
    QProcess p;
    // stdin is the message, so a passphrase can only come from the terminal or SSH_ASKPASS,
    // which ssh-keygen asks itself; golive never sees it.
    p.start(keygen, {QStringLiteral("-Y"), QStringLiteral("sign"), QStringLiteral("-f"), key.path,
                     QStringLiteral("-n"), QStringLiteral("golive")});
    if (!p.waitForStarted(int(qMax<qint64>(deadline.remainingTime(), 0)))) {
        fail(
            error,
            QStringLiteral("could not start %1: %2").arg(keygen, visibleControls(p.errorString())));
        p.kill();
        p.waitForFinished(kReapMs);
        return std::nullopt;
    }
    p.write(message);
    p.closeWriteChannel();
    if (!p.waitForFinished(int(qMax<qint64>(deadline.remainingTime(), 0))) &&
        p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(kReapMs);
        fail(error, QStringLiteral("no signature within %1 s: a hardware key waits for a touch, "
                                   "a passphrase prompt for an answer; sign again")
                        .arg(timeoutMs / 1000.0));
        return std::nullopt;
    }
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        const QString words = childWords(err);
        if (err.contains("incorrect passphrase")) {
            fail(error,
                 QStringLiteral("%1 has a passphrase that could not be asked for or was "
                                "wrong: add it to your agent with ssh-add %2 and sign "
                                "again")
                     .arg(visibleControls(key.path), visibleControls(privateHalfPath(key.path))));
            return std::nullopt;
        }
        // A .pub whose private half is neither beside it nor in the agent: say which.
        if (isPublicOnly(key.path) && !QFileInfo::exists(privateHalfPath(key.path))) {
            QString agentError;
            const QList<SshPublicKey> held = agentKeys(&agentError);
            const QString shown = visibleControls(key.path);
            if (!agentError.isEmpty()) {
                fail(error, QStringLiteral("%1 is a public key whose private half is in no agent: "
                                           "%2")
                                .arg(shown, agentError));
                return std::nullopt;
            }
            if (!held.contains(key.key)) {
                fail(error,
                     QStringLiteral("the agent at %1 does not hold %2 (%3): ssh-add its private "
                                    "key, or insert its hardware key")
                         .arg(visibleControls(qEnvironmentVariable("SSH_AUTH_SOCK")), shown,
                              key.key.fingerprint()));
                return std::nullopt;
            }
        }
        fail(error, words.isEmpty()
                        ? QStringLiteral("ssh-keygen failed (exit code %1)")
                              .arg(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1)
                        : QStringLiteral("ssh-keygen: %1").arg(words));
        return std::nullopt;
    }
    if (out.size() > kMaxSignatureOutput ||
        !out.startsWith(QByteArray(kArmorBegin.data(), kArmorBegin.size()))) {
        fail(error, QStringLiteral("%1 did not write an SSH signature (it begins \"%2\")")
                        .arg(keygen, visibleControls(QString::fromUtf8(out.left(40)))));
        return std::nullopt;
    }
    // The key it signed with must be the one asked for: a signature by another key would be
    // recorded under the wrong name.
    const QByteArray signedBy = signatureKeyBlob(out);
    if (signedBy != key.key.blob) {
        QString who = QStringLiteral("an unreadable key");
        if (auto other = SshPublicKey::fromBlob(signedBy, nullptr))
            who = other->fingerprint();
        fail(error, QStringLiteral("%1 signed with %2, not with %3 (%4)")
                        .arg(keygen, who, visibleControls(key.path), key.key.fingerprint()));
        return std::nullopt;
    }
    return out;
}

QList<SshPublicKey> SshSigner::agentKeys(QString* error)
{
    if (error)
        error->clear();
    const QString sshAdd = QStandardPaths::findExecutable(QStringLiteral("ssh-add"));
    if (sshAdd.isEmpty()) {
        fail(error, QStringLiteral("ssh-add not found on PATH: install OpenSSH's client "
                                   "(openssh-client) to use the agent's keys"));
        return {};
    }
    if (qEnvironmentVariable("SSH_AUTH_SOCK").isEmpty()) {
        fail(error, noAgentWords());
        return {};
    }
    QProcess p;
    p.start(sshAdd, {QStringLiteral("-L")});
    p.closeWriteChannel();
    if (!p.waitForFinished(kAgentListTimeoutMs)) {
        const bool started = p.state() != QProcess::NotRunning;
        p.kill();
        p.waitForFinished(kReapMs);
        fail(error, started ? QStringLiteral("the agent at %1 did not answer within %2 s")
                                  .arg(visibleControls(qEnvironmentVariable("SSH_AUTH_SOCK")),
                                       QString::number(kAgentListTimeoutMs / 1000))
                            : QStringLiteral("could not start %1: %2")
                                  .arg(sshAdd, visibleControls(p.errorString())));
        return {};
    }
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    if (p.exitStatus() != QProcess::NormalExit) {
        fail(error, QStringLiteral("ssh-add -L crashed"));
        return {};
    }
    // ssh-add -L: 0 with the keys, 1 when the agent holds none (or failed), 2 without an agent.
    if (p.exitCode() == 2) {
        fail(error, noAgentWords());
        return {};
    }
    if (p.exitCode() == 1 && out.contains("The agent has no identities."))
        return {};
    if (p.exitCode() != 0) {
        fail(error, QStringLiteral("ssh-add -L: %1").arg(childWords(err + out)));
        return {};
    }
    QList<SshPublicKey> keys;
    for (const QByteArray& raw : out.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        QString why;
        if (auto key = SshPublicKey::parseLine(line, &why)) {
            keys << *key;
            continue;
        }
        // Certificates and key types golive does not sign with are left out of the list.
        qCInfo(lcSigner) << "agent key left out:" << visibleControls(line.left(80)) << "-" << why;
    }
    return keys;
}

std::optional<SigningKey> SshSigner::fromAgentKey(const SshPublicKey& key, const QString& dir,
                                                  QString* error)
{
    if (!acceptableForSigning(key, error))
        return std::nullopt;
    if (!QDir().mkpath(dir)) {
        fail(error, QStringLiteral("cannot create %1").arg(visibleControls(dir)));
        return std::nullopt;
    }
    // The name: the fingerprint's base64 made file-safe ('+' '/' -> '-' '_'), so the same key
    // always lands in the same file and no comment or type picks a path.
    QString name = key.fingerprint().mid(7);
    name.replace(QLatin1Char('+'), QLatin1Char('-')).replace(QLatin1Char('/'), QLatin1Char('_'));
    for (QChar& c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-') &&
            c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    const QString path = QDir(dir).filePath(QStringLiteral("agent-%1.pub").arg(name));
    // The comment is the agent's text: kept for a person reading the file, controls visible.
    SshPublicKey written = key;
    written.comment = visibleControls(key.comment);
    const QByteArray content = written.line().toUtf8() + '\n';
    constexpr QFileDevice::Permissions kOwnerOnly =
        QFileDevice::ReadOwner | QFileDevice::WriteOwner;

    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.read(content.size() + 1) == content) {
        existing.close();
        // Owner, group and other bits only: QFile adds the running user's own as well.
        const QFileDevice::Permissions mode =
            existing.permissions() & QFileDevice::Permissions(0x7077);
        if (mode != kOwnerOnly && !existing.setPermissions(kOwnerOnly)) {
            fail(error, QStringLiteral("cannot make %1 private: %2")
                            .arg(visibleControls(path), existing.errorString()));
            return std::nullopt;
        }
        return SigningKey{path, key};
    }
    existing.close();

    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(kOwnerOnly) ||
        f.write(content) != content.size() || !f.commit()) {
        fail(error,
             QStringLiteral("cannot write %1: %2").arg(visibleControls(path), f.errorString()));
        return std::nullopt;
    }
    return SigningKey{path, key};
}

} // namespace golive::signing
