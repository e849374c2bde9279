// check: the SLO gate. Evaluates every panel of a dashboard once against Prometheus and judges
// it: 0 all ok, 1 a breach, 2 when the gate cannot vouch.
#pragma once

#include "Command.h"
#include "Dashboard.h"
#include "SloSource.h"

#include <QCommandLineOption>
#include <QDateTime>

namespace golive::cli {

struct CheckOutcome;

class CheckCommand : public Command
{
public:
    CheckCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    QString epilog() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    // What was asked of which Prometheus, as the output names it.
    struct Evaluation
    {
        QString urlShown;
        QString dashboardPath;
        qint64 rangeSeconds = 0;
        QDateTime evaluatedAt;
    };

    void printJson(Console& c, const Evaluation& e, const CheckOutcome& outcome,
                   const QString& result) const;
    void printTable(Console& c, const Evaluation& e, const Dashboard& dashboard,
                    const CheckOutcome& outcome, bool unreachable,
                    const QList<const AlertInfo*>& firing) const;
    // The verdict in words, on c.err, so it reads the same with --json; the exit code.
    int verdict(Console& c, const Evaluation& e, const CheckOutcome& outcome,
                const QString& credentialNote, const QString& user) const;

    const QCommandLineOption m_prometheusOption;
    const QCommandLineOption m_dashboardOption;
    const QCommandLineOption m_runOption;
    const QCommandLineOption m_jsonOption;
    const QCommandLineOption m_rangeOption;
    const QCommandLineOption m_timeoutOption;
    const QCommandLineOption m_userOption;
    const QCommandLineOption m_caFileOption;
};

} // namespace golive::cli
