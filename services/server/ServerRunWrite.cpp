// A server run's writes: creating a run, and the append transaction that serialises every
// writer on the run's head row and checks the rules against the server's state.
#include "ServerRun.h"

#include "Dashboard.h"
#include "LibPq.h"
#include "RunbookParser.h"
#include "ServerRunCommon.h"
#include "ServerSchema.h"
#include "evidence/Evidence.h"
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
                             " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
    q.addBindValue(textOrNull(e.signature.keyType));
    q.addBindValue(textOrNull(e.signature.keyFingerprint));
    q.addBindValue(textOrNull(QString::fromLatin1(e.signature.armored)));
    q.addBindValue(textOrNull(e.snapshot));
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
                  const QString& title, const QString& created, const QByteArray& genesis,
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
        q.addBindValue(QString::fromLatin1(genesis));
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
                                             const std::optional<RunDashboardVersion>& dashboard,
                                             const RunRoster& roster)
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
    meta.append(rosterMeta(roster)); // anchored in the genesis, like the runbook
    if (dashboard) {
        meta.append({QStringLiteral("dashboard_name"), dashboard->name});
        meta.append({QStringLiteral("dashboard_text"), dashboard->bytes});
        meta.append({QStringLiteral("dashboard_sha256"),
                     RunDashboardVersion::of(dashboard->bytes, dashboard->name).sha256});
    }
    QString words;
    const QByteArray genesis =
        SignOffEvent::genesisFor(runId, sha, roster.allowedSigners, roster.signaturesRequired);
    if (!insertNewRun(c, loc.runName(), runId, parsed.runbook.title, created, genesis, meta,
                      &words))
        return fail(error, QStringLiteral("could not create the run \"%1\" on %2: %3. Nothing was "
                                          "left behind.")
                               .arg(loc.runName(), loc.host(), words));
    c.close();
    qCInfo(lcLedger).noquote() << "created server run" << loc.shown() << "from" << runbookName;
    // The run is committed: from here on a failure must not read as if nothing was made, or a
    // second try would only find the name taken.
    QString why;
    auto run = open(uri, Access::ReadWrite, &why);
    if (run)
        return run;
    while (why.endsWith(QLatin1Char('.')))
        why.chop(1);
    return fail(error, QStringLiteral("the run \"%1\" was created on %2 (run id %3), but could "
                                      "not be opened to record in: %4. The run is there and "
                                      "keeps its name: open it with --run %5 once that is "
                                      "fixed, rather than creating it again")
                           .arg(loc.runName(), loc.host(), runId, why, loc.shown()));
}

namespace {

// How many times an append catches up and is judged again while other writers keep moving the
// head first, before it waits its turn on the head row's lock instead.
constexpr int kSwapAttempts = 3;

// One append in one statement: the head moves only from the seq this workstation holds, the
// event row is inserted only if the head moved, and the channel is notified only if the row
// went in. No row back: another writer's event is there first, and nothing was written.
const QString kSwapSql = QStringLiteral(
    "WITH head AS (UPDATE golive_runs SET head_seq = $1::bigint, head_hash = $2::text,"
    " last_event_utc = $3::timestamptz WHERE run_id = $4::uuid AND head_seq = $5::bigint"
    " AND head_hash = $16::text"
    " RETURNING run_id),"
    " ev AS (INSERT INTO golive_events(run_id, %1) SELECT run_id, $6::bigint, $7::text,"
    " $8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text, $15::text,"
    " $16::text, $17::text, $19::text, $20::text, $21::text, $22::text FROM head"
    " RETURNING seq)"
    " SELECT pg_notify($18::text, seq::text) FROM ev");
// Its name on the connection (the driver's own statements are named qpsqlpstmt_*).
constexpr const char* kSwapStatement = "golive_append";

} // namespace

bool ServerRun::append(SignOffEvent& event, QString* error, const QByteArray* dashboardBytes)
{
    if (m_readOnly)
        return checkAppend(event, error); // says read-only in the run's words
    if (!prepare(event, error))
        return false;
    if (d->lost)
        return refuse(error, QStringLiteral("the connection to %1 is lost: nothing was recorded "
                                            "(golive never queues a sign-off); sign again "
                                            "once the server is back")
                                 .arg(d->location.host()));
    // Evidence names bytes this run must already keep (putBlob), at the size it gives; they
    // are never deleted, so what is checked here is still there when the event commits.
    if (isEvidence(event.kind) && !checkEvidenceBytes(event, error))
        return false;
    QSqlDatabase db = d->connection->db();
    const qsizetype pendingBefore = d->pending.size();
    // Only once the commit is on the server does the run move.
    const auto recorded = [&](const SignOffEvent& committed) {
        const bool rebase = fold(committed, dashboardBytes);
        event = committed;
        noteHead(rebase);
        // Others' events folded in before this one: the caller learns of them by catchUp().
        if (d->pending.size() > pendingBefore && d->changed)
            QTimer::singleShot(0, db.driver(), d->changed);
        return true;
    };
    // Nearly every append is one statement: one round trip and one durable commit. A
    // dashboard-set event also stores the dashboard, and a writer that keeps losing the race
    // waits its turn on the head row's lock: both take the transaction below.
    if (event.kind != EventKind::DashboardSet) {
        for (int attempt = 0; attempt < kSwapAttempts; ++attempt) {
            SignOffEvent committed;
            QString words;
            switch (appendSwap(db, event, &committed, &words)) {
            case Swap::Committed:
                return recorded(committed);
            case Swap::Refused:
            case Swap::Failed:
                return refuse(error, words);
            case Swap::Behind:
                break; // caught up: judged again against what the others recorded
            }
        }
    }
    if (!db.transaction())
        return refuse(error, QStringLiteral("%1. Nothing was recorded; the run on the server "
                                            "holds what it held before.")
                                 .arg(failed(QStringLiteral("could not record on %1").arg(m_path),
                                             db.lastError())));
    SignOffEvent committed;
    QString words;
    bool refused = false;
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
    return recorded(committed);
}

