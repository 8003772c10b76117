// `necrocode-runner logs FILE... [filters]`: loads JSON Lines log files, keeps the entries that
// match the filters and prints them as JSON lines, or only their number with --count.
#pragma once

#include <QStringList>

namespace necrocode {

// arguments[0] is the command's display name. Returns the process exit code: 0 on success,
// 2 for bad arguments or an unreadable file.
int runLogsCommand(const QStringList &arguments);

} // namespace necrocode
