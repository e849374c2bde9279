// exec (see ExecCommand.h).
#include "ExecCommand.h"

#include "CliText.h"
#include "SafeText.h"
#include "Settings.h"
#include "TerminalDevice.h"
#include "evidence/CommandRunner.h"
#include "evidence/Evidence.h"
#include "evidence/Redaction.h"
#include "evidence/TerminalText.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <iterator>
#include <optional>
#include <unistd.h>
#include <utility>

namespace golive::cli {

namespace {

// Ctrl+C while a command runs stops the command (recorded as stopped), not golive; so do
// SIGTERM, SIGHUP (the terminal closed) and SIGQUIT: the command runs in a session of its own
// and would otherwise outlive golive, unrecorded. The signal's number, 0 for none.
volatile std::sig_atomic_t interruptRequested = 0;

extern "C" void noteInterrupt(int sig)
{
    interruptRequested = sig;
}

class InterruptGuard
{
public:
    static constexpr int Signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

    InterruptGuard()
    {
        interruptRequested = 0;
        struct sigaction sa = {};
        sa.sa_handler = noteInterrupt;
        sigemptyset(&sa.sa_mask);
        for (int i = 0; i < int(std::size(Signals)); ++i)
            sigaction(Signals[i], &sa, &m_old[i]);
    }
    ~InterruptGuard()
    {
        for (int i = 0; i < int(std::size(Signals)); ++i)
            sigaction(Signals[i], &m_old[i], nullptr);
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction m_old[std::size(Signals)] = {};
};

QString signalWords(int sig)
{
    switch (sig) {
    case SIGINT:
        return QStringLiteral("Ctrl+C");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    case SIGHUP:
        return QStringLiteral("SIGHUP: the terminal went away");
    case SIGQUIT:
        return QStringLiteral("SIGQUIT");
    }
    return QStringLiteral("signal %1").arg(sig);
}

// "90s", "15m", "1h", "0": seconds; nullopt when it is none of these.
std::optional<int> parseDuration(const QString& text)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(\d{1,6})\s*([smh]?)\s*$)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    if (unit.isEmpty() && n != 0)
        return std::nullopt; // a bare number could mean seconds or minutes: say which
    const qint64 seconds = unit == QLatin1String("h")   ? n * 3600
                           : unit == QLatin1String("m") ? n * 60
                                                        : n;
    if (seconds > 7 * 24 * 3600)
        return std::nullopt;
    return int(seconds);
}

QString oneLine(const QString& command)
{
    return terminalSafe(command);
}

// The record an event would carry, for asking the rules before anything runs.
SignOffEvent probeEvent(const QString& itemId, const Actor& actor, const QString& command,
                        const QString& cwd)
{
    CommandRecord r;
    r.command = command;
    r.workingDir = cwd;
    r.shell = QStringLiteral("/bin/sh");
    r.startUtc = r.endUtc = QDateTime::currentDateTimeUtc();
    SignOffEvent e;
    e.kind = EventKind::CommandRun;
    e.itemId = itemId;
    e.actor = actor;
    e.fieldKey = QString(64, u'0');
    e.text = commandEventText(r);
    return e;
}

QString outcomeWords(const CommandRecord& r)
{
    switch (r.outcome) {
    case CommandOutcome::Exited:
        return QStringLiteral("exited %1").arg(r.exitCode);
    case CommandOutcome::TimedOut:
        return QStringLiteral("timed out and was killed");
    case CommandOutcome::Stopped:
        return QStringLiteral("was stopped");
    case CommandOutcome::FailedToStart:
        return QStringLiteral("could not be started");
    case CommandOutcome::Crashed:
        return QStringLiteral("was killed by a signal");
    case CommandOutcome::Interrupted:
        return QStringLiteral("was interrupted");
    }
    return {};
}

// Stores the spool as the event's bytes and appends the event. False with words.
bool recordRun(RunLedger& run, SignOffEvent& event, const QString& spoolPath, qint64 maxBytes,
               QString* error)
{
    QFile spool(spoolPath);
    if (!spool.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the command's output %1: %2")
                     .arg(native(spoolPath), spool.errorString());
        return false;
    }
    return run.appendWithBlob(event, &spool, QStringLiteral("the command's output"), maxBytes,
                              error);
}

} // namespace

