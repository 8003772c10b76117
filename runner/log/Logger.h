// The handle components log through: a name such as "necrocode.runner.llm_client" and the
// runner/task/spec context stamped on every entry. Cheap to copy; a default Logger does nothing.
#pragma once

#include "log/LogContext.h"
#include "log/LogDispatcher.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace necrocode {

class Logger
{
public:
    Logger() = default;
    Logger(std::shared_ptr<LogDispatcher> dispatcher, QString name, LogContext context = {});

    const QString &name() const { return m_name; }
    const LogContext &context() const { return m_context; }
    const std::shared_ptr<LogDispatcher> &dispatcher() const { return m_dispatcher; }

    void setContext(LogContext context) { m_context = std::move(context); }
    Logger withContext(LogContext context) const;
    // The same dispatcher and context under "name.suffix".
    Logger child(QStringView suffix) const;

    bool isEnabled(LogLevel level) const { return m_dispatcher && m_dispatcher->isEnabled(level); }

    void log(LogLevel level, const QString &message, QJsonObject extra = {},
             const QString &exception = {}) const;

    void debug(const QString &message, QJsonObject extra = {}) const
    {
        log(LogLevel::Debug, message, std::move(extra));
    }
    void info(const QString &message, QJsonObject extra = {}) const
    {
        log(LogLevel::Info, message, std::move(extra));
    }
    void warning(const QString &message, QJsonObject extra = {},
                 const QString &exception = {}) const
    {
        log(LogLevel::Warning, message, std::move(extra), exception);
    }
    void error(const QString &message, QJsonObject extra = {}, const QString &exception = {}) const
    {
        log(LogLevel::Error, message, std::move(extra), exception);
    }
    void critical(const QString &message, QJsonObject extra = {},
                  const QString &exception = {}) const
    {
        log(LogLevel::Critical, message, std::move(extra), exception);
    }

private:
    std::shared_ptr<LogDispatcher> m_dispatcher;
    QString m_name;
    LogContext m_context;
};

} // namespace necrocode
