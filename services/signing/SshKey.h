// An OpenSSH public key as people and files give it ("ssh-ed25519 AAAA… ada@laptop"), read
// from its wire-format blob: its type, its fingerprint as ssh-keygen prints it, and whether
// golive accepts it for signing the record.
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace golive::signing {

// Reads the big-endian length-prefixed fields of OpenSSH's wire format (RFC 4251 §5): every
// read is bounded by what is left, so a short or hostile blob fails cleanly.
class WireReader
{
public:
    explicit WireReader(const QByteArray& data) : m_data(data) {}
    bool readU32(quint32* v);
    bool readU8(quint8* v);
    bool readString(QByteArray* s); // uint32 length, then that many bytes
    bool atEnd() const { return m_pos == m_data.size(); }
    QByteArray rest() const { return m_data.mid(m_pos); }

private:
    QByteArray m_data;
    qsizetype m_pos = 0;
};

// The writer's side, for the blobs golive builds (the data an SSHSIG signature covers).
void appendU32(QByteArray* out, quint32 v);
void appendString(QByteArray* out, const QByteArray& s);

struct SshPublicKey
{
    // The key's type as OpenSSH names it: "ssh-ed25519", "ecdsa-sha2-nistp256" (384, 521),
    // "ssh-rsa", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com".
    QString type;
    QByteArray blob; // the whole wire-format public key, type string first
    QString comment; // what followed the key on its line ("ada@laptop"); not part of the key

    // "SHA256:" and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it.
    QString fingerprint() const;
    // The first 12 characters of the fingerprint after "SHA256:": for a line of a printed
    // checklist, where the roster page holds the whole.
    QString shortFingerprint() const;
    // "type base64" (and " comment" when there is one): an authorized_keys / .pub line.
    QString line() const;
    // The RSA modulus size in bits (0 for other types).
    int rsaBits() const;
    bool operator==(const SshPublicKey& o) const { return blob == o.blob; }

    // A public key line: "type base64 [comment]", as in a .pub file or `ssh-add -L`. Certificates
    // and unknown types are refused in words.
    static std::optional<SshPublicKey> parseLine(const QString& line, QString* error);
    // The wire-format blob (from an SSHSIG signature or an agent): its type must be one golive
    // knows and its fields well formed.
    static std::optional<SshPublicKey> fromBlob(const QByteArray& blob, QString* error);
    // The public key of a key file: a .pub file, or a private key file in OpenSSH's format
    // (whose public half is stored unencrypted), or FILE.pub beside it. Refused in words when
    // the file is missing, unreadable or not a key.
    static std::optional<SshPublicKey> fromFile(const QString& path, QString* error);
};

// Whether golive accepts `key` to sign a run with: a known type, and RSA of at least 2048 bits.
bool acceptableForSigning(const SshPublicKey& key, QString* why);
constexpr int kMinRsaBits = 2048;

} // namespace golive::signing
