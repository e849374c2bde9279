// The command line: lint a runbook, make a run, show it, sign items off, verify the ledger, and
// the SLO gate (check) against Prometheus.
#include "Cli.h"

#include "AppPaths.h"
#include "ChecklistReport.h"
#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "Cutover.h"
#include "Dashboard.h"
#include "ExportTarget.h"
#include "HealthMonitor.h"
#include "PrometheusClient.h"
#include "PrometheusSource.h"
#include "RunFile.h"
#include "RunbookJson.h"
#include "RunbookParser.h"
#include "SafeText.h"
#include "Settings.h"
#include "TimeSeries.h"
#include "Timeline.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

#ifndef GOLIVE_VERSION
#define GOLIVE_VERSION "0.0.0"
#endif

// Q_INIT_RESOURCE must run outside any namespace; the bundled dashboard lives in the static
// golive_resources library (initialising twice is harmless).
static void initBundledDashboard()
{
    Q_INIT_RESOURCE(golive_resources);
}

namespace golive {

namespace {

constexpr int ExitOk = 0;
constexpr int ExitFailure = 1;
constexpr int ExitUsage = 2;

// Everything golive prints passes through here. Whatever text reached a line (a name or note
// from the ledger, a runbook title, a Prometheus error), no control character but line breaks
// and tabs, and no text-direction control, reaches the terminal raw: they are written as the
// escapes terminalSafe() uses ("\x1b", "\u202e"). Fields that must stay on one line are
// escaped where they are put in the line; this is the backstop for everything else.
class TerminalDevice : public QIODevice
{
public:
    explicit TerminalDevice(FILE* file) : m_file(file)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    ~TerminalDevice() override { writeSafely(m_pending); }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override
    {
        m_pending.append(data, size);
        // Hold back a UTF-8 sequence cut at the end of this write for the next one.
        qsizetype complete = m_pending.size();
        for (qsizetype back = 1; back <= 3 && back <= m_pending.size(); ++back) {
            const auto b = static_cast<unsigned char>(m_pending.at(m_pending.size() - back));
            if ((b & 0xC0) == 0x80)
                continue;
            const qsizetype need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (need > back)
                complete = m_pending.size() - back;
            break;
        }
        const bool written = writeSafely(m_pending.left(complete));
        m_pending.remove(0, complete);
        return written ? size : -1;
    }

private:
    // False, with the system's reason as errorString(), when the bytes did not all reach the
    // file (a full disk, a closed pipe): the caller reports it, never drops it silently.
    bool writeSafely(const QByteArray& bytes)
    {
        if (bytes.isEmpty())
            return true;
        const QByteArray safe = visibleControls(QString::fromUtf8(bytes), true).toUtf8();
        errno = 0;
        if (std::fwrite(safe.constData(), 1, static_cast<size_t>(safe.size()), m_file) !=
                static_cast<size_t>(safe.size()) ||
            std::fflush(m_file) != 0) {
            const int why = errno;
            setErrorString(why != 0 ? qt_error_string(why) : QStringLiteral("the write failed"));
            return false;
        }
        return true;
    }

    FILE* m_file;
    QByteArray m_pending;
};

// Results go to stdout, so they can be piped; everything addressed to the person to stderr.
struct Console
{
    TerminalDevice outDevice{stdout};
    TerminalDevice errDevice{stderr};
    QTextStream out{&outDevice};
    QTextStream err{&errDevice};
};

using CommandFn = int (*)(Console&, const QString& command, const QStringList& args);

struct Command
{
    QLatin1String name;
    QLatin1String summary;
    CommandFn run;
};

// ---------------------------------------------------------------------------------------------
// Small text helpers

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
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
        QStringLiteral("nothing was"),        QStringLiteral("did not change"),
        QStringLiteral("not changed"),        QStringLiteral("not recorded"),
        QStringLiteral("no run was created"), QStringLiteral("nothing was left behind")};
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
    if (message.contains(path) || message.contains(native(path)) ||
        message.contains(QFileInfo(path).fileName()))
        return message;
    return native(path) + QStringLiteral(": ") + message;
}

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

// ---------------------------------------------------------------------------------------------
// Argument parsing shared by every subcommand

// Word-wraps prose for --help; QCommandLineParser prints descriptions as given.
QString wrap(const QString& text, qsizetype width = 79)
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

// The usage line replaces QCommandLineParser's, which names the executable's full path.
QString helpText(const QCommandLineParser& parser, const QString& usage, const QString& epilog)
{
    const QString text = parser.helpText();
    QString help = QStringLiteral("Usage: ") + usage + text.mid(text.indexOf(QLatin1Char('\n')));
    if (!epilog.isEmpty())
        help += QLatin1Char('\n') + wrap(epilog) + QLatin1Char('\n');
    help += QStringLiteral("\nExit codes: 0 ok, 1 a failure you must act on, 2 a usage error.\n");
    return help;
}

// Parses args (args[0] is the program). Returns the exit code when the command stops here
// (help shown, usage error), nullopt to go on.
std::optional<int> parseArguments(Console& c, QCommandLineParser& parser, const QString& command,
                                  const QString& usage, const QStringList& args,
                                  qsizetype minPositional, qsizetype maxPositional,
                                  const QString& epilog = {})
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        c.err << "golive " << command << ": " << parser.errorText() << "\n"
              << "Usage: " << usage << "\nTry 'golive " << command << " --help'." << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        c.out << helpText(parser, usage, epilog);
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < minPositional || positional.size() > maxPositional) {
        c.err
            << "golive " << command << ": "
            << (positional.size() < minPositional
                    ? QStringLiteral("missing arguments")
                    : QStringLiteral("unexpected argument '%1'").arg(positional.at(maxPositional)))
            << "\nUsage: " << usage << "\nTry 'golive " << command << " --help'." << Qt::endl;
        return ExitUsage;
    }
    return std::nullopt;
}

QCommandLineOption runOption()
{
    return QCommandLineOption(
        QStringLiteral("run"),
        QStringLiteral("The run file (default: %1).").arg(native(defaultRunPath())),
        QStringLiteral("FILE"));
}

// ---------------------------------------------------------------------------------------------
// Runbooks and runs

struct LoadedRunbook
{
    QByteArray bytes;
    QString sha256;
    RunbookParseResult result;
};

LoadedRunbook loadRunbook(const QString& path)
{
    LoadedRunbook loaded;
    const QFileInfo info(path);
    if (info.isFile() && info.size() <= RunbookParser::MaxBytes) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            loaded.bytes = file.readAll();
            loaded.sha256 = QString::fromLatin1(
                QCryptographicHash::hash(loaded.bytes, QCryptographicHash::Sha256).toHex());
            loaded.result = RunbookParser::parse(loaded.bytes, path);
            return loaded;
        }
    }
    // Missing, unreadable, a folder or too large: the parser says which in its own words.
    loaded.result = RunbookParser::parseFile(path);
    if (loaded.result.ok()) {
        Diagnostic d;
        d.file = path;
        d.pos = {1, 1};
        d.message = QStringLiteral("cannot read this file");
        loaded.result.diagnostics.append(d);
    }
    return loaded;
}

qsizetype countSeverity(const QList<Diagnostic>& diagnostics, Diagnostic::Severity severity)
{
    return std::count_if(diagnostics.cbegin(), diagnostics.cend(),
                         [severity](const Diagnostic& d) { return d.severity == severity; });
}

void printDiagnostics(Console& c, const QList<Diagnostic>& diagnostics)
{
    for (const Diagnostic& d : diagnostics)
        c.err << d.toString() << "\n";
    c.err.flush();
}

// The record of the head this computer saw could not be written: said, never a failure.
void printHeadRecordWarning(Console& c, const QString& command, const RunFile& run)
{
    if (!run.headRecordWarning().isEmpty())
        c.err << "golive " << command << ": warning: " << run.headRecordWarning()
              << " (the run itself is unaffected)" << Qt::endl;
}

std::unique_ptr<RunFile> openRun(Console& c, const QString& command, const QString& givenPath,
                                 RunFile::Access access, int lockWaitMs = 0)
{
    const QString safe = access == RunFile::Access::ReadWrite
                             ? QStringLiteral("nothing was written")
                             : QStringLiteral("nothing was changed");
    QString error;
    QString warning;
    std::unique_ptr<RunFile> run;
    QString path = givenPath;
    if (path.isEmpty() && !QFileInfo::exists(defaultRunPath())) {
        path = defaultRunPath();
        bool created = false;
        run = openOrCreateDefaultRun(access, &error, &warning, &created);
        if (created) {
            c.err << "golive " << command << ": created the default run " << native(path)
                  << " from the bundled runbook" << Qt::endl;
        }
    } else {
        if (path.isEmpty())
            path = defaultRunPath();
        run = RunFile::open(path, access, &error, &warning, lockWaitMs);
    }
    if (!warning.isEmpty())
        c.err << "golive " << command << ": warning: " << naming(path, warning) << Qt::endl;
    if (!run) {
        if (error.isEmpty())
            error = QStringLiteral("cannot open this run");
        c.err << "golive " << command << ": " << withSafety(naming(path, error), safe) << Qt::endl;
    } else {
        printHeadRecordWarning(c, command, *run);
    }
    return run;
}

QString itemTitle(const RunFile& run, const RunbookItem& item)
{
    const RunState& state = run.state();
    return renderPlain(item.title, run.runbook(),
                       [&state](const QString& key) { return state.fieldValue(key); });
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

const SignOffEvent* findEvent(const QList<SignOffEvent>& events, qint64 seq)
{
    for (const SignOffEvent& e : events) {
        if (e.seq == seq)
            return &e;
    }
    return nullptr;
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

// ---------------------------------------------------------------------------------------------
// lint

int cmdLint(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(
        QStringLiteral("Checks a Markdown go-live runbook the way golive reads it. Problems are "
                       "printed on stderr as FILE:LINE:COL: error|warning: message.\nWithout "
                       "--json a one-line summary goes to stdout.")));
    parser.addPositionalArgument(QStringLiteral("RUNBOOK"),
                                 QStringLiteral("The Markdown runbook to check."));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print the runbook as golive understands it (fields, sections, nested "
                       "items, diagnostics) as JSON on stdout."));
    parser.addOption(json);
    if (auto code = parseArguments(c, parser, command,
                                   QStringLiteral("golive lint [--json] RUNBOOK"), args, 1, 1))
        return *code;

    const QString path = parser.positionalArguments().constFirst();
    const LoadedRunbook loaded = loadRunbook(path);
    const RunbookParseResult& result = loaded.result;
    printDiagnostics(c, result.diagnostics);
    const qsizetype errors = countSeverity(result.diagnostics, Diagnostic::Severity::Error);
    const qsizetype warnings = countSeverity(result.diagnostics, Diagnostic::Severity::Warning);
    const bool ok = result.ok() && errors == 0;

    if (parser.isSet(json)) {
        QJsonObject o = runbookToJson(result.runbook);
        o.insert(QStringLiteral("file"), path);
        o.insert(QStringLiteral("sha256"),
                 loaded.sha256.isEmpty() ? QJsonValue() : QJsonValue(loaded.sha256));
        o.insert(QStringLiteral("ok"), ok);
        o.insert(QStringLiteral("diagnostics"), diagnosticsToJson(result.diagnostics));
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (ok) {
        const Runbook& rb = result.runbook;
        const qsizetype placeholders =
            std::count_if(rb.fields.cbegin(), rb.fields.cend(),
                          [](const RunbookField& f) { return f.isPlaceholder; });
        c.out << native(path) << ": ok: " << quoted(rb.title) << ", "
              << plural(rb.sections.size(), "section", "sections") << ", "
              << plural(rb.checkableCount(), "item", "items") << ", "
              << plural(rb.fields.size(), "field", "fields") << " (" << placeholders
              << " to fill), " << plural(warnings, "warning", "warnings") << "\n";
    }
    if (!ok) {
        c.err << native(path) << ": " << plural(errors, "error", "errors") << ", "
              << plural(warnings, "warning", "warnings")
              << "; golive cannot make a run from it until the errors are fixed" << Qt::endl;
    }
    return ok ? ExitOk : ExitFailure;
}

// ---------------------------------------------------------------------------------------------
// new

int cmdNew(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(
        QStringLiteral("Creates a run: one .golive file holding the exact runbook text (with its "
                       "SHA-256) and an empty sign-off ledger. Never overwrites a file; a runbook "
                       "with lint errors makes no run.")));
    const QCommandLineOption runbookOpt(
        QStringLiteral("runbook"),
        QStringLiteral("The Markdown runbook to run (default: the bundled %1).")
            .arg(bundledRunbookName()),
        QStringLiteral("RUNBOOK"));
    const QCommandLineOption outOpt(
        QStringLiteral("out"), QStringLiteral("The run file to create (should end in .golive)."),
        QStringLiteral("FILE"));
    parser.addOption(runbookOpt);
    parser.addOption(outOpt);
    const QString usage = QStringLiteral("golive new [--runbook RUNBOOK] --out FILE");
    if (auto code = parseArguments(c, parser, command, usage, args, 0, 0))
        return *code;
    const QString out = parser.value(outOpt);
    if (out.isEmpty()) {
        c.err << "golive new: say where to create the run with --out FILE; nothing was written\n"
              << "Usage: " << usage << Qt::endl;
        return ExitUsage;
    }
    if (QFileInfo::exists(out)) {
        c.err << "golive new: " << native(out)
              << " exists; golive never overwrites a run; nothing was written" << Qt::endl;
        return ExitFailure;
    }
    if (const QString why = newRunRefusal(out); !why.isEmpty()) {
        c.err << "golive new: " << why << Qt::endl;
        return ExitFailure;
    }

    QString runbookPath = parser.value(runbookOpt);
    QString runbookName;
    LoadedRunbook loaded;
    if (runbookPath.isEmpty()) {
        runbookName = bundledRunbookName();
        runbookPath = QStringLiteral("the bundled ") + runbookName;
        loaded.bytes = bundledRunbookText();
        loaded.result = RunbookParser::parse(loaded.bytes, runbookName);
    } else {
        runbookName = QFileInfo(runbookPath).fileName();
        loaded = loadRunbook(runbookPath);
    }
    printDiagnostics(c, loaded.result.diagnostics);
    const qsizetype errors = countSeverity(loaded.result.diagnostics, Diagnostic::Severity::Error);
    if (!loaded.result.ok() || errors > 0) {
        c.err << "golive new: " << native(runbookPath) << " has "
              << plural(std::max<qsizetype>(errors, 1), "error", "errors")
              << "; no run was created and nothing was written" << Qt::endl;
        return ExitFailure;
    }
    if (QFileInfo(out).suffix() != QLatin1String(RunFile::Extension)) {
        c.err << "golive new: warning: " << native(out)
              << " does not end in .golive; the window's Open dialog looks for .golive files"
              << Qt::endl;
    }

    QString error;
    const std::unique_ptr<RunFile> run = RunFile::create(out, loaded.bytes, runbookName, &error);
    if (!run) {
        c.err << "golive new: "
              << withSafety(
                     naming(out, error.isEmpty() ? QStringLiteral("cannot create the run") : error),
                     QStringLiteral("no run was created"))
              << Qt::endl;
        return ExitFailure;
    }
    const Runbook& rb = run->runbook();
    c.out << "created run " << native(out) << " from " << native(runbookPath) << ": "
          << quoted(rb.title) << ", " << plural(rb.sections.size(), "section", "sections") << ", "
          << plural(rb.checkableCount(), "item", "items") << "; run id " << run->runId()
          << "; runbook sha256 " << run->runbookSha256() << "\n";
    return ExitOk;
}

