// One git working copy of a Repo Pool and its allocation state.
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace necrocode {

enum class SlotState { Available, Allocated, Cleaning, Error };

QString slotStateName(SlotState state);

struct RepoSlot
{
    QString id; // "workspace-<repo>-slot<N>"
    QString path;
    QString repoUrl;
    QString poolName;
    int number = 1;
    SlotState state = SlotState::Cleaning;
    QString branch;
    QString commit;
    QString defaultBranch;
    int allocationCount = 0;
    QString allocatedTo;
    QString allocatedAt;
    QString releasedAt;
    QString lastError;
    // The allocation's capability: release needs it, so a caller can never free another's slot.
    QString leaseId;
    qint64 leaseExpiresAtMs = 0; // epoch ms; after it the slot is cleaned and returned
    // The Idempotency-Key of the allocate request that got the slot: a repeated request gets
    // the same allocation, and the requester can withdraw it without having seen the answer.
    // Never shown.
    QString allocationKey;

    // lease_id appears only for the caller the slot was just allocated to.
    QJsonObject toJson(bool withLeaseId = false) const;
};

// One summary of GET /pools.
struct PoolSummary
{
    QString name;
    QString repoUrl;
    QString defaultBranch;
    int totalSlots = 0;
    int availableSlots = 0;
    int allocatedSlots = 0;
    int cleaningSlots = 0;
    int errorSlots = 0;
    int waitingRequests = 0;

    QJsonObject toJson() const;
};

} // namespace necrocode
