// login (see LoginCommand.h).
#include "LoginCommand.h"

#include "CliText.h"
#include "Connection.h"
#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "LoginRecord.h"
#include "RunLedger.h"
#include "SecretInput.h"
#include "ServerLogin.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>

#include <utility>

namespace golive::cli {

namespace {

constexpr double kLoginTimeoutSeconds = 20;

// Reads the secret: $GOLIVE_PROMETHEUS_TOKEN, else the first line of standard input (typed
// without echo on a terminal). Empty when there is none.
QString readSecret(Console& c, const QString& prompt, QString* source, bool fromEnvironment = true)
{
    if (fromEnvironment && qEnvironmentVariableIsSet("GOLIVE_PROMETHEUS_TOKEN")) {
        *source = QStringLiteral("GOLIVE_PROMETHEUS_TOKEN");
        return qEnvironmentVariable("GOLIVE_PROMETHEUS_TOKEN").trimmed();
    }
    *source = QStringLiteral("standard input");
    return readSecretLine(c, prompt);
}

} // namespace

LoginCommand::LoginCommand(QString name, QString summary)
    : Command(std::move(name), std::move(summary)),
      m_userOption(QStringLiteral("user"),
                   QStringLiteral("The user name for basic authentication."),
                   QStringLiteral("NAME")),
      m_caFileOption(QStringLiteral("ca-file"),
                     QStringLiteral("A CA certificate (PEM) to trust for this URL; remembered for "
                                    "'golive check'."),
                     QStringLiteral("FILE")),
      m_noVerifyOption(QStringLiteral("no-verify"),
                       QStringLiteral("Store without trying it against Prometheus or the "
                                      "server."))
{}

QString LoginCommand::description() const
{
    return QStringLiteral(
        "With a PostgreSQL URI (postgresql://USER@HOST:PORT/DB): stores USER's password for "
        "that server in the operating system's keychain, where every server run's connection "
        "looks first (then libpq's own sources: ~/.pgpass, PGPASSWORD, a service file). It is "
        "read from standard input (typed without echo on a terminal), never from the command "
        "line, and first tried against the server unless --no-verify.\n"
        "With a Prometheus URL: stores a Prometheus password (with --user, for basic "
        "authentication) or bearer token "
        "(without) in the operating system's keychain, for the window and 'golive check' to "
        "use with that URL. The secret is read from $GOLIVE_PROMETHEUS_TOKEN if set, else from "
        "the first line of standard input (typed without echo on a terminal); it is never "
        "taken as an argument and never written to a file. By default it is first tried "
        "against Prometheus, and a refused one is not stored.");
}

QString LoginCommand::usage() const
{
    return QStringLiteral("golive login URL [--user NAME] [--ca-file FILE] [--no-verify] < secret\n"
                          "       golive login postgresql://USER@HOST:PORT/DB [--no-verify] < "
                          "password");
}

void LoginCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(
        QStringLiteral("URL"), QStringLiteral("Prometheus's base URL, e.g. https://prom:9090, or a "
                                              "PostgreSQL server's URI."));
    parser.addOption(m_userOption);
    parser.addOption(m_caFileOption);
    parser.addOption(m_noVerifyOption);
}

std::optional<int> LoginCommand::tryCredentials(Console& c, const PrometheusConfig& config,
                                                QString* version) const
{
    QString error;
    bool answered = false;
    QEventLoop loop;
    PrometheusClient client(config);
    client.checkConnection([&](const QString& v, const QString& e) {
        *version = v;
        error = e;
        answered = true;
        loop.quit();
    });
    if (!answered)
        loop.exec();
    if (error.isEmpty())
        return std::nullopt;
    const bool refused =
        error.contains(QLatin1String("HTTP 401")) || error.contains(QLatin1String("HTTP 403"));
    // A redirect to another address would refuse the stored secret just the same.
    const bool redirected = error.contains(QLatin1String("does not follow redirects"));
    c.err << "golive login: " << error << "; nothing was stored";
    if (!refused && !redirected)
        c.err << " (--no-verify stores it without trying)";
    c.err << Qt::endl;
    return ExitFailure;
}

