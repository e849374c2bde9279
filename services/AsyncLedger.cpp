// The worker that owns the run in its own thread, and the UI-side handle that talks to it.
#include "AsyncLedger.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSysInfo>
#include <QTimer>

#include <memory>

namespace golive {

namespace {
Q_LOGGING_CATEGORY(lcLedger, "golive.ledger")
}

// Lives in the ledger thread: QSqlDatabase connections may only be used by the thread that
// made them, so the run is opened, written, followed and closed here. The thread has its own
// event loop: a server run's notifications and the timers below arrive on it.
class LedgerWorker : public QObject
{
    Q_OBJECT
public:
    LedgerWorker()
    {
        // Children, so they move to the ledger thread with the worker.
        for (QTimer* t : {&m_checkpoint, &m_poll, &m_heartbeat, &m_retry, &m_catchUpSoon})
            t->setParent(this);
        m_checkpoint.setSingleShot(true);
        m_checkpoint.setInterval(AsyncLedger::CheckpointDelayMs);
        connect(&m_checkpoint, &QTimer::timeout, this, [this] {
            if (m_file)
                m_file->checkpoint();
        });
        // The slow poll backs the notifications up: a notification lost with a dropped
        // connection, or one the server never sent, costs at most this long.
        m_poll.setInterval(AsyncLedger::PollMs);
        connect(&m_poll, &QTimer::timeout, this, &LedgerWorker::catchUpNow);
        m_heartbeat.setInterval(AsyncLedger::HeartbeatMs);
        connect(&m_heartbeat, &QTimer::timeout, this, &LedgerWorker::heartbeat);
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &LedgerWorker::tryReconnect);
        // A burst of notifications (another window recording ten events) is one fetch.
        m_catchUpSoon.setSingleShot(true);
        m_catchUpSoon.setInterval(0);
        connect(&m_catchUpSoon, &QTimer::timeout, this, &LedgerWorker::catchUpNow);
    }

    void open(const QString& path, RunLedger::Access access)
    {
        close(); // unlocks the previous run before the next is opened
        QString error;
        QString warning;
        // The window gets the run as soon as its events are folded, and shows it saying it is
        // verifying; the chain is checked right after, here, before any append queued behind
        // this open can run.
        m_file = RunLedger::open(path, access, &error, &warning, 0, RunLedger::VerifyAt::Later);
        if (!m_file) {
            emit openFailed(error);
            return;
        }
        m_openWarning = warning;
        emit opened(snapshot(warning));
        if (m_file->verificationPending()) {
            m_file->finishVerification();
            emit verificationChanged(m_file->verification());
        }
        if (m_file->isShared())
            startFollowing();
    }

    void append(SignOffEvent event)
    {
        if (!m_file) {
            emit appendFailed(event, QStringLiteral("no run is open; nothing was recorded"));
            return;
        }
        const SignOffEvent given = event;
        QString error;
        const bool ok = m_file->append(event, &error);
        if (ok) {
            m_checkpoint.start(); // restarted by every append: fires once the queue is idle
            // A shared run's append may have fetched what others recorded just before it:
            // those go to the window first, as others' events, then this one as its own.
            if (m_file->isShared()) {
                reportFresh(event.seq);
                m_reportedSeq = qMax(m_reportedSeq, event.seq);
            }
            emit appended(event);
            return;
        }
        qCInfo(lcLedger).noquote() << "sign-off refused:" << error;
        emit appendFailed(given, error);
        if (!m_file->isShared())
            return;
        if (!m_file->isConnected())
            lost(error);
        else
            catchUpNow(); // refused by the server's state: show the window that state
    }

