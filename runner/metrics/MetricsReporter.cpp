#include "metrics/MetricsReporter.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>

namespace necrocode {

namespace {

const QString kRule = QString(60, u'=');

QString fixed(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QString seconds(double value)
{
    return fixed(value, 2) + u's';
}

// Keeps file names portable: letters, digits, '.', '-' and '_' only, at most 64 characters.
QString fileNamePart(const QString &text)
{
    QString out;
    for (const QChar c : QStringView(text).left(64)) {
        const bool safe = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                          (c >= u'0' && c <= u'9') || c == u'.' || c == u'-' || c == u'_';
        out.append(safe ? c : u'_');
    }
    return out.isEmpty() ? QStringLiteral("none") : out;
}

QString uniqueSuffix()
{
    static QAtomicInteger<quint32> sequence = 0;
    return QStringLiteral("%1-%2")
        .arg(sequence.fetchAndAddRelaxed(1))
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

} // namespace

QString MetricsReporter::formatSummary(const ExecutionMetrics &m)
{
    QStringList lines;
    lines << kRule << QStringLiteral("EXECUTION METRICS") << kRule;
    lines << QStringLiteral("Runner ID: ") + m.runnerId << QStringLiteral("Task ID: ") + m.taskId
          << QStringLiteral("Spec: ") + m.specName
          << QStringLiteral("Duration: ") + seconds(m.durationSeconds) << QString();

    if (!m.phaseTimings.isEmpty()) {
        lines << QStringLiteral("Phase Timings:");
        for (const PhaseTiming &p : m.phaseTimings)
            lines << QStringLiteral("  %1: %2").arg(p.phase, seconds(p.seconds));
        lines << QString();
    }

    lines << QStringLiteral("Resource Usage:")
          << QStringLiteral("  Peak Memory: %1 MB (%2%)")
                 .arg(fixed(m.peakMemoryMb, 1), fixed(m.peakMemoryPercent, 1))
          << QStringLiteral("  Peak CPU: %1%").arg(fixed(m.peakCpuPercent, 1))
          << QStringLiteral("  Avg Memory: %1 MB (%2%)")
                 .arg(fixed(m.averageMemoryMb, 1), fixed(m.averageMemoryPercent, 1))
          << QStringLiteral("  Avg CPU: %1%").arg(fixed(m.averageCpuPercent, 1))
          << QStringLiteral("  Samples: %1").arg(m.resourceSamples) << QString();

    lines << QStringLiteral("Implementation:")
          << QStringLiteral("  Files Changed: %1").arg(m.filesChanged)
          << QStringLiteral("  Lines Added: %1").arg(m.linesAdded)
          << QStringLiteral("  Lines Removed: %1").arg(m.linesRemoved) << QString();

    if (m.testsRun > 0) {
        lines << QStringLiteral("Tests:") << QStringLiteral("  Total: %1").arg(m.testsRun)
              << QStringLiteral("  Passed: %1").arg(m.testsPassed)
              << QStringLiteral("  Failed: %1").arg(m.testsFailed) << QString();
    }

    if (m.gitCommands > 0) {
        lines << QStringLiteral("Git:")
              << QStringLiteral("  Commands: %1, %2")
                     .arg(m.gitCommands)
                     .arg(seconds(m.gitDurationSeconds))
              << QString();
    }

    if (m.artifactsUploaded > 0) {
        lines << QStringLiteral("Artifacts:")
              << QStringLiteral("  Uploaded: %1").arg(m.artifactsUploaded)
              << QStringLiteral("  Total Size: %1 MB")
                     .arg(fixed(double(m.totalArtifactSizeBytes) / (1024.0 * 1024.0), 2))
              << QString();
    }

    if (m.errorsEncountered > 0 || m.retriesAttempted > 0) {
        QStringList classes;
        for (auto it = m.errorsByClass.begin(); it != m.errorsByClass.end(); ++it)
            classes << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
        QString errors = QStringLiteral("  Errors: %1").arg(m.errorsEncountered);
        if (!classes.isEmpty())
            errors += QStringLiteral(" (") + classes.join(QStringLiteral(", ")) + u')';
        lines << QStringLiteral("Errors & Retries:") << errors
              << QStringLiteral("  Retries: %1").arg(m.retriesAttempted) << QString();
    }

    if (m.concurrentRunners > 1 || m.waitTimeSeconds > 0 || m.resourceConflictsDetected > 0) {
        lines << QStringLiteral("Parallel Execution:")
              << QStringLiteral("  Concurrent Runners: %1").arg(m.concurrentRunners);
        if (m.waitTimeSeconds > 0)
            lines << QStringLiteral("  Wait Time: ") + seconds(m.waitTimeSeconds);
        if (m.resourceConflictsDetected > 0)
            lines << QStringLiteral("  Resource Conflicts: %1").arg(m.resourceConflictsDetected);
        lines << QString();
    }

    lines << QStringLiteral("LLM Service:") << QStringLiteral("  Calls: %1").arg(m.llmCalls)
          << QStringLiteral("  Total Duration: ") + seconds(m.llmTotalDurationSeconds)
          << QStringLiteral("  Average Duration: ") + seconds(m.llmAverageDurationSeconds())
          << QStringLiteral("  Tokens: %1 (prompt: %2, completion: %3)")
                 .arg(m.llmTotalTokens)
                 .arg(m.llmPromptTokens)
                 .arg(m.llmCompletionTokens);
    if (const auto ttft = m.llmAverageTimeToFirstTokenSeconds())
        lines << QStringLiteral("  Avg Time to First Token: %1 (%2 streamed calls)")
                     .arg(seconds(*ttft))
                     .arg(m.llmStreamedCalls);
    if (m.llmCostUsd) {
        QString cost = QStringLiteral("  Cost: $") + fixed(*m.llmCostUsd, 4);
        if (m.llmUnpricedCalls > 0)
            cost += QStringLiteral(" (%1 calls without a price)").arg(m.llmUnpricedCalls);
        lines << cost;
    }
    lines << QString();

    const auto service = [](const char *name, qint64 calls, double duration) {
        return QStringLiteral("  %1: %2 calls, %3")
            .arg(QLatin1String(name))
            .arg(calls)
            .arg(seconds(duration));
    };
    lines << QStringLiteral("External Services:")
          << service("Task Registry", m.taskRegistryCalls, m.taskRegistryDurationSeconds)
          << service("Repo Pool", m.repoPoolCalls, m.repoPoolDurationSeconds)
          << service("Artifact Store", m.artifactStoreCalls, m.artifactStoreDurationSeconds);

    lines << kRule;
    return lines.join(u'\n') + u'\n';
}

Result<QString> MetricsReporter::writeJson(const ExecutionMetrics &metrics,
                                           const QString &directory)
{
    QDir dir(directory);
    if (!dir.mkpath(QStringLiteral(".")))
        return makeError(QStringLiteral("cannot create the metrics directory %1").arg(directory),
                         QStringLiteral("io"));
    const QByteArray json = metrics.toJson();
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    const QString prefix =
        QStringLiteral("metrics_%1_%2_%3_%4_")
            .arg(fileNamePart(metrics.specName), fileNamePart(metrics.taskId), stamp)
            .arg(QCoreApplication::applicationPid());
    QString lastError;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const QString path = dir.filePath(prefix + uniqueSuffix() + QStringLiteral(".json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            lastError = file.errorString();
            if (QFile::exists(path))
                continue; // taken by another writer: pick another name
            break;
        }
        if (file.write(json) != json.size() || !file.flush()) {
            lastError = file.errorString();
            file.close();
            file.remove();
            return makeError(QStringLiteral("cannot write %1: %2").arg(path, lastError),
                             QStringLiteral("io"));
        }
        file.close();
        return path;
    }
    return makeError(
        QStringLiteral("cannot create a metrics file in %1: %2").arg(directory, lastError),
        QStringLiteral("io"));
}

} // namespace necrocode