// ---------------------------------------------------------------------------------------------
// status

// "12 min" (rounded up, so a deadline one second away is not "0 min").
QString minutesText(qint64 seconds)
{
    const qint64 minutes = (std::max<qint64>(0, seconds) + 59) / 60;
    return QStringLiteral("%1 min").arg(minutes);
}

// `4.5 "Enable Maintenance Mode"`
QString itemLabel(const RunFile& run, const QString& id)
{
    const RunbookItem* item = run.runbook().findItem(id);
    return item ? id + QLatin1Char(' ') + quoted(itemTitle(run, *item)) : id;
}

QString rollbackStepLabel(const RunFile& run, int number)
{
    const QStringList& steps = run.state().plan().rollbackSteps;
    if (number < 1 || number > steps.size())
        return QString::number(number);
    const RunState& state = run.state();
    return QString::number(number) + QLatin1Char(' ') +
           quoted(renderPlain(steps.at(number - 1), run.runbook(),
                              [&state](const QString& key) { return state.fieldValue(key); }));
}

// The cutover block of `golive status`: phase, window start, decision, steps, failures with
// the time left before golive proposes the rollback, final monitoring, rollback progress.
QList<QStringList> cutoverRows(const RunFile& run, const QDateTime& now)
{
    const RunState& state = run.state();
    const CutoverState& cut = state.cutover();
    const CutoverPlan& plan = state.plan();
    QList<QStringList> rows;
    rows.append({QStringLiteral("phase"),
                 phaseDisplayName(cut.phase()) +
                     (cut.phaseSinceUtc().isValid()
                          ? QStringLiteral(" since ") + displayTime(cut.phaseSinceUtc())
                          : QString())});
    QString startError;
    const QDateTime start = state.windowStartUtc(&startError);
    rows.append(
        {QStringLiteral("window start"),
         start.isValid()
             ? QStringLiteral("%1 (now %2)").arg(displayTime(start), tMinusText(start.secsTo(now)))
             : startError});
    if (const std::optional<CutoverDecision>& d = cut.decision()) {
        rows.append({QStringLiteral("decision"),
                     QStringLiteral("%1 by %2 (%3) at %4%5")
                         .arg(d->go ? QStringLiteral("GO") : QStringLiteral("NO-GO"), d->by,
                              roleName(d->role), displayTime(d->atUtc),
                              d->reason.isEmpty() ? QString() : QStringLiteral(": ") + d->reason)});
    }
    if (cut.phase() == Phase::Preparing || cut.phase() == Phase::GoNoGo) {
        const QStringList open = cut.openPreChecks();
        rows.append({QStringLiteral("pre-checks"),
                     open.isEmpty() ? QStringLiteral("all done")
                                    : QStringLiteral("open: ") + open.join(QStringLiteral(", "))});
    }
    const QString next = cut.nextStepId();
    if (cut.phase() == Phase::Cutover && !next.isEmpty())
        rows.append({QStringLiteral("next step"), itemLabel(run, next)});
    for (const StepFailure& f : cut.openFailures()) {
        const qint64 left = f.secondsLeft(now);
        rows.append(
            {QStringLiteral("failed"),
             QStringLiteral("%1 at %2 by %3: %4; %5")
                 .arg(itemLabel(run, f.stepId), displayTime(f.atUtc), f.by, f.what,
                      left > 0 ? QStringLiteral("%1 left to resolve it (until %2)")
                                     .arg(minutesText(left), displayTime(f.deadlineUtc))
                               : QStringLiteral("the %1 minutes to resolve it ran out at %2: "
                                                "golive proposes the rollback")
                                     .arg(plan.resolutionMinutes)
                                     .arg(displayTime(f.deadlineUtc)))});
    }
    if (cut.finalMonitoringStartUtc().isValid() &&
        (cut.phase() == Phase::FinalMonitoring || cut.phase() == Phase::Live)) {
        const std::optional<qint64> left = cut.finalMonitoringSecondsLeft(now);
        rows.append({QStringLiteral("final monitoring"),
                     QStringLiteral("since %1; %2")
                         .arg(displayTime(cut.finalMonitoringStartUtc()),
                              cut.phase() == Phase::Live ? QStringLiteral("declared Live")
                              : left && *left > 0
                                  ? QStringLiteral("%1 left before the go-live can be declared "
                                                   "Live")
                                        .arg(minutesText(*left))
                                  : QStringLiteral("the incident commander may declare the "
                                                   "go-live Live"))});
    }
    if (const std::optional<RollbackStart>& r = cut.rollback()) {
        const int nextStep = cut.nextRollbackStep();
        rows.append(
            {QStringLiteral("rollback"),
             QStringLiteral("started by %1 (%2) at %3: %4; %5 of %6 steps done%7")
                 .arg(r->by, roleName(r->role), displayTime(r->atUtc), r->reason)
                 .arg(cut.rollbackStepsDone().size())
                 .arg(plan.rollbackSteps.size())
                 .arg(nextStep > 0 ? QStringLiteral("; next: ") + rollbackStepLabel(run, nextStep)
                                   : QString())});
    }
    return rows;
}

QJsonValue jsonTimeOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(jsonTime(t)) : QJsonValue();
}

QJsonObject cutoverToJson(const RunFile& run, const QDateTime& now)
{
    const RunState& state = run.state();
    const CutoverState& cut = state.cutover();
    const CutoverPlan& plan = state.plan();
    const auto strings = [](const QStringList& list) { return QJsonArray::fromStringList(list); };
    QString startError;
    const QDateTime start = state.windowStartUtc(&startError);
    QJsonObject o{
        {QStringLiteral("hasPlan"), plan.isValid()},
        {QStringLiteral("phase"), phaseName(cut.phase())},
        {QStringLiteral("phaseName"), phaseDisplayName(cut.phase())},
        {QStringLiteral("since"), jsonTimeOrNull(cut.phaseSinceUtc())},
        {QStringLiteral("windowStart"), jsonTimeOrNull(start)},
        {QStringLiteral("windowStartError"),
         start.isValid() ? QJsonValue() : QJsonValue(startError)},
        {QStringLiteral("secondsFromStart"),
         start.isValid() ? QJsonValue(double(start.secsTo(now))) : QJsonValue()},
        {QStringLiteral("preChecks"), strings(plan.preCheckIds)},
        {QStringLiteral("openPreChecks"), strings(cut.openPreChecks())},
        {QStringLiteral("goDecisionItem"),
         plan.goDecisionItemId.isEmpty() ? QJsonValue() : QJsonValue(plan.goDecisionItemId)},
        {QStringLiteral("steps"), strings(plan.stepIds)},
        {QStringLiteral("nextStep"),
         cut.nextStepId().isEmpty() ? QJsonValue() : QJsonValue(cut.nextStepId())},
        {QStringLiteral("finalMonitoringStep"), plan.finalMonitoringStepId.isEmpty()
                                                    ? QJsonValue()
                                                    : QJsonValue(plan.finalMonitoringStepId)},
        {QStringLiteral("proposeRollback"), cut.rollbackDeadlineExpired(now)},
        {QStringLiteral("now"), jsonTime(now)},
    };
    if (const std::optional<CutoverDecision>& d = cut.decision()) {
        o.insert(QStringLiteral("decision"),
                 QJsonObject{{QStringLiteral("go"), d->go},
                             {QStringLiteral("reason"), d->reason},
                             {QStringLiteral("by"), d->by},
                             {QStringLiteral("role"), roleName(d->role)},
                             {QStringLiteral("at"), jsonTimeOrNull(d->atUtc)},
                             {QStringLiteral("seq"), d->seq}});
    } else {
        o.insert(QStringLiteral("decision"), QJsonValue());
    }
    QJsonArray failures;
    for (const StepFailure& f : cut.openFailures()) {
        failures.append(QJsonObject{{QStringLiteral("step"), f.stepId},
                                    {QStringLiteral("what"), f.what},
                                    {QStringLiteral("by"), f.by},
                                    {QStringLiteral("role"), roleName(f.role)},
                                    {QStringLiteral("at"), jsonTimeOrNull(f.atUtc)},
                                    {QStringLiteral("deadline"), jsonTimeOrNull(f.deadlineUtc)},
                                    {QStringLiteral("secondsLeft"), double(f.secondsLeft(now))},
                                    {QStringLiteral("expired"), f.expired(now)}});
    }
    o.insert(QStringLiteral("failures"), failures);
    const std::optional<qint64> fmLeft = cut.finalMonitoringSecondsLeft(now);
    o.insert(QStringLiteral("finalMonitoring"),
             cut.finalMonitoringStartUtc().isValid()
                 ? QJsonValue(QJsonObject{
                       {QStringLiteral("start"), jsonTimeOrNull(cut.finalMonitoringStartUtc())},
                       {QStringLiteral("ends"), jsonTimeOrNull(cut.finalMonitoringEndsUtc())},
                       {QStringLiteral("secondsLeft"),
                        fmLeft ? QJsonValue(double(*fmLeft)) : QJsonValue()}})
                 : QJsonValue());
    if (const std::optional<RollbackStart>& r = cut.rollback()) {
        QJsonArray steps;
        for (int n = 1; n <= plan.rollbackSteps.size(); ++n) {
            QJsonObject step{{QStringLiteral("number"), n},
                             {QStringLiteral("text"), rollbackStepLabel(run, n)},
                             {QStringLiteral("done"), n <= cut.rollbackStepsDone().size()}};
            if (n <= cut.rollbackStepsDone().size()) {
                const RollbackStepRecord& done = cut.rollbackStepsDone().at(n - 1);
                step.insert(QStringLiteral("by"), done.by);
                step.insert(QStringLiteral("role"), roleName(done.role));
                step.insert(QStringLiteral("at"), jsonTimeOrNull(done.atUtc));
                step.insert(QStringLiteral("note"), done.note);
            }
            steps.append(step);
        }
        o.insert(QStringLiteral("rollback"),
                 QJsonObject{{QStringLiteral("reason"), r->reason},
                             {QStringLiteral("by"), r->by},
                             {QStringLiteral("role"), roleName(r->role)},
                             {QStringLiteral("at"), jsonTimeOrNull(r->atUtc)},
                             {QStringLiteral("steps"), steps},
                             {QStringLiteral("next"), cut.nextRollbackStep()}});
    } else {
        o.insert(QStringLiteral("rollback"), QJsonValue());
    }
    return o;
}

void printStatus(Console& c, const RunFile& run, const ChainVerification& v)
{
    const Runbook& rb = run.runbook();
    const RunState& state = run.state();
    const Progress total = state.totalProgress();

    c.out << terminalSafe(rb.title) << "\n";
    c.out << table({
        {QStringLiteral("run"), native(run.path())},
        {QStringLiteral("run id"), run.runId()},
        {QStringLiteral("runbook"), run.runbookName()},
        {QStringLiteral("sha256"), run.runbookSha256()},
        {QStringLiteral("created"), displayTime(run.createdUtc())},
        {QStringLiteral("progress"), total.toString() + QStringLiteral(" done")},
    });

    qsizetype filled = 0;
    QList<QStringList> fieldRows{{QStringLiteral("KEY"), QStringLiteral("LABEL"),
                                  QStringLiteral("VALUE"), QStringLiteral("STATE")}};
    for (const RunbookField& f : rb.fields) {
        const QString value = state.fieldValue(f.key);
        const bool isFilled = !f.isPlaceholder || !value.isEmpty();
        if (isFilled)
            ++filled;
        QString how = QStringLiteral("from runbook");
        if (f.isPlaceholder)
            how = value.isEmpty() ? QStringLiteral("unfilled") : QStringLiteral("filled");
        fieldRows.append({f.key, f.label, value.isEmpty() ? f.templateValue : value, how});
    }
    c.out << "\nFields (" << filled << " of " << rb.fields.size() << " filled)\n";
    if (!rb.fields.isEmpty())
        c.out << table(fieldRows);

    QList<QStringList> sectionRows;
    for (int i = 0; i < rb.sections.size(); ++i) {
        const RunbookSection& s = rb.sections.at(i);
        const QString title = renderPlain(
            s.title, rb, [&state](const QString& key) { return state.fieldValue(key); });
        sectionRows.append({s.number, title, state.sectionProgress(i).toString()});
    }
    c.out << "\nSections\n" << table(sectionRows);

    if (state.plan().isValid())
        c.out << "\nCutover\n" << table(cutoverRows(run, QDateTime::currentDateTimeUtc()));

    QList<QStringList> itemRows{{QStringLiteral("ID"), QStringLiteral("STATUS"),
                                 QStringLiteral("SIGNED BY"), QStringLiteral("ROLE"),
                                 QStringLiteral("TIME"), QStringLiteral("TITLE")}};
    const QString none = QStringLiteral("-");
    std::function<void(const RunbookItem&, int)> addItem = [&](const RunbookItem& item, int depth) {
        const ItemState st = state.item(item.id);
        const bool hasActor = !st.by.isEmpty();
        itemRows.append({item.id, itemStatusDisplayName(st.status), hasActor ? st.by : none,
                         hasActor ? roleName(st.role) : none,
                         st.at.isValid() ? displayTime(st.at) : none,
                         QString(depth * 2, QLatin1Char(' ')) + itemTitle(run, item)});
        for (const RunbookItem& child : item.children)
            addItem(child, depth + 1);
    };
    for (const RunbookSection& s : rb.sections) {
        for (const RunbookGroup& g : s.groups) {
            for (const RunbookItem& item : g.items)
                addItem(item, 0);
        }
    }
    c.out << "\nItems\n" << table(itemRows);

    c.out << "\nLedger: " << v.summary() << "\n";
    for (const ChainBreak& b : v.breaks)
        c.out << "  " << describeBreak(b, v, run.events()) << "\n";
}

