// The run file: one SQLite database holding the runbook text and the hash-chained ledger.
#include "RunFile.h"

#include "RunbookParser.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>
#include <QUrl>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <optional>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace golive {

namespace {

Q_LOGGING_CATEGORY(lcLedger, "golive.ledger")

const QString kTimeFormat = QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ");
constexpr int kBusyTimeoutMs = 5000;

// Schema version 1: the runbook it was made from, and the ledger.
const char* const kSchemaV1[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB)",
    "CREATE TABLE events(seq INTEGER PRIMARY KEY, time_utc TEXT NOT NULL, kind TEXT NOT NULL,"
    " item_id TEXT, field_key TEXT, text TEXT, actor TEXT NOT NULL, role TEXT NOT NULL,"
    " os_user TEXT, host TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
};

// Version 2: the database itself refuses to change or drop a written event (a guard against
// accidents and casual edits; the hash chain is what detects deliberate ones).
const char* const kSchemaV2[] = {
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'golive ledger is append-only'); END",
    "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'golive ledger is append-only'); END",
    "CREATE INDEX IF NOT EXISTS events_item_id ON events(item_id)",
};

const QString kContentsChanged = QStringLiteral("its contents were changed after it was written");
const QString kPreviousMissing = QStringLiteral("the event before it is missing or was changed");
const QString kNotAnchored =
    QStringLiteral("it is not chained to this run's id and runbook (the embedded runbook or the "
                   "run id was replaced, or the events were taken from another run)");

QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

std::nullptr_t fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    qCWarning(lcLedger).noquote() << why;
    return nullptr;
}

QString sqlWords(const QSqlError& e)
{
    QString words = e.databaseText().trimmed();
    if (words.isEmpty())
        words = e.text().trimmed();
    return words.isEmpty() ? QStringLiteral("unknown SQLite error") : words;
}

QString damaged(const QString& path, const QString& words)
{
    return QStringLiteral("%1 is damaged: %2. golive did not change it.").arg(shown(path), words);
}

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("golive-run-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

bool execAll(QSqlDatabase& db, const char* const* first, const char* const* last, QString* error)
{
    QSqlQuery q(db);
    for (auto it = first; it != last; ++it) {
        if (!q.exec(QString::fromLatin1(*it))) {
            if (error)
                *error = sqlWords(q.lastError());
            return false;
        }
    }
    return true;
}

bool pragmaInt(QSqlDatabase& db, const QString& name, qint64* value, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA %1").arg(name)) || !q.next()) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    *value = q.value(0).toLongLong();
    return true;
}

// One row of the events table as written, before any judgement. The *Text members are the
// stored strings exactly: the chain is checked over them, never over a normalised reading.
struct Row
{
    SignOffEvent event;
    QString timeText;
    QString kindText;
    QString roleText;
    QString prevText;
    QString hashText;
    bool known = true; // kind and role are names golive writes
};

bool readRows(QSqlDatabase& db, QList<Row>* rows, QString* error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT seq, time_utc, kind, item_id, field_key, text, actor, role,"
                               " os_user, host, prev_hash, hash FROM events ORDER BY seq"))) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    while (q.next()) {
        Row r;
        SignOffEvent& e = r.event;
        e.seq = q.value(0).toLongLong();
        r.timeText = q.value(1).toString();
        e.timeUtc = QDateTime::fromString(r.timeText, Qt::ISODateWithMs).toUTC();
        r.kindText = q.value(2).toString();
        e.itemId = q.value(3).toString();
        e.fieldKey = q.value(4).toString();
        e.text = q.value(5).toString();
        e.actor.name = q.value(6).toString();
        r.roleText = q.value(7).toString();
        e.actor.osUser = q.value(8).toString();
        e.actor.host = q.value(9).toString();
        r.prevText = q.value(10).toString();
        r.hashText = q.value(11).toString();
        e.prevHash = r.prevText.toLatin1();
        e.hash = r.hashText.toLatin1();
        const auto kind = eventKindFromName(r.kindText); // exact names only
        const auto role = roleFromName(r.roleText);
        r.known = kind && role;
        if (kind)
            e.kind = *kind;
        if (role)
            e.actor.role = *role;
        rows->append(r);
    }
    // A read that stops early (a damaged page) reports here, not in exec().
    if (q.lastError().isValid()) {
        if (error)
            *error = sqlWords(q.lastError());
        return false;
    }
    return true;
}

// The hash the row's stored strings compute to: SignOffEvent::canonicalPayload() built from
// the text as stored (time, kind and role included), so golive and golive-audit.py hash the
// same bytes.
QByteArray storedContentHash(const Row& r)
{
    const SignOffEvent& e = r.event;
    QJsonObject o;
    o.insert(QStringLiteral("seq"), e.seq);
    o.insert(QStringLiteral("time"), r.timeText);
    o.insert(QStringLiteral("kind"), r.kindText);
    o.insert(QStringLiteral("item"), e.itemId);
    o.insert(QStringLiteral("field"), e.fieldKey);
    o.insert(QStringLiteral("text"), e.text);
    o.insert(QStringLiteral("actor"), e.actor.name);
    o.insert(QStringLiteral("role"), r.roleText);
    o.insert(QStringLiteral("os_user"), e.actor.osUser);
    o.insert(QStringLiteral("host"), e.actor.host);
    o.insert(QStringLiteral("prev"), r.prevText);
    return QCryptographicHash::hash(QJsonDocument(o).toJson(QJsonDocument::Compact),
                                    QCryptographicHash::Sha256)
        .toHex();
}

