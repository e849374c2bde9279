// The run store on a run file or a server run: AsyncLedger's signals, passed on.
#include "LedgerRunStore.h"

#include "AsyncLedger.h"

namespace golive {

LedgerRunStore::LedgerRunStore(QObject* parent)
    : RunStore(parent), m_ledger(std::make_unique<AsyncLedger>())
{
    AsyncLedger* l = m_ledger.get();
    connect(l, &AsyncLedger::opened, this, &RunStore::opened);
    connect(l, &AsyncLedger::openFailed, this, &RunStore::openFailed);
    connect(l, &AsyncLedger::appended, this, &RunStore::appended);
    connect(l, &AsyncLedger::appendFailed, this, &RunStore::appendFailed);
    connect(l, &AsyncLedger::appendedElsewhere, this, &RunStore::appendedElsewhere);
    connect(l, &AsyncLedger::blobProgress, this, &RunStore::blobProgress);
    connect(l, &AsyncLedger::blobRead, this, &RunStore::blobRead);
    connect(l, &AsyncLedger::blobSaved, this, &RunStore::blobSaved);
    connect(l, &AsyncLedger::evidencePreviewRead, this, &RunStore::evidencePreviewRead);
    connect(l, &AsyncLedger::connectionLost, this, &RunStore::connectionLost);
    connect(l, &AsyncLedger::connectionRestored, this, &RunStore::connectionRestored);
    connect(l, &AsyncLedger::verificationChanged, this, &RunStore::verificationChanged);
    connect(l, &AsyncLedger::presenceChanged, this, &RunStore::presenceChanged);
}

LedgerRunStore::~LedgerRunStore() = default;

void LedgerRunStore::open(const QString& location)
{
    // A run another golive holds (or one the user cannot write, or a server role without
    // INSERT) opens read-only, with a warning that says why, rather than not at all.
    m_ledger->open(location, RunLedger::Access::PreferReadWrite);
}

void LedgerRunStore::append(const SignOffEvent& event)
{
    m_ledger->append(event);
}

void LedgerRunStore::appendWithFile(const SignOffEvent& event, const QString& path, qint64 maxBytes,
                                    bool removeAfter)
{
    m_ledger->appendWithFile(event, path, maxBytes, removeAfter);
}

void LedgerRunStore::readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes)
{
    m_ledger->readBlob(requestId, sha256, maxBytes);
}

void LedgerRunStore::readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole)
{
    m_ledger->readEvidencePreview(requestId, sha256, wantWhole);
}

void LedgerRunStore::saveBlob(quint64 requestId, const QString& sha256, const QString& path)
{
    m_ledger->saveBlob(requestId, sha256, path);
}

void LedgerRunStore::close()
{
    m_ledger->close();
}

void LedgerRunStore::setPresence(const Presence& me)
{
    m_ledger->setPresence(me);
}

} // namespace golive
