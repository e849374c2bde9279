// A blob streamed once for its preview: head, rolling tail, the whole of a small image, and
// whether it matches its SHA-256.
#include "evidence/EvidencePreview.h"

#include "RunLedger.h"
#include "evidence/Evidence.h"
#include "evidence/Sha256.h"

namespace golive {

bool evidenceWantsWhole(const SignOffEvent& event)
{
    const auto a = attachmentFromEvent(event);
    return a && (a->mediaType == QLatin1String("image/png") ||
                 a->mediaType == QLatin1String("image/jpeg"));
}

EvidencePreview readEvidencePreview(const RunLedger& run, const QString& sha256, bool wantWhole,
                                    const EvidencePreview::Limits& limits)
{
    EvidencePreview p;
    QString error;
    const std::optional<qint64> stored = run.blobSize(sha256, &error);
    if (!stored) {
        p.status = error.isEmpty() ? EvidencePreview::Status::Missing
                                   : EvidencePreview::Status::Unreadable;
        p.error =
            error.isEmpty()
                ? QStringLiteral("the evidence %1… is not kept in this run").arg(sha256.left(12))
                : error;
        return p;
    }
    const bool keepWhole = wantWhole && *stored <= limits.imageBytes;
    Sha256 hash;
    // The tail rolls: it is cut back to tailBytes whenever it holds twice that, so it never
    // holds more than two chunks' worth whatever the blob's size.
    const qint64 rollAt = std::max<qint64>(2 * limits.tailBytes, RunLedger::BlobChunkBytes);
    const bool ok = run.readBlob(
        sha256,
        [&](const QByteArray& chunk) {
            hash.addData(chunk);
            p.size += chunk.size();
            p.lineBreaks += chunk.count('\n');
            if (p.head.size() < limits.headBytes)
                p.head.append(
                    chunk.first(std::min<qint64>(chunk.size(), limits.headBytes - p.head.size())));
            p.tail.append(chunk);
            if (p.tail.size() > rollAt)
                p.tail = p.tail.right(limits.tailBytes);
            if (keepWhole)
                p.image.append(chunk);
            return true;
        },
        &error);
    const bool matches = hash.hexResult() == sha256 && p.size == *stored;
    if (!ok || !matches) {
        // Not the bytes the event names (changed, cut short, or a chunk gone), or cut off by
        // an error: not the evidence either way, so none of it is kept, and the words say
        // which.
        p.status = EvidencePreview::Status::DoesNotMatch;
        p.error =
            error.isEmpty()
                ? QStringLiteral("the evidence %1… does not match its SHA-256").arg(sha256.left(12))
                : error;
        p.head.clear();
        p.tail.clear();
        p.image.clear();
        return p;
    }
    p.status = EvidencePreview::Status::Verified;
    p.whole = p.size <= limits.headBytes;
    if (p.whole)
        p.tail.clear();
    else
        p.tail = p.tail.right(limits.tailBytes);
    return p;
}

} // namespace golive
