// A server's golive schema made, its runs listed, and a run file published to it.
#include "ServerRun.h"

#include "Cutover.h"
#include "ServerRunCommon.h"
#include "ServerSchema.h"
#include "runfile/RunFileCommon.h"

namespace golive {

using namespace runfile;

bool ServerRun::initSchema(const QString& uri, QString* error, QString* said)
{
    ServerLocation loc;
    if (!ServerLocation::parse(uri, &loc, error))
        return false;
    ServerConnection c(loc);
    if (!c.open(error))
        return false;
    QSqlDatabase db = c.db();
    const QString where = QStringLiteral("%1/%2").arg(loc.host(), loc.database());
    if (!server::initSchema(db, where, said, error))
        return false;
    qCInfo(lcLedger).noquote() << (said ? *said : where);
    return true;
}

namespace {

// `role` as an SQL identifier: quoted, so any name is taken as it is and nothing more.
QString identifier(const QString& role)
{
    return QLatin1Char('"') + QString(role).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

} // namespace

QStringList ServerRun::readerGrants(const QString& role)
{
    return {QStringLiteral("GRANT SELECT ON golive_schema, golive_runs, golive_run_meta,"
                           " golive_events, golive_presence, golive_blobs, golive_blob_chunks"
                           " TO %1")
                .arg(identifier(role))};
}

QStringList ServerRun::writerGrants(const QString& role)
{
    const QString r = identifier(role);
    QStringList grants = readerGrants(role);
    grants += {
        QStringLiteral("GRANT INSERT ON golive_runs, golive_run_meta, golive_events TO %1").arg(r),
        QStringLiteral("GRANT UPDATE (head_seq, head_hash, last_event_utc) ON golive_runs TO %1")
            .arg(r),
        QStringLiteral("GRANT INSERT, UPDATE, DELETE ON golive_presence TO %1").arg(r),
        // Evidence: a blob's row, its chunks, and its SHA-256 and size set once, in the
        // transaction that wrote it (the triggers refuse any other change).
        QStringLiteral("GRANT INSERT ON golive_blobs, golive_blob_chunks TO %1").arg(r),
        QStringLiteral("GRANT UPDATE (sha256, size) ON golive_blobs TO %1").arg(r),
        QStringLiteral("GRANT USAGE ON SEQUENCE golive_blobs_id_seq TO %1").arg(r),
    };
    return grants;
}

QList<ServerRun::Summary> ServerRun::listRuns(const QString& uri, QString* error)
{
    QString words;
    if (error)
        error->clear();
    ServerLocation loc;
    if (!ServerLocation::parse(uri, &loc, error ? error : &words))
        return {};
    ServerRun reader;
    reader.d->location = loc;
    reader.d->connection = std::make_unique<ServerConnection>(loc);
    QString* why = error ? error : &words;
    if (!reader.d->connection->open(why))
        return {};
    QSqlDatabase db = reader.d->connection->db();
    const QString where = QStringLiteral("%1/%2").arg(loc.host(), loc.database());
    if (!server::checkSchema(db, where, loc.withRun({}).shown(), why))
        return {};
    QList<Summary> runs;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT name, title, head_seq, last_event_utc FROM"
                                   " golive_runs ORDER BY name"))) {
            *why = reader.d->connection->words(q.lastError());
            return {};
        }
        while (q.next()) {
            Summary s;
            s.name = q.value(0).toString();
            s.title = q.value(1).toString();
            s.eventCount = q.value(2).toLongLong();
            s.lastEventUtc = q.value(3).isNull() ? QDateTime() : q.value(3).toDateTime().toUTC();
            runs.append(s);
        }
    }
    for (Summary& s : runs) {
        // Each run read as a window reads it (its runbook, every event folded), so the phase
        // and progress are the rules' own.
        ServerRun run;
        run.d->location = loc.withRun(s.name);
        run.m_path = run.d->location.shown();
        run.d->connection = std::move(reader.d->connection); // the one connection, lent
        QString problem;
        if (run.load(db, s.name, false, &problem)) {
            s.phase = phaseDisplayName(run.state().cutover().phase());
            s.progress = run.state().totalProgress();
            s.eventCount = run.verification().eventCount;
        } else {
            s.problem = problem;
        }
        reader.d->connection = std::move(run.d->connection);
    }
    return runs;
}

