/// @file actor.hpp
/// @brief People and bodies who issue commands, each with a role and scoped to one jurisdiction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/ids.hpp"
#include "fengqiao/model/category.hpp"

namespace fengqiao {

/// What an actor does in the practice. Authorization decides per role which commands it may issue.
enum class Role : std::uint8_t {
    grid_worker,          ///< 网格员: finds and reports disputes
    peoples_mediator,     ///< 人民调解员 (or a named mediator studio)
    township_cadre,       ///< 乡镇干部
    judicial_office,      ///< 司法所
    police_station,       ///< 派出所
    court_tribunal,       ///< 人民法庭
    county_centre_staff,  ///< 县综治中心工作人员
    petition_office,      ///< 信访部门
    arbitrator,           ///< 劳动人事争议仲裁员
    auditor,              ///< 督查: reads everything, changes nothing
};

/// Names of Role values.
template <>
struct EnumNames<Role> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "role";
    /// Canonical names.
    static constexpr std::array<std::string_view, 10> names{
        "grid_worker",    "peoples_mediator",    "township_cadre",  "judicial_office", "police_station",
        "court_tribunal", "county_centre_staff", "petition_office", "arbitrator",      "auditor"};
    /// Display labels.
    static constexpr std::array<std::string_view, 10> labels{"网格员",   "人民调解员",   "乡镇干部", "司法所",
                                                              "派出所",   "人民法庭",     "综治中心", "信访部门",
                                                              "仲裁员",   "督查"};
};

/// True for roles that mediate cases (and so can be assigned to one).
[[nodiscard]] constexpr bool mediates(Role r) noexcept {
    switch (r) {
        case Role::peoples_mediator:
        case Role::township_cadre:
        case Role::judicial_office:
        case Role::police_station:
        case Role::court_tribunal:
        case Role::county_centre_staff:
        case Role::petition_office:
        case Role::arbitrator: return true;
        case Role::grid_worker:
        case Role::auditor: break;
    }
    return false;
}

/// A person or body that issues commands.
struct Actor {
    ActorId id;                   ///< dense id, 1-based in registration order
    std::string code;             ///< stable ASCII code, unique in the roster (empty: none); files refer to actors by it
    std::string name;             ///< UTF-8 name, e.g. "老杨调解工作室"
    Role role = Role::peoples_mediator;  ///< what the actor does
    JurisdictionId jurisdiction;  ///< the one jurisdiction the actor is scoped to
    CategorySet specialties = CategorySet::all();  ///< categories the actor mediates
    std::uint32_t capacity = 0;   ///< open cases the actor can carry at once (0 = no limit)
    bool body = false;            ///< true for an office or studio rather than one person
};

/// Everyone who can act on cases, indexed by id and by jurisdiction.
class Roster {
public:
    /// An empty Roster.
    Roster();
    /// Copies @p other.
    Roster(const Roster& other);
    /// Takes over @p other.
    Roster(Roster&& other) noexcept;
    /// Replaces this with a copy of @p other.
    Roster& operator=(const Roster& other);
    /// Replaces this with @p other's contents.
    Roster& operator=(Roster&& other) noexcept;
    /// Destroys the roster.
    ~Roster();

    /// Registers an actor (its id field is ignored and assigned) and returns its id.
    ActorId add(Actor actor);
    /// Convenience: registers a person with every specialty and no capacity limit.
    ActorId add(std::string name, Role role, JurisdictionId jurisdiction);

    /// Number of actors.
    [[nodiscard]] std::size_t size() const noexcept { return actors_.size(); }
    /// True if @p id names a registered actor.
    [[nodiscard]] bool contains(ActorId id) const noexcept { return id.valid() && id.index() < actors_.size(); }
    /// The actor @p id; throws fengqiao::Exception (unknown_actor) if there is none.
    [[nodiscard]] const Actor& at(ActorId id) const;
    /// The actor @p id without checking (precondition: contains(id)).
    [[nodiscard]] const Actor& operator[](ActorId id) const noexcept { return actors_[id.index()]; }
    /// The actor with code @p code, or none.
    [[nodiscard]] ActorId find_code(std::string_view code) const;
    /// Actors scoped exactly to @p j, in registration order.
    [[nodiscard]] const std::vector<ActorId>& at_jurisdiction(JurisdictionId j) const noexcept;
    /// All actors in id order.
    [[nodiscard]] const std::vector<Actor>& actors() const noexcept { return actors_; }

private:
    std::vector<Actor> actors_;
    std::vector<std::vector<ActorId>> by_jurisdiction_;
    std::unordered_map<std::string, ActorId> by_code_;
};

}  // namespace fengqiao
