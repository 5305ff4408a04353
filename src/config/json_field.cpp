#include "json_field.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "../core/visible_path.hpp"

namespace fengqiao::config {
namespace {

std::string escape_pointer_token(std::string_view key) {
    if (key.find_first_of("~/") == std::string_view::npos) return std::string(key);
    std::string out;
    out.reserve(key.size() + 2);
    for (char ch : key) {
        if (ch == '~') {
            out += "~0";
        } else if (ch == '/') {
            out += "~1";
        } else {
            out += ch;
        }
    }
    return out;
}

// Builds the document from nlohmann's SAX events, refusing a key repeated in one object (the DOM
// parser would keep the last silently). Each value goes straight into its parent: an object's member
// is created by its key, so a repeat is found by looking the key up where it would go.
class StrictDocument {
public:
    explicit StrictDocument(Json& root) : root_(root) {}

    bool null() { return put(nullptr), true; }
    bool boolean(bool v) { return put(v), true; }
    bool number_integer(Json::number_integer_t v) { return put(v), true; }
    bool number_unsigned(Json::number_unsigned_t v) { return put(v), true; }
    bool number_float(Json::number_float_t v, const Json::string_t&) { return put(v), true; }
    bool string(Json::string_t& v) { return put(std::move(v)), true; }
    bool binary(Json::binary_t& v) { return put(Json::binary(std::move(v))), true; }
    bool start_object(std::size_t) { return open_.push_back({put(Json::value_t::object), nullptr}), true; }
    bool start_array(std::size_t) { return open_.push_back({put(Json::value_t::array), nullptr}), true; }
    bool end_object() { return open_.pop_back(), true; }
    bool end_array() { return open_.pop_back(), true; }
    bool key(Json::string_t& k) {
        Frame& f = open_.back();
        auto& members = f.value->get_ref<Json::object_t&>();
        const auto [it, added] = members.try_emplace(std::move(k));
        if (!added) throw DuplicateKey{pointer(it->first), it->first};
        f.key = &it->first;  // map keys stay where they are
        member_ = &it->second;
        return true;
    }
    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& e) {
        throw e;
    }

private:
    struct Frame {
        Json* value;
        const std::string* key;  // objects: the member being read
    };

