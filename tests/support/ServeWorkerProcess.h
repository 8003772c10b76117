// One `necrocode-runner serve` process on a set of services, for the tests that run real
// workers: started with the demo spec, quick polls and short retries (plus `extra` options), its
// stdout read as JSON lines; killed when it goes out of scope. The including test defines
// NECROCODE_RUNNER_EXECUTABLE.
#pragma once

#include "demo/DemoSeeder.h"
#include "stack/LocalServiceStack.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QUrl>

#include <csignal>

#ifndef NECROCODE_RUNNER_EXECUTABLE
#error "define NECROCODE_RUNNER_EXECUTABLE as the path of necrocode-runner"
#endif

namespace necrocode {

class ServeWorkerProcess
{
public:
    ServeWorkerProcess(const ServiceUrls &urls, const QString &workerId, const QStringList &extra)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &key : environment.keys())
            if (key.startsWith(QLatin1String("NECROCODE_")) ||
                key.endsWith(QLatin1String("_API_KEY")))
                environment.remove(key);
        m_process.setProcessEnvironment(environment);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { read(); });
        m_process.start(
            QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
            QStringList{
                QStringLiteral("serve"), QStringLiteral("--worker-id"), workerId,
                QStringLiteral("--spec"), DemoSeeder::specName(), QStringLiteral("--health-port"),
                QStringLiteral("0"), QStringLiteral("--poll-interval"), QStringLiteral("50"),
                QStringLiteral("--task-registry-url"), urls.taskRegistry.toString(),
                QStringLiteral("--repo-pool-url"), urls.repoPool.toString(),
                QStringLiteral("--artifact-store-url"), urls.artifactStore.toString(),
                QStringLiteral("--llm-base-url"), urls.llm.toString(), QStringLiteral("--set"),
                QStringLiteral("retry.initial_delay_seconds=0.05")} +
                extra);
    }
    ~ServeWorkerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QProcess &process() { return m_process; }
    QUrl url() const { return m_url; }
    const QList<QJsonObject> &lines() const { return m_lines; }

    // Task ids this worker claimed, from its "claimed task" entries.
    QStringList claimed() const { return messagesMatching(QStringLiteral("claimed task ")); }
    QStringList messagesMatching(const QString &prefix) const
    {
        QStringList ids;
        for (const QJsonObject &line : m_lines) {
            const QString message = line.value(QLatin1String("message")).toString();
            if (message.startsWith(prefix))
                ids.append(message.mid(prefix.size()).section(u' ', 0, 0));
        }
        return ids;
    }

    void terminate() { ::kill(pid_t(m_process.processId()), SIGTERM); }

private:
    void read()
    {
        m_pending += m_process.readAllStandardOutput();
        qsizetype end;
        while ((end = m_pending.indexOf('\n')) >= 0) {
            const QJsonObject line = QJsonDocument::fromJson(m_pending.left(end)).object();
            m_pending.remove(0, end + 1);
            if (line.isEmpty())
                continue;
            m_lines.append(line);
            const QString url = line.value(QLatin1String("extra"))
                                    .toObject()
                                    .value(QLatin1String("url"))
                                    .toString();
            if (m_url.isEmpty() && line.value(QLatin1String("message"))
                                       .toString()
                                       .contains(QLatin1String("serving on")))
                m_url = QUrl(url);
        }
    }

    QProcess m_process;
    QByteArray m_pending;
    QList<QJsonObject> m_lines;
    QUrl m_url;
};

} // namespace necrocode
