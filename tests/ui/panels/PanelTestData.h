// Runs and LLM exchanges for the panel tests.
#pragma once

#include "engine/LlmExchange.h"
#include "engine/RunSnapshot.h"

#include <QDateTime>

namespace necrocode::testdata {

inline RunSnapshot run(const QString &runId, RunOutcome outcome, const QString &runnerId = {},
                       const QString &taskId = {})
{
    RunSnapshot snapshot;
    snapshot.runId = runId;
    snapshot.source = QStringLiteral("local");
    snapshot.runnerId = runnerId;
    snapshot.taskId = taskId.isEmpty() ? QStringLiteral("task-") + runId : taskId;
    snapshot.specName = QStringLiteral("demo-spec");
    snapshot.title = QStringLiteral("Title of ") + runId;
    snapshot.outcome = outcome;
    snapshot.queuedAtMs = 1764265300000;
    if (outcome != RunOutcome::Pending) {
        snapshot.startedAtMs = 1764265310000;
        snapshot.phase = RunPhase::TaskImplementation;
    }
    if (outcome == RunOutcome::Completed || outcome == RunOutcome::Failed ||
        outcome == RunOutcome::Cancelled) {
        snapshot.finishedAtMs = 1764265375000;
        snapshot.phase = RunPhase::Finished;
    }
    return snapshot;
}

inline LlmExchange exchange(const QString &id, const QString &runId, qint64 startedAtMs,
                            double latencySeconds, qint64 promptTokens = 100,
                            qint64 completionTokens = 20)
{
    LlmExchange e;
    e.id = id;
    e.source = QStringLiteral("local");
    e.runId = runId;
    e.runnerId = QStringLiteral("runner-") + runId;
    e.taskId = QStringLiteral("task-") + runId;
    e.specName = QStringLiteral("demo-spec");
    e.startedAtMs = startedAtMs;
    e.request.model = QStringLiteral("scripted-model");
    e.request.messages = {{QStringLiteral("system"), QStringLiteral("You write code.")},
                          {QStringLiteral("user"), QStringLiteral("Add a README.")}};
    e.response.model = QStringLiteral("scripted-model");
    e.response.content = QStringLiteral("{\"code_changes\": [], \"explanation\": \"none\"}");
    e.response.finishReason = QStringLiteral("stop");
    e.response.promptTokens = promptTokens;
    e.response.completionTokens = completionTokens;
    e.response.totalTokens = promptTokens + completionTokens;
    e.response.durationSeconds = latencySeconds;
    e.response.attempts = 1;
    return e;
}

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace necrocode::testdata
