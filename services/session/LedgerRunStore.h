// The run store on a run file or a server run, through the ledger's worker thread.
#pragma once

#include "RunStore.h"

#include <memory>

namespace golive {

class AsyncLedger;

class LedgerRunStore : public RunStore
{
    Q_OBJECT
public:
    explicit LedgerRunStore(QObject* parent = nullptr);
    ~LedgerRunStore() override;

    void open(const QString& location) override;
    void append(const SignOffEvent& event) override;
    void appendWithFile(const SignOffEvent& event, const QString& path, qint64 maxBytes,
                        bool removeAfter) override;
    void readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes) override;
    void saveBlob(quint64 requestId, const QString& sha256, const QString& path) override;
    void readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole) override;
    void close() override;
    void setPresence(const Presence& me) override;

private:
    std::unique_ptr<AsyncLedger> m_ledger;
};

} // namespace golive
