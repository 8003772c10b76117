// Playbook YAML: the format, variables and their quoting, conditions, and errors that name the
// step and the line.
#include "../workspace/WorkspaceTestSupport.h"
#include "engine/PlaybookLoader.h"
#include "workspace/ProcessSpec.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

class TestPlaybookLoader : public QObject
{
    Q_OBJECT

private:
    static TaskContext task()
    {
        TaskContext t;
        t.taskId = QStringLiteral("1.1");
        t.specName = QStringLiteral("chat-app");
        t.title = QStringLiteral("Create the User model; $(rm -rf ~)");
        t.complexity = TaskComplexity::High;
        t.relatedFiles = {QStringLiteral("src/user.py"), QStringLiteral("docs/a b.md")};
        return t;
    }

    static PlaybookVariables variables(const QStringList &tests = {QStringLiteral("make test"),
                                                                   QStringLiteral("npm test")})
    {
        return PlaybookVariables::forTask(task(), QStringLiteral("/srv/slot1"), tests,
                                          QStringLiteral("main"));
    }

private Q_SLOTS:
    void theEmbeddedDefaultRunsTheTestCommands()
    {
        const auto playbook = PlaybookLoader::load(PlaybookLoader::defaultPath());
        QVERIFY2(playbook.ok(), qPrintable(playbook.errorMessage()));
        QCOMPARE(playbook->name, QStringLiteral("default"));
        QCOMPARE(playbook->steps.size(), 1);
        const PlaybookStep &tests = playbook->steps.first();
        QCOMPARE(tests.name, QStringLiteral("tests"));
        QCOMPARE(tests.forEach, QStringLiteral("test_commands"));
        QCOMPARE(tests.command, QStringLiteral("{{item}}"));
    }

    void readsEveryStepKey()
    {
        const QByteArray yaml = "name: ci\n"
                                "description: checks\n"
                                "steps:\n"
                                "  - name: lint\n"
                                "    if: \"{{complexity}} == high\"\n"
                                "    command: make lint\n"
                                "    else:\n"
                                "      command: make quick-lint\n"
                                "    timeout_seconds: 60\n"
                                "    retries: 2\n"
                                "    retry_delay_seconds: 0.5\n"
                                "    continue_on_error: yes\n"
                                "  - name: tests\n"
                                "    condition: exists Makefile\n"
                                "    for_each: test_commands\n"
                                "    command: \"{{item}}\"\n"
                                "    else: echo no makefile\n";
        const auto playbook = PlaybookLoader::parse(yaml, QStringLiteral("ci.yaml"));
        QVERIFY2(playbook.ok(), qPrintable(playbook.errorMessage()));
        QCOMPARE(playbook->name, QStringLiteral("ci"));
        QCOMPARE(playbook->steps.size(), 2);
        const PlaybookStep &lint = playbook->steps.at(0);
        QCOMPARE(lint.line, 4);
        QCOMPARE(lint.command, QStringLiteral("make lint"));
        QCOMPARE(lint.elseCommand, QStringLiteral("make quick-lint"));
        QVERIFY(lint.condition);
        QCOMPARE(lint.condition->kind(), PlaybookCondition::Kind::Equals);
        QCOMPARE(lint.timeoutSeconds, std::optional<int>(60));
        QCOMPARE(lint.retries, 2);
        QCOMPARE(lint.retryDelaySeconds, 0.5);
        QVERIFY(lint.continueOnError);
        const PlaybookStep &tests = playbook->steps.at(1);
        QCOMPARE(tests.condition->kind(), PlaybookCondition::Kind::Exists);
        QCOMPARE(tests.elseCommand, QStringLiteral("echo no makefile"));
        QVERIFY(!tests.timeoutSeconds);
        QVERIFY(!tests.continueOnError);
    }

