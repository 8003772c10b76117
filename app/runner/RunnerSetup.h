// What the `run` and `serve` commands share: the configuration options of the command line,
// the process's logging (JSON lines on stdout, optional rotating file, secrets masked) and the
// optional embedded local service stack.
#pragma once

#include "core/RunnerConfig.h"
#include "log/LogDispatcher.h"

#include <QCommandLineParser>

#include <memory>
#include <optional>

namespace necrocode {

class LocalServiceStack;
struct ExecutionMetrics;

// Adds --config, --set, the service URL flags, --llm-* and --log-level.
void addConfigOptions(QCommandLineParser &parser);
// Builds the configuration from file, environment and the parsed options (command line wins).
Result<RunnerConfig> configFromOptions(const QCommandLineParser &parser);

// Logging for a headless process: a dispatcher with the configured threshold, a masker that knows
// the configuration's secrets, JSON lines on stdout and the configured log file.
Result<std::shared_ptr<LogDispatcher>> makeProcessLogging(const RunnerConfig &config);

// Prints a finished run's metrics summary on stderr and, when metrics.dir is set, writes its
// metrics JSON file there (a failure to write is reported on stderr).
void reportRunMetrics(const ExecutionMetrics &metrics, const RunnerConfig &config);

// Adds --local, --demo (described by `demoHelp`) and --data-dir.
void addLocalServiceOptions(QCommandLineParser &parser, const QString &demoHelp);
// --demo without --local is refused.
Status checkLocalServiceOptions(const QCommandLineParser &parser);
// With --local: starts the local services (see startLocalServices); without: null.
Result<std::unique_ptr<LocalServiceStack>>
startLocalServicesIfAsked(const QCommandLineParser &parser, RunnerConfig &config);

// Starts the local services (blocking until they listen) and points every empty service URL of
// `config` at them.
Result<std::unique_ptr<LocalServiceStack>> startLocalServices(RunnerConfig &config, bool demo,
                                                              const QString &dataDirectory);

} // namespace necrocode
