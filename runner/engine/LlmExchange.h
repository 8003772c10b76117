// One prompt and its answer, kept (masked) for the transcript artifact and the console's
// prompt inspector.
#pragma once

#include "net/LlmClient.h"

#include <QJsonObject>

namespace necrocode {

struct LlmExchange
{
    QString id;     // unique within the process
    QString source; // "local" or the label of an attached worker
    QString runId;
    QString runnerId;
    QString taskId;
    QString specName;
    qint64 startedAtMs = 0;
    ChatRequest request;
    ChatResponse response; // empty content when the call failed
    QString error;         // empty on success
    QString errorType;

    QJsonObject toJson() const;
};

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::LlmExchange)
