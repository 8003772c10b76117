// MetricsReporter: the earlier console layout with the LLM and service sections, and JSON files
// that never collide.
#include "metrics/MetricsReporter.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

ExecutionMetrics busyRun()
{
    ExecutionMetrics m;
    m.runnerId = QStringLiteral("runner-1");
    m.taskId = QStringLiteral("1.1");
    m.specName = QStringLiteral("chat-app");
    m.startTimeMs = 1764265321123;
    m.endTimeMs = 1764265333456;
    m.durationSeconds = 12.346;
    m.phaseTimings = {{QStringLiteral("workspace_preparation"), 1.2},
                      {QStringLiteral("task_implementation"), 8.0}};
    m.peakMemoryMb = 123.44;
    m.peakMemoryPercent = 1.5;
    m.averageMemoryMb = 100.0;
    m.averageMemoryPercent = 1.26;
    m.peakCpuPercent = 85.0;
    m.averageCpuPercent = 40.0;
    m.resourceSamples = 12;
    m.filesChanged = 3;
    m.linesAdded = 10;
    m.linesRemoved = 2;
    m.testsRun = 5;
    m.testsPassed = 4;
    m.testsFailed = 1;
    m.artifactsUploaded = 4;
    m.totalArtifactSizeBytes = 3 * 1024 * 1024;
    m.errorsEncountered = 2;
    m.errorsByClass = {{QStringLiteral("rate_limit"), 1}, {QStringLiteral("timeout"), 1}};
    m.retriesAttempted = 3;
    m.concurrentRunners = 2;
    m.waitTimeSeconds = 1.5;
    m.resourceConflictsDetected = 1;
    m.llmCalls = 2;
    m.llmTotalDurationSeconds = 3.5;
    m.llmTotalTokens = 2500;
    m.llmPromptTokens = 1200;
    m.llmCompletionTokens = 1300;
    m.llmStreamedCalls = 2;
    m.llmTimeToFirstTokenTotalSeconds = 0.5;
    m.llmCostUsd = 0.0123;
    m.taskRegistryCalls = 2;
    m.taskRegistryDurationSeconds = 0.5;
    m.repoPoolCalls = 1;
    m.repoPoolDurationSeconds = 0.2;
    m.artifactStoreCalls = 1;
    m.artifactStoreDurationSeconds = 0.3;
    return m;
}

} // namespace

class TestMetricsReporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summaryHasTheEarlierLayout()
    {
        const QString text = MetricsReporter::formatSummary(busyRun());
        const QStringList lines = text.split(u'\n');
        const QString rule(60, u'=');
        QCOMPARE(lines.at(0), rule);
        QCOMPARE(lines.at(1), QStringLiteral("EXECUTION METRICS"));
        QCOMPARE(lines.at(2), rule);
        QCOMPARE(lines.at(3), QStringLiteral("Runner ID: runner-1"));
        QCOMPARE(lines.at(4), QStringLiteral("Task ID: 1.1"));
        QCOMPARE(lines.at(5), QStringLiteral("Spec: chat-app"));
        QCOMPARE(lines.at(6), QStringLiteral("Duration: 12.35s"));
        QVERIFY(text.endsWith(rule + u'\n'));

        const QStringList expectedInOrder = {
            QStringLiteral("Phase Timings:"),
            QStringLiteral("  workspace_preparation: 1.20s"),
            QStringLiteral("  task_implementation: 8.00s"),
            QStringLiteral("Resource Usage:"),
            QStringLiteral("  Peak Memory: 123.4 MB (1.5%)"),
            QStringLiteral("  Peak CPU: 85.0%"),
            QStringLiteral("  Avg Memory: 100.0 MB (1.3%)"),
            QStringLiteral("  Avg CPU: 40.0%"),
            QStringLiteral("Implementation:"),
            QStringLiteral("  Files Changed: 3"),
            QStringLiteral("Tests:"),
            QStringLiteral("  Total: 5"),
            QStringLiteral("  Failed: 1"),
            QStringLiteral("Artifacts:"),
            QStringLiteral("  Uploaded: 4"),
            QStringLiteral("  Total Size: 3.00 MB"),
            QStringLiteral("Errors & Retries:"),
            QStringLiteral("  Errors: 2 (rate_limit: 1, timeout: 1)"),
            QStringLiteral("  Retries: 3"),
            QStringLiteral("Parallel Execution:"),
            QStringLiteral("  Concurrent Runners: 2"),
            QStringLiteral("  Wait Time: 1.50s"),
            QStringLiteral("  Resource Conflicts: 1"),
            QStringLiteral("LLM Service:"),
            QStringLiteral("  Calls: 2"),
            QStringLiteral("  Total Duration: 3.50s"),
            QStringLiteral("  Average Duration: 1.75s"),
            QStringLiteral("  Tokens: 2500 (prompt: 1200, completion: 1300)"),
            QStringLiteral("  Avg Time to First Token: 0.25s (2 streamed calls)"),
            QStringLiteral("  Cost: $0.0123"),
            QStringLiteral("External Services:"),
            QStringLiteral("  Task Registry: 2 calls, 0.50s"),
            QStringLiteral("  Repo Pool: 1 calls, 0.20s"),
            QStringLiteral("  Artifact Store: 1 calls, 0.30s"),
        };
        qsizetype previous = -1;
        for (const QString &line : expectedInOrder) {
            const qsizetype at = lines.indexOf(line);
            QVERIFY2(at > previous, qPrintable(QStringLiteral("missing or out of order: ") + line +
                                               QStringLiteral("\n") + text));
            previous = at;
        }
    }

    void quietSectionsAreLeftOut()
    {
        ExecutionMetrics m;
        m.runnerId = QStringLiteral("r");
        const QString text = MetricsReporter::formatSummary(m);
        QVERIFY(!text.contains(QStringLiteral("Phase Timings:")));
        QVERIFY(!text.contains(QStringLiteral("Tests:")));
        QVERIFY(!text.contains(QStringLiteral("Artifacts:")));
        QVERIFY(!text.contains(QStringLiteral("Errors & Retries:")));
        QVERIFY(!text.contains(QStringLiteral("Parallel Execution:")));
        QVERIFY(!text.contains(QStringLiteral("Time to First Token")));
        QVERIFY(!text.contains(QStringLiteral("Cost:")));
        QVERIFY(!text.contains(QStringLiteral("Git:")));
        // Always shown, so that zeros are visible.
        QVERIFY(text.contains(QStringLiteral("LLM Service:\n  Calls: 0\n")));
        QVERIFY(text.contains(QStringLiteral("  Average Duration: 0.00s\n")));
        QVERIFY(text.contains(QStringLiteral("External Services:\n")));
    }

    void gitCommandsAreSummed()
    {
        ExecutionMetrics m;
        m.gitCommands = 7;
        m.gitDurationSeconds = 1.5;
        QVERIFY(MetricsReporter::formatSummary(m).contains(
            QStringLiteral("Git:\n  Commands: 7, 1.50s\n")));
    }

    void unpricedCallsAreMentioned()
    {
        ExecutionMetrics m = busyRun();
        m.llmUnpricedCalls = 1;
        QVERIFY(MetricsReporter::formatSummary(m).contains(
            QStringLiteral("  Cost: $0.0123 (1 calls without a price)\n")));
    }

    void writtenFileReadsBack()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("nested/metrics"));
        const ExecutionMetrics m = busyRun();
        const Result<QString> path = MetricsReporter::writeJson(m, target);
        QVERIFY2(path.ok(), qPrintable(path.errorMessage()));
        const QString name = QFileInfo(*path).fileName();
        QVERIFY2(name.startsWith(QStringLiteral("metrics_chat-app_1.1_")), qPrintable(name));
        QVERIFY(name.contains(QStringLiteral("_%1_").arg(QCoreApplication::applicationPid())));
        QVERIFY(name.endsWith(QStringLiteral(".json")));
        QFile file(*path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Result<ExecutionMetrics> back = ExecutionMetrics::fromJson(file.readAll());
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QVERIFY(*back == m);
    }

    void namesAreSanitised()
    {
        QTemporaryDir dir;
        ExecutionMetrics m;
        m.taskId = QStringLiteral("../../etc/x y");
        m.specName = QString();
        const Result<QString> path = MetricsReporter::writeJson(m, dir.path());
        QVERIFY2(path.ok(), qPrintable(path.errorMessage()));
        QCOMPARE(QFileInfo(*path).absolutePath(), QDir(dir.path()).absolutePath());
        QVERIFY2(
            QFileInfo(*path).fileName().startsWith(QStringLiteral("metrics_none_.._.._etc_x_y_")),
            qPrintable(*path));
    }

    void writesInTheSameMillisecondNeverCollide()
    {
        QTemporaryDir dir;
        const ExecutionMetrics m = busyRun();
        QSet<QString> paths;
        for (int i = 0; i < 50; ++i) {
            const Result<QString> path = MetricsReporter::writeJson(m, dir.path());
            QVERIFY2(path.ok(), qPrintable(path.errorMessage()));
            paths.insert(*path);
        }
        QCOMPARE(paths.size(), 50);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 50);
    }

    void unwritableDirectoryIsAnError()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("plain-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const Result<QString> path = MetricsReporter::writeJson(busyRun(), file);
        QVERIFY(!path.ok());
        QVERIFY2(path.errorMessage().contains(file), qPrintable(path.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestMetricsReporter)
#include "test_metrics_reporter.moc"
