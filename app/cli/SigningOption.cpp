// --key FILE and GOLIVE_SIGNING_KEY (see SigningOption.h).
#include "SigningOption.h"

#include <QFileInfo>

namespace golive::cli {

SigningOption::SigningOption()
    : m_option(QStringLiteral("key"),
               QStringLiteral("Sign the event with this SSH key: a public key (.pub) whose "
                              "private half is in ssh-agent, or a private key file, whose "
                              "passphrase ssh-keygen asks for itself (default: the %1 "
                              "environment variable; without either the event is not signed, "
                              "which a run that requires signatures refuses).")
                   .arg(environmentVariable()),
               QStringLiteral("FILE"))
{}

void SigningOption::addTo(QCommandLineParser& parser) const
{
    parser.addOption(m_option);
}

QString SigningOption::keyPath(const QCommandLineParser& parser) const
{
    QString path = parser.isSet(m_option) ? parser.value(m_option)
                                          : qEnvironmentVariable(environmentVariable().toLatin1());
    path = path.trimmed();
    if (path.isEmpty())
        return {};
    return QFileInfo(path).absoluteFilePath();
}

QString SigningOption::usage()
{
    return QStringLiteral(" [--key FILE]");
}

QString SigningOption::environmentVariable()
{
    return QStringLiteral("GOLIVE_SIGNING_KEY");
}

} // namespace golive::cli
