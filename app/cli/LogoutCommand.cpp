// logout (see LogoutCommand.h).
#include "LogoutCommand.h"

#include "CredentialStore.h"
#include "LoginRecord.h"
#include "RunLedger.h"
#include "ServerLogin.h"

#include <utility>

namespace golive::cli {

LogoutCommand::LogoutCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_userOption(QStringLiteral("user"),
                   QStringLiteral("The user name (default: the one 'golive login' recorded for "
                                  "the URL)."),
                   QStringLiteral("NAME"))
{}

QString LogoutCommand::description() const
{
    return QStringLiteral(
        "Removes the password or token 'golive login' stored in the keychain for a Prometheus "
        "URL, or the password of USER at a PostgreSQL server (postgresql://USER@HOST:PORT/DB).");
}

QString LogoutCommand::usage() const
{
    return QStringLiteral("golive logout URL [--user NAME] | postgresql://USER@HOST:PORT/DB");
}

void LogoutCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Prometheus's base URL, or a PostgreSQL URI."));
    parser.addOption(m_userOption);
}

int LogoutCommand::run(Console& c, const QCommandLineParser& parser)
{
    if (RunLedger::isServerLocation(parser.positionalArguments().constFirst())) {
        if (parser.isSet(m_userOption))
            return usageError(c, QStringLiteral("a PostgreSQL URI names its user itself "
                                                "(postgresql://USER@HOST:PORT/DB); --user is for "
                                                "Prometheus; nothing was removed"));
        return serverLogout(c, parser.positionalArguments().constFirst());
    }
    const auto url = prometheusUrl(c, name(), QStringLiteral("URL"),
                                   parser.positionalArguments().first(), usage());
    if (!url)
        return ExitUsage;
    const std::optional<LoginRecord> record = LoginRecord::forUrl(*url);
    const QString user = parser.isSet(m_userOption) ? parser.value(m_userOption).trimmed()
                                                    : (record ? record->user : QString());
    const QString entry = entryWords(*url, user);

    CredentialStore store;
    const CredentialStore::Result removed = store.removeBlocking(*url, user);
    if (removed.ok() || removed.status == CredentialStore::Status::NotFound) {
        if (record && record->user == user)
            LoginRecord::set(*url, std::nullopt);
        if (removed.ok())
            c.err << "golive logout: removed the secret for " << entry << " from the keychain"
                  << Qt::endl;
        else
            c.err << "golive logout: nothing was stored in the keychain for " << entry << Qt::endl;
        return ExitOk;
    }
    c.err << "golive logout: " << removed.message << Qt::endl;
    return ExitFailure;
}

} // namespace golive::cli
