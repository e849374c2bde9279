// SHA-256 over a stream of chunks, through OpenSSL: evidence is hashed whenever it is stored,
// checked or read, and OpenSSL's digest (SHA extensions, vector code) runs many times faster
// here than QCryptographicHash's portable one, which keeps attaching a 25 MiB file well under
// half a second.
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace golive {

class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    // Lower-case hex of the SHA-256 of `bytes`, in one call (no context kept).
    static QByteArray hexOf(const QByteArray& bytes);

    void addData(const QByteArray& bytes);
    // Lower-case hex of everything added; the hash cannot be added to afterwards.
    QString hexResult();

private:
    struct Context;
    std::unique_ptr<Context> d;
};

} // namespace golive
