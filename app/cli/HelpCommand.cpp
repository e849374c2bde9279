// help (see HelpCommand.h).
#include "HelpCommand.h"

#include "CommandRegistry.h"

#include <utility>

namespace golive::cli {

HelpCommand::HelpCommand(QString name, QString summary, const CommandRegistry& registry)
    : Command(std::move(name), std::move(summary)), m_registry(registry)
{}

QString HelpCommand::usage() const
{
    return QStringLiteral("golive help [COMMAND]");
}

void HelpCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("COMMAND"),
                                 QStringLiteral("The command to explain (optional)."));
}

int HelpCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QStringList positional = parser.positionalArguments();
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
