// Every accepted and rejected shape of the model's code-change answer (SPEC §2.4).
#include "engine/LlmAnswerParser.h"

#include <QTest>

using namespace necrocode;

class TestLlmAnswerParser : public QObject
{
    Q_OBJECT

    static QString change(const QString &path, const QString &op,
                          const QString &content = QStringLiteral("x"))
    {
        return QStringLiteral("{\"file_path\": \"%1\", \"operation\": \"%2\", \"content\": \"%3\"}")
            .arg(path, op, content);
    }
    static QString answer(const QString &changes)
    {
        return QStringLiteral("{\"code_changes\": [%1], \"explanation\": \"done\"}").arg(changes);
    }

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<int>("changes");
        QTest::addColumn<QString>("firstPath");
        const QString plain =
            answer(change(QStringLiteral("src/app.py"), QStringLiteral("create")));
        QTest::newRow("plain") << plain << 1 << "src/app.py";
        QTest::newRow("fenced json")
            << QStringLiteral("Here you go:\n```json\n%1\n```\nThanks").arg(plain) << 1
            << "src/app.py";
        QTest::newRow("fenced bare")
            << QStringLiteral("```\n%1\n```").arg(plain) << 1 << "src/app.py";
        QTest::newRow("prose around")
            << QStringLiteral("Sure! %1 Hope it helps.").arg(plain) << 1 << "src/app.py";
        QTest::newRow("extra keys")
            << QStringLiteral("{\"code_changes\": [{\"file_path\": \"a.txt\", \"operation\": "
                              "\"modify\", \"content\": \"y\", \"mode\": \"0644\"}], "
                              "\"explanation\": \"e\", \"confidence\": 0.9}")
            << 1 << "a.txt";
        QTest::newRow("delete without content")
            << QStringLiteral(
                   "{\"code_changes\": [{\"file_path\": \"old.py\", \"operation\": \"delete\"}]}")
            << 1 << "old.py";
        QTest::newRow("normalised path")
            << answer(change(QStringLiteral("./src//lib/./x.py"), QStringLiteral("create"))) << 1
            << "src/lib/x.py";
        QTest::newRow("backslashes")
            << answer(change(QStringLiteral("src\\\\win.py"), QStringLiteral("create"))) << 1
            << "src/win.py";
        QTest::newRow("dotfile allowed")
            << answer(change(QStringLiteral(".gitignore"), QStringLiteral("create"))) << 1
            << ".gitignore";
        QTest::newRow("empty list") << QStringLiteral("{\"code_changes\": []}") << 0 << "";
        QTest::newRow("several") << answer(change(QStringLiteral("a"), QStringLiteral("create")) +
                                           QLatin1Char(',') +
                                           change(QStringLiteral("b"), QStringLiteral("modify")))
                                 << 2 << "a";
    }

    void accepted()
    {
        QFETCH(QString, content);
        QFETCH(int, changes);
        QFETCH(QString, firstPath);
        const auto parsed = LlmAnswerParser::parse(content);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed->changes.size(), changes);
        if (changes > 0)
            QCOMPARE(parsed->changes.first().filePath, firstPath);
    }

    void explanationAndContentKept()
    {
        const auto parsed = LlmAnswerParser::parse(answer(change(
            QStringLiteral("a.py"), QStringLiteral("modify"), QStringLiteral("print(1)\\n"))));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->explanation, QStringLiteral("done"));
        QCOMPARE(parsed->changes.first().content, QStringLiteral("print(1)\n"));
        QCOMPARE(parsed->changes.first().operation, ChangeOperation::Modify);
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QStringLiteral("   ") << "empty answer";
        QTest::newRow("refusal") << QStringLiteral("I'm sorry, I can't help with that.")
                                 << "holds no JSON object";
        QTest::newRow("broken json")
            << QStringLiteral("{\"code_changes\": [") << "holds no JSON object";
        QTest::newRow("bad json") << QStringLiteral("{\"code_changes\": [}") << "is not valid JSON";
        QTest::newRow("no changes key")
            << QStringLiteral("{\"explanation\": \"x\"}") << "has no 'code_changes'";
        QTest::newRow("changes not array")
            << QStringLiteral("{\"code_changes\": {}}") << "'code_changes' must be an array";
        QTest::newRow("change not object")
            << QStringLiteral("{\"code_changes\": [3]}") << "change 1 is not an object";
        QTest::newRow("missing path")
            << QStringLiteral(
                   "{\"code_changes\": [{\"operation\": \"create\", \"content\": \"\"}]}")
            << "change 1 has no 'file_path'";
        QTest::newRow("unknown op")
            << answer(change(QStringLiteral("a.py"), QStringLiteral("rename")))
            << "change 1 (a.py): unknown operation 'rename'";
        QTest::newRow("missing content")
            << QStringLiteral(
                   "{\"code_changes\": [{\"file_path\": \"a\", \"operation\": \"create\"}]}")
            << "needs a string 'content'";
        QTest::newRow("absolute") << answer(change(QStringLiteral("/etc/passwd"),
                                                   QStringLiteral("modify")))
                                  << "'/etc/passwd' is an absolute path";
        QTest::newRow("home") << answer(change(QStringLiteral("~/x"), QStringLiteral("create")))
                              << "absolute path";
        QTest::newRow("drive") << answer(change(QStringLiteral("C:/x"), QStringLiteral("create")))
                               << "absolute path";
        QTest::newRow("dotdot") << answer(change(QStringLiteral("../outside"),
                                                 QStringLiteral("create")))
                                << "'../outside' leaves the workspace";
        QTest::newRow("inner dotdot")
            << answer(change(QStringLiteral("a/../../b"), QStringLiteral("create")))
            << "leaves the workspace";
        QTest::newRow("git hooks")
            << answer(change(QStringLiteral(".git/hooks/x"), QStringLiteral("create")))
            << "'.git/hooks/x' is inside .git/";
        QTest::newRow("nested git")
            << answer(change(QStringLiteral("sub/.GIT/config"), QStringLiteral("modify")))
            << "inside .git/";
        QTest::newRow("git with a trailing space")
            << answer(change(QStringLiteral(".git /x.txt"), QStringLiteral("create")))
            << "inside .git/";
        QTest::newRow("git with a trailing dot")
            << answer(change(QStringLiteral("a/.git./hooks/x"), QStringLiteral("create")))
            << "inside .git/";
        QTest::newRow("git short name")
            << answer(change(QStringLiteral("GIT~1/config"), QStringLiteral("modify")))
            << "inside .git/";
        QTest::newRow("path is a number")
            << QStringLiteral("{\"code_changes\": [{\"file_path\": 5, \"operation\": "
                              "\"create\", \"content\": \"\"}]}")
            << "change 1: 'file_path' must be a string, not a number";
        QTest::newRow("only dots")
            << answer(change(QStringLiteral("./."), QStringLiteral("create"))) << "names no file";
        QTest::newRow("twice") << answer(change(QStringLiteral("a"), QStringLiteral("create")) +
                                         QLatin1Char(',') +
                                         change(QStringLiteral("./a"), QStringLiteral("modify")))
                               << "change 2 (./a): the same file is changed twice";
        QTest::newRow("second bad")
            << answer(change(QStringLiteral("ok.py"), QStringLiteral("create")) + QLatin1Char(',') +
                      change(QStringLiteral("../x"), QStringLiteral("create")))
            << "change 2 rejected";
    }

    void rejected()
    {
        QFETCH(QString, content);
        QFETCH(QString, message);
        const auto parsed = LlmAnswerParser::parse(content);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.errorMessage().contains(message), qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed.error().kind, QStringLiteral("parse"));
    }

    void limitsAreEnforcedBeforeAnythingIsWritten_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("message");
        const QString big(600, QLatin1Char('a'));
        QTest::newRow("answer") << answer(change(QStringLiteral("a"), QStringLiteral("create"),
                                                 QString(5000, QLatin1Char('x'))))
                                << "larger than the limit of 4096 bytes (llm.max_answer_bytes)";
        QTest::newRow("one file")
            << answer(change(QStringLiteral("a"), QStringLiteral("create"), QString(1200, u'x')))
            << "change 1 (a): 1200 bytes is larger than the limit of 1000 bytes";
        QTest::newRow("all files together")
            << answer(change(QStringLiteral("a"), QStringLiteral("create"), big) +
                      QLatin1Char(',') +
                      change(QStringLiteral("b"), QStringLiteral("create"), big) +
                      QLatin1Char(',') + change(QStringLiteral("c"), QStringLiteral("create"), big))
            << "more than the limit of 1500 bytes";
    }

    void limitsAreEnforcedBeforeAnythingIsWritten()
    {
        QFETCH(QString, content);
        QFETCH(QString, message);
        ChangeLimits limits;
        limits.maxAnswerBytes = 4096;
        limits.maxFileBytes = 1000;
        limits.maxTotalBytes = 1500;
        const auto parsed = LlmAnswerParser::parse(content, limits);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.errorMessage().contains(message), qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed.error().kind, QStringLiteral("limits"));
        QVERIFY(LlmAnswerParser::parse(content).ok()); // within the default limits
    }
};

QTEST_GUILESS_MAIN(TestLlmAnswerParser)
#include "test_llm_answer_parser.moc"