    void appendWithFile(SignOffEvent event, const QString& path, qint64 maxBytes, bool removeAfter)
    {
        if (!m_file) {
            emit appendFailed(event, QStringLiteral("no run is open; nothing was recorded"));
            return;
        }
        const SignOffEvent given = event;
        QFile source(path);
        QString error;
        bool ok = false;
        if (!source.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("%1 cannot be read (%2); nothing was recorded")
                        .arg(path, source.errorString());
        } else {
            ok = m_file->appendWithBlob(event, &source, QFileInfo(path).fileName(), maxBytes,
                                        &error, [this, &given](qint64 bytesRead) {
                                            emit blobProgress(given.itemId, bytesRead);
                                            return true;
                                        });
            source.close();
        }
        if (ok) {
            m_checkpoint.start();
            if (m_file->isShared()) {
                reportFresh(event.seq);
                m_reportedSeq = qMax(m_reportedSeq, event.seq);
            }
            // The spool was golive's own copy of what is now in the run.
            if (removeAfter && !QFile::remove(path))
                qCWarning(lcLedger).noquote() << "could not remove the spool" << path;
            emit appended(event);
            return;
        }
        qCInfo(lcLedger).noquote() << "evidence refused:" << error;
        emit appendFailed(given, error);
        if (m_file->isShared() && !m_file->isConnected())
            lost(error);
    }

    void readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes)
    {
        if (!m_file) {
            emit blobRead(requestId, sha256, {}, false, QStringLiteral("no run is open"));
            return;
        }
        QByteArray bytes;
        bool cut = false;
        QString error;
        const bool ok = m_file->readBlob(
            sha256,
            [&](const QByteArray& chunk) {
                const qint64 room = maxBytes - bytes.size();
                if (chunk.size() > room) {
                    bytes.append(chunk.first(qMax<qint64>(room, 0)));
                    cut = true;
                    return false;
                }
                bytes.append(chunk);
                return true;
            },
            &error);
        if (!ok)
            bytes.clear(); // not the evidence: never shown as if it were
        emit blobRead(requestId, sha256, bytes, ok && !cut, error);
    }

    void readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole)
    {
        if (!m_file) {
            EvidencePreview none;
            none.status = EvidencePreview::Status::Unreadable;
            none.error = QStringLiteral("no run is open");
            emit evidencePreviewRead(requestId, sha256, none);
            return;
        }
        emit evidencePreviewRead(requestId, sha256,
                                 golive::readEvidencePreview(*m_file, sha256, wantWhole));
    }

    void saveBlob(quint64 requestId, const QString& sha256, const QString& path)
    {
        if (!m_file) {
            emit blobSaved(requestId, path, QStringLiteral("no run is open"));
            return;
        }
        // Streamed into a temporary file beside the target, checked, synced, then moved
        // over it: a failure leaves nothing new at `path`.
        QSaveFile out(path);
        QString error;
        if (!out.open(QIODevice::WriteOnly)) {
            emit blobSaved(
                requestId, path,
                QStringLiteral("%1 cannot be written (%2)").arg(path, out.errorString()));
            return;
        }
        bool wrote = true;
        const bool ok = m_file->readBlob(
            sha256,
            [&](const QByteArray& chunk) {
                wrote = out.write(chunk) == chunk.size();
                return wrote;
            },
            &error);
        if (!ok || !wrote) {
            out.cancelWriting();
            emit blobSaved(requestId, path,
                           !ok ? error
                               : QStringLiteral("%1 could not be written (%2); nothing was saved")
                                     .arg(path, out.errorString()));
            return;
        }
        if (!out.commit()) {
            emit blobSaved(requestId, path,
                           QStringLiteral("%1 could not be written (%2); nothing was saved")
                               .arg(path, out.errorString()));
            return;
        }
        emit blobSaved(requestId, path, QString());
    }

    void close()
    {
        m_checkpoint.stop();
        // Saying goodbye is a statement over the network, and the window waits for close()
        // when it goes: skipped when the server is known to be away (the presence row ages
        // out by itself); otherwise bounded by libpq's keepalives and tcp_user_timeout.
        const bool reachable = m_connected;
        stopFollowing();
        if (m_file) {
            if (m_file->isShared() && reachable && m_file->isConnected())
                m_file->forget();
            m_file->checkpoint();
        }
        m_file.reset();
    }

    void setPresence(const Presence& me)
    {
        m_me = me;
        if (m_file && m_file->isShared() && m_connected)
            heartbeat();
    }

