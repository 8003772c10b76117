// The prompt playground: loading a call, editing messages and parameters, sending through the
// backend, the busy state, and the new answer shown beside the original.
#include "FakeConsoleBackend.h"
#include "PanelTestData.h"
#include "prompt/PromptPlayground.h"
#include "prompt/PromptPlaygroundAnswer.h"
#include "prompt/PromptPlaygroundMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace necrocode;
using testdata::exchange;

namespace {

LlmExchange originalCall()
{
    LlmExchange e = exchange(QStringLiteral("7"), QStringLiteral("a"), 1764265321123, 3.5, 900, 80);
    e.request.messages = {{QStringLiteral("system"), QStringLiteral("You write Python.")},
                          {QStringLiteral("user"), QStringLiteral("Write hello.py")}};
    e.request.maxTokens = 1024;
    e.request.temperature = 0.2;
    e.response.content = QStringLiteral("original answer");
    return e;
}

LlmExchange newAnswer(const QString &content)
{
    LlmExchange e = exchange(QStringLiteral("p1"), QString(), 1764265400000, 0.75, 880, 42);
    e.response.content = content;
    e.response.timeToFirstTokenSeconds = 0.125;
    return e;
}

} // namespace

class TestPromptPlayground : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fitsANarrowDock()
    {
        // It shares the right dock with the charts: a wide playground would squeeze the log.
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        QVERIFY2(playground.minimumSizeHint().width() <= 360,
                 qPrintable(QString::number(playground.minimumSizeHint().width())));
    }

    void loadsTheCall()
    {
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        playground.load(originalCall());
        QCOMPARE(playground.messageEditors().size(), 2);
        QCOMPARE(playground.request().messages, originalCall().request.messages);
        QCOMPARE(playground.request().model, QStringLiteral("scripted-model"));
        QCOMPARE(playground.request().maxTokens, 1024);
        QCOMPARE(playground.originalAnswer()->answerText(), QStringLiteral("original answer"));
        QVERIFY(playground.newAnswer()->answerText().isEmpty());
    }

    void sendsTheEditedRequestAndShowsTheAnswerBesideTheOriginal()
    {
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        playground.resize(1000, 700);
        playground.show();
        QVERIFY(QTest::qWaitForWindowExposed(&playground));
        playground.load(originalCall());

        // Remove the system message, edit the user message, add an assistant message.
        playground.messageEditors()
            .at(0)
            ->findChild<QToolButton *>(QStringLiteral("removeMessage"))
            ->click();
        QCOMPARE(playground.messageEditors().size(), 1);
        playground.messageEditors().at(0)->contentEdit()->setPlainText(
            QStringLiteral("Write hi.py"));
        playground.findChild<QPushButton *>(QStringLiteral("addMessage"))->click();
        PromptPlaygroundMessage *added = playground.messageEditors().at(1);
        added->roleBox()->setCurrentIndex(added->roleBox()->findData(QStringLiteral("assistant")));
        added->contentEdit()->setPlainText(QStringLiteral("Sure."));
        playground.findChild<QLineEdit *>(QStringLiteral("model"))
            ->setText(QStringLiteral("other-model"));
        playground.findChild<QSpinBox *>(QStringLiteral("maxTokens"))->setValue(300);
        playground.findChild<QDoubleSpinBox *>(QStringLiteral("temperature"))->setValue(0.9);
        playground.findChild<QCheckBox *>(QStringLiteral("jsonMode"))->setChecked(true);
        playground.findChild<QCheckBox *>(QStringLiteral("stream"))->setChecked(true);

        auto *send = playground.findChild<QPushButton *>(QStringLiteral("send"));
        auto *busy = playground.findChild<QProgressBar *>(QStringLiteral("busy"));
        send->click();
        QCOMPARE(backend.sentRequests.size(), 1);
        const ChatRequest sent = backend.sentRequests.constFirst();
        QCOMPARE(sent.messages,
                 (QList<ChatMessage>{{QStringLiteral("user"), QStringLiteral("Write hi.py")},
                                     {QStringLiteral("assistant"), QStringLiteral("Sure.")}}));
        QCOMPARE(sent.model, QStringLiteral("other-model"));
        QCOMPARE(sent.maxTokens, 300);
        QCOMPARE(sent.temperature, 0.9);
        QVERIFY(sent.jsonMode);
        QVERIFY(sent.stream);

        QVERIFY(playground.isBusy());
        QVERIFY(!send->isEnabled());
        QVERIFY(busy->isVisible());
        send->click(); // ignored while busy
        QCOMPARE(backend.sentRequests.size(), 1);

        Q_EMIT backend.playgroundAnswered(QStringLiteral("someone-else"),
                                          newAnswer(QStringLiteral("x")));
        QVERIFY(playground.isBusy());
        Q_EMIT backend.playgroundAnswered(QStringLiteral("playground-1"),
                                          newAnswer(QStringLiteral("new answer")));
        QVERIFY(!playground.isBusy());
        QVERIFY(send->isEnabled());
        QVERIFY(!busy->isVisible());

        PromptPlaygroundAnswer *original = playground.originalAnswer();
        PromptPlaygroundAnswer *fresh = playground.newAnswer();
        QCOMPARE(original->answerText(), QStringLiteral("original answer"));
        QCOMPARE(fresh->answerText(), QStringLiteral("new answer"));
        QVERIFY2(fresh->factsText().contains(QStringLiteral("880 prompt + 42 completion")),
                 qPrintable(fresh->factsText()));
        QVERIFY(fresh->factsText().contains(QStringLiteral("750 ms")));
        QVERIFY(fresh->factsText().contains(QStringLiteral("125 ms")));
        QVERIFY(original->factsText().contains(QStringLiteral("3.50 s")));
        QVERIFY(fresh->errorText().isEmpty());

        // Side by side: same row, the new answer to the right of the original.
        QVERIFY(original->isVisible() && fresh->isVisible());
        const QRect left = original->geometry();
        const QRect right = fresh->geometry();
        QCOMPARE(left.top(), right.top());
        QVERIFY(right.left() >= left.right());
    }

    void showsAFailedAnswerClearly()
    {
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        playground.load(originalCall());
        playground.send();
        LlmExchange failed = newAnswer(QString());
        failed.error = QStringLiteral("invalid API key");
        failed.errorType = QStringLiteral("auth");
        Q_EMIT backend.playgroundAnswered(QStringLiteral("playground-1"), failed);
        const QString error = playground.newAnswer()->errorText();
        QVERIFY2(error.contains(QStringLiteral("auth")) &&
                     error.contains(QStringLiteral("invalid API key")),
                 qPrintable(error));
        auto *errorLabel =
            playground.newAnswer()->findChild<QLabel *>(QStringLiteral("answerError"));
        QVERIFY(errorLabel->styleSheet().contains(QStringLiteral("#d32f2f")));
        auto *status = playground.findChild<QLabel *>(QStringLiteral("sendStatus"));
        QVERIFY(status->text().contains(QStringLiteral("invalid API key")));
    }

    void takesAnAnswerThatArrivesBeforeSendReturns()
    {
        FakeConsoleBackend backend;
        backend.answerAtOnce = [&backend](const QString &id) {
            Q_EMIT backend.playgroundAnswered(id, newAnswer(QStringLiteral("at once")));
        };
        PromptPlayground playground(&backend);
        playground.load(originalCall());
        playground.send();
        QVERIFY(!playground.isBusy());
        QCOMPARE(playground.newAnswer()->answerText(), QStringLiteral("at once"));
    }

    void showsAStreamedAnswerAsItArrives()
    {
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        playground.load(originalCall());
        playground.send();
        auto *status = playground.findChild<QLabel *>(QStringLiteral("sendStatus"));
        QCOMPARE(status->text(), QStringLiteral("Sending…"));

        Q_EMIT backend.playgroundPartial(QStringLiteral("someone-else"), QStringLiteral("x"));
        QVERIFY(playground.newAnswer()->answerText().isEmpty());
        Q_EMIT backend.playgroundPartial(QStringLiteral("playground-1"), QStringLiteral("Hel"));
        QCOMPARE(playground.newAnswer()->answerText(), QStringLiteral("Hel"));
        Q_EMIT backend.playgroundPartial(QStringLiteral("playground-1"),
                                         QStringLiteral("Hello, wor"));
        QCOMPARE(playground.newAnswer()->answerText(), QStringLiteral("Hello, wor"));
        QVERIFY2(playground.newAnswer()->factsText().contains(QStringLiteral("10 character")),
                 qPrintable(playground.newAnswer()->factsText()));
        QVERIFY(playground.isBusy());
        QCOMPARE(status->text(), QStringLiteral("Receiving the answer…"));

        Q_EMIT backend.playgroundAnswered(QStringLiteral("playground-1"),
                                          newAnswer(QStringLiteral("Hello, world")));
        QVERIFY(!playground.isBusy());
        QCOMPARE(playground.newAnswer()->answerText(), QStringLiteral("Hello, world"));
        QVERIFY(playground.newAnswer()->factsText().contains(QStringLiteral("125 ms")));

        // The next send starts from a blank answer, not from the last one's text.
        playground.send();
        QVERIFY(playground.newAnswer()->answerText().isEmpty());
    }

    void sendsAsAPlaygroundCallOfTheLoadedCall()
    {
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        playground.send(); // a prompt written from scratch
        Q_EMIT backend.playgroundAnswered(QStringLiteral("playground-1"),
                                          newAnswer(QStringLiteral("a")));
        playground.load(originalCall());
        playground.send();
        QCOMPARE(backend.sentOrigins.size(), 2);
        QVERIFY(backend.sentOrigins.at(0).exchangeId.isEmpty());
        QCOMPARE(backend.sentOrigins.at(1).exchangeId, originalCall().id);
        QCOMPARE(backend.sentOrigins.at(1).taskId, originalCall().taskId);
        QCOMPARE(backend.sentOrigins.at(1).specName, originalCall().specName);
    }

    void refusesToSendNoMessages()
    {
        FakeConsoleBackend backend;
        PromptPlayground playground(&backend);
        for (PromptPlaygroundMessage *editor : playground.messageEditors())
            editor->findChild<QToolButton *>(QStringLiteral("removeMessage"))->click();
        playground.send();
        QVERIFY(backend.sentRequests.isEmpty());
        QVERIFY(!playground.isBusy());
        QVERIFY(!playground.findChild<QLabel *>(QStringLiteral("sendStatus"))->text().isEmpty());
    }
};

QTEST_MAIN(TestPromptPlayground)
#include "test_prompt_playground.moc"
