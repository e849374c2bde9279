// login: stores a Prometheus password or token in the OS keychain, after trying it.
#pragma once

#include "Command.h"
#include "PrometheusClient.h"

#include <QCommandLineOption>

namespace golive::cli {

class LoginCommand : public Command
{
public:
    LoginCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    // Tries the credentials against Prometheus. Empty when it accepted them (*version then
    // names it), else the exit code after saying why.
    std::optional<int> tryCredentials(Console& c, const PrometheusConfig& config,
                                      QString* version) const;

    const QCommandLineOption m_userOption;
    const QCommandLineOption m_caFileOption;
    const QCommandLineOption m_noVerifyOption;
};

} // namespace golive::cli
