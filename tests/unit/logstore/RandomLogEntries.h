// Random but realistic log entries for the log store tests: pooled context values (so equality
// filters hit), mixed-case ASCII and non-ASCII messages, and extra objects of every JSON type.
#pragma once

#include "log/LogEntry.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QStringList>

#include <vector>

namespace necrocode::testing {

class RandomLogEntries
{
public:
    explicit RandomLogEntries(quint32 seed) : m_rng(seed) {}

    static QStringList loggers()
    {
        return {QString(), QStringLiteral("necrocode.runner.llm_client"),
                QStringLiteral("necrocode.runner.orchestrator"), QStringLiteral("necrocode.git")};
    }
    static QStringList runnerIds()
    {
        return {QString(), QStringLiteral("runner-1"), QStringLiteral("runner-2"),
                QStringLiteral("ランナー3")};
    }
    static QStringList taskIds()
    {
        return {QString(), QStringLiteral("1.1"), QStringLiteral("2.4")};
    }
    static QStringList specNames()
    {
        return {QString(), QStringLiteral("chat-app"), QStringLiteral("todo")};
    }
    static QStringList services()
    {
        return {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                QStringLiteral("artifact_store"), QStringLiteral("llm")};
    }
    static QStringList operations()
    {
        return {QStringLiteral("allocate"), QStringLiteral("chat_completion"),
                QStringLiteral("upload")};
    }
    static QStringList words()
    {
        return {
            QStringLiteral("LLM"),      QStringLiteral("request"),     QStringLiteral("Completed"),
            QStringLiteral("retrying"), QStringLiteral("SLOT"),        QStringLiteral("upload"),
            QStringLiteral("Ärger"),    QStringLiteral("straße"),      QStringLiteral("日本語"),
            QStringLiteral("😀"),        QStringLiteral("\u212Aelvin"), QStringLiteral("42"),
            QStringLiteral("x\"y\\z"),  QStringLiteral("tab\there"),   QStringLiteral("Ωmega")};
    }

    QString pick(const QStringList &list) { return list.at(m_rng.bounded(qsizetype(list.size()))); }
    int bounded(int limit) { return int(m_rng.bounded(limit)); }
    bool chance(int percent) { return m_rng.bounded(100) < percent; }

    QString message()
    {
        QStringList parts;
        const int count = bounded(7);
        for (int i = 0; i < count; ++i)
            parts.append(pick(words()));
        return parts.join(QLatin1Char(' '));
    }

    QJsonObject extra()
    {
        QJsonObject extra;
        if (chance(15))
            return extra;
        if (chance(80))
            extra.insert(QStringLiteral("service"),
                         chance(95) ? QJsonValue(pick(services())) : QJsonValue(7));
        if (chance(70))
            extra.insert(QStringLiteral("operation"), pick(operations()));
        if (chance(60))
            extra.insert(QStringLiteral("duration_seconds"), bounded(100000) / 1000.0);
        if (chance(50))
            extra.insert(QStringLiteral("status_code"), chance(90) ? 200 : 503);
        if (chance(20))
            extra.insert(QStringLiteral("error"), message());
        if (chance(10))
            extra.insert(
                QStringLiteral("nested"),
                QJsonObject{{QStringLiteral("ok"), true},
                            {QStringLiteral("list"), QJsonArray{1, 2.5, QStringLiteral("ß")}},
                            {QStringLiteral("none"), QJsonValue::Null}});
        return extra;
    }

    LogEntry entry()
    {
        LogEntry e;
        e.timestampMs = 1'700'000'000'000LL + qint64(m_rng.bounded(100'000'000));
        e.utcOffsetSeconds = (bounded(105) - 48) * 15 * 60;
        e.level = static_cast<LogLevel>(bounded(kLogLevelCount));
        e.logger = pick(loggers());
        e.message = message();
        e.runnerId = pick(runnerIds());
        e.taskId = pick(taskIds());
        e.specName = pick(specNames());
        if (chance(10))
            e.exception = QStringLiteral("Traceback: ") + message();
        e.extra = extra();
        return e;
    }

    std::vector<LogEntry> entries(int count)
    {
        std::vector<LogEntry> list;
        list.reserve(std::size_t(count));
        for (int i = 0; i < count; ++i)
            list.push_back(entry());
        return list;
    }

private:
    QRandomGenerator m_rng;
};

} // namespace necrocode::testing
