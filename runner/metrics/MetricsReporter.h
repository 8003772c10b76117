// Presents ExecutionMetrics: the human summary in the earlier console layout and the JSON file
// of a run.
#pragma once

#include "core/Result.h"
#include "metrics/ExecutionMetrics.h"

#include <QString>

namespace necrocode {

class MetricsReporter
{
public:
    // A 60-'=' rule, "EXECUTION METRICS", the run's identity, then sections for phases,
    // resources, implementation, tests, artifacts, errors, parallel execution, the LLM service
    // and the external services. Tests, artifacts, errors and parallel execution appear only
    // when they have something to say, as before.
    static QString formatSummary(const ExecutionMetrics &metrics);

    // Writes metrics_<spec>_<task>_<UTC time with ms>_<pid>_<unique>.json into `directory`
    // (created if missing) and returns its path. The file is created exclusively: concurrent
    // writers, in this process or others, never overwrite each other.
    static Result<QString> writeJson(const ExecutionMetrics &metrics, const QString &directory);
};

} // namespace necrocode
