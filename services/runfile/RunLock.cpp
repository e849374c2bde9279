// The run's lock: one writer at a time, a dead writer's lock taken over, a live one explained.
#include "runfile/RunLock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

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

namespace golive::runfile {

namespace {

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

} // namespace

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

} // namespace golive::runfile
