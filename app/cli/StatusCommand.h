// status: a run's fields, progress per section, cutover, every item and the ledger's
// verification, as a table or JSON, or its item ids alone. Opens the run read-only.
#pragma once

#include "RunCommand.h"

namespace golive::cli {

class StatusCommand : public RunCommand
{
public:
    StatusCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_jsonOption;
    const QCommandLineOption m_idsOption;
};

} // namespace golive::cli
