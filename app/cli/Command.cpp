// The base of every golive subcommand (see Command.h).
#include "Command.h"

#include "CliText.h"

#include <QCommandLineOption>

#include <utility>

namespace golive::cli {

Command::Command(QString name, QString summary)
    : m_name(std::move(name)), m_summary(std::move(summary))
{}

Command::~Command() = default;

int Command::execute(Console& c, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(wrap(description()));
    addOptions(parser);
    if (const std::optional<int> code = parseArguments(c, parser, args))
        return *code;
    const int code = run(c, parser);
    return afterRun(c, parser, code);
}

QString Command::helpText()
{
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    Console c{outStream, errStream};
    execute(c, {QStringLiteral("golive"), QStringLiteral("--help")});
    outStream.flush();
    return out;
}

int Command::usageError(Console& c, const QString& why) const
{
    c.err << "golive " << m_name << ": " << why << "\nUsage: " << usage() << Qt::endl;
    return ExitUsage;
}

std::optional<int> Command::parseArguments(Console& c, QCommandLineParser& parser,
                                           const QStringList& args) const
{
    const QString usageLine = usage();
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        c.err << "golive " << m_name << ": " << parser.errorText() << "\n"
              << "Usage: " << usageLine << "\nTry 'golive " << m_name << " --help'." << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        // The usage line replaces QCommandLineParser's, which names the executable's full path.
        const QString text = parser.helpText();
        QString shown =
            QStringLiteral("Usage: ") + usageLine + text.mid(text.indexOf(QLatin1Char('\n')));
        if (const QString more = epilog(); !more.isEmpty())
            shown += QLatin1Char('\n') + wrap(more) + QLatin1Char('\n');
        shown += QStringLiteral("\nExit codes: 0 ok, 1 a failure you must act on, 2 a usage "
                                "error.\n");
        c.out << shown;
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    const qsizetype least = minPositional();
    const qsizetype most = maxPositional();
    if (positional.size() < least || positional.size() > most) {
        c.err << "golive " << m_name << ": "
              << (positional.size() < least
                      ? QStringLiteral("missing arguments")
                      : QStringLiteral("unexpected argument '%1'").arg(positional.at(most)))
              << "\nUsage: " << usageLine << "\nTry 'golive " << m_name << " --help'." << Qt::endl;
        return ExitUsage;
    }
    return std::nullopt;
}

} // namespace golive::cli
