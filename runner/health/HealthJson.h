// Small JSON helpers shared by the health types: empty text and unset times become null.
#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace necrocode {

// ISO-8601 UTC with milliseconds ("2026-01-02T03:04:05.678+00:00"), or null when invalid.
QJsonValue isoTimestampOrNull(const QDateTime &time);

QJsonValue textOrNull(const QString &text);

} // namespace necrocode
