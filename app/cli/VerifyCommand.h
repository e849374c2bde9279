// verify: re-reads a run's ledger and checks its hash chain and every event's signature against
// the roster in force when it was made (or an auditor's own, --allowed-signers), the head
// against one recorded elsewhere (--expect-head), or a printed copy's digest (--digest). Opens
// the run read-only.
#pragma once

#include "RunCommand.h"

namespace golive::cli {

class VerifyCommand : public RunCommand
{
public:
    VerifyCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    // --digest: whether the printed copy with this head (and run id, when the QR code's text
    // was given) is of this run as it is now.
    int checkDigest(Console& c, const RunLedger& run, const ChainVerification& v,
                    const QString& digestHead, const QString& digestRun) const;

    const QCommandLineOption m_jsonOption;
    const QCommandLineOption m_expectHeadOption;
    const QCommandLineOption m_digestOption;
    const QCommandLineOption m_allowedSignersOption;
};

} // namespace golive::cli
