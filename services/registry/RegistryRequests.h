// Parses the JSON bodies the Task Registry accepts; every error names the offending field.
#pragma once

#include "core/Result.h"
#include "registry/TaskRecords.h"
#include "registry/TaskRegistryStore.h"

#include <QByteArray>

namespace necrocode {

// {"tasks":[{"id","title","description","acceptance_criteria","dependencies","required_skill",
//  "metadata"}]}
Result<QList<TaskDefinition>> parseTaskSetBody(const QByteArray &body);
struct EventBody
{
    QString eventType;
    QJsonObject data;
    QString timestamp;
};

// A status change and what the same request records with it: a run's final report carries its
// last artifacts and its event, written in the transaction of the change.
struct StatusBody
{
    TaskRegistryStore::StatusChange change;
    QList<TaskArtifact> artifacts;
    std::optional<EventBody> event;
};
// {"status","metadata","updated_at","artifacts"?:[artifact bodies],"event"?:event body}
Result<StatusBody> parseStatusBody(const QByteArray &body);
// {"event_type","data","timestamp"}
Result<EventBody> parseEventBody(const QByteArray &body);

// {"type","uri","size_bytes","metadata","created_at"}; spec and task id are left empty.
Result<TaskArtifact> parseArtifactBody(const QByteArray &body);

struct ClaimBody
{
    QString runnerId;
    QString spec;                    // only for POST /tasks/claim; empty: any spec
    std::optional<int> leaseSeconds; // the registry's default when absent
};
// {"runner_id", "spec"?, "lease_seconds"?}
Result<ClaimBody> parseClaimBody(const QByteArray &body);
// {"lease_id", "lease_seconds"?}
struct LeaseBody
{
    QString leaseId;
    std::optional<int> leaseSeconds;
};
Result<LeaseBody> parseLeaseBody(const QByteArray &body);

} // namespace necrocode