// Exactly "yyyy-MM-ddTHH:mm:ss.zzzZ", the only form golive writes.
bool timeInGoliveForm(const Row& r)
{
    return r.event.timeUtc.isValid() && r.event.timeUtc.toString(kTimeFormat) == r.timeText;
}

QString acknowledgementEntry(qint64 seq, const QByteArray& contentHash)
{
    return QString::number(seq) + QLatin1Char(':') + QString::fromLatin1(contentHash);
}

// *acknowledged (optional) receives every entry that an intact acknowledgement names.
ChainVerification verifyRows(const QList<Row>& rows, const QByteArray& genesis,
                             QSet<QString>* acknowledged = nullptr)
{
    ChainVerification v;
    v.head = genesis;
    qint64 expectedSeq = 1;
    QString previous = QString::fromLatin1(genesis);
    struct Acknowledgement
    {
        qint64 seq;
        QSet<QString> entries;
    };
    QList<Acknowledgement> acknowledgements;
    for (const Row& r : rows) {
        const SignOffEvent& e = r.event;
        const QByteArray content = storedContentHash(r);
        QString problem;
        if (!r.known) {
            problem = QStringLiteral("%1 (its kind \"%2\" or role \"%3\" is not one golive writes)")
                          .arg(kContentsChanged, r.kindText, r.roleText);
        } else if (!timeInGoliveForm(r)) {
            problem = QStringLiteral("its time \"%1\" is not in golive's form "
                                     "(yyyy-MM-ddTHH:mm:ss.zzzZ), so it was changed after it "
                                     "was written")
                          .arg(r.timeText);
        } else if (content != r.hashText.toLatin1()) {
            problem = kContentsChanged;
        } else if (e.seq == 1 && expectedSeq == 1 && r.prevText != previous) {
            problem = kNotAnchored;
        } else if (e.seq != expectedSeq || r.prevText != previous) {
            problem = kPreviousMissing;
        }
        if (!problem.isEmpty()) {
            v.breaks.append({e.seq, problem, content, 0});
        } else if (e.kind == EventKind::ChainBreakAcknowledged) {
            // Only an intact acknowledgement counts, and only for breaks before it.
            const QStringList entries = e.fieldKey.split(QLatin1Char(','));
            acknowledgements.append({e.seq, QSet<QString>(entries.cbegin(), entries.cend())});
            if (acknowledged)
                *acknowledged += acknowledgements.constLast().entries;
        }
        expectedSeq = e.seq + 1;
        previous = r.hashText;
    }
    for (ChainBreak& b : v.breaks) {
        const QString entry = acknowledgementEntry(b.seq, b.contentHash);
        const auto ack = std::find_if(
            acknowledgements.cbegin(), acknowledgements.cend(),
            [&](const Acknowledgement& a) { return a.seq > b.seq && a.entries.contains(entry); });
        if (ack != acknowledgements.cend())
            b.acknowledgedBy = ack->seq;
        else
            v.unacknowledged.append(b);
    }
    v.eventCount = rows.size();
    if (!rows.isEmpty())
        v.head = rows.constLast().hashText.toLatin1();
    return v;
}

// Whether the run went backwards since this computer last saw it: fewer events than then, or
// another event where the head seen was (an older copy put back and written to since), or, for
// a run seen with no events, another runbook or run id. Returns the break to report, or
// nullopt when the file holds what was seen (or more).
std::optional<ChainBreak> wentBackFrom(const SeenHead& seen, const QList<Row>& rows,
                                       const QByteArray& genesis)
{
    QString now;
    if (seen.eventCount == 0) {
        if (seen.head == genesis)
            return std::nullopt;
        now = QStringLiteral("its runbook or run id is not the one seen then (the embedded "
                             "runbook was swapped, or another run was put in its place)");
    } else if (rows.size() < seen.eventCount) {
        now = QStringLiteral("the file holds only %1 now: its newest events were lost (a damaged "
                             "or deleted write-ahead log, -wal) or an older copy of the file was "
                             "put in its place")
                  .arg(rows.size());
    } else {
        // By hash, not by position: seq and count differ once a row is missing.
        const bool kept = std::any_of(rows.cbegin(), rows.cend(), [&](const Row& r) {
            return r.hashText.toLatin1() == seen.head;
        });
        if (kept)
            return std::nullopt;
        now = QStringLiteral("no event in the file has that head: an older copy of the file was "
                             "put in its place and written to since, or the file was altered");
    }
    ChainBreak b;
    b.seq = seen.eventCount;
    b.contentHash = seen.head;
    b.wentBack = true;
    b.problem =
        QStringLiteral("the run went backwards: this computer saw it with %1 event%2, "
                       "head %3, at %4 UTC%5; %6")
            .arg(seen.eventCount)
            .arg(seen.eventCount == 1 ? QString() : QStringLiteral("s"))
            .arg(QString::fromLatin1(seen.head),
                 seen.seenUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                 seen.path.isEmpty() ? QString() : QStringLiteral(" (in %1)").arg(shown(seen.path)),
                 now);
    return b;
}

// Reads this computer's record of the run; a record that cannot be read is a warning only.
// Read BEFORE the rows: every record is written after its events were committed, so rows read
// afterwards hold at least what the record says unless the run really went backwards.
std::optional<SeenHead> readSeen(const QString& runId, QString* warning)
{
    QString words;
    std::optional<SeenHead> seen = HeadRecord::read(runId, &words);
    if (!words.isEmpty()) {
        qCWarning(lcLedger).noquote() << words;
        *warning = words;
    }
    return seen;
}

