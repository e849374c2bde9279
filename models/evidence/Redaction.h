// Secrets kept out of the record: patterns replaced in command output before it is stored.
#pragma once

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive {

class Redactor
{
public:
    // The default patterns (Perl-compatible, case-insensitive where it matters): an
    // "Authorization:" (or "authorization=") value, "Cookie:" and "Set-Cookie:" values,
    // "password=", "passwd:", "secret=", "token=", "api_key=", "private_key" values,
    // "--password X" / "--token X" options, the password in a URL ("scheme://user:pw@host"),
    // "Bearer ..." tokens, AWS access key ids, GitHub and GitLab tokens, Slack tokens. Each
    // replaces only the secret, keeping the name, so "password=hunter2" reads
    // "password=[REDACTED]". Whatever the patterns, the lines between a
    // "-----BEGIN ... PRIVATE KEY-----" line and its END line are replaced (one redaction per
    // line): a private key is never evidence.
    static QStringList defaultPatterns();
    // From `patterns`; a pattern that does not compile is refused with words (*error names it).
    // A pattern with a capture group named "secret" replaces that group only; else the match.
    static std::optional<Redactor> fromPatterns(const QStringList& patterns, QString* error);

    // One line of output (without its line break), secrets replaced by "[REDACTED]"; *count
    // goes up by the replacements made. Patterns match the line with its escape sequences
    // removed (colour codes cannot split a secret from its name); a line where one matched
    // comes back without them. Bytes that are not UTF-8 pass through unchanged.
    // Lines are one stream, in order: a private key block spans lines, so the Redactor keeps
    // whether it is inside one (one Redactor per command's output).
    QByteArray redactLine(const QByteArray& line, int* count);
    // Lines as they come ('\n'-separated, the last may lack its '\n'): the same as redactLine
    // on each, but a block in which no pattern matches anywhere (the usual case, checked with
    // one search over the block) is passed through without splitting it, so a flood of output
    // costs one search per block rather than one per line and pattern.
    QByteArray redactLines(const QByteArray& lines, int* count);

    static constexpr char Replacement[] = "[REDACTED]";

private:
    QList<QRegularExpression> m_patterns;
    // Every pattern as one alternative, line anchors at each line: whether a block needs the
    // line by line pass. Invalid when the patterns cannot be joined (then every block does).
    QRegularExpression m_any;
    bool m_inPrivateKey = false;
};

} // namespace golive
