// OpenSSH's allowed_signers file, read the way ssh-keygen -Y verify reads it (sshsig.c,
// misc.c's strdelimw, match.c's match_pattern_list), so golive and ssh-keygen agree on who
// may sign.
#include "AllowedSigners.h"

#include "SafeText.h"
#include "SshSignature.h"

namespace golive::signing {

namespace {

// OpenSSH's limit on one pattern of a list (match_pattern_list's buffer): a longer pattern
// matches nothing.
constexpr qsizetype kMaxPatternBytes = 1023;
// A roster is a few dozen lines; a file this large is not one, and is not read.
// A team's roster is a few lines a person; 64 KiB holds hundreds of keys, and bounds what a
// row's text can make the window read.
constexpr qsizetype kMaxRosterChars = 64 * 1024;

bool fail(QString* error, const QString& words)
{
    if (error)
        *error = words;
    return false;
}

bool isSshSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r') ||
           c == QLatin1Char('\n');
}

// OpenSSH's match_pattern: `*` any run of bytes, `?` one byte, everything else itself. Done
// with one saved backtrack point instead of OpenSSH's recursion, so a hostile pattern costs at
// most |s| x |p| steps; the answers are the same.
bool matchPattern(const QByteArray& s, const QByteArray& p)
{
    qsizetype si = 0, pi = 0, starP = -1, starS = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p.at(pi) == '?' || p.at(pi) == s.at(si))) {
            ++si;
            ++pi;
        } else if (pi < p.size() && p.at(pi) == '*') {
            starP = pi++;
            starS = si;
        } else if (starP >= 0) {
            pi = starP + 1;
            si = ++starS;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p.at(pi) == '*')
        ++pi;
    return pi == p.size();
}

// misc.c's strdelimw: the next whitespace-separated word of `line` from `*pos`, where a double
// quote starts a stretch (spaces and all) that ends at the next quote; the quotes are dropped.
// Leaves `*pos` after the whitespace that follows. Null when the quote is never closed.
std::optional<QString> nextWord(const QString& line, qsizetype* pos)
{
    qsizetype i = *pos;
    while (i < line.size() && !isSshSpace(line.at(i)) && line.at(i) != QLatin1Char('"'))
        ++i;
    QString word = line.mid(*pos, i - *pos);
    if (i < line.size() && line.at(i) == QLatin1Char('"')) {
        const qsizetype close = line.indexOf(QLatin1Char('"'), i + 1);
        if (close < 0)
            return std::nullopt;
        word += line.mid(i + 1, close - i - 1);
        i = close + 1;
    } else if (i < line.size()) {
        ++i; // the delimiting whitespace itself
    }
    while (i < line.size() && isSshSpace(line.at(i)))
        ++i;
    *pos = i;
    return word;
}

// Whether `word` starts a key ("ssh-ed25519 AAAA…") rather than options: a type OpenSSH would
// read as a key, so that a key golive does not take is refused as a key, in a key's words.
bool looksLikeKeyType(const QString& word)
{
    static const QStringList kTypes = {
        QStringLiteral("ssh-ed25519"),
        QStringLiteral("ecdsa-sha2-nistp256"),
        QStringLiteral("ecdsa-sha2-nistp384"),
        QStringLiteral("ecdsa-sha2-nistp521"),
        QStringLiteral("ssh-rsa"),
        QStringLiteral("ssh-dss"),
        QStringLiteral("sk-ssh-ed25519@openssh.com"),
        QStringLiteral("sk-ecdsa-sha2-nistp256@openssh.com"),
    };
    return kTypes.contains(word) || word.endsWith(QLatin1String("-cert-v01@openssh.com"));
}

// sshkey_advance_past_options: the options word runs to the first space or tab outside double
// quotes (\" inside quotes is a quote). Null when a quote is left open.
std::optional<qsizetype> endOfOptions(const QString& line, qsizetype pos)
{
    bool quoted = false;
    qsizetype i = pos;
    for (; i < line.size() &&
           (quoted || (line.at(i) != QLatin1Char(' ') && line.at(i) != QLatin1Char('\t')));
         ++i) {
        if (line.at(i) == QLatin1Char('\\') && i + 1 < line.size() &&
            line.at(i + 1) == QLatin1Char('"'))
            ++i;
        else if (line.at(i) == QLatin1Char('"'))
            quoted = !quoted;
    }
    if (quoted)
        return std::nullopt;
    return i;
}