int cmdStatus(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(
        QStringLiteral("Shows a run: its runbook and run id, the fields (filled or not), "
                       "progress per section, the cutover (phase, T-minus to the window's start, "
                       "the GO/NO-GO, the next step, failed steps with the minutes left to "
                       "resolve them, final monitoring, rollback progress), every item (ID, "
                       "status, who signed it, their role, when, title) and the ledger "
                       "verification. Opens the run read-only, so it works while the window has "
                       "it open.")));
    const QCommandLineOption run = runOption();
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print the same as JSON on stdout: every item's state, the events, "
                       "the cutover and the verification."));
    parser.addOption(run);
    parser.addOption(json);
    if (auto code = parseArguments(
            c, parser, command, QStringLiteral("golive status [--run FILE] [--json]"), args, 0, 0))
        return *code;

    const auto runFile = openRun(c, command, parser.value(run), RunFile::Access::ReadOnly);
    if (!runFile)
        return ExitFailure;
    const ChainVerification v = runFile->verify();
    if (parser.isSet(json)) {
        QJsonObject o = runToJson(*runFile, v);
        o.insert(QStringLiteral("cutover"),
                 cutoverToJson(*runFile, QDateTime::currentDateTimeUtc()));
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        printStatus(c, *runFile, v);
    }
    return ExitOk;
}

// ---------------------------------------------------------------------------------------------
// sign, revoke, na, block, note, fill: one event each, under the window's rules

struct Action
{
    EventKind kind;
    const char* verb;       // what the success line starts with
    const char* describe;   // the help's description
    const char* textOption; // "note", "reason", "text" or nullptr (fill: positional VALUE)
    bool textRequired;
};

Action actionFor(EventKind kind)
{
    switch (kind) {
    case EventKind::Signed:
        return {kind, "signed", "Signs an item off.", "note", false};
    case EventKind::Revoked:
        return {kind, "revoked",
                "Revokes an item's sign-off, N/A or block; the item is open again.", "reason",
                true};
    case EventKind::NotApplicable:
        return {kind, "marked not applicable", "Marks an item not applicable (counts as done).",
                "reason", true};
    case EventKind::Blocked:
        return {kind, "marked blocked", "Marks an item blocked.", "reason", true};
    case EventKind::NoteAdded:
        return {kind, "noted on", "Adds a note to an item.", "text", true};
    case EventKind::FieldFilled:
        return {kind, "filled", "Fills a field of the runbook (a placeholder such as the owner).",
                nullptr, true};
    case EventKind::ChainBreakAcknowledged:
    case EventKind::PhaseChanged:
    case EventKind::Decision:
    case EventKind::StepFailed:
    case EventKind::RollbackStep:
    case EventKind::Observed:
        break;
    }
    return {kind, "recorded", "", nullptr, false};
}

int runAction(Console& c, const QString& command, const QStringList& args, EventKind kind)
{
    const Action action = actionFor(kind);
    const bool isFill = kind == EventKind::FieldFilled;
    const QString roles = roleNames().join(QStringLiteral(", "));

    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(
        QLatin1String(action.describe) +
        QStringLiteral(" Appends one event to the run's hash-chained ledger under the same rules "
                       "as the window; a refused action writes nothing.")));
    if (isFill) {
        parser.addPositionalArgument(QStringLiteral("FIELD"),
                                     QStringLiteral("The field's key (golive status lists them)."));
        parser.addPositionalArgument(QStringLiteral("VALUE"), QStringLiteral("Its value."));
    } else {
        parser.addPositionalArgument(
            QStringLiteral("ID"),
            QStringLiteral("The item's id, e.g. 1.2 (golive status lists them)."));
    }
    const QCommandLineOption asOpt(QStringLiteral("as"),
                                   QStringLiteral("Your name, as the ledger records it."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption roleOpt(QStringLiteral("role"),
                                     QStringLiteral("Your role: %1.").arg(roles),
                                     QStringLiteral("ROLE"));
    parser.addOption(asOpt);
    parser.addOption(roleOpt);
    std::optional<QCommandLineOption> textOpt;
    QString usage =
        QStringLiteral("golive %1 %2 --as NAME --role ROLE")
            .arg(command, isFill ? QStringLiteral("FIELD VALUE") : QStringLiteral("ID"));
    if (action.textOption) {
        const QString name = QLatin1String(action.textOption);
        const QString upper = name.toUpper();
        QString what;
        if (kind == EventKind::Signed)
            what = QStringLiteral("A note kept with the sign-off (optional).");
        else if (kind == EventKind::NoteAdded)
            what = QStringLiteral("The note (required).");
        else
            what = QStringLiteral("Why (required; the ledger keeps it).");
        textOpt.emplace(name, what, upper);
        parser.addOption(*textOpt);
        usage += action.textRequired ? QStringLiteral(" --%1 %2").arg(name, upper)
                                     : QStringLiteral(" [--%1 %2]").arg(name, upper);
    }
    // The incident commander may take a cutover step out of order, saying why.
    const QCommandLineOption overrideOpt(
        QStringLiteral("override-order"),
        QStringLiteral("Sign a cutover step before the one before it is done (the incident "
                       "commander only); REASON is kept as the sign-off's text, so not with "
                       "--note."),
        QStringLiteral("REASON"));
    const bool canOverride = kind == EventKind::Signed;
    if (canOverride) {
        parser.addOption(overrideOpt);
        usage += QStringLiteral(" [--override-order REASON]");
    }
    const QCommandLineOption run = runOption();
    parser.addOption(run);
    usage += QStringLiteral(" [--run FILE]");
    const QCommandLineOption waitOpt(
        QStringLiteral("wait"),
        QStringLiteral("While another golive has the run open, wait up to SECONDS for it to be "
                       "closed (default 10; 0 does not wait)."),
        QStringLiteral("SECONDS"), QStringLiteral("10"));
    parser.addOption(waitOpt);
    usage += QStringLiteral(" [--wait SECONDS]");
    const QString epilog =
        QStringLiteral("Roles: %1.\nNames and notes are recorded as given; golive never takes a "
                       "password or other secret on the command line.")
            .arg(roles);
    if (auto code =
            parseArguments(c, parser, command, usage, args, isFill ? 2 : 1, isFill ? 2 : 1, epilog))
        return *code;

    const QString name = parser.value(asOpt).trimmed();
    if (name.isEmpty()) {
        c.err << "golive " << command
              << ": say who you are with --as NAME; nothing was written\nUsage: " << usage
              << Qt::endl;
        return ExitUsage;
    }
    const QString roleText = parser.value(roleOpt).trimmed();
    if (roleText.isEmpty()) {
        c.err << "golive " << command << ": give your role with --role ROLE (one of " << roles
              << "); nothing was written\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }
    const std::optional<Role> role = roleFromName(roleText);
    if (!role) {
        c.err << "golive " << command << ": unknown role '" << terminalSafe(roleText)
              << "'; roles are " << roles << "; nothing was written" << Qt::endl;
        return ExitUsage;
    }
    const QStringList positional = parser.positionalArguments();
    QString text = isFill ? positional.at(1) : (textOpt ? parser.value(*textOpt) : QString());
    text = text.trimmed();
    const bool overriding = canOverride && parser.isSet(overrideOpt);
    if (overriding) {
        if (textOpt && parser.isSet(*textOpt)) {
            c.err << "golive " << command
                  << ": --override-order's REASON is kept as the sign-off's text; give it or "
                     "--note, not both; nothing was written\nUsage: "
                  << usage << Qt::endl;
            return ExitUsage;
        }
        text = parser.value(overrideOpt).trimmed();
        if (text.isEmpty()) {
            c.err << "golive " << command
                  << ": give the reason for overriding the cutover order with --override-order "
                     "REASON; the ledger keeps why; nothing was written\nUsage: "
                  << usage << Qt::endl;
            return ExitUsage;
        }
    }
    // An empty value clears a field, as in the window.
    if (action.textRequired && !isFill && text.isEmpty()) {
        c.err << "golive " << command << ": "
              << QStringLiteral("give --%1 TEXT").arg(QLatin1String(action.textOption))
              << "; the ledger keeps why; nothing was written\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }
    bool waitOk = false;
    const double waitSeconds = parser.value(waitOpt).toDouble(&waitOk);
    if (!waitOk || waitSeconds < 0 || waitSeconds > 24 * 3600) {
        c.err << "golive " << command << ": --wait '" << parser.value(waitOpt)
              << "' is not a number of seconds from 0 to 86400; nothing was written\nUsage: "
              << usage << Qt::endl;
        return ExitUsage;
    }

    const auto runFile =
        openRun(c, command, parser.value(run), RunFile::Access::ReadWrite, int(waitSeconds * 1000));
    if (!runFile)
        return ExitFailure;
    const QString path = native(runFile->path());
    if (runFile->isReadOnly()) {
        c.err << "golive " << command << ": " << path
              << " can only be read here; nothing was written" << Qt::endl;
        return ExitFailure;
    }

    const Runbook& rb = runFile->runbook();
    SignOffEvent event;
    event.kind = kind;
    event.text = text;
    event.actor = Actor::local(name, *role);
    if (overriding)
        event.fieldKey = kOrderOverrideKey;
    const RunbookItem* item = nullptr;
    const RunbookField* field = nullptr;
    QString hint;
    if (isFill) {
        event.fieldKey = positional.at(0);
        field = rb.findField(event.fieldKey);
        if (!field) {
            QStringList keys;
            for (const RunbookField& f : rb.fields)
                keys.append(f.key);
            const QStringList near = nearest(event.fieldKey, keys);
            hint = QStringLiteral("fields are ") + keys.join(QStringLiteral(", "));
            if (!near.isEmpty())
                hint = QStringLiteral("did you mean ") + orList(near) + QStringLiteral("? ") + hint;
        }
    } else {
        event.itemId = positional.at(0);
        item = rb.findItem(event.itemId);
        if (!item) {
            QStringList ids;
            for (const RunbookItem* i : rb.allItems())
                ids.append(i->id);
            const QStringList near = nearest(event.itemId, ids);
            hint = QStringLiteral("'golive status --run %1' lists every item id").arg(path);
            if (!near.isEmpty())
                hint = QStringLiteral("did you mean ") + orList(near) + QStringLiteral("? ") + hint;
        }
    }
    const auto refuse = [&](const QString& why) {
        c.err << "golive " << command << ": "
              << withSafety(naming(runFile->path(), why), QStringLiteral("nothing was written"))
              << Qt::endl;
        if (!hint.isEmpty())
            c.err << "hint: " << hint << Qt::endl;
        return ExitFailure;
    };

    // Ask the rules first so a refusal never reaches the file; append() checks again (and
    // also refuses while the chain has an unacknowledged break, in its own words).
    QString error;
    if (runFile->verification().unacknowledged.isEmpty() &&
        !runFile->state().validate(event, &error))
        return refuse(error);
    if (!item && !field && runFile->verification().unacknowledged.isEmpty()) {
        return refuse(
            isFill
                ? QStringLiteral("there is no field '%1' in this run's runbook").arg(event.fieldKey)
                : QStringLiteral("there is no item %1 in this run's runbook").arg(event.itemId));
    }
    if (!runFile->append(event, &error))
        return refuse(error.isEmpty() ? QStringLiteral("the ledger refused the event") : error);
    printHeadRecordWarning(c, command, *runFile);

    QString subject;
    const bool cleared = isFill && event.text.isEmpty();
    if (isFill)
        subject = event.fieldKey + QLatin1Char(' ') + quoted(field ? field->label : QString()) +
                  (cleared ? QString() : QStringLiteral(" = ") + quoted(event.text));
    else
        subject =
            event.itemId + QLatin1Char(' ') + quoted(item ? itemTitle(*runFile, *item) : QString());
    if (overriding)
        subject += QStringLiteral(" out of order (override)");
    c.out << (cleared ? "cleared" : action.verb) << ' ' << subject << " as " << name << " ("
          << roleName(*role) << ") at " << displayTime(event.timeUtc) << "; ledger head "
          << shortHash(event.hash) << "\n";
    return ExitOk;
}

int cmdSign(Console& c, const QString& command, const QStringList& args)
{
    return runAction(c, command, args, EventKind::Signed);
}
int cmdRevoke(Console& c, const QString& command, const QStringList& args)
{
    return runAction(c, command, args, EventKind::Revoked);
}
int cmdNa(Console& c, const QString& command, const QStringList& args)
{
    return runAction(c, command, args, EventKind::NotApplicable);
}
int cmdBlock(Console& c, const QString& command, const QStringList& args)
{
    return runAction(c, command, args, EventKind::Blocked);
}
int cmdNote(Console& c, const QString& command, const QStringList& args)
{
    return runAction(c, command, args, EventKind::NoteAdded);
}
int cmdFill(Console& c, const QString& command, const QStringList& args)
{
    return runAction(c, command, args, EventKind::FieldFilled);
}

// ---------------------------------------------------------------------------------------------
// gate, go, nogo, fail, rollback, rollback-step, live: the cutover, under the window's rules

enum class CutoverVerb
{
    Gate,
    Go,
    NoGo,
    Fail,
    Rollback,
    RollbackStep,
    Live,
    Observe
};

struct CutoverSpec
{
    const char* positional;     // "STEP", "N" or nullptr
    const char* positionalHelp; //
    const char* textOption;     // "reason" or "note"
    bool textRequired;
    const char* describe;
};

CutoverSpec cutoverSpec(CutoverVerb verb)
{
    switch (verb) {
    case CutoverVerb::Gate:
        return {nullptr, nullptr, "note", false,
                "Opens the Go/No-Go (T-60): the pre-checks are the gate, and the incident "
                "commander then records GO or NO-GO. The incident commander or the release "
                "captain opens it, once, from Preparing."};
    case CutoverVerb::Go:
        return {nullptr, nullptr, "reason", false,
                "Records the incident commander's GO: the cutover starts and its steps may be "
                "signed, in order. It also signs the go-decision pre-check. While other "
                "pre-checks are open, a GO needs --reason, and the ledger records which ones it "
                "overrides."};
    case CutoverVerb::NoGo:
        return {nullptr, nullptr, "reason", true,
                "Records the incident commander's NO-GO, with the reason; the run stays at the "
                "Go/No-Go, and a later GO may follow."};
    case CutoverVerb::Fail:
        return {"STEP", "The cutover step that failed, e.g. 4.6.", "reason", true,
                "Records that a cutover step failed, and what failed. It starts the step's "
                "15-minute resolution timer: signing the step (or marking it N/A) resolves it; "
                "when it runs out, golive proposes the rollback."};
    case CutoverVerb::Rollback:
        return {nullptr, nullptr, "reason", true,
                "Starts the rollback (the incident commander only, with the reason): the "
                "runbook's rollback plan becomes the checklist, done in order with "
                "'golive rollback-step N'."};
    case CutoverVerb::RollbackStep:
        return {"N", "The rollback plan's step number, from 1, in order.", "note", false,
                "Records a step of the rollback plan as done (any role but observer, in order); "
                "when every step is done the run is Rolled back."};
    case CutoverVerb::Live:
        return {nullptr, nullptr, "note", false,
                "Declares the go-live Live (the incident commander only), once every cutover "
                "step before Final Monitoring is done and final monitoring has run 15 minutes; "
                "it also signs the Final Monitoring step."};
    case CutoverVerb::Observe:
        return {"CATEGORY",
                "alert-firing, alert-resolved, slo-breach, slo-recovered, health-down or "
                "health-up.",
                "text", true,
                "Records something seen during the cutover (an alert, an SLO breach or recovery, "
                "a health change) for the timeline. It changes no item, so any role may, "
                "observers too."};
    }
    return {nullptr, nullptr, "note", false, ""};
}

int runCutover(Console& c, const QString& command, const QStringList& args, CutoverVerb verb)
{
    const CutoverSpec spec = cutoverSpec(verb);
    const QString roles = roleNames().join(QStringLiteral(", "));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        wrap(QLatin1String(spec.describe) +
             QStringLiteral(" Appends one event to the run's hash-chained ledger under the same "
                            "rules as the window; a refused action writes nothing.")));
    QString usage = QStringLiteral("golive %1").arg(command);
    if (spec.positional) {
        parser.addPositionalArgument(QLatin1String(spec.positional),
                                     QLatin1String(spec.positionalHelp));
        usage += QLatin1Char(' ') + QLatin1String(spec.positional);
    }
    const QCommandLineOption asOpt(QStringLiteral("as"),
                                   QStringLiteral("Your name, as the ledger records it."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption roleOpt(QStringLiteral("role"),
                                     QStringLiteral("Your role: %1.").arg(roles),
                                     QStringLiteral("ROLE"));
    const QString textName = QLatin1String(spec.textOption);
    const QString textUpper = textName.toUpper();
    const QCommandLineOption textOpt(
        textName,
        verb == CutoverVerb::Observe ? QStringLiteral("What was seen (required).")
        : spec.textRequired          ? QStringLiteral("Why (required; the ledger keeps it).")
        : verb == CutoverVerb::Go
            ? QStringLiteral("Why (required while pre-checks are open; the ledger keeps it).")
            : QStringLiteral("A note kept with the event (optional)."),
        textUpper);
    const QCommandLineOption run = runOption();
    const QCommandLineOption waitOpt(
        QStringLiteral("wait"),
        QStringLiteral("While another golive has the run open, wait up to SECONDS for it to be "
                       "closed (default 10; 0 does not wait)."),
        QStringLiteral("SECONDS"), QStringLiteral("10"));
    for (const QCommandLineOption* o : {&asOpt, &roleOpt, &textOpt, &run, &waitOpt})
        parser.addOption(*o);
    usage += QStringLiteral(" --as NAME --role ROLE") +
             (spec.textRequired ? QStringLiteral(" --%1 %2").arg(textName, textUpper)
                                : QStringLiteral(" [--%1 %2]").arg(textName, textUpper)) +
             QStringLiteral(" [--run FILE] [--wait SECONDS]");
    const QString epilog =
        QStringLiteral("Roles: %1.\nThe cutover: gate (Go/No-Go) -> go | nogo -> the steps, signed "
                       "in order (golive sign; the incident commander may --override-order) -> "
                       "final monitoring -> live; or rollback -> rollback-step 1..N. "
                       "'golive status' shows the phase.")
            .arg(roles);
    const qsizetype positionals = spec.positional ? 1 : 0;
    if (auto code =
            parseArguments(c, parser, command, usage, args, positionals, positionals, epilog))
        return *code;

    const auto usageError = [&](const QString& why) {
        c.err << "golive " << command << ": " << why << "; nothing was written\nUsage: " << usage
              << Qt::endl;
        return ExitUsage;
    };
    const QString name = parser.value(asOpt).trimmed();
    if (name.isEmpty())
        return usageError(QStringLiteral("say who you are with --as NAME"));
    const QString roleText = parser.value(roleOpt).trimmed();
    if (roleText.isEmpty())
        return usageError(QStringLiteral("give your role with --role ROLE (one of %1)").arg(roles));
    const std::optional<Role> role = roleFromName(roleText);
    if (!role) {
        c.err << "golive " << command << ": unknown role '" << terminalSafe(roleText)
              << "'; roles are " << roles << "; nothing was written" << Qt::endl;
        return ExitUsage;
    }
    const QString text = parser.value(textOpt).trimmed();
    if (spec.textRequired && text.isEmpty())
        return usageError(
            QStringLiteral("give --%1 %2; the ledger keeps why").arg(textName, textUpper));
    const QString target = spec.positional ? parser.positionalArguments().constFirst() : QString();
    if (verb == CutoverVerb::Observe && !observationCategories().contains(target))
        return usageError(QStringLiteral("'%1' is not an observation category; categories are %2")
                              .arg(target, observationCategories().join(QStringLiteral(", "))));
    int number = 0;
    if (verb == CutoverVerb::RollbackStep) {
        bool ok = false;
        number = target.toInt(&ok);
        if (!ok || number < 1)
            return usageError(
                QStringLiteral("'%1' is not a rollback step number (1, 2, ...)").arg(target));
    }
    bool waitOk = false;
    const double waitSeconds = parser.value(waitOpt).toDouble(&waitOk);
    if (!waitOk || waitSeconds < 0 || waitSeconds > 24 * 3600)
        return usageError(QStringLiteral("--wait '%1' is not a number of seconds from 0 to 86400")
                              .arg(parser.value(waitOpt)));

    const auto runFile =
        openRun(c, command, parser.value(run), RunFile::Access::ReadWrite, int(waitSeconds * 1000));
    if (!runFile)
        return ExitFailure;
    const QString path = native(runFile->path());
    if (runFile->isReadOnly()) {
        c.err << "golive " << command << ": " << path
              << " can only be read here; nothing was written" << Qt::endl;
        return ExitFailure;
    }

    const RunState& state = runFile->state();
    const CutoverPlan& plan = state.plan();
    const Actor actor = Actor::local(name, *role);
    const QStringList openPreChecks = state.cutover().openPreChecks();
    SignOffEvent event;
    QString hint;
    switch (verb) {
    case CutoverVerb::Gate:
        event = makeGateEvent(actor, text);
        break;
    case CutoverVerb::Go:
        event = makeDecisionEvent(plan, true, text, openPreChecks, actor);
        if (text.isEmpty() && !openPreChecks.isEmpty() && *role == Role::IncidentCommander &&
            state.cutover().phase() == Phase::GoNoGo)
            hint = QStringLiteral("sign them first, or give --reason TEXT to go over them");
        break;
    case CutoverVerb::NoGo:
        event = makeDecisionEvent(plan, false, text, {}, actor);
        break;
    case CutoverVerb::Fail:
        event = makeStepFailedEvent(target, text, actor);
        if (plan.isValid() && !plan.isStep(target))
            hint = QStringLiteral("the cutover steps are %1")
                       .arg(plan.stepIds.join(QStringLiteral(", ")));
        break;
    case CutoverVerb::Rollback:
        event = makeRollbackEvent(text, actor);
        break;
    case CutoverVerb::RollbackStep:
        event = makeRollbackStepEvent(number, text, actor);
        break;
    case CutoverVerb::Live:
        event = makeLiveEvent(plan, text, actor);
        break;
    case CutoverVerb::Observe:
        event = makeObservedEvent(target, text, actor);
        break;
    }
    const auto refuse = [&](const QString& why) {
        c.err << "golive " << command << ": "
              << withSafety(naming(runFile->path(), why), QStringLiteral("nothing was written"))
              << Qt::endl;
        if (!hint.isEmpty())
            c.err << "hint: " << hint << Qt::endl;
        return ExitFailure;
    };
    QString error;
    if (runFile->verification().unacknowledged.isEmpty() && !state.validate(event, &error))
        return refuse(error);
    if (!runFile->append(event, &error))
        return refuse(error.isEmpty() ? QStringLiteral("the ledger refused the event") : error);
    printHeadRecordWarning(c, command, *runFile);

    const CutoverState& cut = runFile->state().cutover();
    const QString who =
        QStringLiteral(" as %1 (%2) at %3").arg(name, roleName(*role), displayTime(event.timeUtc));
    QString line;
    switch (verb) {
    case CutoverVerb::Gate:
        line = QStringLiteral("opened the Go/No-Go") + who + QStringLiteral("; ") +
               (openPreChecks.isEmpty()
                    ? QStringLiteral("every pre-check is done")
                    : QStringLiteral("open pre-checks: %1 (a GO over them needs a reason)")
                          .arg(openPreChecks.join(QStringLiteral(", "))));
        break;
    case CutoverVerb::Go:
        line = QStringLiteral("GO") + who +
               (openPreChecks.isEmpty() ? QString()
                                        : QStringLiteral(" over open pre-checks %1")
                                              .arg(openPreChecks.join(QStringLiteral(", ")))) +
               QStringLiteral("; phase %1").arg(phaseDisplayName(cut.phase()));
        if (!cut.nextStepId().isEmpty())
            line += QStringLiteral("; next step %1").arg(itemLabel(*runFile, cut.nextStepId()));
        break;
    case CutoverVerb::NoGo:
        line = QStringLiteral("NO-GO") + who + QStringLiteral(": ") + text;
        break;
    case CutoverVerb::Fail: {
        const StepFailure* f = cut.failureOf(target);
        line = QStringLiteral("recorded %1 as failed").arg(itemLabel(*runFile, target)) + who +
               QStringLiteral("; resolve it by %1 (%2 minutes), or the incident commander rolls "
                              "back")
                   .arg(f ? displayTime(f->deadlineUtc) : QStringLiteral("the deadline"))
                   .arg(plan.resolutionMinutes);
        break;
    }
    case CutoverVerb::Rollback:
        line = QStringLiteral("started the rollback") + who +
               QStringLiteral("; the rollback plan has %1")
                   .arg(plural(plan.rollbackSteps.size(), "step", "steps"));
        if (cut.nextRollbackStep() > 0)
            line +=
                QStringLiteral("; next: ") + rollbackStepLabel(*runFile, cut.nextRollbackStep());
        break;
    case CutoverVerb::RollbackStep:
        line = QStringLiteral("rollback step %1 of %2 done")
                   .arg(rollbackStepLabel(*runFile, number))
                   .arg(plan.rollbackSteps.size()) +
               who;
        if (cut.phase() == Phase::RolledBack)
            line += QStringLiteral("; every step is done: the run is Rolled back");
        else if (cut.nextRollbackStep() > 0)
            line +=
                QStringLiteral("; next: ") + rollbackStepLabel(*runFile, cut.nextRollbackStep());
        break;
    case CutoverVerb::Live:
        line = QStringLiteral("declared the go-live Live") + who;
        if (!plan.finalMonitoringStepId.isEmpty())
            line +=
                QStringLiteral(" (signs %1)").arg(itemLabel(*runFile, plan.finalMonitoringStepId));
        break;
    case CutoverVerb::Observe:
        line = QStringLiteral("observed %1 (%2)").arg(target, observationDisplayName(target)) + who;
        break;
    }
    c.out << line << "; ledger head " << shortHash(event.hash) << "\n";
    return ExitOk;
}

int cmdGate(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::Gate);
}
int cmdGo(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::Go);
}
int cmdNoGo(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::NoGo);
}
int cmdFail(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::Fail);
}
int cmdRollback(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::Rollback);
}
int cmdRollbackStep(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::RollbackStep);
}
int cmdLive(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::Live);
}
int cmdObserve(Console& c, const QString& command, const QStringList& args)
{
    return runCutover(c, command, args, CutoverVerb::Observe);
}

