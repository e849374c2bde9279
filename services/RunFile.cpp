// The run file: one SQLite database holding the runbook text and the hash-chained ledger.
#include "RunFile.h"

#include "evidence/Evidence.h"

#include "RunbookParser.h"
#include "runfile/ChainCheck.h"
#include "runfile/RunFileCommon.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>
#include <optional>

namespace golive {

using namespace runfile;

struct RunFile::DeferredCheck
{
    QList<Row> rows;
    std::optional<SeenHead> seen;
};

RunFile::RunFile() = default;

RunFile::~RunFile()
{
    if (m_recordPending)
        recordHead(false);
    // Statements first: a connection cannot close while they hold it.
    m_insert.reset();
    m_begin.reset();
    m_commit.reset();
    if (!m_connection.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (db.isOpen())
                db.close(); // the last writer checkpoints the WAL into the file here
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    // Unlock only after the close so the next opener sees a finished file.
    if (m_lock)
        m_lock->unlock();
}

bool RunFile::load(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QHash<QString, QVariant> meta;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT key, value FROM meta"))) {
            fail(error, damaged(m_path, sqlWords(q.lastError())));
            return false;
        }
        while (q.next())
            meta.insert(q.value(0).toString(), q.value(1));
        if (q.lastError().isValid()) {
            fail(error, damaged(m_path, sqlWords(q.lastError())));
            return false;
        }
    }
    if (!loadRunbook(meta, error))
        return false;

    m_headRecordWarning.clear();
    const std::optional<SeenHead> seen = readSeen(m_runId, &m_headRecordWarning);
    QList<Row> rows;
    QString words;
    if (!readRows(db, &rows, &words)) {
        fail(error, damaged(m_path, words));
        return false;
    }
    // The record is what it is: every readable event is folded in, broken ones too; the
    // verification says what cannot be trusted.
    for (const Row& r : std::as_const(rows)) {
        if (!r.known)
            continue;
        m_state.apply(r.event);
        // The roster in force is the one the run's roster changes left: without them a
        // reopened run would judge keys by the roster it was made with (a removed key
        // accepted, an added one refused).
        applyRosterChange(m_roster, r.event);
    }
    m_lastSeq = rows.isEmpty() ? 0 : rows.constLast().event.seq;
    if (m_verifyLater) {
        // What the rows say of themselves, unchecked, until finishVerification(); append()
        // refuses meanwhile.
        m_verification = ChainVerification();
        m_verification.pending = true;
        m_verification.eventCount = rows.size();
        m_verification.head = rows.isEmpty() ? genesisHash() : rows.constLast().hashText.toLatin1();
        m_deferred = std::make_unique<DeferredCheck>(DeferredCheck{std::move(rows), seen});
    } else {
        checkChain(rows, seen);
    }
    return loadDashboards(meta, m_state.events(), error);
}

void RunFile::checkChain(const QList<Row>& rows, const std::optional<SeenHead>& seen)
{
    QSet<QString> acknowledged;
    m_verification = verifyRows(rows, genesisHash(), &acknowledged);
    compareWithSeen(m_runId, m_path, seen, rows, acknowledged, genesisHash(), &m_verification,
                    &m_headRecordWarning);
    if (!m_verification.intact())
        qCWarning(lcLedger).noquote() << shown(m_path) << m_verification.summary();
}

void RunFile::finishVerification()
{
    if (!m_deferred)
        return;
    const std::unique_ptr<DeferredCheck> deferred = std::move(m_deferred);
    checkChain(deferred->rows, deferred->seen);
    qCInfo(lcLedger).noquote() << "verified" << shown(m_path) << "-" << m_verification.summary();
}

ChainVerification RunFile::verify() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    m_headRecordWarning.clear();
    const std::optional<SeenHead> seen = readSeen(m_runId, &m_headRecordWarning);
    QList<Row> rows;
    QString words;
    if (!readRows(db, &rows, &words)) {
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
    compareWithSeen(m_runId, m_path, seen, rows, acknowledged, genesisHash(), &v,
                    &m_headRecordWarning);
    return v;
}

