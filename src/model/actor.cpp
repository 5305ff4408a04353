#include "fengqiao/model/actor.hpp"

#include "fengqiao/core/error.hpp"
#include "fengqiao/core/text.hpp"

namespace fengqiao {

// Out of line so that translation units using a Roster do not each compile its members' copies.
Roster::Roster() = default;
Roster::Roster(const Roster&) = default;
Roster::Roster(Roster&&) noexcept = default;
Roster& Roster::operator=(const Roster&) = default;
Roster& Roster::operator=(Roster&&) noexcept = default;
Roster::~Roster() = default;

ActorId Roster::add(Actor actor) {
    for (const auto& [what, text] : {std::pair{"name", &actor.name}, std::pair{"code", &actor.code}}) {
        if (const auto at = first_non_utf8(*text); at != std::string_view::npos) {
            throw Exception(ErrorCode::invalid_argument, std::string("cannot register an actor whose ") + what +
                                                             " is not UTF-8 (byte " + std::to_string(at) +
                                                             "); convert it to UTF-8 first");
        }
    }
    if (!actor.jurisdiction.valid()) {
        throw Exception(ErrorCode::unknown_jurisdiction,
                        "cannot register actor '" + actor.name + "': it has no jurisdiction");
    }
    if (!is_enumerated(actor.role)) {
        // The authorization policies index their tables by role.
        throw Exception(ErrorCode::invalid_argument,
                        "cannot register actor '" + actor.name + "': role value " +
                            std::to_string(static_cast<int>(actor.role)) + " is not " + enum_expected<Role>());
    }
    if (!actor.code.empty() && by_code_.count(actor.code) != 0) {
        throw Exception(ErrorCode::invalid_argument, "cannot register actor '" + actor.name + "': code '" + actor.code +
                                                         "' is already used by '" +
                                                         actors_[by_code_[actor.code].index()].name + "'");
    }
    actor.id = ActorId::from_index(actors_.size());
    if (!actor.code.empty()) by_code_.emplace(actor.code, actor.id);
    const auto j = actor.jurisdiction.index();
    if (by_jurisdiction_.size() <= j) by_jurisdiction_.resize(j + 1);
    by_jurisdiction_[j].push_back(actor.id);
    actors_.push_back(std::move(actor));
    return actors_.back().id;
}

ActorId Roster::add(std::string name, Role role, JurisdictionId jurisdiction) {
    Actor a;
    a.name = std::move(name);
    a.role = role;
    a.jurisdiction = jurisdiction;
    return add(std::move(a));
}

const Actor& Roster::at(ActorId id) const {
    if (!contains(id)) {
        throw Exception(ErrorCode::unknown_actor, "unknown actor id " + std::to_string(id.value()) +
                                                      " (the roster has " + std::to_string(actors_.size()) +
                                                      " actors)");
    }
    return actors_[id.index()];
}

ActorId Roster::find_code(std::string_view code) const {
    const auto it = by_code_.find(std::string(code));
    return it == by_code_.end() ? ActorId{} : it->second;
}

const std::vector<ActorId>& Roster::at_jurisdiction(JurisdictionId j) const noexcept {
    static const std::vector<ActorId> none;
    return j.valid() && j.index() < by_jurisdiction_.size() ? by_jurisdiction_[j.index()] : none;
}

}  // namespace fengqiao
