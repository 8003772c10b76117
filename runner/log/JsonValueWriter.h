// Writes QJsonObject/QJsonValue as compact JSON straight into a buffer, byte for byte what
// QJsonDocument::toJson(QJsonDocument::Compact) writes (keys in order, Qt's escapes and number
// forms), without building a document for each log entry's `extra`.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace necrocode {

void appendCompactJson(QByteArray &out, const QJsonObject &object);
void appendCompactJson(QByteArray &out, const QJsonValue &value);

} // namespace necrocode
