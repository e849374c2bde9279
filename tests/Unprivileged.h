// Permission tests that really run when the suite runs as root (as CI does): root reads any
// file, so such a test function runs itself again as the unprivileged user "nobody" and passes
// only when that run passes. Nothing is skipped.
#pragma once

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QTest>

#include <unistd.h>

namespace golive::test {

// True when this process may not test file permissions itself (it is root).
inline bool privileged()
{
    return ::geteuid() == 0;
}

// Runs the test function `function` of this test executable as nobody:nogroup and returns its
// output when it passed; fails the calling test (naming why) otherwise. Call it from a test
// function only when privileged(), and return right after.
inline bool passesAsNobody(const char* function)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QStringLiteral("setpriv"),
                {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                 QStringLiteral("--clear-groups"), QStringLiteral("--"),
                 QCoreApplication::applicationFilePath(), QString::fromLatin1(function)});
    if (!child.waitForStarted(10000)) {
        qWarning("setpriv (util-linux) could not be started: %s", qPrintable(child.errorString()));
        return false;
    }
    if (!child.waitForFinished(120000)) {
        child.kill();
        child.waitForFinished();
        qWarning("the run as nobody of %s did not finish in 120 s", function);
        return false;
    }
    const QString output = QString::fromLocal8Bit(child.readAll());
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        qWarning("the run as nobody of %s failed (exit %d). If it could not start, the test "
                 "executable %s must be readable and executable by others, with every parent "
                 "folder traversable. Its output:\n%s",
                 function, child.exitCode(), qPrintable(QCoreApplication::applicationFilePath()),
                 qPrintable(output));
        return false;
    }
    // A child that skipped or ran nothing also exits 0: it must have passed that function.
    const QRegularExpression passed(
        QStringLiteral("^PASS   : \\w+::%1\\(\\)$").arg(QString::fromLatin1(function)),
        QRegularExpression::MultilineOption);
    if (!passed.match(output).hasMatch() || output.contains(QStringLiteral("SKIP   :"))) {
        qWarning("the run as nobody of %s did not pass it:\n%s", function, qPrintable(output));
        return false;
    }
    return true;
}

} // namespace golive::test
