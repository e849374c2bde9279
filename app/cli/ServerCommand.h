// server: what a PostgreSQL database needs before it holds runs. `golive server init URI`
// creates golive's schema there, or migrates it forward; run again, it changes nothing.
#pragma once

#include "Command.h"

namespace golive::cli {

class ServerCommand : public Command
{
public:
    ServerCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 2; }
    qsizetype maxPositional() const override { return 2; }
    int run(Console& c, const QCommandLineParser& parser) override;
};

} // namespace golive::cli
