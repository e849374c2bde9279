// Where a run's ledger is kept: opened, appended to, followed, closed. LedgerRunStore serves
// both backends (a run file, a server run) through the ledger's worker thread; tests give a
// RunSession a store of their own.
#pragma once

#include "AsyncLedger.h"
#include "SignOffEvent.h"

#include <QDateTime>
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
    // Evidence, in call order with append() (AsyncLedger::appendWithFile, readBlob, saveBlob).
    // A store that keeps no evidence refuses: appendFailed() / blobRead() / blobSaved() with
    // words.
    virtual void appendWithFile(const SignOffEvent& event, const QString& path, qint64 maxBytes,
                                bool removeAfter);
    virtual void readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes);
    virtual void saveBlob(quint64 requestId, const QString& sha256, const QString& path);
    // -> evidencePreviewRead() (AsyncLedger::readEvidencePreview).
    virtual void readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole);
    // Lets what was appended finish, then lets the run go (a shared run is told this
    // workstation left).
    virtual void close() = 0;
    // Who this workstation is on a shared run (name and role on duty), announced with every
    // heartbeat; nothing for a run file.
    virtual void setPresence(const Presence& me) { Q_UNUSED(me); }

signals:
    void opened(const golive::RunSnapshot& snapshot);
    void openFailed(const QString& error);
    void appended(const golive::SignOffEvent& event);
    void appendFailed(const golive::SignOffEvent& event, const QString& error);
    void blobProgress(const QString& itemId, qint64 bytesRead);
    void blobRead(quint64 requestId, const QString& sha256, const QByteArray& bytes, bool whole,
                  const QString& error);
    void blobSaved(quint64 requestId, const QString& path, const QString& error);
    void evidencePreviewRead(quint64 requestId, const QString& sha256,
                             const golive::EvidencePreview& preview);
    // The signals below come from a shared server run only: a run file has one writer at a
    // time and no connection to lose.
    // Events someone else appended to the same run, oldest first.
    void appendedElsewhere(const QList<golive::SignOffEvent>& events);
    // The server cannot be reached since `sinceUtc`: nothing can be recorded until
    // connectionRestored().
    void connectionLost(const QString& host, const QDateTime& sinceUtc, const QString& error);
    // Connected again; `verification` is the chain verified again after reconnecting. A run
    // read again whole on reconnecting (it went backwards or changed) comes as opened() first.
    void connectionRestored(const golive::ChainVerification& verification);
    // The chain's unacknowledged breaks changed (events fetched from the server). Not only
    // for a shared run: every store sends it, with the result, after an opened() whose
    // verification was pending (a run file shown before its chain was checked).
    void verificationChanged(const golive::ChainVerification& verification);
    // Who has the run open now.
    void presenceChanged(const QList<golive::Presence>& present);
};

} // namespace golive