// Whether `opts` at `*pos` is option `name` followed by '=' (case-insensitive, as OpenSSH's
// opt_match); moves past the '='.
bool optionWithValue(const QString& opts, qsizetype* pos, QLatin1String name)
{
    if (opts.mid(*pos, name.size()).compare(name, Qt::CaseInsensitive) != 0 ||
        *pos + name.size() >= opts.size() || opts.at(*pos + name.size()) != QLatin1Char('='))
        return false;
    *pos += name.size() + 1;
    return true;
}

// A flag option (cert-authority): the name, then the end or a comma.
bool optionFlag(const QString& opts, qsizetype* pos, QLatin1String name)
{
    if (opts.mid(*pos, name.size()).compare(name, Qt::CaseInsensitive) != 0)
        return false;
    const qsizetype after = *pos + name.size();
    if (after < opts.size() && opts.at(after) != QLatin1Char(','))
        return false;
    *pos = after;
    return true;
}

// opt_dequote: a double-quoted value, \" standing for a quote.
std::optional<QString> dequote(const QString& opts, qsizetype* pos)
{
    qsizetype i = *pos;
    if (i >= opts.size() || opts.at(i) != QLatin1Char('"'))
        return std::nullopt;
    ++i;
    QString value;
    while (i < opts.size() && opts.at(i) != QLatin1Char('"')) {
        if (opts.at(i) == QLatin1Char('\\') && i + 1 < opts.size() &&
            opts.at(i + 1) == QLatin1Char('"'))
            ++i;
        value += opts.at(i++);
    }
    if (i >= opts.size())
        return std::nullopt;
    *pos = i + 1;
    return value;
}

// The options word of a line (sshsigopt_parse): namespaces="…" is kept; every other option is
// refused in words.
bool parseOptions(const QString& opts, AllowedSigner* entry, QString* why)
{
    bool haveNamespaces = false;
    qsizetype pos = 0;
    while (pos < opts.size()) {
        if (optionFlag(opts, &pos, QLatin1String("cert-authority")))
            return fail(why, QStringLiteral("cert-authority is not supported: golive takes "
                                            "each signer's own key, not a certificate authority"));
        if (optionWithValue(opts, &pos, QLatin1String("namespaces"))) {
            if (haveNamespaces)
                return fail(why, QStringLiteral("namespaces=\"…\" is given twice"));
            const auto value = dequote(opts, &pos);
            if (!value)
                return fail(why, QStringLiteral("namespaces= needs a value in double quotes"));
            entry->namespaces = value->split(QLatin1Char(','));
            haveNamespaces = true;
        } else if (optionWithValue(opts, &pos, QLatin1String("valid-after")) ||
                   optionWithValue(opts, &pos, QLatin1String("valid-before"))) {
            return fail(why, QStringLiteral("valid-after/valid-before are not supported: golive "
                                            "checks a signature against the roster as it is"));
        } else {
            const QString name =
                opts.mid(pos).section(QLatin1Char(','), 0, 0).section(QLatin1Char('='), 0, 0);
            return fail(why, QStringLiteral("unsupported option %1 (golive reads namespaces=\"…\" "
                                            "only)")
                                 .arg(visibleControls(name.left(40))));
        }
        if (pos >= opts.size())
            break;
        if (opts.at(pos) != QLatin1Char(','))
            return fail(why, QStringLiteral("the options are malformed after \"%1\"")
                                 .arg(visibleControls(opts.left(pos).right(40))));
        if (++pos >= opts.size())
            return fail(why, QStringLiteral("the options end in a comma"));
    }
    return true;
}

