// The lifecycle diagram is generated from the transition table, and the docs show the current one.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

TEST(Diagram, DotHasEveryStateAndEveryCommand) {
    const std::string dot = lifecycle_dot();
    EXPECT_EQ(dot.rfind("digraph lifecycle {", 0), 0u);
    for (auto s : enum_values<State>()) EXPECT_NE(dot.find(std::string(to_string(s)) + " [label="), std::string::npos);
    for (const auto& row : transition_table()) {
        EXPECT_NE(dot.find("label=\"" + std::string(to_string(row.command))), std::string::npos)
            << to_string(row.command);
    }
    EXPECT_NE(dot.find("failed -> accepted [label=\"escalate [escalation finds an ancestor]\"]"), std::string::npos);
    EXPECT_NE(dot.find("any_open -> withdrawn"), std::string::npos);
}

TEST(Diagram, MermaidMarksFinalStates) {
    const std::string m = lifecycle_mermaid();
    EXPECT_EQ(m.rfind("stateDiagram-v2", 0), 0u);
    EXPECT_NE(m.find("[*] --> reported : report"), std::string::npos);
    EXPECT_NE(m.find("closed --> [*]"), std::string::npos);
    EXPECT_EQ(m.find("mediating --> [*]"), std::string::npos);
}

TEST(Diagram, TheLifecyclePageShowsTheCurrentTable) {
    std::ifstream in(FENGQIAO_SOURCE_DIR "/docs/lifecycle.md");
    ASSERT_TRUE(in) << "docs/lifecycle.md is missing";
    std::stringstream page;
    page << in.rdbuf();
    EXPECT_NE(page.str().find("```mermaid\n" + lifecycle_mermaid() + "```"), std::string::npos)
        << "docs/lifecycle.md is out of date; regenerate its diagram with: fengqiao diagram --mermaid";
}
