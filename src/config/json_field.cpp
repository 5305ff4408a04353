#include "json_field.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include "../core/visible_path.hpp"
#include "fengqiao/core/text.hpp"

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
    // Every refusal is a parse_error with its position, a number too large for a double included
    // (nlohmann reports that one as out_of_range, without a position).
    template <class Exception>
    bool parse_error(std::size_t position, const std::string& /*last_token*/, const Exception& e) {
        if constexpr (std::is_same_v<Exception, Json::parse_error>) {
            throw e;
        } else {
            // "[json.exception.out_of_range.406] number overflow parsing '1e400'": keep what it says.
            const std::string what = e.what();
            const auto named = what.find("] ");
            throw Json::parse_error::create(e.id, position, named == std::string::npos ? what : what.substr(named + 2),
                                            nullptr);
        }
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

// Reads the documents most files are, well-formed and plain, straight into their values (the county
// file in about half the instructions of nlohmann's parser, whose lexer copies a string byte by
// byte). It builds the value
// nlohmann's parser would build and gives up (false) at anything else, for that parser to read and,
// for a bad document, name what is wrong.
class WellFormedReader {
public:
    explicit WellFormedReader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    bool read(Json& out) {
        skip_space();
        if (!value(out, 0)) return false;
        skip_space();
        return p_ == end_;
    }

private:
    static constexpr int max_depth = 512;
    static constexpr std::size_t max_integer_digits = 18;  // below 10^18: no overflow to look for

    static bool digit(char c) noexcept { return c >= '0' && c <= '9'; }

    void skip_space() noexcept {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }

    bool value(Json& out, int depth) {
        if (p_ == end_ || depth > max_depth) return false;
        switch (*p_) {
            case '{': return object(out, depth);
            case '[': return array(out, depth);
            case '"': {
                std::string s;
                if (!string(s)) return false;
                out = std::move(s);
                return true;
            }
            case 't': return literal("true", 4, out, Json(true));
            case 'f': return literal("false", 5, out, Json(false));
            case 'n': return literal("null", 4, out, Json(nullptr));
            default: return number(out);
        }
    }

    bool literal(const char* word, std::size_t n, Json& out, Json v) {
        if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
        p_ += n;
        out = std::move(v);
        return true;
    }

    bool object(Json& out, int depth) {
        ++p_;  // '{'
        out = Json(Json::value_t::object);
        auto& members = out.get_ref<Json::object_t&>();
        skip_space();
        if (p_ != end_ && *p_ == '}') {
            ++p_;
            return true;
        }
        while (true) {
            if (p_ == end_ || *p_ != '"') return false;
            std::string key;
            if (!string(key)) return false;
            const auto [it, added] = members.try_emplace(std::move(key));
            if (!added) return false;  // a repeated key: the strict parser names it
            skip_space();
            if (p_ == end_ || *p_ != ':') return false;
            ++p_;
            skip_space();
            if (!value(it->second, depth + 1)) return false;
            skip_space();
            if (p_ == end_) return false;
            if (*p_ == '}') {
                ++p_;
                return true;
            }
            if (*p_ != ',') return false;
            ++p_;
            skip_space();
        }
    }

    bool array(Json& out, int depth) {
        ++p_;  // '['
        out = Json(Json::value_t::array);
        auto& elements = out.get_ref<Json::array_t&>();
        skip_space();
        if (p_ != end_ && *p_ == ']') {
            ++p_;
            return true;
        }
        while (true) {
            if (!value(elements.emplace_back(), depth + 1)) return false;
            skip_space();
            if (p_ == end_) return false;
            if (*p_ == ']') {
                ++p_;
                return true;
            }
            if (*p_ != ',') return false;
            ++p_;
            skip_space();
        }
    }

    bool string(std::string& out) {
        ++p_;  // '"'
        const char* run = p_;  // plain bytes not yet copied
        while (p_ != end_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                out.append(run, p_);
                ++p_;
                return true;
            }
            if (c < 0x20) return false;  // a control character must be escaped
            if (c < 0x80 && c != '\\') {
                ++p_;
                continue;
            }
            if (c >= 0x80) {
                const std::size_t n =
                    detail::utf8_length(reinterpret_cast<const unsigned char*>(p_), static_cast<std::size_t>(end_ - p_));
                if (n == 0) return false;
                p_ += n;
                continue;
            }
            out.append(run, p_);
            if (end_ - p_ < 2) return false;
            switch (p_[1]) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                default: return false;  // a code point (backslash-u) or a bad escape
            }
            p_ += 2;
            run = p_;
        }
        return false;
    }

    // The JSON number grammar, read as nlohmann reads it: an integer without a sign is unsigned, with
    // one signed; a fraction or exponent makes a double (strtod on the token).
    bool number(Json& out) {
        const char* start = p_;
        const bool negative = *p_ == '-';
        if (negative) ++p_;
        if (p_ == end_ || !digit(*p_)) return false;
        if (*p_ == '0') {
            ++p_;
        } else {
            while (p_ != end_ && digit(*p_)) ++p_;
        }
        const char* integer_end = p_;
        bool fractional = false;
        if (p_ != end_ && *p_ == '.') {
            fractional = true;
            ++p_;
            if (p_ == end_ || !digit(*p_)) return false;
            while (p_ != end_ && digit(*p_)) ++p_;
        }
        if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
            fractional = true;
            ++p_;
            if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (p_ == end_ || !digit(*p_)) return false;
            while (p_ != end_ && digit(*p_)) ++p_;
        }
        if (!fractional) {
            const char* digits = start + (negative ? 1 : 0);
            if (static_cast<std::size_t>(integer_end - digits) > max_integer_digits) return false;
            std::uint64_t v = 0;
            for (const char* d = digits; d != integer_end; ++d) v = v * 10 + static_cast<std::uint64_t>(*d - '0');
            if (negative) {
                out = Json(static_cast<Json::number_integer_t>(-static_cast<std::int64_t>(v)));
            } else {
                out = Json(static_cast<Json::number_unsigned_t>(v));
            }
            return true;
        }
        char token[64];
        const auto n = static_cast<std::size_t>(p_ - start);
        if (n >= sizeof token) return false;
        std::memcpy(token, start, n);
        token[n] = '\0';
        char* parsed_to = nullptr;
        const double v = std::strtod(token, &parsed_to);
        // A locale whose decimal point is not '.', or a number too large for a double (nlohmann's
        // parser refuses it).
        if (parsed_to != token + n || !std::isfinite(v)) return false;
        out = Json(static_cast<Json::number_float_t>(v));
        return true;
    }

    const char* p_;
    const char* end_;
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

bool read_well_formed(std::string_view text, Json& out) {
    return WellFormedReader(text).read(out);
}

Json parse_strict(std::string_view text) {
    Json root;
    if (read_well_formed(text, root)) return root;
    root = Json();
    StrictDocument document(root);
    Json::sax_parse(text.begin(), text.end(), &document);
    return root;
}

std::string syntax_problem(const Json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 8: syntax error while parsing
    // value - invalid literal; last read: '{"a": N'": the part after nlohmann's position.
    const std::string what = e.what();
    const auto position = what.find("parse error");
    const auto colon = position == std::string::npos ? std::string::npos : what.find(": ", position);
    return colon == std::string::npos ? what : what.substr(colon + 2);
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
        throw ConfigError("", source + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                                  ": not valid JSON (" + syntax_problem(e) + ")");
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