bool ServerRun::publish(const QString& uri, const RunLedger& source, QString* error)
{
    ServerLocation loc;
    if (!ServerLocation::parse(uri, &loc, error))
        return false;
    const ChainVerification v = source.verify();
    if (!v.breaks.isEmpty())
        return refuse(error, QStringLiteral("%1 is not intact (%2); only an intact run is "
                                            "published. Nothing was uploaded.")
                                 .arg(source.path(), v.summary()));
    if (v.eventCount != source.events().size() || v.head != source.headHash())
        return refuse(error, QStringLiteral("%1 changed while it was being published (it holds "
                                            "%2 events now, %3 were read); nothing was uploaded")
                                 .arg(source.path())
                                 .arg(v.eventCount)
                                 .arg(source.events().size()));
    ServerConnection c(loc);
    if (!server::readyForNewRun(c, loc.runName(), error))
        return false;
    QSqlDatabase db = c.db();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT name FROM golive_runs WHERE run_id = ?"));
    q.addBindValue(source.runId());
    if (!q.exec())
        return refuse(error, c.words(q.lastError()));
    if (q.next())
        return refuse(error, QStringLiteral("%1/%2 already holds the run %3 (%4), as \"%5\"; "
                                            "a run is published once. Nothing was uploaded.")
                                 .arg(loc.host(), loc.database(), source.runId(), source.path(),
                                      q.value(0).toString()));
    QList<std::pair<QString, QVariant>> meta{
        {QStringLiteral("run_id"), source.runId()},
        {QStringLiteral("runbook_name"), source.runbookName()},
        {QStringLiteral("runbook_text"), source.runbookText()},
        {QStringLiteral("runbook_sha256"), source.runbookSha256()},
        {QStringLiteral("created_utc"), source.createdUtc().toUTC().toString(kTimeFormat)},
        {QStringLiteral("runbook_rules"), QString::number(source.runbook().rules)},
        {QStringLiteral("app_version"), QStringLiteral(GOLIVE_VERSION)},
    };
    // The roster it was made with, which its genesis anchors.
    meta.append(rosterMeta(source.initialRoster()));
    QSet<QString> kept;
    for (const RunDashboardVersion& dv : source.dashboardVersions()) {
        if (dv.seq == 0) {
            meta.append({QStringLiteral("dashboard_name"), dv.name});
            meta.append({QStringLiteral("dashboard_text"), dv.bytes});
            meta.append({QStringLiteral("dashboard_sha256"), dv.sha256});
        } else if (!kept.contains(dv.sha256)) {
            kept.insert(dv.sha256);
            meta.append({server::dashboardKey(dv.sha256), dv.bytes});
        }
    }
    QString words;
    bool ok = db.transaction();
    if (!ok)
        words = server::sqlText(db.lastError());
    if (ok) {
        const QList<SignOffEvent>& events = source.events();
        q.prepare(QStringLiteral("INSERT INTO golive_runs(name, run_id, title, created_utc,"
                                 " head_seq, head_hash, last_event_utc) VALUES(?, ?, ?,"
                                 " ?::timestamptz, ?, ?, ?::timestamptz)"));
        q.addBindValue(loc.runName());
        q.addBindValue(source.runId());
        q.addBindValue(source.runbook().title);
        q.addBindValue(source.createdUtc().toUTC().toString(kTimeFormat));
        q.addBindValue(events.isEmpty() ? 0 : events.constLast().seq);
        q.addBindValue(QString::fromLatin1(source.headHash()));
        q.addBindValue(events.isEmpty()
                           ? QVariant(QMetaType::fromType<QString>())
                           : QVariant(events.constLast().timeUtc.toUTC().toString(kTimeFormat)));
        ok = q.exec();
        if (!ok)
            words = server::sqlText(q.lastError());
        ok = ok && server::insertMeta(db, source.runId(), meta, &words);
        for (qsizetype i = 0; ok && i < events.size(); ++i)
            ok = server::insertEvent(db, source.runId(), events.at(i), &words);
        ok = ok && server::insertBlobs(db, source.runId(), source, &words);
    }
    if (ok && !db.commit()) {
        ok = false;
        words = server::sqlText(db.lastError());
    }
    if (!ok) {
        db.rollback();
        return refuse(error, QStringLiteral("could not publish %1 to %2: %3. Nothing was "
                                            "uploaded.")
                                 .arg(source.path(), loc.shown(), words));
    }
    qCInfo(lcLedger).noquote() << "published" << source.path() << "to" << loc.shown();
    return true;
}

} // namespace golive
