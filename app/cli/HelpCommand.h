// help: the top-level help, or a command's (golive help COMMAND is golive COMMAND --help).
#pragma once

#include "Command.h"

namespace golive::cli {

class CommandRegistry;

class HelpCommand : public Command
{
public:
    HelpCommand(QString name, QString summary, const CommandRegistry& registry);

protected:
    QString description() const override { return {}; }
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const CommandRegistry& m_registry;
};

} // namespace golive::cli
