/// @file diagram.hpp
/// @brief The lifecycle drawn from the transition table itself, as Graphviz DOT or Mermaid.
#pragma once

#include <string>

namespace fengqiao {

/// The lifecycle as a Graphviz digraph. Rows that every open state shares (withdraw, raise-risk,
/// expire) are drawn once, from a box labelled "any open state".
[[nodiscard]] std::string lifecycle_dot();

/// The lifecycle as a Mermaid stateDiagram-v2, with the same grouping as lifecycle_dot().
[[nodiscard]] std::string lifecycle_mermaid();

}  // namespace fengqiao
