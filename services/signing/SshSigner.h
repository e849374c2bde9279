// Signing with a person's own SSH key, through OpenSSH itself: `ssh-keygen -Y sign -n golive`
// given the key (a public key whose private half is in ssh-agent, hardware-backed keys
// included, or a private key file). golive never reads or copies a private key: ssh-keygen
// uses the agent when it holds the key, and otherwise asks for a key file's passphrase itself
// (on the terminal, or through SSH_ASKPASS under a desktop), and golive never sees it.
// Every call here blocks on a child process: call it off the UI thread.
#pragma once

#include "SshKey.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace golive::signing {

struct SigningKey
{
    QString path;     // what ssh-keygen -f is given
    SshPublicKey key; // its public half

    // A key file as the user named it: a .pub whose private half is in the agent, or a
    // private key file (its public half read from it, or from FILE.pub). Refused in words:
    // missing, not a key, a type golive does not accept, RSA under kMinRsaBits.
    static std::optional<SigningKey> fromFile(const QString& path, QString* error);
};

class SshSigner
{
public:
    // How long a signature may take: long enough for a hardware key's touch.
    static constexpr int kDefaultTimeoutMs = 60000;

    // Signs `message` in namespace golive with `key`: the armored SSHSIG text ssh-keygen wrote
    // ("-----BEGIN SSH SIGNATURE-----" …). False with words that say what to do: ssh-keygen
    // missing, the agent gone (SSH_AUTH_SOCK names no agent) while the key is only there, a
    // passphrase that could not be asked for, the touch not given in time, ssh-keygen's own
    // message otherwise. The child is killed at the timeout.
    static std::optional<QByteArray> sign(const SigningKey& key, const QByteArray& message,
                                          QString* error, int timeoutMs = kDefaultTimeoutMs);

    // The keys the running agent holds (`ssh-add -L`), with their comments; empty with words
    // when there is no agent ($SSH_AUTH_SOCK unset or gone), and empty without words when the
    // agent holds none.
    static QList<SshPublicKey> agentKeys(QString* error);

    // A key from the agent as a file ssh-keygen -f can take: its public line written to
    // `dir`/<fingerprint-derived name>.pub (mode 0600), reused when already there.
    static std::optional<SigningKey> fromAgentKey(const SshPublicKey& key, const QString& dir,
                                                  QString* error);
};

} // namespace golive::signing
