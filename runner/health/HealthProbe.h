// An asynchronous health check of one service, and the ready-made HTTP GET probe.
#pragma once

#include "health/ProbeOutcome.h"

#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace necrocode {

// Called once with the outcome, in the thread of the ServiceHealthMonitor that started the check.
using ProbeCompletion = std::function<void(ProbeOutcome)>;
// Starts a check and returns at once; the outcome arrives later through the completion.
using HealthProbe = std::function<void(ProbeCompletion)>;

// GETs `url` with `network` (which must outlive the checks, in the monitor's thread). Any 2xx is
// good; otherwise the outcome is classified: timeout (no answer within timeoutMs), connection,
// auth (401, 403), rate_limit (429) or http_<code>. The latency is measured from the request to
// the end of the answer. A non-empty bearerToken is sent as "Authorization: Bearer ...".
HealthProbe httpProbe(QNetworkAccessManager *network, QUrl url, int timeoutMs,
                      QString bearerToken = {});

} // namespace necrocode
