// A server run's writes: creating a run, and the append transaction that serialises every
// writer on the run's head row and checks the rules against the server's state.
#include "ServerRun.h"

#include "Dashboard.h"
#include "RunbookParser.h"
#include "ServerRunCommon.h"
#include "ServerSchema.h"
#include "runfile/RunFileCommon.h"

#include <QCryptographicHash>
#include <QSqlDriver>
#include <QTimer>

namespace golive {

using namespace runfile;

namespace server {

bool insertMeta(QSqlDatabase& db, const QString& runId,
                const QList<std::pair<QString, QVariant>>& meta, QString* words)
{
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("INSERT INTO golive_run_meta(run_id, key, value)"
                                  " VALUES(?, ?, ?)"))) {
        *words = sqlText(q.lastError());
        return false;
    }
    for (const auto& [key, value] : meta) {
        q.bindValue(0, runId);
        q.bindValue(1, key);
        // bytea: the exact bytes (text as UTF-8), as a run file keeps them.
        q.bindValue(2, value.typeId() == QMetaType::QByteArray ? value.toByteArray()
                                                               : value.toString().toUtf8());
        if (!q.exec()) {
            *words = sqlText(q.lastError());
            return false;
        }
    }
    return true;
}

bool insertEvent(QSqlDatabase& db, const QString& runId, const SignOffEvent& e, QString* words,
                 QSqlError* sqlError)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO golive_events(run_id, %1)"
                             " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                  .arg(kEventColumns));
    q.addBindValue(runId);
    q.addBindValue(e.seq);
    q.addBindValue(e.timeUtc.toUTC().toString(kTimeFormat));
    q.addBindValue(eventKindName(e.kind));
    q.addBindValue(textOrNull(e.itemId));
    q.addBindValue(textOrNull(e.fieldKey));
    q.addBindValue(e.text);
    q.addBindValue(e.actor.name);
    q.addBindValue(roleName(e.actor.role));
    q.addBindValue(e.actor.osUser);
    q.addBindValue(e.actor.host);
    q.addBindValue(QString::fromLatin1(e.prevHash));
    q.addBindValue(QString::fromLatin1(e.hash));
    if (!q.exec()) {
        *words = sqlText(q.lastError());
        if (sqlError)
            *sqlError = q.lastError();
        return false;
    }
    return true;
}

bool readyForNewRun(ServerConnection& c, const QString& runName, QString* error)
{
    const ServerLocation& loc = c.location();
    const QString where = QStringLiteral("%1/%2").arg(loc.host(), loc.database());
    if (runName.isEmpty())
        return refuse(error, QStringLiteral("%1 names no run: add ?run=NAME").arg(loc.shown()));
    if (!c.open(error))
        return false;
    QSqlDatabase db = c.db();
    if (!checkSchema(db, where, loc.withRun({}).shown(), error))
        return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*) FROM golive_runs WHERE name = ?"));
    q.addBindValue(runName);
    if (!q.exec() || !q.next())
        return refuse(error, c.words(q.lastError()));
    if (q.value(0).toLongLong() > 0)
        return refuse(error, QStringLiteral("%1 already has a run named \"%2\"; golive never "
                                            "replaces a run. Choose another name.")
                                 .arg(where, runName));
    return true;
}

} // namespace server

namespace {

// The run's head row and its meta values, in one transaction.
bool insertNewRun(ServerConnection& c, const QString& name, const QString& runId,
                  const QString& title, const QString& created, const QString& sha,
                  const QList<std::pair<QString, QVariant>>& meta, QString* words)
{
    QSqlDatabase db = c.db();
    bool ok = db.transaction();
    if (!ok)
        *words = server::sqlText(db.lastError());
    if (ok) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO golive_runs(name, run_id, title, created_utc,"
                                 " head_seq, head_hash) VALUES(?, ?, ?, ?::timestamptz, 0, ?)"));
        q.addBindValue(name);
        q.addBindValue(runId);
        q.addBindValue(title);
        q.addBindValue(created);
        q.addBindValue(QString::fromLatin1(SignOffEvent::genesisFor(runId, sha)));
        ok = q.exec();
        if (!ok)
            *words = server::sqlText(q.lastError());
    }
    ok = ok && server::insertMeta(db, runId, meta, words);
    if (ok && !db.commit()) {
        ok = false;
        *words = server::sqlText(db.lastError());
    }
    if (!ok)
        db.rollback();
    return ok;
}

} // namespace

