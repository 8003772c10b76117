// Timestamps of the Task Registry: accepted as epoch seconds or ISO-8601, stored as ISO-8601 UTC.
#pragma once

#include "core/Result.h"

#include <QJsonValue>
#include <QString>

namespace necrocode {

// Absent or null → now; a number → epoch seconds; a string → ISO-8601 (any offset) or epoch
// seconds. The error names `key`.
Result<QString> normalizeRegistryTimestamp(const QJsonValue &value, const QString &key);

} // namespace necrocode
