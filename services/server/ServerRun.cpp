// A run on a PostgreSQL server: opening, creating, reading and appending; see ServerRun.h.
#include "ServerRun.h"

#include "Dashboard.h"
#include "RunbookParser.h"
#include "ServerRunCommon.h"
#include "ServerSchema.h"
#include "runfile/RunFileCommon.h"

#include <QCryptographicHash>
#include <QSqlDriver>

namespace golive {

using namespace runfile;

namespace {

// What people read for the run: the URI without its password.
QString whereOf(const ServerLocation& loc)
{
    return QStringLiteral("%1/%2").arg(loc.host(), loc.database());
}

} // namespace

namespace server {

QString sqlText(const QSqlError& e)
{
    QString w = e.databaseText().trimmed();
    if (w.isEmpty())
        w = e.text().trimmed();
    return w.isEmpty() ? QStringLiteral("unknown PostgreSQL error") : w.simplified();
}

} // namespace server

const int ServerRun::SchemaVersion = server::kSchemaVersion;

ServerRun::ServerRun() : d(std::make_unique<Private>()) {}

ServerRun::~ServerRun()
{
    if (d->recordPending)
        recordHead(false);
    if (d->announced)
        forget();
}

QString ServerRun::runName() const
{
    return d->location.runName();
}

QString ServerRun::channel() const
{
    return QStringLiteral("golive_") + QString(m_runId).remove(QLatin1Char('-')).toLower();
}

QString ServerRun::seenKey() const
{
    // Not the run id alone: a published run file keeps its id, and the server's run going on
    // from it must not make the file look as if it had gone backwards (nor the other way).
    return QStringLiteral("%1 on %2/%3").arg(m_runId, d->location.host(), d->location.database());
}

QString ServerRun::host() const
{
    return d->location.host();
}

QString ServerRun::failed(const QString& what, const QSqlError& e)
{
    if (d->connection->isLost(e))
        d->lost = true;
    return QStringLiteral("%1: %2").arg(what, d->connection->words(e));
}

std::unique_ptr<ServerRun> ServerRun::open(const QString& uri, Access access, QString* error,
                                           QString* warning)
{
    if (warning)
        warning->clear();
    std::unique_ptr<ServerRun> run(new ServerRun);
    if (!ServerLocation::parse(uri, &run->d->location, error))
        return nullptr;
    const ServerLocation& loc = run->d->location;
    run->m_path = loc.shown();
    if (loc.runName().isEmpty())
        return fail(error, QStringLiteral("%1 names no run: add ?run=NAME (golive runs %1 "
                                          "lists them)")
                               .arg(loc.shown()));
    run->d->connection = std::make_unique<ServerConnection>(loc);
    if (!run->d->connection->open(error))
        return nullptr;
    QSqlDatabase db = run->d->connection->db();
    if (!server::checkSchema(db, whereOf(loc), loc.withRun({}).shown(), error))
        return nullptr;
    if (!run->load(db, loc.runName(), true, error))
        return nullptr;
    if (!run->chooseAccess(db, access, warning, error))
        return nullptr;
    qCInfo(lcLedger).noquote() << "opened server run" << run->m_path
                               << (run->m_readOnly ? "read-only" : "read-write");
    return run;
}

bool ServerRun::chooseAccess(QSqlDatabase& db, Access access, QString* warning, QString* error)
{
    m_readOnly = access == Access::ReadOnly;
    if (m_readOnly)
        return true;
    QSqlQuery q(db);
    // The least a writer needs (docs/postgresql.md grants it): rows added to the events and
    // the meta values, and the head columns of the run's row moved on (its lock, too).
    if (!q.exec(QStringLiteral("SELECT has_table_privilege('golive_events', 'INSERT') AND"
                               " has_table_privilege('golive_run_meta', 'INSERT') AND"
                               " has_column_privilege('golive_runs', 'head_seq', 'UPDATE') AND"
                               " has_column_privilege('golive_runs', 'head_hash', 'UPDATE') AND"
                               " has_column_privilege('golive_runs', 'last_event_utc',"
                               " 'UPDATE')")) ||
        !q.next())
        return refuse(error,
                      failed(QStringLiteral("could not read the role's rights"), q.lastError()));
    if (q.value(0).toBool())
        return true;
    const QString why =
        QStringLiteral("the role %1 may not write runs on %2 (it lacks INSERT on golive_events or "
                       "golive_run_meta, or UPDATE of golive_runs' head)")
            .arg(d->location.user(), d->location.host());
    if (access == Access::ReadWrite)
        return refuse(error, QStringLiteral("%1; nothing can be recorded with it. Ask the "
                                            "database's owner for the grants in "
                                            "docs/postgresql.md.")
                                 .arg(why));
    m_readOnly = true;
    if (warning)
        *warning =
            QStringLiteral("%1: showing %2 read-only, sign-offs are disabled").arg(why, m_path);
    return true;
}

bool ServerRun::load(QSqlDatabase& db, const QString& name, bool compareSeen, QString* error,
                     const QString& expectedRunId, QSet<QString>* acknowledgedOut)
{
    const ServerLocation& loc = d->location;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT run_id FROM golive_runs WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return refuse(error, failed(QStringLiteral("could not read the runs"), q.lastError()));
    if (!q.next()) {
        QStringList names;
        if (q.exec(QStringLiteral("SELECT name FROM golive_runs ORDER BY name"))) {
            while (q.next())
                names.append(q.value(0).toString());
        }
        return refuse(error, names.isEmpty()
                                 ? QStringLiteral("%1 has no run named \"%2\"; it has no runs yet "
                                                  "(golive new --out URI?run=NAME makes one)")
                                       .arg(whereOf(loc), name)
                                 : QStringLiteral("%1 has no run named \"%2\"; the runs there: %3")
                                       .arg(whereOf(loc), name, names.join(QStringLiteral(", "))));
    }
    const QString runId = q.value(0).toString();
    if (!expectedRunId.isEmpty() && runId.compare(expectedRunId, Qt::CaseInsensitive) != 0)
        return refuse(error, QStringLiteral("%1: the run named \"%2\" there is another run now "
                                            "(its id is %3, not %4); open it again to see it")
                                 .arg(whereOf(loc), name, runId, expectedRunId));
    QHash<QString, QVariant> meta;
    q.prepare(QStringLiteral("SELECT key, value FROM golive_run_meta WHERE run_id = ?"));
    q.addBindValue(runId);
    if (!q.exec())
        return refuse(error, failed(QStringLiteral("could not read the run"), q.lastError()));
    while (q.next())
        meta.insert(q.value(0).toString(), q.value(1));
    if (!loadRunbook(meta, error))
        return false;
    if (m_runId.compare(runId, Qt::CaseInsensitive) != 0)
        return refuse(error, QStringLiteral("%1: its meta values name the run id %2, its row %3; "
                                            "golive did not change it")
                                 .arg(m_path, m_runId, runId));
    m_headRecordWarning.clear();
    const std::optional<SeenHead> seen =
        compareSeen ? readSeen(seenKey(), &m_headRecordWarning) : std::nullopt;
    QList<Row> rows;
    QString words;
    if (!fetchSince(db, 0, &rows, &words))
        return refuse(error, words);
    for (const Row& r : std::as_const(rows)) {
        if (!r.known)
            continue;
        m_state.apply(r.event);
        // The roster in force is the one the run's roster changes left: without them a
        // reopened run would judge keys by the roster it was made with (a removed key
        // accepted, an added one refused).
        applyRosterChange(m_roster, r.event);
    }
    QSet<QString> acknowledged;
    m_verification = verifyRows(rows, genesisHash(), &acknowledged);
    if (compareSeen)
        compareWithSeen(seenKey(), m_path, seen, rows, acknowledged, genesisHash(), &m_verification,
                        &m_headRecordWarning);
    m_lastSeq = rows.isEmpty() ? 0 : rows.constLast().event.seq;
    if (acknowledgedOut)
        *acknowledgedOut = acknowledged;
    if (!loadDashboards(meta, error))
        return false;
    if (!m_verification.intact())
        qCWarning(lcLedger).noquote() << m_path << m_verification.summary();
    return true;
}

bool ServerRun::loadDashboards(const QHash<QString, QVariant>& meta, QString* error)
{
    m_dashboards.clear();
    if (meta.contains(QStringLiteral("dashboard_text"))) {
        const QString name = meta.value(QStringLiteral("dashboard_name")).toString();
        const RunDashboardVersion v = RunDashboardVersion::of(
            meta.value(QStringLiteral("dashboard_text")).toByteArray(), name);
        if (v.sha256 != meta.value(QStringLiteral("dashboard_sha256")).toString())
            return refuse(error, QStringLiteral("%1: the dashboard %2 stored in it does not match "
                                                "its recorded SHA-256; golive did not change it")
                                     .arg(m_path, name));
        m_dashboards.append(v);
    }
    for (const SignOffEvent& e : m_state.events()) {
        if (e.kind != EventKind::DashboardSet)
            continue;
        const QVariant stored = meta.value(server::dashboardKey(e.fieldKey));
        RunDashboardVersion v = RunDashboardVersion::of(stored.toByteArray(), e.text);
        v.seq = e.seq;
        if (!stored.isValid() || v.sha256 != e.fieldKey)
            return refuse(error, QStringLiteral("%1: the dashboard %2 that event #%3 made the "
                                                "run's is missing or does not match its recorded "
                                                "SHA-256; golive did not change it")
                                     .arg(m_path, e.text)
                                     .arg(e.seq));
        m_dashboards.append(v);
    }
    return true;
}

bool ServerRun::fetchSince(QSqlDatabase& db, qint64 after, QList<Row>* rows, QString* words) const
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM golive_events WHERE run_id = ? AND seq > ?"
                             " ORDER BY seq")
                  .arg(server::kEventColumns));
    q.addBindValue(m_runId);
    q.addBindValue(after);
    if (!q.exec()) {
        if (d->connection->isLost(q.lastError()))
            d->lost = true;
        *words = QStringLiteral("could not read the events of %1: %2")
                     .arg(m_path, d->connection->words(q.lastError()));
        return false;
    }
    QString w;
    if (!readRows(q, rows, &w)) {
        *words = QStringLiteral("could not read the events of %1: %2: %3")
                     .arg(m_path, d->location.host(), w);
        return false;
    }
    return true;
}

