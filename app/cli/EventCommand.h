// The base of the commands that append one event to a run's ledger (sign, revoke, na, block,
// note, fill, the cutover's verbs, dashboard set, roster): --as, --role and --key, the rules
// asked before the file is touched, and a refusal that says what was kept safe.
#pragma once

#include "ChannelCli.h"
#include "DecisionSnapshotCli.h"
#include "RunCommand.h"
#include "SignOffEvent.h"
#include "SigningOption.h"

#include <functional>

namespace golive::cli {

class EventCommand : public RunCommand
{
protected:
    EventCommand(QString name, QString summary);

    void addActorOptions(QCommandLineParser& parser) const;
    // "alice, bob, ..." : the roles --role takes.
    static QString rolesText();

    // --as, --role and --key (or GOLIVE_SIGNING_KEY): the local actor, with the key to sign
    // with when one is named; or the usage error's exit code after saying what is missing or
    // wrong.
    std::optional<int> readActor(Console& c, const QCommandLineParser& parser, Actor* actor) const;

    // --prometheus and --snapshot-timeout, for the commands whose events take a snapshot
    // (eventTakesSnapshot()); and reading them, or the usage error's exit code after saying why.
    // A command that does not read them takes its snapshots with the defaults.
    void addSnapshotOptions(QCommandLineParser& parser) const { m_snapshotOptions.addTo(parser); }
    std::optional<int> readSnapshotOptions(Console& c, const QCommandLineParser& parser);
    const SnapshotRequest& snapshotRequest() const { return m_snapshotRequest; }

    // `event` with the snapshot it records (eventTakesSnapshot()) when it carries none yet:
    // what golive can see now (takeCliSnapshot()). submit() takes it itself; a command that must
    // read it first (sign --open-checks names the checks as it shows them) takes it before.
    void takeSnapshot(const RunLedger& run, SignOffEvent& event) const;

    // When the event takes a snapshot (eventTakesSnapshot()) and carries none, first records in
    // it what golive can see now (takeCliSnapshot(): at most the snapshot timeout, plus a small
    // margin). Then asks the rules, so a refusal never reaches the file (append() checks again,
    // and also refuses while the chain has an unacknowledged break, in its own words), then
    // appends.
    // `extraRefusal`, when given, is asked after the rules: a non-empty answer refuses. nullopt
    // when the event was appended (event.hash and event.timeUtc are then set), else the exit code
    // after saying why and, when given, the hint. `dashboardBytes`: a DashboardSet event's
    // dashboard (RunFile::append()).
    std::optional<int> submit(Console& c, RunLedger& run, SignOffEvent& event, const QString& hint,
                              const std::function<QString()>& extraRefusal = {},
                              const QByteArray* dashboardBytes = nullptr) const;

    // A message asked for (channel test, summary), posted like a recorded moment once the run
    // is let go; a failure to post it is the command's.
    void askChannelPost(const PendingPost& post);
    // Posts the moments submit() recorded (and those asked for), the run's lock let go, then
    // records what was posted (ChannelCli.h).
    int afterRun(Console& c, const QCommandLineParser& parser, int code) override;

    // After an event with a snapshot was recorded: "snapshot: SUMMARY" on c.out, and on c.err
    // why it has no SLO data when it has none, or why no credentials were sent.
    void printSnapshot(Console& c, const SignOffEvent& event) const;

private:
    int refuse(Console& c, const RunLedger& run, const QString& why, const QString& hint) const;

    const QCommandLineOption m_asOption;
    const QCommandLineOption m_roleOption;
    const SigningOption m_signingOption;
    const SnapshotOptions m_snapshotOptions;
    SnapshotRequest m_snapshotRequest;
    // The channel's posts, once run() is over (afterRun()).
    mutable QList<PendingPost> m_channelPosts;
    // Why the last snapshot was taken without credentials, for printSnapshot(); "" when not.
    mutable QString m_snapshotCredentialNote;
};

} // namespace golive::cli
