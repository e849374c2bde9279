// Equal strings held once. A run's events repeat a few names, OS users, hosts and item ids
// thousands of times, and each event's previous hash is the hash of the event before it; a
// QString or QByteArray copy shares its bytes, so an event that holds such copies costs only
// its own text.
#pragma once

#include "SignOffEvent.h"

#include <QHash>
#include <QString>

namespace golive {

class SharedStrings
{
public:
    // Makes `event`'s repeated parts copies of equal ones already held (its prevHash the hash of
    // `previous`, the event before it, when they are equal). The values never change, only
    // where their bytes are; parts not seen before are kept for the next events, up to
    // kMaxKept of them (a run of all-different names gains nothing and costs no more).
    void share(SignOffEvent& event, const SignOffEvent* previous);
    void clear() { m_kept.clear(); }
    qsizetype kept() const { return m_kept.size(); }

    static constexpr qsizetype kMaxKept = 1024;

private:
    void share(QString& s);
    QHash<QString, QString> m_kept; // each string as its own key: the copy to hand out
};

} // namespace golive