signals:
    void opened(const golive::RunSnapshot& snapshot);
    void openFailed(const QString& error);
    void appended(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);
    void appendedElsewhere(const QList<golive::SignOffEvent>& events);
    void blobProgress(const QString& itemId, qint64 bytesRead);
    void blobRead(quint64 requestId, const QString& sha256, const QByteArray& bytes, bool whole,
                  const QString& error);
    void blobSaved(quint64 requestId, const QString& path, const QString& error);
    void evidencePreviewRead(quint64 requestId, const QString& sha256,
                             const golive::EvidencePreview& preview);
    void connectionLost(const QString& host, const QDateTime& sinceUtc, const QString& error);
    void connectionRestored(const golive::ChainVerification& verification);
    void verificationChanged(const golive::ChainVerification& verification);
    void presenceChanged(const QList<golive::Presence>& present);

private:
    RunSnapshot snapshot(const QString& warning) const
    {
        RunSnapshot s;
        s.path = m_file->path();
        s.runId = m_file->runId();
        s.readOnly = m_file->isReadOnly();
        s.warning = warning;
        s.runbookText = m_file->runbookText();
        s.runbookName = m_file->runbookName();
        s.runbook = m_file->runbook();
        s.runbookSha256 = m_file->runbookSha256();
        s.initialRoster = m_file->initialRoster();
        s.roster = m_file->roster();
        s.dashboards = m_file->dashboardVersions();
        if (!s.dashboards.isEmpty())
            s.dashboard = Dashboard::fromJson(s.dashboards.constLast().bytes,
                                              s.dashboards.constLast().name, &s.dashboardError);
        s.events = m_file->events();
        s.verification = m_file->verification();
        s.shared = m_file->isShared();
        s.host = m_file->host();
        return s;
    }

    void startFollowing()
    {
        m_connected = true;
        m_retryMs = AsyncLedger::FirstRetryMs;
        m_openedUtc = QDateTime::currentDateTimeUtc();
        m_reportedSeq = m_file->events().isEmpty() ? 0 : m_file->events().constLast().seq;
        m_breaksSeen = breaksOf(m_file->verification());
        // Without notifications the poll alone keeps the window current.
        if (!m_file->watch([this] { m_catchUpSoon.start(); }))
            qCInfo(lcLedger) << "no notifications from" << m_file->host() << "; polling";
        m_poll.start();
        m_heartbeat.start();
        heartbeat();
    }

    void stopFollowing()
    {
        for (QTimer* t : {&m_poll, &m_heartbeat, &m_retry, &m_catchUpSoon})
            t->stop();
        m_connected = true;
        m_reportedSeq = 0;
    }

    // Fetches what others recorded since the last event held and passes it on.
    void catchUpNow()
    {
        if (!m_file || !m_file->isShared() || !m_connected)
            return;
        QList<SignOffEvent> fresh;
        QString error;
        if (!m_file->catchUp(&fresh, &error)) {
            if (!m_file->isConnected()) {
                lost(error);
                return;
            }
            qCWarning(lcLedger).noquote() << "catching up failed:" << error;
        }
        reportFresh();
        refreshPresence();
    }

    // Every event the run holds past the last one the window was given (but `own`, which
    // append() reports itself), as others' events; and the chain's breaks when they changed.
    void reportFresh(qint64 own = 0)
    {
        const QList<SignOffEvent>& all = m_file->events();
        qsizetype first = all.size();
        while (first > 0 && all.at(first - 1).seq > m_reportedSeq)
            --first;
        QList<SignOffEvent> fresh;
        for (qsizetype i = first; i < all.size(); ++i) {
            if (all.at(i).seq != own)
                fresh << all.at(i);
        }
        if (!fresh.isEmpty()) {
            m_reportedSeq = qMax(m_reportedSeq, fresh.constLast().seq);
            emit appendedElsewhere(fresh);
        }
        const QStringList breaks = breaksOf(m_file->verification());
        if (breaks != m_breaksSeen) {
            m_breaksSeen = breaks;
            emit verificationChanged(m_file->verification());
        }
    }

    static QStringList breaksOf(const ChainVerification& v)
    {
        QStringList out;
        for (const ChainBreak& b : v.unacknowledged)
            out << QStringLiteral("%1:%2").arg(b.seq).arg(QString::fromLatin1(b.contentHash));
        return out;
    }

    void heartbeat()
    {
        if (!m_file || !m_file->isShared() || !m_connected)
            return;
        Presence me = m_me;
        // Nobody chosen yet is announced with an empty name, not a missing one: the server
        // keeps a name for every workstation.
        if (me.name.isNull())
            me.name = QLatin1String("");
        me.host = QSysInfo::machineHostName();
        me.osUser = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
        me.sinceUtc = m_openedUtc;
        me.lastSeenUtc = QDateTime::currentDateTimeUtc();
        QString error;
        if (!m_file->announce(me, &error)) {
            if (!m_file->isConnected()) {
                lost(error);
                return;
            }
            qCWarning(lcLedger).noquote() << "announcing this workstation failed:" << error;
        }
        refreshPresence();
    }

    void refreshPresence()
    {
        QString error;
        const QList<Presence> present = m_file->present(&error);
        if (!error.isEmpty()) {
            if (!m_file->isConnected())
                lost(error);
            return;
        }
        emit presenceChanged(present);
    }

    // The connection is gone: the window goes read-only and the worker tries again, waiting
    // FirstRetryMs, then twice as long after each failure, up to LastRetryMs.
    void lost(const QString& error)
    {
        if (!m_connected)
            return;
        m_connected = false;
        m_lostUtc = QDateTime::currentDateTimeUtc();
        m_poll.stop();
        m_heartbeat.stop();
        m_catchUpSoon.stop();
        m_retryMs = AsyncLedger::FirstRetryMs;
        qCWarning(lcLedger).noquote() << "lost the connection to" << m_file->host() << ":" << error;
        emit connectionLost(m_file->host(), m_lostUtc, error);
        m_retry.start(m_retryMs);
    }

    void tryReconnect()
    {
        if (!m_file || m_connected)
            return;
        QString error;
        const int reloads = m_file->reloads();
        if (!m_file->reconnect(&error)) {
            m_retryMs = qMin(m_retryMs * 2, AsyncLedger::LastRetryMs);
            qCInfo(lcLedger).noquote() << "still no connection to" << m_file->host() << ":" << error
                                       << "; trying again in" << m_retryMs << "ms";
            m_retry.start(m_retryMs);
            return;
        }
        m_connected = true;
        qCInfo(lcLedger) << "connected again to" << m_file->host();
        if (m_file->reloads() != reloads) {
            // The run was read again whole (it went backwards or changed while away): what the
            // window holds describes events the server no longer has, so it takes the run
            // afresh, as when it was opened.
            m_reportedSeq = m_file->events().isEmpty() ? 0 : m_file->events().constLast().seq;
            emit opened(snapshot(m_openWarning));
        }
        // reconnect() verified the chain again: its breaks, whatever they were before.
        m_breaksSeen = breaksOf(m_file->verification());
        emit connectionRestored(m_file->verification());
        m_poll.start();
        m_heartbeat.start();
        catchUpNow();
        heartbeat();
    }

    std::unique_ptr<RunLedger> m_file;
    QTimer m_checkpoint;
    QTimer m_poll;
    QTimer m_heartbeat;
    QTimer m_retry;
    QTimer m_catchUpSoon;
    bool m_connected = true;
    int m_retryMs = AsyncLedger::FirstRetryMs;
    qint64 m_reportedSeq = 0; // the last event the window was given
    QStringList m_breaksSeen; // the unacknowledged breaks the window was told of
    Presence m_me;
    QDateTime m_openedUtc;
    QDateTime m_lostUtc;
    QString m_openWarning; // the open's warning, shown again when the run is read again whole
};

