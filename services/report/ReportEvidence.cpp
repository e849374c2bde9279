// The run's evidence for the report: records, references, whether the bytes match, the lines of
// a command's output and the thumbnails of images.
#include "ReportEvidence.h"

#include "FoldedRun.h"
#include "SafeText.h"

#include <QBuffer>
#include <QImageReader>

#include <algorithm>

namespace golive::report {

namespace {

constexpr char16_t kEsc = 0x1b;
constexpr char16_t kBel = 0x07;
constexpr char16_t kCsi8 = 0x9b; // the one-character form of ESC [

// Where the control sequence starting at `i` (after its introducer) ends: the index of its
// last character. CSI: parameters, intermediates, a final byte; a string (OSC, DCS, ...): up
// to BEL or ESC \, never past the end of its line, so an unterminated one hides nothing below.
qsizetype csiEnd(const QString& s, qsizetype i)
{
    while (i < s.size() && s.at(i).unicode() >= 0x20 && s.at(i).unicode() <= 0x3f)
        ++i;
    if (i < s.size() && s.at(i).unicode() >= 0x40 && s.at(i).unicode() <= 0x7e)
        return i;
    return i - 1; // cut short: what follows is text
}

qsizetype stringEnd(const QString& s, qsizetype i)
{
    for (; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (c == kBel)
            return i;
        if (c == kEsc && i + 1 < s.size() && s.at(i + 1) == QLatin1Char('\\'))
            return i + 1;
        if (c == u'\n')
            return i - 1;
    }
    return s.size() - 1;
}

QString capped(const QString& line, int chars)
{
    return line.size() > chars ? line.left(chars) + QStringLiteral("\u2026") : line;
}

QStringList linesOf(const QByteArray& bytes)
{
    QStringList lines = outputPlainText(bytes).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast(); // the output ended with a line break
    return lines;
}

void outputLines(const EvidencePreview& p, EvidenceShown& out)
{
    if (p.size == 0) {
        out.noOutput = true;
        return;
    }
    const QByteArray& lastBytes = p.whole ? p.head : p.tail;
    const qint64 total = p.lineBreaks + (lastBytes.endsWith('\n') ? 0 : 1);
    QStringList first;
    QStringList last;
    if (p.whole) {
        const QStringList all = linesOf(p.head);
        if (all.size() <= 2 * kEvidenceLines) {
            first = all;
        } else {
            first = all.first(kEvidenceLines);
            last = all.last(kEvidenceLines);
        }
    } else {
        // The head ends, and the tail begins, somewhere inside a line: that part of a line is
        // shown only when it is all there is (a first line longer than the head).
        QStringList head = outputPlainText(p.head).split(QLatin1Char('\n'));
        if (head.size() > 1)
            head.removeLast();
        else if (!head.isEmpty())
            head.last() += QStringLiteral("\u2026");
        first = head.first(std::min<qsizetype>(kEvidenceLines, head.size()));
        QStringList tail = linesOf(p.tail);
        if (tail.size() > 1)
            tail.removeFirst();
        last = tail.last(std::min<qsizetype>(kEvidenceLines, tail.size()));
    }
    for (QString& line : first)
        line = capped(line, kEvidenceLineChars);
    for (QString& line : last)
        line = capped(line, kEvidenceLineChars);
    out.linesNotShown = std::max<qint64>(0, total - first.size() - last.size());
    out.firstLines = first;
    out.lastLines = last;
}

void thumbnail(QByteArray bytes, EvidenceShown& out)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    const QByteArray format = reader.format();
    if (format != "png" && format != "jpeg") {
        out.imageNote = QStringLiteral("not shown: the bytes are not a PNG or JPEG image");
        return;
    }
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty()) {
        out.imageNote = QStringLiteral("not shown: the image does not read");
        return;
    }
    if (qint64(size.width()) * size.height() > kThumbnailMaxSourcePixels) {
        out.imageNote = QStringLiteral("not shown: the image is %1 \u00d7 %2 pixels, too large "
                                       "to decode for a thumbnail")
                            .arg(size.width())
                            .arg(size.height());
        return;
    }
    if (size.width() > kThumbnailSidePx || size.height() > kThumbnailSidePx)
        reader.setScaledSize(size.scaled(kThumbnailSidePx, kThumbnailSidePx, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull()) {
        out.imageNote =
            QStringLiteral("not shown: the image does not read (%1)").arg(reader.errorString());
        return;
    }
    out.thumbnail = image;
}

} // namespace

