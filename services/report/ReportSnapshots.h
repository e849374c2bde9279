// What golive could see at each decision, on the record: "The cutover" (every decision in order,
// the snapshot's table beside it) and the appendix "Decision snapshots" (every event that kept
// one), in the PDF and the Markdown, in the words of snapshotTable().
#pragma once

#include "ReportDocument.h"

#include <QString>

namespace golive::report {

struct FoldedRun;

// "The cutover": the gate, GO or NO-GO, failed steps, the rollback and Live, oldest first, each
// with who, when and why and the table of what golive saw (or that the event kept none). Nothing
// in a run without such events.
void cutoverUnits(const FoldedRun& f, ReportDocument& u);
// "Appendix: decision snapshots", on a page of its own: every event that kept a snapshot, by
// event number. Nothing in a run without one.
void snapshotAppendixUnits(const FoldedRun& f, ReportDocument& u);
// In an item's row: the events of the item that kept a snapshot, by number, and whether each was
// taken over a breach ("What golive saw: #12 GO, taken over a breach: ..."); "" for none.
QString itemSnapshotsHtml(const FoldedRun& f, const QString& itemId);

// The same as Markdown, every piece of data escaped: the item's line ("" for none, else
// "What golive saw: ..." without the list mark), and the two parts.
QString itemSnapshotsMarkdown(const FoldedRun& f, const QString& itemId);
void cutoverMarkdown(const FoldedRun& f, QString& out);
void snapshotAppendixMarkdown(const FoldedRun& f, QString& out);

} // namespace golive::report
