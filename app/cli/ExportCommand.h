// export: the signed checklist as PDF, Markdown or JSON, and the timeline as Markdown. Opens the
// run read-only; every output is checked before anything is written.
#pragma once

#include "RunCommand.h"

#include <QPageSize>

namespace golive::cli {

class ExportCommand : public RunCommand
{
public:
    ExportCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    // Refuses the whole export when an output is the run (by any name), a file beside it, or
    // another golive run; says which on c.err.
    bool outputsRefused(Console& c, const QCommandLineParser& parser, const RunLedger& run) const;
    // Writes every output asked for; ExitFailure when one failed (each says why).
    int writeOutputs(Console& c, const QCommandLineParser& parser, const RunLedger& run,
                     QPageSize::PageSizeId pageSize) const;

    const QCommandLineOption m_pdfOption;
    const QCommandLineOption m_mdOption;
    const QCommandLineOption m_jsonOption;
    const QCommandLineOption m_timelineOption;
    const QCommandLineOption m_paperOption;
};

} // namespace golive::cli
