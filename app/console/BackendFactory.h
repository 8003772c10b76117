// Chooses and creates the backend the console runs on.
#pragma once

#include "ConsoleBackend.h"

#include <memory>

namespace necrocode {

struct BackendOptions
{
    RunnerConfig config;
    bool scripted = false; // the ScriptedBackend test double, whatever else is available
};

std::unique_ptr<ConsoleBackend> createConsoleBackend(const BackendOptions &options);

} // namespace necrocode
