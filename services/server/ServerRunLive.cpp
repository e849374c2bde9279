// A server run kept live: LISTEN on its channel, the connection lost and found again, and who
// has the run open.
#include "ServerRun.h"

#include "ServerRunCommon.h"
#include "runfile/RunFileCommon.h"

#include <QSqlDriver>

#include <algorithm>

namespace golive {

using namespace runfile;

bool ServerRun::watch(std::function<void()> changed)
{
    d->changed = std::move(changed);
    QString words;
    if (!subscribe(&words)) {
        qCWarning(lcLedger).noquote() << words;
        return false;
    }
    return true;
}

bool ServerRun::subscribe(QString* error)
{
    if (!d->changed)
        return true;
    QSqlDriver* driver = d->connection->db().driver();
    if (!driver || !driver->hasFeature(QSqlDriver::EventNotifications))
        return refuse(error, QStringLiteral("%1: this driver cannot LISTEN").arg(m_path));
    if (!driver->subscribedToNotifications().contains(channel()) &&
        !driver->subscribeToNotification(channel())) {
        const QSqlError e = driver->lastError();
        return refuse(error,
                      failed(QStringLiteral("could not listen for changes to %1").arg(m_path), e));
    }
    // Whatever the payload says (it may be garbage, from anyone who can NOTIFY), it is only a
    // reason to look: the caller catches up, and only the events' rows are ever read as data.
    if (d->listening == driver)
        return true;
    d->listening = driver;
    QObject::connect(driver, &QSqlDriver::notification, driver,
                     [this, name = channel()](const QString& got,
                                              QSqlDriver::NotificationSource source,
                                              const QVariant&) {
                         if (got == name && source != QSqlDriver::SelfSource && d->changed)
                             d->changed();
                     });
    return true;
}

bool ServerRun::isConnected() const
{
    // libpq's own state too: a connection it has given up on is lost even when no statement
    // of golive's has failed on it yet.
    return !d->lost && d->connection && d->connection->isOpen() &&
           !ServerConnection::isBroken(d->connection->db());
}

namespace {

// Whether `held` and `now` list the same breaks of rows (a run that went backwards is no row's).
bool sameRowBreaks(const ChainVerification& held, const ChainVerification& now)
{
    QSet<QString> a;
    QSet<QString> b;
    for (const ChainBreak& x : held.breaks) {
        if (!x.wentBack)
            a.insert(acknowledgementEntry(x.seq, x.contentHash));
    }
    for (const ChainBreak& x : now.breaks) {
        if (!x.wentBack)
            b.insert(acknowledgementEntry(x.seq, x.contentHash));
    }
    return a == b;
}

} // namespace

bool ServerRun::reconnect(QString* error)
{
    d->swapPrepared = false; // prepared on the connection that is about to go
    // Lost until the run is known to be what this workstation holds: no append goes through
    // a connection that is back while the run it holds may describe events that are gone.
    d->lost = true;
    if (!d->connection->open(error))
        return false;
    QSqlDatabase db = d->connection->db();
    if (!subscribe(error))
        return false;
    if (!d->reloadNeeded) {
        // What was held is read again: a run that changed or lost events while this
        // workstation was away (a failover to a replica behind, a restore) is a break, as at
        // open.
        QList<Row> rows;
        QString words;
        if (!fetchSince(db, 0, &rows, &words))
            return refuse(error, words);
        QList<Row> held;
        for (const Row& r : std::as_const(rows)) {
            if (r.event.seq <= m_lastSeq)
                held.append(r);
        }
        const ChainVerification v = verifyRows(held, genesisHash());
        if (v.eventCount == m_verification.eventCount && v.head == m_verification.head &&
            sameRowBreaks(m_verification, v)) {
            // The server holds what was held (each row pinned by its hash): the state, and
            // every break found so far (a run that went backwards seen at open among them),
            // stay as they are until acknowledged; catchUp() brings what came since.
            d->lost = false;
            qCInfo(lcLedger).noquote() << "reconnected to" << m_path;
            return true;
        }
        if (v.eventCount < m_verification.eventCount || v.head != m_verification.head) {
            ChainBreak b;
            b.seq = m_verification.eventCount;
            b.contentHash = m_verification.head;
            b.wentBack = true;
            b.problem = QStringLiteral("the run went backwards while %1 was away: this workstation "
                                       "held %2 events, head %3; the server holds %4 of them now, "
                                       "head %5")
                            .arg(d->location.host())
                            .arg(m_verification.eventCount)
                            .arg(QString::fromLatin1(m_verification.head))
                            .arg(v.eventCount)
                            .arg(QString::fromLatin1(v.head));
            d->carried.append(b);
        }
        // A run that went backwards before (seen at open) still went backwards.
        for (const ChainBreak& b : std::as_const(m_verification.unacknowledged)) {
            if (b.wentBack)
                d->carried.append(b);
        }
        // This computer's record holds the newest head it saw before the run is read again.
        recordHead(false);
        d->reloadNeeded = true;
    }
    // What this workstation holds describes events the server no longer has (or has
    // otherwise): the run is read again whole, as at open, and the next event is chained to
    // the server's real last one. Until that has worked, the run stays lost.
    QSet<QString> acknowledged;
    if (!load(db, d->location.runName(), true, error, m_runId, &acknowledged))
        return false;
    d->pending.clear(); // what the reload holds is shown whole
    for (const ChainBreak& b : std::as_const(d->carried)) {
        const QString entry = acknowledgementEntry(b.seq, b.contentHash);
        const bool known = std::any_of(
            m_verification.breaks.cbegin(), m_verification.breaks.cend(), [&](const ChainBreak& x) {
                return acknowledgementEntry(x.seq, x.contentHash) == entry;
            });
        if (known || acknowledged.contains(entry))
            continue;
        m_verification.breaks.append(b);
        m_verification.unacknowledged.append(b);
    }
    d->carried.clear();
    d->reloadNeeded = false;
    ++m_reloads;
    d->lost = false;
    if (!m_verification.intact())
        qCWarning(lcLedger).noquote() << m_path << m_verification.summary();
    qCInfo(lcLedger).noquote() << "reconnected to" << m_path << "and read it again whole";
    return true;
}

bool ServerRun::announce(const Presence& me, QString* error)
{
    if (d->lost)
        return refuse(error, QStringLiteral("the connection to %1 is lost").arg(host()));
    QSqlDatabase db = d->connection->db();
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO golive_presence(session, run_id, name, role, host, os_user, since, last_seen)"
        " VALUES(?, ?, ?, ?, ?, ?, COALESCE(?::timestamptz, now()), now())"
        " ON CONFLICT (session) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,"
        " host = EXCLUDED.host, os_user = EXCLUDED.os_user, last_seen = now()"));
    q.addBindValue(d->session.toString(QUuid::WithoutBraces));
    q.addBindValue(m_runId);
    q.addBindValue(me.name);
    q.addBindValue(roleName(me.role));
    q.addBindValue(me.host);
    q.addBindValue(me.osUser);
    q.addBindValue(me.sinceUtc.isValid() ? QVariant(me.sinceUtc.toUTC().toString(kTimeFormat))
                                         : QVariant(QMetaType::fromType<QString>()));
    if (!q.exec())
        return refuse(error, failed(QStringLiteral("could not say who has %1 open").arg(m_path),
                                    q.lastError()));
    const bool first = !d->announced;
    d->announced = true;
    if (first) { // others refresh their list; a heartbeat changes nothing they show
        q.prepare(QStringLiteral("SELECT pg_notify(?, 'presence')"));
        q.addBindValue(channel());
        q.exec();
    }
    return true;
}