// ---------------------------------------------------------------------------------------------
// verify

int cmdVerify(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(
        QStringLiteral("Re-reads every event of a run's ledger from disk and checks the hash "
                       "chain. Exits 1 when the chain is broken, naming the first bad event, even "
                       "when the break was acknowledged, or when the head is not the one given "
                       "with --expect-head (the newest events were removed, or some were added). "
                       "Opens the run read-only.")));
    const QCommandLineOption run = runOption();
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the verification as JSON on stdout."));
    const QCommandLineOption expectHead(
        QStringLiteral("expect-head"),
        QStringLiteral("The head hash recorded elsewhere (all 64 hex digits, or at least the "
                       "first 12); exit 1 when the ledger's head differs."),
        QStringLiteral("HASH"));
    const QCommandLineOption digest(
        QStringLiteral("digest"),
        QStringLiteral("A printed copy's digest: the 64 hex digits under its QR code, or the QR "
                       "code's text (golive:run=ID;head=HASH). Exit 0 when the copy matches "
                       "this file, 1 when it does not (and what differs)."),
        QStringLiteral("HASH"));
    parser.addOption(run);
    parser.addOption(json);
    parser.addOption(expectHead);
    parser.addOption(digest);
    const QString usage =
        QStringLiteral("golive verify [--run FILE] [--json] [--expect-head HASH] [--digest HASH]");
    if (auto code = parseArguments(c, parser, command, usage, args, 0, 0))
        return *code;
    const QString expected = parser.value(expectHead).trimmed().toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{12,64}$"));
    if (parser.isSet(expectHead) && !hex.match(expected).hasMatch()) {
        c.err << "golive verify: --expect-head '" << parser.value(expectHead)
              << "' is not a head hash (12 to 64 hex digits)\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }
    // --digest: the full head (64 hex digits), optionally with the run id, as the QR code has it.
    QString digestHead;
    QString digestRun;
    if (parser.isSet(digest)) {
        static const QRegularExpression qr(
            QStringLiteral("^golive:run=([^;]+);head=([0-9a-fA-F]{64})$"));
        static const QRegularExpression full(QStringLiteral("^[0-9a-fA-F]{64}$"));
        const QString d = parser.value(digest).trimmed();
        if (const auto m = qr.match(d); m.hasMatch()) {
            digestRun = m.captured(1);
            digestHead = m.captured(2).toLower();
        } else if (full.match(d).hasMatch()) {
            digestHead = d.toLower();
        } else {
            c.err << "golive verify: --digest '" << d
                  << "' is neither the 64 hex digits printed under the QR code nor the QR "
                     "code's text (golive:run=ID;head=HASH)\nUsage: "
                  << usage << Qt::endl;
            return ExitUsage;
        }
    }

    const auto runFile = openRun(c, command, parser.value(run), RunFile::Access::ReadOnly);
    if (!runFile)
        return ExitFailure;
    const ChainVerification v = runFile->verify();
    if (parser.isSet(digest)) {
        const QString path = native(runFile->path());
        if (!v.intact()) {
            c.err << "golive verify: " << path << ": "
                  << (v.breaks.constFirst().wentBack
                          ? QString()
                          : QStringLiteral("the ledger's chain is broken at "))
                  << describeBreak(v.breaks.constFirst(), v, runFile->events())
                  << ", so no printed copy can be vouched for; nothing was changed" << Qt::endl;
            return ExitFailure;
        }
        if (!digestRun.isEmpty() && digestRun != runFile->runId()) {
            c.err << "golive verify: the printed copy is of run " << digestRun << ", not of "
                  << path << " (run " << runFile->runId() << ")" << Qt::endl;
            return ExitFailure;
        }
        const QString head = QString::fromLatin1(v.head);
        if (head == digestHead) {
            c.out << path << ": the printed copy matches: head " << head << " after "
                  << plural(v.eventCount, "event", "events") << "\n";
            return ExitOk;
        }
        // Where in this chain the printed head sits tells an old print from a foreign one.
        const QList<SignOffEvent> events = runFile->events();
        qsizetype at = -1;
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (QString::fromLatin1(events.at(i).hash) == digestHead)
                at = i;
        }
        const QByteArray genesis = events.isEmpty() ? QByteArray() : events.constFirst().prevHash;
        c.err << "golive verify: " << path << ": the printed copy does not match: its head is "
              << digestHead << ", the file's is " << head << " after "
              << plural(v.eventCount, "event", "events") << "; ";
        if (at >= 0) {
            const qsizetype later = events.size() - 1 - at;
            c.err << "the copy was printed after event #" << events.at(at).seq << " ("
                  << displayTime(events.at(at).timeUtc) << "), and "
                  << plural(later, "event was", "events were") << " recorded since: #"
                  << events.at(at + 1).seq;
            if (later > 1)
                c.err << " to #" << events.constLast().seq;
        } else if (!genesis.isEmpty() && QString::fromLatin1(genesis) == digestHead) {
            c.err << "the copy was printed before the first event; every event since is "
                     "missing from it";
        } else {
            c.err << "no event of this run has that head: the copy is of another run, or it "
                     "or this file was altered";
        }
        c.err << Qt::endl;
        return ExitFailure;
    }
    const bool headDiffers =
        parser.isSet(expectHead) && !QString::fromLatin1(v.head).startsWith(expected);
    const QString path = native(runFile->path());
    if (parser.isSet(json)) {
        QJsonObject o = verificationToJson(v, runFile->events());
        o.insert(QStringLiteral("file"), runFile->path());
        o.insert(QStringLiteral("runId"), runFile->runId());
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        c.out << path << ": " << v.summary() << "\n";
        if (v.intact())
            c.out << "head " << QString::fromLatin1(v.head) << "\n";
        for (const ChainBreak& b : v.breaks)
            c.out << "  " << describeBreak(b, v, runFile->events()) << "\n";
    }
    if (headDiffers) {
        c.err << "golive verify: " << path << ": the ledger's head is "
              << QString::fromLatin1(v.head) << " after " << v.eventCount
              << (v.eventCount == 1 ? " event" : " events") << ", not the expected " << expected
              << ": events were removed from its end, or added since that head was recorded; "
                 "nothing was changed"
              << Qt::endl;
    }
    if (v.intact())
        return headDiffers ? ExitFailure : ExitOk;
    const ChainBreak& first = v.breaks.constFirst();
    c.err << "golive verify: " << path << ": "
          << (first.wentBack ? QString() : QStringLiteral("the ledger's chain is broken at "))
          << describeBreak(first, v, runFile->events()) << "; nothing was changed" << Qt::endl;
    return ExitFailure;
}

