// The `extra` members the log store indexes (service, operation, duration_seconds), read while
// the whole `extra` object is written as the compact JSON text the store keeps.
#pragma once

#include "logstore/LogTextBuffer.h"

#include <QJsonObject>
#include <QString>

namespace necrocode {

struct LogExtraFields
{
    QString service;       // empty unless extra.service is a string
    QString operation;     // empty unless extra.operation is a string
    float durationSeconds; // NaN unless extra.duration_seconds is a number
};

// Appends `extra` as compact JSON (nothing for an empty object) and returns its indexed
// members. Numbers keep their exact value; non-finite numbers become null, as in QJsonDocument.
LogExtraFields appendCompactExtra(LogTextBuffer &out, const QJsonObject &extra);

} // namespace necrocode
