// `necrocode-runner logs FILE... [filters]`: streams JSON Lines log files (plain, gzip or
// standard input; several merged by time) through the filters and prints the matching entries
// as JSON lines, text or CSV, their number (--count) or their figures (--stats); --follow keeps
// printing what is written to a file later.
#pragma once

#include <QStringList>

namespace necrocode {

// arguments[0] is the command's display name. Returns the process exit code: 0 on success,
// 2 for bad arguments or a file that cannot be opened, 1 for a file that fails part-way.
int runLogsCommand(const QStringList &arguments);

} // namespace necrocode
