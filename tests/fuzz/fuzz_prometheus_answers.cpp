// libFuzzer target: any bytes as Prometheus's other answers: the alerts list (abort triggers),
// an instant query's vector or scalar (health checks) and buildinfo (Test connection).
#include "FuzzSupport.h"
#include "HealthMonitor.h"
#include "PrometheusClient.h"
#include "PrometheusSource.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    golive::fuzz::setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace golive;
    const QByteArray body = fuzz::bytes(data, size);

    QList<AlertInfo> alerts;
    QString error;
    if (!PrometheusSource::parseAlerts(body, &alerts, &error) && error.isEmpty())
        std::abort();

    const auto [status, detail] = HealthMonitor::judgeAnswer(QStringLiteral("up == 1"), body);
    if (status != HealthStatus::Up && status != HealthStatus::Down &&
        status != HealthStatus::Unknown)
        std::abort();
    if (status != HealthStatus::Up && detail.isEmpty())
        std::abort(); // a light that is not green says why

    QString buildError;
    const QString version = PrometheusClient::versionFromBuildInfo(body, &buildError);
    if (version.isEmpty() == buildError.isEmpty())
        std::abort(); // either a version or the reason there is none
    return 0;
}
