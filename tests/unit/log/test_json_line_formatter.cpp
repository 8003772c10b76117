// The JSON Lines record of SPEC §3.1: key order, timestamp form, valid JSON for any text.
#include "log/JsonLineFormatter.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace necrocode;

class TestJsonLineFormatter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keysComeInSpecOrder()
    {
        LogEntry e;
        e.timestampMs = 1764265321123; // 2025-11-27T17:42:01.123Z
        e.utcOffsetSeconds = 9 * 3600;
        e.level = LogLevel::Warning;
        e.logger = QStringLiteral("necrocode.runner.llm_client");
        e.message = QStringLiteral("retrying");
        e.runnerId = QStringLiteral("runner-1");
        e.taskId = QStringLiteral("1.1");
        e.specName = QStringLiteral("chat-app");
        e.exception = QStringLiteral("Timeout");
        e.extra.insert(QStringLiteral("attempt"), 2);
        const QByteArray line = formatJsonLine(e);
        QCOMPARE(
            line,
            QByteArray("{\"timestamp\":\"2025-11-28T02:42:01.123+09:00\",\"level\":\"WARNING\","
                       "\"logger\":\"necrocode.runner.llm_client\",\"message\":\"retrying\","
                       "\"runner_id\":\"runner-1\",\"task_id\":\"1.1\",\"spec_name\":\"chat-app\","
                       "\"exception\":\"Timeout\",\"extra\":{\"attempt\":2}}"
                       "\n"));
    }

    void unknownContextKeysAreLeftOut()
    {
        LogEntry e;
        e.timestampMs = 0;
        e.logger = QStringLiteral("x");
        const QByteArray line = formatJsonLine(e);
        QCOMPARE(line,
                 QByteArray("{\"timestamp\":\"1970-01-01T00:00:00.000+00:00\",\"level\":\"INFO\","
                            "\"logger\":\"x\",\"message\":\"\",\"extra\":{}}"
                            "\n"));
    }

    void negativeOffsetsAndDatesBeforeEpoch()
    {
        QCOMPARE(formatIsoTimestamp(-1, 0), QByteArray("1969-12-31T23:59:59.999+00:00"));
        QCOMPARE(formatIsoTimestamp(0, -(5 * 3600 + 30 * 60)),
                 QByteArray("1969-12-31T18:30:00.000-05:30"));
    }

    void anyTextGivesValidJson()
    {
        QRandomGenerator rng(42);
        for (int round = 0; round < 2000; ++round) {
            QString text;
            const int n = rng.bounded(0, 64);
            for (int i = 0; i < n; ++i)
                text.append(QChar(char16_t(rng.bounded(0, 0x10000))));
            LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("t"), text);
            e.extra.insert(QStringLiteral("value"), text);
            if (round % 2) {
                e.runnerId = text;
                e.exception = text;
            }
            const QByteArray line = formatJsonLine(e);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QVERIFY(doc.isObject());
            QVERIFY(QString::fromUtf8(line).toUtf8() == line); // valid UTF-8 round trip
            // The text comes back in every field it was put in: lone surrogates as U+FFFD in the
            // entry's own fields, escaped as Qt writes them in `extra`.
            QString expected;
            for (qsizetype i = 0; i < text.size(); ++i) {
                const QChar c = text[i];
                if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
                    expected += c;
                    expected += text[++i];
                } else {
                    expected += c.isSurrogate() ? QChar(QChar::ReplacementCharacter) : c;
                }
            }
            QCOMPARE(doc[QLatin1StringView("message")].toString(), expected);
            QCOMPARE(doc[QLatin1StringView("extra")][QLatin1StringView("value")].toString(), text);
            if (round % 2) {
                QCOMPARE(doc[QLatin1StringView("runner_id")].toString(), expected);
                QCOMPARE(doc[QLatin1StringView("exception")].toString(), expected);
            }
        }
    }

    void controlCharactersAreEscaped()
    {
        LogEntry e =
            LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("a\nb\tc\x01\"\\"));
        const QByteArray line = formatJsonLine(e);
        QVERIFY(line.contains("\"message\":\"a\\nb\\tc\\u0001\\\"\\\\\""));
        QCOMPARE(line.count('\n'), 1);
    }

    void hugeMessageStaysOneLine()
    {
        LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("t"),
                                   QString(4 * 1024 * 1024, QLatin1Char('x')));
        const QByteArray line = formatJsonLine(e);
        QCOMPARE(line.count('\n'), 1);
        QVERIFY(QJsonDocument::fromJson(line).isObject());
    }

    void roundTrip()
    {
        LogEntry e = LogEntry::now(LogLevel::Critical, QStringLiteral("necrocode.runner"),
                                   QStringLiteral("日本語 ✓"));
        e.taskId = QStringLiteral("2.3");
        e.extra.insert(QStringLiteral("duration_seconds"), 0.25);
        const auto back = parseJsonLine(formatJsonLine(e));
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back.value(), e);
    }

    void epochSecondsOutsideTheYearsAreRejected()
    {
        // Found by fuzz_jsonl_line: 2e79 seconds overflowed the milliseconds (undefined).
        QCOMPARE(parseIsoTimestamp("1764993901.5"),
                 (std::optional<std::pair<qint64, int>>{{1764993901500, 0}}));
        QCOMPARE(parseIsoTimestamp("-1.25"), (std::optional<std::pair<qint64, int>>{{-1250, 0}}));
        for (const char *text : {"2028888888888888888888888888888888888888888888888888888.1",
                                 "253402300800", "-62167219201", "1e300", "nan", "inf"})
            QVERIFY2(!parseIsoTimestamp(text), text);
        QVERIFY(!parseJsonLine(R"({"timestamp": "20288888888888888888888888888888888888.1",)"
                               R"("level":"INFO","message":"m"})"));
    }

    void parseRejectsBrokenLines()
    {
        QVERIFY(!parseJsonLine("{\"level\":").ok());
        QVERIFY(parseJsonLine("{\"timestamp\":\"x\",\"level\":\"INFO\"}")
                    .errorMessage()
                    .contains(QStringLiteral("timestamp")));
        QVERIFY(parseJsonLine("{\"timestamp\":\"2025-01-01T00:00:00Z\",\"level\":\"LOUD\"}")
                    .errorMessage()
                    .contains(QStringLiteral("level")));
    }
};

QTEST_GUILESS_MAIN(TestJsonLineFormatter)
#include "test_json_line_formatter.moc"