ServerRun::Swap ServerRun::appendSwap(QSqlDatabase& db, SignOffEvent& event,
                                      SignOffEvent* committed, QString* words)
{
    // Judged against everything this workstation holds, which the statement then requires to
    // be the whole run: the head must still be at the last event held.
    if (!checkAppend(event, words))
        return Swap::Refused;
    // Signed again at each attempt: the signature covers seq and prev.
    const std::optional<SignOffEvent> chainedEvent = chained(event, words);
    if (!chainedEvent)
        return Swap::Refused;
    const SignOffEvent& e = *chainedEvent;
    const QString what = QStringLiteral("could not record on %1").arg(m_path);
    // Straight through libpq on the driver's own connection: one round trip with the values
    // as parameters, where Qt's driver would spell them into an EXECUTE for the server to
    // parse again.
    auto* conn = static_cast<PGconn*>(ServerConnection::nativeHandle(db));
    if (!conn) {
        *words = QStringLiteral("%1: the connection is not PostgreSQL's. Nothing was recorded.")
                     .arg(what);
        return Swap::Failed;
    }
    QString loadError;
    const libpq::Functions* pq = libpq::functions(&loadError);
    if (!pq) {
        *words = QStringLiteral("%1: %2. Nothing was recorded.").arg(what, loadError);
        return Swap::Failed;
    }
    const auto said = [&](PGresult* r) {
        const char* state = r ? pq->resultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        QString text = QString::fromUtf8(r ? pq->resultErrorMessage(r) : "").simplified();
        if (text.isEmpty())
            text = QString::fromUtf8(pq->errorMessage(conn)).simplified();
        const bool broken = pq->status(conn) == CONNECTION_BAD;
        return QSqlError(text, {}, broken ? QSqlError::ConnectionError : QSqlError::StatementError,
                         QString::fromLatin1(state ? state : ""));
    };
    const QByteArray time = e.timeUtc.toUTC().toString(kTimeFormat).toUtf8();
    const QByteArray seq = QByteArray::number(e.seq);
    const QByteArray before = QByteArray::number(e.seq - 1);
    const QByteArray runId = m_runId.toUtf8();
    const QByteArray kind = eventKindName(e.kind).toUtf8();
    const QByteArray item = e.itemId.toUtf8();
    const QByteArray field = e.fieldKey.toUtf8();
    const QByteArray text = e.text.toUtf8();
    const QByteArray actor = e.actor.name.toUtf8();
    const QByteArray role = roleName(e.actor.role).toUtf8();
    const QByteArray osUser = e.actor.osUser.toUtf8();
    const QByteArray host = e.actor.host.toUtf8();
    const QByteArray name = channel().toUtf8();
    const QByteArray keyType = e.signature.keyType.toUtf8();
    const QByteArray keyFp = e.signature.keyFingerprint.toUtf8();
    const bool isSigned = e.signature.isSigned();
    const QByteArray snapshot = e.snapshot.toUtf8();
    // As insertEvent() writes them: item and field NULL when empty, the other texts as they are.
    const char* const values[] = {seq.constData(),
                                  e.hash.constData(),
                                  time.constData(),
                                  runId.constData(),
                                  before.constData(),
                                  seq.constData(),
                                  time.constData(),
                                  kind.constData(),
                                  e.itemId.isEmpty() ? nullptr : item.constData(),
                                  e.fieldKey.isEmpty() ? nullptr : field.constData(),
                                  text.constData(),
                                  actor.constData(),
                                  role.constData(),
                                  osUser.constData(),
                                  host.constData(),
                                  e.prevHash.constData(),
                                  e.hash.constData(),
                                  name.constData(),
                                  isSigned ? keyType.constData() : nullptr,
                                  isSigned ? keyFp.constData() : nullptr,
                                  isSigned ? e.signature.armored.constData() : nullptr,
                                  e.snapshot.isEmpty() ? nullptr : snapshot.constData()};
    constexpr int kValues = int(sizeof(values) / sizeof(values[0]));
    PGresult* r = nullptr;
    // A server that dropped the statement (DISCARD ALL, a pooler between) gets it prepared
    // again, once.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!d->swapPrepared) {
            const QByteArray sql = kSwapSql.arg(server::kEventColumns).toUtf8();
            PGresult* prepared = pq->prepare(conn, kSwapStatement, sql.constData(), 0, nullptr);
            const bool ok = pq->resultStatus(prepared) == PGRES_COMMAND_OK;
            const QSqlError err = ok ? QSqlError() : said(prepared);
            pq->clear(prepared);
            if (!ok) {
                *words =
                    QStringLiteral("%1. Nothing was recorded; the run on the server holds what "
                                   "it held before.")
                        .arg(failed(what, err));
                return Swap::Failed;
            }
            d->swapPrepared = true;
        }
        r = pq->execPrepared(conn, kSwapStatement, kValues, values, nullptr, nullptr, 0);
        const char* state = pq->resultErrorField(r, PG_DIAG_SQLSTATE);
        if (attempt == 0 && pq->resultStatus(r) != PGRES_TUPLES_OK && state &&
            qstrcmp(state, "26000") == 0) {
            pq->clear(r);
            d->swapPrepared = false;
            continue;
        }
        break;
    }
    if (pq->resultStatus(r) != PGRES_TUPLES_OK) {
        const QSqlError err = said(r);
        pq->clear(r);
        const QString failure = failed(what, err);
        // One statement is its own transaction: an error the server gives (it always names a
        // SQLSTATE) means it was rolled back. A failure libpq gives itself, or a connection
        // lost on the way, may have taken the answer of a commit with it: the run reconnects
        // and reads what the server holds.
        if (err.nativeErrorCode().isEmpty())
            d->lost = true;
        *words = d->lost ? QStringLiteral("%1. The server did not confirm the commit: after "
                                          "reconnecting, the run shows whether it was recorded.")
                               .arg(failure)
                         : QStringLiteral("%1. Nothing was recorded; the run on the server holds "
                                          "what it held before.")
                               .arg(failure);
        return Swap::Failed;
    }
    const bool moved = pq->ntuples(r) == 1;
    pq->clear(r);
    // Notifications that came in with the answer are libpq's now, where Qt's driver does not
    // look until the socket speaks again: another writer's is passed on here, this one's own
    // is not news.
    bool others = false;
    while (PGnotify* n = pq->notifies(conn)) {
        others = others || n->be_pid != pq->backendPid(conn);
        pq->freemem(n);
    }
    if (others && d->changed)
        QTimer::singleShot(0, db.driver(), d->changed);
    if (moved) {
        *committed = e;
        return Swap::Committed;
    }
    // Another writer's event took the next seq: fold in what the others recorded, then judge
    // this one again.
    QList<Row> rows;
    if (!fetchSince(db, m_lastSeq, &rows, words)) {
        *words = QStringLiteral("%1: %2. Nothing was recorded.").arg(what, *words);
        return Swap::Failed;
    }
    if (rows.isEmpty()) {
        *words = QStringLiteral("%1: the run's head there is not at event %2, yet no event "
                                "follows it: the run was changed on the server outside golive. "
                                "Nothing was recorded; golive verify says what changed.")
                     .arg(what)
                     .arg(m_lastSeq);
        return Swap::Failed;
    }
    foldFetched(db, rows, &d->pending);
    return Swap::Behind;
}

