// The sandbox a RunnerConfig asks for, and the one log entry a host writes about it at start:
// INFO when tests run confined, a loud WARNING when they do not (mode none, or bwrap unusable).
#pragma once

#include "core/RunnerConfig.h"
#include "log/Logger.h"
#include "workspace/Sandbox.h"

namespace necrocode {

SandboxPolicy sandboxPolicyOf(const RunnerConfig &config);

// What the operator should know about the sandbox: {"mode", "network", "available", "reason"}.
QJsonObject sandboxStatus(const RunnerConfig &config);

// Logs sandboxStatus() once: INFO when confined, WARNING when test code runs unconfined or
// cannot run at all.
void logSandboxStatus(const Logger &logger, const RunnerConfig &config);

} // namespace necrocode
