// The run's lock: one writer at a time, a dead writer's lock taken over, a live one explained.
#pragma once

#include "runfile/RunFileCommon.h"

#include <QLockFile>
#include <QString>
#include <QSysInfo>

namespace golive::runfile {

// Whether this user can write the file and create the -wal, -shm and .lock files beside it.
// Asked of the system (access(2): it also knows a read-only mount), never by opening the file:
// closing any descriptor of a database drops every POSIX lock this process holds on it, which
// another golive's SQLite would then take for a file nobody reads.
bool canWrite(const QString& path);

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
LockAttempt takeLock(QLockFile& lock, const QString& lockPath, int waitMs);

} // namespace golive::runfile
