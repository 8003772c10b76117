// necrocode-runner: the headless runner. The first argument names a subcommand; each
// subcommand parses the rest of the command line itself.
#include "LogsCommand.h"
#include "RunCommand.h"
#include "ServeCommand.h"
#include "WorkersCommand.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

namespace {

struct Subcommand
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &arguments); // arguments[0] is "necrocode-runner <name>"
};

constexpr Subcommand kSubcommands[] = {
    {"run", "Run one task (or the demo task set with --local --demo) and exit",
     necrocode::runRunCommand},
    {"serve",
     "Take ready tasks from the Task Registry and run them until SIGTERM; serve /health, "
     "/metrics and /logs",
     necrocode::runServeCommand},
    {"logs", "Filter JSON Lines log files and print the matching entries",
     necrocode::runLogsCommand},
    {"workers", "List the fleet's workers as the Task Registry knows them from their heartbeats",
     necrocode::runWorkersCommand},
};

constexpr int kUsageError = 2;

void printUsage(std::FILE *out)
{
    std::fputs("Usage: necrocode-runner <command> [options]\n\nCommands:\n", out);
    for (const Subcommand &command : kSubcommands)
        std::fprintf(out, "  %-10s %s\n", command.name, command.summary);
    std::fputs("\nRun 'necrocode-runner <command> --help' for the options of a command.\n", out);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("necrocode-runner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NECROCODE_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        printUsage(stderr);
        return kUsageError;
    }
    const QString &name = arguments.at(1);
    if (name == QLatin1StringView("--help") || name == QLatin1StringView("-h") ||
        name == QLatin1StringView("help")) {
        printUsage(stdout);
        return 0;
    }
    if (name == QLatin1StringView("--version")) {
        std::printf("necrocode-runner %s\n", NECROCODE_VERSION);
        return 0;
    }
    for (const Subcommand &command : kSubcommands) {
        if (name == QLatin1StringView(command.name)) {
            QStringList rest = arguments.mid(2);
            rest.prepend(QStringLiteral("necrocode-runner ") + name);
            return command.run(rest);
        }
    }
    std::fprintf(stderr, "necrocode-runner: unknown command '%s'\n\n", qPrintable(name));
    printUsage(stderr);
    return kUsageError;
}
