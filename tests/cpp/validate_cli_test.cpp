// fengqiao validate: county and scenario files are checked and described, or the first problem named
// once, with its JSON path.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using fengqiao::fixtures::run_cli;
using fengqiao::fixtures::TempDir;

namespace {

const std::string source_dir = FENGQIAO_SOURCE_DIR;

std::size_t occurrences(const std::string& text, const std::string& word) {
    std::size_t n = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size())) ++n;
    return n;
}

}  // namespace

TEST(ValidateCli, CountyAndScenarioFilesAreDescribed) {
    TempDir dir;
    const auto run = run_cli("validate data/xiangyuan.json data/scenarios/xiangyuan.json", dir, source_dir);
    ASSERT_EQ(run.status, 0) << run.err;
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 2u) << run.out;
    EXPECT_EQ(lines[0].rfind("data/xiangyuan.json: OK — 襄垣县: 254 jurisdictions", 0), 0u) << lines[0];
    EXPECT_EQ(lines[1].rfind("data/scenarios/xiangyuan.json: OK — scenario '", 0), 0u) << lines[1];
    EXPECT_NE(lines[1].find("365 days from 2025-01-01, on 襄垣县: 254 jurisdictions"), std::string::npos) << lines[1];
}

TEST(ValidateCli, AProblemIsNamedOnceWithItsPathAndNothingIsCalledOk) {
    TempDir dir;
    const std::string scenario = fengqiao::fixtures::xiangyuan_scenario_with(source_dir, "reject", "1.5");
    ASSERT_FALSE(scenario.empty());
    fengqiao::fixtures::write_bytes(dir.file("what-if.json"), scenario);
    fengqiao::fixtures::write_bytes(dir.file("broken.json"), "{\"format\": ");

    const auto run = run_cli("validate what-if.json broken.json missing.json", dir, dir.path().string());
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("what-if.json: invalid: /reject: expected a probability from 0 to 1, got 1.5\n"),
              std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("broken.json: invalid: line 1, column"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("missing.json: cannot read"), std::string::npos) << run.err;
    EXPECT_EQ(occurrences(run.err, "what-if.json"), 1u) << run.err;
    EXPECT_EQ(occurrences(run.err, "broken.json"), 1u) << run.err;
}

TEST(ValidateCli, AFileOfNeitherFormatIsNotMistakenForACountyFile) {
    TempDir dir;
    const std::string scenario =
        fengqiao::fixtures::xiangyuan_scenario_with(source_dir, "format", "\"fengqiao-scenaro/1\"");
    ASSERT_FALSE(scenario.empty());
    fengqiao::fixtures::write_bytes(dir.file("typo.json"), scenario);

    const auto run = run_cli("validate typo.json", dir, dir.path().string());
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err,
              "typo.json: invalid: /format: expected \"fengqiao-county/1\" (a county file) or "
              "\"fengqiao-scenario/1\" (a scenario file), got \"fengqiao-scenaro/1\"\n");
}

TEST(ValidateCli, ADirectoryOrARepeatedKeyIsNamedAndTheNextFileIsStillChecked) {
    TempDir dir;
    std::filesystem::create_directory(dir.file("folder"));
    fengqiao::fixtures::write_bytes(dir.file("twice.json"),
                                    R"({"format": "fengqiao-county/1", "format": "fengqiao-scenario/1"})");
    const std::string county = std::string(source_dir) + "/data/xiangyuan.json";

    const auto run = run_cli("validate folder twice.json " + county, dir, dir.path().string());
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("folder: cannot read 'folder': it is a directory"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("twice.json: invalid: /format: the key 'format' appears twice"), std::string::npos)
        << run.err;
    EXPECT_NE(run.out.find("xiangyuan.json: OK"), std::string::npos) << run.out;
}
