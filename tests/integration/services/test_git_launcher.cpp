// GitLauncher: git runs on the launcher's thread and answers on the caller's, nicer than the pool;
// steps stop at the first failing step that may not fail; nothing answers once the launcher is
// gone.
#include "pool/GitLauncher.h"
#include "workspace/ProcessSpec.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace necrocode;

class TestGitLauncher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gitRunsOnItsOwnThreadAndAnswersOnTheCallers()
    {
        QObject context;
        GitLauncher launcher(&context);
        QVERIFY(launcher.thread() != QThread::currentThread());
        std::optional<GitOutcome> outcome;
        QThread *answeredOn = nullptr;
        launcher.run({QStringLiteral("--version")}, QDir::tempPath(), [&](const GitOutcome &o) {
            outcome = o;
            answeredOn = QThread::currentThread();
        });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000);
        QVERIFY2(outcome->ok(), qPrintable(outcome->failureMessage()));
        QVERIFY(outcome->standardOutput.startsWith("git version"));
        QCOMPARE(answeredOn, QThread::currentThread());
    }

    void gitRunsNicerThanThePool()
    {
        QObject context;
        GitLauncher launcher(&context);
        std::optional<GitOutcome> outcome;
        // An alias starting with '!' runs in a shell that git starts: field 19 of its own
        // /proc/<pid>/stat is its niceness.
        launcher.run({QStringLiteral("-c"),
                      QStringLiteral("alias.niceness=!cut -d' ' -f19 /proc/self/stat"),
                      QStringLiteral("niceness")},
                     QDir::tempPath(), [&](const GitOutcome &o) { outcome = o; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000);
        QVERIFY2(outcome->ok(), qPrintable(outcome->failureMessage()));
        const int own = ::getpriority(PRIO_PROCESS, 0);
        QCOMPARE(outcome->firstOutputLine().toInt(),
                 std::min(19, own + ProcessSpec::kDefaultNicenessIncrement));
    }

    void stepsStopAtTheFirstFailureThatMayNotFail()
    {
        QTemporaryDir dir;
        QObject context;
        GitLauncher launcher(&context);
        std::optional<Status> result;
        launcher.runSteps({{{QStringLiteral("init"), QStringLiteral("-q")}},
                           {{QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, true},
                           {{QStringLiteral("no-such-command")}},
                           {{QStringLiteral("tag"), QStringLiteral("never")}}},
                          dir.path(), [&](const Status &status) { result = status; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
        QVERIFY(!result->ok());
        QVERIFY2(result->errorMessage().contains(QStringLiteral("git no-such-command failed")),
                 qPrintable(result->errorMessage()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral(".git"))));
    }

    void nothingAnswersOnceTheLauncherIsGone()
    {
        QObject context;
        bool answered = false;
        {
            GitLauncher launcher(&context);
            for (int i = 0; i < 5; ++i)
                launcher.run({QStringLiteral("--version")}, QDir::tempPath(),
                             [&answered](const GitOutcome &) { answered = true; });
            // Long enough for the commands to end and their answers to be queued here.
            QThread::msleep(300);
        }
        QTest::qWait(200);
        QVERIFY2(!answered, "a git command answered after its launcher was destroyed");
    }
};

QTEST_GUILESS_MAIN(TestGitLauncher)
#include "test_git_launcher.moc"
