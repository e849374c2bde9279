// Standard output or standard error with every control shown as an escape (see TerminalDevice.h).
#include "TerminalDevice.h"

#include "SafeText.h"

#include <cerrno>

namespace golive::cli {

TerminalDevice::TerminalDevice(FILE* file) : m_file(file)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

TerminalDevice::~TerminalDevice()
{
    writeSafely(m_pending);
}

qint64 TerminalDevice::writeData(const char* data, qint64 size)
{
    m_pending.append(data, size);
    // Hold back a UTF-8 sequence cut at the end of this write for the next one.
    qsizetype complete = m_pending.size();
    for (qsizetype back = 1; back <= 3 && back <= m_pending.size(); ++back) {
        const auto b = static_cast<unsigned char>(m_pending.at(m_pending.size() - back));
        if ((b & 0xC0) == 0x80)
            continue;
        const qsizetype need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (need > back)
            complete = m_pending.size() - back;
        break;
    }
    const bool written = writeSafely(m_pending.left(complete));
    m_pending.remove(0, complete);
    return written ? size : -1;
}

bool TerminalDevice::writeSafely(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return true;
    const QByteArray safe = visibleControls(QString::fromUtf8(bytes), true).toUtf8();
    errno = 0;
    if (std::fwrite(safe.constData(), 1, static_cast<size_t>(safe.size()), m_file) !=
            static_cast<size_t>(safe.size()) ||
        std::fflush(m_file) != 0) {
        const int why = errno;
        setErrorString(why != 0 ? qt_error_string(why) : QStringLiteral("the write failed"));
        return false;
    }
    return true;
}

} // namespace golive::cli
