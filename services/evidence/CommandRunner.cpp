// Runs one command from the runbook: QProcess in its own process group on a worker thread,
// output redacted line by line, capped, spooled to the journal as it comes and shown live.
#include "evidence/CommandRunner.h"

#include "evidence/Redaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

namespace golive {

namespace {

// A line longer than this is redacted in pieces of this size (a secret split across two
// pieces could pass): a flood with no line break must not grow without bound.
constexpr qsizetype MaxLineBytes = 64 * 1024;
// What one live output() signal carries at most, and how often they come.
constexpr qsizetype MaxLiveBytes = 64 * 1024;
constexpr int LiveIntervalMs = 100;
// How long a killed command's group has after SIGTERM before SIGKILL.
constexpr int KillGraceMs = 3000;
// How often the journal's counts are brought up to date while the command runs.
constexpr int JournalIntervalMs = 1000;

QString timeText(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString cutNote(qint64 bytes)
{
    return QStringLiteral("[golive: %1 bytes of output cut here]\n").arg(bytes);
}

QString chooseShell(const QString& given)
{
    if (!given.isEmpty())
        return given;
    const QString env = qEnvironmentVariable("SHELL");
    if (!env.isEmpty() && QFileInfo(env).isExecutable() && QFileInfo(env).isAbsolute())
        return env;
    return QStringLiteral("/bin/sh");
}

// The journal is the user's alone: its folder 0700, its files 0600, whatever the umask.
constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyFolder = OwnerOnlyFile | QFileDevice::ExeOwner;

QString lockPathOf(const QString& jsonPath)
{
    return (jsonPath.endsWith(QLatin1String(".json")) ? jsonPath.chopped(5) : jsonPath) +
           QStringLiteral(".lock");
}

// An exclusive flock(2) on a journal's <uuid>.lock, held by whoever may record the journal:
// the runner while its command runs and until its event is recorded, or whoever took it up as
// left over. -1 when another holds it (or it cannot be opened). Close-on-exec, so a command
// that outlives golive never holds it.
int tryLock(const QString& lockPath)
{
    const QByteArray path = QFile::encodeName(lockPath);
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

QJsonObject journalJson(const CommandSpec& spec, const CommandRecord& r)
{
    // The actor's signing key is a path (where ssh-keygen finds the key), never a secret: the
    // next golive exec given the same key records a left-over journal signed with it.
    return QJsonObject{
        {QStringLiteral("item"), spec.itemId},
        {QStringLiteral("block"), spec.block},
        {QStringLiteral("command"), r.command}, // as recorded: secrets in it redacted
        {QStringLiteral("cwd"), r.workingDir},
        {QStringLiteral("shell"), r.shell},
        {QStringLiteral("timeout_s"), spec.timeoutSeconds},
        {QStringLiteral("max_output_bytes"), double(spec.maxOutputBytes)},
        {QStringLiteral("run_id"), spec.runId},
        {QStringLiteral("run_location"), spec.runLocation},
        {QStringLiteral("actor_name"), spec.actor.name},
        {QStringLiteral("actor_role"), roleName(spec.actor.role)},
        {QStringLiteral("actor_os_user"), spec.actor.osUser},
        {QStringLiteral("actor_host"), spec.actor.host},
        {QStringLiteral("actor_key"), spec.actor.signingKey},
        {QStringLiteral("start"), timeText(r.startUtc)},
        {QStringLiteral("output_bytes"), double(r.outputBytes)},
        {QStringLiteral("redactions"), r.redactions},
    };
}

bool writeJson(const QString& path, const QJsonObject& o, QString* error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0 || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write the command's journal %1: %2")
                         .arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    QFile::setPermissions(path, OwnerOnlyFile);
    return true;
}

// The output kept: the first 80 % of the cap in the spool file as it comes; the newest 20 % in
// memory and, while the command runs, in a side file (<uuid>.tail: the cut note and the tail)
// rewritten now and then, so golive ending mid-run loses at most a second of the tail.
class OutputKeeper
{
public:
    OutputKeeper(QString spoolPath, qint64 cap)
        : m_spool(std::move(spoolPath)), m_headCap(cap - cap / 5), m_tailCap(cap / 5)
    {}

    bool open(QString* error)
    {
        if (!m_spool.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            if (error)
                *error =
                    QStringLiteral("cannot write the command's output to %1: %2")
                        .arg(QDir::toNativeSeparators(m_spool.fileName()), m_spool.errorString());
            return false;
        }
        m_spool.setPermissions(OwnerOnlyFile);
        return true;
    }

    void add(const QByteArray& bytes)
    {
        m_total += bytes.size();
        qsizetype used = 0;
        if (m_head < m_headCap) {
            used = qsizetype(std::min<qint64>(bytes.size(), m_headCap - m_head));
            m_spool.write(bytes.constData(), used);
            m_spool.flush();
            m_head += used;
            if (used > 0)
                m_lastHeadByte = bytes.at(used - 1);
        }
        if (used == bytes.size())
            return;
        m_tail.append(bytes.constData() + used, bytes.size() - used);
        if (m_tail.size() > 2 * m_tailCap + 4096)
            m_tail.remove(0, m_tail.size() - m_tailCap);
        m_tailDirty = true;
    }

    QByteArray tailPart() const
    {
        const QByteArray tail = m_tail.right(m_tailCap);
        const qint64 cut = m_total - m_head - tail.size();
        if (cut <= 0)
            return tail;
        return (m_head > 0 && !m_spoolEndsWithNewline() ? QByteArray("\n") : QByteArray()) +
               cutNote(cut).toUtf8() + tail;
    }

    // The tail as it stands, beside the spool, for a journal read after golive ended.
    void saveTail()
    {
        if (!m_tailDirty)
            return;
        m_tailDirty = false;
        QSaveFile f(tailPath());
        if (f.open(QIODevice::WriteOnly)) {
            f.write(tailPart());
            if (f.commit())
                QFile::setPermissions(tailPath(), OwnerOnlyFile);
        }
    }

    // Head, then (when cut) the note, then the tail: the kept output, complete.
    void finish()
    {
        const QByteArray tail = tailPart();
        m_spool.write(tail);
        m_spool.close();
        m_truncated = m_total > m_head + m_tail.right(m_tailCap).size();
        m_kept = m_head + tail.size();
        QFile::remove(tailPath());
    }

    QString tailPath() const { return tailPathOf(m_spool.fileName()); }
    static QString tailPathOf(const QString& spool)
    {
        return spool.left(spool.size() - 4) + QStringLiteral(".tail");
    }
    bool truncated() const { return m_truncated; }
    qint64 kept() const { return m_kept; }
    QString path() const { return m_spool.fileName(); }

private:
    bool m_spoolEndsWithNewline() const { return m_lastHeadByte == '\n'; }

    QFile m_spool;
    qint64 m_headCap;
    qint64 m_tailCap;
    qint64 m_head = 0;
    qint64 m_total = 0;
    qint64 m_kept = 0;
    bool m_truncated = false;
    bool m_tailDirty = false;
    char m_lastHeadByte = '\n';
    QByteArray m_tail;
};

// Lives on the runner's thread: owns the process, its timers and the journal.
class CommandWorker : public QObject
{
    Q_OBJECT
public:
    CommandWorker(CommandSpec spec, Redactor redactor, QString shell, QString jsonPath,
                  QString spoolPath, CommandRecord record)
        : m_spec(std::move(spec)), m_redactor(std::move(redactor)), m_shell(std::move(shell)),
          m_jsonPath(std::move(jsonPath)), m_keeper(spoolPath, m_spec.maxOutputBytes),
          m_record(std::move(record))
    {}

    bool openSpool(QString* error) { return m_keeper.open(error); }

public slots:
    void begin()
    {
        m_process = new QProcess(this);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setProgram(m_shell);
        m_process->setArguments({QStringLiteral("-c"), m_spec.command});
        m_process->setWorkingDirectory(m_record.workingDir);
        m_process->setStandardInputFile(QProcess::nullDevice());
        // A session of its own (so its own process group, whose id is its pid): Stop and the
        // timeout end the shell and all it started, and it has no controlling terminal, so a
        // read from /dev/tty fails at once instead of stopping it until the timeout. Should
        // golive's command thread die without ending it, the kernel kills the shell
        // (PR_SET_PDEATHSIG: the shell only, not what it started in the background).
        const pid_t parent = ::getpid();
        m_process->setChildProcessModifier([parent] {
            ::setsid();
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)
                ::_exit(127); // golive ended before the death signal was set
        });
        connect(m_process, &QProcess::started, this,
                [this] { m_pgid = pid_t(m_process->processId()); });
        connect(m_process, &QProcess::readyReadStandardOutput, this, &CommandWorker::read);
        connect(m_process, &QProcess::finished, this, &CommandWorker::processFinished);
        connect(m_process, &QProcess::errorOccurred, this, &CommandWorker::processError);

        m_live = new QTimer(this);
        m_live->setInterval(LiveIntervalMs);
        connect(m_live, &QTimer::timeout, this, &CommandWorker::flushLive);
        m_live->start();
        m_journalTimer = new QTimer(this);
        m_journalTimer->setInterval(JournalIntervalMs);
        connect(m_journalTimer, &QTimer::timeout, this, &CommandWorker::updateJournal);
        m_journalTimer->start();
        if (m_spec.timeoutSeconds > 0) {
            m_timeout = new QTimer(this);
            m_timeout->setSingleShot(true);
            m_timeout->setTimerType(Qt::PreciseTimer); // never before its time
            m_timeout->setInterval(m_spec.timeoutSeconds * 1000);
            connect(m_timeout, &QTimer::timeout, this,
                    [this] { terminate(CommandOutcome::TimedOut); });
            m_timeout->start();
        }
        m_process->start();
    }

    void stop() { terminate(CommandOutcome::Stopped); }

    // The runner is going away: the command is killed at once; its journal stays and is
    // recorded as interrupted on the next start.
    void abandon()
    {
        if (!m_process || m_done)
            return;
        m_abandoned = true;
        m_outcome = CommandOutcome::Stopped;
        killGroup(SIGKILL);
        m_process->waitForFinished(5000);
    }

signals:
    void output(const QByteArray& bytes, qint64 skipped);
    void done(const golive::CommandRecord& record, const QString& spoolPath,
              const QString& journalPath);

private:
    void killGroup(int sig)
    {
        if (m_pgid > 0)
            ::kill(-m_pgid, sig);
    }

    void terminate(CommandOutcome why)
    {
        if (!m_process || m_done || m_outcome)
            return;
        m_outcome = why;
        if (m_process->state() == QProcess::NotRunning)
            return;
        killGroup(SIGTERM);
        auto* escalate = new QTimer(this);
        escalate->setSingleShot(true);
        escalate->setTimerType(Qt::PreciseTimer); // the whole grace period, not 5 % less
        connect(escalate, &QTimer::timeout, this, [this] { killGroup(SIGKILL); });
        escalate->start(KillGraceMs);
    }

    void read()
    {
        const QByteArray bytes = m_process->readAllStandardOutput();
        m_record.outputBytes += bytes.size();
        m_line.append(bytes);
        // Whole lines are redacted together; what follows the last line break waits for the
        // rest of its line, unless it grows past MaxLineBytes.
        const qsizetype lastBreak = m_line.lastIndexOf('\n');
        if (lastBreak >= 0) {
            keep(m_redactor.redactLines(m_line.left(lastBreak + 1), &m_record.redactions));
            m_line.remove(0, lastBreak + 1);
        }
        while (m_line.size() >= MaxLineBytes) {
            keep(m_redactor.redactLine(m_line.left(MaxLineBytes), &m_record.redactions));
            m_line.remove(0, MaxLineBytes);
        }
    }

    void keep(const QByteArray& redacted)
    {
        m_keeper.add(redacted);
        m_pendingLive.append(redacted);
        if (m_pendingLive.size() > 2 * MaxLiveBytes) {
            const qsizetype drop = m_pendingLive.size() - MaxLiveBytes;
            m_pendingLive.remove(0, drop);
            m_skipped += drop;
        }
    }

    void flushLive()
    {
        // A redaction is in the journal before the output it was made in is shown, so a run
        // interrupted after that still says it.
        if (m_record.redactions != m_journaledRedactions && journalKept()) {
            m_journaledRedactions = m_record.redactions;
            writeJson(m_jsonPath, journalJson(m_spec, m_record), nullptr);
        }
        if (m_pendingLive.isEmpty())
            return;
        if (m_pendingLive.size() > MaxLiveBytes) {
            const qsizetype drop = m_pendingLive.size() - MaxLiveBytes;
            m_pendingLive.remove(0, drop);
            m_skipped += drop;
        }
        emit output(m_pendingLive, m_skipped);
        m_pendingLive.clear();
        m_skipped = 0;
    }

    // Whether the journal is still there to bring up to date: once removed (its event
    // recorded) it is never made again.
    bool journalKept()
    {
        if (!m_journalRemoved && !QFileInfo::exists(m_jsonPath)) {
            m_journalRemoved = true;
            if (m_journalTimer)
                m_journalTimer->stop();
        }
        return !m_journalRemoved;
    }

    void updateJournal()
    {
        if (!journalKept())
            return;
        m_keeper.saveTail();
        if (m_record.outputBytes != m_journaledBytes) {
            m_journaledBytes = m_record.outputBytes;
            writeJson(m_jsonPath, journalJson(m_spec, m_record), nullptr);
        }
    }

    void processError(QProcess::ProcessError error)
    {
        if (error != QProcess::FailedToStart)
            return; // the others come with finished() as well
        const QString words = QStringLiteral("[golive: %1 could not be started: %2]\n")
                                  .arg(m_shell, m_process->errorString());
        keep(words.toUtf8());
        m_outcome = CommandOutcome::FailedToStart;
        finish(-1, QProcess::CrashExit);
    }

    void processFinished(int exitCode, QProcess::ExitStatus status)
    {
        read();
        // Anything the shell left behind in its group (a background job) goes with it.
        killGroup(SIGKILL);
        finish(exitCode, status);
    }

    void finish(int exitCode, QProcess::ExitStatus status)
    {
        if (m_done)
            return;
        m_done = true;
        if (!m_line.isEmpty()) {
            keep(m_redactor.redactLine(m_line, &m_record.redactions));
            m_line.clear();
        }
        m_keeper.finish();
        m_live->stop();
        m_journalTimer->stop();
        if (m_timeout)
            m_timeout->stop();
        flushLive();
        m_record.endUtc = QDateTime::currentDateTimeUtc();
        m_record.durationMs = m_elapsedStart.msecsTo(m_record.endUtc);
        if (m_outcome) {
            m_record.outcome = *m_outcome;
            m_record.exitCode = -1;
        } else if (status == QProcess::CrashExit) {
            m_record.outcome = CommandOutcome::Crashed;
            m_record.exitCode = -1;
        } else {
            m_record.outcome = CommandOutcome::Exited;
            m_record.exitCode = exitCode;
        }
        m_record.truncated = m_keeper.truncated();
        m_record.keptBytes = 0; // the store fills it in with the hash
        updateJournal();
        if (!m_abandoned)
            emit done(m_record, m_keeper.path(), m_jsonPath);
    }

    CommandSpec m_spec;
    Redactor m_redactor;
    QString m_shell;
    QString m_jsonPath;
    OutputKeeper m_keeper;
    CommandRecord m_record;
    QDateTime m_elapsedStart = m_record.startUtc;
    QProcess* m_process = nullptr;
    QTimer* m_live = nullptr;
    QTimer* m_journalTimer = nullptr;
    QTimer* m_timeout = nullptr;
    pid_t m_pgid = 0;
    std::optional<CommandOutcome> m_outcome; // set when golive ended it
    bool m_done = false;
    bool m_abandoned = false;
    bool m_journalRemoved = false;
    QByteArray m_line;
    QByteArray m_pendingLive;
    qint64 m_skipped = 0;
    qint64 m_journaledBytes = -1;
    int m_journaledRedactions = 0;
};

} // namespace

struct CommandRunner::Impl
{
    QThread* thread = nullptr;
    QPointer<CommandWorker> worker;
    bool running = false;
    // The lock on the journal of the last command started: held until the next start or the
    // runner goes, so no other golive takes the journal for left over while this one runs it
    // or records it.
    int lockFd = -1;