AsyncLedger::AsyncLedger(QObject* parent) : QObject(parent), m_worker(new LedgerWorker)
{
    qRegisterMetaType<golive::RunSnapshot>();
    qRegisterMetaType<golive::SignOffEvent>();
    qRegisterMetaType<golive::ChainVerification>();
    qRegisterMetaType<golive::Presence>();
    qRegisterMetaType<QList<golive::SignOffEvent>>();
    qRegisterMetaType<QList<golive::Presence>>();
    qRegisterMetaType<golive::EvidencePreview>();
    m_thread.setObjectName(QStringLiteral("golive-ledger"));
    m_worker->moveToThread(&m_thread);
    // Worker signals cross back to this object's thread as queued calls.
    connect(m_worker, &LedgerWorker::opened, this, &AsyncLedger::opened);
    connect(m_worker, &LedgerWorker::openFailed, this, &AsyncLedger::openFailed);
    connect(m_worker, &LedgerWorker::appended, this, &AsyncLedger::appended);
    connect(m_worker, &LedgerWorker::appendFailed, this, &AsyncLedger::appendFailed);
    connect(m_worker, &LedgerWorker::appendedElsewhere, this, &AsyncLedger::appendedElsewhere);
    connect(m_worker, &LedgerWorker::blobProgress, this, &AsyncLedger::blobProgress);
    connect(m_worker, &LedgerWorker::blobRead, this, &AsyncLedger::blobRead);
    connect(m_worker, &LedgerWorker::blobSaved, this, &AsyncLedger::blobSaved);
    connect(m_worker, &LedgerWorker::evidencePreviewRead, this, &AsyncLedger::evidencePreviewRead);
    connect(m_worker, &LedgerWorker::connectionLost, this, &AsyncLedger::connectionLost);
    connect(m_worker, &LedgerWorker::connectionRestored, this, &AsyncLedger::connectionRestored);
    connect(m_worker, &LedgerWorker::verificationChanged, this, &AsyncLedger::verificationChanged);
    connect(m_worker, &LedgerWorker::presenceChanged, this, &AsyncLedger::presenceChanged);
    m_thread.start();
}

