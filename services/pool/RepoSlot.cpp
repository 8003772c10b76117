#include "pool/RepoSlot.h"

#include <QDateTime>

namespace necrocode {

QString slotStateName(SlotState state)
{
    switch (state) {
    case SlotState::Available:
        return QStringLiteral("available");
    case SlotState::Allocated:
        return QStringLiteral("allocated");
    case SlotState::Cleaning:
        return QStringLiteral("cleaning");
    case SlotState::Error:
        return QStringLiteral("error");
    }
    return {};
}

QJsonObject RepoSlot::toJson(bool withLeaseId) const
{
    QJsonObject out{
        {QStringLiteral("slot_id"), id},
        {QStringLiteral("slot_path"), path},
        {QStringLiteral("repo_url"), repoUrl},
        {QStringLiteral("pool"), poolName},
        {QStringLiteral("state"), slotStateName(state)},
        {QStringLiteral("branch"), branch},
        {QStringLiteral("commit"), commit},
        {QStringLiteral("default_branch"), defaultBranch},
        {QStringLiteral("allocation_count"), allocationCount},
        {QStringLiteral("allocated_to"), allocatedTo},
        {QStringLiteral("allocated_at"), allocatedAt},
        {QStringLiteral("released_at"), releasedAt},
        {QStringLiteral("last_error"), lastError},
    };
    if (state == SlotState::Allocated && leaseExpiresAtMs > 0)
        out.insert(
            QStringLiteral("lease_expires_at"),
            QDateTime::fromMSecsSinceEpoch(leaseExpiresAtMs, Qt::UTC).toString(Qt::ISODateWithMs));
    if (withLeaseId && state == SlotState::Allocated)
        out.insert(QStringLiteral("lease_id"), leaseId);
    return out;
}

QJsonObject PoolSummary::toJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("repo_url"), repoUrl},
        {QStringLiteral("default_branch"), defaultBranch},
        {QStringLiteral("total_slots"), totalSlots},
        {QStringLiteral("available_slots"), availableSlots},
        {QStringLiteral("allocated_slots"), allocatedSlots},
        {QStringLiteral("cleaning_slots"), cleaningSlots},
        {QStringLiteral("error_slots"), errorSlots},
        {QStringLiteral("waiting_requests"), waitingRequests},
    };
}

} // namespace necrocode
