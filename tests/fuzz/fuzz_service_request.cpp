// Any bytes as one HTTP request to one of the four local services (the first byte picks it: 0
// Task Registry, 1 Artifact Store, 2 scripted LLM, 3 Repo Pool; with bit 2 set the service asks
// for a token, as on an open address), handled through the same
// function a connection's request goes to, with the answer written to a buffer. What the
// connection guard refuses must be refused with a 4xx; what it lets through must get exactly one
// well-formed answer within five seconds, never a 5xx (outside input is never the server's
// fault), with a Content-Length that matches the body or a chunked stream that ends. A service
// that asks for a token answers 401 to every request that does not carry it, whatever its path
// or method, except the probes /livez and /readyz.
// The services keep their state between inputs, as a running stack does; the pool allows no
// repository URL scheme, so no git command ever runs.
#include "artifacts/ArtifactStoreService.h"
#include "http/HttpReply.h"
#include "http/HttpRequestData.h"
#include "http/RequestGuard.h"
#include "llm/ScriptedLlmService.h"
#include "pool/RepoPoolService.h"
#include "registry/TaskRegistryService.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

using namespace necrocode;

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "service request: %s\n%s\n", what, detail.left(2000).constData());
    std::abort();
}

constexpr char kToken[] = "fuzz-token-7f3a";

struct Services
{
    QTemporaryDir directory;
    std::unique_ptr<TaskRegistryService> registry;
    std::unique_ptr<ArtifactStoreService> artifacts;
    std::unique_ptr<ScriptedLlmService> llm;
    std::unique_ptr<ScriptedLlmService> llmWithKey;
    std::unique_ptr<RepoPoolService> pool;

    Services()
    {
        if (!directory.isValid())
            fail("no temporary directory", {});
        Result<std::unique_ptr<TaskRegistryService>> opened =
            TaskRegistryService::open(directory.filePath(QStringLiteral("registry")));
        if (!opened)
            fail("the registry did not open", opened.errorMessage().toUtf8());
        registry = std::move(opened).value();
        artifacts =
            std::make_unique<ArtifactStoreService>(directory.filePath(QStringLiteral("artifacts")));
        ScriptedLlmService::Settings llmSettings;
        Result<ScriptedScenario> scenario =
            ScriptedScenario::load(QStringLiteral(NECROCODE_DEMO_SCENARIO));
        if (!scenario)
            fail("the demo scenario did not load", scenario.errorMessage().toUtf8());
        llmSettings.scenario = std::move(scenario).value();
        llm = std::make_unique<ScriptedLlmService>(llmSettings);
        llmSettings.apiKey = QString::fromLatin1(kToken);
        llmWithKey = std::make_unique<ScriptedLlmService>(std::move(llmSettings));
        llmWithKey->setAccess({llmSettings.apiKey, false, QStringLiteral("v1")});
        RepoPoolService::Settings poolSettings;
        poolSettings.directory = directory.filePath(QStringLiteral("pool"));
        poolSettings.allowedUrlSchemes = {};
        pool = std::make_unique<RepoPoolService>(poolSettings);
    }

    LocalService &pick(std::uint8_t selector)
    {
        const bool withToken = selector & 4;
        const std::array<LocalService *, 4> all{
            registry.get(), artifacts.get(), withToken ? llmWithKey.get() : llm.get(), pool.get()};
        LocalService &service = *all[selector % all.size()];
        if (&service != llmWithKey.get())
            service.setAccess({withToken ? QString::fromLatin1(kToken) : QString()});
        return service;
    }
};

Services &services()
{
    static int argc = 1;
    static char name[] = "fuzz_service_request";
    static char *argv[] = {name, nullptr};
    static QCoreApplication application(argc, argv);
    static Services instance;
    return instance;
}

std::optional<QHttpServerRequest::Method> methodNamed(const QByteArray &name)
{
    using Method = QHttpServerRequest::Method;
    for (Method method : {Method::Get, Method::Put, Method::Delete, Method::Post, Method::Head,
                          Method::Options, Method::Patch, Method::Connect, Method::Trace}) {
        if (httpMethodName(method).toLatin1() == name)
            return method;
    }
    return std::nullopt;
}

