// What the parts of a server run share: its private state, the SQL it reads events with, and
// the words of its failures.
#pragma once

#include "ServerConnection.h"
#include "ServerLocation.h"
#include "ServerRun.h"
#include "runfile/ChainCheck.h"

#include <QPointer>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QUuid>

#include <functional>
#include <memory>

namespace golive {

struct ServerRun::Private
{
    ServerLocation location;
    std::unique_ptr<ServerConnection> connection;
    // Whether the append statement is prepared on the connection (once per connection: a
    // statement prepared for each append would cost two more round trips each time).
    bool swapPrepared = false;
    bool lost = false; // the connection failed; until reconnect()
    // Events another writer appended that an append() folded in before its own, kept for the
    // next catchUp() (so the window shows them).
    QList<SignOffEvent> pending;
    std::function<void()> changed;
    QPointer<QSqlDriver> listening;      // the driver whose notifications call `changed`
    QUuid session = QUuid::createUuid(); // this workstation's presence row
    bool announced = false;
    // The run read again whole on reconnecting failed part way: the next reconnect() reads it
    // again, and carries the breaks of a run that went backwards into what it reads.
    bool reloadNeeded = false;
    QList<ChainBreak> carried;
    QElapsedTimer recorded; // the last HeadRecord write
    bool recordPending = false;
};

namespace server {

// The events table's columns in the order runfile::readRows() takes them.
inline const QString kEventColumns =
    QStringLiteral("seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host,"
                   " prev_hash, hash, key_type, key_fp, signature, snapshot");

// The meta key of a dashboard a dashboard-set event names (as a run file keeps it).
inline QString dashboardKey(const QString& sha256)
{
    return QStringLiteral("dashboard_text_") + sha256;
}

// The driver's words for `e`, on one line.
QString sqlText(const QSqlError& e);

} // namespace server

} // namespace golive

namespace golive::server {

// Inserts the meta values of run `runId`; false with the driver's words.
bool insertMeta(QSqlDatabase& db, const QString& runId,
                const QList<std::pair<QString, QVariant>>& meta, QString* words);

// Inserts one event row of run `runId`, its strings as golive writes them.
bool insertEvent(QSqlDatabase& db, const QString& runId, const SignOffEvent& e, QString* words,
                 QSqlError* sqlError = nullptr);

// Copies the evidence `source`'s events name into run `runId`, byte for byte under the same
// SHA-256 (runfile::copyBlobs), inside the caller's transaction.
bool insertBlobs(QSqlDatabase& db, const QString& runId, const RunLedger& source, QString* words);

// Checks a connection's schema and the URI's run name before a run is made there.
bool readyForNewRun(ServerConnection& c, const QString& runName, QString* error);

} // namespace golive::server
