// Typed reads of JSON object fields that name the offending key on error.
#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace necrocode::json {

// Each reader takes the object, the key and a path prefix used in messages ("task.metadata").
// Required readers fail when the key is missing or has the wrong type; optional ones fail only
// on a wrong type and return the fallback when the key is absent or null.
Result<QString> requiredString(const QJsonObject &o, const QString &key, const QString &where = {});
Result<bool> requiredBool(const QJsonObject &o, const QString &key, const QString &where = {});
Result<QString> optionalString(const QJsonObject &o, const QString &key, const QString &fallback,
                               const QString &where = {});
Result<double> optionalNumber(const QJsonObject &o, const QString &key, double fallback,
                              const QString &where = {});
Result<qint64> optionalInteger(const QJsonObject &o, const QString &key, qint64 fallback,
                               const QString &where = {});
Result<bool> optionalBool(const QJsonObject &o, const QString &key, bool fallback,
                          const QString &where = {});
Result<QStringList> optionalStringList(const QJsonObject &o, const QString &key,
                                       const QString &where = {});
Result<QJsonObject> optionalObject(const QJsonObject &o, const QString &key,
                                   const QString &where = {});

// "where.key" or "key".
QString keyPath(const QString &where, const QString &key);
// "a number", "a string", "null", "missing", ... for messages about a value of the wrong type.
QString typeName(const QJsonValue &value);

// Parses a whole document that must be a JSON object; the message names the offset of a syntax
// error.
Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what);

QJsonArray toJsonArray(const QStringList &list);

} // namespace necrocode::json