// Adds the break of a run that went backwards since `seen` (unless an intact acknowledgement
// already names it), or else moves this computer's record forward to what the file holds.
void compareWithSeen(const QString& runId, const QString& path, const std::optional<SeenHead>& seen,
                     const QList<Row>& rows, const QSet<QString>& acknowledged,
                     const QByteArray& genesis, ChainVerification* v, QString* warning)
{
    bool rebase = false;
    if (seen) {
        if (const std::optional<ChainBreak> b = wentBackFrom(*seen, rows, genesis)) {
            if (!acknowledged.contains(acknowledgementEntry(b->seq, b->contentHash))) {
                qCWarning(lcLedger).noquote() << shown(path) << b->problem;
                v->breaks.append(*b);
                v->unacknowledged.append(*b);
                return; // the record keeps the newer head it saw
            }
            rebase = true; // acknowledged in the ledger: the record follows the file again
        }
    }
    const SeenHead now{v->head, v->eventCount, QDateTime::currentDateTimeUtc(),
                       QFileInfo(path).absoluteFilePath()};
    QString words;
    if (!HeadRecord::write(runId, now, rebase, &words)) {
        qCWarning(lcLedger).noquote() << words;
        *warning = words;
    }
}

QVariant textOrNull(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

// Whether this user can write the file and create the -wal, -shm and .lock files beside it.
// Asked of the system (access(2): it also knows a read-only mount), never by opening the file:
// closing any descriptor of a database drops every POSIX lock this process holds on it, which
// another golive's SQLite would then take for a file nobody reads.
bool canWrite(const QString& path)
{
    const QFileInfo fi(path);
    if (!fi.isWritable() || !QFileInfo(fi.absolutePath()).isWritable())
        return false;
#ifdef Q_OS_UNIX
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
#else
    return true;
#endif
}

// A lock file that cannot be read, or names no process, is given this long to be finished by
// the golive creating it (QLockFile creates it empty, then locks and fills it at once) before
// it counts as left behind.
constexpr qint64 kUnfinishedLockGraceMs = 1000;

#ifdef Q_OS_UNIX
// Whether a process on this computer holds the lock file: QLockFile keeps an flock() on it for
// as long as it is locked, and the system drops that flock when the process dies, however it
// dies. nullopt when the file cannot be opened to ask.
std::optional<bool> lockFileHeld(const QString& lockPath, int* openErrno)
{
    const int fd = ::open(QFile::encodeName(lockPath).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *openErrno = errno;
        if (errno == ENOENT)
            return false;
        return std::nullopt;
    }
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    ::close(fd); // also releases the flock just taken
    return held;
}

// Removes a lock file that names no process and that no process holds, as QLockFile removes a
// dead owner's: one remover at a time (the .rmlock), and only the very file judged (same inode,
// still unheld, still unreadable, still old), never a lock another golive has just made.
bool removeUnfinishedLock(const QString& lockPath)
{
    QLockFile remover(lockPath + QStringLiteral(".rmlock"));
    if (!remover.tryLock(0))
        return false;
    const QByteArray name = QFile::encodeName(lockPath);
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    bool removed = false;
    struct stat held = {};
    struct stat named = {};
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &held) == 0 &&
        ::stat(name.constData(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
        qint64 pid = 0;
        QString host;
        QString app;
        QLockFile probe(lockPath);
        const bool namesSomeone = probe.getLockInfo(&pid, &host, &app);
        const qint64 ageMs =
            QFileInfo(lockPath).lastModified().msecsTo(QDateTime::currentDateTime());
        if (!namesSomeone && ageMs >= kUnfinishedLockGraceMs)
            removed = ::unlink(name.constData()) == 0;
    }
    ::close(fd);
    return removed;
}
#endif

// The outcome of trying to become the one writer of a run.
struct LockAttempt
{
    enum Result
    {
        Locked,
        Held,        // by a golive that is alive (or on another computer)
        Unjudgeable, // the lock file cannot be read, so nobody can tell from here
        NoRight      // the lock cannot be created: the folder is not writable
    };
    Result result = Locked;
    qint64 pid = 0; // 0: the lock names no process
    QString host;
    QString unreadable; // why the lock file cannot be read (Unjudgeable)

    bool foreign() const { return !host.isEmpty() && host != QSysInfo::machineHostName(); }

    // "<run> is open in another golive (pid 42 on host)", for every case.
    QString holderWords(const QString& path) const
    {
        if (result == Unjudgeable)
            return QStringLiteral("%1 may be open in another golive: its lock %2 cannot be read "
                                  "(%3)")
                .arg(shown(path), shown(path + QStringLiteral(".lock")), unreadable);
        if (pid <= 0)
            return QStringLiteral("%1 is open in another golive on this computer (its lock %2 "
                                  "names no process)")
                .arg(shown(path), shown(path + QStringLiteral(".lock")));
        return QStringLiteral("%1 is open in another golive (pid %2 on %3)")
            .arg(shown(path))
            .arg(pid)
            .arg(host.isEmpty() ? QStringLiteral("this computer") : host);
    }

    // What to do when the holder is gone but its lock cannot be judged stale from here.
    QString wayOut(const QString& lockPath) const
    {
        if (result == Held && foreign())
            return QStringLiteral(" If golive is no longer running on %1, the lock was left "
                                  "behind: after checking that, delete %2 and try again.")
                .arg(host, shown(lockPath));
        if (result == Unjudgeable || pid <= 0)
            return QStringLiteral(" If no golive has this run open (check every computer that "
                                  "opens it), the lock was left behind: delete %1 and try "
                                  "again.")
                .arg(shown(lockPath));
        return {};
    }
};

// Takes the run's lock, waiting up to waitMs for its holder. A lock whose owner died is taken
// over at once: QLockFile itself removes one naming a dead process on this computer, and one
// that names no process (a golive killed between creating and filling it) is removed here once
// no process holds it and it is older than kUnfinishedLockGraceMs.
LockAttempt takeLock(QLockFile& lock, const QString& lockPath, int waitMs)
{
    QElapsedTimer waited;
    waited.start();
    LockAttempt attempt;
    for (int round = 0;; ++round) {
        if (lock.tryLock(0))
            return {};
        if (lock.error() != QLockFile::LockFailedError) {
            attempt.result = LockAttempt::NoRight;
            return attempt;
        }
        attempt = {};
        attempt.result = LockAttempt::Held;
        QString app;
        const bool named = lock.getLockInfo(&attempt.pid, &attempt.host, &app);
        if (!named) {
            attempt.pid = 0;
            attempt.host.clear();
#ifdef Q_OS_UNIX
            int openErrno = 0;
            const std::optional<bool> held = lockFileHeld(lockPath, &openErrno);
            if (!held) {
                attempt.result = LockAttempt::Unjudgeable;
                attempt.unreadable = QString::fromLocal8Bit(::strerror(openErrno));
            } else if (!*held && removeUnfinishedLock(lockPath)) {
                qCWarning(lcLedger).noquote()
                    << "removed" << shown(lockPath)
                    << ": it named no process and no process held it (left by a golive that "
                       "was killed while taking it)";
                continue;
            }
#endif
        }
        const qint64 left = waitMs - waited.elapsed();
        if (left <= 0)
            return attempt;
        // Short, slightly uneven steps: several writers waiting for one lock take turns
        // quickly instead of all waking at once.
        const int step = 15 + int((QCoreApplication::applicationPid() + round * 7) % 20);
        QThread::msleep(ulong(std::min<qint64>(step, left)));
    }
}

} // namespace