    void unlock()
    {
        if (lockFd >= 0)
            ::close(lockFd);
        lockFd = -1;
    }
};

CommandRunner::CommandRunner(QObject* parent) : QObject(parent), d(std::make_unique<Impl>())
{
    qRegisterMetaType<golive::CommandRecord>();
}

CommandRunner::~CommandRunner()
{
    if (d->thread) {
        if (d->running && d->worker)
            QMetaObject::invokeMethod(d->worker.data(), &CommandWorker::abandon,
                                      Qt::BlockingQueuedConnection);
        d->thread->quit();
        d->thread->wait();
        delete d->thread;
    }
    d->unlock();
}

bool CommandRunner::isRunning() const
{
    return d->running;
}

std::shared_ptr<const int> CommandRunner::takeJournalLock()
{
    if (d->lockFd < 0)
        return {};
    const int fd = d->lockFd;
    d->lockFd = -1;
    return std::shared_ptr<const int>(new int(fd), [](const int* held) {
        ::close(*held);
        delete held;
    });
}

bool CommandRunner::start(const CommandSpec& spec, QString* error)
{
    const auto refuse = [error](const QString& words) {
        if (error)
            *error = words;
        return false;
    };
    if (d->running)
        return refuse(QStringLiteral("a command is already running"));
    if (spec.command.trimmed().isEmpty())
        return refuse(QStringLiteral("there is no command to run"));
    const QFileInfo dir(spec.workingDir);
    if (spec.workingDir.isEmpty() || !dir.isDir())
        return refuse(QStringLiteral("the working folder %1 does not exist")
                          .arg(QDir::toNativeSeparators(spec.workingDir)));
    if (spec.maxOutputBytes < 1024)
        return refuse(QStringLiteral("the output cap must be at least 1 KiB"));
    QString patternError;
    std::optional<Redactor> redactor = Redactor::fromPatterns(
        spec.redactionPatterns.isEmpty() ? Redactor::defaultPatterns() : spec.redactionPatterns,
        &patternError);
    if (!redactor)
        return refuse(patternError);
    const QString folder =
        spec.journalFolder.isEmpty() ? CommandJournal::defaultFolder() : spec.journalFolder;
    if (!QDir().mkpath(folder) || !QFile::setPermissions(folder, OwnerOnlyFolder))
        return refuse(QStringLiteral("cannot make the folder for the command's journal: %1")
                          .arg(QDir::toNativeSeparators(folder)));

    // The command as recorded and journaled: what the output's patterns find in its text (a
    // header with a token, a password option) redacted too, and counted. The command run is
    // the one given.
    CommandRecord record;
    {
        Redactor forCommand = *redactor; // a fresh copy: the output's starts outside any key
        record.command =
            QString::fromUtf8(forCommand.redactLines(spec.command.toUtf8(), &record.redactions));
    }
    record.workingDir = dir.absoluteFilePath();
    record.shell = chooseShell(spec.shell);
    record.block = spec.block;
    record.startUtc = QDateTime::currentDateTimeUtc();
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString jsonPath = QDir(folder).filePath(uuid + QStringLiteral(".json"));
    const QString spoolPath = QDir(folder).filePath(uuid + QStringLiteral(".out"));

    // The lock comes before the journal, so a journal is never seen without its lock.
    d->unlock();
    const int lockFd = tryLock(lockPathOf(jsonPath));
    if (lockFd < 0)
        return refuse(QStringLiteral("cannot lock the command's journal %1")
                          .arg(QDir::toNativeSeparators(lockPathOf(jsonPath))));
    auto* worker =
        new CommandWorker(spec, std::move(*redactor), record.shell, jsonPath, spoolPath, record);
    QString journalError;
    if (!worker->openSpool(&journalError) ||
        !writeJson(jsonPath, journalJson(spec, record), &journalError)) {
        delete worker;
        QFile::remove(spoolPath);
        QFile::remove(jsonPath);
        QFile::remove(lockPathOf(jsonPath));
        ::close(lockFd);
        return refuse(journalError);
    }
    d->lockFd = lockFd;

    if (!d->thread) {
        d->thread = new QThread;
        d->thread->setObjectName(QStringLiteral("golive-command"));
        d->thread->start();
    }
    worker->moveToThread(d->thread);
    connect(d->thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &CommandWorker::output, this, &CommandRunner::output);
    connect(worker, &CommandWorker::done, this,
            [this, worker](const CommandRecord& r, const QString& spool, const QString& journal) {
                d->running = false;
                worker->deleteLater();
                emit finished(r, spool, journal);
            });
    d->worker = worker;
    d->running = true;
    QMetaObject::invokeMethod(worker, &CommandWorker::begin, Qt::QueuedConnection);
    return true;
}

void CommandRunner::stop()
{
    if (d->running && d->worker)
        QMetaObject::invokeMethod(d->worker.data(), &CommandWorker::stop, Qt::QueuedConnection);
}

namespace CommandJournal {

QString defaultFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("running"));
}

QList<JournalEntry> leftOver(const QString& folder, const QString& runId, QStringList* problems)
{
    QList<JournalEntry> out;
    const QDir dir(folder);
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QFileInfo& info : files) {
        QFile f(info.absoluteFilePath());
        QJsonParseError parseError{};
        const QJsonDocument doc = f.open(QIODevice::ReadOnly)
                                      ? QJsonDocument::fromJson(f.read(1024 * 1024), &parseError)
                                      : QJsonDocument();
        if (!doc.isObject()) {
            if (problems)
                *problems << QStringLiteral("the command journal %1 cannot be read: %2")
                                 .arg(QDir::toNativeSeparators(info.absoluteFilePath()),
                                      f.error() != QFile::NoError ? f.errorString()
                                                                  : parseError.errorString());
            continue;
        }
        if (doc.object().value(QStringLiteral("run_id")).toString() != runId)
            continue;
        // A journal whose lock another holds is not left over: a golive runs its command or is
        // recording it (or another takes it up as left over right now). Taken, the lock stays
        // with the entry; what the journal says is read again under it.
        const int lockFd = tryLock(lockPathOf(info.absoluteFilePath()));
        if (lockFd < 0)
            continue;
        const std::shared_ptr<const int> lock(new int(lockFd), [](const int* fd) {
            ::close(*fd);
            delete fd;
        });
        QFile again(info.absoluteFilePath());
        if (!again.open(QIODevice::ReadOnly)) {
            // Recorded and removed meanwhile: the lock file made for it goes too.
            QFile::remove(lockPathOf(info.absoluteFilePath()));
            continue;
        }
        const QJsonObject o = QJsonDocument::fromJson(again.read(1024 * 1024)).object();
        if (o.value(QStringLiteral("run_id")).toString() != runId)
            continue;
        JournalEntry e;
        e.lock = lock;
        e.jsonPath = info.absoluteFilePath();
        e.spoolPath = dir.filePath(info.completeBaseName() + QStringLiteral(".out"));
        CommandSpec& s = e.spec;
        s.itemId = o.value(QStringLiteral("item")).toString();
        s.block = o.value(QStringLiteral("block")).toInt();
        s.command = o.value(QStringLiteral("command")).toString();
        s.workingDir = o.value(QStringLiteral("cwd")).toString();
        s.shell = o.value(QStringLiteral("shell")).toString();
        s.timeoutSeconds = o.value(QStringLiteral("timeout_s")).toInt();
        s.maxOutputBytes = qint64(o.value(QStringLiteral("max_output_bytes")).toDouble());
        s.journalFolder = folder;
        s.runId = runId;
        s.runLocation = o.value(QStringLiteral("run_location")).toString();
        s.actor.name = o.value(QStringLiteral("actor_name")).toString();
        s.actor.role =
            roleFromName(o.value(QStringLiteral("actor_role")).toString()).value_or(Role::Observer);
        s.actor.osUser = o.value(QStringLiteral("actor_os_user")).toString();
        s.actor.host = o.value(QStringLiteral("actor_host")).toString();
        s.actor.signingKey = o.value(QStringLiteral("actor_key")).toString();
        CommandRecord& r = e.record;
        r.command = s.command;
        r.workingDir = s.workingDir;
        r.shell = s.shell;
        r.block = s.block;
        r.outcome = CommandOutcome::Interrupted;
        r.exitCode = -1;
        r.startUtc =
            QDateTime::fromString(o.value(QStringLiteral("start")).toString(), Qt::ISODateWithMs);
        r.redactions = o.value(QStringLiteral("redactions")).toInt();
        const QFileInfo spool(e.spoolPath);
        if (s.command.isEmpty() || s.itemId.isEmpty() || !r.startUtc.isValid() || !spool.exists()) {
            if (problems)
                *problems << QStringLiteral("the command journal %1 is incomplete (no command, "
                                            "item, start time or output file)")
                                 .arg(QDir::toNativeSeparators(e.jsonPath));
            continue;
        }
        // What was left beside the spool (the cut note and the newest output) completes it.
        const QString tailPath = OutputKeeper::tailPathOf(e.spoolPath);
        if (QFile tail(tailPath); tail.exists() && tail.open(QIODevice::ReadOnly)) {
            QFile spoolFile(e.spoolPath);
            if (spoolFile.open(QIODevice::Append)) {
                const QByteArray bytes = tail.readAll();
                r.truncated = bytes.contains("[golive: ");
                if (spoolFile.write(bytes) == bytes.size() && spoolFile.flush())
                    QFile::remove(tailPath);
            }
        }
        const QFileInfo spoolNow(e.spoolPath);
        r.endUtc = spoolNow.lastModified().toUTC();
        if (r.endUtc < r.startUtc)
            r.endUtc = r.startUtc;
        r.durationMs = r.startUtc.msecsTo(r.endUtc);
        r.outputBytes = std::max<qint64>(qint64(o.value(QStringLiteral("output_bytes")).toDouble()),
                                         spoolNow.size());
        out.append(e);
    }
    std::sort(out.begin(), out.end(), [](const JournalEntry& a, const JournalEntry& b) {
        return a.record.startUtc < b.record.startUtc;
    });
    return out;
}

bool remove(const QString& jsonPath, QString* error)
{
    const QString base = jsonPath.endsWith(QLatin1String(".json")) ? jsonPath.chopped(5) : jsonPath;
    bool ok = true;
    // The lock file last: whoever holds the lock still holds it until it closes it.
    const QStringList paths{base + QStringLiteral(".out"), base + QStringLiteral(".tail"), jsonPath,
                            base + QStringLiteral(".lock")};
    for (const QString& path : paths) {
        if (QFile::exists(path) && !QFile::remove(path)) {
            ok = false;
            if (error)
                *error = QStringLiteral("cannot remove the command journal %1")
                             .arg(QDir::toNativeSeparators(path));
        }
    }
    return ok;
}

} // namespace CommandJournal

} // namespace golive

#include "CommandRunner.moc"
