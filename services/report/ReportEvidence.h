// The run's evidence as the report shows it: each attached file and command run with its facts,
// who recorded it and when, the sign-offs that name it, whether its bytes still match their
// SHA-256, and (for the PDF) the first and last lines of a command's output and a thumbnail of
// an image.
#pragma once

#include "evidence/Evidence.h"
#include "evidence/EvidencePreview.h"

#include <QHash>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace golive::report {

struct FoldedRun;

// Lines of output shown from the start and from the end of a command's output.
inline constexpr int kEvidenceLines = 10;
// A line of output longer than this is cut, with "…" (the record keeps it whole).
inline constexpr int kEvidenceLineChars = 240;
// A command longer than this is cut in the PDF, with how long it is.
inline constexpr int kEvidenceCommandChars = 2000;
// The largest image decoded for a thumbnail, in pixels (width × height), and the thumbnail's
// longest side in pixels (about 60 mm at 250 dpi).
inline constexpr qint64 kThumbnailMaxSourcePixels = 40LL * 1000 * 1000;
inline constexpr int kThumbnailSidePx = 600;

struct EvidenceShown
{
    const SignOffEvent* event = nullptr;
    std::optional<AttachmentRecord> attachment; // an evidence-attached event, as it reads
    std::optional<CommandRecord> command;       // a command-run event, as it reads
    QString recordError;                        // why the event's text does not read
    EvidencePreview::Status status = EvidencePreview::Status::NotRead;
    QString statusError;
    // A command's output: terminal escapes removed, other controls made visible.
    QStringList firstLines;
    QStringList lastLines;
    qint64 linesNotShown = 0;   // between firstLines and lastLines
    bool noOutput = false;      // the command wrote nothing
    QImage thumbnail;           // an attached image, at most kThumbnailSidePx on its longest side
    QString imageNote;          // why an image has no thumbnail
    QList<qint64> referencedBy; // the sign-offs that name it, oldest first
};

enum class EvidenceDetail
{
    Facts,    // the records and whether the bytes match (Markdown, JSON)
    Previews, // also the output's lines and the thumbnails (the PDF)
};

// Every evidence event of the run, oldest first, each read through ReportInput::evidence once.
QList<EvidenceShown> evidenceShown(const FoldedRun& f, EvidenceDetail detail);

// The evidence events of each item, by seq, oldest first.
QHash<QString, QList<qint64>> evidenceByItem(const FoldedRun& f);

// "verified", "does-not-match", "missing", "unreadable", "not-read" (JSON, Markdown).
QString evidenceStatusName(EvidencePreview::Status status);
// In words for a person: "the bytes match their SHA-256", "EVIDENCE DOES NOT MATCH ITS SHA-256",
// "EVIDENCE MISSING FROM THE RUN", "the evidence could not be read: …", "bytes not read".
QString evidenceStatusText(const EvidenceShown& e);
// Whether it must stand out on the page: anything but verified or not read.
bool evidenceAlarming(EvidencePreview::Status status);

// "#12, #15".
QString seqList(const QList<qint64>& seqs);
// "exited 0", "timed out (killed)", "stopped", "could not be started", "crashed",
// "interrupted (golive ended while it ran)".
QString outcomeText(const CommandRecord& r);

// A command's output as text for the page: invalid UTF-8 as U+FFFD, "\r\n" as "\n", terminal
// escape sequences (CSI, OSC, and two-character ones) removed, every other control and bidi
// control made visible (visibleControls(), line breaks and tabs kept). Right-to-left text is
// isolated where it is drawn (displaySafeLines()), once.
QString outputPlainText(const QByteArray& bytes);

} // namespace golive::report