QString ChainVerification::summary() const
{
    if (breaks.isEmpty()) {
        return QStringLiteral("ledger intact: %1 event%2, head %3\u2026")
            .arg(eventCount)
            .arg(eventCount == 1 ? QString() : QStringLiteral("s"))
            .arg(QString::fromLatin1(head.left(12)));
    }
    const ChainBreak& first = breaks.constFirst();
    QString s =
        first.wentBack
            ? QStringLiteral("ledger not intact: %1").arg(first.problem)
            : QStringLiteral("ledger broken at event #%1: %2").arg(first.seq).arg(first.problem);
    if (breaks.size() > 1)
        s += QStringLiteral(" (and %1 more)").arg(breaks.size() - 1);
    if (unacknowledged.isEmpty())
        s += QStringLiteral(" [acknowledged]");
    return s;
}

QString ChainVerification::acknowledgementKey() const
{
    QList<ChainBreak> sorted = unacknowledged;
    std::sort(sorted.begin(), sorted.end(),
              [](const ChainBreak& a, const ChainBreak& b) { return a.seq < b.seq; });
    QStringList entries;
    for (const ChainBreak& b : std::as_const(sorted))
        entries.append(acknowledgementEntry(b.seq, b.contentHash));
    return entries.join(QLatin1Char(','));
}

RunFile::~RunFile()
{
    if (m_recordPending)
        recordHead(false);
    // Statements first: a connection cannot close while they hold it.
    m_insert.reset();
    m_begin.reset();
    m_commit.reset();
    if (!m_connection.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (db.isOpen())
                db.close(); // the last writer checkpoints the WAL into the file here
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    // Unlock only after the close so the next opener sees a finished file.
    if (m_lock)
        m_lock->unlock();
}

QByteArray RunFile::headHash() const
{
    return m_verification.head;
}

QByteArray RunFile::genesisHash() const
{
    return SignOffEvent::genesisFor(m_runId, m_runbookSha256);
}

std::unique_ptr<RunFile> RunFile::create(const QString& path, const QByteArray& runbookText,
                                         const QString& runbookName, QString* error)
{
    if (QFileInfo::exists(path))
        return fail(error, QStringLiteral("%1 already exists; golive never overwrites a run. "
                                          "Choose another file name.")
                               .arg(shown(path)));
    const RunbookParseResult parsed = RunbookParser::parse(runbookText, runbookName);
    if (!parsed.ok()) {
        QStringList lines;
        for (const Diagnostic& d : parsed.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error)
                lines.append(d.toString());
        }
        return fail(error, QStringLiteral("the runbook %1 has errors, so no run was created; fix "
                                          "them and try again:\n%2")
                               .arg(runbookName, lines.join(QLatin1Char('\n'))));
    }

    // NewOnly creates the file atomically, so two golives cannot both create the same run;
    // SQLite treats the empty file as an empty database.
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return fail(
                error, QStringLiteral("could not create %1: %2").arg(shown(path), f.errorString()));
    }

    const QString connection = newConnectionName();
    QString words;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        ok = db.open();
        if (!ok)
            words = sqlWords(db.lastError());
        QSqlQuery q(db);
        const auto run = [&](const QString& sql) {
            if (ok && !q.exec(sql)) {
                ok = false;
                words = sqlWords(q.lastError());
            }
        };
        run(QStringLiteral("PRAGMA journal_mode=WAL"));
        run(QStringLiteral("PRAGMA synchronous=FULL"));
        run(QStringLiteral("BEGIN IMMEDIATE"));
        run(QStringLiteral("PRAGMA application_id=%1").arg(ApplicationId));
        if (ok && !execAll(db, std::begin(kSchemaV1), std::end(kSchemaV1), &words))
            ok = false;
        if (ok && !execAll(db, std::begin(kSchemaV2), std::end(kSchemaV2), &words))
            ok = false;