bool RunFile::storedRows(QList<Row>* rows, QString* error) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QString words;
    if (readRows(db, rows, &words))
        return true;
    if (error)
        *error = damaged(m_path, words);
    return false;
}

bool RunFile::append(SignOffEvent& event, QString* error, const QByteArray* dashboardBytes)
{
    if (!prepare(event, error) || !checkAppend(event, error))
        return false;
    // Evidence names bytes this file must already keep (putBlob), at the size it gives.
    if (isEvidence(event.kind) && !checkEvidenceBytes(event, error))
        return false;
    const std::optional<SignOffEvent> chainedEvent = chained(event, error);
    if (!chainedEvent)
        return false;
    const SignOffEvent& e = *chainedEvent;

    QSqlQuery& q = *m_insert;
    q.bindValue(0, e.seq);
    q.bindValue(1, e.timeUtc.toString(kTimeFormat));
    q.bindValue(2, eventKindName(e.kind));
    q.bindValue(3, textOrNull(e.itemId));
    q.bindValue(4, textOrNull(e.fieldKey));
    q.bindValue(5, e.text);
    q.bindValue(6, e.actor.name);
    q.bindValue(7, roleName(e.actor.role));
    q.bindValue(8, e.actor.osUser);
    q.bindValue(9, e.actor.host);
    q.bindValue(10, QString::fromLatin1(e.prevHash));
    q.bindValue(11, QString::fromLatin1(e.hash));
    q.bindValue(12, textOrNull(e.signature.keyType));
    q.bindValue(13, textOrNull(e.signature.keyFingerprint));
    q.bindValue(14, textOrNull(QString::fromLatin1(e.signature.armored)));
    q.bindValue(15, textOrNull(e.snapshot));

    QString words;
    if (!m_begin->exec())
        words = sqlWords(m_begin->lastError());
    else if (e.kind == EventKind::DashboardSet && !storeDashboard(e, dashboardBytes, &words))
        words = QStringLiteral("%1 (the dashboard was not kept)").arg(words);
    else if (!q.exec())
        words = sqlWords(q.lastError());
    else if (!m_commit->exec())
        words = sqlWords(m_commit->lastError());
    if (!words.isEmpty()) {
        QSqlQuery rollback(QSqlDatabase::database(m_connection, false));
        rollback.exec(QStringLiteral("ROLLBACK"));
        fail(error, QStringLiteral("could not save to %1: %2. Nothing was recorded; the run file "
                                   "holds what it held before.")
                        .arg(shown(m_path), words));
        return false;
    }

    // Only now, with the commit on disk, does the run move.
    const bool rebase = fold(e, dashboardBytes);
    event = e;
    // After the commit, and whatever it says: the event is recorded either way. At most once a
    // second while sign-offs come fast (a record costs a file written and renamed, more than the
    // commit itself); the last one is written when the run is closed, and a crash loses at most
    // that second of this computer's record, never an event.
    if (rebase || !m_recorded.isValid() || m_recorded.hasExpired(kRecordIntervalMs))
        recordHead(rebase);
    else
        m_recordPending = true;
    return true;
}

void RunFile::recordHead(bool rebase)
{
    m_recorded.start();
    m_recordPending = false;
    const SeenHead now{m_verification.head, m_verification.eventCount,
                       QDateTime::currentDateTimeUtc(), QFileInfo(m_path).absoluteFilePath()};
    QString words;
    if (HeadRecord::write(m_runId, now, rebase, &words)) {
        m_headRecordWarning.clear();
    } else {
        qCWarning(lcLedger).noquote() << words;
        m_headRecordWarning = words;
    }
}

bool RunFile::checkpoint(QString* error)
{
    if (m_readOnly)
        return true;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
        if (error)
            *error = sqlWords(q.lastError());
        qCWarning(lcLedger).noquote()
            << "checkpoint of" << shown(m_path) << "failed:" << sqlWords(q.lastError());
        return false;
    }
    return true;
}

QString RunFile::pragma(const QString& name) const
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_]+$"));
    if (!plain.match(name).hasMatch())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next())
        return {};
    return q.value(0).toString();
}

} // namespace golive
