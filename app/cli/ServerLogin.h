// `golive login` and `golive logout` for a PostgreSQL server: the password of USER at
// HOST:PORT in the OS keychain, in the same store as Prometheus's, under the key every server
// connection reads (ServerLocation::keychainUrl() and the user).
#pragma once

#include "Console.h"

#include <QString>

#include <functional>

namespace golive::cli {

// Reads the password with `readSecret(prompt, &source)`, tries it against the server unless
// `verify` is false, and stores it. Returns the exit code after saying what happened.
int serverLogin(Console& c, const QString& uri, bool verify,
                const std::function<QString(const QString&, QString*)>& readSecret);
// Removes the stored password of the URI's user at its server.
int serverLogout(Console& c, const QString& uri);

} // namespace golive::cli
