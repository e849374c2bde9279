// publish: uploads a run file to a PostgreSQL server (verified first), so a rehearsal made
// offline goes live there with the same run id, events and head.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class PublishCommand : public Command
{
public:
    PublishCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_toOption;
};

} // namespace golive::cli
