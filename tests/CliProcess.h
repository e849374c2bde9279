// Running the real golive binary from a test: a throwaway HOME, what it printed and its exit
// code, and the assertions the command-line tests share.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QString>
#include <QStringList>
#include <QTest>

namespace golive::test {

struct CliResult
{
    int code = -1;
    QString out;
    QString err;
    QByteArray rawOut;
    QByteArray rawErr;

    // Everything the person saw, for failure messages.
    QByteArray describe() const
    {
        return QStringLiteral("exit %1\n--- stdout:\n%2\n--- stderr:\n%3")
            .arg(code)
            .arg(out, err)
            .toUtf8();
    }
};

inline QByteArray missing(const QString& needle, const CliResult& result)
{
    return QStringLiteral("expected \"%1\" in:\n").arg(needle).toUtf8() + result.describe();
}

// The environment for golive with HOME and the XDG folders inside `home`, so nothing touches
// the user's data; offscreen, and without the caller's QT_LOGGING_RULES.
inline QProcessEnvironment cliEnvironment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

// Runs golive with `args` in `env`, standard input empty, to the end or `timeoutMs`. The wait
// runs this thread's event loop, so fakes served from the test keep answering. A golive that
// did not start or finish comes back with code -1 and `err` saying so; one that crashed, -2.
// With `input`, standard input is those bytes, then closed.
inline CliResult runGolive(const QStringList& args, const QProcessEnvironment& env,
                           int timeoutMs = 180000, const QByteArray* input = nullptr)
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!input)
        p.setStandardInputFile(QProcess::nullDevice());
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(QStringLiteral(GOLIVE_BINARY), args);
    CliResult r;
    if (!p.waitForStarted(30000)) {
        r.err = QStringLiteral("golive did not start: ") + p.errorString();
        return r;
    }
    if (input) {
        p.write(*input);
        p.closeWriteChannel();
    }
    if (finished.isEmpty() && !finished.wait(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("golive did not finish");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.rawOut = p.readAllStandardOutput();
    r.rawErr = p.readAllStandardError();
    r.out = QString::fromUtf8(r.rawOut);
    r.err = QString::fromUtf8(r.rawErr);
    return r;
}

} // namespace golive::test

// Evaluates `result` once: a command must not run twice because a macro names it twice.
#define EXPECT_EXIT(result, expected)                                                              \
    do {                                                                                           \
        const auto once_ = (result);                                                               \
        QVERIFY2(once_.code == (expected), once_.describe().constData());                          \
    } while (false)
#define EXPECT_IN(haystack, needle, result)                                                        \
    QVERIFY2((haystack).contains(needle), golive::test::missing((needle), (result)).constData())
