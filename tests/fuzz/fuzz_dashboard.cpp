// libFuzzer target: any bytes as a dashboard file (the SLO panels and health checks, JSON).
// Either a dashboard or an error in words; never a crash, a hang or a silent half-read.
#include "Dashboard.h"
#include "FuzzSupport.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    golive::fuzz::setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace golive;
    QString error;
    const std::optional<Dashboard> dashboard =
        Dashboard::fromJson(fuzz::bytes(data, size), QStringLiteral("fuzz.json"), &error);
    if (dashboard.has_value() == !error.isEmpty())
        std::abort(); // a dashboard comes without an error, a refusal always says why
    if (dashboard)
        for (const PanelDefinition& panel : dashboard->panels)
            if (dashboard->findPanel(panel.id) == nullptr)
                std::abort();
    return 0;
}
