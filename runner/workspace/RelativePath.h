// A file path the model names, checked before anything else sees it.
#pragma once

#include "core/Result.h"

#include <QString>

namespace necrocode {

// Normalises a relative path ("./a//b" → "a/b") or explains why it is not allowed (error kind
// "parse"): absolute, drive-letter, "..", ".git" components (also as ".git " or ".git." and the
// short name "git~1", which git itself refuses), empty.
Result<QString> checkRelativePath(const QString &path);

} // namespace necrocode
