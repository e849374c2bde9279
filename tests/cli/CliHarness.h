// Runs golive's commands in this process with buffered streams, as `golive COMMAND ARGS...`
// would from a terminal but without starting the binary: what the command printed on each
// stream and its exit code.
#pragma once

#include "CliProcess.h"
#include "CommandRegistry.h"

#include <QTextStream>

#include <memory>

namespace golive::test {

class CliHarness
{
public:
    // args: the command's name, then its arguments.
    CliResult run(const QStringList& args)
    {
        if (!m_commands)
            m_commands = std::make_unique<cli::CommandRegistry>();
        CliResult r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        cli::Console console{out, err};
        cli::Command* command = args.isEmpty() ? nullptr : m_commands->find(args.constFirst());
        if (!command) {
            err << "golive: unknown command '" << args.value(0) << "'";
            r.code = cli::ExitUsage;
        } else {
            QStringList rest = args.mid(1);
            rest.prepend(QStringLiteral("golive"));
            r.code = command->execute(console, rest);
        }
        out.flush();
        err.flush();
        r.rawOut = r.out.toUtf8();
        r.rawErr = r.err.toUtf8();
        return r;
    }

private:
    // Made at the first run, once the test's application exists.
    std::unique_ptr<cli::CommandRegistry> m_commands;
};

} // namespace golive::test
