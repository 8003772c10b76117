// The SQLite tables of the Task Registry; every statement may run again on an existing database.
#pragma once

#include <QStringList>

namespace necrocode {

QStringList taskRegistrySchema();

} // namespace necrocode
