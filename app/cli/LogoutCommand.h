// logout: removes the password or token `golive login` stored in the keychain for a URL.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class LogoutCommand : public Command
{
public:
    LogoutCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_userOption;
};

} // namespace golive::cli