void ServerRun::foldFetched(QSqlDatabase& db, const QList<Row>& rows, QList<SignOffEvent>* folded)
{
    for (const Row& r : rows) {
        const QString problem =
            rowProblem(r, m_lastSeq + 1, QString::fromLatin1(m_verification.head));
        if (!problem.isEmpty()) {
            const ChainBreak b{r.event.seq, problem, rowContentHash(r), 0};
            qCWarning(lcLedger).noquote()
                << m_path << "ledger broken at event" << r.event.seq << problem;
            m_verification.breaks.append(b);
            m_verification.unacknowledged.append(b);
        }
        if (!r.known) {
            m_lastSeq = r.event.seq;
            m_verification.eventCount += 1;
            m_verification.head = r.hashText.toLatin1();
            continue;
        }
        std::optional<QByteArray> bytes;
        if (r.event.kind == EventKind::DashboardSet) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT value FROM golive_run_meta WHERE run_id = ? AND"
                                     " key = ?"));
            q.addBindValue(m_runId);
            q.addBindValue(server::dashboardKey(r.event.fieldKey));
            if (q.exec() && q.next())
                bytes = q.value(0).toByteArray();
        }
        if (fold(r.event, bytes ? &*bytes : nullptr, problem.isEmpty()))
            recordHead(true);
        folded->append(r.event);
    }
}

