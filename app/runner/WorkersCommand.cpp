#include "WorkersCommand.h"

#include "RunnerSetup.h"
#include "net/HttpClient.h"
#include "net/TaskRegistryClient.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>

namespace necrocode {

namespace {

constexpr int kUsageError = 2;
constexpr int kRegistryError = 1;

QString runningText(const QJsonArray &running)
{
    QStringList tasks;
    for (const auto &task : running) {
        const QJsonObject t = task.toObject();
        tasks.append(QStringLiteral("%1 (%2)").arg(t.value(QLatin1String("task_id")).toString(),
                                                   t.value(QLatin1String("phase")).toString()));
    }
    return tasks.isEmpty() ? QStringLiteral("-") : tasks.join(QStringLiteral(", "));
}

QString ageText(const QString &isoTime)
{
    const QDateTime seen = QDateTime::fromString(isoTime, Qt::ISODateWithMs);
    if (!seen.isValid())
        return QStringLiteral("-");
    const qint64 seconds = seen.secsTo(QDateTime::currentDateTimeUtc());
    return QStringLiteral("%1 s ago").arg(std::max<qint64>(0, seconds));
}

void printTable(const QJsonArray &workers)
{
    const QStringList header{QStringLiteral("WORKER"),    QStringLiteral("STATE"),
                             QStringLiteral("HOST"),      QStringLiteral("RUNNING"),
                             QStringLiteral("CAPACITY"),  QStringLiteral("COMPLETED"),
                             QStringLiteral("LAST SEEN"), QStringLiteral("HEALTH")};
    QList<QStringList> rows{header};
    for (const auto &value : workers) {
        const QJsonObject w = value.toObject();
        rows.append({w.value(QLatin1String("worker_id")).toString(),
                     w.value(QLatin1String("state")).toString(),
                     w.value(QLatin1String("host")).toString(),
                     runningText(w.value(QLatin1String("running")).toArray()),
                     QString::number(w.value(QLatin1String("capacity")).toInt()),
                     QString::number(w.value(QLatin1String("completed")).toInteger()),
                     ageText(w.value(QLatin1String("last_seen")).toString()),
                     w.value(QLatin1String("health_url")).toString()});
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        std::printf("%s\n", qPrintable(line));
    }
}

} // namespace

int runWorkersCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Lists the workers that send heartbeats to the Task Registry: active, lost (no heartbeat "
        "for three intervals) or stopped."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the registry's JSON.")});
    addConfigOptions(parser);
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "%s\n", qPrintable(parser.errorText()));
        return kUsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const Result<RunnerConfig> config = configFromOptions(parser);
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.errorMessage()));
        return kUsageError;
    }
    if (config->taskRegistry.url.isEmpty()) {
        std::fprintf(stderr, "no task registry to ask: pass --task-registry-url URL or set "
                             "task_registry.url\n");
        return kUsageError;
    }
    QNetworkAccessManager network;
    RetryConfig once = config->retry;
    once.maxAttempts = 1;
    HttpClient http(&network, Logger(), RetryPolicy(once));
    TaskRegistryClient registry(http, config->taskRegistry);
    QEventLoop loop;
    QObject context;
    int exitCode = 0;
    registry.listWorkers(&context, [&](const Result<QJsonArray> &workers) {
        if (!workers) {
            std::fprintf(stderr, "the task registry at %s did not list its workers: %s\n",
                         qPrintable(config->taskRegistry.url), qPrintable(workers.errorMessage()));
            exitCode = kRegistryError;
        } else if (parser.isSet(QStringLiteral("json"))) {
            std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("workers"), *workers}})
                                    .toJson(QJsonDocument::Compact)
                                    .constData());
        } else if (workers->isEmpty()) {
            std::printf("no worker has sent a heartbeat to %s yet\n",
                        qPrintable(config->taskRegistry.url));
        } else {
            printTable(*workers);
        }
        loop.quit();
    });
    loop.exec();
    return exitCode;
}

} // namespace necrocode
