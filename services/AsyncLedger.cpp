// The worker that owns the RunFile in its own thread, and the UI-side handle that talks to it.
#include "AsyncLedger.h"

#include <QLoggingCategory>
#include <QTimer>

#include <memory>

namespace golive {

namespace {
Q_LOGGING_CATEGORY(lcLedger, "golive.ledger")
}

// Lives in the ledger thread: QSqlDatabase connections may only be used by the thread that
// made them, so the RunFile is opened, written and closed here.
class LedgerWorker : public QObject
{
    Q_OBJECT
public:
    LedgerWorker()
    {
        // A child, so it moves to the ledger thread with the worker.
        m_checkpoint.setParent(this);
        m_checkpoint.setSingleShot(true);
        m_checkpoint.setInterval(AsyncLedger::CheckpointDelayMs);
        connect(&m_checkpoint, &QTimer::timeout, this, [this] {
            if (m_file)
                m_file->checkpoint();
        });
    }

    void open(const QString& path, RunLedger::Access access)
    {
        close(); // unlocks the previous run before the next is opened
        QString error;
        QString warning;
        m_file = RunLedger::open(path, access, &error, &warning);
        if (!m_file) {
            emit openFailed(error);
            return;
        }
        RunSnapshot s;
        s.path = m_file->path();
        s.runId = m_file->runId();
        s.readOnly = m_file->isReadOnly();
        s.warning = warning;
        s.runbookText = m_file->runbookText();
        s.runbookName = m_file->runbookName();
        s.runbook = m_file->runbook();
        s.runbookSha256 = m_file->runbookSha256();
        s.dashboards = m_file->dashboardVersions();
        if (!s.dashboards.isEmpty())
            s.dashboard = Dashboard::fromJson(s.dashboards.constLast().bytes,
                                              s.dashboards.constLast().name, &s.dashboardError);
        s.events = m_file->events();
        s.verification = m_file->verification();
        emit opened(s);
    }

    void append(SignOffEvent event)
    {
        if (!m_file) {
            emit appendFailed(event, QStringLiteral("no run is open; nothing was recorded"));
            return;
        }
        const SignOffEvent given = event;
        QString error;
        if (m_file->append(event, &error)) {
            m_checkpoint.start(); // restarted by every append: fires once the queue is idle
            emit appended(event);
        } else {
            qCInfo(lcLedger).noquote() << "sign-off refused:" << error;
            emit appendFailed(given, error);
        }
    }

    void close()
    {
        m_checkpoint.stop();
        if (m_file)
            m_file->checkpoint();
        m_file.reset();
    }

signals:
    void opened(const golive::RunSnapshot& snapshot);
    void openFailed(const QString& error);
    void appended(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);

private:
    std::unique_ptr<RunLedger> m_file;
    QTimer m_checkpoint;
};

AsyncLedger::AsyncLedger(QObject* parent) : QObject(parent), m_worker(new LedgerWorker)
{
    qRegisterMetaType<golive::RunSnapshot>();
    qRegisterMetaType<golive::SignOffEvent>();
    m_thread.setObjectName(QStringLiteral("golive-ledger"));
    m_worker->moveToThread(&m_thread);
    // Worker signals cross back to this object's thread as queued calls.
    connect(m_worker, &LedgerWorker::opened, this, &AsyncLedger::opened);
    connect(m_worker, &LedgerWorker::openFailed, this, &AsyncLedger::openFailed);
    connect(m_worker, &LedgerWorker::appended, this, &AsyncLedger::appended);
    connect(m_worker, &LedgerWorker::appendFailed, this, &AsyncLedger::appendFailed);
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

void AsyncLedger::close()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->close(); }, Qt::QueuedConnection);
}

} // namespace golive

#include "AsyncLedger.moc"