// ---------------------------------------------------------------------------------------------
// login, logout: Prometheus credentials in the OS keychain

constexpr double kLoginTimeoutSeconds = 20;

// What `golive login` remembers about a URL in the settings (never the secret).
struct LoginRecord
{
    QString user; // empty: a bearer token
    QString caFile;
};

std::optional<LoginRecord> loginRecordFor(const QUrl& url)
{
    const std::optional<ConnectionSettings> login = ConnectionSettings::loginFor(url);
    if (!login)
        return std::nullopt;
    return LoginRecord{login->user, login->caFile};
}

void setLoginRecord(const QUrl& url, const std::optional<LoginRecord>& record)
{
    if (!record) {
        ConnectionSettings::setLoginFor(url, std::nullopt);
        return;
    }
    ConnectionSettings login;
    login.url = url.toString();
    login.user = record->user;
    login.auth =
        record->user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
    login.caFile = record->caFile;
    ConnectionSettings::setLoginFor(url, login);
}

// The URL of a command's positional argument or option: http(s), a host, no user info.
std::optional<QUrl> prometheusUrl(Console& c, const QString& command, const QString& origin,
                                  const QString& text, const QString& usage)
{
    QString error;
    const QUrl url = ConnectionSettings::parseUrl(text, &error);
    if (!url.isValid()) {
        if (error.startsWith(QLatin1String("URL: ")))
            error.remove(0, 5);
        c.err << "golive " << command << ": " << origin << " " << error
              << "; nothing was sent or stored\nUsage: " << usage << Qt::endl;
        return std::nullopt;
    }
    return url;
}

// Reads the secret: $GOLIVE_PROMETHEUS_TOKEN, else the first line of standard input (typed
// without echo on a terminal). Empty when there is none.
QString readSecret(Console& c, const QString& prompt, QString* source)
{
    if (qEnvironmentVariableIsSet("GOLIVE_PROMETHEUS_TOKEN")) {
        *source = QStringLiteral("GOLIVE_PROMETHEUS_TOKEN");
        return qEnvironmentVariable("GOLIVE_PROMETHEUS_TOKEN").trimmed();
    }
    *source = QStringLiteral("standard input");
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
        return {};
#ifdef Q_OS_UNIX
    const bool terminal = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal && tcgetattr(STDIN_FILENO, &saved) == 0) {
        c.err << prompt << Qt::flush;
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
        const QByteArray line = in.readLine(64 * 1024);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        c.err << Qt::endl;
        return QString::fromUtf8(line).trimmed();
    }
#else
    Q_UNUSED(prompt);
#endif
    Q_UNUSED(c);
    return QString::fromUtf8(in.readLine(64 * 1024)).trimmed();
}

QString entryWords(const QUrl& url, const QString& user)
{
    const QString shown = url.toString(QUrl::StripTrailingSlash);
    return user.isEmpty() ? shown : QStringLiteral("%1 as %2").arg(shown, user);
}

