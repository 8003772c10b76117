// A scripted, offline, OpenAI-compatible chat model for demos and tests (SPEC §2.4): answers
// come from a ScriptedScenario, not from a language model. Serves POST /v1/chat/completions
// (plain or server-sent events), GET /v1/models and GET /health, with log-normal latency.
#pragma once

#include "LocalService.h"
#include "http/ServiceHttpServer.h"
#include "llm/LatencyModel.h"
#include "llm/ScriptedScenario.h"

namespace necrocode {

class ScriptedLlmService final : public LocalService
{
public:
    struct Settings
    {
        QString modelId = QStringLiteral("necrocode-scripted-offline");
        ScriptedScenario scenario;
        LatencySettings latency;
        QString apiKey; // when set, requests must send "Authorization: Bearer <key>"
    };

    explicit ScriptedLlmService(Settings settings);

    Result<quint16> listen(const QHostAddress &address = QHostAddress::LocalHost,
                           quint16 port = 0) override;
    // "http://127.0.0.1:<port>/v1"
    QUrl baseUrl() const override;
    FaultInjector &faults() override;
    void setRequestLimits(const RequestLimits &limits) override { m_http.setRequestLimits(limits); }
    RequestLimits requestLimits() const override { return m_http.requestLimits(); }
    void setAccess(const ServiceAccess &access) override { m_http.setAccess(access); }
    ServiceHttpServer &http() override { return m_http; }
    static constexpr qint64 kDefaultMaxRequestBytes = 8LL * 1024 * 1024;

    static QString modelDescription();

private:
    void addRoutes();
    bool authorized(const HttpRequestData &request) const;
    void chatCompletions(const HttpRequestData &request, HttpReply reply);
    static void streamEvents(HttpReply reply, const QList<QByteArray> &events, int intervalMs);
    QJsonObject modelJson() const;

    Settings m_settings;
    LatencyModel m_latency;
    quint64 m_completions = 0;
    ServiceHttpServer m_http;
};

} // namespace necrocode
