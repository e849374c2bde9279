// OpenSSH's signature format (SSHSIG, PROTOCOL.sshsig), as `ssh-keygen -Y sign` writes it:
// read from its armored text, and checked in-process with OpenSSL, so a run's record can be
// verified with no ssh-keygen at hand, and agrees with `ssh-keygen -Y verify` when it is.
#pragma once

#include "SshKey.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace golive::signing {

// The namespace every golive signature is made in (ssh-keygen -n golive).
inline const QString kNamespace = QStringLiteral("golive");

struct SshSignature
{
    SshPublicKey key;         // the signer's public key, as the signature carries it
    QString nameSpace;        // "golive"
    QString hashAlgorithm;    // "sha512" or "sha256": what the message was hashed with
    QString sigAlgorithm;     // "ssh-ed25519", "rsa-sha2-512", "ecdsa-sha2-nistp256", ...
    QByteArray signatureBlob; // the wire-format signature (algorithm string first)
    QByteArray raw;           // the whole SSHSIG blob, as unarmored

    // The armored text: "-----BEGIN SSH SIGNATURE-----", base64 of raw in lines of 70, the
    // END line, each line ending in '\n' (byte for byte what ssh-keygen writes).
    QByteArray armored() const;

    // Reads an armored signature (surrounding whitespace allowed). Refused in words: no
    // armor, bad base64, not SSHSIG, a version other than 1, a truncated or trailing field,
    // a key type golive does not know.
    static std::optional<SshSignature> parseArmored(const QByteArray& armored, QString* error);
    static std::optional<SshSignature> parseRaw(const QByteArray& raw, QString* error);
};

// Whether `sig` is a good signature over `message` in namespace `ns`, checked with OpenSSL
// (Ed25519, ECDSA P-256/384/521, RSA with rsa-sha2-256/512 of at least kMinRsaBits, and the
// security-key forms sk-ssh-ed25519 and sk-ecdsa-sha2-nistp256, which must show the user's
// presence). False with the reason in words ("signed in namespace \"git\", not \"golive\"",
// "the signature does not match the data", ...).
bool verify(const SshSignature& sig, const QByteArray& message, const QString& ns, QString* why);

} // namespace golive::signing