bool parseLine(const QString& line, AllowedSigner* entry, QString* why)
{
    qsizetype pos = 0;
    while (pos < line.size() && isSshSpace(line.at(pos)))
        ++pos;
    const auto principals = nextWord(line, &pos);
    if (!principals)
        return fail(why, QStringLiteral("the principal's opening double quote is never closed"));
    if (pos >= line.size())
        return fail(why, QStringLiteral("no key after the principals (expected \"PRINCIPALS "
                                        "[OPTIONS] KEYTYPE BASE64\")"));
    entry->principals = principals->split(QLatin1Char(','));

    qsizetype keyStart = pos;
    const QString firstWord =
        line.mid(pos).section(QLatin1Char(' '), 0, 0).section(QLatin1Char('\t'), 0, 0);
    if (!looksLikeKeyType(firstWord)) {
        const auto end = endOfOptions(line, pos);
        if (!end)
            return fail(why, QStringLiteral("an option's double quote is never closed"));
        if (!parseOptions(line.mid(pos, *end - pos), entry, why))
            return false;
        keyStart = *end;
        while (keyStart < line.size() && isSshSpace(line.at(keyStart)))
            ++keyStart;
        if (keyStart >= line.size())
            return fail(why, QStringLiteral("no key after the options"));
    }
    QString words;
    const auto key = SshPublicKey::parseLine(line.mid(keyStart), &words);
    if (!key)
        return fail(why, words);
    if (!acceptableForSigning(*key, why))
        return false;
    entry->key = *key;
    return true;
}

} // namespace

bool matchPatternList(const QString& name, const QStringList& patterns)
{
    // OpenSSH reads the list as one comma-separated string, byte by byte.
    const QByteArray s = name.toUtf8();
    const QByteArray list = patterns.join(QLatin1Char(',')).toUtf8();
    bool positive = false;
    qsizetype i = 0;
    while (i < list.size()) {
        const bool negated = list.at(i) == '!';
        if (negated)
            ++i;
        qsizetype end = list.indexOf(',', i);
        if (end < 0)
            end = list.size();
        const QByteArray sub = list.mid(i, end - i);
        if (sub.size() >= kMaxPatternBytes)
            return false;
        i = end < list.size() ? end + 1 : end;
        if (matchPattern(s, sub)) {
            if (negated)
                return false;
            positive = true;
        }
    }
    return positive;
}

std::optional<AllowedSigners> AllowedSigners::parse(const QString& text, QString* error)
{
    if (text.size() > kMaxRosterChars) {
        fail(error, QStringLiteral("not an allowed_signers file (%1 characters)").arg(text.size()));
        return std::nullopt;
    }
    AllowedSigners roster;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n);
        qsizetype first = 0;
        while (first < line.size() && isSshSpace(line.at(first)))
            ++first;
        if (first == line.size() || line.at(first) == QLatin1Char('#'))
            continue;
        AllowedSigner entry;
        entry.lineNumber = int(n + 1);
        QString why;
        if (!parseLine(line, &entry, &why)) {
            fail(error, QStringLiteral("allowed signers, line %1: %2").arg(n + 1).arg(why));
            return std::nullopt;
        }
        roster.m_entries.append(entry);
    }
    return roster;
}

bool AllowedSigners::allows(const QString& principal, const SshPublicKey& key,
                            const QString& ns) const
{
    // As sshsig_check_allowed_keys: a line decides only when its principals match, its key is
    // the signer's and its namespaces (if any) allow `ns`; otherwise the next line is tried.
    if (principal.startsWith(kRolePrefix))
        return false;
    for (const auto& e : m_entries) {
        if (e.key == key && matchPatternList(principal, e.principals) &&
            (e.namespaces.isEmpty() || matchPatternList(ns, e.namespaces)))
            return true;
    }
    return false;
}

QStringList rolesOf(const AllowedSigner& entry)
{
    QStringList roles;
    for (const QString& p : entry.principals) {
        if (p.startsWith(kRolePrefix))
            roles.append(p.mid(kRolePrefix.size()));
    }
    return roles;
}