std::unique_ptr<ServerRun> ServerRun::create(const QString& uri, const QByteArray& runbookText,
                                             const QString& runbookName, QString* error,
                                             const std::optional<RunDashboardVersion>& dashboard)
{
    ServerLocation loc;
    if (!ServerLocation::parse(uri, &loc, error))
        return nullptr;
    const RunbookParseResult parsed = RunbookParser::parse(runbookText, runbookName);
    if (!parsed.ok()) {
        QStringList lines;
        for (const Diagnostic& diag : parsed.diagnostics) {
            if (diag.severity == Diagnostic::Severity::Error)
                lines.append(diag.toString());
        }
        return fail(error, QStringLiteral("the runbook %1 has errors, so no run was created; fix "
                                          "them and try again:\n%2")
                               .arg(runbookName, lines.join(QLatin1Char('\n'))));
    }
    QString invalid;
    if (dashboard && !Dashboard::fromJson(dashboard->bytes, dashboard->name, &invalid))
        return fail(error, QStringLiteral("the dashboard %1 is not valid, so no run was created; "
                                          "fix it and try again:\n%2")
                               .arg(dashboard->name, invalid));
    ServerConnection c(loc);
    if (!server::readyForNewRun(c, loc.runName(), error))
        return nullptr;
    const QString runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString sha = QString::fromLatin1(
        QCryptographicHash::hash(runbookText, QCryptographicHash::Sha256).toHex());
    const QString created = QDateTime::currentDateTimeUtc().toString(kTimeFormat);
    QList<std::pair<QString, QVariant>> meta{
        {QStringLiteral("run_id"), runId},
        {QStringLiteral("runbook_name"), runbookName},
        {QStringLiteral("runbook_text"), runbookText},
        {QStringLiteral("runbook_sha256"), sha},
        {QStringLiteral("created_utc"), created},
        {QStringLiteral("app_version"), QStringLiteral(GOLIVE_VERSION)},
        {QStringLiteral("runbook_rules"), QString::number(RunbookParser::CurrentRules)},
    };
    if (dashboard) {
        meta.append({QStringLiteral("dashboard_name"), dashboard->name});
        meta.append({QStringLiteral("dashboard_text"), dashboard->bytes});
        meta.append({QStringLiteral("dashboard_sha256"),
                     RunDashboardVersion::of(dashboard->bytes, dashboard->name).sha256});
    }
    QString words;
    if (!insertNewRun(c, loc.runName(), runId, parsed.runbook.title, created, sha, meta, &words))
        return fail(error, QStringLiteral("could not create the run \"%1\" on %2: %3. Nothing was "
                                          "left behind.")
                               .arg(loc.runName(), loc.host(), words));
    c.close();
    qCInfo(lcLedger).noquote() << "created server run" << loc.shown() << "from" << runbookName;
    return open(uri, Access::ReadWrite, error);
}

