// A file path as messages show it: quoted, with a NUL character written as \0. A raw NUL would cut the
// message short wherever it is read as a C string (and in Python).
#pragma once

#include <string>

namespace fengqiao::detail {

inline std::string visible_nul(const std::string& path) {
    std::string out = "'";
    for (char ch : path) {
        if (ch == '\0') {
            out += "\\0";
        } else {
            out += ch;
        }
    }
    return out + "'";
}

}  // namespace fengqiao::detail
