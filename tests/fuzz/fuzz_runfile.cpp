// libFuzzer target: any bytes as a .golive run file, opened read-only and verified. A damaged
// or hostile file is refused or reported as broken; it never crashes golive, and opening it
// read-only never changes it.
#include "FuzzSupport.h"
#include "RunFile.h"

#include <QFile>

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    golive::fuzz::setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace golive;
    static QTemporaryDir dir;
    if (!dir.isValid())
        std::abort();
    const QString path = dir.filePath(QStringLiteral("fuzz.golive"));
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
    const QByteArray bytes = fuzz::bytes(data, size);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            std::abort();
    }
    QString error;
    QString warning;
    if (auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error, &warning)) {
        (void)run->verify();
        (void)run->runbook().checkableCount();
    } else if (error.isEmpty()) {
        std::abort(); // a refusal always says why
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.readAll() != bytes)
        std::abort(); // read-only means the file is as it was
    return 0;
}
