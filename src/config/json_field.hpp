// Reading JSON with the JSON pointer of every value at hand, so each error names where it is.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/error.hpp"
#include "fengqiao/core/time.hpp"

namespace fengqiao::config {

using Json = nlohmann::json;

/// A key given twice in one object: the JSON pointer of the second and the key.
struct DuplicateKey {
    std::string pointer;  ///< where the repeated key sits
    std::string key;      ///< the key
    /// What to tell the user.
    [[nodiscard]] std::string message() const {
        return "the key '" + key + "' appears twice in the same object (a repeat would silently replace the first)";
    }
};

/// Parses @p text, refusing an object that gives a key twice (DuplicateKey); syntax errors are
/// nlohmann's parse_error. A well-formed document is read by read_well_formed(); anything else by
/// nlohmann's parser, which names what is wrong.
Json parse_strict(std::string_view text);

/// Reads @p text into @p out if it is a document that read_well_formed() takes: well-formed JSON with
/// no key repeated in an object, no backslash-u escape, and integers of at most 18 digits. The value is then
/// the one nlohmann's parser builds. Returns false, with @p out unspecified, for anything else
/// (parse_strict() then reads it with nlohmann's parser).
bool read_well_formed(std::string_view text, Json& out);

/// What nlohmann's parse error says is wrong, without its exception name and position.
std::string syntax_problem(const Json::parse_error& e);

/// The whole file at @p path. Throws StorageError "cannot read <what>'<path>': <reason>" (a NUL in the
/// path, a directory, or the system's reason); @p what is e.g. "county file " or empty.
std::string read_text_file(const std::string& path, const std::string& what);

/// Parses @p text; a syntax error becomes a ConfigError with line and column, a repeated key a
/// ConfigError at its JSON pointer.
Json parse_json(std::string_view text, const std::string& source);

/// A JSON value and where it sits in the document.
///
/// The JSON pointer is worked out only when an error needs it (by finding the value in its document),
/// so reading a large file builds no pointer for the values that are fine.
class Field {
public:
    /// The whole document @p root, which must outlive every Field read from it; errors name pointers
    /// under @p base ("" for a file of its own) and add "(in <source>)" when @p source is given.
    Field(const Json& root, std::string base, const std::string* source)
        : value_(&root), root_(&root), base_(std::move(base)), source_(source) {}

    /// The JSON pointer of this value ("" for the document itself).
    [[nodiscard]] std::string path() const;
    [[nodiscard]] const Json& json() const noexcept { return *value_; }

    /// Throws ConfigError at this value's path.
    [[noreturn]] void fail(const std::string& message) const;

    /// Requires an object whose keys are all in @p allowed ("note" is always allowed, for comments).
    const Field& object(std::initializer_list<std::string_view> allowed) const;
    /// A required member of an object.
    [[nodiscard]] Field at(std::string_view key) const;
    /// An optional member of an object.
    [[nodiscard]] std::optional<Field> find(std::string_view key) const;
    /// The elements of an array.
    [[nodiscard]] std::vector<Field> elements() const;
    /// The members of an object, in document order of the parser (name, value).
    [[nodiscard]] std::vector<std::pair<std::string, Field>> members() const;

    [[nodiscard]] std::string text() const;
    [[nodiscard]] bool boolean() const;
    [[nodiscard]] std::int64_t integer(std::int64_t min, std::int64_t max) const;
    [[nodiscard]] CivilDate date() const;

    /// A canonical enum name.
    template <class E>
    [[nodiscard]] E name() const {
        const std::string s = text();
        if (auto v = parse_enum<E>(s)) return *v;
        fail("unknown " + std::string(EnumNames<E>::kind) + " '" + s + "' (expected one of: " + enum_choices<E>() +
             ")");
    }

private:
    Field(const Field& parent, const Json& value)
        : value_(&value), root_(parent.root_), base_(parent.base_), source_(parent.source_) {}
    [[nodiscard]] std::string got() const;

    const Json* value_;
    const Json* root_;
    std::string base_;
    const std::string* source_;
};

}  // namespace fengqiao::config