#ifdef GOLIVE_VERSION
        const QString appVersion = QStringLiteral(GOLIVE_VERSION);
#else
        const QString appVersion = QCoreApplication::applicationVersion();
#endif
        const QList<std::pair<QString, QVariant>> meta{
            {QStringLiteral("run_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("runbook_name"), runbookName},
            {QStringLiteral("runbook_text"), runbookText}, // a BLOB: the exact bytes
            {QStringLiteral("runbook_sha256"),
             QString::fromLatin1(
                 QCryptographicHash::hash(runbookText, QCryptographicHash::Sha256).toHex())},
            {QStringLiteral("created_utc"), QDateTime::currentDateTimeUtc().toString(kTimeFormat)},
            {QStringLiteral("app_version"), appVersion},
        };
        if (ok && !q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?)"))) {
            ok = false;
            words = sqlWords(q.lastError());
        }
        for (const auto& [key, value] : meta) {
            if (!ok)
                break;
            q.bindValue(0, key);
            q.bindValue(1, value);
            if (!q.exec()) {
                ok = false;
                words = sqlWords(q.lastError());
            }
        }
        run(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion));
        run(QStringLiteral("COMMIT"));
        q.finish();
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok) {
        // Nothing of a half-made run is left for someone to open by mistake.
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                                      QStringLiteral("-journal")})
            QFile::remove(path + suffix);
        return fail(error, QStringLiteral("could not create %1: %2. Nothing was left behind.")
                               .arg(shown(path), words));
    }
    qCInfo(lcLedger).noquote() << "created run" << shown(path) << "from" << runbookName;
    return open(path, Access::ReadWrite, error);
}

std::unique_ptr<RunFile> RunFile::open(const QString& path, Access access, QString* error,
                                       QString* warning, int lockWaitMs)
{
    if (warning)
        warning->clear();
    // Every check below only reads: whatever is wrong, the file is left exactly as it was.
    const QFileInfo fi(path);
    if (!fi.exists())
        return fail(error, QStringLiteral("no run file at %1").arg(shown(path)));
    if (fi.isDir())
        return fail(error,
                    QStringLiteral("%1 is a folder, not a golive run file").arg(shown(path)));
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(error, QStringLiteral("%1 cannot be read: %2. golive did not change it.")
                                   .arg(shown(path), f.errorString()));
        const QByteArray header = f.read(100);
        static const QByteArray magic("SQLite format 3\0", 16);
        if (!header.startsWith(magic))
            return fail(error, QStringLiteral("%1 is not a golive run file (not an SQLite "
                                              "database%2)")
                                   .arg(shown(path), header.isEmpty() ? QStringLiteral(": it is "
                                                                                       "empty")
                                                                      : QString()));
        if (header.size() < 100)
            return fail(error, damaged(path, QStringLiteral("the file is shorter than an "
                                                            "SQLite header")));
    }

    std::unique_ptr<RunFile> run(new RunFile);
    run->m_path = path;
    // The file itself, whatever name it was opened by (a symlink, ./, ..): the lock and the
    // write-ahead log belong to it, so two names of one run can never hold two locks.
    const QString real =
        fi.canonicalFilePath().isEmpty() ? fi.absoluteFilePath() : fi.canonicalFilePath();
    run->m_readOnly = access == Access::ReadOnly;
    if (!run->m_readOnly && !canWrite(path)) {
        run->m_readOnly = true;
        if (warning)
            *warning = QStringLiteral("%1 is read-only: showing it, sign-offs are disabled")
                           .arg(shown(path));
    }
#ifdef Q_OS_UNIX
    // A hard link is a second name no path can reveal: it would get a lock and a write-ahead
    // log of its own, and two writers would fork the ledger. Such a run is only read.
    struct stat st
    {};
    if (!run->m_readOnly && ::stat(QFile::encodeName(real).constData(), &st) == 0 &&
        st.st_nlink > 1) {
        run->m_readOnly = true;
        if (warning)
            *warning = QStringLiteral("%1 has %2 names (hard links): showing it read-only, "
                                      "sign-offs are disabled, since each name would get a lock "
                                      "of its own. Keep one name (remove the other links) and "
                                      "open it again.")
                           .arg(shown(path))
                           .arg(st.st_nlink);
    }