ExecCommand::ExecCommand(QString name, QString summary)
    : EventCommand(std::move(name), std::move(summary)),
      m_blockOption(QStringLiteral("block"),
                    QStringLiteral("Which of the item's commands to run (1 is the first; "
                                   "golive lint --json lists them)."),
                    QStringLiteral("N")),
      m_commandOption(QStringLiteral("command"),
                      QStringLiteral("Run TEXT instead of a command the runbook gives (it is "
                                     "recorded as given)."),
                      QStringLiteral("TEXT")),
      m_cwdOption(QStringLiteral("cwd"),
                  QStringLiteral("The folder to run it in (default: the current folder)."),
                  QStringLiteral("DIR")),
      m_timeoutOption(QStringLiteral("timeout"),
                      QStringLiteral("Kill it after this long: 90s, 15m, 1h; 0 for never "
                                     "(default: the setting, 15m)."),
                      QStringLiteral("DURATION")),
      m_capOption(QStringLiteral("output-cap"),
                  QStringLiteral("Keep at most this many MiB of output: the first 80 % and the "
                                 "last 20 %, with a note where cut (default: the setting, 5)."),
                  QStringLiteral("MiB")),
      m_redactOption(QStringLiteral("redact"),
                     QStringLiteral("Also redact what this regular expression matches (a group "
                                    "named 'secret': only that group). Repeatable."),
                     QStringLiteral("REGEX")),
      m_yesOption(QStringLiteral("yes"),
                  QStringLiteral("Run without asking (required when input is not a terminal)."))
{}

QString ExecCommand::description() const
{
    return QStringLiteral(
        "Runs a command the runbook gives for an item (a shell code block under it, or one "
        "marked <!-- golive: run -->) in your shell, prints its output as it comes, and records "
        "the command, its exit code, times and output (secrets redacted, capped) as evidence on "
        "the item. It never signs the item: sign it yourself, naming the evidence.");
}

QString ExecCommand::usage() const
{
    return QStringLiteral("golive exec ID [--block N | --command TEXT] --as NAME --role ROLE "
                          "[--cwd DIR] [--timeout DURATION] [--output-cap MiB] [--redact "
                          "REGEX]... [--yes]") +
           SigningOption::usage() + QStringLiteral(" [--run RUN] [--wait SECONDS]");
}

QString ExecCommand::epilog() const
{
    return QStringLiteral(
               "Roles: %1 (observers cannot run commands).\nThe output is kept in the run: "
               "Authorization headers, passwords, tokens, keys and what --redact names are "
               "replaced by [REDACTED] first (in the command's own text too), and the record says "
               "how many. In a run that requires signatures, give --key FILE (a key the roster "
               "gives you): nothing runs that could not be recorded. Ctrl+C, SIGTERM, SIGHUP "
               "and SIGQUIT stop the command (recorded as stopped). Exit status: 0 when the "
               "command exited 0, else 1; "
               "the run is recorded either way.")
        .arg(rolesText());
}

void ExecCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The item's id, e.g. 3.2."));
    addActorOptions(parser);
    parser.addOption(m_blockOption);
    parser.addOption(m_commandOption);
    parser.addOption(m_cwdOption);
    parser.addOption(m_timeoutOption);
    parser.addOption(m_capOption);
    parser.addOption(m_redactOption);
    parser.addOption(m_yesOption);
    addRunOption(parser);
    addWaitOption(parser);
}

