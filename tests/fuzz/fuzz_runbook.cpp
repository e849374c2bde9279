// libFuzzer target: any bytes as a Markdown runbook. The parser must never crash, hang or
// overflow, and what it reads must hold together (every item findable by its id).
#include "FuzzSupport.h"
#include "RunbookParser.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    golive::fuzz::setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace golive;
    const RunbookParseResult result =
        RunbookParser::parse(fuzz::bytes(data, size), QStringLiteral("fuzz.md"));
    for (const Diagnostic& d : result.diagnostics)
        (void)d.toString();
    const Runbook& rb = result.runbook;
    const auto valueOf = [](const QString& key) { return key; };
    for (const RunbookItem* item : rb.allItems()) {
        if (rb.findItem(item->id) == nullptr)
            std::abort(); // an id that does not find its own item
        (void)renderPlain(item->title, rb, valueOf);
        (void)renderHtml(item->titleHtml, rb, valueOf);
    }
    for (const RunbookField& field : rb.fields)
        if (rb.findField(field.key) == nullptr)
            std::abort();
    return 0;
}