#endif
    if (!run->m_readOnly) {
        // The lock comes before any look inside: a writer checks the file's integrity and
        // reads its head only while no other writer can change them.
        const QString lockPath = real + QStringLiteral(".lock");
        run->m_lock = std::make_unique<QLockFile>(lockPath);
        // Only a dead owner makes a lock stale: a sign-off session may last all night.
        run->m_lock->setStaleLockTime(0);
        const LockAttempt attempt = takeLock(*run->m_lock, lockPath, std::max(0, lockWaitMs));
        if (attempt.result == LockAttempt::NoRight) {
            // No right to create the lock beside it: the folder is read-only for this user.
            run->m_lock.reset();
            run->m_readOnly = true;
            if (warning)
                *warning = QStringLiteral("%1 is read-only: showing it, sign-offs are disabled")
                               .arg(shown(path));
        } else if (attempt.result != LockAttempt::Locked) {
            run->m_lock.reset();
            const QString holder = attempt.holderWords(path);
            if (access == Access::PreferReadWrite) {
                run->m_readOnly = true;
                if (warning)
                    *warning = QStringLiteral("%1: showing it read-only; sign-offs are disabled "
                                              "until it is closed there.%2")
                                   .arg(holder, attempt.wayOut(lockPath));
            } else {
                QString why = holder;
                if (lockWaitMs > 0)
                    why += QStringLiteral("; waited %1 s for it to close")
                               .arg(QString::number(lockWaitMs / 1000.0, 'g', 3));
                why += QStringLiteral(". Close it there and try again.");
                why += attempt.wayOut(lockPath);
                return fail(error, why);
            }
        }
    }

    run->m_connection = newConnectionName();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), run->m_connection);
    db.setDatabaseName(real);
    // Read-only first: a damaged or foreign file must not be touched, not even checkpointed.
    // A read-only connection still reads committed pages from a -wal left by a killed writer.
    db.setConnectOptions(
        QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open())
        return fail(error, damaged(path, sqlWords(db.lastError())));
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA quick_check")))
            return fail(error, damaged(path, sqlWords(q.lastError())));
        QStringList problems;
        while (q.next()) {
            const QString line = q.value(0).toString();
            if (line != QLatin1String("ok") && problems.size() < 3)
                problems.append(line);
        }
        if (q.lastError().isValid())
            return fail(error, damaged(path, sqlWords(q.lastError())));
        if (!problems.isEmpty())
            return fail(error, damaged(path, problems.join(QStringLiteral("; "))));
    }
    qint64 appId = 0;
    qint64 version = 0;
    QString words;
    if (!pragmaInt(db, QStringLiteral("application_id"), &appId, &words) ||
        !pragmaInt(db, QStringLiteral("user_version"), &version, &words))
        return fail(error, damaged(path, words));
    if (appId != ApplicationId)
        return fail(error, QStringLiteral("%1 is not a golive run (it is an SQLite database of "
                                          "another program). golive did not change it.")
                               .arg(shown(path)));
    if (version > SchemaVersion)
        return fail(error, QStringLiteral("%1 was written by a newer golive (run file schema %2; "
                                          "this golive reads up to %3). It was not changed.")
                               .arg(shown(path))
                               .arg(version)
                               .arg(SchemaVersion));
    if (version < 1)
        return fail(error, damaged(path, QStringLiteral("it has no run file schema version")));

    // Loaded through the read-only connection, under the lock, so nothing is written until
    // the whole file has been read and judged.
    if (!run->load(error))
        return nullptr;

    if (!run->m_readOnly) {
        // An upgrade's copy is made first, still through the read-only connection: until it
        // exists, nothing (not a pragma) has written to the file.
        QString backup;
        if (version < SchemaVersion && !run->backUp(int(version), &backup, error))
            return nullptr;
        db.close();
        // mode=rw: never create a database if the file vanished in between.
        db.setDatabaseName(QUrl::fromLocalFile(real).toString(QUrl::FullyEncoded) +
                           QStringLiteral("?mode=rw"));
        db.setConnectOptions(
            QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        if (!db.open())
            return fail(error, QStringLiteral("could not open %1 for writing: %2. It was not "
                                              "changed.")
                                   .arg(shown(path), sqlWords(db.lastError())));
        QSqlQuery q(db);
        // Connection settings only: they write nothing to the file.
        for (const QString& pragma : {QStringLiteral("PRAGMA synchronous=FULL"),
                                      QStringLiteral("PRAGMA foreign_keys=ON")}) {
            if (!q.exec(pragma))
                return fail(error, QStringLiteral("could not prepare %1 for writing: %2. It was "
                                                  "not changed.")
                                       .arg(shown(path), sqlWords(q.lastError())));
        }
        q.finish();
        if (version < SchemaVersion && !run->migrate(int(version), backup, error))
            return nullptr;
        // Persistent (it is recorded in the file), so only once the file is a current run.
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next() ||
            q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            return fail(error, QStringLiteral("could not switch %1 to write-ahead logging: %2")
                                   .arg(shown(path), sqlWords(q.lastError())));
        q.finish();
        if (!run->prepareWriting(error))
            return nullptr;
    }
    qCInfo(lcLedger).noquote() << "opened" << shown(path)
                               << (run->m_readOnly ? "read-only" : "read-write") << "-"
                               << run->m_verification.summary();
    return run;
}

bool RunFile::backUp(int fromVersion, QString* backup, QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    // A consistent copy (VACUUM INTO reads what is still in the WAL too), made through the
    // read-only connection, so an upgrade can always be undone by hand.
    *backup = m_path + QStringLiteral(".bak-v%1").arg(fromVersion);
    if (QFileInfo::exists(*backup))
        *backup += QDateTime::currentDateTimeUtc().toString(QStringLiteral("-yyyyMMddTHHmmss"));
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("VACUUM INTO ?")) || (q.bindValue(0, *backup), !q.exec())) {
        fail(error, QStringLiteral("could not back up %1 to %2 before upgrading it: %3. It was "
                                   "not changed.")
                        .arg(shown(m_path), shown(*backup), sqlWords(q.lastError())));
        return false;
    }
    return true;
}

bool RunFile::migrate(int fromVersion, const QString& backup, QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    QString words;
    bool ok = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!ok)
        words = sqlWords(q.lastError());
    if (ok && fromVersion < 2)
        ok = execAll(db, std::begin(kSchemaV2), std::end(kSchemaV2), &words);
    if (ok && !q.exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion))) {
        ok = false;
        words = sqlWords(q.lastError());
    }
    if (ok && !q.exec(QStringLiteral("COMMIT"))) {
        ok = false;
        words = sqlWords(q.lastError());
    }
    if (!ok) {
        // Nothing was committed, and nothing before the transaction wrote to the file.
        q.exec(QStringLiteral("ROLLBACK"));
        fail(error, QStringLiteral("could not upgrade %1 from run file schema %2 to %3: %4. It "
                                   "was not changed; a copy is at %5.")
                        .arg(shown(m_path))
                        .arg(fromVersion)
                        .arg(SchemaVersion)
                        .arg(words, shown(backup)));
        return false;
    }
    qCInfo(lcLedger).noquote() << "upgraded" << shown(m_path) << "from schema" << fromVersion
                               << "to" << SchemaVersion << "; copy of the old file at"
                               << shown(backup);
    return true;
}

