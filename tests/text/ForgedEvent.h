// Writes an event straight into a run file's SQLite ledger with a correct hash chain, the way
// an older golive (before the text rule) or a hand-made run could hold it: texts with control
// characters, text-direction controls or markup that today's rules would refuse.
#pragma once

#include "SignOffEvent.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace golive::test {

// Appends `event` after the ledger's last event (there must be one); false with *error on
// failure. The event's seq, time, prevHash and hash are set here.
inline bool appendForgedEvent(const QString& runPath, SignOffEvent event, QString* error)
{
    const QString connection = QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(runPath);
        QSqlQuery q(db);
        if (!db.open()) {
            *error = db.lastError().text();
        } else if (!q.exec(
                       QStringLiteral("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) ||
                   !q.next()) {
            *error = QStringLiteral("the run has no event to chain after: ") + q.lastError().text();
        } else {
            event.seq = q.value(0).toLongLong() + 1;
            event.prevHash = q.value(1).toString().toLatin1();
            const QString timeFormat = QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ");
            event.timeUtc =
                QDateTime::fromString(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                      Qt::ISODateWithMs)
                    .toUTC();
            event.hash = event.computeHash();
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral("INSERT INTO events(seq, time_utc, kind, item_id, "
                                          "field_key, text, actor, role, os_user, host, "
                                          "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"));
            insert.addBindValue(event.seq);
            insert.addBindValue(event.timeUtc.toString(timeFormat));
            insert.addBindValue(eventKindName(event.kind));
            insert.addBindValue(event.itemId.isEmpty() ? QVariant() : QVariant(event.itemId));
            insert.addBindValue(event.fieldKey.isEmpty() ? QVariant() : QVariant(event.fieldKey));
            insert.addBindValue(event.text);
            insert.addBindValue(event.actor.name);
            insert.addBindValue(roleName(event.actor.role));
            insert.addBindValue(event.actor.osUser);
            insert.addBindValue(event.actor.host);
            insert.addBindValue(QString::fromLatin1(event.prevHash));
            insert.addBindValue(QString::fromLatin1(event.hash));
            ok = insert.exec();
            if (!ok)
                *error = insert.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace golive::test
