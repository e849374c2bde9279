// The base of every golive subcommand: its name, a one-line summary, its options and help, and
// execute(), which parses the arguments and runs it against a pair of streams.
#pragma once

#include "Console.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive::cli {

// Exit codes: 0 ok, 1 a failure the user must act on, 2 a usage error.
constexpr int ExitOk = 0;
constexpr int ExitFailure = 1;
constexpr int ExitUsage = 2;

class Command
{
public:
    virtual ~Command();
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;

    const QString& name() const { return m_name; }
    const QString& summary() const { return m_summary; }

    // Runs the command. args[0] is the program, the rest the command's arguments (its name
    // left out). Results go to c.out, everything addressed to the person to c.err. Returns the
    // exit code.
    int execute(Console& c, const QStringList& args);
    // What `golive NAME --help` prints.
    QString helpText();

protected:
    Command(QString name, QString summary);

    // The help's description (wrapped when shown); empty for none.
    virtual QString description() const = 0;
    // The usage line, e.g. "golive lint [--json] RUNBOOK".
    virtual QString usage() const = 0;
    // Prose shown after the options; empty for none.
    virtual QString epilog() const { return {}; }
    // Adds the positional arguments and options, in the order --help lists them.
    virtual void addOptions(QCommandLineParser& parser) = 0;
    // How many positional arguments the command takes.
    virtual qsizetype minPositional() const { return 0; }
    virtual qsizetype maxPositional() const { return 0; }
    // Runs the command once its arguments parsed.
    virtual int run(Console& c, const QCommandLineParser& parser) = 0;
    // After run(), with what it returned, once it let go of what it opened (a run's lock): what
    // may take long and must not hold the run (posting to the war-room channel). Returns the
    // command's exit code.
    virtual int afterRun(Console& c, const QCommandLineParser& parser, int code)
    {
        Q_UNUSED(c);
        Q_UNUSED(parser);
        return code;
    }

    // "golive NAME: WHY" and the usage line on c.err; returns ExitUsage.
    int usageError(Console& c, const QString& why) const;

private:
    // Returns the exit code when the command stops here (help shown, usage error), nullopt to
    // go on.
    std::optional<int> parseArguments(Console& c, QCommandLineParser& parser,
                                      const QStringList& args) const;

    const QString m_name;
    const QString m_summary;
};

} // namespace golive::cli