bool RunFile::prepareWriting(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    m_insert = std::make_unique<QSqlQuery>(db);
    m_begin = std::make_unique<QSqlQuery>(db);
    m_commit = std::make_unique<QSqlQuery>(db);
    if (!m_insert->prepare(QStringLiteral(
            "INSERT INTO events(seq, time_utc, kind, item_id, field_key, text, actor, role,"
            " os_user, host, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) ||
        !m_begin->prepare(QStringLiteral("BEGIN IMMEDIATE")) ||
        !m_commit->prepare(QStringLiteral("COMMIT"))) {
        fail(error, QStringLiteral("could not prepare %1 for writing: %2")
                        .arg(shown(m_path), sqlWords(db.lastError())));
        return false;
    }
    return true;
}

bool RunFile::load(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QHash<QString, QVariant> meta;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT key, value FROM meta"))) {
            fail(error, damaged(m_path, sqlWords(q.lastError())));
            return false;
        }
        while (q.next())
            meta.insert(q.value(0).toString(), q.value(1));
        if (q.lastError().isValid()) {
            fail(error, damaged(m_path, sqlWords(q.lastError())));
            return false;
        }
    }
    for (const char* key : {"run_id", "runbook_text", "runbook_sha256"}) {
        if (!meta.contains(QLatin1String(key))) {
            fail(error,
                 damaged(m_path, QStringLiteral("its %1 is missing").arg(QLatin1String(key))));
            return false;
        }
    }
    m_runId = meta.value(QStringLiteral("run_id")).toString();
    m_runbookName = meta.value(QStringLiteral("runbook_name")).toString();
    m_runbookText = meta.value(QStringLiteral("runbook_text")).toByteArray();
    m_runbookSha256 = meta.value(QStringLiteral("runbook_sha256")).toString();
    m_created = QDateTime::fromString(meta.value(QStringLiteral("created_utc")).toString(),
                                      Qt::ISODateWithMs)
                    .toUTC();
    const QString actualSha = QString::fromLatin1(
        QCryptographicHash::hash(m_runbookText, QCryptographicHash::Sha256).toHex());
    // Exactly as golive writes it (lower-case hex), as golive-audit.py checks it.
    if (actualSha != m_runbookSha256) {
        fail(error, QStringLiteral("%1: the runbook stored in it does not match its recorded "
                                   "SHA-256 (the embedded runbook was changed after the run "
                                   "was created). golive did not change it.")
                        .arg(shown(m_path)));
        return false;
    }
    RunbookParseResult parsed = RunbookParser::parse(m_runbookText, m_runbookName);
    if (!parsed.ok()) {
        QStringList lines;
        for (const Diagnostic& d : std::as_const(parsed.diagnostics)) {
            if (d.severity == Diagnostic::Severity::Error)
                lines.append(d.toString());
        }
        fail(error, QStringLiteral("the runbook stored in %1 does not read in this golive:\n%2\n"
                                   "golive did not change the file.")
                        .arg(shown(m_path), lines.join(QLatin1Char('\n'))));
        return false;
    }
    m_runbook = std::move(parsed.runbook);
    m_state.reset(&m_runbook);

    m_headRecordWarning.clear();
    const std::optional<SeenHead> seen = readSeen(m_runId, &m_headRecordWarning);
    QList<Row> rows;
    QString words;
    if (!readRows(db, &rows, &words)) {
        fail(error, damaged(m_path, words));
        return false;
    }
    // The record is what it is: every readable event is folded in, broken ones too; the
    // verification says what cannot be trusted.
    for (const Row& r : std::as_const(rows)) {
        if (r.known)
            m_state.apply(r.event);
    }
    QSet<QString> acknowledged;
    m_verification = verifyRows(rows, genesisHash(), &acknowledged);
    compareWithSeen(m_runId, m_path, seen, rows, acknowledged, genesisHash(), &m_verification,
                    &m_headRecordWarning);
    m_lastSeq = rows.isEmpty() ? 0 : rows.constLast().event.seq;
    if (!m_verification.intact())
        qCWarning(lcLedger).noquote() << shown(m_path) << m_verification.summary();
    return true;
}

ChainVerification RunFile::verify() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    m_headRecordWarning.clear();
    const std::optional<SeenHead> seen = readSeen(m_runId, &m_headRecordWarning);
    QList<Row> rows;
    QString words;
    if (!readRows(db, &rows, &words)) {
        ChainVerification v;
        ChainBreak b;
        b.seq = m_lastSeq;
        b.problem = QStringLiteral("the ledger could not be read: %1").arg(words);
        v.breaks.append(b);
        v.head = m_verification.head;
        v.unacknowledged = v.breaks;
        return v;
    }
    QSet<QString> acknowledged;
    ChainVerification v = verifyRows(rows, genesisHash(), &acknowledged);
    compareWithSeen(m_runId, m_path, seen, rows, acknowledged, genesisHash(), &v,
                    &m_headRecordWarning);
    return v;
}