    void errorsNameTheProblemAndWhere_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("bad yaml") << QByteArray("steps:\n  - name: a\n    command: [unclosed\n")
                                  << QStringList{"p.yaml: line 4", "column"};
        QTest::newRow("tab indentation")
            << QByteArray("steps:\n  - name: a\n\tcommand: x\n") << QStringList{"p.yaml: line 3"};
        QTest::newRow("unknown variable")
            << QByteArray("steps:\n  - name: first\n    command: echo\n"
                          "  - name: build\n    command: make {{target}}\n")
            << QStringList{"step 'build'", "line 4", "unknown variable '{{target}}'"};
        QTest::newRow("unknown variable in condition")
            << QByteArray("steps:\n  - name: build\n    if: \"{{flavour}} == x\"\n"
                          "    command: make\n")
            << QStringList{"step 'build'", "{{flavour}}"};
        QTest::newRow("item outside for_each")
            << QByteArray("steps:\n  - name: run\n    command: \"{{item}}\"\n")
            << QStringList{"step 'run'", "only known in a for_each step"};
        QTest::newRow("unclosed placeholder")
            << QByteArray("steps:\n  - name: run\n    command: \"echo {{title\"\n")
            << QStringList{"step 'run'", "without a closing"};
        QTest::newRow("unknown key") << QByteArray("steps:\n  - name: run\n    comand: make\n")
                                     << QStringList{"line 3, column 5", "unknown key 'comand'"};
        QTest::newRow("else without if")
            << QByteArray("steps:\n  - name: run\n    command: a\n    else: b\n")
            << QStringList{"'else' needs an 'if'"};
        QTest::newRow("bad condition")
            << QByteArray("steps:\n  - name: run\n    if: complexity is high\n    command: a\n")
            << QStringList{"line 3", "cannot read the condition"};
        QTest::newRow("for_each of text")
            << QByteArray("steps:\n  - name: run\n    for_each: title\n    command: a\n")
            << QStringList{"for_each needs a list variable"};
        QTest::newRow("retries not a number")
            << QByteArray("steps:\n  - name: run\n    command: a\n    retries: many\n")
            << QStringList{"line 4", "'retries' must be a whole number"};
        QTest::newRow("fractional timeout")
            << QByteArray("steps:\n  - name: run\n    command: a\n    timeout_seconds: 1.5\n")
            << QStringList{"line 4", "'timeout_seconds' must be a whole number"};
        QTest::newRow("no command")
            << QByteArray("steps:\n  - name: run\n") << QStringList{"step 'run'", "no command"};
        QTest::newRow("duplicate names")
            << QByteArray("steps:\n  - name: a\n    command: x\n  - name: a\n    command: y\n")
            << QStringList{"same name"};
        QTest::newRow("no steps") << QByteArray("name: empty\nsteps: []\n")
                                  << QStringList{"no steps"};
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << QStringList{"mapping"};
        QTest::newRow("empty file") << QByteArray("") << QStringList{"empty"};
    }

    void errorsNameTheProblemAndWhere()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QStringList, expected);
        const auto playbook = PlaybookLoader::parse(yaml, QStringLiteral("p.yaml"));
        QVERIFY(!playbook.ok());
        QCOMPARE(playbook.error().kind, QStringLiteral("playbook"));
        for (const QString &part : expected)
            QVERIFY2(playbook.errorMessage().contains(part), qPrintable(playbook.errorMessage()));
    }

    void variablesAreSubstitutedAndTextIsQuoted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("quoting");
        QTest::addColumn<QString>("expected");
        const int shell = int(PlaybookVariables::Quoting::Shell);
        const int none = int(PlaybookVariables::Quoting::None);
        QTest::newRow("plain word") << "echo {{task_id}}" << shell << "echo 1.1";
        QTest::newRow("spaces allowed") << "echo {{ spec_name }}" << shell << "echo chat-app";
        QTest::newRow("title quoted") << "git log --grep {{title}}" << shell
                                      << "git log --grep 'Create the User model; $(rm -rf ~)'";
        QTest::newRow("title plain in conditions")
            << "{{title}}" << none << "Create the User model; $(rm -rf ~)";
        QTest::newRow("commands joined") << "{{test_commands}}" << shell << "make test && npm test";
        QTest::newRow("list quoted per word")
            << "wc -l {{related_files}}" << shell << "wc -l src/user.py 'docs/a b.md'";
        QTest::newRow("several") << "{{complexity}}/{{branch_name}}@{{base_branch}}" << shell
                                 << "high/feature/task-chat-app-1.1@main";
        QTest::newRow("fail_fast") << "{{fail_fast}} {{timeout_seconds}}" << shell << "true 1800";
    }

    void variablesAreSubstitutedAndTextIsQuoted()
    {
        QFETCH(QString, text);
        QFETCH(int, quoting);
        QFETCH(QString, expected);
        const auto expanded = variables().expand(text, PlaybookVariables::Quoting(quoting));
        QVERIFY2(expanded.ok(), qPrintable(expanded.errorMessage()));
        QCOMPARE(expanded.value(), expected);
    }

    void aQuotedTitleStaysOneHarmlessWord()
    {
        const QString word = shellQuote(QStringLiteral("it's $(id) `id`"));
        const QString echoed =
            runSetup(QDir::tempPath(), QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"), QStringLiteral("printf %s ") + word});
        QCOMPARE(echoed, QStringLiteral("it's $(id) `id`"));
    }

    void expandingAnUnknownVariableFails()
    {
        const auto expanded =
            variables().expand(QStringLiteral("{{nope}}"), PlaybookVariables::Quoting::Shell);
        QVERIFY(!expanded.ok());
        QVERIFY(expanded.errorMessage().contains(QStringLiteral("{{nope}}")));
    }

    void conditionsEvaluate_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<bool>("expected");
        QTest::newRow("equals") << "{{complexity}} == high" << true;
        QTest::newRow("equals quoted") << "{{complexity}} == 'high'" << true;
        QTest::newRow("equals false") << "{{complexity}} == low" << false;
        QTest::newRow("not equals") << "{{complexity}} != low" << true;
        QTest::newRow("not equals false") << "{{spec_name}} != chat-app" << false;
        QTest::newRow("empty variable") << "{{required_skill}} == \"\"" << true;
        QTest::newRow("exists") << "exists Makefile" << true;
        QTest::newRow("exists directory") << "exists src" << true;
        QTest::newRow("exists missing") << "exists package.json" << false;
        QTest::newRow("not exists") << "not exists package.json" << true;
        QTest::newRow("exists with variable") << "exists {{task_id}}.txt" << true;
    }

    void conditionsEvaluate()
    {
        QFETCH(QString, condition);
        QFETCH(bool, expected);
        QTemporaryDir workspace;
        writeTextFile(workspace.filePath(QStringLiteral("Makefile")), "all:\n");
        writeTextFile(workspace.filePath(QStringLiteral("1.1.txt")), "x\n");
        QDir(workspace.path()).mkdir(QStringLiteral("src"));
        const auto parsed = PlaybookCondition::parse(condition);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        const auto holds = parsed->evaluate(variables(), workspace.path());
        QVERIFY2(holds.ok(), qPrintable(holds.errorMessage()));
        QCOMPARE(holds.value(), expected);
    }

    void theTaskPlaybookWinsOverTheConfiguredOneAndTheDefault()
    {
        QTemporaryDir workspace;
        QDir(workspace.path()).mkdir(QStringLiteral("ci"));
        writeTextFile(workspace.filePath(QStringLiteral("ci/task.yaml")),
                      "name: from-task\nsteps:\n  - name: a\n    command: true\n");
        writeTextFile(workspace.filePath(QStringLiteral("configured.yaml")),
                      "name: from-config\nsteps:\n  - name: a\n    command: true\n");
        TaskContext t = task();
        t.playbookPath = QStringLiteral("ci/task.yaml");
        const QString configured = workspace.filePath(QStringLiteral("configured.yaml"));
        QCOMPARE(PlaybookLoader::loadForTask(t, workspace.path(), configured)->name,
                 QStringLiteral("from-task"));
        t.playbookPath.clear();
        QCOMPARE(PlaybookLoader::loadForTask(t, workspace.path(), configured)->name,
                 QStringLiteral("from-config"));
        QCOMPARE(PlaybookLoader::loadForTask(t, workspace.path())->name, QStringLiteral("default"));
        t.playbookPath = QStringLiteral("missing.yaml");
        const auto missing = PlaybookLoader::loadForTask(t, workspace.path(), configured);
        QVERIFY(!missing.ok());
        QVERIFY(missing.errorMessage().contains(QStringLiteral("missing.yaml")));
    }
};

QTEST_GUILESS_MAIN(TestPlaybookLoader)
#include "test_playbook_loader.moc"
