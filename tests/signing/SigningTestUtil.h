// The signing tests' use of the real ssh-keygen: keys made in a temporary folder, data signed
// and verified by it, so golive's answers are compared with OpenSSH's own.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

namespace golive::signing::test {

inline const QString kSshKeygen = QStringLiteral("/usr/bin/ssh-keygen");

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// ssh-keygen with `args`, `input` on its standard input; bounded at 60 s (an RSA key of 3072
// bits takes a second or two).
inline Result runKeygen(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(kSshKeygen, args);
    Result r;
    if (!p.waitForStarted(10000)) {
        r.err = "ssh-keygen did not start";
        return r;
    }
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "ssh-keygen did not finish";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A new key `dir/name` (and name.pub), no passphrase: `type` as ssh-keygen -t, `bits` as -b
// (0 for its default).
inline bool makeKey(const QString& dir, const QString& name, const QString& type, int bits = 0)
{
    QStringList args{QStringLiteral("-q"),
                     QStringLiteral("-t"),
                     type,
                     QStringLiteral("-N"),
                     QString(),
                     QStringLiteral("-C"),
                     name + QStringLiteral("@test"),
                     QStringLiteral("-f"),
                     QDir(dir).filePath(name)};
    if (bits > 0)
        args << QStringLiteral("-b") << QString::number(bits);
    const Result r = runKeygen(args);
    if (r.exitCode != 0)
        qWarning("ssh-keygen -t %s: %s", qPrintable(type), r.err.constData());
    return r.exitCode == 0;
}

// `data` signed with key `keyPath` in namespace `ns` by ssh-keygen -Y sign: the armored text
// it wrote (the file `dataPath`.sig), or empty when it failed. `extra` goes before -f (e.g.
// -O hashalg=sha256).
inline QByteArray sshSign(const QString& keyPath, const QString& dataPath, const QString& ns,
                          const QStringList& extra = {})
{
    QFile::remove(dataPath + QStringLiteral(".sig"));
    const Result r =
        runKeygen(QStringList{QStringLiteral("-Y"), QStringLiteral("sign")} + extra +
                  QStringList{QStringLiteral("-f"), keyPath, QStringLiteral("-n"), ns, dataPath});
    if (r.exitCode != 0) {
        qWarning("ssh-keygen -Y sign: %s", r.err.constData());
        return {};
    }
    return readAll(dataPath + QStringLiteral(".sig"));
}

// Whether ssh-keygen -Y verify accepts signature file `sigPath` over `data` for `principal`
// in namespace `ns` under roster file `allowedPath`.
inline bool sshVerify(const QString& allowedPath, const QString& principal, const QString& ns,
                      const QString& sigPath, const QByteArray& data)
{
    const Result r = runKeygen({QStringLiteral("-Y"), QStringLiteral("verify"),
                                QStringLiteral("-f"), allowedPath, QStringLiteral("-I"), principal,
                                QStringLiteral("-n"), ns, QStringLiteral("-s"), sigPath},
                               data);
    return r.exitCode == 0;
}

} // namespace golive::signing::test
