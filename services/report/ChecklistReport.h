// The signed checklist as a document for the audit: PDF (or any printer), Markdown and JSON.
//
// The PDF holds the run's title, its fields (placeholders filled), the go-live window, the
// incident commander and the release captain; every section and item with its outline number,
// status, signer, role, UTC time and note, its details underneath; a summary per section; the
// event history as an appendix; signature blocks; and on the last page a QR code. A run with
// evidence gets an evidence appendix: each file with its name, size, media type, full SHA-256,
// item, who and when, and a thumbnail of a PNG or JPEG; each command run with the command, its
// folder, outcome and exit code, start, duration, output kept and produced, redactions and the
// first and last 10 lines of its output. Bytes that no longer match their SHA-256 are never
// shown: "EVIDENCE DOES NOT MATCH ITS SHA-256" is. Items name their evidence by event number,
// and a sign-off that references evidence says so ("evidence #12, #15"). Every page
// carries the run's title, "Page N of M" and the short ledger head, so pages cannot be swapped
// between runs. In a run with a roster or a signed event, every signature is checked against the
// roster in force when it was made (signing::checkSignatures) and each sign-off says what it is:
// the SSH key that signed it by the first 12 characters of its fingerprint, that key and "NOT ON
// THE ROSTER", "BAD SIGNATURE", or "unsigned"; the first page counts them and gives the SHA-256
// of the roster the run was made with and of the one in force at the end; a roster page lists
// every key in force at the end in full and how the roster came to be. A run without either says
// so in one line on the first page. The Markdown carries the same.
//
// The QR code holds (ASCII, no spaces)   golive:run=<run id>;head=<64 lower-case hex digits>
// where head is reportHead(): the ledger head that `golive verify` prints and the status bar
// shows (the newest event's hash, or the run's genesis hash when it has no events).
#pragma once

#include "RunFile.h"
#include "Runbook.h"
#include "SignOffEvent.h"
#include "evidence/EvidencePreview.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QPageLayout>
#include <QPageSize>
#include <QString>

#include <functional>

class QPagedPaintDevice;

namespace golive {

struct RunSnapshot;

// Everything a report shows. The item states and field values are folded from `events`.
struct ReportInput
{
    QString runId;
    QString runPath;       // shown on the first page; may be empty
    QString runbookName;   // the file the run was made from
    QString runbookSha256; // lower-case hex SHA-256 of the embedded runbook text
    // The roster the run was made with (RunLedger::initialRoster()), anchored in its genesis.
    RunRoster roster;
    Runbook runbook;
    QList<SignOffEvent> events;
    ChainVerification verification;
    // The ledger head. When empty: verification.head, else the newest event's hash, else the
    // genesis hash (reportGenesis()).
    QByteArray head;
    QDateTime createdUtc;     // when the run was made; may be invalid
    QDateTime generatedAtUtc; // when the report is made; invalid means now
    // What the report shows of an evidence event's bytes (EvidencePreview: the first and last
    // bytes, the whole of a small image, whether they match the SHA-256 the event names).
    // Called once per evidence event while a report is made, one after another, so only one
    // blob is ever being read. Unset: the evidence is named from the events alone, its bytes
    // "not read".
    std::function<EvidencePreview(const SignOffEvent& event)> evidence;

    // A run file: its runbook, events, a fresh verify() and its head; its evidence read from
    // `run` (readEvidencePreview()), so the input must not outlive `run`.
    static ReportInput fromRunFile(const RunLedger& run);
    // What the window holds. The window folds later sign-offs into its own state: set
    // `events` and `head` from there (head = the newest appended event's hash).
    static ReportInput fromSnapshot(const RunSnapshot& snapshot);
};

// The run's genesis: SignOffEvent::genesisFor() of its id, runbook and initial roster.
QByteArray reportGenesis(const ReportInput& input);
// The head every part of the report shows (see ReportInput::head): 64 lower-case hex digits.
QByteArray reportHead(const ReportInput& input);
// The first 12 hex digits of the head: printed on every page.
QString reportShortHead(const ReportInput& input);
// "golive:run=<run id>;head=<64 hex>", the text of the QR code on the last page.
QString reportQrPayload(const ReportInput& input);
// The run's title as the report shows it (the runbook's "#" line, else its file name).
QString reportTitle(const ReportInput& input);

// Lays the report out on `device` (a QPdfWriter, or a QPrinter from a print dialog or a print
// preview's paintRequested), honouring its page size, orientation and margins (margins under
// 12 mm are widened to 12 mm; a QPrinter with fullPage set gets its layout's margins applied).
// Every table row, the signature blocks and the QR code are kept whole on one page.
// The painter is begun and ended here: call it on a device no painter is active on.
// Needs a QGuiApplication (fonts); with no display run it with QT_QPA_PLATFORM=offscreen.
// Returns false and says why in *error when nothing or not everything could be drawn.
bool renderPdf(const ReportInput& input, QPagedPaintDevice* device, QString* error);

// Writes the report as a PDF file at `path` on pages of `pageSize` (A4, Letter, ...) with
// 15 mm margins, title/creator metadata set. The document is made in memory, then written
// through writeExport() (ExportTarget.h): never over the run (input.runPath) or any other golive
// run, to a temporary file beside `path` renamed over it only when complete, so a failure leaves
// any existing file as it was. Returns false and says which file and why in *error.
bool writePdf(const ReportInput& input, const QString& path, QPageSize::PageSizeId pageSize,
              QString* error);
// The same on the pages of `layout` (a printer's, when it prints to a file).
bool writePdf(const ReportInput& input, const QString& path, const QPageLayout& layout,
              QString* error);

// The same content as Markdown (for the wiki and the postmortem), UTF-8, with an evidence
// appendix: the facts of every file attached and command run (not the output's lines).
QByteArray toMarkdown(const ReportInput& input);

// The whole ledger as JSON (UTF-8, indented): format "golive-export/1", run id, runbook name and
// SHA-256, genesis, head, the verification result, every field, every item with its state, and
// every event with all its fields and both hashes (prev, hash), so the chain can be recomputed
// from this file alone; the run's initial roster (allowedSigners, signaturesRequired), and on
// every signed event its signature, the exact bytes it signs (signedData, base64) and its key,
// so each signature can be checked with `ssh-keygen -Y verify` from this file alone. "evidence":
// every file attached and command run (seq, item, kind, name or command, size, type, sha256,
// outcome, exit, start, end, duration_ms, redactions, truncated, by, role, time, the sign-offs
// naming it in "references", and in "bytes" whether its bytes still match: "verified",
// "does-not-match", "missing", "unreadable" or "not-read"); every item lists its evidence. An
// event that carries a snapshot of what golive could see has it as "snapshot" (snapshotToJson).
QByteArray toJson(const ReportInput& input);

// An event's snapshot (SignOffEvent::snapshot) as a JSON export shows it: the object it holds
// when it reads as one, else the stored text as a string, so nothing recorded is left out.
QJsonValue snapshotToJson(const QString& snapshot);

} // namespace golive