bool ServerRun::appendLocked(QSqlDatabase& db, SignOffEvent& event,
                             const QByteArray* dashboardBytes, SignOffEvent* committed,
                             QString* words, bool* refused)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT head_seq, head_hash FROM golive_runs WHERE run_id = ?"
                             " FOR UPDATE"));
    q.addBindValue(m_runId);
    if (!q.exec() || !q.next()) {
        *words = q.lastError().isValid() ? failed(QStringLiteral("the run's head"), q.lastError())
                                         : QStringLiteral("the run is no longer on the server");
        return false;
    }
    const qint64 headSeq = q.value(0).toLongLong();
    const QByteArray headHash = q.value(1).toString().toLatin1();
    q.finish();
    // The rules are judged against the server's state: first what others appended.
    if (headSeq > m_lastSeq) {
        QList<Row> rows;
        if (!fetchSince(db, m_lastSeq, &rows, words))
            return false;
        foldFetched(db, rows, &d->pending);
    }
    // The next event goes right after the server's head and is chained to it: a head behind
    // the last event held (the run was restored or rows removed while this workstation held
    // them) would leave a gap and a link to an event the server no longer has.
    if (headSeq != m_lastSeq || (headSeq == m_lastSeq && headHash != m_verification.head)) {
        *refused = true;
        *words = QStringLiteral("could not record on %1: the run's head there is at event %2, "
                                "but the last event held here is %3: the run was changed on the "
                                "server outside golive. Nothing was recorded; golive verify says "
                                "what changed.")
                     .arg(m_path)
                     .arg(headSeq)
                     .arg(m_lastSeq);
        return false;
    }
    if (!checkAppend(event, words)) {
        *refused = true;
        return false;
    }
    const std::optional<SignOffEvent> chainedEvent = chained(event, words);
    if (!chainedEvent) {
        *refused = true;
        return false;
    }
    const SignOffEvent& e = *chainedEvent;
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
