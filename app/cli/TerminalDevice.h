// Standard output or standard error as a QIODevice that never lets a control character reach
// the terminal raw.
#pragma once

#include <QByteArray>
#include <QIODevice>

#include <cstdio>

namespace golive::cli {

// Everything golive prints passes through here. Whatever text reached a line (a name or note
// from the ledger, a runbook title, a Prometheus error), no control character but line breaks
// and tabs, and no text-direction control, reaches the terminal raw: they are written as the
// escapes terminalSafe() uses ("\x1b", "\u202e"). Fields that must stay on one line are
// escaped where they are put in the line; this is the backstop for everything else.
class TerminalDevice : public QIODevice
{
public:
    explicit TerminalDevice(FILE* file);
    ~TerminalDevice() override;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override;

private:
    // False, with the system's reason as errorString(), when the bytes did not all reach the
    // file (a full disk, a closed pipe): the caller reports it, never drops it silently.
    bool writeSafely(const QByteArray& bytes);

    FILE* m_file;
    QByteArray m_pending;
};

} // namespace golive::cli
