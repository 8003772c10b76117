#include "metrics/OrderedJsonWriter.h"

#include "log/JsonLineFormatter.h"
#include "metrics/NumberText.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace necrocode {

OrderedJsonWriter::OrderedJsonWriter()
{
    m_out.reserve(4096);
    m_out.append('{');
}

void OrderedJsonWriter::indent()
{
    m_out.append('\n');
    m_out.append(QByteArray(qsizetype{2} * m_depth, ' '));
}

void OrderedJsonWriter::startKey(QStringView key)
{
    if (!m_firstInObject)
        m_out.append(',');
    m_firstInObject = false;
    indent();
    appendJsonString(m_out, key);
    m_out.append(": ");
}

void OrderedJsonWriter::beginObject(QStringView key)
{
    startKey(key);
    m_out.append('{');
    ++m_depth;
    m_firstInObject = true;
}

void OrderedJsonWriter::endObject()
{
    --m_depth;
    if (!m_firstInObject)
        indent();
    m_out.append('}');
    m_firstInObject = false;
}

void OrderedJsonWriter::field(QStringView key, QStringView text)
{
    startKey(key);
    appendJsonString(m_out, text);
}

void OrderedJsonWriter::field(QStringView key, qint64 number)
{
    startKey(key);
    m_out.append(QByteArray::number(number));
}

void OrderedJsonWriter::field(QStringView key, double number)
{
    startKey(key);
    if (std::isfinite(number))
        appendShortestNumber(m_out, number);
    else
        m_out.append("null");
}

void OrderedJsonWriter::nullField(QStringView key)
{
    startKey(key);
    m_out.append("null");
}

void OrderedJsonWriter::valueField(QStringView key, const QJsonValue &value)
{
    startKey(key);
    appendValue(value);
}

void OrderedJsonWriter::appendValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        m_out.append(value.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double:
        if (std::isfinite(value.toDouble()))
            appendShortestNumber(m_out, value.toDouble());
        else
            m_out.append("null");
        return;
    case QJsonValue::String:
        appendJsonString(m_out, value.toString());
        return;
    case QJsonValue::Array: {
        m_out.append('[');
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                m_out.append(", ");
            appendValue(array.at(i));
        }
        m_out.append(']');
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        m_out.append('{');
        ++m_depth;
        m_firstInObject = true;
        for (auto it = object.begin(); it != object.end(); ++it) {
            startKey(it.key());
            appendValue(it.value());
        }
        endObject();
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    m_out.append("null");
}

QByteArray OrderedJsonWriter::finish()
{
    m_depth = 0;
    if (!m_firstInObject)
        indent();
    m_out.append("}\n");
    return std::move(m_out);
}

} // namespace necrocode
