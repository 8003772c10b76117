// Task context parsing: both accepted shapes, defaults, and errors that name the key.
#include "core/TaskContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace necrocode;

class TestTaskContext : public QObject
{
    Q_OBJECT

    static QJsonObject minimal()
    {
        return {{QStringLiteral("task_id"), QStringLiteral("1.1")},
                {QStringLiteral("spec_name"), QStringLiteral("chat-app")},
                {QStringLiteral("title"), QStringLiteral("Create the User and Message models")}};
    }

private Q_SLOTS:
    void defaultsFollowTheSpec()
    {
        const auto t = TaskContext::fromJson(minimal());
        QVERIFY2(t.ok(), qPrintable(t.errorMessage()));
        QCOMPARE(t->timeoutSeconds, 1800);
        QVERIFY(t->failFast);
        QCOMPARE(t->complexity, TaskComplexity::Medium);
        QCOMPARE(t->effectiveBranchName(), QStringLiteral("feature/task-chat-app-1.1"));
        QVERIFY(!t->needsSlotAllocation());
    }

    void fullRoundTrip()
    {
        QJsonObject o = minimal();
        o.insert(QStringLiteral("description"), QStringLiteral("d"));
        o.insert(QStringLiteral("acceptance_criteria"),
                 QJsonArray{QStringLiteral("a"), QStringLiteral("b")});
        o.insert(QStringLiteral("dependencies"), QJsonArray{QStringLiteral("1.0")});
        o.insert(QStringLiteral("required_skill"), QStringLiteral("backend"));
        o.insert(QStringLiteral("test_commands"), QJsonArray{QStringLiteral("ctest")});
        o.insert(QStringLiteral("fail_fast"), false);
        o.insert(QStringLiteral("timeout_seconds"), 60);
        o.insert(QStringLiteral("playbook_path"), QStringLiteral("p.yaml"));
        o.insert(QStringLiteral("complexity"), QStringLiteral("high"));
        o.insert(QStringLiteral("related_files"), QJsonArray{QStringLiteral("src/a.cpp")});
        o.insert(QStringLiteral("max_tokens"), 2000);
        o.insert(QStringLiteral("branch_name"), QStringLiteral("feature/x"));
        o.insert(
            QStringLiteral("metadata"),
            QJsonObject{{QStringLiteral("repo_url"), QStringLiteral("file:///tmp/origin.git")}});
        const auto t = TaskContext::fromJson(o);
        QVERIFY2(t.ok(), qPrintable(t.errorMessage()));
        QVERIFY(t->needsSlotAllocation());
        QCOMPARE(t->maxTokens.value_or(0), 2000);
        const auto back = TaskContext::fromJson(t->toJson());
        QVERIFY(back.ok());
        QCOMPARE(back.value(), t.value());
    }

    void acceptsTheEarlierDispatcherShape()
    {
        const QJsonObject legacy{{QStringLiteral("task_id"), QStringLiteral("7")},
                                 {QStringLiteral("spec_name"), QStringLiteral("s")},
                                 {QStringLiteral("task_title"), QStringLiteral("Old title")},
                                 {QStringLiteral("task_description"), QStringLiteral("Old desc")},
                                 {QStringLiteral("slot_id"), QStringLiteral("slot-1")},
                                 {QStringLiteral("slot_path"), QStringLiteral("/w/slot-1")},
                                 {QStringLiteral("repo_url"), QStringLiteral("https://git/x.git")},
                                 {QStringLiteral("branch_name"), QStringLiteral("feature/old")},
                                 {QStringLiteral("something_new"), 42}};
        const auto t = TaskContext::fromJson(legacy);
        QVERIFY2(t.ok(), qPrintable(t.errorMessage()));
        QCOMPARE(t->title, QStringLiteral("Old title"));
        QCOMPARE(t->description, QStringLiteral("Old desc"));
        QCOMPARE(t->slotPath, QStringLiteral("/w/slot-1"));
        QCOMPARE(t->repoUrl(), QStringLiteral("https://git/x.git"));
        QCOMPARE(t->effectiveBranchName(), QStringLiteral("feature/old"));
    }

    void errorsNameTheKey_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing task_id")
            << "task_id" << QJsonValue(QJsonValue::Undefined) << "'task_id' is required";
        QTest::newRow("empty title")
            << "title" << QJsonValue(QString()) << "'title' must not be empty";
        QTest::newRow("numeric spec")
            << "spec_name" << QJsonValue(3) << "'spec_name' must be a string, got a number";
        QTest::newRow("criteria not list")
            << "acceptance_criteria" << QJsonValue(QStringLiteral("x"))
            << "'acceptance_criteria' must be an array";
        QTest::newRow("criteria item") << "acceptance_criteria" << QJsonValue(QJsonArray{1})
                                       << "'acceptance_criteria[0]' must be a string";
        QTest::newRow("fail_fast")
            << "fail_fast" << QJsonValue(QStringLiteral("yes")) << "'fail_fast' must be a boolean";
        QTest::newRow("timeout fraction")
            << "timeout_seconds" << QJsonValue(1.5) << "'timeout_seconds' must be an integer";
        QTest::newRow("timeout zero")
            << "timeout_seconds" << QJsonValue(0) << "'timeout_seconds' must be between";
        QTest::newRow("complexity") << "complexity" << QJsonValue(QStringLiteral("extreme"))
                                    << "'complexity' must be low, medium or high, got 'extreme'";
        QTest::newRow("metadata") << "metadata" << QJsonValue(QJsonArray{})
                                  << "'metadata' must be an object";
        QTest::newRow("max_tokens")
            << "max_tokens" << QJsonValue(-5) << "'max_tokens' must be a positive integer";
    }

    void errorsNameTheKey()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject o = minimal();
        if (value.isUndefined())
            o.remove(key);
        else
            o.insert(key, value);
        const auto t = TaskContext::fromJson(o);
        QVERIFY(!t.ok());
        QVERIFY2(t.errorMessage().contains(expected), qPrintable(t.errorMessage()));
    }

    void bytesThatAreNotJson()
    {
        const auto t = TaskContext::fromJsonBytes("{\"task_id\": ");
        QVERIFY(!t.ok());
        QVERIFY2(t.errorMessage().contains(QStringLiteral("task context is not valid JSON")),
                 qPrintable(t.errorMessage()));
        QVERIFY(TaskContext::fromJsonBytes("[]").errorMessage().contains(QStringLiteral("object")));
    }
};

QTEST_GUILESS_MAIN(TestTaskContext)
#include "test_task_context.moc"
