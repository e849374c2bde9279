// The run file on a worker thread: sign-offs are committed there, so the UI never waits on disk.
#pragma once

#include "Dashboard.h"
#include "RunFile.h"
#include "Runbook.h"
#include "SignOffEvent.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

namespace golive {

// What the UI needs to show a run it does not own: it takes `runbook` (parsed on the ledger
// thread, so the UI never parses up to RunbookParser::MaxBytes itself) as its own Runbook and
// folds `events` into its own RunState.
struct RunSnapshot
{
    QString path;
    QString runId;
    bool readOnly = false;
    QString warning; // e.g. why a ReadWrite open fell back to read-only
    QByteArray runbookText;
    QString runbookName;
    Runbook runbook; // runbookText as RunFile parsed it
    QString runbookSha256;
    // The run's own dashboards, oldest first (RunFile::dashboardVersions()), each checked.
    QList<RunDashboardVersion> dashboards;
    // The last of them, parsed here off the UI thread; nullopt when the run has none, or when
    // it does not read in this golive (dashboardError says why).
    std::optional<Dashboard> dashboard;
    QString dashboardError;
    QList<SignOffEvent> events;
    ChainVerification verification;
};

class LedgerWorker;

class AsyncLedger : public QObject
{
    Q_OBJECT
public:
    explicit AsyncLedger(QObject* parent = nullptr);
    ~AsyncLedger() override; // lets queued appends finish, closes the file, stops the thread

    // Closes any open run first. -> opened(snapshot) or openFailed(error)
    void open(const QString& path, RunLedger::Access access);
    // Queued to the worker and committed in call order.
    // -> appended(event with seq, time, hashes) or appendFailed(event as given, error)
    // Once appends have been idle for CheckpointDelayMs (and on close) the worker copies the
    // write-ahead log into the .golive, so a copy of that file alone holds every event.
    void append(const SignOffEvent& event);
    static constexpr int CheckpointDelayMs = 2000;
    void close();

signals:
    void opened(const golive::RunSnapshot& snapshot);
    void openFailed(const QString& error);
    void appended(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);

private:
    QThread m_thread;
    LedgerWorker* m_worker = nullptr; // lives in m_thread
};

} // namespace golive

Q_DECLARE_METATYPE(golive::RunSnapshot)
Q_DECLARE_METATYPE(golive::SignOffEvent)
