// A run's roster: which public key belongs to whom, in OpenSSH's allowed_signers format
// (ssh-keygen(1), ALLOWED SIGNERS), so the file a team keeps next to its runbooks is the same
// file `ssh-keygen -Y verify -f` reads.
#pragma once

#include "SshKey.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive::signing {

struct AllowedSigner
{
    // The principals field as written: comma-separated patterns (OpenSSH's `*`, `?` and
    // leading `!` for negation). For golive, a person's name as shown ("Ada Lovelace", quoted
    // in the file when it has spaces).
    QStringList principals;
    // The namespaces="…" option's patterns; empty when the line has none (any namespace).
    QStringList namespaces;
    SshPublicKey key;
    int lineNumber = 0; // 1-based, in the text it was read from
};

class AllowedSigners
{
public:
    // Reads allowed_signers text: blank lines and '#' comments skipped; each other line
    // "PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]". Options golive understands:
    // namespaces="…". Refused in words naming the line: cert-authority (golive takes plain
    // keys), valid-after/valid-before, any other option, a key that does not parse, an RSA key
    // under kMinRsaBits.
    static std::optional<AllowedSigners> parse(const QString& text, QString* error);

    const QList<AllowedSigner>& entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }

    // Whether `principal` may sign in namespace `ns` with `key`, as `ssh-keygen -Y verify -I
    // principal -n ns` would decide it (the first line with the key whose principals match).
    // Role principals (below) are not names: a principal starting with "role:" is never
    // allowed.
    bool allows(const QString& principal, const SshPublicKey& key, const QString& ns) const;
    // allows(), and the role too. A line may name the roles its key signs in, as principals
    // "role:incident-commander", "role:release-captain", "role:engineer", "role:observer"
    // beside the person's name ("Ada Lovelace",role:incident-commander). A line that names
    // roles signs only in those; a line that names none signs in any role, except a change of
    // the roster (`rosterChange`), which needs a line naming role:incident-commander or
    // role:release-captain, and `role` one of them.
    bool allowsAs(const QString& principal, const QString& role, const SshPublicKey& key,
                  const QString& ns, bool rosterChange) const;
    // Whether some line names role:incident-commander or role:release-captain: someone can
    // still change the roster.
    bool hasCommander() const;
    // The entries whose key is `key` (any principal).
    QList<AllowedSigner> entriesFor(const SshPublicKey& key) const;

    // One line for `principal` and `key`, in the file's format: the principal quoted when it
    // has spaces or characters the format reserves, namespaces="golive", then the key line.
    // Refused (empty, with words) when the name cannot be a principal (a comma, a quote, a
    // pattern character, a control character).
    // `roles` (role names: "incident-commander", ...) become role principals after the name.
    static QString lineFor(const QString& principal, const SshPublicKey& key, QString* error,
                           const QStringList& roles = {});

private:
    QList<AllowedSigner> m_entries;
};

// What marks a principal as a role a line's key signs in, not a person's name.
inline const QString kRolePrefix = QStringLiteral("role:");
// The roles an entry names (without the prefix), in the order written.
QStringList rolesOf(const AllowedSigner& entry);

// OpenSSH's match_pattern_list: `name` against comma-separated patterns with `*` and `?`;
// a match of a `!`-negated pattern refuses. Case-sensitive, as allowed_signers matching is.
bool matchPatternList(const QString& name, const QStringList& patterns);

} // namespace golive::signing
