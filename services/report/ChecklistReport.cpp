// What every part of the report shares: the input read from a run or the window, the head,
// the title and the QR code's text.
#include "ChecklistReport.h"

#include "AsyncLedger.h"

#include <QCryptographicHash>
#include <QFileInfo>

namespace golive {

ReportInput ReportInput::fromRunFile(const RunLedger& run)
{
    ReportInput in;
    in.runId = run.runId();
    in.runPath = run.path();
    in.runbookName = run.runbookName();
    in.runbookSha256 = run.runbookSha256();
    in.roster = run.initialRoster();
    in.runbook = run.runbook();
    in.events = run.events();
    in.verification = run.verify();
    in.head = in.verification.head;
    in.createdUtc = run.createdUtc();
    in.evidence = [&run](const SignOffEvent& e) {
        return readEvidencePreview(run, e.fieldKey, evidenceWantsWhole(e));
    };
    return in;
}

ReportInput ReportInput::fromSnapshot(const RunSnapshot& snapshot)
{
    ReportInput in;
    in.runId = snapshot.runId;
    in.runPath = snapshot.path;
    in.runbookName = snapshot.runbookName;
    in.runbookSha256 = QString::fromLatin1(
        QCryptographicHash::hash(snapshot.runbookText, QCryptographicHash::Sha256).toHex());
    in.runbook = snapshot.runbook;
    in.roster = snapshot.initialRoster;
    in.events = snapshot.events;
    in.verification = snapshot.verification;
    in.head = snapshot.verification.head;
    return in;
}

QByteArray reportHead(const ReportInput& input)
{
    if (!input.head.isEmpty())
        return input.head;
    if (!input.verification.head.isEmpty())
        return input.verification.head;
    if (!input.events.isEmpty())
        return input.events.constLast().hash;
    return reportGenesis(input);
}

QByteArray reportGenesis(const ReportInput& input)
{
    return SignOffEvent::genesisFor(input.runId, input.runbookSha256, input.roster.allowedSigners,
                                    input.roster.signaturesRequired);
}

QString reportShortHead(const ReportInput& input)
{
    return QString::fromLatin1(reportHead(input).left(12));
}

QString reportQrPayload(const ReportInput& input)
{
    return QStringLiteral("golive:run=%1;head=%2")
        .arg(input.runId, QString::fromLatin1(reportHead(input)));
}

QString reportTitle(const ReportInput& input)
{
    QString title = input.runbook.title.simplified();
    if (title.isEmpty())
        title = QFileInfo(input.runbookName).completeBaseName();
    if (title.isEmpty())
        title = QStringLiteral("Go-live run %1").arg(input.runId);
    return title;
}

} // namespace golive
