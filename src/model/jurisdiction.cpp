#include "fengqiao/model/jurisdiction.hpp"

#include <algorithm>

#include "fengqiao/core/error.hpp"
#include "fengqiao/core/text.hpp"

namespace fengqiao {

// Out of line so that translation units using a JurisdictionTree do not each compile its members' copies.
JurisdictionTree::JurisdictionTree() = default;
JurisdictionTree::JurisdictionTree(const JurisdictionTree&) = default;
JurisdictionTree::JurisdictionTree(JurisdictionTree&&) noexcept = default;
JurisdictionTree& JurisdictionTree::operator=(const JurisdictionTree&) = default;
JurisdictionTree& JurisdictionTree::operator=(JurisdictionTree&&) noexcept = default;
JurisdictionTree::~JurisdictionTree() = default;

JurisdictionId JurisdictionTree::add(JurisdictionId parent, JurisdictionKind kind, std::string code,
                                     std::string name) {
    for (const auto& [what, text] : {std::pair{"name", &name}, std::pair{"code", &code}}) {
        if (const auto at = first_non_utf8(*text); at != std::string_view::npos) {
            throw Exception(ErrorCode::invalid_argument, std::string("cannot add a jurisdiction whose ") + what +
                                                             " is not UTF-8 (byte " + std::to_string(at) +
                                                             "); convert it to UTF-8 first");
        }
    }
    if (parent.valid() && !contains(parent)) {
        throw Exception(ErrorCode::unknown_jurisdiction,
                        "cannot add jurisdiction '" + code + "': parent id " + std::to_string(parent.value()) +
                            " is not in the tree");
    }
    if (!parent.valid() && !nodes_.empty()) {
        throw Exception(ErrorCode::invalid_argument, "cannot add jurisdiction '" + code +
                                                         "' without a parent: the tree already has root '" +
                                                         nodes_.front().code + "'");
    }
    if (code.empty()) {
        throw Exception(ErrorCode::invalid_argument, "cannot add jurisdiction '" + name + "': its code is empty");
    }
    if (!is_enumerated(kind)) {
        throw Exception(ErrorCode::invalid_argument,
                        "cannot add jurisdiction '" + code + "': kind value " + std::to_string(static_cast<int>(kind)) +
                            " is not " + enum_expected<JurisdictionKind>());
    }
    if (by_code_.count(code) != 0) {
        throw Exception(ErrorCode::invalid_argument, "cannot add jurisdiction '" + name + "': code '" + code +
                                                         "' is already used by '" +
                                                         nodes_[by_code_[code].index()].name + "'");
    }
    const auto id = JurisdictionId::from_index(nodes_.size());
    Jurisdiction node;
    node.id = id;
    node.parent = parent;
    node.kind = kind;
    node.depth = parent.valid() ? static_cast<std::uint16_t>(nodes_[parent.index()].depth + 1) : 0;
    node.code = std::move(code);
    node.name = std::move(name);
    const Link link{parent.valid() ? static_cast<std::uint32_t>(parent.index() + 1) : 0u, node.depth,
                    static_cast<std::uint8_t>(tier_of(kind))};
    const std::string key = node.code;
    // Every table gets the node, or none does: an allocation failing half-way must not leave one
    // table a row longer than the others.
    try {
        by_code_.emplace(key, id);
        nodes_.push_back(std::move(node));
        links_.push_back(link);
        children_.emplace_back();
        if (parent.valid()) children_[parent.index()].push_back(id);
    } catch (...) {
        const std::size_t n = id.index();
        by_code_.erase(key);
        if (nodes_.size() > n) nodes_.resize(n);
        if (links_.size() > n) links_.resize(n);
        if (children_.size() > n) children_.resize(n);
        throw;
    }
    return id;
}

void JurisdictionTree::set_population(JurisdictionId id, std::uint32_t residents) {
    (void)at(id);
    nodes_[id.index()].population = residents;
}

const Jurisdiction& JurisdictionTree::at(JurisdictionId id) const {
    if (!contains(id)) {
        throw Exception(ErrorCode::unknown_jurisdiction,
                        "unknown jurisdiction id " + std::to_string(id.value()) + " (the tree has " +
                            std::to_string(nodes_.size()) + " jurisdictions)");
    }
    return nodes_[id.index()];
}

JurisdictionId JurisdictionTree::find_code(std::string_view code) const {
    auto it = by_code_.find(std::string(code));
    return it == by_code_.end() ? JurisdictionId{} : it->second;
}

const std::vector<JurisdictionId>& JurisdictionTree::children(JurisdictionId id) const {
    (void)at(id);
    return children_[id.index()];
}

std::vector<JurisdictionId> JurisdictionTree::ancestors(JurisdictionId id) const {
    std::vector<JurisdictionId> out;
    for (auto p = at(id).parent; p.valid(); p = nodes_[p.index()].parent) out.push_back(p);
    return out;
}

bool JurisdictionTree::within(JurisdictionId node, JurisdictionId ancestor) const noexcept {
    if (!contains(node) || !contains(ancestor)) return false;
    const auto target_depth = links_[ancestor.index()].depth;
    auto n = static_cast<std::uint32_t>(node.index());
    while (links_[n].depth > target_depth) n = links_[n].parent - 1;
    return n == ancestor.index();
}

std::vector<JurisdictionId> JurisdictionTree::subtree(JurisdictionId root_id) const {
    std::vector<JurisdictionId> out;
    std::vector<JurisdictionId> stack{root_id};
    (void)at(root_id);
    while (!stack.empty()) {
        const auto id = stack.back();
        stack.pop_back();
        out.push_back(id);
        const auto& kids = children_[id.index()];
        stack.insert(stack.end(), kids.rbegin(), kids.rend());
    }
    return out;
}

JurisdictionId JurisdictionTree::nearest_of_tier(JurisdictionId id, Tier wanted) const noexcept {
    for (auto n = id; contains(n); n = nodes_[n.index()].parent) {
        if (static_cast<Tier>(links_[n.index()].tier) == wanted) return n;
    }
    return {};
}

std::string JurisdictionTree::path(JurisdictionId id) const {
    std::vector<const std::string*> names;
    for (auto n = at(id).id; n.valid(); n = nodes_[n.index()].parent) names.push_back(&nodes_[n.index()].name);
    std::string out;
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
        if (!out.empty()) out += " / ";
        out += **it;
    }
    return out;
}

}  // namespace fengqiao
