// help: the top-level help, or a command's (golive help COMMAND is golive COMMAND --help); the
// same help as a manual page (--man) or a bash completion script (--bash-completion), which the
// build installs.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class CommandRegistry;

class HelpCommand : public Command
{
public:
    HelpCommand(QString name, QString summary, CommandRegistry& registry);

protected:
    QString description() const override { return {}; }
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    CommandRegistry& m_registry;
    const QCommandLineOption m_manOption;
    const QCommandLineOption m_completionOption;
};

} // namespace golive::cli
