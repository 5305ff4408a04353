#include "fengqiao/lifecycle/diagram.hpp"

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "fengqiao/lifecycle/transition_table.hpp"

namespace fengqiao {
namespace {

// An edge of the drawing. Rows that share command, target and guard across (nearly) every open state
// are drawn once from the "any open state" node, so the picture stays readable.
struct Edge {
    bool from_start = false;
    bool from_any_open = false;
    State from = State::reported;
    State to = State::reported;
    bool internal = false;
    std::string label;
};

constexpr std::size_t open_state_count() {
    std::size_t n = 0;
    for (auto s : enum_values<State>()) n += is_open(s) ? 1 : 0;
    return n;
}

std::vector<Edge> edges() {
    using Key = std::tuple<CommandKind, bool, State, std::string_view>;
    std::map<Key, std::vector<const TransitionRow*>> groups;
    std::vector<Key> order;
    for (const auto& r : transition_table()) {
        Key k{r.command, r.internal, r.internal ? State::reported : r.to, r.guard};
        if (groups[k].empty()) order.push_back(k);
        groups[k].push_back(&r);
    }
    std::vector<Edge> out;
    for (const auto& k : order) {
        const auto& rows = groups[k];
        std::string label(to_string(std::get<0>(k)));
        if (!std::get<3>(k).empty()) label += " [" + std::string(std::get<3>(k)) + "]";
        // "Nearly every": one open state may have its own row for the command (mediating + expire).
        if (rows.size() + 1 >= open_state_count() && !rows.front()->initial) {
            Edge e;
            e.from_any_open = true;
            e.internal = std::get<1>(k);
            e.to = std::get<2>(k);
            e.label = label + (e.internal ? " (stays)" : "");
            out.push_back(e);
            continue;
        }
        for (const auto* r : rows) {
            Edge e;
            e.from_start = r->initial;
            e.from = r->from;
            e.to = r->to;
            e.internal = r->internal;
            e.label = label;
            out.push_back(e);
        }
    }
    return out;
}

std::string node(State s) { return std::string(to_string(s)); }

}  // namespace

std::string lifecycle_dot() {
    std::string out =
        "digraph lifecycle {\n"
        "  rankdir=LR;\n"
        "  node [shape=box, style=rounded, fontname=\"Noto Sans CJK SC, sans-serif\"];\n"
        "  edge [fontname=\"sans-serif\", fontsize=10];\n"
        "  start [shape=point, width=0.15, label=\"\"];\n"
        "  any_open [shape=note, style=dashed, label=\"any open state\"];\n";
    for (auto s : enum_values<State>()) {
        out += "  " + node(s) + " [label=\"" + node(s) + "\\n" + std::string(label(s)) + "\"" +
               (is_final(s) ? ", peripheries=2" : "") + "];\n";
    }
    for (const auto& e : edges()) {
        const std::string from = e.from_start ? "start" : e.from_any_open ? "any_open" : node(e.from);
        const std::string to = e.internal ? from : node(e.to);
        out += "  " + from + " -> " + to + " [label=\"" + e.label + "\"" + (e.internal ? ", style=dotted" : "") +
               "];\n";
    }
    out += "}\n";
    return out;
}

std::string lifecycle_mermaid() {
    std::string out = "stateDiagram-v2\n";
    out += "  state \"any open state\" as any_open\n";
    for (auto s : enum_values<State>()) {
        out += "  state \"" + node(s) + " " + std::string(label(s)) + "\" as " + node(s) + "\n";
    }
    for (const auto& e : edges()) {
        const std::string from = e.from_start ? "[*]" : e.from_any_open ? "any_open" : node(e.from);
        const std::string to = e.internal ? from : node(e.to);
        out += "  " + from + " --> " + to + " : " + e.label + "\n";
    }
    for (auto s : enum_values<State>()) {
        if (is_final(s)) out += "  " + node(s) + " --> [*]\n";
    }
    return out;
}

}  // namespace fengqiao
