#include "logstore/LogQuery.h"

#include "logstore/LogQueryMatcher.h"

#include <QRegularExpression>

namespace necrocode {

void LogQuery::acceptFrom(LogLevel minimum)
{
    levelMask = quint8(kAllLevels & ~((1u << static_cast<int>(minimum)) - 1));
}

const std::optional<QString> &LogQuery::field(LogField which) const
{
    switch (which) {
    case LogField::Logger:
        return logger;
    case LogField::RunnerId:
        return runnerId;
    case LogField::TaskId:
        return taskId;
    case LogField::SpecName:
        return specName;
    case LogField::Service:
        return service;
    case LogField::Operation:
        return operation;
    }
    return logger;
}

std::optional<QString> &LogQuery::field(LogField which)
{
    return const_cast<std::optional<QString> &>(std::as_const(*this).field(which));
}

QString LogQuery::errorString() const
{
    if (textMode != TextMode::RegularExpression || text.isEmpty())
        return {};
    const QRegularExpression expression(text);
    return expression.isValid() ? QString() : expression.errorString();
}

bool LogQuery::matches(const LogStore &store, qsizetype row) const
{
    return LogQueryMatcher(*this, store).matches(row);
}

} // namespace necrocode
