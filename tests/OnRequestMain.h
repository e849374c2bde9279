// A Qt Test main for widget tests that also hold a function run only on request (writing
// screenshots for people to look at): without its environment variable that function is not
// run at all, so it never counts as a passed or skipped test.
#pragma once

#include <QMetaMethod>
#include <QStringList>
#include <QTest>

namespace golive::test {

// Runs the test functions of `tests` as QTest::qExec does, leaving out `onRequest` unless the
// environment variable `variable` is set. Functions named on the command line run as asked.
inline int execLeavingOut(QObject& tests, int argc, char** argv, const char* onRequest,
                          const char* variable)
{
    if (argc > 1 || !qEnvironmentVariableIsEmpty(variable))
        return QTest::qExec(&tests, argc, argv);
    QStringList args{QString::fromLocal8Bit(argv[0])};
    const QMetaObject* meta = tests.metaObject();
    for (int i = meta->methodOffset(); i < meta->methodCount(); ++i) {
        const QMetaMethod m = meta->method(i);
        const QByteArray name = m.name();
        if (m.methodType() != QMetaMethod::Slot || m.access() != QMetaMethod::Private ||
            m.parameterCount() != 0 || name == onRequest || name.endsWith("_data") ||
            name == "initTestCase" || name == "cleanupTestCase" || name == "init" ||
            name == "cleanup")
            continue;
        args << QString::fromLatin1(name);
    }
    return QTest::qExec(&tests, args);
}

} // namespace golive::test

// QTEST_MAIN, leaving out the on-request function `slot` unless `variable` is set.
#define GOLIVE_TEST_MAIN_ON_REQUEST(TestClass, slot, variable)                                     \
    int main(int argc, char** argv)                                                                \
    {                                                                                              \
        QTEST_MAIN_SETUP()                                                                         \
        TestClass tc;                                                                              \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return golive::test::execLeavingOut(tc, argc, argv, slot, variable);                       \
    }
