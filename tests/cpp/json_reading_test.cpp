// Reading JSON documents (county and scenario files, exported journals): the quick reader for
// well-formed documents builds exactly the value nlohmann's parser builds, and leaves everything else
// to that parser, so errors keep their line, column and JSON pointer.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fengqiao/fengqiao.hpp>

#include "config/json_field.hpp"

namespace fengqiao {
namespace {

using config::Json;

std::string file(const std::string& relative) {
    std::ifstream in(std::string(FENGQIAO_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The value nlohmann's own parser gives, or nothing if it refuses the text.
std::optional<Json> reference(const std::string& text) {
    try {
        return Json::parse(text);
    } catch (const Json::parse_error&) {
        return std::nullopt;
    }
}

// Same value and same kinds of numbers all the way down (== would let 1 equal 1.0).
void expect_identical(const Json& a, const Json& b, const std::string& where = "") {
    ASSERT_EQ(a.type(), b.type()) << where;
    if (a.is_object()) {
        ASSERT_EQ(a.size(), b.size()) << where;
        for (auto it = a.begin(); it != a.end(); ++it) {
            ASSERT_TRUE(b.contains(it.key())) << where << "/" << it.key();
            expect_identical(it.value(), b.at(it.key()), where + "/" + it.key());
        }
    } else if (a.is_array()) {
        ASSERT_EQ(a.size(), b.size()) << where;
        for (std::size_t i = 0; i < a.size(); ++i) expect_identical(a[i], b[i], where + "/" + std::to_string(i));
    } else {
        ASSERT_EQ(a, b) << where;
    }
}

TEST(JsonReading, TheShippedFilesAreReadQuicklyAndAsNlohmannReadsThem) {
    for (const char* path : {"data/xiangyuan.json", "data/scenarios/xiangyuan.json", "data/scenarios/province.json"}) {
        const std::string text = file(path);
        ASSERT_FALSE(text.empty()) << path;
        Json quick;
        ASSERT_TRUE(config::read_well_formed(text, quick)) << path << " is left to the slow parser";
        expect_identical(quick, Json::parse(text), path);
    }
}

TEST(JsonReading, EveryKindOfValueComesOutAsNlohmannBuildsIt) {
    const std::vector<std::string> documents = {
        R"({"a": 1, "b": -2, "c": 0, "d": -0, "e": 0.5, "f": -1.25e3, "g": 1E+2, "h": 2e-3, "i": 123456789012345678})",
        R"([true, false, null, "", "x", [], {}, [[[]]], {"k": {"l": [1, {"m": null}]}}])",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t plain\"",
        "\"\xE8\xA5\x84\xE5\x9E\xA3\xE5\x8E\xBF \xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBF \x7F\"",
        " \t\r\n 42 \n",
        "-3",
        "1.7976931348623157e308",
        R"({"note": "keys in any order", "z": 1, "a": 2, "m": [3, 2, 1]})",
    };
    for (const auto& text : documents) {
        Json quick;
        ASSERT_TRUE(config::read_well_formed(text, quick)) << text;
        expect_identical(quick, Json::parse(text), text);
        expect_identical(config::parse_strict(text), Json::parse(text), text);
    }
}

TEST(JsonReading, WhatTheQuickReaderDoesNotTakeIsLeftToTheFullParser) {
    // Each of these is either refused by nlohmann (and so must reach it for its message) or valid but
    // outside the quick reader (a backslash-u escape, a long integer, a byte order mark).
    const std::vector<std::string> documents = {
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "01", "-", "1.", ".5", "1e",
        "+1", "tru", "nul", "[1 2]", "\"open", "\"tab\there\"", "\"\\x\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"",
        "12345678901234567890", "-12345678901234567890", "1e999", "{\"a\":1}x", "\xEF\xBB\xBF{}",
        "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE8\xA5\"", "\"\x80\"", "NaN", "[1]]",
        "{\"a\":1,\"a\":2}", "{\"k\":{\"a\":[],\"a\":{}}}",
    };
    for (const auto& text : documents) {
        Json quick;
        EXPECT_FALSE(config::read_well_formed(text, quick)) << text;
    }
}

TEST(JsonReading, ErrorsStillNameTheLineColumnAndPointer) {
    try {
        (void)config::parse_json("{\n  \"a\": 1,\n  \"b\": [1, 2,, 3]\n}", "test.json");
        FAIL() << "a syntax error was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("test.json: line 3, column 14: not valid JSON"), std::string::npos)
            << e.what();
    }
    // A number too large for a double is a syntax error like any other, with its place.
    try {
        (void)config::parse_json("{\n  \"population\": 1e400\n}", "test.json");
        FAIL() << "an overflowing number was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("test.json: line 2, column 21: not valid JSON (number overflow parsing "
                                             "'1e400')"),
                  std::string::npos)
            << e.what();
    }
    // The whole of nlohmann's explanation is kept, not its last few characters.
    try {
        (void)config::parse_json(R"({"a": NaN})", "test.json");
        FAIL() << "NaN was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("line 1, column 7: not valid JSON (syntax error while parsing value - "
                                             "invalid literal; last read: '\"a\": N')"),
                  std::string::npos)
            << e.what();
    }
    try {
        (void)config::parse_json(R"({"levels": {"village": {"success": 0.5, "success": 0.6}}})", "test.json");
        FAIL() << "a repeated key was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/levels/village/success"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("appears twice"), std::string::npos) << e.what();
    }
}

// Damaged copies of real documents: whenever the quick reader takes one, nlohmann must take it too
// and build the same value; whenever nlohmann refuses one, the quick reader must have refused it.
TEST(JsonReading, DamagedDocumentsAreNeverReadDifferently) {
    const std::vector<std::string> seeds = {
        file("data/scenarios/xiangyuan.json"),
        R"({"a": [1, -2, 3.5e-1, "x\"y\u00e9", true, null], "b": {"c": {}, "d": []}, "e": "襄垣"})",
    };
    const std::string alphabet = "{}[]\":,.-+eE0123456789 \\/nutrfalse\x80\xC3\xA9\xE8\xF0\t\n";
    std::mt19937 rng(20251130);
    int taken = 0, refused = 0;
    for (int round = 0; round < 4000; ++round) {
        std::string text = seeds[static_cast<std::size_t>(round) % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < edits; ++k) {
            const std::size_t at = rng() % (text.size() + 1);
            const char ch = alphabet[rng() % alphabet.size()];
            switch (rng() % 3) {
                case 0: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), ch); break;
                case 1:
                    if (at < text.size()) text.erase(at, 1);
                    break;
                default:
                    if (at < text.size()) text[at] = ch;
                    break;
            }
        }
        Json quick;
        const bool fast = config::read_well_formed(text, quick);
        const auto slow = reference(text);
        if (fast) {
            ++taken;
            ASSERT_TRUE(slow.has_value()) << "taken but invalid: " << text;
            expect_identical(quick, *slow, text);
        } else {
            ++refused;
        }
        if (!slow) {
            ASSERT_FALSE(fast) << text;
        }
    }
    // Both sides were exercised.
    EXPECT_GT(taken, 100);
    EXPECT_GT(refused, 100);
}

}  // namespace
}  // namespace fengqiao