void ServerRun::forget()
{
    // Over a connection already gone there is no one to tell: the row ages out of the
    // presence window by itself, and closing does not wait on the network for it.
    if (!d->announced || !isConnected())
        return;
    d->announced = false;
    QSqlQuery q(d->connection->db());
    q.prepare(QStringLiteral("DELETE FROM golive_presence WHERE session = ?"));
    q.addBindValue(d->session.toString(QUuid::WithoutBraces));
    if (q.exec()) {
        q.prepare(QStringLiteral("SELECT pg_notify(?, 'presence')"));
        q.addBindValue(channel());
        q.exec();
    }
}

QList<Presence> ServerRun::present(QString* error) const
{
    QList<Presence> people;
    QSqlQuery q(d->connection->db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT name, role, host, os_user, since, last_seen FROM"
                             " golive_presence WHERE run_id = ? AND last_seen > now() -"
                             " make_interval(secs => ?) ORDER BY since, name"));
    q.addBindValue(m_runId);
    q.addBindValue(PresenceWindowS);
    if (!q.exec()) {
        if (error)
            *error = QStringLiteral("could not read who has %1 open: %2")
                         .arg(m_path, d->connection->words(q.lastError()));
        return people;
    }
    while (q.next()) {
        Presence p;
        p.name = q.value(0).toString();
        p.role = roleFromName(q.value(1).toString()).value_or(Role::Observer);
        p.host = q.value(2).toString();
        p.osUser = q.value(3).toString();
        p.sinceUtc = q.value(4).toDateTime().toUTC();
        p.lastSeenUtc = q.value(5).toDateTime().toUTC();
        people.append(p);
    }
    return people;
}

} // namespace golive
