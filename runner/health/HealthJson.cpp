#include "health/HealthJson.h"

#include "log/JsonLineFormatter.h"

namespace necrocode {

QJsonValue isoTimestampOrNull(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return QString::fromLatin1(formatIsoTimestamp(time.toMSecsSinceEpoch(), 0));
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace necrocode
