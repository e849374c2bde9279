// dashboard: the run's SLO dashboard. `set` records a new one (incident commander or release
// captain) as an event, keeping every earlier one; `list` shows them all; `show` prints one.
#pragma once

#include "EventCommand.h"

#include <QCommandLineOption>

namespace golive::cli {

class DashboardCommand : public EventCommand
{
public:
    DashboardCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 2; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    int set(Console& c, const QCommandLineParser& parser, const QString& file) const;
    int list(Console& c, const QCommandLineParser& parser) const;
    int show(Console& c, const QCommandLineParser& parser) const;

    const QCommandLineOption m_versionOption;
};

} // namespace golive::cli