bool AllowedSigners::allowsAs(const QString& principal, const QString& role,
                              const SshPublicKey& key, const QString& ns, bool rosterChange) const
{
    if (principal.startsWith(kRolePrefix))
        return false;
    const bool commander =
        role == QLatin1String("incident-commander") || role == QLatin1String("release-captain");
    if (rosterChange && !commander)
        return false;
    for (const auto& e : m_entries) {
        if (!(e.key == key) || (!e.namespaces.isEmpty() && !matchPatternList(ns, e.namespaces)))
            continue;
        QStringList names;
        for (const QString& p : e.principals) {
            if (!p.startsWith(kRolePrefix))
                names.append(p);
        }
        if (names.isEmpty() || !matchPatternList(principal, names))
            continue;
        const QStringList roles = rolesOf(e);
        if (roles.contains(role) || (roles.isEmpty() && !rosterChange))
            return true;
    }
    return false;
}

bool AllowedSigners::hasCommander() const
{
    for (const auto& e : m_entries) {
        const QStringList roles = rolesOf(e);
        if (!roles.contains(QStringLiteral("incident-commander")) &&
            !roles.contains(QStringLiteral("release-captain")))
            continue;
        if (!e.namespaces.isEmpty() && !matchPatternList(kNamespace, e.namespaces))
            continue;
        // A person it can be: a name that is neither a role nor only a negation.
        for (const QString& p : e.principals) {
            if (!p.startsWith(kRolePrefix) && !p.startsWith(QLatin1Char('!')) && !p.isEmpty())
                return true;
        }
    }
    return false;
}

QList<AllowedSigner> AllowedSigners::entriesFor(const SshPublicKey& key) const
{
    QList<AllowedSigner> out;
    for (const auto& e : m_entries) {
        if (e.key == key)
            out.append(e);
    }
    return out;
}

QString AllowedSigners::lineFor(const QString& principal, const SshPublicKey& key, QString* error,
                                const QStringList& roles)
{
    if (principal.trimmed().isEmpty()) {
        fail(error, QStringLiteral("a signer needs a name"));
        return {};
    }
    if (principal.startsWith(kRolePrefix)) {
        fail(error, QStringLiteral("the name %1 cannot be a principal: \"role:\" marks a role")
                        .arg(visibleControls(principal)));
        return {};
    }
    const QStringList known{QStringLiteral("incident-commander"), QStringLiteral("release-captain"),
                            QStringLiteral("engineer"), QStringLiteral("observer")};
    for (const QString& r : roles) {
        if (!known.contains(r)) {
            fail(error, QStringLiteral("%1 is not a role (%2)")
                            .arg(visibleControls(r), known.join(QStringLiteral(", "))));
            return {};
        }
    }
    for (const QChar c : principal) {
        if (c == QLatin1Char(',') || c == QLatin1Char('"') || c == QLatin1Char('*') ||
            c == QLatin1Char('?') || c == QLatin1Char('!')) {
            fail(error, QStringLiteral("the name %1 cannot be a principal: %2 has a meaning in "
                                       "an allowed_signers file")
                            .arg(visibleControls(principal), QString(c)));
            return {};
        }
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator) {
            fail(error, QStringLiteral("the name %1 cannot be a principal: it has a control "
                                       "character")
                            .arg(visibleControls(principal)));
            return {};
        }
    }
    if (!acceptableForSigning(key, error))
        return {};
    // Quoted when a space would split it, or a leading '#' would make the line a comment.
    const bool quote =
        principal.contains(QLatin1Char(' ')) || principal.startsWith(QLatin1Char('#'));
    QString principals = principal;
    for (const QString& r : roles)
        principals += QLatin1Char(',') + kRolePrefix + r;
    const QString name = quote ? QLatin1Char('"') + principals + QLatin1Char('"') : principals;
    // The key without its comment: the principal names the signer, and a comment from
    // elsewhere is not written into the roster.
    return name + QStringLiteral(" namespaces=\"") + kNamespace + QStringLiteral("\" ") + key.type +
           QLatin1Char(' ') + QString::fromLatin1(key.blob.toBase64());
}

} // namespace golive::signing
