// The run file: one SQLite database holding the runbook text and the hash-chained ledger.
#include "RunFile.h"

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

QByteArray RunFile::headHash() const
{
    return m_verification.head;
}

QByteArray RunFile::genesisHash() const
{
    return SignOffEvent::genesisFor(m_runId, m_runbookSha256);
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
    for (const char* key : {"run_id", "runbook_text", "runbook_sha256"}) {
        if (!meta.contains(QLatin1String(key))) {
            fail(error,
                 damaged(m_path, QStringLiteral("its %1 is missing").arg(QLatin1String(key))));
            return false;
        }
    }
    m_runId = meta.value(QStringLiteral("run_id")).toString();
    m_runbookName = meta.value(QStringLiteral("runbook_name")).toString();
    m_runbookText = meta.value(QStringLiteral("runbook_text")).toByteArray();
    m_runbookSha256 = meta.value(QStringLiteral("runbook_sha256")).toString();
    m_created = QDateTime::fromString(meta.value(QStringLiteral("created_utc")).toString(),
                                      Qt::ISODateWithMs)
                    .toUTC();
    const QString actualSha = QString::fromLatin1(
        QCryptographicHash::hash(m_runbookText, QCryptographicHash::Sha256).toHex());
    // Exactly as golive writes it (lower-case hex), as golive-audit.py checks it.
    if (actualSha != m_runbookSha256) {
        fail(error, QStringLiteral("%1: the runbook stored in it does not match its recorded "
                                   "SHA-256 (the embedded runbook was changed after the run "
                                   "was created). golive did not change it.")
                        .arg(shown(m_path)));
        return false;
    }
    // A run made before the rules were versioned has no runbook_rules: it was read with the
    // legacy rules, and is read with them again so its item ids and field keys stay.
    int rules = RunbookParser::LegacyRules;
    if (const QVariant recorded = meta.value(QStringLiteral("runbook_rules")); recorded.isValid()) {
        bool numeric = false;
        rules = recorded.toString().toInt(&numeric);
        if (!numeric || rules < RunbookParser::LegacyRules || rules > RunbookParser::CurrentRules) {
            fail(error, QStringLiteral("%1: its runbook was read with reading rules \"%2\", which "
                                       "this golive does not know (it knows %3 to %4); a newer "
                                       "golive made it. golive did not change it.")
                            .arg(shown(m_path), recorded.toString())
                            .arg(RunbookParser::LegacyRules)
                            .arg(RunbookParser::CurrentRules));
            return false;
        }
    }
    RunbookParseResult parsed = RunbookParser::parse(m_runbookText, m_runbookName, rules);
    if (!parsed.ok()) {
        QStringList lines;
        for (const Diagnostic& d : std::as_const(parsed.diagnostics)) {
            if (d.severity == Diagnostic::Severity::Error)
                lines.append(d.toString());
        }
        fail(error, QStringLiteral("the runbook stored in %1 does not read in this golive:\n%2\n"
                                   "golive did not change the file.")
                        .arg(shown(m_path), lines.join(QLatin1Char('\n'))));
        return false;
    }
    m_runbook = std::move(parsed.runbook);
    m_state.reset(&m_runbook);

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
        if (r.known)
            m_state.apply(r.event);
    }
    QSet<QString> acknowledged;
    m_verification = verifyRows(rows, genesisHash(), &acknowledged);
    compareWithSeen(m_runId, m_path, seen, rows, acknowledged, genesisHash(), &m_verification,
                    &m_headRecordWarning);
    m_lastSeq = rows.isEmpty() ? 0 : rows.constLast().event.seq;
    if (!loadDashboards(meta, m_state.events(), error))
        return false;
    if (!m_verification.intact())
        qCWarning(lcLedger).noquote() << shown(m_path) << m_verification.summary();
    return true;
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

bool RunFile::append(SignOffEvent& event, QString* error, const QByteArray* dashboardBytes)
{
    if (m_readOnly) {
        fail(error, QStringLiteral("%1 is open read-only: sign-offs are disabled. Nothing was "
                                   "recorded.")
                        .arg(shown(m_path)));
        return false;
    }
    if (!m_verification.unacknowledged.isEmpty() &&
        event.kind != EventKind::ChainBreakAcknowledged) {
        const ChainBreak& b = m_verification.unacknowledged.constFirst();
        const QString what = b.wentBack
                                 ? QStringLiteral("the ledger is not intact (%1)").arg(b.problem)
                                 : QStringLiteral("the ledger is broken at event #%1 (%2)")
                                       .arg(b.seq)
                                       .arg(b.problem);
        fail(error, QStringLiteral("%1; acknowledge it first (in the window: Run > Acknowledge "
                                   "ledger break\u2026). Nothing was recorded.")
                        .arg(what));
        return false;
    }
    if (!m_state.validate(event, error))
        return false;
    if (event.kind == EventKind::ChainBreakAcknowledged) {
        // An acknowledgement accepts exactly the breaks it names, and must name every one
        // there is now: nothing more (a later break is not covered) and nothing stale.
        const QString expected = m_verification.acknowledgementKey();
        if (expected.isEmpty()) {
            fail(error, QStringLiteral("the ledger of %1 has no unacknowledged break, so there "
                                       "is nothing to acknowledge. Nothing was recorded.")
                            .arg(shown(m_path)));
            return false;
        }
        if (event.fieldKey != expected) {
            fail(error, QStringLiteral("this acknowledgement names the breaks \"%1\", but the "
                                       "unacknowledged breaks are \"%2\" now; review them again. "
                                       "Nothing was recorded.")
                            .arg(event.fieldKey, expected));
            return false;
        }
    }

    SignOffEvent e = event;
    e.timeUtc = e.timeUtc.isValid() ? e.timeUtc.toUTC() : QDateTime::currentDateTimeUtc();
    e.seq = m_lastSeq + 1;
    e.prevHash = m_verification.head;
    e.hash = e.computeHash();

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
    m_state.apply(e);
    if (e.kind == EventKind::DashboardSet) {
        RunDashboardVersion v = RunDashboardVersion::of(*dashboardBytes, e.text);
        v.seq = e.seq;
        m_dashboards.append(v);
    }
    m_lastSeq = e.seq;
    m_verification.eventCount += 1;
    m_verification.head = e.hash;
    bool rebase = false;
    if (e.kind == EventKind::ChainBreakAcknowledged) {
        // It names exactly the unacknowledged breaks (checked above), all before it.
        for (ChainBreak& b : m_verification.breaks) {
            if (b.acknowledgedBy == 0)
                b.acknowledgedBy = e.seq;
        }
        // A run that went backwards, once acknowledged, is what this computer follows from now
        // on; the acknowledgement keeps which head and count were seen before.
        rebase = std::any_of(m_verification.unacknowledged.cbegin(),
                             m_verification.unacknowledged.cend(),
                             [](const ChainBreak& b) { return b.wentBack; });
        m_verification.unacknowledged.clear();
    }
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
