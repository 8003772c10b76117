#include "engine/RunEventFields.h"

namespace necrocode::run_event_fields {

namespace {

const QString kEvent = QStringLiteral("event");
const QString kTaskStarted = QStringLiteral("task_started");
const QString kTaskFinished = QStringLiteral("task_finished");
const QString kPhaseStart = QStringLiteral("start");
const QString kPhaseEnd = QStringLiteral("end");
const QString kTitle = QStringLiteral("title");
const QString kTimeout = QStringLiteral("timeout_seconds");
const QString kBranch = QStringLiteral("branch_name");
const QString kPhase = QStringLiteral("phase");
const QString kDuration = QStringLiteral("duration_seconds");
const QString kSuccess = QStringLiteral("success");
const QString kError = QStringLiteral("error");
const QString kErrorType = QStringLiteral("error_type");

QJsonObject fieldsOf(const RunStarted &e)
{
    return {{kEvent, kTaskStarted},
            {kTitle, e.title},
            {kTimeout, e.timeoutSeconds},
            {kBranch, e.branchName}};
}

QJsonObject fieldsOf(const PhaseChanged &e)
{
    return {{kPhase, runPhaseName(e.phase)}, {kEvent, e.started ? kPhaseStart : kPhaseEnd}};
}

QJsonObject fieldsOf(const RunFinished &e)
{
    return {{kEvent, kTaskFinished},
            {kDuration, e.durationSeconds},
            {kSuccess, e.success},
            {kError, e.error},
            {kErrorType, e.errorType}};
}

} // namespace

QJsonObject write(const RunEvent &event)
{
    return std::visit([](const auto &e) { return fieldsOf(e); }, event);
}

std::optional<RunEvent> read(const QJsonObject &fields)
{
    const QString event = fields.value(kEvent).toString();
    if (event == kTaskStarted)
        return RunStarted{fields.value(kTitle).toString(), fields.value(kTimeout).toInt(),
                          fields.value(kBranch).toString()};
    if (event == kTaskFinished)
        return RunFinished{fields.value(kSuccess).toBool(), fields.value(kDuration).toDouble(),
                           fields.value(kError).toString(), fields.value(kErrorType).toString()};
    if ((event == kPhaseStart || event == kPhaseEnd) && fields.contains(kPhase)) {
        const auto phase = parseRunPhase(fields.value(kPhase).toString());
        if (!phase)
            return std::nullopt;
        return PhaseChanged{*phase, event == kPhaseStart};
    }
    return std::nullopt;
}

} // namespace necrocode::run_event_fields
