// A writer for the concurrency tests: opens one server run once and appends N notes to an
// item, printing "SEQ HASH" for each acknowledged (committed) event on its own line, flushed,
// so the test knows exactly what the server acknowledged even if it dies afterwards.
// Usage: server_writer URI ITEM NAME COUNT
#include "RunLedger.h"
#include "SignOffEvent.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: server_writer URI ITEM NAME COUNT\n");
        return 2;
    }
    QString error;
    const std::unique_ptr<golive::RunLedger> run =
        golive::RunLedger::open(args.at(1), golive::RunLedger::Access::ReadWrite, &error);
    if (!run) {
        std::fprintf(stderr, "server_writer: %s\n", qPrintable(error));
        return 1;
    }
    const int count = args.at(4).toInt();
    for (int i = 0; i < count; ++i) {
        golive::SignOffEvent e;
        e.kind = golive::EventKind::NoteAdded;
        e.itemId = args.at(2);
        e.text = QStringLiteral("note %1 of %2").arg(i + 1).arg(args.at(3));
        e.actor = golive::Actor::local(args.at(3), golive::Role::Engineer);
        if (!run->append(e, &error)) {
            std::fprintf(stderr, "server_writer: note %d: %s\n", i + 1, qPrintable(error));
            return 1;
        }
        std::printf("%lld %s\n", static_cast<long long>(e.seq), e.hash.constData());
        std::fflush(stdout);
    }
    return 0;
}