    Json* put(Json&& v) {
        if (open_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Json& parent = *open_.back().value;
        if (parent.is_array()) {
            auto& elements = parent.get_ref<Json::array_t&>();
            elements.push_back(std::move(v));
            return &elements.back();
        }
        *member_ = std::move(v);
        return member_;
    }

    // The JSON pointer of @p last in the innermost open object.
    [[nodiscard]] std::string pointer(const std::string& last) const {
        std::string p;
        for (std::size_t i = 0; i + 1 < open_.size(); ++i) {
            const Frame& f = open_[i];
            p += '/';
            p += f.value->is_object() ? escape_pointer_token(*f.key) : std::to_string(f.value->size() - 1);
        }
        return p + "/" + escape_pointer_token(last);
    }

    Json& root_;
    std::vector<Frame> open_;
    Json* member_ = nullptr;
};

// Appends to @p out the pointer from @p node down to @p target; false if @p target is not under it.
bool pointer_to(const Json& node, const Json* target, std::string& out) {
    if (&node == target) return true;
    const std::size_t mark = out.size();
    if (node.is_object()) {
        for (const auto& [key, v] : node.get_ref<const Json::object_t&>()) {
            out += '/';
            out += escape_pointer_token(key);
            if (pointer_to(v, target, out)) return true;
            out.resize(mark);
        }
    } else if (node.is_array()) {
        const auto& elements = node.get_ref<const Json::array_t&>();
        for (std::size_t i = 0; i < elements.size(); ++i) {
            out += '/';
            out += std::to_string(i);
            if (pointer_to(elements[i], target, out)) return true;
            out.resize(mark);
        }
    }
    return false;
}

std::string type_name(const Json& v) {
    switch (v.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "an integer";
        case Json::value_t::number_float: return "a number";
        default: return "an unsupported value";
    }
}

}  // namespace

std::string read_text_file(const std::string& path, const std::string& what) {
    if (path.find('\0') != std::string::npos) {
        throw StorageError("cannot read " + what + detail::visible_nul(path) + ": the path holds a NUL character");
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw StorageError("cannot read " + what + "'" + path + "': it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw StorageError("cannot read " + what + "'" + path + "': " + std::strerror(errno));
    // Read in large blocks straight into the string (a file may grow or shrink meanwhile, so the
    // size is only a hint).
    std::string text;
    std::size_t used = 0;
    const auto hint = std::filesystem::file_size(path, ec);
    text.resize(ec ? std::size_t{1} << 16 : static_cast<std::size_t>(hint) + 1);
    while (in.read(text.data() + used, static_cast<std::streamsize>(text.size() - used)) || in.gcount() > 0) {
        used += static_cast<std::size_t>(in.gcount());
        if (used == text.size()) text.resize(text.size() * 2);
    }
    if (in.bad()) throw StorageError("cannot read " + what + "'" + path + "'");
    text.resize(used);
    return text;
}

Json parse_strict(std::string_view text) {
    Json root;
    StrictDocument document(root);
    Json::sax_parse(text.begin(), text.end(), &document);
    return root;
}

Json parse_json(std::string_view text, const std::string& source) {
    try {
        return parse_strict(text);
    } catch (const DuplicateKey& d) {
        throw ConfigError(d.pointer, d.message() + " (in " + source + ")");
    } catch (const Json::parse_error& e) {
        // nlohmann reports a byte offset; people look for lines.
        const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        const auto before = text.substr(0, at);
        const auto line = 1 + std::count(before.begin(), before.end(), '\n');
        const auto nl = before.rfind('\n');
        const auto column = at - (nl == std::string_view::npos ? 0 : nl + 1) + 1;
        std::string what = e.what();
        const auto colon = what.rfind(": ");
        throw ConfigError("", source + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                                  ": not valid JSON (" +
                                  (colon == std::string::npos ? what : what.substr(colon + 2)) + ")");
    }
}

std::string Field::path() const {
    std::string out = base_;
    (void)pointer_to(*root_, value_, out);
    return out;
}

void Field::fail(const std::string& message) const {
    const std::string where = path();
    throw ConfigError(where.empty() ? "/" : where, message + (source_ ? " (in " + *source_ + ")" : std::string()));
}

std::string Field::got() const {
    std::string out = type_name(*value_);
    if (value_->is_primitive() && !value_->is_null()) out += " " + value_->dump();
    return out;
}

const Field& Field::object(std::initializer_list<std::string_view> allowed) const {
    if (!value_->is_object()) fail("expected an object, got " + got());
    for (const auto& [key, v] : value_->items()) {
        if (key == "note") continue;
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        Field(*this, v).fail("unknown key '" + key + "' (expected: " + list + ", note)");
    }
    return *this;
}

Field Field::at(std::string_view key) const {
    if (!value_->is_object()) fail("expected an object, got " + got());
    const auto it = value_->find(std::string(key));
    if (it == value_->end()) fail("missing required field '" + std::string(key) + "'");
    return Field(*this, *it);
}

std::optional<Field> Field::find(std::string_view key) const {
    if (!value_->is_object()) fail("expected an object, got " + got());
    const auto it = value_->find(std::string(key));
    if (it == value_->end()) return std::nullopt;
    return Field(*this, *it);
}

std::vector<Field> Field::elements() const {
    if (!value_->is_array()) fail("expected an array, got " + got());
    std::vector<Field> out;
    out.reserve(value_->size());
    for (const Json& element : value_->get_ref<const Json::array_t&>()) out.push_back(Field(*this, element));
    return out;
}

std::vector<std::pair<std::string, Field>> Field::members() const {
    if (!value_->is_object()) fail("expected an object, got " + got());
    std::vector<std::pair<std::string, Field>> out;
    for (const auto& [key, v] : value_->items()) {
        if (key == "note") continue;
        out.emplace_back(key, Field(*this, v));
    }
    return out;
}

std::string Field::text() const {
    if (!value_->is_string()) fail("expected a string, got " + got());
    return value_->get<std::string>();
}

bool Field::boolean() const {
    if (!value_->is_boolean()) fail("expected true or false, got " + got());
    return value_->get<bool>();
}

std::int64_t Field::integer(std::int64_t min, std::int64_t max) const {
    if (!value_->is_number_integer()) fail("expected a whole number, got " + got());
    const auto v = value_->get<std::int64_t>();
    if (value_->is_number_unsigned() && value_->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
        fail("expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + got());
    }
    if (v < min || v > max) {
        fail("expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
             std::to_string(v));
    }
    return v;
}

CivilDate Field::date() const {
    const std::string s = text();
    if (auto d = parse_date(s)) return *d;
    fail("expected a date as YYYY-MM-DD, got \"" + s + "\"");
}

}  // namespace fengqiao::config
