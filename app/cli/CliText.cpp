// Text helpers every command uses: paths, plurals, times, quoting, tables, help prose, and how
// an event or a break in the ledger reads in messages.
#include "CliText.h"

#include "SafeText.h"
#include "server/ServerLocation.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <utility>
#include <vector>

namespace golive::cli {

namespace {

qsizetype editDistance(const QString& a, const QString& b)
{
    std::vector<qsizetype> prev(static_cast<size_t>(b.size()) + 1);
    std::vector<qsizetype> cur(prev.size());
    for (size_t j = 0; j < prev.size(); ++j)
        prev[j] = static_cast<qsizetype>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const size_t uj = static_cast<size_t>(j);
            const qsizetype substitute = prev[uj - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            cur[uj] = std::min({prev[uj] + 1, cur[uj - 1] + 1, substitute});
        }
        std::swap(prev, cur);
    }
    return prev.back();
}

const SignOffEvent* findEvent(const QList<SignOffEvent>& events, qint64 seq)
{
    for (const SignOffEvent& e : events) {
        if (e.seq == seq)
            return &e;
    }
    return nullptr;
}

} // namespace

QString native(const QString& path)
{
    // A server run reads as its URI less any password: ServerLocation's shown form, the one
    // every printed URI goes through.
    if (RunLedger::isServerLocation(path))
        return terminalSafe(ServerLocation::shownUri(path));
    return QDir::toNativeSeparators(path);
}

QString shellArgument(const QString& text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
           QLatin1Char('\'');
}

