#include "SharedStrings.h"

namespace golive {

void SharedStrings::share(SignOffEvent& event, const SignOffEvent* previous)
{
    if (previous && event.prevHash == previous->hash)
        event.prevHash = previous->hash;
    share(event.itemId);
    // A field's key repeats with every value filled in; other keys (an evidence's SHA-256, an
    // acknowledgement's breaks) are each their own and would only fill the pool.
    if (event.kind == EventKind::FieldFilled)
        share(event.fieldKey);
    share(event.actor.name);
    share(event.actor.osUser);
    share(event.actor.host);
    share(event.signature.keyFingerprint);
    share(event.signature.keyType);
}

void SharedStrings::share(QString& s)
{
    if (s.isEmpty())
        return;
    if (const QString kept = m_kept.value(s); !kept.isNull())
        s = kept;
    else if (m_kept.size() < kMaxKept)
        m_kept.insert(s, s);
}

} // namespace golive
