// The base of the commands that open a run: --run (and, for those that write, --wait), the
// default run made the first time, the lock, read-only or not, and the warnings, done once.
#pragma once

#include "Command.h"
#include "RunFile.h"

#include <QCommandLineOption>

#include <memory>
#include <optional>

namespace golive::cli {

class RunCommand : public Command
{
protected:
    // `access`: ReadOnly for commands that only read (they work while the window has the run
    // open), ReadWrite for those that append to the ledger.
    RunCommand(QString name, QString summary, RunLedger::Access access);

    void addRunOption(QCommandLineParser& parser) const { parser.addOption(m_runOption); }
    void addWaitOption(QCommandLineParser& parser) const { parser.addOption(m_waitOption); }

    // --wait in milliseconds, or the usage error's exit code when it is not a number of seconds
    // from 0 to 86400.
    std::optional<int> waitMilliseconds(Console& c, const QCommandLineParser& parser,
                                        int* milliseconds) const;

    // Opens the run --run names, else the default one (made from the bundled runbook the first
    // time, which is said). Warnings go to c.err, the head record's once. For a command that
    // writes, a run that can only be read here is refused. nullptr after saying why.
    // `access` overrides the command's own (a command with a reading and a writing verb).
    std::unique_ptr<RunLedger>
    openRun(Console& c, const QCommandLineParser& parser, int lockWaitMs = 0,
            std::optional<RunLedger::Access> access = std::nullopt) const;

    // The head record of this computer could not be written: said, never a failure.
    void printHeadRecordWarning(Console& c, const RunLedger& run) const;

private:
    const RunLedger::Access m_access;
    const QCommandLineOption m_runOption;
    const QCommandLineOption m_waitOption;
};

} // namespace golive::cli
