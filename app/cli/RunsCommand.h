// runs: the runs a PostgreSQL database holds, each with its title, phase, progress and last
// event, as a table or JSON, so a war room finds its run's name.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class RunsCommand : public Command
{
public:
    RunsCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_jsonOption;
};

} // namespace golive::cli
