// The script the ScriptedBackend test double plays: the demo tasks and, for each step of a run,
// the log entries it posts, the phase it reaches and the LLM exchange it records. Nothing here
// runs a task; the entries only look like the engine's.
#pragma once

#include "engine/LlmExchange.h"
#include "engine/RunSnapshot.h"
#include "log/LogEntry.h"

#include <QRandomGenerator>

#include <optional>
#include <vector>

namespace necrocode {

struct ScriptedTask
{
    QString id;
    QString title;
    QString specName;
    bool failsTests = false;    // the test step fails and so does the run
    bool hitsRateLimit = false; // the LLM call is retried once
};

struct ScriptedStep
{
    RunPhase phase = RunPhase::Queued;
    std::vector<LogEntry> entries;
    std::optional<LlmExchange> exchange;
    bool finished = false;
    bool failed = false;
    QString error;
    QString errorType;
};

class ScriptedDemoScript
{
public:
    static constexpr int kStepCount = 10;

    // The six tasks of resources/demo/demo-calculator.
    static QList<ScriptedTask> demoTasks();

    // Step `step` (0 .. kStepCount - 1) of `run`, which is on `task`.
    static ScriptedStep step(const RunSnapshot &run, const ScriptedTask &task, int step,
                             const QString &model, QRandomGenerator &random);
};

} // namespace necrocode
