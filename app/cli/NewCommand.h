// new: creates a run (.golive) from a runbook; never overwrites a file.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class NewCommand : public Command
{
public:
    NewCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_runbookOption;
    const QCommandLineOption m_outOption;
    const QCommandLineOption m_dashboardOption;
    const QCommandLineOption m_allowedSignersOption;
    const QCommandLineOption m_requireSignaturesOption;
};

} // namespace golive::cli
