/// @file jurisdiction.hpp
/// @brief The tree of administrative areas a case moves through: county, townships, villages, grid cells.
///
/// A case's level is data (its current jurisdiction), not a state of the lifecycle machine, so one
/// machine serves a three-level county and a six-level province alike.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/ids.hpp"

namespace fengqiao {

/// What kind of area a jurisdiction is.
enum class JurisdictionKind : std::uint8_t {
    province,          ///< 省
    city,              ///< 市 (prefecture-level city, e.g. Changzhi)
    county,            ///< 县 / 区 (e.g. Xiangyuan county)
    township,          ///< 乡
    town,              ///< 镇
    development_zone,  ///< 开发区 (economic development zone, administered like a township)
    subdistrict,       ///< 街道
    village,           ///< 村
    community,         ///< 社区 (urban residents' community)
    grid,              ///< 网格 (grid cell of a village or community)
};

/// Names of JurisdictionKind values.
template <>
struct EnumNames<JurisdictionKind> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "jurisdiction kind";
    /// Canonical names.
    static constexpr std::array<std::string_view, 10> names{
        "province", "city", "county", "township", "town", "development_zone", "subdistrict", "village",
        "community", "grid"};
    /// Display labels.
    static constexpr std::array<std::string_view, 10> labels{"省", "市", "县", "乡", "镇", "开发区",
                                                              "街道", "村", "社区", "网格"};
};

/// The tier a jurisdiction belongs to, for statistics such as "share resolved at or below township".
enum class Tier : std::uint8_t {
    village,   ///< villages, communities and their grid cells
    township,  ///< townships, towns, development zones, subdistricts
    county,    ///< the county and its one-stop centre
    city,      ///< prefecture-level city
    province,  ///< province
};

/// Names of Tier values.
template <>
struct EnumNames<Tier> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "tier";
    /// Canonical names.
    static constexpr std::array<std::string_view, 5> names{"village", "township", "county", "city", "province"};
    /// Display labels.
    static constexpr std::array<std::string_view, 5> labels{"村(社区)", "乡镇", "县", "市", "省"};
};

/// The tier of a jurisdiction kind.
[[nodiscard]] constexpr Tier tier_of(JurisdictionKind k) noexcept {
    switch (k) {
        case JurisdictionKind::province: return Tier::province;
        case JurisdictionKind::city: return Tier::city;
        case JurisdictionKind::county: return Tier::county;
        case JurisdictionKind::township:
        case JurisdictionKind::town:
        case JurisdictionKind::development_zone:
        case JurisdictionKind::subdistrict: return Tier::township;
        case JurisdictionKind::village:
        case JurisdictionKind::community:
        case JurisdictionKind::grid: break;
    }
    return Tier::village;
}

/// One node of the tree.
struct Jurisdiction {
    JurisdictionId id;      ///< dense id, 1-based in insertion order
    JurisdictionId parent;  ///< none for the root
    JurisdictionKind kind = JurisdictionKind::county;  ///< what kind of area
    std::uint16_t depth = 0;  ///< 0 for the root
    std::string code;         ///< ASCII code, unique in the tree (e.g. "140423-104")
    std::string name;         ///< UTF-8 name (e.g. "侯堡镇")
    std::uint32_t population = 0;  ///< residents, where known (0 = unknown); simulations scale arrivals by it
};

/// A tree of jurisdictions of any depth, with O(depth) ancestor and O(subtree) descendant lookups.
///
/// Nodes are added parent first and never removed; ids are dense so per-jurisdiction data can live in
/// plain vectors indexed by JurisdictionId::index().
class JurisdictionTree {
public:
    /// An empty JurisdictionTree.
    JurisdictionTree();
    /// Copies @p other.
    JurisdictionTree(const JurisdictionTree& other);
    /// Takes over @p other.
    JurisdictionTree(JurisdictionTree&& other) noexcept;
    /// Replaces this with a copy of @p other.
    JurisdictionTree& operator=(const JurisdictionTree& other);
    /// Replaces this with @p other's contents.
    JurisdictionTree& operator=(JurisdictionTree&& other) noexcept;
    /// Destroys the tree.
    ~JurisdictionTree();

    /// Adds a node under @p parent (pass a default JurisdictionId for the root) and returns its id.
    /// Throws fengqiao::Exception (unknown_jurisdiction) for an unknown parent, (invalid_argument) for a
    /// second root, an empty or duplicate code.
    JurisdictionId add(JurisdictionId parent, JurisdictionKind kind, std::string code, std::string name);
    /// Records the number of residents of @p id (used by simulations to scale arrival rates).
    void set_population(JurisdictionId id, std::uint32_t residents);

    /// Number of nodes.
    [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
    /// True if @p id names a node of this tree.
    [[nodiscard]] bool contains(JurisdictionId id) const noexcept {
        return id.valid() && id.index() < nodes_.size();
    }
    /// The node @p id; throws fengqiao::Exception (unknown_jurisdiction) if there is none.
    [[nodiscard]] const Jurisdiction& at(JurisdictionId id) const;
    /// The node @p id without checking (precondition: contains(id)).
    [[nodiscard]] const Jurisdiction& operator[](JurisdictionId id) const noexcept { return nodes_[id.index()]; }
    /// The node with ASCII code @p code, or none.
    [[nodiscard]] JurisdictionId find_code(std::string_view code) const;
    /// The root, or none for an empty tree.
    [[nodiscard]] JurisdictionId root() const noexcept {
        return nodes_.empty() ? JurisdictionId{} : JurisdictionId::from_index(0);
    }
    /// Direct children of @p id, in insertion order.
    [[nodiscard]] const std::vector<JurisdictionId>& children(JurisdictionId id) const;
    /// The parent of @p id (none for the root).
    [[nodiscard]] JurisdictionId parent(JurisdictionId id) const { return at(id).parent; }
    /// Ancestors of @p id from its parent up to the root. O(depth).
    [[nodiscard]] std::vector<JurisdictionId> ancestors(JurisdictionId id) const;
    /// True if @p ancestor is @p node or one of its ancestors. O(depth).
    [[nodiscard]] bool within(JurisdictionId node, JurisdictionId ancestor) const noexcept;
    /// @p root and all its descendants, parent before child. O(subtree).
    [[nodiscard]] std::vector<JurisdictionId> subtree(JurisdictionId root) const;
    /// The nearest ancestor-or-self of @p id whose tier is @p tier, or none.
    [[nodiscard]] JurisdictionId nearest_of_tier(JurisdictionId id, Tier tier) const noexcept;
    /// The tier of @p id.
    [[nodiscard]] Tier tier(JurisdictionId id) const {
        if (!contains(id)) (void)at(id);  // throws, naming the id
        return static_cast<Tier>(links_[id.index()].tier);
    }
    /// Names from the root down to @p id joined by " / ", e.g. "襄垣县 / 侯堡镇 / 东周村".
    [[nodiscard]] std::string path(JurisdictionId id) const;
    /// All nodes in id order.
    [[nodiscard]] const std::vector<Jurisdiction>& nodes() const noexcept { return nodes_; }

private:
    // What ancestor and tier lookups read, kept apart from the names so that a walk up a tree of
    // tens of thousands of nodes stays within a few cache lines.
    struct Link {
        std::uint32_t parent;  // parent's index + 1 (0: none)
        std::uint16_t depth;
        std::uint8_t tier;
    };
    std::vector<Jurisdiction> nodes_;
    std::vector<Link> links_;
    std::vector<std::vector<JurisdictionId>> children_;
    std::unordered_map<std::string, JurisdictionId> by_code_;
};

}  // namespace fengqiao
