// The libpq functions golive calls itself, on the connection Qt's QPSQL driver opened. They are
// looked up when a server run first needs them, in the libpq the driver has loaded by then, so a
// window on a run file never loads libpq and the libraries under it (Kerberos, LDAP, GnuTLS,
// SASL): about a dozen, and milliseconds of every start.
#pragma once

#include <QString>

#include <libpq-fe.h>

namespace golive::libpq {

struct Functions
{
    decltype(&::PQstatus) status = nullptr;
    decltype(&::PQerrorMessage) errorMessage = nullptr;
    decltype(&::PQbackendPID) backendPid = nullptr;
    decltype(&::PQprepare) prepare = nullptr;
    decltype(&::PQexecPrepared) execPrepared = nullptr;
    decltype(&::PQresultStatus) resultStatus = nullptr;
    decltype(&::PQresultErrorField) resultErrorField = nullptr;
    decltype(&::PQresultErrorMessage) resultErrorMessage = nullptr;
    decltype(&::PQntuples) ntuples = nullptr;
    decltype(&::PQclear) clear = nullptr;
    decltype(&::PQnotifies) notifies = nullptr;
    decltype(&::PQfreemem) freemem = nullptr;
};

// libpq's functions, loaded once (from any thread); null when libpq or one of them cannot be
// loaded, and then *error, when given, says what is missing.
const Functions* functions(QString* error = nullptr);

} // namespace golive::libpq