QString outputPlainText(const QByteArray& bytes)
{
    QString s = QString::fromUtf8(bytes);
    s.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (c == kCsi8) {
            i = csiEnd(s, i + 1);
            continue;
        }
        if (c != kEsc || i + 1 >= s.size()) {
            out += s.at(i);
            continue;
        }
        const char16_t next = s.at(i + 1).unicode();
        if (next == u'[') {
            i = csiEnd(s, i + 2);
        } else if (next == u']' || next == u'P' || next == u'X' || next == u'^' || next == u'_') {
            i = stringEnd(s, i + 2);
        } else if (next >= 0x20 && next <= 0x2f) {
            // ESC, intermediates, a final byte ("ESC ( B").
            qsizetype j = i + 1;
            while (j < s.size() && s.at(j).unicode() >= 0x20 && s.at(j).unicode() <= 0x2f)
                ++j;
            i = j < s.size() && s.at(j).unicode() >= 0x30 && s.at(j).unicode() <= 0x7e ? j : j - 1;
        } else if (next >= 0x30 && next <= 0x7e) {
            i += 1; // "ESC 7", "ESC =", ...
        } else {
            out += s.at(i); // a lone ESC: made visible below
        }
    }
    // Isolated where it is drawn (displaySafeLines() in the pager), once: isolating here too
    // would show the first isolate's marks as escapes.
    return visibleControls(out, true);
}

QHash<QString, QList<qint64>> evidenceByItem(const FoldedRun& f)
{
    QHash<QString, QList<qint64>> out;
    for (const SignOffEvent& e : f.input.events) {
        if (isEvidence(e.kind) && !e.itemId.isEmpty())
            out[e.itemId].append(e.seq);
    }
    return out;
}

QList<EvidenceShown> evidenceShown(const FoldedRun& f, EvidenceDetail detail)
{
    QHash<qint64, QList<qint64>> references;
    for (const SignOffEvent& e : f.input.events) {
        for (qint64 seq : evidenceReferences(e))
            references[seq].append(e.seq);
    }
    QList<EvidenceShown> out;
    for (const SignOffEvent& e : f.input.events) {
        if (!isEvidence(e.kind))
            continue;
        EvidenceShown shown;
        shown.event = &e;
        QString why;
        if (e.kind == EventKind::EvidenceAttached)
            shown.attachment = attachmentFromEvent(e, &why);
        else
            shown.command = commandFromEvent(e, &why);
        if (!shown.attachment && !shown.command)
            shown.recordError = why;
        shown.referencedBy = references.value(e.seq);
        if (f.input.evidence) {
            // One blob at a time: its preview is reduced to lines or a thumbnail here and
            // dropped before the next is read.
            const EvidencePreview p = f.input.evidence(e);
            shown.status = p.status;
            shown.statusError = p.error;
            if (detail == EvidenceDetail::Previews && p.verified()) {
                if (shown.command)
                    outputLines(p, shown);
                else if (evidenceWantsWhole(e) && !p.image.isEmpty())
                    thumbnail(p.image, shown);
                else if (evidenceWantsWhole(e))
                    shown.imageNote = QStringLiteral("not shown: the image is %1, too large for "
                                                     "a thumbnail")
                                          .arg(byteSize(p.size));
            }
        }
        out.append(shown);
    }
    return out;
}

QString evidenceStatusName(EvidencePreview::Status status)
{
    switch (status) {
    case EvidencePreview::Status::Verified:
        return QStringLiteral("verified");
    case EvidencePreview::Status::DoesNotMatch:
        return QStringLiteral("does-not-match");
    case EvidencePreview::Status::Missing:
        return QStringLiteral("missing");
    case EvidencePreview::Status::Unreadable:
        return QStringLiteral("unreadable");
    case EvidencePreview::Status::NotRead:
        break;
    }
    return QStringLiteral("not-read");
}

QString evidenceStatusText(const EvidenceShown& e)
{
    switch (e.status) {
    case EvidencePreview::Status::Verified:
        return QStringLiteral("the bytes kept in the run match their SHA-256");
    case EvidencePreview::Status::DoesNotMatch:
        return QStringLiteral("EVIDENCE DOES NOT MATCH ITS SHA-256");
    case EvidencePreview::Status::Missing:
        return QStringLiteral("EVIDENCE MISSING FROM THE RUN");
    case EvidencePreview::Status::Unreadable:
        return QStringLiteral("EVIDENCE COULD NOT BE READ: %1").arg(e.statusError);
    case EvidencePreview::Status::NotRead:
        break;
    }
    return QStringLiteral("its bytes were not read for this copy");
}

bool evidenceAlarming(EvidencePreview::Status status)
{
    return status != EvidencePreview::Status::Verified &&
           status != EvidencePreview::Status::NotRead;
}

QString seqList(const QList<qint64>& seqs)
{
    QStringList parts;
    for (qint64 seq : seqs)
        parts << QStringLiteral("#%1").arg(seq);
    return parts.join(QStringLiteral(", "));
}

QString outcomeText(const CommandRecord& r)
{
    switch (r.outcome) {
    case CommandOutcome::Exited:
        return QStringLiteral("exited %1").arg(r.exitCode);
    case CommandOutcome::TimedOut:
        return QStringLiteral("timed out (killed)");
    case CommandOutcome::Stopped:
        return QStringLiteral("stopped (killed)");
    case CommandOutcome::FailedToStart:
        return QStringLiteral("could not be started");
    case CommandOutcome::Crashed:
        return QStringLiteral("crashed");
    case CommandOutcome::Interrupted:
        return QStringLiteral("interrupted (golive ended while it ran)");
    }
    return {};
}

} // namespace golive::report
