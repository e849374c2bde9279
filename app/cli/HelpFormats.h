// The manual page and the shell completion, made from the help the program prints: one source,
// so `golive --help`, `man golive` and what Tab offers cannot drift apart. The help of each
// command is read back into its parts (usage, description, options, arguments, the prose
// after), then written as roff or as a bash completion script.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace golive::cli {

class CommandRegistry;

// One entry of an "Options:" or "Arguments:" list: "--as <NAME>" and what it says.
struct HelpEntry
{
    QStringList names; // "-h", "--help"; a positional argument's name ("ID")
    QString value;     // "NAME" from "<NAME>"; empty for a flag
    QString text;      // the description, its wrapped lines joined
};

// A help text read back into its parts.
struct ParsedHelp
{
    QStringList usage; // each form: "golive sign ID --as NAME ..."
    QString description;
    QList<HelpEntry> options;
    QList<HelpEntry> arguments;
    QStringList epilog; // paragraphs after the lists
};

// Reads a help text as Command::helpText() prints it (QCommandLineParser's layout).
ParsedHelp parseHelp(const QString& help);

// `text` made safe as roff running text: backslashes, and a line that would start with '.'
// or '\'' (a request), stay words.
QString roffEscape(const QString& text);

// golive(1) in roff, from the top-level help and every command's help. `home` (the builder's
// home folder) is written as "~" wherever a default path names it.
QString manPage(CommandRegistry& registry, const QString& home);

// A bash completion script for golive: subcommands, their actions and options, roles for
// --role and --roles, files for options that take one, and item ids (golive status --ids) for
// a command's ID once --run names a run file.
QString bashCompletion(CommandRegistry& registry);

} // namespace golive::cli
