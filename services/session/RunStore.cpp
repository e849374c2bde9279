// What a store that keeps no evidence says when asked to: refusals, never silence.
#include "RunStore.h"

namespace golive {

namespace {
QString noEvidence()
{
    return QStringLiteral("this run's store keeps no evidence; nothing was recorded");
}
} // namespace

void RunStore::appendWithFile(const SignOffEvent& event, const QString& path, qint64 maxBytes,
                              bool removeAfter)
{
    Q_UNUSED(path);
    Q_UNUSED(maxBytes);
    Q_UNUSED(removeAfter);
    emit appendFailed(event, noEvidence());
}

void RunStore::readBlob(quint64 requestId, const QString& sha256, qint64 maxBytes)
{
    Q_UNUSED(maxBytes);
    emit blobRead(requestId, sha256, {}, false, noEvidence());
}

void RunStore::readEvidencePreview(quint64 requestId, const QString& sha256, bool wantWhole)
{
    Q_UNUSED(wantWhole);
    EvidencePreview none;
    none.status = EvidencePreview::Status::Unreadable;
    none.error = noEvidence();
    emit evidencePreviewRead(requestId, sha256, none);
}

void RunStore::saveBlob(quint64 requestId, const QString& sha256, const QString& path)
{
    Q_UNUSED(sha256);
    emit blobSaved(requestId, path, noEvidence());
}

} // namespace golive
