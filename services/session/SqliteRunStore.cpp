// The run store on a .golive SQLite run file: AsyncLedger's signals, passed on.
#include "SqliteRunStore.h"

#include "AsyncLedger.h"

namespace golive {

SqliteRunStore::SqliteRunStore(QObject* parent)
    : RunStore(parent), m_ledger(std::make_unique<AsyncLedger>())
{
    connect(m_ledger.get(), &AsyncLedger::opened, this, &RunStore::opened);
    connect(m_ledger.get(), &AsyncLedger::openFailed, this, &RunStore::openFailed);
    connect(m_ledger.get(), &AsyncLedger::appended, this, &RunStore::appended);
    connect(m_ledger.get(), &AsyncLedger::appendFailed, this, &RunStore::appendFailed);
}

SqliteRunStore::~SqliteRunStore() = default;

void SqliteRunStore::open(const QString& location)
{
    // A run another golive holds (or one the user cannot write) opens read-only, with a
    // warning that says why, rather than not at all.
    m_ledger->open(location, RunLedger::Access::PreferReadWrite);
}

void SqliteRunStore::append(const SignOffEvent& event)
{
    m_ledger->append(event);
}

void SqliteRunStore::close()
{
    m_ledger->close();
}

} // namespace golive