AsyncLedger::~AsyncLedger()
{
    // Blocking, and behind every append already queued: each one still reaches the disk, then
    // the file is closed (and unlocked) in the thread that opened it. quit() alone would drop
    // the queue.
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has finished, so deleting it here is safe
}

void AsyncLedger::open(const QString& path, RunLedger::Access access)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, path, access] { w->open(path, access); }, Qt::QueuedConnection);
}

void AsyncLedger::append(const SignOffEvent& event)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, event] { w->append(event); }, Qt::QueuedConnection);
}

void AsyncLedger::appendWithFile(const SignOffEvent& event, const QString& path, qint64 maxBytes,
                                 bool removeAfter)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, event, path, maxBytes, removeAfter] {
            w->appendWithFile(event, path, maxBytes, removeAfter);
        },
        Qt::QueuedConnection);
}

void AsyncLedger::readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, requestId, sha256, maxBytes] { w->readBlob(requestId, sha256, maxBytes); },
        Qt::QueuedConnection);
}

void AsyncLedger::readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, requestId, sha256, wantWhole] {
            w->readEvidencePreview(requestId, sha256, wantWhole);
        },
        Qt::QueuedConnection);
}

void AsyncLedger::saveBlob(quint64 requestId, const QString& sha256, const QString& path)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId, sha256, path] { w->saveBlob(requestId, sha256, path); },
        Qt::QueuedConnection);
}

void AsyncLedger::setPresence(const Presence& me)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, me] { w->setPresence(me); }, Qt::QueuedConnection);
}

void AsyncLedger::close()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->close(); }, Qt::QueuedConnection);
}

} // namespace golive

#include "AsyncLedger.moc"
