// The log fields of a run's lifecycle (SPEC §3.1): a run started, a phase started or finished, a
// run finished. The agent runner writes them, and whoever rebuilds runs from a log (an attached
// worker's stream) reads them back here; the only place their keys are spelled.
#pragma once

#include "engine/RunSnapshot.h"

#include <QJsonObject>

#include <optional>
#include <variant>

namespace necrocode::run_event_fields {

struct RunStarted
{
    QString title;
    int timeoutSeconds = 0;
    QString branchName;

    friend bool operator==(const RunStarted &, const RunStarted &) = default;
};

struct PhaseChanged
{
    RunPhase phase = RunPhase::Validation;
    bool started = true; // false: the phase finished

    friend bool operator==(const PhaseChanged &, const PhaseChanged &) = default;
};

struct RunFinished
{
    bool success = false;
    double durationSeconds = 0;
    QString error;
    QString errorType;

    friend bool operator==(const RunFinished &, const RunFinished &) = default;
};

using RunEvent = std::variant<RunStarted, PhaseChanged, RunFinished>;

QJsonObject write(const RunEvent &event);
// The event when `fields` are those of one; entries written before the codec existed read the
// same.
std::optional<RunEvent> read(const QJsonObject &fields);

} // namespace necrocode::run_event_fields
