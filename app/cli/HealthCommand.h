// health: probes the dashboard's health checks once, as the window's lights do; 1 when a
// critical one is down.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class HealthCommand : public Command
{
public:
    HealthCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_dashboardOption;
    const QCommandLineOption m_runOption;
    const QCommandLineOption m_prometheusOption;
    const QCommandLineOption m_userOption;
    const QCommandLineOption m_caFileOption;
    const QCommandLineOption m_timeoutOption;
    const QCommandLineOption m_demoOption;
};

} // namespace golive::cli
