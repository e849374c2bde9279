// --key FILE: the SSH key a command signs the events it writes with (a public key whose
// private half is in ssh-agent, or a private key file), or GOLIVE_SIGNING_KEY when --key is
// not given. One option for every command that appends to a ledger, so they all read it alike.
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

namespace golive::cli {

class SigningOption
{
public:
    SigningOption();

    void addTo(QCommandLineParser& parser) const;
    // The key to sign with, as an absolute path (ssh-keygen gets it as given here, whatever
    // folder it runs in): --key, else GOLIVE_SIGNING_KEY, else empty (the event is not
    // signed). The file itself is read, and refused in words, when the event is prepared.
    QString keyPath(const QCommandLineParser& parser) const;

    // " [--key FILE]": for a command's usage line.
    static QString usage();
    // The name of the environment variable read when --key is absent.
    static QString environmentVariable();

private:
    const QCommandLineOption m_option;
};

} // namespace golive::cli
