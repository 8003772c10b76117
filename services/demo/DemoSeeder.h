// Sets up the demo: a bare origin repository of a small Python project (from the embedded
// resources/demo/demo-calculator/repo) and the demo-calculator task set whose tasks the scripted
// model completes (4.1 and 4.2 fail on purpose). Idempotent; blocking, so it runs on a service
// thread before that thread serves requests.
#pragma once

#include "core/Result.h"
#include "registry/TaskRecords.h"

namespace necrocode {

class TaskRegistryStore;

class DemoSeeder
{
public:
    static QString specName();
    // The embedded scenario the scripted model answers the demo tasks from.
    static QString scenarioPath();

    // <dataDirectory>/demo/demo-calculator-origin.git, created on first use.
    static Result<QString> ensureOriginRepository(const QString &dataDirectory);
    // The demo task set with metadata.repo_url pointing at the origin repository.
    static Result<QList<TaskDefinition>> demoTasks(const QString &originPath);
    // Origin repository and task set; a second run changes nothing.
    static Status seed(TaskRegistryStore &store, const QString &dataDirectory);
};

} // namespace necrocode
