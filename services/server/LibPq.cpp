#include "LibPq.h"

#include <QLibrary>

#include <type_traits>

namespace golive::libpq {

namespace {

struct Loaded
{
    Functions functions;
    bool ok = false;
    QString error;
};

Loaded load()
{
    Loaded loaded;
    // libpq.so.5, the soname every libpq since PostgreSQL 8.0 keeps. Never unloaded: QLibrary's
    // destructor leaves it loaded, and the driver holds it too.
    QLibrary library(QStringLiteral("pq"), 5);
    if (!library.load()) {
        loaded.error = QStringLiteral("libpq (PostgreSQL's client library) could not be loaded: %1")
                           .arg(library.errorString());
        return loaded;
    }
    QStringList missing;
    const auto resolve = [&](auto* slot, const char* name) {
        using Pointer = std::remove_pointer_t<decltype(slot)>;
        *slot = reinterpret_cast<Pointer>(library.resolve(name));
        if (*slot == nullptr)
            missing << QString::fromLatin1(name);
    };
    Functions& f = loaded.functions;
    resolve(&f.status, "PQstatus");
    resolve(&f.errorMessage, "PQerrorMessage");
    resolve(&f.backendPid, "PQbackendPID");
    resolve(&f.prepare, "PQprepare");
    resolve(&f.execPrepared, "PQexecPrepared");
    resolve(&f.resultStatus, "PQresultStatus");
    resolve(&f.resultErrorField, "PQresultErrorField");
    resolve(&f.resultErrorMessage, "PQresultErrorMessage");
    resolve(&f.ntuples, "PQntuples");
    resolve(&f.clear, "PQclear");
    resolve(&f.notifies, "PQnotifies");
    resolve(&f.freemem, "PQfreemem");
    if (!missing.isEmpty()) {
        loaded.error = QStringLiteral("libpq at %1 lacks %2")
                           .arg(library.fileName(), missing.join(QLatin1String(", ")));
        return loaded;
    }
    loaded.ok = true;
    return loaded;
}

} // namespace

const Functions* functions(QString* error)
{
    // Thread-safe once: the ledger worker and the command line both come here.
    static const Loaded loaded = load();
    if (!loaded.ok && error != nullptr)
        *error = loaded.error;
    return loaded.ok ? &loaded.functions : nullptr;
}

} // namespace golive::libpq
