// The manual page and the bash completion, read back from the help (see HelpFormats.h).
#include "HelpFormats.h"

#include "AppPaths.h"
#include "CommandRegistry.h"
#include "SignOffEvent.h"

#include <QMap>
#include <QRegularExpression>
#include <QSet>

namespace golive::cli {

namespace {

// QCommandLineParser's lines are at most this wide. It wraps at spaces, and cuts a word longer
// than the whole line where the line ends: the one place a wrapped line joins the next without
// a space. Such a line is one word reaching the line's end.
constexpr qsizetype kHelpWidth = 79;

qsizetype leadingSpaces(const QString& line)
{
    qsizetype n = 0;
    while (n < line.size() && line.at(n) == u' ')
        ++n;
    return n;
}

// Joins a wrapped line to what came before: with a space, unless the line before was a single
// word cut at the line's end.
void joinWrapped(QString& text, const QString& piece, bool cutBefore)
{
    if (text.isEmpty())
        text = piece;
    else
        text += (cutBefore ? QString() : QStringLiteral(" ")) + piece;
}

bool cutAtLineEnd(const QString& piece, qsizetype column)
{
    return !piece.contains(u' ') && column + piece.size() >= kHelpWidth - 1;
}

// "--as <NAME>" / "-h, --help" / "--run FILE" / "ID": the names and the value.
HelpEntry entryHead(const QString& head)
{
    HelpEntry e;
    QString names = head;
    static const QRegularExpression bracketed(QStringLiteral(R"(\s*<([^>]*)>\s*$)"));
    if (const QRegularExpressionMatch m = bracketed.match(names); m.hasMatch()) {
        e.value = m.captured(1);
        names.truncate(m.capturedStart());
    } else if (const qsizetype space = names.indexOf(u' ');
               space > 0 && names.startsWith(u'-') && !names.contains(u',')) {
        // The top-level help's own layout: "--run FILE".
        e.value = names.mid(space + 1).trimmed();
        names.truncate(space);
    }
    for (const QString& n : names.split(QLatin1Char(','), Qt::SkipEmptyParts))
        e.names << n.trimmed();
    return e;
}

// A line that opens a list: "Options:", "Arguments:", "Window options:", "Commands:".
bool isSectionTitle(const QString& line)
{
    return !line.isEmpty() && line.at(0) != u' ' && line.endsWith(u':') && line.count(u' ') <= 1;
}

QString roffBold(const QString& text)
{
    return QStringLiteral("\\fB") + roffEscape(text) + QStringLiteral("\\fR");
}

// An option's names in bold, with its value in italics: "\fB\-\-as\fR \fINAME\fR".
QString roffEntryTag(const HelpEntry& e)
{
    QStringList names;
    for (const QString& n : e.names)
        names << roffBold(n).replace(u'-', QStringLiteral("\\-"));
    QString tag = names.join(QStringLiteral(", "));
    if (!e.value.isEmpty())
        tag += QStringLiteral(" \\fI") + roffEscape(e.value) + QStringLiteral("\\fR");
    return tag;
}

void roffEntries(QString& out, const QList<HelpEntry>& entries)
{
    for (const HelpEntry& e : entries)
        out += QStringLiteral(".TP\n") + roffEntryTag(e) + u'\n' + roffEscape(e.text) + u'\n';
}

void roffParagraphs(QString& out, const QStringList& paragraphs)
{
    for (const QString& p : paragraphs)
        out += QStringLiteral(".PP\n") + roffEscape(p) + u'\n';
}

// Usage forms, each on its own line, not filled.
void roffUsage(QString& out, const QStringList& forms)
{
    out += QStringLiteral(".nf\n");
    for (const QString& form : forms)
        out += roffEscape(form) + u'\n';
    out += QStringLiteral(".fi\n");
}

// A word safe in a bash script as it is: option and command names, role names.
bool shellWord(const QString& word)
{
    static const QRegularExpression safe(
        QStringLiteral(R"(^[A-Za-z0-9][A-Za-z0-9_.-]*$|^--?[A-Za-z0-9][A-Za-z0-9_-]*$)"));
    return safe.match(word).hasMatch();
}

QString shellWords(const QStringList& words)
{
    QStringList kept;
    for (const QString& w : words)
        if (shellWord(w))
            kept << w;
    return kept.join(u' ');
}

// What an option's or argument's value is, by its name in the help.
enum class ValueKind
{
    None,
    Role,
    File,
    ItemId,
    Other
};

ValueKind valueKind(const QString& value)
{
    if (value.isEmpty())
        return ValueKind::None;
    if (value.startsWith(QLatin1String("ROLE")))
        return ValueKind::Role;
    if (value == QLatin1String("ID"))
        return ValueKind::ItemId;
    static const QRegularExpression file(
        QStringLiteral(R"(FILE|DIR|RUNBOOK|^RUN$|^OUT|PATH|\.(pdf|md|json|golive)\b)"));
    return file.match(value).hasMatch() ? ValueKind::File : ValueKind::Other;
}

// The actions a command's usage names after it: "golive roster add NAME ..." gives "add".
QStringList actionsOf(const QString& command, const QStringList& usage)
{
    QStringList actions;
    const QString prefix = QStringLiteral("golive ") + command + u' ';
    static const QRegularExpression action(QStringLiteral(R"(^([a-z][a-z-]*)(\s|$))"));
    for (const QString& form : usage) {
        if (!form.startsWith(prefix))
            continue;
        const QRegularExpressionMatch m = action.match(form.mid(prefix.size()));
        if (m.hasMatch() && !actions.contains(m.captured(1)))
            actions << m.captured(1);
    }
    return actions;
}

} // namespace

ParsedHelp parseHelp(const QString& help)
{
    ParsedHelp parsed;
    const QStringList lines = help.split(QLatin1Char('\n'));
    qsizetype i = 0;
    if (!lines.isEmpty() && lines.first().startsWith(QLatin1String("Usage: "))) {
        // One line, forms separated by " | golive ", or further forms on lines of their own.
        const QStringList forms =
            lines.first().mid(7).split(QStringLiteral(" | golive "), Qt::SkipEmptyParts);
        for (qsizetype f = 0; f < forms.size(); ++f)
            parsed.usage << (f == 0 ? forms[f] : QStringLiteral("golive ") + forms[f]);
        for (i = 1; i < lines.size() && lines[i].startsWith(u' '); ++i) {
            const QString form = lines[i].trimmed();
            if (form.startsWith(QLatin1String("golive ")))
                parsed.usage << form.section(QStringLiteral("  "), 0, 0).trimmed();
        }
        // The top-level help marks each form with what it does: that is not part of the form.
        parsed.usage.first() = parsed.usage.first().section(QStringLiteral("  "), 0, 0).trimmed();
    }
    // Prose up to the first list: the description; prose after the lists: the epilog.
    QStringList prose;
    QString paragraph;
    bool listsSeen = false;
    const auto endParagraph = [&] {
        if (!paragraph.isEmpty())
            prose << paragraph;
        paragraph.clear();
    };
    for (; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (isSectionTitle(line) && i + 1 < lines.size() &&
            lines[i + 1].startsWith(QLatin1String("  "))) {
            endParagraph();
            if (!listsSeen)
                parsed.description = prose.join(QStringLiteral("\n\n"));
            prose.clear();
            listsSeen = true;
            // "Commands:" (the top-level help's list of them) is neither: each command has its
            // own help.
            QList<HelpEntry> others;
            QList<HelpEntry>& entries = line == QLatin1String("Arguments:")       ? parsed.arguments
                                        : line.endsWith(QLatin1String("ptions:")) ? parsed.options
                                                                                  : others;
            qsizetype column = 0;
            bool cut = false;
            for (++i; i < lines.size() && lines[i].startsWith(QLatin1String("  ")); ++i) {
                const QString& entryLine = lines[i];
                if (leadingSpaces(entryLine) == 2) {
                    // "  --as <NAME>      Your name": the head, then two spaces or more.
                    static const QRegularExpression gap(QStringLiteral(R"(\S(\s{2,})\S)"));
                    const QRegularExpressionMatch m = gap.match(entryLine, 2);
                    const QString head =
                        m.hasMatch() ? entryLine.mid(2, m.capturedStart(1) - 2) : entryLine.mid(2);
                    HelpEntry e = entryHead(head.trimmed());
                    column = m.hasMatch() ? m.capturedEnd(1) : entryLine.size();
                    e.text = m.hasMatch() ? entryLine.mid(column).trimmed() : QString();
                    cut = cutAtLineEnd(e.text, column);
                    entries << e;
                } else if (!entries.isEmpty()) {
                    const QString piece = entryLine.trimmed();
                    joinWrapped(entries.last().text, piece, cut);
                    cut = cutAtLineEnd(piece, leadingSpaces(entryLine));
                }
            }
            --i;
            continue;
        }
        if (line.trimmed().isEmpty()) {
            endParagraph();
            continue;
        }
        joinWrapped(paragraph, line.trimmed(), false);
    }
    endParagraph();
    if (!listsSeen)
        parsed.description = prose.join(QStringLiteral("\n\n"));
    else
        parsed.epilog = prose;
    return parsed;
}

QString roffEscape(const QString& text)
{
    QString out = text;
    out.replace(u'\\', QStringLiteral("\\e"));
    // A line starting with '.' or '\'' would be a request: a zero-width character first.
    QStringList lines = out.split(u'\n');
    for (QString& line : lines) {
        if (line.startsWith(u'.') || line.startsWith(u'\''))
            line.prepend(QStringLiteral("\\&"));
    }
    return lines.join(u'\n');
}

QString manPage(CommandRegistry& registry, const QString& home)
{
    const auto tilde = [&home](QString text) {
        if (!home.isEmpty() && home != QLatin1String("/"))
            text.replace(home + u'/', QStringLiteral("~/"));
        return text;
    };
    // Read as printed (a cut line is known by its width), the home folder replaced at the end.
    const ParsedHelp top = parseHelp(registry.topLevelHelp());
    QString out;
    out += QStringLiteral(".\\\" golive(1), made by `golive help --man` from the help golive "
                          "prints.\n");
    out += QStringLiteral(".TH GOLIVE 1 \"\" \"golive %1\" \"User Commands\"\n")
               .arg(QLatin1String(GOLIVE_VERSION));
    out += QStringLiteral(".SH NAME\ngolive \\- the control room for a software go-live\n");
    out += QStringLiteral(".SH SYNOPSIS\n");
    roffUsage(out, top.usage);
    out += QStringLiteral(".SH DESCRIPTION\n");
    roffParagraphs(out, top.description.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts));
    roffParagraphs(out, top.epilog);
    out += QStringLiteral(".SH OPTIONS\nWith no command, golive opens its window:\n");
    roffEntries(out, top.options);
    out += QStringLiteral(".SH COMMANDS\n");
    QMap<QString, QStringList> environment; // variable -> the commands that name it
    static const QRegularExpression variable(QStringLiteral(R"(\b(GOLIVE_[A-Z_]+|PG[A-Z]+)\b)"));
    const auto noteVariables = [&](const QString& text, const QString& where) {
        for (auto it = variable.globalMatch(text); it.hasNext();) {
            const QString name = it.next().captured(1);
            if (!environment[name].contains(where))
                environment[name] << where;
        }
    };
    noteVariables(registry.topLevelHelp(), QStringLiteral("golive"));
    for (const std::unique_ptr<Command>& command : registry.commands()) {
        const QString help = command->helpText();
        const ParsedHelp h = parseHelp(help);
        noteVariables(help, QStringLiteral("golive ") + command->name());
        out += QStringLiteral(".SS ") + roffEscape(command->name()) + u'\n';
        out += roffEscape(command->summary()) + u'\n';
        out += QStringLiteral(".PP\n");
        roffUsage(out, h.usage);
        if (!h.description.isEmpty())
            roffParagraphs(out, h.description.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts));
        if (!h.arguments.isEmpty()) {
            out += QStringLiteral(".PP\nArguments:\n.RS\n");
            roffEntries(out, h.arguments);
            out += QStringLiteral(".RE\n");
        }
        if (!h.options.isEmpty()) {
            out += QStringLiteral(".PP\nOptions:\n.RS\n");
            roffEntries(out, h.options);
            out += QStringLiteral(".RE\n");
        }
        QStringList epilog = h.epilog;
        // Each command's help ends with the exit codes: said once, below.
        epilog.removeIf(
            [](const QString& p) { return p.startsWith(QLatin1String("Exit codes:")); });
        roffParagraphs(out, epilog);
    }
    out += QStringLiteral(".SH EXIT STATUS\n0 ok, 1 a failure you must act on, 2 a usage "
                          "error.\n");
    out += QStringLiteral(".SH ENVIRONMENT\nEach variable is explained where it is used:\n");
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        out += QStringLiteral(".TP\n") + roffBold(it.key()) + u'\n' +
               roffEscape(it.value().join(QStringLiteral(", "))) + u'\n';
    out += QStringLiteral(".SH FILES\n.TP\n") + roffEscape(defaultRunPath()) +
           QStringLiteral("\nThe default run, made from the bundled Summit go-live runbook the "
                          "first time it is needed.\n");
    out += QStringLiteral(".SH SEE ALSO\n.BR ssh\\-keygen (1),\n.BR ssh\\-agent (1)\n");
    return tilde(out);
}