int cmdLogin(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(QStringLiteral(
        "Stores a Prometheus password (with --user, for basic authentication) or bearer token "
        "(without) in the operating system's keychain, for the window and 'golive check' to "
        "use with that URL. The secret is read from $GOLIVE_PROMETHEUS_TOKEN if set, else from "
        "the first line of standard input (typed without echo on a terminal); it is never "
        "taken as an argument and never written to a file. By default it is first tried "
        "against Prometheus, and a refused one is not stored.")));
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Prometheus's base URL, e.g. https://prom:9090."));
    const QCommandLineOption userOpt(QStringLiteral("user"),
                                     QStringLiteral("The user name for basic authentication."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption caOpt(QStringLiteral("ca-file"),
                                   QStringLiteral("A CA certificate (PEM) to trust for this URL; "
                                                  "remembered for 'golive check'."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption noVerify(
        QStringLiteral("no-verify"), QStringLiteral("Store without trying it against Prometheus."));
    parser.addOption(userOpt);
    parser.addOption(caOpt);
    parser.addOption(noVerify);
    const QString usage =
        QStringLiteral("golive login URL [--user NAME] [--ca-file FILE] [--no-verify] < secret");
    if (auto code = parseArguments(c, parser, command, usage, args, 1, 1))
        return *code;
    const auto url = prometheusUrl(c, command, QStringLiteral("URL"),
                                   parser.positionalArguments().first(), usage);
    if (!url)
        return ExitUsage;
    const QString user = parser.value(userOpt).trimmed();
    QString caFile = parser.value(caOpt);
    if (!caFile.isEmpty()) {
        const QFileInfo info(caFile);
        if (!info.isFile() || !info.isReadable()) {
            c.err << "golive login: --ca-file " << native(caFile)
                  << " is not a readable file; nothing was stored" << Qt::endl;
            return ExitUsage;
        }
        caFile = info.absoluteFilePath();
    }
    const QString entry = entryWords(*url, user);

    QString source;
    const QString secret =
        readSecret(c,
                   user.isEmpty() ? QStringLiteral("Token for %1: ").arg(entry)
                                  : QStringLiteral("Password for %1: ").arg(entry),
                   &source);
    if (secret.isEmpty()) {
        c.err << "golive login: no " << (user.isEmpty() ? "token" : "password") << " on " << source
              << "; nothing was stored\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }

    PrometheusConfig config;
    config.baseUrl = *url;
    config.caFile = caFile;
    config.user = user;
    config.secret = secret;
    config.auth = user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
    config.timeoutMs = static_cast<int>(kLoginTimeoutSeconds * 1000);
    QString version;
    if (!parser.isSet(noVerify)) {
        QString error;
        bool answered = false;
        QEventLoop loop;
        PrometheusClient client(config);
        client.checkConnection([&](const QString& v, const QString& e) {
            version = v;
            error = e;
            answered = true;
            loop.quit();
        });
        if (!answered)
            loop.exec();
        if (!error.isEmpty()) {
            const bool refused = error.contains(QLatin1String("HTTP 401")) ||
                                 error.contains(QLatin1String("HTTP 403"));
            // A redirect to another address would refuse the stored secret just the same.
            const bool redirected = error.contains(QLatin1String("does not follow redirects"));
            c.err << "golive login: " << error << "; nothing was stored";
            if (!refused && !redirected)
                c.err << " (--no-verify stores it without trying)";
            c.err << Qt::endl;
            return ExitFailure;
        }
    }

    CredentialStore store;
    const CredentialStore::Result written = store.writeBlocking(*url, user, secret);
    if (!written.ok()) {
        c.err << "golive login: " << written.message
              << "\nNothing was stored. For a single run of 'golive check', set "
                 "GOLIVE_PROMETHEUS_TOKEN in its environment instead."
              << Qt::endl;
        return ExitFailure;
    }
    setLoginRecord(*url, LoginRecord{user, caFile});
    c.err << "golive login: ";
    if (!version.isEmpty())
        c.err << "Prometheus " << version << " accepted the credentials; ";
    c.err << (user.isEmpty() ? "token" : "password") << " for " << entry
          << " stored in the keychain (service \"" << CredentialStore::kService << "\", entry \""
          << CredentialStore::keyFor(*url, user) << "\")" << Qt::endl;
    if (parser.isSet(noVerify)) {
        // Nothing vouches for a secret stored unchecked: a typo shows only at the next check.
        c.err << "golive login: warning: the " << (user.isEmpty() ? "token" : "password")
              << " was stored WITHOUT being tried against "
              << url->toString(QUrl::StripTrailingSlash) << "; 'golive check --prometheus "
              << url->toString(QUrl::StripTrailingSlash) << "' will tell you if it is refused"
              << Qt::endl;
    }
    return ExitOk;
}

int cmdLogout(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(QStringLiteral(
        "Removes the password or token 'golive login' stored in the keychain for a URL.")));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("Prometheus's base URL."));
    const QCommandLineOption userOpt(
        QStringLiteral("user"),
        QStringLiteral("The user name (default: the one 'golive login' recorded for the URL)."),
        QStringLiteral("NAME"));
    parser.addOption(userOpt);
    const QString usage = QStringLiteral("golive logout URL [--user NAME]");
    if (auto code = parseArguments(c, parser, command, usage, args, 1, 1))
        return *code;
    const auto url = prometheusUrl(c, command, QStringLiteral("URL"),
                                   parser.positionalArguments().first(), usage);
    if (!url)
        return ExitUsage;
    const std::optional<LoginRecord> record = loginRecordFor(*url);
    const QString user = parser.isSet(userOpt) ? parser.value(userOpt).trimmed()
                                               : (record ? record->user : QString());
    const QString entry = entryWords(*url, user);

    CredentialStore store;
    const CredentialStore::Result removed = store.removeBlocking(*url, user);
    if (removed.ok() || removed.status == CredentialStore::Status::NotFound) {
        if (record && record->user == user)
            setLoginRecord(*url, std::nullopt);
        if (removed.ok())
            c.err << "golive logout: removed the secret for " << entry << " from the keychain"
                  << Qt::endl;
        else
            c.err << "golive logout: nothing was stored in the keychain for " << entry << Qt::endl;
        return ExitOk;
    }
    c.err << "golive logout: " << removed.message << Qt::endl;
    return ExitFailure;
}

// ---------------------------------------------------------------------------------------------
// check

constexpr int kCheckColumns = 300;
constexpr qint64 kDefaultRangeSeconds = 15 * 60;
constexpr qint64 kMaxRangeSeconds = 31ll * 24 * 3600;
constexpr double kDefaultTimeoutSeconds = 20;
const QLatin1String kDefaultPrometheusUrl("http://127.0.0.1:9090");
const QLatin1String kBundledDashboard(":/dashboards/summit.json");

// "15m", "1h30m", "90s", "2d", "1w"; a bare number is seconds. Returns 0 when malformed.
qint64 parseDuration(const QString& text)
{
    static const QRegularExpression whole(QStringLiteral("^(?:\\d+[smhdw])+$"));
    static const QRegularExpression part(QStringLiteral("(\\d+)([smhdw])"));
    const QString t = text.trimmed();
    bool isNumber = false;
    const qint64 plain = t.toLongLong(&isNumber);
    if (isNumber)
        return plain > 0 ? plain : 0;
    if (!whole.match(t).hasMatch())
        return 0;
    qint64 total = 0;
    for (auto it = part.globalMatch(t); it.hasNext();) {
        const auto m = it.next();
        const qint64 n = m.captured(1).toLongLong();
        const QChar u = m.captured(2).at(0);
        const qint64 unit = u == QLatin1Char('s')   ? 1
                            : u == QLatin1Char('m') ? 60
                            : u == QLatin1Char('h') ? 3600
                            : u == QLatin1Char('d') ? 86400
                                                    : 7 * 86400;
        if (n > kMaxRangeSeconds)
            return kMaxRangeSeconds + 1;
        total += n * unit;
        if (total > kMaxRangeSeconds)
            return kMaxRangeSeconds + 1;
    }
    return total;
}

QString describeSeconds(qint64 seconds)
{
    if (seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return QStringLiteral("%1m").arg(seconds / 60);
    return QStringLiteral("%1s").arg(seconds);
}

// A number with about three significant digits, trailing zeros dropped ("120", "0.5", "99.95").
QString shortNumber(double v, int minDecimals = 0)
{
    const double a = std::abs(v);
    int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    decimals = std::max(decimals, minDecimals);
    QString s = QString::number(v, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

// A value in the panel's unit: seconds below one second as milliseconds, ratios as percent.
QString formatValue(double v, const QString& unit)
{
    // +Inf and -Inf are values (a ratio over zero traffic): shown as such, unit-less.
    if (std::isnan(v))
        return QStringLiteral("no data");
    if (std::isinf(v))
        return v > 0 ? QString(QChar(0x221E)) : QStringLiteral("-") + QChar(0x221E);
    if (unit == QLatin1String("s")) {
        if (std::abs(v) < 1)
            return shortNumber(v * 1000) + QStringLiteral(" ms");
        return shortNumber(v) + QStringLiteral(" s");
    }
    if (unit == QLatin1String("ms"))
        return shortNumber(v) + QStringLiteral(" ms");
    // Percentages near 100 need their decimals: 99.95% is not 100%.
    if (unit == QLatin1String("ratio"))
        return shortNumber(v * 100, std::abs(v) >= 0.99 ? 3 : 0) + QLatin1Char('%');
    if (unit == QLatin1String("%"))
        return shortNumber(v, std::abs(v) >= 99 ? 3 : 0) + QLatin1Char('%');
    if (unit.isEmpty())
        return shortNumber(v);
    return shortNumber(v) + QLatin1Char(' ') + unit;
}

QString formatObjective(const SloSpec& slo, const QString& unit)
{
    return (slo.good == SloSpec::Good::Below ? QStringLiteral("< ") : QStringLiteral("> ")) +
           formatValue(slo.objective, unit);
}

struct PanelVerdict
{
    const PanelDefinition* panel = nullptr;
    bool answered = false;
    PanelUpdate update;
    QString state; // ok, at risk, breach, unknown, error
    QString error;
};

struct CheckOutcome
{
    QList<PanelVerdict> panels;
    bool alertsAnswered = false;
    QList<AlertInfo> alerts;
    QString alertsError;
    QString buildInfoError;
    QString version;
};

// Refreshes every panel once and waits for all of them and the alerts, or the timeout.
CheckOutcome evaluateDashboard(const Dashboard& dashboard, const PrometheusConfig& config,
                               qint64 rangeSeconds, int timeoutMs, const QDateTime& endUtc)
{
    CheckOutcome outcome;
    for (const PanelDefinition& p : dashboard.panels)
        outcome.panels.append(PanelVerdict{&p, false, {}, {}, {}});

    QEventLoop loop;
    bool buildInfoAnswered = false;
    const auto finished = [&] {
        return buildInfoAnswered && outcome.alertsAnswered &&
               std::all_of(outcome.panels.cbegin(), outcome.panels.cend(),
                           [](const PanelVerdict& v) { return v.answered; });
    };
    const auto quitWhenFinished = [&] {
        if (finished())
            loop.quit();
    };

    PrometheusClient client(config); // only for the version: "Prometheus 2.42.0"
    PrometheusSource source(config);
    QObject::connect(&source, &SloSource::panelUpdated, &loop, [&](const PanelUpdate& update) {
        for (PanelVerdict& v : outcome.panels) {
            if (v.panel->id == update.panelId && !v.answered) {
                v.answered = true;
                v.update = update;
            }
        }
        quitWhenFinished();
    });
    QObject::connect(&source, &SloSource::alertsUpdated, &loop,
                     [&](const QList<AlertInfo>& alerts, const QString& error) {
                         outcome.alertsAnswered = true;
                         outcome.alerts = alerts;
                         outcome.alertsError = error;
                         quitWhenFinished();
                     });
    client.buildInfo([&](const QByteArray& body, const QString& error) {
        buildInfoAnswered = true;
        outcome.buildInfoError = error;
        if (error.isEmpty())
            outcome.version = PrometheusClient::versionFromBuildInfo(body, nullptr);
        quitWhenFinished();
    });
    source.refresh(dashboard, endUtc.addSecs(-rangeSeconds), endUtc, kCheckColumns);

    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    // The requests time out on their own; the deadline also covers parsing and judging.
    deadline.start(timeoutMs + 2000);
    if (!finished())
        loop.exec();
    client.cancelAll();

    const QString late =
        QStringLiteral("no answer within %1 s").arg(shortNumber(timeoutMs / 1000.0));
    if (!outcome.alertsAnswered)
        outcome.alertsError = late;
    if (!buildInfoAnswered)
        outcome.buildInfoError = late;
    for (PanelVerdict& v : outcome.panels) {
        if (!v.answered) {
            v.state = QStringLiteral("error");
            v.error = late;
        } else if (!v.update.ok) {
            v.state = QStringLiteral("error");
            v.error =
                v.update.error.isEmpty() ? QStringLiteral("the query failed") : v.update.error;
        } else {
            v.state = sloStateName(v.update.state);
            if (v.update.state == SloState::Unknown)
                v.error =
                    QStringLiteral("no data in the last %1").arg(describeSeconds(rangeSeconds));
        }
    }
    return outcome;
}

// A number; +Inf and -Inf as Prometheus's API writes them ("+Inf", "-Inf"); NaN as null.
QJsonValue jsonNumber(double v)
{
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject alertToJson(const AlertInfo& a)
{
    QJsonObject labels;
    for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    return {
        {QStringLiteral("name"), a.name},
        {QStringLiteral("severity"), a.severity},
        {QStringLiteral("state"), a.state},
        {QStringLiteral("summary"), a.summary},
        {QStringLiteral("activeAt"),
         a.activeAtUtc.isValid() ? QJsonValue(a.activeAtUtc.toUTC().toString(Qt::ISODateWithMs))
                                 : QJsonValue()},
        {QStringLiteral("labels"), labels},
    };
}

// --timeout SECONDS of check and health: more than 0, at most 600; `fallback` when not given.
// nullopt when it is not such a number (a usage error).
std::optional<double> timeoutSecondsOption(const QCommandLineParser& parser,
                                           const QCommandLineOption& option, double fallback)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const double seconds = parser.value(option).toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 600)
        return std::nullopt;
    return seconds;
}

// The dashboard check and health read: --dashboard FILE, else the bundled one. When it cannot
// be read, or has none of what the command needs, says so on c.err naming the file.
enum class DashboardNeed
{
    Panels,
    HealthChecks
};
std::optional<Dashboard> cliDashboard(Console& c, const QString& command, QString path,
                                      DashboardNeed need)
{
    if (path.isEmpty()) {
        initBundledDashboard();
        path = kBundledDashboard;
    }
    QString error;
    std::optional<Dashboard> dashboard = Dashboard::fromFile(path, &error);
    const bool panels = need == DashboardNeed::Panels;
    if (dashboard && (panels ? dashboard->panels.isEmpty() : dashboard->healthChecks.isEmpty())) {
        error = panels ? QStringLiteral("the dashboard has no panels")
                       : QStringLiteral("the dashboard has no health checks (its \"health\" list)");
        dashboard.reset();
    } else if (!dashboard && error.isEmpty()) {
        error = QStringLiteral("not a valid dashboard");
    }
    if (!dashboard) {
        c.err << "golive " << command << ": " << naming(path, error)
              << (panels ? "; nothing was evaluated" : "; nothing was probed") << Qt::endl;
    }
    return dashboard;
}

// The Prometheus URL of check and health: `given` (--prometheus), else
// $GOLIVE_PROMETHEUS_URL, else the default. On a bad one, *error says why (a usage error).
QUrl cliPrometheusUrl(const QString& given, QString* error)
{
    QString urlText = given;
    QString urlOrigin = QStringLiteral("--prometheus");
    if (urlText.isEmpty()) {
        urlText = qEnvironmentVariable("GOLIVE_PROMETHEUS_URL");
        urlOrigin = QStringLiteral("GOLIVE_PROMETHEUS_URL");
    }
    if (urlText.isEmpty()) {
        urlText = kDefaultPrometheusUrl;
        urlOrigin = QStringLiteral("the default URL");
    }
    const QUrl url(urlText.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        *error = QStringLiteral("%1 '%2' is not an http:// or https:// URL with a host")
                     .arg(urlOrigin, url.isValid() ? url.toDisplayString(QUrl::RemoveUserInfo)
                                                   : QStringLiteral("(invalid)"));
    else if (!url.userInfo().isEmpty())
        *error = QStringLiteral("%1 carries a user name or password; credentials are "
                                "never taken on the command line or from the "
                                "environment, and nothing was sent")
                     .arg(urlOrigin);
    return url;
}

// Credentials and CA for config->baseUrl: the options (--user, --ca-file), else what `golive
// login` recorded for this URL, else the Settings dialog's when it is the same URL. The secret:
// $GOLIVE_PROMETHEUS_TOKEN for this run only, else the keychain (a problem reading it goes to
// *credentialNote). Returns a usage error (an unreadable CA file), or an empty string.
QString applyCliCredentials(const std::optional<QString>& userOption,
                            const std::optional<QString>& caOption, PrometheusConfig* config,
                            QString* credentialNote, QString* resolvedUser = nullptr)
{
    const QUrl& url = config->baseUrl;
    const std::optional<LoginRecord> record = loginRecordFor(url);
    const ConnectionSettings configured = ConnectionSettings::load();
    const bool sameAsSettings =
        !configured.url.isEmpty() &&
        CredentialStore::normalizedUrl(ConnectionSettings::parseUrl(configured.url, nullptr)) ==
            CredentialStore::normalizedUrl(url);
    QString user = userOption.value_or(QString()).trimmed();
    if (!userOption) {
        if (record)
            user = record->user;
        else if (sameAsSettings)
            user = configured.keychainUser();
    }
    if (resolvedUser)
        *resolvedUser = user;
    config->caFile = caOption         ? *caOption
                     : record         ? record->caFile
                     : sameAsSettings ? configured.caFile
                                      : QString();
    if (!config->caFile.isEmpty() && !QFileInfo(config->caFile).isReadable())
        return QStringLiteral("the CA file %1 cannot be read").arg(native(config->caFile));
    if (qEnvironmentVariableIsSet("GOLIVE_PROMETHEUS_TOKEN")) {
        config->secret = qEnvironmentVariable("GOLIVE_PROMETHEUS_TOKEN").trimmed();
    } else if (record || sameAsSettings || userOption) {
        CredentialStore store;
        const CredentialStore::Result read = store.readBlocking(url, user);
        if (read.ok())
            config->secret = read.secret;
        else
            *credentialNote = read.message;
    }
    if (!config->secret.isEmpty()) {
        config->auth =
            user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
        config->user = user;
    }
    return {};
}

int cmdCheck(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(
        QStringLiteral("The SLO gate: evaluates every panel of a dashboard once against "
                       "Prometheus over the last RANGE and prints each panel's value, objective "
                       "and state (ok, at risk, breach, unknown, error), then the firing alerts.\n"
                       "Exits 0 when every panel is ok (at risk still passes, and says so), 1 when "
                       "any panel breaches its objective, 2 when the gate cannot vouch: "
                       "Prometheus unreachable, a panel that errored or has no data, an invalid "
                       "dashboard or a usage error.")));
    const QCommandLineOption prometheusOpt(
        QStringLiteral("prometheus"),
        QStringLiteral("Prometheus's base URL (default: $GOLIVE_PROMETHEUS_URL, else %1).")
            .arg(kDefaultPrometheusUrl),
        QStringLiteral("URL"));
    const QCommandLineOption dashboardOpt(
        QStringLiteral("dashboard"),
        QStringLiteral("The dashboard JSON (default: the bundled %1).")
            .arg(QFileInfo(kBundledDashboard).fileName()),
        QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the verdict as JSON on stdout."));
    const QCommandLineOption rangeOpt(
        QStringLiteral("range"),
        QStringLiteral("How far back to look, e.g. 15m, 1h, 90s (default: 15m)."),
        QStringLiteral("DURATION"), QStringLiteral("15m"));
    const QCommandLineOption timeoutOpt(
        QStringLiteral("timeout"),
        QStringLiteral("Give up on Prometheus after this many seconds (default: %1).")
            .arg(kDefaultTimeoutSeconds),
        QStringLiteral("SECONDS"));
    const QCommandLineOption userOpt(
        QStringLiteral("user"),
        QStringLiteral("The basic-auth user whose password 'golive login' stored (default: the "
                       "one it recorded for the URL)."),
        QStringLiteral("NAME"));
    const QCommandLineOption caOpt(
        QStringLiteral("ca-file"),
        QStringLiteral("A CA certificate (PEM) to trust (default: the one 'golive login' "
                       "recorded for the URL, else the Settings dialog's)."),
        QStringLiteral("FILE"));
    parser.addOption(prometheusOpt);
    parser.addOption(dashboardOpt);
    parser.addOption(userOpt);
    parser.addOption(caOpt);
    parser.addOption(json);
    parser.addOption(rangeOpt);
    parser.addOption(timeoutOpt);
    const QString usage =
        QStringLiteral("golive check [--prometheus URL] [--dashboard FILE] [--user NAME] "
                       "[--ca-file FILE] [--json] [--range DURATION] [--timeout SECONDS]");
    if (auto code = parseArguments(
            c, parser, command, usage, args, 0, 0,
            QStringLiteral("Credentials are never taken on the command line; a URL with a user "
                           "or password in it is refused. The password or token comes from the "
                           "keychain ('golive login URL'), or for this run only from "
                           "$GOLIVE_PROMETHEUS_TOKEN.")))
        return *code;
    const auto usageError = [&](const QString& message) {
        c.err << "golive check: " << message << "\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    };

    const qint64 rangeSeconds = parseDuration(parser.value(rangeOpt));
    if (rangeSeconds <= 0 || rangeSeconds > kMaxRangeSeconds)
        return usageError(QStringLiteral("--range '%1' is not a duration from 1s to 31d "
                                         "(e.g. 15m, 1h, 90s)")
                              .arg(parser.value(rangeOpt)));
    const std::optional<double> timeout =
        timeoutSecondsOption(parser, timeoutOpt, kDefaultTimeoutSeconds);
    if (!timeout)
        return usageError(QStringLiteral("--timeout '%1' is not a number of seconds from 0 to 600")
                              .arg(parser.value(timeoutOpt)));
    const double timeoutSeconds = *timeout;

    QString urlError;
    const QUrl url = cliPrometheusUrl(parser.value(prometheusOpt), &urlError);
    if (!urlError.isEmpty())
        return usageError(urlError);
    const QString urlShown = url.toString(QUrl::StripTrailingSlash);

    const std::optional<Dashboard> dashboard =
        cliDashboard(c, QStringLiteral("check"), parser.value(dashboardOpt), DashboardNeed::Panels);
    if (!dashboard)
        return ExitUsage;
    const QString dashboardPath = parser.value(dashboardOpt).isEmpty() ? QString(kBundledDashboard)
                                                                       : parser.value(dashboardOpt);

    PrometheusConfig config;
    config.baseUrl = url;
    config.timeoutMs = static_cast<int>(timeoutSeconds * 1000);
    config.minStepSeconds = dashboard->minStepSeconds;
    QString credentialNote;
    QString user;
    const QString caError = applyCliCredentials(
        parser.isSet(userOpt) ? std::optional<QString>(parser.value(userOpt)) : std::nullopt,
        parser.isSet(caOpt) ? std::optional<QString>(parser.value(caOpt)) : std::nullopt, &config,
        &credentialNote, &user);
    if (!caError.isEmpty())
        return usageError(caError);
    const QDateTime evaluatedAt = QDateTime::currentDateTimeUtc();
    const CheckOutcome outcome =
        evaluateDashboard(*dashboard, config, rangeSeconds, config.timeoutMs, evaluatedAt);

    qsizetype breaches = 0;
    qsizetype atRisk = 0;
    qsizetype failed = 0; // errored or without data: the gate cannot vouch for them
    for (const PanelVerdict& v : outcome.panels) {
        if (v.state == QLatin1String("breach"))
            ++breaches;
        else if (v.state == QLatin1String("at risk"))
            ++atRisk;
        else if (v.state != QLatin1String("ok"))
            ++failed;
    }
    const bool allErrored =
        std::all_of(outcome.panels.cbegin(), outcome.panels.cend(),
                    [](const PanelVerdict& v) { return v.state == QLatin1String("error"); });
    const bool unreachable = allErrored && !outcome.buildInfoError.isEmpty();
    const QString result = breaches > 0 ? QStringLiteral("breach")
                           : failed > 0 ? QStringLiteral("error")
                                        : QStringLiteral("ok");
    QList<const AlertInfo*> firing;
    for (const AlertInfo& a : outcome.alerts) {
        if (a.state == QLatin1String("firing"))
            firing.append(&a);
    }

    if (parser.isSet(json)) {
        QJsonArray panels;
        for (const PanelVerdict& v : outcome.panels) {
            panels.append(QJsonObject{
                {QStringLiteral("id"), v.panel->id},
                {QStringLiteral("title"), v.panel->title},
                {QStringLiteral("value"), jsonNumber(v.update.currentValue)},
                {QStringLiteral("unit"), v.panel->unit},
                {QStringLiteral("objective"), v.panel->slo.objective},
                {QStringLiteral("good"), v.panel->slo.good == SloSpec::Good::Below
                                             ? QStringLiteral("below")
                                             : QStringLiteral("above")},
                {QStringLiteral("state"), v.state},
                {QStringLiteral("error"), v.error.isEmpty() ? QJsonValue() : QJsonValue(v.error)},
            });
        }
        QJsonArray alerts;
        for (const AlertInfo& a : outcome.alerts)
            alerts.append(alertToJson(a));
        QJsonObject o{
            {QStringLiteral("prometheus"), urlShown},
            {QStringLiteral("prometheusVersion"),
             outcome.version.isEmpty() ? QJsonValue() : QJsonValue(outcome.version)},
            {QStringLiteral("dashboard"), dashboardPath},
            {QStringLiteral("evaluatedAt"), evaluatedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("rangeSeconds"), rangeSeconds},
            {QStringLiteral("panels"), panels},
            {QStringLiteral("alerts"), alerts},
            {QStringLiteral("alertsError"),
             outcome.alertsError.isEmpty() ? QJsonValue() : QJsonValue(outcome.alertsError)},
            {QStringLiteral("result"), result},
        };
        c.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        c.out << dashboard->title << ": "
              << (outcome.version.isEmpty() ? QStringLiteral("Prometheus")
                                            : QStringLiteral("Prometheus ") + outcome.version)
              << " at " << urlShown << ", last " << describeSeconds(rangeSeconds) << " to "
              << displayTime(evaluatedAt) << "\n";
        QList<QStringList> rows{{QStringLiteral("PANEL"), QStringLiteral("VALUE"),
                                 QStringLiteral("OBJECTIVE"), QStringLiteral("STATE")}};
        for (const PanelVerdict& v : outcome.panels) {
            rows.append({v.panel->title,
                         v.state == QLatin1String("error")
                             ? QStringLiteral("-")
                             : formatValue(v.update.currentValue, v.panel->unit),
                         formatObjective(v.panel->slo, v.panel->unit), v.state});
        }
        c.out << table(rows);
        if (unreachable) {
            c.out << "Every panel: " << cappedMessage(outcome.buildInfoError) << "\n";
        } else {
            for (const PanelVerdict& v : outcome.panels) {
                if (v.error.isEmpty())
                    continue;
                c.out << "  " << v.panel->id << ": ";
                // The source's errors mostly name the panel already.
                if (!v.error.contains(v.panel->title))
                    c.out << quoted(terminalSafe(v.panel->title)) << ": ";
                c.out << cappedMessage(v.error) << "\n";
            }
        }
        if (unreachable) {
            // Said once above.
        } else if (!outcome.alertsError.isEmpty()) {
            c.out << "Alerts: could not be read: " << cappedMessage(outcome.alertsError) << "\n";
        } else if (firing.isEmpty()) {
            c.out << "Alerts: none firing\n";
        } else {
            c.out << "Firing alerts (" << firing.size() << "):\n";
            for (const AlertInfo* a : firing) {
                c.out << "  ["
                      << (a->severity.isEmpty() ? QStringLiteral("no severity")
                                                : cappedMessage(a->severity, 40))
                      << "] " << cappedMessage(a->name, 120);
                if (a->activeAtUtc.isValid())
                    c.out << " since " << displayTime(a->activeAtUtc);
                if (!a->summary.isEmpty())
                    c.out << ": " << cappedMessage(a->summary);
                c.out << "\n";
            }
        }
    }
    c.out.flush();

    // The verdict in words, on stderr, so it reads the same with --json.
    const auto titles = [&](const QString& state, bool errors) {
        QStringList names;
        for (const PanelVerdict& v : outcome.panels) {
            const bool failedPanel = v.state != QLatin1String("ok") &&
                                     v.state != QLatin1String("at risk") &&
                                     v.state != QLatin1String("breach");
            if (errors ? failedPanel : v.state == state)
                names.append(quoted(v.panel->title));
        }
        return names.join(QStringLiteral(", "));
    };
    if (unreachable) {
        const QString why =
            outcome.buildInfoError.contains(urlShown)
                ? outcome.buildInfoError
                : QStringLiteral("Prometheus at %1: %2").arg(urlShown, outcome.buildInfoError);
        c.err << "golive check: cannot evaluate any panel: " << why << Qt::endl;
        if (why.contains(QLatin1String("HTTP 401")) || why.contains(QLatin1String("HTTP 403"))) {
            if (!credentialNote.isEmpty())
                c.err << "golive check: " << credentialNote << Qt::endl;
            c.err << "golive check: store the credentials with 'golive login " << urlShown
                  << (user.isEmpty() ? QStringLiteral(" [--user NAME]")
                                     : QStringLiteral(" --user ") + user)
                  << "' (the secret is read from standard input), or set "
                     "GOLIVE_PROMETHEUS_TOKEN for this run only"
                  << Qt::endl;
        }
        return ExitUsage;
    }
    if (breaches > 0) {
        c.err << "golive check: BREACH: " << plural(breaches, "panel breaches", "panels breach")
              << " its objective: " << titles(QStringLiteral("breach"), false);
        if (failed > 0)
            c.err << "; and the gate cannot vouch for " << titles({}, true);
        c.err << Qt::endl;
        return ExitFailure;
    }
    if (failed > 0) {
        c.err << "golive check: cannot vouch: " << plural(failed, "panel", "panels") << " of "
              << outcome.panels.size() << " could not be evaluated (" << titles({}, true) << ")"
              << Qt::endl;
        return ExitUsage;
    }
    if (atRisk > 0) {
        c.err << "golive check: ok, but " << plural(atRisk, "panel is", "panels are")
              << " at risk: " << titles(QStringLiteral("at risk"), false) << Qt::endl;
        return ExitOk;
    }
    c.err << "golive check: ok: all " << plural(outcome.panels.size(), "panel", "panels")
          << " within their objectives" << Qt::endl;
    return ExitOk;
}

// ---------------------------------------------------------------------------------------------
// health: the dashboard's health checks, probed once (issue 6)

int cmdHealth(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(QStringLiteral(
        "Probes the dashboard's health checks once, as the window's lights do: an HTTP GET "
        "(up on any 2xx), a PromQL expression asked of Prometheus (up when it returns a sample "
        "and none is 0), and lists the manual ones with how to check them by hand. Prints one "
        "line per check: service, status (up, down, unknown, not probed), whether it is "
        "critical, and the detail.\n"
        "Exits 0 when no critical check is down, 1 when one is, 2 on a usage error or an "
        "invalid dashboard. Unknown (Prometheus could not be asked) does not fail: golive "
        "cannot tell, and says why.")));
    const QCommandLineOption dashboardOpt(
        QStringLiteral("dashboard"),
        QStringLiteral("The dashboard JSON (default: the bundled %1).")
            .arg(QFileInfo(kBundledDashboard).fileName()),
        QStringLiteral("FILE"));
    const QCommandLineOption prometheusOpt(
        QStringLiteral("prometheus"),
        QStringLiteral("Prometheus's base URL for the PromQL checks (default: "
                       "$GOLIVE_PROMETHEUS_URL, else %1).")
            .arg(kDefaultPrometheusUrl),
        QStringLiteral("URL"));
    const QCommandLineOption userOpt(
        QStringLiteral("user"),
        QStringLiteral("The basic-auth user whose password 'golive login' stored (default: the "
                       "one it recorded for the URL)."),
        QStringLiteral("NAME"));
    const QCommandLineOption caOpt(
        QStringLiteral("ca-file"),
        QStringLiteral("A CA certificate (PEM) to trust for Prometheus (default: the one "
                       "'golive login' recorded for the URL, else the Settings dialog's)."),
        QStringLiteral("FILE"));
    const QCommandLineOption timeoutOpt(
        QStringLiteral("timeout"),
        QStringLiteral("Give up on each probe after this many seconds (default: 5)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption demoOpt(
        QStringLiteral("demo"),
        QStringLiteral("Probe nothing: every probed check is up, marked DEMO."));
    parser.addOption(dashboardOpt);
    parser.addOption(prometheusOpt);
    parser.addOption(userOpt);
    parser.addOption(caOpt);
    parser.addOption(timeoutOpt);
    parser.addOption(demoOpt);
    const QString usage =
        QStringLiteral("golive health [--dashboard FILE] [--prometheus URL] [--user NAME] "
                       "[--ca-file FILE] [--timeout SECONDS] [--demo]");
    if (auto code = parseArguments(c, parser, command, usage, args, 0, 0))
        return *code;
    const auto usageError = [&](const QString& message) {
        c.err << "golive health: " << message << "\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    };
    const std::optional<double> timeout = timeoutSecondsOption(parser, timeoutOpt, 5);
    if (!timeout)
        return usageError(QStringLiteral("--timeout '%1' is not a number of seconds from 0 to 600")
                              .arg(parser.value(timeoutOpt)));
    const double timeoutSeconds = *timeout;
    const bool demo = parser.isSet(demoOpt);
    if (demo && parser.isSet(prometheusOpt))
        return usageError(QStringLiteral("--demo probes nothing; give --prometheus or --demo, "
                                         "not both"));

    const std::optional<Dashboard> dashboard = cliDashboard(
        c, QStringLiteral("health"), parser.value(dashboardOpt), DashboardNeed::HealthChecks);
    if (!dashboard)
        return ExitUsage;

    const int timeoutMs = static_cast<int>(timeoutSeconds * 1000);
    HealthMonitor monitor;
    monitor.setDemo(demo);
    monitor.setTimeoutMs(timeoutMs);
    const bool anyPromql =
        std::any_of(dashboard->healthChecks.cbegin(), dashboard->healthChecks.cend(),
                    [](const HealthCheckDefinition& h) {
                        return h.kind == HealthCheckDefinition::Kind::PromQL;
                    });
    QString credentialNote;
    QString prometheusShown;
    if (!demo && anyPromql) {
        QString urlError;
        const QUrl url = cliPrometheusUrl(parser.value(prometheusOpt), &urlError);
        if (!urlError.isEmpty())
            return usageError(urlError);
        PrometheusConfig config;
        config.baseUrl = url;
        config.timeoutMs = timeoutMs;
        const QString caError = applyCliCredentials(
            parser.isSet(userOpt) ? std::optional<QString>(parser.value(userOpt)) : std::nullopt,
            parser.isSet(caOpt) ? std::optional<QString>(parser.value(caOpt)) : std::nullopt,
            &config, &credentialNote);
        if (!caError.isEmpty())
            return usageError(caError);
        monitor.setPrometheus(config);
        prometheusShown = url.toString(QUrl::StripTrailingSlash);
    }
    monitor.setChecks(dashboard->healthChecks);

    // One round: every probe is bounded by the timeout, so the round is too.
    QEventLoop loop;
    bool answered = false;
    QObject::connect(&monitor, &HealthMonitor::resultsChanged, &loop, [&] {
        answered = true;
        loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs + 5000);
    monitor.start();
    if (!answered)
        loop.exec();
    monitor.stop();
    if (!answered) {
        c.err << "golive health: the probes did not finish within "
              << shortNumber(timeoutSeconds + 5) << " s" << Qt::endl;
        return ExitFailure;
    }

    c.out << dashboard->title << ": health of "
          << plural(dashboard->healthChecks.size(), "service", "services");
    if (demo)
        c.out << " (DEMO: nothing was probed)";
    else if (!prometheusShown.isEmpty())
        c.out << ", PromQL asked of Prometheus at " << prometheusShown;
    c.out << Qt::endl;
    QList<QStringList> rows{{QStringLiteral("SERVICE"), QStringLiteral("STATUS"),
                             QStringLiteral("CRITICAL"), QStringLiteral("DETAIL")}};
    for (const HealthResult& r : monitor.results())
        rows.append({r.service, healthStatusName(r.status),
                     r.critical ? QStringLiteral("yes") : QStringLiteral("no"),
                     cappedMessage(r.detail)});
    c.out << table(rows);
    c.out.flush();
    if (!credentialNote.isEmpty())
        c.err << "golive health: no credentials were sent: " << credentialNote << Qt::endl;

    const QList<HealthResult> failing = monitor.failingCritical();
    if (!failing.isEmpty()) {
        QStringList names;
        for (const HealthResult& r : failing)
            names.append(r.service);
        c.err << "golive health: critical check(s) down: " << names.join(QStringLiteral(", "))
              << Qt::endl;
        return ExitFailure;
    }
    c.err << "golive health: ok: no critical check is down" << Qt::endl;
    return ExitOk;
}

// ---------------------------------------------------------------------------------------------
// export --timeline: the run's events as a Markdown timeline for the postmortem

int cmdExport(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(QStringLiteral(
        "Exports a run. --pdf writes the signed checklist for the audit (every item with its "
        "status, signer, role, UTC time and note; a summary per section; the event history; "
        "signature blocks; on every page the title, Page N of M and the short ledger head; on "
        "the last page a QR code with the run id and the full head, which 'golive verify "
        "--digest' checks). --md writes the same as Markdown, --json the whole ledger. "
        "--timeline writes every event (sign-offs, the Go/No-Go and the decision, phase "
        "changes, failed steps, rollback steps, and what the window observed: alerts, SLO "
        "breaches, health changes) as a Markdown table for the postmortem. Needs no display. "
        "Opens the run read-only; each file is replaced as a whole, or not at all; never the run, "
        "a file SQLite or golive keeps beside it, or any other golive run (by its contents).")));
    const QCommandLineOption pdfOpt(QStringLiteral("pdf"),
                                    QStringLiteral("Write the signed checklist as PDF to OUT.pdf."),
                                    QStringLiteral("OUT.pdf"));
    const QCommandLineOption mdOpt(QStringLiteral("md"),
                                   QStringLiteral("Write the checklist as Markdown to OUT.md."),
                                   QStringLiteral("OUT.md"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"),
                                     QStringLiteral("Write the whole ledger as JSON to OUT.json."),
                                     QStringLiteral("OUT.json"));
    const QCommandLineOption timelineOpt(
        QStringLiteral("timeline"), QStringLiteral("Write the timeline as Markdown to OUT.md."),
        QStringLiteral("OUT.md"));
    const QCommandLineOption paperOpt(
        QStringLiteral("paper"), QStringLiteral("The PDF's paper: a4 or letter (default: a4)."),
        QStringLiteral("SIZE"), QStringLiteral("a4"));
    const QCommandLineOption run = runOption();
    parser.addOption(pdfOpt);
    parser.addOption(mdOpt);
    parser.addOption(jsonOpt);
    parser.addOption(timelineOpt);
    parser.addOption(paperOpt);
    parser.addOption(run);
    const QString usage =
        QStringLiteral("golive export [--run FILE] [--pdf OUT.pdf [--paper a4|letter]] "
                       "[--md OUT.md] [--json OUT.json] [--timeline OUT.md]");
    if (auto code = parseArguments(c, parser, command, usage, args, 0, 0))
        return *code;
    if (!parser.isSet(pdfOpt) && !parser.isSet(mdOpt) && !parser.isSet(jsonOpt) &&
        !parser.isSet(timelineOpt)) {
        c.err << "golive export: say what to write with --pdf, --md, --json or --timeline; "
                 "nothing was written\nUsage: "
              << usage << Qt::endl;
        return ExitUsage;
    }
    const QString paper = parser.value(paperOpt).trimmed().toLower();
    QPageSize::PageSizeId pageSize = QPageSize::A4;
    if (paper == QLatin1String("letter"))
        pageSize = QPageSize::Letter;
    else if (paper != QLatin1String("a4")) {
        c.err << "golive export: --paper '" << parser.value(paperOpt)
              << "' is not a4 or letter; nothing was written\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }

    const auto runFile = openRun(c, command, parser.value(run), RunFile::Access::ReadOnly);
    if (!runFile)
        return ExitFailure;
    const ChainVerification& v = runFile->verification();
    if (!v.intact()) {
        c.err << "golive export: warning: " << native(runFile->path()) << ": " << v.summary()
              << "; the export shows the record as it is, with the break named" << Qt::endl;
    }
    // Every output is checked before anything is written: one that is the run (by any name),
    // a file beside it, or another golive run refuses the whole export.
    bool refusedAny = false;
    for (const QCommandLineOption* option : {&pdfOpt, &mdOpt, &jsonOpt, &timelineOpt}) {
        if (!parser.isSet(*option))
            continue;
        const QString why = exportRefusal(parser.value(*option), runFile->path());
        if (!why.isEmpty()) {
            c.err << "golive export: " << why << Qt::endl;
            refusedAny = true;
        }
    }
    if (refusedAny)
        return ExitFailure;
    const QString head = shortHash(runFile->headHash());
    const auto writeFile = [&](const QString& out, const QByteArray& bytes) {
        QString error;
        if (!writeExport(out, bytes, runFile->path(), &error)) {
            c.err << "golive export: " << error << Qt::endl;
            return false;
        }
        return true;
    };

    int result = ExitOk;
    const ReportInput report = ReportInput::fromRunFile(*runFile);
    if (parser.isSet(pdfOpt)) {
        const QString out = parser.value(pdfOpt);
        QString error;
        if (writePdf(report, out, pageSize, &error)) {
            c.out << "wrote the signed checklist of " << native(runFile->path()) << " ("
                  << plural(runFile->events().size(), "event", "events") << ", ledger head " << head
                  << ") to " << native(out) << "\n";
        } else {
            c.err << "golive export: " << naming(out, error) << Qt::endl;
            result = ExitFailure;
        }
    }
    if (parser.isSet(mdOpt)) {
        const QString out = parser.value(mdOpt);
        if (writeFile(out, toMarkdown(report)))
            c.out << "wrote the checklist as Markdown to " << native(out) << "\n";
        else
            result = ExitFailure;
    }
    if (parser.isSet(jsonOpt)) {
        const QString out = parser.value(jsonOpt);
        if (writeFile(out, toJson(report)))
            c.out << "wrote the whole ledger as JSON to " << native(out) << "\n";
        else
            result = ExitFailure;
    }
    if (parser.isSet(timelineOpt)) {
        const QString out = parser.value(timelineOpt);
        const QByteArray markdown =
            timelineMarkdown(runFile->state(), runFile->runId(), QDateTime::currentDateTimeUtc(),
                             runFile->headHash());
        if (writeFile(out, markdown))
            c.out << "wrote the timeline of " << native(runFile->path()) << " ("
                  << plural(buildTimeline(runFile->state()).size(), "entry", "entries") << ", "
                  << plural(runFile->events().size(), "event", "events") << ", ledger head " << head
                  << ") to " << native(out) << "\n";
        else
            result = ExitFailure;
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// help and dispatch

int cmdHelp(Console& c, const QString& command, const QStringList& args);

const std::array<Command, 24> kCommands{{
    {QLatin1String("lint"), QLatin1String("check a runbook; --json prints its structure"), cmdLint},
    {QLatin1String("new"), QLatin1String("create a run (.golive) from a runbook"), cmdNew},
    {QLatin1String("status"), QLatin1String("show a run: fields, progress, every item, ledger"),
     cmdStatus},
    {QLatin1String("sign"), QLatin1String("sign an item off"), cmdSign},
    {QLatin1String("revoke"), QLatin1String("revoke an item's sign-off (with a reason)"),
     cmdRevoke},
    {QLatin1String("na"), QLatin1String("mark an item not applicable (with a reason)"), cmdNa},
    {QLatin1String("block"), QLatin1String("mark an item blocked (with a reason)"), cmdBlock},
    {QLatin1String("note"), QLatin1String("add a note to an item"), cmdNote},
    {QLatin1String("fill"), QLatin1String("fill a field (a placeholder of the runbook)"), cmdFill},
    {QLatin1String("gate"), QLatin1String("open the Go/No-Go (the T-60 pre-checks are the gate)"),
     cmdGate},
    {QLatin1String("go"), QLatin1String("the incident commander's GO: the cutover starts"), cmdGo},
    {QLatin1String("nogo"), QLatin1String("the incident commander's NO-GO (with a reason)"),
     cmdNoGo},
    {QLatin1String("fail"),
     QLatin1String("a cutover step failed: 15 minutes to resolve it, then rollback"), cmdFail},
    {QLatin1String("rollback"),
     QLatin1String("start the rollback (incident commander, with a reason)"), cmdRollback},
    {QLatin1String("rollback-step"), QLatin1String("a step of the rollback plan is done, in order"),
     cmdRollbackStep},
    {QLatin1String("live"),
     QLatin1String("declare the go-live Live after 15 minutes of final monitoring"), cmdLive},
    {QLatin1String("observe"),
     QLatin1String("record an alert, SLO breach or health change for the timeline"), cmdObserve},
    {QLatin1String("export"),
     QLatin1String("the signed checklist as PDF, Markdown or JSON; the timeline"), cmdExport},
    {QLatin1String("verify"), QLatin1String("check the ledger's hash chain"), cmdVerify},
    {QLatin1String("check"),
     QLatin1String("the SLO gate: judge every dashboard panel in Prometheus"), cmdCheck},
    {QLatin1String("health"),
     QLatin1String("probe the dashboard's health checks once; 1 if a critical one is down"),
     cmdHealth},
    {QLatin1String("login"),
     QLatin1String("store a Prometheus password or token in the OS keychain"), cmdLogin},
    {QLatin1String("logout"), QLatin1String("remove it from the keychain"), cmdLogout},
    {QLatin1String("help"), QLatin1String("show this help, or a command's: golive help COMMAND"),
     cmdHelp},
}};

const Command* findCommand(const QString& name)
{
    for (const Command& command : kCommands) {
        if (name == command.name)
            return &command;
    }
    return nullptr;
}

QStringList commandNames()
{
    QStringList names;
    for (const Command& command : kCommands)
        names.append(command.name);
    return names;
}

QString topLevelHelp()
{
    QString text =
        QStringLiteral(
            "Usage: golive [--run FILE] [--demo | --prometheus URL] [--dashboard FILE]\n"
            "                                       open the window\n"
            "       golive COMMAND [options]        use the command line\n"
            "\n"
            "golive %1: a go-live control room. It turns a Markdown runbook into tabs of "
            "checklist\n"
            "items that people sign off in a tamper-evident ledger (a .golive run file).\n"
            "\n"
            "Window options:\n"
            "  --run FILE        Open this run (default: %2).\n"
            "  --demo            Show generated DEMO data on the SLO dashboard (the default\n"
            "                    when no Prometheus is configured).\n"
            "  --prometheus URL  Read the SLO dashboard from this Prometheus (default: the\n"
            "                    GOLIVE_PROMETHEUS_URL environment variable, else the setting).\n"
            "  --dashboard FILE  Show this dashboard definition (default: the setting, else the\n"
            "                    bundled Summit dashboard).\n"
            "  -h, --help        Show this help and exit.\n"
            "  --version         Show the version and exit.\n"
            "\n"
            "Commands:\n")
            .arg(QLatin1String(GOLIVE_VERSION), native(defaultRunPath()));
    for (const Command& command : kCommands)
        text += QStringLiteral("  %1%2\n")
                    .arg(QString(command.name).leftJustified(15), QString(command.summary));
    text += QStringLiteral(
        "\n"
        "Run 'golive COMMAND --help' for a command's options. Without --run, commands use the\n"
        "default run, creating it from the bundled runbook the first time.\n"
        "Exit codes: 0 ok, 1 a failure you must act on, 2 a usage error.\n");
    return text;
}

int cmdHelp(Console& c, const QString& command, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("COMMAND"),
                                 QStringLiteral("The command to explain (optional)."));
    if (auto code =
            parseArguments(c, parser, command, QStringLiteral("golive help [COMMAND]"), args, 0, 1))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        c.out << topLevelHelp();
        return ExitOk;
    }
    const Command* target = findCommand(positional.constFirst());
    if (!target || target->run == cmdHelp) {
        c.err << "golive help: unknown command '" << positional.constFirst() << "'; commands are "
              << commandNames().join(QStringLiteral(", ")) << Qt::endl;
        return ExitUsage;
    }
    return target->run(c, target->name, {args.constFirst(), QStringLiteral("--help")});
}

// Options of the window and of Qt itself that take a value as the next argument, so that
// value is not mistaken for a subcommand.
bool takesValue(QString option)
{
    if (option.contains(QLatin1Char('=')))
        return false;
    if (option.startsWith(QLatin1String("--")))
        option.remove(0, 1);
    static const QStringList withValue{
        QStringLiteral("-run"),
        QStringLiteral("-dashboard"),
        QStringLiteral("-prometheus"),
        QStringLiteral("-theme"),
        QStringLiteral("-platform"),
        QStringLiteral("-platformpluginpath"),
        QStringLiteral("-platformtheme"),
        QStringLiteral("-plugin"),
        QStringLiteral("-qwindowgeometry"),
        QStringLiteral("-qwindowicon"),
        QStringLiteral("-qwindowtitle"),
        QStringLiteral("-style"),
        QStringLiteral("-stylesheet"),
        QStringLiteral("-session"),
        QStringLiteral("-display"),
        QStringLiteral("-geometry"),
        QStringLiteral("-title"),
        QStringLiteral("-name"),
    };
    return withValue.contains(option);
}

} // namespace

int runCommandLine(int argc, char** argv)
{
    // First, before anything can touch TLS (check, health, login and the window alike): no
    // OpenSSL cleanup at exit racing Qt's network threads (a crash on exit otherwise).
    PrometheusClient::disableTlsCleanupAtExit();

    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    if (args.isEmpty())
        args.append(QStringLiteral("golive"));

    // The subcommand is the first argument that is neither an option nor an option's value.
    qsizetype commandIndex = -1;
    bool wantsHelp = false;
    bool wantsVersion = false;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--"))
            break;
        if (a.startsWith(QLatin1Char('-'))) {
            if (a == QLatin1String("-h") || a == QLatin1String("--help") ||
                a == QLatin1String("-?") || a == QLatin1String("--help-all"))
                wantsHelp = true;
            else if (a == QLatin1String("--version") || a == QLatin1String("-v"))
                wantsVersion = true;
            else if (takesValue(a))
                ++i;
            continue;
        }
        commandIndex = i;
        break;
    }
    if (commandIndex < 0 && !wantsHelp && !wantsVersion)
        return -1;

    // `export` lays out pages, which needs fonts: a QGuiApplication, offscreen unless told
    // otherwise, so it runs on a build machine with no display.
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance()) {
        if (commandIndex >= 0 && args.at(commandIndex) == QLatin1String("export")) {
            if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            app = std::make_unique<QCoreApplication>(argc, argv);
        }
    }
    QCoreApplication::setApplicationName(QStringLiteral("golive"));
    QCoreApplication::setOrganizationName(QStringLiteral("golive"));
    QCoreApplication::setApplicationVersion(QLatin1String(GOLIVE_VERSION));
    // Every failure is reported once, in the command's words; the services' log lines would
    // repeat them. QT_LOGGING_RULES still overrides this for debugging.
    QLoggingCategory::setFilterRules(
        QStringLiteral("golive.*.debug=false\ngolive.*.info=false\ngolive.*.warning=false"));

    Console c;
    if (commandIndex < 0) {
        if (wantsHelp)
            c.out << topLevelHelp();
        else
            c.out << "golive " << GOLIVE_VERSION << "\n";
        return ExitOk;
    }
    const QString name = args.at(commandIndex);
    const Command* command = findCommand(name);
    if (!command) {
        c.err << "golive: unknown command '" << name << "'; commands are "
              << commandNames().join(QStringLiteral(", "))
              << "\nTo open a run in the window: golive --run FILE. See 'golive --help'."
              << Qt::endl;
        return ExitUsage;
    }
    QStringList rest = args;
    rest.removeAt(commandIndex);
    const int code = command->run(c, command->name, rest);
    // Results on stdout are what scripts keep (status --json > file): a full disk or a closed
    // pipe there is a failure, not silence.
    c.out.flush();
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int flushErrno = errno;
    if (!flushed || std::ferror(stdout) || c.out.status() != QTextStream::Ok) {
        QString why = flushErrno != 0 ? qt_error_string(flushErrno) : QString();
        if (why.isEmpty() && c.out.device())
            why = c.out.device()->errorString();
        c.err << "golive " << command->name << ": cannot write the output to standard output ("
              << (why.isEmpty() ? QStringLiteral("the write failed") : why)
              << "); what was printed is incomplete"
              << (code == ExitOk ? "; the command itself finished" : "") << Qt::endl;
        return code == ExitOk ? ExitFailure : code;
    }
    return code;
}

} // namespace golive
