// The run store on a .golive SQLite run file, through the ledger's worker thread.
#pragma once

#include "RunStore.h"

#include <memory>

namespace golive {

class AsyncLedger;

class SqliteRunStore : public RunStore
{
    Q_OBJECT
public:
    explicit SqliteRunStore(QObject* parent = nullptr);
    ~SqliteRunStore() override;

    void open(const QString& location) override;
    void append(const SignOffEvent& event) override;
    void close() override;

private:
    std::unique_ptr<AsyncLedger> m_ledger;
};

} // namespace golive
