// What every fuzz target shares: a QCoreApplication (Qt's plugins, SQLite's among them, need
// one) and a home of its own, so that nothing a target does touches the user's files.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace golive::fuzz {

inline void setUp()
{
    static std::unique_ptr<QTemporaryDir> home;
    // Never destroyed: at exit libFuzzer calls exit(), and a QCoreApplication destroyed by a
    // static destructor after Qt's own globals crashes.
    static QCoreApplication* app = nullptr;
    if (app)
        return;
    home =
        std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/golive-fuzz-XXXXXX"));
    if (!home->isValid())
        std::abort();
    const QByteArray path = QFile::encodeName(home->path());
    qputenv("HOME", path);
    qputenv("XDG_CONFIG_HOME", path + "/config");
    qputenv("XDG_DATA_HOME", path + "/data");
    qputenv("XDG_CACHE_HOME", path + "/cache");
    qputenv("QT_LOGGING_RULES", "*.debug=false;*.info=false;*.warning=false");
    static int argc = 1;
    static char name[] = "golive-fuzz";
    static char* argv[] = {name, nullptr};
    app = new QCoreApplication(argc, argv);
}

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

} // namespace golive::fuzz
