// A run on a PostgreSQL server, shared by every workstation of a war room: the same runbook,
// rules and hash chain as a run file, with appends serialised by the database (the run's head
// row is locked in the append transaction, and the rules are checked there against the
// server's state), and a NOTIFY on the run's channel with every commit.
#pragma once

#include "RunLedger.h"

#include <memory>

namespace golive {

class ServerRun : public RunLedger
{
public:
    ~ServerRun() override;

    // Opens the run named by the URI's `run` parameter. Refused in words: server down, wrong
    // password, no schema (run `golive server init`), a schema from a newer golive, no such
    // run (the runs there are listed). A role without INSERT opens read-only (PreferReadWrite,
    // ReadOnly) or is refused (ReadWrite), in words.
    static std::unique_ptr<ServerRun> open(const QString& uri, Access access, QString* error,
                                           QString* warning = nullptr);
    // Creates the run named by the URI's `run` parameter (unique in the database; its run id a
    // new UUID). Refuses a name that is taken.
    static std::unique_ptr<ServerRun>
    create(const QString& uri, const QByteArray& runbookText, const QString& runbookName,
           QString* error, const std::optional<RunDashboardVersion>& dashboard = std::nullopt);

    bool append(SignOffEvent& event, QString* error,
                const QByteArray* dashboardBytes = nullptr) override;
    ChainVerification verify() const override;
    bool checkpoint(QString* error = nullptr) override;

    bool isShared() const override { return true; }
    QString host() const override;
    bool catchUp(QList<SignOffEvent>* fresh, QString* error) override;
    bool watch(std::function<void()> changed) override;
    bool isConnected() const override;
    bool reconnect(QString* error) override;
    bool announce(const Presence& me, QString* error) override;
    void forget() override;
    QList<Presence> present(QString* error) const override;

private:
    ServerRun();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace golive
