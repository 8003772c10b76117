// A fixture of check_unique_types.cmake: the same struct as services/Request.h.
#pragma once

namespace necrocode {

struct ChatRequest
{
    int a = 0;
};

} // namespace necrocode
