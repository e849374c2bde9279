// Secrets kept out of the record: the default patterns and their replacement, line by line.
#include "evidence/Redaction.h"

#include <QStringDecoder>

namespace golive {

namespace {

// A value after "name=" or "name:": quoted, or up to white space or a separator; never a
// value another pattern already replaced (so one secret counts once).
// A quoted value may hold escaped quotes ("a\"b"), as JSON writes them.
constexpr char Value[] = R"((?<secret>(?!\[REDACTED\])(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',;&]+)))";

// Escape sequences (CSI such as colours, OSC, two-byte ones): a secret split by colour codes
// ("ESC[34m"password"ESC[0m: ...") is matched on the line as a terminal shows it. Only whole
// sequences go: an OSC that is never terminated, or runs past the line's end, strips nothing
// but its introducer, so it cannot hide the text after it from the patterns.
const QRegularExpression& escapeSequence()
{
    static const QRegularExpression re(QStringLiteral(
        "\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b\n]*(?:\x07|\x1b\\\\)|\x1b[@-Z\\\\-_]"));
    return re;
}

bool isKeyBoundary(const QByteArray& line, const char* marker)
{
    const QByteArray t = line.trimmed();
    return t.startsWith("-----") && t.endsWith("-----") && t.contains(marker) &&
           t.contains("PRIVATE KEY");
}

} // namespace

QStringList Redactor::defaultPatterns()
{
    return {
        // "Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: ...",
        // "authorization=Basic ...", "Cookie: ...", "Set-Cookie: ...": the whole value.
        QStringLiteral(R"((?i)(?:authorization|\bcookie)["']?\s*[:=]\s*)"
                       R"((?<secret>(?!\[REDACTED\])\S.*?)\s*$)"),
        // "password=...", "DB_PASSWORD: ...", "\"api_key\": \"...\"", "token=...", "secret: ...",
        // "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n...\"".
        QStringLiteral(R"((?i)(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|)"
                       R"(private[_-]?key)[\w.-]*["']?\s*[=:]\s*)") +
            QLatin1String(Value),
        // "--password hunter2", "--token X", "--api-key X" (a short option such as -p names too
        // much to take its value).
        QStringLiteral(R"((?i)(?:^|\s)--(?:password|passwd|token|secret|api[_-]?key|)"
                       R"(access[_-]?key|private[_-]?key)[\w-]*\s+)") +
            QLatin1String(Value),
        // "postgres://app:Hunter2pw@db", "https://deploy:tok@github.com/x": the password.
        QStringLiteral(R"((?i)\b[a-z][a-z0-9+.-]*://[^\s/@:]*:)"
                       R"((?<secret>(?!\[REDACTED\])[^\s/@]+)@)"),
        QStringLiteral(R"((?i)\bbearer\s+(?<secret>(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*))"),
        QStringLiteral(R"(\b(?<secret>(?:AKIA|ASIA)[0-9A-Z]{16})\b)"),
        QStringLiteral(R"(\b(?<secret>gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))"),
        QStringLiteral(R"(\b(?<secret>glpat-[A-Za-z0-9_\-]{20,}))"),
        QStringLiteral(R"(\b(?<secret>xox[abpr]-[A-Za-z0-9\-]{10,}))"),
    };
}

std::optional<Redactor> Redactor::fromPatterns(const QStringList& patterns, QString* error)
{
    Redactor r;
    for (const QString& pattern : patterns) {
        QRegularExpression re(pattern);
        if (!re.isValid()) {
            if (error)
                *error = QStringLiteral("the redaction pattern \"%1\" does not compile: %2 "
                                        "(at character %3)")
                             .arg(pattern, re.errorString())
                             .arg(re.patternErrorOffset());
            return std::nullopt;
        }
        if (pattern.isEmpty()) {
            if (error)
                *error = QStringLiteral("an empty redaction pattern would match everywhere");
            return std::nullopt;
        }
        re.optimize();
        r.m_patterns.append(std::move(re));
    }
    // The names of groups go (every pattern may name its group "secret", and Qt takes no
    // duplicate names); a pattern that refers back to a group cannot be joined with others, so
    // then every block takes the line by line pass.
    static const QRegularExpression named(QStringLiteral(R"(\(\?P?<([A-Za-z_]\w*)>|\(\?'\w+')"));
    static const QRegularExpression backReference(
        QStringLiteral(R"(\\[1-9gkK]|\(\?P[=>]|\(\?[-+]?\d)"));
    QStringList alternatives;
    bool joinable = true;
    for (QString pattern : patterns) {
        joinable = joinable && !backReference.match(pattern).hasMatch();
        pattern.replace(named, QStringLiteral("(?:"));
        alternatives << QStringLiteral("(?:") + pattern + u')';
    }
    if (joinable) {
        r.m_any = QRegularExpression(alternatives.join(u'|'), QRegularExpression::MultilineOption);
        if (r.m_any.isValid())
            r.m_any.optimize();
    }
    return r;
}

QByteArray Redactor::redactLines(const QByteArray& lines, int* count)
{
    if (lines.isEmpty())
        return lines;
    if (!m_inPrivateKey && !lines.contains("PRIVATE KEY") && m_any.isValid()) {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = utf8.decode(lines);
        if (utf8.hasError())
            text = QString::fromLatin1(lines);
        if (text.contains(QChar(0x1b)))
            text.remove(escapeSequence());
        if (!m_any.match(text).hasMatch())
            return lines;
    }
    QByteArray out;
    out.reserve(lines.size() + 64);
    qsizetype from = 0;
    while (from <= lines.size()) {
        qsizetype nl = lines.indexOf('\n', from);
        const bool last = nl < 0;
        if (last)
            nl = lines.size();
        if (last && nl == from && from > 0)
            break; // the block ended with its line break
        out += redactLine(lines.mid(from, nl - from), count);
        if (!last)
            out += '\n';
        from = nl + 1;
    }
    return out;
}

QByteArray Redactor::redactLine(const QByteArray& line, int* count)
{
    int made = 0;
    QByteArray result;
    if (m_inPrivateKey) {
        if (isKeyBoundary(line, "END ")) {
            m_inPrivateKey = false;
            result = line;
        } else {
            result = QByteArrayLiteral("[REDACTED]");
            ++made;
        }
    } else if (isKeyBoundary(line, "BEGIN ")) {
        m_inPrivateKey = true;
        result = line;
    } else {
        // Patterns match text; a line that is not UTF-8 is matched byte for byte (Latin-1), so
        // its bytes come back exactly as they were.
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = utf8.decode(line);
        const bool isUtf8 = !utf8.hasError();
        if (!isUtf8)
            text = QString::fromLatin1(line);
        // Matched as a terminal shows the line; a line with a secret is kept without its
        // escape sequences, one without keeps them all.
        if (text.contains(QChar(0x1b)))
            text.remove(escapeSequence());
        bool changed = false;
        for (const QRegularExpression& re : std::as_const(m_patterns)) {
            const bool named = re.namedCaptureGroups().contains(QStringLiteral("secret"));
            QString out;
            qsizetype from = 0;
            QRegularExpressionMatchIterator it = re.globalMatch(text);
            while (it.hasNext()) {
                const QRegularExpressionMatch m = it.next();
                const qsizetype start = named ? m.capturedStart(u"secret") : m.capturedStart();
                const qsizetype end = named ? m.capturedEnd(u"secret") : m.capturedEnd();
                if (start < from || end <= start)
                    continue; // an empty match, or a group that did not take part
                out += QStringView(text).mid(from, start - from);
                out += QLatin1String(Replacement);
                from = end;
                ++made;
            }
            if (from > 0) {
                out += QStringView(text).mid(from);
                text = std::move(out);
                changed = true;
            }
        }
        result = !changed ? line : isUtf8 ? text.toUtf8() : text.toLatin1();
    }
    if (count)
        *count += made;
    return result;
}

} // namespace golive
