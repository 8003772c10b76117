// A fixture of check_unique_types.cmake: the same struct as runner/Request.h, larger.
#pragma once

namespace necrocode {

struct ChatRequest
{
    int a = 0;
    int b = 0;
};

class ChatRequest;

namespace other {
}

} // namespace necrocode