bool ServerRun::append(SignOffEvent& event, QString* error, const QByteArray* dashboardBytes)
{
    if (m_readOnly)
        return checkAppend(event, error); // says read-only in the run's words
    if (d->lost)
        return refuse(error, QStringLiteral("the connection to %1 is lost: nothing was recorded "
                                            "(golive never queues a sign-off); sign again "
                                            "once the server is back")
                                 .arg(d->location.host()));
    QSqlDatabase db = d->connection->db();
    if (!db.transaction())
        return refuse(error, QStringLiteral("%1. Nothing was recorded; the run on the server "
                                            "holds what it held before.")
                                 .arg(failed(QStringLiteral("could not record on %1").arg(m_path),
                                             db.lastError())));
    SignOffEvent committed;
    QString words;
    bool refused = false;
    const qsizetype pendingBefore = d->pending.size();
    if (!appendLocked(db, event, dashboardBytes, &committed, &words, &refused)) {
        db.rollback();
        if (refused)
            return refuse(error, words);
        return refuse(error, QStringLiteral("could not record on %1: %2. Nothing was recorded; "
                                            "the run on the server holds what it held before.")
                                 .arg(m_path, words));
    }
    if (!db.commit()) {
        const QSqlError e = db.lastError();
        db.rollback();
        return refuse(error,
                      QStringLiteral("%1. The server did not confirm the commit: after "
                                     "reconnecting, the run shows whether it was recorded.")
                          .arg(failed(QStringLiteral("could not record on %1").arg(m_path), e)));
    }
    // Only now, with the commit on the server, does the run move.
    const bool rebase = fold(committed, dashboardBytes);
    event = committed;
    noteHead(rebase);
    // Others' events folded in before this one: the caller learns of them by catchUp().
    if (d->pending.size() > pendingBefore && d->changed)
        QTimer::singleShot(0, db.driver(), d->changed);
    return true;
}

bool ServerRun::appendLocked(QSqlDatabase& db, SignOffEvent& event,
                             const QByteArray* dashboardBytes, SignOffEvent* committed,
                             QString* words, bool* refused)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT head_seq FROM golive_runs WHERE run_id = ? FOR UPDATE"));
    q.addBindValue(m_runId);
    if (!q.exec() || !q.next()) {
        *words = q.lastError().isValid() ? failed(QStringLiteral("the run's head"), q.lastError())
                                         : QStringLiteral("the run is no longer on the server");
        return false;
    }
    const qint64 headSeq = q.value(0).toLongLong();
    q.finish();
    // The rules are judged against the server's state: first what others appended.
    if (headSeq > m_lastSeq) {
        QList<Row> rows;
        if (!fetchSince(db, m_lastSeq, &rows, words))
            return false;
        foldFetched(db, rows, &d->pending);
    }
    if (!checkAppend(event, words)) {
        *refused = true;
        return false;
    }
    const SignOffEvent e = chained(event);
    if (e.kind == EventKind::DashboardSet) {
        QString invalid;
        if (!dashboardBytes)
            *words = QStringLiteral("a dashboard-set event needs the dashboard itself");
        else if (RunDashboardVersion::of(*dashboardBytes, e.text).sha256 != e.fieldKey)
            *words = QStringLiteral("the dashboard %1 does not match the SHA-256 the event "
                                    "records")
                         .arg(e.text);
        else if (!Dashboard::fromJson(*dashboardBytes, e.text, &invalid))
            *words = invalid;
        if (!words->isEmpty())
            return false;
        // The same bytes set again are kept once.
        q.prepare(QStringLiteral("INSERT INTO golive_run_meta(run_id, key, value) VALUES(?, ?, ?)"
                                 " ON CONFLICT DO NOTHING"));
        q.addBindValue(m_runId);
        q.addBindValue(server::dashboardKey(e.fieldKey));
        q.addBindValue(*dashboardBytes);
        if (!q.exec()) {
            *words = failed(QStringLiteral("the dashboard"), q.lastError());
            return false;
        }
    }
    QString w;
    QSqlError insertError;
    if (!server::insertEvent(db, m_runId, e, &w, &insertError)) {
        *words = failed(QStringLiteral("the event"), insertError);
        return false;
    }
    q.prepare(QStringLiteral("UPDATE golive_runs SET head_seq = ?, head_hash = ?,"
                             " last_event_utc = ?::timestamptz WHERE run_id = ?"));
    q.addBindValue(e.seq);
    q.addBindValue(QString::fromLatin1(e.hash));
    q.addBindValue(e.timeUtc.toString(kTimeFormat));
    q.addBindValue(m_runId);
    if (!q.exec()) {
        *words = failed(QStringLiteral("the run's head"), q.lastError());
        return false;
    }
    // In the same transaction: delivered to every listener only if the event is committed.
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(channel());
    q.addBindValue(QString::number(e.seq));
    if (!q.exec()) {
        *words = failed(QStringLiteral("the notification"), q.lastError());
        return false;
    }
    *committed = e;
    return true;
}

} // namespace golive
