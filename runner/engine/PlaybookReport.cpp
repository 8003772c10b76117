#include "engine/PlaybookReport.h"

namespace necrocode {

QString playbookStepStatusName(PlaybookStepStatus status)
{
    switch (status) {
    case PlaybookStepStatus::Succeeded:
        return QStringLiteral("succeeded");
    case PlaybookStepStatus::Failed:
        return QStringLiteral("failed");
    case PlaybookStepStatus::Skipped:
        return QStringLiteral("skipped");
    case PlaybookStepStatus::NotRun:
        return QStringLiteral("not_run");
    case PlaybookStepStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("not_run");
}

TestResult PlaybookReport::testResult() const
{
    TestResult result;
    result.success = success;
    result.totalDurationSeconds = durationSeconds;
    for (const PlaybookStepReport &step : steps)
        result.results += step.runs;
    return result;
}

const PlaybookStepReport *PlaybookReport::step(const QString &name) const
{
    for (const PlaybookStepReport &report : steps)
        if (report.name == name)
            return &report;
    return nullptr;
}

} // namespace necrocode
