// Writes a pretty-printed JSON object whose keys keep the order in which they are written
// (QJsonDocument sorts keys): used for metrics files that people read.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QStringView>

namespace necrocode {

class OrderedJsonWriter
{
public:
    OrderedJsonWriter();

    void beginObject(QStringView key);
    void endObject();

    void field(QStringView key, QStringView text);
    void field(QStringView key, qint64 number);
    void field(QStringView key, double number); // non-finite values are written as null
    void nullField(QStringView key);
    void valueField(QStringView key, const QJsonValue &value);

    // Closes the outer object and returns the document, ending with a newline.
    QByteArray finish();

private:
    void startKey(QStringView key);
    void indent();
    void appendValue(const QJsonValue &value);

    QByteArray m_out;
    int m_depth = 1;
    bool m_firstInObject = true;
};

} // namespace necrocode
