// Where an export (report PDF, Markdown, JSON, timeline) may be written, and writing it so that
// no run is ever replaced and no failed write is taken for a written file. The command line and
// the window both write every export through writeExport().
#pragma once

#include <QByteArray>
#include <QString>

namespace golive {

// Whether the file at `path` (symbolic links followed) is a golive run: it starts with the
// SQLite header and its header holds RunFile::ApplicationId (PRAGMA application_id, stored
// big-endian at byte offset 68). Reads the first 100 bytes only.
bool isGoliveRun(const QString& path);

// Why `target` must not receive an export of the run at `runPath` (may be empty), in words that
// name the file and say that nothing was written; empty when it may. Files are compared by what
// they are (device and inode), not by how they are named, so "./", a symbolic link or a hard
// link to the run is seen through; a file not there yet is compared by folder and name.
// Refused: the run, its -wal, -shm, -journal and .lock files; any golive run (by its contents)
// and those files of one; a file with a SQLite write-ahead log beside it (a database in use);
// a folder, a block device, a socket.
QString exportRefusal(const QString& target, const QString& runPath);

// Writes `bytes` as the export at `target` unless exportRefusal() refuses it. A regular file, or
// one not there yet, is written to a temporary file beside it, synced, checked once more and
// renamed over it only when complete, so a failure leaves whatever was there as it was (a
// symbolic link is followed: the file it points to is replaced, the link stays). A character
// device or a pipe (a terminal, /dev/stdout) is written directly, every write checked; a pipe
// nobody reads is refused rather than waited on. Returns false on any failure, and *error says
// which file, why, and that the run is unchanged.
bool writeExport(const QString& target, const QByteArray& bytes, const QString& runPath,
                 QString* error);

// Why a new run must not be made at `path` (which does not exist yet), in words; empty when it
// may: where SQLite or golive keeps the files of another run (its -wal, -shm, -journal or .lock;
// SQLite would take a run made there for them), or where a -wal, -shm or -journal of an earlier
// database of that name was left (SQLite would read it as part of the new run).
QString newRunRefusal(const QString& path);

} // namespace golive
