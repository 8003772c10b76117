// Prints client round-trip latency (p50, p99) and requests per second against the local services
// on loopback: targets p50 <= 1 ms for a small JSON call, >= 3000 requests/s for /health; and the
// round trip of a 32 KiB artifact upload, one at a time and four at once.
#include "net/ArtifactStoreClient.h"
#include "net/HttpClient.h"
#include "stack/LocalServiceStack.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace necrocode;

namespace {

HttpRequest healthRequest(const QUrl &base)
{
    HttpRequest r;
    r.service = QStringLiteral("task_registry");
    r.operation = QStringLiteral("health_check");
    r.url = QUrl(base.toString() + QStringLiteral("/health"));
    r.retry = false;
    return r;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    ServiceStackConfig config;
    config.dataDirectory = dir.path();
    LocalServiceStack stack(config);
    const auto urls = stack.start();
    if (!urls) {
        std::fprintf(stderr, "services did not start: %s\n", qPrintable(urls.errorMessage()));
        return 1;
    }
    QNetworkAccessManager network;
    HttpClient http(&network, Logger());
    QObject context;

    // Sequential round trips.
    const int sequential = 2000;
    std::vector<double> latencies;
    latencies.reserve(sequential);
    for (int i = 0; i < sequential + 100; ++i) {
        bool done = false;
        QElapsedTimer clock;
        clock.start();
        http.send(healthRequest(urls->taskRegistry), &context,
                  [&](const HttpOutcome &) { done = true; });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        if (i >= 100) // warm-up excluded
            latencies.push_back(clock.nsecsElapsed() / 1e6);
    }
    std::printf("client round trip GET /health: p50 %.3f ms, p99 %.3f ms over %d calls (target p50 "
                "<= 1 ms)\n",
                percentile(latencies, 0.50), percentile(latencies, 0.99), sequential);

    // Concurrent throughput: keep 16 requests in flight.
    const int total = 6000;
    int sent = 0, finished = 0, failed = 0;
    QElapsedTimer clock;
    clock.start();
    std::function<void()> sendOne = [&] {
        ++sent;
        http.send(healthRequest(urls->taskRegistry), &context, [&](const HttpOutcome &o) {
            ++finished;
            failed += !o.ok;
            if (sent < total)
                sendOne();
        });
    };
    for (int i = 0; i < 16; ++i)
        sendOne();
    while (finished < total)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double seconds = clock.nsecsElapsed() / 1e9;
    std::printf(
        "requests/s GET /health, 16 in flight: %.0f (%d requests, %d failed; target >= 3000)\n",
        total / seconds, total, failed);

    // Artifact uploads (multipart, 32 KiB), one at a time and four at once.
    ServiceEndpoint endpoint;
    endpoint.url = urls->artifactStore.toString();
    ArtifactStoreClient store(http, endpoint);
    ArtifactUpload artifact;
    artifact.type = QStringLiteral("log");
    artifact.fileName = QStringLiteral("run.jsonl");
    artifact.content = QByteArray(32 * 1024, 'x');
    for (const int parallel : {1, 4}) {
        std::vector<double> uploads;
        for (int round = 0; round < 60; ++round) {
            int pending = parallel;
            QElapsedTimer uploadClock;
            uploadClock.start();
            for (int i = 0; i < parallel; ++i)
                store.upload(artifact, &context, [&](Result<QString>) { --pending; });
            while (pending > 0)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            if (round >= 10)
                uploads.push_back(uploadClock.nsecsElapsed() / 1e6);
        }
        std::printf(
            "artifact upload 32 KiB, %d at once: p50 %.2f ms, p99 %.2f ms for all of them\n",
            parallel, percentile(uploads, 0.50), percentile(uploads, 0.99));
    }
    stack.stop();
    return 0;
}
