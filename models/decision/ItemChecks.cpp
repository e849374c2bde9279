// The names of the checks an item may require (ItemCheck in DecisionSnapshot.h): the words a
// runbook author writes after "requires=", and what the ledger and the messages name.
#include "decision/DecisionSnapshot.h"

namespace golive {

QString itemCheckName(ItemCheck check)
{
    switch (check) {
    case ItemCheck::PreviousComplete:
        return QStringLiteral("previous-complete");
    case ItemCheck::HealthGreen:
        return QStringLiteral("health-green");
    case ItemCheck::SloOk:
        return QStringLiteral("slo-ok");
    }
    return {};
}

std::optional<ItemCheck> itemCheckFromName(const QString& name)
{
    // Exact, as roles are: the name is what the ledger and the messages write back.
    for (const ItemCheck check :
         {ItemCheck::PreviousComplete, ItemCheck::HealthGreen, ItemCheck::SloOk}) {
        if (name == itemCheckName(check))
            return check;
    }
    return std::nullopt;
}

QStringList itemCheckNames()
{
    return {itemCheckName(ItemCheck::PreviousComplete), itemCheckName(ItemCheck::HealthGreen),
            itemCheckName(ItemCheck::SloOk)};
}

} // namespace golive
