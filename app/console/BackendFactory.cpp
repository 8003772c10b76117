#include "BackendFactory.h"

#include "EngineBackend.h"
#include "ScriptedBackend.h"

namespace necrocode {

// The engine with the embedded local services, unless the scripted test double is asked for.
std::unique_ptr<ConsoleBackend> createConsoleBackend(const BackendOptions &options)
{
    if (!options.scripted) {
        auto engine = std::make_unique<EngineBackend>(options.config);
        engine->start();
        return engine;
    }
    auto backend = std::make_unique<ScriptedBackend>();
    backend->applyConfig(options.config);
    return backend;
}

} // namespace necrocode
