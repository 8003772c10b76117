#include "engine/SandboxSettings.h"

namespace necrocode {

SandboxPolicy sandboxPolicyOf(const RunnerConfig &config)
{
    constexpr qint64 mb = qint64{1024} * 1024;
    SandboxPolicy policy;
    policy.mode = parseSandboxMode(config.sandboxMode).value_or(SandboxMode::Bwrap);
    policy.network = config.sandboxNetwork;
    policy.memoryBytes = qint64(config.sandboxMemoryMb) * mb;
    policy.maxFileBytes = qint64(config.sandboxMaxFileMb) * mb;
    policy.maxProcesses = config.sandboxMaxProcesses;
    return policy;
}

QJsonObject sandboxStatus(const RunnerConfig &config)
{
    const SandboxPolicy policy = sandboxPolicyOf(config);
    const QString reason = Sandbox::unavailableReason(policy);
    return {{QStringLiteral("mode"), sandboxModeName(policy.mode)},
            {QStringLiteral("network"), policy.network},
            {QStringLiteral("confined"), policy.mode == SandboxMode::Bwrap && reason.isEmpty()},
            {QStringLiteral("reason"), reason}};
}

void logSandboxStatus(const Logger &logger, const RunnerConfig &config)
{
    const QJsonObject status = sandboxStatus(config);
    const QJsonObject extra{{QStringLiteral("sandbox"), status}};
    if (status.value(QLatin1String("mode")).toString() == QLatin1String("none"))
        logger.warning(QStringLiteral("SANDBOX OFF: sandbox.mode is none, so test code written "
                                      "by the model runs unconfined with this user's rights"),
                       extra);
    else if (!status.value(QLatin1String("confined")).toBool())
        logger.warning(QStringLiteral("no sandbox: %1; runs fail at their tests until bubblewrap "
                                      "works or sandbox.mode is set to none")
                           .arg(status.value(QLatin1String("reason")).toString()),
                       extra);
    else
        logger.info(QStringLiteral("test commands run sandboxed (bwrap, network %1)")
                        .arg(status.value(QLatin1String("network")).toBool()
                                 ? QStringLiteral("on")
                                 : QStringLiteral("off")),
                    extra);
}

} // namespace necrocode
