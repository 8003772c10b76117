// How GitWorkspace runs git: the remote, the identity of its commits, the token for HTTPS
// remotes, per-command timeout and the retries of fetch and push.
#pragma once

#include "log/SecretMasker.h"

#include <QString>

#include <memory>

namespace necrocode {

class RunEventObserver;

struct GitOptions
{
    QString program = QStringLiteral("git");
    QString remote = QStringLiteral("origin");
    QString token; // GIT_TOKEN; reaches git only through the askpass helper's environment
    QString tokenUser = QStringLiteral("x-access-token"); // user name sent with the token
    QString userName = QStringLiteral("NecroCode Runner");
    QString userEmail = QStringLiteral("runner@necrocode.invalid");
    int commandTimeoutMs = 300 * 1000; // each git command
    int fetchAttempts = 3;             // total attempts, the first one included
    int pushAttempts = 3;
    int retryDelayMs = 2000;
    qsizetype outputLimitBytes = qsizetype{16} * 1024 * 1024; // per channel; bounds the diff text
    std::shared_ptr<const SecretMasker> masker;               // applied to git's output and errors
    // Counts every git command (a run's metrics); none: the commands are only logged.
    std::shared_ptr<RunEventObserver> events;
};

} // namespace necrocode
