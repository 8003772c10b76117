// Finds the raw text of a member in a JSON object text without parsing it, so that a value can
// be kept exactly as it was written.
#pragma once

#include <string_view>

namespace necrocode {

// The raw text of the last top-level member named `key` (written without escapes) in `json`,
// which must be a valid JSON object; empty when there is none.
std::string_view rawMemberValue(std::string_view json, std::string_view key);

} // namespace necrocode