QString plural(qsizetype n, const char* one, const char* many)
{
    return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

QString displayTime(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                          : QString();
}

QString shortHash(const QByteArray& hash)
{
    return QString::fromLatin1(hash.left(12)) + QStringLiteral("…");
}

// A value echoed in a message: on one line, its controls as escapes, so it cannot forge a line.
QString quoted(const QString& s)
{
    return QLatin1Char('"') + terminalSafe(s) + QLatin1Char('"');
}

// Joins an error and what was kept safe into one sentence, without doubling either.
QString withSafety(QString message, const QString& safe)
{
    while (message.endsWith(QLatin1Char('.')) || message.endsWith(QLatin1Char(' ')))
        message.chop(1);
    static const QStringList saysSo{
        QStringLiteral("nothing was"), QStringLiteral("did not change"),
        QStringLiteral("not changed"), QStringLiteral("not recorded"),
        QStringLiteral("no run was created"), QStringLiteral("nothing was left behind"),
        // A run that was created says so itself: "no run was created" would be false.
        QStringLiteral("was created on")};
    const bool alreadySaid = std::any_of(saysSo.cbegin(), saysSo.cend(), [&](const QString& w) {
        return message.contains(w, Qt::CaseInsensitive);
    });
    if (!alreadySaid)
        message += QStringLiteral("; ") + safe;
    return message;
}

// Prefixes the file unless the message already names it.
QString naming(const QString& path, const QString& message)
{
    if (RunLedger::isServerLocation(path)) {
        // A message that quotes the URI as given quotes it without its password.
        const QString shown = native(path);
        QString safe = message;
        safe.replace(path, shown);
        return safe.contains(shown) ? safe : shown + QStringLiteral(": ") + safe;
    }
    if (message.contains(path) || message.contains(native(path)) ||
        message.contains(QFileInfo(path).fileName()))
        return message;
    return native(path) + QStringLiteral(": ") + message;
}

// The candidates a typo most likely meant, closest first, in their original order on ties.
QStringList nearest(const QString& wanted, const QStringList& candidates)
{
    const qsizetype limit = std::max<qsizetype>(1, wanted.size() / 3);
    std::vector<std::pair<qsizetype, qsizetype>> scored; // distance, index
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const qsizetype d = editDistance(wanted, candidates.at(i));
        if (d <= limit || candidates.at(i).startsWith(wanted + QLatin1Char('.')))
            scored.emplace_back(d, i);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    QStringList out;
    for (const auto& s : scored) {
        if (out.size() == 6)
            break;
        out.append(candidates.at(s.second));
    }
    return out;
}

QString orList(const QStringList& words)
{
    if (words.size() <= 1)
        return words.join(QString());
    return words.mid(0, words.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") +
           words.constLast();
}

// Word-wraps prose for --help; QCommandLineParser prints descriptions as given.
QString wrap(const QString& text, qsizetype width)
{
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
                lines.append(line);
                line.clear();
            }
            line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

void printDiagnostics(Console& c, const QList<Diagnostic>& diagnostics)
{
    for (const Diagnostic& d : diagnostics)
        c.err << d.toString() << "\n";
    c.err.flush();
}

// "signed 1.2 by Ana at 2024-05-01 12:00:00 UTC", how an event reads in messages.
QString describeEvent(const SignOffEvent& e)
{
    QString subject = terminalSafe(!e.itemId.isEmpty() ? e.itemId : e.fieldKey);
    QString text = eventKindName(e.kind);
    if (!subject.isEmpty())
        text += QLatin1Char(' ') + subject;
    text += QStringLiteral(" by ") + terminalSafe(e.actor.name);
    if (e.timeUtc.isValid())
        text += QStringLiteral(" at ") + displayTime(e.timeUtc);
    return text;
}

// "event #7 (signed 1.2 by Ana at …): its contents were changed after it was written", and
// who acknowledged it when someone did.
QString describeBreak(const ChainBreak& b, const ChainVerification& v,
                      const QList<SignOffEvent>& events)
{
    QString text;
    if (b.wentBack) {
        // Not one bad event: the head this computer saw is gone from the file.
        text = b.problem;
    } else {
        text = QStringLiteral("event #%1").arg(b.seq);
        if (const SignOffEvent* e = findEvent(events, b.seq))
            text += QStringLiteral(" (") + describeEvent(*e) + QLatin1Char(')');
        text += QStringLiteral(": ") + b.problem;
    }
    const bool acknowledged = std::none_of(v.unacknowledged.cbegin(), v.unacknowledged.cend(),
                                           [&b](const ChainBreak& u) { return u.seq == b.seq; });
    if (acknowledged) {
        auto ack = std::find_if(events.cbegin(), events.cend(), [&b](const SignOffEvent& e) {
            return e.kind == EventKind::ChainBreakAcknowledged && e.seq == b.acknowledgedBy;
        });
        if (ack != events.cend()) {
            text += QStringLiteral(" (acknowledged by %1 (%2) at %3, event #%4; the record "
                                   "still shows the change)")
                        .arg(terminalSafe(ack->actor.name), roleName(ack->actor.role),
                             displayTime(ack->timeUtc))
                        .arg(ack->seq);
        } else {
            text += QStringLiteral(" (acknowledged; the record still shows the change)");
        }
    }
    return text;
}

// Left-aligned columns separated by two spaces; the last column is not padded. A cell is one
// line: a line break, CR or escape in a name or note shows as an escape (terminalSafe()), so no
// cell can start a line of its own or hide one.
QString table(QList<QStringList> rows)
{
    for (QStringList& row : rows) {
        for (QString& cell : row)
            cell = terminalSafe(cell);
    }
    std::vector<qsizetype> widths;
    for (const QStringList& row : rows) {
        widths.resize(std::max(widths.size(), static_cast<size_t>(row.size())), 0);
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[static_cast<size_t>(i)] =
                std::max(widths[static_cast<size_t>(i)], row.at(i).size());
    }
    QString text;
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i + 1 < row.size())
                line +=
                    row.at(i).leftJustified(widths[static_cast<size_t>(i)]) + QStringLiteral("  ");
            else
                line += row.at(i);
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += QStringLiteral("  ") + line + QLatin1Char('\n');
    }
    return text;
}

} // namespace golive::cli