// The request a connection would hand over, or nothing when an HTTP parser would not accept the
// bytes as one whole request.
std::optional<HttpRequestData> parseRequest(const QByteArray &headerBlock, const QByteArray &rest,
                                            qint64 bodyBytes)
{
    const QList<QByteArray> lines = headerBlock.split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[1].startsWith('/') ||
        !requestLine[2].startsWith("HTTP/1."))
        return std::nullopt;
    const std::optional<QHttpServerRequest::Method> method = methodNamed(requestLine[0]);
    const QUrl url = QUrl::fromEncoded("http://localhost" + requestLine[1]);
    if (!method || !url.isValid())
        return std::nullopt;
    QList<QPair<QByteArray, QByteArray>> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    if (rest.size() < bodyBytes)
        return std::nullopt;
    return HttpRequestData::fromParts(*method, url, std::move(headers), rest.left(bodyBytes));
}

bool streamEnded(const QByteArray &answer)
{
    return !answer.contains("\r\nTransfer-Encoding: chunked\r\n") || answer.endsWith("0\r\n\r\n");
}

bool carriesToken(const HttpRequestData &request)
{
    for (const auto &[name, value] : request.headers) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0 && value.contains(kToken))
            return true;
    }
    return false;
}

bool isProbe(const HttpRequestData &request)
{
    return request.path == QLatin1String("/livez") || request.path == QLatin1String("/readyz");
}

int statusOf(const QByteArray &answer)
{
    return answer.mid(9, 3).toInt();
}

void checkAnswer(const QByteArray &answer)
{
    const qsizetype headEnd = answer.indexOf("\r\n\r\n");
    if (!answer.startsWith("HTTP/1.1 ") || headEnd < 0)
        fail("the answer is not an HTTP/1.1 response", answer);
    const int status = statusOf(answer);
    if (status < 100 || status > 599)
        fail("the answer has no valid status", answer);
    if (status >= 500)
        fail("outside input got a server error", answer);
    const QByteArray head = answer.left(headEnd);
    const QByteArray body = answer.mid(headEnd + 4);
    const qsizetype lengthAt = head.indexOf("\r\nContent-Length: ");
    if (lengthAt >= 0) {
        const qsizetype valueAt = lengthAt + 18;
        const qsizetype valueEnd = head.indexOf("\r\n", valueAt);
        const qsizetype length =
            head.mid(valueAt, valueEnd < 0 ? -1 : valueEnd - valueAt).toLongLong();
        if (length != body.size())
            fail("Content-Length does not match the body", answer);
    } else if (!head.contains("\r\nTransfer-Encoding: chunked")) {
        fail("the answer has neither Content-Length nor chunked transfer", answer);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    Services &stack = services();
    LocalService &service = stack.pick(data[0]);
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype headerEnd = bytes.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return 0;
    const QByteArray headerBlock = bytes.left(headerEnd);
    const RequestGuard::Verdict verdict = RequestGuard::judge(headerBlock, service.requestLimits());
    if (verdict.status != 0) {
        if (verdict.status < 400 || verdict.status > 499)
            fail("the guard refused with a status that is not a client error", headerBlock);
        return 0;
    }
    const std::optional<HttpRequestData> request =
        parseRequest(headerBlock, bytes.mid(headerEnd + 4), verdict.bodyBytes);
    if (!request)
        return 0;

    QBuffer connection;
    connection.open(QIODevice::WriteOnly);
    HttpReply reply(&connection, false);
    service.http().handle(*request, reply);
    const QDeadlineTimer deadline(5000);
    while (!(reply.isAnswered() && streamEnded(connection.data()))) {
        if (deadline.hasExpired())
            fail("no whole answer within five seconds", connection.data());
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    checkAnswer(connection.data());
    const bool asksForToken = !service.http().access().token.isEmpty();
    if (asksForToken && !carriesToken(*request) && !isProbe(*request) &&
        statusOf(connection.data()) != 401)
        fail("a request without the token was not refused", connection.data());
    return 0;
}
