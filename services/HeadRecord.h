// What this computer last saw of each run: its head, how many events it had, and when. Kept per
// user so that a run which went backwards (a damaged write-ahead log, an older copy put back)
// is noticed even though its own hash chain is intact.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace golive {

struct SeenHead
{
    QByteArray head; // hex SHA-256 of the newest event seen
    qint64 eventCount = 0;
    QDateTime seenUtc; // when this computer last saw that head
    QString path;      // where the run was then (for the person reading the warning)
};

class HeadRecord
{
public:
    // The folder of the records: <AppLocalDataLocation>/seen-heads (one small JSON file per run
    // id, named by the SHA-256 of the id, never by the id itself: the id is data from the file).
    static QString directory();
    static QString fileFor(const QString& runId);

    // The record for runId; nullopt when there is none. A record that cannot be read is
    // reported in *error (and treated as none by the caller: it must never stop a run).
    static std::optional<SeenHead> read(const QString& runId, QString* error = nullptr);

    // Records `seen` unless a record with more events is already there (another golive on this
    // computer saw more since: the record only moves forward). `rebase` writes it whatever was
    // there: after a run that went backwards was acknowledged. Returns false, with the reason
    // in *error, when the record could not be written; the run itself is never affected.
    static bool write(const QString& runId, const SeenHead& seen, bool rebase,
                      QString* error = nullptr);
};

} // namespace golive
