/// @file text.hpp
/// @brief Checking that text is UTF-8, as every text the library stores and exports must be.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace fengqiao {

namespace detail {
// The length of the well-formed UTF-8 sequence (RFC 3629) that starts at @p p, of which @p available
// bytes may be read: 1 for ASCII, 2 to 4 for the rest, 0 if the bytes there are not UTF-8.
[[nodiscard]] inline std::size_t utf8_length(const unsigned char* p, std::size_t available) noexcept {
    const auto in = [&](std::size_t i, unsigned lo, unsigned hi) { return i < available && p[i] >= lo && p[i] <= hi; };
    const unsigned b = p[0];
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (b == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (b == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;  // no surrogates
    if (b == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (b >= 0xF1 && b <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (b == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;  // to U+10FFFF
    return 0;
}
}  // namespace detail

/// The offset of the first byte of @p text that does not begin a well-formed UTF-8 sequence (RFC 3629:
/// no overlong forms, no surrogates, nothing above U+10FFFF), or std::string_view::npos if all of it
/// is UTF-8. Text in another encoding (GBK from an older system, say) is found at its first byte
/// above 0x7F.
[[nodiscard]] inline std::size_t first_non_utf8(std::string_view text) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: most text the engine checks (codes, notes, reasons) is ASCII.
        std::uint64_t word = 0;
        while (i + sizeof word <= n && (std::memcpy(&word, p + i, sizeof word), (word & 0x8080808080808080ull) == 0)) {
            i += sizeof word;
        }
        if (i == n) break;
        const std::size_t len = detail::utf8_length(p + i, n - i);
        if (len == 0) return i;
        i += len;
    }
    return std::string_view::npos;
}

}  // namespace fengqiao
