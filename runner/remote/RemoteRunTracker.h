// Rebuilds the runs and LLM calls of a headless worker from its log entries (its /logs stream),
// so the console shows an attached worker's runs, charts and calls like its own: a task
// started, each phase, each LLM response with its tokens and latency, the task finished.
// The prompts themselves stay with the worker (its transcript artifacts).
#pragma once

#include "engine/LlmExchange.h"
#include "engine/RunSnapshot.h"
#include "log/LogEntry.h"

#include <QHash>

#include <optional>

namespace necrocode {

class RemoteRunTracker
{
public:
    // `source` labels everything this tracker produces (RunSnapshot::source, LlmExchange::source).
    explicit RemoteRunTracker(QString source);

    struct Update
    {
        std::optional<RunSnapshot> run;      // the run as it is after this entry
        std::optional<LlmExchange> exchange; // an LLM call this entry reported
    };
    Update consume(const LogEntry &entry);
    // The worker was lost: every run it had not finished ends failed with the error class
    // "worker_lost" and `reason` (its task goes back to the registry's queue). Returns those runs
    // as they are now; entries that arrive later start new rows.
    QList<RunSnapshot> abandonOpenRuns(const QString &reason, qint64 nowMs);

    const QString &source() const { return m_source; }

private:
    RunSnapshot &runFor(const LogEntry &entry);

    QString m_source;
    QHash<QString, RunSnapshot> m_runs; // by runner id and task id
    quint64 m_nextRun = 0;
    quint64 m_nextExchange = 0;
};

} // namespace necrocode
