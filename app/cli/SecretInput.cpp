// A secret read from standard input (see SecretInput.h).
#include "SecretInput.h"

#include <QFile>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace golive::cli {

bool stdinIsTerminal()
{
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO) == 1;
#else
    return false;
#endif
}

QString readSecretLine(Console& c, const QString& prompt, bool* fromTerminal)
{
    if (fromTerminal)
        *fromTerminal = stdinIsTerminal();
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
        return {};
#ifdef Q_OS_UNIX
    const bool terminal = stdinIsTerminal();
    termios saved{};
    if (terminal && tcgetattr(STDIN_FILENO, &saved) == 0) {
        c.err << prompt << Qt::flush;
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
        const QByteArray line = in.readLine(64 * 1024);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        c.err << Qt::endl;
        return QString::fromUtf8(line).trimmed();
    }
#else
    Q_UNUSED(prompt);
#endif
    Q_UNUSED(c);
    return QString::fromUtf8(in.readLine(64 * 1024)).trimmed();
}

} // namespace golive::cli