int LoginCommand::run(Console& c, const QCommandLineParser& parser)
{
    if (RunLedger::isServerLocation(parser.positionalArguments().constFirst())) {
        if (parser.isSet(m_userOption) || parser.isSet(m_caFileOption))
            return usageError(c, QStringLiteral("a PostgreSQL URI names its user itself "
                                                "(postgresql://USER@HOST:PORT/DB) and its CA with "
                                                "?sslrootcert=FILE; --user and --ca-file are for "
                                                "Prometheus; nothing was stored"));
        return serverLogin(c, parser.positionalArguments().constFirst(),
                           !parser.isSet(m_noVerifyOption),
                           [&c](const QString& prompt, QString* source) {
                               return readSecret(c, prompt, source, false);
                           });
    }
    const QString usage = this->usage();
    const QString command = name();
    const QCommandLineOption& userOpt = m_userOption;
    const QCommandLineOption& caOpt = m_caFileOption;
    const QCommandLineOption& noVerify = m_noVerifyOption;
    const auto url = prometheusUrl(c, command, QStringLiteral("URL"),
                                   parser.positionalArguments().first(), usage);
    if (!url)
        return ExitUsage;
    const QString user = parser.value(userOpt).trimmed();
    QString caFile = parser.value(caOpt);
    if (!caFile.isEmpty()) {
        const QFileInfo info(caFile);
        if (!info.isFile() || !info.isReadable()) {
            c.err << "golive login: --ca-file " << native(caFile)
                  << " is not a readable file; nothing was stored" << Qt::endl;
            return ExitUsage;
        }
        caFile = info.absoluteFilePath();
    }
    const QString entry = entryWords(*url, user);

    QString source;
    const QString secret =
        readSecret(c,
                   user.isEmpty() ? QStringLiteral("Token for %1: ").arg(entry)
                                  : QStringLiteral("Password for %1: ").arg(entry),
                   &source);
    if (secret.isEmpty()) {
        c.err << "golive login: no " << (user.isEmpty() ? "token" : "password") << " on " << source
              << "; nothing was stored\nUsage: " << usage << Qt::endl;
        return ExitUsage;
    }

    PrometheusConfig config;
    config.baseUrl = *url;
    config.caFile = caFile;
    config.user = user;
    config.secret = secret;
    config.auth = user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
    config.timeoutMs = static_cast<int>(kLoginTimeoutSeconds * 1000);
    QString version;
    if (!parser.isSet(noVerify)) {
        if (const auto code = tryCredentials(c, config, &version))
            return *code;
    }

    CredentialStore store;
    const CredentialStore::Result written = store.writeBlocking(*url, user, secret);
    if (!written.ok()) {
        c.err << "golive login: " << written.message
              << "\nNothing was stored. For a single run of 'golive check', set "
                 "GOLIVE_PROMETHEUS_TOKEN in its environment instead."
              << Qt::endl;
        return ExitFailure;
    }
    LoginRecord::set(*url, LoginRecord{user, caFile});
    c.err << "golive login: ";
    if (!version.isEmpty())
        c.err << "Prometheus " << version << " accepted the credentials; ";
    c.err << (user.isEmpty() ? "token" : "password") << " for " << entry
          << " stored in the keychain (service \"" << CredentialStore::kService << "\", entry \""
          << CredentialStore::keyFor(*url, user) << "\")" << Qt::endl;
    // The Settings dialog comes before a login record for the same address (one table for the
    // window and every command): say so when it names other credentials, or this login would
    // look used when it is not.
    const ConnectionSettings configured = ConnectionSettings::load();
    const PrometheusConfig::Auth stored =
        user.isEmpty() ? PrometheusConfig::Auth::Bearer : PrometheusConfig::Auth::Basic;
    if (sameAddress(ConnectionSettings::parseUrl(configured.url, nullptr), *url) &&
        (configured.auth != stored || configured.keychainUser() != user ||
         configured.caFile != caFile)) {
        c.err << "golive login: note: the Settings dialog names this address too ("
              << ConnectionSettings::authName(configured.auth)
              << (configured.keychainUser().isEmpty()
                      ? QString()
                      : QStringLiteral(" as ") + configured.keychainUser())
              << "); its user, authentication and CA file come first, in the window and in "
                 "'golive check' and 'golive health'. Change them in Settings (Ctrl+,) to use "
                 "what was stored now."
              << Qt::endl;
    }
    if (parser.isSet(noVerify)) {
        // Nothing vouches for a secret stored unchecked: a typo shows only at the next check.
        c.err << "golive login: warning: the " << (user.isEmpty() ? "token" : "password")
              << " was stored WITHOUT being tried against "
              << url->toString(QUrl::StripTrailingSlash) << "; 'golive check --prometheus "
              << url->toString(QUrl::StripTrailingSlash) << "' will tell you if it is refused"
              << Qt::endl;
    }
    return ExitOk;
}

} // namespace golive::cli