bool RunFile::append(SignOffEvent& event, QString* error)
{
    if (m_readOnly) {
        fail(error, QStringLiteral("%1 is open read-only: sign-offs are disabled. Nothing was "
                                   "recorded.")
                        .arg(shown(m_path)));
        return false;
    }
    if (!m_verification.unacknowledged.isEmpty() &&
        event.kind != EventKind::ChainBreakAcknowledged) {
        const ChainBreak& b = m_verification.unacknowledged.constFirst();
        const QString what = b.wentBack
                                 ? QStringLiteral("the ledger is not intact (%1)").arg(b.problem)
                                 : QStringLiteral("the ledger is broken at event #%1 (%2)")
                                       .arg(b.seq)
                                       .arg(b.problem);
        fail(error, QStringLiteral("%1; acknowledge it first (in the window: Run > Acknowledge "
                                   "ledger break\u2026). Nothing was recorded.")
                        .arg(what));
        return false;
    }
    if (!m_state.validate(event, error))
        return false;
    if (event.kind == EventKind::ChainBreakAcknowledged) {
        // An acknowledgement accepts exactly the breaks it names, and must name every one
        // there is now: nothing more (a later break is not covered) and nothing stale.
        const QString expected = m_verification.acknowledgementKey();
        if (expected.isEmpty()) {
            fail(error, QStringLiteral("the ledger of %1 has no unacknowledged break, so there "
                                       "is nothing to acknowledge. Nothing was recorded.")
                            .arg(shown(m_path)));
            return false;
        }
        if (event.fieldKey != expected) {
            fail(error, QStringLiteral("this acknowledgement names the breaks \"%1\", but the "
                                       "unacknowledged breaks are \"%2\" now; review them again. "
                                       "Nothing was recorded.")
                            .arg(event.fieldKey, expected));
            return false;
        }
    }

    SignOffEvent e = event;
    e.timeUtc = e.timeUtc.isValid() ? e.timeUtc.toUTC() : QDateTime::currentDateTimeUtc();
    e.seq = m_lastSeq + 1;
    e.prevHash = m_verification.head;
    e.hash = e.computeHash();

    QSqlQuery& q = *m_insert;
    q.bindValue(0, e.seq);
    q.bindValue(1, e.timeUtc.toString(kTimeFormat));
    q.bindValue(2, eventKindName(e.kind));
    q.bindValue(3, textOrNull(e.itemId));
    q.bindValue(4, textOrNull(e.fieldKey));
    q.bindValue(5, e.text);
    q.bindValue(6, e.actor.name);
    q.bindValue(7, roleName(e.actor.role));
    q.bindValue(8, e.actor.osUser);
    q.bindValue(9, e.actor.host);
    q.bindValue(10, QString::fromLatin1(e.prevHash));
    q.bindValue(11, QString::fromLatin1(e.hash));

    QString words;
    if (!m_begin->exec())
        words = sqlWords(m_begin->lastError());
    else if (!q.exec())
        words = sqlWords(q.lastError());
    else if (!m_commit->exec())
        words = sqlWords(m_commit->lastError());
    if (!words.isEmpty()) {
        QSqlQuery rollback(QSqlDatabase::database(m_connection, false));
        rollback.exec(QStringLiteral("ROLLBACK"));
        fail(error, QStringLiteral("could not save to %1: %2. Nothing was recorded; the run file "
                                   "holds what it held before.")
                        .arg(shown(m_path), words));
        return false;
    }

    // Only now, with the commit on disk, does the run move.
    m_state.apply(e);
    m_lastSeq = e.seq;
    m_verification.eventCount += 1;
    m_verification.head = e.hash;
    bool rebase = false;
    if (e.kind == EventKind::ChainBreakAcknowledged) {
        // It names exactly the unacknowledged breaks (checked above), all before it.
        for (ChainBreak& b : m_verification.breaks) {
            if (b.acknowledgedBy == 0)
                b.acknowledgedBy = e.seq;
        }
        // A run that went backwards, once acknowledged, is what this computer follows from now
        // on; the acknowledgement keeps which head and count were seen before.
        rebase = std::any_of(m_verification.unacknowledged.cbegin(),
                             m_verification.unacknowledged.cend(),
                             [](const ChainBreak& b) { return b.wentBack; });
        m_verification.unacknowledged.clear();
    }
    event = e;
    // After the commit, and whatever it says: the event is recorded either way. At most once a
    // second while sign-offs come fast (a record costs a file written and renamed, more than the
    // commit itself); the last one is written when the run is closed, and a crash loses at most
    // that second of this computer's record, never an event.
    if (rebase || !m_recorded.isValid() || m_recorded.hasExpired(kRecordIntervalMs))
        recordHead(rebase);
    else
        m_recordPending = true;
    return true;
}

void RunFile::recordHead(bool rebase)
{
    m_recorded.start();
    m_recordPending = false;
    const SeenHead now{m_verification.head, m_verification.eventCount,
                       QDateTime::currentDateTimeUtc(), QFileInfo(m_path).absoluteFilePath()};
    QString words;
    if (HeadRecord::write(m_runId, now, rebase, &words)) {
        m_headRecordWarning.clear();
    } else {
        qCWarning(lcLedger).noquote() << words;
        m_headRecordWarning = words;
    }
}

bool RunFile::checkpoint(QString* error)
{
    if (m_readOnly)
        return true;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
        if (error)
            *error = sqlWords(q.lastError());
        qCWarning(lcLedger).noquote()
            << "checkpoint of" << shown(m_path) << "failed:" << sqlWords(q.lastError());
        return false;
    }
    return true;
}

QString RunFile::pragma(const QString& name) const
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_]+$"));
    if (!plain.match(name).hasMatch())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next())
        return {};
    return q.value(0).toString();
}

} // namespace golive
