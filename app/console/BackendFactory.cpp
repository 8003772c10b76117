#include "BackendFactory.h"

#include "ScriptedBackend.h"

namespace necrocode {

// The engine-backed backend is not part of the build yet, so every console runs on the
// ScriptedBackend for now; `options.scripted` keeps choosing it once the engine's is added.
std::unique_ptr<ConsoleBackend> createConsoleBackend(const BackendOptions &options)
{
    auto backend = std::make_unique<ScriptedBackend>();
    backend->applyConfig(options.config);
    return backend;
}

} // namespace necrocode