void ExecCommand::recordLeftOvers(Console& c, RunLedger& run, const QString& folder,
                                  const QString& signingKey) const
{
    QStringList problems;
    const QList<JournalEntry> left = CommandJournal::leftOver(folder, run.runId(), &problems);
    for (const QString& p : std::as_const(problems))
        c.err << "golive " << name() << ": warning: " << p << Qt::endl;
    for (const JournalEntry& e : left) {
        SignOffEvent event;
        event.kind = EventKind::CommandRun;
        event.itemId = e.spec.itemId;
        event.actor = e.spec.actor;
        // Signed with the key it was run with only when this exec was given that key: a key
        // named in a file is not taken up on its own.
        const QString journalKey = e.spec.actor.signingKey;
        const bool sameKey = !journalKey.isEmpty() && QFileInfo(journalKey).absoluteFilePath() ==
                                                          QFileInfo(signingKey).absoluteFilePath();
        if (!sameKey)
            event.actor.signingKey.clear();
        event.text = commandEventText(e.record);
        QString error;
        const qint64 maxBytes = std::max<qint64>(e.spec.maxOutputBytes, 0) + 4096;
        const qint64 kept = QFileInfo(e.spoolPath).size();
        c.err << "golive " << name() << ": `" << oneLine(e.record.command) << "` on item "
              << terminalSafe(e.spec.itemId) << ", started " << displayTime(e.record.startUtc)
              << " by " << terminalSafe(e.spec.actor.name)
              << ", was interrupted: the golive that ran it ended before recording it; ";
        if (!recordRun(run, event, e.spoolPath, maxBytes, &error)) {
            c.err << "it could not be recorded (" << error << ")";
            if (!journalKey.isEmpty() && !sameKey)
                c.err << "; it records signed with its key by a golive exec on this run with "
                         "--key "
                      << shellArgument(native(journalKey));
            else if (run.roster().signaturesRequired && journalKey.isEmpty())
                c.err << "; it was run without a key and this run requires signatures, so it "
                         "cannot be recorded";
            c.err << "; its journal is kept at " << native(e.jsonPath) << Qt::endl;
            continue;
        }
        c.err << "recorded as interrupted, with the " << byteSize(kept)
              << " of output it had written, as event #" << event.seq << Qt::endl;
        QString removeError;
        if (!CommandJournal::remove(e.jsonPath, &removeError))
            c.err << "golive " << name() << ": warning: " << removeError << Qt::endl;
    }
}

