// LogDetailPane: the whole entry as indented JSON in the SPEC key order, coloured, copyable.
#include "log/JsonLineFormatter.h"
#include "logview/LogDetailPane.h"
#include "logview/LogJsonHighlighter.h"
#include "logview/LogJsonText.h"

#include <QApplication>
#include <QClipboard>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>

using namespace necrocode;

namespace {

LogEntry fullEntry()
{
    LogEntry entry;
    entry.timestampMs = 1'764'265'321'123;
    entry.utcOffsetSeconds = 9 * 3600;
    entry.level = LogLevel::Error;
    entry.logger = QStringLiteral("necrocode.runner.llm_client");
    entry.message = QStringLiteral("LLM call failed: {\"error\": \"rate limit\"}");
    entry.runnerId = QStringLiteral("runner-1");
    entry.taskId = QStringLiteral("2.1");
    entry.specName = QStringLiteral("demo-calculator");
    entry.exception = QStringLiteral("Traceback:\n  line 1");
    entry.extra = {{QStringLiteral("service"), QStringLiteral("llm")},
                   {QStringLiteral("attempt"), 2},
                   {QStringLiteral("retryable"), true},
                   {QStringLiteral("sizes"), QJsonArray{1, 2}},
                   {QStringLiteral("empty"), QJsonObject{}}};
    return entry;
}

} // namespace

class TestLogDetailPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indentsWithoutReordering_data();
    void indentsWithoutReordering();
    void showsTheWholeEntryInSpecOrder();
    void coloursKeysAndValues();
    void copiesTheJson();
    void clearingShowsThePlaceholder();
};

void TestLogDetailPane::indentsWithoutReordering_data()
{
    QTest::addColumn<QByteArray>("compact");
    QTest::addColumn<QString>("indented");
    QTest::newRow("object") << QByteArray("{\"b\":1,\"a\":[true,null]}")
                            << QStringLiteral(
                                   "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}");
    QTest::newRow("empty containers")
        << QByteArray("{\"x\":{},\"y\":[]}") << QStringLiteral("{\n  \"x\": {},\n  \"y\": []\n}");
    QTest::newRow("punctuation in strings")
        << QByteArray("{\"k\":\"a,b:{c}[d] \\\"q\\\" \\\\\"}")
        << QStringLiteral("{\n  \"k\": \"a,b:{c}[d] \\\"q\\\" \\\\\"\n}");
    QTest::newRow("non-ASCII") << QByteArray("{\"m\":\"日本語\"}")
                               << QStringLiteral("{\n  \"m\": \"日本語\"\n}");
}

void TestLogDetailPane::indentsWithoutReordering()
{
    QFETCH(QByteArray, compact);
    QFETCH(QString, indented);
    QCOMPARE(indentJson(compact), indented);
    QCOMPARE(QJsonDocument::fromJson(indented.toUtf8()), QJsonDocument::fromJson(compact));
}

void TestLogDetailPane::showsTheWholeEntryInSpecOrder()
{
    LogDetailPane pane;
    const LogEntry entry = fullEntry();
    pane.showEntry(entry);
    QVERIFY(pane.hasEntry());
    const QString json = pane.jsonText();
    const QStringList keys = {
        QStringLiteral("timestamp"), QStringLiteral("level"),     QStringLiteral("logger"),
        QStringLiteral("message"),   QStringLiteral("runner_id"), QStringLiteral("task_id"),
        QStringLiteral("spec_name"), QStringLiteral("exception"), QStringLiteral("extra")};
    qsizetype previous = -1;
    for (const QString &key : keys) {
        const qsizetype at = json.indexOf(QStringLiteral("\n  \"") + key + QStringLiteral("\":"));
        QVERIFY2(at > previous, qPrintable(key));
        previous = at;
    }
    Result<LogEntry> parsed = parseJsonLine(json.toUtf8().replace('\n', ' '));
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(parsed.value(), entry);
    QVERIFY(pane.findChild<QLabel *>(QStringLiteral("logDetailTitle"))
                ->text()
                .contains(QStringLiteral("ERROR")));
}

void TestLogDetailPane::coloursKeysAndValues()
{
    LogDetailPane pane;
    pane.show();
    pane.showEntry(fullEntry());
    LogJsonHighlighter reference(nullptr);
    QTextDocument *document = pane.textView()->document();
    bool sawKey = false;
    bool sawString = false;
    bool sawNumber = false;
    bool sawLiteral = false;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
            const QColor color = range.format.foreground().color();
            sawKey |= color == reference.keyFormat().foreground().color();
            sawString |= color == reference.stringFormat().foreground().color();
            sawNumber |= color == reference.numberFormat().foreground().color();
            sawLiteral |= color == reference.literalFormat().foreground().color();
        }
    }
    QVERIFY(sawKey);
    QVERIFY(sawString);
    QVERIFY(sawNumber);
    QVERIFY(sawLiteral);
}

void TestLogDetailPane::copiesTheJson()
{
    LogDetailPane pane;
    auto *copy = pane.findChild<QToolButton *>(QStringLiteral("logDetailCopy"));
    QVERIFY(!copy->isEnabled());
    pane.showEntry(fullEntry());
    QVERIFY(copy->isEnabled());
    QApplication::clipboard()->clear();
    copy->click();
    QCOMPARE(QApplication::clipboard()->text(), pane.jsonText());
}

void TestLogDetailPane::clearingShowsThePlaceholder()
{
    LogDetailPane pane;
    pane.showEntry(fullEntry());
    pane.clearEntry();
    QVERIFY(!pane.hasEntry());
    QVERIFY(pane.jsonText().isEmpty());
    QVERIFY(pane.textView()->toPlainText().isEmpty());
    QVERIFY(!pane.textView()->placeholderText().isEmpty());
}

QTEST_MAIN(TestLogDetailPane)
#include "test_log_detail_pane.moc"
