// The compact JSON writer of log entries' `extra` writes byte for byte what
// QJsonDocument::toJson(Compact) writes: for every kind of value, escapes and control characters,
// non-ASCII text and surrogates (paired and lone), integers and doubles of every size, nesting;
// and for a thousand generated objects.
#include "log/JsonValueWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace necrocode;

namespace {

QByteArray written(const QJsonObject &object)
{
    QByteArray out("prefix:");
    appendCompactJson(out, object);
    return out.mid(7);
}

QByteArray byQt(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonValue randomValue(QRandomGenerator &random, int depth)
{
    switch (random.bounded(depth > 2 ? 6 : 8)) {
    case 0:
        return QJsonValue();
    case 1:
        return random.bounded(2) == 1;
    case 2:
        return qint64(random.generate64()) >> random.bounded(64);
    case 3:
        return (random.generateDouble() - 0.5) * std::pow(10.0, random.bounded(-20, 20));
    case 4:
    case 5: {
        QString text;
        const int length = random.bounded(12);
        for (int i = 0; i < length; ++i)
            text.append(QChar(char16_t(random.bounded(4) == 0   ? random.bounded(0x20)
                                       : random.bounded(3) == 0 ? random.bounded(0xD700, 0xE100)
                                                                : random.bounded(0x20, 0x3100))));
        return text;
    }
    case 6: {
        QJsonArray array;
        for (int i = random.bounded(4); i > 0; --i)
            array.append(randomValue(random, depth + 1));
        return array;
    }
    default: {
        QJsonObject object;
        for (int i = random.bounded(4); i > 0; --i)
            object.insert(QStringLiteral("k%1").arg(random.bounded(100)),
                          randomValue(random, depth + 1));
        return object;
    }
    }
}

} // namespace

class TestJsonValueWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesWhatQtWrites_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::newRow("empty") << QJsonObject{};
        QTest::newRow("scalars") << QJsonObject{{QStringLiteral("null"), QJsonValue()},
                                                {QStringLiteral("yes"), true},
                                                {QStringLiteral("no"), false},
                                                {QStringLiteral("text"), QStringLiteral("plain")}};
        QTest::newRow("integers") << QJsonObject{
            {QStringLiteral("zero"), 0},
            {QStringLiteral("negative"), -42},
            {QStringLiteral("big"), qint64(1) << 60},
            {QStringLiteral("min"), std::numeric_limits<qint64>::min()},
            {QStringLiteral("max"), std::numeric_limits<qint64>::max()}};
        QTest::newRow("doubles") << QJsonObject{
            {QStringLiteral("whole"), 5.0},
            {QStringLiteral("fraction"), 0.1},
            {QStringLiteral("seconds"), 0.018288797},
            {QStringLiteral("large"), 1e15},
            {QStringLiteral("huge"), 1.5e300},
            {QStringLiteral("tiny"), -2.5e-12},
            {QStringLiteral("negative zero"), -0.0},
            {QStringLiteral("infinite"), std::numeric_limits<double>::infinity()}};
        QTest::newRow("escapes") << QJsonObject{
            {QStringLiteral("quote\"and\\"), QStringLiteral("a\"b\\c/d")},
            {QStringLiteral("controls"), QStringLiteral("\b\f\n\r\t\x01\x1f\x7f")},
            {QStringLiteral("unicode"), QStringLiteral("日本語 é ü 😀")}};
        QString lone;
        lone.append(QChar(char16_t(0xD800)));
        lone.append(QLatin1Char('x'));
        lone.append(QChar(char16_t(0xDC00)));
        QTest::newRow("lone surrogates") << QJsonObject{{QStringLiteral("s"), lone}};
        QTest::newRow("nested") << QJsonObject{
            {QStringLiteral("array"),
             QJsonArray{1, 2.5, QStringLiteral("x"), QJsonArray{}, QJsonObject{}}},
            {QStringLiteral("object"),
             QJsonObject{{QStringLiteral("inner"), QJsonObject{{QStringLiteral("deep"), 1}}}}}};
    }

    void writesWhatQtWrites()
    {
        QFETCH(QJsonObject, object);
        QCOMPARE(written(object), byQt(object));
    }

    void writesWhatQtWritesForGeneratedObjects()
    {
        QRandomGenerator random(20261206);
        for (int i = 0; i < 1000; ++i) {
            const QJsonObject object =
                randomValue(random, 2).isObject()
                    ? QJsonObject{{QStringLiteral("v"), randomValue(random, 0)}}
                    : QJsonObject{{QStringLiteral("v"), randomValue(random, 0)},
                                  {QStringLiteral("w"), randomValue(random, 1)}};
            QCOMPARE(written(object), byQt(object));
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonValueWriter)
#include "test_json_value_writer.moc"
