#include "logstore/Utf8Text.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace necrocode {

std::size_t encodeUtf8(QStringView text, char *out)
{
    const char16_t *p = text.utf16();
    const char16_t *end = p + text.size();
    char *o = out;
    while (p < end) {
#if defined(__SSE2__)
        while (end - p >= 8) {
            const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            if (_mm_movemask_epi8(_mm_cmpgt_epi16(units, _mm_set1_epi16(0x7f))) != 0 ||
                _mm_movemask_epi8(_mm_cmplt_epi16(units, _mm_setzero_si128())) != 0)
                break;
            _mm_storel_epi64(reinterpret_cast<__m128i *>(o), _mm_packus_epi16(units, units));
            o += 8;
            p += 8;
        }
        if (p == end)
            break;
#endif
        char32_t c = *p++;
        if (c < 0x80) {
            *o++ = static_cast<char>(c);
            continue;
        }
        o = encodeNonAscii(c, p, end, o);
    }
    return static_cast<std::size_t>(o - out);
}

bool isAscii(const char *bytes, std::size_t size)
{
    unsigned char seen = 0;
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, bytes + i, 8);
        if (word & 0x8080808080808080ULL)
            return false;
    }
    for (; i < size; ++i)
        seen |= static_cast<unsigned char>(bytes[i]);
    return (seen & 0x80) == 0;
}

} // namespace necrocode
