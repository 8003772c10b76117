// `necrocode-runner run`: runs one task (or, with --local --demo, the demo task set) and exits
// 0 when every run completed, 1 when one failed, 2 for bad input or configuration.
#pragma once

#include <QStringList>

namespace necrocode {

int runRunCommand(const QStringList &arguments);

} // namespace necrocode
