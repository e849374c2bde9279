#include "ExportTarget.h"

#include "RunFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtEndian>

#include <array>
#include <cerrno>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace golive {

namespace {

QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString nothingWritten()
{
    return QStringLiteral("nothing was written; the run is unchanged");
}

// The files SQLite and golive keep beside a run.
struct Companion
{
    const char* suffix;
    const char* what;
};
constexpr std::array<Companion, 4> kCompanions{{{"-wal", "write-ahead log"},
                                                {"-shm", "shared-memory index"},
                                                {"-journal", "rollback journal"},
                                                {".lock", "lock file"}}};

// The file a path names once symbolic links are followed, as QSaveFile follows them, also when
// the last link points at nothing yet. Empty when the links do not end (a loop).
QString followLinks(const QString& path)
{
    QFileInfo info(path);
    for (int depth = 0; depth < 40; ++depth) {
        if (!info.isSymLink())
            return info.absoluteFilePath();
        info.setFile(info.symLinkTarget());
    }
    return {};
}

// How a file that may not be there yet is compared: its folder resolved, its name as given.
QString placeOf(const QString& path)
{
    const QFileInfo info(path);
    const QString dir = QFileInfo(info.absolutePath()).canonicalFilePath();
    return (dir.isEmpty() ? QDir::cleanPath(info.absolutePath()) : dir) + QLatin1Char('/') +
           info.fileName();
}

enum class Kind
{
    Missing,
    Regular,
    Folder,
    CharDevice,
    Pipe,
    BlockDevice,
    Socket,
    Other
};

// What a path is once every symbolic link is followed, and which file it is.
struct Identity
{
    Kind kind = Kind::Missing;
    quint64 device = 0;
    quint64 inode = 0;
    QString canonical; // where device and inode are not available
};

Identity identityOf(const QString& path)
{
    Identity id;
    if (path.isEmpty())
        return id;
#ifdef Q_OS_UNIX
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return id;
    id.device = quint64(st.st_dev);
    id.inode = quint64(st.st_ino);
    if (S_ISREG(st.st_mode))
        id.kind = Kind::Regular;
    else if (S_ISDIR(st.st_mode))
        id.kind = Kind::Folder;
    else if (S_ISCHR(st.st_mode))
        id.kind = Kind::CharDevice;
    else if (S_ISFIFO(st.st_mode))
        id.kind = Kind::Pipe;
    else if (S_ISBLK(st.st_mode))
        id.kind = Kind::BlockDevice;
    else if (S_ISSOCK(st.st_mode))
        id.kind = Kind::Socket;
    else
        id.kind = Kind::Other;
#else
    const QFileInfo info(path);
    if (!info.exists())
        return id;
    id.kind = info.isDir() ? Kind::Folder : info.isFile() ? Kind::Regular : Kind::Other;
    id.canonical = info.canonicalFilePath();
#endif
    return id;
}

bool sameFile(const Identity& a, const Identity& b)
{
    if (a.kind == Kind::Missing || b.kind == Kind::Missing)
        return false;
#ifdef Q_OS_UNIX
    return a.device == b.device && a.inode == b.inode;
#else
    return !a.canonical.isEmpty() && a.canonical == b.canonical;
#endif
}

#ifdef Q_OS_UNIX
QString errnoText(int code)
{
    return qt_error_string(code);
}

// A character device or a pipe: no temporary file can stand in for it (renaming one over a
// device node would replace the node), so it is written in place, every write checked.
bool writeDirect(const QString& target, const QByteArray& bytes, QString* error)
{
    const auto fail = [&](const QString& why, qsizetype done) {
        if (error) {
            *error = done == 0
                         ? QStringLiteral("cannot write %1: %2; %3")
                               .arg(shown(target), why, nothingWritten())
                         : QStringLiteral("cannot write %1: %2 after %3 of %4 bytes, so what it "
                                          "received is incomplete; the run is unchanged")
                               .arg(shown(target), why)
                               .arg(done)
                               .arg(bytes.size());
        }
        return false;
    };
    // Not blocking on open: a pipe nobody reads is an error now, not a hang.
    const int fd =
        ::open(QFile::encodeName(target).constData(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int code = errno;
        if (code == ENXIO)
            return fail(QStringLiteral("it is a pipe that nothing reads from"), 0);
        return fail(errnoText(code), 0);
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        ::close(fd);
        return fail(QStringLiteral("it changed while it was being opened"), 0);
    }
    // From here on writes wait for a slow reader instead of failing with EAGAIN.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags == -1 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
        const int code = errno;
        ::close(fd);
        return fail(errnoText(code), 0);
    }
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int code = n < 0 ? errno : EIO;
            ::close(fd);
            return fail(errnoText(code), done);
        }
        done += n;
    }
    if (::close(fd) != 0 && errno != EINTR)
        return fail(errnoText(errno), done);
    return true;
}
#endif

} // namespace

bool isGoliveRun(const QString& path)
{
    if (!QFileInfo(path).isFile())
        return false; // never opens a pipe or a device to read it
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3", 16); // with its terminating NUL
    if (header.size() < 72 || !header.startsWith(magic))
        return false;
    return qFromBigEndian<quint32>(header.constData() + 68) == quint32(RunFile::ApplicationId);
}