ChainVerification ServerRun::verify() const
{
    m_headRecordWarning.clear();
    const std::optional<SeenHead> seen = readSeen(seenKey(), &m_headRecordWarning);
    QList<Row> rows;
    QString words;
    QSqlDatabase db = d->connection->db();
    if (!fetchSince(db, 0, &rows, &words)) {
        ChainVerification v;
        ChainBreak b;
        b.seq = m_lastSeq;
        b.problem = QStringLiteral("the ledger could not be read: %1").arg(words);
        v.breaks.append(b);
        v.head = m_verification.head;
        v.unacknowledged = v.breaks;
        return v;
    }
    QSet<QString> acknowledged;
    ChainVerification v = verifyRows(rows, genesisHash(), &acknowledged);
    compareWithSeen(seenKey(), m_path, seen, rows, acknowledged, genesisHash(), &v,
                    &m_headRecordWarning);
    return v;
}

bool ServerRun::storedRows(QList<Row>* rows, QString* error) const
{
    QString words;
    QSqlDatabase db = d->connection->db();
    if (fetchSince(db, 0, rows, &words))
        return true;
    if (error)
        *error = words;
    return false;
}

bool ServerRun::checkpoint(QString*)
{
    return true; // a commit on the server is already where it stays
}

bool ServerRun::catchUp(QList<SignOffEvent>* fresh, QString* error)
{
    QList<SignOffEvent> got = std::exchange(d->pending, {});
    QList<Row> rows;
    QString words;
    QSqlDatabase db = d->connection->db();
    if (d->lost || !fetchSince(db, m_lastSeq, &rows, &words)) {
        d->pending = got; // still to be shown
        if (words.isEmpty())
            words = QStringLiteral("the connection to %1 was lost; reconnect first")
                        .arg(d->location.host());
        if (fresh)
            fresh->clear();
        return refuse(error, words);
    }
    foldFetched(db, rows, &got);
    if (!rows.isEmpty())
        noteHead(false);
    if (fresh)
        *fresh = got;
    return true;
}

void ServerRun::noteHead(bool rebase)
{
    // At most once a second while events come fast; the last is written when the run closes.
    constexpr qint64 kRecordIntervalMs = 1000;
    if (!rebase && d->recorded.isValid() && !d->recorded.hasExpired(kRecordIntervalMs))
        d->recordPending = true;
    else
        recordHead(rebase);
}

void ServerRun::recordHead(bool rebase)
{
    d->recorded.start();
    d->recordPending = false;
    const SeenHead now{m_verification.head, m_verification.eventCount,
                       QDateTime::currentDateTimeUtc(), m_path};
    QString words;
    if (HeadRecord::write(seenKey(), now, rebase, &words)) {
        m_headRecordWarning.clear();
    } else {
        qCWarning(lcLedger).noquote() << words;
        m_headRecordWarning = words;
    }
}

} // namespace golive
