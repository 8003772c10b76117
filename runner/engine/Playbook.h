// A playbook: the named steps a runner executes in the workspace to check a task's work (the
// test step among them). Read from YAML by PlaybookLoader; run by PlaybookRunner.
#pragma once

#include "core/Result.h"
#include "engine/PlaybookCondition.h"

#include <QList>
#include <QString>

#include <optional>

namespace necrocode {

struct PlaybookStep
{
    QString name;
    QString command;                            // a shell command line with {{variables}}
    std::optional<PlaybookCondition> condition; // `if:`; the step runs only when it holds
    QString elseCommand; // runs instead when the condition does not hold; empty: skip the step
    QString forEach;     // a list variable: the command runs once per element, as {{item}}
    std::optional<int> timeoutSeconds; // unset: the runner's default step timeout
    int retries = 0;                   // extra attempts after a failure
    double retryDelaySeconds = 0;
    bool continueOnError = false; // a failure is reported but fails neither the run nor stops it
    int line = 0;                 // where the step starts in its file, 1-based; 0 when unknown
};

struct Playbook
{
    QString name;
    QString source; // the file it was read from, for messages
    QList<PlaybookStep> steps;

    // Every step has a unique name and a command; every {{variable}} is known (`item` only in a
    // for_each step, which must name a list variable). Errors name the step and its line.
    Status validate() const;
};

} // namespace necrocode
