// A private ssh-agent for a test, on a socket in the test's own folder, and keys made there by
// the real ssh-keygen: what a person's desktop gives golive to sign with.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QThread>

#include <memory>

namespace golive::test {

struct SshRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// `program` with `args`, `input` on its standard input; bounded at 60 s.
inline SshRun runSsh(const QString& program, const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(program, args);
    SshRun r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A key pair `path` and `path`.pub without a passphrase; type "ed25519", "ecdsa", ...
inline bool makeKey(const QString& path, const QString& type, const QString& comment)
{
    return runSsh(QStringLiteral("ssh-keygen"),
                  {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"),
                   QString(), QStringLiteral("-C"), comment, QStringLiteral("-f"), path})
               .exitCode == 0;
}

class SshTestAgent
{
public:
    ~SshTestAgent() { stop(); }

    // Starts the agent on `socket` and points SSH_AUTH_SOCK at it; true once it answers.
    bool start(const QString& socket)
    {
        QFile::remove(socket);
        m_agent = std::make_unique<QProcess>();
        m_agent->start(QStringLiteral("ssh-agent"),
                       {QStringLiteral("-a"), socket, QStringLiteral("-D")});
        if (!m_agent->waitForStarted(10000))
            return false;
        qputenv("SSH_AUTH_SOCK", QFile::encodeName(socket));
        // Listening, not only bound: ssh-add -l says 0 (keys) or 1 (none), never 2 (no agent).
        for (int i = 0; i < 200; ++i) {
            if (QFileInfo::exists(socket) &&
                runSsh(QStringLiteral("ssh-add"), {QStringLiteral("-l")}).exitCode != 2)
                return true;
            QThread::msleep(50);
        }
        return false;
    }

    bool add(const QString& privateKey)
    {
        return runSsh(QStringLiteral("ssh-add"), {QStringLiteral("-q"), privateKey}).exitCode == 0;
    }

    void stop()
    {
        if (!m_agent)
            return;
        m_agent->terminate();
        if (!m_agent->waitForFinished(5000)) {
            m_agent->kill();
            m_agent->waitForFinished(5000);
        }
        m_agent.reset();
    }

private:
    std::unique_ptr<QProcess> m_agent;
};

} // namespace golive::test
