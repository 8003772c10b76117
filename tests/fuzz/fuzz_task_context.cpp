// Any bytes as a task context (a task file, a registry's task) or, with the first byte odd, as a
// runner configuration in JSON. Neither reader may crash. A task context that is accepted must
// come back unchanged through its own JSON; a configuration that is accepted must come back
// unchanged when every key's value is applied again to a fresh configuration.
#include "core/ConfigLoader.h"
#include "core/JsonFields.h"
#include "core/TaskContext.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace necrocode;

namespace {

[[noreturn]] void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "%s: %s\n", what, qPrintable(detail));
    std::abort();
}

void checkTaskContext(const QByteArray &bytes)
{
    const Result<TaskContext> task = TaskContext::fromJsonBytes(bytes);
    if (!task)
        return;
    const Result<TaskContext> again = TaskContext::fromJson(task->toJson());
    if (!again)
        fail("a task context does not read its own JSON back", again.errorMessage());
    if (!(*again == *task))
        fail("a task context changed through its own JSON", task->taskId);
}

void checkConfig(const QByteArray &bytes)
{
    const auto object = json::parseObject(bytes, QStringLiteral("configuration"));
    if (!object)
        return;
    RunnerConfig config;
    if (!ConfigLoader::applyJson(config, *object, QStringLiteral("fuzz")))
        return;
    RunnerConfig copy;
    for (const ConfigKey &key : ConfigLoader::keys()) {
        if (key.kind == ConfigKey::Kind::SecretFile || !key.get)
            continue;
        const QJsonValue value = key.get(config);
        if (const Status applied =
                ConfigLoader::applyValue(copy, key, value, QStringLiteral("copy"));
            !applied)
            fail("a configuration refuses its own value", applied.errorMessage());
    }
    for (const ConfigKey &key : ConfigLoader::keys()) {
        if (key.kind != ConfigKey::Kind::SecretFile && key.get && key.get(copy) != key.get(config))
            fail("a configuration value changed when applied again", key.name);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (data[0] % 2 == 1)
        checkConfig(bytes);
    else
        checkTaskContext(bytes);
    return 0;
}
