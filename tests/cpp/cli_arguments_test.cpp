// The command line refuses arguments it cannot honour, with exit code 2 and a message naming them,
// instead of picking one silently.
#include <gtest/gtest.h>

#include <string>

#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using fengqiao::fixtures::run_cli;
using fengqiao::fixtures::TempDir;

namespace {
const std::string source_dir = FENGQIAO_SOURCE_DIR;
}  // namespace

TEST(CliArguments, TwoFormatsForOneDiagramAreRefused) {
    TempDir dir;
    const auto run = run_cli("diagram --dot --mermaid", dir);
    EXPECT_EQ(run.status, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("--dot and --mermaid ask for different formats"), std::string::npos) << run.err;
    EXPECT_EQ(run_cli("diagram --mermaid --mermaid", dir).status, 0);
}

TEST(CliArguments, VersionTakesNoArguments) {
    TempDir dir;
    const auto run = run_cli("version extra", dir);
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("unexpected 'extra'"), std::string::npos) << run.err;
    EXPECT_EQ(run_cli("version", dir).out.rfind("fengqiao ", 0), 0u);
}

TEST(CliArguments, ASeedOutsideItsRangeIsRefusedStatingTheRange) {
    TempDir dir;
    for (const char* seed : {"-1", "18446744073709551616", "one"}) {
        const auto run =
            run_cli(std::string("simulate --scenario data/scenarios/xiangyuan.json --days 1 --seed ") + seed, dir,
                    source_dir);
        EXPECT_EQ(run.status, 2) << seed;
        EXPECT_NE(run.err.find("--seed takes a whole number from 0 to 18446744073709551615, got '" + std::string(seed)),
                  std::string::npos)
            << run.err;
    }
}

TEST(CliArguments, ABadCountyFileIsNamedAsTheCountyFile) {
    TempDir dir;
    fengqiao::fixtures::write_bytes(dir.file("county.json"), "{\"format\": \"fengqiao-county/1\"}");
    fengqiao::fixtures::write_bytes(dir.file("commands.jsonl"), "");
    for (const std::string command : {"stats --db cases.db", "export --db cases.db", "replay --commands commands.jsonl"}) {
        const auto run = run_cli(command + " --county county.json", dir, dir.path().string());
        EXPECT_EQ(run.status, 1) << command;
        EXPECT_NE(run.err.find("the county file county.json is not valid: /: missing required field 'name'\n"),
                  std::string::npos)
            << command << ": " << run.err;
    }
}
