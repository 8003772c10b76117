// What running a playbook produced: each step's status and the commands it ran, and the run as
// a TestResult.
#pragma once

#include "core/RunResults.h"

#include <QList>
#include <QString>

namespace necrocode {

enum class PlaybookStepStatus { Succeeded, Failed, Skipped, NotRun, Cancelled };

QString playbookStepStatusName(PlaybookStepStatus status);

struct PlaybookStepReport
{
    QString name;
    PlaybookStepStatus status = PlaybookStepStatus::NotRun;
    QList<SingleTestResult> runs; // one per command run (the last attempt of each)
    int attempts = 0;             // every attempt of every command, retries included
    bool continuedOnError = false;
    QString note; // why it was skipped, not run, or ran nothing

    friend bool operator==(const PlaybookStepReport &, const PlaybookStepReport &) = default;
};

struct PlaybookReport
{
    QString playbook;
    bool success = false;
    bool cancelled = false;
    QString error; // why the run failed as a whole (a failing step, the budget, cancel)
    QList<PlaybookStepReport> steps;
    double durationSeconds = 0;

    // Every command that ran, in order; success as the run's.
    TestResult testResult() const;
    const PlaybookStepReport *step(const QString &name) const;
};

} // namespace necrocode
