// Where a run's ledger is kept: opened, appended to, closed. One backend today (the SQLite run
// file, SqliteRunStore); a shared server is meant to fit behind the same signals.
#pragma once

#include "AsyncLedger.h"
#include "SignOffEvent.h"

#include <QList>
#include <QObject>
#include <QString>

namespace golive {

class RunStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Closes any open run first; opens `location` read-write when it can, else read-only with
    // the reason in the snapshot's warning. -> opened(snapshot) or openFailed(error)
    virtual void open(const QString& location) = 0;
    // Committed in call order, never on the caller's thread.
    // -> appended(event with seq, time, hashes) or appendFailed(event as given, error)
    virtual void append(const SignOffEvent& event) = 0;
    // Lets what was appended finish, then lets the run go.
    virtual void close() = 0;

signals:
    void opened(const golive::RunSnapshot& snapshot);
    void openFailed(const QString& error);
    void appended(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);
    // Events someone else appended to the same run, oldest first (a shared server's run); a
    // run file has one writer at a time, so the SQLite backend never emits it.
    void appendedElsewhere(const QList<golive::SignOffEvent>& events);
};

} // namespace golive
