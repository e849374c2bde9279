// lint: checks a Markdown runbook the way golive reads it; --json prints its structure.
#pragma once

#include "Command.h"

#include <QCommandLineOption>

namespace golive::cli {

class LintCommand : public Command
{
public:
    LintCommand(QString name, QString summary);

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