int ExecCommand::run(Console& c, const QCommandLineParser& parser)
{
    Actor actor;
    if (const auto code = readActor(c, parser, &actor))
        return *code;
    int waitMs = 0;
    if (const auto code = waitMilliseconds(c, parser, &waitMs))
        return *code;
    Settings* settings = Settings::instance();
    int timeoutSeconds = settings->value(Settings::Key::CommandTimeoutMinutes).toInt() * 60;
    if (parser.isSet(m_timeoutOption)) {
        const auto parsed = parseDuration(parser.value(m_timeoutOption));
        if (!parsed)
            return usageError(c, QStringLiteral("--timeout takes a duration with its unit: 90s, "
                                                "15m, 1h (at most a week), or 0 for none; "
                                                "nothing was run"));
        timeoutSeconds = *parsed;
    }
    qint64 capMiB = settings->value(Settings::Key::CommandOutputCapMiB).toLongLong();
    if (parser.isSet(m_capOption)) {
        bool ok = false;
        capMiB = parser.value(m_capOption).toLongLong(&ok);
        if (!ok || capMiB < 1 || capMiB > 1024)
            return usageError(c, QStringLiteral("--output-cap takes a whole number of MiB from "
                                                "1 to 1024; nothing was run"));
    }
    if (capMiB < 1)
        capMiB = DefaultMaxOutputBytes / (1024 * 1024);
    QStringList patterns = settings->value(Settings::Key::RedactionPatterns).toStringList();
    if (patterns.isEmpty())
        patterns = Redactor::defaultPatterns();
    patterns += parser.values(m_redactOption);
    QString patternError;
    if (!Redactor::fromPatterns(patterns, &patternError))
        return usageError(c, patternError + QStringLiteral("; nothing was run"));
    const QString cwd =
        QDir(parser.isSet(m_cwdOption) ? parser.value(m_cwdOption) : QDir::currentPath())
            .absolutePath();
    if (!QFileInfo(cwd).isDir())
        return usageError(
            c, QStringLiteral("the folder %1 does not exist; nothing was run").arg(native(cwd)));
    if (parser.isSet(m_blockOption) && parser.isSet(m_commandOption))
        return usageError(c, QStringLiteral("give --block N or --command TEXT, not both; "
                                            "nothing was run"));

    auto runFile = openRun(c, parser, waitMs);
    if (!runFile)
        return ExitFailure;
    const QString folder = CommandJournal::defaultFolder();
    recordLeftOvers(c, *runFile, folder, actor.signingKey);

    const QString itemId = parser.positionalArguments().constFirst();
    const RunbookItem* item = runFile->runbook().findItem(itemId);
    if (!item) {
        c.err << "golive " << name() << ": "
              << withSafety(naming(runFile->path(),
                                   QStringLiteral("there is no item %1 in this run's runbook")
                                       .arg(terminalSafe(itemId))),
                            QStringLiteral("nothing was run"))
              << "\nhint: 'golive status --run " << shellArgument(native(runFile->path()))
              << "' lists every item id" << Qt::endl;
        return ExitFailure;
    }
    QString command;
    int block = 0;
    if (parser.isSet(m_commandOption)) {
        command = parser.value(m_commandOption);
        if (command.trimmed().isEmpty())
            return usageError(c, QStringLiteral("--command needs the command's text; nothing "
                                                "was run"));
    } else if (item->commands.isEmpty()) {
        c.err << "golive " << name() << ": item " << item->id
              << " gives no command to run: the runbook has no shell code block under it and "
                 "marks nothing with <!-- golive: run -->; give one with --command TEXT; "
                 "nothing was run"
              << Qt::endl;
        return ExitFailure;
    } else if (parser.isSet(m_blockOption)) {
        bool ok = false;
        block = parser.value(m_blockOption).toInt(&ok);
        if (!ok || block < 1 || block > item->commands.size())
            return usageError(c, QStringLiteral("item %1 gives %2 command(s); --block takes 1 "
                                                "to %2; nothing was run")
                                     .arg(item->id)
                                     .arg(item->commands.size()));
        command = item->commands.at(block - 1).text;
    } else if (item->commands.size() > 1) {
        c.err << "golive " << name() << ": item " << item->id << " gives " << item->commands.size()
              << " commands; say which with --block N; nothing was run:" << Qt::endl;
        for (int i = 0; i < item->commands.size(); ++i)
            c.err << "  --block " << (i + 1) << ": " << oneLine(item->commands.at(i).text)
                  << Qt::endl;
        return ExitUsage;
    } else {
        block = 1;
        command = item->commands.constFirst().text;
    }

    // Judged first exactly as the ledger will judge the record: what it would refuse (an
    // observer, an item not in the run, a broken ledger, no key in a run that requires
    // signatures, a key not on the roster for this person) is refused before anything runs.
    {
        QString why;
        const SignOffEvent probe = probeEvent(item->id, actor, command, cwd);
        if (!runFile->wouldAccept(probe, &why)) {
            c.err << "golive " << name() << ": "
                  << withSafety(naming(runFile->path(), why), QStringLiteral("nothing was run"))
                  << Qt::endl;
            return ExitFailure;
        }
    }
    const QString runLocation = runFile->path();
    const QString runId = runFile->runId();
    const QString id = item->id; // `item` lives in the run, which is let go next
    item = nullptr;
    // The run is not held while the command runs: the window and others may write meanwhile.
    runFile.reset();

    // The command as it is recorded: secrets in its text redacted as in its output.
    QString shownCommand = command;
    if (std::optional<Redactor> redactor = Redactor::fromPatterns(patterns, nullptr))
        shownCommand = QString::fromUtf8(redactor->redactLines(command.toUtf8(), nullptr));
    c.err << "golive " << name() << ": item " << id
          << (block ? QStringLiteral(", command %1").arg(block) : QString())
          << "\n  command: " << terminalSafeLines(shownCommand, QStringLiteral("           "))
          << "\n  folder:  " << native(cwd) << "\n  journal: " << native(folder) << "\n  timeout: "
          << (timeoutSeconds ? QStringLiteral("%1 s").arg(timeoutSeconds) : QStringLiteral("none"))
          << "; output kept up to " << capMiB << " MiB, secrets redacted, in the run" << Qt::endl;
    if (!parser.isSet(m_yesOption)) {
        if (isatty(STDIN_FILENO) != 1) {
            c.err << "golive " << name()
                  << ": give --yes to run it without a terminal to ask "
                     "on; nothing was run"
                  << Qt::endl;
            return ExitUsage;
        }
        c.err << "Run it? [y/N] " << Qt::flush;
        char answer[16] = {};
        if (!std::fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
            c.err << "nothing was run" << Qt::endl;
            return ExitFailure;
        }
    }

    CommandSpec spec;
    spec.itemId = id;
    spec.block = block;
    spec.command = command;
    spec.workingDir = cwd;
    spec.timeoutSeconds = timeoutSeconds;
    spec.maxOutputBytes = capMiB * 1024 * 1024;
    spec.redactionPatterns = patterns;
    spec.journalFolder = folder;
    spec.runId = runId;
    spec.runLocation = runLocation;
    spec.actor = actor;

    // Colours only for a terminal, written by golive itself; anything else gets plain text.
    const bool colour =
        isatty(STDOUT_FILENO) == 1 && dynamic_cast<TerminalDevice*>(c.out.device()) != nullptr;
    TerminalStream terminal;
    CommandRunner runner;
    QEventLoop loop;
    CommandRecord record;
    QString spoolPath;
    QString journalPath;
    bool done = false;
    QObject::connect(&runner, &CommandRunner::output, &loop,
                     [&](const QByteArray& bytes, qint64 skipped) {
                         if (skipped > 0)
                             c.out << "\n[golive: " << skipped
                                   << " bytes not shown here (too fast to print); the record "
                                      "keeps the output as capped]\n";
                         if (colour) {
                             c.out.flush();
                             const QByteArray text = terminal.ansiChunk(bytes).toUtf8();
                             std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
                             std::fflush(stdout);
                         } else {
                             c.out << terminal.plainChunk(bytes);
                             c.out.flush();
                         }
                     });
    QObject::connect(&runner, &CommandRunner::finished, &loop,
                     [&](const CommandRecord& r, const QString& spool, const QString& journal) {
                         record = r;
                         spoolPath = spool;
                         journalPath = journal;
                         done = true;
                         loop.quit();
                     });
    InterruptGuard guard;
    QTimer interruptPoll;
    bool stopping = false;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&] {
        if (const int sig = interruptRequested; sig != 0 && !stopping) {
            stopping = true;
            c.err << "\ngolive " << name() << ": stopping the command (" << signalWords(sig) << ")"
                  << Qt::endl;
            runner.stop();
        }
    });
    interruptPoll.start(50);
    QString error;
    if (!runner.start(spec, &error)) {
        c.err << "golive " << name() << ": " << error << "; nothing was run" << Qt::endl;
        return ExitFailure;
    }
    if (!done)
        loop.exec();
    interruptPoll.stop();
    c.out.flush();

    c.err << "golive " << name() << ": the command " << outcomeWords(record) << " after "
          << record.durationMs / 1000.0 << " s; " << record.outputBytes << " bytes of output"
          << (record.truncated ? QStringLiteral(" (cut to the cap)") : QString()) << ", "
          << record.redactions << " redaction(s)" << Qt::endl;

    auto again = openRun(c, parser, std::max(waitMs, 30000));
    if (!again) {
        c.err << "golive " << name() << ": the run could not be opened to record it; the "
              << "output is kept at " << native(spoolPath) << " and is recorded as interrupted "
              << "by the next golive exec on this run" << Qt::endl;
        return ExitFailure;
    }
    SignOffEvent event;
    event.kind = EventKind::CommandRun;
    event.itemId = id;
    event.actor = actor;
    event.text = commandEventText(record);
    if (!recordRun(*again, event, spoolPath, spec.maxOutputBytes + 4096, &error)) {
        c.err << "golive " << name() << ": "
              << withSafety(naming(again->path(), error),
                            QStringLiteral("the output is kept at %1").arg(native(spoolPath)))
              << Qt::endl;
        return ExitFailure;
    }
    printHeadRecordWarning(c, *again);
    QString removeError;
    if (!CommandJournal::remove(journalPath, &removeError))
        c.err << "golive " << name() << ": warning: " << removeError << Qt::endl;
    c.err << "recorded as event #" << event.seq << "; sign it with: golive sign " << id
          << " --evidence " << event.seq << " --as " << shellArgument(actor.name) << " --role "
          << roleName(actor.role) << " --run " << shellArgument(native(again->path())) << Qt::endl;
    return record.outcome == CommandOutcome::Exited && record.exitCode == 0 ? ExitOk : ExitFailure;
}

} // namespace golive::cli
