// What a report or a list shows of a piece of evidence without holding its bytes: the first and
// the last bytes of a blob, an image's bytes when they are small enough, and whether the bytes
// kept in the run still match their SHA-256. Made by streaming the blob once.
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace golive {

class RunLedger;
struct SignOffEvent;

struct EvidencePreview
{
    enum class Status
    {
        NotRead,      // nobody read the bytes (a report made without the run's blobs)
        Verified,     // every byte was read and matches the SHA-256 the event names
        DoesNotMatch, // the bytes kept differ from that SHA-256 (changed after they were kept)
        Missing,      // the run keeps no bytes under that SHA-256
        Unreadable,   // the run could not be read (error says why)
    };
    Status status = Status::NotRead;
    QString error;         // golive's words when not Verified
    qint64 size = 0;       // bytes streamed
    qint64 lineBreaks = 0; // '\n' bytes among them
    QByteArray head;       // the first bytes (at most Limits::headBytes)
    QByteArray tail;       // the last bytes (at most Limits::tailBytes); empty when head is whole
    bool whole = false;    // head holds every byte
    QByteArray image;      // all the bytes, when asked for and at most Limits::imageBytes

    struct Limits
    {
        qint64 headBytes = 64 * 1024;
        qint64 tailBytes = 64 * 1024;
        qint64 imageBytes = 8 * 1024 * 1024; // 0: never keep the whole
    };

    bool verified() const { return status == Status::Verified; }
};

// Whether a preview of `event`'s bytes keeps them whole: an attached PNG or JPEG image, shown as
// a thumbnail.
bool evidenceWantsWhole(const SignOffEvent& event);

// Streams the blob `sha256` of `run` once, chunk by chunk, keeping only the head, a rolling tail
// and (with `wantWhole`, when it is at most limits.imageBytes) the whole; hashes what it reads
// itself, so bytes that do not match are told from bytes that cannot be read. Bytes that do not
// match are never handed out: head, tail and image are then empty.
EvidencePreview readEvidencePreview(const RunLedger& run, const QString& sha256, bool wantWhole,
                                    const EvidencePreview::Limits& limits = {});

} // namespace golive

Q_DECLARE_METATYPE(golive::EvidencePreview)
