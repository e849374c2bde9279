// login and logout for a PostgreSQL server (see ServerLogin.h).
#include "ServerLogin.h"

#include "Command.h"
#include "CredentialStore.h"
#include "SafeText.h"
#include "server/ServerConnection.h"
#include "server/ServerLocation.h"

#include <QUrl>

namespace golive::cli {

namespace {

// The URI read as a server location with a user (the keychain entry is per user); nullopt
// after saying why.
std::optional<ServerLocation> locationOf(Console& c, const QString& command, const QString& uri,
                                         const QString& safe)
{
    ServerLocation location;
    QString error;
    if (!ServerLocation::parse(uri, &location, &error)) {
        c.err << "golive " << command << ": " << terminalSafe(error) << "; " << safe << Qt::endl;
        return std::nullopt;
    }
    if (location.user().isEmpty()) {
        c.err << "golive " << command << ": " << terminalSafe(location.shown())
              << " names no user; the password is kept per user: "
                 "postgresql://USER@HOST:PORT/DB; "
              << safe << Qt::endl;
        return std::nullopt;
    }
    if (location.hasPassword()) {
        // It was on the command line, where other users' `ps` and the shell's history see it.
        c.err << "golive " << command << ": the URI holds a password; golive never takes one "
              << "from the command line. Leave it out and type it when asked (or give it on "
              << "standard input); " << safe << Qt::endl;
        return std::nullopt;
    }
    return location;
}

} // namespace

int serverLogin(Console& c, const QString& uri, bool verify,
                const std::function<QString(const QString&, QString*)>& readSecret)
{
    const QString safe = QStringLiteral("nothing was stored");
    const std::optional<ServerLocation> location =
        locationOf(c, QStringLiteral("login"), uri, safe);
    if (!location)
        return ExitUsage;
    const QString entry = terminalSafe(location->origin());
    QString source;
    const QString password = readSecret(QStringLiteral("Password for %1: ").arg(entry), &source);
    if (password.isEmpty()) {
        c.err << "golive login: no password on " << source << "; " << safe << Qt::endl;
        return ExitUsage;
    }
    if (verify) {
        // Tried over a connection of its own, with this password and nothing else.
        QUrl withPassword(uri);
        withPassword.setPassword(password);
        ServerLocation trial;
        QString error;
        if (!ServerLocation::parse(withPassword.toString(QUrl::FullyEncoded), &trial, &error)) {
            c.err << "golive login: " << error << "; " << safe << Qt::endl;
            return ExitFailure;
        }
        ServerConnection connection(trial);
        if (!connection.open(&error)) {
            c.err << "golive login: " << error << "; " << safe
                  << " (--no-verify stores it without trying)" << Qt::endl;
            return ExitFailure;
        }
        connection.close();
    }
    CredentialStore store;
    const CredentialStore::Result written =
        store.writeBlocking(location->keychainUrl(), location->user(), password);
    if (!written.ok()) {
        c.err << "golive login: " << written.message
              << "\nNothing was stored. libpq's own sources still work: ~/.pgpass, PGPASSWORD "
                 "or a service file."
              << Qt::endl;
        return ExitFailure;
    }
    c.err << "golive login: ";
    if (verify)
        c.err << terminalSafe(location->host()) << " accepted the password; ";
    c.err << "password for " << entry << " stored in the keychain (service \""
          << CredentialStore::kService << "\", entry \""
          << CredentialStore::keyFor(location->keychainUrl(), location->user()) << "\")"
          << Qt::endl;
    if (!verify)
        c.err << "golive login: warning: the password was stored WITHOUT being tried against "
              << terminalSafe(location->host()) << "; 'golive runs "
              << terminalSafe(location->shown()) << "' will tell you if it is refused" << Qt::endl;
    return ExitOk;
}

int serverLogout(Console& c, const QString& uri)
{
    const std::optional<ServerLocation> location =
        locationOf(c, QStringLiteral("logout"), uri, QStringLiteral("nothing was removed"));
    if (!location)
        return ExitUsage;
    CredentialStore store;
    const CredentialStore::Result removed =
        store.removeBlocking(location->keychainUrl(), location->user());
    if (removed.ok()) {
        c.err << "golive logout: removed the password for " << terminalSafe(location->origin())
              << " from the keychain" << Qt::endl;
        return ExitOk;
    }
    if (removed.status == CredentialStore::Status::NotFound) {
        c.err << "golive logout: nothing was stored in the keychain for "
              << terminalSafe(location->origin()) << Qt::endl;
        return ExitOk;
    }
    c.err << "golive logout: " << removed.message << Qt::endl;
    return ExitFailure;
}

} // namespace golive::cli
