// Every golive subcommand, in the order `golive --help` lists them, and the top-level help.
#pragma once

#include "Command.h"

#include <memory>
#include <vector>

namespace golive::cli {

class CommandRegistry
{
public:
    // Makes every command; call once the application's name is set (options name the default
    // run's path).
    CommandRegistry();
    ~CommandRegistry();

    // The command named `name`, or nullptr.
    Command* find(const QString& name) const;
    QStringList names() const;
    const std::vector<std::unique_ptr<Command>>& commands() const { return m_commands; }
    // What `golive --help` and `golive help` print.
    QString topLevelHelp() const;

private:
    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace golive::cli
