// `necrocode-runner serve`: the long-lived headless worker (see ServeWorker).
#pragma once

#include <QStringList>

namespace necrocode {

int runServeCommand(const QStringList &arguments);

} // namespace necrocode
