// copy: archives a run (a server run, typically) into a new, self-contained run file with the
// same run id, events and head, which `golive verify` checks offline.
#pragma once

#include "RunCommand.h"

namespace golive::cli {

class CopyCommand : public RunCommand
{
public:
    CopyCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_outOption;
};

} // namespace golive::cli