QString bashCompletion(CommandRegistry& registry)
{
    const ParsedHelp top = parseHelp(registry.topLevelHelp());
    QStringList commands, windowOptions, windowFileOptions, windowValueOptions;
    for (const std::unique_ptr<Command>& command : registry.commands())
        commands << command->name();
    for (const HelpEntry& e : top.options) {
        windowOptions << e.names;
        if (valueKind(e.value) == ValueKind::File)
            windowFileOptions << e.names;
        else if (!e.value.isEmpty())
            windowValueOptions << e.names;
    }
    QString out =
        QStringLiteral(
            "# bash completion for golive(1), made by `golive help --bash-completion` from the "
            "help "
            "golive prints.\n"
            "# Item ids come from `golive status --ids` on the run file given with --run.\n\n"
            R"(_golive_item_ids()
{
    # The run as typed: in quotes, with a backslash before a space, from ~/.
    local run=$1 id
    if [[ $run == \"*\" || $run == \'*\' ]]; then
        run=${run:1:${#run}-2}
    elif [[ $run == \"* || $run == \'* ]]; then
        run=${run:1}
    fi
    run=${run//\\ / }
    [[ $run == \~/* ]] && run=$HOME/${run:2}
    [[ -f $run ]] || return 0
    # Ids only: nothing else golive might print reaches compgen, which expands what it is given.
    "${COMP_WORDS[0]}" status --run "$run" --ids 2>/dev/null | while IFS= read -r id; do
        [[ $id =~ ^[A-Za-z0-9._-]+$ ]] && printf '%s\n' "$id"
    done
}

)"
            "_golive_takes_value()\n{\n"
            "    [[ -n $2 && \" $1 \" == *\" $2 \"* ]]\n}\n\n"
            "_golive()\n{\n"
            "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
            "    local roles=\"%1\"\n"
            "    local windowvalues=\"%2\"\n"
            "    local cmd='' at=0 run='' action='' args=0 i word\n"
            "    COMPREPLY=()\n"
            "    # The run, wherever --run is given (\"--run FILE\" or \"--run=FILE\").\n"
            "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
            "        if [[ ${COMP_WORDS[i]} == --run ]]; then\n"
            "            run=${COMP_WORDS[i+1]}\n"
            "            [[ $run == = ]] && run=${COMP_WORDS[i+2]}\n"
            "        fi\n"
            "    done\n"
            "    # The command: the first word that is neither an option nor an option's value.\n"
            "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
            "        word=${COMP_WORDS[i]}\n"
            "        [[ $word == -* || $word == = ]] && continue\n"
            "        _golive_takes_value \"$windowvalues\" \"${COMP_WORDS[i-1]}\" && continue\n"
            "        [[ ${COMP_WORDS[i-1]} == = ]] && continue\n"
            "        cmd=$word at=$i\n"
            "        break\n"
            "    done\n"
            "    local opts='' actions='' roleopts='' fileopts='' valueopts='' idargs=0 "
            "fileargs=0\n"
            "    case $cmd in\n"
            "        '')\n"
            "            opts=\"%3\"; actions=\"%4\"; fileopts=\"%5\"; valueopts=\"%6\" ;;\n")
            .arg(shellWords(roleNames()), shellWords(windowFileOptions + windowValueOptions),
                 shellWords(windowOptions), shellWords(commands), shellWords(windowFileOptions),
                 shellWords(windowValueOptions));
    for (const std::unique_ptr<Command>& command : registry.commands()) {
        if (!shellWord(command->name()))
            continue;
        const ParsedHelp h = parseHelp(command->helpText());
        QStringList opts, roleOpts, fileOpts, valueOpts;
        for (const HelpEntry& e : h.options) {
            QStringList longNames;
            for (const QString& n : e.names)
                longNames << n;
            opts << longNames;
            switch (valueKind(e.value)) {
            case ValueKind::None:
                break;
            case ValueKind::Role:
                roleOpts << longNames;
                break;
            case ValueKind::File:
                fileOpts << longNames;
                break;
            case ValueKind::ItemId:
            case ValueKind::Other:
                valueOpts << longNames;
                break;
            }
        }
        bool ids = false, files = false;
        for (const HelpEntry& a : h.arguments) {
            for (const QString& name : a.names) {
                ids = ids || valueKind(name) == ValueKind::ItemId;
                files = files || valueKind(name) == ValueKind::File;
            }
        }
        out += QStringLiteral("        %1)\n            opts=\"%2\"; actions=\"%3\"; "
                              "roleopts=\"%4\"; fileopts=\"%5\"; valueopts=\"%6\"; idargs=%7; "
                              "fileargs=%8 ;;\n")
                   .arg(command->name(), shellWords(opts),
                        shellWords(actionsOf(command->name(), h.usage)), shellWords(roleOpts),
                        shellWords(fileOpts), shellWords(valueOpts),
                        ids ? QStringLiteral("1") : QStringLiteral("0"),
                        files ? QStringLiteral("1") : QStringLiteral("0"));
    }
    out += QStringLiteral(
        "    esac\n"
        "    # The command's action (\"roster add\"): its first word that is no option or value.\n"
        "    if ((at)); then\n"
        "        for ((i = at + 1; i < COMP_CWORD; i++)); do\n"
        "            word=${COMP_WORDS[i]}\n"
        "            [[ $word == -* || $word == = || ${COMP_WORDS[i-1]} == = ]] && continue\n"
        "            _golive_takes_value \"$roleopts $fileopts $valueopts\" \"${COMP_WORDS[i-1]}\" "
        "&&\n"
        "                continue\n"
        "            # The first such word is the action where the command has actions; the\n"
        "            # others are its arguments.\n"
        "            if [[ -n $actions && -z $action ]]; then action=$word; else args=$((args + "
        "1)); fi\n"
        "        done\n"
        "    fi\n"
        "    if _golive_takes_value \"$roleopts\" \"$prev\"; then\n"
        "        mapfile -t COMPREPLY < <(compgen -W \"$roles\" -- \"$cur\")\n"
        "    elif _golive_takes_value \"$fileopts\" \"$prev\"; then\n"
        "        compopt -o filenames 2>/dev/null\n"
        "        mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
        "    elif _golive_takes_value \"$valueopts\" \"$prev\"; then\n"
        "        COMPREPLY=()\n"
        "    elif [[ $cur == -* ]]; then\n"
        "        mapfile -t COMPREPLY < <(compgen -W \"$opts\" -- \"$cur\")\n"
        "    elif [[ -z $cmd || ( -n $actions && -z $action ) ]]; then\n"
        "        mapfile -t COMPREPLY < <(compgen -W \"$actions\" -- \"$cur\")\n"
        "    elif ((idargs)) && ((args == 0)) && [[ -n $run ]]; then\n"
        "        mapfile -t COMPREPLY < <(compgen -W \"$(_golive_item_ids \"$run\")\" -- "
        "\"$cur\")\n"
        "    elif ((fileargs)); then\n"
        "        compopt -o filenames 2>/dev/null\n"
        "        mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
        "    fi\n"
        "}\n"
        "complete -F _golive golive\n");
    return out;
}

} // namespace golive::cli
