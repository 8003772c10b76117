// Prints what a fleet costs the Task Registry on loopback: claim latency (p50, p99) and claims
// per second while 8 workers claim at once (each on a thread and connection of its own; target
// p99 <= 20 ms on two cores), and the latency of a lease renewal while the same 8 workers renew
// the leases of the tasks they hold.
#include "registry/TaskRegistryService.h"
#include "stack/ServiceThread.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace necrocode;

namespace {

constexpr int kWorkers = 8;
constexpr int kTasks = 4000;
constexpr int kRenewalsPerWorker = 300;

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

// One blocking POST on this thread's own manager; the answer's status and body.
std::pair<int, QByteArray> post(QNetworkAccessManager &network, const QUrl &url,
                                const QJsonObject &body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply =
        network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    reply->deleteLater();
    return {status, answer};
}

struct WorkerFigures
{
    std::vector<double> claimMs;
    std::vector<double> renewMs;
    QList<QPair<QString, QString>> held; // task id, lease id
};

// A worker: claims until nothing is ready, then renews the leases it holds.
void work(const QUrl &base, int index, WorkerFigures &figures)
{
    QNetworkAccessManager network;
    const QString runner = QStringLiteral("bench-worker-%1").arg(index);
    QElapsedTimer clock;
    for (;;) {
        clock.start();
        const auto [status, body] =
            post(network, QUrl(base.toString() + QStringLiteral("/tasks/claim")),
                 {{QStringLiteral("runner_id"), runner}});
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        if (status == 204)
            break;
        if (status != 200) {
            std::fprintf(stderr, "claim answered %d: %s\n", status, body.constData());
            return;
        }
        figures.claimMs.push_back(ms);
        const QJsonObject task = QJsonDocument::fromJson(body).object();
        if (figures.held.size() < 20)
            figures.held.append({task.value(QStringLiteral("id")).toString(),
                                 task.value(QStringLiteral("lease_id")).toString()});
    }
    for (int i = 0; i < kRenewalsPerWorker && !figures.held.isEmpty(); ++i) {
        const auto &[id, lease] = figures.held.at(i % figures.held.size());
        clock.start();
        const auto [status, body] = post(
            network, QUrl(base.toString() + QStringLiteral("/specs/bench/tasks/%1/lease").arg(id)),
            {{QStringLiteral("lease_id"), lease}});
        if (status != 200) {
            std::fprintf(stderr, "renewal answered %d: %s\n", status, body.constData());
            return;
        }
        figures.renewMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    ServiceThread registry(QStringLiteral("task-registry"));
    const Result<QUrl> base =
        registry.start([path = dir.path()]() -> Result<std::unique_ptr<LocalService>> {
            Result<std::unique_ptr<TaskRegistryService>> service = TaskRegistryService::open(path);
            if (!service)
                return service.error();
            if (const Result<quint16> port = service.value()->listen(); !port)
                return port.error();
            return std::unique_ptr<LocalService>(std::move(service).value());
        });
    if (!base) {
        std::fprintf(stderr, "the registry did not start: %s\n", qPrintable(base.errorMessage()));
        return 1;
    }
    {
        QNetworkAccessManager network;
        QJsonArray tasks;
        for (int i = 0; i < kTasks; ++i)
            tasks.append(QJsonObject{{QStringLiteral("id"), QString::number(i)},
                                     {QStringLiteral("title"), QStringLiteral("Task %1").arg(i)}});
        const auto [status, body] =
            post(network, QUrl(base->toString() + QStringLiteral("/specs/bench/tasks")),
                 {{QStringLiteral("tasks"), tasks}});
        if (status != 201) {
            std::fprintf(stderr, "the task set was not created (%d): %s\n", status,
                         body.constData());
            return 1;
        }
    }

    std::vector<WorkerFigures> figures(kWorkers);
    std::vector<QThread *> threads;
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < kWorkers; ++i) {
        QThread *thread =
            QThread::create([url = *base, i, &figures] { work(url, i, figures[std::size_t(i)]); });
        threads.push_back(thread);
        thread->start();
    }
    for (QThread *thread : threads) {
        thread->wait();
        delete thread;
    }
    const double seconds = double(wall.nsecsElapsed()) / 1e9;

    std::vector<double> claims;
    std::vector<double> renewals;
    double claimingSeconds = 0;
    for (const WorkerFigures &f : figures) {
        claims.insert(claims.end(), f.claimMs.begin(), f.claimMs.end());
        renewals.insert(renewals.end(), f.renewMs.begin(), f.renewMs.end());
        double sum = 0;
        for (double ms : f.claimMs)
            sum += ms;
        claimingSeconds = std::max(claimingSeconds, sum / 1000.0);
    }
    std::printf("registry benchmark: %d tasks, %d workers claiming at once, SQLite (WAL)\n", kTasks,
                kWorkers);
    std::printf("claims: %zu in %.2f s = %.0f claims/s; latency p50 %.2f ms, p99 %.2f ms "
                "(target p99 <= 20 ms)\n",
                claims.size(), claimingSeconds, double(claims.size()) / claimingSeconds,
                percentile(claims, 0.5), percentile(claims, 0.99));
    std::printf("lease renewals (the heartbeat of a running task): %zu, latency p50 %.2f ms, p99 "
                "%.2f ms\n",
                renewals.size(), percentile(renewals, 0.5), percentile(renewals, 0.99));
    std::printf("whole run: %.2f s\n", seconds);
    return claims.size() == std::size_t(kTasks) ? 0 : 1;
}
