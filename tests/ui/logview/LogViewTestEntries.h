// Log entries for the console's log view tests: a few runners, tasks, specs and services, every
// level, messages with words the filters look for, some with line breaks and non-ASCII text.
#pragma once

#include "log/LogEntry.h"

#include <QFile>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStringList>

#include <vector>

namespace necrocode::testing {

class LogViewTestEntries
{
public:
    static constexpr qint64 kFirstTimestampMs = 1'764'265'321'000;

    explicit LogViewTestEntries(quint32 seed) : m_random(seed) {}

    static QStringList runners()
    {
        return {QStringLiteral("runner-1"), QStringLiteral("runner-2"), QStringLiteral("runner-3")};
    }
    static QStringList services()
    {
        return {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                QStringLiteral("artifact_store"), QStringLiteral("llm")};
    }

    LogEntry next()
    {
        static const QStringList messages = {
            QStringLiteral("Allocated a workspace SLOT"),
            QStringLiteral("LLM request sent"),
            QStringLiteral("retrying after rate_limit, attempt 2"),
            QStringLiteral("Uploaded the diff to the artifact store"),
            QStringLiteral("Tests failed:\n1 of 5 failed"),
            QStringLiteral("タスクを開始しました"),
            QStringLiteral("Phase commit_and_push finished"),
        };
        LogEntry entry;
        entry.timestampMs = kFirstTimestampMs + m_count * 10;
        entry.utcOffsetSeconds = 9 * 3600;
        entry.level = static_cast<LogLevel>(m_random.bounded(5));
        entry.logger = QStringLiteral("necrocode.runner.orchestrator");
        entry.message =
            messages.at(m_random.bounded(messages.size())) + QStringLiteral(" #%1").arg(m_count);
        entry.runnerId = runners().at(m_random.bounded(runners().size()));
        entry.taskId =
            QStringLiteral("%1.%2").arg(m_random.bounded(1, 4)).arg(m_random.bounded(1, 3));
        entry.specName = QStringLiteral("demo-calculator");
        if (m_random.bounded(3) > 0) {
            entry.extra = QJsonObject{
                {QStringLiteral("service"), services().at(m_random.bounded(services().size()))},
                {QStringLiteral("operation"), QStringLiteral("call")},
                {QStringLiteral("duration_seconds"), 0.001 * m_random.bounded(1, 3000)}};
        }
        ++m_count;
        return entry;
    }

    std::vector<LogEntry> batch(int count)
    {
        std::vector<LogEntry> entries;
        entries.reserve(std::size_t(count));
        for (int i = 0; i < count; ++i)
            entries.push_back(next());
        return entries;
    }

private:
    QRandomGenerator m_random;
    qint64 m_count = 0;
};

// Writes `count` INFO entries "from the file 0", "from the file 1", ... of logger "old" as a
// JSONL file at `path`, the way an earlier session's log reads; false when it cannot.
inline bool writeEarlierLog(const QString &path, int count)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (int i = 0; i < count; ++i)
        file.write(QStringLiteral("{\"timestamp\":\"2026-12-04T10:00:%1Z\",\"level\":\"INFO\","
                                  "\"logger\":\"old\",\"message\":\"from the file %2\"}\n")
                       .arg(i, 2, 10, QLatin1Char('0'))
                       .arg(i)
                       .toUtf8());
    return file.error() == QFile::NoError;
}

} // namespace necrocode::testing
