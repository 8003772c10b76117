// The prompt inspector: messages by role, parameters and figures of the selected call, the code
// changes parsed from a good answer, the parse error of a bad one, and "Open in playground".
#include "PanelTestData.h"
#include "prompt/LlmCallLog.h"
#include "prompt/LlmCallsModel.h"
#include "prompt/PromptInspector.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace necrocode;
using testdata::exchange;

namespace {

LlmExchange goodCall()
{
    LlmExchange e =
        exchange(QStringLiteral("1"), QStringLiteral("a"), 1764265321123, 1.75, 1234, 56);
    e.request.messages = {
        {QStringLiteral("system"), QStringLiteral("You are a careful engineer.")},
        {QStringLiteral("user"), QStringLiteral("Implement <parse_args> in cli.py")}};
    e.request.maxTokens = 2048;
    e.request.temperature = 0.3;
    e.request.jsonMode = true;
    e.request.stream = true;
    e.response.timeToFirstTokenSeconds = 0.32;
    e.response.content = QStringLiteral(
        "Here you go:\n```json\n{\"code_changes\": ["
        "{\"file_path\": \"src/cli.py\", \"operation\": \"create\", \"content\": \"def "
        "parse_args():\\n    pass\\n\"},"
        "{\"file_path\": \"README.md\", \"operation\": \"modify\", \"content\": \"# CLI\\n\"}],"
        " \"explanation\": \"Adds the parser.\"}\n```");
    return e;
}

} // namespace

class TestPromptInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_log = std::make_unique<LlmCallLog>();
        m_calls = std::make_unique<LlmCallsModel>(m_log.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_calls.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_inspector = std::make_unique<PromptInspector>(m_calls.get());
        m_inspector->resize(900, 700);
    }

    void cleanup()
    {
        m_inspector.reset();
        m_tester.reset();
        m_calls.reset();
        m_log.reset();
    }

    void showsMessagesParametersAndParsedChanges()
    {
        m_log->append({goodCall()});
        m_inspector->showCall(0);
        QCOMPARE(m_inspector->currentRow(), 0);

        const QString messages =
            m_inspector->findChild<QTextBrowser *>(QStringLiteral("messagesView"))->toPlainText();
        QVERIFY2(messages.contains(QStringLiteral("System")), qPrintable(messages));
        QVERIFY(messages.contains(QStringLiteral("You are a careful engineer.")));
        QVERIFY(messages.contains(QStringLiteral("User")));
        QVERIFY(messages.contains(QStringLiteral("Implement <parse_args> in cli.py")));
        QVERIFY(messages.indexOf(QStringLiteral("System")) <
                messages.indexOf(QStringLiteral("User")));

        const auto fact = [this](int index) {
            return m_inspector->findChild<QLabel *>(QStringLiteral("fact%1").arg(index))->text();
        };
        QCOMPARE(fact(0), QStringLiteral("scripted-model"));
        QCOMPARE(fact(1), QLocale().toString(2048));
        QCOMPARE(fact(2), QLocale().toString(0.3, 'g', 3));
        QCOMPARE(fact(3), QStringLiteral("yes"));
        QCOMPARE(fact(4), QStringLiteral("yes"));
        QCOMPARE(fact(5), QLocale().toString(1234));
        QCOMPARE(fact(6), QStringLiteral("56"));
        QCOMPARE(fact(7), QStringLiteral("1.75 s"));
        QCOMPARE(fact(8), QStringLiteral("320 ms"));
        QCOMPARE(fact(9), QStringLiteral("stop"));
        QCOMPARE(fact(10), QStringLiteral("OK"));
        QCOMPARE(
            m_inspector->findChild<QPlainTextEdit *>(QStringLiteral("answerView"))->toPlainText(),
            goodCall().response.content);

        auto *changes = m_inspector->findChild<QListWidget *>(QStringLiteral("changesList"));
        QCOMPARE(changes->count(), 2);
        QCOMPARE(changes->item(0)->text(), QStringLiteral("create  src/cli.py"));
        QCOMPARE(changes->item(1)->text(), QStringLiteral("modify  README.md"));
        auto *content = m_inspector->findChild<QPlainTextEdit *>(QStringLiteral("changeContent"));
        QCOMPARE(content->toPlainText(), QStringLiteral("def parse_args():\n    pass\n"));
        changes->setCurrentRow(1);
        QCOMPARE(content->toPlainText(), QStringLiteral("# CLI\n"));
        QVERIFY(m_inspector->findChild<QLabel *>(QStringLiteral("parseError"))->isHidden());
        QCOMPARE(m_inspector->findChild<QLabel *>(QStringLiteral("explanation"))->text(),
                 QStringLiteral("Adds the parser."));
    }

    void showsTheParseErrorOfABadAnswer_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("expected");
        QTest::newRow("prose") << QStringLiteral("I cannot help with that.")
                               << QStringLiteral("holds no JSON object");
        QTest::newRow("unknown operation")
            << QStringLiteral("{\"code_changes\": [{\"file_path\": \"a.py\", \"operation\": "
                              "\"rename\", \"content\": \"\"}]}")
            << QStringLiteral("unknown operation 'rename'");
        QTest::newRow("path outside the workspace")
            << QStringLiteral("{\"code_changes\": [{\"file_path\": \"../etc/passwd\", "
                              "\"operation\": \"create\", \"content\": \"x\"}]}")
            << QStringLiteral("leaves the workspace");
    }

    void showsTheParseErrorOfABadAnswer()
    {
        QFETCH(QString, answer);
        QFETCH(QString, expected);
        LlmExchange bad = goodCall();
        bad.response.content = answer;
        m_log->append({goodCall(), bad});
        m_inspector->showCall(0);
        m_inspector->showCall(1);

        auto *error = m_inspector->findChild<QLabel *>(QStringLiteral("parseError"));
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(expected), qPrintable(error->text()));
        QVERIFY(error->styleSheet().contains(QStringLiteral("color: #d32f2f")));
        QCOMPARE(m_inspector->findChild<QListWidget *>(QStringLiteral("changesList"))->count(), 0);
        QVERIFY(m_inspector->findChild<QPlainTextEdit *>(QStringLiteral("changeContent"))
                    ->toPlainText()
                    .isEmpty());
    }

    void showsAFailedCall()
    {
        LlmExchange failed = goodCall();
        failed.response = ChatResponse{};
        failed.error = QStringLiteral("HTTP 503");
        failed.errorType = QStringLiteral("http_503");
        m_log->append({failed});
        m_inspector->showCall(0);
        auto *status = m_inspector->findChild<QLabel *>(QStringLiteral("fact10"));
        QCOMPARE(status->text(), QStringLiteral("http_503: HTTP 503"));
        QVERIFY(status->styleSheet().contains(QStringLiteral("#d32f2f")));
        QVERIFY(m_inspector->findChild<QLabel *>(QStringLiteral("parseError"))
                    ->text()
                    .contains(QStringLiteral("failed")));
    }

    void opensTheCallInThePlayground()
    {
        m_log->append({goodCall()});
        auto *open = m_inspector->findChild<QPushButton *>(QStringLiteral("openInPlayground"));
        QVERIFY(!open->isEnabled());
        QSignalSpy opened(m_inspector.get(), &PromptInspector::openInPlayground);
        m_inspector->showCall(0);
        QVERIFY(open->isEnabled());
        open->click();
        QCOMPARE(opened.size(), 1);
        const auto sent = opened.at(0).at(0).value<LlmExchange>();
        QCOMPARE(sent.id, QStringLiteral("1"));
        QCOMPARE(sent.request.messages, goodCall().request.messages);
    }

    void keepsTheSelectionWhileCallsArrive()
    {
        m_log->append({goodCall()});
        m_inspector->showCall(0);
        for (int i = 0; i < 5; ++i)
            m_log->append({exchange(QString::number(10 + i), QStringLiteral("b"), 1000, 1)});
        QCOMPARE(m_inspector->currentRow(), 0);
        auto *changes = m_inspector->findChild<QListWidget *>(QStringLiteral("changesList"));
        QCOMPARE(changes->count(), 2);
    }

    void listsCallsInTheOrderTheyStarted()
    {
        // Calls are recorded when they end: a slow call started first arrives last.
        m_log->append({exchange(QStringLiteral("b"), QStringLiteral("r"), 2000, 0.5)});
        m_log->append({exchange(QStringLiteral("c"), QStringLiteral("r"), 3000, 0.5)});
        m_inspector->showCall(1); // call "c"
        m_log->append({exchange(QStringLiteral("a"), QStringLiteral("r"), 1000, 9.0)});
        QAbstractItemModel *shown = m_inspector->callsView()->model();
        QStringList order;
        for (int row = 0; row < shown->rowCount(); ++row)
            order.append(shown->index(row, 0).data(LlmCallsModel::ExchangeIdRole).toString());
        QCOMPARE(order,
                 (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        // The call shown stays the same call, and the playground gets that one.
        QCOMPARE(m_calls->exchange(m_inspector->currentRow()).id, QStringLiteral("c"));
        QCOMPARE(m_inspector->callsView()->currentIndex().row(), 2);
        QSignalSpy opened(m_inspector.get(), &PromptInspector::openInPlayground);
        m_inspector->findChild<QPushButton *>(QStringLiteral("openInPlayground"))->click();
        QCOMPARE(opened.at(0).at(0).value<LlmExchange>().id, QStringLiteral("c"));
        // Selecting a row by hand shows the call in that row of the list.
        m_inspector->callsView()->selectRow(0);
        QCOMPARE(m_calls->exchange(m_inspector->currentRow()).id, QStringLiteral("a"));
    }

    void showsSeveralCallsAtOnce()
    {
        for (int i = 0; i < 20; ++i)
            m_log->append({exchange(QString::number(i), QStringLiteral("r"), 1000 + i, 1)});
        m_inspector->resize(400, 300); // a small dock
        m_inspector->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_inspector.get()));
        QTableView *view = m_inspector->callsView();
        const int rowHeight = view->verticalHeader()->defaultSectionSize();
        QVERIFY2(view->viewport()->height() >= PromptInspector::kMinimumVisibleCalls * rowHeight,
                 qPrintable(QStringLiteral("%1 px for rows of %2 px")
                                .arg(view->viewport()->height())
                                .arg(rowHeight)));
    }

private:
    std::unique_ptr<LlmCallLog> m_log;
    std::unique_ptr<LlmCallsModel> m_calls;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<PromptInspector> m_inspector;
};

QTEST_MAIN(TestPromptInspector)
#include "test_prompt_inspector.moc"
