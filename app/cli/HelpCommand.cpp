// help (see HelpCommand.h).
#include "HelpCommand.h"

#include "CommandRegistry.h"
#include "HelpFormats.h"

#include <QDir>

#include <utility>

namespace golive::cli {

HelpCommand::HelpCommand(QString name, QString summary, CommandRegistry& registry)
    : Command(std::move(name), std::move(summary)), m_registry(registry),
      m_manOption(QStringLiteral("man"),
                  QStringLiteral("Print all of this help as the golive(1) manual page (roff).")),
      m_completionOption(QStringLiteral("bash-completion"),
                         QStringLiteral("Print a bash completion script for golive, made from "
                                        "this help."))
{}

QString HelpCommand::usage() const
{
    return QStringLiteral("golive help [COMMAND | --man | --bash-completion]");
}

void HelpCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("COMMAND"),
                                 QStringLiteral("The command to explain (optional)."));
    parser.addOption(m_manOption);
    parser.addOption(m_completionOption);
}

int HelpCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QStringList positional = parser.positionalArguments();
    const bool man = parser.isSet(m_manOption);
    const bool completion = parser.isSet(m_completionOption);
    if (int(man) + int(completion) + int(!positional.isEmpty()) > 1)
        return usageError(c, QStringLiteral("give a command, --man or --bash-completion"));
    if (man) {
        c.out << manPage(m_registry, QDir::homePath());
        return ExitOk;
    }
    if (completion) {
        c.out << bashCompletion(m_registry);
        return ExitOk;
    }
    if (positional.isEmpty()) {
        c.out << m_registry.topLevelHelp();
        return ExitOk;
    }
    Command* target = m_registry.find(positional.constFirst());
    if (!target || target == this) {
        c.err << "golive help: unknown command '" << positional.constFirst() << "'; commands are "
              << m_registry.names().join(QStringLiteral(", ")) << Qt::endl;
        return ExitUsage;
    }
    c.out << target->helpText();
    return ExitOk;
}

} // namespace golive::cli
