/// @file enum_names.hpp
/// @brief Stable text names (and Chinese display labels) for the library's enumerations.
///
/// Every enumeration that crosses a boundary (journal, JSON, CLI, Python) has one canonical ASCII name
/// per value, declared next to the enum by specialising EnumNames. The names are part of the file
/// formats: renaming one is a format change.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fengqiao {

/// Names of an enumeration's values, indexed by the underlying value.
///
/// Specialise with three members: `static constexpr std::string_view kind` (what the enum is called in
/// error messages), `static constexpr std::array<std::string_view, N> names` (ASCII, used in files) and
/// `static constexpr std::array<std::string_view, N> labels` (display labels, Chinese where the practice
/// uses Chinese terms).
template <class E>
struct EnumNames;

/// The canonical ASCII name of @p value, or "?" for a value outside the enumeration.
template <class E, class Names = EnumNames<E>>
[[nodiscard]] constexpr std::string_view to_string(E value) noexcept {
    const auto i = static_cast<std::size_t>(value);
    return i < Names::names.size() ? Names::names[i] : std::string_view{"?"};
}

/// True if @p value is one of the enumeration's values (a value cast from an integer may not be).
template <class E, class Names = EnumNames<E>>
[[nodiscard]] constexpr bool is_enumerated(E value) noexcept {
    return static_cast<std::size_t>(value) < Names::names.size();
}

/// The display label of @p value (Chinese where the practice uses Chinese terms).
template <class E, class Names = EnumNames<E>>
[[nodiscard]] constexpr std::string_view label(E value) noexcept {
    const auto i = static_cast<std::size_t>(value);
    return i < Names::labels.size() ? Names::labels[i] : std::string_view{"?"};
}

/// Parses a canonical name (as written by to_string()); returns nothing for an unknown name.
template <class E, class Names = EnumNames<E>>
[[nodiscard]] constexpr std::optional<E> parse_enum(std::string_view name) noexcept {
    for (std::size_t i = 0; i < Names::names.size(); ++i) {
        if (Names::names[i] == name) return static_cast<E>(i);
    }
    return std::nullopt;
}

/// Every value of an enumeration, in declaration order.
template <class E, class Names = EnumNames<E>>
[[nodiscard]] constexpr auto enum_values() noexcept {
    std::array<E, Names::names.size()> values{};
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<E>(i);
    return values;
}

/// The accepted names of an enumeration joined by ", " (for "expected one of ..." messages).
template <class E, class Names = EnumNames<E>>
[[nodiscard]] std::string enum_choices() {
    std::string out;
    for (auto n : Names::names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

/// @p noun with its indefinite article, for messages: "a role", "an outcome".
[[nodiscard]] inline std::string with_article(std::string_view noun) {
    const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(noun);
}

/// What a value of E must be, for messages that refuse one outside the enumeration:
/// "a role (expected one of: grid_worker, ...)".
template <class E, class Names = EnumNames<E>>
[[nodiscard]] std::string enum_expected() {
    return with_article(Names::kind) + " (expected one of: " + enum_choices<E, Names>() + ")";
}

}  // namespace fengqiao
