// exec: runs a command the runbook gives for an item and records its output as evidence.
#pragma once

#include "EventCommand.h"

#include <QCommandLineOption>

namespace golive::cli {

class ExecCommand : public EventCommand
{
public:
    ExecCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    QString epilog() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    // Journals of commands a golive ran but did not record (it ended first), for this run:
    // each recorded as an interrupted command-run event with its output, then removed. Said
    // either way. One whose journal names a signing key is signed with it only when
    // `signingKey` (this exec's --key) is the same key.
    void recordLeftOvers(Console& c, RunLedger& run, const QString& folder,
                         const QString& signingKey) const;

    const QCommandLineOption m_blockOption;
    const QCommandLineOption m_commandOption;
    const QCommandLineOption m_cwdOption;
    const QCommandLineOption m_timeoutOption;
    const QCommandLineOption m_capOption;
    const QCommandLineOption m_redactOption;
    const QCommandLineOption m_yesOption;
};

} // namespace golive::cli