QString exportRefusal(const QString& target, const QString& runPath)
{
    const auto refused = [&](const QString& why) {
        return QStringLiteral("refused to write %1: %2; %3")
            .arg(shown(target), why, nothingWritten());
    };
    if (target.isEmpty())
        return QStringLiteral("no file was named to write to; %1").arg(nothingWritten());
    // The kernel's view (every link followed) says which file it is; the name a link chain
    // ends in says where a file not there yet would be made.
    const Identity id = identityOf(target);
    const QString final = followLinks(target);
    if (id.kind == Kind::Missing && final.isEmpty())
        return refused(QStringLiteral("its symbolic links do not end (a loop)"));

    if (!runPath.isEmpty()) {
        QStringList runNames{QFileInfo(runPath).absoluteFilePath()};
        const QString runFinal = followLinks(runPath);
        if (!runFinal.isEmpty() && !runNames.contains(runFinal))
            runNames << runFinal;
        for (const QString& run : runNames) {
            if (sameFile(id, identityOf(run)) ||
                (!final.isEmpty() && placeOf(final) == placeOf(run)))
                return refused(
                    QStringLiteral("it is the run being exported (%1)").arg(shown(runPath)));
            for (const Companion& c : kCompanions) {
                const QString companion = run + QLatin1String(c.suffix);
                if (sameFile(id, identityOf(companion)) ||
                    (!final.isEmpty() && placeOf(final) == placeOf(companion)))
                    return refused(QStringLiteral("it is the %1 of the run being exported (%2)")
                                       .arg(QLatin1String(c.what), shown(runPath)));
            }
        }
    }

    switch (id.kind) {
    case Kind::Folder:
        return refused(QStringLiteral("it is a folder"));
    case Kind::BlockDevice:
        return refused(QStringLiteral("it is a block device (a disk or a partition); an export "
                                      "goes to a file, a pipe or a terminal"));
    case Kind::Socket:
        return refused(QStringLiteral("it is a socket"));
    case Kind::Other:
        return refused(QStringLiteral("it is neither a file nor a pipe nor a character device"));
    case Kind::Regular: {
        if (isGoliveRun(target))
            return refused(
                QStringLiteral("it is a golive run, and an export never replaces a run"));
        const QFileInfo info(target);
        if (info.size() > 0 && !QFile(target).open(QIODevice::ReadOnly))
            return refused(QStringLiteral("it cannot be read here, so golive cannot tell whether "
                                          "it is a run"));
        // Beside the file itself: SQLite keeps it there, not beside a link to it.
        const QFileInfo wal((final.isEmpty() ? target : final) + QStringLiteral("-wal"));
        if (wal.exists() && wal.size() > 0)
            return refused(QStringLiteral("a SQLite write-ahead log lies beside it (%1), so it is "
                                          "a database in use, perhaps a golive run")
                               .arg(shown(wal.filePath())));
        break;
    }
    case Kind::Missing:
    case Kind::CharDevice:
    case Kind::Pipe:
        break;
    }

    // The file SQLite or golive keeps beside another run, there or not yet.
    for (const QString& name : {target, final}) {
        for (const Companion& c : kCompanions) {
            const QLatin1String suffix(c.suffix);
            if (name.size() > suffix.size() && name.endsWith(suffix) &&
                isGoliveRun(name.chopped(suffix.size())))
                return refused(QStringLiteral("it is the %1 of the golive run %2")
                                   .arg(QLatin1String(c.what), shown(name.chopped(suffix.size()))));
        }
    }
    return {};
}

QString newRunRefusal(const QString& path)
{
    const QString why = exportRefusal(path, QString());
    if (!why.isEmpty())
        return QString(why).replace(QStringLiteral("refused to write"),
                                    QStringLiteral("refused to create the run"));
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const QString stale = path + QLatin1String(suffix);
        if (QFileInfo::exists(stale) || QFileInfo(stale).isSymLink())
            return QStringLiteral("refused to create the run %1: %2 is there, left from an earlier "
                                  "database of that name, and SQLite would read it as part of the "
                                  "new run; move it away or choose another name; no run was "
                                  "created and nothing was written")
                .arg(shown(path), shown(stale));
    }
    return {};
}

bool writeExport(const QString& target, const QByteArray& bytes, const QString& runPath,
                 QString* error)
{
    const auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (const QString why = exportRefusal(target, runPath); !why.isEmpty())
        return fail(why);
    const Identity id = identityOf(target);
#ifdef Q_OS_UNIX
    if (id.kind == Kind::CharDevice || id.kind == Kind::Pipe)
        return writeDirect(target, bytes, error);
#endif
    QSaveFile file(target);
    const auto failed = [&] {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(
            QStringLiteral("cannot write %1: %2; %3").arg(shown(target), why, nothingWritten()));
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    if (file.write(bytes) != bytes.size() || !file.flush())
        return failed();
    // Once more just before the rename: the target may have changed while this was written.
    if (const QString why = exportRefusal(target, runPath); !why.isEmpty()) {
        file.cancelWriting();
        return fail(why);
    }
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2; %3")
                        .arg(shown(target), file.errorString(), nothingWritten()));
    return true;
}

} // namespace golive
