#include "core/JsonFields.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace necrocode::json {

QString keyPath(const QString &where, const QString &key)
{
    return where.isEmpty() ? key : where + QLatin1Char('.') + key;
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

namespace {

Error wrongType(const QString &where, const QString &key, const char *expected, const QJsonValue &v)
{
    return makeError(QStringLiteral("'%1' must be %2, got %3")
                         .arg(keyPath(where, key), QLatin1String(expected), typeName(v)),
                     QStringLiteral("parse"));
}

bool absent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

} // namespace

Result<QString> requiredString(const QJsonObject &o, const QString &key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return makeError(QStringLiteral("'%1' is required").arg(keyPath(where, key)),
                         QStringLiteral("parse"));
    if (!v.isString())
        return wrongType(where, key, "a string", v);
    if (v.toString().trimmed().isEmpty())
        return makeError(QStringLiteral("'%1' must not be empty").arg(keyPath(where, key)),
                         QStringLiteral("parse"));
    return v.toString();
}

Result<bool> requiredBool(const QJsonObject &o, const QString &key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return makeError(QStringLiteral("'%1' is required").arg(keyPath(where, key)),
                         QStringLiteral("parse"));
    if (!v.isBool())
        return wrongType(where, key, "a boolean", v);
    return v.toBool();
}

Result<QString> optionalString(const QJsonObject &o, const QString &key, const QString &fallback,
                               const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return fallback;
    if (!v.isString())
        return wrongType(where, key, "a string", v);
    return v.toString();
}

Result<double> optionalNumber(const QJsonObject &o, const QString &key, double fallback,
                              const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return fallback;
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return wrongType(where, key, "a number", v);
    return v.toDouble();
}

Result<qint64> optionalInteger(const QJsonObject &o, const QString &key, qint64 fallback,
                               const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return fallback;
    const double d = v.toDouble();
    if (!v.isDouble() || std::trunc(d) != d || std::abs(d) > 9.0e15)
        return wrongType(where, key, "an integer", v);
    return static_cast<qint64>(d);
}

Result<bool> optionalBool(const QJsonObject &o, const QString &key, bool fallback,
                          const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return fallback;
    if (!v.isBool())
        return wrongType(where, key, "a boolean", v);
    return v.toBool();
}

Result<QStringList> optionalStringList(const QJsonObject &o, const QString &key,
                                       const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return QStringList{};
    if (!v.isArray())
        return wrongType(where, key, "an array of strings", v);
    QStringList out;
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return wrongType(where, QStringLiteral("%1[%2]").arg(key).arg(i), "a string",
                             array.at(i));
        out.append(array.at(i).toString());
    }
    return out;
}

Result<QJsonObject> optionalObject(const QJsonObject &o, const QString &key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (absent(v))
        return QJsonObject{};
    if (!v.isObject())
        return wrongType(where, key, "an object", v);
    return v.toObject();
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                             .arg(what, error.errorString())
                             .arg(error.offset),
                         QStringLiteral("parse"));
    if (!doc.isObject())
        return makeError(QStringLiteral("%1 must be a JSON object").arg(what),
                         QStringLiteral("parse"));
    return doc.object();
}

QJsonArray toJsonArray(const QStringList &list)
{
    QJsonArray out;
    for (const QString &s : list)
        out.append(s);
    return out;
}

} // namespace necrocode::json
